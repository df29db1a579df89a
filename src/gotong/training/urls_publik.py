"""Public training pages: registration, the participant's confirmation (with the check-in
QR) and certificate, and certificate verification. Each finds its row by a random token."""

from django.urls import path

from gotong.training import views_publik

app_name = "pelatihan"

urlpatterns = [
    path("peserta/<str:token>/", views_publik.konfirmasi, name="konfirmasi"),
    path("peserta/<str:token>/sertifikat.pdf", views_publik.sertifikat_saya, name="sertifikat_saya"),
    path("sertifikat/<str:token>/", views_publik.verifikasi, name="verifikasi"),
    path("<str:token>/", views_publik.daftar, name="daftar"),
]
