"""The teller services: deposits, withdrawals, transfers — their ledger entries, their
receipts, every refusal with its message and nothing posted, and idempotency keys."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gotong.ledger.models import Jurnal
from gotong.ledger.posting import PERIODE_DITUTUP
from gotong.ledger.services import periode_tutup
from gotong.members.models import StatusAnggota
from gotong.members.tests.helpers import make_anggota
from gotong.savings.models import JenisMutasi, MutasiSimpanan, StatusRekening, TagihanWajib
from gotong.savings.services import (
    ANGGOTA_TIDAK_AKTIF,
    BERJANGKA_TIDAK_DITAMBAH,
    JUMLAH_DUA_DESIMAL,
    JUMLAH_HARUS_POSITIF,
    JUMLAH_TERLALU_BESAR,
    JUMLAH_TIDAK_SAH,
    KUNCI_WAJIB,
    LACI_BELUM_DIBUKA,
    LACI_HARI_LAIN,
    PINDAH_ANGGOTA_LAIN,
    PINDAH_REKENING_SAMA,
    POKOK_LEBIH,
    POKOK_SUDAH_LUNAS,
    REKENING_LAIN_KOPERASI,
    REKENING_TIDAK_AKTIF,
    SALDO_TIDAK_CUKUP,
    TIDAK_BOLEH_DITARIK,
    parse_jumlah,
    simpanan_pindah,
    simpanan_setor,
    simpanan_tarik,
    uang_laci_sah,
)
from gotong.savings.tests.helpers_loket import HARI, D, baris, buku_beres, jejak, kunci, laci, rekening, setor

# --- typed amounts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("50000", "50000"),
        ("50.000", "50000"),
        ("1.250.000", "1250000"),
        ("1.250.000,50", "1250000.50"),
        ("Rp 75.000", "75000"),
        ("12,5", "12.50"),
        ("100.5", "100.50"),
    ],
)
def test_parse_jumlah_reads_amounts_typed_the_indonesian_way(typed: str, amount: str) -> None:
    assert parse_jumlah(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("lima puluh ribu", JUMLAH_TIDAK_SAH),
        ("", JUMLAH_TIDAK_SAH),
        ("1e3", JUMLAH_TIDAK_SAH),
        ("NaN", JUMLAH_TIDAK_SAH),
        ("-5.000", JUMLAH_HARUS_POSITIF),
        ("0", JUMLAH_HARUS_POSITIF),
        ("0,00", JUMLAH_HARUS_POSITIF),
        ("10,123", JUMLAH_DUA_DESIMAL),
        ("0.001", JUMLAH_DUA_DESIMAL),
        ("99999999999999999", JUMLAH_TERLALU_BESAR),
        (1.5, JUMLAH_TIDAK_SAH),
    ],
)
def test_parse_jumlah_refuses_what_is_not_an_amount_and_says_what_to_fix(typed: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_jumlah(typed)
    assert caught.value.message_dict == {"jumlah": [str(message)]}


def test_the_drawer_count_may_be_zero_but_never_negative() -> None:
    assert uang_laci_sah("0", "uang_dihitung") == Decimal("0")
    assert uang_laci_sah(Decimal("1.5"), "x") == Decimal("1.50")  # a Decimal is not re-read as 1.500
    with pytest.raises(ValidationError):
        uang_laci_sah("-1", "uang_dihitung")


# --- deposits ------------------------------------------------------------------------------


@pytest.fixture
def akun(citra_anggota):
    return rekening(citra_anggota)


@pytest.fixture
def buka(maju, budi):
    return laci(maju, budi)


def test_a_cash_deposit_posts_kas_to_the_control_account_with_a_numbered_receipt(maju, budi, akun, buka) -> None:
    hasil = setor(akun["sukarela"], "150000", budi)
    akun["sukarela"].refresh_from_db()
    assert akun["sukarela"].saldo == D("150000")
    assert baris(hasil.mutasi.jurnal) == [("1.01", "D", D("150000")), ("2.10", "K", D("150000"))]
    assert hasil.kwitansi is not None and hasil.kwitansi.nomor == "KW-2026-000001"
    assert hasil.kwitansi.kasir == budi and hasil.kwitansi.jumlah == D("150000")
    assert (hasil.mutasi.jenis, hasil.mutasi.saldo_setelah, hasil.mutasi.sesi_kas) == ("setor", D("150000"), buka)
    assert buku_beres(maju) == []


def test_a_bank_deposit_needs_no_drawer_and_debits_bank(maju, budi, akun) -> None:
    hasil = setor(akun["sukarela"], "20000", budi, tunai=False)
    assert baris(hasil.mutasi.jurnal) == [("1.02", "D", D("20000")), ("2.10", "K", D("20000"))]
    assert hasil.mutasi.sesi_kas is None


def test_the_pokok_is_paid_once_at_the_products_amount(maju, budi, akun, buka) -> None:
    pokok = akun["pokok"]
    before = jejak(maju)
    with pytest.raises(ValidationError) as caught:
        setor(pokok, "150000", budi)
    assert caught.value.message_dict["jumlah"] == [str(POKOK_LEBIH).format(tetap="Rp100.000", sisa="Rp100.000")]
    assert jejak(maju) == before
    setor(pokok, "60000", budi)
    setor(pokok, "40000", budi)
    with pytest.raises(ValidationError) as caught:
        setor(pokok, "1000", budi)
    assert caught.value.messages == [str(POKOK_SUDAH_LUNAS).format(nomor=pokok.nomor)]


def test_a_wajib_deposit_pays_the_wajib_bills(maju, budi, akun, buka) -> None:
    setor(akun["wajib"], "50000", budi)
    paid = TagihanWajib.objects.filter(rekening=akun["wajib"]).order_by("tahun", "bulan")
    assert [(t.bulan, t.terbayar) for t in paid] == [(3, D("25000")), (4, D("25000"))]


# --- every refusal: a clear message, nothing posted -----------------------------------------


def _refused(koperasi, call, message: str) -> None:
    before = jejak(koperasi)
    with pytest.raises(ValidationError) as caught:
        call()
    assert message in caught.value.messages, caught.value.messages
    assert jejak(koperasi) == before


@pytest.mark.parametrize(
    ("jumlah", "message"),
    [
        ("abc", JUMLAH_TIDAK_SAH),
        (Decimal("-5000"), JUMLAH_HARUS_POSITIF),
        (Decimal("0"), JUMLAH_HARUS_POSITIF),
        (Decimal("10.001"), JUMLAH_DUA_DESIMAL),
        ("10,001", JUMLAH_DUA_DESIMAL),
    ],
)
def test_deposits_withdrawals_and_transfers_refuse_a_bad_amount(maju, budi, akun, buka, jumlah, message) -> None:
    setor(akun["sukarela"], "100000", budi)
    k, r = maju, akun["sukarela"]
    calls = [
        lambda: simpanan_setor(koperasi=k, rekening=r, jumlah=jumlah, tanggal=HARI, kasir=budi, kunci=kunci()),
        lambda: simpanan_tarik(koperasi=k, rekening=r, jumlah=jumlah, tanggal=HARI, kasir=budi, kunci=kunci()),
        lambda: simpanan_pindah(
            koperasi=k, asal=r, tujuan=akun["wajib"], jumlah=jumlah, tanggal=HARI, actor=budi, kunci=kunci()
        ),
    ]
    for call in calls:
        _refused(maju, call, str(message))


def _tarik(r, jumlah, kasir, tanggal=HARI, koperasi=None):
    return simpanan_tarik(
        koperasi=koperasi or r.koperasi, rekening=r, jumlah=D(jumlah), tanggal=tanggal, kasir=kasir, kunci=kunci()
    )


def test_withdrawal_refuses_more_than_balance(maju, budi, akun, buka) -> None:
    setor(akun["sukarela"], "50000", budi)
    message = str(SALDO_TIDAK_CUKUP).format(saldo="Rp50.000", minimum="Rp10.000", jumlah="Rp60.000")
    _refused(maju, lambda: _tarik(akun["sukarela"], "60000", budi), message)


def test_withdrawal_keeps_the_products_minimum_balance(maju, budi, akun, buka) -> None:
    setor(akun["sukarela"], "50000", budi)
    message = str(SALDO_TIDAK_CUKUP).format(saldo="Rp50.000", minimum="Rp10.000", jumlah="Rp45.000")
    _refused(maju, lambda: _tarik(akun["sukarela"], "45000", budi), message)
    hasil = _tarik(akun["sukarela"], "40000", budi)
    assert hasil.mutasi.saldo_setelah == D("10000")
    assert baris(hasil.mutasi.jurnal) == [("2.10", "D", D("40000")), ("1.01", "K", D("40000"))]


@pytest.mark.parametrize("jenis", ["pokok", "wajib"])
def test_pokok_and_wajib_are_never_withdrawn_while_a_member(maju, budi, akun, buka, jenis) -> None:
    setor(akun[jenis], "25000", budi)
    message = str(TIDAK_BOLEH_DITARIK).format(jenis=akun[jenis].produk.get_jenis_display())
    _refused(maju, lambda: _tarik(akun[jenis], "1000", budi), message)


def test_a_closed_account_takes_nothing(maju, budi, akun, buka) -> None:
    r = akun["sukarela"]
    r.status = StatusRekening.DITUTUP
    r.save()
    message = str(REKENING_TIDAK_AKTIF).format(nomor=r.nomor)
    _refused(maju, lambda: setor(r, "1000", budi), message)
    _refused(maju, lambda: _tarik(r, "1000", budi), message)


def test_an_inactive_member_cannot_deposit_or_withdraw(maju, budi, citra_anggota, akun, buka) -> None:
    setor(akun["sukarela"], "50000", budi)
    type(citra_anggota).objects.filter(pk=citra_anggota.pk).update(status=StatusAnggota.KELUAR)
    message = str(ANGGOTA_TIDAK_AKTIF).format(nama=citra_anggota.nama)
    _refused(maju, lambda: setor(akun["sukarela"], "1000", budi), message)
    _refused(maju, lambda: _tarik(akun["sukarela"], "1000", budi), message)


def test_another_koperasis_account_is_refused(maju, tani, budi, akun, buka) -> None:
    r = akun["sukarela"]
    message = str(REKENING_LAIN_KOPERASI)
    _refused(
        maju,
        lambda: simpanan_setor(koperasi=tani, rekening=r, jumlah=D("1000"), tanggal=HARI, kasir=budi, kunci=kunci()),
        message,
    )
    _refused(maju, lambda: _tarik(r, "1000", budi, koperasi=tani), message)


def test_a_closed_month_takes_no_deposit(maju, ani, budi, akun) -> None:
    bulan_lalu = dt.date(2026, 2, 20)
    laci(maju, budi, tanggal=bulan_lalu)
    periode_tutup(koperasi=maju, tahun=2026, bulan=2, actor=ani)
    message = str(PERIODE_DITUTUP).format(periode="02/2026")
    _refused(maju, lambda: setor(akun["sukarela"], "1000", budi, tanggal=bulan_lalu), message)


def test_cash_needs_an_open_drawer_of_the_same_day(maju, budi, akun) -> None:
    _refused(maju, lambda: setor(akun["sukarela"], "1000", budi), str(LACI_BELUM_DIBUKA))
    laci(maju, budi, tanggal=HARI - dt.timedelta(days=1))
    _refused(maju, lambda: setor(akun["sukarela"], "1000", budi), str(LACI_HARI_LAIN).format(tanggal="09-03-2026"))


def test_a_withdrawal_without_an_open_drawer_is_refused(maju, budi, akun, buka) -> None:
    setor(akun["sukarela"], "50000", budi)
    buka.ditutup_pada = buka.dibuka_pada
    buka.save()
    _refused(maju, lambda: _tarik(akun["sukarela"], "1000", budi), str(LACI_BELUM_DIBUKA))


def test_a_missing_key_is_refused(maju, budi, akun, buka) -> None:
    r = akun["sukarela"]
    _refused(
        maju,
        lambda: simpanan_setor(koperasi=maju, rekening=r, jumlah=D("1000"), tanggal=HARI, kasir=budi, kunci=""),
        str(KUNCI_WAJIB),
    )


def test_a_term_deposit_is_not_topped_up_at_the_counter(maju, budi, akun, buka) -> None:
    from gotong.savings.berjangka import berjangka_buka
    from gotong.savings.models import ProdukSimpanan

    produk = ProdukSimpanan.objects.get(koperasi=maju, kode="berjangka-3")
    placed = berjangka_buka(
        koperasi=maju,
        anggota=akun["pokok"].anggota,
        produk=produk,
        jumlah=D("1000000"),
        tanggal=HARI,
        kasir=budi,
        kunci=kunci(),
        dari_sukarela=False,
    )
    _refused(maju, lambda: setor(placed.mutasi.rekening, "1000", budi), str(BERJANGKA_TIDAK_DITAMBAH))


# --- idempotency ---------------------------------------------------------------------------


def test_the_same_key_posts_a_deposit_once(maju, budi, akun, buka) -> None:
    r = akun["sukarela"]
    first = simpanan_setor(koperasi=maju, rekening=r, jumlah=D("50000"), tanggal=HARI, kasir=budi, kunci="sama")
    again = simpanan_setor(koperasi=maju, rekening=r, jumlah=D("50000"), tanggal=HARI, kasir=budi, kunci="sama")
    assert (again.mutasi, again.kwitansi) == (first.mutasi, first.kwitansi)
    r.refresh_from_db()
    assert r.saldo == D("50000")
    assert Jurnal.objects.filter(koperasi=maju).count() == 1
    assert MutasiSimpanan.objects.filter(rekening=r).count() == 1


def test_the_same_key_posts_a_withdrawal_and_a_transfer_once(maju, budi, akun, buka) -> None:
    r = akun["sukarela"]
    setor(r, "100000", budi)
    for _ in range(2):
        simpanan_tarik(koperasi=maju, rekening=r, jumlah=D("30000"), tanggal=HARI, kasir=budi, kunci="tarik-1")
        simpanan_pindah(
            koperasi=maju, asal=r, tujuan=akun["wajib"], jumlah=D("25000"), tanggal=HARI, actor=budi, kunci="pindah-1"
        )
    r.refresh_from_db()
    assert r.saldo == D("45000")
    assert Jurnal.objects.filter(koperasi=maju).count() == 3
    assert buku_beres(maju) == []


# --- transfers -----------------------------------------------------------------------------


def test_a_transfer_moves_money_between_the_members_own_accounts_with_a_receipt(maju, budi, akun, buka) -> None:
    setor(akun["sukarela"], "100000", budi)
    hasil = simpanan_pindah(
        koperasi=maju,
        asal=akun["sukarela"],
        tujuan=akun["wajib"],
        jumlah=D("25000"),
        tanggal=HARI,
        actor=budi,
        kunci=kunci(),
    )
    assert baris(hasil.mutasi.jurnal) == [("2.10", "D", D("25000")), ("3.11", "K", D("25000"))]
    moves = MutasiSimpanan.objects.filter(jurnal=hasil.mutasi.jurnal).order_by("id")
    assert [(m.rekening.jenis, m.jenis, m.jumlah) for m in moves] == [
        ("sukarela", JenisMutasi.PINDAH_KELUAR, D("-25000")),
        ("wajib", JenisMutasi.PINDAH_MASUK, D("25000")),
    ]
    assert hasil.kwitansi is not None and hasil.kwitansi.jumlah == D("25000")
    assert TagihanWajib.objects.filter(rekening=akun["wajib"], terbayar=D("25000")).exists()
    assert buku_beres(maju) == []


def test_a_transfer_refuses_the_same_account_and_another_members_account(maju, budi, akun, buka) -> None:
    setor(akun["sukarela"], "100000", budi)
    other = rekening(make_anggota(maju))
    r = akun["sukarela"]

    def pindah(tujuan):
        return simpanan_pindah(
            koperasi=maju, asal=r, tujuan=tujuan, jumlah=D("1000"), tanggal=HARI, actor=budi, kunci=kunci()
        )

    _refused(maju, lambda: pindah(r), str(PINDAH_REKENING_SAMA))
    _refused(maju, lambda: pindah(other["wajib"]), str(PINDAH_ANGGOTA_LAIN))


def test_a_transfer_into_the_pokok_beyond_its_amount_is_refused(maju, budi, akun, buka) -> None:
    setor(akun["sukarela"], "300000", budi)
    r = akun["sukarela"]
    with pytest.raises(ValidationError) as caught:
        simpanan_pindah(
            koperasi=maju, asal=r, tujuan=akun["pokok"], jumlah=D("150000"), tanggal=HARI, actor=budi, kunci=kunci()
        )
    assert caught.value.message_dict["jumlah"] == [str(POKOK_LEBIH).format(tetap="Rp100.000", sisa="Rp100.000")]
