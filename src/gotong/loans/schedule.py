"""The installment schedule (jadwal angsuran) of a loan: a pure module, no ORM.

Methods after DOMAIN.md (Loans), with P the principal, n the installments that repay
principal and r the rate per installment period:

* **flat** — principal P/n each period, interest P·r each period
  (Rp9.000.000 at 1%/month over 12 months → Rp840.000 a month);
* **menurun / efektif** — principal P/n, interest on the outstanding balance;
* **anuitas** — A = P·r / (1 − (1+r)^−n), interest on the outstanding balance of the
  exact annuity, principal = A − interest (agrees with numpy-financial's pmt/ipmt/ppmt).

Rounding: each installment is rounded half-up to the product's step (Rp1, Rp100 or
Rp1.000), interest to the rupiah, principal is the difference; the last installment takes
whatever principal remains, so the principal parts always sum exactly to P and the balance
ends at zero. Where rounding up would repay the principal before the last installment,
installments are rounded down instead (the last one is then a little larger).

A grace period (masa tenggang) of g periods comes first: interest only, no principal; the
principal is then repaid over the remaining tenor − g installments.

Rates: a rate per year is divided by 12 for monthly and by 52 for weekly installments;
a rate per month is multiplied by 12 first for weekly installments.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

from django.utils.translation import gettext as _

FLAT, MENURUN, ANUITAS = "flat", "menurun", "anuitas"
BULANAN, MINGGUAN = "bulanan", "mingguan"
PER_BULAN, PER_TAHUN = "bulan", "tahun"
METODE = (FLAT, MENURUN, ANUITAS)
LANGKAH_PEMBULATAN = (1, 100, 1000)

_CENT = Decimal("0.01")
_RUPIAH = Decimal("1")
_PRECISION = 40


class JadwalError(ValueError):
    """Terms a schedule cannot be built from (the message says what to fix, in the user's
    language: the only Django this module uses is its translation catalogue)."""


@dataclass(frozen=True)
class Syarat:
    """The terms a schedule is built from."""

    pokok: Decimal
    tenor: int
    metode: str
    suku_bunga: Decimal  # percent
    satuan_bunga: str = PER_BULAN  # the rate is per month or per year
    frekuensi: str = BULANAN
    masa_tenggang: int = 0
    pembulatan: int = 1
    mulai: dt.date | None = None  # disbursement date; due dates follow it


@dataclass(frozen=True)
class BarisJadwal:
    ke: int
    jatuh_tempo: dt.date | None
    pokok: Decimal
    bunga: Decimal
    sisa_pokok: Decimal  # outstanding principal after this installment

    @property
    def angsuran(self) -> Decimal:
        return self.pokok + self.bunga


@dataclass(frozen=True)
class Jadwal:
    syarat: Syarat
    baris: tuple[BarisJadwal, ...]

    @property
    def total_pokok(self) -> Decimal:
        return sum((b.pokok for b in self.baris), Decimal(0))

    @property
    def total_bunga(self) -> Decimal:
        return sum((b.bunga for b in self.baris), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.total_pokok + self.total_bunga

    @property
    def angsuran_pertama(self) -> Decimal:
        """The regular installment (the first one after any grace period)."""
        for b in self.baris:
            if b.pokok > 0:
                return b.angsuran
        return self.baris[0].angsuran


def suku_per_periode(suku_bunga: Decimal, satuan: str, frekuensi: str) -> Decimal:
    """The rate per installment period as a fraction (1% per month → 0.01)."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        tahunan = suku_bunga * 12 if satuan == PER_BULAN else suku_bunga
        periode = 12 if frekuensi == BULANAN else 52
        return tahunan / Decimal(100) / Decimal(periode)


def tambah_bulan(tanggal: dt.date, bulan: int) -> dt.date:
    """The same day ``bulan`` months later, or the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = tanggal.month - 1 + bulan
    tahun, bulan_ke = tanggal.year + index // 12, index % 12 + 1
    return dt.date(tahun, bulan_ke, min(tanggal.day, calendar.monthrange(tahun, bulan_ke)[1]))


def jatuh_tempo(mulai: dt.date, ke: int, frekuensi: str) -> dt.date:
    if frekuensi == MINGGUAN:
        return mulai + dt.timedelta(weeks=ke)
    return tambah_bulan(mulai, ke)


def _rupiah(x: Decimal) -> Decimal:
    return x.quantize(_RUPIAH, rounding=ROUND_HALF_UP).quantize(_CENT)


def _step(x: Decimal, step: int, rounding: str) -> Decimal:
    unit = Decimal(step)
    return ((x / unit).quantize(_RUPIAH, rounding=rounding) * unit).quantize(_CENT)


def periksa(s: Syarat) -> None:
    """Refuse terms no schedule can be built from."""
    if s.metode not in METODE:
        raise JadwalError(_("Metode pinjaman harus flat, menurun atau anuitas."))
    if s.pokok <= 0:
        raise JadwalError(_("Pokok pinjaman harus lebih dari nol."))
    if s.tenor < 1:
        raise JadwalError(_("Jangka waktu paling sedikit satu angsuran."))
    if not 0 <= s.masa_tenggang < s.tenor:
        raise JadwalError(_("Masa tenggang harus lebih pendek dari jangka waktu."))
    if s.suku_bunga < 0:
        raise JadwalError(_("Suku bunga tidak boleh negatif."))
    if s.pembulatan not in LANGKAH_PEMBULATAN:
        raise JadwalError(_("Pembulatan harus Rp1, Rp100 atau Rp1.000."))
    if s.frekuensi not in (BULANAN, MINGGUAN) or s.satuan_bunga not in (PER_BULAN, PER_TAHUN):
        raise JadwalError(_("Frekuensi atau satuan bunga tidak dikenal."))
    if s.pokok / (s.tenor - s.masa_tenggang) < s.pembulatan:
        raise JadwalError(_("Pokok per angsuran lebih kecil dari pembulatan; perkecil pembulatan atau jangka waktu."))


def buat_jadwal(s: Syarat) -> Jadwal:
    """The schedule of these terms (see the module's docstring for the rules)."""
    periksa(s)
    rows = _build(s, ROUND_HALF_UP)
    if rows is None:  # rounding up would repay the principal early: round down instead
        rows = _build(s, ROUND_DOWN)
        assert rows is not None
    return Jadwal(s, tuple(rows))


def _build(s: Syarat, rounding: str) -> list[BarisJadwal] | None:
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        r = suku_per_periode(s.suku_bunga, s.satuan_bunga, s.frekuensi)
        g, n = s.masa_tenggang, s.tenor - s.masa_tenggang
        pokok = s.pokok
        sisa = pokok
        exact_sisa = pokok  # the exact annuity balance (anuitas interest follows it)
        anuitas = pokok / n if r == 0 else pokok * r / (1 - (1 + r) ** -n)
        rows: list[BarisJadwal] = []
        for ke in range(1, s.tenor + 1):
            due = jatuh_tempo(s.mulai, ke, s.frekuensi) if s.mulai else None
            if ke <= g:
                bunga = _rupiah(pokok * r)
                rows.append(BarisJadwal(ke, due, Decimal("0.00"), bunga, sisa))
                continue
            if s.metode == FLAT:
                bunga_exact = pokok * r
                cicilan = pokok / n + bunga_exact
            elif s.metode == MENURUN:
                bunga_exact = sisa * r
                cicilan = pokok / n + bunga_exact
            else:
                bunga_exact = exact_sisa * r
                cicilan = anuitas
                exact_sisa -= anuitas - bunga_exact
            bunga = _rupiah(bunga_exact)
            if ke == s.tenor:
                bagian_pokok = sisa
            else:
                bagian_pokok = _step(cicilan, s.pembulatan, rounding) - bunga
                if bagian_pokok < 0:
                    bagian_pokok = Decimal("0.00")
                if bagian_pokok >= sisa:
                    return None
            sisa -= bagian_pokok
            rows.append(BarisJadwal(ke, due, bagian_pokok.quantize(_CENT), bunga, sisa.quantize(_CENT)))
        return rows
