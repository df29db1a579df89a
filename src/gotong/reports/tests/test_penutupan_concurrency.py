"""Closing a month or a year while a back-dated posting is in flight (PostgreSQL): the close
waits for the posting and counts it; the books never hold a posting in a closed month or an
income left outside the closing entry."""

import datetime as dt
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Sum

from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Periode, SaldoBulanan
from gotong.ledger.posting import akun
from gotong.ledger.services import periode_tutup
from gotong.ledger.tests.helpers import post
from gotong.reports import penutupan
from gotong.reports.tests.test_penutupan import HARI_INI, _buku
from gotong.tenancy.models import Koperasi

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgresql://…")


def _selama_posting_terbuka(maju: Koperasi, tanggal: dt.date, tutup: Callable[[], Any]) -> tuple[Any, bool]:
    """Post Rp250.000 of other income dated ``tanggal`` and hold its transaction open while
    ``tutup`` starts in another thread; returns what ``tutup`` returned and whether it was still
    waiting one second later, before the posting committed."""
    terposting, lanjut = threading.Event(), threading.Event()
    hasil: dict[str, Any] = {}

    def posting() -> None:
        try:
            with transaction.atomic():
                post(maju, tanggal, "1.01", "4.90", "250000", keterangan="Pendapatan lain, dicatat terlambat")
                terposting.set()
                lanjut.wait(10)
        finally:
            connection.close()

    def penutup() -> None:
        terposting.wait(10)
        try:
            hasil["tutup"] = tutup()
        finally:
            connection.close()

    a, b = threading.Thread(target=posting), threading.Thread(target=penutup)
    a.start()
    b.start()
    terposting.wait(10)
    time.sleep(1.0)
    menunggu = b.is_alive()
    lanjut.set()
    a.join(15)
    b.join(15)
    return hasil.get("tutup"), menunggu


def test_a_month_close_waits_for_a_posting_in_flight(maju: Koperasi, citra_anggota: Any, ani: Any) -> None:
    _buku(maju, citra_anggota)

    periode, menunggu = _selama_posting_terbuka(
        maju, dt.date(2026, 1, 20), lambda: periode_tutup(koperasi=maju, tahun=2026, bulan=1, actor=ani)
    )

    assert menunggu, "the month was closed while a posting into it was not yet committed"
    assert periode is not None and Periode.objects.get(pk=periode.pk).ditutup
    assert periksa_buku(maju) == []


def test_a_year_close_waits_for_a_back_dated_posting_and_counts_it(
    maju: Koperasi, citra_anggota: Any, ani: Any
) -> None:
    _buku(maju, citra_anggota)  # the 2025 result is Rp500.000 before the late posting

    tb, menunggu = _selama_posting_terbuka(
        maju,
        dt.date(2025, 6, 15),
        lambda: penutupan.tahun_buku_tutup(koperasi=maju, tahun=2025, actor=ani, today=HARI_INI),
    )

    assert menunggu
    assert tb is not None and tb.shu == Decimal("750000")
    lain = SaldoBulanan.objects.filter(akun=akun(maju, "4.90"), tahun=2025).aggregate(d=Sum("debit"), k=Sum("kredit"))
    assert lain["k"] - lain["d"] == Decimal("0")  # the closing entry zeroed the late income too
    assert periksa_buku(maju) == []
