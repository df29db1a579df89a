from django.urls import URLPattern, URLResolver, include, path

from gotong.reports import views

app_name = "reports"


def _laporan(kunci: str) -> list[URLPattern]:
    """A statement on screen, as PDF and as Excel (``reports:posisi_keuangan``, ``…_pdf``, ``…_xlsx``)."""
    nama = views.nama_url(kunci)
    extra = {"kunci": kunci}
    return [
        path(f"{kunci}/", views.laporan, extra, name=nama),
        path(f"{kunci}/cetak.pdf", views.laporan_pdf, extra, name=f"{nama}_pdf"),
        path(f"{kunci}/ekspor.xlsx", views.laporan_xlsx, extra, name=f"{nama}_xlsx"),
    ]


urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    *[p for kunci in views.LAPORAN for p in _laporan(kunci)],
    path("lengkap.pdf", views.lengkap_pdf, name="lengkap_pdf"),
    path("lengkap.xlsx", views.lengkap_xlsx, name="lengkap_xlsx"),
    path("buku-pembantu/simpanan/", views.pembantu_simpanan, name="pembantu_simpanan"),
    path("buku-pembantu/simpanan/ekspor.xlsx", views.pembantu_simpanan_xlsx, name="pembantu_simpanan_xlsx"),
    path("buku-pembantu/pinjaman/", views.pembantu_pinjaman, name="pembantu_pinjaman"),
    path("buku-pembantu/pinjaman/ekspor.xlsx", views.pembantu_pinjaman_xlsx, name="pembantu_pinjaman_xlsx"),
    # The year close, RAT package and SHU pages (another module) live under the same prefix.
    path("", include("gotong.reports.urls_rat")),
]
