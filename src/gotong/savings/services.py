"""Writes for savings. Every movement: lock the account row, check the rule, post one
balanced journal entry, record the movement with the running balance — all in one
transaction, idempotent by the caller's key (a retried request never posts twice).

Products and account opening live here too; the cash drawer is in ``savings.laci`` and
the exit settlement in ``savings.penyelesaian``.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_changes, snapshot
from gotong.core.formatting import rupiah
from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO, money
from gotong.ledger import chart
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun, akun_banyak
from gotong.members.models import Anggota, StatusAnggota
from gotong.savings.models import (
    AksiJatuhTempo,
    JenisMutasi,
    JenisSimpanan,
    Kwitansi,
    MetodeBunga,
    MutasiSimpanan,
    ProdukSimpanan,
    RekeningSimpanan,
    SesiKas,
    StatusRekening,
)
from gotong.savings.wajib import tagihan_wajib_lunasi
from gotong.tenancy.models import Koperasi
from gotong.tenancy.services import nomor_next

JUMLAH_TIDAK_SAH = _("Tulis jumlah dalam rupiah, misalnya 50000 atau 50.000.")
JUMLAH_HARUS_POSITIF = _("Jumlah harus lebih dari nol.")
JUMLAH_DUA_DESIMAL = _("Jumlah paling banyak dua angka di belakang koma.")
JUMLAH_TERLALU_BESAR = _("Jumlah terlalu besar; periksa lagi angkanya.")
SALDO_TIDAK_CUKUP = _("Saldo tidak cukup: saldo {saldo}, saldo minimum {minimum}, diminta {jumlah}.")
TIDAK_BOLEH_DITARIK = _("{jenis} tidak bisa ditarik selama masih menjadi anggota (UU 25/1992 Pasal 41).")
BERJANGKA_TIDAK_DITARIK = _(
    "Simpanan berjangka tidak ditarik sebagian; pakai Cairkan (sebelum jatuh tempo dikenai denda)."
)
BERJANGKA_TIDAK_DITAMBAH = _("Simpanan berjangka tidak bisa ditambah; buka simpanan berjangka baru.")
POKOK_SUDAH_LUNAS = _("Simpanan pokok {nomor} sudah lunas.")
POKOK_LEBIH = _("Simpanan pokok dibayar sekali sebesar {tetap}; sisa yang harus dibayar {sisa}.")
REKENING_TIDAK_AKTIF = _("Rekening {nomor} sudah ditutup.")
ANGGOTA_TIDAK_AKTIF = _("{nama} bukan anggota aktif; transaksi simpanan tidak bisa dilakukan.")
REKENING_LAIN_KOPERASI = _("Rekening ini bukan milik koperasi ini.")
PINDAH_REKENING_SAMA = _("Rekening asal dan tujuan harus berbeda.")
PINDAH_ANGGOTA_LAIN = _("Pemindahbukuan hanya antar rekening anggota yang sama.")
LACI_BELUM_DIBUKA = _("Buka laci kas dulu (isi uang modal laci) sebelum menerima atau membayar uang tunai.")
LACI_HARI_LAIN = _(
    "Laci kas Anda yang masih terbuka bertanggal {tanggal}; tutup laci itu dulu, lalu buka laci untuk hari ini."
)
KUNCI_WAJIB = _("Formulir ini sudah kedaluwarsa; muat ulang halaman lalu ulangi.")
PRODUK_BUKAN_BERJANGKA = _("Pilih produk simpanan berjangka.")
PRODUK_TIDAK_AKTIF = _("Produk {nama} tidak aktif.")
TIDAK_ADA_SUKARELA = _("{nama} belum punya rekening simpanan sukarela untuk pencairan berjangka; buka dulu.")
BUKAN_BERJANGKA = _("Hanya simpanan berjangka yang dicairkan dengan cara ini.")
SUMBER_BERJANGKA_TIDAK_SAH = _("Pilih sumber dana: tunai atau simpanan sukarela.")
SUKU_BUNGA_TIDAK_SAH = _("Jasa per tahun harus antara 0 dan 100 persen.")
DENDA_TIDAK_SAH = _("Denda pencairan awal harus antara 0 dan 100 persen.")
SETORAN_TETAP_WAJIB = _("Isi setoran tetap lebih dari nol untuk simpanan pokok dan wajib.")
JANGKA_WAJIB = _("Isi jangka (bulan) untuk simpanan berjangka.")
HARI_JATUH_TEMPO_TIDAK_SAH = _("Tanggal jatuh tempo wajib harus 1 sampai 28.")
SALDO_MINIMUM_TIDAK_SAH = _("Saldo minimum tidak boleh negatif.")
UANG_NEGATIF = _("Jumlah uang tidak boleh negatif.")

# Income account for the early-withdrawal penalty of a term deposit: it is a denda, a
# non-interest income like late-payment penalties (DOMAIN.md, Loans: fees and denda).
AKUN_DENDA = "4.21"
# Prefix of the account numbers per kind: SP-000123, SW-…, SS-…, SB-….
AWALAN_NOMOR = {
    JenisSimpanan.POKOK: "SP",
    JenisSimpanan.WAJIB: "SW",
    JenisSimpanan.SUKARELA: "SS",
    JenisSimpanan.BERJANGKA: "SB",
}
_BATAS_JUMLAH = Decimal(10) ** (MONEY_MAX_DIGITS - MONEY_DECIMAL_PLACES)
_ANGKA = re.compile(r"[+-]?[0-9.,]+")
_RIBUAN = re.compile(r"[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+")


def _teks_ke_angka(raw: object, field: str) -> Decimal:
    text = str(raw).strip().replace("Rp", "").replace("rp", "").replace(" ", "")
    if not _ANGKA.fullmatch(text):  # also refuses 1e3, NaN, Infinity
        raise ValidationError({field: str(JUMLAH_TIDAK_SAH)})
    if "," in text:  # Indonesian decimal comma: 1.250.000,50
        text = text.replace(".", "").replace(",", ".")
    elif _RIBUAN.fullmatch(text):
        text = text.replace(".", "")  # thousands dots: 1.250.000
    try:
        return Decimal(text)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the same message
        raise ValidationError({field: str(JUMLAH_TIDAK_SAH)}) from exc


def _angka(value: object, field: str) -> Decimal:
    """A Decimal or int as it is; text parsed the Indonesian way; anything else refused."""
    if isinstance(value, str):
        return _teks_ke_angka(value, field)
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValidationError({field: str(JUMLAH_TIDAK_SAH)})  # a float never reaches the books
    if not Decimal(value).is_finite():
        raise ValidationError({field: str(JUMLAH_TIDAK_SAH)})
    return Decimal(value)


def _uang(value: object, field: str, *, nol_boleh: bool) -> Decimal:
    amount = _angka(value, field)
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError({field: str(JUMLAH_DUA_DESIMAL)})
    if amount < ZERO and nol_boleh:
        raise ValidationError({field: str(UANG_NEGATIF)})
    if amount <= ZERO and not nol_boleh:
        raise ValidationError({field: str(JUMLAH_HARUS_POSITIF)})
    if amount >= _BATAS_JUMLAH:
        raise ValidationError({field: str(JUMLAH_TERLALU_BESAR)})
    return money(amount)


def parse_jumlah(raw: object, field: str = "jumlah") -> Decimal:
    """An amount of money moving: positive, at most two decimals, not absurdly large.

    Text is read the Indonesian way: dots group thousands (``1.250.000``), a comma starts
    the cents (``1.250.000,50``); a single dot followed by exactly three digits is a
    thousands dot. A Decimal or int is taken as it is. Every refusal says what to fix.
    """
    return _uang(raw, field, nol_boleh=False)


def jumlah_sah(jumlah: object) -> Decimal:
    """The amount a service was given, checked as ``parse_jumlah`` does (services re-check
    what the forms parsed: a caller that skips the form gets the same messages)."""
    return parse_jumlah(jumlah)


def uang_laci_sah(uang: object, field: str) -> Decimal:
    """Cash in a drawer (float, count): like an amount, but zero is allowed."""
    return _uang(uang, field, nol_boleh=True)


def check_kunci(kunci: str) -> None:
    if not kunci or len(kunci) > 80:
        raise ValidationError(str(KUNCI_WAJIB))


# --- Products ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProdukBaku:
    kode: str
    nama: str
    jenis: str
    nilai: dict[str, Any]


# The defaults a new koperasi starts from (DOMAIN.md: pokok once, wajib monthly; the
# amounts, rates and terms are settings each koperasi edits on the products screen).
PRODUK_BAKU: tuple[ProdukBaku, ...] = (
    ProdukBaku("pokok", "Simpanan pokok", JenisSimpanan.POKOK, {"setoran_tetap": Decimal("100000")}),
    ProdukBaku(
        "wajib", "Simpanan wajib", JenisSimpanan.WAJIB, {"setoran_tetap": Decimal("25000"), "hari_jatuh_tempo": 10}
    ),
    ProdukBaku(
        "sukarela",
        "Simpanan sukarela",
        JenisSimpanan.SUKARELA,
        {
            "metode_bunga": MetodeBunga.SALDO_HARIAN,
            "suku_bunga_tahunan": Decimal("3"),
            "saldo_minimum": Decimal("10000"),
        },
    ),
    *(
        ProdukBaku(
            f"berjangka-{bulan}",
            f"Simpanan berjangka {bulan} bulan",
            JenisSimpanan.BERJANGKA,
            {
                "jangka_bulan": bulan,
                "suku_bunga_tahunan": Decimal(bunga),
                "aksi_jatuh_tempo": AksiJatuhTempo.KE_SUKARELA,
                "denda_cair_awal_persen": Decimal("1"),
            },
        )
        for bulan, bunga in ((3, "5"), (6, "5.5"), (12, "6"))
    ),
)


def produk_default_siapkan(*, koperasi: Koperasi) -> list[ProdukSimpanan]:
    """Give a koperasi the default savings products; products it has (by kode) are kept as edited."""
    with transaction.atomic():
        return [
            ProdukSimpanan.objects.get_or_create(
                koperasi=koperasi, kode=baku.kode, defaults={"nama": baku.nama, "jenis": baku.jenis, **baku.nilai}
            )[0]
            for baku in PRODUK_BAKU
        ]


PRODUK_FIELDS = [
    "nama",
    "setoran_tetap",
    "hari_jatuh_tempo",
    "metode_bunga",
    "suku_bunga_tahunan",
    "saldo_minimum",
    "jangka_bulan",
    "aksi_jatuh_tempo",
    "denda_cair_awal_persen",
    "aktif",
]


def _check_produk(p: ProdukSimpanan) -> None:
    errors: dict[str, str] = {}
    if not ZERO <= p.suku_bunga_tahunan <= 100:
        errors["suku_bunga_tahunan"] = str(SUKU_BUNGA_TIDAK_SAH)
    if not ZERO <= p.denda_cair_awal_persen <= 100:
        errors["denda_cair_awal_persen"] = str(DENDA_TIDAK_SAH)
    if p.saldo_minimum < ZERO:
        errors["saldo_minimum"] = str(SALDO_MINIMUM_TIDAK_SAH)
    if p.jenis in (JenisSimpanan.POKOK, JenisSimpanan.WAJIB) and p.setoran_tetap <= ZERO:
        errors["setoran_tetap"] = str(SETORAN_TETAP_WAJIB)
    if p.jenis == JenisSimpanan.BERJANGKA and not p.jangka_bulan:
        errors["jangka_bulan"] = str(JANGKA_WAJIB)
    if not 1 <= p.hari_jatuh_tempo <= 28:
        errors["hari_jatuh_tempo"] = str(HARI_JATUH_TEMPO_TIDAK_SAH)
    if errors:
        raise ValidationError(errors)


def produk_ubah(*, produk: ProdukSimpanan, actor: Any, data: dict[str, Any]) -> ProdukSimpanan:
    """Change a product's settings (pengurus); audited with the fields that changed.

    A new setoran wajib applies to members who join later: each member's own amount is
    kept on the account (DOMAIN.md: wajib may differ between members).
    """
    with transaction.atomic():
        locked = ProdukSimpanan.objects.select_for_update().get(pk=produk.pk)
        before = snapshot(locked, PRODUK_FIELDS)
        for field in PRODUK_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        _check_produk(locked)
        locked.save()
        locked.refresh_from_db()  # compare stored values: 10000 and 10000.00 are no change
        audit_changes(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi="produk_simpanan.ubah",
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked, PRODUK_FIELDS),
        )
        return locked


# --- Accounts ------------------------------------------------------------------------------


def _nomor_rekening(koperasi: Koperasi, jenis: str) -> str:
    awalan = AWALAN_NOMOR[JenisSimpanan(jenis)]
    urut = nomor_next(koperasi=koperasi, seri=f"rekening-{awalan}")
    return f"{awalan}-{urut:06d}"


def _produk_utama(koperasi: Koperasi, jenis: str) -> ProdukSimpanan | None:
    """The koperasi's product of a kind (the default code first, else the first active one)."""
    rows = ProdukSimpanan.objects.filter(koperasi=koperasi, jenis=jenis, aktif=True)
    return rows.filter(kode=jenis).first() or rows.order_by("id").first()


def rekening_buka_anggota_baru(*, anggota: Anggota, tanggal: dt.date, actor: Any = None) -> list[RekeningSimpanan]:
    """Open the pokok, wajib and sukarela accounts of a member (those not open yet).

    Called when a membership is approved; the pokok is then due and paid at the counter.
    Safe to call again (for members loaded before savings existed): it opens only what is missing.
    """
    koperasi = anggota.koperasi
    with transaction.atomic():
        if not ProdukSimpanan.objects.filter(koperasi=koperasi).exists():
            produk_default_siapkan(koperasi=koperasi)
        punya = set(
            RekeningSimpanan.objects.filter(anggota=anggota, status=StatusRekening.AKTIF).values_list(
                "jenis", flat=True
            )
        )
        dibuka = []
        for jenis in (JenisSimpanan.POKOK, JenisSimpanan.WAJIB, JenisSimpanan.SUKARELA):
            produk = _produk_utama(koperasi, jenis)
            if jenis in punya or produk is None:
                continue
            dibuka.append(
                RekeningSimpanan.objects.create(
                    koperasi=koperasi,
                    anggota=anggota,
                    produk=produk,
                    jenis=jenis,
                    nomor=_nomor_rekening(koperasi, jenis),
                    dibuka=tanggal,
                    setoran_wajib=produk.setoran_tetap if jenis == JenisSimpanan.WAJIB else ZERO,
                )
            )
        return dibuka


# --- Movements -----------------------------------------------------------------------------


def _lock(rekening: RekeningSimpanan) -> RekeningSimpanan:
    """Row lock on the account: concurrent tellers queue here, so no update is lost.

    ``of=("self",)``: on PostgreSQL lock only the account row, not the joined product and
    member rows — locking the product would queue every teller of the koperasi behind one
    row, and two transfers locking products in opposite orders could deadlock.
    """
    locked = (
        RekeningSimpanan.objects.select_for_update(of=("self",)).select_related("produk", "anggota").get(pk=rekening.pk)
    )
    if locked.status != StatusRekening.AKTIF:
        raise ValidationError(str(REKENING_TIDAK_AKTIF).format(nomor=locked.nomor))
    return locked


def rekening_kunci(rekening: RekeningSimpanan) -> RekeningSimpanan:
    """Lock an active account for a movement (other apps: loans paying from sukarela)."""
    return _lock(rekening)


def mutasi_catat(
    *,
    rekening: RekeningSimpanan,
    tanggal: dt.date,
    jenis: str,
    jumlah: Decimal,
    jurnal: Jurnal,
    keterangan: str = "",
    actor: Any = None,
    kwitansi: Kwitansi | None = None,
    sesi_kas: SesiKas | None = None,
) -> MutasiSimpanan:
    """Apply a signed amount to a locked account and record the movement (subledger)."""
    _saldo_tambah(rekening, jumlah)
    return _mutasi_buat(
        rekening=rekening,
        tanggal=tanggal,
        jenis=jenis,
        jumlah=jumlah,
        jurnal=jurnal,
        keterangan=keterangan,
        actor=actor,
        kwitansi=kwitansi,
        sesi_kas=sesi_kas,
    )


def _saldo_tambah(rekening: RekeningSimpanan, jumlah: Decimal) -> None:
    rekening.saldo += jumlah
    rekening.save(update_fields=["saldo"])


def _mutasi_buat(
    *,
    rekening: RekeningSimpanan,
    tanggal: dt.date,
    jenis: str,
    jumlah: Decimal,
    jurnal: Jurnal,
    keterangan: str,
    actor: Any,
    kwitansi: Kwitansi | None,
    sesi_kas: SesiKas | None,
) -> MutasiSimpanan:
    """The movement row of an account whose balance already includes ``jumlah``."""
    return MutasiSimpanan.objects.create(
        koperasi_id=rekening.koperasi_id,
        rekening=rekening,
        tanggal=tanggal,
        jenis=jenis,
        jumlah=jumlah,
        saldo_setelah=rekening.saldo,
        keterangan=keterangan[:200],
        jurnal=jurnal,
        kwitansi=kwitansi,
        sesi_kas=sesi_kas,
        dibuat_oleh=actor if actor is not None and actor.pk else None,
    )


def kwitansi_buat(
    *, koperasi: Koperasi, anggota: Anggota, jumlah: Decimal, uraian: str, kasir: Any, jurnal: Jurnal, tanggal: dt.date
) -> Kwitansi:
    """A numbered receipt (KW-2026-000123, a series per koperasi and year)."""
    urut = nomor_next(koperasi=koperasi, seri=f"kwitansi-{tanggal.year}")
    return Kwitansi.objects.create(
        koperasi=koperasi,
        nomor=f"KW-{tanggal.year}-{urut:06d}",
        anggota=anggota,
        jumlah=jumlah,
        uraian=uraian[:250],
        kasir=kasir,
        jurnal=jurnal,
    )


def sesi_kas_terbuka(*, koperasi: Koperasi, kasir: Any, tanggal: dt.date | None = None) -> SesiKas:
    """The kasir's open cash drawer, locked until the movement commits.

    The lock makes closing the drawer wait for a movement in flight, so the count at
    closing sees every movement of the drawer. A drawer left open from an earlier day
    is refused: the day's cash must be counted before the next day starts.
    """
    sesi = (
        SesiKas.objects.select_for_update()
        .filter(koperasi=koperasi, kasir=kasir, ditutup_pada__isnull=True)
        .order_by("-id")
        .first()
    )
    if sesi is None:
        raise ValidationError(str(LACI_BELUM_DIBUKA))
    if tanggal is not None and sesi.tanggal != tanggal:
        raise ValidationError(str(LACI_HARI_LAIN).format(tanggal=sesi.tanggal.strftime("%d-%m-%Y")))
    return sesi


@dataclass(frozen=True)
class HasilTransaksi:
    mutasi: MutasiSimpanan
    kwitansi: Kwitansi | None


def _already(koperasi: Koperasi, kunci: str) -> HasilTransaksi | None:
    jurnal = Jurnal.objects.filter(koperasi=koperasi, kunci=kunci).first()
    if jurnal is None:
        return None
    mutasi = jurnal.mutasi_simpanan.order_by("id").first()
    assert mutasi is not None
    return HasilTransaksi(mutasi, Kwitansi.objects.filter(jurnal=jurnal).first())


def _check_tenancy(koperasi: Koperasi, rekening: RekeningSimpanan) -> None:
    if rekening.koperasi_id != koperasi.pk:
        raise ValidationError(str(REKENING_LAIN_KOPERASI))


def _check_member(rekening: RekeningSimpanan) -> None:
    if rekening.anggota.status != StatusAnggota.AKTIF:
        raise ValidationError(str(ANGGOTA_TIDAK_AKTIF).format(nama=rekening.anggota.nama))


def _check_depositable(rekening: RekeningSimpanan, jumlah: Decimal) -> None:
    """Pokok is paid once, at the product's amount; a term deposit is never topped up."""
    if rekening.jenis == JenisSimpanan.BERJANGKA:
        raise ValidationError(str(BERJANGKA_TIDAK_DITAMBAH))
    if rekening.jenis == JenisSimpanan.POKOK:
        sisa = rekening.produk.setoran_tetap - rekening.saldo
        if sisa <= ZERO:
            raise ValidationError(str(POKOK_SUDAH_LUNAS).format(nomor=rekening.nomor))
        if jumlah > sisa:
            raise ValidationError(
                {"jumlah": str(POKOK_LEBIH).format(tetap=rupiah(rekening.produk.setoran_tetap), sisa=rupiah(sisa))}
            )


def _check_withdrawable(rekening: RekeningSimpanan, jumlah: Decimal) -> None:
    if rekening.jenis in (JenisSimpanan.POKOK, JenisSimpanan.WAJIB):
        raise ValidationError(str(TIDAK_BOLEH_DITARIK).format(jenis=rekening.produk.get_jenis_display()))
    if rekening.jenis == JenisSimpanan.BERJANGKA:
        raise ValidationError(str(BERJANGKA_TIDAK_DITARIK))
    minimum = rekening.produk.saldo_minimum
    if rekening.saldo - jumlah < minimum:
        raise ValidationError(
            {
                "jumlah": str(SALDO_TIDAK_CUKUP).format(
                    saldo=rupiah(rekening.saldo), minimum=rupiah(minimum), jumlah=rupiah(jumlah)
                )
            }
        )


def simpanan_periksa(*, koperasi: Koperasi, rekening: RekeningSimpanan, jumlah: Decimal, arah: str) -> None:
    """The rules of a deposit (``arah="setor"``) or withdrawal (``"tarik"``), checked without
    posting: the counter shows a refusal before the confirmation step. The service checks
    again under the lock."""
    jumlah = jumlah_sah(jumlah)
    _check_tenancy(koperasi, rekening)
    if rekening.status != StatusRekening.AKTIF:
        raise ValidationError(str(REKENING_TIDAK_AKTIF).format(nomor=rekening.nomor))
    _check_member(rekening)
    if arah == "setor":
        _check_depositable(rekening, jumlah)
    else:
        _check_withdrawable(rekening, jumlah)


def _builder(
    koperasi: Koperasi, tanggal: dt.date, uraian: str, sumber: str, rekening: RekeningSimpanan, kunci: str, actor: Any
) -> JurnalBuilder:
    return JurnalBuilder(
        koperasi=koperasi,
        tanggal=tanggal,
        keterangan=uraian,
        sumber=sumber,
        sumber_id=str(rekening.pk),
        kunci=kunci,
        actor=actor,
    )


def _bayar_tagihan(rekening: RekeningSimpanan, jumlah: Decimal, tanggal: dt.date) -> None:
    """A wajib deposit pays the member's wajib bills, oldest first (savings.wajib)."""
    if rekening.jenis == JenisSimpanan.WAJIB:
        tagihan_wajib_lunasi(rekening=rekening, jumlah=jumlah, tanggal=tanggal)


def simpanan_setor(
    *,
    koperasi: Koperasi,
    rekening: RekeningSimpanan,
    jumlah: Decimal,
    tanggal: dt.date,
    kasir: Any,
    kunci: str,
    tunai: bool = True,
) -> HasilTransaksi:
    """A deposit at the counter: Dr Kas (or Bank) / Cr the product's control account, with a receipt."""
    jumlah = jumlah_sah(jumlah)
    _check_tenancy(koperasi, rekening)
    check_kunci(kunci)
    with transaction.atomic():
        locked = _lock(rekening)
        # checked after the lock: a retry racing the first request waits, then finds its entry
        done = _already(koperasi, kunci)
        if done is not None:
            return done
        _check_member(locked)
        _check_depositable(locked, jumlah)
        sesi = sesi_kas_terbuka(koperasi=koperasi, kasir=kasir, tanggal=tanggal) if tunai else None
        uraian = f"Setoran {locked.produk.nama} {locked.nomor} a.n. {locked.anggota.nama}"
        kas, kontrol = akun_banyak(koperasi, chart.KAS if tunai else chart.BANK, locked.produk.kode_akun_kontrol)
        builder = _builder(koperasi, tanggal, uraian, SumberJurnal.SETORAN, locked, kunci, kasir)
        builder.debit(kas, jumlah).kredit(kontrol, jumlah, anggota=locked.anggota)
        # The account row is locked already; update it before the journal and receipt numbers
        # are taken, so those koperasi-wide locks are held for as few statements as possible.
        _saldo_tambah(locked, jumlah)
        jurnal = builder.post()
        kw = kwitansi_buat(
            koperasi=koperasi,
            anggota=locked.anggota,
            jumlah=jumlah,
            uraian=uraian,
            kasir=kasir,
            jurnal=jurnal,
            tanggal=tanggal,
        )
        mutasi = _mutasi_buat(
            rekening=locked,
            tanggal=tanggal,
            jenis=JenisMutasi.SETOR,
            jumlah=jumlah,
            jurnal=jurnal,
            keterangan="Setoran tunai" if tunai else "Setoran transfer bank",
            actor=kasir,
            kwitansi=kw,
            sesi_kas=sesi,
        )
        _bayar_tagihan(locked, jumlah, tanggal)
        return HasilTransaksi(mutasi, kw)


def simpanan_tarik(
    *, koperasi: Koperasi, rekening: RekeningSimpanan, jumlah: Decimal, tanggal: dt.date, kasir: Any, kunci: str
) -> HasilTransaksi:
    """A cash withdrawal: never below the product's minimum; pokok/wajib never while a member."""
    jumlah = jumlah_sah(jumlah)
    _check_tenancy(koperasi, rekening)
    check_kunci(kunci)
    with transaction.atomic():
        locked = _lock(rekening)
        # checked after the lock: a retry racing the first request waits, then finds its entry
        done = _already(koperasi, kunci)
        if done is not None:
            return done
        _check_member(locked)
        _check_withdrawable(locked, jumlah)
        sesi = sesi_kas_terbuka(koperasi=koperasi, kasir=kasir, tanggal=tanggal)
        uraian = f"Penarikan {locked.produk.nama} {locked.nomor} a.n. {locked.anggota.nama}"
        jurnal = (
            _builder(koperasi, tanggal, uraian, SumberJurnal.PENARIKAN, locked, kunci, kasir)
            .debit(akun(koperasi, locked.produk.kode_akun_kontrol), jumlah, anggota=locked.anggota)
            .kredit(akun(koperasi, chart.KAS), jumlah)
            .post()
        )
        kw = kwitansi_buat(
            koperasi=koperasi,
            anggota=locked.anggota,
            jumlah=jumlah,
            uraian=uraian,
            kasir=kasir,
            jurnal=jurnal,
            tanggal=tanggal,
        )
        mutasi = mutasi_catat(
            rekening=locked,
            tanggal=tanggal,
            jenis=JenisMutasi.TARIK,
            jumlah=-jumlah,
            jurnal=jurnal,
            keterangan="Penarikan tunai",
            actor=kasir,
            kwitansi=kw,
            sesi_kas=sesi,
        )
        return HasilTransaksi(mutasi, kw)


def simpanan_pindah(
    *,
    koperasi: Koperasi,
    asal: RekeningSimpanan,
    tujuan: RekeningSimpanan,
    jumlah: Decimal,
    tanggal: dt.date,
    actor: Any,
    kunci: str,
) -> HasilTransaksi:
    """Move money between two accounts of the same member (e.g. sukarela → wajib), with a
    receipt (bukti pemindahbukuan) for the member; no cash moves."""
    jumlah = jumlah_sah(jumlah)
    _check_tenancy(koperasi, asal)
    _check_tenancy(koperasi, tujuan)
    check_kunci(kunci)
    if asal.pk == tujuan.pk:
        raise ValidationError(str(PINDAH_REKENING_SAMA))
    if asal.anggota_id != tujuan.anggota_id:
        raise ValidationError(str(PINDAH_ANGGOTA_LAIN))
    with transaction.atomic():
        # lock in id order so two opposite transfers cannot deadlock
        first, second = sorted([asal, tujuan], key=lambda r: r.pk)
        locked = {r.pk: _lock(r) for r in (first, second)}
        done = _already(koperasi, kunci)
        if done is not None:
            return done
        src, dst = locked[asal.pk], locked[tujuan.pk]
        _check_member(src)
        _check_withdrawable(src, jumlah)
        _check_depositable(dst, jumlah)
        uraian = f"Pemindahbukuan {src.nomor} ke {dst.nomor} a.n. {src.anggota.nama}"
        jurnal = (
            _builder(koperasi, tanggal, uraian, SumberJurnal.PEMINDAHBUKUAN, src, kunci, actor)
            .debit(akun(koperasi, src.produk.kode_akun_kontrol), jumlah, anggota=src.anggota)
            .kredit(akun(koperasi, dst.produk.kode_akun_kontrol), jumlah, anggota=dst.anggota)
            .post()
        )
        kw = kwitansi_buat(
            koperasi=koperasi,
            anggota=src.anggota,
            jumlah=jumlah,
            uraian=uraian,
            kasir=actor,
            jurnal=jurnal,
            tanggal=tanggal,
        )
        keluar = mutasi_catat(
            rekening=src,
            tanggal=tanggal,
            jenis=JenisMutasi.PINDAH_KELUAR,
            jumlah=-jumlah,
            jurnal=jurnal,
            keterangan=f"Ke {dst.nomor}",
            actor=actor,
            kwitansi=kw,
        )
        mutasi_catat(
            rekening=dst,
            tanggal=tanggal,
            jenis=JenisMutasi.PINDAH_MASUK,
            jumlah=jumlah,
            jurnal=jurnal,
            keterangan=f"Dari {src.nomor}",
            actor=actor,
            kwitansi=kw,
        )
        _bayar_tagihan(dst, jumlah, tanggal)
        return HasilTransaksi(keluar, kw)


def rekening_sukarela(anggota: Anggota) -> RekeningSimpanan:
    rekening = (
        RekeningSimpanan.objects.filter(anggota=anggota, jenis=JenisSimpanan.SUKARELA, status=StatusRekening.AKTIF)
        .order_by("id")
        .first()
    )
    if rekening is None:
        raise ValidationError(str(TIDAK_ADA_SUKARELA).format(nama=anggota.nama))
    return rekening


def rekening_tutup(*, rekening: RekeningSimpanan, tanggal: dt.date) -> RekeningSimpanan:
    """Close a locked account whose balance is zero."""
    assert rekening.saldo == ZERO, "close an account only at zero balance"
    rekening.status, rekening.ditutup = StatusRekening.DITUTUP, tanggal
    rekening.save(update_fields=["status", "ditutup"])
    return rekening
