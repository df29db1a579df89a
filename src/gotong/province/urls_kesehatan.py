"""Health-assessment URLs: the koperasi's own (mounted under ``/k/<kode>/kesehatan/`` by
``urls_koperasi``) and the Dinas's (mounted under ``/dinas/`` by ``urls``). Plain lists, so the
names join the including namespace: ``province_koperasi:kesehatan_*`` and ``province:kesehatan_*``."""

from django.urls import path

from gotong.province import views_kesehatan as v

koperasi_patterns = [
    path("", v.k_daftar, name="kesehatan_daftar"),
    path("<int:tahun>/", v.k_detail, name="kesehatan_detail"),
    path("<int:tahun>/pdf/", v.k_pdf, name="kesehatan_pdf"),
]

dinas_patterns = [
    path("kesehatan/", v.d_sebaran, name="kesehatan_sebaran"),
    path("kesehatan/sebaran.xlsx", v.d_sebaran_xlsx, name="kesehatan_sebaran_xlsx"),
    path("koperasi/<int:pk>/kesehatan/", v.d_koperasi, name="kesehatan_koperasi"),
    path("koperasi/<int:pk>/kesehatan/pdf/", v.d_koperasi_pdf, name="kesehatan_koperasi_pdf"),
]
