from django.urls import path

from gotong.province import views

app_name = "province"

urlpatterns = [
    path("", views.dasbor, name="dasbor"),
    path("koperasi/", views.koperasi_list, name="koperasi_list"),
    path("koperasi/ekspor.xlsx", views.koperasi_export, name="koperasi_export"),
    path("koperasi/baru/", views.koperasi_baru, name="koperasi_baru"),
    path("koperasi/impor/", views.koperasi_impor, name="koperasi_impor"),
    path("koperasi/impor/templat.xlsx", views.impor_templat, name="impor_templat"),
    path("koperasi/<int:pk>/", views.koperasi_detail, name="koperasi_detail"),
    path("koperasi/<int:pk>/ubah/", views.koperasi_ubah, name="koperasi_ubah"),
]
