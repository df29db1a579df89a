"""Money for Gotong: the only place that builds and rounds rupiah amounts.

Amounts are ``Decimal`` in rupiah. Floats are refused outright ("never use
floating-point in an accounting system"). Rounding happens here and nowhere else.
"""

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

MONEY_MAX_DIGITS = 18
MONEY_DECIMAL_PLACES = 2
ZERO = Decimal("0")
_CENT = Decimal("0.01")
_RUPIAH = Decimal("1")


class MoneyError(ValueError):
    """An amount that cannot be money (a float, text that is not a number)."""


def money(value: Decimal | int | str) -> Decimal:
    """Build a money ``Decimal`` from ``Decimal``, ``int`` or ``str``; floats are refused."""
    if isinstance(value, float):
        raise MoneyError("Nilai uang tidak boleh float; berikan str, int atau Decimal.")
    if isinstance(value, bool):
        raise MoneyError("Nilai uang tidak boleh boolean.")
    if isinstance(value, str):
        value = _normalise_text(value)
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise MoneyError(f"{value!r} bukan jumlah uang yang sah.") from exc
    if not amount.is_finite():
        raise MoneyError(f"{value!r} bukan jumlah uang yang sah.")
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def _normalise_text(text: str) -> str:
    """Indonesian ``Rp1.250.000,50`` and plain ``150000.00`` both read as meant: with a
    comma, dots group thousands; without one, dots group thousands only when every group
    after a dot has three digits (``1.250.000``), otherwise a dot is the decimal point."""
    text = text.strip().replace("Rp", "").replace(" ", "")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if _THOUSANDS.fullmatch(text):
        return text.replace(".", "")
    return text


def round_rupiah(amount: Decimal, step: int = 1) -> Decimal:
    """Round half-up to a multiple of ``step`` rupiah (1, 100 or 1.000)."""
    unit = Decimal(step)
    return ((amount / unit).quantize(_RUPIAH, rounding=ROUND_HALF_UP) * unit).quantize(_CENT)


def floor_rupiah(amount: Decimal) -> Decimal:
    """Round down to the whole rupiah (SHU shares, UU 25/1992 Pasal 45 practice)."""
    return amount.quantize(_RUPIAH, rounding=ROUND_DOWN).quantize(_CENT)
