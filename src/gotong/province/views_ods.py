"""Dinas screens of the yearly figures (ODS) and RAT compliance. Thin: rules in ``province.ods``
and ``province.rat``; every object is read through the officer's region (404 elsewhere)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gotong.core import regions
from gotong.core.forms import apply_service_errors
from gotong.province import ods, rat, selectors
from gotong.province.forms_ods import KomentarForm, LaporanForm, TahunForm, UnggahForm
from gotong.province.models import LaporanTahunan, StatusLaporan
from gotong.tenancy.scope import DinasRequest, dinas_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNGGAH_SESI = "dinas_unggah_ods"


def _tahun(request: DinasRequest, default: int) -> int:
    teks = request.GET.get("tahun", "")
    hari_ini = timezone.localdate()
    if teks.isdigit() and ods.TAHUN_PERTAMA <= int(teks) < hari_ini.year:
        return int(teks)
    return default


def _tahun_pilihan() -> list[int]:
    akhir = timezone.localdate().year - 1
    return list(range(akhir, akhir - 8, -1))


def _kabupaten(request: DinasRequest) -> str:
    kab = request.GET.get("kabupaten", "")
    return kab if request.dinas_wilayah == regions.BANTEN and regions.is_level(kab, 2) else ""


@dinas_view
def laporan_koperasi(request: DinasRequest, pk: int) -> HttpResponse:
    """One cooperative's yearly figures, year by year, and the year to add next."""
    koperasi = selectors.koperasi_of_region(wilayah=request.dinas_wilayah, pk=pk)
    laporan = list(koperasi.laporan_tahunan.order_by("-tahun"))
    ada = {lap.tahun for lap in laporan}
    bebas = [t for t in _tahun_pilihan() if t not in ada]
    context = {
        "koperasi": koperasi,
        "laporan": [(lap, ods.rat_terlambat(lap.tahun, lap.tanggal_rat)) for lap in laporan],
        "tahun_bebas": bebas,
        "form": TahunForm(initial={"tahun": bebas[0] if bebas else None}),
    }
    return render(request, "province/ods_koperasi.html", context)


@dinas_view
def laporan_isi(request: DinasRequest, pk: int) -> HttpResponse:
    """Enter or edit one year's figures (draft), optionally submitting at once."""
    koperasi = selectors.koperasi_of_region(wilayah=request.dinas_wilayah, pk=pk)
    tahun = _tahun(request, rat.tahun_default(timezone.localdate()))
    laporan = LaporanTahunan.objects.filter(koperasi=koperasi, tahun=tahun).first()
    if laporan is not None and laporan.status not in (StatusLaporan.DRAFT, StatusLaporan.DIKEMBALIKAN):
        messages.info(request, _("Laporan ini sudah diajukan; kembalikan dulu bila perlu diubah."))
        return redirect("province:laporan_detail", laporan_pk=laporan.pk)
    initial = ods.laporan_data(laporan) if laporan else {}
    form = LaporanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = ods.laporan_simpan(koperasi=koperasi, tahun=tahun, data=form.cleaned(), actor=request.user)
            if request.POST.get("aksi") == "ajukan":
                saved = ods.laporan_ajukan(laporan=saved, actor=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if saved.status == StatusLaporan.DIAJUKAN:
                messages.success(request, _("Laporan disimpan dan diajukan untuk diverifikasi."))
            else:
                messages.success(request, _("Draf laporan disimpan dan tercatat di jejak audit."))
            return redirect("province:laporan_detail", laporan_pk=saved.pk)
    context = {
        "koperasi": koperasi,
        "tahun": tahun,
        "laporan": laporan,
        "form": form,
        "batas": ods.batas_rat(tahun),
    }
    return render(request, "province/ods_form.html", context)


@dinas_view
def laporan_dari_buku(request: DinasRequest, pk: int) -> HttpResponse:
    """A platform cooperative's figures computed from its books into the year's draft."""
    koperasi = selectors.koperasi_of_region(wilayah=request.dinas_wilayah, pk=pk)
    tahun = _tahun(request, rat.tahun_default(timezone.localdate()))
    hasil = ods.hitung_dari_buku(koperasi, tahun) if koperasi.digital else None
    if request.method == "POST":
        try:
            laporan = ods.ods_dari_buku(koperasi, tahun, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Angka dari buku disimpan sebagai draf. Periksa, isi tanggal RAT, lalu ajukan.")
            )
            return redirect("province:laporan_detail", laporan_pk=laporan.pk)
    baris = [(ods.LABEL[k], hasil[k], k in ods.JUMLAH) for k in ods.ANGKA] if hasil else []
    context = {"koperasi": koperasi, "tahun": tahun, "hasil": hasil, "baris": baris}
    return render(request, "province/ods_dari_buku.html", context)


def _aksi(request: DinasRequest, laporan: LaporanTahunan, form: KomentarForm) -> LaporanTahunan | None:
    aksi = request.POST.get("aksi", "")
    komentar = form.cleaned_data["komentar"]
    try:
        if aksi == "ajukan":
            done = ods.laporan_ajukan(laporan=laporan, actor=request.user, komentar=komentar)
            messages.success(request, _("Laporan diajukan untuk diverifikasi."))
        elif aksi == "verifikasi":
            done = ods.laporan_verifikasi(laporan=laporan, actor=request.user, komentar=komentar)
            messages.success(request, _("Laporan diverifikasi."))
        elif aksi == "kembalikan":
            done = ods.laporan_kembalikan(laporan=laporan, actor=request.user, komentar=komentar)
            messages.success(request, _("Laporan dikembalikan dengan komentar."))
        else:
            return None
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "komentar" in exc.error_dict:
            apply_service_errors(form, exc)
        else:
            for pesan in exc.messages:
                messages.error(request, pesan)
        return None
    return done


@dinas_view
def laporan_detail(request: DinasRequest, laporan_pk: int) -> HttpResponse:
    laporan = ods.laporan_of_region(wilayah=request.dinas_wilayah, pk=laporan_pk)
    form = KomentarForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _aksi(request, laporan, form) is not None:
        return redirect("province:laporan_detail", laporan_pk=laporan.pk)
    laporan.refresh_from_db()
    context = {
        "laporan": laporan,
        "koperasi": laporan.koperasi,
        "catatan": ods.catatan_laporan(laporan),
        "riwayat": laporan.riwayat.select_related("oleh"),
        "form": form,
        "bisa_diubah": laporan.status in (StatusLaporan.DRAFT, StatusLaporan.DIKEMBALIKAN),
        "bisa_diperiksa": laporan.status == StatusLaporan.DIAJUKAN,
        "batas": ods.batas_rat(laporan.tahun),
    }
    return render(request, "province/ods_detail.html", context)


@dinas_view
def laporan_list(request: DinasRequest) -> HttpResponse:
    wilayah = request.dinas_wilayah
    tahun = _tahun(request, rat.tahun_default(timezone.localdate()))
    status = request.GET.get("status", "")
    kabupaten = _kabupaten(request)
    qs = ods.laporan_daftar(wilayah=wilayah, tahun=tahun, status=status, kabupaten=kabupaten)
    page = Paginator(qs, 25).get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        "wilayah_nama": regions.nama(wilayah),
        "tahun": tahun,
        "tahun_list": _tahun_pilihan(),
        "status": status,
        "status_list": StatusLaporan.choices,
        "kabupaten": kabupaten,
        "kabupaten_list": regions.children(wilayah) if wilayah == regions.BANTEN else [],
        "per_status": ods.laporan_per_status(wilayah=wilayah, tahun=tahun, kabupaten=kabupaten),
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "province/ods_list.html", context)


@dinas_view
def unggah_templat(request: DinasRequest) -> HttpResponse:
    response = HttpResponse(ods.templat_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-laporan-tahunan.xlsx"'
    return response


def _unggah_periksa(request: DinasRequest, form: UnggahForm) -> dict[str, Any]:
    request.session.pop(UNGGAH_SESI, None)
    berkas = form.cleaned_data["berkas"]
    try:
        rows = ods.baca_berkas(berkas.name, berkas.read())
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return {}
    good, bad = ods.periksa_berkas(rows, wilayah=request.dinas_wilayah)
    if not bad:
        request.session[UNGGAH_SESI] = {"wilayah": request.dinas_wilayah, "rows": rows}
    return {"good": good, "bad": bad, "total": len(rows)}


def _unggah_simpan(request: DinasRequest) -> HttpResponse | None:
    pending = request.session.pop(UNGGAH_SESI, None)
    if not pending or pending["wilayah"] != request.dinas_wilayah:
        messages.error(request, _("Tidak ada unggahan yang menunggu. Unggah berkasnya lagi."))
        return None
    try:
        saved = ods.unggah_simpan(rows=pending["rows"], wilayah=request.dinas_wilayah, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    messages.success(request, _("%(n)d laporan tahunan disimpan dan diajukan.") % {"n": len(saved)})
    return redirect("province:laporan_list")


@dinas_view
def laporan_unggah(request: DinasRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("aksi") == "simpan":
        done = _unggah_simpan(request)
        return done or render(request, "province/ods_unggah.html", {"form": UnggahForm()})
    form = UnggahForm(request.POST or None, request.FILES or None)
    context = _unggah_periksa(request, form) if request.method == "POST" and form.is_valid() else {}
    return render(request, "province/ods_unggah.html", {"form": form, **context})


@dinas_view
def rat_kepatuhan(request: DinasRequest) -> HttpResponse:
    wilayah = request.dinas_wilayah
    tahun = _tahun(request, rat.tahun_default(timezone.localdate()))
    kelas = request.GET.get("kelas", "")
    kabupaten = _kabupaten(request)
    qs = rat.kepatuhan(wilayah=wilayah, tahun=tahun, kelas=kelas, kabupaten=kabupaten)
    page = Paginator(qs, 25).get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        "wilayah_nama": regions.nama(wilayah),
        "tahun": tahun,
        "batas": ods.batas_rat(tahun),
        "tahun_list": _tahun_pilihan(),
        "kelas": kelas,
        "kelas_list": [(k, rat.KELAS[k]) for k in rat.KELAS_URUT],
        "kabupaten": kabupaten,
        "kabupaten_list": regions.children(wilayah) if wilayah == regions.BANTEN else [],
        "ringkasan": rat.ringkasan(wilayah=wilayah, tahun=tahun, kabupaten=kabupaten),
        "per_kabupaten": rat.per_kabupaten(wilayah=wilayah, tahun=tahun) if not kabupaten else [],
        "page": page,
        "query": query.urlencode(),
        "nama_kelas": rat.KELAS,
    }
    return render(request, "province/rat.html", context)


@dinas_view
def rat_ekspor(request: DinasRequest) -> HttpResponse:
    wilayah = request.dinas_wilayah
    tahun = _tahun(request, rat.tahun_default(timezone.localdate()))
    kelas = request.GET.get("kelas", "")
    qs = rat.kepatuhan(wilayah=wilayah, tahun=tahun, kelas=kelas, kabupaten=_kabupaten(request))
    judul = f"Kepatuhan RAT tahun buku {tahun} — {regions.nama(wilayah)}"
    if kelas in rat.KELAS:
        judul += f" — {rat.KELAS[kelas]}"
    response = HttpResponse(rat.ekspor_xlsx(qs, judul=judul), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kepatuhan-rat-{tahun}.xlsx"'
    return response
