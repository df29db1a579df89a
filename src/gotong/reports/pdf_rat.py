"""The RAT package as one A4 PDF and one Excel workbook.

PDF: a cover (with what is still missing), a table of contents with page numbers, then the
board's report, the financial statements (``reports.dokumen``, comparative, with their checks),
the SHU allocation and distribution list, member statistics, the RAPBK and the ODS figures;
signature blocks of the ketua, bendahara and pengawas; the koperasi's header and "Halaman X
dari Y" on every page after the cover. The workbook holds the same sections as sheets, amounts
as numbers with a rupiah format, every text formula-safe.

``kompres=False`` leaves the PDF's text readable (tests read it).
"""

from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from gotong.core.formatting import rupiah, tanggal
from gotong.core.pdf import alamat_koperasi, kop_surat
from gotong.members.export import safe_cell
from gotong.reports import dokumen
from gotong.reports.anggaran import PerbandinganAnggaran, tulis_lembar_anggaran
from gotong.reports.rat import BagianShu, PaketRat
from gotong.reports.statistik import BarisJumlah, StatistikAnggota
from gotong.savings.statement import _Nomor, rupiah_kurung

TEPI = 15 * mm
LEBAR = A4[0] - 2 * TEPI
_ABU = colors.HexColor("#5c636a")
_BAB = ParagraphStyle(
    "rat-bab", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceBefore=4, spaceAfter=8, keepWithNext=1
)
_SUBBAB = ParagraphStyle(
    "rat-subbab", fontName="Helvetica-Bold", fontSize=10.5, leading=13, spaceBefore=8, spaceAfter=4, keepWithNext=1
)
_ISI = ParagraphStyle("rat-isi", fontName="Helvetica", fontSize=9.5, leading=13.5, spaceAfter=5)
_KECIL = ParagraphStyle("rat-kecil", fontName="Helvetica", fontSize=8.5, leading=11, textColor=_ABU)
_SAMPUL = ParagraphStyle("rat-sampul", fontName="Helvetica-Bold", fontSize=20, leading=26, alignment=1)
_SAMPUL_SUB = ParagraphStyle("rat-sampul-sub", fontName="Helvetica", fontSize=12, leading=16, alignment=1)
_SAMPUL_NAMA = ParagraphStyle("rat-sampul-nama", fontName="Helvetica-Bold", fontSize=15, leading=20, alignment=1)
_PERINGATAN = ParagraphStyle("rat-peringatan", parent=_ISI, textColor=colors.HexColor("#7a4b00"))
# The statements' own titles (``reports.dokumen``, style "judul") become second-level entries.
_JUDUL_LAPORAN = "judul"


class _Paket(SimpleDocTemplate):
    """Chapter headings (and the statements' titles) go into the table of contents."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        if not isinstance(flowable, Paragraph):
            return
        nama = flowable.style.name
        if nama == _BAB.name:
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))
        elif nama == _JUDUL_LAPORAN:
            self.notify("TOCEntry", (1, flowable.getPlainText().capitalize(), self.page))


def _kop(paket: PaketRat) -> Any:
    judul = _("Paket RAT tahun buku %(t)s") % {"t": paket.tahun}
    return kop_surat(paket.koperasi, judul, tepi=TEPI, terjemahkan=True)


def _sampul_halaman(c: canvas.Canvas, doc: Any) -> None:
    """The cover carries no header; only the page number (added by ``_Nomor``)."""


def _p(teks: str, style: ParagraphStyle = _ISI) -> Paragraph:
    return Paragraph(escape(teks), style)


def _teks_panjang(teks: str) -> list[Flowable]:
    """Text typed on screen: a blank line starts a paragraph, a line break stays a line break."""
    out: list[Flowable] = []
    for alinea in teks.replace("\r\n", "\n").split("\n\n"):
        if alinea.strip():
            out.append(Paragraph(escape(alinea.strip()).replace("\n", "<br/>"), _ISI))
    return out


def _tabel(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, kanan_dari: int, total: bool = False) -> Table:
    data = [[c if isinstance(c, Flowable) else str(c) for c in row] for row in rows]
    t = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f3f1")),
        ("ALIGN", (kanan_dari, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8cdd0")),
    ]
    if total:
        style += [
            ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8.5),
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
        ]
    t.setStyle(TableStyle(style))
    return t


# --- Sections ------------------------------------------------------------------------------------


def _sampul(paket: PaketRat) -> list[Flowable]:
    k = paket.koperasi
    out: list[Flowable] = [
        Spacer(1, 45 * mm),
        _p(_("PAKET RAPAT ANGGOTA TAHUNAN"), _SAMPUL),
        Spacer(1, 4 * mm),
        _p(_("Tahun Buku %(t)s") % {"t": paket.tahun}, _SAMPUL_SUB),
        Spacer(1, 14 * mm),
        _p(k.nama.upper(), _SAMPUL_NAMA),
        _p(alamat_koperasi(paket.koperasi), _SAMPUL_SUB),
    ]
    identitas = []
    if k.nomor_badan_hukum:
        identitas.append(_("Badan hukum No. %(n)s") % {"n": k.nomor_badan_hukum})
    if k.nik_koperasi:
        identitas.append(_("NIK koperasi %(n)s") % {"n": k.nik_koperasi})
    if identitas:
        out.append(_p(" · ".join(identitas), _SAMPUL_SUB))
    out += [Spacer(1, 20 * mm), _p(_("Disiapkan %(t)s") % {"t": tanggal(timezone.localdate())}, _SAMPUL_SUB)]
    if paket.kekurangan:
        out += [Spacer(1, 12 * mm), _p(_("Catatan kelengkapan"), _SUBBAB)]
        out += [_p(f"• {k.pesan}", _PERINGATAN) for k in paket.kekurangan]
    return out


def _daftar_isi() -> list[Flowable]:
    toc = TableOfContents()
    toc.levelStyles = [
        ParagraphStyle("toc0", fontName="Helvetica-Bold", fontSize=10.5, leading=15, leftIndent=0, firstLineIndent=0),
        ParagraphStyle("toc1", fontName="Helvetica", fontSize=9.5, leading=13, leftIndent=8 * mm, firstLineIndent=0),
    ]
    return [_p(_("Daftar isi"), _SUBBAB), toc]


def _bab_pengurus(paket: PaketRat) -> list[Flowable]:
    out: list[Flowable] = [_p(_("I. Laporan pertanggungjawaban pengurus"), _BAB)]
    if not paket.bagian_pengurus:
        return [*out, _p(_("Laporan pertanggungjawaban pengurus belum ditulis."), _PERINGATAN)]
    for judul, teks in paket.bagian_pengurus:
        out += [_p(judul, _SUBBAB), *_teks_panjang(teks)]
    return [*out, dokumen.tanda_tangan(paket.koperasi)]


def _bab_keuangan(paket: PaketRat) -> list[Flowable]:
    out: list[Flowable] = [_p(_("II. Laporan keuangan"), _BAB)]
    if not paket.ditutup:
        out.append(_p(_("Tahun buku belum ditutup: angka laporan keuangan masih bisa berubah."), _PERINGATAN))
    out += dokumen.laporan_keuangan_flowables(paket.koperasi, paket.periode)
    return [*out, dokumen.tanda_tangan(paket.koperasi)]


def _persen(x: Decimal | None) -> str:
    return "—" if x is None else f"{x.normalize():f}".replace(".", ",")


def _bab_shu(paket: PaketRat) -> list[Flowable]:
    out: list[Flowable] = [_p(_("III. Pembagian SHU"), _BAB)]
    shu = paket.shu
    if shu is None:
        return [*out, _p(_("SHU belum dihitung."), _PERINGATAN)]
    out += [_p(shu.status), *[_p(c, _PERINGATAN) for c in shu.catatan], _p(_("Alokasi SHU"), _SUBBAB)]
    rows: list[list[Any]] = [[_("Alokasi"), "%", _("Jumlah")]]
    rows += [[_p(a.label, _ISI), _persen(a.persen), rupiah_kurung(a.jumlah)] for a in shu.alokasi]
    rows.append([_("SHU tahun buku"), "", rupiah_kurung(shu.shu)])
    out.append(_tabel(rows, [110 * mm, 20 * mm, 50 * mm], kanan_dari=1, total=True))
    return [*out, *_daftar_shu(shu)]


def _daftar_shu(shu: BagianShu) -> list[Flowable]:
    out: list[Flowable] = [_p(_("Daftar pembagian SHU per anggota"), _SUBBAB)]
    if not shu.anggota:
        return [*out, _p(_("Tidak ada anggota yang menerima SHU."))]
    rows: list[list[Any]] = [[_("No."), _("Nomor anggota"), _("Nama"), _("Jasa usaha"), _("Jasa modal"), _("Jumlah")]]
    for i, a in enumerate(shu.anggota, start=1):
        rows.append([i, a.nomor, a.nama[:40], rupiah(a.jasa_usaha), rupiah(a.jasa_modal), rupiah(a.jumlah)])
    ju = sum((a.jasa_usaha for a in shu.anggota), Decimal("0"))
    jm = sum((a.jasa_modal for a in shu.anggota), Decimal("0"))
    rows.append(["", "", _("Jumlah"), rupiah(ju), rupiah(jm), rupiah(shu.total_anggota)])
    widths = [11 * mm, 27 * mm, 58 * mm, 28 * mm, 28 * mm, 28 * mm]
    return [*out, _tabel(rows, widths, kanan_dari=3, total=True)]


def _tabel_jumlah(judul: str, rows: Sequence[BarisJumlah]) -> Table:
    data: list[list[Any]] = [[judul, _("Laki-laki"), _("Perempuan"), _("Jumlah")]]
    data += [[r.label, r.laki_laki, r.perempuan, r.jumlah] for r in rows]
    return _tabel(data, [90 * mm, 30 * mm, 30 * mm, 30 * mm], kanan_dari=1)


def _baris_gerak(stat: StatistikAnggota) -> list[BarisJumlah]:
    t = stat.tahun
    return [
        BarisJumlah(_("Anggota awal tahun (1 Januari %(t)s)") % {"t": t}, stat.awal.laki_laki, stat.awal.perempuan),
        BarisJumlah(_("Masuk"), stat.masuk.laki_laki, stat.masuk.perempuan),
        BarisJumlah(_("Keluar"), stat.keluar.laki_laki, stat.keluar.perempuan),
        BarisJumlah(
            _("Anggota akhir tahun (31 Desember %(t)s)") % {"t": t}, stat.akhir.laki_laki, stat.akhir.perempuan
        ),
    ]


def _bab_statistik(paket: PaketRat) -> list[Flowable]:
    stat = paket.statistik
    return [
        _p(_("IV. Statistik anggota"), _BAB),
        _tabel_jumlah(_("Perkembangan anggota"), _baris_gerak(stat)),
        _p(_("Pertumbuhan anggota: %(p)s") % {"p": stat.pertumbuhan_persen}, _KECIL),
        _p(_("Menurut desa/kelurahan (akhir tahun)"), _SUBBAB),
        _tabel_jumlah(_("Desa/kelurahan"), stat.per_desa),
        _p(_("Menurut umur (31 Desember)"), _SUBBAB),
        _tabel_jumlah(_("Umur (tahun)"), stat.per_umur),
    ]


def _tabel_anggaran(p: PerbandinganAnggaran, tahun_realisasi: int) -> Table:
    rows: list[list[Any]] = [
        [_("Akun"), _("Realisasi %(t)s") % {"t": tahun_realisasi}, _("Anggaran %(t)s") % {"t": p.tahun}]
    ]
    for bagian in p.bagian:
        if not bagian.baris:
            continue
        rows.append([Paragraph(f"<b>{escape(bagian.judul)}</b>", _ISI), "", ""])
        for b in bagian.baris:
            rows.append([_p(f"{b.kode} {b.nama}", _ISI), rupiah_kurung(b.realisasi), rupiah_kurung(b.anggaran)])
        t = bagian.total
        rows.append([t.nama, rupiah_kurung(t.realisasi), rupiah_kurung(t.anggaran)])
    shu = p.shu
    rows.append([shu.nama, rupiah_kurung(shu.realisasi), rupiah_kurung(shu.anggaran)])
    return _tabel(rows, [110 * mm, 35 * mm, 35 * mm], kanan_dari=1, total=True)


def _bab_rapbk(paket: PaketRat) -> list[Flowable]:
    t = paket.tahun_rapbk
    out: list[Flowable] = [_p(_("V. Rencana kerja dan anggaran (RAPBK) %(t)s") % {"t": t}, _BAB)]
    r = paket.rencana
    if r is not None and r.program:
        out += [_p(_("Program kerja"), _SUBBAB), *_teks_panjang(r.program)]
    if r is not None and r.asumsi:
        out += [_p(_("Asumsi dan sasaran"), _SUBBAB), *_teks_panjang(r.asumsi)]
    out.append(_p(_("Anggaran"), _SUBBAB))
    if paket.rapbk.kosong:
        return [*out, _p(_("RAPBK %(t)s belum diisi.") % {"t": t}, _PERINGATAN)]
    return [*out, _tabel_anggaran(paket.rapbk, paket.tahun)]


def _nilai_ods(nilai: Decimal | int, hitungan: bool) -> str:
    return str(nilai) if hitungan else rupiah_kurung(Decimal(nilai))


def _bab_ods(paket: PaketRat) -> list[Flowable]:
    a = paket.ods
    rows: list[list[Any]] = [[_("Isian ODS"), _("Nilai")]]
    rows += [[label, nilai] for label, nilai in a.identitas]
    tgl = a.laporan.tanggal_rat if a.laporan is not None else None
    rows.append([_("Tanggal RAT"), tanggal(tgl) if tgl else _("belum diisi")])
    rows += [[label, _nilai_ods(nilai, hitungan)] for label, nilai, hitungan in a.angka]
    return [
        _p(_("VI. Angka untuk ODS"), _BAB),
        _p(_("Dilaporkan ke Online Data System kementerian paling lambat sebulan sesudah RAT."), _KECIL),
        _tabel(rows, [100 * mm, 80 * mm], kanan_dari=1),
    ]


def paket_rat_pdf(paket: PaketRat, *, kompres: bool = True) -> bytes:
    """The whole RAT package as one A4 PDF."""
    buf = BytesIO()
    judul = _("Paket RAT %(nama)s tahun buku %(t)s") % {"nama": paket.koperasi.nama, "t": paket.tahun}
    doc = _Paket(
        buf,
        pagesize=A4,
        leftMargin=TEPI,
        rightMargin=TEPI,
        topMargin=TEPI + 20 * mm,
        bottomMargin=18 * mm,
        title=judul,
        author=paket.koperasi.nama,
        creator="Gotong",
        pageCompression=1 if kompres else 0,
        invariant=0 if kompres else 1,
    )
    story: list[Flowable] = [*_sampul(paket), PageBreak(), *_daftar_isi()]
    for bab in (_bab_pengurus, _bab_keuangan, _bab_shu, _bab_statistik, _bab_rapbk, _bab_ods):
        story += [PageBreak(), *bab(paket)]
    doc.multiBuild(story, onFirstPage=_sampul_halaman, onLaterPages=_kop(paket), canvasmaker=_Nomor)
    return buf.getvalue()


# --- Excel -------------------------------------------------------------------------------------

_TEBAL = Font(bold=True)
_UANG = dokumen.FORMAT_UANG


def _lembar(wb: Workbook, nama: str, judul: str, lebar: Sequence[int]) -> Any:
    ws = wb.create_sheet(nama[:31])
    ws.append([safe_cell(judul)])
    ws.cell(1, 1).font = Font(bold=True, size=13)
    for i, w in enumerate(lebar):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    return ws


def _baris(ws: Any, values: Sequence[Any], *, tebal: bool = False, uang_dari: int | None = None) -> None:
    ws.append([safe_cell(v) for v in values])
    row = ws.max_row
    for col in range(1, len(values) + 1):
        cell = ws.cell(row, col)
        if tebal:
            cell.font = _TEBAL
        if uang_dari is not None and col > uang_dari and isinstance(cell.value, Decimal | int):
            cell.number_format = _UANG


def _lembar_ringkasan(wb: Workbook, paket: PaketRat) -> None:
    judul = _("Paket RAT %(nama)s tahun buku %(t)s") % {"nama": paket.koperasi.nama, "t": paket.tahun}
    ws = _lembar(wb, _("Ringkasan"), judul, [46, 40])
    _baris(ws, [alamat_koperasi(paket.koperasi)])
    _baris(ws, [])
    _baris(ws, [_("Kelengkapan")], tebal=True)
    for k in paket.kekurangan or ():
        _baris(ws, [k.pesan])
    if not paket.kekurangan:
        _baris(ws, [_("Semua bagian paket sudah siap.")])
    _baris(ws, [])
    _baris(ws, [_("Angka untuk ODS")], tebal=True)
    for label, nilai in paket.ods.identitas:
        _baris(ws, [label, nilai])
    tgl = paket.ods.laporan.tanggal_rat if paket.ods.laporan is not None else None
    _baris(ws, [_("Tanggal RAT"), tgl])
    for nama, angka, hitungan in paket.ods.angka:
        _baris(ws, [nama, angka], uang_dari=None if hitungan else 1)


def _lembar_shu(wb: Workbook, paket: PaketRat) -> None:
    ws = _lembar(wb, _("SHU"), _("Pembagian SHU tahun buku %(t)s") % {"t": paket.tahun}, [12, 26, 44, 18, 18, 18])
    shu = paket.shu
    if shu is None:
        _baris(ws, [_("SHU belum dihitung.")])
        return
    _baris(ws, [shu.status])
    for c in shu.catatan:
        _baris(ws, [c])
    _baris(ws, [])
    _baris(ws, ["", _("Alokasi"), "%", _("Jumlah")], tebal=True)
    for alokasi in shu.alokasi:
        _baris(ws, ["", alokasi.label, alokasi.persen, alokasi.jumlah], uang_dari=3)
    _baris(ws, ["", _("SHU tahun buku"), "", shu.shu], tebal=True, uang_dari=3)
    _baris(ws, [])
    _baris(ws, [_("No."), _("Nomor anggota"), _("Nama"), _("Jasa usaha"), _("Jasa modal"), _("Jumlah")], tebal=True)
    for i, a in enumerate(shu.anggota, start=1):
        _baris(ws, [i, a.nomor, a.nama, a.jasa_usaha, a.jasa_modal, a.jumlah], uang_dari=3)
    _baris(ws, ["", "", _("Jumlah"), *_jumlah_shu(shu)], tebal=True, uang_dari=3)


def _jumlah_shu(shu: BagianShu) -> list[Decimal]:
    ju = sum((a.jasa_usaha for a in shu.anggota), Decimal("0"))
    jm = sum((a.jasa_modal for a in shu.anggota), Decimal("0"))
    return [ju, jm, shu.total_anggota]


def _lembar_statistik(wb: Workbook, paket: PaketRat) -> None:
    stat = paket.statistik
    ws = _lembar(
        wb, _("Statistik anggota"), _("Statistik anggota tahun buku %(t)s") % {"t": paket.tahun}, [46, 14, 14, 14]
    )
    for judul, rows in (
        (_("Perkembangan anggota"), _baris_gerak(stat)),
        (_("Desa/kelurahan"), list(stat.per_desa)),
        (_("Umur (tahun)"), list(stat.per_umur)),
    ):
        _baris(ws, [])
        _baris(ws, [judul, _("Laki-laki"), _("Perempuan"), _("Jumlah")], tebal=True)
        for r in rows:
            _baris(ws, [r.label, r.laki_laki, r.perempuan, r.jumlah])


def _lembar_pengurus(wb: Workbook, paket: PaketRat) -> None:
    ws = _lembar(wb, _("Laporan pengurus"), _("Laporan pertanggungjawaban pengurus %(t)s") % {"t": paket.tahun}, [110])
    if not paket.bagian_pengurus:
        _baris(ws, [_("Laporan pertanggungjawaban pengurus belum ditulis.")])
    for judul, teks in paket.bagian_pengurus:
        _baris(ws, [])
        _baris(ws, [judul], tebal=True)
        for alinea in teks.replace("\r\n", "\n").split("\n\n"):
            if alinea.strip():
                _baris(ws, [alinea.strip()])


def _lembar_rapbk(wb: Workbook, paket: PaketRat) -> None:
    t = paket.tahun_rapbk
    ws = wb.create_sheet(f"RAPBK {t}")
    judul = _("RAPBK %(t)s: anggaran %(t)s dan realisasi %(l)s") % {"t": t, "l": paket.tahun}
    tulis_lembar_anggaran(ws, paket.rapbk, judul=judul)
    r = paket.rencana
    for label, teks in ((_("Program kerja"), r.program if r else ""), (_("Asumsi dan sasaran"), r.asumsi if r else "")):
        if teks:
            _baris(ws, [])
            _baris(ws, [None, label], tebal=True)
            for alinea in teks.replace("\r\n", "\n").split("\n"):
                if alinea.strip():
                    _baris(ws, [None, alinea.strip()])


def paket_rat_xlsx(paket: PaketRat) -> bytes:
    """The RAT package as one workbook: summary and ODS, the statements, SHU, member statistics,
    the board's report and the RAPBK, one sheet each."""
    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    _lembar_ringkasan(wb, paket)
    dokumen.laporan_keuangan_sheets(wb, paket.koperasi, paket.periode)
    _lembar_shu(wb, paket)
    _lembar_statistik(wb, paket)
    _lembar_pengurus(wb, paket)
    _lembar_rapbk(wb, paket)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
