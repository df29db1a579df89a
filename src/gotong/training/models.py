"""Trainings, webinars and mentoring visits run by the Dinas (issue 6).

A Kegiatan belongs to the office that organises it (``wilayah_kode``: ``36`` for the
province, ``36.73`` for Kota Serang); a Pendampingan belongs to the cooperative visited,
so both are scoped by region, never by koperasi.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gotong.tenancy.models import Koperasi


def _token() -> str:
    return secrets.token_urlsafe(18)


def _region_q(prefix: str, kode: str) -> Q:
    """Rows of a province (``36``: itself and every ``36.xx``) or of one kabupaten/kota."""
    if "." in kode:
        return Q(**{prefix: kode})
    return Q(**{prefix: kode}) | Q(**{f"{prefix}__startswith": kode + "."})


class JenisKegiatan(models.TextChoices):
    PELATIHAN = "pelatihan", _("Pelatihan")
    WEBINAR = "webinar", _("Webinar")
    BIMTEK = "bimtek", _("Bimbingan teknis (bimtek)")


class StatusKegiatan(models.TextChoices):
    DRAFT = "draft", _("Draf")
    TERBUKA = "terbuka", _("Pendaftaran dibuka")
    SELESAI = "selesai", _("Selesai")


class KegiatanQuerySet(models.QuerySet["Kegiatan"]):
    def for_wilayah(self, kode: str) -> "KegiatanQuerySet":
        return self.filter(_region_q("wilayah_kode", kode))


class Kegiatan(models.Model):
    """A training, webinar or bimtek with a public registration page."""

    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisKegiatan.choices)
    judul = models.CharField(_("judul"), max_length=200)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    mulai = models.DateTimeField(_("mulai"))
    selesai = models.DateTimeField(_("selesai"))
    tempat = models.CharField(_("tempat"), max_length=250, blank=True)
    tautan_daring = models.URLField(_("tautan daring"), blank=True, help_text=_("Zoom, Meet, YouTube …"))
    kapasitas = models.PositiveIntegerField(_("kapasitas"))
    sasaran = models.CharField(_("sasaran"), max_length=200, help_text=_("misalnya pengurus KSP"))
    wilayah_kode = models.CharField(_("wilayah penyelenggara"), max_length=5, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=StatusKegiatan.choices, default=StatusKegiatan.DRAFT)
    token = models.CharField(max_length=40, default=_token, unique=True, editable=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    objects = KegiatanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["-mulai", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gte=F("mulai")), name="kegiatan_selesai_setelah_mulai"),
            models.CheckConstraint(condition=Q(kapasitas__gte=1), name="kegiatan_kapasitas_positif"),
        ]

    def __str__(self) -> str:
        return self.judul


class PeranPeserta(models.TextChoices):
    PENGURUS = "pengurus", _("Pengurus")
    PENGAWAS = "pengawas", _("Pengawas")
    KARYAWAN = "karyawan", _("Karyawan")
    ANGGOTA = "anggota", _("Anggota")


class PesertaQuerySet(models.QuerySet["Peserta"]):
    def hadir(self) -> "PesertaQuerySet":
        return self.filter(hadir_pada__isnull=False)


class Peserta(models.Model):
    """One registration for one event; the phone number is unique per event."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="peserta")
    nama = models.CharField(_("nama"), max_length=150)
    telepon = models.CharField(_("telepon/WhatsApp"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    koperasi = models.ForeignKey(
        Koperasi, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("koperasi")
    )
    koperasi_lainnya = models.CharField(_("nama koperasi (lainnya)"), max_length=200, blank=True)
    peran = models.CharField(_("peran di koperasi"), max_length=10, choices=PeranPeserta.choices)
    token = models.CharField(max_length=40, default=_token, unique=True, editable=False)
    daftar_pada = models.DateTimeField(auto_now_add=True)
    hadir_pada = models.DateTimeField(_("hadir"), null=True, blank=True)
    pengingat_pada = models.DateTimeField(null=True, blank=True, help_text=_("Pengingat H-1 sudah diantrekan."))

    objects = PesertaQuerySet.as_manager()

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["nama", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kegiatan", "telepon"], name="peserta_telepon_unik_per_kegiatan"),
            models.CheckConstraint(
                condition=Q(koperasi__isnull=False) | ~Q(koperasi_lainnya=""), name="peserta_koperasi_diisi"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} — {self.kegiatan}"

    @property
    def nama_koperasi(self) -> str:
        return self.koperasi.nama if self.koperasi_id and self.koperasi else self.koperasi_lainnya


class Sertifikat(models.Model):
    """A certificate for one attendee; its token opens the public verification page."""

    peserta = models.OneToOneField(Peserta, on_delete=models.CASCADE, related_name="sertifikat")
    nomor = models.CharField(_("nomor"), max_length=60, unique=True)
    token = models.CharField(max_length=40, default=_token, unique=True, editable=False)
    diterbitkan = models.DateTimeField(_("diterbitkan"))

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["nomor"]

    def __str__(self) -> str:
        return self.nomor


class PendampinganQuerySet(models.QuerySet["Pendampingan"]):
    def for_wilayah(self, kode: str) -> "PendampinganQuerySet":
        if "." in kode:
            return self.filter(koperasi__kabupaten_kode=kode)
        return self.filter(koperasi__provinsi_kode=kode)


class Pendampingan(models.Model):
    """A mentoring visit to one cooperative."""

    koperasi = models.ForeignKey(
        Koperasi, on_delete=models.PROTECT, related_name="pendampingan", verbose_name=_("koperasi")
    )
    tanggal = models.DateField(_("tanggal kunjungan"))
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("pendamping")
    )
    topik = models.TextField(_("topik"))
    temuan = models.TextField(_("temuan"), blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    objects = PendampinganQuerySet.as_manager()

    class Meta:
        verbose_name = _("pendampingan")
        verbose_name_plural = _("pendampingan")
        ordering = ["-tanggal", "-id"]
        indexes = [models.Index(fields=["koperasi", "-tanggal"])]

    def __str__(self) -> str:
        return f"{self.koperasi} — {self.tanggal:%d-%m-%Y}"


class StatusTindakLanjut(models.TextChoices):
    TERBUKA = "terbuka", _("Belum selesai")
    SELESAI = "selesai", _("Selesai")


class TindakLanjut(models.Model):
    """A follow-up agreed during a visit, with its due date."""

    pendampingan = models.ForeignKey(Pendampingan, on_delete=models.CASCADE, related_name="tindak_lanjut")
    uraian = models.CharField(_("uraian"), max_length=300)
    jatuh_tempo = models.DateField(_("jatuh tempo"))
    status = models.CharField(
        _("status"), max_length=10, choices=StatusTindakLanjut.choices, default=StatusTindakLanjut.TERBUKA
    )

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["jatuh_tempo", "id"]

    def __str__(self) -> str:
        return self.uraian
