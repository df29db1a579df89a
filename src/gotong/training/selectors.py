"""Reads for trainings and mentoring, always within the officer's region."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from gotong.accounts.models import User
from gotong.tenancy.models import Koperasi, PeranDinas
from gotong.training.models import Kegiatan, Pendampingan, Peserta


def kegiatan_list(*, wilayah: str, q: str = "", status: str = "") -> QuerySet[Kegiatan]:
    rows = Kegiatan.objects.for_wilayah(wilayah).annotate(
        jumlah_peserta=Count("peserta"), jumlah_hadir=Count("peserta", filter=Q(peserta__hadir_pada__isnull=False))
    )
    rows = rows.order_by("-mulai", "-id")
    if q:
        rows = rows.filter(judul__icontains=q)
    if status:
        rows = rows.filter(status=status)
    return rows


def peserta_rekap(*, kegiatan: Kegiatan) -> list[dict[str, Any]]:
    """Participants by cooperative and role (registered and present)."""
    rows = (
        kegiatan.peserta.values("koperasi__nama", "koperasi_lainnya", "peran")
        .annotate(daftar=Count("id"), hadir=Count("id", filter=Q(hadir_pada__isnull=False)))
        .order_by("koperasi__nama", "koperasi_lainnya", "peran")
    )
    return [{**r, "koperasi": r["koperasi__nama"] or r["koperasi_lainnya"]} for r in rows]


def peserta_untuk_checkin(*, wilayah: str, token: str) -> Peserta | None:
    kegiatan = Kegiatan.objects.for_wilayah(wilayah)
    return Peserta.objects.select_related("kegiatan").filter(kegiatan__in=kegiatan, token=token).first()


def koperasi_di_wilayah(wilayah: str) -> QuerySet[Koperasi]:
    return Koperasi.objects.in_region(wilayah)


def koperasi_provinsi(kegiatan: Kegiatan) -> QuerySet[Koperasi]:
    return Koperasi.objects.filter(provinsi_kode=kegiatan.wilayah_kode[:2], aktif=True).only("pk", "nama")


def pendamping_di_wilayah(wilayah: str) -> QuerySet[User]:
    """Dinas officers of this office and the offices below it (the mentors to choose from)."""
    kode = Q(wilayah_kode=wilayah) if "." in wilayah else Q(wilayah_kode__startswith=wilayah)
    ids = PeranDinas.objects.filter(kode, aktif=True).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("nama_lengkap")


def pendampingan_list(*, wilayah: str, koperasi: Koperasi | None = None) -> QuerySet[Pendampingan]:
    rows = Pendampingan.objects.for_wilayah(wilayah).select_related("koperasi", "mentor")
    rows = rows.annotate(
        jumlah_tl=Count("tindak_lanjut"), tl_terbuka=Count("tindak_lanjut", filter=Q(tindak_lanjut__status="terbuka"))
    )
    rows = rows.order_by("-tanggal", "-id")
    return rows.filter(koperasi=koperasi) if koperasi is not None else rows
