"""Pages for rescheduling (restrukturisasi), write-off (hapus buku) and recoveries
(pemulihan) of one loan. Views parse input, call ``loans.restrukturisasi`` and render.

Rescheduling posts in two steps: the form answers with the new schedule to check, and
only the confirmation writes it (with the schedule version the user saw, so a double
click or a colleague's change is refused instead of rescheduling twice). A write-off is
proposed on one page and approved there by another pengurus (a POST to
``hapus_buku_setujui`` with its idempotency key). A recovery is cash at the counter:
form → confirmation → receipt, like the savings counter.
"""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gotong.core.formatting import rupiah
from gotong.core.forms import apply_service_errors
from gotong.core.models import AuditLog
from gotong.core.money import ZERO
from gotong.ledger.models import Akun
from gotong.loans import restrukturisasi as layanan
from gotong.loans.models import Angsuran, JenisPembayaran, PembayaranPinjaman, Pinjaman, StatusPinjaman
from gotong.savings import selectors
from gotong.savings.forms import JumlahForm, KunciForm
from gotong.savings.models import Kwitansi
from gotong.savings.services import LACI_BELUM_DIBUKA, LACI_HARI_LAIN
from gotong.savings.views import Ringkasan, _alur
from gotong.tenancy.models import PENGURUS, NamaPeran
from gotong.tenancy.scope import KoperasiRequest, get_for_koperasi, koperasi_view

# Who may open each page (everyone else: 404, like another koperasi's page).
PENJADWAL = layanan.PENJADWAL
PEMBACA_HAPUS_BUKU = layanan.PENGUSUL_HAPUS_BUKU
PENERIMA_PEMULIHAN = PENGURUS | {NamaPeran.KASIR, NamaPeran.MANAJER}


def _pinjaman(request: KoperasiRequest, pk: int) -> Pinjaman:
    p = get_for_koperasi(request, Pinjaman, pk)
    return Pinjaman.objects.select_related("anggota", "produk", "hapus_buku_diusulkan_oleh").get(pk=p.pk)


# --- Rescheduling ------------------------------------------------------------------------------


class RestrukturisasiForm(forms.Form):
    tenor_baru = forms.CharField(
        label=gettext_lazy("Jangka waktu baru (jumlah angsuran)"),
        max_length=4,
        error_messages={"required": layanan.TENOR_BARU_TIDAK_SAH},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": "autofocus"}),
    )
    suku_bunga_baru = forms.CharField(
        label=gettext_lazy("Suku bunga baru (%)"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    alasan = forms.CharField(
        label=gettext_lazy("Alasan penjadwalan ulang"),
        max_length=300,
        error_messages={"required": layanan.ALASAN_RESTRUKTURISASI},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    versi = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, pinjaman: Pinjaman, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        suku = f"{pinjaman.suku_bunga.normalize():f}".replace(".", ",")
        self.fields["suku_bunga_baru"].help_text = _(
            "Kosongkan untuk tetap %(suku)s%% %(satuan)s. Metode tetap %(metode)s."
        ) % {"suku": suku, "satuan": pinjaman.get_satuan_bunga_display(), "metode": pinjaman.get_metode_display()}
        self.fields["tenor_baru"].help_text = _("Paling lama %(maks)s angsuran (batas produk).") % {
            "maks": pinjaman.produk.tenor_maks
        }
        if not self.is_bound:
            self.initial["versi"] = pinjaman.versi_jadwal


def _riwayat_restrukturisasi(p: Pinjaman) -> list[AuditLog]:
    return list(
        AuditLog.objects.filter(
            koperasi_id=p.koperasi_id, objek_tipe="loans.pinjaman", objek_id=str(p.pk), aksi="pinjaman.restrukturisasi"
        )
        .select_related("aktor")
        .order_by("waktu", "id")
    )


def _jadwal_versi(p: Pinjaman) -> dict[int, list[Angsuran]]:
    versi: dict[int, list[Angsuran]] = {}
    for a in Angsuran.objects.filter(pinjaman=p).order_by("versi", "ke"):
        versi.setdefault(a.versi, []).append(a)
    return versi


@koperasi_view(PENJADWAL)
def restrukturisasi(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    hari = selectors.hari_ini()
    form = RestrukturisasiForm(request.POST or None, pinjaman=p)
    context: dict[str, Any] = {
        "pinjaman": p,
        "anggota": p.anggota,
        "hari_ini": hari,
        "berjalan": p.status == StatusPinjaman.AKTIF,
        "riwayat": _riwayat_restrukturisasi(p),
        "versi": sorted(_jadwal_versi(p).items(), reverse=True),
    }
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        args = {
            "pinjaman": p,
            "tenor_baru": d["tenor_baru"],
            "suku_bunga_baru": d["suku_bunga_baru"],
            "tanggal": hari,
            "roles": request.roles,
            "alasan": d["alasan"],
        }
        try:
            if request.POST.get("konfirmasi") == "1":
                layanan.restrukturisasi_buat(**args, actor=request.user, versi=d["versi"])
                messages.success(
                    request,
                    _("Pinjaman %(nomor)s dijadwal ulang: %(tenor)s angsuran mulai %(tanggal)s.")
                    % {"nomor": p.nomor, "tenor": d["tenor_baru"], "tanggal": hari.strftime("%d-%m-%Y")},
                )
                return redirect("loans:restrukturisasi", kode=request.koperasi.kode, pinjaman=p.pk)
            if d["versi"] != p.versi_jadwal:
                raise ValidationError(str(layanan.JADWAL_SUDAH_BERUBAH).format(nomor=p.nomor))
            rencana = layanan.restrukturisasi_pratinjau(**args)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if "ubah" not in request.POST:
                return render(
                    request, "loans/restrukturisasi_pratinjau.html", {**context, "form": form, "rencana": rencana}
                )
    return render(request, "loans/restrukturisasi.html", {**context, "form": form})


# --- Write-off ---------------------------------------------------------------------------------


class AlasanForm(forms.Form):
    alasan = forms.CharField(
        label=gettext_lazy("Alasan"),
        max_length=300,
        error_messages={"required": gettext_lazy("Tulis alasannya.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _akun_nama(koperasi: Any, kode: list[str]) -> dict[str, str]:
    return dict(Akun.objects.filter(koperasi=koperasi, kode__in=kode).values_list("kode", "nama"))


@koperasi_view(PEMBACA_HAPUS_BUKU)
def hapus_buku(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    """The write-off of one loan: the proposal form, the pending proposal with the entry it
    would post (approve/reject for a pengurus other than the proposer), or the outcome."""
    p = _pinjaman(request, pinjaman)
    usul_form = AlasanForm(prefix="usul")
    tolak_form = AlasanForm(prefix="tolak")
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        form = AlasanForm(request.POST, prefix=aksi if aksi in ("usul", "tolak") else "usul")
        if aksi == "tolak":
            tolak_form = form
        else:
            usul_form = form
        if form.is_valid():
            try:
                if aksi == "tolak":
                    layanan.hapus_buku_tolak(
                        pinjaman=p, actor=request.user, roles=request.roles, alasan=form.cleaned_data["alasan"]
                    )
                    messages.success(request, _("Usulan hapus buku %(nomor)s ditolak.") % {"nomor": p.nomor})
                else:
                    layanan.hapus_buku_usulkan(
                        pinjaman=p, actor=request.user, roles=request.roles, alasan=form.cleaned_data["alasan"]
                    )
                    messages.success(
                        request,
                        _("Hapus buku %(nomor)s diusulkan; menunggu persetujuan pengurus lain.") % {"nomor": p.nomor},
                    )
                return redirect("loans:hapus_buku", kode=request.koperasi.kode, pinjaman=p.pk)
            except ValidationError as exc:
                apply_service_errors(form, exc)
    rincian = layanan.hapus_buku_rincian(p) if p.status == StatusPinjaman.AKTIF else []
    nama_akun = _akun_nama(request.koperasi, [b.kode for b in rincian])
    diusulkan = p.status == StatusPinjaman.AKTIF and p.hapus_buku_diusulkan_oleh_id is not None
    pengurus = bool(request.roles & PENGURUS)
    pulih = list(
        PembayaranPinjaman.objects.filter(pinjaman=p, jenis=JenisPembayaran.PEMULIHAN)
        .select_related("kwitansi")
        .order_by("tanggal", "id")
    )
    context = {
        "pinjaman": p,
        "anggota": p.anggota,
        "berjalan": p.status == StatusPinjaman.AKTIF,
        "dihapus": p.status == StatusPinjaman.HAPUS_BUKU,
        "diusulkan": diusulkan,
        "rincian": [(b, nama_akun.get(b.kode, "")) for b in rincian],
        "total_debit": sum((b.jumlah for b in rincian if b.sisi == "D"), ZERO),
        "boleh_usul": not diusulkan,
        "boleh_setujui": diusulkan and pengurus and p.hapus_buku_diusulkan_oleh_id != request.user.pk,
        "boleh_tolak": diusulkan and (pengurus or p.hapus_buku_diusulkan_oleh_id == request.user.pk),
        "usul_sendiri": diusulkan and p.hapus_buku_diusulkan_oleh_id == request.user.pk,
        "usul_form": usul_form,
        "tolak_form": tolak_form,
        "kunci": uuid.uuid4().hex,
        "pemulihan": pulih,
        "total_pemulihan": sum((b.jumlah for b in pulih), ZERO),
        "boleh_pemulihan": bool(request.roles & PENERIMA_PEMULIHAN),
        "hari_ini": selectors.hari_ini(),
    }
    return render(request, "loans/hapus_buku.html", context)


@koperasi_view(layanan.PENYETUJU_HAPUS_BUKU)
@require_POST
def hapus_buku_setujui(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    """A pengurus approves the pending write-off: the entry is posted once (hidden key)."""
    p = _pinjaman(request, pinjaman)
    form = KunciForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            hasil = layanan.hapus_buku_setujui(
                pinjaman=p,
                actor=request.user,
                roles=request.roles,
                tanggal=selectors.hari_ini(),
                kunci=form.cleaned_data["kunci"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Pinjaman %(nomor)s dihapusbukukan: %(jumlah)s, jurnal %(jurnal)s.")
                % {"nomor": p.nomor, "jumlah": rupiah(hasil.pinjaman.sisa_hapus_buku), "jurnal": hasil.jurnal.nomor},
            )
    return redirect("loans:hapus_buku", kode=request.koperasi.kode, pinjaman=p.pk)


# --- Recovery ----------------------------------------------------------------------------------


@koperasi_view(PENERIMA_PEMULIHAN)
def pemulihan(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    hari = selectors.hari_ini()
    form = JumlahForm(request.POST or None)

    def periksa(d: dict[str, Any]) -> None:
        layanan.pemulihan_periksa(p, d["jumlah"], hari)
        laci = selectors.laci_terbuka(koperasi=request.koperasi, kasir=request.user)
        if laci is None:
            raise ValidationError(str(LACI_BELUM_DIBUKA))
        if laci.tanggal != hari:
            raise ValidationError(str(LACI_HARI_LAIN).format(tanggal=laci.tanggal.strftime("%d-%m-%Y")))

    def ringkasan(d: dict[str, Any]) -> Ringkasan:
        baris = [
            (_("Anggota"), f"{p.anggota.nama} ({p.anggota.nomor_anggota})"),
            (_("Pinjaman"), f"{p.nomor} · {p.produk.nama}"),
            (_("Sisa hapus buku (belum pulih)"), rupiah(p.sisa_hapus_buku)),
            (_("Sesudah pemulihan ini"), rupiah(p.sisa_hapus_buku - d["jumlah"])),
            (_("Dibukukan ke"), _("Pendapatan lain-lain (pemulihan pinjaman hapus buku)")),
        ]
        return Ringkasan(_("Periksa pemulihan pinjaman"), _("Ya, terima uang"), baris, d["jumlah"])

    def jalankan(d: dict[str, Any]) -> Kwitansi | None:
        return layanan.pemulihan_bayar(
            pinjaman=p, jumlah=d["jumlah"], tanggal=hari, actor=request.user, kunci=d["kunci"]
        ).kwitansi

    context = {
        "pinjaman": p,
        "anggota": p.anggota,
        "hari_ini": hari,
        "laci": selectors.laci_terbuka(koperasi=request.koperasi, kasir=request.user),
        "dihapus": p.status == StatusPinjaman.HAPUS_BUKU,
    }
    return _alur(
        request,
        form,
        periksa=periksa,
        ringkasan=ringkasan,
        jalankan=jalankan,
        template="loans/hapus_buku_pemulihan.html",
        context=context,
    )
