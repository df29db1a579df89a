"""Certificates (sertifikat) as PDF: A4 landscape, one page per attendee, with a QR that
opens the public verification page."""

from collections.abc import Callable, Iterable
from io import BytesIO

from reportlab.graphics import renderPDF, renderSVG
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from gotong.core import regions
from gotong.core.formatting import tanggal
from gotong.training.models import Sertifikat

PAGE_W, PAGE_H = landscape(A4)
GREEN = colors.HexColor("#0f5132")


def qr_drawing(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def qr_svg(url: str, size: float = 180) -> str:
    """An inline SVG QR for web pages (no image library, no CDN)."""
    svg = renderSVG.drawToString(qr_drawing(url, size))
    return svg[svg.index("<svg") :]


def _fit(c: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 8 and c.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _page(c: canvas.Canvas, sertifikat: Sertifikat, verify_url: str) -> None:
    peserta = sertifikat.peserta
    kegiatan = peserta.kegiatan
    c.setStrokeColor(GREEN)
    c.setLineWidth(4)
    c.rect(12 * mm, 12 * mm, PAGE_W - 24 * mm, PAGE_H - 24 * mm)
    c.setFillColor(GREEN)
    c.setFont("Helvetica-Bold", 12)
    penyelenggara = f"DINAS KOPERASI DAN UKM · {regions.nama(kegiatan.wilayah_kode).upper()}"
    c.drawCentredString(PAGE_W / 2, PAGE_H - 32 * mm, penyelenggara)
    c.setFont("Helvetica-Bold", 34)
    c.drawCentredString(PAGE_W / 2, PAGE_H - 52 * mm, "SERTIFIKAT")
    c.setFillColor(colors.black)
    c.setFont("Helvetica", 11)
    c.drawCentredString(PAGE_W / 2, PAGE_H - 61 * mm, f"Nomor: {sertifikat.nomor}")
    c.drawCentredString(PAGE_W / 2, PAGE_H - 78 * mm, "diberikan kepada")
    size = _fit(c, peserta.nama, "Helvetica-Bold", 28, PAGE_W - 60 * mm)
    c.setFont("Helvetica-Bold", size)
    c.drawCentredString(PAGE_W / 2, PAGE_H - 93 * mm, peserta.nama)
    c.setFont("Helvetica", 12)
    c.drawCentredString(PAGE_W / 2, PAGE_H - 103 * mm, f"{peserta.get_peran_display()} · {peserta.nama_koperasi}")
    c.drawCentredString(
        PAGE_W / 2, PAGE_H - 118 * mm, f"atas kehadirannya sebagai peserta {kegiatan.get_jenis_display()}"
    )
    judul = f"“{kegiatan.judul}”"
    c.setFont("Helvetica-Bold", _fit(c, judul, "Helvetica-Bold", 16, PAGE_W - 60 * mm))
    c.drawCentredString(PAGE_W / 2, PAGE_H - 128 * mm, judul)
    c.setFont("Helvetica", 12)
    c.drawCentredString(PAGE_W / 2, PAGE_H - 138 * mm, f"pada {tanggal(kegiatan.mulai)}")
    renderPDF.draw(qr_drawing(verify_url, 32 * mm), c, PAGE_W - 52 * mm, 20 * mm)
    c.setFont("Helvetica", 7)
    c.drawString(20 * mm, 20 * mm, f"Periksa keaslian sertifikat: pindai QR atau buka {verify_url}")


def sertifikat_pdf(daftar: Iterable[Sertifikat], *, verify_url: Callable[[Sertifikat], str]) -> bytes:
    buf = BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H))
    c.setTitle("Sertifikat")
    for sertifikat in daftar:
        _page(c, sertifikat, verify_url(sertifikat))
        c.showPage()
    c.save()
    return buf.getvalue()
