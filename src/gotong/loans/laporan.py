"""Reads for the loan lists: what falls due today and this week (per field collector and
desa), arrears by collectibility, portfolio at risk (PAR 30/60/90), loans by product, what a
single loan owes today — and their Excel exports.

Every list is aggregated in the database (one query per list, grouped with ``values`` and
``annotate``), never a query per loan. Only installments of the current schedule of running
loans count (``aktif`` rows of ``versi_jadwal``).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from gotong.core import regions
from gotong.core.money import ZERO
from gotong.loans.models import (
    Angsuran,
    Kolektibilitas,
    PembayaranPinjaman,
    PengaturanPinjaman,
    Pinjaman,
    StatusPinjaman,
)
from gotong.loans.pembayaran import Alokasi, alokasikan, denda_hitung, pelunasan_dari_baris
from gotong.members.export import safe_cell
from gotong.tenancy.models import Koperasi

_UANG = DecimalField(max_digits=18, decimal_places=2)
SISA_ANGSURAN = ExpressionWrapper(
    F("pokok") - F("pokok_dibayar") + F("bunga") - F("bunga_dibebaskan") - F("bunga_dibayar"), output_field=_UANG
)
SISA_DENDA = ExpressionWrapper(F("denda") - F("denda_dibayar"), output_field=_UANG)
PAR_HARI = (30, 60, 90)
DICAIRKAN = (StatusPinjaman.AKTIF, StatusPinjaman.LUNAS, StatusPinjaman.HAPUS_BUKU)


def _belum_lunas(koperasi: Koperasi) -> QuerySet[Angsuran]:
    """Unpaid installments of the current schedule of the koperasi's running loans."""
    return Angsuran.objects.filter(
        koperasi=koperasi,
        aktif=True,
        lunas_pada__isnull=True,
        versi=F("pinjaman__versi_jadwal"),
        pinjaman__status=StatusPinjaman.AKTIF,
    )


# --- One loan today ----------------------------------------------------------------------------


@dataclass
class TagihanPinjaman:
    """What one loan owes on ``tanggal``: penalties computed up to that day in memory only."""

    angsuran: list[Angsuran]
    jatuh: list[Angsuran]  # unpaid installments due by ``tanggal`` (oldest first)
    berikut: Angsuran | None  # the next installment not yet due
    titipan: Decimal
    tanggal: dt.date
    pelunasan: Decimal = ZERO  # what settles the loan on ``tanggal`` (after the advance)

    @property
    def pokok_bunga(self) -> Decimal:
        return sum((a.sisa_pokok + a.sisa_bunga for a in self.jatuh), ZERO)

    @property
    def denda(self) -> Decimal:
        return sum((a.sisa_denda for a in self.jatuh), ZERO)

    @property
    def baris_jatuh(self) -> list[tuple[Angsuran, Decimal]]:
        """Each due installment with its unpaid principal and interest."""
        return [(a, a.sisa_pokok + a.sisa_bunga) for a in self.jatuh]

    @property
    def jumlah_jatuh(self) -> Decimal:
        """Due now, after the advance the loan already holds."""
        return max(self.pokok_bunga + self.denda - self.titipan, ZERO)

    @property
    def sisa_kewajiban(self) -> Decimal:
        """The most a payment may be: the payoff amount of the day (pembayaran.MELEBIHI_KEWAJIBAN)."""
        return max(self.pelunasan, ZERO)

    @property
    def disarankan(self) -> Decimal:
        """The amount the form suggests: what is due, or else the next installment."""
        if self.jumlah_jatuh > ZERO:
            return self.jumlah_jatuh
        if self.berikut is not None:
            return max(self.berikut.sisa - self.titipan, ZERO)
        return ZERO

    @property
    def tertua(self) -> Angsuran | None:
        """The oldest unpaid installment: the one the form says it pays first."""
        return next((a for a in self.angsuran if a.lunas_pada is None), None)


def angsuran_berjalan(p: Pinjaman) -> list[Angsuran]:
    return list(Angsuran.objects.filter(pinjaman=p, aktif=True, versi=p.versi_jadwal).order_by("ke"))


def tagihan_pinjaman(p: Pinjaman, tanggal: dt.date) -> TagihanPinjaman:
    rows = angsuran_berjalan(p)
    if p.status == StatusPinjaman.AKTIF:
        denda_hitung(rows, p, tanggal)  # in memory: the page never saves
    terbuka = [a for a in rows if a.lunas_pada is None]
    return TagihanPinjaman(
        angsuran=rows,
        jatuh=[a for a in terbuka if a.jatuh_tempo <= tanggal],
        berikut=next((a for a in terbuka if a.jatuh_tempo > tanggal), None),
        titipan=p.titipan,
        tanggal=tanggal,
        pelunasan=pelunasan_dari_baris(p, rows, tanggal).total if p.status == StatusPinjaman.AKTIF else ZERO,
    )


def alokasi_pratinjau(p: Pinjaman, jumlah: Decimal, tanggal: dt.date) -> Alokasi:
    """How a payment would be spread (denda → bunga → pokok, oldest first), without saving."""
    t = tagihan_pinjaman(p, tanggal)
    return alokasikan(t.angsuran, jumlah + p.titipan, tanggal)


# --- Due today / this week ---------------------------------------------------------------------


def tagihan_rentang(
    *, koperasi: Koperasi, dari: dt.date, sampai: dt.date, petugas: int | None = None, desa: str = ""
) -> QuerySet[Angsuran]:
    """Installments falling due between ``dari`` and ``sampai`` (inclusive) and not yet paid."""
    rows = _belum_lunas(koperasi).filter(jatuh_tempo__gte=dari, jatuh_tempo__lte=sampai)
    if petugas is not None:
        rows = rows.filter(pinjaman__petugas_id=petugas)
    if desa:
        rows = rows.filter(pinjaman__anggota__desa_kode=desa)
    return rows


def tagihan_daftar(rows: QuerySet[Angsuran]) -> QuerySet[Any]:
    """One row per installment, ordered per collector, then due date and member."""
    return (
        rows.values(
            "id",
            "ke",
            "jatuh_tempo",
            "pinjaman_id",
            "pinjaman__nomor",
            "pinjaman__petugas_id",
            "pinjaman__petugas__nama_lengkap",
            "pinjaman__anggota__nama",
            "pinjaman__anggota__nomor_anggota",
            "pinjaman__anggota__alamat",
            "pinjaman__anggota__telepon",
            "pinjaman__anggota__desa_kode",
        )
        .annotate(jumlah=SISA_ANGSURAN, denda_tercatat=SISA_DENDA)
        .order_by(
            F("pinjaman__petugas__nama_lengkap").asc(nulls_last=True),
            "jatuh_tempo",
            "pinjaman__anggota__nama",
            "id",
        )
    )


def tagihan_per_petugas(rows: QuerySet[Angsuran]) -> QuerySet[Any]:
    return (
        rows.values("pinjaman__petugas_id", "pinjaman__petugas__nama_lengkap")
        .annotate(angsuran=Count("id"), pinjaman=Count("pinjaman_id", distinct=True), jumlah=Sum(SISA_ANGSURAN))
        .order_by(F("pinjaman__petugas__nama_lengkap").asc(nulls_last=True))
    )


def tagihan_per_desa(rows: QuerySet[Angsuran]) -> QuerySet[Any]:
    return (
        rows.values("pinjaman__anggota__desa_kode")
        .annotate(angsuran=Count("id"), pinjaman=Count("pinjaman_id", distinct=True), jumlah=Sum(SISA_ANGSURAN))
        .order_by("-jumlah", "pinjaman__anggota__desa_kode")
    )


# --- Arrears by collectibility -----------------------------------------------------------------


def kolektibilitas_hari(hari: int, pengaturan: PengaturanPinjaman) -> int:
    """Collectibility by days past due and the koperasi's bands (DOMAIN.md)."""
    if hari > pengaturan.hari_macet:
        return Kolektibilitas.MACET
    if hari > pengaturan.hari_diragukan:
        return Kolektibilitas.DIRAGUKAN
    if hari > pengaturan.hari_kurang_lancar:
        return Kolektibilitas.KURANG_LANCAR
    return Kolektibilitas.LANCAR


def _pita(kol: int, pengaturan: PengaturanPinjaman) -> tuple[int, int | None]:
    """Days past due (exclusive lower, inclusive upper) of a collectibility band."""
    batas = [0, pengaturan.hari_kurang_lancar, pengaturan.hari_diragukan, pengaturan.hari_macet, None]
    return batas[kol - 1] or 0, batas[kol]


def tunggakan_daftar(
    *, koperasi: Koperasi, per: dt.date, pengaturan: PengaturanPinjaman, kolektibilitas: int | None = None
) -> QuerySet[Any]:
    """Loans with an installment past due on ``per``, oldest arrears first: installments and
    amount overdue, recorded denda, oldest due date (days past due = ``per`` − that date)."""
    rows = (
        _belum_lunas(koperasi)
        .filter(jatuh_tempo__lt=per)
        .values(
            "pinjaman_id",
            "pinjaman__nomor",
            "pinjaman__sisa_pokok",
            "pinjaman__direstrukturisasi",
            "pinjaman__produk__nama",
            "pinjaman__petugas__nama_lengkap",
            "pinjaman__anggota__nama",
            "pinjaman__anggota__nomor_anggota",
            "pinjaman__anggota__desa_kode",
        )
        .annotate(
            tertua=Min("jatuh_tempo"),
            angsuran_tunggak=Count("id"),
            jumlah_tunggak=Sum(SISA_ANGSURAN),
            denda_tercatat=Sum(SISA_DENDA),
        )
    )
    if kolektibilitas is not None:
        bawah, atas = _pita(kolektibilitas, pengaturan)
        rows = rows.filter(tertua__lt=per - dt.timedelta(days=bawah))
        if atas is not None:
            rows = rows.filter(tertua__gte=per - dt.timedelta(days=atas))
    return rows.order_by("tertua", "pinjaman__anggota__nama", "pinjaman_id")


def tunggakan_lengkapi(rows: Iterable[dict[str, Any]], *, per: dt.date, pengaturan: PengaturanPinjaman) -> list[Any]:
    """Days past due and collectibility added to each arrears row (pure, no queries)."""
    hasil = []
    for row in rows:
        hari = (per - row["tertua"]).days
        hasil.append({**row, "hari": hari, "kolektibilitas": kolektibilitas_hari(hari, pengaturan)})
    return hasil


@dataclass
class BarisKolektibilitas:
    kolektibilitas: int
    pinjaman: int = 0
    sisa_pokok: Decimal = ZERO
    tunggakan: Decimal = ZERO

    @property
    def label(self) -> str:
        return str(Kolektibilitas(self.kolektibilitas).label)


def ringkasan_kolektibilitas(
    *, koperasi: Koperasi, per: dt.date, pengaturan: PengaturanPinjaman
) -> list[BarisKolektibilitas]:
    """Running loans per collectibility today: count, outstanding principal, amount overdue.
    Loans with nothing overdue are Lancar."""
    hasil = {k: BarisKolektibilitas(k) for k in Kolektibilitas.values}
    for row in tunggakan_lengkapi(
        tunggakan_daftar(koperasi=koperasi, per=per, pengaturan=pengaturan), per=per, pengaturan=pengaturan
    ):
        b = hasil[row["kolektibilitas"]]
        b.pinjaman += 1
        b.sisa_pokok += row["pinjaman__sisa_pokok"]
        b.tunggakan += row["jumlah_tunggak"]
    semua = Pinjaman.objects.filter(koperasi=koperasi, status=StatusPinjaman.AKTIF).aggregate(
        n=Count("id"), sisa=Coalesce(Sum("sisa_pokok"), ZERO, output_field=_UANG)
    )
    lancar = hasil[Kolektibilitas.LANCAR]
    lain = [b for k, b in hasil.items() if k != Kolektibilitas.LANCAR]
    lancar.pinjaman = semua["n"] - sum(b.pinjaman for b in lain)
    lancar.sisa_pokok = semua["sisa"] - sum((b.sisa_pokok for b in lain), ZERO)
    return list(hasil.values())


# --- Portfolio at risk -------------------------------------------------------------------------


def persen(bagian: Decimal, total: Decimal) -> Decimal:
    """``bagian`` as a percentage of ``total``, two decimals; 0 when there is nothing."""
    if total <= ZERO:
        return Decimal("0.00")
    return (bagian * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Par:
    """Portfolio at risk: outstanding principal of loans more than N days past due."""

    total: Decimal
    berisiko: dict[int, Decimal] = field(default_factory=dict)

    @property
    def persen(self) -> dict[int, Decimal]:
        return {n: persen(v, self.total) for n, v in self.berisiko.items()}

    @property
    def baris(self) -> list[tuple[int, Decimal, Decimal]]:
        return [(n, self.berisiko[n], persen(self.berisiko[n], self.total)) for n in sorted(self.berisiko)]


def par_hitung(pinjaman: Iterable[tuple[int, Decimal]], batas: Sequence[int] = PAR_HARI) -> Par:
    """PAR from (days past due, outstanding principal) of every running loan (pure)."""
    total = ZERO
    berisiko = dict.fromkeys(batas, ZERO)
    for hari, sisa in pinjaman:
        total += sisa
        for n in batas:
            if hari > n:
                berisiko[n] += sisa
    return Par(total, berisiko)


def _lewat(per: dt.date, hari: int) -> Exists:
    """The loan has an unpaid installment more than ``hari`` days past due on ``per``."""
    return Exists(
        Angsuran.objects.filter(
            pinjaman=OuterRef("pk"),
            aktif=True,
            lunas_pada__isnull=True,
            versi=OuterRef("versi_jadwal"),
            jatuh_tempo__lt=per - dt.timedelta(days=hari),
        )
    )


def par_koperasi(*, koperasi: Koperasi, per: dt.date, batas: Sequence[int] = PAR_HARI) -> Par:
    """PAR of the koperasi's running loans on ``per``, summed in one query."""
    aggs: dict[str, Any] = {"total": Coalesce(Sum("sisa_pokok"), ZERO, output_field=_UANG)}
    for n in batas:
        aggs[f"par{n}"] = Coalesce(Sum("sisa_pokok", filter=Q(_lewat(per, n))), ZERO, output_field=_UANG)
    hasil = Pinjaman.objects.filter(koperasi=koperasi, status=StatusPinjaman.AKTIF).aggregate(**aggs)
    return Par(hasil["total"], {n: hasil[f"par{n}"] for n in batas})


def per_produk(*, koperasi: Koperasi, per: dt.date) -> QuerySet[Any]:
    """Loans by product: count, running, disbursed, outstanding and PAR 30 principal."""
    aktif = Q(status=StatusPinjaman.AKTIF)
    return (
        Pinjaman.objects.filter(koperasi=koperasi, status__in=DICAIRKAN)
        .values("produk_id", "produk__nama", "produk__metode")
        .annotate(
            jumlah=Count("id"),
            berjalan=Count("id", filter=aktif),
            dicairkan=Sum("pokok"),
            sisa=Coalesce(Sum("sisa_pokok", filter=aktif), ZERO, output_field=_UANG),
            par30=Coalesce(Sum("sisa_pokok", filter=aktif & Q(_lewat(per, 30))), ZERO, output_field=_UANG),
        )
        .order_by("produk__nama", "produk_id")
    )


# --- A member's own loans ----------------------------------------------------------------------


def pinjaman_anggota(anggota: Any) -> QuerySet[Pinjaman]:
    """The member's loans with the next unpaid installment's date and amount (subqueries)."""
    berikut = Angsuran.objects.filter(
        pinjaman=OuterRef("pk"), aktif=True, lunas_pada__isnull=True, versi=OuterRef("versi_jadwal")
    ).order_by("ke")
    return (
        Pinjaman.objects.filter(anggota=anggota)
        .select_related("produk")
        .annotate(
            berikut_tanggal=Subquery(berikut.values("jatuh_tempo")[:1]),
            berikut_jumlah=Subquery(berikut.annotate(s=SISA_ANGSURAN).values("s")[:1], output_field=_UANG),
        )
        .order_by("-id")
    )


def pembayaran_pinjaman(p: Pinjaman) -> QuerySet[PembayaranPinjaman]:
    return PembayaranPinjaman.objects.filter(pinjaman=p).select_related("kwitansi").order_by("-tanggal", "-id")


# --- Excel -------------------------------------------------------------------------------------

TEKS, UANG, TANGGAL, ANGKA, PERSEN = "teks", "uang", "tanggal", "angka", "persen"
FORMAT = {UANG: '"Rp"#,##0', TANGGAL: "DD-MM-YYYY", ANGKA: "0", PERSEN: '0.00"%"'}


@dataclass
class Lembar:
    """One worksheet: column headers with their kinds, and the rows."""

    nama: str
    kolom: list[tuple[str, str]]
    baris: Iterable[Sequence[object]]


def xlsx(judul: str, lembar: Iterable[Lembar]) -> bytes:
    """Write-only workbook: a title row, bold Indonesian headers, money as numbers with a
    rupiah format, dates as dates; every text is formula-safe."""
    wb = Workbook(write_only=True)
    for sheet in lembar:
        ws = wb.create_sheet(sheet.nama[:31])
        ws.freeze_panes = "A3"
        for i, (_header, jenis) in enumerate(sheet.kolom):
            ws.column_dimensions[chr(ord("A") + i)].width = 14 if jenis != TEKS else 24
        title = WriteOnlyCell(ws, value=safe_cell(judul))
        title.font = Font(bold=True, size=13)
        ws.append([title])
        kepala = []
        for header, _jenis in sheet.kolom:
            c = WriteOnlyCell(ws, value=header)
            c.font = Font(bold=True)
            kepala.append(c)
        ws.append(kepala)
        for row in sheet.baris:
            cells = []
            for value, (_header, jenis) in zip(row, sheet.kolom, strict=True):
                c = WriteOnlyCell(ws, value=safe_cell(value))
                if isinstance(value, str):
                    c.data_type = "s"
                elif jenis in FORMAT and value is not None:
                    c.number_format = FORMAT[jenis]
                cells.append(c)
            ws.append(cells)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _petugas(nama: str | None) -> str:
    return nama or "Tanpa petugas"


def tagihan_lembar(rows: Iterable[dict[str, Any]], per_petugas: Iterable[dict[str, Any]]) -> list[Lembar]:
    daftar = Lembar(
        "Tagihan",
        [
            ("Petugas lapangan", TEKS),
            ("Jatuh tempo", TANGGAL),
            ("Nomor pinjaman", TEKS),
            ("Nomor anggota", TEKS),
            ("Nama anggota", TEKS),
            ("Desa/kelurahan", TEKS),
            ("Alamat", TEKS),
            ("Telepon", TEKS),
            ("Angsuran ke", ANGKA),
            ("Jumlah angsuran", UANG),
            ("Denda tercatat", UANG),
        ],
        (
            [
                _petugas(r["pinjaman__petugas__nama_lengkap"]),
                r["jatuh_tempo"],
                r["pinjaman__nomor"],
                r["pinjaman__anggota__nomor_anggota"],
                r["pinjaman__anggota__nama"],
                regions.nama(r["pinjaman__anggota__desa_kode"]),
                r["pinjaman__anggota__alamat"],
                r["pinjaman__anggota__telepon"],
                r["ke"],
                r["jumlah"],
                r["denda_tercatat"],
            ]
            for r in rows
        ),
    )
    ringkas = Lembar(
        "Per petugas",
        [("Petugas lapangan", TEKS), ("Pinjaman", ANGKA), ("Angsuran", ANGKA), ("Jumlah", UANG)],
        (
            [_petugas(r["pinjaman__petugas__nama_lengkap"]), r["pinjaman"], r["angsuran"], r["jumlah"]]
            for r in per_petugas
        ),
    )
    return [daftar, ringkas]


def tagihan_desa_lembar(per_desa: Iterable[dict[str, Any]]) -> Lembar:
    return Lembar(
        "Per desa",
        [("Desa/kelurahan", TEKS), ("Kode desa", TEKS), ("Pinjaman", ANGKA), ("Angsuran", ANGKA), ("Jumlah", UANG)],
        (
            [
                regions.nama(r["pinjaman__anggota__desa_kode"]),
                r["pinjaman__anggota__desa_kode"],
                r["pinjaman"],
                r["angsuran"],
                r["jumlah"],
            ]
            for r in per_desa
        ),
    )


def tunggakan_lembar(rows: Iterable[dict[str, Any]], ringkasan: Iterable[BarisKolektibilitas]) -> list[Lembar]:
    daftar = Lembar(
        "Tunggakan",
        [
            ("Nomor pinjaman", TEKS),
            ("Nomor anggota", TEKS),
            ("Nama anggota", TEKS),
            ("Desa/kelurahan", TEKS),
            ("Produk", TEKS),
            ("Petugas lapangan", TEKS),
            ("Jatuh tempo tertua", TANGGAL),
            ("Hari tunggakan", ANGKA),
            ("Angsuran menunggak", ANGKA),
            ("Jumlah tunggakan", UANG),
            ("Denda tercatat", UANG),
            ("Sisa pokok", UANG),
            ("Kolektibilitas", TEKS),
        ],
        (
            [
                r["pinjaman__nomor"],
                r["pinjaman__anggota__nomor_anggota"],
                r["pinjaman__anggota__nama"],
                regions.nama(r["pinjaman__anggota__desa_kode"]),
                r["pinjaman__produk__nama"],
                _petugas(r["pinjaman__petugas__nama_lengkap"]),
                r["tertua"],
                r["hari"],
                r["angsuran_tunggak"],
                r["jumlah_tunggak"],
                r["denda_tercatat"],
                r["pinjaman__sisa_pokok"],
                str(Kolektibilitas(r["kolektibilitas"]).label),
            ]
            for r in rows
        ),
    )
    ringkas = Lembar(
        "Per kolektibilitas",
        [("Kolektibilitas", TEKS), ("Pinjaman", ANGKA), ("Sisa pokok", UANG), ("Jumlah tunggakan", UANG)],
        ([b.label, b.pinjaman, b.sisa_pokok, b.tunggakan] for b in ringkasan),
    )
    return [daftar, ringkas]


def portofolio_lembar(par: Par, produk: Iterable[dict[str, Any]]) -> list[Lembar]:
    risiko = Lembar(
        "PAR",
        [("Ukuran", TEKS), ("Sisa pokok berisiko", UANG), ("Persen dari portofolio", PERSEN)],
        [
            ["Total sisa pokok pinjaman berjalan", par.total, Decimal("100.00") if par.total else Decimal("0.00")],
            *([f"PAR {n} (tunggakan lebih dari {n} hari)", v, pct] for n, v, pct in par.baris),
        ],
    )
    per = Lembar(
        "Per produk",
        [
            ("Produk", TEKS),
            ("Jumlah pinjaman", ANGKA),
            ("Berjalan", ANGKA),
            ("Total dicairkan", UANG),
            ("Sisa pokok", UANG),
            ("PAR 30", UANG),
            ("PAR 30 (%)", PERSEN),
        ],
        (
            [
                r["produk__nama"],
                r["jumlah"],
                r["berjalan"],
                r["dicairkan"],
                r["sisa"],
                r["par30"],
                persen(r["par30"], r["sisa"]),
            ]
            for r in produk
        ),
    )
    return [risiko, per]
