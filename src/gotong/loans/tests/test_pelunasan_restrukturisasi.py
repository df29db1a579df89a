"""An early payoff after a rescheduling never forgives the interest in arrears that the
rescheduling carried into the new schedule: that interest was earned before."""

import datetime as dt

import pytest

from gotong.ledger.checks import periksa_buku
from gotong.loans.models import BungaPelunasan, StatusPinjaman
from gotong.loans.pembayaran import pelunasan_bayar, pelunasan_hitung
from gotong.loans.restrukturisasi import restrukturisasi_buat
from gotong.loans.tests.helpers_pinjaman import D, cair, kunci, produk
from gotong.savings.tests.helpers_loket import laci
from gotong.tenancy.models import NamaPeran

RESTRUKTUR = dt.date(2026, 4, 20)


@pytest.mark.parametrize("aturan", [BungaPelunasan.TANPA, BungaPelunasan.PERIODE_BERJALAN])
def test_carried_interest_is_charged_on_early_payoff(maju, ani, budi, citra_anggota, aturan):
    produk(maju, "umum", suku_bunga=D("1"), bunga_pelunasan=aturan)
    p = cair(citra_anggota, budi, ani, pokok="3000000", tenor=6)  # 530.000 a month from 15 February
    # nothing paid: installments of 15 Feb, 15 Mar and 15 Apr are due with 30.000 interest each
    restrukturisasi_buat(
        pinjaman=p,
        tenor_baru=12,
        tanggal=RESTRUKTUR,
        actor=ani,
        roles=frozenset({NamaPeran.KETUA}),
        alasan="Usaha sepi",
    )
    quote = pelunasan_hitung(pinjaman=p, tanggal=dt.date(2026, 4, 25))
    assert quote.sisa_pokok == D("3000000")
    # the 90.000 carried is charged whatever the rule; the new first installment's own interest
    # (1% of 3.000.000) only under "periode berjalan"
    sendiri = D("30000") if aturan == BungaPelunasan.PERIODE_BERJALAN else D("0")
    assert quote.bunga_berjalan == D("90000") + sendiri
    laci(maju, budi, dt.date(2026, 4, 25))
    pelunasan_bayar(
        pinjaman=p, jumlah=quote.total, tanggal=dt.date(2026, 4, 25), cara="loket", actor=budi, kunci=kunci()
    )
    p.refresh_from_db()
    assert p.status == StatusPinjaman.LUNAS
    assert sum(b.bunga for b in p.pembayaran.all()) == D("90000") + sendiri
    assert periksa_buku(maju) == []
