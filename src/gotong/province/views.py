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
from gotong.province import digital, kesehatan, rat, registry, selectors, services
from gotong.province.export import registry_xlsx
from gotong.province.forms import ImporForm, KoperasiRegistryForm, PengurusForm
from gotong.province.views_undangan import undangan_konteks
from gotong.tenancy.models import JenisKoperasi, Koperasi, StatusKoperasi
from gotong.tenancy.scope import DinasRequest, dinas_view

IMPOR_SESI = "dinas_impor_register"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request: DinasRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip() for k in selectors.FILTERS}


@dinas_view
def koperasi_list(request: DinasRequest) -> HttpResponse:
    wilayah = request.dinas_wilayah
    filters = _filters(request)
    page = Paginator(selectors.registry(wilayah=wilayah, filters=filters), 25).get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    kab = filters["kabupaten"] or (wilayah if wilayah != regions.BANTEN else "")
    tingkat = selectors.tingkat_banyak(list(page))
    context = {
        "wilayah_nama": regions.nama(wilayah),
        "page": page,
        "baris": [(k, tingkat[k.pk]) for k in page],
        "filters": filters,
        "query": query.urlencode(),
        "kabupaten_list": regions.children(wilayah) if wilayah == regions.BANTEN else [],
        "kecamatan_list": regions.children(kab) if kab else [],
        "jenis_list": JenisKoperasi.choices,
        "status_list": StatusKoperasi.choices,
        "rat_list": [(k, rat.KELAS[k]) for k in rat.KELAS_URUT],
        "rat_tahun": rat.tahun_default(timezone.localdate()),
        "kesehatan_list": kesehatan.pilihan_predikat(),  # health band filter (province.kesehatan)
    }
    return render(request, "province/koperasi_list.html", context)


@dinas_view
def koperasi_export(request: DinasRequest) -> HttpResponse:
    rows = selectors.registry(wilayah=request.dinas_wilayah, filters=_filters(request)).iterator(chunk_size=2000)
    judul = f"Register koperasi {regions.nama(request.dinas_wilayah)} — {timezone.localdate():%d-%m-%Y}"
    response = HttpResponse(registry_xlsx(rows, judul=judul), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="register-koperasi.xlsx"'
    return response


@dinas_view
def koperasi_detail(request: DinasRequest, pk: int) -> HttpResponse:
    koperasi = selectors.koperasi_of_region(wilayah=request.dinas_wilayah, pk=pk)
    form = PengurusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.pengurus_tambah(koperasi=koperasi, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("Pengurus/pengawas ditambahkan dan tercatat di jejak audit."))
        return redirect("province:koperasi_detail", pk=pk)
    context = {
        "koperasi": koperasi,
        "pengurus": koperasi.pengurus_terdaftar.all(),
        "form": form,
        "tingkat": selectors.tingkat_satu(koperasi),
        "riwayat_tingkat": selectors.riwayat_koperasi(koperasi),
        "tingkat_max": digital.PENUH,
        **undangan_konteks(koperasi),
    }
    return render(request, "province/koperasi_detail.html", context)


def _simpan(request: DinasRequest, form: KoperasiRegistryForm, koperasi: Koperasi | None) -> Koperasi | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        if koperasi is None:
            return services.koperasi_registry_create(data=form.cleaned_data, actor=request.user)
        return services.koperasi_registry_update(koperasi=koperasi, data=form.cleaned_data, actor=request.user)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None


@dinas_view
def koperasi_baru(request: DinasRequest) -> HttpResponse:
    form = KoperasiRegistryForm(request.POST or None, wilayah=request.dinas_wilayah)
    saved = _simpan(request, form, None)
    if saved is not None:
        messages.success(request, _("Koperasi ditambahkan ke register dan tercatat di jejak audit."))
        return redirect("province:koperasi_detail", pk=saved.pk)
    return render(request, "province/koperasi_form.html", {"form": form, "koperasi": None})


@dinas_view
def koperasi_ubah(request: DinasRequest, pk: int) -> HttpResponse:
    koperasi = selectors.koperasi_of_region(wilayah=request.dinas_wilayah, pk=pk)
    form = KoperasiRegistryForm(request.POST or None, instance=koperasi, wilayah=request.dinas_wilayah)
    saved = _simpan(request, form, koperasi)
    if saved is not None:
        messages.success(request, _("Data koperasi disimpan. Perubahan tercatat di jejak audit."))
        return redirect("province:koperasi_detail", pk=pk)
    return render(request, "province/koperasi_form.html", {"form": form, "koperasi": koperasi})


@dinas_view
def impor_templat(request: DinasRequest) -> HttpResponse:
    response = HttpResponse(registry.templat_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-register-koperasi.xlsx"'
    return response


def _impor_periksa(request: DinasRequest, form: ImporForm) -> dict[str, Any]:
    """The dry run: parse, check, keep the rows in the session for the commit step."""
    request.session.pop(IMPOR_SESI, None)
    berkas = form.cleaned_data["berkas"]
    try:
        rows = registry.baca_berkas(berkas.name, berkas.read())
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return {}
    good, bad = registry.periksa(rows, wilayah=request.dinas_wilayah, terdaftar=selectors.terdaftar())
    if not bad:
        request.session[IMPOR_SESI] = {"wilayah": request.dinas_wilayah, "rows": rows}
    return {"good": good, "bad": bad, "total": len(rows)}


def _impor_simpan(request: DinasRequest) -> HttpResponse | None:
    pending = request.session.get(IMPOR_SESI)
    if not pending or pending["wilayah"] != request.dinas_wilayah:
        messages.error(request, _("Tidak ada impor yang menunggu. Unggah berkasnya lagi."))
        return None
    try:
        created = services.registry_import(rows=pending["rows"], wilayah=request.dinas_wilayah, actor=request.user)
    except ValidationError as exc:
        request.session.pop(IMPOR_SESI, None)
        messages.error(request, " ".join(exc.messages))
        return None
    request.session.pop(IMPOR_SESI, None)
    messages.success(request, _("%(n)d koperasi ditambahkan ke register.") % {"n": len(created)})
    return redirect("province:koperasi_list")


@dinas_view
def koperasi_impor(request: DinasRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("aksi") == "simpan":
        done = _impor_simpan(request)
        return done or render(request, "province/koperasi_impor.html", {"form": ImporForm()})
    form = ImporForm(request.POST or None, request.FILES or None)
    context = _impor_periksa(request, form) if request.method == "POST" and form.is_valid() else {}
    return render(request, "province/koperasi_impor.html", {"form": form, **context})
