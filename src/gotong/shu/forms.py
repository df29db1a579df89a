"""Forms of the SHU pages: they parse what was typed; the services check the rules (so a
caller that skips the form gets the same Indonesian messages)."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gotong.shu.models import AkunVolume, DasarModal, SatuanPembulatan

ANGKA_TIDAK_SAH = _("Tulis angka persen, misalnya 40 atau 2,5.")
NOMOR_TIDAK_DIKENAL = _("Nomor anggota tidak dikenal di pembagian SHU ini: {nomor}.")
PILIH_ANGGOTA = _("Centang “semua yang belum dibayar” atau tulis nomor anggota yang dibayar.")
_PERSEN = re.compile(r"[+-]?\d{1,3}([.,]\d+)?")


class PersenField(forms.Field):
    """A percentage typed the Indonesian way (``2,5``) or with a dot; the service checks the range."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "12"})

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().replace("%", "").replace(" ", "")
        if not text:
            return None
        if len(text) > 12 or not _PERSEN.fullmatch(text):
            raise ValidationError(str(ANGKA_TIDAK_SAH))
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the pattern already refuses it
            raise ValidationError(str(ANGKA_TIDAK_SAH)) from exc


class PengaturanSHUForm(forms.Form):
    persen_cadangan = PersenField(label=_("Cadangan (%)"))
    persen_jasa_anggota = PersenField(label=_("Jasa anggota (%)"))
    persen_dana_pengurus = PersenField(label=_("Dana pengurus (%)"))
    persen_dana_karyawan = PersenField(label=_("Dana karyawan (%)"))
    persen_dana_pendidikan = PersenField(label=_("Dana pendidikan (%)"))
    persen_dana_sosial = PersenField(label=_("Dana sosial (%)"))
    persen_jua = PersenField(label=_("Jasa usaha anggota, JUA (% dari jasa anggota)"))
    persen_jma = PersenField(label=_("Jasa modal anggota, JMA (% dari jasa anggota)"))
    akun_volume = forms.MultipleChoiceField(
        label=_("Transaksi yang dihitung sebagai volume usaha anggota (Va)"),
        choices=AkunVolume.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    dasar_modal = forms.ChoiceField(
        label=_("Saldo simpanan pokok dan wajib untuk jasa modal (Sa)"),
        choices=DasarModal.choices,
        widget=forms.RadioSelect,
    )
    termasuk_sukarela = forms.BooleanField(label=_("Simpanan sukarela ikut dihitung untuk jasa modal"), required=False)
    satuan_pembulatan = forms.TypedChoiceField(
        label=_("Pembulatan bagian anggota"), choices=SatuanPembulatan.choices, coerce=int, widget=forms.RadioSelect
    )

    ALOKASI = (
        "persen_cadangan",
        "persen_jasa_anggota",
        "persen_dana_pengurus",
        "persen_dana_karyawan",
        "persen_dana_pendidikan",
        "persen_dana_sosial",
    )

    def alokasi_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.ALOKASI]

    def jasa_fields(self) -> list[forms.BoundField]:
        return [self["persen_jua"], self["persen_jma"]]

    def lain_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("dasar_modal", "termasuk_sukarela", "satuan_pembulatan")]


class PersetujuanForm(forms.Form):
    tanggal_rat = forms.DateField(
        label=_("Tanggal keputusan RAT"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    nomor_rat = forms.CharField(label=_("Nomor keputusan RAT"), max_length=100)
    # The fingerprint of the figures on the page (shu.selectors.sidik_pratinjau).
    sidik = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class TunaiRATForm(forms.Form):
    tanggal = forms.DateField(
        label=_("Tanggal dibayar"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    semua = forms.BooleanField(label=_("Semua anggota yang SHU-nya belum dibayar"), required=False)
    nomor = forms.CharField(
        label=_("Atau nomor anggota yang dibayar (satu per baris atau dipisah koma)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20000,
    )

    def nomor_list(self) -> list[str]:
        return [n for n in re.split(r"[\s,;]+", self.cleaned_data.get("nomor") or "") if n]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("semua") and not self.nomor_list():
            raise ValidationError(str(PILIH_ANGGOTA))
        return data
