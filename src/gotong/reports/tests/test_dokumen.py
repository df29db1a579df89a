"""The statements as laid out for every output, and their PDF and Excel documents, on two book
years (2024 closed, 2025 open) posted through the ledger (``helpers_laporan``)."""

import re
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from reportlab.platypus import PageBreak

from gotong.accounts.models import User
from gotong.ledger.models import Akun, SaldoBulanan
from gotong.members.models import Anggota
from gotong.reports import catatan, dokumen, susunan
from gotong.reports.statements import Periode
from gotong.reports.susunan import TOTAL, BarisLaporan, Laporan
from gotong.reports.tests.helpers_laporan import buku_dua_tahun
from gotong.tenancy.models import Koperasi, NamaPeran, Peran

P2025 = Periode(2025)
LEMBAR = ["Posisi keuangan", "Hasil usaha", "Perubahan ekuitas", "Arus kas", "Catatan"]
D = Decimal


@pytest.fixture
def buku(maju: Koperasi, citra_anggota: Anggota, ani: User) -> Koperasi:
    return buku_dua_tahun(maju, citra_anggota, ani)


def teks_pdf(pdf: bytes) -> str:
    """The strings drawn on the pages (uncompressed PDF: ``(text) Tj``), parentheses unescaped."""
    found = re.findall(r"\(((?:[^()\\]|\\.)*)\) Tj", pdf.decode("latin-1"))
    return " ".join(s.replace("\\(", "(").replace("\\)", ")") for s in found)


def baris(laporan: Laporan, label: str) -> BarisLaporan:
    return next(b for t in laporan.tabel for b in t.baris if b.label == label)


# --- the layouts ------------------------------------------------------------------------------


def test_posisi_keuangan_sets_assets_beside_liabilities_and_equity_with_last_year(buku: Koperasi) -> None:
    lap = susunan.posisi_keuangan(buku, P2025)

    assert baris(lap, "JUMLAH ASET").nilai == (D("12500000"), D("13500000"))
    assert baris(lap, "JUMLAH KEWAJIBAN DAN EKUITAS").nilai == (D("12500000"), D("13500000"))
    assert baris(lap, "Akumulasi penyusutan").nilai == (D("-500000"), D("0"))
    assert baris(lap, "Jumlah aset tidak lancar").nilai == (D("3500000"), D("4000000"))
    assert baris(lap, "Utang bank jangka panjang").nilai == (D("1300000"), D("2000000"))
    assert baris(lap, "Jumlah kewajiban jangka panjang").nilai == (D("1300000"), D("2000000"))
    assert baris(lap, "SHU tahun berjalan").nilai == (D("500000"), D("500000"))  # 2024, closed
    assert baris(lap, "SHU periode berjalan (belum ditutup)").nilai == (D("-300000"), D("0"))
    assert lap.tabel[0].kolom == ("31 Desember 2025", "31 Desember 2024")
    assert lap.seimbang and len(lap.cek) == 2


def test_hasil_usaha_shows_members_and_non_members_apart_and_the_shu_split(buku: Koperasi) -> None:
    lap = susunan.hasil_usaha(buku, P2025)

    assert lap.tabel[0].kolom == ("Partisipasi anggota", "Non-anggota", "2025", "2024")
    assert baris(lap, "Jasa/bunga pinjaman").nilai == (D("150000"), D("0"), D("150000"), D("600000"))
    assert baris(lap, "Pendapatan lain-lain").nilai == (D("0"), D("50000"), D("50000"), D("200000"))
    assert baris(lap, "Jumlah pendapatan").nilai == (D("150000"), D("50000"), D("200000"), D("800000"))
    # the closed year still reports its income: the closing entry is left out
    assert baris(lap, "SISA HASIL USAHA (SHU)").nilai == (D("-225000"), D("-75000"), D("-300000"), D("500000"))
    assert baris(lap, "Beban operasional").nilai == (None, None, D("0"), D("300000"))
    assert baris(lap, "Jumlah beban").nilai == (None, None, D("500000"), D("300000"))
    assert baris(lap, "SHU bagian anggota").nilai[2:] == (D("-225000"), D("375000"))  # 150/200 and 600/800
    assert baris(lap, "SHU bagian non-anggota").nilai[2:] == (D("-75000"), D("125000"))
    assert baris(lap, "Penghasilan komprehensif lain").nilai[2:] == (D("0"), D("0"))
    assert lap.seimbang


def test_perubahan_ekuitas_ties_each_column_and_the_total_to_the_balance_sheet(buku: Koperasi) -> None:
    lap = susunan.perubahan_ekuitas(buku, P2025)
    kini, lalu = lap.tabel

    assert kini.judul == "2025" and lalu.judul == "2024"
    shu = next(b for b in kini.baris if b.kode == "3.99")
    assert shu.nilai == (D("500000"), D("0"), D("0"), D("-300000"), D("200000"))
    assert next(b for b in kini.baris if b.gaya == TOTAL).nilai[4] == D("11200000")
    assert next(b for b in lalu.baris if b.gaya == TOTAL).nilai[0] == D("0")
    assert lap.seimbang and all(c.ok for c in lap.cek)
    assert any("laporan posisi keuangan" in c.label for c in lap.cek)


def test_arus_kas_lists_receipts_and_payments_and_ties_opening_to_closing_cash(buku: Koperasi) -> None:
    lap = susunan.arus_kas(buku, P2025)

    assert baris(lap, "Penerimaan: Jasa/bunga pinjaman").nilai == (D("150000"), D("600000"))
    assert baris(lap, "Pengeluaran: Utang bank jangka panjang").nilai == (D("-700000"), D("0"))
    assert baris(lap, "Penerimaan: Utang bank jangka panjang").nilai == (D("0"), D("2000000"))
    assert baris(lap, "Arus kas bersih dari aktivitas operasi").nilai == (D("200000"), D("500000"))
    assert baris(lap, "Arus kas bersih dari aktivitas investasi").nilai == (D("0"), D("-4000000"))
    assert baris(lap, "Arus kas bersih dari aktivitas pendanaan").nilai == (D("-700000"), D("13000000"))
    assert baris(lap, "Kas dan bank awal periode").nilai == (D("9500000"), D("0"))
    assert baris(lap, "KAS DAN BANK AKHIR PERIODE").nilai == (D("9000000"), D("9500000"))
    assert lap.seimbang


def test_neraca_saldo_puts_each_balance_on_its_side_and_links_the_account(buku: Koperasi) -> None:
    lap = susunan.neraca_saldo(buku, P2025)
    kas = baris(lap, "Kas")

    assert kas.nilai == (D("6800000"), D("0"), D("7300000"), D("0"))
    assert kas.akun_pk == Akun.objects.get(koperasi=buku, kode="1.01").pk
    total = baris(lap, "Jumlah").nilai
    assert total[0] == total[1] and total[2] == total[3]
    assert lap.seimbang


def test_the_notes_name_the_koperasi_the_basis_and_the_policies(buku: Koperasi) -> None:
    lap = catatan.catatan(buku, P2025)
    teks = " ".join(t for blok in lap.isi if blok.jenis == "paragraf" for t in blok.teks)  # type: ignore[union-attr]

    assert "Nama: Koperasi Maju Bersama" in teks and "123/BH/XI/2015" in teks
    assert "SAK EP" in teks and "Nomor 2 Tahun 2024" in teks
    assert "Lancar sampai 90 hari" in teks and "Macet lebih dari 270 hari" in teks
    assert "Lancar 0,5%" in teks and "Macet 100%" in teks
    assert "Simpanan sukarela" in teks  # the savings products of the koperasi
    assert baris(lap, "Jumlah kas dan bank").nilai == (D("9000000"), D("9500000"))
    assert baris(lap, "Jumlah simpanan anggota").nilai == (D("0"), D("0"))
    assert baris(lap, "Hibah").nilai == (D("1000000"), D("1000000"))
    assert "Akhir bulan pinjaman Desember 2025 belum dijalankan" in teks


def test_an_unbalanced_statement_says_so_with_the_difference(buku: Koperasi) -> None:
    # a maintained balance gone wrong (never done by Gotong; the check must show it)
    akun = Akun.objects.get(koperasi=buku, kode="3.12")
    SaldoBulanan.objects.filter(akun=akun, tahun=2024, bulan=1).update(kredit=D("10001000"))

    lap = susunan.posisi_keuangan(buku, P2025)
    teks = teks_pdf(dokumen.laporan_pdf(buku, lap, kompres=False))

    assert not lap.seimbang
    assert [c.selisih for c in lap.cek] == [D("-1000"), D("-1000")]
    assert "TIDAK SEIMBANG, selisih -Rp1.000" in teks


# --- PDF ---------------------------------------------------------------------------------------


def test_the_full_pdf_has_every_statement_page_numbers_and_signatures(
    buku: Koperasi, ani: User, pengawas: User
) -> None:
    bendahara = User.objects.create_user(username="bendahara", password="x-" * 8, nama_lengkap="Bayu Bendahara")
    Peran.objects.create(user=bendahara, koperasi=buku, peran=NamaPeran.BENDAHARA)

    teks = teks_pdf(dokumen.laporan_keuangan_pdf(buku, P2025, kompres=False))

    for judul in (
        "LAPORAN POSISI KEUANGAN",
        "LAPORAN PERHITUNGAN HASIL USAHA",
        "LAPORAN PERUBAHAN EKUITAS",
        "LAPORAN ARUS KAS",
        "CATATAN ATAS LAPORAN KEUANGAN",
    ):
        assert judul in teks
    assert "KOPERASI MAJU BERSAMA" in teks and "Badan hukum No. 123/BH/XI/2015" in teks
    assert "1 Januari 2025 s.d. 31 Desember 2025" in teks
    assert "Rp12.500.000" in teks and "(Rp300.000)" in teks  # the loss in parentheses
    assert re.search(r"Halaman 1 dari (\d+)", teks)
    assert "Ani Suryani" in teks and "Bayu Bendahara" in teks and "Hadi Pengawas" in teks
    assert "Seimbang" in teks and "TIDAK SEIMBANG" not in teks


def test_the_flowables_for_the_rat_package_are_the_five_statements_on_their_own_pages(buku: Koperasi) -> None:
    story = dokumen.laporan_keuangan_flowables(buku, P2025)

    assert sum(isinstance(f, PageBreak) for f in story) == 4
    teks = teks_pdf(dokumen.pdf_bangun(buku, "Paket RAT", story, kompres=False))
    assert "LAPORAN ARUS KAS" in teks and "Paket RAT" in teks


def test_a_wide_statement_fits_the_page_width(buku: Koperasi) -> None:
    for lap in (susunan.perubahan_ekuitas(buku, P2025), susunan.neraca_saldo(buku, P2025)):
        for t in lap.tabel:
            table = dokumen._tabel_pdf(t)
            assert sum(table._colWidths) <= dokumen.LEBAR + 0.01


# --- Excel --------------------------------------------------------------------------------------


def _cari(ws: Any, label: str) -> tuple[Any, ...]:
    return next(row for row in ws.iter_rows(values_only=True) if label in row)


def test_the_workbook_has_a_sheet_per_statement_with_amounts_as_numbers(buku: Koperasi) -> None:
    wb = load_workbook(BytesIO(dokumen.laporan_keuangan_xlsx(buku, P2025)))

    assert wb.sheetnames == [
        "Posisi keuangan",
        "Hasil usaha",
        "Perubahan ekuitas",
        "Arus kas",
        "Catatan",
        "Neraca saldo",
    ]
    ws = wb["Posisi keuangan"]
    assert ws["A1"].value == "Koperasi Maju Bersama"
    assert _cari(ws, "JUMLAH ASET")[2:4] == (12500000, 13500000)
    assert _cari(ws, "Aset = kewajiban + ekuitas per 31 Desember 2025")[2] == "Seimbang"
    rupiah = next(c for row in ws.iter_rows() for c in row if c.value == 12500000)
    assert "Rp" in rupiah.number_format
    assert _cari(wb["Hasil usaha"], "SHU bagian anggota")[4:6] == (-225000, 375000)
    assert _cari(wb["Neraca saldo"], "Kas")[0] == "1.01"


def test_the_workbook_is_safe_against_formula_injection(buku: Koperasi) -> None:
    Akun.objects.filter(koperasi=buku, kode="1.02").update(nama='=HYPERLINK("http://x")')

    ws = load_workbook(BytesIO(dokumen.laporan_keuangan_xlsx(buku, P2025)))["Neraca saldo"]

    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.value.startswith("'=") and cell.data_type == "s"


def test_the_sheets_for_the_rat_package_go_into_an_ordinary_workbook(buku: Koperasi) -> None:
    wb = Workbook()
    dokumen.laporan_keuangan_sheets(wb, buku, P2025)
    buf = BytesIO()
    wb.save(buf)

    again = load_workbook(BytesIO(buf.getvalue()))
    assert again.sheetnames[1:] == LEMBAR
    assert _cari(again["Arus kas"], "KAS DAN BANK AKHIR PERIODE")[2:4] == (9000000, 9500000)
