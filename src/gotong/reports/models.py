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
