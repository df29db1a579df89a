"""The statements as A4 PDFs (ReportLab) and Excel workbooks (openpyxl).

Both print a statement laid out once by ``reports.susunan`` (or ``reports.catatan``): the
same lines, the same comparative columns, the same check lines (an unbalanced statement is
printed in red, never left out). PDFs carry the koperasi's header and "Halaman X dari Y";
negative amounts are in parentheses (UX.md). Workbooks keep amounts as numbers with a rupiah
format and store every text formula-safe.

The RAT package reuses the full set: ``laporan_keuangan_flowables`` (PDF) and
``laporan_keuangan_sheets`` (Excel). ``kompres=False`` leaves a PDF's text readable (tests).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from gotong.core.formatting import rupiah
from gotong.core.pdf import kop_surat
from gotong.members.export import safe_cell
from gotong.reports import catatan, susunan
from gotong.reports.statements import Periode
from gotong.reports.susunan import JUDUL, SUBTOTAL, TOTAL, BarisLaporan, Laporan, Paragraf, Penyusun, Tabel
from gotong.savings.statement import _Nomor, rupiah_kurung
from gotong.tenancy.models import Koperasi, NamaPeran, Peran

# The full set of financial statements per SAK EP (Permenkop UKM 2/2024), in their order.
LAPORAN_KEUANGAN: tuple[tuple[str, Penyusun], ...] = (
    ("posisi-keuangan", susunan.posisi_keuangan),
    ("hasil-usaha", susunan.hasil_usaha),
    ("perubahan-ekuitas", susunan.perubahan_ekuitas),
    ("arus-kas", susunan.arus_kas),
    ("catatan", catatan.catatan),
)
LEMBAR = {
    "neraca-saldo": gettext_lazy("Neraca saldo"),
    "posisi-keuangan": gettext_lazy("Posisi keuangan"),
    "hasil-usaha": gettext_lazy("Hasil usaha"),
    "perubahan-ekuitas": gettext_lazy("Perubahan ekuitas"),
    "arus-kas": gettext_lazy("Arus kas"),
    "catatan": gettext_lazy("Catatan"),
}

TEPI = 15 * mm
LEBAR = A4[0] - 2 * TEPI
MERAH = colors.HexColor("#a4161a")
_ABU = colors.HexColor("#5c636a")
_NAMA = ParagraphStyle("nama", fontName="Helvetica-Bold", fontSize=10, leading=13, alignment=1)
_JUDUL = ParagraphStyle("judul", fontName="Helvetica-Bold", fontSize=13, leading=16, alignment=1, spaceAfter=2)
_SUB = ParagraphStyle("sub", fontName="Helvetica", fontSize=9, leading=11.5, alignment=1, spaceAfter=8)
_BAGIAN = ParagraphStyle(
    "bagian", fontName="Helvetica-Bold", fontSize=10, leading=13, spaceBefore=8, spaceAfter=3, keepWithNext=1
)
_ISI = ParagraphStyle("isi", fontName="Helvetica", fontSize=9, leading=12, spaceAfter=2)
_SEL = ParagraphStyle("sel", fontName="Helvetica", fontSize=8.5, leading=10.5)
_SEL_TEBAL = ParagraphStyle("sel-tebal", parent=_SEL, fontName="Helvetica-Bold")
_SEL_KANAN = ParagraphStyle("sel-kanan", parent=_SEL_TEBAL, alignment=2)
_CEK = ParagraphStyle("cek", fontName="Helvetica", fontSize=8.5, leading=11)


def _uang(nilai: Decimal | None) -> str:
    return "" if nilai is None else rupiah_kurung(nilai)


def teks_cek(ok: bool, selisih: Decimal) -> str:
    if ok:
        return _("Seimbang")
    return _("TIDAK SEIMBANG, selisih %(s)s") % {"s": rupiah(selisih)}


# --- PDF --------------------------------------------------------------------------------------


def _kop(koperasi: Koperasi, dokumen: str) -> Any:
    return kop_surat(koperasi, dokumen, tepi=TEPI, terjemahkan=True)


def _label_sel(b: BarisLaporan, dengan_kode: bool) -> Paragraph:
    teks = escape(b.label if dengan_kode or not b.kode else f"{b.kode} {b.label}")
    style = _SEL_TEBAL if b.gaya in (JUDUL, SUBTOTAL, TOTAL) else _SEL
    indent = ParagraphStyle(f"i{b.tingkat}", parent=style, leftIndent=b.tingkat * 3 * mm)
    return Paragraph(teks, indent)


def _tabel_pdf(t: Tabel) -> Table:
    n = len(t.kolom)
    lebar_angka = 27 * mm if n <= 2 else (LEBAR - 58 * mm) / n
    # Four or more amount columns leave no room for a code column: the code goes before the label.
    dengan_kode = t.dengan_kode and n < 4
    kode = [16 * mm] if dengan_kode else []
    font = 8.5 if n <= 3 else 7.5
    kepala = ([_("Kode")] if dengan_kode else []) + [_("Uraian")] + list(t.kolom)
    rows: list[list[Any]] = [
        [Paragraph(escape(h), _SEL_KANAN if i >= len(kepala) - n else _SEL_TEBAL) for i, h in enumerate(kepala)]
    ]
    gaya: list[tuple[Any, ...]] = []
    for i, b in enumerate(t.baris, start=1):
        nilai = [_uang(v) for v in b.nilai] + [""] * (n - len(b.nilai))
        rows.append(([b.kode] if dengan_kode else []) + [_label_sel(b, dengan_kode)] + nilai)
        if b.gaya in (SUBTOTAL, TOTAL):
            gaya += [
                ("FONT", (0, i), (-1, i), "Helvetica-Bold", font),
                ("LINEABOVE", (0, i), (-1, i), 0.5, colors.black),
            ]
        if b.gaya == TOTAL:
            gaya.append(("LINEBELOW", (0, i), (-1, i), 1, colors.black))
    label = LEBAR - sum(kode) - n * lebar_angka
    table = Table(rows, colWidths=[*kode, label, *([lebar_angka] * n)], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", font),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f3f1")),
                ("ALIGN", (-n, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                *gaya,
            ]
        )
    )
    return table


def _cek_pdf(laporan: Laporan) -> list[Flowable]:
    if not laporan.cek:
        return []
    out: list[Flowable] = [Paragraph(escape(_("Pemeriksaan")), _BAGIAN)]
    for c in laporan.cek:
        warna = "#0f5132" if c.ok else "#a4161a"
        hasil = f'<font color="{warna}"><b>{escape(teks_cek(c.ok, c.selisih))}</b></font>'
        out.append(Paragraph(f"{escape(c.label)}: {hasil}", _CEK))
    return out


def laporan_flowables(laporan: Laporan, koperasi: Koperasi) -> list[Flowable]:
    """One statement: the koperasi's name, the title, the period, its tables and its checks."""
    out: list[Flowable] = [
        Paragraph(escape(koperasi.nama.upper()), _NAMA),
        Paragraph(escape(laporan.judul.upper()), _JUDUL),
        Paragraph(escape(laporan.keterangan), _SUB),
    ]
    for blok in laporan.isi:
        if isinstance(blok, Paragraf):
            if blok.judul:
                out.append(Paragraph(escape(blok.judul), _BAGIAN))
            out += [Paragraph(escape(t), _ISI) for t in blok.teks]
        else:
            if blok.judul:
                out.append(Paragraph(escape(blok.judul), _BAGIAN))
            out += [_tabel_pdf(blok), Spacer(1, 3 * mm)]
    out += _cek_pdf(laporan)
    return out


def laporan_keuangan(koperasi: Koperasi, periode: Periode) -> list[Laporan]:
    return [penyusun(koperasi, periode) for _kunci, penyusun in LAPORAN_KEUANGAN]


def laporan_keuangan_flowables(koperasi: Koperasi, periode: Periode) -> list[Flowable]:
    """The full set of statements for the period, each starting on a new page (the RAT package
    puts these into its own document)."""
    out: list[Flowable] = []
    for i, laporan in enumerate(laporan_keuangan(koperasi, periode)):
        if i:
            out.append(PageBreak())
        out += laporan_flowables(laporan, koperasi)
    return out


def _penanda_tangan(koperasi: Koperasi) -> dict[str, str]:
    rows = (
        Peran.objects.filter(
            koperasi=koperasi, aktif=True, peran__in=(NamaPeran.KETUA, NamaPeran.BENDAHARA, NamaPeran.PENGAWAS)
        )
        .select_related("user")
        .order_by("sejak", "pk")
    )
    nama: dict[str, str] = {}
    for p in rows:
        nama.setdefault(p.peran, str(p.user))
    return nama


def tanda_tangan(koperasi: Koperasi) -> Flowable:
    """Signature blocks of the ketua, the bendahara and the pengawas (UX.md, statements for the RAT)."""
    nama = _penanda_tangan(koperasi)
    kosong = "........................"
    peran = (NamaPeran.KETUA, NamaPeran.BENDAHARA, NamaPeran.PENGAWAS)
    # A gap column between the three, so that each signature line stands apart.
    data = [
        [str(NamaPeran(peran[0]).label), "", str(NamaPeran(peran[1]).label), "", str(NamaPeran(peran[2]).label)],
        [""] * 5,
        [nama.get(peran[0], kosong), "", nama.get(peran[1], kosong), "", nama.get(peran[2], kosong)],
    ]
    kolom = (LEBAR - 16 * mm) / 3
    ttd = Table(data, colWidths=[kolom, 8 * mm, kolom, 8 * mm, kolom], rowHeights=[None, 20 * mm, None])
    ttd.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                *[("LINEABOVE", (i, 2), (i, 2), 0.5, colors.black) for i in (0, 2, 4)],
            ]
        )
    )
    return KeepTogether([Spacer(1, 8 * mm), ttd])


def pdf_bangun(koperasi: Koperasi, dokumen: str, story: list[Flowable], *, kompres: bool = True) -> bytes:
    """An A4 document with the koperasi's header on every page and "Halaman X dari Y"."""
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=TEPI,
        rightMargin=TEPI,
        topMargin=TEPI + 20 * mm,
        bottomMargin=18 * mm,
        title=dokumen,
        author=koperasi.nama,
        creator="Gotong",
        pageCompression=1 if kompres else 0,
        invariant=0 if kompres else 1,
    )
    kop = _kop(koperasi, dokumen)
    doc.build(story, onFirstPage=kop, onLaterPages=kop, canvasmaker=_Nomor)
    return buf.getvalue()


def laporan_pdf(koperasi: Koperasi, laporan: Laporan, *, kompres: bool = True) -> bytes:
    dokumen = f"{laporan.judul} {susunan.label_periode(laporan.periode)}"
    return pdf_bangun(koperasi, dokumen, laporan_flowables(laporan, koperasi), kompres=kompres)


def laporan_keuangan_pdf(koperasi: Koperasi, periode: Periode, *, kompres: bool = True) -> bytes:
    """Laporan keuangan lengkap: a contents page, the five statements, the signature blocks."""
    daftar = laporan_keuangan(koperasi, periode)
    sampul: list[Flowable] = [
        Spacer(1, 30 * mm),
        Paragraph(escape(_("LAPORAN KEUANGAN")), _JUDUL),
        Paragraph(escape(koperasi.nama.upper()), _NAMA),
        Paragraph(escape(susunan.teks_periode(periode)), _SUB),
        Spacer(1, 10 * mm),
        Paragraph(escape(_("Daftar isi")), _BAGIAN),
        *[Paragraph(escape(f"{i}. {lap.judul}"), _ISI) for i, lap in enumerate(daftar, start=1)],
    ]
    if not all(lap.seimbang for lap in daftar):
        pesan = _("Perhatian: ada laporan yang tidak seimbang; lihat baris pemeriksaan di bawah laporan itu.")
        sampul.append(Paragraph(f'<font color="#a4161a"><b>{escape(pesan)}</b></font>', _ISI))
    story = sampul
    for laporan in daftar:
        story += [PageBreak(), *laporan_flowables(laporan, koperasi)]
    story.append(tanda_tangan(koperasi))
    dokumen = _("Laporan keuangan %(p)s") % {"p": susunan.label_periode(periode)}
    return pdf_bangun(koperasi, dokumen, story, kompres=kompres)


# --- Excel ------------------------------------------------------------------------------------

FORMAT_UANG = '"Rp"#,##0;("Rp"#,##0)'
_TEBAL = Font(bold=True)
_MERAH = Font(bold=True, color="A4161A")
_HIJAU = Font(bold=True, color="0F5132")


def _sel(ws: Any, value: object, *, font: Font | None = None, indent: int = 0, uang: bool = False) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=safe_cell(value))
    if isinstance(value, str):
        c.data_type = "s"
    if uang:
        c.number_format = FORMAT_UANG
    elif isinstance(value, dt.date):
        c.number_format = "DD-MM-YYYY"
    if font is not None:
        c.font = font
    if indent:
        c.alignment = Alignment(indent=indent)
    return c


def _nama_lembar(workbook: Workbook, nama: str) -> str:
    nama = nama[:31]
    ada = set(workbook.sheetnames)
    i = 2
    calon = nama
    while calon in ada:
        calon = f"{nama[:27]} ({i})"
        i += 1
    return calon


def _tabel_xlsx(ws: Any, t: Tabel) -> None:
    n = len(t.kolom)
    if t.judul:
        ws.append([_sel(ws, t.judul, font=_TEBAL)])
    ws.append([_sel(ws, h, font=_TEBAL) for h in (_("Kode"), _("Uraian"), *t.kolom)])
    for b in t.baris:
        font = _TEBAL if b.gaya in (JUDUL, SUBTOTAL, TOTAL) else None
        nilai = [_sel(ws, v, font=font, uang=True) for v in b.nilai] + [None] * (n - len(b.nilai))
        ws.append([_sel(ws, b.kode), _sel(ws, b.label, font=font, indent=b.tingkat), *nilai])
    ws.append([])


def laporan_sheet(workbook: Workbook, laporan: Laporan, koperasi: Koperasi) -> None:
    """One statement on its own worksheet: title rows, its tables, its paragraphs, its checks."""
    ws = workbook.create_sheet(_nama_lembar(workbook, str(LEMBAR.get(laporan.kunci, laporan.judul))))
    lebar = max((len(t.kolom) for t in laporan.tabel), default=2)
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 48
    for i in range(lebar):
        ws.column_dimensions[chr(ord("C") + i)].width = 20
    ws.append([_sel(ws, koperasi.nama, font=Font(bold=True, size=13))])
    ws.append([_sel(ws, laporan.judul, font=_TEBAL)])
    ws.append([_sel(ws, laporan.keterangan)])
    ws.append([])
    for blok in laporan.isi:
        if isinstance(blok, Paragraf):
            if blok.judul:
                ws.append([_sel(ws, blok.judul, font=_TEBAL)])
            for teks in blok.teks:
                ws.append([_sel(ws, teks)])
            ws.append([])
        else:
            _tabel_xlsx(ws, blok)
    if laporan.cek:
        ws.append([_sel(ws, _("Pemeriksaan"), font=_TEBAL)])
        for c in laporan.cek:
            hasil = _sel(ws, teks_cek(c.ok, c.selisih), font=_HIJAU if c.ok else _MERAH)
            ws.append([None, _sel(ws, c.label), hasil, _sel(ws, c.kiri, uang=True), _sel(ws, c.kanan, uang=True)])


def laporan_keuangan_sheets(workbook: Workbook, koperasi: Koperasi, periode: Periode) -> None:
    """Add the full set of statements for the period to ``workbook``, one sheet each (the RAT
    package adds them to its own workbook; a write-only workbook works too)."""
    for laporan in laporan_keuangan(koperasi, periode):
        laporan_sheet(workbook, laporan, koperasi)


def _simpan(workbook: Workbook) -> bytes:
    buf = BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def laporan_xlsx(koperasi: Koperasi, daftar: Iterable[Laporan]) -> bytes:
    wb = Workbook(write_only=True)
    for laporan in daftar:
        laporan_sheet(wb, laporan, koperasi)
    return _simpan(wb)


def laporan_keuangan_xlsx(koperasi: Koperasi, periode: Periode) -> bytes:
    """The workbook of the period: the five statements, then the trial balance."""
    wb = Workbook(write_only=True)
    laporan_keuangan_sheets(wb, koperasi, periode)
    laporan_sheet(wb, susunan.neraca_saldo(koperasi, periode), koperasi)
    return _simpan(wb)


def daftar_xlsx(judul: str, kepala: Sequence[str], uang: Sequence[bool], baris: Iterable[Sequence[object]]) -> bytes:
    """A plain list (the subsidiary ledgers) streamed row by row: title, bold headers, amounts as
    numbers with the rupiah format."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_nama_lembar(wb, judul))
    for i, is_uang in enumerate(uang):
        ws.column_dimensions[chr(ord("A") + i)].width = 18 if is_uang else 26
    ws.freeze_panes = "A3"
    ws.append([_sel(ws, judul, font=Font(bold=True, size=13))])
    ws.append([_sel(ws, h, font=_TEBAL) for h in kepala])
    for row in baris:
        ws.append([_sel(ws, v, uang=u) for v, u in zip(row, uang, strict=True)])
    return _simpan(wb)
