"""A member who leaves with a running loan: the savings returned pay the loan off in the same
settlement entry, and the member sees it (DOMAIN.md, On exit)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.loans.models import Angsuran, StatusPinjaman
from gotong.loans.tests.helpers_pinjaman import D, bayar, cair, jejak, produk
from gotong.members.models import PengajuanKeluar, StatusAnggota
from gotong.members.services import keluar_approve
from gotong.savings.penyelesaian import POTONGAN_MELEBIHI_SIMPANAN
from gotong.savings.selectors import pengembalian_terutang
from gotong.savings.tests.helpers_loket import baris, laci

KELUAR = dt.date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _satu_persen(maju):
    produk(maju, "umum", suku_bunga=D("1"))


def _keluar(anggota, ani):
    pengajuan = PengajuanKeluar.objects.create(
        koperasi=anggota.koperasi, anggota=anggota, alasan="Pindah", diajukan_oleh=ani
    )
    return keluar_approve(pengajuan=pengajuan, actor=ani, tanggal_keluar=KELUAR)


def test_a_running_loan_is_offset_against_the_savings_in_one_entry(maju, ani, budi, citra_anggota):
    # 3.000.000 flat 1% over 6 months from 15 January: 530.000 a month; to sukarela less
    # provisi 30.000 and administrasi 25.000 = 2.945.000
    p = cair(citra_anggota, budi, ani, pokok="3000000", tenor=6)
    laci(maju, budi, dt.date(2026, 2, 15))
    bayar(p, "530000", budi, dt.date(2026, 2, 15))
    _keluar(citra_anggota, ani)
    p.refresh_from_db()
    assert p.status == StatusPinjaman.LUNAS and p.sisa_pokok == 0
    assert not Angsuran.objects.filter(pinjaman=p, lunas_pada__isnull=True).exists()
    # on 20 March: principal 2.500.000; interest of installment 2 (due 15 March) and of the
    # current period (installment 3) 60.000; denda 5 days × 0,1% × 530.000 = 2.650; the rest
    # of the interest is waived; the member gets 2.945.000 − 2.562.650 = 382.350
    jurnal = Jurnal.objects.get(koperasi=maju, sumber=SumberJurnal.PENYELESAIAN_KELUAR)
    assert baris(jurnal) == [
        ("2.10", "D", D("2945000")),
        ("1.20", "K", D("2500000")),
        ("4.10", "K", D("60000")),
        ("4.21", "K", D("2650")),
        ("2.40", "K", D("382350")),
    ]
    assert pengembalian_terutang(anggota=citra_anggota) == D("382350")
    assert p.pembayaran.last().jurnal == jurnal
    assert periksa_buku(maju) == []


def test_savings_that_do_not_cover_the_loan_refuse_the_exit_and_nothing_changes(maju, ani, budi, citra_anggota):
    laci(maju, ani, dt.date(2026, 1, 15))
    p = cair(citra_anggota, budi, ani, pokok="3000000", tenor=6, cara="tunai")
    # nothing paid: principal 3.000.000, interest of installments 1–3 90.000, denda
    # 33 + 5 days × 530 = 20.140
    before = jejak(maju)
    with pytest.raises(ValidationError) as caught:
        _keluar(citra_anggota, ani)
    assert caught.value.messages == [str(POTONGAN_MELEBIHI_SIMPANAN).format(potongan="Rp3.110.140", simpanan="Rp0")]
    assert jejak(maju) == before
    citra_anggota.refresh_from_db()
    p.refresh_from_db()
    assert citra_anggota.status == StatusAnggota.AKTIF and p.status == StatusPinjaman.AKTIF
