"""Interest and tax math (savings.interest): fixed examples, then Hypothesis over random
balance histories. No database."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gotong.savings.interest import (
    BATAS_BEBAS_PAJAK,
    Bulan,
    HasilJasa,
    Metode,
    Mutasi,
    RiwayatSaldo,
    jasa_anggota,
    jasa_bulanan,
    pajak_bagi,
    pajak_jasa,
    tambah_bulan,
)

JAN = Bulan(2026, 1)
FEB = Bulan(2026, 2)
D = Decimal


def _jasa(riwayat: RiwayatSaldo, metode: Metode, rate: str = "3", minimum: str = "0") -> HasilJasa:
    return jasa_bulanan(riwayat, metode=metode, suku_bunga_tahunan=D(rate), saldo_minimum=D(minimum))


# --- examples a bendahara can check with a calculator -----------------------------------------


def test_daily_balance_interest_on_a_constant_balance_is_balance_times_rate_times_days_over_365() -> None:
    # Rp10.000.000 × 3% × 31/365 = Rp25.479,45… → rounded down to Rp25.479
    riwayat = RiwayatSaldo(JAN, D("10000000"))
    assert _jasa(riwayat, Metode.SALDO_HARIAN).bruto == D("25479")
    assert _jasa(riwayat, Metode.RATA_RATA_HARIAN) == HasilJasa(D("10000000"), D("25479"))


def test_daily_balance_counts_each_day_at_its_closing_balance() -> None:
    # Rp1.000.000 for days 1–9, Rp3.000.000 from the 10th (22 days): 9×1jt + 22×3jt = 75jt saldo-hari
    riwayat = RiwayatSaldo(JAN, D("1000000"), (Mutasi(dt.date(2026, 1, 10), D("2000000")),))
    hasil = _jasa(riwayat, Metode.SALDO_HARIAN, rate="12")
    assert hasil.dasar == D("75000000")
    assert hasil.bruto == D("24657")  # 75.000.000 × 12% / 365 = 24.657,53


def test_lowest_balance_uses_the_lowest_moment_and_a_monthly_rate() -> None:
    # down to Rp200.000 on the 5th, back up the same day: the lowest moment counts
    riwayat = RiwayatSaldo(
        FEB,
        D("2000000"),
        (Mutasi(dt.date(2026, 2, 5), D("-1800000")), Mutasi(dt.date(2026, 2, 5), D("1800000"))),
    )
    assert _jasa(riwayat, Metode.SALDO_TERENDAH, rate="6") == HasilJasa(D("200000"), D("1000"))  # 200.000×6%/12


def test_a_balance_below_the_minimum_earns_nothing_per_day_or_per_month() -> None:
    # Rp40.000 for 15 days then Rp100.000: minimum Rp50.000
    riwayat = RiwayatSaldo(Bulan(2026, 4), D("40000"), (Mutasi(dt.date(2026, 4, 16), D("60000")),))
    harian = _jasa(riwayat, Metode.SALDO_HARIAN, rate="36.5", minimum="50000")
    assert harian.dasar == D("1500000")  # only the 15 days at Rp100.000 count
    assert harian.bruto == D("1500")
    assert _jasa(riwayat, Metode.RATA_RATA_HARIAN, rate="36.5", minimum="50000").bruto == D("2100")  # avg 70.000
    assert _jasa(riwayat, Metode.RATA_RATA_HARIAN, rate="36.5", minimum="70001").bruto == D("0")
    assert _jasa(riwayat, Metode.SALDO_TERENDAH, rate="36.5", minimum="50000").bruto == D("0")


def test_a_deposit_stops_earning_after_its_last_counted_day() -> None:
    riwayat = RiwayatSaldo(JAN, D("36500000"), sampai=dt.date(2026, 1, 14))
    assert _jasa(riwayat, Metode.SALDO_HARIAN, rate="10").bruto == D("140000")  # 14 days × 10.000


def test_no_method_pays_nothing_and_movements_outside_the_month_are_refused() -> None:
    assert _jasa(RiwayatSaldo(JAN, D("5000000")), Metode.TANPA) == HasilJasa(D("0"), D("0"))
    with pytest.raises(ValueError, match="di luar bulan"):
        RiwayatSaldo(JAN, D("1"), (Mutasi(dt.date(2026, 2, 1), D("5")),))


def test_a_negative_rate_is_refused() -> None:
    with pytest.raises(ValueError):
        _jasa(RiwayatSaldo(JAN, D("1000")), Metode.SALDO_HARIAN, rate="-1")


def test_adding_months_keeps_the_day_or_takes_the_last_day() -> None:
    assert tambah_bulan(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert tambah_bulan(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert tambah_bulan(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)


# --- PP 15/2009 ---------------------------------------------------------------------------------


def test_tax_is_zero_at_exactly_rp240000_and_ten_percent_of_the_whole_gross_above() -> None:
    assert pajak_jasa(D("240000")) == D("0")
    assert pajak_jasa(D("240001")) == D("24000")  # 10% of 240.001 = 24.000,1 → rounded down
    assert pajak_jasa(D("500000")) == D("50000")  # the whole gross, not the excess over 240.000
    assert pajak_jasa(D("0")) == D("0")


def test_tax_split_gives_the_odd_rupiah_to_the_largest_remainder() -> None:
    assert pajak_bagi(D("10"), [D("1"), D("1"), D("1")]) == (D("4"), D("3"), D("3"))
    assert pajak_bagi(D("30000"), [D("100000"), D("200000"), D("0")]) == (D("10000"), D("20000"), D("0"))


def test_a_resumed_member_pays_the_tax_of_the_whole_month_less_what_was_withheld() -> None:
    # 200.000 credited earlier without tax; 100.000 now brings the month to 300.000 → 30.000
    hasil = jasa_anggota([D("100000")], bruto_sebelumnya=D("200000"), pajak_sebelumnya=D("0"))
    assert hasil.pajak == D("30000") and hasil.pajak_per_rekening == (D("30000"),)


# --- Hypothesis: random balance histories -------------------------------------------------------

bulan_st = st.builds(Bulan, st.integers(2020, 2030), st.integers(1, 12))
rupiah_st = st.integers(0, 5_000_000_000).map(D)
rate_st = st.decimals(min_value=0, max_value=25, places=3)


@st.composite
def riwayat_st(draw: st.DrawFn) -> RiwayatSaldo:
    """Deposits and withdrawals on random days, with an opening balance large enough that
    the balance never goes below zero (the database forbids it)."""
    bulan = draw(bulan_st)
    days = sorted(draw(st.lists(st.integers(1, bulan.hari), max_size=12)))
    amounts = draw(
        st.lists(st.integers(-1_000_000_000, 1_000_000_000).filter(bool), min_size=len(days), max_size=len(days))
    )
    mutasi = tuple(Mutasi(dt.date(bulan.tahun, bulan.bulan, d), D(a)) for d, a in zip(days, amounts, strict=True))
    running, lowest = D(0), D(0)
    for m in mutasi:
        running += m.jumlah
        lowest = min(lowest, running)
    return RiwayatSaldo(bulan, -lowest + draw(rupiah_st), mutasi)


metode_st = st.sampled_from([Metode.SALDO_HARIAN, Metode.RATA_RATA_HARIAN, Metode.SALDO_TERENDAH])


def _double(r: RiwayatSaldo) -> RiwayatSaldo:
    return RiwayatSaldo(r.bulan, r.saldo_awal * 2, tuple(Mutasi(m.tanggal, m.jumlah * 2) for m in r.mutasi))


@settings(max_examples=300, deadline=None)
@given(riwayat_st(), rate_st, metode_st, rupiah_st)
def test_interest_is_never_negative_and_whole_rupiah(riwayat, rate, metode, minimum) -> None:
    bruto = jasa_bulanan(riwayat, metode=metode, suku_bunga_tahunan=rate, saldo_minimum=minimum).bruto
    assert bruto >= 0
    assert bruto == bruto.to_integral_value()


@settings(max_examples=200, deadline=None)
@given(riwayat_st(), metode_st)
def test_a_zero_rate_pays_nothing(riwayat, metode) -> None:
    assert jasa_bulanan(riwayat, metode=metode, suku_bunga_tahunan=D(0)).bruto == 0


@settings(max_examples=300, deadline=None)
@given(riwayat_st(), rate_st, metode_st, rupiah_st)
def test_doubling_every_balance_doubles_the_interest_up_to_rounding(riwayat, rate, metode, minimum) -> None:
    once = jasa_bulanan(riwayat, metode=metode, suku_bunga_tahunan=rate, saldo_minimum=minimum).bruto
    twice = jasa_bulanan(_double(riwayat), metode=metode, suku_bunga_tahunan=rate, saldo_minimum=minimum * 2).bruto
    assert 2 * once <= twice <= 2 * once + 1


@settings(max_examples=300, deadline=None)
@given(riwayat_st(), rate_st)
def test_lowest_balance_interest_is_at_most_average_daily_which_is_at_most_the_highest_balance(riwayat, rate) -> None:
    """The bases order as lowest ≤ average ≤ highest balance, and so does the interest when
    each is priced the same way. Saldo terendah is priced per month (rate/12) and the daily
    methods per day (rate × days/365), so across methods the comparison rescales by 12·days/365."""
    harian = riwayat.saldo_harian()
    tertinggi = max([riwayat.saldo_awal, *harian])
    terendah = jasa_bulanan(riwayat, metode=Metode.SALDO_TERENDAH, suku_bunga_tahunan=rate)
    rata = jasa_bulanan(riwayat, metode=Metode.RATA_RATA_HARIAN, suku_bunga_tahunan=rate)
    atas = jasa_bulanan(RiwayatSaldo(riwayat.bulan, tertinggi), metode=Metode.RATA_RATA_HARIAN, suku_bunga_tahunan=rate)
    assert terendah.dasar <= rata.dasar <= tertinggi
    assert rata.bruto <= atas.bruto
    # the lowest balance priced per day is at most the average priced per day (±1 rupiah of rounding)
    per_hari = RiwayatSaldo(riwayat.bulan, terendah.dasar)
    assert jasa_bulanan(per_hari, metode=Metode.SALDO_HARIAN, suku_bunga_tahunan=rate).bruto <= rata.bruto + 1
    # and saldo harian equals rata-rata harian when there is no minimum
    assert jasa_bulanan(riwayat, metode=Metode.SALDO_HARIAN, suku_bunga_tahunan=rate).bruto == rata.bruto


@settings(max_examples=200, deadline=None)
@given(riwayat_st())
def test_the_runs_of_constant_balance_cover_every_counted_day(riwayat) -> None:
    harian = riwayat.saldo_harian()
    assert len(harian) == riwayat.bulan.hari
    running, expected = riwayat.saldo_awal, []
    for day in range(1, riwayat.bulan.hari + 1):
        running += sum((m.jumlah for m in riwayat.mutasi if m.tanggal.day == day), D(0))
        expected.append(running)
    assert harian == expected


@given(st.integers(0, 10**12).map(D))
def test_tax_is_zero_up_to_the_threshold_and_ten_percent_of_the_whole_gross_above(bruto) -> None:
    pajak = pajak_jasa(bruto)
    if bruto <= BATAS_BEBAS_PAJAK:
        assert pajak == 0
    else:
        assert pajak == (bruto / 10).to_integral_value(rounding="ROUND_DOWN")
        assert bruto / 10 - 1 < pajak <= bruto / 10


@settings(max_examples=300)
@given(st.lists(st.integers(0, 10**10).map(D), min_size=1, max_size=8))
def test_the_split_adds_up_to_the_members_tax_exactly_and_never_exceeds_an_accounts_gross(bruto) -> None:
    pajak = pajak_jasa(sum(bruto, D(0)))
    parts = pajak_bagi(pajak, bruto)
    assert sum(parts, D(0)) == pajak
    assert all(0 <= p <= b for p, b in zip(parts, bruto, strict=True))
    assert all(p == p.to_integral_value() for p in parts)
