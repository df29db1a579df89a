from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class MasukForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Periksa huruf besar/kecil lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif. Hubungi pengurus koperasi Anda."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")


class KodeOtpForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode 6 angka dari aplikasi autentikator"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
        error_messages={
            "required": _("Tulis kode 6 angka."),
            "min_length": _("Kode harus 6 angka."),
            "max_length": _("Kode harus 6 angka."),
        },
    )
