"""A member's SHU slip as an A4 PDF (ReportLab): the koperasi's header, the book year and the
RAT decision, the member's volume and savings beside the totals, the JUA/JMA formula with the
figures, the share in figures and in words, how and when it was paid, "Halaman X dari Y".

``rumus`` writes the same formula for the screens."""

from dataclasses import dataclass
from decimal import Decimal, localcontext
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext_lazy as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gotong.core.formatting import rupiah, tanggal
from gotong.core.money import ZERO, money
from gotong.core.pdf import kop_surat
from gotong.savings.receipt import terbilang
from gotong.savings.statement import _Nomor
from gotong.shu.models import AkunVolume, BagianSHUAnggota, DasarModal, PembagianSHU, PengaturanSHU, StatusBagian

TEPI = 15 * mm
_ISI = ParagraphStyle("isi", fontName="Helvetica", fontSize=9.5, leading=13, spaceAfter=3)
_KECIL = ParagraphStyle("kecil", fontName="Helvetica", fontSize=8.5, leading=11)
_JUDUL = ParagraphStyle("judul", fontName="Helvetica-Bold", fontSize=13, leading=16, alignment=1, spaceAfter=2)
_SUB = ParagraphStyle("sub", fontName="Helvetica", fontSize=9.5, leading=12, alignment=1, spaceAfter=8)
_ABU = colors.HexColor("#5c636a")

TANPA_TOTAL = _("Tidak ada {total} tahun ini: {jumlah} tidak dibagi (masuk cadangan).")
DIBULATKAN = _(", dibulatkan ke bawah {hasil}")


def _persen(x: Decimal) -> str:
    return f"{x.normalize():f}".replace(".", ",") + "%"


def _desimal(x: Decimal) -> str:
    """An exact figure before rounding down, two decimals the Indonesian way: ``139.999,80``."""
    return rupiah(money(x))


@dataclass(frozen=True)
class Rumus:
    """The member's share written out: ``(Va / VUK) × JUA = … → …`` and the same for jasa modal."""

    jasa_usaha: str
    jasa_modal: str


def _baris(bagian: Decimal, total: Decimal, jumlah: Decimal, hasil: Decimal, nama: tuple[str, str, str]) -> str:
    if total <= ZERO:
        return str(TANPA_TOTAL).format(total=nama[1], jumlah=nama[2])
    with localcontext() as ctx:
        ctx.prec = 40
        tepat = bagian * jumlah / total
    teks = f"({nama[0]} {rupiah(bagian)} ÷ {nama[1]} {rupiah(total)}) × {nama[2]} {rupiah(jumlah)} = {_desimal(tepat)}"
    if money(tepat) != hasil:
        teks += str(DIBULATKAN).format(hasil=rupiah(hasil))
    return teks


def rumus(b: BagianSHUAnggota) -> Rumus:
    p = b.pembagian
    return Rumus(
        jasa_usaha=_baris(b.volume, p.vuk, p.jua, b.jasa_usaha, ("Va", "VUK", "JUA")),
        jasa_modal=_baris(b.simpanan, p.tms, p.jma, b.jasa_modal, ("Sa", "TMS", "JMA")),
    )


def dasar_teks(p: PengaturanSHU) -> dict[str, str]:
    """The settings in words, for the slip, the Excel and the screens."""
    volume = ", ".join(str(AkunVolume(k).label) for k in p.akun_volume if k in AkunVolume.values)
    simpanan = "pokok + wajib" + (" + sukarela" if p.termasuk_sukarela else "")
    dasar = "rata-rata 12 saldo akhir bulan" if p.dasar_modal == DasarModal.RATA_RATA else "saldo akhir tahun"
    return {
        "volume": volume or "-",
        "simpanan": f"Simpanan {simpanan}, {dasar}",
        "pembulatan": f"Bagian anggota dibulatkan ke bawah ke Rp{p.satuan_pembulatan}; sisanya masuk cadangan",
        "alokasi": (
            f"Cadangan {_persen(p.persen_cadangan)}, jasa anggota {_persen(p.persen_jasa_anggota)} "
            f"(JUA {_persen(p.persen_jua)}, JMA {_persen(p.persen_jma)}), dana pengurus "
            f"{_persen(p.persen_dana_pengurus)}, dana karyawan {_persen(p.persen_dana_karyawan)}, dana pendidikan "
            f"{_persen(p.persen_dana_pendidikan)}, dana sosial {_persen(p.persen_dana_sosial)}"
        ),
    }


def status_teks(b: BagianSHUAnggota) -> str:
    if b.total <= ZERO:
        return "Tidak ada SHU yang diterima"
    if b.status != StatusBagian.DIBAYAR:
        return "Belum dibayar"
    teks = f"{b.get_cara_bayar_display()} pada {tanggal(b.tanggal_bayar)}"
    if b.kwitansi_id and b.kwitansi is not None:
        teks += f" (kwitansi {b.kwitansi.nomor})"
    return teks


def _kop(p: PembagianSHU) -> Any:
    return kop_surat(p.koperasi, f"Slip SHU tahun buku {p.tahun}", tepi=TEPI)


def _tabel(rows: list[list[Any]], lebar: list[Any], tebal: list[int]) -> Table:
    t = Table(rows, colWidths=lebar, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("TEXTCOLOR", (0, 0), (0, -1), _ABU),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8cdd0")),
    ]
    style += [("FONT", (0, i), (-1, i), "Helvetica-Bold", 9.5) for i in tebal]
    t.setStyle(TableStyle(style))
    return t


def slip_pdf(b: BagianSHUAnggota, *, kompres: bool = True) -> bytes:
    """The member's SHU slip for one book year."""
    p = b.pembagian
    a = b.anggota
    r = rumus(b)
    dasar = dasar_teks(p.pengaturan)
    story: list[Any] = [
        Paragraph("SLIP SISA HASIL USAHA (SHU) ANGGOTA", _JUDUL),
        Paragraph(
            escape(f"Tahun buku {p.tahun} · keputusan RAT No. {p.nomor_rat} tanggal {tanggal(p.tanggal_rat)}"), _SUB
        ),
        _tabel(
            [["Nama anggota", a.nama], ["Nomor anggota", a.nomor_anggota or "-"]],
            [40 * mm, None],
            [],
        ),
        Spacer(1, 4 * mm),
        Paragraph("<b>Jasa usaha anggota (JUA)</b> — atas transaksi Anda dengan koperasi", _ISI),
        _tabel(
            [
                ["Volume usaha Anda (Va)", rupiah(b.volume)],
                ["Volume usaha seluruh anggota (VUK)", rupiah(p.vuk)],
                ["Jasa usaha anggota dibagikan (JUA)", rupiah(p.jua)],
            ],
            [90 * mm, 50 * mm],
            [],
        ),
        Paragraph(escape(f"Jasa usaha = {r.jasa_usaha}"), _KECIL),
        Paragraph(escape(f"Volume usaha dihitung dari: {dasar['volume']}."), _KECIL),
        Spacer(1, 3 * mm),
        Paragraph("<b>Jasa modal anggota (JMA)</b> — atas simpanan Anda", _ISI),
        _tabel(
            [
                ["Simpanan Anda (Sa)", rupiah(b.simpanan)],
                ["Total simpanan anggota (TMS)", rupiah(p.tms)],
                ["Jasa modal anggota dibagikan (JMA)", rupiah(p.jma)],
            ],
            [90 * mm, 50 * mm],
            [],
        ),
        Paragraph(escape(f"Jasa modal = {r.jasa_modal}"), _KECIL),
        Paragraph(escape(f"{dasar['simpanan']}."), _KECIL),
        Spacer(1, 4 * mm),
        _tabel(
            [
                ["Jasa usaha", rupiah(b.jasa_usaha)],
                ["Jasa modal", rupiah(b.jasa_modal)],
                ["SHU yang Anda terima", rupiah(b.total)],
            ],
            [90 * mm, 50 * mm],
            [2],
        ),
        Paragraph(escape(f"Terbilang: {terbilang(b.total)}."), _KECIL),
        Paragraph(escape(f"Pembayaran: {status_teks(b)}."), _ISI),
        Spacer(1, 4 * mm),
        Paragraph(escape(f"Pembagian SHU menurut AD/ART: {dasar['alokasi']}. {dasar['pembulatan']}."), _KECIL),
        Paragraph(
            escape(
                "SHU = (Va ÷ VUK) × JUA + (Sa ÷ TMS) × JMA (UU 25/1992 Pasal 45). SHU yang diterima anggota "
                "bukan objek pajak penghasilan (UU PPh Pasal 4 ayat 3 huruf i sejak UU 11/2020)."
            ),
            _KECIL,
        ),
    ]
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=TEPI,
        rightMargin=TEPI,
        topMargin=TEPI + 20 * mm,
        bottomMargin=18 * mm,
        title=f"Slip SHU {p.tahun} {a.nama}",
        author=p.koperasi.nama,
        creator="Gotong",
        pageCompression=1 if kompres else 0,
        invariant=0 if kompres else 1,
    )
    kop = _kop(p)
    doc.build(story, onFirstPage=kop, onLaterPages=kop, canvasmaker=_Nomor)
    return buf.getvalue()
