"""The Dinas registry's own rows: the board (pengurus) and supervisors (pengawas) of a koperasi."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gotong.tenancy.models import Koperasi


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
