"""SHU (sisa hasil usaha) allocation and each member's share — pure, no ORM.

UU 25/1992 Pasal 45 and ../shared/DOMAIN.md (SHU):

- The year's SHU splits into the part earned from members' participation and the part
  earned from non-members. SHU from non-members is not distributed: it goes to cadangan.
- The members' part is allocated by the AD/ART percentages (must total exactly 100 %;
  default cadangan 40, jasa anggota 40, dana pengurus 5, dana karyawan 5, dana pendidikan 5,
  dana sosial 5). Jasa anggota splits into jasa usaha (JUA) and jasa modal (JMA), default 70/30.
- Per member: ``SHU_a = (Va / VUK) × JUA + (Sa / TMS) × JMA``; Va the member's volume, VUK the
  total volume, Sa the member's savings counted for jasa modal, TMS their total.
- Each fund and each share is rounded down (``core.money.floor_rupiah``; a share optionally to
  a multiple of Rp100); every rounding remainder goes to cadangan, so the funds, the shares and
  the remainder add up to the year's SHU exactly.
- A loss (SHU ≤ 0) distributes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext

from django.utils.translation import gettext_lazy as _

from gotong.core.money import ZERO, floor_rupiah

SERATUS = Decimal("100")
SEN = Decimal("0.01")
SATUAN_PEMBULATAN = (1, 100)

PERSEN_BUKAN_SERATUS = _("Jumlah persentase pembagian SHU harus tepat 100%, sekarang {jumlah}%.")
PERSEN_NEGATIF = _("Persentase tidak boleh negatif.")
PERSEN_LEBIH_SERATUS = _("Persentase paling banyak 100.")
PERSEN_DUA_DESIMAL = _("Persentase paling banyak dua angka di belakang koma.")
JUA_JMA_BUKAN_SERATUS = _("Jasa usaha (JUA) dan jasa modal (JMA) harus berjumlah tepat 100%, sekarang {jumlah}%.")
SATUAN_TIDAK_SAH = _("Pembulatan bagian anggota hanya ke Rp1 atau Rp100.")
NILAI_NEGATIF = _("Volume transaksi dan simpanan anggota tidak boleh negatif.")


class SHUError(ValueError):
    """Settings or figures the SHU cannot be computed from; ``field`` names the setting."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Persentase:
    """Allocation of the members' SHU (percent of it) and the JUA/JMA split of jasa anggota."""

    cadangan: Decimal = Decimal("40")
    jasa_anggota: Decimal = Decimal("40")
    dana_pengurus: Decimal = Decimal("5")
    dana_karyawan: Decimal = Decimal("5")
    dana_pendidikan: Decimal = Decimal("5")
    dana_sosial: Decimal = Decimal("5")
    jua: Decimal = Decimal("70")
    jma: Decimal = Decimal("30")

    ALOKASI = ("cadangan", "jasa_anggota", "dana_pengurus", "dana_karyawan", "dana_pendidikan", "dana_sosial")

    @property
    def jumlah_alokasi(self) -> Decimal:
        return sum((getattr(self, f) for f in self.ALOKASI), ZERO)


def periksa_persen(p: Persentase) -> None:
    """Refuse a negative percentage, more than 100, more than two decimals, an allocation that
    does not total exactly 100, or a JUA/JMA split that does not."""
    for name in (*Persentase.ALOKASI, "jua", "jma"):
        _periksa_satu(getattr(p, name), name)
    if p.jumlah_alokasi != SERATUS:
        raise SHUError(str(PERSEN_BUKAN_SERATUS).format(jumlah=_angka(p.jumlah_alokasi)))
    if p.jua + p.jma != SERATUS:
        raise SHUError(str(JUA_JMA_BUKAN_SERATUS).format(jumlah=_angka(p.jua + p.jma)), "jma")


def _periksa_satu(value: Decimal, name: str) -> None:
    if not value.is_finite():
        raise SHUError(str(PERSEN_DUA_DESIMAL), name)
    if value < ZERO:
        raise SHUError(str(PERSEN_NEGATIF), name)
    if value > SERATUS:
        raise SHUError(str(PERSEN_LEBIH_SERATUS), name)
    if value != value.quantize(SEN):  # 40.000 is 40; 39.995 has a third decimal
        raise SHUError(str(PERSEN_DUA_DESIMAL), name)


def _angka(value: Decimal) -> str:
    """``99.50`` → ``99,5`` (Indonesian decimal comma, no trailing zeros)."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


@dataclass(frozen=True)
class DataAnggota:
    """One member's figures for the year: volume Va and savings Sa counted for jasa modal."""

    anggota_id: int
    volume: Decimal = ZERO
    simpanan: Decimal = ZERO


@dataclass(frozen=True)
class BagianAnggota:
    """One member's share: jasa usaha (on volume) and jasa modal (on savings), each rounded down."""

    anggota_id: int
    volume: Decimal
    simpanan: Decimal
    jasa_usaha: Decimal
    jasa_modal: Decimal

    @property
    def total(self) -> Decimal:
        return self.jasa_usaha + self.jasa_modal


@dataclass(frozen=True)
class Alokasi:
    """The year's SHU and where it goes. ``cadangan`` is what 3.20 receives: its percentage,
    every rounding remainder and the SHU from non-members."""

    shu: Decimal
    shu_anggota: Decimal
    shu_non_anggota: Decimal
    cadangan_persen: Decimal
    jasa_anggota: Decimal
    jua: Decimal
    jma: Decimal
    dana_pengurus: Decimal
    dana_karyawan: Decimal
    dana_pendidikan: Decimal
    dana_sosial: Decimal
    sisa_pembulatan: Decimal

    @property
    def cadangan(self) -> Decimal:
        return self.cadangan_persen + self.sisa_pembulatan + self.shu_non_anggota

    @property
    def dana(self) -> dict[str, Decimal]:
        """The four funds of 2.21, by name."""
        return {
            "dana_pengurus": self.dana_pengurus,
            "dana_karyawan": self.dana_karyawan,
            "dana_pendidikan": self.dana_pendidikan,
            "dana_sosial": self.dana_sosial,
        }

    @property
    def total_dana(self) -> Decimal:
        return sum(self.dana.values(), ZERO)


@dataclass(frozen=True)
class HasilSHU:
    """The allocation, each member's share, and the totals VUK and TMS the shares divide by."""

    alokasi: Alokasi
    bagian: tuple[BagianAnggota, ...] = field(default_factory=tuple)
    vuk: Decimal = ZERO
    tms: Decimal = ZERO

    @property
    def total_jasa_usaha(self) -> Decimal:
        return sum((b.jasa_usaha for b in self.bagian), ZERO)

    @property
    def total_jasa_modal(self) -> Decimal:
        return sum((b.jasa_modal for b in self.bagian), ZERO)

    @property
    def total_bagian(self) -> Decimal:
        return self.total_jasa_usaha + self.total_jasa_modal

    @property
    def sisa_jasa_anggota(self) -> Decimal:
        """Jasa anggota not paid out as shares (rounding; no volume or savings at all)."""
        return self.alokasi.jasa_anggota - self.total_bagian

    @property
    def dibagi(self) -> bool:
        return self.alokasi.shu > ZERO


def _turun(amount: Decimal, satuan: int = 1) -> Decimal:
    """Down to a multiple of ``satuan`` rupiah, through the one rounding module."""
    if satuan == 1:
        return floor_rupiah(amount)
    return floor_rupiah(amount / satuan) * satuan


def _porsi(bagian: Decimal, total: Decimal, jumlah: Decimal, satuan: int) -> Decimal:
    """``(bagian / total) × jumlah`` rounded down; nothing when there is no total."""
    if total <= ZERO or bagian <= ZERO or jumlah <= ZERO:
        return floor_rupiah(ZERO)
    # Enough digits that the product is exact and the quotient is never an integer's
    # neighbour by accident: the floor then equals the floor of the exact fraction.
    with localcontext() as ctx:
        ctx.prec = 80
        return _turun(bagian * jumlah / total, satuan)


def _alokasi(shu: Decimal, shu_anggota: Decimal, p: Persentase) -> tuple[Alokasi, Decimal]:
    """The funds from the members' part (rounded down), with the allocation's own rounding
    remainder returned separately (it joins the shares' remainder)."""
    basis = floor_rupiah(min(max(shu_anggota, ZERO), shu))
    with localcontext() as ctx:
        ctx.prec = 80
        f = {name: floor_rupiah(basis * getattr(p, name) / SERATUS) for name in Persentase.ALOKASI}
        jua = floor_rupiah(f["jasa_anggota"] * p.jua / SERATUS)
    sisa = basis - sum(f.values(), ZERO)
    alokasi = Alokasi(
        shu=shu,
        shu_anggota=basis,
        shu_non_anggota=shu - basis,
        cadangan_persen=f["cadangan"],
        jasa_anggota=f["jasa_anggota"],
        jua=jua,
        jma=f["jasa_anggota"] - jua,
        dana_pengurus=f["dana_pengurus"],
        dana_karyawan=f["dana_karyawan"],
        dana_pendidikan=f["dana_pendidikan"],
        dana_sosial=f["dana_sosial"],
        sisa_pembulatan=ZERO,
    )
    return alokasi, sisa


def _rugi(shu: Decimal) -> Alokasi:
    nol = floor_rupiah(ZERO)
    return Alokasi(shu, nol, nol, nol, nol, nol, nol, nol, nol, nol, nol, nol)


def hitung_shu(
    *,
    shu: Decimal,
    shu_anggota: Decimal,
    persen: Persentase,
    anggota: Iterable[DataAnggota],
    satuan: int = 1,
) -> HasilSHU:
    """Allocate the year's SHU and compute each member's jasa usaha and jasa modal.

    ``shu`` is the year's result; ``shu_anggota`` the part of it from members (it is kept
    between 0 and ``shu`` and rounded down to the rupiah; the rest is the non-members' part).
    """
    periksa_persen(persen)
    if satuan not in SATUAN_PEMBULATAN:
        raise SHUError(str(SATUAN_TIDAK_SAH), "satuan_pembulatan")
    data = list(anggota)
    if any(d.volume < ZERO or d.simpanan < ZERO for d in data):
        raise SHUError(str(NILAI_NEGATIF))
    vuk = sum((d.volume for d in data), ZERO)
    tms = sum((d.simpanan for d in data), ZERO)
    if shu <= ZERO:
        nol = floor_rupiah(ZERO)
        bagian = tuple(BagianAnggota(d.anggota_id, d.volume, d.simpanan, nol, nol) for d in data)
        return HasilSHU(_rugi(shu), bagian, vuk, tms)
    alokasi, sisa_alokasi = _alokasi(shu, shu_anggota, persen)
    bagian = tuple(
        BagianAnggota(
            d.anggota_id,
            d.volume,
            d.simpanan,
            _porsi(d.volume, vuk, alokasi.jua, satuan),
            _porsi(d.simpanan, tms, alokasi.jma, satuan),
        )
        for d in data
    )
    dibagi = sum((b.total for b in bagian), ZERO)
    sisa = sisa_alokasi + alokasi.jasa_anggota - dibagi
    return HasilSHU(replace(alokasi, sisa_pembulatan=sisa), bagian, vuk, tms)
