"""How Gotong shows money and dates: ``Rp1.250.000`` and ``14 Juli 2022`` (Babel)."""

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from django.utils import timezone, translation

_LOCALES = {"id": "id_ID", "en": "en_US"}


def _locale() -> str:
    return _LOCALES.get((translation.get_language() or "id")[:2], "id_ID")


def rupiah(amount: Decimal | int | None) -> str:
    """``Rp1.250.000``; cents only when present; negatives as ``-Rp5.000``."""
    if amount is None:
        return ""
    value = Decimal(amount)
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    text = format_decimal(abs(value), format=pattern, locale="id_ID")
    return f"-Rp{text}" if value < 0 else f"Rp{text}"


def tanggal(value: dt.date | dt.datetime | None) -> str:
    """``14 Juli 2022`` (or ``14 July 2022`` in English)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_date(value, format="d MMMM y", locale=_locale())


def tanggal_waktu(value: dt.datetime | None) -> str:
    """``14 Juli 2022 09.30 WIB`` in Asia/Jakarta."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_datetime(local, format="d MMMM y HH.mm", locale=_locale()) + " WIB"
