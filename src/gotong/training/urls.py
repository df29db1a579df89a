from django.urls import path

from gotong.training import views

app_name = "training"

urlpatterns = [
    path("", views.kegiatan_list, name="kegiatan_list"),
    path("baru/", views.kegiatan_baru, name="kegiatan_baru"),
    path("<int:kegiatan>/", views.kegiatan_detail, name="kegiatan_detail"),
    path("<int:kegiatan>/ubah/", views.kegiatan_ubah, name="kegiatan_ubah"),
    path("<int:kegiatan>/sertifikat.pdf", views.sertifikat_unduh, name="sertifikat_unduh"),
    path("hadir/<str:token>/", views.checkin, name="checkin"),
    path("pendampingan/", views.pendampingan_list, name="pendampingan_list"),
    path("pendampingan/baru/", views.pendampingan_baru, name="pendampingan_baru"),
    path("pendampingan/<int:kunjungan>/", views.pendampingan_detail, name="pendampingan_detail"),
    path("koperasi/<int:koperasi>/pendampingan/", views.koperasi_pendampingan, name="koperasi_pendampingan"),
]
