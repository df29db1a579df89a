"""The receipt (kwitansi) and statement (buku simpanan) PDFs: what they must say."""

import re
from decimal import Decimal

import pytest

from gotong.savings.receipt import kwitansi_pdf, terbilang
from gotong.savings.selectors import Arah, mutasi_rekening
from gotong.savings.statement import buku_simpanan_pdf, rupiah_kurung
from gotong.savings.tests.helpers_loket import HARI, D, laci, rekening, setor


@pytest.mark.parametrize(
    ("jumlah", "words"),
    [
        ("1250000", "satu juta dua ratus lima puluh ribu rupiah"),
        ("50000", "lima puluh ribu rupiah"),
        ("1001", "seribu satu rupiah"),
        ("100000.50", "seratus ribu rupiah lima puluh sen"),
    ],
)
def test_terbilang_says_the_amount_in_indonesian_words(jumlah: str, words: str) -> None:
    assert terbilang(Decimal(jumlah)) == words


def test_statements_print_outflows_in_parentheses() -> None:
    assert (rupiah_kurung(D("-50000")), rupiah_kurung(D("50000"))) == ("(Rp50.000)", "Rp50.000")


@pytest.fixture
def kwitansi(maju, budi, citra_anggota):
    maju.alamat = "Jl. Ahmad Yani No. 5"
    maju.save()
    laci(maju, budi)
    return setor(rekening(citra_anggota)["sukarela"], "50000", budi).kwitansi


def _text(pdf: bytes) -> str:
    """The strings drawn on the page (uncompressed PDF: ``(text) Tj``)."""
    return " ".join(re.findall(r"\((.*?)\) Tj", pdf.decode("latin-1")))


def test_the_receipt_says_who_what_how_much_in_words_and_who_took_it(kwitansi) -> None:
    pdf = kwitansi_pdf(
        kwitansi, verify_url="https://gotong.id/k/maju-bersama/kwitansi/x/", arah=Arah.MASUK, kompres=False
    )
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    for expected in (
        "KOPERASI MAJU BERSAMA",
        "Jl. Ahmad Yani No. 5",
        "Badan hukum No. 123/BH/XI/2015",
        "KWITANSI",
        "KW-2026-000001",
        "Telah terima dari",
        "Citra Lestari \\(MB-2021-0001\\)",
        "Rp50.000",
        "Lima puluh ribu rupiah",
        "Budi Santoso",
        "WIB",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(("ukuran", "lebar_mm"), [("58", 58), ("80", 80), ("a5", 210)])
def test_the_receipt_fits_its_paper(kwitansi, ukuran: str, lebar_mm: int) -> None:
    pdf = kwitansi_pdf(kwitansi, verify_url="https://x/", arah=Arah.MASUK, ukuran=ukuran, kompres=False)
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert box is not None
    width_mm = float(box.group(1)) / 72 * 25.4
    assert abs(width_mm - lebar_mm) < 0.5
    if ukuran != "a5":
        assert 60 < float(box.group(2)) / 72 * 25.4 < 200  # a roll is cut after the last line
    assert "Lima puluh ribu rupiah" in _text(pdf)


def test_the_statement_has_the_header_period_balances_and_page_numbers(maju, budi, citra_anggota) -> None:
    r = rekening(citra_anggota)["sukarela"]
    laci(maju, budi)
    for _ in range(45):
        setor(r, "10000", budi)
    r.refresh_from_db()
    pdf = buku_simpanan_pdf(
        rekening=r, mutasi=mutasi_rekening(rekening=r), saldo_awal=D("0"), dari=HARI, sampai=HARI, kompres=False
    )
    text = _text(pdf)
    assert pdf.startswith(b"%PDF")
    for expected in ("KOPERASI MAJU BERSAMA", "BUKU SIMPANAN", r.nomor, "10 Maret 2026 s.d. 10 Maret 2026"):
        assert expected in text, expected
    assert "Halaman 1 dari 2" in text and "Halaman 2 dari 2" in text
    assert "Rp450.000" in text
