"""Savings interest (jasa simpanan) and its tax: pure calculation, no ORM.

Everything here takes and returns ``Decimal`` rupiah and rounds only through
``gotong.core.money``. The month-end service (``savings.month_end``) feeds it the balance
before the month and the dated signed movements of the month; the tests drive it with
Hypothesis over random balance histories.

Conventions (the choices DOMAIN.md leaves to us, each stated once here):

* **Day count: actual/365**, also in leap years. A day's interest is that day's closing
  balance × annual rate / 365 — the convention Indonesian banks and KSPs print on
  passbooks for tabungan, and the one members can check with a calculator.
* **Saldo harian** (daily balance): the sum over the days of the month of each day's
  closing balance × rate / 365. A day whose closing balance is below the product's
  ``saldo_minimum`` earns nothing (the minimum applies per day).
* **Saldo rata-rata harian** (average daily balance): average of the closing balances
  of the days × rate × days / 365. With no minimum this equals *saldo harian*; the two
  differ in the minimum rule: here the month earns nothing when the *average* is below
  ``saldo_minimum``.
* **Saldo terendah** (lowest balance): the lowest balance the account held at any moment
  of the month (the opening balance and the balance after every movement) × rate / 12.
  A monthly method, so a monthly rate: February pays as much as January on the same
  balance. The month earns nothing when the lowest balance is below ``saldo_minimum``.
* **Rounding: interest rounds down to the whole rupiah** (``floor_rupiah``): the koperasi
  never pays a member more than the rate earns; the fraction is not carried over.
* **Tax** (PP 15/2009; PMK 112/PMK.03/2010): a member's interest from the koperasi of up
  to Rp240.000 in a month is not taxed; above that, 10% final tax on the **whole** gross
  interest of that month, per individual member over all their accounts. Tax rounds down
  to the whole rupiah. A member's tax is split over their accounts in proportion to each
  account's gross by largest remainder, so the parts add up to the tax exactly.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from gotong.core.money import ZERO, floor_rupiah

# PP 15/2009 Pasal 2: interest up to Rp240.000 a month per member is not taxed.
BATAS_BEBAS_PAJAK = Decimal("240000")
# PP 15/2009 Pasal 3: 10% final on the whole gross interest of the month above the threshold.
TARIF_PAJAK = Decimal("0.10")
HARI_SETAHUN = Decimal("365")  # actual/365, leap years too
BULAN_SETAHUN = Decimal("12")
_SERATUS = Decimal("100")


class Metode(StrEnum):
    """The interest methods; the values equal ``savings.models.MetodeBunga``."""

    TANPA = "tanpa"
    SALDO_HARIAN = "harian"
    RATA_RATA_HARIAN = "rata_rata"
    SALDO_TERENDAH = "terendah"


@dataclass(frozen=True)
class Mutasi:
    """One dated, signed movement of an account (+ in, − out)."""

    tanggal: dt.date
    jumlah: Decimal


@dataclass(frozen=True)
class Bulan:
    """A calendar month."""

    tahun: int
    bulan: int

    def __post_init__(self) -> None:
        if not 1 <= self.bulan <= 12:
            raise ValueError(f"bulan {self.bulan} bukan 1–12")

    @property
    def awal(self) -> dt.date:
        return dt.date(self.tahun, self.bulan, 1)

    @property
    def akhir(self) -> dt.date:
        return dt.date(self.tahun, self.bulan, calendar.monthrange(self.tahun, self.bulan)[1])

    @property
    def hari(self) -> int:
        return calendar.monthrange(self.tahun, self.bulan)[1]

    def berikut(self) -> Bulan:
        return Bulan(self.tahun + self.bulan // 12, self.bulan % 12 + 1)


def tambah_bulan(tanggal: dt.date, n: int) -> dt.date:
    """The same day ``n`` months later, or that month's last day (31 Jan + 1 → 28/29 Feb)."""
    b = Bulan(tanggal.year + (tanggal.month - 1 + n) // 12, (tanggal.month - 1 + n) % 12 + 1)
    return tanggal.replace(year=b.tahun, month=b.bulan, day=min(tanggal.day, b.hari))


@dataclass(frozen=True)
class RiwayatSaldo:
    """What an account held during one month: the balance before its first day and the
    movements dated inside it. ``sampai`` (inclusive) ends the counted days early — a
    deposit (berjangka) stops earning on its maturity date."""

    bulan: Bulan
    saldo_awal: Decimal
    mutasi: tuple[Mutasi, ...] = ()
    sampai: dt.date | None = None

    def __post_init__(self) -> None:
        for m in self.mutasi:
            if not self.bulan.awal <= m.tanggal <= self.bulan.akhir:
                raise ValueError(f"mutasi {m.tanggal} di luar bulan {self.bulan.bulan:02d}/{self.bulan.tahun}")

    @property
    def hari_terakhir(self) -> dt.date:
        return min(self.sampai, self.bulan.akhir) if self.sampai is not None else self.bulan.akhir

    def segmen(self) -> list[tuple[Decimal, int]]:
        """The counted days as runs of one closing balance: ``(saldo, number of days)``, first
        day first. Linear in the movements, not the days (a month-end prices many accounts)."""
        last = self.hari_terakhir.day if self.hari_terakhir >= self.bulan.awal else 0
        if last == 0:
            return []
        per_hari: dict[int, Decimal] = {}
        for m in self.mutasi:
            if m.tanggal.day <= last:
                per_hari[m.tanggal.day] = per_hari.get(m.tanggal.day, ZERO) + m.jumlah
        out, saldo, dari = [], self.saldo_awal, 1
        for day in sorted(per_hari):
            if day > dari:
                out.append((saldo, day - dari))
            saldo, dari = saldo + per_hari[day], day
        out.append((saldo, last - dari + 1))
        return out

    def saldo_harian(self) -> list[Decimal]:
        """The closing balance of each counted day, first day first."""
        return [saldo for saldo, hari in self.segmen() for _ in range(hari)]

    def saldo_terendah(self) -> Decimal:
        """The lowest balance at any moment of the counted days (after each movement)."""
        lowest = saldo = self.saldo_awal
        for m in sorted(self.mutasi, key=lambda m: m.tanggal):
            if m.tanggal > self.hari_terakhir:
                break
            saldo += m.jumlah
            lowest = min(lowest, saldo)
        return lowest


@dataclass(frozen=True)
class HasilJasa:
    """One account's interest for one month: the basis the method used and the gross
    interest, rounded down to the rupiah."""

    dasar: Decimal
    bruto: Decimal


NOL = HasilJasa(ZERO, ZERO)


def _tarif(suku_bunga_tahunan: Decimal) -> Decimal:
    if suku_bunga_tahunan < ZERO:
        raise ValueError("suku bunga tidak boleh negatif")
    return suku_bunga_tahunan / _SERATUS


def jasa_saldo_harian(riwayat: RiwayatSaldo, suku_bunga_tahunan: Decimal, saldo_minimum: Decimal = ZERO) -> HasilJasa:
    """Σ over days of (closing balance × rate / 365); a day below the minimum earns nothing.
    The basis is the sum of the days that earned (saldo × hari)."""
    dasar = sum((s * n for s, n in riwayat.segmen() if s >= saldo_minimum and s > ZERO), ZERO)
    return HasilJasa(dasar, floor_rupiah(dasar * _tarif(suku_bunga_tahunan) / HARI_SETAHUN))


def jasa_rata_rata_harian(
    riwayat: RiwayatSaldo, suku_bunga_tahunan: Decimal, saldo_minimum: Decimal = ZERO
) -> HasilJasa:
    """Average daily balance × rate × days / 365; nothing when the average is below the minimum.
    The basis is the average daily balance (rounded down to the rupiah, for the report)."""
    segmen = riwayat.segmen()
    hari = sum(n for _s, n in segmen)
    if not hari:
        return NOL
    total = sum((max(s, ZERO) * n for s, n in segmen), ZERO)
    rata = total / hari
    if rata < saldo_minimum or rata <= ZERO:
        return HasilJasa(floor_rupiah(rata), ZERO)
    # rata × days == total: multiply the exact total, not the rounded average
    return HasilJasa(floor_rupiah(rata), floor_rupiah(total * _tarif(suku_bunga_tahunan) / HARI_SETAHUN))


def jasa_saldo_terendah(riwayat: RiwayatSaldo, suku_bunga_tahunan: Decimal, saldo_minimum: Decimal = ZERO) -> HasilJasa:
    """Lowest balance of the month × rate / 12; nothing when it is below the minimum."""
    if riwayat.hari_terakhir < riwayat.bulan.awal:
        return NOL
    terendah = max(riwayat.saldo_terendah(), ZERO)
    if terendah < saldo_minimum or terendah == ZERO:
        return HasilJasa(terendah, ZERO)
    return HasilJasa(terendah, floor_rupiah(terendah * _tarif(suku_bunga_tahunan) / BULAN_SETAHUN))


def jasa_bulanan(
    riwayat: RiwayatSaldo, *, metode: str, suku_bunga_tahunan: Decimal, saldo_minimum: Decimal = ZERO
) -> HasilJasa:
    """The month's gross interest of one account by the product's method."""
    match Metode(metode):
        case Metode.SALDO_HARIAN:
            return jasa_saldo_harian(riwayat, suku_bunga_tahunan, saldo_minimum)
        case Metode.RATA_RATA_HARIAN:
            return jasa_rata_rata_harian(riwayat, suku_bunga_tahunan, saldo_minimum)
        case Metode.SALDO_TERENDAH:
            return jasa_saldo_terendah(riwayat, suku_bunga_tahunan, saldo_minimum)
        case _:
            return NOL


# --- tax (PP 15/2009; PMK 112/PMK.03/2010) ---------------------------------------------------


def pajak_jasa(total_bruto_bulan_anggota: Decimal) -> Decimal:
    """PP 15/2009: a member's gross interest of one month up to Rp240.000 is not taxed;
    above it, 10% final on the *whole* gross (not only the excess), rounded down to the rupiah."""
    if total_bruto_bulan_anggota <= BATAS_BEBAS_PAJAK:
        return ZERO
    return floor_rupiah(total_bruto_bulan_anggota * TARIF_PAJAK)


def pajak_bagi(pajak: Decimal, bruto: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Split one member's tax over their accounts in proportion to each account's gross,
    by largest remainder: every part is whole rupiah and the parts add up to ``pajak``
    exactly. Ties go to the earlier account. An account with no gross gets no tax."""
    total = sum(bruto, ZERO)
    if pajak == ZERO or total == ZERO:
        return tuple(ZERO for _ in bruto)
    if pajak < ZERO or pajak != floor_rupiah(pajak):
        raise ValueError("pajak harus rupiah utuh dan tidak negatif")
    exact = [pajak * b / total for b in bruto]
    parts = [floor_rupiah(x) for x in exact]
    sisa = int(pajak - sum(parts, ZERO))
    urutan = sorted(range(len(bruto)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in urutan[:sisa]:
        parts[i] += 1
    return tuple(parts)


@dataclass(frozen=True)
class JasaAnggota:
    """One member's month: the tax still to withhold and its split over the new accounts."""

    pajak: Decimal
    pajak_per_rekening: tuple[Decimal, ...]


def jasa_anggota(
    bruto_baru: Sequence[Decimal], *, bruto_sebelumnya: Decimal = ZERO, pajak_sebelumnya: Decimal = ZERO
) -> JasaAnggota:
    """Tax for a member's accounts credited now, when some of the month's interest may
    already have been credited (a resumed run): the tax is that of the whole month's
    gross, less what was already withheld, split over the new accounts (PP 15/2009 is
    per member per month, not per account)."""
    total = bruto_sebelumnya + sum(bruto_baru, ZERO)
    pajak = max(pajak_jasa(total) - pajak_sebelumnya, ZERO)
    pajak = min(pajak, sum(bruto_baru, ZERO))
    return JasaAnggota(pajak, pajak_bagi(pajak, bruto_baru))


def mutasi_bulan(bulan: Bulan, rows: Iterable[tuple[dt.date, Decimal]]) -> tuple[Mutasi, ...]:
    """Movements of ``rows`` dated inside ``bulan`` (later ones are left out)."""
    return tuple(Mutasi(t, j) for t, j in rows if bulan.awal <= t <= bulan.akhir)
