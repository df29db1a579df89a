"""SHU pages (``/k/<kode>/shu/``): the years, a year's preview or approved distribution with
its per-member table and Excel, the settings, the RAT approval, payouts, a member's slip and the
member's own view. Views parse input, call ``shu.services`` / ``shu.selectors`` and render."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gotong.core.formatting import rupiah
from gotong.core.forms import apply_service_errors
from gotong.core.money import ZERO
from gotong.core.pagination import BoundedPaginator
from gotong.members.models import Anggota
from gotong.shu import export, pdf, selectors, services
from gotong.shu.forms import NOMOR_TIDAK_DIKENAL, PengaturanSHUForm, PersetujuanForm, TunaiRATForm
from gotong.shu.models import AkunVolume, BagianSHUAnggota, PembagianSHU, PengaturanSHU, StatusBagian
from gotong.tenancy.models import PENGURUS, NamaPeran
from gotong.tenancy.scope import KoperasiRequest, get_for_koperasi, koperasi_view

PENGATUR = services.PENGATUR
PEMBAYAR = services.PEMBAYAR
PEMBACA = PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS, NamaPeran.KASIR}
ANGGOTA = frozenset({NamaPeran.ANGGOTA})
PER_HALAMAN = 25


def _tahun(request: KoperasiRequest, tahun: int) -> int:
    """A year of this koperasi's books (or with an approved SHU); any other is 404."""
    if not selectors.tahun_ada(koperasi=request.koperasi, tahun=tahun):
        raise Http404(_("Tidak ditemukan."))
    return tahun


def _pembagian(request: KoperasiRequest, tahun: int) -> PembagianSHU:
    p = selectors.pembagian_tahun(koperasi=request.koperasi, tahun=tahun)
    if p is None:
        raise Http404(_("Tidak ditemukan."))
    return p


def _bagian(request: KoperasiRequest, tahun: int, anggota: int) -> BagianSHUAnggota:
    a = get_for_koperasi(request, Anggota, anggota)
    p = _pembagian(request, _tahun(request, tahun))
    b = BagianSHUAnggota.objects.filter(pembagian=p, anggota=a).select_related("anggota", "pembagian").first()
    if b is None:
        raise Http404(_("Tidak ditemukan."))
    return b


def _query(request: KoperasiRequest) -> str:
    query = request.GET.copy()
    query.pop("hal", None)
    return query.urlencode()


@koperasi_view(PEMBACA)
def index(request: KoperasiRequest) -> HttpResponse:
    return render(request, "shu/index.html", {"tahun_list": selectors.tahun_daftar(koperasi=request.koperasi)})


# --- One year ----------------------------------------------------------------------------------


@koperasi_view(PEMBACA)
def tahun(request: KoperasiRequest, tahun: int) -> HttpResponse:
    _tahun(request, tahun)
    p = selectors.pembagian_tahun(koperasi=request.koperasi, tahun=tahun)
    q = request.GET.get("q", "").strip()[:60]
    context: dict[str, Any] = {
        "tahun": tahun,
        "q": q,
        "query": _query(request),
        "boleh_atur": bool(request.roles & PENGATUR),
        "boleh_bayar": bool(request.roles & PEMBAYAR),
    }
    if p is not None:
        return render(request, "shu/tahun.html", {**context, **_konteks_disetujui(request, p, q)})
    return render(request, "shu/tahun.html", {**context, **_konteks_pratinjau(request, tahun, q)})


def _konteks_disetujui(request: KoperasiRequest, p: PembagianSHU, q: str) -> dict[str, Any]:
    status = request.GET.get("status", "")
    status = status if status in StatusBagian.values else ""
    rows = selectors.bagian_daftar(pembagian=p, q=q, status=status)
    return {
        "pembagian": p,
        "alokasi": p,
        "pengaturan": p.pengaturan,
        "volume_label": _volume_label(p.pengaturan),
        "status": status,
        "status_pilihan": StatusBagian.choices,
        "ringkasan": selectors.ringkasan_bayar(p),
        "page": BoundedPaginator(rows, PER_HALAMAN).get_page(request.GET.get("hal")),
        "vuk": p.vuk,
        "tms": p.tms,
        "total": _total_disetujui(p),
    }


def _total_disetujui(p: PembagianSHU) -> dict[str, Decimal]:
    agg = BagianSHUAnggota.objects.filter(pembagian=p).aggregate(ju=Sum("jasa_usaha"), jm=Sum("jasa_modal"))
    return {"jasa_usaha": agg["ju"] or ZERO, "jasa_modal": agg["jm"] or ZERO, "bagian": p.total_bagian}


def _volume_label(p: PengaturanSHU) -> list[str]:
    return [str(AkunVolume(k).label) for k in p.akun_volume if k in AkunVolume.values]


def _konteks_pratinjau(request: KoperasiRequest, tahun: int, q: str) -> dict[str, Any]:
    pr = selectors.pratinjau(koperasi=request.koperasi, tahun=tahun)
    bagian = list(pr.hasil.bagian)
    if q:
        cocok = set(Anggota.objects.filter(koperasi=request.koperasi).search(q).values_list("pk", flat=True)[:5000])
        bagian = [b for b in bagian if b.anggota_id in cocok]
    page = Paginator(bagian, PER_HALAMAN).get_page(request.GET.get("hal"))
    nama = Anggota.objects.in_bulk([b.anggota_id for b in page.object_list])
    return {
        "pratinjau": pr,
        "alokasi": pr.hasil.alokasi,
        "pengaturan": pr.pengaturan,
        "volume_label": _volume_label(pr.pengaturan),
        "page": page,
        "baris": [(nama.get(b.anggota_id), b) for b in page.object_list],
        "vuk": pr.hasil.vuk,
        "tms": pr.hasil.tms,
        "total": {
            "jasa_usaha": pr.hasil.total_jasa_usaha,
            "jasa_modal": pr.hasil.total_jasa_modal,
            "bagian": pr.hasil.total_bagian,
        },
        "form_setujui": PersetujuanForm(initial={"tanggal_rat": timezone.localdate()}) if pr.ditutup else None,
    }


@koperasi_view(PEMBACA)
def ekspor(request: KoperasiRequest, tahun: int) -> HttpResponse:
    _tahun(request, tahun)
    p = selectors.pembagian_tahun(koperasi=request.koperasi, tahun=tahun)
    if p is not None:
        data = export.pembagian_xlsx(p)
    else:
        data = export.pratinjau_xlsx(request.koperasi, selectors.pratinjau(koperasi=request.koperasi, tahun=tahun))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="shu-{request.koperasi.kode}-{tahun}.xlsx"'
    return response


# --- Settings and approval ---------------------------------------------------------------------


def _form_awal(p: Any) -> dict[str, Any]:
    values = {name: getattr(p, name) for name in selectors.PENGATURAN_FIELDS}
    for name in PengaturanSHUForm.ALOKASI + ("persen_jua", "persen_jma"):
        values[name] = f"{values[name].normalize():f}".replace(".", ",")
    return values


@koperasi_view(PEMBACA)
def pengaturan(request: KoperasiRequest, tahun: int) -> HttpResponse:
    _tahun(request, tahun)
    p = selectors.pengaturan_shu(koperasi=request.koperasi, tahun=tahun)
    disetujui = selectors.pembagian_tahun(koperasi=request.koperasi, tahun=tahun) is not None
    boleh_ubah = bool(request.roles & PENGATUR) and not disetujui
    if request.method == "POST":
        if not boleh_ubah:
            raise Http404(_("Tidak ditemukan."))
        form = PengaturanSHUForm(request.POST)
        if form.is_valid():
            try:
                services.pengaturan_shu_simpan(
                    koperasi=request.koperasi, tahun=tahun, actor=request.user, data=form.cleaned_data
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Pengaturan SHU tahun buku %(tahun)s disimpan.") % {"tahun": tahun})
                return redirect("shu:tahun", kode=request.koperasi.kode, tahun=tahun)
    else:
        form = PengaturanSHUForm(initial=_form_awal(p))
    context = {"form": form, "tahun": tahun, "boleh_ubah": boleh_ubah, "disetujui": disetujui, "pengaturan": p}
    return render(request, "shu/pengaturan.html", context)


@koperasi_view(PENGATUR)
def setujui(request: KoperasiRequest, tahun: int) -> HttpResponse:
    _tahun(request, tahun)
    if selectors.pembagian_tahun(koperasi=request.koperasi, tahun=tahun) is not None:
        messages.info(request, str(services.SUDAH_DISETUJUI).format(tahun=tahun))
        return redirect("shu:tahun", kode=request.koperasi.kode, tahun=tahun)
    form = PersetujuanForm(request.POST or None, initial={"tanggal_rat": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.shu_setujui(
                koperasi=request.koperasi,
                tahun=tahun,
                tanggal_rat=form.cleaned_data["tanggal_rat"],
                nomor_rat=form.cleaned_data["nomor_rat"],
                actor=request.user,
                sidik=form.cleaned_data["sidik"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("SHU tahun buku %(tahun)s disetujui dan dibukukan.") % {"tahun": tahun})
            return redirect("shu:tahun", kode=request.koperasi.kode, tahun=tahun)
    pr = selectors.pratinjau(koperasi=request.koperasi, tahun=tahun)
    # The page carries the fingerprint of the figures it shows: approving posts exactly these.
    if form.is_bound:
        form.data = {**request.POST.dict(), "sidik": selectors.sidik_pratinjau(pr)}
    else:
        form.initial["sidik"] = selectors.sidik_pratinjau(pr)
    context = {
        "form": form,
        "tahun": tahun,
        "pratinjau": pr,
        "alokasi": pr.hasil.alokasi,
        "pengaturan": pr.pengaturan,
        "volume_label": _volume_label(pr.pengaturan),
        "total": {"bagian": pr.hasil.total_bagian},
    }
    return render(request, "shu/setujui.html", context)


# --- Payouts -----------------------------------------------------------------------------------


@koperasi_view(PEMBAYAR)
@require_POST
def bayar_semua_sukarela(request: KoperasiRequest, tahun: int) -> HttpResponse:
    p = _pembagian(request, _tahun(request, tahun))
    try:
        hasil = services.shu_bayar_semua_sukarela(pembagian=p, tanggal=timezone.localdate(), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if hasil.dibayar:
            messages.success(
                request,
                _("SHU %(n)s anggota (%(jumlah)s) masuk ke simpanan sukarela.")
                % {"n": hasil.dibayar, "jumlah": rupiah(hasil.jumlah)},
            )
        if hasil.dilewati:
            messages.warning(
                request,
                _("Tanpa rekening sukarela aktif, bayarkan tunai: %(nama)s.")
                % {"nama": ", ".join(hasil.dilewati[:20])},
            )
    return redirect("shu:tahun", kode=request.koperasi.kode, tahun=tahun)


def _anggota_nomor(p: PembagianSHU, form: TunaiRATForm) -> list[int] | None:
    if form.cleaned_data.get("semua"):
        return None
    nomor = form.nomor_list()
    rows = dict(
        BagianSHUAnggota.objects.filter(pembagian=p, anggota__nomor_anggota__in=nomor).values_list(
            "anggota__nomor_anggota", "anggota_id"
        )
    )
    asing = [n for n in nomor if n not in rows]
    if asing:
        raise ValidationError({"nomor": str(NOMOR_TIDAK_DIKENAL).format(nomor=", ".join(asing[:10]))})
    return list(rows.values())


@koperasi_view(PENGATUR)
def tunai_rat(request: KoperasiRequest, tahun: int) -> HttpResponse:
    p = _pembagian(request, _tahun(request, tahun))
    form = TunaiRATForm(request.POST or None, initial={"tanggal": p.tanggal_rat})
    if request.method == "POST" and form.is_valid():
        try:
            hasil = services.shu_bayar_tunai_rat(
                pembagian=p,
                tanggal=form.cleaned_data["tanggal"],
                actor=request.user,
                anggota_ids=_anggota_nomor(p, form),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Pembayaran tunai saat RAT dicatat: %(n)s anggota, %(jumlah)s (jurnal %(nomor)s).")
                % {"n": hasil.dibayar, "jumlah": rupiah(hasil.jumlah), "nomor": hasil.jurnal[0].nomor},
            )
            return redirect("shu:tahun", kode=request.koperasi.kode, tahun=tahun)
    context = {"form": form, "tahun": tahun, "pembagian": p, "ringkasan": selectors.ringkasan_bayar(p)}
    return render(request, "shu/tunai_rat.html", context)


@koperasi_view(PEMBACA)
def anggota(request: KoperasiRequest, tahun: int, anggota: int) -> HttpResponse:
    b = _bagian(request, tahun, anggota)
    context = {
        "b": b,
        "p": b.pembagian,
        "rumus": pdf.rumus(b),
        "boleh_bayar": bool(request.roles & PEMBAYAR) and b.status == StatusBagian.BELUM and b.total > Decimal(0),
        "punya_sukarela": selectors.sukarela_aktif(b.anggota) is not None,
    }
    return render(request, "shu/anggota.html", context)


@koperasi_view(PEMBAYAR)
@require_POST
def anggota_bayar(request: KoperasiRequest, tahun: int, anggota: int) -> HttpResponse:
    b = _bagian(request, tahun, anggota)
    cara = request.POST.get("cara", "")
    bayar = {"sukarela": services.bagian_bayar_sukarela, "tunai": services.bagian_bayar_tunai}.get(cara)
    if bayar is None:
        messages.error(request, _("Pilih cara pembayaran: ke simpanan sukarela atau tunai."))
        return redirect("shu:anggota", kode=request.koperasi.kode, tahun=tahun, anggota=anggota)
    try:
        b = bayar(bagian=b, tanggal=timezone.localdate(), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("shu:anggota", kode=request.koperasi.kode, tahun=tahun, anggota=anggota)
    messages.success(
        request, _("SHU %(nama)s sebesar %(jumlah)s dibayar.") % {"nama": b.anggota.nama, "jumlah": rupiah(b.total)}
    )
    if b.kwitansi_id:
        return redirect("savings:kwitansi", kode=request.koperasi.kode, kwitansi=b.kwitansi_id)
    return redirect("shu:anggota", kode=request.koperasi.kode, tahun=tahun, anggota=anggota)


def _slip(b: BagianSHUAnggota) -> HttpResponse:
    response = HttpResponse(pdf.slip_pdf(b), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="slip-shu-{b.pembagian.tahun}-{b.anggota_id}.pdf"'
    return response


@koperasi_view(PEMBACA)
def slip(request: KoperasiRequest, tahun: int, anggota: int) -> HttpResponse:
    return _slip(_bagian(request, tahun, anggota))


# --- The member's own view ---------------------------------------------------------------------


def _anggota_saya(request: KoperasiRequest) -> Anggota:
    a = Anggota.objects.filter(koperasi=request.koperasi, user=request.user).first()  # type: ignore[misc]
    if a is None:
        raise Http404(_("Data keanggotaan Anda belum tertaut ke akun ini."))
    return a


@koperasi_view(ANGGOTA)
def saya(request: KoperasiRequest) -> HttpResponse:
    a = _anggota_saya(request)
    rows = [(b, pdf.rumus(b)) for b in selectors.bagian_anggota_saya(anggota=a)]
    return render(request, "shu/saya.html", {"anggota": a, "rows": rows})


@koperasi_view(ANGGOTA)
def saya_slip(request: KoperasiRequest, tahun: int) -> HttpResponse:
    a = _anggota_saya(request)
    b = selectors.bagian_anggota_saya(anggota=a).filter(pembagian__tahun=tahun).first()
    if b is None:
        raise Http404(_("Tidak ditemukan."))
    return _slip(b)
