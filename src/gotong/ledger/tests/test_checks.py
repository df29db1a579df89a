"""``manage.py check_books``: quiet on good books, loud and non-zero on broken ones."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from gotong.core.money import ZERO
from gotong.ledger import chart, checks
from gotong.ledger.checks import (
    AKUN_KONTROL_TIDAK_ADA,
    BUKU_PEMBANTU_BEDA,
    JURNAL_TIDAK_SEIMBANG,
    PEMERIKSAAN_GAGAL,
    SALDO_BULANAN_BEDA,
    SALDO_BULANAN_HILANG,
    bandingkan_kontrol,
    periksa_buku,
    register_subledger_check,
)
from gotong.ledger.models import BarisJurnal, Jurnal, SaldoBulanan
from gotong.ledger.posting import akun
from gotong.ledger.tests.helpers import post
from gotong.tenancy.models import Koperasi

TODAY = timezone.localdate()
PERIODE = f"{TODAY.month:02d}/{TODAY.year}"


@pytest.fixture
def books(maju: Koperasi, tani: Koperasi) -> Koperasi:
    post(maju, TODAY, chart.KAS, chart.SIMPANAN_SUKARELA, "250000")
    post(maju, TODAY, chart.BANK, chart.KAS, "100000")
    post(tani, TODAY, chart.KAS, "3.10", "50000")
    return maju


@pytest.fixture
def no_subledgers(monkeypatch: pytest.MonkeyPatch) -> list[checks.SubledgerCheck]:
    """The registry without the other apps' checks, so these tests see only their own."""
    registry: list[checks.SubledgerCheck] = []
    monkeypatch.setattr(checks, "SUBLEDGER_CHECKS", registry)
    return registry


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("check_books", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _fails(*args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("check_books", *args, stdout=io.StringIO(), stderr=err)
    assert "Buku tidak beres" in str(caught.value)
    return err.getvalue()


def test_good_books_pass_with_a_short_summary(books: Koperasi, no_subledgers: list) -> None:
    out, err = _run()
    assert err == ""
    assert "maju-bersama: beres — 2 jurnal" in out and "tani-makmur: beres — 1 jurnal" in out
    assert "Buku beres: 2 koperasi diperiksa" in out
    out, _err = _run("--koperasi", "tani-makmur")
    assert "maju-bersama" not in out and "Buku beres: 1 koperasi" in out


def test_an_unknown_koperasi_is_an_error(db: None) -> None:
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("check_books", "--koperasi", "tidak-ada", stdout=io.StringIO())


def test_a_monthly_balance_edited_behind_the_ledgers_back_is_reported(books: Koperasi, no_subledgers: list) -> None:
    kas = akun(books, chart.KAS)
    SaldoBulanan.objects.filter(akun=kas).update(debit=Decimal("999"))
    err = _fails()
    expected = str(SALDO_BULANAN_BEDA).format(
        akun=chart.KAS,
        periode=PERIODE,
        debit_saldo="Rp999",
        kredit_saldo="Rp100.000",
        debit_baris="Rp250.000",
        kredit_baris="Rp100.000",
    )
    assert f"maju-bersama: {expected}" in err
    assert "tani-makmur" not in err  # the other koperasi's books are fine
    _run("--koperasi", "tani-makmur")


def test_lines_without_a_monthly_balance_are_reported(books: Koperasi, no_subledgers: list) -> None:
    bank = akun(books, chart.BANK)
    SaldoBulanan.objects.filter(akun=bank).delete()
    err = _fails("--koperasi", "maju-bersama")
    assert str(SALDO_BULANAN_HILANG).format(akun=chart.BANK, periode=PERIODE, debit="Rp100.000", kredit="Rp0") in err


def test_an_unbalanced_entry_is_reported(books: Koperasi, no_subledgers: list) -> None:
    # Written past the posting service (on PostgreSQL the commit trigger would refuse it).
    jurnal = Jurnal.objects.get(koperasi=books, baris__akun__kode=chart.BANK)
    with transaction.atomic():  # rolled back below, before PostgreSQL's commit check sees it
        BarisJurnal.objects.create(jurnal=jurnal, akun=akun(books, "5.90"), sisi="D", jumlah=Decimal("1"))
        expected = str(JURNAL_TIDAK_SEIMBANG).format(nomor=jurnal.nomor, debit="Rp100.001", kredit="Rp100.000")
        assert expected in periksa_buku(books)
        assert f"maju-bersama: {expected}" in _fails()
        transaction.set_rollback(True)


def test_a_registered_subledger_that_differs_from_its_control_account_is_reported(
    books: Koperasi, no_subledgers: list
) -> None:
    def sukarela(koperasi: Koperasi) -> list[str]:
        pembantu = Decimal("250000") if koperasi.kode == "maju-bersama" else ZERO
        return bandingkan_kontrol(
            koperasi=koperasi, kode=chart.SIMPANAN_SUKARELA, nama="Simpanan sukarela", pembantu=pembantu
        )

    register_subledger_check(sukarela)
    register_subledger_check(sukarela)  # ready() may run twice; the check runs once
    assert no_subledgers == [sukarela]
    _run()
    SaldoBulanan.objects.filter(akun=akun(books, chart.SIMPANAN_SUKARELA)).update(kredit=Decimal("200000"))
    SaldoBulanan.objects.filter(akun=akun(books, chart.KAS)).update(debit=Decimal("200000"))
    err = _fails("--koperasi", "maju-bersama")
    expected = str(BUKU_PEMBANTU_BEDA).format(
        nama="Simpanan sukarela",
        pembantu="Rp250.000",
        akun=chart.SIMPANAN_SUKARELA,
        kontrol="Rp200.000",
        selisih="Rp50.000",
    )
    assert expected in err


def test_a_missing_control_account_and_a_crashing_check_fail_the_run(books: Koperasi, no_subledgers: list) -> None:
    def hilang(koperasi: Koperasi) -> list[str]:
        return bandingkan_kontrol(koperasi=koperasi, kode="9.99", nama="Stok", pembantu=ZERO)

    def rusak(koperasi: Koperasi) -> list[str]:
        raise RuntimeError("tabel belum ada")

    register_subledger_check(hilang)
    register_subledger_check(rusak)
    err = _fails("--koperasi", "maju-bersama")
    assert str(AKUN_KONTROL_TIDAK_ADA).format(nama="Stok", kode="9.99") in err
    assert str(PEMERIKSAAN_GAGAL).format(nama=rusak.__qualname__, galat="tabel belum ada") in err
