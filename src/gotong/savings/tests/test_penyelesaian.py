"""Accounts open with the membership; on exit every account is returned in one entry to
2.40 and closed; the kasir pays the payable out at the counter with a receipt."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.members.models import PengajuanKeluar, StatusAnggota
from gotong.members.services import anggota_approve, keluar_approve
from gotong.members.tests.helpers import make_anggota
from gotong.savings import penyelesaian
from gotong.savings.berjangka import berjangka_buka
from gotong.savings.models import JenisMutasi, ProdukSimpanan, RekeningSimpanan, StatusRekening
from gotong.savings.penyelesaian import (
    POTONGAN_MELEBIHI_SIMPANAN,
    TIDAK_ADA_PENGEMBALIAN,
    Potongan,
    pengembalian_bayar,
)
from gotong.savings.selectors import pengembalian_terutang, penyelesaian_anggota
from gotong.savings.services import rekening_buka_anggota_baru
from gotong.savings.tests.helpers_loket import HARI, D, baris, buku_beres, jejak, kunci, laci, rekening, setor

# --- opening -------------------------------------------------------------------------------


def test_approving_a_member_opens_pokok_wajib_and_sukarela_with_numbers(maju, ani) -> None:
    calon = make_anggota(maju, status=StatusAnggota.CALON)
    anggota_approve(anggota=calon, actor=ani, tanggal_masuk=dt.date(2026, 3, 2))
    rows = RekeningSimpanan.objects.filter(anggota=calon).order_by("id")
    assert [(r.jenis, r.nomor, r.saldo, r.dibuka) for r in rows] == [
        ("pokok", "SP-000001", D("0"), dt.date(2026, 3, 2)),
        ("wajib", "SW-000001", D("0"), dt.date(2026, 3, 2)),
        ("sukarela", "SS-000001", D("0"), dt.date(2026, 3, 2)),
    ]
    assert rows[1].setoran_wajib == D("25000")  # the product's amount, kept per member
    assert rekening_buka_anggota_baru(anggota=calon, tanggal=HARI) == []  # only what is missing


def test_a_koperasi_without_products_gets_the_defaults_on_its_first_approval(tani, dedi) -> None:
    ProdukSimpanan.objects.filter(koperasi=tani).delete()
    calon = make_anggota(tani, status=StatusAnggota.CALON)
    anggota_approve(anggota=calon, actor=dedi, tanggal_masuk=dt.date(2026, 3, 2))
    assert ProdukSimpanan.objects.filter(koperasi=tani).count() == 6
    assert RekeningSimpanan.objects.filter(anggota=calon).count() == 3


# --- exit ----------------------------------------------------------------------------------


@pytest.fixture
def tabungan(maju, budi, citra_anggota):
    """Citra with pokok 100.000, wajib 75.000, sukarela 300.000 and a term deposit of 1.000.000."""
    akun = rekening(citra_anggota)
    laci(maju, budi)
    setor(akun["pokok"], "100000", budi)
    setor(akun["wajib"], "75000", budi)
    setor(akun["sukarela"], "300000", budi)
    berjangka_buka(
        koperasi=maju,
        anggota=citra_anggota,
        produk=ProdukSimpanan.objects.get(koperasi=maju, kode="berjangka-12"),
        jumlah=D("1000000"),
        tanggal=HARI,
        kasir=budi,
        kunci=kunci(),
        dari_sukarela=False,
    )
    return akun


def _keluar(anggota, ani, tanggal=HARI):
    pengajuan = PengajuanKeluar.objects.create(
        koperasi=anggota.koperasi, anggota=anggota, alasan="Pindah", diajukan_oleh=ani
    )
    return keluar_approve(pengajuan=pengajuan, actor=ani, tanggal_keluar=tanggal)


def test_an_approved_exit_returns_every_account_in_one_entry_and_closes_them(
    maju, ani, citra_anggota, tabungan
) -> None:
    _keluar(citra_anggota, ani)
    jurnal = Jurnal.objects.get(koperasi=maju, sumber=SumberJurnal.PENYELESAIAN_KELUAR)
    assert baris(jurnal) == [
        ("3.10", "D", D("100000")),
        ("3.11", "D", D("75000")),
        ("2.10", "D", D("300000")),
        ("2.11", "D", D("1000000")),
        ("2.40", "K", D("1475000")),
    ]
    for r in RekeningSimpanan.objects.filter(anggota=citra_anggota):
        assert (r.status, r.saldo, r.ditutup) == (StatusRekening.DITUTUP, D("0"), HARI), r.nomor
        last = r.mutasi.order_by("-id").first()
        assert (last.jenis, last.saldo_setelah, last.jurnal) == (JenisMutasi.PENUTUPAN, D("0"), jurnal)
    assert pengembalian_terutang(anggota=citra_anggota) == D("1475000")
    citra_anggota.refresh_from_db()
    ringkas = penyelesaian_anggota(anggota=citra_anggota)
    assert ringkas is not None and ringkas.total_simpanan == ringkas.dikembalikan == ringkas.sisa == D("1475000")
    assert buku_beres(maju) == []


def test_the_kasir_pays_the_settlement_out_once_with_a_receipt(maju, ani, budi, citra_anggota, tabungan) -> None:
    _keluar(citra_anggota, ani)
    citra_anggota.refresh_from_db()
    kw = pengembalian_bayar(koperasi=maju, anggota=citra_anggota, tanggal=HARI, kasir=budi, kunci="bayar-1")
    assert kw.jumlah == D("1475000")
    assert baris(kw.jurnal) == [("2.40", "D", D("1475000")), ("1.01", "K", D("1475000"))]
    assert pengembalian_bayar(koperasi=maju, anggota=citra_anggota, tanggal=HARI, kasir=budi, kunci="bayar-1") == kw
    before = jejak(maju)
    with pytest.raises(ValidationError) as caught:
        pengembalian_bayar(koperasi=maju, anggota=citra_anggota, tanggal=HARI, kasir=budi, kunci=kunci())
    assert caught.value.messages == [str(TIDAK_ADA_PENGEMBALIAN).format(nama=citra_anggota.nama)]
    assert jejak(maju) == before
    ringkas = penyelesaian_anggota(anggota=citra_anggota)
    assert ringkas is not None and ringkas.sisa == D("0") and ringkas.dibayar == [kw]
    assert buku_beres(maju) == []


def test_an_exit_without_savings_posts_nothing_and_closes_the_empty_accounts(maju, ani) -> None:
    anggota = make_anggota(maju)
    rekening(anggota)
    _keluar(anggota, ani)
    assert not Jurnal.objects.filter(koperasi=maju).exists()
    assert not RekeningSimpanan.objects.filter(anggota=anggota, status=StatusRekening.AKTIF).exists()


def test_what_the_member_owes_is_offset_in_the_same_entry(maju, ani, citra_anggota, tabungan, monkeypatch) -> None:
    """The loans hook: an outstanding loan is credited to its receivable in the settlement entry."""
    monkeypatch.setattr(
        penyelesaian, "POTONGAN_KELUAR", [lambda anggota, tanggal: [Potongan("1.20", D("400000"), "Sisa pinjaman")]]
    )
    _keluar(citra_anggota, ani)
    jurnal = Jurnal.objects.get(koperasi=maju, sumber=SumberJurnal.PENYELESAIAN_KELUAR)
    assert baris(jurnal)[-2:] == [("1.20", "K", D("400000")), ("2.40", "K", D("1075000"))]
    assert pengembalian_terutang(anggota=citra_anggota) == D("1075000")


def test_an_exit_is_refused_when_the_member_owes_more_than_their_savings(
    maju, ani, citra_anggota, tabungan, monkeypatch
) -> None:
    monkeypatch.setattr(
        penyelesaian, "POTONGAN_KELUAR", [lambda anggota, tanggal: [Potongan("1.20", D("2000000"), "Sisa pinjaman")]]
    )
    before = jejak(maju)
    with pytest.raises(ValidationError) as caught:
        _keluar(citra_anggota, ani)
    assert caught.value.messages == [
        str(POTONGAN_MELEBIHI_SIMPANAN).format(potongan="Rp2.000.000", simpanan="Rp1.475.000")
    ]
    assert jejak(maju) == before
    citra_anggota.refresh_from_db()
    assert citra_anggota.status == StatusAnggota.AKTIF
