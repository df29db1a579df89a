"""The schedule engine (loans/schedule.py), checked by properties over many terms and against
numpy-financial's annuity functions: the figures members sign for must be exact."""

import datetime as dt
from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gotong.loans import schedule
from gotong.loans.schedule import ANUITAS, FLAT, MENURUN, JadwalError, Syarat, buat_jadwal

D = Decimal

syarat_st = st.builds(
    Syarat,
    pokok=st.integers(min_value=100_000, max_value=500_000_000).map(D),
    tenor=st.integers(min_value=1, max_value=60),
    metode=st.sampled_from([FLAT, MENURUN, ANUITAS]),
    suku_bunga=st.decimals(min_value=0, max_value=4, places=2),
    satuan_bunga=st.just(schedule.PER_BULAN),
    frekuensi=st.sampled_from([schedule.BULANAN, schedule.MINGGUAN]),
    masa_tenggang=st.integers(min_value=0, max_value=3),
    pembulatan=st.sampled_from([1, 100, 1000]),
    mulai=st.just(dt.date(2026, 1, 31)),
).filter(lambda s: s.masa_tenggang < s.tenor and s.pokok / (s.tenor - s.masa_tenggang) >= s.pembulatan)


@settings(max_examples=300, deadline=None)
@given(syarat_st)
def test_principal_parts_sum_exactly_and_the_balance_ends_at_zero(s: Syarat) -> None:
    jadwal = buat_jadwal(s)
    assert len(jadwal.baris) == s.tenor
    assert jadwal.total_pokok == s.pokok
    assert jadwal.baris[-1].sisa_pokok == 0
    assert all(b.pokok >= 0 and b.bunga >= 0 for b in jadwal.baris)
    # the balance falls by exactly each principal part
    sisa = s.pokok
    for b in jadwal.baris:
        sisa -= b.pokok
        assert b.sisa_pokok == sisa
    # grace periods: interest only
    assert all(b.pokok == 0 for b in jadwal.baris[: s.masa_tenggang])


@settings(max_examples=300, deadline=None)
@given(syarat_st.filter(lambda s: s.metode in (FLAT, ANUITAS) and s.tenor - s.masa_tenggang >= 2))
def test_installments_are_equal_up_to_rounding_and_the_last_absorbs_the_difference(s: Syarat) -> None:
    jadwal = buat_jadwal(s)
    cicilan = [b.angsuran for b in jadwal.baris[s.masa_tenggang : -1]]
    # every regular installment is the same multiple of the rounding step
    assert len(set(cicilan)) == 1
    assert cicilan[0] % s.pembulatan == 0
    # the last one takes what is left of the principal: it differs by at most one step per installment
    assert abs(jadwal.baris[-1].angsuran - cicilan[0]) <= s.pembulatan * (s.tenor - s.masa_tenggang)


@settings(max_examples=300, deadline=None)
@given(
    pokok=st.integers(min_value=1_000_000, max_value=200_000_000),
    tenor=st.integers(min_value=2, max_value=60),
    persen_tahun=st.decimals(min_value=D("0.5"), max_value=36, places=2),
)
def test_annuity_agrees_with_numpy_financial_to_the_rupiah(pokok: int, tenor: int, persen_tahun: Decimal) -> None:
    s = Syarat(D(pokok), tenor, ANUITAS, persen_tahun, satuan_bunga=schedule.PER_TAHUN)
    jadwal = buat_jadwal(s)
    r = float(persen_tahun) / 100 / 12
    pmt = -npf.pmt(r, tenor, pokok)
    for b in jadwal.baris[:-1]:
        assert abs(float(b.angsuran) - pmt) <= 0.5 + 1e-6
        assert abs(float(b.bunga) - -npf.ipmt(r, b.ke, tenor, pokok)) <= 0.5 + 1e-6
        assert abs(float(b.pokok) - -npf.ppmt(r, b.ke, tenor, pokok)) <= 1 + 1e-6
    # the last installment absorbs the rounding of the others (at most a rupiah each)
    assert abs(float(jadwal.baris[-1].pokok) - -npf.ppmt(r, tenor, tenor, pokok)) <= (tenor - 1) + 1e-6


def test_domain_example_flat_nine_million_at_one_percent_is_840000_a_month() -> None:
    jadwal = buat_jadwal(Syarat(D("9000000"), 12, FLAT, D("1")))
    assert {b.angsuran for b in jadwal.baris} == {D("840000")}
    assert jadwal.total_bunga == D("1080000")


def test_sliding_interest_follows_the_outstanding_balance() -> None:
    jadwal = buat_jadwal(Syarat(D("12000000"), 12, MENURUN, D("1")))
    assert [b.bunga for b in jadwal.baris[:3]] == [D("120000"), D("110000"), D("100000")]
    assert {b.pokok for b in jadwal.baris} == {D("1000000")}


def test_rounding_up_that_would_repay_early_rounds_down_and_the_last_is_larger() -> None:
    # 1.000.000 over 60 at 1% flat: 26.666,67 rounds up to 27.000 (17.000 principal × 59 > 1.000.000)
    jadwal = buat_jadwal(Syarat(D("1000000"), 60, FLAT, D("1"), pembulatan=1000))
    assert jadwal.baris[0].angsuran == D("26000")
    assert jadwal.total_pokok == D("1000000")
    assert jadwal.baris[-1].angsuran > jadwal.baris[0].angsuran


def test_due_dates_keep_the_day_or_take_the_months_last_day() -> None:
    jadwal = buat_jadwal(Syarat(D("3000000"), 3, FLAT, D("1"), mulai=dt.date(2026, 1, 31)))
    assert [b.jatuh_tempo for b in jadwal.baris] == [dt.date(2026, 2, 28), dt.date(2026, 3, 31), dt.date(2026, 4, 30)]
    mingguan = buat_jadwal(
        Syarat(D("1000000"), 2, FLAT, D("2"), frekuensi=schedule.MINGGUAN, mulai=dt.date(2026, 1, 5))
    )
    assert [b.jatuh_tempo for b in mingguan.baris] == [dt.date(2026, 1, 12), dt.date(2026, 1, 19)]


def test_weekly_rate_from_a_monthly_rate() -> None:
    # 2% a month = 24% a year = 24/52 % a week
    weekly = schedule.suku_per_periode(D("2"), schedule.PER_BULAN, schedule.MINGGUAN)
    assert abs(weekly - D("0.24") / 52) < D("1e-25")


@pytest.mark.parametrize(
    ("syarat", "pesan"),
    [
        (Syarat(D("0"), 12, FLAT, D("1")), "Pokok pinjaman harus lebih dari nol"),
        (Syarat(D("1000000"), 0, FLAT, D("1")), "Jangka waktu paling sedikit satu angsuran"),
        (Syarat(D("1000000"), 3, FLAT, D("1"), masa_tenggang=3), "Masa tenggang harus lebih pendek"),
        (Syarat(D("1000000"), 3, "balon", D("1")), "Metode pinjaman harus"),
        (Syarat(D("1000000"), 3, FLAT, D("-1")), "Suku bunga tidak boleh negatif"),
        (Syarat(D("1000000"), 3, FLAT, D("1"), pembulatan=500), "Pembulatan harus"),
        (Syarat(D("2000"), 3, FLAT, D("1"), pembulatan=1000), "Pokok per angsuran lebih kecil dari pembulatan"),
    ],
)
def test_terms_no_schedule_can_follow_are_refused_with_what_to_fix(syarat: Syarat, pesan: str) -> None:
    with pytest.raises(JadwalError, match=pesan):
        buat_jadwal(syarat)
