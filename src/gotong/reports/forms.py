"""The period chooser of the statement pages: a year and a range of its months.

The default is this year from January to last month (in January: last year, all twelve
months), the period a board usually reads; each closed book year is one click away.
"""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.reports.statements import Periode

TAHUN_MIN, TAHUN_MAKS = 2000, 2100
BULAN_TERBALIK = _("Bulan awal harus sama dengan atau sebelum bulan akhir.")
TAHUN_DI_LUAR = _("Tahun harus antara 2000 dan 2100.")
BULAN_DI_LUAR = _("Pilih bulan 1 sampai 12.")

NAMA_BULAN = [
    (1, _("Januari")),
    (2, _("Februari")),
    (3, _("Maret")),
    (4, _("April")),
    (5, _("Mei")),
    (6, _("Juni")),
    (7, _("Juli")),
    (8, _("Agustus")),
    (9, _("September")),
    (10, _("Oktober")),
    (11, _("November")),
    (12, _("Desember")),
]


def periode_baku(today: dt.date | None = None) -> Periode:
    """This year up to last month; in January, the whole of last year."""
    today = today or timezone.localdate()
    if today.month == 1:
        return Periode(today.year - 1, 1, 12)
    return Periode(today.year, 1, today.month - 1)


class PeriodeForm(forms.Form):
    tahun = forms.IntegerField(
        label=_("Tahun"),
        min_value=TAHUN_MIN,
        max_value=TAHUN_MAKS,
        error_messages={"min_value": TAHUN_DI_LUAR, "max_value": TAHUN_DI_LUAR, "invalid": TAHUN_DI_LUAR},
    )
    dari = forms.TypedChoiceField(
        label=_("Dari bulan"), choices=NAMA_BULAN, coerce=int, error_messages={"invalid_choice": BULAN_DI_LUAR}
    )
    sampai = forms.TypedChoiceField(
        label=_("Sampai bulan"), choices=NAMA_BULAN, coerce=int, error_messages={"invalid_choice": BULAN_DI_LUAR}
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", BULAN_TERBALIK)
        return data

    def periode(self) -> Periode:
        data = self.cleaned_data
        return Periode(data["tahun"], data["dari"], data["sampai"])

    @staticmethod
    def query(periode: Periode) -> str:
        return f"tahun={periode.tahun}&dari={periode.bulan_awal}&sampai={periode.bulan_akhir}"


def periode_dari(params: Any, today: dt.date | None = None) -> tuple[PeriodeForm, Periode | None]:
    """The form bound to the query (or to the default period when the query names none) and
    the period it gives, or ``None`` when the query is wrong (the form then holds the errors)."""
    if not any(k in params for k in ("tahun", "dari", "sampai")):
        baku = periode_baku(today)
        form = PeriodeForm({"tahun": baku.tahun, "dari": baku.bulan_awal, "sampai": baku.bulan_akhir})
    else:
        # A year alone (a shared link, ``?tahun=2025``) means the whole year; a missing end month
        # means December.
        data = {"tahun": params.get("tahun", ""), "dari": params.get("dari") or 1, "sampai": params.get("sampai") or 12}
        form = PeriodeForm(data)
    return (form, form.periode()) if form.is_valid() else (form, None)
