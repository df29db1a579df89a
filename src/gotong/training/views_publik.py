"""Public training pages (no login). Each finds its row by a random token; drafts are hidden."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from gotong.core.forms import apply_service_errors
from gotong.training import services
from gotong.training.certificate import qr_svg, sertifikat_pdf
from gotong.training.forms import PendaftaranForm
from gotong.training.models import Kegiatan, Peserta, Sertifikat, StatusKegiatan

View = Callable[..., HttpResponseBase]


def public_page(view: View) -> View:
    """Mark a page as public for the isolation walk (it must be on its allow-list)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return view(request, *args, **kwargs)

    wrapper.gotong_scope = "public"  # type: ignore[attr-defined]
    return wrapper


@public_page
def daftar(request: HttpRequest, token: str) -> HttpResponse:
    kegiatan = get_object_or_404(Kegiatan.objects.exclude(status=StatusKegiatan.DRAFT), token=token)
    form = PendaftaranForm(request.POST or None, kegiatan=kegiatan)
    if request.method == "POST" and form.is_valid():
        try:
            peserta = services.peserta_daftar(kegiatan=kegiatan, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("pelatihan:konfirmasi", token=peserta.token)
    context = {"kegiatan": kegiatan, "form": form, "sisa": kegiatan.kapasitas - kegiatan.peserta.count()}
    return render(request, "training/daftar.html", context)


@public_page
def konfirmasi(request: HttpRequest, token: str) -> HttpResponse:
    peserta = get_object_or_404(Peserta.objects.select_related("kegiatan", "koperasi"), token=token)
    checkin_url = request.build_absolute_uri(reverse("training:checkin", args=[peserta.token]))
    context = {"peserta": peserta, "kegiatan": peserta.kegiatan, "qr": qr_svg(checkin_url)}
    context["sertifikat"] = Sertifikat.objects.filter(peserta=peserta).first()
    return render(request, "training/konfirmasi.html", context)


@public_page
def sertifikat_saya(request: HttpRequest, token: str) -> HttpResponse:
    sertifikat = get_object_or_404(Sertifikat.objects.select_related("peserta__kegiatan"), peserta__token=token)
    url = request.build_absolute_uri(reverse("pelatihan:verifikasi", args=[sertifikat.token]))
    response = HttpResponse(sertifikat_pdf([sertifikat], verify_url=lambda s: url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sertifikat-{sertifikat.pk}.pdf"'
    return response


@public_page
def verifikasi(request: HttpRequest, token: str) -> HttpResponse:
    sertifikat = get_object_or_404(
        Sertifikat.objects.select_related("peserta__kegiatan", "peserta__koperasi"), token=token
    )
    return render(request, "training/verifikasi.html", {"sertifikat": sertifikat, "peserta": sertifikat.peserta})
