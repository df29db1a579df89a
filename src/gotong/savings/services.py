"""Writes for savings. Every movement: lock the account row, check the rule, post one
balanced journal entry, record the movement with the running balance — all in one
transaction, idempotent by the caller's key (a retried request never posts twice)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gotong.core.money import ZERO, MoneyError, money
from gotong.ledger import chart
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun
from gotong.members.models import Anggota, StatusAnggota
from gotong.savings.models import (
    JenisMutasi,
    JenisSimpanan,
    Kwitansi,
    MutasiSimpanan,
    RekeningSimpanan,
    SesiKas,
    StatusRekening,
)
from gotong.tenancy.models import Koperasi
from gotong.tenancy.services import nomor_next

JUMLAH_TIDAK_SAH = _("Tulis jumlah dalam rupiah, misalnya 50000 atau 50.000.")
JUMLAH_HARUS_POSITIF = _("Jumlah harus lebih dari nol.")
JUMLAH_DUA_DESIMAL = _("Jumlah paling banyak dua angka di belakang koma.")
SALDO_TIDAK_CUKUP = _("Saldo tidak cukup: saldo {saldo}, saldo minimum {minimum}, diminta {jumlah}.")
TIDAK_BOLEH_DITARIK = _("{jenis} tidak bisa ditarik selama masih menjadi anggota (UU 25/1992 Pasal 41).")
REKENING_TIDAK_AKTIF = _("Rekening {nomor} sudah ditutup.")
ANGGOTA_TIDAK_AKTIF = _("{nama} bukan anggota aktif; transaksi simpanan tidak bisa dilakukan.")
REKENING_LAIN_KOPERASI = _("Rekening ini bukan milik koperasi ini.")
PINDAH_REKENING_SAMA = _("Rekening asal dan tujuan harus berbeda.")
PINDAH_ANGGOTA_LAIN = _("Pemindahbukuan hanya antar rekening anggota yang sama.")
LACI_BELUM_DIBUKA = _("Buka laci kas dulu (isi uang modal laci) sebelum menerima atau membayar uang tunai.")


def parse_jumlah(raw: object) -> Decimal:
    """Parse an amount typed at the counter; every refusal says what to fix."""
    text = str(raw).strip().replace("Rp", "").replace(" ", "")
    if "," in text:  # Indonesian decimal comma: 1.250.000,50
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.rsplit(".", 1)[1]) == 3):
        text = text.replace(".", "")  # thousands dots: 1.250.000
    try:
        value = Decimal(text)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the same message
        raise ValidationError({"jumlah": str(JUMLAH_TIDAK_SAH)}) from exc
    if not value.is_finite():
        raise ValidationError({"jumlah": str(JUMLAH_TIDAK_SAH)})
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError({"jumlah": str(JUMLAH_DUA_DESIMAL)})
    if value <= ZERO:
        raise ValidationError({"jumlah": str(JUMLAH_HARUS_POSITIF)})
    try:
        return money(value)
    except MoneyError as exc:
        raise ValidationError({"jumlah": str(JUMLAH_TIDAK_SAH)}) from exc


def _lock(rekening: RekeningSimpanan) -> RekeningSimpanan:
    """Row lock on the account: concurrent tellers queue here, so no update is lost."""
    locked = RekeningSimpanan.objects.select_for_update().select_related("produk", "anggota").get(pk=rekening.pk)
    if locked.status != StatusRekening.AKTIF:
        raise ValidationError(str(REKENING_TIDAK_AKTIF).format(nomor=locked.nomor))
    return locked


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
    rekening.saldo += jumlah
    rekening.save(update_fields=["saldo"])
    return MutasiSimpanan.objects.create(
        koperasi=rekening.koperasi,
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


def _kwitansi(
    koperasi: Koperasi, anggota: Anggota, jumlah: Decimal, uraian: str, kasir: Any, jurnal: Jurnal, tanggal: dt.date
) -> Kwitansi:
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


def sesi_kas_terbuka(*, koperasi: Koperasi, kasir: Any) -> SesiKas:
    sesi = SesiKas.objects.filter(koperasi=koperasi, kasir=kasir, ditutup_pada__isnull=True).first()
    if sesi is None:
        raise ValidationError(str(LACI_BELUM_DIBUKA))
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
    return HasilTransaksi(mutasi, mutasi.kwitansi)


def _check_tenancy(koperasi: Koperasi, rekening: RekeningSimpanan) -> None:
    if rekening.koperasi_id != koperasi.pk:
        raise ValidationError(str(REKENING_LAIN_KOPERASI))


def _check_member(rekening: RekeningSimpanan) -> None:
    if rekening.anggota.status != StatusAnggota.AKTIF:
        raise ValidationError(str(ANGGOTA_TIDAK_AKTIF).format(nama=rekening.anggota.nama))


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
    """A deposit at the counter: Dr Kas / Cr the product's control account, with a receipt."""
    _check_tenancy(koperasi, rekening)
    with transaction.atomic():
        locked = _lock(rekening)
        # checked after the lock: a retry racing the first request waits, then finds its entry
        done = _already(koperasi, kunci)
        if done is not None:
            return done
        _check_member(locked)
        sesi = sesi_kas_terbuka(koperasi=koperasi, kasir=kasir) if tunai else None
        uraian = f"Setoran {locked.produk.nama} {locked.nomor} a.n. {locked.anggota.nama}"
        jurnal = (
            JurnalBuilder(
                koperasi=koperasi,
                tanggal=tanggal,
                keterangan=uraian,
                sumber=SumberJurnal.SETORAN,
                sumber_id=str(locked.pk),
                kunci=kunci,
                actor=kasir,
            )
            .debit(akun(koperasi, chart.KAS if tunai else chart.BANK), jumlah)
            .kredit(akun(koperasi, locked.produk.kode_akun_kontrol), jumlah, anggota=locked.anggota)
            .post()
        )
        kw = _kwitansi(koperasi, locked.anggota, jumlah, uraian, kasir, jurnal, tanggal)
        mutasi = mutasi_catat(
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
        return HasilTransaksi(mutasi, kw)


def _check_withdrawable(rekening: RekeningSimpanan, jumlah: Decimal) -> None:
    if rekening.jenis in (JenisSimpanan.POKOK, JenisSimpanan.WAJIB):
        raise ValidationError(str(TIDAK_BOLEH_DITARIK).format(jenis=rekening.produk.get_jenis_display()))
    minimum = rekening.produk.saldo_minimum
    if rekening.saldo - jumlah < minimum:
        raise ValidationError(
            {"jumlah": str(SALDO_TIDAK_CUKUP).format(saldo=rekening.saldo, minimum=minimum, jumlah=jumlah)}
        )


def simpanan_tarik(
    *, koperasi: Koperasi, rekening: RekeningSimpanan, jumlah: Decimal, tanggal: dt.date, kasir: Any, kunci: str
) -> HasilTransaksi:
    """A cash withdrawal: never below the product's minimum; pokok/wajib never while a member."""
    _check_tenancy(koperasi, rekening)
    with transaction.atomic():
        locked = _lock(rekening)
        # checked after the lock: a retry racing the first request waits, then finds its entry
        done = _already(koperasi, kunci)
        if done is not None:
            return done
        _check_member(locked)
        _check_withdrawable(locked, jumlah)
        sesi = sesi_kas_terbuka(koperasi=koperasi, kasir=kasir)
        uraian = f"Penarikan {locked.produk.nama} {locked.nomor} a.n. {locked.anggota.nama}"
        jurnal = (
            JurnalBuilder(
                koperasi=koperasi,
                tanggal=tanggal,
                keterangan=uraian,
                sumber=SumberJurnal.PENARIKAN,
                sumber_id=str(locked.pk),
                kunci=kunci,
                actor=kasir,
            )
            .debit(akun(koperasi, locked.produk.kode_akun_kontrol), jumlah, anggota=locked.anggota)
            .kredit(akun(koperasi, chart.KAS), jumlah)
            .post()
        )
        kw = _kwitansi(koperasi, locked.anggota, jumlah, uraian, kasir, jurnal, tanggal)
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
    """Move money between two accounts of the same member (e.g. sukarela → wajib)."""
    _check_tenancy(koperasi, asal)
    _check_tenancy(koperasi, tujuan)
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
        uraian = f"Pemindahbukuan {src.nomor} → {dst.nomor} a.n. {src.anggota.nama}"
        builder = JurnalBuilder(
            koperasi=koperasi,
            tanggal=tanggal,
            keterangan=uraian,
            sumber=SumberJurnal.PEMINDAHBUKUAN,
            sumber_id=str(src.pk),
            kunci=kunci,
            actor=actor,
        )
        builder.debit(akun(koperasi, src.produk.kode_akun_kontrol), jumlah, anggota=src.anggota)
        builder.kredit(akun(koperasi, dst.produk.kode_akun_kontrol), jumlah, anggota=dst.anggota)
        jurnal = builder.post()
        keluar = mutasi_catat(
            rekening=src,
            tanggal=tanggal,
            jenis=JenisMutasi.PINDAH_KELUAR,
            jumlah=-jumlah,
            jurnal=jurnal,
            keterangan=f"Ke {dst.nomor}",
            actor=actor,
        )
        mutasi_catat(
            rekening=dst,
            tanggal=tanggal,
            jenis=JenisMutasi.PINDAH_MASUK,
            jumlah=jumlah,
            jurnal=jurnal,
            keterangan=f"Dari {src.nomor}",
            actor=actor,
        )
        return HasilTransaksi(keluar, None)
