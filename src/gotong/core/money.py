"""Money for Gotong: the only place that builds and rounds rupiah amounts.

Amounts are ``Decimal`` in rupiah. Floats are refused outright ("never use
floating-point in an accounting system"). Rounding happens here and nowhere else.
"""

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
        value = value.strip().replace("Rp", "").replace(".", "").replace(",", ".").strip()
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise MoneyError(f"{value!r} bukan jumlah uang yang sah.") from exc
    if not amount.is_finite():
        raise MoneyError(f"{value!r} bukan jumlah uang yang sah.")
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


def round_rupiah(amount: Decimal, step: int = 1) -> Decimal:
    """Round half-up to a multiple of ``step`` rupiah (1, 100 or 1.000)."""
    unit = Decimal(step)
    return ((amount / unit).quantize(_RUPIAH, rounding=ROUND_HALF_UP) * unit).quantize(_CENT)


def floor_rupiah(amount: Decimal) -> Decimal:
    """Round down to the whole rupiah (SHU shares, UU 25/1992 Pasal 45 practice)."""
    return amount.quantize(_RUPIAH, rounding=ROUND_DOWN).quantize(_CENT)
