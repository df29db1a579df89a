"""Reads for the Dinas: the registry of cooperatives in its region."""

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import BooleanField, Count, DateField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gotong.core import regions
from gotong.ledger.models import Periode
from gotong.loans.models import PembayaranPinjaman, Pinjaman
from gotong.members.models import Anggota, StatusAnggota
from gotong.province import digital, rat
from gotong.province.digital import TingkatDigital
from gotong.province.registry import Terdaftar
from gotong.reports.models import TahunBuku
from gotong.savings.models import MutasiSimpanan
from gotong.tenancy.models import Koperasi, KoperasiQuerySet

FILTERS = ("q", "kabupaten", "kecamatan", "jenis", "status", "digital", "rat", "kesehatan")


def registry(*, wilayah: str, filters: dict[str, Any]) -> KoperasiQuerySet:
    qs = Koperasi.objects.in_region(wilayah)
    if filters.get("kabupaten"):
        qs = qs.filter(kabupaten_kode=filters["kabupaten"])
    if filters.get("kecamatan"):
        qs = qs.filter(kecamatan_kode=filters["kecamatan"])
    if filters.get("digital") in ("1", "0"):
        qs = qs.filter(digital=filters["digital"] == "1")
    if filters.get("jenis"):
        qs = qs.filter(jenis=filters["jenis"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("rat") in rat.KELAS:  # RAT compliance of the latest book year past its deadline
        tahun = rat.tahun_default(timezone.localdate())
        qs = rat.dengan_kelas(qs, tahun).filter(Q(rat_kelas=filters["rat"]))
    if filters.get("kesehatan"):  # health band of the latest final assessment (province.kesehatan)
        from gotong.province.kesehatan import filter_predikat

        qs = filter_predikat(qs, filters["kesehatan"])
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(Q(nama__icontains=q) | Q(nomor_badan_hukum__icontains=q) | Q(nik_koperasi=q))
    return qs.order_by("kabupaten_kode", "nama")


def koperasi_of_region(*, wilayah: str, pk: int) -> Koperasi:
    """One cooperative of the officer's region, or 404 — never another kab/kota's."""
    return get_object_or_404(Koperasi.objects.in_region(wilayah), pk=pk)


def terdaftar(*, provinsi: str = regions.BANTEN, kecuali: int | None = None) -> Terdaftar:
    """NIK koperasi and badan hukum numbers already used in the province (both unique there)."""
    qs = Koperasi.objects.filter(provinsi_kode=provinsi)
    if kecuali is not None:
        qs = qs.exclude(pk=kecuali)
    nik = dict(qs.exclude(nik_koperasi="").values_list("nik_koperasi", "nama"))
    bh = dict(qs.exclude(nomor_badan_hukum="").values_list("nomor_badan_hukum", "nama"))
    return Terdaftar(nik=nik, badan_hukum=bh)


def per_kabupaten(*, wilayah: str) -> list[dict[str, Any]]:
    """Cooperatives per kabupaten/kota: total, digital, manual."""
    rows = (
        Koperasi.objects.in_region(wilayah)
        .values("kabupaten_kode")
        .annotate(total=Count("id"), digital=Count("id", filter=Q(digital=True)))
        .order_by("kabupaten_kode")
    )
    return [{**r, "manual": r["total"] - r["digital"], "nama": regions.nama(r["kabupaten_kode"])} for r in rows]


# --- the digital-level ladder (see ``province.digital``) ----------------------------------
# The facts are correlated EXISTS annotations: one query for any number of cooperatives. Each
# fact is read as it stood at the end of ``hari_ini``, so one function serves today's level and
# a past month-end's (the history in ``province.riwayat``): rows dated after that day, members
# admitted after it, months and book years closed after it do not count.


FAKTA_DIGITAL = ("dg_digital", "dg_anggota", "dg_simpanan", "dg_pinjaman", "dg_buku", "dg_rat")


def akhir_hari(hari: dt.date) -> dt.datetime:
    """The first instant after ``hari`` in the site's time zone (for ``ditutup_pada`` stamps)."""
    return timezone.make_aware(dt.datetime.combine(hari + dt.timedelta(days=1), dt.time.min))


def anggota_aktif_pada(hari: dt.date) -> Q:
    """Members active at the end of ``hari``: active now and admitted by then (an active member
    without an admission date counts), or since left but admitted by then and left after it."""
    masuk = Q(tanggal_masuk__lte=hari)
    return Q(status=StatusAnggota.AKTIF) & (masuk | Q(tanggal_masuk__isnull=True)) | Q(
        masuk, status=StatusAnggota.KELUAR, tanggal_keluar__gt=hari
    )


def dengan_fakta_digital(qs: KoperasiQuerySet, *, hari_ini: dt.date | None = None) -> KoperasiQuerySet:
    """Annotate the facts of :data:`FAKTA_DIGITAL` (booleans) on each cooperative, as they stood
    at the end of ``hari_ini`` (default today).

    ``dg_digital`` on Gotong by then (``digital_sejak`` on or before it; unknown counts) ·
    ``dg_anggota`` a member active then · ``dg_simpanan`` a savings movement and ``dg_pinjaman``
    a loan disbursed or a loan payment in the 90 days up to it · ``dg_buku`` one of the 3
    months before it closed by then · ``dg_rat`` one of the 2 book years before it closed by
    then. A ``ditutup_pada`` left empty (rows closed by hand) counts as closed."""
    hari_ini = hari_ini or timezone.localdate()
    mulai, akhir = digital.jendela_mulai(hari_ini), akhir_hari(hari_ini)
    bulan = reduce(or_, (Q(tahun=t, bulan=b) for t, b in digital.bulan_buku(hari_ini)))
    ditutup_by = Q(ditutup=True) & (Q(ditutup_pada__isnull=True) | Q(ditutup_pada__lt=akhir))
    kop = OuterRef("pk")
    jendela = {"tanggal__gte": mulai, "tanggal__lte": hari_ini}
    dicairkan = Pinjaman.objects.filter(koperasi=kop, tanggal_cair__gte=mulai, tanggal_cair__lte=hari_ini)
    dibayar = PembayaranPinjaman.objects.filter(koperasi=kop, **jendela)
    return qs.annotate(
        dg_digital=ExpressionWrapper(
            Q(digital=True) & (Q(digital_sejak__isnull=True) | Q(digital_sejak__lte=hari_ini)),
            output_field=BooleanField(),
        ),
        dg_anggota=Exists(Anggota.objects.filter(anggota_aktif_pada(hari_ini), koperasi=kop)),
        dg_simpanan=Exists(MutasiSimpanan.objects.filter(koperasi=kop, **jendela)),
        dg_pinjaman=ExpressionWrapper(Q(Exists(dicairkan)) | Q(Exists(dibayar)), output_field=BooleanField()),
        dg_buku=Exists(Periode.objects.filter(bulan, ditutup_by, koperasi=kop)),
        dg_rat=Exists(TahunBuku.objects.filter(ditutup_by, koperasi=kop, tahun__in=digital.tahun_rat(hari_ini))),
    )


def tingkat_dari_fakta(fakta: Any) -> TingkatDigital:
    """The level from a row of facts: a cooperative annotated by :func:`dengan_fakta_digital`
    or a ``values()`` dict holding :data:`FAKTA_DIGITAL`."""

    def get(name: str) -> bool:
        return bool(fakta[name] if isinstance(fakta, dict) else getattr(fakta, name))

    return digital.tingkat(
        digital=get("dg_digital"),
        anggota_aktif=get("dg_anggota"),
        simpanan=get("dg_simpanan"),
        pinjaman=get("dg_pinjaman"),
        buku=get("dg_buku"),
        rat=get("dg_rat"),
    )


def tingkat_digital(koperasi: Koperasi) -> TingkatDigital:
    """The level of a cooperative fetched through :func:`dengan_fakta_digital` (no query)."""
    return tingkat_dari_fakta(koperasi)


def tingkat_satu(koperasi: Koperasi, *, hari_ini: dt.date | None = None) -> TingkatDigital:
    """The level of one cooperative (one query)."""
    qs = dengan_fakta_digital(Koperasi.objects.filter(pk=koperasi.pk), hari_ini=hari_ini)
    return tingkat_digital(qs.get())


def tingkat_banyak(koperasi: list[Koperasi], *, hari_ini: dt.date | None = None) -> dict[int, TingkatDigital]:
    """Levels of many cooperatives by pk, in one query whatever their number."""
    qs = dengan_fakta_digital(Koperasi.objects.filter(pk__in=[k.pk for k in koperasi]), hari_ini=hari_ini)
    return {k.pk: tingkat_digital(k) for k in qs.only("pk", "digital", "digital_sejak")}


def tingkat_per_kabupaten(*, wilayah: str, hari_ini: dt.date | None = None) -> list[dict[str, Any]]:
    """Cooperatives per kabupaten/kota and digital level, one grouped query.

    Each row: ``kabupaten_kode``, ``nama``, ``levels`` (counts for levels 0..4) and ``total``.
    """
    qs = dengan_fakta_digital(Koperasi.objects.in_region(wilayah), hari_ini=hari_ini)
    grouped = qs.values("kabupaten_kode", *FAKTA_DIGITAL).annotate(n=Count("id")).order_by("kabupaten_kode")
    per_kab: dict[str, list[int]] = {}
    for r in grouped:
        level = tingkat_dari_fakta(r).level
        per_kab.setdefault(r["kabupaten_kode"], [0] * len(digital.LEVELS))[level] += r["n"]
    return [
        {"kabupaten_kode": kab, "nama": regions.nama(kab), "levels": levels, "total": sum(levels)}
        for kab, levels in sorted(per_kab.items())
    ]


RIWAYAT_KOPERASI_BULAN = 24


@dataclass(frozen=True)
class PerubahanTingkat:
    """A month-end at which a cooperative stood on another level than the month before."""

    per: dt.date
    dari: int | None  # None: the first month shown
    ke: TingkatDigital

    @property
    def naik(self) -> bool:
        return self.dari is None or self.ke.level > self.dari


def riwayat_koperasi(
    koperasi: Koperasi, *, hari_ini: dt.date | None = None, bulan: int = RIWAYAT_KOPERASI_BULAN
) -> list[PerubahanTingkat]:
    """The months in which one cooperative's level changed, newest first: its level at each of
    the last ``bulan`` month-ends (since it came onto Gotong) and today, computed from the rows
    as they stood then in one query (a UNION of one row per month-end). Empty for a manual one."""
    hari_ini = hari_ini or timezone.localdate()
    if not koperasi.digital:
        return []
    indeks = hari_ini.year * 12 + hari_ini.month - 1 - (bulan - 1)
    mulai = dt.date(indeks // 12, indeks % 12 + 1, 1)
    if koperasi.digital_sejak and koperasi.digital_sejak > mulai:
        mulai = koperasi.digital_sejak
    hari = digital.akhir_bulan_antara(min(mulai, hari_ini), hari_ini)
    satu = Koperasi.objects.filter(pk=koperasi.pk).order_by()
    per_hari = [
        dengan_fakta_digital(satu, hari_ini=h).annotate(per=Cast(Value(h), DateField())).values("per", *FAKTA_DIGITAL)
        for h in hari
    ]
    rows = sorted(per_hari[0].union(*per_hari[1:], all=True), key=lambda r: r["per"])
    out: list[PerubahanTingkat] = []
    sebelum: int | None = None
    for r in rows:
        t = tingkat_dari_fakta(r)
        if t.level != sebelum:
            out.append(PerubahanTingkat(per=r["per"], dari=sebelum, ke=t))
            sebelum = t.level
    return out[::-1]
