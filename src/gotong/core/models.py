"""The audit trail: every change to members and settings, who, when, before/after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def for_koperasi(self, koperasi: models.Model) -> "AuditLogQuerySet":
        return self.filter(koperasi=koperasi)


class AuditLog(models.Model):
    """One change to master data. Written in the same transaction as the change."""

    koperasi = models.ForeignKey("tenancy.Koperasi", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    aktor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    waktu = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    aksi = models.CharField(_("aksi"), max_length=60)
    objek_tipe = models.CharField(max_length=60)
    objek_id = models.CharField(max_length=40)
    objek_label = models.CharField(max_length=200)
    sebelum = models.JSONField(default=dict, blank=True)
    sesudah = models.JSONField(default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-waktu", "-id"]
        indexes = [models.Index(fields=["koperasi", "-waktu"]), models.Index(fields=["objek_tipe", "objek_id"])]

    def __str__(self) -> str:
        return f"{self.aksi} {self.objek_label}"

    def perubahan(self) -> list[tuple[str, object, object]]:
        """Fields that differ: (field, before, after)."""
        keys = sorted(set(self.sebelum) | set(self.sesudah))
        return [
            (k, self.sebelum.get(k), self.sesudah.get(k)) for k in keys if self.sebelum.get(k) != self.sesudah.get(k)
        ]
