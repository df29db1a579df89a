"""Correcting a savings movement by reversal: balances restored, books still hold, and
every refusal with its message and nothing posted."""

import datetime as dt
from typing import Any

import pytest
from conftest import login
from django.core.exceptions import ValidationError

from gotong.core.models import AuditLog
from gotong.ledger.models import Jurnal
from gotong.ledger.posting import PERIODE_DITUTUP
from gotong.ledger.services import periode_tutup
from gotong.savings.koreksi import (
    ALASAN_WAJIB,
    BUKAN_PEMBALIK,
    PEMBALIKAN_TIDAK_DIBALIK,
    PEMBUAT_SENDIRI,
    SALDO_JADI_NEGATIF,
    SUDAH_DIBALIK,
    mutasi_balik,
)
from gotong.savings.models import JenisMutasi, MutasiSimpanan
from gotong.savings.services import simpanan_pindah, simpanan_tarik
from gotong.savings.tests.helpers_loket import HARI, D, baris, buku_beres, jejak, kunci, laci, rekening, setor

LATER = HARI + dt.timedelta(days=2)


@pytest.fixture
def akun(citra_anggota: Any) -> Any:
    return rekening(citra_anggota)


@pytest.fixture
def setoran(maju: Any, budi: Any, akun: Any) -> MutasiSimpanan:
    laci(maju, budi)
    return setor(akun["sukarela"], "150000", budi).mutasi


def balik(mutasi: MutasiSimpanan, actor: Any, **kw: Any) -> Jurnal:
    args = {"koperasi": mutasi.koperasi, "mutasi": mutasi, "actor": actor, "alasan": "Salah rekening", "tanggal": LATER}
    return mutasi_balik(**{**args, **kw})


def refused(mutasi: MutasiSimpanan, actor: Any, message: str, **kw: Any) -> None:
    before = jejak(mutasi.koperasi)
    with pytest.raises(ValidationError) as err:
        balik(mutasi, actor, **kw)
    assert message in err.value.messages
    assert jejak(mutasi.koperasi) == before


def test_a_reversal_restores_the_balance_and_the_books_still_hold(maju, ani, akun, setoran) -> None:
    jurnal = balik(setoran, ani)
    sukarela = akun["sukarela"]
    sukarela.refresh_from_db()
    assert sukarela.saldo == D("0")
    assert jurnal.membalik == setoran.jurnal and jurnal.tanggal == LATER
    assert baris(jurnal) == [("1.01", "K", D("150000")), ("2.10", "D", D("150000"))]
    m = MutasiSimpanan.objects.get(jurnal=jurnal)
    assert (m.jenis, m.jumlah, m.saldo_setelah, m.dibuat_oleh) == (JenisMutasi.PEMBALIKAN, D("-150000"), D("0"), ani)
    assert AuditLog.objects.filter(aksi="simpanan.pembalikan", koperasi=maju).count() == 1
    assert buku_beres(maju) == []


def test_a_transfer_reversal_corrects_both_accounts(maju, ani, budi, akun, setoran) -> None:
    hasil = simpanan_pindah(
        koperasi=maju,
        asal=akun["sukarela"],
        tujuan=akun["wajib"],
        jumlah=D("50000"),
        tanggal=HARI,
        actor=budi,
        kunci=kunci(),
    )
    balik(hasil.mutasi, ani)
    saldo = {r.jenis: r.saldo for r in akun["sukarela"].anggota.rekening_simpanan.all()}
    assert saldo["sukarela"] == D("150000") and saldo["wajib"] == D("0")
    assert buku_beres(maju) == []


def test_the_kasir_may_not_reverse(budi, setoran) -> None:
    refused(setoran, budi, str(BUKAN_PEMBALIK))


def test_the_maker_may_not_reverse_their_own_movement(maju, ani, akun) -> None:
    laci(maju, ani)
    mutasi = setor(akun["sukarela"], "30000", ani).mutasi
    refused(mutasi, ani, str(PEMBUAT_SENDIRI))


def test_a_movement_is_reversed_once_and_a_reversal_never(ani, setoran) -> None:
    jurnal = balik(setoran, ani)
    refused(setoran, ani, str(SUDAH_DIBALIK).format(nomor=jurnal.nomor))
    koreksi = MutasiSimpanan.objects.get(jurnal=jurnal)
    refused(koreksi, ani, str(PEMBALIKAN_TIDAK_DIBALIK))


def test_a_reversal_that_would_make_a_balance_negative_is_refused(maju, ani, budi, akun, setoran) -> None:
    simpanan_tarik(
        koperasi=maju, rekening=akun["sukarela"], jumlah=D("140000"), tanggal=HARI, kasir=budi, kunci=kunci()
    )
    refused(
        setoran, ani, str(SALDO_JADI_NEGATIF).format(nomor=akun["sukarela"].nomor, saldo="Rp10.000", jumlah="Rp150.000")
    )


def test_a_reversal_into_a_closed_month_is_refused(maju, ani, setoran) -> None:
    periode_tutup(koperasi=maju, tahun=LATER.year, bulan=LATER.month, actor=ani)
    refused(setoran, ani, str(PERIODE_DITUTUP).format(periode=f"{LATER.month:02d}/{LATER.year}"))


def test_a_reversal_needs_a_reason(ani, setoran) -> None:
    refused(setoran, ani, str(ALASAN_WAJIB), alasan="  ")


def test_the_board_reverses_from_the_statement_page(maju, ani, akun, setoran) -> None:
    url = f"/k/maju-bersama/simpanan/mutasi/{setoran.pk}/balik/"
    page = login(ani).get(f"/k/maju-bersama/simpanan/rekening/{akun['sukarela'].pk}/")
    assert url in page.content.decode()
    response = login(ani).post(url, {"alasan": "Salah rekening"})
    assert response.status_code == 302
    akun["sukarela"].refresh_from_db()
    assert akun["sukarela"].saldo == D("0")


def test_the_kasir_and_an_outsider_get_404(budi, dedi, akun, setoran) -> None:
    url = f"/k/maju-bersama/simpanan/mutasi/{setoran.pk}/balik/"
    assert login(budi).post(url, {"alasan": "x"}).status_code == 404
    assert login(dedi).post(url, {"alasan": "x"}).status_code == 404
    assert login(dedi).post(f"/k/tani-makmur/simpanan/mutasi/{setoran.pk}/balik/", {"alasan": "x"}).status_code == 404
    akun["sukarela"].refresh_from_db()
    assert akun["sukarela"].saldo == D("150000")


def test_a_loan_paid_out_to_sukarela_is_not_undone_from_the_savings_statement(maju, ani, budi, citra_anggota) -> None:
    from gotong.ledger.tests.helpers import manajer
    from gotong.loans.models import Pinjaman, StatusPinjaman
    from gotong.loans.tests.helpers_pinjaman import CAIR, cair
    from gotong.savings.koreksi import DIKOREKSI_DI_MODULNYA

    pinjaman = cair(citra_anggota, budi, ani, tanggal=CAIR)
    masuk = MutasiSimpanan.objects.get(rekening__anggota=citra_anggota, jurnal__sumber="pinjaman")

    with pytest.raises(ValidationError) as err:
        mutasi_balik(koperasi=maju, mutasi=masuk, actor=manajer(maju), alasan="Salah", tanggal=CAIR)

    assert str(DIKOREKSI_DI_MODULNYA).format(sumber="Pinjaman") in err.value.messages
    assert Pinjaman.objects.get(pk=pinjaman.pk).status == StatusPinjaman.AKTIF
    assert not Jurnal.objects.filter(membalik=masuk.jurnal).exists()
    assert buku_beres(maju) == []
