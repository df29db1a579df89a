"""The dashboard's tables as Excel (one sheet per chart, safe against formula injection with
``members.export.safe_cell``) and the whole dashboard as an A4 PDF (ReportLab): each chart
drawn with ReportLab graphics, then its table."""

from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gotong.core.formatting import tanggal_waktu
from gotong.members.export import safe_cell
from gotong.province.charts import WARNA, Grafik, format_nilai, singkat

FORMAT = {"angka": "#,##0", "rupiah": '"Rp"#,##0', "persen": '0.0"%"'}


def _sheet_title(g: Grafik, used: set[str]) -> str:
    base = "".join(ch for ch in g.id if ch not in "[]:*?/\\")[:28] or "tabel"
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[:25]}-{n}"
    used.add(title)
    return title


def dasbor_xlsx(grafik: Sequence[Grafik], *, judul: str) -> bytes:
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    used: set[str] = set()
    for g in grafik:
        ws = wb.create_sheet(_sheet_title(g, used))
        ws.append([safe_cell(judul)])
        ws.append([safe_cell(g.judul)])
        ws["A1"].font = Font(bold=True, size=13)
        ws["A2"].font = Font(bold=True)
        ws.append([safe_cell(str(h)) for h in [g.kepala, *(s.nama for s in g.seri)]])
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for row in g.baris_angka():
            ws.append([safe_cell(row[0]) if isinstance(row[0], str) else row[0], *row[1:]])
        for row in ws.iter_rows(min_row=4, min_col=2):
            for cell in row:
                cell.number_format = FORMAT.get(g.satuan, "General")
        if g.catatan:
            ws.append([])
            ws.append([safe_cell(g.catatan)])
        ws.column_dimensions["A"].width = 28
        ws.freeze_panes = "B4"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- PDF -----------------------------------------------------------------------------------

_KECIL = ParagraphStyle("kecil", fontName="Helvetica", fontSize=8, leading=10)
_JUDUL = ParagraphStyle("judul", fontName="Helvetica-Bold", fontSize=14, leading=17, spaceAfter=4)
_SUB = ParagraphStyle("sub", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
LEBAR_PDF = A4[0] - 30 * mm


def _gambar(g: Grafik) -> Flowable | None:
    """Horizontal bars (stacked when there are several series) drawn with ReportLab."""
    if g.kosong or g.jenis == "garis" and len(g.kategori) < 2:
        return None
    totals = [sum((Decimal(s.nilai[i]) for s in g.seri), Decimal(0)) for i in range(len(g.kategori))]
    if g.jenis == "garis" or g.satuan == "persen":
        totals = [max((Decimal(s.nilai[i]) for s in g.seri), default=Decimal(0)) for i in range(len(g.kategori))]
    top = max(totals, default=Decimal(0)) or Decimal(1)
    label_w, bar_w, row_h = 120.0, LEBAR_PDF - 190, 14.0
    legend_h = 14.0 if len(g.seri) > 1 else 0.0
    height = legend_h + row_h * len(g.kategori) + 4
    d = Drawing(LEBAR_PDF, height)
    x = 0.0
    if legend_h:
        for j, s in enumerate(g.seri):
            d.add(Rect(x, height - 10, 8, 8, fillColor=colors.HexColor(WARNA[j % len(WARNA)]), strokeColor=None))
            d.add(String(x + 11, height - 9, str(s.nama)[:40], fontName="Helvetica", fontSize=7))
            x += 16 + 4.2 * len(str(s.nama)[:40])
    stacked = g.jenis != "garis" and g.satuan != "persen"
    for i, kat in enumerate(g.kategori):
        y = height - legend_h - row_h * (i + 1)
        d.add(String(0, y + 3, str(kat)[:28], fontName="Helvetica", fontSize=7.5))
        x = label_w
        series = g.seri if stacked else g.seri[:1]
        for j, s in enumerate(series):
            w = float(Decimal(s.nilai[i]) / top) * bar_w
            if w > 0:
                d.add(Rect(x, y + 2, w, 9, fillColor=colors.HexColor(WARNA[j % len(WARNA)]), strokeColor=None))
                x += w
        d.add(String(x + 4, y + 3, singkat(totals[i], g.satuan), fontName="Helvetica-Bold", fontSize=7.5))
    return d


def _tabel(g: Grafik) -> Table:
    header, body, foot = g.tabel()
    rows: list[list[Any]] = [[Paragraph(f"<b>{escape(str(h))}</b>", _KECIL) for h in header]]
    rows += [[Paragraph(escape(str(c)), _KECIL) for c in r] for r in body]
    if foot:
        rows.append([Paragraph(f"<b>{escape(str(c))}</b>", _KECIL) for c in foot])
    first = 45 * mm
    rest = (LEBAR_PDF - first) / max(1, len(header) - 1)
    table = Table(rows, colWidths=[first, *([rest] * (len(header) - 1))], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#d0d7de")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f3ee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def dasbor_pdf(grafik: Sequence[Grafik], *, judul: str, ringkas: dict[str, Any], kompres: bool = True) -> bytes:
    """``kompres=False`` leaves the page text readable in the bytes (tests)."""
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=judul,
        pageCompression=1 if kompres else 0,
    )
    story: list[Flowable] = [
        Paragraph(escape(judul), _JUDUL),
        Paragraph(escape(_("Dicetak %(t)s") % {"t": tanggal_waktu(timezone.now())}), _KECIL),
        Spacer(1, 4 * mm),
    ]
    n_total, n_dig = ringkas.get("total", 0), ringkas.get("digital", 0)
    teks = _("Koperasi terdaftar %(n)s; memakai Gotong %(d)s.") % {
        "n": format_nilai(n_total, "angka"),
        "d": format_nilai(n_dig, "angka"),
    }
    story.append(Paragraph(escape(teks), _KECIL))
    for g in grafik:
        story.append(CondPageBreak(60 * mm))
        story.append(Paragraph(escape(g.judul), _SUB))
        story.append(Paragraph(escape(g.deskripsi), _KECIL))
        story.append(Spacer(1, 2 * mm))
        if g.kosong:
            story.append(Paragraph(escape(_("Belum ada data.")), _KECIL))
            continue
        drawing = _gambar(g)
        if drawing is not None:
            story += [drawing, Spacer(1, 2 * mm)]
        story.append(_tabel(g))
    doc.build(story)
    return buf.getvalue()
