"""The kasir's cash drawer: opened with a float, every cash movement in its day, closed with
a count; the difference posted once (over → 4.90, short → 5.90)."""

import pytest
from django.core.exceptions import ValidationError

from gotong.core.models import AuditLog
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.savings.laci import (
    LACI_BUKAN_MILIK,
    LACI_SUDAH_DITUTUP,
    LACI_SUDAH_TERBUKA,
    RINCIAN_TIDAK_COCOK,
    laci_tutup,
)
from gotong.savings.selectors import laci_ringkasan
from gotong.savings.services import simpanan_tarik
from gotong.savings.tests.helpers_loket import HARI, D, baris, buku_beres, kunci, laci, rekening, setor


@pytest.fixture
def hari_kerja(maju, budi, citra_anggota):
    """Budi's drawer: float 500.000, deposits 150.000 and 50.000, a withdrawal of 30.000,
    and a bank deposit (not cash) of 20.000."""
    akun = rekening(citra_anggota)
    sesi = laci(maju, budi)
    setor(akun["sukarela"], "150000", budi)
    setor(akun["wajib"], "50000", budi)
    setor(akun["sukarela"], "20000", budi, tunai=False)
    simpanan_tarik(koperasi=maju, rekening=akun["sukarela"], jumlah=D("30000"), tanggal=HARI, kasir=budi, kunci=kunci())
    return sesi


def test_the_day_lists_every_cash_movement_with_totals_and_expected_cash(hari_kerja) -> None:
    r = laci_ringkasan(sesi=hari_kerja)
    assert [(b.masuk, b.keluar) for b in r.baris] == [(D("150000"), 0), (D("50000"), 0), (0, D("30000"))]
    assert (r.masuk, r.keluar, r.seharusnya) == (D("200000"), D("30000"), D("670000"))


def test_a_matching_count_closes_without_an_entry(maju, budi, hari_kerja) -> None:
    closed = laci_tutup(sesi=hari_kerja, actor=budi, uang_dihitung=D("670000"))
    assert (closed.selisih, closed.jurnal_selisih, closed.uang_dihitung) == (D("0"), None, D("670000"))
    assert closed.ditutup_pada is not None
    assert not Jurnal.objects.filter(sumber=SumberJurnal.SELISIH_KAS).exists()
    assert AuditLog.objects.filter(aksi="laci.tutup").count() == 1


def test_cash_over_is_posted_to_other_income(maju, budi, hari_kerja) -> None:
    closed = laci_tutup(sesi=hari_kerja, actor=budi, uang_dihitung=D("675000"))
    assert closed.selisih == D("5000")
    assert baris(closed.jurnal_selisih) == [("1.01", "D", D("5000")), ("4.90", "K", D("5000"))]
    assert buku_beres(maju) == []


def test_cash_short_is_posted_to_other_expense_with_the_count_per_denomination(maju, budi, hari_kerja) -> None:
    rincian = {100000: 6, 50000: 1, 10000: 1, 5000: 1}  # 665.000
    closed = laci_tutup(sesi=hari_kerja, actor=budi, uang_dihitung=D("665000"), rincian=rincian)
    assert closed.selisih == D("-5000")
    assert baris(closed.jurnal_selisih) == [("5.90", "D", D("5000")), ("1.01", "K", D("5000"))]
    audit = AuditLog.objects.get(aksi="laci.tutup")
    assert audit.sesudah["rincian"] == {"100000": 6, "50000": 1, "10000": 1, "5000": 1}
    assert buku_beres(maju) == []


def test_a_count_per_denomination_must_add_up_to_the_total(budi, hari_kerja) -> None:
    with pytest.raises(ValidationError) as caught:
        laci_tutup(sesi=hari_kerja, actor=budi, uang_dihitung=D("670000"), rincian={100000: 6})
    assert caught.value.message_dict["uang_dihitung"] == [
        str(RINCIAN_TIDAK_COCOK).format(rincian="Rp600.000", total="Rp670.000")
    ]
    hari_kerja.refresh_from_db()
    assert hari_kerja.ditutup_pada is None


def test_a_drawer_closes_once_and_only_by_its_kasir(maju, ani, budi, hari_kerja) -> None:
    with pytest.raises(ValidationError) as caught:
        laci_tutup(sesi=hari_kerja, actor=ani, uang_dihitung=D("670000"))
    assert caught.value.messages == [str(LACI_BUKAN_MILIK)]
    laci_tutup(sesi=hari_kerja, actor=budi, uang_dihitung=D("660000"))
    with pytest.raises(ValidationError) as caught:
        laci_tutup(sesi=hari_kerja, actor=budi, uang_dihitung=D("670000"))
    assert caught.value.messages == [str(LACI_SUDAH_DITUTUP)]
    assert Jurnal.objects.filter(sumber=SumberJurnal.SELISIH_KAS).count() == 1


def test_a_kasir_has_one_open_drawer(maju, budi, hari_kerja) -> None:
    with pytest.raises(ValidationError) as caught:
        laci(maju, budi)
    assert caught.value.messages == [str(LACI_SUDAH_TERBUKA).format(tanggal="10-03-2026")]


def test_movements_after_closing_belong_to_the_next_drawer(maju, budi, citra_anggota, hari_kerja) -> None:
    laci_tutup(sesi=hari_kerja, actor=budi, uang_dihitung=D("670000"))
    besok = laci(maju, budi, modal="0")
    setor(rekening(citra_anggota)["sukarela"], "10000", budi)
    assert laci_ringkasan(sesi=besok).masuk == D("10000")
    hari_kerja.refresh_from_db()
    assert laci_ringkasan(sesi=hari_kerja).masuk == D("200000")
