"""Loan month-end pages (``/k/<kode>/pinjaman/akhir-bulan/``): start a run (in the background
through Celery, in-process without REDIS_URL), watch its progress, and read a month: loans
and outstanding principal per collectibility, PPAP required against held, and the loans.

Pengurus and the manajer run the month-end; the pengawas reads it. Views parse input, call
``loans.month_end`` and render.
"""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gotong.core.money import ZERO
from gotong.core.pagination import BoundedPaginator
from gotong.ledger import chart
from gotong.ledger.posting import akun
from gotong.ledger.selectors import saldo_akun
from gotong.loans import month_end
from gotong.loans.models import Kolektibilitas, KolektibilitasBulanan, ProsesAkhirBulanPinjaman
from gotong.savings.interest import Bulan
from gotong.savings.models import StatusProses
from gotong.savings.views_bulanan import NAMA_BULAN
from gotong.tenancy.models import PENGURUS, NamaPeran
from gotong.tenancy.scope import KoperasiRequest, koperasi_view

MENJALANKAN = PENGURUS | {NamaPeran.MANAJER}
MEMBACA = MENJALANKAN | {NamaPeran.PENGAWAS}
PAGE_SIZE = 25
RUNS_PER_PAGE = 12
STATUS = {s.value: s.label for s in StatusProses}


class BulanForm(forms.Form):
    bulan = forms.TypedChoiceField(label=gettext_lazy("Bulan"), choices=NAMA_BULAN, coerce=int)
    tahun = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=2000, max_value=2100)


def _bulan_lalu() -> Bulan:
    last = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    return Bulan(last.year, last.month)


def _label(proses: ProsesAkhirBulanPinjaman) -> ProsesAkhirBulanPinjaman:
    proses.status_label = STATUS.get(proses.status, proses.status)  # type: ignore[attr-defined]
    return proses


@koperasi_view(MEMBACA)
def akhir_bulan(request: KoperasiRequest) -> HttpResponse:
    b = _bulan_lalu()
    runs = (
        ProsesAkhirBulanPinjaman.objects.filter(koperasi=request.koperasi)
        .select_related("dimulai_oleh")
        .annotate(
            pinjaman=Count("rincian"),
            ppap=Sum("rincian__ppap"),
            bermasalah=Count("rincian", filter=Q(rincian__kolektibilitas__gt=Kolektibilitas.LANCAR)),
        )
        .order_by("-tahun", "-bulan")
    )
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("hal"))
    for p in page:
        _label(p)
    context = {
        "form": BulanForm(initial={"bulan": b.bulan, "tahun": b.tahun}),
        "page": page,
        "boleh_jalankan": bool(request.roles & MENJALANKAN),
    }
    return render(request, "loans/bulanan.html", context)


@koperasi_view(MENJALANKAN)
def akhir_bulan_mulai(request: KoperasiRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("loans:akhir_bulan", kode=request.koperasi.kode)
    form = BulanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih bulan dan tahun yang benar."))
        return redirect("loans:akhir_bulan", kode=request.koperasi.kode)
    tahun, bulan = form.cleaned_data["tahun"], form.cleaned_data["bulan"]
    try:
        proses = month_end.akhir_bulan_pinjaman_mulai(
            koperasi=request.koperasi, tahun=tahun, bulan=bulan, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("loans:akhir_bulan", kode=request.koperasi.kode)
    return redirect("loans:akhir_bulan_detail", kode=request.koperasi.kode, tahun=proses.tahun, bulan=proses.bulan)


def _proses(request: KoperasiRequest, tahun: int, bulan: int) -> ProsesAkhirBulanPinjaman:
    proses = ProsesAkhirBulanPinjaman.objects.filter(koperasi=request.koperasi, tahun=tahun, bulan=bulan).first()
    if proses is None:
        raise Http404("Tidak ditemukan.")
    return _label(proses)


def _per_kolektibilitas(proses: ProsesAkhirBulanPinjaman) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {
        r["kolektibilitas"]: dict(r)
        for r in KolektibilitasBulanan.objects.filter(proses=proses)
        .values("kolektibilitas")
        .annotate(n=Count("id"), sisa=Sum("sisa_pokok"), ppap=Sum("ppap"), akrual=Sum("bunga_akrual"))
        .order_by()
    }
    hasil = []
    for kol in Kolektibilitas:
        r = rows.get(kol.value, {})
        hasil.append(
            {
                "kode": kol.value,
                "nama": kol.label,
                "n": r.get("n", 0),
                "sisa": r.get("sisa") or ZERO,
                "ppap": r.get("ppap") or ZERO,
                "akrual": r.get("akrual") or ZERO,
            }
        )
    total = {k: sum((r[k] for r in hasil), ZERO) for k in ("sisa", "ppap", "akrual")}
    total["n"] = sum(r["n"] for r in hasil)
    return hasil, total


def _rincian(proses: ProsesAkhirBulanPinjaman, kol: str, q: str) -> QuerySet[KolektibilitasBulanan]:
    rows = KolektibilitasBulanan.objects.filter(proses=proses).select_related("pinjaman__anggota")
    if kol in {str(k.value) for k in Kolektibilitas}:
        rows = rows.filter(kolektibilitas=int(kol))
    if q:
        rows = rows.filter(Q(pinjaman__nomor__icontains=q) | Q(pinjaman__anggota__nama__icontains=q))
    return rows.order_by("-kolektibilitas", "-hari_tunggakan", "pinjaman_id")


@koperasi_view(MEMBACA)
def akhir_bulan_detail(request: KoperasiRequest, tahun: int, bulan: int) -> HttpResponse:
    proses = _proses(request, tahun, bulan)
    per_kol, total = _per_kolektibilitas(proses)
    akhir = Bulan(proses.tahun, proses.bulan).akhir
    # the provision the books hold at the month's end (1.20.99, on its normal credit side)
    dibentuk = saldo_akun(akun=akun(request.koperasi, chart.PENYISIHAN_PINJAMAN), per=akhir)
    kol = request.GET.get("kol", "")[:1]
    q = request.GET.get("q", "").strip()[:60]
    context = {
        "proses": proses,
        "per_kol": per_kol,
        "total": total,
        "dibentuk": dibentuk,
        "selisih": dibentuk - total["ppap"],
        "kol": kol,
        "q": q,
        "kolektibilitas": Kolektibilitas.choices,
        "page": BoundedPaginator(_rincian(proses, kol, q), PAGE_SIZE).get_page(request.GET.get("hal")),
        "query": request.GET.urlencode(),
        "boleh_jalankan": bool(request.roles & MENJALANKAN),
    }
    return render(request, "loans/bulanan_detail.html", context)


@koperasi_view(MEMBACA)
def akhir_bulan_status(request: KoperasiRequest, tahun: int, bulan: int) -> HttpResponse:
    """The progress card htmx polls every 2 s; when the run ends the page reloads with totals."""
    proses = _proses(request, tahun, bulan)
    response = render(request, "loans/bulanan_kemajuan.html", {"proses": proses})
    if request.htmx and proses.status != StatusProses.BERJALAN:
        response["HX-Refresh"] = "true"
    return response
