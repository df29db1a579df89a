from django.urls import path

from gotong.province import views_koperasi

app_name = "province_koperasi"

urlpatterns = [
    path("laporan-tahunan/", views_koperasi.laporan_tahunan, name="laporan_tahunan"),
]
