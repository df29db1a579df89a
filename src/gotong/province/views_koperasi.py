"""The cooperative's own yearly report (ODS) under ``/k/<kode>/laporan-tahunan/``: its board
computes the figures from the books, adds the RAT date and submits to the Dinas; a returned
report shows the Dinas's comment. Digital cooperatives only (``koperasi_view``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gotong.core.forms import apply_service_errors
from gotong.members.forms import DATE_FORMATS
from gotong.province import ods
from gotong.province.models import LaporanTahunan, StatusLaporan, SumberLaporan
from gotong.tenancy.models import PENGELOLA_ANGGOTA
from gotong.tenancy.scope import KoperasiRequest, koperasi_view


class RatForm(forms.Form):
    tanggal_rat = forms.DateField(
        label=gettext_lazy("Tanggal RAT"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Tulis tanggal seperti 15-03-2026.")},
        help_text=gettext_lazy("Paling lambat 30 Juni sesudah tahun buku (UU 25/1992 Pasal 26 ayat 2)."),
    )


def _tahun(request: KoperasiRequest) -> int:
    akhir = timezone.localdate().year - 1
    teks = request.GET.get("tahun", "")
    return int(teks) if teks.isdigit() and ods.TAHUN_PERTAMA <= int(teks) <= akhir else akhir


def _jalankan(request: KoperasiRequest, tahun: int, form: RatForm) -> LaporanTahunan | None:
    koperasi = request.koperasi
    data = {**ods.hitung_dari_buku(koperasi, tahun), "tanggal_rat": form.cleaned_data["tanggal_rat"]}
    try:
        laporan = ods.laporan_simpan(
            koperasi=koperasi, tahun=tahun, data=data, actor=request.user, sumber=SumberLaporan.BUKU
        )
        if request.POST.get("aksi") == "ajukan":
            laporan = ods.laporan_ajukan(laporan=laporan, actor=request.user)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    return laporan


@koperasi_view(PENGELOLA_ANGGOTA)
def laporan_tahunan(request: KoperasiRequest) -> HttpResponse:
    koperasi = request.koperasi
    tahun = _tahun(request)
    laporan = LaporanTahunan.objects.filter(koperasi=koperasi, tahun=tahun).first()
    bisa_diubah = laporan is None or laporan.status in (StatusLaporan.DRAFT, StatusLaporan.DIKEMBALIKAN)
    form = RatForm(request.POST or None, initial={"tanggal_rat": laporan.tanggal_rat if laporan else None})
    if request.method == "POST" and bisa_diubah and form.is_valid():
        saved = _jalankan(request, tahun, form)
        if saved is not None:
            if saved.status == StatusLaporan.DIAJUKAN:
                messages.success(request, _("Laporan tahunan diajukan ke Dinas untuk diverifikasi."))
            else:
                messages.success(request, _("Angka dari buku disimpan sebagai draf."))
            return redirect(f"{request.path}?tahun={tahun}")
    hasil = ods.hitung_dari_buku(koperasi, tahun) if bisa_diubah else None
    context = {
        "tahun": tahun,
        "tahun_list": list(range(timezone.localdate().year - 1, timezone.localdate().year - 6, -1)),
        "laporan": laporan,
        "riwayat": koperasi.laporan_tahunan.order_by("-tahun"),
        "baris": [(ods.LABEL[k], hasil[k], k in ods.JUMLAH) for k in ods.ANGKA] if hasil else [],
        "catatan": ods.catatan_laporan(laporan) if laporan else [],
        "bisa_diubah": bisa_diubah,
        "form": form,
        "batas": ods.batas_rat(tahun),
    }
    return render(request, "province/k_laporan_tahunan.html", context)
