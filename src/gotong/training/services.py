"""Writes for trainings and mentoring: each under one transaction with its audit row."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from gotong.core.audit import audit_changes, audit_record, snapshot
from gotong.notifications.models import Pesan, Saluran
from gotong.notifications.services import pesan_antrikan
from gotong.training.models import (
    Kegiatan,
    Pendampingan,
    Peserta,
    Sertifikat,
    StatusKegiatan,
    StatusTindakLanjut,
    TindakLanjut,
)
from gotong.training.signals import angka_berubah

KUOTA_PENUH = "Maaf, kuota peserta kegiatan ini sudah penuh."
PENDAFTARAN_DITUTUP = "Pendaftaran kegiatan ini sudah ditutup."
TELEPON_SUDAH_TERDAFTAR = "Nomor ini sudah terdaftar untuk kegiatan ini."
BELUM_ADA_YANG_HADIR = "Belum ada peserta yang hadir; sertifikat hanya untuk peserta yang hadir."
KEGIATAN_FIELDS = [
    "jenis",
    "judul",
    "deskripsi",
    "mulai",
    "selesai",
    "tempat",
    "tautan_daring",
    "kapasitas",
    "sasaran",
    "status",
]


def kegiatan_buat(*, data: dict[str, Any], wilayah_kode: str, aktor: Any) -> Kegiatan:
    with transaction.atomic():
        kegiatan = Kegiatan.objects.create(**data, wilayah_kode=wilayah_kode, dibuat_oleh=aktor)
        audit_record(koperasi=None, aktor=aktor, aksi="kegiatan.buat", objek=kegiatan, sesudah=snapshot(kegiatan))
        _angka_berubah(kegiatan)
        return kegiatan


def _angka_berubah(kegiatan: Kegiatan) -> None:
    angka_berubah.send(sender=Kegiatan, wilayah_kode=kegiatan.wilayah_kode)


def kegiatan_ubah(*, kegiatan: Kegiatan, data: dict[str, Any], aktor: Any) -> Kegiatan:
    with transaction.atomic():
        kegiatan = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
        if data.get("kapasitas", kegiatan.kapasitas) < kegiatan.peserta.count():
            raise ValidationError({"kapasitas": "Kapasitas tidak boleh kurang dari jumlah peserta terdaftar."})
        sebelum = snapshot(kegiatan, KEGIATAN_FIELDS)
        for field, value in data.items():
            setattr(kegiatan, field, value)
        kegiatan.save()
        sesudah = snapshot(kegiatan, KEGIATAN_FIELDS)
        audit_changes(
            koperasi=None, aktor=aktor, aksi="kegiatan.ubah", objek=kegiatan, sebelum=sebelum, sesudah=sesudah
        )
        _angka_berubah(kegiatan)
        return kegiatan


def peserta_daftar(*, kegiatan: Kegiatan, data: dict[str, Any]) -> Peserta:
    """Register one person; refuses when closed, full, or the phone is already registered.

    The event row is locked first so two people cannot take the last seat at once.
    """
    with transaction.atomic():
        kegiatan = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
        if kegiatan.status != StatusKegiatan.TERBUKA:
            raise ValidationError(PENDAFTARAN_DITUTUP)
        if kegiatan.peserta.filter(telepon=data["telepon"]).exists():
            raise ValidationError({"telepon": TELEPON_SUDAH_TERDAFTAR})
        if kegiatan.peserta.count() >= kegiatan.kapasitas:
            raise ValidationError(KUOTA_PENUH)
        try:
            with transaction.atomic():
                peserta = Peserta.objects.create(kegiatan=kegiatan, **data)
        except IntegrityError as exc:
            raise ValidationError({"telepon": TELEPON_SUDAH_TERDAFTAR}) from exc
        _pesan(peserta, "Pendaftaran diterima", "training/pesan/konfirmasi.txt")
        return peserta


def _pesan(peserta: Peserta, subjek: str, template: str) -> Pesan:
    isi = render_to_string(template, {"peserta": peserta, "kegiatan": peserta.kegiatan})
    saluran, tujuan = (Saluran.EMAIL, peserta.email) if peserta.email else (Saluran.WHATSAPP, peserta.telepon)
    return pesan_antrikan(
        koperasi=None, saluran=saluran, tujuan=tujuan, subjek=f"{subjek}: {peserta.kegiatan}", isi=isi
    )


def pengingat_antrikan(*, besok: dt.date) -> int:
    """Queue one reminder per participant of open events starting on ``besok`` (WIB).

    ``pengingat_pada`` is set in the same transaction, so a second run sends nothing.
    """
    tz = timezone.get_current_timezone()
    awal = dt.datetime.combine(besok, dt.time.min, tzinfo=tz)
    akhir = awal + dt.timedelta(days=1)
    jumlah = 0
    with transaction.atomic():
        peserta = (
            Peserta.objects.select_for_update()
            .select_related("kegiatan")
            .filter(
                kegiatan__status=StatusKegiatan.TERBUKA,
                kegiatan__mulai__gte=awal,
                kegiatan__mulai__lt=akhir,
                pengingat_pada__isnull=True,
            )
        )
        for p in peserta.iterator(chunk_size=500):
            _pesan(p, "Pengingat kegiatan besok", "training/pesan/pengingat.txt")
            jumlah += 1
        peserta.update(pengingat_pada=timezone.now())
    return jumlah


def kehadiran_catat(*, kegiatan: Kegiatan, tampil: set[int], hadir: set[int], aktor: Any) -> int:
    """Mark the ticked participants of one page present and the unticked ones absent.

    Only participants shown on the page (``tampil``) change; someone with a certificate
    stays present. Returns how many are present now.
    """
    with transaction.atomic():
        rows = Peserta.objects.filter(kegiatan=kegiatan, pk__in=tampil)
        rows.filter(pk__in=hadir, hadir_pada__isnull=True).update(hadir_pada=timezone.now())
        rows.exclude(pk__in=hadir).filter(sertifikat__isnull=True).update(hadir_pada=None)
        jumlah = kegiatan.peserta.hadir().count()
        audit_record(koperasi=None, aktor=aktor, aksi="kegiatan.kehadiran", objek=kegiatan, sesudah={"hadir": jumlah})
        _angka_berubah(kegiatan)
        return jumlah


def kehadiran_qr(*, peserta: Peserta, aktor: Any) -> Peserta:
    """Check one participant in from the QR on their confirmation page (idempotent)."""
    with transaction.atomic():
        peserta = Peserta.objects.select_for_update().get(pk=peserta.pk)
        if peserta.hadir_pada is None:
            peserta.hadir_pada = timezone.now()
            peserta.save(update_fields=["hadir_pada"])
            audit_record(koperasi=None, aktor=aktor, aksi="peserta.hadir_qr", objek=peserta)
            _angka_berubah(peserta.kegiatan)
        return peserta


def sertifikat_terbitkan(*, kegiatan: Kegiatan, aktor: Any) -> QuerySet[Sertifikat]:
    """Issue certificates to every attendee who has none yet; returns all of the event's."""
    with transaction.atomic():
        kegiatan = Kegiatan.objects.select_for_update().get(pk=kegiatan.pk)
        hadir = kegiatan.peserta.hadir().order_by("nama", "id")
        if not hadir.exists():
            raise ValidationError(BELUM_ADA_YANG_HADIR)
        urut = Sertifikat.objects.filter(peserta__kegiatan=kegiatan).count()
        now = timezone.now()
        baru = []
        for p in hadir.filter(sertifikat__isnull=True).iterator(chunk_size=500):
            urut += 1
            nomor = f"{kegiatan.pk:05d}/{kegiatan.jenis.upper()}/{timezone.localtime(kegiatan.mulai):%Y}/{urut:04d}"
            baru.append(Sertifikat(peserta=p, nomor=nomor, diterbitkan=now))
        Sertifikat.objects.bulk_create(baru, batch_size=500)
        audit_record(koperasi=None, aktor=aktor, aksi="sertifikat.terbit", objek=kegiatan, sesudah={"baru": len(baru)})
        return Sertifikat.objects.filter(peserta__kegiatan=kegiatan).select_related("peserta")


def pendampingan_catat(*, data: dict[str, Any], aktor: Any) -> Pendampingan:
    with transaction.atomic():
        kunjungan = Pendampingan.objects.create(**data)
        audit_record(
            koperasi=kunjungan.koperasi,
            aktor=aktor,
            aksi="pendampingan.catat",
            objek=kunjungan,
            sesudah=snapshot(kunjungan),
        )
        return kunjungan


def tindak_lanjut_tambah(*, pendampingan: Pendampingan, uraian: str, jatuh_tempo: dt.date, aktor: Any) -> TindakLanjut:
    with transaction.atomic():
        tl = TindakLanjut.objects.create(pendampingan=pendampingan, uraian=uraian, jatuh_tempo=jatuh_tempo)
        audit_record(
            koperasi=pendampingan.koperasi, aktor=aktor, aksi="tindak_lanjut.tambah", objek=tl, sesudah=snapshot(tl)
        )
        return tl


def tindak_lanjut_ubah_status(*, tindak_lanjut: TindakLanjut, status: str, aktor: Any) -> TindakLanjut:
    with transaction.atomic():
        tl = TindakLanjut.objects.select_for_update().select_related("pendampingan__koperasi").get(pk=tindak_lanjut.pk)
        sebelum = snapshot(tl, ["status"])
        tl.status = StatusTindakLanjut(status)
        tl.save(update_fields=["status"])
        koperasi = tl.pendampingan.koperasi
        audit_changes(
            koperasi=koperasi,
            aktor=aktor,
            aksi="tindak_lanjut.status",
            objek=tl,
            sebelum=sebelum,
            sesudah=snapshot(tl, ["status"]),
        )
        return tl
