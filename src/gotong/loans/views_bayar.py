"""Loan repayment pages: paying at the counter or to the field collector, early payoff, the
automatic-debit switch, the collection lists with their Excel exports, and the member's own
loans. Views parse input, call a service or a selector (``laporan``) and render.

Money moves like savings (UX.md): form → summary to confirm → post once with the hidden key
→ the receipt (``savings:kwitansi``).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gotong.core import regions
from gotong.core.formatting import rupiah, tanggal
from gotong.loans import laporan, pembayaran
from gotong.loans.autodebet import autodebet_atur
from gotong.loans.forms_bayar import AutodebetForm, BayarForm, PelunasanForm
from gotong.loans.models import CaraBayar, Kolektibilitas, Pinjaman, StatusPinjaman
from gotong.loans.services import pengaturan
from gotong.members.models import Anggota
from gotong.savings import selectors
from gotong.savings.models import Kwitansi
from gotong.savings.receipt import kwitansi_pdf
from gotong.savings.services import LACI_BELUM_DIBUKA, LACI_HARI_LAIN, rekening_sukarela
from gotong.savings.views import Ringkasan, _alur
from gotong.tenancy.models import PENGURUS, NamaPeran, Peran
from gotong.tenancy.scope import KoperasiRequest, get_for_koperasi, koperasi_view

TELLER = PENGURUS | {NamaPeran.MANAJER, NamaPeran.KASIR}
PENAGIH = TELLER | {NamaPeran.PETUGAS_LAPANGAN}
PEMBACA = PENAGIH | {NamaPeran.PENGAWAS}
ANGGOTA = frozenset({NamaPeran.ANGGOTA})
PER_HALAMAN = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _angka(jumlah: Decimal) -> str:
    """An amount as the form expects it typed: ``840.000``."""
    return rupiah(jumlah).removeprefix("Rp")


def _pinjaman(request: KoperasiRequest, pk: int) -> Pinjaman:
    p = get_for_koperasi(request, Pinjaman, pk)
    return Pinjaman.objects.select_related("anggota", "produk", "petugas").get(pk=p.pk)


def _anggota_saya(request: KoperasiRequest) -> Anggota:
    anggota = Anggota.objects.filter(koperasi=request.koperasi, user=request.user).first()  # type: ignore[misc]
    if anggota is None:
        raise Http404(_("Data keanggotaan Anda belum tertaut ke akun ini."))
    return anggota


def _milik_saya(request: KoperasiRequest, p: Pinjaman) -> None:
    """A member sees only their own loans: another's is 404 like any foreign row."""
    if p.anggota.user_id is None or p.anggota.user_id != request.user.pk:
        raise Http404(_("Tidak ditemukan."))


def _cara(request: KoperasiRequest) -> list[str]:
    """Who may take money how: the counter takes cash, cash for a collector, or sukarela; a
    field collector records what they collected."""
    if request.roles & TELLER:
        return [CaraBayar.LOKET, CaraBayar.PETUGAS, CaraBayar.SUKARELA]
    return [CaraBayar.PETUGAS]


def _periksa_sumber(request: KoperasiRequest, p: Pinjaman, jumlah: Decimal, cara: str, hari: dt.date) -> None:
    """The money can come in: the actor's drawer is open today, or the sukarela can pay."""
    if cara == CaraBayar.SUKARELA:
        rekening = rekening_sukarela(p.anggota)
        tersedia = rekening.saldo - rekening.produk.saldo_minimum
        if jumlah > tersedia:
            raise ValidationError(
                {
                    "jumlah": str(pembayaran.SALDO_SUKARELA_KURANG).format(
                        tersedia=rupiah(max(tersedia, Decimal(0))), jumlah=rupiah(jumlah)
                    )
                }
            )
        return
    laci = selectors.laci_terbuka(koperasi=request.koperasi, kasir=request.user)
    if laci is None:
        raise ValidationError(str(LACI_BELUM_DIBUKA))
    if laci.tanggal != hari:
        raise ValidationError(str(LACI_HARI_LAIN).format(tanggal=laci.tanggal.strftime("%d-%m-%Y")))


def _periksa_berjalan(p: Pinjaman) -> None:
    if p.status != StatusPinjaman.AKTIF:
        raise ValidationError(
            str(pembayaran.PINJAMAN_TIDAK_BERJALAN).format(nomor=p.nomor, status=p.get_status_display().lower())
        )


def _baris_pinjaman(p: Pinjaman) -> list[tuple[str, str]]:
    return [
        (_("Anggota"), f"{p.anggota.nama} ({p.anggota.nomor_anggota})"),
        (_("Pinjaman"), f"{p.nomor} · {p.produk.nama}"),
    ]


# --- Paying an installment ---------------------------------------------------------------------


@koperasi_view(PENAGIH)
def bayar(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    hari = selectors.hari_ini()
    tagihan = laporan.tagihan_pinjaman(p, hari)
    tertua = tagihan.tertua
    cara = _cara(request)
    initial = {
        "jumlah": _angka(tagihan.disarankan) if tagihan.disarankan else "",
        "untuk_angsuran": tertua and tertua.ke,
    }
    form = BayarForm(request.POST or None, cara=cara, initial=initial)

    def periksa(d: dict[str, Any]) -> None:
        _periksa_berjalan(p)
        ke = d.get("untuk_angsuran")
        target = next((a for a in tagihan.angsuran if a.ke == ke), None)
        if target is not None and target.lunas_pada is not None:
            raise ValidationError(
                str(pembayaran.ANGSURAN_SUDAH_DIBAYAR).format(
                    ke=target.ke, nomor=p.nomor, tanggal=tanggal(target.lunas_pada)
                )
            )
        if d["jumlah"] > tagihan.sisa_kewajiban:
            raise ValidationError(
                {
                    "jumlah": str(pembayaran.MELEBIHI_KEWAJIBAN).format(
                        jumlah=rupiah(d["jumlah"]), sisa=rupiah(tagihan.sisa_kewajiban)
                    )
                }
            )
        _periksa_sumber(request, p, d["jumlah"], d["cara"], hari)

    def ringkasan(d: dict[str, Any]) -> Ringkasan:
        alokasi = laporan.alokasi_pratinjau(p, d["jumlah"], hari)
        baris = _baris_pinjaman(p) + [(_("Cara bayar"), str(CaraBayar(d["cara"]).label))]
        if p.titipan:
            baris.append((_("Titipan yang ikut dipakai"), rupiah(p.titipan)))
        baris += [
            (_("Untuk denda"), rupiah(alokasi.denda)),
            (_("Untuk jasa (bunga)"), rupiah(alokasi.bunga)),
            (_("Untuk pokok"), rupiah(alokasi.pokok)),
        ]
        if alokasi.sisa:
            baris.append((_("Disimpan sebagai titipan angsuran"), rupiah(alokasi.sisa)))
        lunas = [str(b.angsuran.ke) for b in alokasi.bagian if b.angsuran.lunas_pada is not None]
        if lunas:
            baris.append((_("Angsuran yang lunas"), ", ".join(lunas)))
        baris.append((_("Sisa pokok sesudah"), rupiah(p.sisa_pokok - alokasi.pokok)))
        return Ringkasan(_("Periksa pembayaran angsuran"), _("Ya, terima pembayaran"), baris, d["jumlah"])

    def jalankan(d: dict[str, Any]) -> Kwitansi | None:
        return pembayaran.angsuran_bayar(
            pinjaman=p,
            jumlah=d["jumlah"],
            tanggal=hari,
            cara=d["cara"],
            actor=request.user,
            kunci=d["kunci"],
            untuk_angsuran=d.get("untuk_angsuran"),
        ).kwitansi

    context = {
        "pinjaman": p,
        "anggota": p.anggota,
        "tagihan": tagihan,
        "laci": selectors.laci_terbuka(koperasi=request.koperasi, kasir=request.user),
        "hari_ini": hari,
        "berjalan": p.status == StatusPinjaman.AKTIF,
    }
    return _alur(
        request,
        form,
        periksa=periksa,
        ringkasan=ringkasan,
        jalankan=jalankan,
        template="loans/bayar.html",
        context=context,
    )


# --- Early payoff ------------------------------------------------------------------------------


@koperasi_view(PEMBACA | ANGGOTA)
def pelunasan(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    staf = bool(request.roles & PEMBACA)
    if not staf:
        _milik_saya(request, p)
    hari = selectors.hari_ini()
    try:
        quote = pembayaran.pelunasan_hitung(pinjaman=p, tanggal=hari)
    except ValidationError as exc:
        quote, pesan = None, " ".join(exc.messages)
    else:
        pesan = ""
    context: dict[str, Any] = {
        "pinjaman": p,
        "anggota": p.anggota,
        "quote": quote,
        "pesan": pesan,
        "hari_ini": hari,
        "staf": staf,
        "laci": selectors.laci_terbuka(koperasi=request.koperasi, kasir=request.user) if staf else None,
        "kembali": reverse("loans:saya_detail" if not staf else "loans:detail", args=[request.koperasi.kode, p.pk]),
    }
    if request.GET.get("cetak") and quote is not None:
        return render(request, "loans/pelunasan_cetak.html", context)
    if not request.roles & TELLER or quote is None:
        if request.method == "POST" and not request.roles & TELLER:
            raise Http404(_("Tidak ditemukan."))
        return render(request, "loans/pelunasan.html", {**context, "form": None})
    total = quote.total
    form = PelunasanForm(request.POST or None, initial={"jumlah": _angka(total)})

    def periksa(d: dict[str, Any]) -> None:
        _periksa_berjalan(p)
        if d["jumlah"] != total:
            raise ValidationError({"jumlah": str(pembayaran.PELUNASAN_BEDA).format(jumlah=rupiah(total))})
        if d["jumlah"]:  # nothing to take in when the advance settles the loan
            _periksa_sumber(request, p, d["jumlah"], d["cara"], hari)

    def ringkasan(d: dict[str, Any]) -> Ringkasan:
        baris = _baris_pinjaman(p) + [
            (_("Cara bayar"), str(CaraBayar(d["cara"]).label)),
            (_("Sisa pokok"), rupiah(quote.sisa_pokok)),
            (_("Jasa tertunggak"), rupiah(quote.bunga_tertunggak)),
            (_("Jasa periode berjalan"), rupiah(quote.bunga_berjalan)),
            (_("Denda"), rupiah(quote.denda)),
            (_("Dikurangi titipan"), rupiah(quote.titipan)),
            (_("Jasa yang dibebaskan"), rupiah(quote.bunga_dibebaskan)),
        ]
        return Ringkasan(_("Periksa pelunasan pinjaman"), _("Ya, lunasi pinjaman"), baris, d["jumlah"])

    def jalankan(d: dict[str, Any]) -> Kwitansi | None:
        return pembayaran.pelunasan_bayar(
            pinjaman=p, jumlah=d["jumlah"], tanggal=hari, cara=d["cara"], actor=request.user, kunci=d["kunci"]
        ).kwitansi

    return _alur(
        request,
        form,
        periksa=periksa,
        ringkasan=ringkasan,
        jalankan=jalankan,
        template="loans/pelunasan.html",
        context=context,
    )


# --- Automatic debit ---------------------------------------------------------------------------


@koperasi_view(TELLER | ANGGOTA)
@require_POST
def autodebet(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    staf = bool(request.roles & TELLER)
    if not staf:
        _milik_saya(request, p)
    form = AutodebetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih nyalakan atau matikan potong otomatis."))
    else:
        aktif = form.cleaned_data["aktif"]
        try:
            autodebet_atur(pinjaman=p, aktif=aktif, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            pesan = (
                _("Potong otomatis dari simpanan sukarela dinyalakan untuk pinjaman %(nomor)s.")
                if aktif
                else _("Potong otomatis dari simpanan sukarela dimatikan untuk pinjaman %(nomor)s.")
            )
            messages.success(request, pesan % {"nomor": p.nomor})
    tujuan = form.cleaned_data.get("next", "") if form.is_valid() else ""
    awal = f"/k/{request.koperasi.kode}/"
    if tujuan and tujuan.startswith(awal) and url_has_allowed_host_and_scheme(tujuan, allowed_hosts=None):
        return redirect(tujuan)
    return redirect("loans:detail" if staf else "loans:saya_detail", kode=request.koperasi.kode, pinjaman=p.pk)


# --- Due lists ---------------------------------------------------------------------------------

RENTANG = {"hari": _("Hari ini"), "minggu": _("Minggu ini")}


def _hanya_penagih(request: KoperasiRequest) -> bool:
    return NamaPeran.PETUGAS_LAPANGAN in request.roles and not request.roles & (TELLER | {NamaPeran.PENGAWAS})


def _tagihan_filter(request: KoperasiRequest) -> dict[str, Any]:
    """Range (today, or today and the next six days), collector and desa from the query
    string; a field collector sees their own loans unless they ask for everyone's."""
    hari = selectors.hari_ini()
    rentang = request.GET.get("rentang", "hari")
    rentang = rentang if rentang in RENTANG else "hari"
    sampai = hari if rentang == "hari" else hari + dt.timedelta(days=6)
    raw = request.GET.get("petugas", "saya" if _hanya_penagih(request) else "")
    petugas: int | None = None
    if raw == "saya":
        petugas = request.user.pk
    elif raw.isdigit():
        petugas = int(raw)
    desa = request.GET.get("desa", "")[:20]
    rows = laporan.tagihan_rentang(koperasi=request.koperasi, dari=hari, sampai=sampai, petugas=petugas, desa=desa)
    return {"hari": hari, "sampai": sampai, "rentang": rentang, "petugas": raw, "desa": desa, "rows": rows}


def _petugas_pilihan(request: KoperasiRequest) -> QuerySet[Any]:
    return (
        Peran.objects.filter(koperasi=request.koperasi, peran=NamaPeran.PETUGAS_LAPANGAN, aktif=True)
        .values("user_id", "user__nama_lengkap")
        .order_by("user__nama_lengkap")
    )


@koperasi_view(PEMBACA)
def tagihan(request: KoperasiRequest) -> HttpResponse:
    f = _tagihan_filter(request)
    rows = f["rows"]
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        **f,
        "rentang_pilihan": RENTANG,
        "page": Paginator(laporan.tagihan_daftar(rows), PER_HALAMAN).get_page(request.GET.get("hal")),
        "per_petugas": laporan.tagihan_per_petugas(rows),
        "per_desa": laporan.tagihan_per_desa(rows),
        "petugas_pilihan": _petugas_pilihan(request),
        "desa_nama": regions.nama(f["desa"]) if f["desa"] else "",
        "query": query.urlencode(),
        "boleh_bayar": bool(request.roles & PENAGIH),
    }
    return render(request, "loans/tagihan.html", context)


def _xlsx(content: bytes, nama: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


@koperasi_view(PEMBACA)
def tagihan_xlsx(request: KoperasiRequest) -> HttpResponse:
    f = _tagihan_filter(request)
    rows = f["rows"]
    judul = f"Tagihan angsuran {request.koperasi.nama} {f['hari']:%d-%m-%Y}"
    if f["sampai"] != f["hari"]:
        judul += f" s.d. {f['sampai']:%d-%m-%Y}"
    lembar = laporan.tagihan_lembar(laporan.tagihan_daftar(rows).iterator(), laporan.tagihan_per_petugas(rows)) + [
        laporan.tagihan_desa_lembar(laporan.tagihan_per_desa(rows))
    ]
    return _xlsx(laporan.xlsx(judul, lembar), f"tagihan-pinjaman-{f['hari']:%Y%m%d}.xlsx")


# --- Arrears -----------------------------------------------------------------------------------


def _tunggakan(request: KoperasiRequest) -> dict[str, Any]:
    hari = selectors.hari_ini()
    atur = pengaturan(request.koperasi)
    raw = request.GET.get("kol", "")
    kol = int(raw) if raw in {str(k) for k in Kolektibilitas.values} else None
    rows = laporan.tunggakan_daftar(koperasi=request.koperasi, per=hari, pengaturan=atur, kolektibilitas=kol)
    return {"hari": hari, "pengaturan": atur, "kol": kol, "rows": rows}


@koperasi_view(PEMBACA)
def tunggakan(request: KoperasiRequest) -> HttpResponse:
    f = _tunggakan(request)
    page = Paginator(f["rows"], PER_HALAMAN).get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        **f,
        "page": page,
        "baris": laporan.tunggakan_lengkapi(page.object_list, per=f["hari"], pengaturan=f["pengaturan"]),
        "ringkasan": laporan.ringkasan_kolektibilitas(
            koperasi=request.koperasi, per=f["hari"], pengaturan=f["pengaturan"]
        ),
        "kolektibilitas": Kolektibilitas.choices,
        "query": query.urlencode(),
        "boleh_bayar": bool(request.roles & PENAGIH),
    }
    return render(request, "loans/tunggakan.html", context)


@koperasi_view(PEMBACA)
def tunggakan_xlsx(request: KoperasiRequest) -> HttpResponse:
    f = _tunggakan(request)
    hari, atur = f["hari"], f["pengaturan"]
    judul = f"Tunggakan pinjaman {request.koperasi.nama} per {hari:%d-%m-%Y}"
    if f["kol"]:
        judul += f" — {Kolektibilitas(f['kol']).label}"
    rows = laporan.tunggakan_lengkapi(f["rows"].iterator(), per=hari, pengaturan=atur)
    ringkasan = laporan.ringkasan_kolektibilitas(koperasi=request.koperasi, per=hari, pengaturan=atur)
    return _xlsx(
        laporan.xlsx(judul, laporan.tunggakan_lembar(rows, ringkasan)), f"tunggakan-pinjaman-{hari:%Y%m%d}.xlsx"
    )


# --- Portfolio ---------------------------------------------------------------------------------


@koperasi_view(PEMBACA)
def portofolio(request: KoperasiRequest) -> HttpResponse:
    hari = selectors.hari_ini()
    context = {
        "hari": hari,
        "par": laporan.par_koperasi(koperasi=request.koperasi, per=hari),
        "produk": [
            {**r, "par30_persen": laporan.persen(r["par30"], r["sisa"])}
            for r in laporan.per_produk(koperasi=request.koperasi, per=hari)
        ],
    }
    return render(request, "loans/portofolio.html", context)


@koperasi_view(PEMBACA)
def portofolio_xlsx(request: KoperasiRequest) -> HttpResponse:
    hari = selectors.hari_ini()
    par = laporan.par_koperasi(koperasi=request.koperasi, per=hari)
    produk = laporan.per_produk(koperasi=request.koperasi, per=hari)
    judul = f"Portofolio pinjaman {request.koperasi.nama} per {hari:%d-%m-%Y}"
    return _xlsx(laporan.xlsx(judul, laporan.portofolio_lembar(par, produk)), f"portofolio-pinjaman-{hari:%Y%m%d}.xlsx")


# --- The member's own loans --------------------------------------------------------------------


@koperasi_view(ANGGOTA)
def saya(request: KoperasiRequest) -> HttpResponse:
    anggota = _anggota_saya(request)
    context = {"anggota": anggota, "pinjaman": laporan.pinjaman_anggota(anggota), "hari_ini": selectors.hari_ini()}
    return render(request, "loans/saya.html", context)


def _tanda(a: Any, hari: dt.date) -> str:
    """How one installment stands: paid on time, paid late, late, due today, or not yet due."""
    if a.lunas_pada is not None:
        return "lunas_telat" if a.lunas_pada > a.jatuh_tempo else "lunas"
    if a.jatuh_tempo < hari:
        return "telat"
    if a.jatuh_tempo == hari:
        return "hari_ini"
    return "belum"


@koperasi_view(ANGGOTA)
def saya_detail(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    _milik_saya(request, p)
    hari = selectors.hari_ini()
    t = laporan.tagihan_pinjaman(p, hari)
    context = {
        "pinjaman": p,
        "tagihan": t,
        "jadwal": [(a, _tanda(a, hari)) for a in t.angsuran],
        "pembayaran": laporan.pembayaran_pinjaman(p),
        "hari_ini": hari,
        "berjalan": p.status == StatusPinjaman.AKTIF,
    }
    return render(request, "loans/saya_detail.html", context)


@koperasi_view(ANGGOTA)
def saya_kwitansi(request: KoperasiRequest, pinjaman: int, kwitansi: int) -> HttpResponse:
    """The receipt of one of the member's own loan payments, as PDF."""
    p = _pinjaman(request, pinjaman)
    _milik_saya(request, p)
    k = get_for_koperasi(request, Kwitansi, kwitansi)
    if not p.pembayaran.filter(kwitansi=k).exists():
        raise Http404(_("Tidak ditemukan."))
    verify = request.build_absolute_uri(
        reverse("savings:kwitansi_verifikasi", kwargs={"kode": request.koperasi.kode, "token": k.token})
    )
    response = HttpResponse(
        kwitansi_pdf(k, verify_url=verify, arah=selectors.kwitansi_arah(k)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{k.nomor}.pdf"'
    return response
