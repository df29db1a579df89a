"""Member loans (pinjaman): products, the koperasi's loan settings, applications and loans,
collateral, the schedule, payments, and the month-end runs (collectibility, PPAP, accrual).

Rules in DOMAIN.md (Loans). The loan row keeps the subledger balances that ``check_books``
reconciles with the ledger: ``sisa_pokok`` with 1.20, ``bunga_akrual`` with 1.21,
``ppap`` with 1.20.99 and ``titipan`` with 2.13. A loan copies its product's terms when it
is applied for, so a later product change never alters a running loan.
"""

import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO
from gotong.loans import schedule


def _money(label: Any = "", **kwargs: Any) -> Any:
    return models.DecimalField(label, max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs)


def _persen(label: Any, **kwargs: Any) -> Any:
    return models.DecimalField(label, max_digits=7, decimal_places=3, **kwargs)


class Metode(models.TextChoices):
    FLAT = schedule.FLAT, _("Flat")
    MENURUN = schedule.MENURUN, _("Menurun (efektif)")
    ANUITAS = schedule.ANUITAS, _("Anuitas")


class SatuanBunga(models.TextChoices):
    PER_BULAN = schedule.PER_BULAN, _("per bulan")
    PER_TAHUN = schedule.PER_TAHUN, _("per tahun")


class Frekuensi(models.TextChoices):
    BULANAN = schedule.BULANAN, _("Bulanan")
    MINGGUAN = schedule.MINGGUAN, _("Mingguan")


class Pembulatan(models.IntegerChoices):
    RUPIAH = 1, _("Rp1")
    RATUS = 100, _("Rp100")
    RIBU = 1000, _("Rp1.000")


class BungaPelunasan(models.TextChoices):
    """Interest charged on early payoff (DOMAIN.md default: the current period only)."""

    PERIODE_BERJALAN = "berjalan", _("Bunga periode berjalan saja")
    TANPA = "tanpa", _("Tanpa bunga tambahan")
    SELURUH = "seluruh", _("Seluruh sisa bunga terjadwal")


class ProdukPinjaman(models.Model):
    """A loan product of one koperasi with its terms."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="produk_pinjaman")
    kode = models.SlugField(_("kode"), max_length=30)
    nama = models.CharField(_("nama produk"), max_length=100)
    metode = models.CharField(_("metode"), max_length=10, choices=Metode.choices, default=Metode.FLAT)
    suku_bunga = _persen(_("suku bunga (%)"))
    satuan_bunga = models.CharField(
        _("satuan bunga"), max_length=5, choices=SatuanBunga.choices, default=SatuanBunga.PER_BULAN
    )
    frekuensi = models.CharField(_("angsuran"), max_length=10, choices=Frekuensi.choices, default=Frekuensi.BULANAN)
    tenor_min = models.PositiveSmallIntegerField(_("jangka minimum (angsuran)"), default=1)
    tenor_maks = models.PositiveSmallIntegerField(_("jangka maksimum (angsuran)"), default=36)
    masa_tenggang = models.PositiveSmallIntegerField(_("masa tenggang (angsuran)"), default=0)
    plafon_min = _money(_("pinjaman minimum"), default=Decimal("500000"))
    plafon_maks = _money(_("pinjaman maksimum"), default=Decimal("50000000"))
    provisi_persen = _persen(_("provisi (%)"), default=ZERO)
    biaya_administrasi = _money(_("biaya administrasi"), default=ZERO)
    asuransi_persen = _persen(_("premi asuransi (%)"), default=ZERO)
    biaya_dipotong = models.BooleanField(
        _("biaya dipotong dari pencairan"), default=True, help_text=_("Jika tidak, anggota membayar biaya terpisah.")
    )
    denda_persen_harian = _persen(_("denda per hari (%)"), default=Decimal("0.1"))
    denda_maks_persen = _persen(
        _("batas denda (%)"), default=Decimal("10"), help_text=_("Dari jumlah angsuran yang terlambat.")
    )
    pembulatan = models.PositiveIntegerField(_("pembulatan angsuran"), choices=Pembulatan.choices, default=1)
    rasio_angsuran_maks = _persen(_("angsuran maksimum (% penghasilan)"), default=Decimal("40"))
    jaminan_di_atas = _money(_("jaminan wajib di atas"), default=Decimal("10000000"))
    bunga_pelunasan = models.CharField(
        _("bunga saat pelunasan dipercepat"),
        max_length=10,
        choices=BungaPelunasan.choices,
        default=BungaPelunasan.PERIODE_BERJALAN,
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("produk pinjaman")
        verbose_name_plural = _("produk pinjaman")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "kode"], name="produk_pinjaman_kode_unik"),
            models.CheckConstraint(condition=Q(suku_bunga__gte=0), name="produk_pinjaman_bunga_tidak_negatif"),
            models.CheckConstraint(condition=Q(tenor_min__gte=1), name="produk_pinjaman_tenor_min"),
            models.CheckConstraint(condition=Q(tenor_maks__gte=models.F("tenor_min")), name="produk_pinjaman_tenor"),
            models.CheckConstraint(condition=Q(plafon_maks__gte=models.F("plafon_min")), name="produk_pinjaman_plafon"),
        ]

    def __str__(self) -> str:
        return self.nama


def _batas_baku() -> dict[str, Any]:
    # Approval limits per role (DOMAIN.md: a setting); None = no limit.
    return {"manajer": "10000000", "bendahara": "25000000", "sekretaris": "25000000", "ketua": None}


class PengaturanPinjaman(models.Model):
    """A koperasi's loan settings: collectibility day bands, PPAP rates, approval limits, accrual.

    Defaults from DOMAIN.md: bands after Permen KUKM 14/2009 as used with Perdep
    06/Per/Dep.6/IV/2016 (Lancar ≤ 90 days, Kurang Lancar 91–180, Diragukan 181–270,
    Macet > 270); PPAP rates 0.5/10/50/100% (BPR-style practice, a setting).
    """

    koperasi = models.OneToOneField("tenancy.Koperasi", on_delete=models.PROTECT, related_name="pengaturan_pinjaman")
    hari_kurang_lancar = models.PositiveSmallIntegerField(_("Kurang Lancar setelah (hari)"), default=90)
    hari_diragukan = models.PositiveSmallIntegerField(_("Diragukan setelah (hari)"), default=180)
    hari_macet = models.PositiveSmallIntegerField(_("Macet setelah (hari)"), default=270)
    ppap_lancar = _persen(_("PPAP Lancar (%)"), default=Decimal("0.5"))
    ppap_kurang_lancar = _persen(_("PPAP Kurang Lancar (%)"), default=Decimal("10"))
    ppap_diragukan = _persen(_("PPAP Diragukan (%)"), default=Decimal("50"))
    ppap_macet = _persen(_("PPAP Macet (%)"), default=Decimal("100"))
    akrual_bunga = models.BooleanField(
        _("bunga diakui secara akrual"), default=False, help_text=_("Bunga jatuh tempo yang belum dibayar dicatat.")
    )
    batas_persetujuan = models.JSONField(_("batas persetujuan per peran"), default=_batas_baku)
    angsuran_tepat_restrukturisasi = models.PositiveSmallIntegerField(
        _("angsuran tepat waktu sebelum kolektibilitas restrukturisasi membaik"), default=3
    )

    class Meta:
        verbose_name = _("pengaturan pinjaman")
        constraints = [
            models.CheckConstraint(
                condition=Q(hari_kurang_lancar__lt=models.F("hari_diragukan"))
                & Q(hari_diragukan__lt=models.F("hari_macet")),
                name="pengaturan_pinjaman_pita_urut",
            )
        ]

    def __str__(self) -> str:
        return f"Pengaturan pinjaman {self.koperasi_id}"


class StatusPinjaman(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")
    AKTIF = "aktif", _("Berjalan")
    LUNAS = "lunas", _("Lunas")
    HAPUS_BUKU = "hapus_buku", _("Hapus buku")


class Kolektibilitas(models.IntegerChoices):
    LANCAR = 1, _("Lancar")
    KURANG_LANCAR = 2, _("Kurang Lancar")
    DIRAGUKAN = 3, _("Diragukan")
    MACET = 4, _("Macet")


class CaraCair(models.TextChoices):
    TUNAI = "tunai", _("Tunai di loket")
    SUKARELA = "sukarela", _("Ke simpanan sukarela")


class PinjamanQuerySet(models.QuerySet["Pinjaman"]):
    def for_koperasi(self, koperasi: models.Model) -> "PinjamanQuerySet":
        return self.filter(koperasi=koperasi)

    def berjalan(self) -> "PinjamanQuerySet":
        return self.filter(status=StatusPinjaman.AKTIF)


class Pinjaman(models.Model):
    """One loan from application to payoff; the terms are copied from the product."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="pinjaman")
    anggota = models.ForeignKey("members.Anggota", on_delete=models.PROTECT, related_name="pinjaman")
    produk = models.ForeignKey(ProdukPinjaman, on_delete=models.PROTECT, related_name="pinjaman")
    nomor = models.CharField(_("nomor pinjaman"), max_length=30)
    status = models.CharField(max_length=12, choices=StatusPinjaman.choices, default=StatusPinjaman.DIAJUKAN)

    # the application
    pokok = _money(_("jumlah pinjaman"))
    tenor = models.PositiveSmallIntegerField(_("jangka waktu (angsuran)"))
    tujuan = models.CharField(_("tujuan pinjaman"), max_length=200)
    penghasilan_bulanan = _money(_("penghasilan per bulan"))
    penjamin_nama = models.CharField(_("nama penjamin"), max_length=120, blank=True)
    penjamin_hubungan = models.CharField(_("hubungan penjamin"), max_length=60, blank=True)
    penjamin_telepon = models.CharField(_("telepon penjamin"), max_length=20, blank=True)
    # Foreign keys nobody filters loans by carry no index: every index is rewritten when the
    # month-end updates a loan's collectibility and provision (bench/loans_month_end.py).
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    diajukan_pada = models.DateTimeField(auto_now_add=True)
    oleh_anggota = models.BooleanField(default=False, help_text=_("Diajukan sendiri oleh anggota."))

    # the terms, frozen from the product at application
    metode = models.CharField(max_length=10, choices=Metode.choices)
    suku_bunga = _persen(_("suku bunga (%)"))
    satuan_bunga = models.CharField(max_length=5, choices=SatuanBunga.choices)
    frekuensi = models.CharField(max_length=10, choices=Frekuensi.choices)
    masa_tenggang = models.PositiveSmallIntegerField(default=0)
    pembulatan = models.PositiveIntegerField(choices=Pembulatan.choices, default=1)
    provisi = _money(_("provisi"), default=ZERO)
    administrasi = _money(_("administrasi"), default=ZERO)
    asuransi = _money(_("asuransi"), default=ZERO)
    biaya_dipotong = models.BooleanField(default=True)
    denda_persen_harian = _persen(_("denda per hari (%)"), default=ZERO)
    denda_maks_persen = _persen(_("batas denda (%)"), default=ZERO)
    bunga_pelunasan = models.CharField(max_length=10, choices=BungaPelunasan.choices)

    # the decision
    diputus_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    diputus_pada = models.DateTimeField(null=True, blank=True)
    catatan_keputusan = models.CharField(_("catatan/alasan"), max_length=300, blank=True)

    # the running loan
    tanggal_cair = models.DateField(_("tanggal pencairan"), null=True, blank=True)
    cara_cair = models.CharField(max_length=10, choices=CaraCair.choices, blank=True)
    jurnal_cair = models.ForeignKey(
        "ledger.Jurnal", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    versi_jadwal = models.PositiveSmallIntegerField(default=1)
    sisa_pokok = _money(_("sisa pokok"), default=ZERO)
    bunga_akrual = _money(_("piutang jasa (akrual)"), default=ZERO)
    ppap = _money(_("PPAP"), default=ZERO)
    titipan = _money(_("titipan angsuran"), default=ZERO)
    kolektibilitas = models.PositiveSmallIntegerField(choices=Kolektibilitas.choices, default=Kolektibilitas.LANCAR)
    hari_tunggakan = models.PositiveIntegerField(default=0)
    direstrukturisasi = models.BooleanField(default=False)
    kolektibilitas_restrukturisasi = models.PositiveSmallIntegerField(
        choices=Kolektibilitas.choices, null=True, blank=True
    )
    petugas = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pinjaman_dikelola",
        verbose_name=_("petugas lapangan"),
    )
    autodebet = models.BooleanField(_("potong otomatis dari simpanan sukarela"), default=False)
    tanggal_lunas = models.DateField(null=True, blank=True)
    hapus_buku_diusulkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    hapus_buku_alasan = models.CharField(max_length=300, blank=True)
    tanggal_hapus_buku = models.DateField(null=True, blank=True)
    sisa_hapus_buku = _money(_("sisa pinjaman dihapusbukukan"), default=ZERO)

    objects = PinjamanQuerySet.as_manager()

    class Meta:
        verbose_name = _("pinjaman")
        verbose_name_plural = _("pinjaman")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "nomor"], name="pinjaman_nomor_unik"),
            models.CheckConstraint(condition=Q(pokok__gt=0), name="pinjaman_pokok_positif"),
            models.CheckConstraint(condition=Q(sisa_pokok__gte=0), name="pinjaman_sisa_pokok_tidak_negatif"),
            models.CheckConstraint(condition=Q(sisa_pokok__lte=models.F("pokok")), name="pinjaman_sisa_maks_pokok"),
            models.CheckConstraint(condition=Q(titipan__gte=0), name="pinjaman_titipan_tidak_negatif"),
            models.CheckConstraint(condition=Q(ppap__gte=0), name="pinjaman_ppap_tidak_negatif"),
            models.CheckConstraint(condition=Q(bunga_akrual__gte=0), name="pinjaman_akrual_tidak_negatif"),
        ]
        indexes = [
            models.Index(fields=["koperasi", "status"]),
            models.Index(fields=["koperasi", "status", "kolektibilitas"]),
            models.Index(fields=["anggota", "status"]),
        ]

    def __str__(self) -> str:
        return self.nomor

    @property
    def total_biaya(self) -> Decimal:
        return self.provisi + self.administrasi + self.asuransi

    def syarat(self, mulai: Any = None) -> schedule.Syarat:
        return schedule.Syarat(
            pokok=self.pokok,
            tenor=self.tenor,
            metode=self.metode,
            suku_bunga=self.suku_bunga,
            satuan_bunga=self.satuan_bunga,
            frekuensi=self.frekuensi,
            masa_tenggang=self.masa_tenggang,
            pembulatan=self.pembulatan,
            mulai=mulai,
        )


def _dokumen_path(instance: "Jaminan", filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"jaminan/{instance.pinjaman.koperasi_id}/{secrets.token_hex(12)}.{ext}"


class JenisJaminan(models.TextChoices):
    BPKB = "bpkb", _("BPKB kendaraan")
    SERTIFIKAT = "sertifikat", _("Sertifikat tanah/bangunan")
    SIMPANAN = "simpanan", _("Simpanan berjangka")
    EMAS = "emas", _("Emas")
    SK = "sk", _("SK pegawai")
    LAINNYA = "lainnya", _("Lainnya")


# Share of the estimated value counted against the provision (PPAP); a practice, not a
# ministry table (DOMAIN.md says "eligible collateral"): cash-like collateral in full,
# gold at 80%, land and vehicles at half, an employment letter not at all.
PERSEN_DIAKUI = {
    JenisJaminan.SIMPANAN: Decimal("100"),
    JenisJaminan.EMAS: Decimal("80"),
    JenisJaminan.SERTIFIKAT: Decimal("50"),
    JenisJaminan.BPKB: Decimal("50"),
    JenisJaminan.SK: ZERO,
    JenisJaminan.LAINNYA: ZERO,
}


class Jaminan(models.Model):
    """Collateral pledged for a loan."""

    pinjaman = models.ForeignKey(Pinjaman, on_delete=models.PROTECT, related_name="jaminan")
    jenis = models.CharField(_("jenis jaminan"), max_length=12, choices=JenisJaminan.choices)
    uraian = models.CharField(_("uraian"), max_length=250)
    nilai_taksiran = _money(_("nilai taksiran"))
    dokumen = models.FileField(_("dokumen"), upload_to=_dokumen_path, blank=True)

    class Meta:
        verbose_name = _("jaminan")
        verbose_name_plural = _("jaminan")
        constraints = [models.CheckConstraint(condition=Q(nilai_taksiran__gte=0), name="jaminan_nilai_tidak_negatif")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.uraian}"

    @property
    def nilai_diakui(self) -> Decimal:
        return self.nilai_taksiran * PERSEN_DIAKUI.get(JenisJaminan(self.jenis), ZERO) / 100


class Angsuran(models.Model):
    """One installment of a loan's schedule. Rescheduling starts a new ``versi``; the old
    rows stay as history."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    pinjaman = models.ForeignKey(Pinjaman, on_delete=models.PROTECT, related_name="angsuran")
    versi = models.PositiveSmallIntegerField(default=1)
    ke = models.PositiveSmallIntegerField()
    jatuh_tempo = models.DateField(_("jatuh tempo"))
    pokok = _money(_("pokok"))
    bunga = _money(_("bunga"))
    pokok_dibayar = _money(default=ZERO)
    bunga_dibayar = _money(default=ZERO)
    bunga_dibebaskan = _money(default=ZERO)
    # interest in arrears carried into this row by a rescheduling: already earned, so an early
    # payoff never waives it (part of ``bunga``)
    bunga_dibawa = _money(default=ZERO)
    denda = _money(_("denda"), default=ZERO)
    denda_dibayar = _money(default=ZERO)
    denda_dihitung_sampai = models.DateField(null=True, blank=True)
    lunas_pada = models.DateField(null=True, blank=True)
    aktif = models.BooleanField(default=True)

    class Meta:
        ordering = ["versi", "ke"]
        constraints = [
            models.UniqueConstraint(fields=["pinjaman", "versi", "ke"], name="angsuran_unik"),
            models.CheckConstraint(condition=Q(pokok_dibayar__lte=models.F("pokok")), name="angsuran_pokok_lebih"),
            models.CheckConstraint(
                condition=Q(bunga_dibayar__lte=models.F("bunga") - models.F("bunga_dibebaskan")),
                name="angsuran_bunga_lebih",
            ),
            models.CheckConstraint(condition=Q(denda_dibayar__lte=models.F("denda")), name="angsuran_denda_lebih"),
        ]
        indexes = [
            models.Index(fields=["koperasi", "aktif", "lunas_pada", "jatuh_tempo"]),
            models.Index(fields=["pinjaman", "aktif", "ke"]),
        ]

    def __str__(self) -> str:
        return f"{self.pinjaman_id} #{self.ke}"

    @property
    def total(self) -> Decimal:
        return self.pokok + self.bunga

    @property
    def sisa_pokok(self) -> Decimal:
        return self.pokok - self.pokok_dibayar

    @property
    def sisa_bunga(self) -> Decimal:
        return self.bunga - self.bunga_dibebaskan - self.bunga_dibayar

    @property
    def sisa_denda(self) -> Decimal:
        return self.denda - self.denda_dibayar

    @property
    def sisa(self) -> Decimal:
        return self.sisa_pokok + self.sisa_bunga + self.sisa_denda


class JenisPembayaran(models.TextChoices):
    ANGSURAN = "angsuran", _("Angsuran")
    AUTODEBET = "autodebet", _("Potong simpanan sukarela")
    TITIPAN = "titipan", _("Dari titipan")
    PELUNASAN = "pelunasan", _("Pelunasan dipercepat")
    PEMULIHAN = "pemulihan", _("Pemulihan pinjaman hapus buku")


class CaraBayar(models.TextChoices):
    LOKET = "loket", _("Tunai di loket")
    PETUGAS = "petugas", _("Petugas lapangan")
    SUKARELA = "sukarela", _("Simpanan sukarela")
    TITIPAN = "titipan", _("Titipan angsuran")


class PembayaranPinjaman(models.Model):
    """One payment on a loan with its allocation (denda → bunga → pokok, oldest first)."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    pinjaman = models.ForeignKey(Pinjaman, on_delete=models.PROTECT, related_name="pembayaran")
    tanggal = models.DateField(_("tanggal"))
    jenis = models.CharField(max_length=10, choices=JenisPembayaran.choices, default=JenisPembayaran.ANGSURAN)
    cara = models.CharField(max_length=10, choices=CaraBayar.choices, default=CaraBayar.LOKET)
    jumlah = _money(_("jumlah"))
    denda = _money(_("denda"), default=ZERO)
    bunga = _money(_("bunga"), default=ZERO)
    pokok = _money(_("pokok"), default=ZERO)
    titipan = _money(_("titipan"), default=ZERO, help_text=_("Positif: disimpan; negatif: dipakai."))
    sisa_pokok_setelah = _money(_("sisa pokok"))
    jurnal = models.ForeignKey("ledger.Jurnal", on_delete=models.PROTECT, related_name="pembayaran_pinjaman")
    kwitansi = models.ForeignKey(
        "savings.Kwitansi", null=True, blank=True, on_delete=models.PROTECT, related_name="pembayaran_pinjaman"
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tanggal", "id"]
        indexes = [models.Index(fields=["pinjaman", "tanggal"]), models.Index(fields=["koperasi", "tanggal"])]

    def __str__(self) -> str:
        return f"{self.pinjaman_id} {self.tanggal} {self.jumlah}"


class ProsesAkhirBulanPinjaman(models.Model):
    """One month-end run of the loan book of one koperasi; resumable."""

    koperasi = models.ForeignKey("tenancy.Koperasi", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, default="berjalan")
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
        constraints = [
            models.UniqueConstraint(fields=["koperasi", "tahun", "bulan"], name="proses_pinjaman_bulan_unik")
        ]

    def __str__(self) -> str:
        return f"Akhir bulan pinjaman {self.bulan:02d}/{self.tahun}"


class KolektibilitasBulanan(models.Model):
    """A loan's standing at one month's end: collectibility, days past due, provision, accrual."""

    proses = models.ForeignKey(ProsesAkhirBulanPinjaman, on_delete=models.PROTECT, related_name="rincian")
    pinjaman = models.ForeignKey(Pinjaman, on_delete=models.PROTECT, related_name="riwayat_kolektibilitas")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    kolektibilitas = models.PositiveSmallIntegerField(choices=Kolektibilitas.choices)
    hari_tunggakan = models.PositiveIntegerField()
    sisa_pokok = _money(_("sisa pokok"))
    jaminan_diakui = _money(_("jaminan diakui"), default=ZERO)
    ppap = _money(_("PPAP wajib"))
    bunga_akrual = _money(_("piutang jasa"), default=ZERO)
    jurnal = models.ForeignKey("ledger.Jurnal", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["tahun", "bulan"]
        constraints = [
            models.UniqueConstraint(fields=["pinjaman", "tahun", "bulan"], name="kolektibilitas_sekali_sebulan")
        ]
        indexes = [models.Index(fields=["proses", "kolektibilitas"])]

    def __str__(self) -> str:
        return f"{self.pinjaman_id} {self.bulan:02d}/{self.tahun} {self.kolektibilitas}"
