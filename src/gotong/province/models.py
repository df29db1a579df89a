"""The Dinas registry's own rows: the board (pengurus) and supervisors (pengawas) of a koperasi."""

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.tenancy.models import Koperasi, NamaPeran


class Jabatan(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    PENGAWAS = "pengawas", _("Pengawas")


class PengurusKoperasi(models.Model):
    """A name and term of office as registered with the Dinas (not a user account)."""

    koperasi = models.ForeignKey(Koperasi, on_delete=models.CASCADE, related_name="pengurus_terdaftar")
    jabatan = models.CharField(_("jabatan"), max_length=20, choices=Jabatan.choices)
    nama = models.CharField(_("nama"), max_length=120)
    masa_mulai = models.DateField(_("masa jabatan mulai"), null=True, blank=True)
    masa_akhir = models.DateField(_("masa jabatan berakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengurus/pengawas koperasi")
        verbose_name_plural = _("pengurus/pengawas koperasi")
        ordering = ["koperasi", "jabatan", "nama"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(masa_akhir__isnull=True)
                | models.Q(masa_mulai__isnull=True)
                | models.Q(masa_akhir__gte=models.F("masa_mulai")),
                name="pengurus_masa_urut",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_jabatan_display()} {self.nama}"


# --- Yearly figures (ODS) ---------------------------------------------------------------
# DOMAIN.md "RAT and government reporting": after the RAT (held within 6 months after the
# book year ends, UU 25/1992 Pasal 26) the cooperative reports its figures to the ministry's
# Online Data System. One row per cooperative per book year.


class StatusLaporan(models.TextChoices):
    DRAFT = "draft", _("Draf")
    DIAJUKAN = "diajukan", _("Diajukan")
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")


class SumberLaporan(models.TextChoices):
    BUKU = "buku", _("Dari buku Gotong")
    DIISI = "diisi", _("Diisi pada formulir")
    DIUNGGAH = "diunggah", _("Diunggah dari berkas")


def _uang(label: Any) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(label, max_digits=18, decimal_places=2, default=0)


class LaporanTahunan(models.Model):
    """The ODS figures of one cooperative for one book year (draft → diajukan → diverifikasi
    or dikembalikan with a comment)."""

    koperasi = models.ForeignKey(Koperasi, on_delete=models.CASCADE, related_name="laporan_tahunan")
    tahun = models.PositiveSmallIntegerField(_("tahun buku"))
    tanggal_rat = models.DateField(_("tanggal RAT"), null=True, blank=True)
    anggota_pria = models.PositiveIntegerField(_("anggota laki-laki"), default=0)
    anggota_wanita = models.PositiveIntegerField(_("anggota perempuan"), default=0)
    pengelola = models.PositiveIntegerField(_("pengurus/pengelola"), default=0)
    karyawan = models.PositiveIntegerField(_("karyawan"), default=0)
    modal_sendiri = _uang(_("modal sendiri"))
    modal_luar = _uang(_("modal luar"))
    aset = _uang(_("aset"))
    kewajiban = _uang(_("kewajiban"))
    volume_usaha = _uang(_("volume usaha"))
    shu = _uang(_("SHU"))
    status = models.CharField(_("status"), max_length=20, choices=StatusLaporan.choices, default=StatusLaporan.DRAFT)
    sumber = models.CharField(_("sumber"), max_length=20, choices=SumberLaporan.choices, default=SumberLaporan.DIISI)
    catatan = models.TextField(_("catatan pemeriksa"), blank=True, help_text=_("Catatan terakhir dari Dinas."))
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("dibuat"), default=timezone.now)
    diubah_pada = models.DateTimeField(_("diubah"), default=timezone.now)
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diajukan_pada = models.DateTimeField(_("diajukan"), null=True, blank=True)
    diperiksa_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diperiksa_pada = models.DateTimeField(_("diperiksa"), null=True, blank=True)

    class Meta:
        verbose_name = _("laporan tahunan (ODS)")
        verbose_name_plural = _("laporan tahunan (ODS)")
        ordering = ["koperasi", "-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "tahun"], name="laporan_tahunan_unik"),
            models.CheckConstraint(
                condition=models.Q(aset__gte=0)
                & models.Q(kewajiban__gte=0)
                & models.Q(modal_luar__gte=0)
                & models.Q(volume_usaha__gte=0),
                name="laporan_tahunan_uang_tidak_negatif",
            ),
        ]
        indexes = [models.Index(fields=["tahun", "status"], name="laporan_tahun_status")]

    def __str__(self) -> str:
        return f"{self.koperasi} {self.tahun}"

    @property
    def anggota(self) -> int:
        return self.anggota_pria + self.anggota_wanita


class CatatanLaporan(models.Model):
    """One step of a yearly report's workflow, with the officer's or cooperative's comment."""

    laporan = models.ForeignKey(LaporanTahunan, on_delete=models.CASCADE, related_name="riwayat")
    aksi = models.CharField(_("aksi"), max_length=20, choices=StatusLaporan.choices)
    teks = models.TextField(_("komentar"), blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    waktu = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("catatan laporan tahunan")
        ordering = ["laporan", "waktu", "pk"]

    def __str__(self) -> str:
        return f"{self.laporan} {self.aksi}"


# --- Invitation onto the platform -----------------------------------------------------
# ISSUES #6 "Registry": a registry-only cooperative is invited; its pengurus gets a sign-up
# link and the same Koperasi row (registry history, yearly figures, visits) goes digital.

UNDANGAN_BERLAKU_HARI = 14


def _token_undangan() -> str:
    return secrets.token_urlsafe(32)


def _kedaluwarsa_undangan() -> Any:
    return timezone.now() + dt.timedelta(days=UNDANGAN_BERLAKU_HARI)


class UndanganKoperasi(models.Model):
    """A sign-up link for the pengurus of a registry-only cooperative (one use, 14 days)."""

    koperasi = models.ForeignKey(Koperasi, on_delete=models.CASCADE, related_name="undangan")
    nama = models.CharField(_("nama pengurus"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    telepon = models.CharField(_("telepon/WhatsApp"), max_length=20, blank=True)
    peran = models.CharField(_("peran"), max_length=20, choices=NamaPeran.choices, default=NamaPeran.KETUA)
    token = models.CharField(max_length=64, unique=True, default=_token_undangan, editable=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("dibuat"), default=timezone.now)
    kedaluwarsa_pada = models.DateTimeField(_("berlaku sampai"), default=_kedaluwarsa_undangan)
    dipakai_pada = models.DateTimeField(_("dipakai"), null=True, blank=True)
    dipakai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibatalkan = models.BooleanField(_("dibatalkan"), default=False)

    class Meta:
        verbose_name = _("undangan koperasi")
        verbose_name_plural = _("undangan koperasi")
        ordering = ["koperasi", "-dibuat_pada"]

    def __str__(self) -> str:
        return f"{self.koperasi} → {self.nama}"

    def terbuka(self, pada: Any = None) -> bool:
        """Not used, not cancelled, not expired."""
        pada = pada or timezone.now()
        return self.dipakai_pada is None and not self.dibatalkan and self.kedaluwarsa_pada > pada


# The dashboard's maintained aggregates live in their own module (``province.agregat``).
from gotong.province.models_agregat import (  # noqa: E402, F401
    AgregatKabupaten,
    AgregatRegister,
    AgregatTahunan,
    RiwayatTingkat,
)

# Health assessment (Perdep 06/Per/Dep.6/IV/2016) lives in its own module (``province.kesehatan``).
from gotong.province.models_kesehatan import PenilaianKesehatan  # noqa: E402, F401
