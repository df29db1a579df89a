"""The general ledger: chart of accounts, journal entries and their lines, month
periods, and balances maintained per account per month.

Posted entries never change (a reversal corrects them); on PostgreSQL triggers refuse
UPDATE/DELETE of posted lines and re-check each entry's balance at commit (migration
0002). Amounts are positive with a side (D/K), after django-ledger and beancount.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO


class TipeAkun(models.TextChoices):
    ASET = "aset", _("Aset")
    KEWAJIBAN = "kewajiban", _("Kewajiban")
    EKUITAS = "ekuitas", _("Ekuitas")
    PENDAPATAN = "pendapatan", _("Pendapatan")
    BEBAN = "beban", _("Beban")


class Sisi(models.TextChoices):
    DEBIT = "D", _("Debit")
    KREDIT = "K", _("Kredit")


class AkunQuerySet(models.QuerySet["Akun"]):
    def for_koperasi(self, koperasi: models.Model) -> "AkunQuerySet":
        return self.filter(koperasi=koperasi)

    def aktif(self) -> "AkunQuerySet":
        return self.filter(aktif=True)


class Akun(models.Model):
    """An account of one koperasi's chart (hierarchical dotted codes)."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="akun")
    kode = models.CharField(_("kode"), max_length=20)
    nama = models.CharField(_("nama akun"), max_length=120)
    tipe = models.CharField(_("tipe"), max_length=12, choices=TipeAkun.choices)
    saldo_normal = models.CharField(_("saldo normal"), max_length=1, choices=Sisi.choices)
    induk = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="anak")
    aktif = models.BooleanField(_("aktif"), default=True)

    objects = AkunQuerySet.as_manager()

    class Meta:
        verbose_name = _("akun")
        verbose_name_plural = _("akun")
        ordering = ["kode"]
        constraints = [models.UniqueConstraint(fields=["koperasi", "kode"], name="akun_kode_unik_per_koperasi")]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class SumberJurnal(models.TextChoices):
    SETORAN = "setoran", _("Setoran simpanan")
    PENARIKAN = "penarikan", _("Penarikan simpanan")
    PEMINDAHBUKUAN = "pemindahbukuan", _("Pemindahbukuan")
    JASA_SIMPANAN = "jasa_simpanan", _("Jasa simpanan bulanan")
    BERJANGKA = "berjangka", _("Simpanan berjangka")
    SELISIH_KAS = "selisih_kas", _("Selisih kas")
    PENYELESAIAN_KELUAR = "keluar", _("Penyelesaian anggota keluar")
    PINJAMAN = "pinjaman", _("Pinjaman")
    PENJUALAN = "penjualan", _("Penjualan")
    SALDO_AWAL = "saldo_awal", _("Saldo awal")
    MANUAL = "manual", _("Jurnal umum (manual)")
    PEMBALIKAN = "pembalikan", _("Pembalikan")
    TUTUP_BUKU = "tutup_buku", _("Penutupan tahun buku")
    SHU = "shu", _("Pembagian SHU")


class JurnalQuerySet(models.QuerySet["Jurnal"]):
    def for_koperasi(self, koperasi: models.Model) -> "JurnalQuerySet":
        return self.filter(koperasi=koperasi)


class Jurnal(models.Model):
    """One balanced, immutable journal entry, numbered per koperasi and year."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="jurnal")
    nomor = models.CharField(_("nomor"), max_length=30)
    tanggal = models.DateField(_("tanggal"))
    keterangan = models.CharField(_("keterangan"), max_length=250)
    sumber = models.CharField(_("sumber"), max_length=20, choices=SumberJurnal.choices)
    sumber_id = models.CharField(max_length=40, blank=True)
    kunci = models.CharField(_("kunci idempotensi"), max_length=80, null=True, blank=True)
    membalik = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="dibalik_oleh"
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disetujui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    objects = JurnalQuerySet.as_manager()

    class Meta:
        verbose_name = _("jurnal")
        verbose_name_plural = _("jurnal")
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "nomor"], name="jurnal_nomor_unik_per_koperasi"),
            models.UniqueConstraint(
                fields=["koperasi", "kunci"], condition=Q(kunci__isnull=False), name="jurnal_kunci_unik_per_koperasi"
            ),
        ]
        indexes = [
            models.Index(fields=["koperasi", "-tanggal", "-id"]),
            models.Index(fields=["koperasi", "sumber", "sumber_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.nomor} {self.keterangan}"


class BarisJurnal(models.Model):
    """One line of an entry: a positive amount on one side of one account."""

    jurnal = models.ForeignKey(Jurnal, on_delete=models.PROTECT, related_name="baris")
    akun = models.ForeignKey(Akun, on_delete=models.PROTECT, related_name="baris")
    sisi = models.CharField(max_length=1, choices=Sisi.choices)
    jumlah = models.DecimalField(max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES)
    anggota = models.ForeignKey(
        "members.Anggota", null=True, blank=True, on_delete=models.PROTECT, related_name="baris_jurnal"
    )
    keterangan = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(jumlah__gt=0), name="baris_jumlah_positif")]
        indexes = [models.Index(fields=["akun", "jurnal"])]

    def __str__(self) -> str:
        return f"{self.sisi} {self.akun_id} {self.jumlah}"


class Periode(models.Model):
    """A month of one koperasi's books; a closed month refuses postings."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="periode")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    ditutup = models.BooleanField(default=False)
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ditutup_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-tahun", "-bulan"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "tahun", "bulan"], name="periode_unik"),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="periode_bulan_sah"),
        ]

    def __str__(self) -> str:
        return f"{self.bulan:02d}/{self.tahun}"


class SaldoBulanan(models.Model):
    """Debits and credits of one account in one month, kept with every posting so that
    balances and reports never scan all lines (``check_books`` proves they agree)."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    akun = models.ForeignKey(Akun, on_delete=models.PROTECT, related_name="saldo_bulanan")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    debit = models.DecimalField(max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, default=ZERO)
    kredit = models.DecimalField(max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, default=ZERO)
    # The part of the month's debits and credits on lines that name a member: the statements
    # show member and non-member results apart (DOMAIN.md, SHU) without reading every line.
    debit_anggota = models.DecimalField(max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, default=ZERO)
    kredit_anggota = models.DecimalField(max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, default=ZERO)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["akun", "tahun", "bulan"], name="saldo_bulanan_unik")]
        indexes = [models.Index(fields=["koperasi", "tahun", "bulan"])]

    def __str__(self) -> str:
        return f"{self.akun_id} {self.bulan:02d}/{self.tahun}"


class StatusUsulan(models.TextChoices):
    MENUNGGU = "menunggu", _("Menunggu persetujuan")
    DISETUJUI = "disetujui", _("Disetujui dan dibukukan")
    DITOLAK = "ditolak", _("Ditolak")


class UsulanJurnal(models.Model):
    """A manual entry proposed by staff; posted only when a second person approves it."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    tanggal = models.DateField(_("tanggal"))
    keterangan = models.CharField(_("keterangan"), max_length=250)
    baris = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=StatusUsulan.choices, default=StatusUsulan.MENUNGGU)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diputus_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diputus_pada = models.DateTimeField(null=True, blank=True)
    alasan_tolak = models.TextField(blank=True)
    jurnal = models.OneToOneField(Jurnal, null=True, blank=True, on_delete=models.PROTECT, related_name="usulan")

    class Meta:
        ordering = ["-dibuat_pada", "-id"]

    def __str__(self) -> str:
        return f"Usulan {self.tanggal:%d-%m-%Y}: {self.keterangan}"
