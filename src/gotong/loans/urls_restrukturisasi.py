from django.urls import path

from gotong.loans import views_restrukturisasi as views

urlpatterns = [
    path("pinjaman/<int:pinjaman>/restrukturisasi/", views.restrukturisasi, name="restrukturisasi"),
    path("pinjaman/<int:pinjaman>/hapus-buku/", views.hapus_buku, name="hapus_buku"),
    path("pinjaman/<int:pinjaman>/hapus-buku/setujui/", views.hapus_buku_setujui, name="hapus_buku_setujui"),
    path("pinjaman/<int:pinjaman>/pemulihan/", views.pemulihan, name="pemulihan"),
]
