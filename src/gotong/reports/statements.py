"""The financial statements of a koperasi per SAK EP (Permenkop UKM 2/2024), comparative.

Every figure comes from the maintained monthly balances (``ledger.SaldoBulanan``), never from
every journal line; only the cash flow reads the lines of the period's cash entries (direct
method: cash and bank lines classified by their counter-accounts). The year's closing entries
(source ``tutup_buku``) are left out of the income statement and the movements, so a closed
year reports exactly as it did while open.

A period is a range of months of one year (``Periode``); each statement is computed for it
and for the same months of the year before (the comparative column).
"""

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from gotong.core.money import ZERO, floor_rupiah
from gotong.ledger.models import Akun, BarisJurnal, Jurnal, SaldoBulanan, Sisi, SumberJurnal, TipeAkun
from gotong.ledger.selectors import kode_key
from gotong.tenancy.models import Koperasi

# Codes that split the statement's groups (DOMAIN.md default chart; a koperasi's own accounts
# follow the same numbering): cash and bank; non-current assets from 1.40 (aset tetap);
# long-term liabilities from 2.50; capital contributions and grants for the financing section.
KAS_DAN_BANK = ("1.01", "1.02")
ASET_TIDAK_LANCAR_DARI = 40
KEWAJIBAN_JANGKA_PANJANG_DARI = 50
MODAL = ("3.10", "3.11", "3.12", "3.13")
UTANG_SHU = ("2.20", "2.21")


@dataclass(frozen=True)
class Periode:
    """Months ``bulan_awal``..``bulan_akhir`` of ``tahun`` (a year, a quarter, a month, year to date)."""

    tahun: int
    bulan_awal: int = 1
    bulan_akhir: int = 12

    @property
    def awal(self) -> dt.date:
        return dt.date(self.tahun, self.bulan_awal, 1)

    @property
    def akhir(self) -> dt.date:
        return dt.date(self.tahun, self.bulan_akhir, calendar.monthrange(self.tahun, self.bulan_akhir)[1])

    @property
    def pembanding(self) -> "Periode":
        """The same months a year earlier."""
        return Periode(self.tahun - 1, self.bulan_awal, self.bulan_akhir)

    @property
    def sebelum(self) -> tuple[int, int]:
        """The (year, month) just before the period starts."""
        return (self.tahun, self.bulan_awal - 1) if self.bulan_awal > 1 else (self.tahun - 1, 12)


@dataclass(frozen=True)
class Jumlah:
    debit: Decimal = ZERO
    kredit: Decimal = ZERO
    debit_anggota: Decimal = ZERO
    kredit_anggota: Decimal = ZERO

    def tambah(self, other: "Jumlah") -> "Jumlah":
        return Jumlah(
            self.debit + other.debit,
            self.kredit + other.kredit,
            self.debit_anggota + other.debit_anggota,
            self.kredit_anggota + other.kredit_anggota,
        )

    def saldo(self, normal: str) -> Decimal:
        return self.debit - self.kredit if normal == Sisi.DEBIT else self.kredit - self.debit

    def saldo_anggota(self, normal: str) -> Decimal:
        d, k = self.debit_anggota, self.kredit_anggota
        return d - k if normal == Sisi.DEBIT else k - d


def _sampai(tahun: int, bulan: int) -> Q:
    return Q(tahun__lt=tahun) | Q(tahun=tahun, bulan__lte=bulan)


def _jumlah(rows: Iterable[Any]) -> dict[int, Jumlah]:
    return {
        int(r["akun_id"]): Jumlah(
            Decimal(r["d"] or ZERO), Decimal(r["k"] or ZERO), Decimal(r["da"] or ZERO), Decimal(r["ka"] or ZERO)
        )
        for r in rows
    }


def _agregat(qs: "object") -> dict[int, Jumlah]:
    rows = (
        qs.values("akun_id")  # type: ignore[attr-defined]
        .annotate(d=Sum("debit"), k=Sum("kredit"), da=Sum("debit_anggota"), ka=Sum("kredit_anggota"))
        .order_by()
    )
    return _jumlah(rows)


def _penutup(koperasi: Koperasi, dari: dt.date, sampai: dt.date) -> dict[int, Jumlah]:
    """The closing entries' lines (and their reversals) dated in the range, per account."""
    rows = (
        BarisJurnal.objects.filter(
            jurnal__koperasi=koperasi,
            jurnal__sumber=SumberJurnal.TUTUP_BUKU,
            jurnal__tanggal__gte=dari,
            jurnal__tanggal__lte=sampai,
        )
        .values("akun_id")
        .annotate(
            d=Sum("jumlah", filter=Q(sisi=Sisi.DEBIT)),
            k=Sum("jumlah", filter=Q(sisi=Sisi.KREDIT)),
            da=Sum("jumlah", filter=Q(sisi=Sisi.DEBIT, anggota__isnull=False)),
            ka=Sum("jumlah", filter=Q(sisi=Sisi.KREDIT, anggota__isnull=False)),
        )
        .order_by()
    )
    return _jumlah(rows)


def _kurangi(a: dict[int, Jumlah], b: dict[int, Jumlah]) -> dict[int, Jumlah]:
    out = dict(a)
    for pk, j in b.items():
        base = out.get(pk, Jumlah())
        out[pk] = Jumlah(
            base.debit - j.debit,
            base.kredit - j.kredit,
            base.debit_anggota - j.debit_anggota,
            base.kredit_anggota - j.kredit_anggota,
        )
    return out


def saldo_akhir(*, koperasi: Koperasi, tahun: int, bulan: int) -> dict[int, Jumlah]:
    """Every account's cumulative debits and credits up to the end of the month."""
    return _agregat(SaldoBulanan.objects.filter(_sampai(tahun, bulan), koperasi=koperasi))


def mutasi(*, koperasi: Koperasi, periode: Periode) -> dict[int, Jumlah]:
    """Every account's debits and credits in the period, without the closing entries."""
    rows = _agregat(
        SaldoBulanan.objects.filter(
            koperasi=koperasi, tahun=periode.tahun, bulan__gte=periode.bulan_awal, bulan__lte=periode.bulan_akhir
        )
    )
    return _kurangi(rows, _penutup(koperasi, periode.awal, periode.akhir))


def akun_koperasi(koperasi: Koperasi) -> dict[int, Akun]:
    return {a.pk: a for a in Akun.objects.for_koperasi(koperasi)}


def _segmen(kode: str, posisi: int) -> int:
    parts = kode.split(".")
    return int(parts[posisi]) if len(parts) > posisi and parts[posisi].isdigit() else 0


def _cocok(kode: str, awalan: Iterable[str]) -> bool:
    return any(kode == a or kode.startswith(a + ".") for a in awalan)


# --- Statement shapes -------------------------------------------------------------------------


@dataclass(frozen=True)
class Baris:
    """One line of a statement: this period and the comparative period."""

    label: str
    jumlah: Decimal
    pembanding: Decimal
    kode: str = ""
    tingkat: int = 1
    total: bool = False


@dataclass
class Bagian:
    judul: str
    baris: list[Baris] = field(default_factory=list)

    @property
    def jumlah(self) -> Decimal:
        return sum((b.jumlah for b in self.baris if not b.total), ZERO)

    @property
    def pembanding(self) -> Decimal:
        return sum((b.pembanding for b in self.baris if not b.total), ZERO)


def _baris_akun(accounts: list[Akun], kini: dict[int, Jumlah], lalu: dict[int, Jumlah], *, sisi: str) -> list[Baris]:
    """One line per account with an amount in either period, on the section's side (a contra
    account such as the loan-loss provision shows negative)."""
    rows = []
    for a in sorted(accounts, key=lambda x: kode_key(x.kode)):
        j, p = kini.get(a.pk, Jumlah()).saldo(sisi), lalu.get(a.pk, Jumlah()).saldo(sisi)
        if j or p:
            rows.append(Baris(a.nama, j, p, kode=a.kode))
    return rows


@dataclass(frozen=True)
class PosisiKeuangan:
    """Laporan posisi keuangan at the end of the period and of the same month a year earlier."""

    per: dt.date
    per_pembanding: dt.date
    aset_lancar: Bagian
    aset_tidak_lancar: Bagian
    kewajiban_pendek: Bagian
    kewajiban_panjang: Bagian
    ekuitas: Bagian

    @property
    def total_aset(self) -> tuple[Decimal, Decimal]:
        return (
            self.aset_lancar.jumlah + self.aset_tidak_lancar.jumlah,
            self.aset_lancar.pembanding + self.aset_tidak_lancar.pembanding,
        )

    @property
    def total_kewajiban(self) -> tuple[Decimal, Decimal]:
        return (
            self.kewajiban_pendek.jumlah + self.kewajiban_panjang.jumlah,
            self.kewajiban_pendek.pembanding + self.kewajiban_panjang.pembanding,
        )

    @property
    def total_kewajiban_ekuitas(self) -> tuple[Decimal, Decimal]:
        k = self.total_kewajiban
        return (k[0] + self.ekuitas.jumlah, k[1] + self.ekuitas.pembanding)

    @property
    def seimbang(self) -> bool:
        return self.total_aset == self.total_kewajiban_ekuitas


def _hasil_belum_ditutup(accounts: dict[int, Akun], saldo: dict[int, Jumlah]) -> Decimal:
    """Income less expense not yet moved into 3.99 by a closing entry (cumulative)."""
    total = ZERO
    for pk, j in saldo.items():
        a = accounts.get(pk)
        if a is not None and a.tipe in (TipeAkun.PENDAPATAN, TipeAkun.BEBAN):
            total += j.kredit - j.debit
    return total


def posisi_keuangan(*, koperasi: Koperasi, periode: Periode) -> PosisiKeuangan:
    accounts = akun_koperasi(koperasi)
    lalu_p = periode.pembanding
    kini = saldo_akhir(koperasi=koperasi, tahun=periode.tahun, bulan=periode.bulan_akhir)
    lalu = saldo_akhir(koperasi=koperasi, tahun=lalu_p.tahun, bulan=lalu_p.bulan_akhir)
    leaf = [a for a in accounts.values() if a.pk in kini or a.pk in lalu]
    aset = [a for a in leaf if a.tipe == TipeAkun.ASET]
    kewajiban = [a for a in leaf if a.tipe == TipeAkun.KEWAJIBAN]
    ekuitas_akun = [a for a in leaf if a.tipe == TipeAkun.EKUITAS]
    ekuitas = Bagian(str(_("Ekuitas")), _baris_akun(ekuitas_akun, kini, lalu, sisi=Sisi.KREDIT))
    hasil = (_hasil_belum_ditutup(accounts, kini), _hasil_belum_ditutup(accounts, lalu))
    if hasil != (ZERO, ZERO):
        ekuitas.baris.append(Baris(str(_("SHU periode berjalan (belum ditutup)")), *hasil))
    return PosisiKeuangan(
        per=periode.akhir,
        per_pembanding=lalu_p.akhir,
        aset_lancar=Bagian(
            str(_("Aset lancar")),
            _baris_akun([a for a in aset if _segmen(a.kode, 1) < ASET_TIDAK_LANCAR_DARI], kini, lalu, sisi=Sisi.DEBIT),
        ),
        aset_tidak_lancar=Bagian(
            str(_("Aset tidak lancar")),
            _baris_akun([a for a in aset if _segmen(a.kode, 1) >= ASET_TIDAK_LANCAR_DARI], kini, lalu, sisi=Sisi.DEBIT),
        ),
        kewajiban_pendek=Bagian(
            str(_("Kewajiban jangka pendek")),
            _baris_akun(
                [a for a in kewajiban if _segmen(a.kode, 1) < KEWAJIBAN_JANGKA_PANJANG_DARI],
                kini,
                lalu,
                sisi=Sisi.KREDIT,
            ),
        ),
        kewajiban_panjang=Bagian(
            str(_("Kewajiban jangka panjang")),
            _baris_akun(
                [a for a in kewajiban if _segmen(a.kode, 1) >= KEWAJIBAN_JANGKA_PANJANG_DARI],
                kini,
                lalu,
                sisi=Sisi.KREDIT,
            ),
        ),
        ekuitas=ekuitas,
    )


@dataclass(frozen=True)
class BarisHasil:
    """One income or expense account: members' part, non-members' part, total; and last year's total."""

    kode: str
    label: str
    anggota: Decimal
    non_anggota: Decimal
    pembanding: Decimal

    @property
    def jumlah(self) -> Decimal:
        return self.anggota + self.non_anggota


@dataclass(frozen=True)
class HasilUsaha:
    """Laporan perhitungan hasil usaha for the period beside the same months a year earlier.

    Member and non-member results are shown apart (DOMAIN.md, SHU: SHU from non-members is not
    distributed). Income is split by whether its journal line names a member; expenses are
    shared in proportion to income, the usual allocation when costs serve both."""

    periode: Periode
    pendapatan: list[BarisHasil]
    beban: list[BarisHasil]
    penghasilan_komprehensif_lain: Decimal = ZERO

    def _sum(self, rows: list[BarisHasil], attr: str) -> Decimal:
        return sum((getattr(r, attr) for r in rows), ZERO)

    @property
    def total_pendapatan(self) -> Decimal:
        return self._sum(self.pendapatan, "jumlah")

    @property
    def pendapatan_anggota(self) -> Decimal:
        return self._sum(self.pendapatan, "anggota")

    @property
    def total_beban(self) -> Decimal:
        return self._sum(self.beban, "jumlah")

    @property
    def shu(self) -> Decimal:
        return self.total_pendapatan - self.total_beban

    @property
    def shu_pembanding(self) -> Decimal:
        return self._sum(self.pendapatan, "pembanding") - self._sum(self.beban, "pembanding")

    @property
    def shu_anggota(self) -> Decimal:
        """SHU from members' participation: the SHU in the proportion of members' income,
        rounded down to the rupiah (``core.money``); the rupiah fraction stays with the
        non-members' part, which goes to cadangan."""
        if self.total_pendapatan == ZERO:
            return self.shu
        return floor_rupiah(self.shu * self.pendapatan_anggota / self.total_pendapatan)

    @property
    def shu_non_anggota(self) -> Decimal:
        return self.shu - self.shu_anggota

    @property
    def total_penghasilan_komprehensif(self) -> Decimal:
        return self.shu + self.penghasilan_komprehensif_lain


def _baris_hasil(
    accounts: list[Akun], kini: dict[int, Jumlah], lalu: dict[int, Jumlah], *, sisi: str
) -> list[BarisHasil]:
    rows = []
    for a in sorted(accounts, key=lambda x: kode_key(x.kode)):
        j, p = kini.get(a.pk, Jumlah()), lalu.get(a.pk, Jumlah())
        total, anggota = j.saldo(sisi), j.saldo_anggota(sisi)
        if total or p.saldo(sisi):
            rows.append(BarisHasil(a.kode, a.nama, anggota, total - anggota, p.saldo(sisi)))
    return rows


def hasil_usaha(*, koperasi: Koperasi, periode: Periode) -> HasilUsaha:
    accounts = akun_koperasi(koperasi)
    kini = mutasi(koperasi=koperasi, periode=periode)
    lalu = mutasi(koperasi=koperasi, periode=periode.pembanding)
    dipakai = [a for a in accounts.values() if a.pk in kini or a.pk in lalu]
    return HasilUsaha(
        periode=periode,
        pendapatan=_baris_hasil([a for a in dipakai if a.tipe == TipeAkun.PENDAPATAN], kini, lalu, sisi=Sisi.KREDIT),
        beban=_baris_hasil([a for a in dipakai if a.tipe == TipeAkun.BEBAN], kini, lalu, sisi=Sisi.DEBIT),
    )


@dataclass(frozen=True)
class KolomEkuitas:
    """One equity account's movement over the period (SHU column includes the unclosed result)."""

    kode: str
    label: str
    awal: Decimal
    tambah: Decimal
    kurang: Decimal
    shu_periode: Decimal
    akhir: Decimal

    @property
    def cocok(self) -> bool:
        return self.awal + self.tambah - self.kurang + self.shu_periode == self.akhir


@dataclass(frozen=True)
class PerubahanEkuitas:
    periode: Periode
    kolom: list[KolomEkuitas]
    pembanding: list[KolomEkuitas]

    @property
    def total_awal(self) -> Decimal:
        return sum((k.awal for k in self.kolom), ZERO)

    @property
    def total_akhir(self) -> Decimal:
        return sum((k.akhir for k in self.kolom), ZERO)


def _kolom_ekuitas(koperasi: Koperasi, accounts: dict[int, Akun], periode: Periode) -> list[KolomEkuitas]:
    from gotong.ledger import chart

    awal = saldo_akhir(koperasi=koperasi, tahun=periode.sebelum[0], bulan=periode.sebelum[1])
    akhir = saldo_akhir(koperasi=koperasi, tahun=periode.tahun, bulan=periode.bulan_akhir)
    gerak = mutasi(koperasi=koperasi, periode=periode)
    shu = hasil_usaha(koperasi=koperasi, periode=periode).shu
    induk = {a.induk_id for a in accounts.values()}
    equity = sorted(
        (a for a in accounts.values() if a.tipe == TipeAkun.EKUITAS and a.pk not in induk),
        key=lambda x: kode_key(x.kode),
    )
    kolom = []
    for a in equity:
        g = gerak.get(a.pk, Jumlah())
        a_awal, a_akhir = awal.get(a.pk, Jumlah()).saldo(Sisi.KREDIT), akhir.get(a.pk, Jumlah()).saldo(Sisi.KREDIT)
        shu_periode = ZERO
        if a.kode == chart.SHU_BERJALAN:
            a_awal += _hasil_belum_ditutup(accounts, awal)
            a_akhir += _hasil_belum_ditutup(accounts, akhir)
            shu_periode = shu
        if a_awal or a_akhir or g.debit or g.kredit or shu_periode:
            kolom.append(KolomEkuitas(a.kode, a.nama, a_awal, g.kredit, g.debit, shu_periode, a_akhir))
    return kolom


def perubahan_ekuitas(*, koperasi: Koperasi, periode: Periode) -> PerubahanEkuitas:
    accounts = akun_koperasi(koperasi)
    return PerubahanEkuitas(
        periode=periode,
        kolom=_kolom_ekuitas(koperasi, accounts, periode),
        pembanding=_kolom_ekuitas(koperasi, accounts, periode.pembanding),
    )


@dataclass(frozen=True)
class BarisArusKas:
    kode: str
    label: str
    masuk: Decimal
    keluar: Decimal

    @property
    def bersih(self) -> Decimal:
        return self.masuk - self.keluar


@dataclass(frozen=True)
class ArusKasPeriode:
    operasi: list[BarisArusKas]
    investasi: list[BarisArusKas]
    pendanaan: list[BarisArusKas]
    kas_awal: Decimal
    kas_akhir: Decimal

    @staticmethod
    def _bersih(rows: list[BarisArusKas]) -> Decimal:
        return sum((r.bersih for r in rows), ZERO)

    @property
    def bersih_operasi(self) -> Decimal:
        return self._bersih(self.operasi)

    @property
    def bersih_investasi(self) -> Decimal:
        return self._bersih(self.investasi)

    @property
    def bersih_pendanaan(self) -> Decimal:
        return self._bersih(self.pendanaan)

    @property
    def kenaikan(self) -> Decimal:
        return self.bersih_operasi + self.bersih_investasi + self.bersih_pendanaan

    @property
    def cocok(self) -> bool:
        """The flows explain the change in cash and bank exactly."""
        return self.kas_awal + self.kenaikan == self.kas_akhir


@dataclass(frozen=True)
class ArusKas:
    """Laporan arus kas, operating activities by the direct method, for the period and last year's."""

    periode: Periode
    kini: ArusKasPeriode
    pembanding: ArusKasPeriode


def _kas(accounts: dict[int, Akun]) -> set[int]:
    return {pk for pk, a in accounts.items() if _cocok(a.kode, KAS_DAN_BANK)}


def _kegiatan(a: Akun) -> str:
    """Which section a counter-account's cash belongs to. For a savings-and-loan koperasi,
    member savings and loans are its operations; fixed assets are investing; capital, grants,
    SHU paid out and long-term borrowing are financing."""
    if a.tipe == TipeAkun.ASET and _segmen(a.kode, 1) >= ASET_TIDAK_LANCAR_DARI:
        return "investasi"
    if _cocok(a.kode, MODAL) or _cocok(a.kode, UTANG_SHU):
        return "pendanaan"
    if a.tipe == TipeAkun.KEWAJIBAN and _segmen(a.kode, 1) >= KEWAJIBAN_JANGKA_PANJANG_DARI:
        return "pendanaan"
    return "operasi"


def _arus_periode(koperasi: Koperasi, accounts: dict[int, Akun], periode: Periode) -> ArusKasPeriode:
    kas = _kas(accounts)
    menyentuh_kas = BarisJurnal.objects.filter(jurnal=OuterRef("jurnal"), akun_id__in=kas)
    rows = (
        BarisJurnal.objects.filter(
            jurnal__koperasi=koperasi, jurnal__tanggal__gte=periode.awal, jurnal__tanggal__lte=periode.akhir
        )
        .exclude(akun_id__in=kas)
        .filter(Exists(menyentuh_kas))
        .values("akun_id")
        .annotate(d=Sum("jumlah", filter=Q(sisi=Sisi.DEBIT)), k=Sum("jumlah", filter=Q(sisi=Sisi.KREDIT)))
        .order_by()
    )
    bagian: dict[str, list[BarisArusKas]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: kode_key(accounts[r["akun_id"]].kode)):
        a = accounts[r["akun_id"]]
        # A counter-line credited beside cash brought cash in; one debited took cash out.
        bagian[_kegiatan(a)].append(BarisArusKas(a.kode, a.nama, r["k"] or ZERO, r["d"] or ZERO))
    sebelum = saldo_akhir(koperasi=koperasi, tahun=periode.sebelum[0], bulan=periode.sebelum[1])
    akhir = saldo_akhir(koperasi=koperasi, tahun=periode.tahun, bulan=periode.bulan_akhir)
    return ArusKasPeriode(
        operasi=bagian["operasi"],
        investasi=bagian["investasi"],
        pendanaan=bagian["pendanaan"],
        kas_awal=sum((sebelum.get(pk, Jumlah()).saldo(Sisi.DEBIT) for pk in kas), ZERO),
        kas_akhir=sum((akhir.get(pk, Jumlah()).saldo(Sisi.DEBIT) for pk in kas), ZERO),
    )


def arus_kas(*, koperasi: Koperasi, periode: Periode) -> ArusKas:
    accounts = akun_koperasi(koperasi)
    return ArusKas(
        periode=periode,
        kini=_arus_periode(koperasi, accounts, periode),
        pembanding=_arus_periode(koperasi, accounts, periode.pembanding),
    )


@dataclass(frozen=True)
class BarisNeracaSaldo:
    kode: str
    label: str
    tipe: str
    debit: Decimal
    kredit: Decimal
    debit_pembanding: Decimal
    kredit_pembanding: Decimal


def _sisi_saldo(j: Jumlah) -> tuple[Decimal, Decimal]:
    net = j.debit - j.kredit
    return (net, ZERO) if net >= ZERO else (ZERO, -net)


def neraca_saldo(*, koperasi: Koperasi, periode: Periode) -> list[BarisNeracaSaldo]:
    """Trial balance at the end of the period beside the same month a year earlier: each
    account's balance on the side it stands (income and expense after any closing entry)."""
    accounts = akun_koperasi(koperasi)
    lalu_p = periode.pembanding
    kini = saldo_akhir(koperasi=koperasi, tahun=periode.tahun, bulan=periode.bulan_akhir)
    lalu = saldo_akhir(koperasi=koperasi, tahun=lalu_p.tahun, bulan=lalu_p.bulan_akhir)
    rows = []
    for pk in sorted(set(kini) | set(lalu), key=lambda pk: kode_key(accounts[pk].kode)):
        a = accounts[pk]
        d, k = _sisi_saldo(kini.get(pk, Jumlah()))
        dp, kp = _sisi_saldo(lalu.get(pk, Jumlah()))
        if d or k or dp or kp:
            rows.append(BarisNeracaSaldo(a.kode, a.nama, a.tipe, d, k, dp, kp))
    return rows


def jurnal_penutup_ada(*, koperasi: Koperasi, tahun: int) -> bool:
    return Jurnal.objects.filter(koperasi=koperasi, sumber=SumberJurnal.TUTUP_BUKU, tanggal__year=tahun).exists()
