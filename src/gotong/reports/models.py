"""The book year (tahun buku) of a koperasi and its close.

The year close moves the year's income and expense into SHU tahun berjalan (3.99) with one
closing entry dated 31 December (``reports.penutupan``); reopening reverses that entry.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO


class TahunBukuQuerySet(models.QuerySet["TahunBuku"]):
    def for_koperasi(self, koperasi: models.Model) -> "TahunBukuQuerySet":
        return self.filter(koperasi=koperasi)

    def ditutup(self) -> "TahunBukuQuerySet":
        return self.filter(ditutup=True)


class TahunBuku(models.Model):
    """One book year of one koperasi: open until closed, the closing entry and its result."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="tahun_buku")
    tahun = models.PositiveSmallIntegerField(_("tahun buku"))
    ditutup = models.BooleanField(_("ditutup"), default=False)
    jurnal_penutup = models.OneToOneField(
        "ledger.Jurnal", null=True, blank=True, on_delete=models.PROTECT, related_name="menutup_tahun"
    )
    # The year's result (SHU; negative for a loss) as the closing entry moved it into 3.99.
    shu = models.DecimalField(
        _("SHU tahun buku"), max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, default=ZERO
    )
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ditutup_pada = models.DateTimeField(null=True, blank=True)

    objects = TahunBukuQuerySet.as_manager()

    class Meta:
        verbose_name = _("tahun buku")
        verbose_name_plural = _("tahun buku")
        ordering = ["-tahun"]
        constraints = [models.UniqueConstraint(fields=["koperasi", "tahun"], name="tahun_buku_unik")]

    def __str__(self) -> str:
        return str(self.tahun)


# --- The RAT package: the board's report and next year's work plan and budget (RAPBK) ---------


class LaporanPengurusQuerySet(models.QuerySet["LaporanPengurus"]):
    def for_koperasi(self, koperasi: models.Model) -> "LaporanPengurusQuerySet":
        return self.filter(koperasi=koperasi)


class LaporanPengurus(models.Model):
    """The board's accountability report (laporan pertanggungjawaban pengurus) for one book
    year, written by the pengurus for the RAT (UU 25/1992 Pasal 22-23: the RAT approves it)."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="laporan_pengurus")
    tahun = models.PositiveSmallIntegerField(_("tahun buku"))
    organisasi = models.TextField(_("organisasi dan keanggotaan"), blank=True)
    usaha = models.TextField(_("kegiatan usaha"), blank=True)
    keuangan = models.TextField(_("keuangan"), blank=True)
    kendala = models.TextField(_("kendala dan permasalahan"), blank=True)
    rencana = models.TextField(_("rencana dan saran"), blank=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diubah_pada = models.DateTimeField(null=True, blank=True)

    objects = LaporanPengurusQuerySet.as_manager()

    BAGIAN = ("organisasi", "usaha", "keuangan", "kendala", "rencana")

    class Meta:
        verbose_name = _("laporan pertanggungjawaban pengurus")
        verbose_name_plural = _("laporan pertanggungjawaban pengurus")
        ordering = ["-tahun"]
        constraints = [models.UniqueConstraint(fields=["koperasi", "tahun"], name="laporan_pengurus_unik")]

    def __str__(self) -> str:
        return f"Laporan pengurus {self.tahun}"

    @property
    def kosong(self) -> bool:
        return not any(getattr(self, name).strip() for name in self.BAGIAN)


class RencanaKerjaQuerySet(models.QuerySet["RencanaKerja"]):
    def for_koperasi(self, koperasi: models.Model) -> "RencanaKerjaQuerySet":
        return self.filter(koperasi=koperasi)


class RencanaKerja(models.Model):
    """The work plan (rencana kerja) of the RAPBK for one year; its budget is ``AnggaranBaris``."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="rencana_kerja")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    program = models.TextField(_("program kerja"), blank=True)
    asumsi = models.TextField(_("asumsi dan sasaran"), blank=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diubah_pada = models.DateTimeField(null=True, blank=True)

    objects = RencanaKerjaQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana kerja")
        verbose_name_plural = _("rencana kerja")
        ordering = ["-tahun"]
        constraints = [models.UniqueConstraint(fields=["koperasi", "tahun"], name="rencana_kerja_unik")]

    def __str__(self) -> str:
        return f"Rencana kerja {self.tahun}"

    @property
    def kosong(self) -> bool:
        return not (self.program.strip() or self.asumsi.strip())


class AnggaranBarisQuerySet(models.QuerySet["AnggaranBaris"]):
    def for_koperasi(self, koperasi: models.Model) -> "AnggaranBarisQuerySet":
        return self.filter(koperasi=koperasi)

    def tahun(self, tahun: int) -> "AnggaranBarisQuerySet":
        return self.filter(tahun=tahun)


class AnggaranBaris(models.Model):
    """One budget line of the RAPBK: the amount planned for one account in one year (income,
    expense, or a fixed-asset purchase). Zero is no line: a line is removed, not zeroed."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="anggaran")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    akun = models.ForeignKey("ledger.Akun", on_delete=models.PROTECT, related_name="anggaran")
    jumlah = models.DecimalField(_("anggaran"), max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = AnggaranBarisQuerySet.as_manager()

    class Meta:
        verbose_name = _("baris anggaran")
        verbose_name_plural = _("baris anggaran")
        ordering = ["tahun", "akun__kode"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "tahun", "akun"], name="anggaran_akun_unik_per_tahun"),
            models.CheckConstraint(condition=models.Q(jumlah__gt=0), name="anggaran_jumlah_positif"),
        ]

    def __str__(self) -> str:
        return f"{self.tahun} {self.akun_id}: {self.jumlah}"
