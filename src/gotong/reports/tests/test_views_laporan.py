"""The statement pages under /k/<kode>/laporan/: who reads them, the period chooser, each
statement on screen (phone-friendly markup, bounded queries), as PDF and Excel, and the
subsidiary ledgers of savings and loans with their control totals."""

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from conftest import login
from django.test import Client
from openpyxl import load_workbook

from gotong.accounts.models import User
from gotong.ledger.models import Akun, SaldoBulanan
from gotong.ledger.tests.helpers import manajer, staff
from gotong.loans.tests.helpers_pinjaman import bayar, cair
from gotong.members.models import Anggota
from gotong.members.tests.helpers import make_anggota
from gotong.reports import views
from gotong.reports.forms import BULAN_TERBALIK, TAHUN_DI_LUAR, periode_baku
from gotong.reports.statements import Periode
from gotong.reports.tests.helpers_laporan import buku_dua_tahun
from gotong.savings.models import JenisSimpanan, RekeningSimpanan
from gotong.tenancy.models import Koperasi, NamaPeran

URL = "/k/maju-bersama/laporan/"
Q2025 = "tahun=2025&dari=1&sampai=12"
LAYAR = ["neraca-saldo", "posisi-keuangan", "hasil-usaha", "perubahan-ekuitas", "arus-kas", "catatan"]


@pytest.fixture
def buku(maju: Koperasi, citra_anggota: Anggota, ani: User) -> Koperasi:
    return buku_dua_tahun(maju, citra_anggota, ani)


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- who may read -------------------------------------------------------------------------------


def test_the_board_the_manager_and_the_supervisor_read_every_statement(
    buku: Koperasi, ani: User, pengawas: User
) -> None:
    bendahara = staff(buku, "bayu", NamaPeran.BENDAHARA)
    for user in (ani, pengawas, manajer(buku), bendahara):
        client = login(user)
        assert client.get(URL).status_code == 200
        for kunci in LAYAR:
            assert client.get(f"{URL}{kunci}/?{Q2025}").status_code == 200, (user, kunci)
        assert client.get(f"{URL}buku-pembantu/simpanan/?{Q2025}").status_code == 200


def test_the_kasir_a_member_an_outsider_and_the_dinas_get_404(
    buku: Koperasi, budi: User, citra: User, dedi: User, eka: User
) -> None:
    urls = [URL, *[f"{URL}{k}/?{Q2025}" for k in LAYAR], f"{URL}lengkap.pdf?{Q2025}", f"{URL}lengkap.xlsx?{Q2025}"]
    urls += [f"{URL}buku-pembantu/pinjaman/ekspor.xlsx?{Q2025}", f"{URL}posisi-keuangan/cetak.pdf?{Q2025}"]
    for user in (budi, citra, dedi, eka):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)


def test_anonymous_visitors_are_sent_to_sign_in(buku: Koperasi, client: Client) -> None:
    response = client.get(f"{URL}posisi-keuangan/?{Q2025}")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


# --- the period --------------------------------------------------------------------------------


def test_the_default_period_is_this_year_to_last_month_or_last_year_in_january() -> None:
    assert periode_baku(dt.date(2026, 5, 14)) == Periode(2026, 1, 4)
    assert periode_baku(dt.date(2026, 1, 3)) == Periode(2025, 1, 12)
    assert periode_baku(dt.date(2026, 12, 31)) == Periode(2026, 1, 11)


def test_the_index_offers_the_default_period_each_closed_year_and_every_statement(buku: Koperasi, ani: User) -> None:
    html = _html(login(ani), URL)

    baku = periode_baku()
    assert f'href="?tahun={baku.tahun}&amp;dari=1&amp;sampai={baku.bulan_akhir}"' in html
    assert "Tahun buku 2024 (ditutup)" in html and 'href="?tahun=2024&amp;dari=1&amp;sampai=12"' in html
    html = _html(login(ani), f"{URL}?{Q2025}")
    for kunci in LAYAR:
        assert f"{URL}{kunci}/?{Q2025}" in html.replace("&amp;", "&")
        assert f"{URL}{kunci}/cetak.pdf?{Q2025}" in html.replace("&amp;", "&")
    assert f"{URL}lengkap.pdf?{Q2025}" in html.replace("&amp;", "&")
    assert "/k/maju-bersama/buku-besar/" in html


@pytest.mark.parametrize(
    ("query", "pesan"),
    [("tahun=2025&dari=6&sampai=3", BULAN_TERBALIK), ("tahun=1990&dari=1&sampai=12", TAHUN_DI_LUAR)],
)
def test_a_wrong_period_is_explained_and_no_statement_is_shown(
    buku: Koperasi, ani: User, query: str, pesan: Any
) -> None:
    client = login(ani)
    html = _html(client, f"{URL}posisi-keuangan/?{query}")

    assert str(pesan) in html
    assert "JUMLAH ASET" not in html
    response = client.get(f"{URL}posisi-keuangan/cetak.pdf?{query}")
    assert response.status_code == 302 and response["Location"] == f"{URL}posisi-keuangan/?{query}"


def test_a_link_with_the_year_alone_shows_the_whole_year(buku: Koperasi, ani: User) -> None:
    html = _html(login(ani), f"{URL}posisi-keuangan/?tahun=2025")

    assert "JUMLAH ASET" in html and "31 Desember 2025" in html


# --- the statements on screen ------------------------------------------------------------------


def test_posisi_keuangan_on_screen_balances_and_compares_with_last_year(buku: Koperasi, ani: User) -> None:
    html = _html(login(ani), f"{URL}posisi-keuangan/?{Q2025}")

    assert "Laporan posisi keuangan" in html and "31 Desember 2024" in html
    assert "Rp12.500.000" in html and "Rp13.500.000" in html
    assert "(Rp500.000)" in html  # the accumulated depreciation, negative in parentheses
    assert 'class="badge aktif">Seimbang' in html and "TIDAK SEIMBANG" not in html


def test_each_statement_is_phone_friendly(buku: Koperasi, ani: User) -> None:
    client = login(ani)
    for kunci in LAYAR:
        html = _html(client, f"{URL}{kunci}/?{Q2025}")
        assert html.count("<table>") == html.count('<div class="table-wrap"><table>'), kunci
        assert not re.search(r"width:\s*\d{3,}px", html), kunci
        assert 'name="viewport"' in html


def test_the_trial_balance_links_each_account_to_its_general_ledger(buku: Koperasi, ani: User) -> None:
    html = _html(login(ani), f"{URL}neraca-saldo/?{Q2025}")
    kas = Akun.objects.get(koperasi=buku, kode="1.01")

    assert f"/k/maju-bersama/buku-besar/akun/{kas.pk}/?dari=2025-01-01&amp;sampai=2025-12-31" in html


def test_an_unbalanced_statement_is_shown_in_red_not_hidden(buku: Koperasi, ani: User) -> None:
    akun = Akun.objects.get(koperasi=buku, kode="3.12")
    SaldoBulanan.objects.filter(akun=akun, tahun=2024, bulan=1).update(kredit=Decimal("10001000"))

    html = _html(login(ani), f"{URL}posisi-keuangan/?{Q2025}")

    assert 'role="alert"' in html and "TIDAK SEIMBANG" in html
    assert "selisih -Rp1.000" in html


@pytest.mark.parametrize("kunci", LAYAR)
def test_each_statement_page_reads_a_bounded_number_of_queries(
    buku: Koperasi, ani: User, kunci: str, django_assert_max_num_queries: Any
) -> None:
    client = login(ani)
    with django_assert_max_num_queries(30):
        assert client.get(f"{URL}{kunci}/?{Q2025}").status_code == 200


# --- downloads ---------------------------------------------------------------------------------


def test_each_statement_downloads_as_pdf_and_excel(buku: Koperasi, ani: User) -> None:
    client = login(ani)
    for kunci in LAYAR:
        pdf = client.get(f"{URL}{kunci}/cetak.pdf?{Q2025}")
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        assert "-2025-01-12.pdf" in pdf["Content-Disposition"]
        xlsx = client.get(f"{URL}{kunci}/ekspor.xlsx?{Q2025}")
        assert len(load_workbook(BytesIO(xlsx.content)).sheetnames) == 1


def test_the_full_set_downloads_as_one_pdf_and_one_workbook(buku: Koperasi, ani: User) -> None:
    client = login(ani)
    pdf = client.get(f"{URL}lengkap.pdf?{Q2025}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert 'filename="laporan-keuangan-2025-01-12.pdf"' in pdf["Content-Disposition"]
    wb = load_workbook(BytesIO(client.get(f"{URL}lengkap.xlsx?{Q2025}").content))
    assert wb.sheetnames[-1] == "Neraca saldo" and len(wb.sheetnames) == 6


# --- subsidiary ledgers ------------------------------------------------------------------------


@pytest.fixture
def pinjaman_citra(maju: Koperasi, citra_anggota: Anggota, ani: User, budi: User) -> Any:
    """Citra's loan of 9 jt paid out to her sukarela on 10 March 2025, one installment paid
    from the sukarela on 10 April."""
    p = cair(citra_anggota, budi, ani, tanggal=dt.date(2025, 3, 10))
    bayar(p, "840000", ani, dt.date(2025, 4, 10), cara="sukarela")
    p.refresh_from_db()
    return p


def test_the_loan_ledger_gives_each_loans_principal_at_the_date_and_ties_to_1_20(
    pinjaman_citra: Any, ani: User
) -> None:
    client = login(ani)
    maret = _html(client, f"{URL}buku-pembantu/pinjaman/?tahun=2025&dari=3&sampai=3")
    juni = _html(client, f"{URL}buku-pembantu/pinjaman/?tahun=2025&dari=1&sampai=6")
    februari = _html(client, f"{URL}buku-pembantu/pinjaman/?tahun=2025&dari=2&sampai=2")

    assert pinjaman_citra.nomor in maret and "Rp9.000.000" in maret
    assert pinjaman_citra.sisa_pokok < Decimal("9000000")
    assert re.search(r"Rp" + re.escape(f"{pinjaman_citra.sisa_pokok:,.0f}".replace(",", ".")), juni)
    assert "TIDAK COCOK" not in maret + juni and maret.count(">Cocok<") == 1
    assert "Tidak ada pinjaman berjalan pada tanggal ini." in februari


def test_the_savings_ledger_gives_each_account_its_balance_and_ties_to_the_control_accounts(
    pinjaman_citra: Any, ani: User
) -> None:
    sukarela = RekeningSimpanan.objects.get(anggota=pinjaman_citra.anggota, jenis=JenisSimpanan.SUKARELA)
    html = _html(login(ani), f"{URL}buku-pembantu/simpanan/?tahun=2025&dari=1&sampai=12")

    assert sukarela.nomor in html and "Citra Lestari" in html
    assert html.count(">Cocok<") == 4 and "TIDAK COCOK" not in html
    assert re.search(r"Rp" + re.escape(f"{sukarela.saldo:,.0f}".replace(",", ".")), html)


def test_the_savings_ledger_searches_pages_and_exports(maju: Koperasi, ani: User, monkeypatch: Any) -> None:
    from gotong.savings.services import rekening_buka_anggota_baru

    for nama in ("Sari Wulan", "Sari Dewi", "Tono"):
        rekening_buka_anggota_baru(anggota=make_anggota(maju, nama=nama), tanggal=dt.date(2025, 2, 1))
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = login(ani)
    query = "tahun=2025&dari=1&sampai=12"

    cari = _html(client, f"{URL}buku-pembantu/simpanan/?{query}&q=sari&jenis=sukarela")
    assert "Sari Wulan" in cari and "Sari Dewi" in cari and "Tono" not in cari
    semua = _html(client, f"{URL}buku-pembantu/simpanan/?{query}")
    assert "Halaman 1 dari 5" in semua and "hal=2" in semua
    wb = load_workbook(BytesIO(client.get(f"{URL}buku-pembantu/simpanan/ekspor.xlsx?{query}").content))
    rows = list(wb.active.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 9 and {r[1] for r in rows} == {"Sari Wulan", "Sari Dewi", "Tono"}


def test_the_loan_ledger_exports_the_loans_with_their_principal(pinjaman_citra: Any, ani: User) -> None:
    content = login(ani).get(f"{URL}buku-pembantu/pinjaman/ekspor.xlsx?tahun=2025&dari=3&sampai=3").content
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(min_row=3, values_only=True))

    p = pinjaman_citra
    assert rows == [
        (p.nomor, "MB-2021-0001", "Citra Lestari", p.produk.nama, dt.datetime(2025, 3, 10), 9000000, 9000000)
    ]


@pytest.mark.parametrize("jenis", ["simpanan", "pinjaman"])
def test_a_subsidiary_ledger_page_reads_a_bounded_number_of_queries(
    pinjaman_citra: Any, ani: User, jenis: str, django_assert_max_num_queries: Any
) -> None:
    client = login(ani)
    with django_assert_max_num_queries(12):
        assert client.get(f"{URL}buku-pembantu/{jenis}/?{Q2025}").status_code == 200
