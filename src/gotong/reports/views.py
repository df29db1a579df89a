"""Statement pages under ``/k/<kode>/laporan/``: the period chooser, each statement on screen,
as PDF and as Excel, the full set of financial statements, and the subsidiary ledgers.

The board (pengurus), the manajer and the pengawas read them (``ledger.roles.PEMBACA_BUKU``).
Views parse the period, call ``reports.susunan``/``catatan``/``pembantu`` and render.
"""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gotong.core.formatting import tanggal
from gotong.core.pagination import BoundedPaginator
from gotong.ledger.roles import PEMBACA_BUKU
from gotong.reports import catatan, dokumen, pembantu, susunan
from gotong.reports.forms import PeriodeForm, periode_baku, periode_dari
from gotong.reports.models import TahunBuku
from gotong.reports.statements import Periode
from gotong.reports.susunan import Penyusun
from gotong.savings.models import JenisSimpanan
from gotong.tenancy.scope import KoperasiRequest, koperasi_view

PAGE_SIZE = 25

# Every statement: its URL name and title (the screen, PDF and Excel share the layout).
LAPORAN: dict[str, Penyusun] = {
    "neraca-saldo": susunan.neraca_saldo,
    "posisi-keuangan": susunan.posisi_keuangan,
    "hasil-usaha": susunan.hasil_usaha,
    "perubahan-ekuitas": susunan.perubahan_ekuitas,
    "arus-kas": susunan.arus_kas,
    "catatan": catatan.catatan,
}


def nama_url(kunci: str) -> str:
    return kunci.replace("-", "_")


def _daftar_laporan() -> list[tuple[str, str]]:
    judul = {
        "neraca-saldo": _("Neraca saldo"),
        "posisi-keuangan": _("Laporan posisi keuangan"),
        "hasil-usaha": _("Laporan perhitungan hasil usaha"),
        "perubahan-ekuitas": _("Laporan perubahan ekuitas"),
        "arus-kas": _("Laporan arus kas"),
        "catatan": _("Catatan atas laporan keuangan"),
    }
    return [(nama_url(k), judul[k]) for k in LAPORAN]


def _berkas(laporan_judul: str, periode: Periode, ext: str) -> str:
    nama = laporan_judul.lower().replace(" ", "-")
    return f"{nama}-{periode.tahun}-{periode.bulan_awal:02d}-{periode.bulan_akhir:02d}.{ext}"


def _unduh(isi: bytes, nama: str, jenis: str) -> HttpResponse:
    response = HttpResponse(isi, content_type=jenis)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _konteks(request: KoperasiRequest, form: PeriodeForm, periode: Periode | None, **extra: Any) -> dict[str, Any]:
    query = PeriodeForm.query(periode) if periode else ""
    return {"form": form, "periode": periode, "query": query, "daftar": _daftar_laporan(), **extra}


@koperasi_view(PEMBACA_BUKU)
def index(request: KoperasiRequest) -> HttpResponse:
    form, periode = periode_dari(request.GET)
    ditutup = TahunBuku.objects.for_koperasi(request.koperasi).ditutup().order_by("-tahun")
    baku = periode_baku()
    # In January the default is last year, all of it.
    label = _("Tahun lalu") if baku.bulan_akhir == 12 else _("Tahun berjalan s.d. bulan lalu")
    pilihan = [(label, baku)]
    pilihan += [(_("Tahun buku %(t)s (ditutup)") % {"t": tb.tahun}, Periode(tb.tahun)) for tb in ditutup]
    cepat = [(label, PeriodeForm.query(p), susunan.teks_periode(p)) for label, p in pilihan]
    teks = susunan.teks_periode(periode) if periode else ""
    return render(request, "reports/index.html", _konteks(request, form, periode, cepat=cepat, teks=teks))


def _ke_layar(request: KoperasiRequest, nama: str) -> HttpResponse:
    """A wrong period on a download goes back to the page, which says what is wrong."""
    return redirect(reverse(f"reports:{nama}", args=[request.koperasi.kode]) + "?" + request.GET.urlencode())


@koperasi_view(PEMBACA_BUKU)
def laporan(request: KoperasiRequest, kunci: str) -> HttpResponse:
    form, periode = periode_dari(request.GET)
    hasil = LAPORAN[kunci](request.koperasi, periode) if periode else None
    context = _konteks(request, form, periode, laporan=hasil, kunci=nama_url(kunci))
    return render(request, "reports/laporan.html", context)


@koperasi_view(PEMBACA_BUKU)
def laporan_pdf(request: KoperasiRequest, kunci: str) -> HttpResponse:
    _form, periode = periode_dari(request.GET)
    if periode is None:
        return _ke_layar(request, nama_url(kunci))
    hasil = LAPORAN[kunci](request.koperasi, periode)
    return _unduh(dokumen.laporan_pdf(request.koperasi, hasil), _berkas(hasil.judul, periode, "pdf"), PDF)


@koperasi_view(PEMBACA_BUKU)
def laporan_xlsx(request: KoperasiRequest, kunci: str) -> HttpResponse:
    _form, periode = periode_dari(request.GET)
    if periode is None:
        return _ke_layar(request, nama_url(kunci))
    hasil = LAPORAN[kunci](request.koperasi, periode)
    return _unduh(dokumen.laporan_xlsx(request.koperasi, [hasil]), _berkas(hasil.judul, periode, "xlsx"), XLSX)


@koperasi_view(PEMBACA_BUKU)
def lengkap_pdf(request: KoperasiRequest) -> HttpResponse:
    _form, periode = periode_dari(request.GET)
    if periode is None:
        return _ke_layar(request, "index")
    isi = dokumen.laporan_keuangan_pdf(request.koperasi, periode)
    return _unduh(isi, _berkas(_("Laporan keuangan"), periode, "pdf"), PDF)


@koperasi_view(PEMBACA_BUKU)
def lengkap_xlsx(request: KoperasiRequest) -> HttpResponse:
    _form, periode = periode_dari(request.GET)
    if periode is None:
        return _ke_layar(request, "index")
    isi = dokumen.laporan_keuangan_xlsx(request.koperasi, periode)
    return _unduh(isi, _berkas(_("Laporan keuangan"), periode, "xlsx"), XLSX)


# --- Subsidiary ledgers -------------------------------------------------------------------------


def _cari(request: KoperasiRequest) -> str:
    return request.GET.get("q", "").strip()[:60]


def _query_halaman(request: KoperasiRequest) -> str:
    query = request.GET.copy()
    query.pop("hal", None)
    return query.urlencode()


@koperasi_view(PEMBACA_BUKU)
def pembantu_simpanan(request: KoperasiRequest) -> HttpResponse:
    form, periode = periode_dari(request.GET)
    q, jenis = _cari(request), request.GET.get("jenis", "")[:10]
    context = _konteks(request, form, periode, q=q, jenis=jenis, jenis_pilihan=JenisSimpanan.choices)
    if periode is not None:
        rows = pembantu.rekening_per(koperasi=request.koperasi, per=periode.akhir, q=q, jenis=jenis)
        context["page"] = BoundedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("hal"))
        context["kontrol"] = pembantu.simpanan_kontrol(koperasi=request.koperasi, per=periode.akhir)
    context["query_halaman"] = _query_halaman(request)
    return render(request, "reports/pembantu_simpanan.html", context)


@koperasi_view(PEMBACA_BUKU)
def pembantu_simpanan_xlsx(request: KoperasiRequest) -> HttpResponse:
    _form, periode = periode_dari(request.GET)
    if periode is None:
        return _ke_layar(request, "pembantu_simpanan")
    rows = pembantu.rekening_per(koperasi=request.koperasi, per=periode.akhir, q=_cari(request)).iterator(2000)
    judul = _("Buku pembantu simpanan per %(per)s") % {"per": tanggal(periode.akhir)}
    kepala = [_("Nomor anggota"), _("Nama anggota"), _("Rekening"), _("Produk"), _("Jenis"), _("Saldo")]
    data = (
        [r.anggota.nomor_anggota, r.anggota.nama, r.nomor, r.produk.nama, r.get_jenis_display(), r.saldo_per]  # type: ignore[attr-defined]
        for r in rows
    )
    isi = dokumen.daftar_xlsx(judul, kepala, [False] * 5 + [True], data)
    return _unduh(isi, _berkas(_("Buku pembantu simpanan"), periode, "xlsx"), XLSX)


@koperasi_view(PEMBACA_BUKU)
def pembantu_pinjaman(request: KoperasiRequest) -> HttpResponse:
    form, periode = periode_dari(request.GET)
    q = _cari(request)
    context = _konteks(request, form, periode, q=q)
    if periode is not None:
        rows = pembantu.pinjaman_per(koperasi=request.koperasi, per=periode.akhir, q=q)
        context["page"] = BoundedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("hal"))
        context["kontrol"] = [pembantu.pinjaman_kontrol(koperasi=request.koperasi, per=periode.akhir)]
    context["query_halaman"] = _query_halaman(request)
    return render(request, "reports/pembantu_pinjaman.html", context)


@koperasi_view(PEMBACA_BUKU)
def pembantu_pinjaman_xlsx(request: KoperasiRequest) -> HttpResponse:
    _form, periode = periode_dari(request.GET)
    if periode is None:
        return _ke_layar(request, "pembantu_pinjaman")
    rows = pembantu.pinjaman_per(koperasi=request.koperasi, per=periode.akhir, q=_cari(request)).iterator(2000)
    judul = _("Buku pembantu pinjaman per %(per)s") % {"per": tanggal(periode.akhir)}
    kepala = [
        _("Nomor pinjaman"),
        _("Nomor anggota"),
        _("Nama anggota"),
        _("Produk"),
        _("Tanggal cair"),
        _("Jumlah pinjaman"),
        _("Sisa pokok"),
    ]
    data = (
        [
            p.nomor,
            p.anggota.nomor_anggota,
            p.anggota.nama,
            p.produk.nama,
            p.tanggal_cair,
            p.pokok,
            p.sisa_per,  # type: ignore[attr-defined]
        ]
        for p in rows
    )
    isi = dokumen.daftar_xlsx(judul, kepala, [False] * 5 + [True, True], data)
    return _unduh(isi, _berkas(_("Buku pembantu pinjaman"), periode, "xlsx"), XLSX)
