"""The digital-level ladder of a cooperative: computed from its rows, never typed.

Pure: no queries here. The selector (``selectors.tingkat_digital`` and friends) reads the
facts for many cooperatives at once and hands them to :func:`tingkat`.

The ladder (each level needs every level below it):

0. **Manual** — in the Dinas registry only.
1. **Di Gotong** — ``Koperasi.digital`` and at least one active member registered.
2. **Simpan pinjam berjalan** — savings movements in the last :data:`SIMPANAN_HARI` days.
   The issue asks for savings *and loans*; Gotong has no loans yet, so for now level 2
   means "savings run on Gotong", and "pinjaman (menyusul)" is listed as still missing.
3. **Buku ditutup bulanan** — a ledger ``Periode`` closed for at least one of the last
   :data:`BUKU_BULAN` completed months (the current month cannot be closed yet in practice).
4. **Penuh** — RAT package from Gotong and products listed for sale. Neither exists in
   Gotong yet, so no cooperative reaches level 4 now; the criterion is listed as missing.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Teks = str | Promise

SIMPANAN_HARI = 90
BUKU_BULAN = 3

MANUAL, DI_GOTONG, SIMPANAN, BUKU, PENUH = 0, 1, 2, 3, 4
LEVELS = (MANUAL, DI_GOTONG, SIMPANAN, BUKU, PENUH)

LABEL: dict[int, Teks] = {
    MANUAL: _("Manual (hanya terdaftar)"),
    DI_GOTONG: _("Di Gotong (anggota terdaftar)"),
    SIMPANAN: _("Simpan pinjam berjalan di Gotong"),
    BUKU: _("Buku ditutup bulanan di Gotong"),
    PENUH: _("Penuh (paket RAT dan produk dijual)"),
}

KURANG_DIGITAL = _("Memakai Gotong (koperasi digital)")
KURANG_ANGGOTA = _("Minimal satu anggota aktif terdaftar di Gotong")
KURANG_SIMPANAN = _("Mutasi simpanan di Gotong dalam 90 hari terakhir")
KURANG_PINJAMAN = _("Pinjaman di Gotong (menyusul)")
KURANG_BUKU = _("Tutup buku di Gotong untuk minimal satu dari 3 bulan terakhir")
KURANG_RAT = _("Paket RAT dari Gotong (belum tersedia di Gotong)")
KURANG_PRODUK = _("Produk dijual lewat Gotong (belum tersedia di Gotong)")


@dataclass(frozen=True)
class TingkatDigital:
    level: int
    label: Teks
    kurang: tuple[Teks, ...]
    """What is missing to reach the next level (empty at the top)."""


def tingkat(*, digital: bool, anggota_aktif: bool, simpanan: bool, buku: bool) -> TingkatDigital:
    """The level of one cooperative from its facts; each level needs all those below it."""
    if not (digital and anggota_aktif):
        kurang = tuple(k for k, ok in ((KURANG_DIGITAL, digital), (KURANG_ANGGOTA, anggota_aktif)) if not ok)
        return TingkatDigital(MANUAL, LABEL[MANUAL], kurang)
    if not simpanan:
        return TingkatDigital(DI_GOTONG, LABEL[DI_GOTONG], (KURANG_SIMPANAN, KURANG_PINJAMAN))
    if not buku:
        return TingkatDigital(SIMPANAN, LABEL[SIMPANAN], (KURANG_BUKU,))
    # Level 4 needs the RAT package and products for sale, which Gotong does not have yet.
    return TingkatDigital(BUKU, LABEL[BUKU], (KURANG_RAT, KURANG_PRODUK))


def simpanan_sejak(hari_ini: dt.date) -> dt.date:
    """The first day of the savings window."""
    return hari_ini - dt.timedelta(days=SIMPANAN_HARI)


def bulan_buku(hari_ini: dt.date) -> list[tuple[int, int]]:
    """The last ``BUKU_BULAN`` completed months as (tahun, bulan), newest first."""
    tahun, bulan = hari_ini.year, hari_ini.month
    out = []
    for _i in range(BUKU_BULAN):
        tahun, bulan = (tahun - 1, 12) if bulan == 1 else (tahun, bulan - 1)
        out.append((tahun, bulan))
    return out
