"""Writes for loans up to the money going out: products, settings, the application, the
decision (maker-checker within the approver's limit) and the disbursement.

Payments are in ``loans.pembayaran``; rescheduling and write-off in
``loans.restrukturisasi``; month-end in ``loans.month_end``. Every refusal is a
``ValidationError`` in Bahasa Indonesia that says what to fix, raised before anything is
written (or inside the transaction, which then rolls back).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_changes, audit_record, snapshot
from gotong.core.formatting import rupiah
from gotong.core.money import ZERO, money, round_rupiah
from gotong.ledger import chart
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun_banyak
from gotong.loans import schedule
from gotong.loans.models import (
    Angsuran,
    BungaPelunasan,
    CaraCair,
    Jaminan,
    Metode,
    PengaturanPinjaman,
    Pinjaman,
    ProdukPinjaman,
    StatusPinjaman,
)
from gotong.loans.pembayaran import jurnal_kunci
from gotong.members.models import Anggota, StatusAnggota
from gotong.savings.models import JenisMutasi, Kwitansi
from gotong.savings.services import (
    KUNCI_WAJIB,
    check_kunci,
    kwitansi_buat,
    mutasi_catat,
    parse_jumlah,
    rekening_kunci,
    rekening_sukarela,
    sesi_kas_terbuka,
)
from gotong.tenancy.models import PENGURUS, Koperasi, NamaPeran
from gotong.tenancy.services import nomor_next

PRODUK_TIDAK_AKTIF = _("Produk pinjaman {nama} tidak aktif; pilih produk lain.")
PRODUK_LAIN_KOPERASI = _("Produk pinjaman ini bukan milik koperasi ini.")
ANGGOTA_LAIN_KOPERASI = _("Anggota ini bukan anggota koperasi ini.")
ANGGOTA_TIDAK_AKTIF = _("{nama} bukan anggota aktif; pinjaman hanya untuk anggota aktif.")
JUMLAH_DI_BAWAH = _("Jumlah pinjaman paling sedikit {minimum} untuk produk {produk}.")
JUMLAH_DI_ATAS = _("Jumlah pinjaman paling banyak {maksimum} untuk produk {produk}.")
TENOR_DI_LUAR = _("Jangka waktu produk {produk} adalah {minimum} sampai {maksimum} angsuran.")
TENOR_TIDAK_SAH = _("Tulis jangka waktu sebagai bilangan bulat, misalnya 12.")
PENGHASILAN_TIDAK_SAH = _("Isi penghasilan per bulan lebih dari nol.")
TUJUAN_WAJIB = _("Tulis tujuan pinjaman.")
JAMINAN_WAJIB = _("Pinjaman di atas {batas} harus dengan jaminan; isi jenis, uraian dan nilai taksirannya.")
JAMINAN_NILAI = _("Nilai taksiran jaminan tidak boleh negatif.")
BUKAN_DIAJUKAN = _("Pinjaman {nomor} sudah {status}; keputusan hanya untuk pengajuan yang menunggu.")
SETUJUI_SENDIRI = _("Anda yang memasukkan pengajuan ini; persetujuan harus oleh orang lain (empat mata).")
DI_ATAS_BATAS = _("Pinjaman {jumlah} di atas batas persetujuan Anda ({batas}); minta pengurus lain memutuskan.")
TIDAK_BERWENANG = _("Peran Anda tidak berwenang menyetujui pinjaman.")
ALASAN_TOLAK = _("Tulis alasan penolakan; alasan itu disampaikan kepada anggota.")
BELUM_DISETUJUI = _("Pinjaman {nomor} belum disetujui (status: {status}); hanya pinjaman disetujui yang dicairkan.")
TANGGAL_SEBELUM_SETUJU = _("Tanggal pencairan tidak boleh sebelum tanggal persetujuan.")
CARA_CAIR_TIDAK_SAH = _("Pilih cara pencairan: tunai atau ke simpanan sukarela.")
BIAYA_MELEBIHI = _("Biaya pinjaman ({biaya}) tidak boleh sama dengan atau lebih dari jumlah pinjaman.")
RASIO_TIDAK_SAH = _("{nama} harus antara 0 dan 100 persen.")
ANGKA_NEGATIF = _("{nama} tidak boleh negatif.")
PLAFON_TERBALIK = _("Pinjaman maksimum harus sama dengan atau lebih dari pinjaman minimum.")
TENOR_TERBALIK = _("Jangka maksimum harus sama dengan atau lebih dari jangka minimum (paling sedikit 1).")
TENGGANG_TERLALU_PANJANG = _("Masa tenggang harus lebih pendek dari jangka minimum.")
PITA_TIDAK_URUT = _("Batas hari harus naik: Kurang Lancar < Diragukan < Macet.")
BATAS_TIDAK_SAH = _("Batas persetujuan {peran} harus jumlah rupiah atau kosong (tanpa batas).")

# Who may decide on a loan by default (the amounts are the koperasi's setting).
PEMUTUS = PENGURUS | {NamaPeran.MANAJER}


def _tenor(raw: object) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError) as exc:
        raise ValidationError({"tenor": str(TENOR_TIDAK_SAH)}) from exc
    return value


# --- Products and settings -----------------------------------------------------------------


@dataclass(frozen=True)
class ProdukBaku:
    kode: str
    nama: str
    nilai: dict[str, Any]


# A koperasi starts with three common KSP products (the koperasi edits them).
PRODUK_BAKU: tuple[ProdukBaku, ...] = (
    ProdukBaku(
        "umum",
        "Pinjaman umum (flat)",
        {
            "metode": Metode.FLAT,
            "suku_bunga": Decimal("1.25"),
            "tenor_min": 3,
            "tenor_maks": 36,
            "plafon_min": Decimal("500000"),
            "plafon_maks": Decimal("30000000"),
            "provisi_persen": Decimal("1"),
            "biaya_administrasi": Decimal("25000"),
            "pembulatan": 100,
        },
    ),
    ProdukBaku(
        "usaha",
        "Pinjaman usaha (menurun)",
        {
            "metode": Metode.MENURUN,
            "suku_bunga": Decimal("18"),
            "satuan_bunga": "tahun",
            "tenor_min": 6,
            "tenor_maks": 48,
            "plafon_min": Decimal("2000000"),
            "plafon_maks": Decimal("100000000"),
            "provisi_persen": Decimal("1"),
            "biaya_administrasi": Decimal("50000"),
            "asuransi_persen": Decimal("0.5"),
            "jaminan_di_atas": Decimal("10000000"),
            "pembulatan": 100,
        },
    ),
    ProdukBaku(
        "anuitas",
        "Pinjaman konsumtif (anuitas)",
        {
            "metode": Metode.ANUITAS,
            "suku_bunga": Decimal("15"),
            "satuan_bunga": "tahun",
            "tenor_min": 6,
            "tenor_maks": 60,
            "plafon_min": Decimal("1000000"),
            "plafon_maks": Decimal("75000000"),
            "provisi_persen": Decimal("0.5"),
            "biaya_administrasi": Decimal("50000"),
            "biaya_dipotong": False,
            "pembulatan": 1,
        },
    ),
    ProdukBaku(
        "mingguan",
        "Pinjaman mingguan pasar",
        {
            "metode": Metode.FLAT,
            "suku_bunga": Decimal("2"),
            "frekuensi": "mingguan",
            "tenor_min": 10,
            "tenor_maks": 50,
            "plafon_min": Decimal("300000"),
            "plafon_maks": Decimal("5000000"),
            "biaya_administrasi": Decimal("10000"),
            "pembulatan": 1000,
        },
    ),
)


def produk_default_siapkan(*, koperasi: Koperasi) -> list[ProdukPinjaman]:
    """Give a koperasi the default loan products and settings; what it has is kept as edited."""
    with transaction.atomic():
        pengaturan(koperasi)
        return [
            ProdukPinjaman.objects.get_or_create(
                koperasi=koperasi, kode=baku.kode, defaults={"nama": baku.nama, **baku.nilai}
            )[0]
            for baku in PRODUK_BAKU
        ]


def pengaturan(koperasi: Koperasi) -> PengaturanPinjaman:
    """The koperasi's loan settings (created with the defaults the first time)."""
    return PengaturanPinjaman.objects.get_or_create(koperasi=koperasi)[0]


PRODUK_FIELDS = [
    "nama",
    "metode",
    "suku_bunga",
    "satuan_bunga",
    "frekuensi",
    "tenor_min",
    "tenor_maks",
    "masa_tenggang",
    "plafon_min",
    "plafon_maks",
    "provisi_persen",
    "biaya_administrasi",
    "asuransi_persen",
    "biaya_dipotong",
    "denda_persen_harian",
    "denda_maks_persen",
    "pembulatan",
    "rasio_angsuran_maks",
    "jaminan_di_atas",
    "bunga_pelunasan",
    "aktif",
]
_PERSEN_PRODUK = {
    "suku_bunga": _("Suku bunga"),
    "provisi_persen": _("Provisi"),
    "asuransi_persen": _("Premi asuransi"),
    "denda_persen_harian": _("Denda per hari"),
    "denda_maks_persen": _("Batas denda"),
    "rasio_angsuran_maks": _("Angsuran maksimum"),
}
_UANG_PRODUK = {
    "plafon_min": _("Pinjaman minimum"),
    "plafon_maks": _("Pinjaman maksimum"),
    "biaya_administrasi": _("Biaya administrasi"),
    "jaminan_di_atas": _("Batas jaminan"),
}


def periksa_produk(p: ProdukPinjaman) -> None:
    errors: dict[str, str] = {}
    for field, nama in _PERSEN_PRODUK.items():
        if not ZERO <= getattr(p, field) <= 100:
            errors[field] = str(RASIO_TIDAK_SAH).format(nama=nama)
    for field, nama in _UANG_PRODUK.items():
        if getattr(p, field) < ZERO:
            errors[field] = str(ANGKA_NEGATIF).format(nama=nama)
    if p.plafon_maks < p.plafon_min:
        errors["plafon_maks"] = str(PLAFON_TERBALIK)
    if p.tenor_min < 1 or p.tenor_maks < p.tenor_min:
        errors["tenor_maks"] = str(TENOR_TERBALIK)
    if p.masa_tenggang >= p.tenor_min:
        errors["masa_tenggang"] = str(TENGGANG_TERLALU_PANJANG)
    if errors:
        raise ValidationError(errors)


def produk_simpan(*, koperasi: Koperasi, produk: ProdukPinjaman | None, actor: Any, data: dict[str, Any]) -> Any:
    """Create (``produk=None``, ``data`` with ``kode``) or change a product; audited."""
    with transaction.atomic():
        if produk is None:
            locked = ProdukPinjaman(koperasi=koperasi, kode=data["kode"])
            before: dict[str, Any] = {}
        else:
            locked = ProdukPinjaman.objects.select_for_update().get(pk=produk.pk, koperasi=koperasi)
            before = snapshot(locked, PRODUK_FIELDS)
        for field in PRODUK_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        periksa_produk(locked)
        locked.save()
        locked.refresh_from_db()
        audit_changes(
            koperasi=koperasi,
            aktor=actor,
            aksi="produk_pinjaman.ubah" if before else "produk_pinjaman.buat",
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked, PRODUK_FIELDS),
        )
        return locked


PENGATURAN_FIELDS = [
    "hari_kurang_lancar",
    "hari_diragukan",
    "hari_macet",
    "ppap_lancar",
    "ppap_kurang_lancar",
    "ppap_diragukan",
    "ppap_macet",
    "akrual_bunga",
    "batas_persetujuan",
    "angsuran_tepat_restrukturisasi",
]


def pengaturan_ubah(*, koperasi: Koperasi, actor: Any, data: dict[str, Any]) -> PengaturanPinjaman:
    """Change the loan settings (pengurus); audited."""
    with transaction.atomic():
        p = PengaturanPinjaman.objects.select_for_update().get(pk=pengaturan(koperasi).pk)
        before = snapshot(p, PENGATURAN_FIELDS)
        for field in PENGATURAN_FIELDS:
            if field in data:
                setattr(p, field, data[field])
        errors: dict[str, str] = {}
        if not p.hari_kurang_lancar < p.hari_diragukan < p.hari_macet:
            errors["hari_macet"] = str(PITA_TIDAK_URUT)
        for field in ("ppap_lancar", "ppap_kurang_lancar", "ppap_diragukan", "ppap_macet"):
            if not ZERO <= getattr(p, field) <= 100:
                errors[field] = str(RASIO_TIDAK_SAH).format(nama="PPAP")
        for peran, batas in (p.batas_persetujuan or {}).items():
            if batas is not None:
                try:
                    if money(str(batas)) < ZERO:
                        raise ValueError
                except ValueError:
                    errors["batas_persetujuan"] = str(BATAS_TIDAK_SAH).format(peran=peran)
        if errors:
            raise ValidationError(errors)
        p.save()
        p.refresh_from_db()
        audit_changes(
            koperasi=koperasi,
            aktor=actor,
            aksi="pengaturan_pinjaman.ubah",
            objek=p,
            sebelum=before,
            sesudah=snapshot(p, PENGATURAN_FIELDS),
        )
        return p


# --- Application ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DataJaminan:
    jenis: str
    uraian: str
    nilai_taksiran: Decimal
    dokumen: Any = None


def biaya_pinjaman(produk: ProdukPinjaman, pokok: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """Provisi, administrasi and asuransi of a loan of ``pokok`` (rounded in core.money)."""
    provisi = round_rupiah(pokok * produk.provisi_persen / 100)
    asuransi = round_rupiah(pokok * produk.asuransi_persen / 100)
    return provisi, money(produk.biaya_administrasi), asuransi


def periksa_pengajuan(*, produk: ProdukPinjaman, pokok: object, tenor: object) -> tuple[Decimal, int]:
    """The product's limits on amount and tenor; returns the parsed values."""
    jumlah = parse_jumlah(pokok, "pokok")
    n = _tenor(tenor)
    errors: dict[str, str] = {}
    if jumlah < produk.plafon_min:
        errors["pokok"] = str(JUMLAH_DI_BAWAH).format(minimum=rupiah(produk.plafon_min), produk=produk.nama)
    elif jumlah > produk.plafon_maks:
        errors["pokok"] = str(JUMLAH_DI_ATAS).format(maksimum=rupiah(produk.plafon_maks), produk=produk.nama)
    if not produk.tenor_min <= n <= produk.tenor_maks:
        errors["tenor"] = str(TENOR_DI_LUAR).format(
            produk=produk.nama, minimum=produk.tenor_min, maksimum=produk.tenor_maks
        )
    if errors:
        raise ValidationError(errors)
    try:
        schedule.periksa(_syarat_produk(produk, jumlah, n))
    except schedule.JadwalError as exc:
        raise ValidationError({"pokok": str(exc)}) from exc
    return jumlah, n


def _syarat_produk(produk: ProdukPinjaman, pokok: Decimal, tenor: int, mulai: dt.date | None = None) -> Any:
    return schedule.Syarat(
        pokok=pokok,
        tenor=tenor,
        metode=produk.metode,
        suku_bunga=produk.suku_bunga,
        satuan_bunga=produk.satuan_bunga,
        frekuensi=produk.frekuensi,
        masa_tenggang=produk.masa_tenggang,
        pembulatan=produk.pembulatan,
        mulai=mulai,
    )


def simulasi(*, produk: ProdukPinjaman, pokok: object, tenor: object, mulai: dt.date | None = None) -> Any:
    """The schedule a product gives for an amount and tenor (the public simulator)."""
    jumlah, n = periksa_pengajuan(produk=produk, pokok=pokok, tenor=tenor)
    return schedule.buat_jadwal(_syarat_produk(produk, jumlah, n, mulai))


def pengajuan_buat(
    *,
    koperasi: Koperasi,
    anggota: Anggota,
    produk: ProdukPinjaman,
    pokok: object,
    tenor: object,
    tujuan: str,
    penghasilan_bulanan: object,
    actor: Any,
    jaminan: list[DataJaminan] | None = None,
    penjamin_nama: str = "",
    penjamin_hubungan: str = "",
    penjamin_telepon: str = "",
    oleh_anggota: bool = False,
    petugas: Any = None,
    autodebet: bool = False,
) -> Pinjaman:
    """Record a loan application (by staff, or by the member from /saya/); nothing is posted."""
    if produk.koperasi_id != koperasi.pk:
        raise ValidationError(str(PRODUK_LAIN_KOPERASI))
    if anggota.koperasi_id != koperasi.pk:
        raise ValidationError(str(ANGGOTA_LAIN_KOPERASI))
    if anggota.status != StatusAnggota.AKTIF:
        raise ValidationError(str(ANGGOTA_TIDAK_AKTIF).format(nama=anggota.nama))
    if not produk.aktif:
        raise ValidationError({"produk": str(PRODUK_TIDAK_AKTIF).format(nama=produk.nama)})
    jumlah, n = periksa_pengajuan(produk=produk, pokok=pokok, tenor=tenor)
    errors: dict[str, str] = {}
    try:
        penghasilan = parse_jumlah(penghasilan_bulanan, "penghasilan_bulanan")
    except ValidationError:
        errors["penghasilan_bulanan"] = str(PENGHASILAN_TIDAK_SAH)
    if not tujuan.strip():
        errors["tujuan"] = str(TUJUAN_WAJIB)
    jaminan = [j for j in (jaminan or []) if j.uraian.strip() or j.nilai_taksiran]
    if jumlah > produk.jaminan_di_atas and not jaminan:
        errors["jaminan"] = str(JAMINAN_WAJIB).format(batas=rupiah(produk.jaminan_di_atas))
    if any(j.nilai_taksiran < ZERO for j in jaminan):
        errors["jaminan"] = str(JAMINAN_NILAI)
    if errors:
        raise ValidationError(errors)
    provisi, administrasi, asuransi = biaya_pinjaman(produk, jumlah)
    if provisi + administrasi + asuransi >= jumlah:
        raise ValidationError({"pokok": str(BIAYA_MELEBIHI).format(biaya=rupiah(provisi + administrasi + asuransi))})
    with transaction.atomic():
        urut = nomor_next(koperasi=koperasi, seri="pinjaman")
        pinjaman = Pinjaman.objects.create(
            koperasi=koperasi,
            anggota=anggota,
            produk=produk,
            nomor=f"PJ-{urut:06d}",
            pokok=jumlah,
            tenor=n,
            tujuan=tujuan.strip()[:200],
            penghasilan_bulanan=penghasilan,
            penjamin_nama=penjamin_nama.strip()[:120],
            penjamin_hubungan=penjamin_hubungan.strip()[:60],
            penjamin_telepon=penjamin_telepon.strip()[:20],
            diajukan_oleh=actor,
            oleh_anggota=oleh_anggota,
            metode=produk.metode,
            suku_bunga=produk.suku_bunga,
            satuan_bunga=produk.satuan_bunga,
            frekuensi=produk.frekuensi,
            masa_tenggang=produk.masa_tenggang,
            pembulatan=produk.pembulatan,
            provisi=provisi,
            administrasi=administrasi,
            asuransi=asuransi,
            biaya_dipotong=produk.biaya_dipotong,
            denda_persen_harian=produk.denda_persen_harian,
            denda_maks_persen=produk.denda_maks_persen,
            bunga_pelunasan=produk.bunga_pelunasan or BungaPelunasan.PERIODE_BERJALAN,
            petugas=petugas,
            autodebet=autodebet,
        )
        for j in jaminan:
            Jaminan.objects.create(
                pinjaman=pinjaman,
                jenis=j.jenis,
                uraian=j.uraian.strip()[:250],
                nilai_taksiran=money(j.nilai_taksiran),
                dokumen=j.dokumen or "",
            )
        audit_record(
            koperasi=koperasi,
            aktor=actor,
            aksi="pinjaman.ajukan",
            objek=pinjaman,
            sesudah={"pokok": str(jumlah), "tenor": n, "produk": produk.kode, "oleh_anggota": oleh_anggota},
        )
        return pinjaman


# --- Decision ------------------------------------------------------------------------------


def batas_persetujuan(*, koperasi: Koperasi, roles: frozenset[str]) -> Decimal | None:
    """The highest amount these roles may approve; None = no limit. Raises if none may."""
    batas = pengaturan(koperasi).batas_persetujuan or {}
    allowed = [peran for peran in roles if peran in batas]
    if not allowed:
        raise ValidationError(str(TIDAK_BERWENANG))
    if any(batas[peran] is None for peran in allowed):
        return None
    return max(money(str(batas[peran])) for peran in allowed)


def _lock(pinjaman: Pinjaman) -> Pinjaman:
    return (
        Pinjaman.objects.select_for_update(of=("self",))
        .select_related("anggota", "produk", "koperasi")
        .get(pk=pinjaman.pk, koperasi_id=pinjaman.koperasi_id)
    )


def _check_diajukan(p: Pinjaman) -> None:
    if p.status != StatusPinjaman.DIAJUKAN:
        raise ValidationError(str(BUKAN_DIAJUKAN).format(nomor=p.nomor, status=p.get_status_display().lower()))


def pinjaman_setujui(
    *,
    pinjaman: Pinjaman,
    actor: Any,
    roles: frozenset[str],
    catatan: str = "",
    petugas: Any = None,
    pada: dt.datetime | None = None,
) -> Pinjaman:
    """Approve an application: by someone other than who entered it, within their role's limit.
    ``pada``: when it was decided (now; the demo history passes past dates)."""
    with transaction.atomic():
        p = _lock(pinjaman)
        _check_diajukan(p)
        if p.diajukan_oleh_id == actor.pk:
            raise ValidationError(str(SETUJUI_SENDIRI))
        batas = batas_persetujuan(koperasi=p.koperasi, roles=roles)
        if batas is not None and p.pokok > batas:
            raise ValidationError(str(DI_ATAS_BATAS).format(jumlah=rupiah(p.pokok), batas=rupiah(batas)))
        p.status, p.diputus_oleh, p.diputus_pada = StatusPinjaman.DISETUJUI, actor, pada or timezone.now()
        p.catatan_keputusan = catatan.strip()[:300]
        if petugas is not None:
            p.petugas = petugas
        p.save()
        audit_record(
            koperasi=p.koperasi,
            aktor=actor,
            aksi="pinjaman.setujui",
            objek=p,
            sesudah={"status": p.status, "catatan": p.catatan_keputusan, "batas": str(batas) if batas else None},
        )
        return p


def pinjaman_tolak(*, pinjaman: Pinjaman, actor: Any, roles: frozenset[str], alasan: str) -> Pinjaman:
    """Reject an application with the reason the member is told; not by who entered it."""
    if not alasan.strip():
        raise ValidationError({"alasan": str(ALASAN_TOLAK)})
    with transaction.atomic():
        p = _lock(pinjaman)
        _check_diajukan(p)
        if p.diajukan_oleh_id == actor.pk:
            raise ValidationError(str(SETUJUI_SENDIRI))
        batas_persetujuan(koperasi=p.koperasi, roles=roles)  # only a decider may reject
        p.status, p.diputus_oleh, p.diputus_pada = StatusPinjaman.DITOLAK, actor, timezone.now()
        p.catatan_keputusan = alasan.strip()[:300]
        p.save()
        audit_record(
            koperasi=p.koperasi, aktor=actor, aksi="pinjaman.tolak", objek=p, sesudah={"alasan": p.catatan_keputusan}
        )
        return p


def pinjaman_batalkan(*, pinjaman: Pinjaman, actor: Any, alasan: str) -> Pinjaman:
    """Withdraw an application or an approved loan not yet disbursed."""
    if not alasan.strip():
        raise ValidationError({"alasan": str(ALASAN_TOLAK)})
    with transaction.atomic():
        p = _lock(pinjaman)
        if p.status not in (StatusPinjaman.DIAJUKAN, StatusPinjaman.DISETUJUI):
            raise ValidationError(str(BUKAN_DIAJUKAN).format(nomor=p.nomor, status=p.get_status_display().lower()))
        before = p.status
        p.status, p.catatan_keputusan = StatusPinjaman.DIBATALKAN, alasan.strip()[:300]
        p.save(update_fields=["status", "catatan_keputusan"])
        audit_record(
            koperasi=p.koperasi,
            aktor=actor,
            aksi="pinjaman.batal",
            objek=p,
            sebelum={"status": before},
            sesudah={"status": p.status, "alasan": p.catatan_keputusan},
        )
        return p


# --- Disbursement --------------------------------------------------------------------------


@dataclass(frozen=True)
class HasilCair:
    pinjaman: Pinjaman
    jurnal: Jurnal
    kwitansi: Kwitansi | None
    diterima: Decimal  # what the member receives


def jadwal_tulis(p: Pinjaman, mulai: dt.date, versi: int, syarat: schedule.Syarat | None = None) -> list[Angsuran]:
    """Write a loan's schedule rows (version ``versi``) from its terms."""
    jadwal = schedule.buat_jadwal(syarat or p.syarat(mulai))
    assert all(b.jatuh_tempo is not None for b in jadwal.baris), "a written schedule has due dates"
    return Angsuran.objects.bulk_create(
        Angsuran(
            koperasi_id=p.koperasi_id,
            pinjaman=p,
            versi=versi,
            ke=b.ke,
            jatuh_tempo=b.jatuh_tempo,  # type: ignore[misc]
            pokok=b.pokok,
            bunga=b.bunga,
        )
        for b in jadwal.baris
    )


def pinjaman_cairkan(*, pinjaman: Pinjaman, tanggal: dt.date, cara: str, actor: Any, kunci: str) -> HasilCair:
    """Disburse an approved loan: Dr 1.20 principal / Cr Kas or 2.10 sukarela what the member
    receives / Cr 4.20 provisi + administrasi / Cr 2.31 asuransi; write the schedule.

    Fees deducted at disbursement reduce what the member receives; fees paid separately are
    received in cash at the same counter (in the same entry, Dr Kas) — for a disbursement to
    sukarela they come in cash to the kasir's drawer.
    """
    check_kunci(kunci)
    if cara not in CaraCair.values:
        raise ValidationError({"cara": str(CARA_CAIR_TIDAK_SAH)})
    with transaction.atomic():
        p = _lock(pinjaman)
        done = jurnal_kunci(p, kunci)
        if done is not None:
            if done.pk != p.jurnal_cair_id:  # this loan's entry of another kind
                raise ValidationError(str(KUNCI_WAJIB))
            kw = Kwitansi.objects.filter(jurnal=done).first()
            return HasilCair(p, done, kw, p.pokok - (p.total_biaya if p.biaya_dipotong else ZERO))
        if p.status != StatusPinjaman.DISETUJUI:
            raise ValidationError(str(BELUM_DISETUJUI).format(nomor=p.nomor, status=p.get_status_display().lower()))
        if p.anggota.status != StatusAnggota.AKTIF:
            raise ValidationError(str(ANGGOTA_TIDAK_AKTIF).format(nama=p.anggota.nama))
        if p.diputus_pada and tanggal < timezone.localtime(p.diputus_pada).date():
            raise ValidationError({"tanggal": str(TANGGAL_SEBELUM_SETUJU)})
        koperasi = p.koperasi
        biaya = p.total_biaya
        diterima = p.pokok - biaya if p.biaya_dipotong else p.pokok
        tunai_masuk = biaya if not p.biaya_dipotong and cara == CaraCair.SUKARELA else ZERO
        butuh_laci = cara == CaraCair.TUNAI or tunai_masuk > ZERO
        sesi = sesi_kas_terbuka(koperasi=koperasi, kasir=actor, tanggal=tanggal) if butuh_laci else None
        piutang, kas, sukarela, pendapatan, asuransi = akun_banyak(
            koperasi,
            chart.PIUTANG_PINJAMAN,
            chart.KAS,
            chart.SIMPANAN_SUKARELA,
            chart.PROVISI_ADMINISTRASI,
            chart.UTANG_ASURANSI,
        )
        uraian = f"Pencairan pinjaman {p.nomor} a.n. {p.anggota.nama}"
        builder = JurnalBuilder(
            koperasi=koperasi,
            tanggal=tanggal,
            keterangan=uraian,
            sumber=SumberJurnal.PINJAMAN,
            sumber_id=str(p.pk),
            kunci=kunci,
            actor=actor,
        )
        builder.debit(piutang, p.pokok, anggota=p.anggota, keterangan=f"Pokok {p.nomor}")
        if tunai_masuk:
            builder.debit(kas, tunai_masuk, keterangan="Biaya pinjaman dibayar tunai")
        rekening = None
        if cara == CaraCair.SUKARELA:
            rekening = rekening_sukarela(p.anggota)
            builder.kredit(sukarela, p.pokok if not p.biaya_dipotong else diterima, anggota=p.anggota)
        else:
            bersih = diterima - (ZERO if p.biaya_dipotong else biaya)
            builder.kredit(kas, bersih)
        if p.provisi + p.administrasi > ZERO:
            builder.kredit(
                pendapatan, p.provisi + p.administrasi, anggota=p.anggota, keterangan="Provisi dan administrasi"
            )
        if p.asuransi > ZERO:
            builder.kredit(asuransi, p.asuransi, keterangan="Premi asuransi pinjaman")
        jurnal = builder.post()
        kw = None
        if butuh_laci:
            kw = kwitansi_buat(
                koperasi=koperasi,
                anggota=p.anggota,
                jumlah=diterima if cara == CaraCair.TUNAI else tunai_masuk,
                uraian=uraian if cara == CaraCair.TUNAI else f"Biaya pinjaman {p.nomor} a.n. {p.anggota.nama}",
                kasir=actor,
                jurnal=jurnal,
                tanggal=tanggal,
            )
        if rekening is not None:
            rek = rekening_kunci(rekening)
            mutasi_catat(
                rekening=rek,
                tanggal=tanggal,
                jenis=JenisMutasi.SETOR,
                jumlah=p.pokok if not p.biaya_dipotong else diterima,
                jurnal=jurnal,
                keterangan=f"Pencairan pinjaman {p.nomor}",
                actor=actor,
                kwitansi=kw,
                sesi_kas=sesi,
            )
        p.status, p.tanggal_cair, p.cara_cair, p.jurnal_cair = StatusPinjaman.AKTIF, tanggal, cara, jurnal
        p.sisa_pokok = p.pokok
        p.save()
        jadwal_tulis(p, tanggal, p.versi_jadwal)
        audit_record(
            koperasi=koperasi,
            aktor=actor,
            aksi="pinjaman.cair",
            objek=p,
            sesudah={"tanggal": tanggal.isoformat(), "cara": cara, "diterima": str(diterima), "jurnal": jurnal.nomor},
        )
        return HasilCair(p, jurnal, kw, diterima)
