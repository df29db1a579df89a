"""The member statement (buku simpanan) as an A4 PDF: the koperasi's header on every page,
the account and the period, each movement with its running balance (outflows in
parentheses, UX.md), totals, and "Halaman X dari Y" at the foot."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gotong.core.formatting import rupiah, tanggal
from gotong.core.money import ZERO
from gotong.core.pdf import kop_surat
from gotong.savings.models import MutasiSimpanan, RekeningSimpanan

TEPI = 15 * mm
_KECIL = ParagraphStyle("kecil", fontName="Helvetica", fontSize=8.5, leading=10.5)
_JUDUL = ParagraphStyle("judul", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceAfter=4)


def rupiah_kurung(amount: Decimal) -> str:
    """``Rp50.000`` or ``(Rp50.000)`` for an outflow (statements print negatives in parentheses)."""
    return f"({rupiah(-amount)})" if amount < 0 else rupiah(amount)


def periode_teks(dari: dt.date | None, sampai: dt.date | None) -> str:
    if dari and sampai:
        return f"{tanggal(dari)} s.d. {tanggal(sampai)}"
    if dari:
        return f"sejak {tanggal(dari)}"
    if sampai:
        return f"s.d. {tanggal(sampai)}"
    return "seluruh riwayat"


class _Nomor(canvas.Canvas):
    """Two passes: pages are kept until the end so each can say "Halaman X dari Y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("Helvetica", 8)
            self.drawRightString(A4[0] - TEPI, 10 * mm, f"Halaman {self._pageNumber} dari {total}")
            super().showPage()
        super().save()


def _kop(rekening: RekeningSimpanan) -> Any:
    return kop_surat(rekening.koperasi, f"Buku simpanan {rekening.nomor}", tepi=TEPI)


def _identitas(rekening: RekeningSimpanan, periode: str, awal: Decimal, akhir: Decimal) -> Table:
    anggota = rekening.anggota
    rows = [
        ["Nama anggota", anggota.nama, "Rekening", rekening.nomor],
        ["Nomor anggota", anggota.nomor_anggota or "-", "Produk", rekening.produk.nama],
        ["Periode", periode, "Status", rekening.get_status_display()],
        ["Saldo awal", rupiah(awal), "Saldo akhir", rupiah(akhir)],
    ]
    table = Table(rows, colWidths=[28 * mm, 62 * mm, 24 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                ("FONT", (1, 0), (1, -1), "Helvetica-Bold", 9),
                ("FONT", (3, 0), (3, -1), "Helvetica-Bold", 9),
                ("TEXTCOLOR", (0, 0), (0, -1), colors.HexColor("#5c636a")),
                ("TEXTCOLOR", (2, 0), (2, -1), colors.HexColor("#5c636a")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _tabel(mutasi: list[MutasiSimpanan], awal: Decimal) -> Table:
    rows: list[list[Any]] = [["Tanggal", "Keterangan", "Jumlah", "Saldo"], ["", "Saldo awal", "", rupiah(awal)]]
    for m in mutasi:
        text = m.get_jenis_display() + (f" — {m.keterangan}" if m.keterangan else "")
        rows.append(
            [
                m.tanggal.strftime("%d-%m-%Y"),
                Paragraph(escape(text), _KECIL),
                rupiah_kurung(m.jumlah),
                rupiah(m.saldo_setelah),
            ]
        )
    masuk = sum((m.jumlah for m in mutasi if m.jumlah > 0), ZERO)
    keluar = sum((m.jumlah for m in mutasi if m.jumlah < 0), ZERO)
    akhir = mutasi[-1].saldo_setelah if mutasi else awal
    rows += [
        ["", "Jumlah masuk", rupiah(masuk), ""],
        ["", "Jumlah keluar", rupiah_kurung(keluar), ""],
        ["", "Saldo akhir", "", rupiah(akhir)],
    ]
    table = Table(rows, colWidths=[22 * mm, None, 36 * mm, 36 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
                ("FONT", (0, -3), (-1, -1), "Helvetica-Bold", 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f3f1")),
                ("ALIGN", (2, 0), (3, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEABOVE", (0, -3), (-1, -3), 0.6, colors.black),
                ("ROWBACKGROUNDS", (0, 1), (-1, -4), [colors.white, colors.HexColor("#f8faf9")]),
            ]
        )
    )
    return table


def buku_simpanan_pdf(
    *,
    rekening: RekeningSimpanan,
    mutasi: Iterable[MutasiSimpanan],
    saldo_awal: Decimal,
    dari: dt.date | None,
    sampai: dt.date | None,
    kompres: bool = True,
) -> bytes:
    """The account's statement for a period; ``kompres=False`` leaves the text readable (tests)."""
    rows = list(mutasi)
    akhir = rows[-1].saldo_setelah if rows else saldo_awal
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=TEPI,
        rightMargin=TEPI,
        topMargin=TEPI + 20 * mm,
        bottomMargin=18 * mm,
        title=f"Buku simpanan {rekening.nomor}",
        author=rekening.koperasi.nama,
        creator="Gotong",
        pageCompression=1 if kompres else 0,
        invariant=0 if kompres else 1,
    )
    story = [
        Paragraph("BUKU SIMPANAN", _JUDUL),
        _identitas(rekening, periode_teks(dari, sampai), saldo_awal, akhir),
        Spacer(1, 5 * mm),
        _tabel(rows, saldo_awal),
    ]
    kop = _kop(rekening)
    doc.build(story, onFirstPage=kop, onLaterPages=kop, canvasmaker=_Nomor)
    return buf.getvalue()
