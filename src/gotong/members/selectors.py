"""Reads for members: the register with its search and filters, the review queue."""

from typing import Any, cast

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from gotong.core import regions
from gotong.core.pagination import BoundedPaginator
from gotong.members.models import Anggota, AnggotaQuerySet, PengajuanKeluar, StatusAnggota, StatusPengajuanKeluar
from gotong.tenancy.models import Koperasi

REGISTER_COLUMNS = [
    "id",
    "nomor_anggota",
    "nama",
    "nik",
    "jenis_kelamin",
    "desa_kode",
    "tanggal_masuk",
    "status",
    "telepon",
]


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


REGISTER_PAGE_SIZE = 25


def anggota_register_page(
    *, koperasi: Koperasi, filters: dict[str, Any], nomor: Any, per_halaman: int | None = None
) -> Page:
    """One page of the register. A search counts at most 250 matches (a common name in a
    large koperasi must not read every match); the plain register keeps its exact total."""
    rows = anggota_register(koperasi=koperasi, filters=filters)
    size = per_halaman or REGISTER_PAGE_SIZE
    paginator = BoundedPaginator(rows, size) if filters.get("q") else Paginator(rows, size)
    return paginator.get_page(nomor)


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


DESA_CACHE_SECONDS = 600


def desa_anggota(*, koperasi: Koperasi) -> list[tuple[str, str]]:
    """Desa where the koperasi has members, for the filter list. A DISTINCT over every
    member costs tens of milliseconds in a large koperasi, so the list is cached for ten
    minutes; a member in a new desa appears in the list within that time."""

    def load() -> list[tuple[str, str]]:
        codes = Anggota.objects.for_koperasi(koperasi).terdaftar().values_list("desa_kode", flat=True)
        return sorted(((c, regions.nama(c)) for c in set(codes.distinct().order_by())), key=lambda item: item[1])

    return cast(list[tuple[str, str]], cache.get_or_set(f"desa-anggota:{koperasi.pk}", load, DESA_CACHE_SECONDS))
