"""The history of the digital ladder: how many cooperatives of each kabupaten/kota stood at each
level at the end of each month (``RiwayatTingkat``), the rows behind the province trend chart.

A month's counts are computed from the source rows *as they stood at the end of that day*
(``selectors.dengan_fakta_digital(qs, hari_ini=day)``, the same function as today's level):
on Gotong since ``digital_sejak``, members admitted and not yet left, savings movements and
loan activity in the 90 days before it, months and book years closed by then
(``ditutup_pada``). Cooperatives are counted once they exist, i.e. from their legal entity date
(``tanggal_badan_hukum``; unknown counts always); dissolved ones stay at level 0 as in the
registry's current ladder.

Writers: the rebuild of a kabupaten/kota (``agregat.segarkan``, also the daily job) rewrites the
current month and, once per month, settles the month just ended as of its last day;
``agregat.riwayat_tingkat_isi`` (``manage.py riwayat_tingkat_isi``) fills past months.
The dashboard reads only these rows (a few hundred, whatever the number of cooperatives).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from gotong.province import digital, selectors
from gotong.province.models_agregat import RiwayatTingkat
from gotong.tenancy.models import Koperasi, KoperasiQuerySet

Hitungan = dict[str, list[int]]
"""Per kabupaten/kota: the number of cooperatives at levels 0..4."""


def _nol() -> list[int]:
    return [0] * len(digital.LEVELS)


def ada_pada(hari: dt.date) -> Q:
    """The cooperatives counted at the end of ``hari``: a legal entity by then (unknown counts)."""
    return Q(tanggal_badan_hukum__isnull=True) | Q(tanggal_badan_hukum__lte=hari)


def hitung(qs: KoperasiQuerySet, hari: dt.date) -> Hitungan:
    """Cooperatives of ``qs`` per kabupaten/kota and level at the end of ``hari`` (two grouped
    queries: those not on Gotong by then are level 0 without looking at their rows)."""
    ada = qs.filter(ada_pada(hari))
    sudah = Q(digital=True) & (Q(digital_sejak__isnull=True) | Q(digital_sejak__lte=hari))
    out: Hitungan = {}
    for r in ada.exclude(sudah).values("kabupaten_kode").annotate(n=Count("id")).order_by():
        out.setdefault(r["kabupaten_kode"], _nol())[digital.MANUAL] += r["n"]
    fakta = selectors.dengan_fakta_digital(ada.filter(sudah), hari_ini=hari)
    for r in fakta.values("kabupaten_kode", *selectors.FAKTA_DIGITAL).annotate(n=Count("id")).order_by():
        out.setdefault(r["kabupaten_kode"], _nol())[selectors.tingkat_dari_fakta(r).level] += r["n"]
    return out


def tulis(hitungan: Hitungan, *, kabupaten: Iterable[str], per: dt.date) -> None:
    """Replace the snapshot of ``per``'s month for these kabupaten/kota (all five levels, zeros
    too). The caller holds the kabupaten/kota's aggregate lock (``agregat``)."""
    kabs = sorted(set(kabupaten))
    RiwayatTingkat.objects.filter(kabupaten_kode__in=kabs, tahun=per.year, bulan=per.month).delete()
    now = timezone.now()
    RiwayatTingkat.objects.bulk_create(
        RiwayatTingkat(
            kabupaten_kode=kab,
            tahun=per.year,
            bulan=per.month,
            tingkat=level,
            jumlah=hitungan.get(kab, _nol())[level],
            per_tanggal=per,
            dihitung=now,
        )
        for kab in kabs
        for level in digital.LEVELS
    )


def bulan_lalu(hari_ini: dt.date) -> dt.date:
    """The last day of the month before ``hari_ini``'s."""
    return hari_ini.replace(day=1) - dt.timedelta(days=1)


def sudah_final(kab: str, akhir: dt.date) -> bool:
    """Whether the kabupaten/kota's snapshot of ``akhir``'s month was computed as of that
    month-end after the day had passed (nothing of that month can change it any more)."""
    return RiwayatTingkat.objects.filter(
        kabupaten_kode=kab,
        tahun=akhir.year,
        bulan=akhir.month,
        per_tanggal=akhir,
        dihitung__gte=selectors.akhir_hari(akhir),
    ).exists()


def segarkan(kab: str, hari_ini: dt.date, bulan_ini: Hitungan | None = None) -> None:
    """Rewrite the kabupaten/kota's current month (``bulan_ini`` when the caller has just counted
    it, as ``agregat._register`` does from its own grouped rows) and settle the month just ended
    (once)."""
    qs = Koperasi.objects.filter(kabupaten_kode=kab)
    lalu = bulan_lalu(hari_ini)
    if not sudah_final(kab, lalu):
        tulis(hitung(qs, lalu), kabupaten=[kab], per=lalu)
    tulis(bulan_ini if bulan_ini is not None else hitung(qs, hari_ini), kabupaten=[kab], per=hari_ini)


# --- reading, for the dashboard --------------------------------------------------------------

TRIWULAN = (3, 6, 9, 12)
TREN_TRIWULAN = 16  # quarter-ends shown (four years), then the latest month


@dataclass(frozen=True)
class TitikTren:
    """One point of the trend: the region's cooperatives per level at the end of a month."""

    tahun: int
    bulan: int
    per: dt.date  # the day the counts are as of (the month's last day, or the latest rebuild)
    levels: tuple[int, ...]


def tren(rows: QuerySet[RiwayatTingkat]) -> list[TitikTren]:
    """Levels 0..4 summed over the region's kabupaten/kota at each quarter-end (the last
    :data:`TREN_TRIWULAN`) and at the latest month, oldest first.

    ``rows`` is the region's ``RiwayatTingkat`` queryset: one grouped query returning at most
    (months × 5) rows, whatever the number of cooperatives."""
    grouped = (
        rows.values("tahun", "bulan", "tingkat")
        .annotate(n=Sum("jumlah"), per=Max("per_tanggal"))
        .order_by("tahun", "bulan", "tingkat")
    )
    per_bulan: dict[tuple[int, int], list[int]] = {}
    per_tanggal: dict[tuple[int, int], dt.date] = {}
    for r in grouped:
        key = (r["tahun"], r["bulan"])
        per_bulan.setdefault(key, _nol())[r["tingkat"]] += r["n"]
        per_tanggal[key] = max(per_tanggal.get(key, r["per"]), r["per"])
    if not per_bulan:
        return []
    terakhir = max(per_bulan)
    pilih = [k for k in sorted(per_bulan) if k[1] in TRIWULAN and k != terakhir][-TREN_TRIWULAN:]
    return [TitikTren(t, b, per_tanggal[(t, b)], tuple(per_bulan[(t, b)])) for t, b in [*pilih, terakhir]]
