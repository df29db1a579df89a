from django.urls import path

from gotong.members import views

app_name = "members"

urlpatterns = [
    path("daftar/", views.daftar, name="daftar"),
    path("daftar/status/<str:token>/", views.daftar_status, name="daftar_status"),
    path("kartu/<str:token>/", views.verifikasi_kartu, name="verifikasi_kartu"),
    path("pendaftaran/", views.pendaftaran_list, name="pendaftaran_list"),
    path("pendaftaran/<int:pk>/", views.pendaftaran_detail, name="pendaftaran_detail"),
    path("pendaftaran/<int:pk>/setujui/", views.pendaftaran_setujui, name="pendaftaran_setujui"),
    path("pendaftaran/<int:pk>/tolak/", views.pendaftaran_tolak, name="pendaftaran_tolak"),
    path("pendaftaran/<int:pk>/ktp/", views.foto_ktp, name="foto_ktp"),
    path("anggota/", views.anggota_list, name="anggota_list"),
    path("anggota/ekspor.xlsx", views.anggota_export, name="anggota_export"),
    path("anggota/<int:pk>/", views.anggota_detail, name="anggota_detail"),
    path("anggota/<int:pk>/ubah/", views.anggota_ubah, name="anggota_ubah"),
    path("anggota/<int:pk>/kartu.pdf", views.anggota_kartu, name="anggota_kartu"),
    path("anggota/<int:pk>/keluar/", views.keluar_ajukan, name="keluar_ajukan"),
    path("keluar/<int:pk>/putusan/", views.keluar_putus, name="keluar_putus"),
    path("saya/", views.saya, name="saya"),
    path("saya/kartu.pdf", views.saya_kartu, name="saya_kartu"),
]
