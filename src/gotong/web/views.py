"""Scope picker, koperasi dashboard, audit trail, outbox, settings, region lists."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gotong.core import regions
from gotong.core.forms import apply_service_errors
from gotong.core.models import AuditLog
from gotong.members import selectors as member_selectors
from gotong.notifications.models import Pesan
from gotong.notifications.services import pesan_coba_lagi
from gotong.tenancy.models import PEMBACA_AUDIT, PENGELOLA_ANGGOTA, PENGURUS, Koperasi, NamaPeran, Peran, PeranDinas
from gotong.tenancy.scope import KoperasiRequest, get_for_koperasi, koperasi_view
from gotong.tenancy.services import KOPERASI_SETTINGS_FIELDS, koperasi_update_settings


def beranda(request: HttpRequest) -> HttpResponse:
    """Signed in: the person's places (koperasi roles, Dinas). Otherwise: public start page."""
    if not request.user.is_authenticated:
        koperasi = Koperasi.objects.digital().order_by("nama")
        return render(request, "web/publik.html", {"koperasi_list": koperasi})
    places: dict[Koperasi, list[str]] = {}
    for peran in Peran.objects.filter(user=request.user, aktif=True, koperasi__digital=True).select_related("koperasi"):
        places.setdefault(peran.koperasi, []).append(peran.get_peran_display())
    dinas = list(PeranDinas.objects.filter(user=request.user, aktif=True))
    if len(places) == 1 and not dinas:
        only = next(iter(places))
        return redirect("web:dasbor", kode=only.kode)
    if dinas and not places:
        return redirect("province:dasbor")
    return render(request, "web/pilih.html", {"places": places.items(), "dinas": dinas})


@koperasi_view(set(NamaPeran))
def dasbor(request: KoperasiRequest) -> HttpResponse:
    koperasi = request.koperasi
    roles = request.roles
    if roles == {NamaPeran.ANGGOTA}:
        return redirect("members:saya", kode=koperasi.kode)
    context = {
        "ringkasan": member_selectors.ringkasan_anggota(koperasi=koperasi),
        "calon": member_selectors.anggota_calon(koperasi=koperasi)[:5],
        "keluar": member_selectors.pengajuan_keluar_terbuka(koperasi=koperasi)[:5],
        "pengurus": bool(roles & PENGURUS),
    }
    return render(request, "web/dasbor.html", context)


@koperasi_view(PEMBACA_AUDIT)
def audit(request: KoperasiRequest) -> HttpResponse:
    qs = AuditLog.objects.for_koperasi(request.koperasi).select_related("aktor")
    if request.GET.get("aksi"):
        qs = qs.filter(aksi__startswith=request.GET["aksi"])
    page = Paginator(qs, 30).get_page(request.GET.get("hal"))
    return render(request, "web/audit.html", {"page": page})


@koperasi_view(PENGELOLA_ANGGOTA)
def pesan(request: KoperasiRequest) -> HttpResponse:
    qs = Pesan.objects.for_koperasi(request.koperasi)
    if request.GET.get("status"):
        qs = qs.filter(status=request.GET["status"])
    page = Paginator(qs, 30).get_page(request.GET.get("hal"))
    return render(request, "web/pesan.html", {"page": page})


@koperasi_view(PENGELOLA_ANGGOTA)
@require_POST
def pesan_ulang(request: KoperasiRequest, pk: int) -> HttpResponse:
    pesan_coba_lagi(pesan=get_for_koperasi(request, Pesan, pk))
    messages.success(request, _("Pesan dimasukkan lagi ke antrean."))
    return redirect("web:pesan", kode=request.koperasi.kode)


class PengaturanForm(forms.ModelForm):
    class Meta:
        model = Koperasi
        fields = KOPERASI_SETTINGS_FIELDS
        widgets = {"tanggal_badan_hukum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_format_nomor_anggota(self) -> str:
        value: str = self.cleaned_data["format_nomor_anggota"]
        try:
            value.format(urut=1, tahun=2024)
        except (KeyError, ValueError, IndexError) as exc:
            raise forms.ValidationError(
                _("Format hanya boleh memakai {urut} dan {tahun}, misalnya MB-{tahun}-{urut:04d}.")
            ) from exc
        if "{urut" not in value:
            raise forms.ValidationError(_("Format harus memuat {urut} agar setiap nomor berbeda."))
        return value

    def clean_nik_koperasi(self) -> str:
        value: str = self.cleaned_data["nik_koperasi"].strip()
        if value and (len(value) != 16 or not value.isdigit()):
            raise forms.ValidationError(_("NIK koperasi harus 16 angka."))
        return value


@koperasi_view(PENGELOLA_ANGGOTA)
def pengaturan(request: KoperasiRequest) -> HttpResponse:
    koperasi = request.koperasi
    form = PengaturanForm(request.POST or None, instance=Koperasi.objects.get(pk=koperasi.pk))
    if request.method == "POST" and form.is_valid():
        try:
            koperasi_update_settings(koperasi=koperasi, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Pengaturan disimpan dan tercatat di jejak audit."))
            return redirect("web:pengaturan", kode=koperasi.kode)
    return render(request, "web/pengaturan.html", {"form": form})


def wilayah_pilihan(request: HttpRequest) -> HttpResponse:
    """Options for the next address list (htmx): kecamatan of a kabupaten, desa of a kecamatan."""
    target = request.GET.get("untuk", "")
    parent_field = {"kecamatan_kode": "kabupaten_kode", "desa_kode": "kecamatan_kode"}.get(target)
    parent = request.GET.get(parent_field or "", "")
    items: list[Any] = regions.children(parent) if parent_field and regions.get(parent) else []
    return render(request, "web/_pilihan.html", {"items": items})
