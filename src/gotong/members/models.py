"""Members (anggota) and applicants (calon anggota) of a koperasi."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gotong.core import regions


class StatusAnggota(models.TextChoices):
    CALON = "calon", _("Calon anggota (menunggu)")
    AKTIF = "aktif", _("Aktif")
    DITOLAK = "ditolak", _("Ditolak")
    KELUAR = "keluar", pgettext_lazy("status anggota", "Keluar")


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


def _token() -> str:
    return secrets.token_urlsafe(18)


def _ktp_path(instance: "Anggota", filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"ktp/{instance.koperasi_id}/{secrets.token_hex(12)}.{ext}"


class AnggotaQuerySet(models.QuerySet["Anggota"]):
    def for_koperasi(self, koperasi: models.Model) -> "AnggotaQuerySet":
        return self.filter(koperasi=koperasi)

    def calon(self) -> "AnggotaQuerySet":
        return self.filter(status=StatusAnggota.CALON)

    def terdaftar(self) -> "AnggotaQuerySet":
        """Members in the register: active or exited (not applicants, not rejected)."""
        return self.filter(status__in=[StatusAnggota.AKTIF, StatusAnggota.KELUAR])

    def search(self, term: str) -> "AnggotaQuerySet":
        """Name (prefix of any word), NIK or member number (prefix), or desa name."""
        term = term.strip()
        if not term:
            return self
        if term.isdigit() and len(term) >= 6:
            # istartswith on digits matches what startswith would; it lets PostgreSQL use
            # the one UPPER(nomor_anggota) prefix index (migration 0002) for both branches.
            return self.filter(Q(nik__startswith=term) | Q(nomor_anggota__istartswith=term))
        q = Q(nama_cari__contains=term.lower()) | Q(nomor_anggota__istartswith=term)
        desa = regions.search_desa(term)
        if desa and len(desa) < 500:
            q |= Q(desa_kode__in=desa)
        return self.filter(q)


class Anggota(models.Model):
    """A person who applied to or belongs to one koperasi (one row per koperasi)."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="anggota")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="keanggotaan"
    )
    nomor_anggota = models.CharField(_("nomor anggota"), max_length=40, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StatusAnggota.choices, default=StatusAnggota.CALON)

    nik = models.CharField(_("NIK"), max_length=16)
    nomor_kk = models.CharField(_("nomor KK"), max_length=16)
    nama = models.CharField(_("nama lengkap"), max_length=150)
    nama_cari = models.CharField(max_length=150, editable=False, db_index=True)
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=80)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    alamat = models.CharField(_("alamat (jalan, RT/RW)"), max_length=250)
    kabupaten_kode = models.CharField(_("kabupaten/kota"), max_length=5)
    kecamatan_kode = models.CharField(_("kecamatan"), max_length=8)
    desa_kode = models.CharField(_("desa/kelurahan"), max_length=13)
    telepon = models.CharField(_("telepon/WhatsApp"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=80)
    foto_ktp = models.ImageField(_("foto KTP"), upload_to=_ktp_path, blank=True)
    persetujuan_pada = models.DateTimeField(_("persetujuan data"), null=True, blank=True)

    tanggal_daftar = models.DateField(_("tanggal daftar"))
    tanggal_masuk = models.DateField(_("tanggal masuk"), null=True, blank=True)
    tanggal_keluar = models.DateField(_("tanggal keluar"), null=True, blank=True)
    alasan_penolakan = models.TextField(_("alasan penolakan"), blank=True)
    token_status = models.CharField(max_length=40, default=_token, unique=True, editable=False)
    token_kartu = models.CharField(max_length=40, default=_token, unique=True, editable=False)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    objects = AnggotaQuerySet.as_manager()

    class Meta:
        verbose_name = _("anggota")
        verbose_name_plural = _("anggota")
        ordering = ["nama", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["koperasi", "nik"],
                condition=~Q(status="ditolak"),
                name="anggota_nik_unik_per_koperasi",
            ),
            models.UniqueConstraint(
                fields=["koperasi", "nomor_anggota"],
                condition=Q(nomor_anggota__isnull=False),
                name="anggota_nomor_unik_per_koperasi",
            ),
            models.CheckConstraint(condition=Q(nik__regex=r"^[0-9]{16}$"), name="anggota_nik_16_angka"),
            models.CheckConstraint(
                condition=~Q(status="aktif") | Q(nomor_anggota__isnull=False),
                name="anggota_aktif_punya_nomor",
            ),
        ]
        indexes = [
            models.Index(fields=["koperasi", "status", "nama"]),
            models.Index(fields=["koperasi", "nik"]),
            models.Index(fields=["koperasi", "nomor_anggota"]),
            models.Index(fields=["koperasi", "desa_kode"]),
            models.Index(fields=["koperasi", "tanggal_daftar"]),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.nomor_anggota or _('calon anggota')})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.nama_cari = self.nama.lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def desa_nama(self) -> str:
        return regions.nama(self.desa_kode)

    @property
    def kecamatan_nama(self) -> str:
        return regions.nama(self.kecamatan_kode)

    @property
    def kabupaten_nama(self) -> str:
        return regions.nama(self.kabupaten_kode)

    @property
    def nik_tersamar(self) -> str:
        """NIK with the middle hidden, for lists and the verification page."""
        return self.nik[:6] + "******" + self.nik[12:]


class RiwayatStatus(models.Model):
    """One change of a member's status: applied, approved, rejected, exited."""

    anggota = models.ForeignKey(Anggota, on_delete=models.CASCADE, related_name="riwayat")
    dari = models.CharField(max_length=10, choices=StatusAnggota.choices, blank=True)
    ke = models.CharField(max_length=10, choices=StatusAnggota.choices)
    tanggal = models.DateField()
    waktu = models.DateTimeField(auto_now_add=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    catatan = models.TextField(blank=True)

    class Meta:
        ordering = ["waktu", "id"]

    def __str__(self) -> str:
        return f"{self.anggota_id}: {self.dari}→{self.ke}"


class StatusPengajuanKeluar(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")


class PengajuanKeluar(models.Model):
    """A request to leave the koperasi; the board approves or rejects it."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    anggota = models.ForeignKey(Anggota, on_delete=models.PROTECT, related_name="pengajuan_keluar")
    alasan = models.TextField(_("alasan keluar"))
    status = models.CharField(
        max_length=10, choices=StatusPengajuanKeluar.choices, default=StatusPengajuanKeluar.DIAJUKAN
    )
    diajukan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    diajukan_pada = models.DateTimeField(auto_now_add=True)
    diputus_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diputus_pada = models.DateTimeField(null=True, blank=True)
    catatan_putusan = models.TextField(blank=True)

    class Meta:
        ordering = ["-diajukan_pada"]
        constraints = [
            models.UniqueConstraint(
                fields=["anggota"], condition=Q(status="diajukan"), name="satu_pengajuan_keluar_terbuka"
            )
        ]

    def __str__(self) -> str:
        return f"Keluar: {self.anggota}"
