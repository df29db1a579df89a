"""Savings pages: the teller counter (loket), receipts, statements, the cash drawer and the
products screen. Views parse input, call a service or selector, and render.

Money moves in two steps (UX.md): the form posts to itself, the page answers with a
summary to confirm, and only the confirmation posts — with the hidden idempotency key
made when the form was first shown, so a double click or a retry posts once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gotong.core.formatting import rupiah, tanggal
from gotong.core.forms import apply_service_errors
from gotong.members.models import Anggota, StatusAnggota
from gotong.savings import berjangka, penyelesaian, selectors, services
from gotong.savings import laci as laci_services
from gotong.savings.forms import (
    BerjangkaForm,
    CairkanForm,
    CariForm,
    JumlahForm,
    KunciForm,
    LaciBukaForm,
    LaciTutupForm,
    PengembalianForm,
    PeriodeForm,
    PindahForm,
    ProdukForm,
    SetorForm,
    TarikForm,
)
from gotong.savings.koreksi import PEMBALIK
from gotong.savings.models import JenisSimpanan, Kwitansi, ProdukSimpanan, RekeningSimpanan, SesiKas, StatusRekening
from gotong.savings.receipt import UKURAN, alamat_koperasi, kwitansi_pdf, terbilang
from gotong.savings.statement import buku_simpanan_pdf
from gotong.tenancy.models import PENGURUS, NamaPeran
from gotong.tenancy.scope import KoperasiRequest, get_for_koperasi, koperasi_view, public_koperasi

# Who works the counter, and who may read savings (the pengawas reads, never moves money).
TELLER = PENGURUS | {NamaPeran.KASIR, NamaPeran.MANAJER}
PEMBACA = TELLER | {NamaPeran.PENGAWAS}
PENGAWAS_LACI = PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS}
# A field collector carries a drawer of their own on the round (loan installments collected in
# cash go through it) and reads the receipts they issued.
PEMEGANG_LACI = TELLER | {NamaPeran.PETUGAS_LAPANGAN}
PEMBACA_KWITANSI = PEMBACA | {NamaPeran.PETUGAS_LAPANGAN}
BUKU_PER_HALAMAN = 50
LACI_PER_HALAMAN = 20


def _anggota(request: KoperasiRequest, pk: int) -> Anggota:
    anggota = get_for_koperasi(request, Anggota, pk)
    if anggota.status not in (StatusAnggota.AKTIF, StatusAnggota.KELUAR):
        raise Http404(_("Bukan anggota."))
    return anggota


def _rekening(request: KoperasiRequest, pk: int) -> RekeningSimpanan:
    return get_for_koperasi(request, RekeningSimpanan, pk)


def _ke_kwitansi(request: KoperasiRequest, kwitansi: Kwitansi | None) -> HttpResponse:
    assert kwitansi is not None
    messages.success(request, _("Transaksi dibukukan. Kwitansi %(nomor)s siap dicetak.") % {"nomor": kwitansi.nomor})
    return redirect("savings:kwitansi", kode=request.koperasi.kode, kwitansi=kwitansi.pk)


# --- The counter: find a member ------------------------------------------------------------


@koperasi_view(TELLER)
def loket(request: KoperasiRequest) -> HttpResponse:
    form = CariForm(request.GET or None)
    hasil = None
    if form.is_valid() and form.cleaned_data["q"]:
        hasil = selectors.anggota_cari_loket(koperasi=request.koperasi, q=form.cleaned_data["q"])
        if hasil.tepat is not None:
            return redirect("savings:loket_anggota", kode=request.koperasi.kode, anggota=hasil.tepat.pk)
    context = {
        "form": form,
        "hasil": hasil,
        "laci": selectors.laci_terbuka(koperasi=request.koperasi, kasir=request.user),
        "hari_ini": selectors.hari_ini(),
    }
    return render(request, "savings/loket.html", context)


@koperasi_view(TELLER)
def loket_anggota(request: KoperasiRequest, anggota: int) -> HttpResponse:
    member = _anggota(request, anggota)
    context = {
        "anggota": member,
        "ringkasan": selectors.ringkasan_anggota(anggota=member, termasuk_ditutup=True),
        "laci": selectors.laci_terbuka(koperasi=request.koperasi, kasir=request.user),
        "terutang": selectors.pengembalian_terutang(anggota=member),
        "form": CariForm(),
        "hari_ini": selectors.hari_ini(),
    }
    return render(request, "savings/anggota.html", context)


@koperasi_view(TELLER)
@require_POST
def rekening_buka(request: KoperasiRequest, anggota: int) -> HttpResponse:
    member = _anggota(request, anggota)
    if member.status != StatusAnggota.AKTIF:
        messages.error(request, _("Rekening hanya dibuka untuk anggota aktif."))
    else:
        dibuka = services.rekening_buka_anggota_baru(anggota=member, tanggal=selectors.hari_ini(), actor=request.user)
        messages.success(
            request,
            _("Rekening dibuka: %(nomor)s.") % {"nomor": ", ".join(r.nomor for r in dibuka)}
            if dibuka
            else _("Semua rekening simpanan anggota ini sudah terbuka."),
        )
    return redirect("savings:loket_anggota", kode=request.koperasi.kode, anggota=member.pk)


# --- Money moves: form → confirm → post → receipt ------------------------------------------


@dataclass
class Ringkasan:
    """What the confirmation page shows before money moves."""

    judul: str
    tombol: str
    baris: list[tuple[str, str]] = field(default_factory=list)
    jumlah: Decimal | None = None
    bahaya: bool = False  # money leaves the koperasi: the button is red

    @property
    def terbilang(self) -> str:
        return terbilang(self.jumlah) if self.jumlah is not None else ""


def _alur(
    request: KoperasiRequest,
    form: KunciForm,
    *,
    periksa: Callable[[dict[str, Any]], None],
    ringkasan: Callable[[dict[str, Any]], Ringkasan],
    jalankan: Callable[[dict[str, Any]], Kwitansi | None],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Form → summary to confirm → post once → receipt. A refusal at any step shows the form
    again with the message beside the field, the rest kept as typed.

    The confirmation goes straight to the service: it checks every rule again under its
    locks, and a repeated confirmation (a double click after the first one committed)
    finds its key there and leads to the same receipt instead of a confusing refusal.
    """
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("konfirmasi") == "1":
                return _ke_kwitansi(request, jalankan(data))
            periksa(data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if "ubah" not in request.POST:
                return render(
                    request, "savings/konfirmasi.html", {**context, "form": form, "ringkasan": ringkasan(data)}
                )
    return render(request, template, {**context, "form": form})


def _baris_rekening(r: RekeningSimpanan) -> list[tuple[str, str]]:
    return [
        (_("Anggota"), f"{r.anggota.nama} ({r.anggota.nomor_anggota})"),
        (_("Rekening"), f"{r.nomor} · {r.produk.nama}"),
    ]


def _setor_tarik(request: KoperasiRequest, rekening: int, arah: str) -> HttpResponse:
    r = _rekening(request, rekening)
    k, hari = request.koperasi, selectors.hari_ini()
    form: JumlahForm = SetorForm(request.POST or None) if arah == "setor" else TarikForm(request.POST or None)

    def periksa(d: dict[str, Any]) -> None:
        services.simpanan_periksa(koperasi=k, rekening=r, jumlah=d["jumlah"], arah=arah)

    def ringkasan(d: dict[str, Any]) -> Ringkasan:
        setor = arah == "setor"
        sesudah = r.saldo + d["jumlah"] if setor else r.saldo - d["jumlah"]
        baris = _baris_rekening(r) + [(_("Saldo sekarang"), rupiah(r.saldo)), (_("Saldo sesudah"), rupiah(sesudah))]
        if setor:
            baris.append((_("Cara bayar"), _("Tunai") if d["cara"] == "tunai" else _("Transfer bank")))
            return Ringkasan(_("Periksa setoran"), _("Ya, terima setoran"), baris, d["jumlah"])
        return Ringkasan(_("Periksa penarikan"), _("Ya, bayarkan penarikan"), baris, d["jumlah"], bahaya=True)

    def jalankan(d: dict[str, Any]) -> Kwitansi | None:
        if arah == "setor":
            return services.simpanan_setor(
                koperasi=k,
                rekening=r,
                jumlah=d["jumlah"],
                tanggal=hari,
                kasir=request.user,
                kunci=d["kunci"],
                tunai=d["cara"] == "tunai",
            ).kwitansi
        return services.simpanan_tarik(
            koperasi=k, rekening=r, jumlah=d["jumlah"], tanggal=hari, kasir=request.user, kunci=d["kunci"]
        ).kwitansi

    context = {"rekening": r, "anggota": r.anggota, "arah": arah}
    return _alur(
        request,
        form,
        periksa=periksa,
        ringkasan=ringkasan,
        jalankan=jalankan,
        template="savings/transaksi.html",
        context=context,
    )


@koperasi_view(TELLER)
def setor(request: KoperasiRequest, rekening: int) -> HttpResponse:
    return _setor_tarik(request, rekening, "setor")


@koperasi_view(TELLER)
def tarik(request: KoperasiRequest, rekening: int) -> HttpResponse:
    return _setor_tarik(request, rekening, "tarik")


def _rekening_pindah(anggota: Anggota) -> QuerySet[RekeningSimpanan]:
    return (
        RekeningSimpanan.objects.filter(anggota=anggota, status=StatusRekening.AKTIF)
        .exclude(jenis=JenisSimpanan.BERJANGKA)
        .select_related("produk", "anggota")
        .order_by("id")
    )


@koperasi_view(TELLER)
def pindah(request: KoperasiRequest, anggota: int) -> HttpResponse:
    member = _anggota(request, anggota)
    k, hari = request.koperasi, selectors.hari_ini()
    pilihan = _rekening_pindah(member)
    form = PindahForm(request.POST or None, rekening=pilihan)

    def periksa(d: dict[str, Any]) -> None:
        if d["asal"].pk == d["tujuan"].pk:
            raise ValidationError({"tujuan": str(services.PINDAH_REKENING_SAMA)})
        services.simpanan_periksa(koperasi=k, rekening=d["asal"], jumlah=d["jumlah"], arah="tarik")
        services.simpanan_periksa(koperasi=k, rekening=d["tujuan"], jumlah=d["jumlah"], arah="setor")

    def ringkasan(d: dict[str, Any]) -> Ringkasan:
        asal, tujuan = d["asal"], d["tujuan"]
        baris = [
            (_("Anggota"), f"{member.nama} ({member.nomor_anggota})"),
            (_("Dari"), f"{asal.nomor} · {asal.produk.nama} (saldo {rupiah(asal.saldo)})"),
            (_("Ke"), f"{tujuan.nomor} · {tujuan.produk.nama} (saldo {rupiah(tujuan.saldo)})"),
        ]
        return Ringkasan(_("Periksa pemindahbukuan"), _("Ya, pindahkan"), baris, d["jumlah"])

    def jalankan(d: dict[str, Any]) -> Kwitansi | None:
        return services.simpanan_pindah(
            koperasi=k,
            asal=d["asal"],
            tujuan=d["tujuan"],
            jumlah=d["jumlah"],
            tanggal=hari,
            actor=request.user,
            kunci=d["kunci"],
        ).kwitansi

    return _alur(
        request,
        form,
        periksa=periksa,
        ringkasan=ringkasan,
        jalankan=jalankan,
        template="savings/pindah.html",
        context={"anggota": member},
    )


@koperasi_view(TELLER)
def berjangka_buka(request: KoperasiRequest, anggota: int) -> HttpResponse:
    member = _anggota(request, anggota)
    k, hari = request.koperasi, selectors.hari_ini()
    form = BerjangkaForm(request.POST or None, produk=selectors.produk_berjangka(koperasi=k))

    def periksa(d: dict[str, Any]) -> None:
        if member.status != StatusAnggota.AKTIF:
            raise ValidationError(str(services.ANGGOTA_TIDAK_AKTIF).format(nama=member.nama))
        sukarela = services.rekening_sukarela(member)
        if d["sumber"] == "sukarela":
            services.simpanan_periksa(koperasi=k, rekening=sukarela, jumlah=d["jumlah"], arah="tarik")

    def ringkasan(d: dict[str, Any]) -> Ringkasan:
        p: ProdukSimpanan = d["produk"]
        assert p.jangka_bulan is not None
        baris = [
            (_("Anggota"), f"{member.nama} ({member.nomor_anggota})"),
            (_("Produk"), p.nama),
            (_("Jasa per tahun"), f"{p.suku_bunga_tahunan.normalize():f}%"),
            (_("Jatuh tempo"), tanggal(berjangka.tambah_bulan(hari, p.jangka_bulan))),
            (_("Sumber dana"), _("Tunai") if d["sumber"] == "tunai" else _("Simpanan sukarela")),
            (_("Denda cair sebelum jatuh tempo"), f"{p.denda_cair_awal_persen.normalize():f}% {_('dari pokok')}"),
        ]
        return Ringkasan(_("Periksa simpanan berjangka"), _("Ya, buka simpanan berjangka"), baris, d["jumlah"])

    def jalankan(d: dict[str, Any]) -> Kwitansi | None:
        return berjangka.berjangka_buka(
            koperasi=k,
            anggota=member,
            produk=d["produk"],
            jumlah=d["jumlah"],
            tanggal=hari,
            kasir=request.user,
            kunci=d["kunci"],
            dari_sukarela=d["sumber"] == "sukarela",
        ).kwitansi

    return _alur(
        request,
        form,
        periksa=periksa,
        ringkasan=ringkasan,
        jalankan=jalankan,
        template="savings/berjangka.html",
        context={"anggota": member},
    )


@koperasi_view(TELLER)
def cairkan(request: KoperasiRequest, rekening: int) -> HttpResponse:
    r = _rekening(request, rekening)
    if r.jenis != JenisSimpanan.BERJANGKA:
        raise Http404(_("Bukan simpanan berjangka."))
    k, hari = request.koperasi, selectors.hari_ini()
    denda = berjangka.denda_cair_awal(r, hari)
    form = CairkanForm(request.POST or None)

    def periksa(d: dict[str, Any]) -> None:
        if r.status != StatusRekening.AKTIF:
            raise ValidationError(str(services.REKENING_TIDAK_AKTIF).format(nomor=r.nomor))

    def ringkasan(d: dict[str, Any]) -> Ringkasan:
        baris = _baris_rekening(r) + [
            (_("Jatuh tempo"), tanggal(r.tanggal_jatuh_tempo)),
            (_("Pokok"), rupiah(r.saldo)),
            (_("Denda cair sebelum jatuh tempo"), rupiah(denda)),
            (_("Dibayar ke"), _("Tunai") if d["ke"] == "tunai" else _("Simpanan sukarela")),
        ]
        return Ringkasan(_("Periksa pencairan"), _("Ya, cairkan"), baris, r.saldo - denda, bahaya=True)

    def jalankan(d: dict[str, Any]) -> Kwitansi | None:
        return berjangka.berjangka_cairkan(
            koperasi=k, rekening=r, tanggal=hari, kasir=request.user, kunci=d["kunci"], tunai=d["ke"] == "tunai"
        ).kwitansi

    return _alur(
        request,
        form,
        periksa=periksa,
        ringkasan=ringkasan,
        jalankan=jalankan,
        template="savings/cairkan.html",
        context={"rekening": r, "anggota": r.anggota, "denda": denda, "hari_ini": hari},
    )


@koperasi_view(TELLER)
def pengembalian(request: KoperasiRequest, anggota: int) -> HttpResponse:
    member = _anggota(request, anggota)
    k, hari = request.koperasi, selectors.hari_ini()
    terutang = selectors.pengembalian_terutang(anggota=member)
    form = PengembalianForm(request.POST or None)

    def periksa(d: dict[str, Any]) -> None:
        if terutang <= 0:
            raise ValidationError(str(penyelesaian.TIDAK_ADA_PENGEMBALIAN).format(nama=member.nama))

    def ringkasan(d: dict[str, Any]) -> Ringkasan:
        baris = [(_("Anggota keluar"), f"{member.nama} ({member.nomor_anggota})")]
        return Ringkasan(_("Periksa pengembalian simpanan"), _("Ya, bayarkan"), baris, terutang, bahaya=True)

    def jalankan(d: dict[str, Any]) -> Kwitansi | None:
        return penyelesaian.pengembalian_bayar(
            koperasi=k, anggota=member, tanggal=hari, kasir=request.user, kunci=d["kunci"]
        )

    context = {
        "anggota": member,
        "terutang": terutang,
        "penyelesaian": selectors.penyelesaian_anggota(anggota=member),
    }
    return _alur(
        request,
        form,
        periksa=periksa,
        ringkasan=ringkasan,
        jalankan=jalankan,
        template="savings/pengembalian.html",
        context=context,
    )


# --- Receipts ------------------------------------------------------------------------------


def _verify_url(request: HttpRequest, k: Kwitansi) -> str:
    return request.build_absolute_uri(
        reverse("savings:kwitansi_verifikasi", kwargs={"kode": k.koperasi.kode, "token": k.token})
    )


def _kwitansi(request: KoperasiRequest, pk: int) -> Kwitansi:
    k = get_for_koperasi(request, Kwitansi, pk)
    if not request.roles & PEMBACA and k.kasir_id != request.user.pk:
        raise Http404(_("Tidak ditemukan."))  # a field collector: their own receipts only
    return k


@koperasi_view(PEMBACA_KWITANSI)
def kwitansi(request: KoperasiRequest, kwitansi: int) -> HttpResponse:
    k = _kwitansi(request, kwitansi)
    context = {
        "k": k,
        "arah": selectors.kwitansi_arah(k),
        "terbilang": terbilang(k.jumlah),
        "mutasi": selectors.kwitansi_rekening(k),
        "verify_url": _verify_url(request, k),
        "alamat": alamat_koperasi(k),
        "ukuran": UKURAN,
    }
    return render(request, "savings/kwitansi.html", context)


@koperasi_view(PEMBACA_KWITANSI)
def kwitansi_unduh(request: KoperasiRequest, kwitansi: int) -> HttpResponse:
    k = _kwitansi(request, kwitansi)
    ukuran = request.GET.get("ukuran", "a5")
    ukuran = ukuran if ukuran in UKURAN else "a5"
    pdf = kwitansi_pdf(k, verify_url=_verify_url(request, k), arah=selectors.kwitansi_arah(k), ukuran=ukuran)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{k.nomor}-{ukuran}.pdf"'
    return response


@public_koperasi
def kwitansi_verifikasi(request: KoperasiRequest, token: str) -> HttpResponse:
    """Public: number, date, amount and koperasi only — nothing about the member."""
    k = get_object_or_404(Kwitansi, koperasi=request.koperasi, token=token)
    return render(request, "savings/kwitansi_verifikasi.html", {"k": k, "koperasi": request.koperasi})


# --- Statements (buku simpanan) ------------------------------------------------------------


def _buku_context(request: KoperasiRequest, r: RekeningSimpanan) -> dict[str, Any]:
    form = PeriodeForm(request.GET or None)
    periode = form.cleaned_data if form.is_valid() else {}
    dari, sampai = periode.get("dari"), periode.get("sampai")
    mutasi = selectors.mutasi_rekening(rekening=r, dari=dari, sampai=sampai)
    page = Paginator(mutasi, BUKU_PER_HALAMAN).get_page(request.GET.get("hal"))
    first = page.object_list[0] if page.object_list else None
    query = request.GET.copy()
    query.pop("hal", None)
    return {
        "rekening": r,
        "anggota": r.anggota,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "saldo_awal": selectors.saldo_sebelum(rekening=r, dari=dari),
        "saldo_awal_halaman": first.saldo_setelah - first.jumlah if first else None,
        "jumlah": selectors.jumlah_periode(mutasi),
    }


def _buku_pdf(request: KoperasiRequest, r: RekeningSimpanan) -> HttpResponse:
    form = PeriodeForm(request.GET or None)
    periode = form.cleaned_data if form.is_valid() else {}
    dari, sampai = periode.get("dari"), periode.get("sampai")
    pdf = buku_simpanan_pdf(
        rekening=r,
        mutasi=selectors.mutasi_rekening(rekening=r, dari=dari, sampai=sampai).iterator(chunk_size=1000),
        saldo_awal=selectors.saldo_sebelum(rekening=r, dari=dari),
        dari=dari,
        sampai=sampai,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="buku-simpanan-{r.nomor}.pdf"'
    return response


@koperasi_view(PEMBACA)
def buku(request: KoperasiRequest, rekening: int) -> HttpResponse:
    context = _buku_context(request, _rekening(request, rekening))
    context["pdf_url"] = reverse("savings:buku_pdf", args=[request.koperasi.kode, rekening])
    context["boleh_balik"] = bool(request.roles & PEMBALIK)  # koreksi: pengurus/manajer only
    return render(request, "savings/buku.html", context)


@koperasi_view(PEMBACA)
def buku_pdf(request: KoperasiRequest, rekening: int) -> HttpResponse:
    return _buku_pdf(request, _rekening(request, rekening))


def _rekening_saya(request: KoperasiRequest, pk: int) -> RekeningSimpanan:
    """A member sees only their own accounts: another's is 404 like any foreign row."""
    r = _rekening(request, pk)
    if r.anggota.user_id is None or r.anggota.user_id != request.user.pk:
        raise Http404(_("Tidak ditemukan."))
    return r


@koperasi_view({NamaPeran.ANGGOTA})
def saya_buku(request: KoperasiRequest, rekening: int) -> HttpResponse:
    context = _buku_context(request, _rekening_saya(request, rekening))
    context["pdf_url"] = reverse("savings:saya_buku_pdf", args=[request.koperasi.kode, rekening])
    context["saya"] = True
    return render(request, "savings/buku.html", context)


@koperasi_view({NamaPeran.ANGGOTA})
def saya_buku_pdf(request: KoperasiRequest, rekening: int) -> HttpResponse:
    return _buku_pdf(request, _rekening_saya(request, rekening))


# --- Cash drawer ---------------------------------------------------------------------------


@koperasi_view(PEMBACA_KWITANSI)
def laci(request: KoperasiRequest) -> HttpResponse:
    """The kasir's own drawer (open or close it) and the list of drawers; the board and the
    pengawas see every kasir's drawers, and the pengawas only reads."""
    k = request.koperasi
    kasir = bool(request.roles & PEMEGANG_LACI)
    sesi = selectors.laci_terbuka(koperasi=k, kasir=request.user) if kasir else None
    semua = bool(request.roles & PENGAWAS_LACI)
    daftar = selectors.laci_daftar(koperasi=k, kasir=None if semua else request.user)
    context = {
        "sesi": sesi,
        "ringkasan": selectors.laci_ringkasan(sesi=sesi) if sesi else None,
        "buka_form": LaciBukaForm(),
        "tutup_form": LaciTutupForm(),
        "page": Paginator(daftar, LACI_PER_HALAMAN).get_page(request.GET.get("hal")),
        "query": "",
        "semua": semua,
        "kasir": kasir,
    }
    return render(request, "savings/laci.html", context)


@koperasi_view(PEMEGANG_LACI)
@require_POST
def laci_buka(request: KoperasiRequest) -> HttpResponse:
    form = LaciBukaForm(request.POST)
    if form.is_valid():
        try:
            laci_services.laci_buka(
                koperasi=request.koperasi,
                kasir=request.user,
                saldo_awal=form.cleaned_data["saldo_awal"],
                tanggal=selectors.hari_ini(),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Laci kas dibuka. Selamat bertugas."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("savings:laci", kode=request.koperasi.kode)


@koperasi_view(PEMEGANG_LACI)
def laci_tutup(request: KoperasiRequest, sesi: int) -> HttpResponse:
    s = get_for_koperasi(request, SesiKas, sesi)
    if s.kasir_id != request.user.pk:
        raise Http404(_("Tidak ditemukan."))
    if request.method != "POST":
        return redirect("savings:laci", kode=request.koperasi.kode)
    form = LaciTutupForm(request.POST)
    if form.is_valid():
        try:
            closed = laci_services.laci_tutup(
                sesi=s, actor=request.user, uang_dihitung=form.cleaned_data["uang_dihitung"], rincian=form.rincian()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _selisih_pesan(closed.selisih or Decimal(0)))
            return redirect("savings:laci_laporan", kode=request.koperasi.kode, sesi=s.pk)
    context = {
        "sesi": s,
        "ringkasan": selectors.laci_ringkasan(sesi=s),
        "tutup_form": form,
        "buka_form": LaciBukaForm(),
        "page": None,
        "kasir": True,
    }
    return render(request, "savings/laci.html", context)


def _selisih_pesan(selisih: Decimal) -> str:
    if selisih > 0:
        return _("Laci ditutup. Uang lebih %(n)s, dibukukan ke pendapatan lain-lain.") % {"n": rupiah(selisih)}
    if selisih < 0:
        return _("Laci ditutup. Uang kurang %(n)s, dibukukan ke beban lain-lain.") % {"n": rupiah(-selisih)}
    return _("Laci ditutup. Uang cocok, tidak ada selisih.")


@koperasi_view(PEMBACA_KWITANSI)
def laci_laporan(request: KoperasiRequest, sesi: int) -> HttpResponse:
    s = get_for_koperasi(request, SesiKas, sesi)
    if s.kasir_id != request.user.pk and not request.roles & PENGAWAS_LACI:
        raise Http404(_("Tidak ditemukan."))
    return render(request, "savings/laci_laporan.html", {"sesi": s, "ringkasan": selectors.laci_ringkasan(sesi=s)})


# --- Products ------------------------------------------------------------------------------


@koperasi_view(PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS})
def produk_list(request: KoperasiRequest) -> HttpResponse:
    produk = selectors.produk_daftar(koperasi=request.koperasi)
    context = {"produk": produk, "boleh_ubah": bool(request.roles & PENGURUS)}
    return render(request, "savings/produk_list.html", context)


@koperasi_view(PENGURUS)
def produk_ubah(request: KoperasiRequest, produk: int) -> HttpResponse:
    p = get_for_koperasi(request, ProdukSimpanan, produk)
    form = ProdukForm(request.POST or None, instance=ProdukSimpanan.objects.get(pk=p.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.produk_ubah(produk=p, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Pengaturan %(nama)s disimpan dan tercatat di jejak audit.") % {"nama": p.nama})
            return redirect("savings:produk_list", kode=request.koperasi.kode)
    return render(request, "savings/produk_ubah.html", {"produk": p, "form": form})
