"""``manage.py export_ledger --format hledger``: hledger reads it and agrees with Gotong's trial balance."""

import csv
import datetime as dt
import io
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gotong.ledger import chart
from gotong.ledger.export import hledger_account
from gotong.ledger.models import Akun, Jurnal
from gotong.ledger.posting import JurnalBuilder, akun
from gotong.ledger.selectors import neraca_saldo
from gotong.ledger.tests.helpers import post
from gotong.members.models import Anggota
from gotong.tenancy.models import Koperasi

HLEDGER = "/usr/bin/hledger"
# Skipped where hledger is not installed, except in CI, where a missing hledger fails the test.
needs_hledger = pytest.mark.skipif(
    not os.path.exists(HLEDGER) and os.environ.get("CI") != "true",
    reason="hledger tidak terpasang (apt-get install hledger)",
)


@pytest.fixture
def books(maju: Koperasi, citra_anggota: Anggota) -> Koperasi:
    """Three months of entries, cents, a member, and names that could confuse a journal parser."""
    Akun.objects.filter(koperasi=maju, kode=chart.BANK).update(nama="Bank: BRI;  unit  Serang")
    post(maju, dt.date(2025, 11, 3), chart.KAS, chart.SIMPANAN_POKOK, "1000000", keterangan="Setoran pokok; Citra")
    post(maju, dt.date(2025, 12, 15), chart.BANK, chart.KAS, Decimal("400000.50"), keterangan="Setor\nke bank")
    (
        JurnalBuilder(koperasi=maju, tanggal=dt.date(2026, 1, 31), keterangan="Jasa simpanan", sumber="jasa_simpanan")
        .debit(akun(maju, chart.JASA_SIMPANAN), Decimal("12345.67"))
        .kredit(
            akun(maju, chart.SIMPANAN_SUKARELA), Decimal("11111.10"), anggota=citra_anggota, keterangan="jasa, bersih"
        )
        .kredit(akun(maju, chart.UTANG_PAJAK), Decimal("1234.57"))
        .post()
    )
    post(maju, dt.date(2026, 1, 31), "5.90", "4.90", "700")  # a pair that nets to zero below
    post(maju, dt.date(2026, 1, 31), "4.90", "5.90", "700")
    return maju


def _export(tmp_path: Path) -> Path:
    path = tmp_path / "maju.journal"
    err = io.StringIO()
    call_command(
        "export_ledger", "--koperasi", "maju-bersama", "--format", "hledger", "--output", str(path), stderr=err
    )
    assert "5 jurnal maju-bersama ditulis" in err.getvalue()
    return path


def _hledger(*args: str) -> str:
    if not os.path.exists(HLEDGER):
        pytest.fail("CI=true tetapi hledger tidak ada di /usr/bin/hledger (apt-get install hledger)")
    done = subprocess.run([HLEDGER, *args], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs_hledger
def test_hledger_balances_equal_gotongs_trial_balance(books: Koperasi, tmp_path: Path) -> None:
    path = _export(tmp_path)
    output = _hledger("-f", str(path), "balance", "--flat", "--no-total", "--layout=bare", "-O", "csv")
    rows = list(csv.DictReader(io.StringIO(output)))
    assert {r["commodity"] for r in rows} == {"IDR"}
    theirs = {r["account"]: Decimal(r["balance"]) for r in rows}
    ours = {
        hledger_account(r.akun): r.debit - r.kredit
        for r in neraca_saldo(koperasi=books, per=dt.date(2026, 1, 31))
        if r.debit != r.kredit
    }
    assert theirs == ours
    assert theirs["aset:1.02 Bank- BRI, unit Serang"] == Decimal("400000.50")
    assert theirs["kewajiban:2.30 Utang pajak"] == Decimal("-1234.57")
    assert sum(theirs.values()) == 0


@needs_hledger
def test_hledger_reads_every_entry_with_its_number_and_member(books: Koperasi, tmp_path: Path) -> None:
    path = _export(tmp_path)
    printed = _hledger("-f", str(path), "print")
    for jurnal in Jurnal.objects.filter(koperasi=books):
        assert f"({jurnal.nomor})" in printed
    assert "anggota:MB-2021-0001" in printed and "Setor ke bank" in printed
    assert _hledger("-f", str(path), "balance", "--flat", "--no-total", "type:A", "-O", "csv").count("aset:") == 2
    _hledger("-f", str(path), "check", "accounts")


def test_the_journal_fixes_its_number_format_and_goes_to_stdout_without_output(books: Koperasi) -> None:
    out = io.StringIO()
    call_command("export_ledger", "--koperasi", "maju-bersama", "--format", "hledger", stdout=out)
    text = out.getvalue()
    assert "decimal-mark .\ncommodity IDR 1000.00\n" in text
    assert "account aset:1.01 Kas  ; type: A\n" in text and "account beban:5.20 Jasa simpanan  ; type: X\n" in text
    assert "    aset:1.02 Bank- BRI, unit Serang  IDR 400000.50\n" in text
    assert "    aset:1.01 Kas  IDR -400000.50\n" in text
    assert "\n2025-12-15 * (JU-2025-000002) Setor ke bank  ; sumber:manual, gotong-id:" in text


def test_an_unknown_koperasi_is_an_error(db: None) -> None:
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("export_ledger", "--koperasi", "tidak-ada", "--format", "hledger", stdout=io.StringIO())
