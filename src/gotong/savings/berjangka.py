"""Term deposits (simpanan berjangka) at the counter: placed from cash or from the member's
sukarela with the term, maturity date and rate fixed on the account; paid out at the
counter (before maturity less the product's penalty, posted to 4.21 Denda). Interest and
maturities at month-end are ``savings.month_end``'s business."""

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gotong.core.formatting import rupiah
from gotong.core.money import ZERO, round_rupiah
from gotong.ledger import chart
from gotong.ledger.models import SumberJurnal
from gotong.ledger.posting import akun
from gotong.members.models import Anggota, StatusAnggota
from gotong.savings.models import JenisMutasi, JenisSimpanan, Kwitansi, ProdukSimpanan, RekeningSimpanan, SesiKas
from gotong.savings.services import (
    AKUN_DENDA,
    ANGGOTA_TIDAK_AKTIF,
    BUKAN_BERJANGKA,
    PRODUK_BUKAN_BERJANGKA,
    PRODUK_TIDAK_AKTIF,
    REKENING_LAIN_KOPERASI,
    HasilTransaksi,
    _already,
    _builder,
    _check_member,
    _check_tenancy,
    _check_withdrawable,
    _lock,
    _nomor_rekening,
    check_kunci,
    jumlah_sah,
    kwitansi_buat,
    mutasi_catat,
    rekening_sukarela,
    rekening_tutup,
    sesi_kas_terbuka,
)
from gotong.tenancy.models import Koperasi


def tambah_bulan(tanggal: dt.date, bulan: int) -> dt.date:
    """The same day ``bulan`` months later; the 31st becomes the month's last day."""
    index = tanggal.month - 1 + bulan
    tahun, bulan_ke = tanggal.year + index // 12, index % 12 + 1
    return dt.date(tahun, bulan_ke, min(tanggal.day, calendar.monthrange(tahun, bulan_ke)[1]))


def _check_produk_berjangka(koperasi: Koperasi, produk: ProdukSimpanan) -> None:
    if produk.koperasi_id != koperasi.pk:
        raise ValidationError(str(REKENING_LAIN_KOPERASI))
    if produk.jenis != JenisSimpanan.BERJANGKA or not produk.jangka_bulan:
        raise ValidationError({"produk": str(PRODUK_BUKAN_BERJANGKA)})
    if not produk.aktif:
        raise ValidationError({"produk": str(PRODUK_TIDAK_AKTIF).format(nama=produk.nama)})


def _lock_anggota(koperasi: Koperasi, anggota: Anggota) -> Anggota:
    """Serialise a member's account openings and exit (lock order: member, then accounts)."""
    if anggota.koperasi_id != koperasi.pk:
        raise ValidationError(str(REKENING_LAIN_KOPERASI))
    return Anggota.objects.select_for_update().get(pk=anggota.pk)


def berjangka_buka(
    *,
    koperasi: Koperasi,
    anggota: Anggota,
    produk: ProdukSimpanan,
    jumlah: Decimal,
    tanggal: dt.date,
    kasir: Any,
    kunci: str,
    dari_sukarela: bool,
) -> HasilTransaksi:
    """Place a term deposit from cash or from the member's sukarela. Term, maturity date and
    rate are fixed on the account now; at maturity it pays out to the sukarela account."""
    jumlah = jumlah_sah(jumlah)
    _check_produk_berjangka(koperasi, produk)
    check_kunci(kunci)
    with transaction.atomic():
        member = _lock_anggota(koperasi, anggota)
        done = _already(koperasi, kunci)
        if done is not None:
            return done
        if member.status != StatusAnggota.AKTIF:
            raise ValidationError(str(ANGGOTA_TIDAK_AKTIF).format(nama=member.nama))
        sukarela = _lock(rekening_sukarela(member))
        if dari_sukarela:
            _check_withdrawable(sukarela, jumlah)
        sesi = None if dari_sukarela else sesi_kas_terbuka(koperasi=koperasi, kasir=kasir, tanggal=tanggal)
        assert produk.jangka_bulan is not None
        rekening = RekeningSimpanan.objects.create(
            koperasi=koperasi,
            anggota=member,
            produk=produk,
            jenis=JenisSimpanan.BERJANGKA,
            nomor=_nomor_rekening(koperasi, JenisSimpanan.BERJANGKA),
            dibuka=tanggal,
            tanggal_mulai=tanggal,
            tanggal_jatuh_tempo=tambah_bulan(tanggal, produk.jangka_bulan),
            suku_bunga_tahunan=produk.suku_bunga_tahunan,
            rekening_pencairan=sukarela,
        )
        uraian = f"Penempatan {produk.nama} {rekening.nomor} a.n. {member.nama}"
        builder = _builder(koperasi, tanggal, uraian, SumberJurnal.BERJANGKA, rekening, kunci, kasir)
        if dari_sukarela:
            builder.debit(akun(koperasi, sukarela.produk.kode_akun_kontrol), jumlah, anggota=member)
        else:
            builder.debit(akun(koperasi, chart.KAS), jumlah)
        jurnal = builder.kredit(akun(koperasi, chart.SIMPANAN_BERJANGKA), jumlah, anggota=member).post()
        kw = kwitansi_buat(
            koperasi=koperasi, anggota=member, jumlah=jumlah, uraian=uraian, kasir=kasir, jurnal=jurnal, tanggal=tanggal
        )
        masuk = mutasi_catat(
            rekening=rekening,
            tanggal=tanggal,
            jenis=JenisMutasi.PINDAH_MASUK if dari_sukarela else JenisMutasi.SETOR,
            jumlah=jumlah,
            jurnal=jurnal,
            keterangan=f"Dari {sukarela.nomor}" if dari_sukarela else "Setoran tunai",
            actor=kasir,
            kwitansi=kw,
            sesi_kas=sesi,
        )
        if dari_sukarela:
            mutasi_catat(
                rekening=sukarela,
                tanggal=tanggal,
                jenis=JenisMutasi.PINDAH_KELUAR,
                jumlah=-jumlah,
                jurnal=jurnal,
                keterangan=f"Ke {rekening.nomor}",
                actor=kasir,
                kwitansi=kw,
            )
        return HasilTransaksi(masuk, kw)


def denda_cair_awal(rekening: RekeningSimpanan, tanggal: dt.date) -> Decimal:
    """The early-withdrawal penalty: the product's percentage of the principal, to the rupiah;
    nothing on or after the maturity date."""
    if rekening.tanggal_jatuh_tempo is None or tanggal >= rekening.tanggal_jatuh_tempo:
        return ZERO
    return min(round_rupiah(rekening.saldo * rekening.produk.denda_cair_awal_persen / 100), rekening.saldo)


def berjangka_cairkan(
    *, koperasi: Koperasi, rekening: RekeningSimpanan, tanggal: dt.date, kasir: Any, kunci: str, tunai: bool
) -> HasilTransaksi:
    """Pay out a term deposit at the counter, in cash or to the member's sukarela, and close it.

    Before maturity the product's penalty is deducted and posted to income (4.21 Denda).
    Interest is the month-end's business (maturities); an early payout earns none here.
    """
    _check_tenancy(koperasi, rekening)
    check_kunci(kunci)
    with transaction.atomic():
        _lock_anggota(koperasi, rekening.anggota)
        done = _already(koperasi, kunci)
        if done is not None:
            return done
        locked = _lock(rekening)
        if locked.jenis != JenisSimpanan.BERJANGKA:
            raise ValidationError(str(BUKAN_BERJANGKA))
        _check_member(locked)
        tujuan = None if tunai else _lock(locked.rekening_pencairan or rekening_sukarela(locked.anggota))
        sesi = sesi_kas_terbuka(koperasi=koperasi, kasir=kasir, tanggal=tanggal) if tunai else None
        pokok, denda = locked.saldo, denda_cair_awal(locked, tanggal)
        bersih = pokok - denda
        uraian = f"Pencairan {locked.produk.nama} {locked.nomor} a.n. {locked.anggota.nama}"
        builder = _builder(koperasi, tanggal, uraian, SumberJurnal.BERJANGKA, locked, kunci, kasir)
        builder.debit(akun(koperasi, chart.SIMPANAN_BERJANGKA), pokok, anggota=locked.anggota)
        if bersih and tujuan is None:
            builder.kredit(akun(koperasi, chart.KAS), bersih)
        elif bersih and tujuan is not None:
            builder.kredit(akun(koperasi, tujuan.produk.kode_akun_kontrol), bersih, anggota=locked.anggota)
        if denda:
            builder.kredit(akun(koperasi, AKUN_DENDA), denda, keterangan="Denda pencairan sebelum jatuh tempo")
        jurnal = builder.post()
        kw = kwitansi_buat(
            koperasi=koperasi,
            anggota=locked.anggota,
            jumlah=bersih,
            uraian=uraian + (f" (denda {rupiah(denda)})" if denda else ""),
            kasir=kasir,
            jurnal=jurnal,
            tanggal=tanggal,
        )
        gerak: list[tuple[str, Decimal, str, Kwitansi | None, SesiKas | None]] = [
            (JenisMutasi.DENDA, denda, "Denda pencairan sebelum jatuh tempo", None, None)
        ]
        if tujuan is None:
            gerak.append((JenisMutasi.TARIK, bersih, "Pencairan tunai", kw, sesi))
        else:
            gerak.append((JenisMutasi.PINDAH_KELUAR, bersih, f"Ke {tujuan.nomor}", kw, None))
        dicatat = [
            mutasi_catat(
                rekening=locked,
                tanggal=tanggal,
                jenis=jenis,
                jumlah=-jumlah,
                jurnal=jurnal,
                keterangan=keterangan,
                actor=kasir,
                kwitansi=kwit,
                sesi_kas=laci,
            )
            for jenis, jumlah, keterangan, kwit, laci in gerak
            if jumlah
        ]
        if tujuan is not None and bersih:
            mutasi_catat(
                rekening=tujuan,
                tanggal=tanggal,
                jenis=JenisMutasi.PINDAH_MASUK,
                jumlah=bersih,
                jurnal=jurnal,
                keterangan=f"Pencairan {locked.nomor}",
                actor=kasir,
                kwitansi=kw,
            )
        rekening_tutup(rekening=locked, tanggal=tanggal)
        return HasilTransaksi(dicatat[0], kw)
