"""Dinas registry forms. Messages are Bahasa Indonesia and say what to fix."""

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from gotong.core import regions
from gotong.members.forms import DATE_FORMATS, AlamatMixin
from gotong.province import registry
from gotong.province.models import PengurusKoperasi
from gotong.province.services import UNDANGAN_PERAN
from gotong.tenancy.models import Koperasi, StatusKoperasi

MASA_TERBALIK = _("Akhir masa jabatan tidak boleh sebelum awal masa jabatan.")


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Tulis tanggal seperti 17-08-2015.")},
    )


class KoperasiRegistryForm(AlamatMixin, forms.ModelForm):
    """Identity of a cooperative in the registry; kab/kota offices choose only their own."""

    tanggal_badan_hukum = _date_field(_("Tanggal badan hukum"))

    class Meta:
        model = Koperasi
        fields = [
            "nama",
            "jenis",
            "pola",
            "kelompok",
            "status",
            "nomor_badan_hukum",
            "tanggal_badan_hukum",
            "nik_koperasi",
            "alamat",
            "kabupaten_kode",
            "kecamatan_kode",
            "desa_kode",
            "telepon",
            "email",
            "kontak_nama",
            "kontak_telepon",
        ]

    def __init__(self, *args: Any, wilayah: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wilayah = wilayah
        initial = {f: getattr(self.instance, f) for f in ("kabupaten_kode", "kecamatan_kode")}
        if wilayah != regions.BANTEN and not initial["kabupaten_kode"]:
            initial["kabupaten_kode"] = wilayah
            self.initial["kabupaten_kode"] = wilayah
        self.setup_alamat(initial)
        if wilayah != regions.BANTEN:
            field = cast(forms.ChoiceField, self.fields["kabupaten_kode"])
            field.choices = [(w.kode, w.nama) for w in regions.kabupaten_banten() if w.kode == wilayah]
        self.fields["kecamatan_kode"].required = False
        self.fields["desa_kode"].required = False
        self.fields["status"].initial = StatusKoperasi.AKTIF

    def clean_nik_koperasi(self) -> str:
        value = re.sub(r"[\s.]", "", self.cleaned_data.get("nik_koperasi") or "")
        if value and not registry.nik_koperasi_sah(value):
            raise forms.ValidationError(registry.NIK_KOPERASI_BUKAN_16)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_wilayah(cleaned)
        return cleaned

    def _post_clean(self) -> None:
        # The service sets the fields, checks uniqueness in the province and full_cleans.
        pass


class PengurusForm(forms.ModelForm):
    masa_mulai = _date_field(_("Masa jabatan mulai"))
    masa_akhir = _date_field(_("Masa jabatan berakhir"))

    class Meta:
        model = PengurusKoperasi
        fields = ["jabatan", "nama", "masa_mulai", "masa_akhir"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mulai, akhir = cleaned.get("masa_mulai"), cleaned.get("masa_akhir")
        if mulai and akhir and akhir < mulai:
            self.add_error("masa_akhir", MASA_TERBALIK)
        return cleaned

    def _post_clean(self) -> None:
        pass


class ImporForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas register (.xlsx atau .csv)"),
        error_messages={"required": registry.BERKAS_TIDAK_DIKENAL},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class UndanganForm(forms.Form):
    """Who to invite onto Gotong: the pengurus's name, contact and role."""

    nama = forms.CharField(label=_("Nama pengurus"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"), required=False, error_messages={"invalid": _("Tulis e-mail seperti nama@contoh.id.")}
    )
    telepon = forms.CharField(label=_("Nomor WhatsApp"), max_length=20, required=False)
    peran = forms.ChoiceField(label=_("Peran di Gotong"), initial="ketua")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["peran"]).choices = [(p.value, p.label) for p in UNDANGAN_PERAN]


class TerimaUndanganForm(forms.Form):
    """The invited pengurus's new account."""

    nama_lengkap = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"), required=False, error_messages={"invalid": _("Tulis e-mail seperti nama@contoh.id.")}
    )
    username = forms.CharField(
        label=_("Nama pengguna"), max_length=150, help_text=_("Dipakai untuk masuk. Huruf, angka dan . _ - saja.")
    )
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("Kedua kata sandi tidak sama. Ketik ulang."))
        return data
