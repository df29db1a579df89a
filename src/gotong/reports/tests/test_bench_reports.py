"""The reports benchmark (bench/reports.py, issue 5 "Figures") builds books that hold.

The generator is checked without a database: every entry balances, member lines name the
member, the months come in date order, and the lines agree with the members' own state.
On PostgreSQL a tiny koperasi is loaded the bench's way (COPY) and checked as the bench checks
it: the monthly balances against the lines, and the statements against hledger.
"""

import importlib.util
import random
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[4]


def _bench():
    """bench/reports.py as a module (it is a script, not part of the package)."""
    if "bench_reports" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_reports", ROOT / "bench" / "reports.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_reports"] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    return sys.modules["bench_reports"]


bench = _bench()


def _units(n: int, seed: int = 5):
    rng = random.Random(seed)
    masuk = bench.anggota_rencana(n, rng)
    return bench.units(list(range(1, n + 1)), [f"{i + 1:06d}" for i in range(n)], masuk, 1, rng)


def _months(n: int = 40, seed: int = 5):
    units = _units(n, seed)
    return units, list(bench.entri_semua(units))


def test_every_generated_entry_balances_with_positive_amounts_on_both_sides() -> None:
    _units_, months = _months()
    entries = [e for month in months for e in month]
    assert len(entries) > 1000
    for e in entries:
        debit = sum(j for _k, s, j, _a in e.baris if s == bench.D)
        kredit = sum(j for _k, s, j, _a in e.baris if s == bench.K)
        assert debit == kredit > 0, e
        assert all(j > 0 for _k, _s, j, _a in e.baris), e


def test_the_opening_entries_come_first_and_each_month_is_in_date_order() -> None:
    _units_, months = _months()
    assert {e.tanggal for e in months[0]} == {bench.PEMBUKAAN}
    assert len(months) == 1 + bench.BULAN
    for m, month in enumerate(months[1:]):
        dates = [e.tanggal for e in month]
        assert dates == sorted(dates)
        assert {(d.year, d.month) for d in dates} == {bench._bulan(m)}


def test_member_lines_name_the_member_and_cash_lines_name_nobody() -> None:
    _units_, months = _months()
    for e in (e for month in months for e in month):
        for kode, _s, _j, anggota in e.baris:
            if kode in (bench.KAS, bench.BANK, bench.JASA_SIMPANAN, bench.BEBAN_OPERASIONAL):
                assert anggota is None, e
            if kode in (bench.SUKARELA, bench.WAJIB, bench.POKOK, bench.PIUTANG, bench.JASA_PINJAMAN):
                assert anggota is not None, e


def test_each_members_savings_and_loan_in_the_lines_equal_the_members_state() -> None:
    units, months = _months()
    sukarela: dict[int, int] = defaultdict(int)
    piutang: dict[int, int] = defaultdict(int)
    for e in (e for month in months for e in month):
        for kode, sisi, jumlah, anggota in e.baris:
            tanda = 1 if sisi == bench.D else -1
            if kode == bench.SUKARELA:
                sukarela[anggota] -= tanda * jumlah
            elif kode == bench.PIUTANG:
                piutang[anggota] += tanda * jumlah
    members = [a for u in units for a in u.anggota]
    assert any(a.pinjaman for a in members) and any(a.sukarela for a in members)
    for a in members:
        assert sukarela[a.id] == a.sukarela >= 0
        assert piutang[a.id] == a.pinjaman >= 0


def test_the_same_seed_builds_the_same_books() -> None:
    def flat(seed: int) -> list:
        return [(e.tanggal, e.keterangan, e.baris) for month in _months(12, seed)[1] for e in month]

    assert flat(9) == flat(9)
    assert flat(9) != flat(10)


def test_the_units_own_business_follows_its_size() -> None:
    small, full = _units(100)[0], _units(bench.UNIT)[0]
    small_month, full_month = small.bulan(0), full.bulan(0)
    beban = [e for e in full_month if e.sumber == "manual" and e.baris[0][0] == bench.BEBAN_OPERASIONAL]
    assert len(beban) == 6
    assert len([e for e in small_month if e.baris[0][0] == bench.BEBAN_OPERASIONAL]) == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench loads with COPY (PostgreSQL)")
def test_a_tiny_bench_koperasi_loads_consistent_books_that_hledger_reads_the_same(db, tmp_path) -> None:
    buku = bench.koperasi_buat()
    bench.tumbuh(buku, 30, bench.SEED)
    bench.tumbuh(buku, 20, bench.SEED + 1)  # the growth adds a unit beside the first

    problems, _detik = bench.buku_periksa(buku.koperasi_id)
    assert problems == []
    assert buku.unit == 2 and buku.anggota == 50 and buku.baris > 10_000

    from gotong.tenancy.models import Koperasi

    g = bench.gotong_hitung(Koperasi.objects.get(pk=buku.koperasi_id), 2)
    assert g.seimbang and g.selisih == (0, 0)
    assert len(g.neraca) == 2
    if not Path(bench.HLEDGER).exists() or shutil.which("hledger") is None:
        pytest.skip("hledger is not installed")
    journal = tmp_path / "buku.journal"
    bench.ekspor(buku.koperasi_id, journal)
    h = bench.hledger_run(journal, 1)
    assert bench.bandingkan(g, h) == []
    assert set(h.tipe) == {"aset", "kewajiban", "ekuitas", "pendapatan", "beban"}
