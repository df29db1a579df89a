"""Term deposits at the counter: placed from cash or sukarela with term, maturity and rate
fixed; paid out early with the penalty to 4.21 Denda, or at maturity without one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gotong.ledger.models import Jurnal
from gotong.savings.berjangka import berjangka_buka, berjangka_cairkan, denda_cair_awal, tambah_bulan
from gotong.savings.models import JenisMutasi, ProdukSimpanan, StatusRekening
from gotong.savings.services import (
    BERJANGKA_TIDAK_DITARIK,
    PRODUK_BUKAN_BERJANGKA,
    SALDO_TIDAK_CUKUP,
    simpanan_tarik,
)
from gotong.savings.tests.helpers_loket import HARI, D, baris, buku_beres, jejak, kunci, laci, rekening, setor


@pytest.fixture
def akun(citra_anggota):
    return rekening(citra_anggota)


@pytest.fixture
def buka(maju, budi):
    return laci(maju, budi)


def _produk(koperasi, bulan=6):
    return ProdukSimpanan.objects.get(koperasi=koperasi, kode=f"berjangka-{bulan}")


def _tempatkan(koperasi, anggota, kasir, jumlah="2000000", dari_sukarela=False, bulan=6, key=None):
    return berjangka_buka(
        koperasi=koperasi,
        anggota=anggota,
        produk=_produk(koperasi, bulan),
        jumlah=D(jumlah),
        tanggal=HARI,
        kasir=kasir,
        kunci=key or kunci(),
        dari_sukarela=dari_sukarela,
    )


def test_tambah_bulan_keeps_the_day_or_takes_the_months_last() -> None:
    assert tambah_bulan(dt.date(2026, 3, 10), 6) == dt.date(2026, 9, 10)
    assert tambah_bulan(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert tambah_bulan(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_a_cash_placement_fixes_term_rate_and_maturity_and_pays_out_to_sukarela(
    maju, budi, citra_anggota, akun, buka
) -> None:
    hasil = _tempatkan(maju, citra_anggota, budi)
    r = hasil.mutasi.rekening
    assert r.nomor == "SB-000001" and r.jenis == "berjangka"
    assert (r.tanggal_mulai, r.tanggal_jatuh_tempo) == (HARI, dt.date(2026, 9, 10))
    assert r.suku_bunga_tahunan == D("5.5") and r.rekening_pencairan == akun["sukarela"]
    assert baris(hasil.mutasi.jurnal) == [("1.01", "D", D("2000000")), ("2.11", "K", D("2000000"))]
    assert hasil.kwitansi is not None and hasil.mutasi.sesi_kas == buka
    assert buku_beres(maju) == []


def test_a_placement_from_sukarela_keeps_its_minimum_balance(maju, budi, citra_anggota, akun, buka) -> None:
    setor(akun["sukarela"], "1000000", budi)
    before = jejak(maju)
    with pytest.raises(ValidationError) as caught:
        _tempatkan(maju, citra_anggota, budi, jumlah="995000", dari_sukarela=True)
    assert caught.value.message_dict["jumlah"] == [
        str(SALDO_TIDAK_CUKUP).format(saldo="Rp1.000.000", minimum="Rp10.000", jumlah="Rp995.000")
    ]
    assert jejak(maju) == before
    hasil = _tempatkan(maju, citra_anggota, budi, jumlah="900000", dari_sukarela=True)
    assert baris(hasil.mutasi.jurnal) == [("2.10", "D", D("900000")), ("2.11", "K", D("900000"))]
    akun["sukarela"].refresh_from_db()
    assert akun["sukarela"].saldo == D("100000")
    assert buku_beres(maju) == []


def test_a_placement_needs_a_term_product_and_is_posted_once_per_key(maju, budi, citra_anggota, akun, buka) -> None:
    with pytest.raises(ValidationError) as caught:
        berjangka_buka(
            koperasi=maju,
            anggota=citra_anggota,
            produk=akun["sukarela"].produk,
            jumlah=D("1000"),
            tanggal=HARI,
            kasir=budi,
            kunci=kunci(),
            dari_sukarela=False,
        )
    assert caught.value.message_dict == {"produk": [str(PRODUK_BUKAN_BERJANGKA)]}
    first = _tempatkan(maju, citra_anggota, budi, key="sb-1")
    again = _tempatkan(maju, citra_anggota, budi, key="sb-1")
    assert again.mutasi == first.mutasi
    assert citra_anggota.rekening_simpanan.filter(jenis="berjangka").count() == 1


def test_a_term_deposit_is_not_withdrawn_like_sukarela(maju, budi, citra_anggota, akun, buka) -> None:
    r = _tempatkan(maju, citra_anggota, budi).mutasi.rekening
    with pytest.raises(ValidationError) as caught:
        simpanan_tarik(koperasi=maju, rekening=r, jumlah=D("1000"), tanggal=HARI, kasir=budi, kunci=kunci())
    assert caught.value.messages == [str(BERJANGKA_TIDAK_DITARIK)]


def test_an_early_payout_deducts_the_penalty_to_denda_income_and_closes_the_deposit(
    maju, budi, citra_anggota, akun, buka
) -> None:
    r = _tempatkan(maju, citra_anggota, budi).mutasi.rekening
    assert denda_cair_awal(r, HARI) == D("20000")  # 1% of Rp2.000.000
    hasil = berjangka_cairkan(koperasi=maju, rekening=r, tanggal=HARI, kasir=budi, kunci=kunci(), tunai=True)
    assert baris(hasil.mutasi.jurnal) == [
        ("2.11", "D", D("2000000")),
        ("1.01", "K", D("1980000")),
        ("4.21", "K", D("20000")),
    ]
    r.refresh_from_db()
    assert (r.saldo, r.status, r.ditutup) == (D("0"), StatusRekening.DITUTUP, HARI)
    assert [(m.jenis, m.jumlah) for m in r.mutasi.order_by("id")] == [
        (JenisMutasi.SETOR, D("2000000")),
        (JenisMutasi.DENDA, D("-20000")),
        (JenisMutasi.TARIK, D("-1980000")),
    ]
    assert hasil.kwitansi is not None and hasil.kwitansi.jumlah == D("1980000")
    assert buku_beres(maju) == []


def test_a_payout_at_maturity_has_no_penalty_and_may_go_to_sukarela(maju, budi, citra_anggota, akun, buka) -> None:
    r = _tempatkan(maju, citra_anggota, budi, bulan=3).mutasi.rekening
    jatuh_tempo = r.tanggal_jatuh_tempo
    hasil = berjangka_cairkan(koperasi=maju, rekening=r, tanggal=jatuh_tempo, kasir=budi, kunci="cair", tunai=False)
    assert baris(hasil.mutasi.jurnal) == [("2.11", "D", D("2000000")), ("2.10", "K", D("2000000"))]
    akun["sukarela"].refresh_from_db()
    assert akun["sukarela"].saldo == D("2000000")
    again = berjangka_cairkan(koperasi=maju, rekening=r, tanggal=jatuh_tempo, kasir=budi, kunci="cair", tunai=False)
    assert again.mutasi == hasil.mutasi
    assert Jurnal.objects.filter(koperasi=maju).count() == 2
    assert buku_beres(maju) == []
