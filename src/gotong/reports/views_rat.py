"""Year close and RAT pages under ``/k/<kode>/laporan/``.

* ``tutup-buku/``: the book years, each open or closed with its SHU and who closed it; a
  pengurus closes a finished year after a confirmation page (the result that moves to 3.99 and
  the checks) and reopens the last closed year with a reason. Month close is in the ledger.
* ``rat/<tahun>/``: the RAT package — what is in it, what is missing, PDF and Excel; the board's
  report, member statistics and ODS figures of the year on their own pages.
* ``rapbk/<tahun>/``: next year's work plan and budget grid; ``anggaran/<tahun>/``: budget
  against actual of any year, with Excel.

Pengurus write; the manajer and the pengawas read. Views parse input, call the services in
``reports.penutupan``, ``reports.rat`` and ``reports.anggaran``, and render.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gotong.core.forms import apply_service_errors
from gotong.core.money import ZERO
from gotong.ledger.models import Akun
from gotong.ledger.selectors import kode_key
from gotong.reports import anggaran, penutupan, rat
from gotong.reports.forms_rat import AnggaranForm, BukaForm, LaporanPengurusForm, RencanaKerjaForm, SalinForm
from gotong.reports.models import AnggaranBaris, LaporanPengurus, TahunBuku
from gotong.reports.statistik import statistik_anggota
from gotong.savings.views_bulanan import NAMA_BULAN
from gotong.tenancy.models import PENGURUS, NamaPeran
from gotong.tenancy.scope import KoperasiRequest, koperasi_view

MENULIS = PENGURUS
MEMBACA = PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _hari_ini() -> dt.date:
    return timezone.localdate()


def _tahun(request: KoperasiRequest, tahun: int) -> int:
    """A book year of the koperasi a page may be opened for, or 404 (a typed URL with year
    9999, a year the koperasi has nothing in)."""
    if not rat.tahun_sah(tahun, today=_hari_ini()) or not rat.tahun_ada(request.koperasi, tahun):
        raise Http404("Tidak ditemukan.")
    return tahun


def _boleh_menulis(request: KoperasiRequest) -> bool:
    return bool(request.roles & MENULIS)


# --- Year close ---------------------------------------------------------------------------------


@koperasi_view(MEMBACA)
def tutup_list(request: KoperasiRequest) -> HttpResponse:
    context = {
        "tahun_list": rat.daftar_tahun_buku(koperasi=request.koperasi, today=_hari_ini()),
        "boleh_kelola": _boleh_menulis(request),
    }
    return render(request, "reports/tutup_list.html", context)


def _hasil_rows(request: KoperasiRequest, tahun: int) -> list[dict[str, Any]]:
    """The result the closing entry will move, per account: income or expense."""
    hasil = penutupan.hasil_tahun(koperasi=request.koperasi, tahun=tahun)
    akun = Akun.objects.in_bulk(list(hasil))
    return [
        {"akun": akun[pk], "pendapatan": max(hasil[pk], ZERO), "beban": max(-hasil[pk], ZERO), "hasil": hasil[pk]}
        for pk in sorted(hasil, key=lambda pk: kode_key(akun[pk].kode))
    ]


@koperasi_view(MENULIS)
def tutup_tahun(request: KoperasiRequest, tahun: int) -> HttpResponse:
    """GET: the confirmation page (result into 3.99 and the checks); POST: close the year."""
    tahun = _tahun(request, tahun)
    galat = ""
    if request.method == "POST":
        try:
            penutupan.tahun_buku_tutup(koperasi=request.koperasi, tahun=tahun, actor=request.user)
        except ValidationError as exc:
            galat = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Tahun buku %(t)s ditutup: pendapatan dan beban dipindahkan ke SHU tahun berjalan.") % {"t": tahun},
            )
            return redirect("reports:tutup_list", kode=request.koperasi.kode)
    rows = _hasil_rows(request, tahun)
    tb = TahunBuku.objects.for_koperasi(request.koperasi).filter(tahun=tahun).first()
    context = {
        "tahun": tahun,
        "rows": rows,
        "pendapatan": sum((r["pendapatan"] for r in rows), ZERO),
        "beban": sum((r["beban"] for r in rows), ZERO),
        "shu": sum((r["hasil"] for r in rows), ZERO),
        "syarat": rat.syarat_tutup(koperasi=request.koperasi, tahun=tahun, today=_hari_ini()),
        "sudah_ditutup": tb is not None and tb.ditutup,
        "galat": galat,
    }
    return render(request, "reports/tutup_konfirmasi.html", context, status=400 if galat else 200)


@koperasi_view(MENULIS)
def buka_tahun(request: KoperasiRequest, tahun: int) -> HttpResponse:
    """GET: the reopen form (reason); POST: reverse the closing entry (``tahun_buku_buka``)."""
    tahun = _tahun(request, tahun)
    tb = TahunBuku.objects.for_koperasi(request.koperasi).filter(tahun=tahun).select_related("ditutup_oleh").first()
    form = BukaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            penutupan.tahun_buku_buka(
                koperasi=request.koperasi, tahun=tahun, actor=request.user, alasan=form.cleaned_data["alasan"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Tahun buku %(t)s dibuka kembali; jurnal penutupnya dibalik.") % {"t": tahun})
            return redirect("reports:tutup_list", kode=request.koperasi.kode)
    status = 400 if form.errors else 200
    return render(request, "reports/tutup_buka.html", {"tahun": tahun, "tb": tb, "form": form}, status=status)


# --- RAT package ---------------------------------------------------------------------------------


@koperasi_view(MEMBACA)
def rat_list(request: KoperasiRequest) -> HttpResponse:
    hari_ini = _hari_ini()
    tahun = [t for t in rat.daftar_tahun_buku(koperasi=request.koperasi, today=hari_ini) if t.berakhir]
    if not tahun:
        tahun = [t for t in rat.daftar_tahun_buku(koperasi=request.koperasi, today=hari_ini)]
    return render(request, "reports/rat_list.html", {"tahun_list": tahun, "hari_ini": hari_ini})


@koperasi_view(MEMBACA)
def rat_paket(request: KoperasiRequest, tahun: int) -> HttpResponse:
    paket = rat.paket_rat(koperasi=request.koperasi, tahun=_tahun(request, tahun))
    context = {"paket": paket, "boleh_kelola": _boleh_menulis(request), "tahun": tahun}
    return render(request, "reports/rat_paket.html", context)


@koperasi_view(MEMBACA)
def rat_pdf(request: KoperasiRequest, tahun: int) -> HttpResponse:
    from gotong.reports.pdf_rat import paket_rat_pdf

    paket = rat.paket_rat(koperasi=request.koperasi, tahun=_tahun(request, tahun))
    response = HttpResponse(paket_rat_pdf(paket), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="paket-rat-{request.koperasi.kode}-{tahun}.pdf"'
    return response


@koperasi_view(MEMBACA)
def rat_xlsx(request: KoperasiRequest, tahun: int) -> HttpResponse:
    from gotong.reports.pdf_rat import paket_rat_xlsx

    paket = rat.paket_rat(koperasi=request.koperasi, tahun=_tahun(request, tahun))
    response = HttpResponse(paket_rat_xlsx(paket), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="paket-rat-{request.koperasi.kode}-{tahun}.xlsx"'
    return response


@koperasi_view(MENULIS)
def rat_pengurus(request: KoperasiRequest, tahun: int) -> HttpResponse:
    """The board's accountability report of the year: five sections of text."""
    tahun = _tahun(request, tahun)
    laporan = rat.laporan_pengurus_dari(request.koperasi, tahun)
    awal = {n: getattr(laporan, n) for n in LaporanPengurus.BAGIAN} if laporan else {}
    form = LaporanPengurusForm(request.POST or None, initial=awal)
    if request.method == "POST" and form.is_valid():
        try:
            rat.laporan_pengurus_simpan(
                koperasi=request.koperasi, tahun=tahun, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Laporan pertanggungjawaban pengurus tahun %(t)s disimpan.") % {"t": tahun})
            return redirect("reports:rat_paket", kode=request.koperasi.kode, tahun=tahun)
    context = {"tahun": tahun, "form": form, "laporan": laporan}
    return render(request, "reports/rat_pengurus.html", context, status=400 if form.errors else 200)


@koperasi_view(MEMBACA)
def rat_statistik(request: KoperasiRequest, tahun: int) -> HttpResponse:
    stat = statistik_anggota(koperasi=request.koperasi, tahun=_tahun(request, tahun))
    return render(request, "reports/rat_statistik.html", {"tahun": tahun, "stat": stat})


@koperasi_view(MEMBACA)
def rat_ods(request: KoperasiRequest, tahun: int) -> HttpResponse:
    angka = rat.angka_ods(koperasi=request.koperasi, tahun=_tahun(request, tahun))
    return render(request, "reports/rat_ods.html", {"tahun": tahun, "angka": angka})


# --- RAPBK ---------------------------------------------------------------------------------------


def _rapbk_context(
    request: KoperasiRequest,
    tahun: int,
    *,
    rencana_form: RencanaKerjaForm | None = None,
    anggaran_form: AnggaranForm | None = None,
    salin_form: SalinForm | None = None,
) -> dict[str, Any]:
    koperasi = request.koperasi
    akun = anggaran.akun_anggaran(koperasi)
    awal = {r.akun_id: r.jumlah for r in AnggaranBaris.objects.for_koperasi(koperasi).tahun(tahun)}
    dasar = anggaran.realisasi(koperasi=koperasi, tahun=tahun - 1)
    rencana = anggaran.rencana_kerja_dari(koperasi, tahun)
    if rencana_form is None:
        rencana_form = RencanaKerjaForm(
            initial={"program": rencana.program, "asumsi": rencana.asumsi} if rencana else {}
        )
    if anggaran_form is None:
        anggaran_form = AnggaranForm(akun=akun, awal=awal)
    bagian: dict[str, list[dict[str, Any]]] = {k: [] for k in anggaran.JUDUL_BAGIAN}
    for a in akun:
        kunci = anggaran.bagian_akun(a)
        assert kunci is not None
        bagian[kunci].append({"akun": a, "field": anggaran_form[anggaran.nama_field(a.pk)], "dasar": dasar.get(a.pk)})
    hari_ini = _hari_ini()
    boleh_ubah = _boleh_menulis(request) and hari_ini.year <= tahun <= hari_ini.year + 1
    return {
        "tahun": tahun,
        "rencana": rencana,
        "rencana_form": rencana_form,
        "anggaran_form": anggaran_form,
        "salin_form": salin_form or SalinForm(),
        "bagian": [(str(anggaran.JUDUL_BAGIAN[k]), rows) for k, rows in bagian.items()],
        "perbandingan": anggaran.anggaran_vs_realisasi(koperasi=koperasi, tahun=tahun, tahun_realisasi=tahun - 1),
        "boleh_ubah": boleh_ubah,
        "lewat": tahun < hari_ini.year,
    }


def _tahun_rapbk(request: KoperasiRequest, tahun: int) -> int:
    hari_ini = _hari_ini()
    if not rat.TAHUN_PERTAMA <= tahun <= hari_ini.year + 1:
        raise Http404("Tidak ditemukan.")
    if not rat.rapbk_ada(request.koperasi, tahun, today=hari_ini):
        raise Http404("Tidak ditemukan.")
    return tahun


@koperasi_view(MEMBACA)
def rapbk(request: KoperasiRequest, tahun: int) -> HttpResponse:
    tahun = _tahun_rapbk(request, tahun)
    return render(request, "reports/rat_rapbk.html", _rapbk_context(request, tahun))


def _kembali_rapbk(request: KoperasiRequest, tahun: int) -> HttpResponse:
    return redirect("reports:rapbk", kode=request.koperasi.kode, tahun=tahun)


@koperasi_view(MENULIS)
@require_POST
def rapbk_rencana(request: KoperasiRequest, tahun: int) -> HttpResponse:
    tahun = _tahun_rapbk(request, tahun)
    form = RencanaKerjaForm(request.POST)
    if form.is_valid():
        try:
            anggaran.rencana_kerja_simpan(
                koperasi=request.koperasi,
                tahun=tahun,
                program=form.cleaned_data["program"],
                asumsi=form.cleaned_data["asumsi"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Rencana kerja tahun %(t)s disimpan.") % {"t": tahun})
            return _kembali_rapbk(request, tahun)
    context = _rapbk_context(request, tahun, rencana_form=form)
    return render(request, "reports/rat_rapbk.html", context, status=400)


def _baris_dari_post(request: KoperasiRequest) -> dict[int, object]:
    """Every ``akun_<pk>`` field posted, including any the grid did not offer: the service
    refuses an account of another koperasi rather than the page ignoring it."""
    out: dict[int, object] = {}
    for key, value in request.POST.items():
        pk = key.removeprefix("akun_")
        if key.startswith("akun_") and pk.isdigit():
            out[int(pk)] = value
    return out


@koperasi_view(MENULIS)
@require_POST
def rapbk_anggaran(request: KoperasiRequest, tahun: int) -> HttpResponse:
    tahun = _tahun_rapbk(request, tahun)
    koperasi = request.koperasi
    akun = anggaran.akun_anggaran(koperasi)
    form = AnggaranForm(request.POST, akun=akun, awal={})
    if form.is_valid():
        try:
            rows = anggaran.anggaran_simpan(
                koperasi=koperasi, tahun=tahun, baris=_baris_dari_post(request), actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Anggaran tahun %(t)s disimpan (%(n)s baris).") % {"t": tahun, "n": len(rows)})
            return _kembali_rapbk(request, tahun)
    context = _rapbk_context(request, tahun, anggaran_form=form)
    return render(request, "reports/rat_rapbk.html", context, status=400)


@koperasi_view(MENULIS)
@require_POST
def rapbk_salin(request: KoperasiRequest, tahun: int) -> HttpResponse:
    """Fill the grid from last year's actuals (grown by the percentage typed)."""
    tahun = _tahun_rapbk(request, tahun)
    form = SalinForm(request.POST)
    if form.is_valid():
        try:
            kenaikan = anggaran.parse_kenaikan(form.cleaned_data["kenaikan"])
            rows = anggaran.anggaran_salin_realisasi(
                koperasi=request.koperasi, tahun=tahun, actor=request.user, kenaikan_persen=kenaikan
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Anggaran %(t)s diisi dari realisasi %(l)s (%(n)s baris). Periksa dan ubah bila perlu.")
                % {"t": tahun, "l": tahun - 1, "n": len(rows)},
            )
            return _kembali_rapbk(request, tahun)
    context = _rapbk_context(request, tahun, salin_form=form)
    return render(request, "reports/rat_rapbk.html", context, status=400)


# --- Budget against actual ------------------------------------------------------------------------


def _bulan_akhir(request: KoperasiRequest, tahun: int) -> int:
    """Through which month the actual runs: December for a past year, last month for this one."""
    hari_ini = _hari_ini()
    teks = request.GET.get("sampai", "")
    if teks.isdigit() and 1 <= int(teks) <= 12:
        return int(teks)
    return 12 if tahun < hari_ini.year else max(hari_ini.month, 1)


@koperasi_view(MEMBACA)
def anggaran_realisasi(request: KoperasiRequest, tahun: int) -> HttpResponse:
    tahun = _tahun_rapbk(request, tahun)
    bulan_akhir = _bulan_akhir(request, tahun)
    perbandingan = anggaran.anggaran_vs_realisasi(koperasi=request.koperasi, tahun=tahun, bulan_akhir=bulan_akhir)
    context = {
        "tahun": tahun,
        "p": perbandingan,
        "bulan_akhir": bulan_akhir,
        "bulan_pilihan": NAMA_BULAN,
        "ekspor": reverse("reports:anggaran_xlsx", args=[request.koperasi.kode, tahun]) + f"?sampai={bulan_akhir}",
    }
    return render(request, "reports/rat_anggaran.html", context)


@koperasi_view(MEMBACA)
def anggaran_xlsx(request: KoperasiRequest, tahun: int) -> HttpResponse:
    tahun = _tahun_rapbk(request, tahun)
    perbandingan = anggaran.anggaran_vs_realisasi(
        koperasi=request.koperasi, tahun=tahun, bulan_akhir=_bulan_akhir(request, tahun)
    )
    response = HttpResponse(
        anggaran.anggaran_xlsx(koperasi=request.koperasi, perbandingan=perbandingan), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="anggaran-{request.koperasi.kode}-{tahun}.xlsx"'
    return response
