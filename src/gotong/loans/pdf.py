"""The loan's documents as A4 PDFs (ReportLab, like the savings statement): the loan
agreement (surat perjanjian pinjaman) and the installment schedule (jadwal angsuran)
with its running balance. Both carry the koperasi's header and "Halaman X dari Y".

``kompres=False`` leaves the text readable in the file (tests read it)."""

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gotong.core import regions
from gotong.core.formatting import rupiah, tanggal
from gotong.core.money import ZERO
from gotong.core.pdf import kop_surat
from gotong.loans import schedule
from gotong.loans.models import Angsuran, BungaPelunasan, Frekuensi, Pinjaman, SatuanBunga
from gotong.loans.selectors import jadwal_aktif
from gotong.savings.receipt import terbilang
from gotong.savings.statement import _Nomor
from gotong.tenancy.models import NamaPeran, Peran

TEPI = 18 * mm
_ISI = ParagraphStyle("isi", fontName="Helvetica", fontSize=9.5, leading=13, spaceAfter=3)
_KECIL = ParagraphStyle("kecil", fontName="Helvetica", fontSize=8.5, leading=10.5)
_JUDUL = ParagraphStyle("judul", fontName="Helvetica-Bold", fontSize=13, leading=16, alignment=1, spaceAfter=2)
_SUBJUDUL = ParagraphStyle("sub", fontName="Helvetica", fontSize=9.5, leading=12, alignment=1, spaceAfter=8)
_PASAL = ParagraphStyle(
    "pasal", fontName="Helvetica-Bold", fontSize=10, leading=13, spaceBefore=7, spaceAfter=3, keepWithNext=1
)
_ABU = colors.HexColor("#5c636a")


def _persen(x: Decimal) -> str:
    return f"{x.normalize():f}".replace(".", ",") + "%"


def _alamat_koperasi(p: Pinjaman) -> str:
    k = p.koperasi
    parts = [k.alamat, regions.nama(k.desa_kode), regions.nama(k.kecamatan_kode), regions.nama(k.kabupaten_kode)]
    return ", ".join(x for x in parts if x)


def _alamat_anggota(p: Pinjaman) -> str:
    a = p.anggota
    parts = [a.alamat, regions.nama(a.desa_kode), regions.nama(a.kecamatan_kode), regions.nama(a.kabupaten_kode)]
    return ", ".join(x for x in parts if x)


def _kop(p: Pinjaman, dokumen: str) -> Any:
    return kop_surat(p.koperasi, f"{dokumen} {p.nomor}", tepi=TEPI)


def _doc(buf: BytesIO, p: Pinjaman, judul: str, kompres: bool) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=TEPI,
        rightMargin=TEPI,
        topMargin=TEPI + 20 * mm,
        bottomMargin=18 * mm,
        title=f"{judul} {p.nomor}",
        author=p.koperasi.nama,
        creator="Gotong",
        pageCompression=1 if kompres else 0,
        invariant=0 if kompres else 1,
    )


class _Baris:
    """One schedule row for the PDFs: from the written schedule or from the terms."""

    def __init__(self, ke: int, jatuh_tempo: dt.date | None, pokok: Decimal, bunga: Decimal, sisa: Decimal) -> None:
        self.ke, self.jatuh_tempo, self.pokok, self.bunga, self.sisa = ke, jatuh_tempo, pokok, bunga, sisa

    @property
    def angsuran(self) -> Decimal:
        return self.pokok + self.bunga


def baris_jadwal(p: Pinjaman) -> list[_Baris]:
    """The loan's current schedule with the running balance; before disbursement the
    schedule its terms give (due dates follow the disbursement)."""
    rows: list[Angsuran] = jadwal_aktif(p)
    if rows:
        sisa = sum((a.pokok for a in rows), ZERO)
        out = []
        for a in rows:
            sisa -= a.pokok
            out.append(_Baris(a.ke, a.jatuh_tempo, a.pokok, a.bunga, sisa))
        return out
    jadwal = schedule.buat_jadwal(p.syarat(p.tanggal_cair))
    return [_Baris(b.ke, b.jatuh_tempo, b.pokok, b.bunga, b.sisa_pokok) for b in jadwal.baris]


def _metode_teks(p: Pinjaman) -> str:
    satuan = "per bulan" if p.satuan_bunga == SatuanBunga.PER_BULAN else "per tahun"
    return f"{p.get_metode_display()}, jasa {_persen(p.suku_bunga)} {satuan}"


def _periode(p: Pinjaman) -> str:
    return "minggu" if p.frekuensi == Frekuensi.MINGGUAN else "bulan"


def _pihak(label: str, rows: list[tuple[str, str]]) -> list[Any]:
    table = Table(
        [[Paragraph(escape(k), _KECIL), Paragraph(escape(v), _KECIL)] for k, v in rows],
        colWidths=[38 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("TEXTCOLOR", (0, 0), (0, -1), _ABU),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return [Paragraph(f"<b>{escape(label)}</b>", _ISI), table, Spacer(1, 2 * mm)]


def _ketua(p: Pinjaman) -> str:
    peran = Peran.objects.filter(koperasi=p.koperasi, peran=NamaPeran.KETUA, aktif=True).select_related("user").first()
    return str(peran.user) if peran else "........................"


def _tabel_sederhana(rows: list[list[Any]], widths: list[Any], kanan_dari: int) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f3f1")),
                ("ALIGN", (kanan_dari, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8cdd0")),
            ]
        )
    )
    return table


def _pelunasan_teks(p: Pinjaman) -> str:
    if p.bunga_pelunasan == BungaPelunasan.TANPA:
        return "sisa pokok pinjaman tanpa tambahan jasa"
    if p.bunga_pelunasan == BungaPelunasan.SELURUH:
        return "sisa pokok pinjaman ditambah seluruh sisa jasa yang terjadwal"
    return "sisa pokok pinjaman ditambah jasa periode berjalan saja (jasa periode berikutnya tidak ditagih)"


def perjanjian_pdf(p: Pinjaman, *, kompres: bool = True) -> bytes:
    """The loan agreement between the koperasi and the member (Indonesian, A4)."""
    anggota = p.anggota
    rows = baris_jadwal(p)
    total_bunga = sum((r.bunga for r in rows), ZERO)
    angsuran_tetap = next((r.angsuran for r in rows if r.pokok > 0), rows[0].angsuran if rows else ZERO)
    diterima = p.pokok - p.total_biaya if p.biaya_dipotong else p.pokok
    tgl = p.tanggal_cair or (timezone.localtime(p.diputus_pada).date() if p.diputus_pada else timezone.localdate())
    periode = _periode(p)
    ketua = _ketua(p)

    story: list[Any] = [
        Paragraph("SURAT PERJANJIAN PINJAMAN", _JUDUL),
        Paragraph(escape(f"Nomor: {p.nomor}"), _SUBJUDUL),
        Paragraph(escape(f"Pada tanggal {tanggal(tgl)}, yang bertanda tangan di bawah ini:"), _ISI),
    ]
    story += _pihak(
        "Pihak Pertama (koperasi)",
        [
            ("Nama koperasi", p.koperasi.nama),
            ("Badan hukum", p.koperasi.nomor_badan_hukum or "-"),
            ("Alamat", _alamat_koperasi(p) or "-"),
            ("Diwakili oleh", f"{ketua}, Ketua"),
        ],
    )
    story += _pihak(
        "Pihak Kedua (anggota peminjam)",
        [
            ("Nama", anggota.nama),
            ("Nomor anggota", anggota.nomor_anggota or "-"),
            ("NIK", anggota.nik),
            ("Alamat", _alamat_anggota(p) or "-"),
            ("Telepon", anggota.telepon or "-"),
        ],
    )
    story.append(
        Paragraph("Kedua belah pihak sepakat mengadakan perjanjian pinjaman dengan ketentuan sebagai berikut.", _ISI)
    )

    def pasal(nomor: int, judul: str, *isi: str) -> None:
        story.append(Paragraph(escape(f"Pasal {nomor} — {judul}"), _PASAL))
        story.extend(Paragraph(escape(x), _ISI) for x in isi)

    pasal(
        1,
        "Jumlah dan tujuan pinjaman",
        f"Pihak Pertama memberikan pinjaman kepada Pihak Kedua sebesar {rupiah(p.pokok)} "
        f"({terbilang(p.pokok)}) dengan produk {p.produk.nama}, untuk tujuan: {p.tujuan}.",
    )
    jatuh = [r.jatuh_tempo for r in rows if r.jatuh_tempo]
    jangka = f"Jangka waktu pinjaman {p.tenor} angsuran {'mingguan' if periode == 'minggu' else 'bulanan'}"
    if jatuh:
        jangka += f", angsuran pertama jatuh tempo {tanggal(jatuh[0])} dan terakhir {tanggal(jatuh[-1])}"
    else:
        jangka += ", angsuran pertama jatuh tempo satu " + periode + " setelah pencairan"
    pasal(
        2,
        "Jangka waktu, jasa dan angsuran",
        jangka + ".",
        f"Metode perhitungan: {_metode_teks(p)}. Angsuran per {periode} sebesar {rupiah(angsuran_tetap)}; "
        f"jumlah jasa seluruhnya {rupiah(total_bunga)} dan jumlah yang dibayar kembali "
        f"{rupiah(p.pokok + total_bunga)}.",
        *([f"Masa tenggang {p.masa_tenggang} angsuran pertama: hanya jasa, tanpa pokok."] if p.masa_tenggang else []),
        "Rincian setiap angsuran ada pada jadwal angsuran yang menjadi bagian tidak terpisahkan dari perjanjian ini.",
    )
    biaya = (
        f"Provisi {rupiah(p.provisi)}, biaya administrasi {rupiah(p.administrasi)} dan premi asuransi "
        f"{rupiah(p.asuransi)}, seluruhnya {rupiah(p.total_biaya)}, "
    )
    biaya += (
        f"dipotong dari pencairan sehingga Pihak Kedua menerima {rupiah(diterima)}."
        if p.biaya_dipotong
        else f"dibayar terpisah oleh Pihak Kedua; Pihak Kedua menerima {rupiah(diterima)}."
    )
    pasal(3, "Biaya", biaya)

    jaminan = list(p.jaminan.all())
    story.append(Paragraph("Pasal 4 — Jaminan", _PASAL))
    if jaminan:
        story.append(
            Paragraph("Pihak Kedua menyerahkan jaminan berikut selama pinjaman belum lunas:", _ISI),
        )
        tabel = [["Jenis", "Uraian", "Nilai taksiran"]] + [
            [j.get_jenis_display(), Paragraph(escape(j.uraian), _KECIL), rupiah(j.nilai_taksiran)] for j in jaminan
        ]
        story.append(_tabel_sederhana(tabel, [40 * mm, None, 34 * mm], 2))
    else:
        story.append(Paragraph("Pinjaman ini tanpa jaminan kebendaan.", _ISI))

    if p.penjamin_nama:
        penjamin = (
            f"{p.penjamin_nama}"
            + (f" ({p.penjamin_hubungan})" if p.penjamin_hubungan else "")
            + (f", telepon {p.penjamin_telepon}" if p.penjamin_telepon else "")
            + " menjamin pembayaran kembali pinjaman ini apabila Pihak Kedua lalai."
        )
    else:
        penjamin = "Pinjaman ini tanpa penjamin."
    pasal(5, "Penjamin", penjamin)
    pasal(
        6,
        "Denda keterlambatan",
        f"Angsuran yang terlambat dikenakan denda {_persen(p.denda_persen_harian)} per hari dari jumlah angsuran "
        f"yang terlambat, paling banyak {_persen(p.denda_maks_persen)} dari angsuran tersebut.",
        "Setiap pembayaran dipakai berurutan untuk denda, lalu jasa, lalu pokok, mulai dari angsuran yang "
        "paling lama; kelebihan pembayaran disimpan sebagai titipan angsuran.",
    )
    pasal(
        7,
        "Pelunasan dipercepat",
        f"Pihak Kedua boleh melunasi sebelum jatuh tempo dengan membayar {_pelunasan_teks(p)}, ditambah denda "
        "yang belum dibayar dan dikurangi titipan.",
    )
    pasal(
        8,
        "Lain-lain",
        "Pihak Kedua tetap tunduk pada Anggaran Dasar, Anggaran Rumah Tangga dan peraturan khusus koperasi. "
        "Perselisihan diselesaikan secara musyawarah untuk mufakat.",
        "Perjanjian ini dibuat rangkap dua bermeterai cukup, masing-masing mempunyai kekuatan hukum yang sama.",
    )

    story.append(Spacer(1, 6 * mm))
    tanda = [
        ["Pihak Pertama", "Pihak Kedua", "Penjamin"],
        [p.koperasi.nama, "Anggota peminjam", p.penjamin_hubungan or ""],
        ["", "", ""],
        [ketua, anggota.nama, p.penjamin_nama or "........................"],
    ]
    ttd = Table(tanda, colWidths=[None, None, None], rowHeights=[None, None, 20 * mm, None])
    ttd.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LINEABOVE", (0, 3), (-1, 3), 0.5, colors.black),
            ]
        )
    )
    story.append(KeepTogether([ttd]))

    buf = BytesIO()
    doc = _doc(buf, p, "Surat perjanjian pinjaman", kompres)
    kop = _kop(p, "Surat perjanjian pinjaman")
    doc.build(story, onFirstPage=kop, onLaterPages=kop, canvasmaker=_Nomor)
    return buf.getvalue()


def jadwal_pdf(p: Pinjaman, *, kompres: bool = True) -> bytes:
    """The installment schedule with the running principal balance and totals."""
    rows = baris_jadwal(p)
    identitas = [
        ["Nama anggota", p.anggota.nama, "Nomor pinjaman", p.nomor],
        ["Nomor anggota", p.anggota.nomor_anggota or "-", "Produk", p.produk.nama],
        ["Jumlah pinjaman", rupiah(p.pokok), "Jangka waktu", f"{p.tenor} angsuran ({_periode(p)}an)"],
        ["Metode", _metode_teks(p), "Tanggal cair", tanggal(p.tanggal_cair) if p.tanggal_cair else "belum dicairkan"],
    ]
    info = Table(identitas, colWidths=[28 * mm, 60 * mm, 28 * mm, None], hAlign="LEFT")
    info.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
                ("FONT", (1, 0), (1, -1), "Helvetica-Bold", 8.5),
                ("FONT", (3, 0), (3, -1), "Helvetica-Bold", 8.5),
                ("TEXTCOLOR", (0, 0), (0, -1), _ABU),
                ("TEXTCOLOR", (2, 0), (2, -1), _ABU),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    tabel: list[list[Any]] = [["Ke", "Jatuh tempo", "Pokok", "Jasa", "Angsuran", "Sisa pokok"]]
    tabel.append(["", "Pencairan", "", "", "", rupiah(p.pokok)])
    for r in rows:
        tabel.append(
            [
                str(r.ke),
                r.jatuh_tempo.strftime("%d-%m-%Y") if r.jatuh_tempo else "-",
                rupiah(r.pokok),
                rupiah(r.bunga),
                rupiah(r.angsuran),
                rupiah(r.sisa),
            ]
        )
    total_pokok = sum((r.pokok for r in rows), ZERO)
    total_bunga = sum((r.bunga for r in rows), ZERO)
    tabel.append(["", "Jumlah", rupiah(total_pokok), rupiah(total_bunga), rupiah(total_pokok + total_bunga), ""])
    t = Table(tabel, colWidths=[12 * mm, 28 * mm, None, None, None, None], repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
                ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f3f1")),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
                ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f8faf9")]),
            ]
        )
    )
    catatan = (
        f"Denda keterlambatan {_persen(p.denda_persen_harian)} per hari dari angsuran yang terlambat "
        f"(paling banyak {_persen(p.denda_maks_persen)}). Pembayaran dipakai untuk denda, jasa, lalu pokok."
    )
    story = [
        Paragraph("JADWAL ANGSURAN", _JUDUL),
        Spacer(1, 2 * mm),
        info,
        Spacer(1, 5 * mm),
        t,
        Spacer(1, 3 * mm),
        Paragraph(escape(catatan), _KECIL),
    ]
    buf = BytesIO()
    doc = _doc(buf, p, "Jadwal angsuran", kompres)
    kop = _kop(p, "Jadwal angsuran")
    doc.build(story, onFirstPage=kop, onLaterPages=kop, canvasmaker=_Nomor)
    return buf.getvalue()
