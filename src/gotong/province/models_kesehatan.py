"""The health assessment (penilaian kesehatan) of a KSP/USP for one book year and scheme.

Ratios, answers and the figures they came from are kept as JSON keyed by the scheme's codes
(``province.health``): a scheme is data, so a second one needs no new columns. The score per
aspect, the total and the band are stored too (computed by ``province.kesehatan`` on every
save) so the Dinas can filter and count by band with plain indexed queries."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.province import health
from gotong.tenancy.models import Koperasi


class StatusPenilaian(models.TextChoices):
    DRAFT = "draft", _("Draf")
    FINAL = "final", _("Final")


class SumberPenilaian(models.TextChoices):
    BUKU = "buku", _("Dari buku Gotong")
    DIISI = "diisi", _("Diisi pada formulir")


SKEMA_CHOICES = [(k, str(s.nama)) for k, s in health.SKEMA.items()]
PREDIKAT_CHOICES = [(p.kode, p.nama) for p in health.PREDIKAT]


class PenilaianKesehatan(models.Model):
    koperasi = models.ForeignKey(Koperasi, on_delete=models.CASCADE, related_name="penilaian_kesehatan")
    tahun = models.PositiveSmallIntegerField(_("tahun buku"))
    skema = models.CharField(_("pedoman"), max_length=30, choices=SKEMA_CHOICES, default=health.SKEMA_BAKU)
    sumber = models.CharField(_("sumber"), max_length=10, choices=SumberPenilaian.choices)
    rasio = models.JSONField(_("rasio (persen)"), default=dict, blank=True)
    rasio_diisi = models.JSONField(
        _("rasio yang diisi sendiri"), default=list, blank=True, help_text=_("Kode rasio yang tidak dari buku.")
    )
    angka = models.JSONField(_("angka dasar"), default=dict, blank=True)
    jawaban = models.JSONField(_("jawaban kuesioner manajemen"), default=dict, blank=True)
    skor_aspek = models.JSONField(_("skor per aspek"), default=dict, blank=True)
    total = models.DecimalField(_("skor total"), max_digits=5, decimal_places=2, default=0)
    predikat = models.CharField(_("predikat"), max_length=20, choices=PREDIKAT_CHOICES, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StatusPenilaian.choices, default=StatusPenilaian.DRAFT
    )
    oleh_dinas = models.BooleanField(_("dinilai Dinas"), default=False)
    catatan = models.TextField(_("catatan penilai"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("dibuat"), default=timezone.now)
    diubah_pada = models.DateTimeField(_("diubah"), default=timezone.now)
    difinalkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    difinalkan_pada = models.DateTimeField(_("difinalkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("penilaian kesehatan")
        verbose_name_plural = _("penilaian kesehatan")
        ordering = ["koperasi", "-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "tahun", "skema"], name="penilaian_kesehatan_unik"),
            models.CheckConstraint(
                condition=models.Q(total__gte=0) & models.Q(total__lte=100), name="penilaian_kesehatan_total_0_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="final") | ~models.Q(predikat=""), name="penilaian_final_berpredikat"
            ),
        ]
        indexes = [models.Index(fields=["tahun", "status", "predikat"], name="penilaian_tahun_predikat")]

    def __str__(self) -> str:
        return f"{self.koperasi} {self.tahun}"

    @property
    def skema_data(self) -> health.Skema:
        return health.SKEMA[self.skema]

    @property
    def predikat_nama(self) -> str:
        p = self.skema_data.predikat_kode(self.predikat)
        return str(p.nama) if p else ""
