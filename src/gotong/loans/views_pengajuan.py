"""Loan pages from the product to the money going out: the list, the application (staff
and member), the analysis and decision, the disbursement (confirm, then post once), the
loan's hub, collateral documents, the PDFs, products and settings, and the public
simulator. Views parse input, call a service or selector, and render.

Who may do what (roles of gotong.tenancy.models):
* enter an application: pengurus, manajer, kasir, petugas lapangan;
* decide: ``services.PEMUTUS`` (the service enforces maker-checker and the role's limit);
* disburse: pengurus, manajer, kasir (cash needs the user's own open drawer);
* the pengawas reads everything; products and settings are changed by the pengurus.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gotong.core.formatting import rupiah
from gotong.core.forms import apply_service_errors
from gotong.core.pagination import BoundedPaginator
from gotong.loans import selectors, services
from gotong.loans.forms import (
    BatalForm,
    CairForm,
    KeputusanForm,
    PengajuanForm,
    PengaturanForm,
    ProdukForm,
    SimulasiForm,
)
from gotong.loans.models import (
    CaraCair,
    Jaminan,
    Kolektibilitas,
    Metode,
    PembayaranPinjaman,
    Pinjaman,
    ProdukPinjaman,
    StatusPinjaman,
)
from gotong.loans.pdf import jadwal_pdf as buat_jadwal_pdf
from gotong.loans.pdf import perjanjian_pdf as buat_perjanjian_pdf
from gotong.members.models import Anggota, StatusAnggota
from gotong.savings import selectors as simpanan
from gotong.savings.models import Kwitansi
from gotong.savings.receipt import terbilang
from gotong.savings.services import LACI_BELUM_DIBUKA, LACI_HARI_LAIN, rekening_sukarela
from gotong.tenancy.models import PEMBACA_AUDIT, PENGURUS, NamaPeran
from gotong.tenancy.scope import KoperasiRequest, get_for_koperasi, koperasi_view, public_koperasi

PENGAJU = PENGURUS | {NamaPeran.MANAJER, NamaPeran.KASIR, NamaPeran.PETUGAS_LAPANGAN}
PEMBACA = PENGAJU | {NamaPeran.PENGAWAS}
PENCAIR = PENGURUS | {NamaPeran.MANAJER, NamaPeran.KASIR}
PEMBACA_PRODUK = PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS}
PER_HALAMAN = 25

ANGGOTA_BELUM_TERTAUT = gettext_lazy("Data keanggotaan Anda belum tertaut ke akun ini.")

PENJELASAN_METODE: dict[str, Any] = {
    Metode.FLAT: gettext_lazy(
        "Flat: pokok dibagi rata per angsuran, jasa dihitung dari jumlah pinjaman awal setiap periode. "
        "Angsuran sama besar dari awal sampai akhir."
    ),
    Metode.MENURUN: gettext_lazy(
        "Menurun (efektif): pokok dibagi rata per angsuran, jasa dihitung dari sisa pokok. "
        "Angsuran paling besar di awal lalu makin kecil."
    ),
    Metode.ANUITAS: gettext_lazy(
        "Anuitas: angsuran sama besar; jasa dihitung dari sisa pokok, sehingga bagian pokok makin besar "
        "dan bagian jasa makin kecil."
    ),
}


def _pinjaman(request: KoperasiRequest, pk: int) -> Pinjaman:
    p = get_for_koperasi(request, Pinjaman, pk)
    return Pinjaman.objects.select_related("anggota", "produk", "koperasi", "diajukan_oleh", "diputus_oleh").get(
        pk=p.pk
    )


def _hari_ini() -> Any:
    return selectors.hari_ini()


def _ke_detail(request: KoperasiRequest, p: Pinjaman) -> HttpResponse:
    return redirect("loans:detail", kode=request.koperasi.kode, pinjaman=p.pk)


def _service_errors(form: Any, exc: ValidationError, remap: dict[str, str] | None = None) -> None:
    """A service's errors beside the fields, with its names mapped to this form's."""
    if remap and hasattr(exc, "error_dict"):
        exc = ValidationError({remap.get(k, k): v for k, v in exc.error_dict.items()})
    apply_service_errors(form, exc)


# --- The list ------------------------------------------------------------------------------


@koperasi_view(PEMBACA)
def daftar(request: KoperasiRequest) -> HttpResponse:
    k = request.koperasi
    q = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    status = status if status in StatusPinjaman.values else ""
    produk_list = list(ProdukPinjaman.objects.filter(koperasi=k).order_by("nama"))
    produk = next((x for x in produk_list if str(x.pk) == request.GET.get("produk")), None)
    kol_raw = request.GET.get("kol", "")
    kol = int(kol_raw) if kol_raw in {str(v) for v in Kolektibilitas.values} else None
    qs = selectors.pinjaman_daftar(koperasi=k, q=q, status=status, produk=produk, kolektibilitas=kol)
    page = BoundedPaginator(qs, PER_HALAMAN).get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    jumlah = selectors.jumlah_per_status(koperasi=k)
    context = {
        "page": page,
        "query": query.urlencode(),
        "q": q,
        "status": status,
        "produk_pilih": produk,
        "produk_list": produk_list,
        "kol": kol,
        "status_pilihan": [(v, label, jumlah[v]) for v, label in StatusPinjaman.choices],
        "kol_pilihan": Kolektibilitas.choices,
        "boleh_ajukan": bool(request.roles & PENGAJU),
        "boleh_produk": bool(request.roles & PEMBACA_PRODUK),
    }
    return render(request, "loans/daftar.html", context)


# --- The application -----------------------------------------------------------------------


@dataclass
class Pratinjau:
    """The schedule preview beside the application form (and the simulator's result)."""

    produk: ProdukPinjaman | None = None
    jadwal: Any = None
    galat: list[str] = field(default_factory=list)
    biaya: tuple[Decimal, Decimal, Decimal] | None = None

    @property
    def total_biaya(self) -> Decimal:
        return sum(self.biaya, Decimal(0)) if self.biaya else Decimal(0)

    @property
    def diterima(self) -> Decimal | None:
        if self.jadwal is None or self.produk is None:
            return None
        pokok = self.jadwal.syarat.pokok
        return pokok - self.total_biaya if self.produk.biaya_dipotong else pokok

    @property
    def penjelasan(self) -> str:
        return PENJELASAN_METODE.get(self.produk.metode, "") if self.produk else ""

    @property
    def per_bulan(self) -> Decimal | None:
        return selectors.angsuran_per_bulan(self.jadwal) if self.jadwal is not None else None


def _pratinjau(produk: ProdukPinjaman | None, pokok: Any, tenor: Any) -> Pratinjau:
    if produk is None or pokok in (None, "") or tenor in (None, ""):
        return Pratinjau(produk)
    try:
        jadwal = services.simulasi(produk=produk, pokok=pokok, tenor=tenor)
    except ValidationError as exc:
        return Pratinjau(produk, galat=list(exc.messages))
    return Pratinjau(produk, jadwal, biaya=services.biaya_pinjaman(produk, jadwal.syarat.pokok))


def _pratinjau_form(form: PengajuanForm | SimulasiForm) -> Pratinjau:
    data = getattr(form, "cleaned_data", {})
    return _pratinjau(data.get("produk"), data.get("pokok"), data.get("tenor"))


def _simpan_pengajuan(
    request: KoperasiRequest, form: PengajuanForm, anggota: Anggota, *, oleh_anggota: bool
) -> Pinjaman | None:
    d = form.cleaned_data
    try:
        return services.pengajuan_buat(
            koperasi=request.koperasi,
            anggota=anggota,
            produk=d["produk"],
            pokok=d["pokok"],
            tenor=d["tenor"],
            tujuan=d["tujuan"],
            penghasilan_bulanan=d["penghasilan_bulanan"],
            actor=request.user,
            jaminan=form.jaminan_data(),
            penjamin_nama=d["penjamin_nama"],
            penjamin_hubungan=d["penjamin_hubungan"],
            penjamin_telepon=d["penjamin_telepon"],
            oleh_anggota=oleh_anggota,
            petugas=d.get("petugas"),
            autodebet=d["autodebet"],
        )
    except ValidationError as exc:
        _service_errors(form, exc, {"jaminan": "jaminan_0_uraian"})
        return None


def _form_pengajuan(request: KoperasiRequest, *, staf: bool) -> PengajuanForm:
    k = request.koperasi
    produk = selectors.produk_aktif(k)
    petugas = selectors.petugas_lapangan(k) if staf else None
    if request.method == "POST":
        return PengajuanForm(request.POST, request.FILES, produk=produk, petugas=petugas)
    return PengajuanForm(initial={"produk": request.GET.get("produk")}, produk=produk, petugas=petugas)


@koperasi_view(PENGAJU)
def ajukan(request: KoperasiRequest) -> HttpResponse:
    k = request.koperasi
    pk = request.POST.get("anggota") or request.GET.get("anggota")
    if not pk or not str(pk).isdigit():
        q = request.GET.get("q", "").strip()[:300]
        hasil = simpanan.anggota_cari_loket(koperasi=k, q=q) if q else None
        if hasil is not None and hasil.tepat is not None:
            return redirect(reverse("loans:ajukan", args=[k.kode]) + f"?anggota={hasil.tepat.pk}")
        return render(request, "loans/ajukan.html", {"cari": True, "q": q, "hasil": hasil})
    anggota = get_for_koperasi(request, Anggota, pk)
    form = _form_pengajuan(request, staf=True)
    pratinjau = Pratinjau()
    if request.method == "POST":
        if form.is_valid() and "pratinjau" not in request.POST:
            p = _simpan_pengajuan(request, form, anggota, oleh_anggota=False)
            if p is not None:
                messages.success(
                    request,
                    _("Pengajuan %(nomor)s tersimpan. Pinjaman diputus oleh pengurus lain di layar analisa.")
                    % {"nomor": p.nomor},
                )
                return _ke_detail(request, p)
        pratinjau = _pratinjau_form(form)
    context = {
        "anggota": anggota,
        "aktif": anggota.status == StatusAnggota.AKTIF,
        "form": form,
        "pratinjau": pratinjau,
        "pinjaman_lain": selectors.pinjaman_anggota(anggota, termasuk_selesai=False),
    }
    return render(request, "loans/ajukan.html", context)


@koperasi_view({NamaPeran.ANGGOTA})
def saya_ajukan(request: KoperasiRequest) -> HttpResponse:
    anggota = Anggota.objects.filter(koperasi=request.koperasi, user=request.user).first()  # type: ignore[misc]
    if anggota is None:
        raise Http404(ANGGOTA_BELUM_TERTAUT)
    form = _form_pengajuan(request, staf=False)
    pratinjau = Pratinjau()
    if request.method == "POST":
        if form.is_valid() and "pratinjau" not in request.POST:
            p = _simpan_pengajuan(request, form, anggota, oleh_anggota=True)
            if p is not None:
                messages.success(
                    request,
                    _("Pengajuan pinjaman %(nomor)s terkirim. Pengurus akan memeriksanya; statusnya tampil di sini.")
                    % {"nomor": p.nomor},
                )
                return redirect("loans:saya", kode=request.koperasi.kode)
        pratinjau = _pratinjau_form(form)
    context = {
        "anggota": anggota,
        "aktif": anggota.status == StatusAnggota.AKTIF,
        "form": form,
        "pratinjau": pratinjau,
    }
    return render(request, "loans/saya_ajukan.html", context)


# --- The public simulator ------------------------------------------------------------------


@public_koperasi
def simulasi(request: KoperasiRequest) -> HttpResponse:
    """Public: a product's schedule for an amount and tenor. With htmx (the preview beside
    the application form) only the result is sent."""
    k = request.koperasi
    produk = selectors.produk_aktif(k)
    data = request.GET if "pokok" in request.GET else None
    form = SimulasiForm(data, produk=produk, initial={"produk": request.GET.get("produk") or produk.first()})
    pratinjau = Pratinjau()
    if form.is_bound:
        if form.is_valid():
            pratinjau = _pratinjau_form(form)
            if pratinjau.galat:
                _service_errors(form, ValidationError(pratinjau.galat))
        else:
            pratinjau = Pratinjau(galat=[str(e) for errors in form.errors.values() for e in errors])
    if request.htmx:
        ringkas = request.GET.get("ringkas") == "1"  # beside the application form: the table folded
        return render(request, "loans/simulasi_hasil.html", {"pratinjau": pratinjau, "ringkas": ringkas})
    context = {"koperasi": k, "form": form, "pratinjau": pratinjau, "produk_list": produk}
    return render(request, "loans/simulasi.html", context)


# --- Analysis and decision -----------------------------------------------------------------


def _analisa_context(request: KoperasiRequest, p: Pinjaman, form: KeputusanForm | None) -> dict[str, Any]:
    jadwal = selectors.jadwal_rencana(p)
    rasio = selectors.rasio_angsuran(p)
    lain = selectors.anggota_pinjaman_lain(p)
    jaminan = list(p.jaminan.all())
    boleh_putus = bool(request.roles & services.PEMUTUS) and p.status == StatusPinjaman.DIAJUKAN
    if form is None and boleh_putus:
        form = KeputusanForm(petugas=selectors.petugas_lapangan(request.koperasi))
    return {
        "p": p,
        "anggota": p.anggota,
        "simpanan": simpanan.ringkasan_anggota(anggota=p.anggota),
        "pinjaman_lain": lain,
        "sisa_lain": selectors.total(lain, "sisa_pokok"),
        "jadwal": jadwal,
        "per_bulan": selectors.angsuran_per_bulan(jadwal),
        "rasio": rasio,
        "rasio_maks": p.produk.rasio_angsuran_maks,
        "rasio_lebih": rasio is not None and rasio > p.produk.rasio_angsuran_maks,
        "jaminan": jaminan,
        "jaminan_total": selectors.total(jaminan, "nilai_taksiran"),
        "jaminan_diakui": selectors.total(jaminan, "nilai_diakui"),
        "jaminan_wajib": p.pokok > p.produk.jaminan_di_atas,
        "kolektibilitas": selectors.riwayat_kolektibilitas(p.anggota),
        "form": form if boleh_putus else None,
        "sendiri": p.diajukan_oleh_id == request.user.pk,
        "penjelasan": PENJELASAN_METODE.get(p.metode, ""),
    }


@koperasi_view(PEMBACA)
def analisa(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    return render(request, "loans/analisa.html", _analisa_context(request, p, None))


@koperasi_view(services.PEMUTUS)
@require_POST
def putuskan(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    form = KeputusanForm(request.POST, petugas=selectors.petugas_lapangan(request.koperasi))
    if form.is_valid():
        d = form.cleaned_data
        try:
            if d["keputusan"] == "setujui":
                services.pinjaman_setujui(
                    pinjaman=p, actor=request.user, roles=request.roles, catatan=d["catatan"], petugas=d.get("petugas")
                )
                messages.success(
                    request, _("Pinjaman %(nomor)s disetujui. Lanjutkan ke pencairan.") % {"nomor": p.nomor}
                )
            else:
                services.pinjaman_tolak(pinjaman=p, actor=request.user, roles=request.roles, alasan=d["catatan"])
                messages.success(request, _("Pengajuan %(nomor)s ditolak; alasannya tercatat.") % {"nomor": p.nomor})
        except ValidationError as exc:
            _service_errors(form, exc, {"alasan": "catatan"})
        else:
            return _ke_detail(request, p)
    return render(request, "loans/analisa.html", _analisa_context(request, p, form))


@koperasi_view(PENGAJU)
@require_POST
def batal(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    form = BatalForm(request.POST)
    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    try:
        services.pinjaman_batalkan(pinjaman=p, actor=request.user, alasan=alasan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Pinjaman %(nomor)s dibatalkan.") % {"nomor": p.nomor})
    return _ke_detail(request, p)


# --- Disbursement: form → confirm → post once → the loan's page ----------------------------


@dataclass
class Ringkasan:
    """What the confirmation page shows before money moves (as in savings)."""

    judul: str
    tombol: str
    baris: list[tuple[str, str]] = field(default_factory=list)
    jumlah: Decimal | None = None
    bahaya: bool = False

    @property
    def terbilang(self) -> str:
        return terbilang(self.jumlah) if self.jumlah is not None else ""


def _diterima(p: Pinjaman) -> Decimal:
    return p.pokok - p.total_biaya if p.biaya_dipotong else p.pokok


def _butuh_laci(p: Pinjaman, cara: str) -> bool:
    return cara == CaraCair.TUNAI or (not p.biaya_dipotong and p.total_biaya > 0)


@koperasi_view(PENCAIR)
def cairkan(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    hari = _hari_ini()
    laci = simpanan.laci_terbuka(koperasi=request.koperasi, kasir=request.user)
    form = CairForm(request.POST or None)

    def periksa(d: dict[str, Any]) -> None:
        if p.status != StatusPinjaman.DISETUJUI:
            raise ValidationError(
                str(services.BELUM_DISETUJUI).format(nomor=p.nomor, status=p.get_status_display().lower())
            )
        if p.anggota.status != StatusAnggota.AKTIF:
            raise ValidationError(str(services.ANGGOTA_TIDAK_AKTIF).format(nama=p.anggota.nama))
        if d["cara"] == CaraCair.SUKARELA:
            rekening_sukarela(p.anggota)
        if _butuh_laci(p, d["cara"]):
            if laci is None:
                raise ValidationError(str(LACI_BELUM_DIBUKA))
            if laci.tanggal != hari:
                raise ValidationError(str(LACI_HARI_LAIN).format(tanggal=laci.tanggal.strftime("%d-%m-%Y")))

    def ringkasan(d: dict[str, Any]) -> Ringkasan:
        tunai = d["cara"] == CaraCair.TUNAI
        baris = [
            (_("Anggota"), f"{p.anggota.nama} ({p.anggota.nomor_anggota})"),
            (_("Pinjaman"), f"{p.nomor} · {p.produk.nama}"),
            (_("Jumlah pinjaman"), rupiah(p.pokok)),
            (_("Provisi"), rupiah(p.provisi)),
            (_("Administrasi"), rupiah(p.administrasi)),
            (_("Asuransi"), rupiah(p.asuransi)),
            (
                _("Biaya"),
                _("dipotong dari pencairan") if p.biaya_dipotong else _("dibayar tunai terpisah oleh anggota"),
            ),
            (_("Cara pencairan"), str(CaraCair(d["cara"]).label)),
            (_("Diterima anggota"), rupiah(_diterima(p))),
        ]
        judul = _("Periksa pencairan pinjaman")
        tombol = _("Ya, bayarkan tunai") if tunai else _("Ya, cairkan ke simpanan sukarela")
        return Ringkasan(judul, tombol, baris, _diterima(p), bahaya=tunai)

    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if request.POST.get("konfirmasi") == "1":
                hasil = services.pinjaman_cairkan(
                    pinjaman=p, tanggal=hari, cara=d["cara"], actor=request.user, kunci=d["kunci"]
                )
                pesan = _("Pinjaman %(nomor)s dicairkan: %(jumlah)s diterima anggota.") % {
                    "nomor": p.nomor,
                    "jumlah": rupiah(hasil.diterima),
                }
                if hasil.kwitansi is not None:
                    pesan += " " + _("Kwitansi %(nomor)s siap dicetak.") % {"nomor": hasil.kwitansi.nomor}
                messages.success(request, pesan)
                return _ke_detail(request, p)
            periksa(d)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            if "ubah" not in request.POST:
                context = {"p": p, "anggota": p.anggota, "form": form, "ringkasan": ringkasan(d)}
                return render(request, "loans/konfirmasi.html", context)
    context = {
        "p": p,
        "anggota": p.anggota,
        "form": form,
        "laci": laci,
        "hari_ini": hari,
        "diterima": _diterima(p),
        "siap": p.status == StatusPinjaman.DISETUJUI,
        "belum_disetujui": str(services.BELUM_DISETUJUI).format(nomor=p.nomor, status=p.get_status_display().lower()),
    }
    return render(request, "loans/cairkan.html", context)


# --- The loan's hub ------------------------------------------------------------------------


@koperasi_view(PEMBACA)
def detail(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman(request, pinjaman)
    roles = request.roles
    status = p.status
    jadwal = selectors.jadwal_aktif(p)
    rencana = None
    if not jadwal and status in (StatusPinjaman.DIAJUKAN, StatusPinjaman.DISETUJUI):
        rencana = selectors.jadwal_rencana(p)
    pembayaran = list(
        PembayaranPinjaman.objects.filter(pinjaman=p)
        .select_related("kwitansi", "dibuat_oleh")
        .order_by("tanggal", "id")
    )
    berjalan = status == StatusPinjaman.AKTIF
    context = {
        "p": p,
        "anggota": p.anggota,
        "ringkasan": selectors.ringkasan_pinjaman(p) if berjalan else None,
        "hari_ini": _hari_ini(),
        "jadwal": jadwal,
        "rencana": rencana,
        "riwayat_jadwal": selectors.jadwal_riwayat(p),
        "pembayaran": pembayaran,
        "jaminan": list(p.jaminan.all()),
        "jejak": selectors.jejak_audit(p),
        "kwitansi_cair": Kwitansi.objects.filter(jurnal_id=p.jurnal_cair_id).first() if p.jurnal_cair_id else None,
        "boleh_audit": bool(roles & PEMBACA_AUDIT),
        "boleh_putus": status == StatusPinjaman.DIAJUKAN and bool(roles & services.PEMUTUS),
        "boleh_batal": status in (StatusPinjaman.DIAJUKAN, StatusPinjaman.DISETUJUI) and bool(roles & PENGAJU),
        "boleh_cair": status == StatusPinjaman.DISETUJUI and bool(roles & PENCAIR),
        "boleh_bayar": berjalan and bool(roles & (PENCAIR | {NamaPeran.PETUGAS_LAPANGAN})),
        "boleh_lunas": berjalan and bool(roles & PENCAIR),
        "boleh_restruktur": berjalan and bool(roles & services.PEMUTUS),
        "boleh_pulih": status == StatusPinjaman.HAPUS_BUKU and bool(roles & PENCAIR),
        "boleh_autodebet": status in (StatusPinjaman.DISETUJUI, StatusPinjaman.AKTIF) and bool(roles & PENCAIR),
        "ada_perjanjian": status
        in (StatusPinjaman.DISETUJUI, StatusPinjaman.AKTIF, StatusPinjaman.LUNAS, StatusPinjaman.HAPUS_BUKU),
        "ada_jadwal": status not in (StatusPinjaman.DITOLAK, StatusPinjaman.DIBATALKAN),
        "batal_form": BatalForm(),
        "penjelasan": PENJELASAN_METODE.get(p.metode, ""),
    }
    return render(request, "loans/detail.html", context)


@koperasi_view(PEMBACA)
def jaminan_dokumen(request: KoperasiRequest, jaminan: int) -> HttpResponseBase:
    j = get_object_or_404(Jaminan.objects.filter(pinjaman__koperasi=request.koperasi), pk=jaminan)
    if not j.dokumen:
        raise Http404(_("Jaminan ini tanpa dokumen."))
    response = FileResponse(j.dokumen.open("rb"), filename=(j.dokumen.name or "").rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- PDFs (staff, and the member for their own loan) ---------------------------------------


def _pinjaman_dokumen(request: KoperasiRequest, pk: int) -> Pinjaman:
    p = _pinjaman(request, pk)
    if not request.roles & PEMBACA and (p.anggota.user_id is None or p.anggota.user_id != request.user.pk):
        raise Http404(_("Tidak ditemukan."))
    return p


def _pdf(data: bytes, nama: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{nama}"'
    response["Cache-Control"] = "private, no-store"
    return response


@koperasi_view(PEMBACA | {NamaPeran.ANGGOTA})
def perjanjian_pdf(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman_dokumen(request, pinjaman)
    if p.status in (StatusPinjaman.DIAJUKAN, StatusPinjaman.DITOLAK, StatusPinjaman.DIBATALKAN):
        raise Http404(_("Surat perjanjian dibuat setelah pinjaman disetujui."))
    return _pdf(buat_perjanjian_pdf(p), f"perjanjian-{p.nomor}.pdf")


@koperasi_view(PEMBACA | {NamaPeran.ANGGOTA})
def jadwal_pdf(request: KoperasiRequest, pinjaman: int) -> HttpResponse:
    p = _pinjaman_dokumen(request, pinjaman)
    if p.status in (StatusPinjaman.DITOLAK, StatusPinjaman.DIBATALKAN):
        raise Http404(_("Pinjaman ini tidak berjalan."))
    return _pdf(buat_jadwal_pdf(p), f"jadwal-{p.nomor}.pdf")


# --- Products and settings -----------------------------------------------------------------


@koperasi_view(PEMBACA_PRODUK)
def produk_list(request: KoperasiRequest) -> HttpResponse:
    k = request.koperasi
    produk = ProdukPinjaman.objects.filter(koperasi=k).order_by("-aktif", "nama")
    context = {
        "produk": produk,
        "boleh_ubah": bool(request.roles & PENGURUS),
        "pengaturan": services.pengaturan(k) if request.method == "GET" else None,
    }
    return render(request, "loans/produk_list.html", context)


@koperasi_view(PENGURUS)
def produk_baru(request: KoperasiRequest) -> HttpResponse:
    k = request.koperasi
    if request.method == "POST" and request.POST.get("bawaan") == "1":
        services.produk_default_siapkan(koperasi=k)
        messages.success(request, _("Produk pinjaman bawaan disiapkan; periksa dan sesuaikan ketentuannya."))
        return redirect("loans:produk_list", kode=k.kode)
    form = ProdukForm(request.POST or None, instance=ProdukPinjaman(koperasi=k), baru=True)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.produk_simpan(koperasi=k, produk=None, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Produk %(nama)s dibuat dan tercatat di jejak audit.") % {"nama": p.nama})
            return redirect("loans:produk_list", kode=k.kode)
    return render(request, "loans/produk_ubah.html", {"form": form, "produk": None})


@koperasi_view(PENGURUS)
def produk_ubah(request: KoperasiRequest, produk_pinjaman: int) -> HttpResponse:
    k = request.koperasi
    p = get_for_koperasi(request, ProdukPinjaman, produk_pinjaman)
    form = ProdukForm(request.POST or None, instance=ProdukPinjaman.objects.get(pk=p.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.produk_simpan(koperasi=k, produk=p, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Ketentuan %(nama)s disimpan dan tercatat di jejak audit.") % {"nama": p.nama})
            return redirect("loans:produk_list", kode=k.kode)
    return render(request, "loans/produk_ubah.html", {"form": form, "produk": p})


@koperasi_view(PEMBACA_PRODUK)
def pengaturan(request: KoperasiRequest) -> HttpResponse:
    k = request.koperasi
    boleh_ubah = bool(request.roles & PENGURUS)
    if request.method == "POST" and not boleh_ubah:
        raise Http404(_("Tidak ditemukan."))
    instance = services.pengaturan(k)
    form = PengaturanForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.pengaturan_ubah(koperasi=k, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _service_errors(form, exc, {"batas_persetujuan": "batas_ketua"})
        else:
            messages.success(request, _("Pengaturan pinjaman disimpan dan tercatat di jejak audit."))
            return redirect("loans:pengaturan", kode=k.kode)
    return render(request, "loans/pengaturan.html", {"form": form, "boleh_ubah": boleh_ubah})
