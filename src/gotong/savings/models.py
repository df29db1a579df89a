"""Member savings (simpanan): products, accounts, their movements, receipts, the
kasir's cash drawer, monthly wajib bills and month-end interest runs.

Kinds after UU 25/1992 Pasal 41 and PP 9/1995 (DOMAIN.md): pokok and wajib are equity
and cannot be withdrawn while a member; sukarela and berjangka are liabilities.
Every movement is posted to the ledger in the same transaction (``jurnal``); the
account balance here is the subledger that ``check_books`` reconciles with the
control account of the product's kind.
"""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO
from gotong.ledger import chart


def _money(label: Any, **kwargs: Any) -> Any:
    """A money field with the shared precision (core.money)."""
    return models.DecimalField(label, max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs)


class JenisSimpanan(models.TextChoices):
    POKOK = "pokok", _("Simpanan pokok")
    WAJIB = "wajib", _("Simpanan wajib")
    SUKARELA = "sukarela", _("Simpanan sukarela")
    BERJANGKA = "berjangka", _("Simpanan berjangka")


# The control account of each kind (ledger.chart): pokok/wajib are equity, the rest liabilities.
AKUN_KONTROL = {
    JenisSimpanan.POKOK: chart.SIMPANAN_POKOK,
    JenisSimpanan.WAJIB: chart.SIMPANAN_WAJIB,
    JenisSimpanan.SUKARELA: chart.SIMPANAN_SUKARELA,
    JenisSimpanan.BERJANGKA: chart.SIMPANAN_BERJANGKA,
}


class MetodeBunga(models.TextChoices):
    TANPA = "tanpa", _("Tanpa jasa")
    SALDO_HARIAN = "harian", _("Saldo harian")
    RATA_RATA_HARIAN = "rata_rata", _("Saldo rata-rata harian")
    SALDO_TERENDAH = "terendah", _("Saldo terendah bulanan")


class AksiJatuhTempo(models.TextChoices):
    KE_SUKARELA = "ke_sukarela", _("Cairkan ke simpanan sukarela")
    PERPANJANG = "perpanjang", _("Perpanjang otomatis")


class ProdukSimpanan(models.Model):
    """A savings product of one koperasi with its rules."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="produk_simpanan")
    kode = models.SlugField(_("kode"), max_length=30)
    nama = models.CharField(_("nama produk"), max_length=100)
    jenis = models.CharField(_("jenis"), max_length=10, choices=JenisSimpanan.choices)
    setoran_tetap = _money(
        _("setoran tetap"), default=ZERO, help_text=_("Pokok: sekali saat masuk. Wajib: tiap bulan.")
    )
    hari_jatuh_tempo = models.PositiveSmallIntegerField(
        _("tanggal jatuh tempo wajib"), default=10, help_text=_("Tanggal setiap bulan (1–28).")
    )
    metode_bunga = models.CharField(
        _("metode jasa"), max_length=10, choices=MetodeBunga.choices, default=MetodeBunga.TANPA
    )
    suku_bunga_tahunan = models.DecimalField(_("jasa per tahun (%)"), max_digits=6, decimal_places=3, default=ZERO)
    saldo_minimum = _money(_("saldo minimum"), default=ZERO)
    jangka_bulan = models.PositiveSmallIntegerField(_("jangka (bulan)"), null=True, blank=True)
    aksi_jatuh_tempo = models.CharField(
        _("saat jatuh tempo"), max_length=12, choices=AksiJatuhTempo.choices, default=AksiJatuhTempo.KE_SUKARELA
    )
    denda_cair_awal_persen = models.DecimalField(
        _("denda pencairan sebelum jatuh tempo (%)"), max_digits=6, decimal_places=3, default=ZERO
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("produk simpanan")
        verbose_name_plural = _("produk simpanan")
        ordering = ["jenis", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "kode"], name="produk_simpanan_kode_unik"),
            models.CheckConstraint(condition=Q(setoran_tetap__gte=0), name="produk_setoran_tetap_tidak_negatif"),
            models.CheckConstraint(condition=Q(suku_bunga_tahunan__gte=0), name="produk_bunga_tidak_negatif"),
            models.CheckConstraint(
                condition=Q(hari_jatuh_tempo__gte=1, hari_jatuh_tempo__lte=28), name="produk_hari_jatuh_tempo_sah"
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def kode_akun_kontrol(self) -> str:
        return AKUN_KONTROL[JenisSimpanan(self.jenis)]


class StatusRekening(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    DITUTUP = "ditutup", _("Ditutup")


class RekeningQuerySet(models.QuerySet["RekeningSimpanan"]):
    def for_koperasi(self, koperasi: models.Model) -> "RekeningQuerySet":
        return self.filter(koperasi=koperasi)

    def aktif(self) -> "RekeningQuerySet":
        return self.filter(status=StatusRekening.AKTIF)


class RekeningSimpanan(models.Model):
    """One member's account in one savings product; ``saldo`` is kept with every movement."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="rekening_simpanan")
    anggota = models.ForeignKey("members.Anggota", on_delete=models.PROTECT, related_name="rekening_simpanan")
    produk = models.ForeignKey(ProdukSimpanan, on_delete=models.PROTECT, related_name="rekening")
    jenis = models.CharField(max_length=10, choices=JenisSimpanan.choices, editable=False)
    nomor = models.CharField(_("nomor rekening"), max_length=30)
    saldo = _money(_("saldo"), default=ZERO)
    status = models.CharField(max_length=10, choices=StatusRekening.choices, default=StatusRekening.AKTIF)
    dibuka = models.DateField(_("dibuka"))
    ditutup = models.DateField(_("ditutup"), null=True, blank=True)
    setoran_wajib = _money(_("setoran wajib per bulan"), default=ZERO)
    # berjangka only: the deposit's own term and rate, fixed when it is placed
    tanggal_mulai = models.DateField(null=True, blank=True)
    tanggal_jatuh_tempo = models.DateField(_("jatuh tempo"), null=True, blank=True)
    suku_bunga_tahunan = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    rekening_pencairan = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text=_("sukarela tujuan")
    )

    objects = RekeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("rekening simpanan")
        verbose_name_plural = _("rekening simpanan")
        ordering = ["nomor"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "nomor"], name="rekening_nomor_unik"),
            models.UniqueConstraint(
                fields=["anggota", "produk"],
                condition=~Q(jenis="berjangka") & Q(status="aktif"),
                name="satu_rekening_aktif_per_produk",
            ),
            models.CheckConstraint(condition=Q(saldo__gte=0), name="rekening_saldo_tidak_negatif"),
        ]
        indexes = [
            models.Index(fields=["koperasi", "jenis", "status"]),
            models.Index(fields=["anggota", "jenis"]),
        ]

    def __str__(self) -> str:
        return f"{self.nomor} {self.produk}"


class JenisMutasi(models.TextChoices):
    SETOR = "setor", _("Setor")
    TARIK = "tarik", _("Tarik")
    PINDAH_MASUK = "pindah_masuk", _("Pemindahbukuan masuk")
    PINDAH_KELUAR = "pindah_keluar", _("Pemindahbukuan keluar")
    JASA = "jasa", _("Jasa simpanan")
    PAJAK = "pajak", _("Pajak jasa simpanan (PPh final)")
    DENDA = "denda", _("Denda pencairan awal")
    PENUTUPAN = "penutupan", _("Penutupan rekening")
    PEMBALIKAN = "pembalikan", _("Pembalikan")


class MutasiQuerySet(models.QuerySet["MutasiSimpanan"]):
    def for_koperasi(self, koperasi: models.Model) -> "MutasiQuerySet":
        return self.filter(koperasi=koperasi)


class MutasiSimpanan(models.Model):
    """One movement of an account: ``jumlah`` is signed (+ in, − out), ``saldo_setelah`` the
    running balance the buku simpanan prints."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    rekening = models.ForeignKey(RekeningSimpanan, on_delete=models.PROTECT, related_name="mutasi")
    tanggal = models.DateField(_("tanggal"))
    jenis = models.CharField(max_length=15, choices=JenisMutasi.choices)
    jumlah = _money(_("jumlah"))
    saldo_setelah = _money(_("saldo"))
    keterangan = models.CharField(max_length=200, blank=True)
    jurnal = models.ForeignKey("ledger.Jurnal", on_delete=models.PROTECT, related_name="mutasi_simpanan")
    kwitansi = models.ForeignKey("Kwitansi", null=True, blank=True, on_delete=models.PROTECT, related_name="mutasi")
    sesi_kas = models.ForeignKey("SesiKas", null=True, blank=True, on_delete=models.PROTECT, related_name="mutasi")
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    objects = MutasiQuerySet.as_manager()

    class Meta:
        ordering = ["tanggal", "id"]
        constraints = [models.CheckConstraint(condition=~Q(jumlah=0), name="mutasi_jumlah_bukan_nol")]
        indexes = [models.Index(fields=["rekening", "tanggal", "id"]), models.Index(fields=["koperasi", "tanggal"])]

    def __str__(self) -> str:
        return f"{self.rekening_id} {self.tanggal} {self.jumlah}"


def _token() -> str:
    return secrets.token_urlsafe(12)


class Kwitansi(models.Model):
    """A numbered receipt for money over the counter (UX.md: terbilang, QR, kasir)."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    nomor = models.CharField(max_length=30)
    waktu = models.DateTimeField(auto_now_add=True)
    anggota = models.ForeignKey("members.Anggota", on_delete=models.PROTECT, related_name="kwitansi")
    jumlah = _money(_("jumlah"))
    uraian = models.CharField(max_length=250)
    kasir = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    jurnal = models.ForeignKey("ledger.Jurnal", on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=30, default=_token, unique=True, editable=False)

    class Meta:
        ordering = ["-waktu", "-id"]
        constraints = [models.UniqueConstraint(fields=["koperasi", "nomor"], name="kwitansi_nomor_unik")]

    def __str__(self) -> str:
        return self.nomor


class SesiKas(models.Model):
    """A kasir's cash drawer for one day: opened with a float, closed with a count; a
    difference is posted to income or expense (selisih kas)."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    kasir = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sesi_kas")
    tanggal = models.DateField(_("tanggal"))
    saldo_awal = _money(_("uang modal laci"))
    dibuka_pada = models.DateTimeField(auto_now_add=True)
    ditutup_pada = models.DateTimeField(null=True, blank=True)
    uang_dihitung = _money(_("uang dihitung"), null=True, blank=True)
    selisih = _money(_("selisih"), null=True, blank=True)
    jurnal_selisih = models.ForeignKey(
        "ledger.Jurnal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["koperasi", "kasir"], condition=Q(ditutup_pada__isnull=True), name="satu_laci_terbuka_per_kasir"
            ),
            models.CheckConstraint(condition=Q(saldo_awal__gte=0), name="modal_laci_tidak_negatif"),
        ]

    def __str__(self) -> str:
        return f"Laci {self.kasir} {self.tanggal}"


class TagihanWajib(models.Model):
    """One month's simpanan wajib due from one member; deposits pay the oldest first."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    rekening = models.ForeignKey(RekeningSimpanan, on_delete=models.PROTECT, related_name="tagihan")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    jatuh_tempo = models.DateField()
    jumlah = _money(_("tagihan"))
    terbayar = _money(_("terbayar"), default=ZERO)

    class Meta:
        ordering = ["tahun", "bulan"]
        constraints = [
            models.UniqueConstraint(fields=["rekening", "tahun", "bulan"], name="tagihan_wajib_unik"),
            models.CheckConstraint(condition=Q(terbayar__lte=models.F("jumlah")), name="tagihan_tidak_lebih_bayar"),
        ]
        indexes = [models.Index(fields=["koperasi", "tahun", "bulan"])]

    def __str__(self) -> str:
        return f"Wajib {self.bulan:02d}/{self.tahun} {self.rekening_id}"

    @property
    def sisa(self) -> Any:
        return self.jumlah - self.terbayar


class StatusProses(models.TextChoices):
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")
    GAGAL = "gagal", _("Gagal")


class ProsesAkhirBulan(models.Model):
    """One month-end run of one koperasi (interest, tax, maturities); resumable."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=StatusProses.choices, default=StatusProses.BERJALAN)
    total = models.PositiveIntegerField(default=0)
    diproses = models.PositiveIntegerField(default=0)
    dimulai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dimulai = models.DateTimeField(auto_now_add=True)
    selesai = models.DateTimeField(null=True, blank=True)
    galat = models.TextField(blank=True)

    class Meta:
        ordering = ["-tahun", "-bulan"]
        constraints = [models.UniqueConstraint(fields=["koperasi", "tahun", "bulan"], name="proses_akhir_bulan_unik")]

    def __str__(self) -> str:
        return f"Akhir bulan {self.bulan:02d}/{self.tahun}"


class JasaSimpanan(models.Model):
    """Month-end interest of one account: gross, PP 15/2009 tax withheld, net credited."""

    proses = models.ForeignKey(ProsesAkhirBulan, on_delete=models.PROTECT, related_name="rincian")
    rekening = models.ForeignKey(RekeningSimpanan, on_delete=models.PROTECT, related_name="jasa")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    dasar = _money(_("saldo dasar"))
    bruto = _money(_("jasa bruto"))
    pajak = _money(_("pajak"))
    neto = _money(_("jasa neto"))
    jurnal = models.ForeignKey("ledger.Jurnal", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rekening", "tahun", "bulan"], name="jasa_sekali_sebulan")]

    def __str__(self) -> str:
        return f"Jasa {self.bulan:02d}/{self.tahun} {self.rekening_id}"
