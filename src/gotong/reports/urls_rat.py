"""Year close, RAT package and RAPBK pages (included by ``reports/urls.py`` under ``laporan/``).

Row parameters: only ``<int:tahun>``, a book year of the koperasi in the URL (the tenancy walk
in tenancy/tests/test_isolation.py tries each page as an outsider)."""

from django.urls import path

from gotong.reports import views_rat

urlpatterns = [
    path("tutup-buku/", views_rat.tutup_list, name="tutup_list"),
    path("tutup-buku/<int:tahun>/tutup/", views_rat.tutup_tahun, name="tutup_tahun"),
    path("tutup-buku/<int:tahun>/buka/", views_rat.buka_tahun, name="buka_tahun"),
    path("rat/", views_rat.rat_list, name="rat_list"),
    path("rat/<int:tahun>/", views_rat.rat_paket, name="rat_paket"),
    path("rat/<int:tahun>/paket-rat.pdf", views_rat.rat_pdf, name="rat_pdf"),
    path("rat/<int:tahun>/paket-rat.xlsx", views_rat.rat_xlsx, name="rat_xlsx"),
    path("rat/<int:tahun>/laporan-pengurus/", views_rat.rat_pengurus, name="rat_pengurus"),
    path("rat/<int:tahun>/statistik-anggota/", views_rat.rat_statistik, name="rat_statistik"),
    path("rat/<int:tahun>/ods/", views_rat.rat_ods, name="rat_ods"),
    path("rapbk/<int:tahun>/", views_rat.rapbk, name="rapbk"),
    path("rapbk/<int:tahun>/rencana/", views_rat.rapbk_rencana, name="rapbk_rencana"),
    path("rapbk/<int:tahun>/anggaran/", views_rat.rapbk_anggaran, name="rapbk_anggaran"),
    path("rapbk/<int:tahun>/salin/", views_rat.rapbk_salin, name="rapbk_salin"),
    path("anggaran/<int:tahun>/", views_rat.anggaran_realisasi, name="anggaran_realisasi"),
    path("anggaran/<int:tahun>/ekspor.xlsx", views_rat.anggaran_xlsx, name="anggaran_xlsx"),
]
