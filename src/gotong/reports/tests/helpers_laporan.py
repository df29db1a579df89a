"""Two book years for the statement tests, posted through the ledger: 2024 closed, 2025 open.

2024: a grant (hibah) of 1 jt, modal penyertaan 10 jt, equipment 4 jt, loan interest 600 rb
from Citra, bank interest 200 rb from a non-member into the bank, a long-term bank loan of
2 jt (a new account 2.50), costs 300 rb — SHU 500 rb, closed on 10 January 2025. 2025:
interest 150 rb from Citra, depreciation 500 rb, 700 rb of the bank loan repaid in cash,
other income 50 rb from a non-member. (No member savings or loans here: their subsidiary
ledgers must agree with the control accounts before a year closes.)
"""

import datetime as dt
from typing import Any

from gotong.ledger.models import Akun
from gotong.ledger.services import akun_tambah
from gotong.ledger.tests.helpers import post
from gotong.reports import penutupan
from gotong.tenancy.models import Koperasi

DITUTUP_PADA = dt.date(2025, 1, 10)
UTANG_BANK = "2.50"


def buku_dua_tahun(koperasi: Koperasi, anggota: Any, actor: Any) -> Koperasi:
    kewajiban = Akun.objects.get(koperasi=koperasi, kode="2")
    akun_tambah(induk=kewajiban, kode=UTANG_BANK, nama="Utang bank jangka panjang", saldo_normal=None, actor=actor)
    post(koperasi, dt.date(2024, 1, 5), "1.01", "3.13", "1000000")
    post(koperasi, dt.date(2024, 1, 5), "1.01", "3.12", "10000000")
    post(koperasi, dt.date(2024, 2, 1), "1.40", "1.01", "4000000")
    post(koperasi, dt.date(2024, 3, 1), "1.01", "4.10", "600000", anggota=anggota)
    post(koperasi, dt.date(2024, 4, 1), "1.02", "4.90", "200000")
    post(koperasi, dt.date(2024, 6, 30), "1.02", UTANG_BANK, "2000000")
    post(koperasi, dt.date(2024, 12, 20), "5.10", "1.01", "300000")
    penutupan.tahun_buku_tutup(koperasi=koperasi, tahun=2024, actor=actor, today=DITUTUP_PADA)
    post(koperasi, dt.date(2025, 2, 10), "1.01", "4.10", "150000", anggota=anggota)
    post(koperasi, dt.date(2025, 3, 1), "5.30", "1.40.99", "500000")
    post(koperasi, dt.date(2025, 5, 5), UTANG_BANK, "1.01", "700000")
    post(koperasi, dt.date(2025, 6, 10), "1.01", "4.90", "50000")
    return koperasi
