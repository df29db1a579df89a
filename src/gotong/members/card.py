"""The member card (kartu anggota) as PDF: ID-1 card size (85,6 × 54 mm) with a QR code
that opens the public verification page (name, number, koperasi, status only)."""

from io import BytesIO

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from gotong.core import regions
from gotong.core.formatting import tanggal
from gotong.members.models import Anggota

CARD_W, CARD_H = 85.6 * mm, 54 * mm
GREEN = colors.HexColor("#0f5132")


def _qr(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def _fit(c: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 5 and c.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def kartu_pdf(anggota: Anggota, *, verify_url: str) -> bytes:
    buf = BytesIO()
    c = canvas.Canvas(buf, pagesize=(CARD_W, CARD_H))
    c.setTitle(f"Kartu anggota {anggota.nomor_anggota}")
    c.setAuthor(anggota.koperasi.nama)
    c.setFillColor(GREEN)
    c.rect(0, CARD_H - 13 * mm, CARD_W, 13 * mm, stroke=0, fill=1)
    c.setFillColor(colors.white)
    title = anggota.koperasi.nama.upper()
    c.setFont("Helvetica-Bold", _fit(c, title, "Helvetica-Bold", 9, CARD_W - 8 * mm))
    c.drawString(4 * mm, CARD_H - 6 * mm, title)
    c.setFont("Helvetica", 6)
    c.drawString(4 * mm, CARD_H - 10 * mm, f"KARTU ANGGOTA · {regions.nama(anggota.koperasi.kabupaten_kode)}")
    c.setFillColor(colors.black)
    name_size = _fit(c, anggota.nama, "Helvetica-Bold", 11, 50 * mm)
    c.setFont("Helvetica-Bold", name_size)
    c.drawString(4 * mm, CARD_H - 20 * mm, anggota.nama)
    rows = [
        ("No. anggota", anggota.nomor_anggota or "-"),
        ("Masuk", tanggal(anggota.tanggal_masuk)),
        ("Desa", anggota.desa_nama),
    ]
    y = CARD_H - 27 * mm
    for label, value in rows:
        c.setFont("Helvetica", 6.5)
        c.drawString(4 * mm, y, label)
        c.setFont("Helvetica-Bold", _fit(c, value, "Helvetica-Bold", 8, 32 * mm))
        c.drawString(20 * mm, y, value)
        y -= 5 * mm
    renderPDF.draw(_qr(verify_url, 28 * mm), c, CARD_W - 32 * mm, 5 * mm)
    c.setFont("Helvetica", 5)
    c.drawString(4 * mm, 4 * mm, "Pindai QR untuk memeriksa keanggotaan.")
    c.showPage()
    c.save()
    return buf.getvalue()
