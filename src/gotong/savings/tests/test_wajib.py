"""Monthly simpanan wajib (savings.wajib): bills, oldest-first payment, advance months,
the arrears lists per member and per desa, the pages and the Excel export."""

import datetime as dt
import io
import itertools
from decimal import Decimal

import pytest
from conftest import login
from openpyxl import load_workbook

from gotong.core.models import AuditLog
from gotong.ledger.services import bagan_akun_siapkan
from gotong.members.tests.helpers import make_anggota
from gotong.savings.models import JenisSimpanan, ProdukSimpanan, RekeningSimpanan, StatusRekening, TagihanWajib
from gotong.savings.services import simpanan_setor
from gotong.savings.wajib import (
    BULAN_DI_MUKA_MAKS,
    tagihan_wajib_buat,
    tagihan_wajib_lunasi,
    tunggakan_per_anggota,
    tunggakan_per_desa,
)

D = Decimal
_n = itertools.count(1)
DESA_A, DESA_B = "36.73.01.1002", "36.73.01.1003"


@pytest.fixture
def produk(maju):
    bagan_akun_siapkan(koperasi=maju)
    return ProdukSimpanan.objects.create(
        koperasi=maju,
        kode="wajib-uji",
        nama="Simpanan wajib",
        jenis=JenisSimpanan.WAJIB,
        setoran_tetap=D("50000"),
        hari_jatuh_tempo=10,
    )


def _wajib(produk, anggota=None, setoran="50000", dibuka=dt.date(2025, 1, 5), **kw):
    return RekeningSimpanan.objects.create(
        koperasi=produk.koperasi,
        anggota=anggota or make_anggota(produk.koperasi),
        produk=produk,
        jenis=JenisSimpanan.WAJIB,
        nomor=f"W{next(_n):05d}",
        dibuka=dibuka,
        setoran_wajib=D(setoran),
        **kw,
    )


def _bills(rekening):
    return list(
        TagihanWajib.objects.filter(rekening=rekening)
        .order_by("tahun", "bulan")
        .values_list("tahun", "bulan", "jumlah", "terbayar")
    )


# --- billing ------------------------------------------------------------------------------------


def test_billing_creates_one_bill_per_active_wajib_account_once(produk) -> None:
    own = _wajib(produk, setoran="75000")
    default = _wajib(produk, setoran="0")  # no amount of its own: the product's
    _wajib(produk, status=StatusRekening.DITUTUP)
    _wajib(produk, dibuka=dt.date(2026, 4, 1))  # opened after the month
    assert tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=3) == 2
    assert tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=3) == 0
    assert TagihanWajib.objects.count() == 2
    bill = TagihanWajib.objects.get(rekening=own)
    assert (bill.jumlah, bill.jatuh_tempo, bill.terbayar) == (D("75000"), dt.date(2026, 3, 10), D("0"))
    assert TagihanWajib.objects.get(rekening=default).jumlah == D("50000")


def test_an_account_opened_after_the_due_day_is_due_from_its_opening_day(produk) -> None:
    r = _wajib(produk, dibuka=dt.date(2026, 3, 20))
    tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=3)
    assert TagihanWajib.objects.get(rekening=r).jatuh_tempo == dt.date(2026, 3, 20)


def test_billing_by_hand_is_audited(produk, ani) -> None:
    _wajib(produk)
    tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=3, actor=ani)
    log = AuditLog.objects.get(aksi="tagihan_wajib.buat")
    assert log.sesudah == {"tahun": 2026, "bulan": 3, "tagihan_baru": 1}


# --- paying -------------------------------------------------------------------------------------


def test_a_deposit_pays_the_oldest_bill_first_and_part_of_the_next(produk) -> None:
    r = _wajib(produk)
    for bulan in (1, 2, 3):
        tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=bulan)
    hasil = tagihan_wajib_lunasi(rekening=r, jumlah=D("70000"), tanggal=dt.date(2026, 3, 15))
    assert hasil.sisa == D("0")
    assert _bills(r) == [
        (2026, 1, D("50000"), D("50000")),
        (2026, 2, D("50000"), D("20000")),
        (2026, 3, D("50000"), D("0")),
    ]


def test_money_beyond_the_bills_pays_the_coming_months_in_advance(produk) -> None:
    r = _wajib(produk)
    tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=3)
    tagihan_wajib_lunasi(rekening=r, jumlah=D("130000"), tanggal=dt.date(2026, 3, 5))
    assert _bills(r) == [
        (2026, 3, D("50000"), D("50000")),
        (2026, 4, D("50000"), D("50000")),
        (2026, 5, D("50000"), D("30000")),
    ]
    # the month-end's billing of April and May keeps the advance bills as they are
    assert tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=4) == 0


def test_advance_payment_stops_two_years_ahead(produk) -> None:
    r = _wajib(produk)
    hasil = tagihan_wajib_lunasi(rekening=r, jumlah=D("50000") * 30, tanggal=dt.date(2026, 1, 5))
    assert len(hasil.tagihan) == BULAN_DI_MUKA_MAKS + 1  # this month and 24 ahead
    assert hasil.sisa == D("50000") * (30 - BULAN_DI_MUKA_MAKS - 1)


def test_a_teller_deposit_to_a_wajib_account_pays_its_bills(produk, ani) -> None:
    r = _wajib(produk)
    tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=1)
    tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=2)
    simpanan_setor(
        koperasi=produk.koperasi,
        rekening=r,
        jumlah=D("60000"),
        tanggal=dt.date(2026, 2, 12),
        kasir=ani,
        kunci="setor-wajib-1",
        tunai=False,
    )
    assert _bills(r) == [(2026, 1, D("50000"), D("50000")), (2026, 2, D("50000"), D("10000"))]


# --- arrears ----------------------------------------------------------------------------------------


@pytest.fixture
def arrears(produk):
    """Sari (desa A) owes Jan–Mar, paid part of Jan; Tono (desa A) owes Mar; Umar (desa B) is paid up."""
    sari = _wajib(produk, make_anggota(produk.koperasi, nama="Sari", desa_kode=DESA_A))
    tono = _wajib(produk, make_anggota(produk.koperasi, nama="Tono", desa_kode=DESA_A))
    umar = _wajib(produk, make_anggota(produk.koperasi, nama="Umar", desa_kode=DESA_B))
    for bulan in (1, 2, 3):
        tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=bulan)
    tagihan_wajib_lunasi(rekening=sari, jumlah=D("20000"))
    tagihan_wajib_lunasi(rekening=tono, jumlah=D("100000"))
    tagihan_wajib_lunasi(rekening=umar, jumlah=D("150000"))
    return {"sari": sari, "tono": tono, "umar": umar}


def test_arrears_per_member_show_months_amount_and_the_oldest_due_date(produk, arrears) -> None:
    rows = list(tunggakan_per_anggota(koperasi=produk.koperasi, per=dt.date(2026, 3, 11)))
    assert [(r["rekening__anggota__nama"], r["bulan_tunggak"], r["jumlah_tunggak"], r["tertua"]) for r in rows] == [
        ("Sari", 3, D("130000"), dt.date(2026, 1, 10)),
        ("Tono", 1, D("50000"), dt.date(2026, 3, 10)),
    ]
    # on the due day itself March is not overdue yet
    rows = list(tunggakan_per_anggota(koperasi=produk.koperasi, per=dt.date(2026, 3, 10)))
    assert [(r["rekening__anggota__nama"], r["bulan_tunggak"]) for r in rows] == [("Sari", 2)]


def test_arrears_per_desa_count_members_and_add_up_the_amounts(produk, arrears) -> None:
    rows = list(tunggakan_per_desa(koperasi=produk.koperasi, per=dt.date(2026, 4, 1)))
    assert [
        (r["rekening__anggota__desa_kode"], r["anggota"], r["bulan_tunggak"], r["jumlah_tunggak"]) for r in rows
    ] == [(DESA_A, 2, 4, D("180000"))]


# --- pages --------------------------------------------------------------------------------------------


URL = "/k/maju-bersama/simpanan/akhir-bulan/tunggakan-wajib/"


def test_the_kasir_reads_the_arrears_per_member_and_per_desa(produk, arrears, budi) -> None:
    as_budi = login(budi)
    html = as_budi.get(URL).content.decode()
    assert "Sari" in html and "Tono" in html and "Umar" not in html
    html = as_budi.get(URL + "?per=desa").content.decode()
    assert "Cipare" in html or DESA_A in html
    only_a = as_budi.get(URL + f"?desa={DESA_A}").content.decode()
    assert "Sari" in only_a


def test_the_arrears_export_is_an_excel_file_safe_against_formulas(produk, budi) -> None:
    r = _wajib(produk, make_anggota(produk.koperasi, nama="=HYPERLINK(1)"))
    tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=1)
    response = login(budi).get(URL + "ekspor.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for c in ws[3]]
    assert values[1] == "'=HYPERLINK(1)" and values[3] == 1 and values[4] == 50000
    assert r.anggota.nomor_anggota in values
    response = login(budi).get(URL + "ekspor.xlsx?per=desa")
    assert load_workbook(io.BytesIO(response.content)).active["C3"].value == 1


def test_the_arrears_pages_are_404_for_an_outsider_and_a_member(produk, arrears, as_dedi, citra) -> None:
    for url in (URL, URL + "?per=desa", URL + "ekspor.xlsx"):
        assert as_dedi.get(url).status_code == 404
        assert login(citra).get(url).status_code == 404


def test_the_arrears_page_runs_a_fixed_number_of_queries(produk, budi, django_assert_max_num_queries) -> None:
    for i in range(30):
        _wajib(produk, make_anggota(produk.koperasi, nama=f"Penunggak {i}"))
    tagihan_wajib_buat(koperasi=produk.koperasi, tahun=2026, bulan=1)
    as_budi = login(budi)
    with django_assert_max_num_queries(12):
        assert as_budi.get(URL).status_code == 200
    with django_assert_max_num_queries(12):
        assert as_budi.get(URL + "?per=desa").status_code == 200
