"""Keeping the dashboard's aggregates (``models_agregat``) equal to the source rows.

A change to a cooperative or to its yearly figures marks its kabupaten/kota (the old and the
new one when it moves); the kabupaten/kota's rows are then rebuilt from the source with two
grouped queries, inside the same transaction as the change. Rebuilding a whole kabupaten/kota
rather than adding deltas keeps the rows exact by construction (no drift, nothing to
reconcile) and costs one grouped query over that region's cooperatives on a write; the
dashboard, read far more often, stays a read of a few hundred rows.

Bulk work (an import of many rows) wraps itself in :func:`tunda`: the marks are collected
and each kabupaten/kota is rebuilt once at the end of the block, still inside the
transaction. ``bulk_create``/``update()`` skip the signals, so code that writes that way
calls :func:`segarkan` itself (the benchmark does) or leaves it to ``manage.py
dasbor_segarkan``, the daily job, which also moves the digital levels along with the clock
(they depend on a 90-day savings and loans window and on recently closed months and years).

Each rebuild also keeps the history of the ladder (``province.riwayat``): the kabupaten/kota's
current month is rewritten and the month just ended is settled as of its last day;
:func:`riwayat_tingkat_isi` fills the months before.
"""

import contextvars
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core import regions
from gotong.province import digital as digital_mod
from gotong.province import rat, riwayat, selectors
from gotong.province.models import LaporanTahunan, StatusLaporan
from gotong.province.models_agregat import AgregatKabupaten, AgregatRegister, AgregatTahunan
from gotong.tenancy.models import Koperasi, StatusKoperasi

# Only figures the cooperative has submitted (and the Dinas may have verified) are counted.
STATUS_DIHITUNG = (StatusLaporan.DIAJUKAN, StatusLaporan.DIVERIFIKASI)

# UU 25/1992 Pasal 26 and DOMAIN.md: the RAT is held within 6 months after the book year
# ends; book years end on 31 December, so the RAT of book year Y is on time up to 30 June Y+1.
RAT_BATAS_BULAN = 6


def rat_batas(tahun: int) -> dt.date:
    """The last on-time RAT date of book year ``tahun`` (UU 25/1992: 6 months after 31 Dec)."""
    return dt.date(tahun + 1, RAT_BATAS_BULAN, 30)


RAT_TEPAT = Q(tanggal_rat__year__lte=F("tahun")) | Q(
    tanggal_rat__year=F("tahun") + 1, tanggal_rat__month__lte=RAT_BATAS_BULAN
)

_TERTUNDA: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("agregat_tertunda", default=None)


def tandai(kabupaten: Iterable[str]) -> None:
    """Rebuild these kabupaten/kota now, or at the end of the enclosing :func:`tunda` block."""
    kabs = {k for k in kabupaten if k}
    pending = _TERTUNDA.get()
    if pending is not None:
        pending.update(kabs)
    elif kabs:
        segarkan(kabs)


@contextmanager
def tunda() -> Iterator[None]:
    """Collect the marks of a bulk write; rebuild each kabupaten/kota once when it ends."""
    if _TERTUNDA.get() is not None:
        yield
        return
    pending: set[str] = set()
    token = _TERTUNDA.set(pending)
    try:
        yield
    finally:
        _TERTUNDA.reset(token)
    segarkan(pending)


def segarkan(kabupaten: Iterable[str], *, hari_ini: dt.date | None = None) -> None:
    """Rebuild the aggregates of these kabupaten/kota from the source rows."""
    hari_ini = hari_ini or timezone.localdate()
    with transaction.atomic():
        for kab in sorted(set(kabupaten)):  # one order for every writer: no lock cycles
            _kunci(kab)
            bulan_ini = _register(kab, hari_ini)
            _tahunan(kab, hari_ini)
            riwayat.segarkan(kab, hari_ini, bulan_ini)


def segarkan_semua(*, hari_ini: dt.date | None = None) -> list[str]:
    """Rebuild every kabupaten/kota that has cooperatives or had aggregates."""
    kabs = set(Koperasi.objects.values_list("kabupaten_kode", flat=True).distinct())
    kabs |= set(AgregatKabupaten.objects.values_list("kabupaten_kode", flat=True))
    segarkan(kabs, hari_ini=hari_ini)
    return sorted(kabs)


def versi_baru(wilayah_kode: str) -> None:
    """Figures the dashboard reads beside the aggregates changed in this region (trainings,
    final health assessments): give the kabupaten/kota whose dashboards show them a new
    version (``dasbor.versi``), so the charts' cache renders them again. The figures stay
    where they are (a small grouped read when the charts are rendered)."""
    kabs = [wilayah_kode] if "." in wilayah_kode else [w.kode for w in regions.children(wilayah_kode)]
    with transaction.atomic():
        for kab in sorted(kabs):
            _kunci(kab)


def _kunci(kab: str) -> None:
    """Take the kabupaten/kota's row lock (UPDATE holds it to the end of the transaction)."""
    now = timezone.now()
    AgregatKabupaten.objects.bulk_create([AgregatKabupaten(kabupaten_kode=kab, diperbarui=now)], ignore_conflicts=True)
    AgregatKabupaten.objects.filter(pk=kab).update(diperbarui=now)


def _register(kab: str, hari_ini: dt.date) -> riwayat.Hitungan:
    """Rebuild the registry counts; return this month's ladder snapshot of the kabupaten/kota,
    counted from the same grouped rows (the cooperatives existing by today, ``riwayat.ada_pada``)."""
    counts: Counter[tuple[str, str, bool, int, int]] = Counter()
    bulan_ini = [0] * len(digital_mod.LEVELS)
    base = Koperasi.objects.filter(kabupaten_kode=kab).annotate(
        ada=ExpressionWrapper(riwayat.ada_pada(hari_ini), output_field=BooleanField())
    )
    # Manual cooperatives are level 0 without looking at members, savings or books.
    for r in base.filter(digital=False).values("jenis", "status", "ada").annotate(n=Count("id")).order_by():
        counts[(r["jenis"], r["status"], False, 0, 0)] += r["n"]
        bulan_ini[digital_mod.MANUAL] += r["n"] if r["ada"] else 0
    digital = selectors.dengan_fakta_digital(base.filter(digital=True), hari_ini=hari_ini)
    grouped = (
        digital.annotate(th=ExtractYear("digital_sejak"))
        .values("jenis", "status", "th", "ada", *selectors.FAKTA_DIGITAL)
        .annotate(n=Count("id"))
        .order_by()
    )
    for r in grouped:
        level = selectors.tingkat_dari_fakta(r).level
        counts[(r["jenis"], r["status"], True, r["th"] or 0, level)] += r["n"]
        bulan_ini[level] += r["n"] if r["ada"] else 0
    AgregatRegister.objects.filter(kabupaten_kode=kab).delete()
    AgregatRegister.objects.bulk_create(
        AgregatRegister(
            kabupaten_kode=kab, jenis=jenis, status=status, digital=dig, tahun_digital=th, tingkat=level, jumlah=n
        )
        for (jenis, status, dig, th, level), n in counts.items()
    )
    return {kab: bulan_ini}


TAHUN_WAJIB = 6  # book years back from last year for which "obliged to report" is counted


def _wajib_q(tahun_field: str = "tahun") -> Q:
    """Obliged to report the book year (``province.rat.wajib_lapor``): not dissolved and a legal
    entity by 31 December of that year."""
    return ~Q(koperasi__status=StatusKoperasi.DIBUBARKAN) & (
        Q(koperasi__tanggal_badan_hukum__isnull=True) | Q(koperasi__tanggal_badan_hukum__year__lte=F(tahun_field))
    )


def _tahunan(kab: str, hari_ini: dt.date) -> None:
    rows = (
        LaporanTahunan.objects.filter(koperasi__kabupaten_kode=kab, status__in=STATUS_DIHITUNG)
        .values("koperasi__jenis", "koperasi__status", "tahun")
        .annotate(
            laporan=Count("id"),
            pria=Sum("anggota_pria"),
            wanita=Sum("anggota_wanita"),
            aset_sum=Sum("aset"),
            volume_sum=Sum("volume_usaha"),
            shu_sum=Sum("shu"),
            tepat=Count("id", filter=_wajib_q() & Q(tanggal_rat__isnull=False) & RAT_TEPAT),
            lapor=Count("id", filter=_wajib_q()),
        )
        .order_by()
    )
    out: dict[tuple[str, str, int], AgregatTahunan] = {}
    for r in rows:
        key = (r["koperasi__jenis"], r["koperasi__status"], r["tahun"])
        out[key] = AgregatTahunan(
            kabupaten_kode=kab,
            jenis=key[0],
            status=key[1],
            tahun=key[2],
            laporan=r["laporan"],
            anggota_pria=r["pria"] or 0,
            anggota_wanita=r["wanita"] or 0,
            aset=r["aset_sum"] or 0,
            volume_usaha=r["volume_sum"] or 0,
            shu=r["shu_sum"] or 0,
            rat_tepat=r["tepat"],
            rat_lapor=r["lapor"],
        )
    tahun_laporan = {k[2] for k in out}
    for tahun in tahun_laporan | set(range(hari_ini.year - TAHUN_WAJIB, hari_ini.year)):
        # Who is obliged to report and who has not reported two years running, classified by
        # ``province.rat`` itself (one grouped query per year): the dashboard's count is the list's.
        qs = rat.dengan_kelas(Koperasi.objects.filter(kabupaten_kode=kab), tahun).order_by()
        kelas = qs.values("jenis", "status", "rat_kelas").annotate(n=Count("id"))  # type: ignore[misc]
        for w in kelas:
            key = (w["jenis"], w["status"], tahun)
            row = out.setdefault(key, AgregatTahunan(kabupaten_kode=kab, jenis=key[0], status=key[1], tahun=tahun))
            row.wajib += w["n"]
            if w["rat_kelas"] == rat.DUA_TAHUN:
                row.rat_dua_tahun += w["n"]
    AgregatTahunan.objects.filter(kabupaten_kode=kab).delete()
    AgregatTahunan.objects.bulk_create(out.values())


# --- the history of the digital ladder ----------------------------------------------------------

RIWAYAT_URUTAN = _("Bulan awal riwayat tingkat digital harus sebelum tanggal akhirnya.")
RIWAYAT_MASA_DEPAN = _("Riwayat tingkat digital tidak dapat dihitung untuk tanggal yang belum tiba.")


def riwayat_tingkat_isi(*, sejak: dt.date, sampai: dt.date) -> int:
    """Fill the digital ladder's monthly history (``RiwayatTingkat``) of every kabupaten/kota
    from ``sejak``'s month to ``sampai``'s: each month as of its last day (``sampai`` itself for
    its month), from the rows as they stood then (``province.riwayat``). Months already there
    are replaced. Returns the number of months written.

    Computed first (two grouped queries a month over the province), then written in one short
    transaction holding every kabupaten/kota's lock, which also renews the dashboard's cache."""
    if sejak > sampai:
        raise ValueError(str(RIWAYAT_URUTAN))
    if sampai > timezone.localdate():
        raise ValueError(str(RIWAYAT_MASA_DEPAN))
    hari = digital_mod.akhir_bulan_antara(sejak, sampai)
    hasil = [(h, riwayat.hitung(Koperasi.objects.all(), h)) for h in hari]
    kabs = set(Koperasi.objects.values_list("kabupaten_kode", flat=True).distinct())
    kabs |= set(AgregatKabupaten.objects.values_list("kabupaten_kode", flat=True))
    kabs.discard("")
    with transaction.atomic():
        for kab in sorted(kabs):
            _kunci(kab)
        for h, hitungan in hasil:
            riwayat.tulis(hitungan, kabupaten=kabs, per=h)
    return len(hari)


def riwayat_awal() -> dt.date:
    """The first month worth a history: the month the first cooperative came onto Gotong
    (this month when none has a date)."""
    pertama = Koperasi.objects.filter(digital=True, digital_sejak__isnull=False).order_by("digital_sejak")
    tanggal = pertama.values_list("digital_sejak", flat=True).first() or timezone.localdate()
    return tanggal.replace(day=1)
