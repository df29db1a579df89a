"""Writes for members: apply, approve, reject, edit, exit. Each under one transaction,
with its status history, its audit row and its notification in the same commit."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gotong.core.audit import audit_changes, audit_record, snapshot
from gotong.members.models import (
    Anggota,
    PengajuanKeluar,
    RiwayatStatus,
    StatusAnggota,
    StatusPengajuanKeluar,
)
from gotong.notifications.services import pesan_antrikan_untuk_anggota
from gotong.savings.penyelesaian import penyelesaian_keluar_catat
from gotong.savings.services import rekening_buka_anggota_baru
from gotong.tenancy.models import Koperasi
from gotong.tenancy.services import nomor_next

NIK_SUDAH_TERDAFTAR = gettext_lazy(
    "NIK ini sudah terdaftar di {koperasi}. Jika Anda sudah pernah mendaftar, "
    "cek status pendaftaran Anda atau hubungi pengurus."
)
BUKAN_CALON = gettext_lazy("Hanya calon anggota yang menunggu keputusan yang bisa disetujui atau ditolak.")
ALASAN_WAJIB = gettext_lazy("Tulis alasan penolakan agar calon anggota tahu apa yang harus diperbaiki.")
BUKAN_ANGGOTA_AKTIF = gettext_lazy("Hanya anggota aktif yang bisa mengajukan keluar.")
PENGAJUAN_SUDAH_ADA = gettext_lazy("Anggota ini sudah punya pengajuan keluar yang menunggu keputusan.")
PENGAJUAN_SUDAH_DIPUTUS = gettext_lazy("Pengajuan keluar ini sudah diputus.")
TANGGAL_MASUK_SEBELUM_DAFTAR = gettext_lazy("Tanggal masuk tidak boleh sebelum tanggal daftar ({tanggal}).")

EDITABLE_FIELDS = [
    "nama",
    "nomor_kk",
    "tempat_lahir",
    "alamat",
    "kabupaten_kode",
    "kecamatan_kode",
    "desa_kode",
    "telepon",
    "email",
    "pekerjaan",
]


def _history(anggota: Anggota, dari: str, ke: str, tanggal: dt.date, oleh: Any, catatan: str = "") -> None:
    RiwayatStatus.objects.create(
        anggota=anggota, dari=dari, ke=ke, tanggal=tanggal, oleh=oleh if oleh and oleh.pk else None, catatan=catatan
    )


def _nomor_anggota(koperasi: Koperasi, tanggal_masuk: dt.date) -> str:
    urut = nomor_next(koperasi=koperasi, seri="anggota")
    return koperasi.format_nomor_anggota.format(urut=urut, tahun=tanggal_masuk.year)


def _nik_taken(koperasi: Koperasi, nik: str) -> bool:
    return Anggota.objects.for_koperasi(koperasi).exclude(status=StatusAnggota.DITOLAK).filter(nik=nik).exists()


def anggota_apply(
    *, koperasi: Koperasi, data: dict[str, Any], foto_ktp: UploadedFile | None, on_date: dt.date
) -> Anggota:
    """Register an application (calon anggota). Refuses a NIK already in this koperasi."""
    with transaction.atomic():
        if _nik_taken(koperasi, data["nik"]):
            raise ValidationError({"nik": NIK_SUDAH_TERDAFTAR.format(koperasi=koperasi.nama)})
        anggota = Anggota(koperasi=koperasi, tanggal_daftar=on_date, persetujuan_pada=timezone.now(), **data)
        if foto_ktp is not None:
            anggota.foto_ktp = foto_ktp
        try:
            with transaction.atomic():
                anggota.save()
        except IntegrityError as exc:
            # A concurrent application with the same NIK may have committed first; any
            # other integrity failure is a bug and must surface as one.
            if not _nik_taken(koperasi, data["nik"]):
                raise
            raise ValidationError({"nik": NIK_SUDAH_TERDAFTAR.format(koperasi=koperasi.nama)}) from exc
        _history(anggota, "", StatusAnggota.CALON, on_date, None, _("Mendaftar lewat formulir daring."))
        audit_record(koperasi=koperasi, aktor=None, aksi="anggota.daftar", objek=anggota, sesudah=snapshot(anggota))
        pesan_antrikan_untuk_anggota(
            anggota=anggota,
            subjek=_("Pendaftaran Anda di %(koperasi)s sudah kami terima") % {"koperasi": koperasi.nama},
            template="members/pesan/pendaftaran_diterima.txt",
        )
        return anggota


def _lock_calon(anggota: Anggota) -> Anggota:
    locked = Anggota.objects.select_for_update().get(pk=anggota.pk)
    if locked.status != StatusAnggota.CALON:
        raise ValidationError(BUKAN_CALON)
    return locked


def anggota_approve(*, anggota: Anggota, actor: Any, tanggal_masuk: dt.date) -> Anggota:
    """Approve an applicant: next member number in the koperasi's format, join date."""
    with transaction.atomic():
        locked = _lock_calon(anggota)
        if tanggal_masuk < locked.tanggal_daftar:
            raise ValidationError(TANGGAL_MASUK_SEBELUM_DAFTAR.format(tanggal=locked.tanggal_daftar.isoformat()))
        before = snapshot(locked)
        locked.status = StatusAnggota.AKTIF
        locked.tanggal_masuk = tanggal_masuk
        locked.nomor_anggota = _nomor_anggota(locked.koperasi, tanggal_masuk)
        locked.save()
        _history(locked, StatusAnggota.CALON, StatusAnggota.AKTIF, tanggal_masuk, actor)
        # pokok (then due at the counter), wajib and sukarela open with the membership
        rekening_buka_anggota_baru(anggota=locked, tanggal=tanggal_masuk, actor=actor)
        audit_record(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi="anggota.setujui",
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked),
        )
        pesan_antrikan_untuk_anggota(
            anggota=locked,
            subjek=_("Selamat, Anda resmi menjadi anggota %(koperasi)s") % {"koperasi": locked.koperasi.nama},
            template="members/pesan/disetujui.txt",
        )
        return locked


def anggota_reject(*, anggota: Anggota, actor: Any, alasan: str, on_date: dt.date) -> Anggota:
    """Reject an applicant with a reason the applicant sees on the status page."""
    alasan = alasan.strip()
    if not alasan:
        raise ValidationError({"alasan": ALASAN_WAJIB})
    with transaction.atomic():
        locked = _lock_calon(anggota)
        before = snapshot(locked)
        locked.status = StatusAnggota.DITOLAK
        locked.alasan_penolakan = alasan
        locked.save()
        _history(locked, StatusAnggota.CALON, StatusAnggota.DITOLAK, on_date, actor, alasan)
        audit_record(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi="anggota.tolak",
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked),
        )
        pesan_antrikan_untuk_anggota(
            anggota=locked,
            subjek=_("Keputusan pendaftaran Anda di %(koperasi)s") % {"koperasi": locked.koperasi.nama},
            template="members/pesan/ditolak.txt",
        )
        return locked


def anggota_update(*, anggota: Anggota, actor: Any, data: dict[str, Any]) -> Anggota:
    """Edit a member's data; the audit trail keeps before and after."""
    with transaction.atomic():
        locked = Anggota.objects.select_for_update().get(pk=anggota.pk)
        before = snapshot(locked, EDITABLE_FIELDS)
        for field in EDITABLE_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        locked.save()
        audit_changes(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi="anggota.ubah",
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked, EDITABLE_FIELDS),
        )
        return locked


def keluar_request(*, anggota: Anggota, actor: Any, alasan: str) -> PengajuanKeluar:
    """A member (or staff on their behalf) asks to leave the koperasi."""
    alasan = alasan.strip()
    if not alasan:
        raise ValidationError({"alasan": _("Tulis alasan keluar.")})
    with transaction.atomic():
        locked = Anggota.objects.select_for_update().get(pk=anggota.pk)
        if locked.status != StatusAnggota.AKTIF:
            raise ValidationError(BUKAN_ANGGOTA_AKTIF)
        if locked.pengajuan_keluar.filter(status=StatusPengajuanKeluar.DIAJUKAN).exists():
            raise ValidationError(PENGAJUAN_SUDAH_ADA)
        pengajuan = PengajuanKeluar.objects.create(
            koperasi=locked.koperasi, anggota=locked, alasan=alasan, diajukan_oleh=actor
        )
        audit_record(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi="anggota.ajukan_keluar",
            objek=locked,
            sesudah={"alasan": alasan},
        )
        return pengajuan


def _lock_pengajuan(pengajuan: PengajuanKeluar) -> PengajuanKeluar:
    locked = PengajuanKeluar.objects.select_for_update().get(pk=pengajuan.pk)
    if locked.status != StatusPengajuanKeluar.DIAJUKAN:
        raise ValidationError(PENGAJUAN_SUDAH_DIPUTUS)
    return locked


def keluar_approve(*, pengajuan: PengajuanKeluar, actor: Any, tanggal_keluar: dt.date, catatan: str = "") -> Anggota:
    """Approve an exit: the member leaves and their savings are settled (savings.penyelesaian)."""
    with transaction.atomic():
        locked = _lock_pengajuan(pengajuan)
        anggota = Anggota.objects.select_for_update().get(pk=locked.anggota_id)
        before = snapshot(anggota)
        locked.status = StatusPengajuanKeluar.DISETUJUI
        locked.diputus_oleh, locked.diputus_pada, locked.catatan_putusan = actor, timezone.now(), catatan
        locked.save()
        anggota.status, anggota.tanggal_keluar = StatusAnggota.KELUAR, tanggal_keluar
        anggota.save()
        # every savings account is returned in one entry (payable 2.40) and closed
        penyelesaian_keluar_catat(anggota=anggota, tanggal=tanggal_keluar, actor=actor)
        _history(anggota, StatusAnggota.AKTIF, StatusAnggota.KELUAR, tanggal_keluar, actor, locked.alasan)
        audit_record(
            koperasi=anggota.koperasi,
            aktor=actor,
            aksi="anggota.keluar",
            objek=anggota,
            sebelum=before,
            sesudah=snapshot(anggota),
        )
        return anggota


def keluar_reject(*, pengajuan: PengajuanKeluar, actor: Any, catatan: str) -> PengajuanKeluar:
    if not catatan.strip():
        raise ValidationError({"catatan": _("Tulis alasan pengajuan keluar ditolak.")})
    with transaction.atomic():
        locked = _lock_pengajuan(pengajuan)
        locked.status = StatusPengajuanKeluar.DITOLAK
        locked.diputus_oleh, locked.diputus_pada, locked.catatan_putusan = actor, timezone.now(), catatan.strip()
        locked.save()
        audit_record(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi="anggota.keluar_ditolak",
            objek=locked.anggota,
            sesudah={"catatan": locked.catatan_putusan},
        )
        return locked
