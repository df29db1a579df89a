"""The digital-level ladder of a cooperative: computed from its rows, never typed.

Pure: no queries here. The selector (``selectors.dengan_fakta_digital`` and friends) reads the
facts for many cooperatives at once, as they stood at the end of a given day, and hands them to
:func:`tingkat`. The same facts serve today's level and a past month-end's (the history,
``province.riwayat``).

The ladder (each level needs every level below it):

0. **Manual** — in the Dinas registry only.
1. **Di Gotong** — ``Koperasi.digital`` (since ``digital_sejak``) and at least one member active
   on that day (admitted, not yet left).
2. **Simpan pinjam berjalan** — in the last :data:`JENDELA_HARI` days both a savings movement
   (``MutasiSimpanan``) and loan activity: a loan disbursed (``Pinjaman.tanggal_cair``) or a loan
   payment received (``PembayaranPinjaman``). Either one shows the loan book is kept on Gotong;
   a running loan with no payment for 90 days and nothing new disbursed does not.
3. **Buku ditutup bulanan** — a ledger ``Periode`` closed for at least one of the last
   :data:`BUKU_BULAN` completed months (the current month cannot be closed yet in practice).
4. **Penuh** — a RAT package from Gotong, i.e. a book year closed on Gotong
   (``reports.TahunBuku.ditutup``) for one of the last :data:`RAT_TAHUN` finished book years,
   *and* products listed for sale. Gotong has no product listings yet, so no cooperative reaches
   level 4 now; "produk dijual" stays listed as missing ("belum tersedia di Gotong").
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Teks = str | Promise

JENDELA_HARI = 90  # savings and loan activity: the last 90 days
BUKU_BULAN = 3
RAT_TAHUN = 2

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
KURANG_PINJAMAN = _("Pinjaman dicairkan atau angsuran dibayar di Gotong dalam 90 hari terakhir")
KURANG_BUKU = _("Tutup buku di Gotong untuk minimal satu dari 3 bulan terakhir")
KURANG_RAT = _("Paket RAT dari Gotong: tahun buku ditutup di Gotong untuk salah satu dari 2 tahun buku terakhir")
KURANG_PRODUK = _("Produk dijual lewat Gotong (belum tersedia di Gotong)")


@dataclass(frozen=True)
class TingkatDigital:
    level: int
    label: Teks
    kurang: tuple[Teks, ...]
    """What is missing to reach the next level (empty at the top)."""


def _kurang(*syarat: tuple[Teks, bool]) -> tuple[Teks, ...]:
    return tuple(teks for teks, ok in syarat if not ok)


def tingkat(
    *,
    digital: bool,
    anggota_aktif: bool,
    simpanan: bool,
    pinjaman: bool,
    buku: bool,
    rat: bool,
    produk: bool = False,
) -> TingkatDigital:
    """The level of one cooperative from its facts; each level needs all those below it.

    ``produk`` (products listed for sale) is always false today: Gotong has no catalogue yet."""
    ladder = (
        (MANUAL, ((KURANG_DIGITAL, digital), (KURANG_ANGGOTA, anggota_aktif))),
        (DI_GOTONG, ((KURANG_SIMPANAN, simpanan), (KURANG_PINJAMAN, pinjaman))),
        (SIMPANAN, ((KURANG_BUKU, buku),)),
        (BUKU, ((KURANG_RAT, rat), (KURANG_PRODUK, produk))),
    )
    for level, syarat in ladder:
        kurang = _kurang(*syarat)
        if kurang:
            return TingkatDigital(level, LABEL[level], kurang)
    return TingkatDigital(PENUH, LABEL[PENUH], ())


def jendela_mulai(hari_ini: dt.date) -> dt.date:
    """The first day of the savings and loans window ending on ``hari_ini``."""
    return hari_ini - dt.timedelta(days=JENDELA_HARI)


def bulan_buku(hari_ini: dt.date) -> list[tuple[int, int]]:
    """The last ``BUKU_BULAN`` completed months as (tahun, bulan), newest first."""
    tahun, bulan = hari_ini.year, hari_ini.month
    out = []
    for _i in range(BUKU_BULAN):
        tahun, bulan = (tahun - 1, 12) if bulan == 1 else (tahun, bulan - 1)
        out.append((tahun, bulan))
    return out


def tahun_rat(hari_ini: dt.date) -> list[int]:
    """The last ``RAT_TAHUN`` finished book years (book years end on 31 December), newest first."""
    return [hari_ini.year - i for i in range(1, RAT_TAHUN + 1)]


def akhir_bulan(tahun: int, bulan: int) -> dt.date:
    """The last day of a month."""
    awal_berikut = dt.date(tahun + 1, 1, 1) if bulan == 12 else dt.date(tahun, bulan + 1, 1)
    return awal_berikut - dt.timedelta(days=1)


def akhir_bulan_antara(sejak: dt.date, sampai: dt.date) -> list[dt.date]:
    """The month-ends from ``sejak``'s month to ``sampai``'s month, oldest first; the month of
    ``sampai`` is represented by ``sampai`` itself when its month has not ended by then."""
    out: list[dt.date] = []
    tahun, bulan = sejak.year, sejak.month
    while (tahun, bulan) <= (sampai.year, sampai.month):
        out.append(min(akhir_bulan(tahun, bulan), sampai))
        tahun, bulan = (tahun + 1, 1) if bulan == 12 else (tahun, bulan + 1)
    return out
