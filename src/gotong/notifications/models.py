"""The notification outbox: a message is written with the change that causes it and
sent after commit by a task, so a rolled-back change never sends anything."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Saluran(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class StatusPesan(models.TextChoices):
    ANTRI = "antri", _("Dalam antrean")
    TERKIRIM = "terkirim", _("Terkirim")
    GAGAL = "gagal", _("Gagal")


class PesanQuerySet(models.QuerySet["Pesan"]):
    def for_koperasi(self, koperasi: models.Model) -> "PesanQuerySet":
        return self.filter(koperasi=koperasi)


class Pesan(models.Model):
    koperasi = models.ForeignKey("tenancy.Koperasi", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    saluran = models.CharField(_("saluran"), max_length=10, choices=Saluran.choices)
    tujuan = models.CharField(_("tujuan"), max_length=200)
    subjek = models.CharField(_("subjek"), max_length=200)
    isi = models.TextField(_("isi"))
    status = models.CharField(_("status"), max_length=10, choices=StatusPesan.choices, default=StatusPesan.ANTRI)
    percobaan = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    galat_terakhir = models.TextField(_("alasan gagal"), blank=True)
    dibuat = models.DateTimeField(auto_now_add=True, db_index=True)
    dikirim_pada = models.DateTimeField(null=True, blank=True)

    objects = PesanQuerySet.as_manager()

    class Meta:
        ordering = ["-dibuat", "-id"]
        indexes = [models.Index(fields=["koperasi", "-dibuat"])]

    def __str__(self) -> str:
        return f"{self.get_saluran_display()} → {self.tujuan}: {self.subjek}"
