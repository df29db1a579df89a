"""The health assessment as an A4 PDF (ReportLab): the koperasi's header, each aspect's
components with ratio, nilai, bobot and skor, the total and band, the management answers,
signature blocks, "Halaman X dari Y". Without an assessment it is the blank worksheet
(kertas kerja) a mentor can fill in by hand with a registry-only cooperative.

``kompres=False`` leaves the text readable in the file (tests read it)."""

from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gotong.core.pdf import kop_surat
from gotong.province import health, kesehatan
from gotong.province.models_kesehatan import PenilaianKesehatan, StatusPenilaian
from gotong.savings.statement import _Nomor
from gotong.tenancy.models import Koperasi

TEPI = 16 * mm
_ISI = ParagraphStyle("isi", fontName="Helvetica", fontSize=8.5, leading=10.5)
_KECIL = ParagraphStyle("kecil", fontName="Helvetica", fontSize=7.5, leading=9)
_JUDUL = ParagraphStyle("judul", fontName="Helvetica-Bold", fontSize=12.5, leading=15, alignment=1, spaceAfter=2)
_SUB = ParagraphStyle("sub", fontName="Helvetica", fontSize=9, leading=11, alignment=1, spaceAfter=6)
_ASPEK = ParagraphStyle("aspek", fontName="Helvetica-Bold", fontSize=9.5, leading=12, spaceBefore=6, spaceAfter=2)
_ABU = colors.HexColor("#e9ecef")


def _angka(x: Decimal | None, kosong: str = "") -> str:
    if x is None:
        return kosong
    return f"{x.quantize(Decimal('0.01')):f}".replace(".", ",")


def _kop(koperasi: Koperasi, tahun: int) -> Any:
    return kop_surat(koperasi, f"Penilaian kesehatan tahun buku {tahun}", tepi=TEPI)


def _tabel(data: list[list[Any]], lebar: list[float], *, kepala: bool = True) -> Table:
    t = Table(data, colWidths=lebar, repeatRows=1 if kepala else 0)
    gaya = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ]
    if kepala:
        gaya += [("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8), ("BACKGROUND", (0, 0), (-1, 0), _ABU)]
    t.setStyle(TableStyle(gaya))
    return t


def _aspek(ha: health.HasilAspek | None, a: health.Aspek) -> list[Flowable]:
    kepala = [_("Komponen"), _("Rasio (%)"), _("Nilai"), _("Bobot"), _("Skor")]
    rows: list[list[Any]] = [kepala]
    hasil_k = {hk.komponen.kode: hk for hk in ha.komponen} if ha else {}
    for k in a.komponen:
        hk = hasil_k.get(k.kode)
        if k.kuesioner:
            rasio = _("%(y)s dari %(n)s ya") % {"y": hk.ya, "n": len(k.pertanyaan)} if hk else ""
        else:
            rasio = _angka(hk.rasio) if hk else ""
        nama = Paragraph(f"{escape(str(k.nama))}<br/><font size=6.5>{escape(str(k.rumus))}</font>", _ISI)
        nilai = _angka(hk.nilai) if hk else ""
        skor = _angka(hk.skor) if hk else ""
        rows.append([nama, rasio, nilai, _angka(k.bobot), skor])
    rows.append([_("Jumlah skor %(a)s") % {"a": a.nama}, "", "", _angka(a.bobot), _angka(ha.skor) if ha else ""])
    t = _tabel(rows, [88 * mm, 24 * mm, 20 * mm, 18 * mm, 22 * mm])
    t.setStyle(TableStyle([("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8)]))
    return [KeepTogether([Paragraph(escape(str(a.nama)), _ASPEK), t])]


def _kuesioner(jawaban: dict[str, bool], skema: health.Skema) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(escape(_("Jawaban kuesioner manajemen")), _ASPEK)]
    for k in skema.komponen:
        if not k.kuesioner:
            continue
        rows: list[list[Any]] = [[str(k.nama), _("Ya"), _("Tidak")]]
        for i, p in enumerate(k.pertanyaan, start=1):
            j = jawaban.get(p.kode)
            rows.append(
                [Paragraph(f"{i}. {escape(str(p.teks))}", _KECIL), "X" if j is True else "", "X" if j is False else ""]
            )
        out += [_tabel(rows, [150 * mm, 11 * mm, 11 * mm]), Spacer(1, 2 * mm)]
    return out


def _tanda_tangan(penilaian: PenilaianKesehatan | None) -> Table:
    kiri = _("Pengurus koperasi")
    kanan = _("Penilai / pendamping Dinas") if penilaian is None or penilaian.oleh_dinas else _("Pengawas")
    t = Table(
        [
            [kiri, "", kanan],
            ["", "", ""],
            ["(....................................)", "", "(....................................)"],
        ],
        colWidths=[60 * mm, 50 * mm, 60 * mm],
        rowHeights=[6 * mm, 16 * mm, 6 * mm],
    )
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 8.5), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return t


def penilaian_pdf(
    *, koperasi: Koperasi, tahun: int, penilaian: PenilaianKesehatan | None, kompres: bool = True
) -> bytes:
    skema = penilaian.skema_data if penilaian else health.PERDEP_06_2016
    hasil = kesehatan.hasil(penilaian) if penilaian else None
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=TEPI,
        rightMargin=TEPI,
        topMargin=TEPI + 18 * mm,
        bottomMargin=18 * mm,
        title=f"Penilaian kesehatan {koperasi.nama} {tahun}",
        author=koperasi.nama,
        creator="Gotong",
        pageCompression=1 if kompres else 0,
        invariant=0 if kompres else 1,
    )
    story: list[Flowable] = [
        Paragraph(escape(_("PENILAIAN KESEHATAN KSP/USP KOPERASI")), _JUDUL),
        Paragraph(escape(_("Tahun buku %(t)s · %(d)s") % {"t": tahun, "d": skema.dasar_hukum}), _SUB),
    ]
    if penilaian is None:
        story.append(Paragraph(escape(_("Kertas kerja kosong: belum ada penilaian untuk tahun ini.")), _ISI))
    else:
        status = _("final") if penilaian.status == StatusPenilaian.FINAL else _("draf (belum final)")
        story.append(
            Paragraph(
                escape(_("Status: %(s)s · sumber: %(b)s") % {"s": status, "b": penilaian.get_sumber_display()}), _ISI
            )
        )
    ha = {x.aspek.kode: x for x in hasil.aspek} if hasil else {}
    for a in skema.aspek:
        story += _aspek(ha.get(a.kode), a)
    ringkas: list[list[Any]] = [[_("Aspek"), _("Bobot"), _("Skor")]]
    ringkas += [[str(a.nama), _angka(a.bobot), _angka(ha[a.kode].skor) if a.kode in ha else ""] for a in skema.aspek]
    total = _angka(hasil.total) if hasil else ""
    ringkas.append([_("Skor total"), "100", total])
    predikat = str(hasil.predikat.nama) if hasil else ""
    ringkas.append([_("Predikat"), "", predikat])
    t = _tabel(ringkas, [110 * mm, 30 * mm, 32 * mm])
    t.setStyle(TableStyle([("FONT", (0, -2), (-1, -1), "Helvetica-Bold", 9)]))
    story += [KeepTogether([Paragraph(escape(_("Rekapitulasi")), _ASPEK), t])]
    bands = "; ".join(
        f"{p.nama} ≥ {_angka(p.batas_bawah)}"
        if p.batas_bawah
        else f"{p.nama} < {_angka(skema.predikat[-2].batas_bawah)}"
        for p in skema.predikat
    )
    story.append(Paragraph(escape(_("Predikat: %(b)s.") % {"b": bands}), _KECIL))
    if hasil and not hasil.lengkap:
        story.append(Paragraph(escape(_("Belum lengkap: rasio atau jawaban yang kosong diberi skor 0.")), _KECIL))
    if penilaian and penilaian.catatan:
        story += [Paragraph(escape(_("Catatan penilai")), _ASPEK), Paragraph(escape(penilaian.catatan), _ISI)]
    story += [Spacer(1, 3 * mm), *_kuesioner(penilaian.jawaban if penilaian else {}, skema), Spacer(1, 6 * mm)]
    story.append(KeepTogether([_tanda_tangan(penilaian)]))
    kop = _kop(koperasi, tahun)
    doc.build(story, onFirstPage=kop, onLaterPages=kop, canvasmaker=_Nomor)
    return buf.getvalue()
