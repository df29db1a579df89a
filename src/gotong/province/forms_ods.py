"""Forms of the yearly figures (ODS). The rules live in ``province.ods``; these only read input."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gotong.core.money import MoneyError, money
from gotong.members.forms import DATE_FORMATS
from gotong.province import ods

UANG_TIDAK_SAH = _("Tulis jumlah rupiah seperti 1.250.000 (boleh diawali tanda minus untuk rugi).")
JUMLAH_TIDAK_SAH = _("Tulis bilangan bulat, misalnya 120.")


class UangField(forms.CharField):
    """Rupiah typed by a person: ``1.250.000``, ``Rp1.250.000,50``, ``-5.000`` (signed; the rules say
    which figures may be negative)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:,.0f}".replace(",", ".") if value == value.to_integral_value() else str(value)
        return value

    def clean(self, value: Any) -> Decimal:
        text = (super().clean(value) or "").strip()
        if not text:
            return Decimal("0.00")
        negative = text.startswith("-")
        try:
            amount = money(text.lstrip("-").strip())
        except MoneyError as exc:
            raise forms.ValidationError(UANG_TIDAK_SAH) from exc
        return -amount if negative else amount


def _jumlah(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": JUMLAH_TIDAK_SAH},
    )


class LaporanForm(forms.Form):
    tanggal_rat = forms.DateField(
        label=_("Tanggal RAT"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Tulis tanggal seperti 15-03-2026.")},
        help_text=_("Paling lambat 30 Juni sesudah tahun buku (UU 25/1992 Pasal 26 ayat 2)."),
    )
    anggota_pria = _jumlah(ods.LABEL["anggota_pria"])
    anggota_wanita = _jumlah(ods.LABEL["anggota_wanita"])
    pengelola = _jumlah(ods.LABEL["pengelola"])
    karyawan = _jumlah(ods.LABEL["karyawan"])
    aset = UangField(label=ods.LABEL["aset"])
    kewajiban = UangField(label=ods.LABEL["kewajiban"])
    modal_sendiri = UangField(
        label=ods.LABEL["modal_sendiri"],
        help_text=_("Ekuitas: simpanan pokok, wajib, cadangan, hibah, SHU belum dibagi."),
    )
    modal_luar = UangField(label=ods.LABEL["modal_luar"], help_text=_("Modal pinjaman; bagian dari kewajiban."))
    volume_usaha = UangField(label=ods.LABEL["volume_usaha"])
    shu = UangField(label=ods.LABEL["shu"], help_text=_("Tanda minus jika rugi."))

    def cleaned(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ods.JUMLAH:
            data[name] = data.get(name) or 0
        return data


class TahunForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun buku"), error_messages={"invalid": _("Tulis tahun seperti 2025.")})


class KomentarForm(forms.Form):
    komentar = forms.CharField(label=_("Komentar"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class UnggahForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas Excel (.xlsx) atau CSV"),
        error_messages={"required": _("Pilih berkas templat yang sudah diisi.")},
    )
