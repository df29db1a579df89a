"""Sign-in, sign-out, two-factor (TOTP) set-up and check, password reset."""

from base64 import b32encode, b64encode
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from gotong.accounts.forms import KodeOtpForm, MasukForm


class MasukView(auth_views.LoginView):
    template_name = "accounts/masuk.html"
    authentication_form = MasukForm
    redirect_authenticated_user = True


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = BytesIO()
    image.save(buf)
    return "data:image/svg+xml;base64," + b64encode(buf.getvalue()).decode()


@login_required
def dua_faktor(request: HttpRequest) -> HttpResponse:
    """Check a TOTP code; a staff member without a device sets one up here first."""
    user: Any = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setup = device is None
    if setup:
        device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "Gotong"})
    form = KodeOtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["kode"]):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Verifikasi dua langkah berhasil."))
            return redirect(_safe_next(request))
        form.add_error("kode", _("Kode salah atau sudah kedaluwarsa. Tunggu kode berikutnya lalu coba lagi."))
    context = {"form": form, "setup": setup, "next": _safe_next(request)}
    if setup:
        context["qr"] = _qr_svg(device.config_url)
        context["secret"] = b32_secret(device.bin_key)
    return render(request, "accounts/dua_faktor.html", context)


class LupaSandiView(auth_views.PasswordResetView):
    template_name = "accounts/lupa_sandi.html"
    email_template_name = "accounts/email_reset.txt"
    subject_template_name = "accounts/email_reset_subjek.txt"
    success_url = "/lupa-sandi/terkirim/"


class LupaSandiTerkirimView(auth_views.PasswordResetDoneView):
    template_name = "accounts/lupa_sandi_terkirim.html"


class SandiBaruView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/sandi_baru.html"
    success_url = "/lupa-sandi/selesai/"


class SandiSelesaiView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/sandi_selesai.html"


def b32_secret(key: bytes) -> str:
    """The secret as authenticator apps expect it when typed in by hand."""
    return b32encode(key).decode().rstrip("=")
