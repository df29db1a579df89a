"""hledger, reading the exported journal, agrees with Gotong's statements: the balance sheet at
each period's end and the income and expenses of each period — on books with a closed year.

hledger sees the closing entry (the export tags each entry ``sumber:<source>``); the income
figures leave it out with ``not:tag:sumber=tutup_buku``, as Gotong's hasil usaha does. The
year's result not closed yet sits in hledger's income and expense accounts and in Gotong's
equity ("SHU periode berjalan"), so equity compares with equity + revenue + expense.
"""

import csv
import datetime as dt
import io
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from gotong.accounts.models import User
from gotong.members.models import Anggota
from gotong.reports.statements import Periode, hasil_usaha, posisi_keuangan
from gotong.reports.tests.helpers_laporan import buku_dua_tahun
from gotong.tenancy.models import Koperasi

HLEDGER = "/usr/bin/hledger"
# Skipped where hledger is not installed, except in CI, where a missing hledger fails the test.
needs_hledger = pytest.mark.skipif(
    not os.path.exists(HLEDGER) and os.environ.get("CI") != "true",
    reason="hledger tidak terpasang (apt-get install hledger)",
)
TANPA_PENUTUP = "not:tag:sumber=tutup_buku"
PERIODE = [Periode(2025), Periode(2024), Periode(2025, 1, 6), Periode(2025, 3, 3)]


@pytest.fixture
def jurnal(maju: Koperasi, citra_anggota: Anggota, ani: User, tmp_path: Path) -> Path:
    buku_dua_tahun(maju, citra_anggota, ani)
    path = tmp_path / "maju.journal"
    call_command(
        "export_ledger",
        "--koperasi",
        "maju-bersama",
        "--format",
        "hledger",
        "--output",
        str(path),
        stderr=io.StringIO(),
    )
    return path


def _jumlah(path: Path, *query: str) -> Decimal:
    """The sum of hledger's balances over the accounts the query selects."""
    if not os.path.exists(HLEDGER):
        pytest.fail("CI=true tetapi hledger tidak ada di /usr/bin/hledger (apt-get install hledger)")
    args = [HLEDGER, "-f", str(path), "balance", "--flat", "--no-total", "--layout=bare", "-O", "csv", *query]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return sum((Decimal(r["balance"]) for r in csv.DictReader(io.StringIO(done.stdout))), Decimal("0"))


def _sampai(tanggal: dt.date) -> str:
    return f"-e{tanggal + dt.timedelta(days=1)}"  # hledger's end date is exclusive


@needs_hledger
@pytest.mark.parametrize("periode", PERIODE, ids=str)
def test_hledger_balance_sheet_equals_gotongs_posisi_keuangan(maju: Koperasi, jurnal: Path, periode: Periode) -> None:
    pk = posisi_keuangan(koperasi=maju, periode=periode)
    for kolom, per in ((0, pk.per), (1, pk.per_pembanding)):
        e = _sampai(per)
        assert _jumlah(jurnal, e, "type:A") == pk.total_aset[kolom], per
        assert -_jumlah(jurnal, e, "type:L") == pk.total_kewajiban[kolom], per
        ekuitas = -(_jumlah(jurnal, e, "type:E") + _jumlah(jurnal, e, "type:R") + _jumlah(jurnal, e, "type:X"))
        ekuitas_gotong = pk.ekuitas.jumlah if kolom == 0 else pk.ekuitas.pembanding
        assert ekuitas == ekuitas_gotong, per


@needs_hledger
@pytest.mark.parametrize("periode", PERIODE, ids=str)
def test_hledger_income_and_expenses_equal_gotongs_hasil_usaha(maju: Koperasi, jurnal: Path, periode: Periode) -> None:
    hu = hasil_usaha(koperasi=maju, periode=periode)
    rentang = [f"-b{periode.awal}", _sampai(periode.akhir), TANPA_PENUTUP]

    assert -_jumlah(jurnal, *rentang, "type:R") == hu.total_pendapatan
    assert _jumlah(jurnal, *rentang, "type:X") == hu.total_beban
    assert -_jumlah(jurnal, *rentang, "type:R", "tag:anggota") == hu.pendapatan_anggota
    lalu = [f"-b{periode.pembanding.awal}", _sampai(periode.pembanding.akhir), TANPA_PENUTUP]
    assert -(_jumlah(jurnal, *lalu, "type:R") + _jumlah(jurnal, *lalu, "type:X")) == hu.shu_pembanding


@needs_hledger
def test_hledger_sees_the_closing_entry_which_the_income_statement_leaves_out(maju: Koperasi, jurnal: Path) -> None:
    tahun_2024 = ["-b2024-01-01", "-e2025-01-01"]

    assert _jumlah(jurnal, *tahun_2024, "type:R") == Decimal("0")  # closed into 3.99
    assert -_jumlah(jurnal, *tahun_2024, "type:R", TANPA_PENUTUP) == Decimal("800000")
    assert hasil_usaha(koperasi=maju, periode=Periode(2024)).shu == Decimal("500000")
    assert -_jumlah(jurnal, "-e2025-01-01", "acct:3.99") == Decimal("500000")
