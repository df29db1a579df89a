"""The posting service: balanced, positive, own accounts, open months, posts once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gotong.ledger import chart
from gotong.ledger.models import BarisJurnal, Jurnal, SaldoBulanan
from gotong.ledger.posting import (
    AKUN_INDUK,
    AKUN_LAIN_KOPERASI,
    JURNAL_KOSONG,
    PERIODE_DITUTUP,
    TIDAK_SEIMBANG,
    JurnalBuilder,
    akun,
    jurnal_reverse,
)
from gotong.ledger.selectors import neraca_saldo, saldo_akun
from gotong.ledger.services import bagan_akun_siapkan, periode_tutup

TGL = dt.date(2026, 3, 10)


@pytest.fixture
def books(maju):
    bagan_akun_siapkan(koperasi=maju)
    return maju


def _setoran(koperasi, jumlah="100000", kunci=None):
    return (
        JurnalBuilder(koperasi=koperasi, tanggal=TGL, keterangan="Setoran", sumber="setoran", kunci=kunci)
        .debit(akun(koperasi, chart.KAS), jumlah)
        .kredit(akun(koperasi, chart.SIMPANAN_SUKARELA), jumlah)
        .post()
    )


def test_a_balanced_entry_is_numbered_and_updates_the_monthly_balances(books) -> None:
    jurnal = _setoran(books)
    assert jurnal.nomor == "JU-2026-000001"
    assert saldo_akun(akun=akun(books, chart.KAS), per=TGL) == Decimal("100000")
    assert saldo_akun(akun=akun(books, chart.SIMPANAN_SUKARELA), per=TGL) == Decimal("100000")
    rows = neraca_saldo(koperasi=books, per=TGL)
    assert sum(r.debit for r in rows) == sum(r.kredit for r in rows) == Decimal("100000")


def test_an_unbalanced_entry_is_refused_and_nothing_is_written(books) -> None:
    builder = JurnalBuilder(koperasi=books, tanggal=TGL, keterangan="x", sumber="manual")
    builder.debit(akun(books, chart.KAS), "100").kredit(akun(books, chart.SIMPANAN_SUKARELA), "99")
    with pytest.raises(ValidationError) as caught:
        builder.post()
    assert str(TIDAK_SEIMBANG).split(":")[0] in caught.value.messages[0]
    assert not Jurnal.objects.exists() and not BarisJurnal.objects.exists() and not SaldoBulanan.objects.exists()


def test_an_entry_without_both_sides_is_refused(books) -> None:
    builder = JurnalBuilder(koperasi=books, tanggal=TGL, keterangan="x", sumber="manual")
    with pytest.raises(ValidationError) as caught:
        builder.debit(akun(books, chart.KAS), "100").post()
    assert caught.value.messages == [str(JURNAL_KOSONG)]


def test_a_parent_account_and_another_koperasis_account_are_refused(books, tani) -> None:
    bagan_akun_siapkan(koperasi=tani)
    parent = JurnalBuilder(koperasi=books, tanggal=TGL, keterangan="x", sumber="manual")
    parent.debit(akun(books, "1"), "5").kredit(akun(books, chart.KAS), "5")
    with pytest.raises(ValidationError) as caught:
        parent.post()
    assert caught.value.messages == [str(AKUN_INDUK).format(akun=akun(books, "1"))]
    foreign = JurnalBuilder(koperasi=books, tanggal=TGL, keterangan="x", sumber="manual")
    foreign.debit(akun(tani, chart.KAS), "5").kredit(akun(books, chart.KAS), "5")
    with pytest.raises(ValidationError) as caught:
        foreign.post()
    assert caught.value.messages == [str(AKUN_LAIN_KOPERASI).format(akun=akun(tani, chart.KAS))]


def test_the_same_key_posts_once_and_returns_the_first_entry(books) -> None:
    first = _setoran(books, kunci="kasir-1:abc")
    again = _setoran(books, kunci="kasir-1:abc")
    assert again.pk == first.pk
    assert Jurnal.objects.count() == 1
    assert saldo_akun(akun=akun(books, chart.KAS), per=TGL) == Decimal("100000")


def test_a_closed_month_refuses_postings(books, ani) -> None:
    periode_tutup(koperasi=books, tahun=2026, bulan=3, actor=ani)
    with pytest.raises(ValidationError) as caught:
        _setoran(books)
    assert caught.value.messages == [str(PERIODE_DITUTUP).format(periode="03/2026")]


def test_a_reversal_swaps_every_line_and_brings_balances_back(books, ani) -> None:
    jurnal = _setoran(books)
    balik = jurnal_reverse(jurnal=jurnal, tanggal=TGL, actor=ani, alasan="salah input")
    assert balik.membalik_id == jurnal.pk
    assert saldo_akun(akun=akun(books, chart.KAS), per=TGL) == Decimal("0")
