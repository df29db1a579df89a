"""Reads for members: the register with its search and filters, the review queue."""

from typing import Any

from django.db.models import Count, Q

from gotong.core import regions
from gotong.members.models import Anggota, AnggotaQuerySet, PengajuanKeluar, StatusAnggota, StatusPengajuanKeluar
from gotong.tenancy.models import Koperasi

REGISTER_COLUMNS = ["id", "nomor_anggota", "nama", "nik", "jenis_kelamin", "desa_kode", "tanggal_masuk", "status", "telepon"]


def anggota_register(*, koperasi: Koperasi, filters: dict[str, Any]) -> AnggotaQuerySet:
    """Members of the register matching the search box and filters, in name order."""
    qs = Anggota.objects.for_koperasi(koperasi).terdaftar()
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("tahun"):
        qs = qs.filter(tanggal_masuk__year=filters["tahun"])
    if filters.get("jenis_kelamin"):
        qs = qs.filter(jenis_kelamin=filters["jenis_kelamin"])
    if filters.get("desa"):
        desa = filters["desa"]
        codes = [desa] if regions.is_level(desa, 4) else regions.search_desa(desa)
        qs = qs.filter(desa_kode__in=codes)
    if filters.get("q"):
        qs = qs.search(filters["q"])
    return qs.only(*REGISTER_COLUMNS).order_by("nama", "id")


def anggota_calon(*, koperasi: Koperasi) -> AnggotaQuerySet:
    return Anggota.objects.for_koperasi(koperasi).calon().order_by("tanggal_daftar", "id")


def pengajuan_keluar_terbuka(*, koperasi: Koperasi) -> Any:
    return (
        PengajuanKeluar.objects.filter(koperasi=koperasi, status=StatusPengajuanKeluar.DIAJUKAN)
        .select_related("anggota")
        .order_by("diajukan_pada")
    )


def ringkasan_anggota(*, koperasi: Koperasi) -> dict[str, int]:
    """Counts for the dashboard: active, applicants, exited, men, women."""
    return Anggota.objects.for_koperasi(koperasi).aggregate(
        aktif=Count("id", filter=Q(status=StatusAnggota.AKTIF)),
        calon=Count("id", filter=Q(status=StatusAnggota.CALON)),
        keluar=Count("id", filter=Q(status=StatusAnggota.KELUAR)),
        laki=Count("id", filter=Q(status=StatusAnggota.AKTIF, jenis_kelamin="L")),
        perempuan=Count("id", filter=Q(status=StatusAnggota.AKTIF, jenis_kelamin="P")),
    )


def desa_anggota(*, koperasi: Koperasi) -> list[tuple[str, str]]:
    """Desa where the koperasi has members, for the filter list."""
    codes = (
        Anggota.objects.for_koperasi(koperasi).terdaftar().values_list("desa_kode", flat=True).distinct().order_by()
    )
    return sorted(((c, regions.nama(c)) for c in codes), key=lambda item: item[1])
