"""Reads for the Dinas: the registry of cooperatives in its region."""

import datetime as dt
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gotong.core import regions
from gotong.ledger.models import Periode
from gotong.members.models import Anggota, StatusAnggota
from gotong.province import digital, rat
from gotong.province.digital import TingkatDigital
from gotong.province.registry import Terdaftar
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
# The facts are correlated EXISTS annotations: one query for any number of cooperatives.


FAKTA_DIGITAL = ("dg_anggota", "dg_simpanan", "dg_buku")


def dengan_fakta_digital(qs: KoperasiQuerySet, *, hari_ini: dt.date | None = None) -> KoperasiQuerySet:
    """Annotate ``dg_anggota``, ``dg_simpanan`` and ``dg_buku`` (booleans) on each cooperative."""
    hari_ini = hari_ini or timezone.localdate()
    bulan = reduce(or_, (Q(tahun=t, bulan=b) for t, b in digital.bulan_buku(hari_ini)))
    kop = OuterRef("pk")
    return qs.annotate(
        dg_anggota=Exists(Anggota.objects.filter(koperasi=kop, status=StatusAnggota.AKTIF)),
        dg_simpanan=Exists(
            MutasiSimpanan.objects.filter(
                koperasi=kop, tanggal__gte=digital.simpanan_sejak(hari_ini), tanggal__lte=hari_ini
            )
        ),
        dg_buku=Exists(Periode.objects.filter(bulan, koperasi=kop, ditutup=True)),
    )


def _tingkat(*, is_digital: bool, anggota: bool, simpanan: bool, buku: bool) -> TingkatDigital:
    return digital.tingkat(digital=is_digital, anggota_aktif=anggota, simpanan=simpanan, buku=buku)


def tingkat_digital(koperasi: Koperasi) -> TingkatDigital:
    """The level of a cooperative fetched through :func:`dengan_fakta_digital` (no query)."""
    k: Any = koperasi
    return _tingkat(is_digital=k.digital, anggota=k.dg_anggota, simpanan=k.dg_simpanan, buku=k.dg_buku)


def tingkat_satu(koperasi: Koperasi, *, hari_ini: dt.date | None = None) -> TingkatDigital:
    """The level of one cooperative (one query)."""
    qs = dengan_fakta_digital(Koperasi.objects.filter(pk=koperasi.pk), hari_ini=hari_ini)
    return tingkat_digital(qs.get())


def tingkat_banyak(koperasi: list[Koperasi], *, hari_ini: dt.date | None = None) -> dict[int, TingkatDigital]:
    """Levels of many cooperatives by pk, in one query whatever their number."""
    qs = dengan_fakta_digital(Koperasi.objects.filter(pk__in=[k.pk for k in koperasi]), hari_ini=hari_ini)
    return {k.pk: tingkat_digital(k) for k in qs.only("pk", "digital")}


def tingkat_per_kabupaten(*, wilayah: str, hari_ini: dt.date | None = None) -> list[dict[str, Any]]:
    """Cooperatives per kabupaten/kota and digital level, one grouped query.

    Each row: ``kabupaten_kode``, ``nama``, ``levels`` (counts for levels 0..4) and ``total``.
    """
    qs = dengan_fakta_digital(Koperasi.objects.in_region(wilayah), hari_ini=hari_ini)
    grouped = qs.values("kabupaten_kode", "digital", *FAKTA_DIGITAL).annotate(n=Count("id")).order_by("kabupaten_kode")
    per_kab: dict[str, list[int]] = {}
    for r in grouped:
        level = _tingkat(
            is_digital=r["digital"], anggota=r["dg_anggota"], simpanan=r["dg_simpanan"], buku=r["dg_buku"]
        ).level
        per_kab.setdefault(r["kabupaten_kode"], [0] * len(digital.LEVELS))[level] += r["n"]
    return [
        {"kabupaten_kode": kab, "nama": regions.nama(kab), "levels": levels, "total": sum(levels)}
        for kab, levels in sorted(per_kab.items())
    ]
