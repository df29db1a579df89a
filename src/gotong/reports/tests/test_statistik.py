"""Member statistics of a book year: stocks and flows by sex, by desa, by age band."""

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gotong.members.models import Anggota, StatusAnggota
from gotong.members.tests.helpers import make_anggota
from gotong.reports.statistik import statistik_anggota
from gotong.tenancy.models import Koperasi

CIPARE, SERANG, SUMUR_PECUNG = "36.73.01.1002", "36.73.01.1001", "36.73.01.1003"


def _anggota(koperasi: Koperasi, masuk: dt.date, keluar: dt.date | None = None, **kw: Any) -> Anggota:
    status = StatusAnggota.KELUAR if keluar else StatusAnggota.AKTIF
    return make_anggota(koperasi, status=status, tanggal_masuk=masuk, tanggal_keluar=keluar, **kw)


@pytest.fixture
def anggota(maju: Koperasi) -> Koperasi:
    """Before 2025: 4 members (a man who leaves in 2025, two women, a man who left in 2024).
    In 2025: a woman joins in March, a man joins in May and leaves in November, a man joins
    on 31 December. Applicants and rejected applicants never count."""
    _anggota(maju, dt.date(2020, 1, 1), dt.date(2025, 8, 1), jenis_kelamin="L", desa_kode=CIPARE)
    _anggota(maju, dt.date(2021, 1, 1), jenis_kelamin="P", desa_kode=CIPARE, tanggal_lahir=dt.date(1960, 1, 1))
    _anggota(maju, dt.date(2022, 1, 1), jenis_kelamin="P", desa_kode=CIPARE)  # born 1992: 33
    _anggota(maju, dt.date(2019, 1, 1), dt.date(2024, 6, 30), jenis_kelamin="L")
    _anggota(maju, dt.date(2025, 3, 1), jenis_kelamin="P", desa_kode=SERANG, tanggal_lahir=dt.date(2002, 1, 1))
    _anggota(maju, dt.date(2025, 5, 1), dt.date(2025, 11, 1), jenis_kelamin="L")
    _anggota(
        maju, dt.date(2025, 12, 31), jenis_kelamin="L", desa_kode=SUMUR_PECUNG, tanggal_lahir=dt.date(1990, 12, 31)
    )
    make_anggota(maju, status=StatusAnggota.CALON, tanggal_daftar=dt.date(2025, 6, 1))
    make_anggota(maju, status=StatusAnggota.DITOLAK, tanggal_daftar=dt.date(2025, 6, 1))
    return maju


def test_members_at_the_start_joined_exited_and_at_the_end_by_sex(anggota: Koperasi) -> None:
    s = statistik_anggota(koperasi=anggota, tahun=2025)

    assert (s.awal.laki_laki, s.awal.perempuan) == (1, 2)
    assert (s.masuk.laki_laki, s.masuk.perempuan) == (2, 1)
    assert (s.keluar.laki_laki, s.keluar.perempuan) == (2, 0)
    assert (s.akhir.laki_laki, s.akhir.perempuan) == (1, 3)
    assert s.cocok and s.pertumbuhan_persen == "33,3%"


def test_members_by_desa_at_the_end_of_the_year_largest_first(anggota: Koperasi) -> None:
    s = statistik_anggota(koperasi=anggota, tahun=2025)

    assert [(r.label, r.laki_laki, r.perempuan) for r in s.per_desa] == [
        ("Cipare", 0, 2),
        ("Serang", 0, 1),
        ("Sumur Pecung", 1, 0),
    ]


def test_desa_beyond_the_top_n_are_summed_as_others(anggota: Koperasi) -> None:
    s = statistik_anggota(koperasi=anggota, tahun=2025, desa_teratas=1)

    assert [(r.label, r.jumlah) for r in s.per_desa] == [("Cipare", 2), ("Desa lainnya (2)", 2)]


def test_members_by_age_on_31_december(anggota: Koperasi) -> None:
    s = statistik_anggota(koperasi=anggota, tahun=2025)

    umur = {r.label: r.jumlah for r in s.per_umur}
    # born 1 Jan 2002 → 23; born 31 Dec 1990 → 35 on the day; born 1 Jan 1960 → 65
    assert umur == {"< 25": 1, "25–34": 1, "35–44": 1, "45–54": 0, "55–64": 0, "≥ 65": 1}


def test_another_koperasis_members_never_count(anggota: Koperasi, tani: Koperasi) -> None:
    assert statistik_anggota(koperasi=tani, tahun=2025).akhir.jumlah == 0


tanggal = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2026, 12, 31))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(tanggal, st.one_of(st.none(), tanggal), st.sampled_from("LP")), max_size=8))
def test_the_start_plus_joined_minus_exited_is_the_end(maju: Koperasi, rows: list[Any]) -> None:
    Anggota.objects.filter(koperasi=maju).delete()
    for masuk, keluar, jk in rows:
        _anggota(maju, masuk, max(masuk, keluar) if keluar else None, jenis_kelamin=jk)

    for tahun in (2024, 2025, 2026):
        s = statistik_anggota(koperasi=maju, tahun=tahun)
        assert s.cocok
        assert s.awal.laki_laki + s.masuk.laki_laki - s.keluar.laki_laki == s.akhir.laki_laki
        assert sum(r.jumlah for r in s.per_umur) == s.akhir.jumlah == sum(r.jumlah for r in s.per_desa)
