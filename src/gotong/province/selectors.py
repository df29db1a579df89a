"""Reads for the Dinas: the registry of cooperatives in its region."""

from typing import Any

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from gotong.core import regions
from gotong.province.registry import Terdaftar
from gotong.tenancy.models import Koperasi, KoperasiQuerySet

FILTERS = ("q", "kabupaten", "kecamatan", "jenis", "status", "digital")


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
