"""Ledger pages under /k/<kode>/buku-besar/. Views parse input, call a service or selector, and render."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gotong.core.forms import apply_service_errors
from gotong.ledger import chart, selectors, services
from gotong.ledger.export import jurnal_xlsx
from gotong.ledger.forms import (
    BARIS_MAKS,
    AkunTambahForm,
    AkunUbahForm,
    BalikForm,
    BarisForm,
    FilterJurnalForm,
    PeriodeForm,
    RentangForm,
    TolakForm,
    UsulanForm,
    baris_formset,
)
from gotong.ledger.models import Akun, Jurnal, StatusUsulan, UsulanJurnal
from gotong.ledger.roles import PEMBACA_BUKU, PENGELOLA_JURNAL, PENGURUS_BUKU
from gotong.ledger.sources import tautan_sumber
from gotong.tenancy.scope import KoperasiRequest, get_for_koperasi, koperasi_view

PAGE_SIZE = 25
BAGAN_PAGE_SIZE = 100
KAS_PAGE_SIZE = 31


def _page(request: KoperasiRequest, rows: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(rows, size).get_page(request.GET.get("hal"))


def _query(request: KoperasiRequest) -> str:
    query = request.GET.copy()
    query.pop("hal", None)
    return query.urlencode()


def _base(request: KoperasiRequest, tab: str, **context: Any) -> dict[str, Any]:
    """What every ledger page shows: the ledger tabs and what the person may do."""
    roles = request.roles
    return {
        "tab": tab,
        "menunggu": UsulanJurnal.objects.filter(koperasi=request.koperasi, status=StatusUsulan.MENUNGGU).count(),
        "boleh_kelola": bool(roles & PENGURUS_BUKU),
        "boleh_usul": bool(roles & PENGELOLA_JURNAL),
        **context,
    }


def _back(request: KoperasiRequest, name: str, **kwargs: Any) -> HttpResponse:
    return redirect(f"ledger:{name}", kode=request.koperasi.kode, **kwargs)


# --- Chart of accounts --------------------------------------------------------------------


@koperasi_view(PEMBACA_BUKU)
def bagan(request: KoperasiRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = selectors.bagan_akun_saldo(koperasi=request.koperasi, per=today)
    context = _base(request, "bagan", page=_page(request, rows, BAGAN_PAGE_SIZE), query="", today=today)
    return render(request, "ledger/bagan.html", context)


@koperasi_view(PENGURUS_BUKU)
@require_POST
def bagan_siapkan(request: KoperasiRequest) -> HttpResponse:
    added = services.bagan_akun_siapkan(koperasi=request.koperasi)
    messages.success(request, _("Bagan akun baku disiapkan: %(n)s akun ditambahkan.") % {"n": added})
    return _back(request, "bagan")


@koperasi_view(PENGURUS_BUKU)
def akun_tambah(request: KoperasiRequest) -> HttpResponse:
    initial = {"induk": request.GET.get("induk")}
    form = AkunTambahForm(request.POST or None, initial=initial, koperasi=request.koperasi)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            akun = services.akun_tambah(
                induk=data["induk"],
                kode=data["kode"],
                nama=data["nama"],
                saldo_normal=data["saldo_normal"] or None,
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Akun %(akun)s ditambahkan.") % {"akun": akun})
            return _back(request, "bagan")
    return render(request, "ledger/akun_tambah.html", _base(request, "bagan", form=form))


@koperasi_view(PENGURUS_BUKU)
def akun_ubah(request: KoperasiRequest, akun_pk: int) -> HttpResponse:
    akun = get_for_koperasi(request, Akun, akun_pk)
    form = AkunUbahForm(request.POST or None, initial={"nama": akun.nama, "aktif": akun.aktif})
    if request.method == "POST" and form.is_valid():
        try:
            services.akun_ubah(
                akun=akun, nama=form.cleaned_data["nama"], aktif=form.cleaned_data["aktif"], actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Akun %(akun)s disimpan.") % {"akun": akun})
            return _back(request, "bagan")
    context = _base(request, "bagan", akun=akun, form=form, sistem=akun.kode in chart.AKUN_SISTEM)
    return render(request, "ledger/akun_ubah.html", context)


@koperasi_view(PENGURUS_BUKU)
@require_POST
def akun_hapus(request: KoperasiRequest, akun_pk: int) -> HttpResponse:
    akun = get_for_koperasi(request, Akun, akun_pk)
    label = str(akun)
    try:
        services.akun_delete(akun=akun, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request, "akun_ubah", akun_pk=akun_pk)
    messages.success(request, _("Akun %(akun)s dihapus.") % {"akun": label})
    return _back(request, "bagan")


@koperasi_view(PEMBACA_BUKU)
def akun_buku_besar(request: KoperasiRequest, akun_pk: int) -> HttpResponse:
    akun = get_for_koperasi(request, Akun, akun_pk)
    form = RentangForm(request.GET or None)
    dari, sampai = form.rentang()
    buku = selectors.buku_besar(akun=akun, dari=dari, sampai=sampai)
    page = _page(request, buku.baris)
    rows = [(b, buku.saldo_awal + b.berjalan) for b in page]
    sub = list(akun.anak.order_by("kode"))
    context = _base(
        request, "bagan", akun=akun, form=form, buku=buku, page=page, rows=rows, sub=sub, query=_query(request)
    )
    context.update(dari=dari, sampai=sampai)
    return render(request, "ledger/buku_besar.html", context)


# --- Journal ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Saring:
    form: FilterJurnalForm
    jurnal: QuerySet[Jurnal]
    akun: Akun | None
    dari: dt.date
    sampai: dt.date


def _jurnal_filter(request: KoperasiRequest) -> _Saring:
    form = FilterJurnalForm(request.GET or None, koperasi=request.koperasi)
    dari, sampai = form.rentang()
    data = getattr(form, "cleaned_data", {})  # the good fields of a form with a bad one
    akun = data.get("akun")
    qs = selectors.jurnal_cari(
        koperasi=request.koperasi,
        dari=dari,
        sampai=sampai,
        sumber=data.get("sumber", ""),
        akun=akun,
        q=data.get("q", ""),
    )
    return _Saring(form, qs, akun, dari, sampai)


@koperasi_view(PEMBACA_BUKU)
def jurnal_list(request: KoperasiRequest) -> HttpResponse:
    saring = _jurnal_filter(request)
    page = _page(request, selectors.jurnal_dengan_jumlah(saring.jurnal, saring.akun))
    context = _base(
        request,
        "jurnal",
        form=saring.form,
        page=page,
        akun=saring.akun,
        total=selectors.jurnal_total(saring.jurnal, saring.akun),
        query=_query(request),
        dari=saring.dari,
        sampai=saring.sampai,
        disaring=any(request.GET.get(k) for k in ("q", "sumber", "akun")),
    )
    return render(request, "ledger/jurnal_list.html", context)


@koperasi_view(PEMBACA_BUKU)
def jurnal_ekspor(request: KoperasiRequest) -> HttpResponse:
    saring = _jurnal_filter(request)
    koperasi, dari, sampai = request.koperasi, saring.dari, saring.sampai
    judul = f"Jurnal {koperasi.nama} {dari:%d-%m-%Y} s.d. {sampai:%d-%m-%Y}"
    data = jurnal_xlsx(selectors.jurnal_baris_ekspor(saring.jurnal).iterator(chunk_size=2000), judul=judul)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (
        f'attachment; filename="jurnal-{koperasi.kode}-{dari:%Y%m%d}-{sampai:%Y%m%d}.xlsx"'
    )
    return response


@koperasi_view(PEMBACA_BUKU)
def jurnal_detail(request: KoperasiRequest, jurnal_pk: int) -> HttpResponse:
    jurnal = get_for_koperasi(request, Jurnal, jurnal_pk)
    return render(
        request, "ledger/jurnal_detail.html", _jurnal_context(request, jurnal, BalikForm(initial=_hari_ini()))
    )


def _hari_ini() -> dict[str, Any]:
    return {"tanggal": timezone.localdate()}


def _jurnal_context(request: KoperasiRequest, jurnal: Jurnal, form: BalikForm) -> dict[str, Any]:
    lines = list(jurnal.baris.select_related("akun", "anggota"))
    return _base(
        request,
        "jurnal",
        jurnal=jurnal,
        lines=lines,
        total_debit=sum(b.jumlah for b in lines if b.sisi == "D"),
        total_kredit=sum(b.jumlah for b in lines if b.sisi == "K"),
        tautan=tautan_sumber(jurnal),
        pembalikan=Jurnal.objects.filter(membalik=jurnal).first(),
        bisa_dibalik=jurnal.sumber in services.SUMBER_BISA_DIBALIK,
        balik_form=form,
    )


@koperasi_view(PENGURUS_BUKU)
@require_POST
def jurnal_balik(request: KoperasiRequest, jurnal_pk: int) -> HttpResponse:
    jurnal = get_for_koperasi(request, Jurnal, jurnal_pk)
    form = BalikForm(request.POST)
    if form.is_valid():
        try:
            balik = services.jurnal_balik(
                jurnal=jurnal,
                tanggal=form.cleaned_data["tanggal"],
                alasan=form.cleaned_data["alasan"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Jurnal %(nomor)s dibalik dengan jurnal %(balik)s.") % {"nomor": jurnal.nomor, "balik": balik.nomor},
            )
            return _back(request, "jurnal_detail", jurnal_pk=balik.pk)
    return render(request, "ledger/jurnal_detail.html", _jurnal_context(request, jurnal, form), status=400)


# --- Cash book ----------------------------------------------------------------------------


@koperasi_view(PEMBACA_BUKU)
def buku_kas(request: KoperasiRequest) -> HttpResponse:
    form = RentangForm(request.GET or None)
    dari, sampai = form.rentang()
    kas = Akun.objects.for_koperasi(request.koperasi).filter(kode=chart.KAS).first()
    context = _base(request, "kas", form=form, kas=kas, dari=dari, sampai=sampai, query=_query(request))
    if kas is not None:
        awal, days = selectors.buku_kas(akun=kas, dari=dari, sampai=sampai)
        context.update(
            awal=awal,
            page=_page(request, days, KAS_PAGE_SIZE),
            masuk=sum(d.masuk for d in days),
            keluar=sum(d.keluar for d in days),
            akhir=days[-1].saldo if days else awal,
        )
    return render(request, "ledger/buku_kas.html", context)


# --- Manual entries (maker-checker) -------------------------------------------------------


@koperasi_view(PEMBACA_BUKU)
def usulan_list(request: KoperasiRequest) -> HttpResponse:
    status = request.GET.get("status") or StatusUsulan.MENUNGGU
    if status not in StatusUsulan.values:
        status = StatusUsulan.MENUNGGU
    page = _page(request, selectors.usulan_daftar(koperasi=request.koperasi, status=status))
    rows = [(u, selectors.usulan_total(u)) for u in page]
    context = _base(request, "usulan", page=page, rows=rows, status=status, statuses=StatusUsulan.choices)
    context["query"] = _query(request)
    return render(request, "ledger/usulan_list.html", context)


@koperasi_view(PENGELOLA_JURNAL)
def usulan_baru(request: KoperasiRequest) -> HttpResponse:
    koperasi = request.koperasi
    data = request.POST if request.method == "POST" else None
    form = UsulanForm(data, initial=_hari_ini(), koperasi=koperasi)
    formset = baris_formset(data, koperasi=koperasi)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            usulan = services.usulan_jurnal_buat(
                koperasi=koperasi,
                tanggal=form.cleaned_data["tanggal"],
                keterangan=form.cleaned_data["keterangan"],
                baris=formset.baris(),
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Usulan jurnal dicatat dan menunggu persetujuan orang lain."))
            return _back(request, "usulan_detail", usulan_pk=usulan.pk)
    context = _base(request, "usulan", form=form, formset=formset, baris_maks=BARIS_MAKS)
    return render(request, "ledger/usulan_baru.html", context, status=400 if data is not None else 200)


@koperasi_view(PENGELOLA_JURNAL)
def usulan_baris_tambah(request: KoperasiRequest) -> HttpResponse:
    """One more empty line for the manual-entry form (htmx), with the form count moved on."""
    raw = request.GET.get("n", "")
    n = int(raw) if raw.isdigit() else BARIS_MAKS
    if n >= BARIS_MAKS:
        return HttpResponse(status=204)
    pilihan = selectors.akun_pilihan(koperasi=request.koperasi)
    form = BarisForm(prefix=f"baris-{n}", koperasi=request.koperasi, pilihan=pilihan)
    return render(request, "ledger/_baris_tambah.html", {"baris": form, "nomor": n + 1, "berikut": n + 1})


@koperasi_view(PEMBACA_BUKU)
def usulan_detail(request: KoperasiRequest, usulan_pk: int) -> HttpResponse:
    usulan = get_for_koperasi(request, UsulanJurnal, usulan_pk)
    lines = selectors.usulan_baris(usulan)
    context = _base(
        request,
        "usulan",
        usulan=usulan,
        lines=lines,
        total=selectors.usulan_total(usulan),
        total_kredit=sum(b.jumlah for b in lines if b.sisi == "K"),
        pembuat=usulan.dibuat_oleh_id == request.user.pk,
        tolak_form=TolakForm(),
    )
    return render(request, "ledger/usulan_detail.html", context)


@koperasi_view(PENGELOLA_JURNAL)
@require_POST
def usulan_setujui(request: KoperasiRequest, usulan_pk: int) -> HttpResponse:
    usulan = get_for_koperasi(request, UsulanJurnal, usulan_pk)
    try:
        jurnal = services.usulan_jurnal_setujui(usulan=usulan, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request, "usulan_detail", usulan_pk=usulan_pk)
    messages.success(request, _("Usulan disetujui; jurnal %(nomor)s dibukukan.") % {"nomor": jurnal.nomor})
    return _back(request, "jurnal_detail", jurnal_pk=jurnal.pk)


@koperasi_view(PENGELOLA_JURNAL)
@require_POST
def usulan_tolak(request: KoperasiRequest, usulan_pk: int) -> HttpResponse:
    usulan = get_for_koperasi(request, UsulanJurnal, usulan_pk)
    try:
        services.usulan_jurnal_tolak(usulan=usulan, actor=request.user, alasan=request.POST.get("alasan", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Usulan jurnal ditolak; pembuatnya bisa melihat alasannya."))
    return _back(request, "usulan_detail", usulan_pk=usulan_pk)


# --- Periods ------------------------------------------------------------------------------

PERIODE_TIDAK_SAH = _("Pilih bulan dari daftar.")


@koperasi_view(PEMBACA_BUKU)
def periode_list(request: KoperasiRequest) -> HttpResponse:
    months = selectors.daftar_bulan(koperasi=request.koperasi, sampai=timezone.localdate())
    context = _base(request, "periode", page=_page(request, months, 12), query="")
    return render(request, "ledger/periode_list.html", context)


def _periode_action(request: KoperasiRequest, buka: bool) -> HttpResponse:
    form = PeriodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(PERIODE_TIDAK_SAH))
        return _back(request, "periode_list")
    tahun, bulan = form.cleaned_data["tahun"], form.cleaned_data["bulan"]
    try:
        if buka:
            services.periode_buka(
                koperasi=request.koperasi,
                tahun=tahun,
                bulan=bulan,
                actor=request.user,
                alasan=form.cleaned_data["alasan"],
            )
        else:
            services.periode_tutup(koperasi=request.koperasi, tahun=tahun, bulan=bulan, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = (
            _("Bulan %(p)s dibuka kembali.")
            if buka
            else _("Bulan %(p)s ditutup; transaksi bertanggal di bulan itu kini ditolak.")
        )
        messages.success(request, done % {"p": f"{bulan:02d}/{tahun}"})
    return _back(request, "periode_list")


@koperasi_view(PENGURUS_BUKU)
@require_POST
def periode_tutup(request: KoperasiRequest) -> HttpResponse:
    return _periode_action(request, buka=False)


@koperasi_view(PENGURUS_BUKU)
@require_POST
def periode_buka(request: KoperasiRequest) -> HttpResponse:
    return _periode_action(request, buka=True)
