"""Review of the year close: an account switched off during the year still has its result
moved into SHU tahun berjalan, and the year can still be reopened."""

import datetime as dt
from decimal import Decimal
from typing import Any

from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Akun
from gotong.ledger.posting import akun
from gotong.ledger.selectors import saldo_akun
from gotong.ledger.services import akun_ubah
from gotong.ledger.tests.helpers import post
from gotong.reports import penutupan
from gotong.tenancy.models import Koperasi

HARI_INI = dt.date(2026, 3, 1)


def test_an_account_switched_off_during_the_year_is_still_closed_and_reopened(
    maju: Koperasi, citra_anggota: Any, ani: Any
) -> None:
    post(maju, dt.date(2025, 3, 1), "1.01", "4.10", "600000", anggota=citra_anggota)
    post(maju, dt.date(2025, 4, 1), "5.10", "1.01", "250000")
    # The koperasi stops using beban operasional in December: no new postings to it.
    akun_ubah(akun=akun(maju, "5.10"), nama="Beban operasional (lama)", aktif=False, actor=ani)

    tb = penutupan.tahun_buku_tutup(koperasi=maju, tahun=2025, actor=ani, today=HARI_INI)

    assert tb.ditutup and tb.shu == Decimal("350000")
    assert saldo_akun(akun=akun(maju, "5.10"), per=dt.date(2025, 12, 31)) == Decimal("0")
    assert saldo_akun(akun=akun(maju, "3.99"), per=dt.date(2025, 12, 31)) == Decimal("350000")
    assert periksa_buku(maju) == []

    penutupan.tahun_buku_buka(koperasi=maju, tahun=2025, actor=ani, alasan="Koreksi beban")

    assert saldo_akun(akun=akun(maju, "5.10"), per=dt.date(2025, 12, 31)) == Decimal("250000")
    assert not Akun.objects.get(koperasi=maju, kode="5.10").aktif
    assert periksa_buku(maju) == []
