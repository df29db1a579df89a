"""A small koperasi year for the SHU tests, posted through the ledger and savings services.

Book year 2025 of Koperasi Maju Bersama, closed on 1 March 2026:

- income from members: jasa pinjaman Citra 600.000, Dodi 300.000; provisi Dodi 100.000;
  denda Fitri 50.000; jasa pinjaman Eko 200.000 (Eko left on 30 June 2025: he takes no share);
- income from non-members: 400.000 (4.90); costs 550.000 (5.10);
- SHU 1.100.000, of which 1.250.000 / 1.650.000 from members = 833.333,33;
- savings (pokok + wajib), average of the twelve month-end balances: Citra 100.000 for six
  months then 220.000 → 160.000; Dodi 150.000 all year; Fitri (joined 1 July) 100.000 for six
  months → 50.000; Citra also keeps 1.000.000 sukarela.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from gotong.accounts.models import User
from gotong.ledger.tests.helpers import post
from gotong.members.models import Anggota, StatusAnggota
from gotong.members.tests.helpers import make_anggota
from gotong.reports.penutupan import tahun_buku_tutup
from gotong.savings.models import JenisSimpanan, RekeningSimpanan
from gotong.savings.services import rekening_buka_anggota_baru, simpanan_setor
from gotong.tenancy.models import Koperasi

TAHUN = 2025
HARI_INI = dt.date(2026, 3, 1)
TANGGAL_RAT = dt.date(2026, 2, 20)


@dataclass
class Buku:
    koperasi: Koperasi
    citra: Anggota
    dodi: Anggota
    fitri: Anggota
    eko: Anggota


def setor(anggota: Anggota, jenis: str, jumlah: str, tanggal: dt.date, kasir: User) -> None:
    """A deposit by bank transfer (no cash drawer needed)."""
    rekening = RekeningSimpanan.objects.get(anggota=anggota, jenis=jenis)
    simpanan_setor(
        koperasi=anggota.koperasi,
        rekening=rekening,
        jumlah=Decimal(jumlah),
        tanggal=tanggal,
        kasir=kasir,
        kunci=f"setor-{anggota.pk}-{jenis}-{tanggal}-{jumlah}",
        tunai=False,
    )


def buku_2025(koperasi: Koperasi, citra: Anggota, kasir: User) -> Buku:
    dodi = make_anggota(koperasi, nama="Dodi Prasetyo", tanggal_masuk=dt.date(2024, 11, 1))
    fitri = make_anggota(koperasi, nama="Fitri Handayani", tanggal_masuk=dt.date(2025, 7, 1))
    eko = make_anggota(koperasi, nama="Eko Saputra", tanggal_masuk=dt.date(2023, 1, 15))
    for a, buka in ((citra, dt.date(2024, 12, 1)), (dodi, dt.date(2024, 11, 1)), (eko, dt.date(2024, 1, 2))):
        rekening_buka_anggota_baru(anggota=a, tanggal=buka)
    rekening_buka_anggota_baru(anggota=fitri, tanggal=dt.date(2025, 7, 1))
    setor(citra, JenisSimpanan.POKOK, "100000", dt.date(2024, 12, 1), kasir)
    setor(citra, JenisSimpanan.WAJIB, "120000", dt.date(2025, 7, 1), kasir)
    setor(citra, JenisSimpanan.SUKARELA, "1000000", dt.date(2025, 1, 2), kasir)
    setor(dodi, JenisSimpanan.POKOK, "100000", dt.date(2025, 1, 5), kasir)
    setor(dodi, JenisSimpanan.WAJIB, "50000", dt.date(2025, 1, 5), kasir)
    setor(fitri, JenisSimpanan.POKOK, "100000", dt.date(2025, 7, 1), kasir)
    setor(eko, JenisSimpanan.POKOK, "100000", dt.date(2024, 1, 2), kasir)

    post(koperasi, dt.date(2025, 3, 1), "1.01", "4.10", "600000", anggota=citra)
    post(koperasi, dt.date(2025, 4, 1), "1.01", "4.10", "300000", anggota=dodi)
    post(koperasi, dt.date(2025, 4, 1), "1.01", "4.20", "100000", anggota=dodi)
    post(koperasi, dt.date(2025, 8, 1), "1.01", "4.21", "50000", anggota=fitri)
    post(koperasi, dt.date(2025, 2, 1), "1.01", "4.10", "200000", anggota=eko)
    post(koperasi, dt.date(2025, 5, 1), "1.01", "4.90", "400000")
    post(koperasi, dt.date(2025, 12, 20), "5.10", "1.01", "550000")
    # Eko left at the end of June (his settlement is not part of these books).
    Anggota.objects.filter(pk=eko.pk).update(status=StatusAnggota.KELUAR, tanggal_keluar=dt.date(2025, 6, 30))
    eko.refresh_from_db()
    return Buku(koperasi, citra, dodi, fitri, eko)


def tutup(buku: Buku, actor: User) -> None:
    """Close 2024 (savings only) and 2025: years close in order."""
    for tahun in (TAHUN - 1, TAHUN):
        tahun_buku_tutup(koperasi=buku.koperasi, tahun=tahun, actor=actor, today=HARI_INI)
