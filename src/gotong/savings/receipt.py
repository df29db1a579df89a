"""The receipt (kwitansi) as PDF, on A5 or on 58 mm / 80 mm thermal paper (UX.md): the
koperasi's name, address and badan hukum number, the running number, date and time WIB,
the member, what it was for, the amount in figures and in words (terbilang), the kasir
and a QR code that opens the public verification page."""

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from num2words import num2words
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from gotong.core import regions
from gotong.core.formatting import rupiah, tanggal_waktu
from gotong.savings.models import Kwitansi
from gotong.savings.selectors import Arah

UKURAN = ("a5", "58", "80")


def terbilang(jumlah: Decimal) -> str:
    """The amount in Indonesian words: ``1250000`` → ``satu juta dua ratus lima puluh ribu rupiah``."""
    rupiah_utuh = int(jumlah)
    sen = int((jumlah - rupiah_utuh) * 100)
    text = f"{num2words(rupiah_utuh, lang='id')} rupiah"
    if sen:
        text += f" {num2words(sen, lang='id')} sen"
    return text


def _qr(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def alamat_koperasi(kwitansi: Kwitansi) -> str:
    k = kwitansi.koperasi
    parts = [k.alamat, regions.nama(k.desa_kode), regions.nama(k.kecamatan_kode), regions.nama(k.kabupaten_kode)]
    return ", ".join(p for p in parts if p)


JUDUL = {Arah.MASUK: "Telah terima dari", Arah.KELUAR: "Dibayarkan kepada", Arah.PINDAH: "Atas nama"}
NAMA_DOKUMEN = {Arah.MASUK: "KWITANSI", Arah.KELUAR: "BUKTI PEMBAYARAN", Arah.PINDAH: "BUKTI PEMINDAHBUKUAN"}


@dataclass(frozen=True)
class _Tata:
    """A page layout: width, margin, font sizes and QR size in points."""

    lebar: float
    tepi: float
    huruf: float
    judul: float
    qr: float


TATA = {
    "a5": _Tata(210 * mm, 14 * mm, 10, 14, 30 * mm),  # A5 landscape, the usual kwitansi book
    "80": _Tata(80 * mm, 4 * mm, 8, 10, 26 * mm),
    "58": _Tata(58 * mm, 2.5 * mm, 6.5, 8, 22 * mm),
}


def _baris(k: Kwitansi, arah: str, kasir: str) -> list[tuple[str, str, bool]]:
    """(label, value, bold) rows in print order."""
    anggota = k.anggota
    return [
        ("Nomor", k.nomor, True),
        ("Tanggal", tanggal_waktu(k.waktu), False),
        (JUDUL[arah], f"{anggota.nama} ({anggota.nomor_anggota or '-'})", True),
        ("Untuk", k.uraian, False),
        ("Jumlah", rupiah(k.jumlah), True),
        ("Terbilang", terbilang(k.jumlah).capitalize(), False),
        ("Kasir", kasir, False),
    ]


class _Pena:
    """Writes wrapped lines top-down on a canvas (one layout for the A5 and thermal sizes)."""

    def __init__(self, c: canvas.Canvas, tata: _Tata, atas: float) -> None:
        self.c, self.t, self.y = c, tata, atas

    def teks(self, text: str, *, bold: bool = False, size: float | None = None, tengah: bool = False) -> None:
        font = "Helvetica-Bold" if bold else "Helvetica"
        size = size or self.t.huruf
        width = self.t.lebar - 2 * self.t.tepi
        for line in simpleSplit(text, font, size, width) or [""]:
            self.y -= size * 1.3
            self.c.setFont(font, size)
            if tengah:
                self.c.drawCentredString(self.t.lebar / 2, self.y, line)
            else:
                self.c.drawString(self.t.tepi, self.y, line)

    def label(self, label: str, value: str, bold: bool, lebar_label: float) -> None:
        size, font = self.t.huruf, "Helvetica-Bold" if bold else "Helvetica"
        lines = simpleSplit(value, font, size, self.t.lebar - 2 * self.t.tepi - lebar_label) or [""]
        for i, line in enumerate(lines):
            self.y -= size * 1.35
            self.c.setFont("Helvetica", size)
            if i == 0:
                self.c.drawString(self.t.tepi, self.y, label)
            self.c.setFont(font, size)
            self.c.drawString(self.t.tepi + lebar_label, self.y, line)

    def garis(self) -> None:
        self.y -= self.t.huruf * 0.6
        self.c.setLineWidth(0.5)
        self.c.line(self.t.tepi, self.y, self.t.lebar - self.t.tepi, self.y)


def _tulis(c: canvas.Canvas, k: Kwitansi, tata: _Tata, atas: float, arah: str, kasir: str, url: str) -> float:
    pena = _Pena(c, tata, atas)
    koperasi = k.koperasi
    pena.teks(koperasi.nama.upper(), bold=True, size=tata.judul, tengah=True)
    if alamat := alamat_koperasi(k):
        pena.teks(alamat, tengah=True)
    if koperasi.nomor_badan_hukum:
        pena.teks(f"Badan hukum No. {koperasi.nomor_badan_hukum}", tengah=True)
    pena.garis()
    pena.teks(NAMA_DOKUMEN[arah], bold=True, size=tata.judul, tengah=True)
    rows = _baris(k, arah, kasir)
    # the label column as wide as its longest label, so a 58 mm roll wastes no width
    widest = max(c.stringWidth(label, "Helvetica", tata.huruf) for label, _v, _b in rows)
    lebar_label = min(widest + tata.huruf * 0.8, (tata.lebar - 2 * tata.tepi) * 0.45)
    for label, value, bold in rows:
        pena.label(label, value, bold, lebar_label)
    pena.garis()
    pena.y -= tata.qr + 2 * mm
    renderPDF.draw(_qr(url, tata.qr), c, (tata.lebar - tata.qr) / 2, pena.y)
    pena.teks("Pindai QR untuk memeriksa keaslian kwitansi ini.", size=tata.huruf * 0.85, tengah=True)
    return pena.y


def kwitansi_pdf(kwitansi: Kwitansi, *, verify_url: str, arah: str, ukuran: str = "a5", kompres: bool = True) -> bytes:
    """The receipt as PDF. ``ukuran``: ``a5`` (landscape), ``80`` or ``58`` (thermal roll,
    the page as long as the content). ``kompres=False`` leaves the text readable in the
    file (tests)."""
    tata = TATA[ukuran if ukuran in TATA else "a5"]
    kasir = str(kwitansi.kasir)
    if ukuran == "a5" or ukuran not in TATA:
        tinggi = 148 * mm
    else:  # measure on a scratch canvas first: a roll is cut after the last line
        scratch = canvas.Canvas(BytesIO(), pagesize=(tata.lebar, 2000 * mm))
        tinggi = 2000 * mm - _tulis(scratch, kwitansi, tata, 2000 * mm, arah, kasir, verify_url) + tata.tepi * 2
    buf = BytesIO()
    c = canvas.Canvas(buf, pagesize=(tata.lebar, tinggi), pageCompression=1 if kompres else 0, invariant=not kompres)
    c.setTitle(f"Kwitansi {kwitansi.nomor}")
    c.setAuthor(kwitansi.koperasi.nama)
    c.setCreator("Gotong")
    _tulis(c, kwitansi, tata, tinggi - tata.tepi, arah, kasir, verify_url)
    c.showPage()
    c.save()
    return buf.getvalue()
