"""Reads for the Dinas: the registry of cooperatives in its region."""

from typing import Any

from django.db.models import Count, Q

from gotong.core import regions
from gotong.tenancy.models import Koperasi, KoperasiQuerySet


def registry(*, wilayah: str, filters: dict[str, Any]) -> KoperasiQuerySet:
    qs = Koperasi.objects.in_region(wilayah)
    if filters.get("kabupaten"):
        qs = qs.filter(kabupaten_kode=filters["kabupaten"])
    if filters.get("digital") in ("1", "0"):
        qs = qs.filter(digital=filters["digital"] == "1")
    if filters.get("jenis"):
        qs = qs.filter(jenis=filters["jenis"])
    if filters.get("q"):
        qs = qs.filter(Q(nama__icontains=filters["q"]) | Q(nomor_badan_hukum__icontains=filters["q"]))
    return qs.order_by("kabupaten_kode", "nama")


def per_kabupaten(*, wilayah: str) -> list[dict[str, Any]]:
    """Cooperatives per kabupaten/kota: total, digital, manual."""
    rows = (
        Koperasi.objects.in_region(wilayah)
        .values("kabupaten_kode")
        .annotate(total=Count("id"), digital=Count("id", filter=Q(digital=True)))
        .order_by("kabupaten_kode")
    )
    return [{**r, "manual": r["total"] - r["digital"], "nama": regions.nama(r["kabupaten_kode"])} for r in rows]
