"""Tenancy: the Koperasi, who holds which role where, and per-koperasi numbering."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JenisKoperasi(models.TextChoices):
    """Kinds of cooperative (UU 25/1992; DOMAIN.md)."""

    SIMPAN_PINJAM = "ksp", _("Simpan pinjam (KSP)")
    KONSUMEN = "konsumen", _("Konsumen")
    PRODUSEN = "produsen", _("Produsen")
    PEMASARAN = "pemasaran", _("Pemasaran")
    JASA = "jasa", _("Jasa")
    SERBA_USAHA = "serba_usaha", _("Serba usaha")


class Pola(models.TextChoices):
    KONVENSIONAL = "konvensional", _("Konvensional")
    SYARIAH = "syariah", _("Syariah")


class StatusKoperasi(models.TextChoices):
    """Registry status as the Dinas records it (ODS publishes aktif/tidak aktif)."""

    AKTIF = "aktif", _("Aktif")
    TIDAK_AKTIF = "tidak_aktif", _("Tidak aktif")
    DIBUBARKAN = "dibubarkan", _("Dibubarkan")


class KoperasiQuerySet(models.QuerySet["Koperasi"]):
    def digital(self) -> "KoperasiQuerySet":
        return self.filter(digital=True)

    def in_region(self, kode: str) -> "KoperasiQuerySet":
        """Cooperatives in a province (``36``) or kabupaten/kota (``36.73``)."""
        if kode.count(".") == 0:
            return self.filter(provinsi_kode=kode)
        return self.filter(kabupaten_kode=kode)


class Koperasi(models.Model):
    """A cooperative: on the platform (``digital``) or in the registry only (manual)."""

    kode = models.SlugField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama koperasi"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisKoperasi.choices)
    pola = models.CharField(_("pola"), max_length=20, choices=Pola.choices, default=Pola.KONVENSIONAL)
    kelompok = models.CharField(_("kelompok"), max_length=60, blank=True, help_text=_("misalnya KUD"))
    nomor_badan_hukum = models.CharField(_("nomor badan hukum"), max_length=80, blank=True)
    tanggal_badan_hukum = models.DateField(_("tanggal badan hukum"), null=True, blank=True)
    nik_koperasi = models.CharField(_("NIK koperasi"), max_length=16, blank=True)
    alamat = models.CharField(_("alamat"), max_length=250, blank=True)
    desa_kode = models.CharField(_("desa/kelurahan"), max_length=13, blank=True)
    kecamatan_kode = models.CharField(_("kecamatan"), max_length=8, blank=True)
    kabupaten_kode = models.CharField(_("kabupaten/kota"), max_length=5, db_index=True)
    provinsi_kode = models.CharField(_("provinsi"), max_length=2, default="36")
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    digital = models.BooleanField(
        _("memakai Gotong"), default=False, help_text=_("Tidak dicentang: hanya terdaftar (manual).")
    )
    digital_sejak = models.DateField(_("memakai Gotong sejak"), null=True, blank=True)
    # ``aktif`` stays the switch the platform reads; ``status`` is the registry's word and
    # the registry services keep ``aktif == (status == AKTIF)``.
    aktif = models.BooleanField(_("aktif"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=StatusKoperasi.choices, default=StatusKoperasi.AKTIF)
    kontak_nama = models.CharField(_("narahubung"), max_length=120, blank=True)
    kontak_telepon = models.CharField(_("telepon narahubung"), max_length=20, blank=True)
    format_nomor_anggota = models.CharField(
        _("format nomor anggota"),
        max_length=40,
        default="{urut:05d}",
        help_text=_("Pakai {urut} (nomor urut) dan {tahun} (tahun masuk), misalnya MB-{tahun}-{urut:04d}."),
    )

    objects = KoperasiQuerySet.as_manager()

    class Meta:
        verbose_name = _("koperasi")
        verbose_name_plural = _("koperasi")
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nik_koperasi="") | Q(nik_koperasi__regex=r"^[0-9]{16}$"),
                name="koperasi_nik_16_angka",
            ),
            # NIK koperasi and badan hukum number identify one cooperative nationally; the
            # registry checks them with clear messages first, the database is the backstop.
            models.UniqueConstraint(
                fields=["nik_koperasi"],
                condition=~Q(nik_koperasi=""),
                name="koperasi_nik_unik",
                violation_error_message=_("NIK koperasi ini sudah dipakai koperasi lain."),
            ),
            models.UniqueConstraint(
                fields=["nomor_badan_hukum"],
                condition=~Q(nomor_badan_hukum=""),
                name="koperasi_badan_hukum_unik",
                violation_error_message=_("Nomor badan hukum ini sudah dipakai koperasi lain."),
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class NamaPeran(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    PENGAWAS = "pengawas", _("Pengawas")
    MANAJER = "manajer", _("Manajer")
    KASIR = "kasir", _("Kasir")
    PETUGAS_LAPANGAN = "petugas_lapangan", _("Petugas lapangan")
    ANGGOTA = "anggota", pgettext_lazy("peran", "Anggota")


PENGURUS = frozenset({NamaPeran.KETUA, NamaPeran.SEKRETARIS, NamaPeran.BENDAHARA})
STAF = frozenset(set(NamaPeran) - {NamaPeran.ANGGOTA})
PENGELOLA_ANGGOTA = PENGURUS | {NamaPeran.MANAJER}
PEMBACA_AUDIT = PENGURUS | {NamaPeran.PENGAWAS}


class PeranQuerySet(models.QuerySet["Peran"]):
    def aktif(self) -> "PeranQuerySet":
        return self.filter(aktif=True)


class Peran(models.Model):
    """A person's role in one koperasi; a person may hold roles in several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peran")
    koperasi = models.ForeignKey(Koperasi, on_delete=models.CASCADE, related_name="peran")
    peran = models.CharField(_("peran"), max_length=20, choices=NamaPeran.choices)
    aktif = models.BooleanField(default=True)
    sejak = models.DateField(_("sejak"), auto_now_add=True)

    objects = PeranQuerySet.as_manager()

    class Meta:
        verbose_name = _("peran")
        constraints = [models.UniqueConstraint(fields=["user", "koperasi", "peran"], name="peran_unik")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_peran_display()} {self.koperasi}"


class TingkatDinas(models.TextChoices):
    PROVINSI = "provinsi", _("Dinas provinsi")
    KABUPATEN = "kabupaten", _("Dinas kabupaten/kota")


class PeranDinas(models.Model):
    """An officer of the provincial or a kabupaten/kota cooperative office."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peran_dinas")
    tingkat = models.CharField(max_length=20, choices=TingkatDinas.choices)
    wilayah_kode = models.CharField(_("wilayah"), max_length=5, help_text=_("36 atau 36.73"))
    aktif = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("peran dinas")
        constraints = [models.UniqueConstraint(fields=["user", "wilayah_kode"], name="peran_dinas_unik")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_tingkat_display()} {self.wilayah_kode}"


class Penomoran(models.Model):
    """The last number used in one series of one koperasi (members, receipts, …)."""

    koperasi = models.ForeignKey(Koperasi, on_delete=models.CASCADE, related_name="+")
    seri = models.CharField(max_length=40)
    terakhir = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["koperasi", "seri"], name="penomoran_unik")]

    def __str__(self) -> str:
        return f"{self.koperasi_id}:{self.seri}={self.terakhir}"
