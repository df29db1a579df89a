"""The koperasi's letterhead on A4 PDFs (ReportLab): name, address down to desa, badan hukum
number and a rule on top; what the document is and when it was printed at the foot."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from gotong.core import regions
from gotong.core.formatting import tanggal_waktu

TEPI = 18 * mm


def alamat_koperasi(koperasi: Any) -> str:
    parts = (koperasi.alamat, *(regions.nama(k) for k in (koperasi.desa_kode, koperasi.kecamatan_kode)))
    return ", ".join(p for p in (*parts, regions.nama(koperasi.kabupaten_kode)) if p)


def kop_surat(
    koperasi: Any, kaki: str, *, tepi: float = TEPI, terjemahkan: bool = False
) -> Callable[[canvas.Canvas, Any], None]:
    """A page callback drawing the letterhead and ``kaki`` · dicetak <now> at the foot, ``tepi`` from
    the edges. Receipts, slips and agreements are Indonesian documents; the reports follow the
    reader's language (``terjemahkan``)."""
    alamat = alamat_koperasi(koperasi)
    waktu = tanggal_waktu(timezone.now())
    badan_hukum = (_("Badan hukum No. %(n)s") if terjemahkan else "Badan hukum No. %(n)s") % {
        "n": koperasi.nomor_badan_hukum
    }
    dicetak = (_("dicetak %(t)s") if terjemahkan else "dicetak %(t)s") % {"t": waktu}

    def on_page(c: canvas.Canvas, doc: Any) -> None:
        top = A4[1] - tepi
        c.saveState()
        c.setFont("Helvetica-Bold", 12)
        c.drawString(tepi, top - 4 * mm, koperasi.nama.upper())
        c.setFont("Helvetica", 8.5)
        c.drawString(tepi, top - 9 * mm, alamat[:140])
        if koperasi.nomor_badan_hukum:
            c.drawString(tepi, top - 13 * mm, badan_hukum)
        c.setLineWidth(0.8)
        c.line(tepi, top - 15.5 * mm, A4[0] - tepi, top - 15.5 * mm)
        c.setFont("Helvetica", 8)
        c.drawString(tepi, 10 * mm, f"{kaki} · {dicetak}")
        c.restoreState()

    return on_page
