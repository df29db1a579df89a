"""How money and dates read on screen: Rp1.250.000 and 14 Juli 2022 (gotong.core.formatting)."""

import datetime as dt
from decimal import Decimal

from django.utils import translation

from gotong.core.formatting import rupiah, tanggal, tanggal_waktu


def test_rupiah_uses_dots_for_thousands_and_no_space_after_rp() -> None:
    assert rupiah(Decimal("1250000")) == "Rp1.250.000"


def test_rupiah_shows_cents_only_when_there_are_cents() -> None:
    assert rupiah(Decimal("1250000.00")) == "Rp1.250.000"
    assert rupiah(Decimal("1250.50")) == "Rp1.250,50"


def test_rupiah_puts_the_minus_before_rp() -> None:
    assert rupiah(Decimal("-5000")) == "-Rp5.000"


def test_rupiah_keeps_the_indonesian_form_under_english() -> None:
    with translation.override("en"):
        assert rupiah(Decimal("1250000")) == "Rp1.250.000"


def test_rupiah_of_nothing_is_empty() -> None:
    assert rupiah(None) == ""
    assert rupiah(0) == "Rp0"


def test_tanggal_names_the_month_in_indonesian() -> None:
    with translation.override("id"):
        assert tanggal(dt.date(2022, 7, 14)) == "14 Juli 2022"


def test_tanggal_is_indonesian_by_default() -> None:
    assert tanggal(dt.date(2022, 7, 14)) == "14 Juli 2022"


def test_tanggal_names_the_month_in_english_under_the_english_switch() -> None:
    with translation.override("en"):
        assert tanggal(dt.date(2022, 7, 14)) == "14 July 2022"


def test_tanggal_of_a_moment_uses_the_date_in_jakarta() -> None:
    # 20:00 UTC on 13 July is already 14 July in Jakarta (UTC+7).
    moment = dt.datetime(2022, 7, 13, 20, 0, tzinfo=dt.UTC)
    with translation.override("id"):
        assert tanggal(moment) == "14 Juli 2022"


def test_tanggal_waktu_shows_jakarta_time_with_wib() -> None:
    moment = dt.datetime(2022, 7, 14, 2, 30, tzinfo=dt.UTC)
    with translation.override("id"):
        assert tanggal_waktu(moment) == "14 Juli 2022 09.30 WIB"


def test_tanggal_of_nothing_is_empty() -> None:
    assert tanggal(None) == ""
