"""Maintained aggregates behind the Dinas dashboard (issue 6, "the dashboard reads maintained
aggregates"): counts and sums per kabupaten/kota and the few keys the charts group by, so the
dashboard reads a few hundred rows whether the province has 6,555 or 65,550 cooperatives.

They are rebuilt per kabupaten/kota from the source rows (``province.agregat``) in the same
transaction as the change that touched them, and all at once by ``manage.py dasbor_segarkan``
(also the daily job: the digital level depends on a 90-day window, so it moves with the clock).
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gotong.core.money import MONEY_DECIMAL_PLACES


def _jumlah(label: Any) -> models.DecimalField:  # type: ignore[type-arg]
    # Sums of up to ~65,550 cooperatives' figures: wider than one cooperative's money field.
    return models.DecimalField(label, max_digits=24, decimal_places=MONEY_DECIMAL_PLACES, default=0)


class AgregatKabupaten(models.Model):
    """One row per kabupaten/kota: when its aggregates were rebuilt; also the row lock that
    serialises two rebuilds of the same kabupaten/kota."""

    kabupaten_kode = models.CharField(_("kabupaten/kota"), max_length=5, primary_key=True)
    diperbarui = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("agregat dasbor per kabupaten/kota")

    def __str__(self) -> str:
        return f"{self.kabupaten_kode} {self.diperbarui:%Y-%m-%d %H:%M}"


class AgregatRegister(models.Model):
    """How many cooperatives share a kabupaten/kota, jenis, status, digital level and the
    year they came onto Gotong (0 = not on Gotong)."""

    kabupaten_kode = models.CharField(max_length=5)
    jenis = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    digital = models.BooleanField()
    tahun_digital = models.PositiveSmallIntegerField(default=0)
    tingkat = models.PositiveSmallIntegerField()
    jumlah = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("agregat register koperasi")
        constraints = [
            models.UniqueConstraint(
                fields=["kabupaten_kode", "jenis", "status", "digital", "tahun_digital", "tingkat"],
                name="agregat_register_unik",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kabupaten_kode} {self.jenis} {self.status} L{self.tingkat}: {self.jumlah}"


class AgregatTahunan(models.Model):
    """Sums of the yearly ODS figures (only reports submitted or verified) per kabupaten/kota,
    jenis, cooperative status and book year, with RAT compliance counts."""

    kabupaten_kode = models.CharField(max_length=5)
    jenis = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    tahun = models.PositiveSmallIntegerField()
    laporan = models.PositiveIntegerField(default=0)
    anggota_pria = models.PositiveBigIntegerField(default=0)
    anggota_wanita = models.PositiveBigIntegerField(default=0)
    aset = _jumlah(_("aset"))
    volume_usaha = _jumlah(_("volume usaha"))
    shu = _jumlah(_("SHU"))
    # RAT compliance as ``province.rat`` classifies it: among the cooperatives obliged to
    # report that year (not dissolved, legal entity by 31 December), how many reported with a
    # RAT on time, how many reported (the rest of them late).
    wajib = models.PositiveIntegerField(default=0)
    rat_tepat = models.PositiveIntegerField(default=0)
    rat_lapor = models.PositiveIntegerField(default=0)
    # Not reported this book year nor the one before (``province.rat.DUA_TAHUN``): the NIK
    # certificate, valid 2 years, lapses.
    rat_dua_tahun = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("agregat laporan tahunan")
        constraints = [
            models.UniqueConstraint(fields=["kabupaten_kode", "jenis", "status", "tahun"], name="agregat_tahunan_unik")
        ]

    def __str__(self) -> str:
        return f"{self.kabupaten_kode} {self.jenis} {self.status} {self.tahun}"


class RiwayatTingkat(models.Model):
    """How many cooperatives of a kabupaten/kota stood at each digital level at the end of a
    month: the province trend of the ladder. The current month's rows are rewritten with every
    rebuild (``per_tanggal`` is then the day of the rebuild); a month is final once it was
    computed as of its last day after that day had passed (``province.riwayat``). Past months
    are filled by ``manage.py riwayat_tingkat_isi``. All five levels are stored, zeros too, so a
    month with a snapshot is never mistaken for one without."""

    kabupaten_kode = models.CharField(_("kabupaten/kota"), max_length=5)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"))
    tingkat = models.PositiveSmallIntegerField(_("tingkat digital"))
    jumlah = models.PositiveIntegerField(_("jumlah koperasi"))
    per_tanggal = models.DateField(_("keadaan per tanggal"))
    dihitung = models.DateTimeField(_("dihitung pada"))

    class Meta:
        verbose_name = _("riwayat tingkat digital")
        verbose_name_plural = _("riwayat tingkat digital")
        constraints = [
            models.UniqueConstraint(fields=["kabupaten_kode", "tahun", "bulan", "tingkat"], name="riwayat_tingkat_unik")
        ]

    def __str__(self) -> str:
        return f"{self.kabupaten_kode} {self.bulan:02d}/{self.tahun} L{self.tingkat}: {self.jumlah}"
