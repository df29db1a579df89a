"""Health-assessment screens (thin views over ``province.kesehatan``).

Koperasi side, ``/k/<kode>/kesehatan/``: the board or manager computes the ratios from the
books, answers the management questionnaire, finalises, prints; the pengawas reads.
Dinas side, under ``/dinas/``: a cooperative's history and the form (typed ratios for a
registry-only cooperative, from the books for a digital one, as its mentor), and the spread of
bands per kabupaten/kota with its table, chart and Excel export."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gotong.core import regions
from gotong.core.forms import apply_service_errors
from gotong.province import charts, health, kesehatan
from gotong.province.dasbor_export import dasbor_xlsx
from gotong.province.forms_kesehatan import PenilaianForm, TahunForm
from gotong.province.models_kesehatan import PenilaianKesehatan, StatusPenilaian
from gotong.province.pdf_kesehatan import penilaian_pdf
from gotong.tenancy.models import PENGELOLA_ANGGOTA, Koperasi, NamaPeran
from gotong.tenancy.scope import DinasRequest, KoperasiRequest, dinas_view, koperasi_view

PENILAI = PENGELOLA_ANGGOTA  # pengurus and manajer fill it in (Perdep: self-assessment by the koperasi)
PEMBACA = PENGELOLA_ANGGOTA | {NamaPeran.PENGAWAS}
SKEMA = health.PERDEP_06_2016
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PESAN = {
    "hitung": gettext_lazy("Rasio dihitung dari buku dan disimpan sebagai draf."),
    "simpan": gettext_lazy("Penilaian disimpan sebagai draf."),
    "final": gettext_lazy("Penilaian kesehatan difinalkan."),
    "buka": gettext_lazy("Penilaian dibuka kembali sebagai draf."),
}


def _jalankan(request: Any, koperasi: Koperasi, tahun: int, form: PenilaianForm, *, dinas: bool) -> str | None:
    """Run the button pressed; return the action done, or None (errors are on the form)."""
    aksi = request.POST.get("aksi", "simpan")
    actor = request.user
    try:
        if aksi == "hitung":
            kesehatan.penilaian_dari_buku(koperasi=koperasi, tahun=tahun, actor=actor, oleh_dinas=dinas)
            return aksi
        if aksi == "buka" and dinas:
            p = kesehatan.penilaian_tahun(koperasi, tahun)
            if p is None:
                raise Http404
            kesehatan.penilaian_buka(penilaian=p, actor=actor)
            return aksi
        if not form.is_valid():
            return None
        p = kesehatan.penilaian_simpan(
            koperasi=koperasi,
            tahun=tahun,
            rasio=form.rasio(),
            jawaban=form.jawaban(),
            catatan=form.cleaned_data.get("catatan", ""),
            actor=actor,
            oleh_dinas=dinas,
        )
        if aksi == "final":
            kesehatan.penilaian_finalkan(penilaian=p, actor=actor)
            return aksi
        return "simpan"
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "tahun" in exc.error_dict:
            exc = ValidationError(exc.error_dict["tahun"])
        if not hasattr(form, "cleaned_data"):
            form.is_valid()
        apply_service_errors(form, exc)
        return None


def _konteks(
    koperasi: Koperasi, tahun: int, p: PenilaianKesehatan | None, form: PenilaianForm, *, bisa_ubah: bool
) -> dict[str, Any]:
    buku = kesehatan.rasio_buku(p) if p else {}
    catatan = {k: str(v) for k, v in kesehatan.CATATAN_BUKU.items()} if koperasi.digital else {}
    final = p is not None and p.status == StatusPenilaian.FINAL
    return {
        "koperasi": koperasi,
        "tahun": tahun,
        "penilaian": p,
        "hasil": kesehatan.hasil(p) if p else None,
        "skema": SKEMA,
        "form": form,
        "grup": form.grup(catatan, {k: v for k, v in buku.items() if v is not None}),
        "bisa_ubah": bisa_ubah and not final and kesehatan.boleh_dinilai(koperasi),
        "boleh_dinilai": kesehatan.boleh_dinilai(koperasi),
        "bukan_ksp": str(kesehatan.BUKAN_KSP_USP).format(nama=koperasi.nama, jenis=koperasi.get_jenis_display()),
        "final": final,
        "predikat": health.PREDIKAT,
    }


# --- koperasi side ------------------------------------------------------------------------------


@koperasi_view(PEMBACA)
def k_daftar(request: KoperasiRequest) -> HttpResponse:
    koperasi = request.koperasi
    tahun_list = kesehatan.tahun_pilihan(timezone.localdate())
    form = TahunForm(request.POST or None, tahun_list=tahun_list)
    if request.method == "POST":
        if not request.roles & PENILAI:
            raise Http404
        if form.is_valid():
            tahun = form.cleaned_data["tahun"]
            try:
                kesehatan.penilaian_dari_buku(koperasi=koperasi, tahun=tahun, actor=request.user)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, PESAN["hitung"])
                return redirect("province_koperasi:kesehatan_detail", koperasi.kode, tahun)
    context = {
        "koperasi": koperasi,
        "riwayat": kesehatan.riwayat(koperasi),
        "form": form,
        "boleh_dinilai": kesehatan.boleh_dinilai(koperasi),
        "bukan_ksp": str(kesehatan.BUKAN_KSP_USP).format(nama=koperasi.nama, jenis=koperasi.get_jenis_display()),
        "bisa_ubah": bool(request.roles & PENILAI),
    }
    return render(request, "province/kesehatan_daftar.html", context)


@koperasi_view(PEMBACA)
def k_detail(request: KoperasiRequest, tahun: int) -> HttpResponse:
    koperasi = request.koperasi
    p = kesehatan.penilaian_tahun(koperasi, tahun)
    if p is None:  # a year is opened from the list (computed from the books), like a row
        raise Http404
    form = PenilaianForm(request.POST or None, skema=SKEMA, penilaian=p)
    if request.method == "POST":
        if not request.roles & PENILAI:
            raise Http404
        done = _jalankan(request, koperasi, tahun, form, dinas=False)
        if done:
            messages.success(request, PESAN[done])
            return redirect("province_koperasi:kesehatan_detail", koperasi.kode, tahun)
    context = _konteks(koperasi, tahun, p, form, bisa_ubah=bool(request.roles & PENILAI))
    context["pdf_url"] = reverse("province_koperasi:kesehatan_pdf", args=[koperasi.kode, tahun])
    context["kembali_url"] = reverse("province_koperasi:kesehatan_daftar", args=[koperasi.kode])
    return render(request, "province/kesehatan_detail.html", context)


def _pdf(koperasi: Koperasi, tahun: int, *, kosong_boleh: bool) -> HttpResponse:
    p = kesehatan.penilaian_tahun(koperasi, tahun)
    if p is None and not kosong_boleh:
        raise Http404
    response = HttpResponse(penilaian_pdf(koperasi=koperasi, tahun=tahun, penilaian=p), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kesehatan-{koperasi.kode}-{tahun}.pdf"'
    return response


@koperasi_view(PEMBACA)
def k_pdf(request: KoperasiRequest, tahun: int) -> HttpResponse:
    """The assessment as A4 (the blank worksheet is on the Dinas side)."""
    return _pdf(request.koperasi, tahun, kosong_boleh=False)


# --- Dinas side ---------------------------------------------------------------------------------


def _tahun_dinas(request: Any, koperasi: Koperasi) -> int:
    teks = (request.POST.get("tahun") or request.GET.get("tahun") or "").strip()
    if teks.isdigit() and len(teks) == 4:
        return int(teks)
    terakhir = kesehatan.riwayat(koperasi).values_list("tahun", flat=True).first()
    return terakhir or timezone.localdate().year - 1


@dinas_view
def d_koperasi(request: DinasRequest, pk: int) -> HttpResponse:
    koperasi = kesehatan.koperasi_dinilai(wilayah=request.dinas_wilayah, pk=pk)
    tahun = _tahun_dinas(request, koperasi)
    p = kesehatan.penilaian_tahun(koperasi, tahun)
    form = PenilaianForm(request.POST or None, skema=SKEMA, penilaian=p)
    url = reverse("province:kesehatan_koperasi", args=[pk])
    if request.method == "POST":
        done = _jalankan(request, koperasi, tahun, form, dinas=True)
        if done:
            messages.success(request, PESAN[done])
            return redirect(f"{url}?tahun={tahun}")
    context = _konteks(koperasi, tahun, p, form, bisa_ubah=True)
    context.update(
        {
            "dinas": True,
            "riwayat": kesehatan.riwayat(koperasi),
            "tahun_list": kesehatan.tahun_pilihan(timezone.localdate(), n=10),
            "aksi_url": f"{url}?tahun={tahun}",
            "pdf_url": reverse("province:kesehatan_koperasi_pdf", args=[pk]) + f"?tahun={tahun}",
            "kembali_url": reverse("province:koperasi_detail", args=[pk]),
        }
    )
    return render(request, "province/kesehatan_detail.html", context)


@dinas_view
def d_koperasi_pdf(request: DinasRequest, pk: int) -> HttpResponse:
    koperasi = kesehatan.koperasi_dinilai(wilayah=request.dinas_wilayah, pk=pk)
    return _pdf(koperasi, _tahun_dinas(request, koperasi), kosong_boleh=True)  # blank: the mentor's worksheet


def _sebaran_params(request: DinasRequest) -> tuple[int | None, str]:
    wilayah = request.dinas_wilayah
    teks = request.GET.get("tahun", "").strip()
    tahun = int(teks) if teks.isdigit() and len(teks) == 4 else kesehatan.tahun_terakhir(wilayah)
    kab = request.GET.get("kabupaten", "").strip()
    if "." in wilayah or kab not in {w.kode for w in regions.children(wilayah)}:
        kab = ""
    return tahun, kab


@dinas_view
def d_sebaran(request: DinasRequest) -> HttpResponse:
    wilayah = request.dinas_wilayah
    tahun, kab = _sebaran_params(request)
    rows = kesehatan.sebaran(wilayah=wilayah, tahun=tahun, kabupaten=kab) if tahun else []
    g = kesehatan.grafik_sebaran(rows, tahun=tahun)
    daftar = (
        kesehatan.penilaian_wilayah(wilayah)
        .filter(tahun=tahun or 0, status=StatusPenilaian.FINAL)
        .select_related("koperasi")
        .order_by("-total")
    )
    if kab:
        daftar = daftar.filter(koperasi__kabupaten_kode=kab)
    context = {
        "wilayah_nama": regions.nama(wilayah),
        "tahun": tahun,
        "tahun_list": kesehatan.tahun_pilihan(timezone.localdate(), n=10),
        "kabupaten": kab,
        "kabupaten_list": regions.children(wilayah) if "." not in wilayah else [],
        "g": g,
        "svg": charts.render(g),
        "tabel": charts.tabel_html(g, caption=g.judul, kosong=_("Belum ada penilaian final untuk tahun ini.")),
        "daftar": daftar[:200],
        "predikat": health.PREDIKAT,
        "query": request.GET.urlencode(),
    }
    return render(request, "province/kesehatan_sebaran.html", context)


@dinas_view
def d_sebaran_xlsx(request: DinasRequest) -> HttpResponse:
    tahun, kab = _sebaran_params(request)
    rows = kesehatan.sebaran(wilayah=request.dinas_wilayah, tahun=tahun, kabupaten=kab) if tahun else []
    g = kesehatan.grafik_sebaran(rows, tahun=tahun)
    judul = _("Kesehatan KSP/USP %(w)s — %(d)s") % {
        "w": regions.nama(request.dinas_wilayah),
        "d": f"{timezone.localdate():%d-%m-%Y}",
    }
    response = HttpResponse(dasbor_xlsx([g], judul=judul), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kesehatan-ksp-usp-{tahun or "semua"}.xlsx"'
    return response
