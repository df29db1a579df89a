"""Money: one constructor, one rounding rule (gotong.core.money)."""

from decimal import Decimal

import pytest

from gotong.core.money import MONEY_DECIMAL_PLACES, MoneyError, floor_rupiah, money, round_rupiah


@pytest.mark.parametrize("value", [1.5, 0.1, 1250000.0, float("nan")])
def test_money_refuses_floats(value: float) -> None:
    with pytest.raises(MoneyError, match="float"):
        money(value)


def test_money_refuses_booleans_even_though_they_are_ints() -> None:
    with pytest.raises(MoneyError):
        money(True)


@pytest.mark.parametrize("value", ["", "abc", "Rp", "12a", "NaN", "Infinity", "-inf"])
def test_money_refuses_text_that_is_not_an_amount(value: str) -> None:
    with pytest.raises(MoneyError):
        money(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp1.250.000", Decimal("1250000")),
        ("Rp 1.250.000", Decimal("1250000")),
        ("  1.250.000  ", Decimal("1250000")),
        ("Rp1.250.000,50", Decimal("1250000.50")),
        ("1250000", Decimal("1250000")),
        ("-5.000", Decimal("-5000")),
        ("0,75", Decimal("0.75")),
        ("150000.00", Decimal("150000")),  # a Decimal's own text is never read as thousands
        ("12345.67", Decimal("12345.67")),
        ("1.250", Decimal("1250")),
    ],
)
def test_money_reads_indonesian_text_with_rp_and_thousand_dots(text: str, expected: Decimal) -> None:
    assert money(text) == expected


def test_money_from_int_and_decimal_keeps_two_decimal_places() -> None:
    assert money(1250000) == Decimal("1250000")
    assert money(1250000).as_tuple().exponent == -MONEY_DECIMAL_PLACES
    assert money(Decimal("7")).as_tuple().exponent == -MONEY_DECIMAL_PLACES


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.005"), Decimal("0.01")),
        (Decimal("0.025"), Decimal("0.03")),  # half-even would give 0.02
        (Decimal("2.675"), Decimal("2.68")),  # float 2.675 would give 2.67
        (Decimal("0.0049"), Decimal("0.00")),
        ("0,125", Decimal("0.13")),
    ],
)
def test_money_rounds_to_the_cent_half_up(value: Decimal | str, expected: Decimal) -> None:
    assert money(value) == expected


@pytest.mark.parametrize(
    ("amount", "step", "expected"),
    [
        (Decimal("2.50"), 1, Decimal("3")),  # half-even would give 2
        (Decimal("3.50"), 1, Decimal("4")),
        (Decimal("2.49"), 1, Decimal("2")),
        (Decimal("1250"), 100, Decimal("1300")),
        (Decimal("1249.99"), 100, Decimal("1200")),
        (Decimal("1500"), 1000, Decimal("2000")),
        (Decimal("2499"), 1000, Decimal("2000")),
        (Decimal("1000"), 1000, Decimal("1000")),
    ],
)
def test_round_rupiah_rounds_half_up_to_its_step(amount: Decimal, step: int, expected: Decimal) -> None:
    result = round_rupiah(amount, step)
    assert result == expected
    assert result.as_tuple().exponent == -MONEY_DECIMAL_PLACES


def test_floor_rupiah_drops_the_fraction_of_a_rupiah() -> None:
    assert floor_rupiah(Decimal("1999.99")) == Decimal("1999")
