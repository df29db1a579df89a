"""Inviting a registry-only cooperative onto Gotong: the Dinas side and the public sign-up page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gotong.core.forms import apply_service_errors
from gotong.province import selectors, services
from gotong.province.forms import TerimaUndanganForm, UndanganForm
from gotong.province.models import PengurusKoperasi, UndanganKoperasi
from gotong.tenancy.models import Koperasi
from gotong.tenancy.scope import DinasRequest, dinas_view
from gotong.training.views_publik import public_page


def _awal(koperasi: Koperasi) -> dict[str, Any]:
    """Prefill from the registry: the registered ketua and the cooperative's contact."""
    ketua = PengurusKoperasi.objects.filter(koperasi=koperasi, jabatan="ketua").order_by("-masa_mulai").first()
    nama = ketua.nama if ketua else koperasi.kontak_nama
    return {"nama": nama, "email": koperasi.email, "telepon": koperasi.kontak_telepon or koperasi.telepon}


def undangan_konteks(koperasi: Koperasi, form: UndanganForm | None = None) -> dict[str, Any]:
    """What the "Undang ke Gotong" section shows (registry detail page and its own page)."""
    terbuka = None if koperasi.digital else services.undangan_terbuka(koperasi)
    return {
        "undangan_form": form or UndanganForm(initial=_awal(koperasi)),
        "undangan_terbuka": terbuka,
        "undangan_tautan": services.undangan_tautan(terbuka) if terbuka else "",
    }


@dinas_view
def undangan(request: DinasRequest, pk: int) -> HttpResponse:
    koperasi = selectors.koperasi_of_region(wilayah=request.dinas_wilayah, pk=pk)
    form = UndanganForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.undangan_buat(
                koperasi=koperasi, wilayah=request.dinas_wilayah, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_service_errors(form, exc)
            else:  # about the cooperative, not a field: shown above whatever the section shows
                messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Undangan dibuat dan dikirim ke pengurus. Tautannya juga tampil di bawah."))
            return redirect("province:koperasi_detail", pk=pk)
    bound = form if request.method == "POST" else None
    context = {"koperasi": koperasi, **undangan_konteks(koperasi, bound)}
    return render(request, "province/undangan.html", context)


@dinas_view
def undangan_batal(request: DinasRequest, pk: int) -> HttpResponse:
    koperasi = selectors.koperasi_of_region(wilayah=request.dinas_wilayah, pk=pk)
    terbuka = services.undangan_terbuka(koperasi)
    if request.method == "POST":
        if terbuka is None:
            messages.error(request, _("Tidak ada undangan terbuka untuk dibatalkan."))
        else:
            services.undangan_batal(undangan=terbuka, actor=request.user)
            messages.success(request, _("Undangan dibatalkan; tautannya tidak bisa dipakai lagi."))
        return redirect("province:koperasi_detail", pk=pk)
    return render(request, "province/undangan.html", {"koperasi": koperasi, **undangan_konteks(koperasi)})


@public_page
def terima(request: HttpRequest, token: str) -> HttpResponse:
    """The invited pengurus's sign-up page (no login). Unknown token: 404."""
    obj = get_object_or_404(UndanganKoperasi.objects.select_related("koperasi"), token=token)
    try:
        services.undangan_periksa(obj)
    except ValidationError as exc:
        return render(request, "province/undangan_terima.html", {"undangan": obj, "alasan": " ".join(exc.messages)})
    form = TerimaUndanganForm(request.POST or None, initial={"nama_lengkap": obj.nama, "email": obj.email})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.undangan_terima(
                token=token,
                username=data["username"],
                password=data["password"],
                nama_lengkap=data["nama_lengkap"],
                email=data["email"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Selamat datang di Gotong. Akun Anda sudah dibuat."))
            return redirect("web:dasbor", kode=obj.koperasi.kode)
    return render(request, "province/undangan_terima.html", {"undangan": obj, "form": form})
