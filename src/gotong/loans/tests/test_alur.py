"""A loan's life through the services: application, maker-checker approval, disbursement
with fees, payments allocated denda → bunga → pokok, advances, payoff — each posted as one
balanced entry with the subledger equal to the ledger."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gotong.ledger.checks import periksa_buku
from gotong.loans.models import Angsuran, StatusPinjaman
from gotong.loans.pembayaran import (
    ANGSURAN_SUDAH_DIBAYAR,
    MELEBIHI_KEWAJIBAN,
    PINJAMAN_TIDAK_BERJALAN,
    pelunasan_bayar,
    pelunasan_hitung,
    titipan_terapkan,
)
from gotong.loans.services import (
    BELUM_DISETUJUI,
    DI_ATAS_BATAS,
    JUMLAH_DI_ATAS,
    SETUJUI_SENDIRI,
    TENOR_DI_LUAR,
    DataJaminan,
    pinjaman_cairkan,
    pinjaman_setujui,
)
from gotong.loans.tests.helpers_pinjaman import CAIR, D, ajukan, bayar, cair, jejak, kunci, produk
from gotong.savings.tests.helpers_loket import baris, laci
from gotong.tenancy.models import NamaPeran


@pytest.fixture(autouse=True)
def _satu_persen(maju):
    """The DOMAIN.md example: flat 1% a month."""
    produk(maju, "umum", suku_bunga=D("1"))


def test_flat_loan_of_domain_example_pays_840000_a_month(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani)
    rows = list(Angsuran.objects.filter(pinjaman=p).order_by("ke"))
    assert len(rows) == 12
    assert {r.total for r in rows} == {D("840000")}
    assert rows[0].jatuh_tempo == dt.date(2026, 2, 15)
    assert p.sisa_pokok == D("9000000")
    assert periksa_buku(maju) == []


def test_disbursement_to_sukarela_deducts_fees_in_one_entry(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani)
    # provisi 1% = 90.000, administrasi 25.000, deducted: the member receives 8.885.000
    assert baris(p.jurnal_cair) == [
        ("1.20", "D", D("9000000")),
        ("2.10", "K", D("8885000")),
        ("4.20", "K", D("115000")),
    ]


def test_payment_allocates_denda_then_bunga_then_pokok_oldest_first(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani)
    laci(maju, budi, dt.date(2026, 3, 25))
    # installment 1 due 15 Feb, 2 due 15 Mar; on 25 Mar both are late
    hasil = bayar(p, "900000", budi, dt.date(2026, 3, 25))
    first, second = Angsuran.objects.filter(pinjaman=p).order_by("ke")[:2]
    assert first.denda > 0 and first.denda_dibayar == first.denda
    assert first.lunas_pada == dt.date(2026, 3, 25)
    assert second.lunas_pada is None
    b = hasil.pembayaran
    assert b.denda + b.bunga + b.pokok == D("900000")
    # installment 1: 38 days late × 0,1% × 840.000 = 31.920 denda, 90.000 bunga, 750.000 pokok;
    # the 28.080 left goes to installment 2: its 10 days' denda (8.400) first, then bunga
    assert first.denda == D("31920")
    assert second.denda_dibayar == D("8400")
    assert (b.denda, b.bunga, b.pokok) == (D("40320"), D("109680"), D("750000"))
    assert periksa_buku(maju) == []


def test_overpayment_is_held_as_advance_and_used_when_due(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani)
    laci(maju, budi, dt.date(2026, 2, 10))
    hasil = bayar(p, "1000000", budi, dt.date(2026, 2, 10))  # nothing due yet
    assert hasil.pembayaran.titipan == D("1000000")
    p.refresh_from_db()
    assert p.titipan == D("1000000")
    titipan_terapkan(pinjaman=p, tanggal=dt.date(2026, 2, 15))
    p.refresh_from_db()
    assert p.titipan == D("160000")
    assert Angsuran.objects.get(pinjaman=p, ke=1).lunas_pada == dt.date(2026, 2, 15)
    assert periksa_buku(maju) == []


def test_same_installment_twice_refused_with_message(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani)
    laci(maju, budi, dt.date(2026, 2, 15))
    bayar(p, "840000", budi, dt.date(2026, 2, 15), untuk_angsuran=1)
    before = jejak(maju)
    with pytest.raises(ValidationError) as err:
        bayar(p, "840000", budi, dt.date(2026, 2, 15), untuk_angsuran=1)
    assert str(ANGSURAN_SUDAH_DIBAYAR).split("{")[0] in str(err.value)
    assert jejak(maju) == before


def test_payment_beyond_everything_owed_is_refused(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani)
    laci(maju, budi, dt.date(2026, 2, 15))
    before = jejak(maju)
    with pytest.raises(ValidationError) as err:
        bayar(p, "20000000", budi, dt.date(2026, 2, 15))
    assert str(MELEBIHI_KEWAJIBAN).split("{")[0] in str(err.value)
    assert jejak(maju) == before


def test_early_payoff_charges_current_period_interest_only(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani)
    laci(maju, budi, dt.date(2026, 2, 15))
    bayar(p, "840000", budi, dt.date(2026, 2, 15))
    quote = pelunasan_hitung(pinjaman=p, tanggal=dt.date(2026, 2, 20))
    assert quote.sisa_pokok == D("8250000")
    assert quote.bunga_berjalan == D("90000")
    assert quote.total == D("8340000")
    laci_hari = dt.date(2026, 2, 20)
    from gotong.savings.laci import laci_tutup
    from gotong.savings.models import SesiKas

    laci_tutup(sesi=SesiKas.objects.get(kasir=budi, ditutup_pada__isnull=True), actor=budi, uang_dihitung=D("1340000"))
    laci(maju, budi, laci_hari)
    pelunasan_bayar(pinjaman=p, jumlah=quote.total, tanggal=laci_hari, cara="loket", actor=budi, kunci=kunci())
    p.refresh_from_db()
    assert p.status == StatusPinjaman.LUNAS and p.sisa_pokok == 0
    assert not Angsuran.objects.filter(pinjaman=p, lunas_pada__isnull=True).exists()
    assert periksa_buku(maju) == []
    with pytest.raises(ValidationError) as err:
        bayar(p, "100000", budi, laci_hari)
    assert str(PINJAMAN_TIDAK_BERJALAN).split("{")[0] in str(err.value)


def test_own_application_cannot_be_approved(maju, ani, citra_anggota):
    p = ajukan(citra_anggota, ani)
    with pytest.raises(ValidationError) as err:
        pinjaman_setujui(pinjaman=p, actor=ani, roles=frozenset({NamaPeran.KETUA}))
    assert str(SETUJUI_SENDIRI) in str(err.value)


def test_manager_limit(maju, ani, budi, citra_anggota):
    emas = DataJaminan(jenis="emas", uraian="Kalung emas 20 gram", nilai_taksiran=D("20000000"))
    p = ajukan(citra_anggota, budi, pokok="20000000", kode="usaha", tenor=12, jaminan=[emas])
    with pytest.raises(ValidationError) as err:
        pinjaman_setujui(pinjaman=p, actor=ani, roles=frozenset({NamaPeran.MANAJER}))
    assert str(DI_ATAS_BATAS).split("{")[0] in str(err.value)


def test_unapproved_loan_is_not_disbursed(maju, ani, budi, citra_anggota):
    p = ajukan(citra_anggota, budi)
    before = jejak(maju)
    with pytest.raises(ValidationError) as err:
        pinjaman_cairkan(pinjaman=p, tanggal=CAIR, cara="sukarela", actor=ani, kunci=kunci())
    assert str(BELUM_DISETUJUI).split("{")[0] in str(err.value)
    assert jejak(maju) == before


@pytest.mark.parametrize(
    ("pokok", "tenor", "field", "message"),
    [("90000000", 12, "pokok", JUMLAH_DI_ATAS), ("9000000", 60, "tenor", TENOR_DI_LUAR)],
)
def test_application_outside_product_limits(maju, budi, citra_anggota, pokok, tenor, field, message):
    with pytest.raises(ValidationError) as err:
        ajukan(citra_anggota, budi, pokok=pokok, tenor=tenor)
    assert str(message).split("{")[0] in str(err.value.message_dict[field])


def test_a_payment_dated_in_a_closed_month_is_refused_and_nothing_is_posted(maju, ani, budi, citra_anggota):
    from gotong.ledger.posting import PERIODE_DITUTUP
    from gotong.ledger.services import periode_tutup

    p = cair(citra_anggota, budi, ani)
    laci(maju, budi, dt.date(2026, 2, 16))
    periode_tutup(koperasi=maju, tahun=2026, bulan=2, actor=ani)
    before = jejak(maju)
    with pytest.raises(ValidationError) as err:
        bayar(p, "840000", budi, dt.date(2026, 2, 16))
    assert str(PERIODE_DITUTUP).split("{")[0] in str(err.value)
    assert jejak(maju) == before


def test_cash_disbursement_with_fees_paid_separately(maju, ani, budi, citra_anggota):
    """The anuitas product charges its fees separately: the member gets the whole principal
    and pays provisi and administrasi at the same counter — one entry, net cash out."""
    laci(maju, ani, CAIR)
    p = cair(citra_anggota, budi, ani, kode="anuitas", pokok="10000000", tenor=12, cara="tunai")
    # provisi 0,5% = 50.000, administrasi 50.000: 9.900.000 leaves the drawer
    assert baris(p.jurnal_cair) == [
        ("1.20", "D", D("10000000")),
        ("1.01", "K", D("9900000")),
        ("4.20", "K", D("100000")),
    ]
    rows = list(Angsuran.objects.filter(pinjaman=p).order_by("ke"))
    assert len({r.total for r in rows[:-1]}) == 1  # equal installments, the last absorbs rounding
    assert sum(r.pokok for r in rows) == D("10000000")
    assert periksa_buku(maju) == []
