"""SHU per koperasi and year: settings, the approved distribution and each member's share.

The settings (``PengaturanSHU``) follow the AD/ART and are editable until the RAT approves the
year's SHU; the approval (``PembagianSHU``) freezes them, stores the figures and posts the
allocation; each member's share (``BagianSHUAnggota``) is then paid once — to sukarela, in cash
at the counter, or in cash at the RAT. Rules: UU 25/1992 Pasal 45, ../shared/DOMAIN.md (SHU).
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO


def _money(label: Any, **kwargs: Any) -> Any:
    return models.DecimalField(label, max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs)


def _persen(label: Any, default: str) -> Any:
    return models.DecimalField(label, max_digits=5, decimal_places=2, default=Decimal(default))


class AkunVolume(models.TextChoices):
    """Income accounts whose member lines count as the member's volume (Va)."""

    JASA_PINJAMAN = "4.10", _("Jasa pinjaman (4.10)")
    PROVISI = "4.20", _("Provisi dan administrasi (4.20)")
    DENDA = "4.21", _("Denda (4.21)")
    PENJUALAN = "4.30", _("Penjualan (4.30)")


# DOMAIN.md: which volumes count is a setting; a KSP counts the loan interest and fees members paid.
AKUN_VOLUME_BAWAAN = [AkunVolume.JASA_PINJAMAN.value, AkunVolume.PROVISI.value]


def _akun_volume_bawaan() -> list[str]:
    return list(AKUN_VOLUME_BAWAAN)


class DasarModal(models.TextChoices):
    """Which balance of pokok + wajib (and optionally sukarela) counts for jasa modal (Sa)."""

    RATA_RATA = "rata_rata", _("Saldo rata-rata setahun (12 saldo akhir bulan)")
    AKHIR_TAHUN = "akhir_tahun", _("Saldo akhir tahun")


class SatuanPembulatan(models.IntegerChoices):
    RUPIAH = 1, _("Ke bawah, ke Rp1")
    RATUS = 100, _("Ke bawah, ke Rp100")


class PengaturanSHUQuerySet(models.QuerySet["PengaturanSHU"]):
    def for_koperasi(self, koperasi: models.Model) -> "PengaturanSHUQuerySet":
        return self.filter(koperasi=koperasi)


class PengaturanSHU(models.Model):
    """The SHU rules of one koperasi for one book year (defaults: DOMAIN.md, SHU)."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun buku"))
    persen_cadangan = _persen(_("Cadangan (%)"), "40")
    persen_jasa_anggota = _persen(_("Jasa anggota (%)"), "40")
    persen_dana_pengurus = _persen(_("Dana pengurus (%)"), "5")
    persen_dana_karyawan = _persen(_("Dana karyawan (%)"), "5")
    persen_dana_pendidikan = _persen(_("Dana pendidikan (%)"), "5")
    persen_dana_sosial = _persen(_("Dana sosial (%)"), "5")
    persen_jua = _persen(_("Jasa usaha anggota, JUA (% dari jasa anggota)"), "70")
    persen_jma = _persen(_("Jasa modal anggota, JMA (% dari jasa anggota)"), "30")
    akun_volume = models.JSONField(_("transaksi yang dihitung sebagai volume usaha"), default=_akun_volume_bawaan)
    dasar_modal = models.CharField(
        _("saldo simpanan untuk jasa modal"), max_length=12, choices=DasarModal.choices, default=DasarModal.RATA_RATA
    )
    termasuk_sukarela = models.BooleanField(_("simpanan sukarela ikut dihitung"), default=False)
    satuan_pembulatan = models.PositiveSmallIntegerField(
        _("pembulatan bagian anggota"), choices=SatuanPembulatan.choices, default=SatuanPembulatan.RUPIAH
    )
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = PengaturanSHUQuerySet.as_manager()

    class Meta:
        verbose_name = _("pengaturan SHU")
        verbose_name_plural = _("pengaturan SHU")
        ordering = ["-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "tahun"], name="pengaturan_shu_unik"),
            models.CheckConstraint(
                condition=Q(
                    persen_cadangan__gte=0,
                    persen_jasa_anggota__gte=0,
                    persen_dana_pengurus__gte=0,
                    persen_dana_karyawan__gte=0,
                    persen_dana_pendidikan__gte=0,
                    persen_dana_sosial__gte=0,
                    persen_jua__gte=0,
                    persen_jma__gte=0,
                ),
                name="pengaturan_shu_persen_tidak_negatif",
            ),
        ]

    def __str__(self) -> str:
        return f"Pengaturan SHU {self.tahun}"


class PembagianSHUQuerySet(models.QuerySet["PembagianSHU"]):
    def for_koperasi(self, koperasi: models.Model) -> "PembagianSHUQuerySet":
        return self.filter(koperasi=koperasi)


class PembagianSHU(models.Model):
    """The SHU of one book year as the RAT approved it: the figures, the decision and its entry.

    It exists only once approved; the preview before that is computed, not stored. ``cadangan``
    is what 3.20 received: its percentage, the rounding remainder and the non-members' SHU."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun buku"))
    pengaturan = models.OneToOneField(PengaturanSHU, on_delete=models.PROTECT, related_name="pembagian")
    shu = _money(_("SHU tahun buku"))
    shu_anggota = _money(_("SHU dari anggota"))
    shu_non_anggota = _money(_("SHU dari non-anggota"))
    cadangan_persen = _money(_("cadangan menurut persentase"))
    sisa_pembulatan = _money(_("sisa pembulatan"))
    cadangan = _money(_("cadangan"))
    jasa_anggota = _money(_("jasa anggota"))
    jua = _money(_("jasa usaha anggota (JUA)"))
    jma = _money(_("jasa modal anggota (JMA)"))
    dana_pengurus = _money(_("dana pengurus"))
    dana_karyawan = _money(_("dana karyawan"))
    dana_pendidikan = _money(_("dana pendidikan"))
    dana_sosial = _money(_("dana sosial"))
    vuk = _money(_("volume usaha seluruh anggota (VUK)"))
    tms = _money(_("total simpanan anggota (TMS)"))
    total_bagian = _money(_("jumlah bagian anggota"))
    tanggal_rat = models.DateField(_("tanggal keputusan RAT"))
    nomor_rat = models.CharField(_("nomor keputusan RAT"), max_length=100)
    jurnal = models.OneToOneField(
        "ledger.Jurnal", null=True, blank=True, on_delete=models.PROTECT, related_name="pembagian_shu"
    )
    disetujui_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    disetujui_pada = models.DateTimeField(auto_now_add=True)

    objects = PembagianSHUQuerySet.as_manager()

    class Meta:
        verbose_name = _("pembagian SHU")
        verbose_name_plural = _("pembagian SHU")
        ordering = ["-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "tahun"], name="pembagian_shu_sekali_setahun"),
            models.CheckConstraint(
                condition=Q(jasa_anggota=F("jua") + F("jma")), name="pembagian_shu_jasa_anggota_jua_jma"
            ),
        ]

    def __str__(self) -> str:
        return f"SHU {self.tahun}"

    @property
    def total_dana(self) -> Decimal:
        return self.dana_pengurus + self.dana_karyawan + self.dana_pendidikan + self.dana_sosial

    @property
    def dibagi(self) -> bool:
        return self.shu > ZERO


class StatusBagian(models.TextChoices):
    BELUM = "belum", _("Belum dibayar")
    DIBAYAR = "dibayar", _("Sudah dibayar")


class CaraBayarSHU(models.TextChoices):
    SUKARELA = "sukarela", _("Ke simpanan sukarela")
    TUNAI = "tunai", _("Tunai di loket")
    TUNAI_RAT = "tunai_rat", _("Tunai saat RAT")


class BagianQuerySet(models.QuerySet["BagianSHUAnggota"]):
    def for_koperasi(self, koperasi: models.Model) -> "BagianQuerySet":
        return self.filter(koperasi=koperasi)

    def terutang(self) -> "BagianQuerySet":
        """Shares still owed: unpaid and more than nothing."""
        return self.filter(status=StatusBagian.BELUM, total__gt=0)


class BagianSHUAnggota(models.Model):
    """One member's share of an approved SHU and how it was paid."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    pembagian = models.ForeignKey(PembagianSHU, on_delete=models.PROTECT, related_name="bagian")
    anggota = models.ForeignKey("members.Anggota", on_delete=models.PROTECT, related_name="bagian_shu")
    volume = _money(_("volume usaha (Va)"))
    simpanan = _money(_("simpanan untuk jasa modal (Sa)"))
    jasa_usaha = _money(_("jasa usaha"))
    jasa_modal = _money(_("jasa modal"))
    total = _money(_("SHU diterima"))
    status = models.CharField(max_length=10, choices=StatusBagian.choices, default=StatusBagian.BELUM)
    cara_bayar = models.CharField(_("dibayar dengan"), max_length=10, choices=CaraBayarSHU.choices, blank=True)
    tanggal_bayar = models.DateField(_("tanggal dibayar"), null=True, blank=True)
    jurnal_bayar = models.ForeignKey(
        "ledger.Jurnal", null=True, blank=True, on_delete=models.PROTECT, related_name="bagian_shu_dibayar"
    )
    kwitansi = models.ForeignKey(
        "savings.Kwitansi", null=True, blank=True, on_delete=models.PROTECT, related_name="bagian_shu"
    )
    dibayar_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = BagianQuerySet.as_manager()

    class Meta:
        verbose_name = _("bagian SHU anggota")
        verbose_name_plural = _("bagian SHU anggota")
        ordering = ["pembagian", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pembagian", "anggota"], name="bagian_shu_sekali_per_anggota"),
            models.CheckConstraint(condition=Q(total=F("jasa_usaha") + F("jasa_modal")), name="bagian_shu_total"),
            models.CheckConstraint(
                condition=Q(jasa_usaha__gte=0, jasa_modal__gte=0, volume__gte=0, simpanan__gte=0),
                name="bagian_shu_tidak_negatif",
            ),
            models.CheckConstraint(
                condition=Q(status="belum", jurnal_bayar__isnull=True)
                | Q(status="dibayar", jurnal_bayar__isnull=False, tanggal_bayar__isnull=False),
                name="bagian_shu_dibayar_dengan_jurnal",
            ),
        ]
        indexes = [models.Index(fields=["pembagian", "status"]), models.Index(fields=["anggota", "pembagian"])]

    def __str__(self) -> str:
        return f"SHU {self.pembagian.tahun} {self.anggota}"
