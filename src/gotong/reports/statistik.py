"""Member statistics of one book year for the RAT package: members at the start and at the
end of the year, who joined and who left, by sex, by desa and by age band.

A member counts from ``tanggal_masuk`` (the board's approval; ``tanggal_daftar`` for old rows
without it) until ``tanggal_keluar``; applicants and rejected applicants never count. Every
figure is one aggregate query, never a loop over members. The identity
``awal + masuk - keluar == akhir`` holds per sex by construction (a member who joined and left
in the same year counts in both flows and in neither stock).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gotong.core import regions
from gotong.members.models import Anggota, AnggotaQuerySet, JenisKelamin, StatusAnggota
from gotong.tenancy.models import Koperasi

# Age bands (lower bound in years, label), a common split in cooperative and BPS tables.
KELOMPOK_UMUR: tuple[tuple[int, str], ...] = (
    (0, "< 25"),
    (25, "25–34"),
    (35, "35–44"),
    (45, "45–54"),
    (55, "55–64"),
    (65, "≥ 65"),
)
DESA_TERATAS = 10


@dataclass(frozen=True)
class PerKelamin:
    """One count split by sex: laki-laki, perempuan."""

    laki_laki: int
    perempuan: int

    @property
    def jumlah(self) -> int:
        return self.laki_laki + self.perempuan


@dataclass(frozen=True)
class BarisJumlah:
    label: str
    laki_laki: int
    perempuan: int

    @property
    def jumlah(self) -> int:
        return self.laki_laki + self.perempuan


@dataclass(frozen=True)
class StatistikAnggota:
    """Members of one koperasi over one book year."""

    tahun: int
    awal: PerKelamin
    masuk: PerKelamin
    keluar: PerKelamin
    akhir: PerKelamin
    per_desa: tuple[BarisJumlah, ...]
    per_umur: tuple[BarisJumlah, ...]

    @property
    def cocok(self) -> bool:
        return self.awal.jumlah + self.masuk.jumlah - self.keluar.jumlah == self.akhir.jumlah

    @property
    def pertumbuhan_persen(self) -> str:
        """Growth of membership over the year, as text (``—`` when the year started empty)."""
        if not self.awal.jumlah:
            return "—"
        tenth = (self.akhir.jumlah - self.awal.jumlah) * 1000 // self.awal.jumlah
        sign = "-" if tenth < 0 else ""
        return f"{sign}{abs(tenth) // 10},{abs(tenth) % 10}%"


def _terdaftar(koperasi: Koperasi) -> AnggotaQuerySet:
    return Anggota.objects.filter(koperasi=koperasi, status__in=[StatusAnggota.AKTIF, StatusAnggota.KELUAR])


def _masuk_sampai(tanggal: dt.date) -> Q:
    return Q(tanggal_masuk__lte=tanggal) | Q(tanggal_masuk__isnull=True, tanggal_daftar__lte=tanggal)


def _anggota_pada(tanggal: dt.date) -> Q:
    """Members on the day: joined by then and not left by then."""
    return _masuk_sampai(tanggal) & (Q(tanggal_keluar__isnull=True) | Q(tanggal_keluar__gt=tanggal))


def _masuk_dalam(awal: dt.date, akhir: dt.date) -> Q:
    return Q(tanggal_masuk__gte=awal, tanggal_masuk__lte=akhir) | Q(
        tanggal_masuk__isnull=True, tanggal_daftar__gte=awal, tanggal_daftar__lte=akhir
    )


def _per_kelamin(q: Q) -> dict[str, Count]:
    return {
        "l": Count("pk", filter=q & Q(jenis_kelamin=JenisKelamin.LAKI_LAKI)),
        "p": Count("pk", filter=q & Q(jenis_kelamin=JenisKelamin.PEREMPUAN)),
    }


def _tahun_lalu(tanggal: dt.date, tahun: int) -> dt.date:
    """The same day ``tahun`` years earlier (29 February falls back to the 28th)."""
    try:
        return tanggal.replace(year=tanggal.year - tahun)
    except ValueError:
        return tanggal.replace(year=tanggal.year - tahun, day=28)


def _umur(koperasi: Koperasi, akhir: dt.date) -> tuple[BarisJumlah, ...]:
    """Members at the year's end by age on 31 December: born after the day ``lower`` years
    before it is younger than ``lower``."""
    pada = _anggota_pada(akhir)
    aggregates = {}
    bounds = [b for b, _label in KELOMPOK_UMUR]
    for i, (lower, _label) in enumerate(KELOMPOK_UMUR):
        q = pada & Q(tanggal_lahir__lte=_tahun_lalu(akhir, lower))
        if i + 1 < len(bounds):
            q &= Q(tanggal_lahir__gt=_tahun_lalu(akhir, bounds[i + 1]))
        for kunci, agg in _per_kelamin(q).items():
            aggregates[f"{kunci}{i}"] = agg
    r = _terdaftar(koperasi).aggregate(**aggregates)
    return tuple(BarisJumlah(label, r[f"l{i}"], r[f"p{i}"]) for i, (_b, label) in enumerate(KELOMPOK_UMUR))


def _desa(koperasi: Koperasi, akhir: dt.date, teratas: int) -> tuple[BarisJumlah, ...]:
    rows = list(
        _terdaftar(koperasi)
        .filter(_anggota_pada(akhir))
        .values("desa_kode")
        .annotate(
            laki=Count("pk", filter=Q(jenis_kelamin=JenisKelamin.LAKI_LAKI)),
            perempuan=Count("pk", filter=Q(jenis_kelamin=JenisKelamin.PEREMPUAN)),
            n=Count("pk"),
        )
        .order_by("-n", "desa_kode")
    )
    out = [
        BarisJumlah(regions.nama(r["desa_kode"]) or r["desa_kode"] or "—", r["laki"], r["perempuan"])
        for r in rows[:teratas]
    ]
    lain = rows[teratas:]
    if lain:
        label = _("Desa lainnya ({n})").format(n=len(lain))
        out.append(BarisJumlah(label, sum(r["laki"] for r in lain), sum(r["perempuan"] for r in lain)))
    return tuple(out)


def statistik_anggota(*, koperasi: Koperasi, tahun: int, desa_teratas: int = DESA_TERATAS) -> StatistikAnggota:
    """The koperasi's member statistics for the book year ``tahun``."""
    awal, akhir = dt.date(tahun, 1, 1), dt.date(tahun, 12, 31)
    sebelum = dt.date(tahun - 1, 12, 31)
    keluar = Q(tanggal_keluar__gte=awal, tanggal_keluar__lte=akhir)
    aggregates = {}
    for nama, q in (
        ("awal", _anggota_pada(sebelum)),
        ("masuk", _masuk_dalam(awal, akhir)),
        ("keluar", keluar),
        ("akhir", _anggota_pada(akhir)),
    ):
        for kunci, agg in _per_kelamin(q).items():
            aggregates[f"{nama}_{kunci}"] = agg
    r = _terdaftar(koperasi).aggregate(**aggregates)

    def pk(nama: str) -> PerKelamin:
        return PerKelamin(r[f"{nama}_l"], r[f"{nama}_p"])

    return StatistikAnggota(
        tahun=tahun,
        awal=pk("awal"),
        masuk=pk("masuk"),
        keluar=pk("keluar"),
        akhir=pk("akhir"),
        per_desa=_desa(koperasi, akhir, desa_teratas),
        per_umur=_umur(koperasi, akhir),
    )
