from django.contrib.auth import views as auth_views
from django.urls import path

from gotong.accounts import views

urlpatterns = [
    path("masuk/", views.MasukView.as_view(), name="masuk"),
    path("keluar/", auth_views.LogoutView.as_view(), name="keluar"),
    path("2fa/", views.dua_faktor, name="dua_faktor"),
    path("lupa-sandi/", views.LupaSandiView.as_view(), name="lupa_sandi"),
    path("lupa-sandi/terkirim/", views.LupaSandiTerkirimView.as_view(), name="lupa_sandi_terkirim"),
    path("lupa-sandi/<uidb64>/<token>/", views.SandiBaruView.as_view(), name="password_reset_confirm"),
    path("lupa-sandi/selesai/", views.SandiSelesaiView.as_view(), name="lupa_sandi_selesai"),
]
