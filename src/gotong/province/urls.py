from django.urls import include, path

from gotong.province import urls_kesehatan, views, views_dasbor, views_ods, views_undangan

app_name = "province"

urlpatterns = [
    path("", views_dasbor.dasbor_view, name="dasbor"),
    path("dasbor.xlsx", views_dasbor.dasbor_excel, name="dasbor_excel"),
    path("dasbor.pdf", views_dasbor.dasbor_pdf_view, name="dasbor_pdf"),
    path("koperasi/", views.koperasi_list, name="koperasi_list"),
    path("koperasi/ekspor.xlsx", views.koperasi_export, name="koperasi_export"),
    path("koperasi/baru/", views.koperasi_baru, name="koperasi_baru"),
    path("koperasi/impor/", views.koperasi_impor, name="koperasi_impor"),
    path("koperasi/impor/templat.xlsx", views.impor_templat, name="impor_templat"),
    path("koperasi/<int:pk>/", views.koperasi_detail, name="koperasi_detail"),
    path("koperasi/<int:pk>/ubah/", views.koperasi_ubah, name="koperasi_ubah"),
    path("koperasi/<int:pk>/undangan/", views_undangan.undangan, name="undangan"),
    path("koperasi/<int:pk>/undangan/batal/", views_undangan.undangan_batal, name="undangan_batal"),
    # yearly figures (ODS) and RAT compliance
    path("koperasi/<int:pk>/laporan/", views_ods.laporan_koperasi, name="laporan_koperasi"),
    path("koperasi/<int:pk>/laporan/isi/", views_ods.laporan_isi, name="laporan_isi"),
    path("koperasi/<int:pk>/laporan/dari-buku/", views_ods.laporan_dari_buku, name="laporan_dari_buku"),
    path("laporan/", views_ods.laporan_list, name="laporan_list"),
    path("laporan/unggah/", views_ods.laporan_unggah, name="laporan_unggah"),
    path("laporan/unggah/templat.xlsx", views_ods.unggah_templat, name="laporan_templat"),
    path("laporan/<int:laporan_pk>/", views_ods.laporan_detail, name="laporan_detail"),
    path("rat/", views_ods.rat_kepatuhan, name="rat"),
    path("rat/ekspor.xlsx", views_ods.rat_ekspor, name="rat_ekspor"),
    # health assessment of KSP/USP (province.kesehatan)
    path("", include(urls_kesehatan.dinas_patterns)),
]
