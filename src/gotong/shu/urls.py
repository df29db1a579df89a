"""SHU pages under ``/k/<kode>/shu/`` (namespace ``shu``; the menu links ``shu:index``)."""

from django.urls import path

from gotong.shu import views

app_name = "shu"

urlpatterns = [
    path("", views.index, name="index"),
    path("saya/", views.saya, name="saya"),
    path("saya/<int:tahun>/slip.pdf", views.saya_slip, name="saya_slip"),
    path("<int:tahun>/", views.tahun, name="tahun"),
    path("<int:tahun>/ekspor.xlsx", views.ekspor, name="ekspor"),
    path("<int:tahun>/pengaturan/", views.pengaturan, name="pengaturan"),
    path("<int:tahun>/setujui/", views.setujui, name="setujui"),
    path("<int:tahun>/bayar/sukarela/", views.bayar_semua_sukarela, name="bayar_sukarela"),
    path("<int:tahun>/bayar/tunai-rat/", views.tunai_rat, name="tunai_rat"),
    path("<int:tahun>/anggota/<int:anggota>/", views.anggota, name="anggota"),
    path("<int:tahun>/anggota/<int:anggota>/bayar/", views.anggota_bayar, name="anggota_bayar"),
    path("<int:tahun>/anggota/<int:anggota>/slip.pdf", views.slip, name="slip"),
]
