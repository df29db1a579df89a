"""Year close and the statements around it, on a small set of books posted through the ledger."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gotong.core.audit import AuditLog
from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Periode as BulanBuku
from gotong.ledger.models import SumberJurnal
from gotong.ledger.tests.helpers import post
from gotong.reports import penutupan
from gotong.reports.statements import Periode, arus_kas, hasil_usaha, perubahan_ekuitas, posisi_keuangan
from gotong.tenancy.models import Koperasi

HARI_INI = dt.date(2026, 3, 1)


def _buku(maju: Koperasi, anggota: Any) -> None:
    """2025: modal penyertaan 10 juta, equipment 5 juta, interest from a member 600 rb and
    other income from a non-member 200 rb, costs 300 rb; 2026: interest 100 rb."""
    post(maju, dt.date(2025, 1, 5), "1.01", "3.12", "10000000")
    post(maju, dt.date(2025, 2, 1), "1.40", "1.01", "5000000")
    post(maju, dt.date(2025, 3, 1), "1.01", "4.10", "600000", anggota=anggota)
    post(maju, dt.date(2025, 4, 1), "1.01", "4.90", "200000")
    post(maju, dt.date(2025, 12, 20), "5.10", "1.01", "300000")
    post(maju, dt.date(2026, 1, 10), "1.01", "4.10", "100000", anggota=anggota)


@pytest.fixture
def buku(maju: Koperasi, citra_anggota: Any) -> Koperasi:
    _buku(maju, citra_anggota)
    return maju


def test_year_close_moves_the_result_into_shu_tahun_berjalan_and_closes_the_months(buku: Koperasi, ani: Any) -> None:
    tb = penutupan.tahun_buku_tutup(koperasi=buku, tahun=2025, actor=ani, today=HARI_INI)

    assert tb.ditutup and tb.shu == Decimal("500000")
    assert tb.jurnal_penutup is not None and tb.jurnal_penutup.sumber == SumberJurnal.TUTUP_BUKU
    assert tb.jurnal_penutup.tanggal == dt.date(2025, 12, 31)
    assert BulanBuku.objects.filter(koperasi=buku, tahun=2025, ditutup=True).count() == 12
    assert periksa_buku(buku) == []
    assert AuditLog.objects.filter(aksi="tahun_buku.tutup").exists()
    with pytest.raises(ValidationError, match="Bulan 06/2025 sudah ditutup"):
        post(buku, dt.date(2025, 6, 1), "1.01", "4.90", "1000")


def test_the_closed_year_reports_as_it_did_while_open(buku: Koperasi, ani: Any) -> None:
    periode = Periode(2025)
    before = (hasil_usaha(koperasi=buku, periode=periode), posisi_keuangan(koperasi=buku, periode=periode))
    penutupan.tahun_buku_tutup(koperasi=buku, tahun=2025, actor=ani, today=HARI_INI)
    after = (hasil_usaha(koperasi=buku, periode=periode), posisi_keuangan(koperasi=buku, periode=periode))

    assert before[0].shu == after[0].shu == Decimal("500000")
    assert after[0].pendapatan_anggota == Decimal("600000")
    assert after[0].shu_anggota == Decimal("375000")  # 500 rb × 600/800 of income from members
    assert after[0].shu_non_anggota == Decimal("125000")
    assert before[1].total_aset == after[1].total_aset == (Decimal("10500000"), Decimal("0"))
    assert after[1].seimbang and before[1].seimbang


def test_statements_balance_and_cash_flow_ties_to_the_change_in_cash(buku: Koperasi, ani: Any) -> None:
    penutupan.tahun_buku_tutup(koperasi=buku, tahun=2025, actor=ani, today=HARI_INI)
    for periode in (Periode(2025), Periode(2026, 1, 1), Periode(2025, 3, 6)):
        assert posisi_keuangan(koperasi=buku, periode=periode).seimbang
        arus = arus_kas(koperasi=buku, periode=periode)
        assert arus.kini.cocok and arus.pembanding.cocok
        ekuitas = perubahan_ekuitas(koperasi=buku, periode=periode)
        assert all(k.cocok for k in ekuitas.kolom)
    arus = arus_kas(koperasi=buku, periode=Periode(2025)).kini
    assert (arus.kas_awal, arus.kas_akhir) == (Decimal("0"), Decimal("5500000"))
    assert arus.bersih_pendanaan == Decimal("10000000")
    assert arus.bersih_investasi == Decimal("-5000000")
    assert arus.bersih_operasi == Decimal("500000")


def test_a_year_is_closed_only_after_it_ends_and_in_order(buku: Koperasi, ani: Any) -> None:
    with pytest.raises(ValidationError, match="belum berakhir"):
        penutupan.tahun_buku_tutup(koperasi=buku, tahun=2026, actor=ani, today=dt.date(2026, 12, 31))
    with pytest.raises(ValidationError, match="Tutup dulu tahun buku 2025"):
        penutupan.tahun_buku_tutup(koperasi=buku, tahun=2026, actor=ani, today=dt.date(2027, 1, 2))
    penutupan.tahun_buku_tutup(koperasi=buku, tahun=2025, actor=ani, today=HARI_INI)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        penutupan.tahun_buku_tutup(koperasi=buku, tahun=2025, actor=ani, today=HARI_INI)


def test_reopening_reverses_the_closing_entry_and_needs_a_reason(buku: Koperasi, ani: Any) -> None:
    penutupan.tahun_buku_tutup(koperasi=buku, tahun=2025, actor=ani, today=HARI_INI)
    with pytest.raises(ValidationError, match="alasan"):
        penutupan.tahun_buku_buka(koperasi=buku, tahun=2025, actor=ani, alasan=" ")

    tb = penutupan.tahun_buku_buka(koperasi=buku, tahun=2025, actor=ani, alasan="Koreksi penyusutan")

    assert not tb.ditutup and tb.jurnal_penutup is None
    assert periksa_buku(buku) == []
    assert hasil_usaha(koperasi=buku, periode=Periode(2025)).shu == Decimal("500000")
    assert posisi_keuangan(koperasi=buku, periode=Periode(2025)).seimbang
    assert AuditLog.objects.filter(aksi="tahun_buku.buka").exists()
    again = penutupan.tahun_buku_tutup(koperasi=buku, tahun=2025, actor=ani, today=HARI_INI)
    assert again.shu == Decimal("500000")


def test_a_year_with_a_later_closed_year_is_not_reopened(buku: Koperasi, ani: Any) -> None:
    penutupan.tahun_buku_tutup(koperasi=buku, tahun=2025, actor=ani, today=HARI_INI)
    penutupan.tahun_buku_tutup(koperasi=buku, tahun=2026, actor=ani, today=dt.date(2027, 1, 5))
    with pytest.raises(ValidationError, match="Buka dulu tahun buku 2026"):
        penutupan.tahun_buku_buka(koperasi=buku, tahun=2025, actor=ani, alasan="Koreksi")
