from django.urls import include, path

from gotong.province import urls_kesehatan, views_koperasi

app_name = "province_koperasi"

urlpatterns = [
    path("laporan-tahunan/", views_koperasi.laporan_tahunan, name="laporan_tahunan"),
    path("kesehatan/", include(urls_kesehatan.koperasi_patterns)),  # health assessment (Perdep 06/2016)
]
