"""Month-end pages (``/k/<kode>/simpanan/akhir-bulan/``): start a run, watch its progress,
read finished runs with their totals and per-member detail; bill wajib for a month; the
wajib arrears list per member and per desa with an Excel export.

Views parse input, call a service or selector (``savings.month_end``, ``savings.wajib``),
and render.
"""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gotong.core import regions
from gotong.savings import month_end, wajib
from gotong.savings.interest import Bulan
from gotong.savings.models import JasaSimpanan, ProsesAkhirBulan, StatusProses
from gotong.tenancy.models import PENGURUS, STAF, NamaPeran
from gotong.tenancy.scope import KoperasiRequest, get_for_koperasi, koperasi_view

# Who reads the month-end, who starts it, who reads the arrears (the kasir and the field
# officers collect wajib, so they see the arrears list; they do not run the month-end).
MEMBACA = PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS}
MENJALANKAN = PENGURUS
TUNGGAKAN = STAF
PAGE_SIZE = 25
RUNS_PER_PAGE = 12

NAMA_BULAN = [
    (1, gettext_lazy("Januari")),
    (2, gettext_lazy("Februari")),
    (3, gettext_lazy("Maret")),
    (4, gettext_lazy("April")),
    (5, gettext_lazy("Mei")),
    (6, gettext_lazy("Juni")),
    (7, gettext_lazy("Juli")),
    (8, gettext_lazy("Agustus")),
    (9, gettext_lazy("September")),
    (10, gettext_lazy("Oktober")),
    (11, gettext_lazy("November")),
    (12, gettext_lazy("Desember")),
]


class BulanForm(forms.Form):
    bulan = forms.TypedChoiceField(label=gettext_lazy("Bulan"), choices=NAMA_BULAN, coerce=int)
    tahun = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=2000, max_value=2100)


def _bulan_lalu() -> Bulan:
    today = timezone.localdate()
    last = today.replace(day=1) - dt.timedelta(days=1)
    return Bulan(last.year, last.month)


def _runs(request: KoperasiRequest) -> Any:
    runs = (
        ProsesAkhirBulan.objects.filter(koperasi=request.koperasi)
        .select_related("dimulai_oleh")
        .annotate(bruto=Sum("rincian__bruto"), pajak=Sum("rincian__pajak"), neto=Sum("rincian__neto"))
        .annotate(rekening=Count("rincian"))
        .order_by("-tahun", "-bulan")
    )
    return Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("hal"))


@koperasi_view(MEMBACA)
def akhir_bulan_list(request: KoperasiRequest) -> HttpResponse:
    b = _bulan_lalu()
    context = {
        "form": BulanForm(initial={"bulan": b.bulan, "tahun": b.tahun}),
        "tagihan_form": BulanForm(initial={"bulan": b.berikut().bulan, "tahun": b.berikut().tahun}, prefix="tagihan"),
        "page": _runs(request),
        "boleh_jalankan": bool(request.roles & MENJALANKAN),
    }
    return render(request, "savings/bulanan/akhir_bulan.html", context)


@koperasi_view(MENJALANKAN)
@require_POST
def akhir_bulan_mulai(request: KoperasiRequest) -> HttpResponse:
    form = BulanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih bulan dan tahun yang benar."))
        return redirect("savings_bulanan:akhir_bulan", kode=request.koperasi.kode)
    try:
        proses = month_end.akhir_bulan_mulai(
            koperasi=request.koperasi,
            tahun=form.cleaned_data["tahun"],
            bulan=form.cleaned_data["bulan"],
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("savings_bulanan:akhir_bulan", kode=request.koperasi.kode)
    return redirect("savings_bulanan:detail", kode=request.koperasi.kode, pk=proses.pk)


def _rincian(proses: ProsesAkhirBulan) -> QuerySet[Any]:
    return (
        JasaSimpanan.objects.filter(proses=proses)
        .values("rekening__anggota_id", "rekening__anggota__nomor_anggota", "rekening__anggota__nama")
        .annotate(rekening=Count("id"), bruto=Sum("bruto"), pajak=Sum("pajak"), neto=Sum("neto"))
        .order_by("rekening__anggota__nama", "rekening__anggota_id")
    )


@koperasi_view(MEMBACA)
def akhir_bulan_detail(request: KoperasiRequest, pk: int) -> HttpResponse:
    proses = get_for_koperasi(request, ProsesAkhirBulan, pk)
    totals = JasaSimpanan.objects.filter(proses=proses).aggregate(
        bruto=Sum("bruto"), pajak=Sum("pajak"), neto=Sum("neto"), rekening=Count("id")
    )
    context = {
        "proses": proses,
        "totals": totals,
        "page": Paginator(_rincian(proses), PAGE_SIZE).get_page(request.GET.get("hal")),
        "boleh_jalankan": bool(request.roles & MENJALANKAN),
    }
    return render(request, "savings/bulanan/detail.html", context)


@koperasi_view(MEMBACA)
def akhir_bulan_kemajuan(request: KoperasiRequest, pk: int) -> HttpResponse:
    """The progress bar htmx polls every 2 s; when the run ends the page reloads with totals."""
    proses = get_for_koperasi(request, ProsesAkhirBulan, pk)
    response = render(request, "savings/bulanan/_kemajuan.html", {"proses": proses})
    if request.htmx and proses.status != StatusProses.BERJALAN:
        response["HX-Refresh"] = "true"
    return response


@koperasi_view(MENJALANKAN)
@require_POST
def tagihan_wajib(request: KoperasiRequest) -> HttpResponse:
    form = BulanForm(request.POST, prefix="tagihan")
    if not form.is_valid():
        messages.error(request, _("Pilih bulan dan tahun yang benar."))
    else:
        tahun, bulan = form.cleaned_data["tahun"], form.cleaned_data["bulan"]
        n = wajib.tagihan_wajib_buat(koperasi=request.koperasi, tahun=tahun, bulan=bulan, actor=request.user)
        messages.success(
            request,
            _("%(n)s tagihan simpanan wajib baru untuk %(periode)s.") % {"n": n, "periode": f"{bulan:02d}/{tahun}"},
        )
    return redirect("savings_bulanan:akhir_bulan", kode=request.koperasi.kode)


def _tunggakan(request: KoperasiRequest) -> tuple[bool, str, QuerySet[Any]]:
    per_desa = request.GET.get("per") == "desa"
    desa = "" if per_desa else request.GET.get("desa", "")[:13]
    today = timezone.localdate()
    if per_desa:
        return True, desa, wajib.tunggakan_per_desa(koperasi=request.koperasi, per=today)
    return False, desa, wajib.tunggakan_per_anggota(koperasi=request.koperasi, per=today, desa=desa)


@koperasi_view(TUNGGAKAN)
def tunggakan_wajib(request: KoperasiRequest) -> HttpResponse:
    per_desa, desa, rows = _tunggakan(request)
    context = {
        "per_desa": per_desa,
        "desa": desa,
        "desa_nama": regions.nama(desa) if desa else "",
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("hal")),
        "query": request.GET.urlencode(),
        "per_tanggal": timezone.localdate(),
    }
    return render(request, "savings/bulanan/tunggakan.html", context)


@koperasi_view(TUNGGAKAN)
def tunggakan_wajib_ekspor(request: KoperasiRequest) -> HttpResponse:
    per_desa, desa, rows = _tunggakan(request)
    today = timezone.localdate()
    judul = f"Tunggakan simpanan wajib {request.koperasi.nama} per {today:%d-%m-%Y}"
    if desa:
        judul += f" — {regions.nama(desa)}"
    content = wajib.tunggakan_xlsx(rows.iterator(), per_desa=per_desa, judul=judul)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    nama = f"tunggakan-wajib-{'desa' if per_desa else 'anggota'}-{today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response
