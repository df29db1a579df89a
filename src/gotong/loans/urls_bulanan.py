from django.urls import path

from gotong.loans import views_bulanan as views

urlpatterns = [
    path("pinjaman/akhir-bulan/", views.akhir_bulan, name="akhir_bulan"),
    path("pinjaman/akhir-bulan/mulai/", views.akhir_bulan_mulai, name="akhir_bulan_mulai"),
    path("pinjaman/akhir-bulan/<int:tahun>/<int:bulan>/", views.akhir_bulan_detail, name="akhir_bulan_detail"),
    path("pinjaman/akhir-bulan/<int:tahun>/<int:bulan>/status/", views.akhir_bulan_status, name="akhir_bulan_status"),
]
