"""Review of the loans' money paths (issue 4): an advance that outlives the payoff, an
idempotency key that belongs to another loan, a rescheduling dated in a closed month."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import PERIODE_DITUTUP
from gotong.ledger.services import periode_tutup
from gotong.loans import restrukturisasi as r
from gotong.loans.models import Pinjaman, StatusPinjaman
from gotong.loans.pembayaran import (
    MELEBIHI_KEWAJIBAN,
    angsuran_bayar,
    pelunasan_bayar,
    pelunasan_hitung,
    titipan_terapkan,
)
from gotong.loans.services import pinjaman_cairkan, pinjaman_setujui
from gotong.loans.tests.helpers_pinjaman import D, ajukan, bayar, cair, jejak, produk
from gotong.members.models import PengajuanKeluar
from gotong.members.services import keluar_approve
from gotong.members.tests.helpers import make_anggota
from gotong.savings.selectors import pengembalian_terutang
from gotong.savings.services import KUNCI_WAJIB
from gotong.savings.tests.helpers_loket import baris, laci
from gotong.tenancy.models import NamaPeran

KETUA = frozenset({NamaPeran.KETUA})


@pytest.fixture(autouse=True)
def _satu_persen(maju):
    produk(maju, "umum", suku_bunga=D("1"))


def _dibayar_di_muka(anggota, budi, ani) -> Pinjaman:
    """Rp3.000.000 flat 1% over 6 months (530.000 a month) from 15 January, paid on
    10 February with the most a payment may be: that day's payoff amount, 3.030.000 (the
    principal and the current period's interest)."""
    p = cair(anggota, budi, ani, pokok="3000000", tenor=6)
    laci(p.koperasi, budi, dt.date(2026, 2, 10))
    bayar(p, "3030000", budi, dt.date(2026, 2, 10))
    p.refresh_from_db()
    assert p.titipan == D("3030000")
    return p


def test_a_payment_above_the_payoff_amount_is_refused(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani, pokok="3000000", tenor=6)
    laci(maju, budi, dt.date(2026, 2, 10))
    before = jejak(maju)
    with pytest.raises(ValidationError) as err:
        bayar(p, "3180000", budi, dt.date(2026, 2, 10))  # the whole schedule, later interest included
    assert err.value.message_dict["jumlah"] == [
        str(MELEBIHI_KEWAJIBAN).format(jumlah="Rp3.180.000", sisa="Rp3.030.000")
    ]
    assert jejak(maju) == before


def test_a_loan_whose_advance_covers_the_payoff_is_paid_off_with_nothing_more(maju, ani, budi, citra_anggota):
    p = _dibayar_di_muka(citra_anggota, budi, ani)
    quote = pelunasan_hitung(pinjaman=p, tanggal=dt.date(2026, 2, 10))
    assert quote.total == 0
    hasil = pelunasan_bayar(
        pinjaman=p, jumlah=D("0"), tanggal=dt.date(2026, 2, 10), cara="loket", actor=budi, kunci="lunas-1"
    )
    p.refresh_from_db()
    assert p.status == StatusPinjaman.LUNAS and p.titipan == 0 and p.sisa_pokok == 0
    assert hasil.kwitansi is None  # no money moved
    assert baris(hasil.pembayaran.jurnal) == [
        ("2.13", "D", D("3030000")),
        ("4.10", "K", D("30000")),
        ("1.20", "K", D("3000000")),
    ]
    assert periksa_buku(maju) == []


def test_exit_uses_the_advance_first_then_offsets_the_rest_against_the_savings(maju, ani, budi, citra_anggota):
    p = _dibayar_di_muka(citra_anggota, budi, ani)
    titipan_terapkan(pinjaman=p, tanggal=dt.date(2026, 2, 15))
    titipan_terapkan(pinjaman=p, tanggal=dt.date(2026, 3, 15))
    p.refresh_from_db()
    assert p.titipan == D("1970000")  # installments 1 and 2 (1.060.000) used it
    pengajuan = PengajuanKeluar.objects.create(koperasi=maju, anggota=citra_anggota, alasan="Pindah", diajukan_oleh=ani)

    keluar_approve(pengajuan=pengajuan, actor=ani, tanggal_keluar=dt.date(2026, 3, 20))

    # on 20 March the payoff is the principal 2.000.000 + the current period's interest 30.000;
    # the advance pays 1.970.000 of it, the savings returned (2.945.000) the other 60.000
    p.refresh_from_db()
    assert p.status == StatusPinjaman.LUNAS and p.titipan == 0
    jurnal = Jurnal.objects.get(koperasi=maju, kunci=f"keluar-titipan-{p.pk}")
    assert baris(jurnal) == [("2.13", "D", D("1970000")), ("4.10", "K", D("30000")), ("1.20", "K", D("1940000"))]
    assert pengembalian_terutang(anggota=citra_anggota) == D("2885000")
    assert periksa_buku(maju) == []


def test_a_payment_key_already_used_for_another_loan_is_refused(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani)
    lain = cair(make_anggota(maju, nama="Dewi Lestari"), budi, ani)
    hari = dt.date(2026, 2, 15)
    laci(maju, budi, hari)
    angsuran_bayar(pinjaman=p, jumlah=D("840000"), tanggal=hari, cara="loket", actor=budi, kunci="satu-kunci")
    before = jejak(maju)

    with pytest.raises(ValidationError) as err:
        angsuran_bayar(pinjaman=lain, jumlah=D("840000"), tanggal=hari, cara="loket", actor=budi, kunci="satu-kunci")

    assert err.value.messages == [str(KUNCI_WAJIB)]
    assert jejak(maju) == before


def test_a_disbursement_key_already_used_for_another_loan_is_refused(maju, ani, budi, citra_anggota):
    cair(citra_anggota, budi, ani)
    dipakai = Jurnal.objects.get(koperasi=maju, sumber=SumberJurnal.PINJAMAN).kunci
    p = ajukan(make_anggota(maju, nama="Dewi Lestari"), budi)
    pinjaman_setujui(pinjaman=p, actor=ani, roles=KETUA)
    before = jejak(maju)

    with pytest.raises(ValidationError) as err:
        pinjaman_cairkan(pinjaman=p, tanggal=timezone.localdate(), cara="sukarela", actor=ani, kunci=dipakai)

    assert err.value.messages == [str(KUNCI_WAJIB)]
    assert jejak(maju) == before
    p.refresh_from_db()
    assert p.status == StatusPinjaman.DISETUJUI


def test_rescheduling_dated_in_a_closed_month_is_refused(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani)
    periode_tutup(koperasi=maju, tahun=2026, bulan=1, actor=ani)
    periode_tutup(koperasi=maju, tahun=2026, bulan=2, actor=ani)
    before = jejak(maju)

    with pytest.raises(ValidationError) as err:
        r.restrukturisasi_buat(
            pinjaman=p, tenor_baru=18, tanggal=dt.date(2026, 2, 20), actor=ani, roles=KETUA, alasan="Banjir"
        )

    assert err.value.messages == [str(PERIODE_DITUTUP).format(periode="02/2026")]
    assert jejak(maju) == before
    p.refresh_from_db()
    assert p.versi_jadwal == 1
