"""RAT compliance for one book year: who held its RAT on time, who late, who has not reported,
and who has not reported two years running (their NIK certificate, valid 2 years, lapses —
DOMAIN.md "RAT and government reporting").

A cooperative *reported* a book year when its yearly report (``LaporanTahunan``) for that year
is diajukan or diverifikasi: drafts and returned reports are not with the Dinas yet. On time
means a RAT no later than 30 June of the next year (UU 25/1992 Pasal 26 ayat 2).

Who is asked: every cooperative of the region that is not dissolved and had its legal entity
by the end of the book year (a cooperative founded in 2025 owes nothing for 2024). The class is
a SQL ``CASE`` over two correlated subqueries, so a page, its counts and the registry filter are
one query each, whatever the number of cooperatives.
"""

import datetime as dt
from io import BytesIO
from typing import Any

from django.db.models import Case, CharField, Count, F, FilteredRelation, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from gotong.core import regions
from gotong.members.export import safe_cell
from gotong.province.models import StatusLaporan
from gotong.province.ods import batas_rat
from gotong.tenancy.models import JenisKoperasi, Koperasi, KoperasiQuerySet, StatusKoperasi

DILAPORKAN = [StatusLaporan.DIAJUKAN, StatusLaporan.DIVERIFIKASI]

TEPAT = "tepat"
TERLAMBAT = "terlambat"
BELUM = "belum"
DUA_TAHUN = "dua_tahun"
KELAS = {
    TEPAT: _("RAT tepat waktu"),
    TERLAMBAT: _("RAT terlambat"),
    BELUM: _("Belum melapor"),
    DUA_TAHUN: _("Belum melapor 2 tahun berturut-turut"),
}
KELAS_URUT = [TEPAT, TERLAMBAT, BELUM, DUA_TAHUN]


def tahun_default(hari_ini: dt.date) -> int:
    """The latest book year whose RAT deadline has passed."""
    return hari_ini.year - 1 if hari_ini > batas_rat(hari_ini.year - 1) else hari_ini.year - 2


def wajib_lapor(qs: KoperasiQuerySet, tahun: int) -> KoperasiQuerySet:
    return qs.exclude(status=StatusKoperasi.DIBUBARKAN).exclude(tanggal_badan_hukum__gt=dt.date(tahun, 12, 31))


def dengan_kelas(qs: KoperasiQuerySet, tahun: int) -> KoperasiQuerySet:
    """Annotate ``rat_status``, ``rat_tanggal`` (the year's report, if any) and ``rat_kelas``.

    Two LEFT JOINs on the (koperasi, tahun) unique index — this year's report and last year's —
    rather than correlated subqueries, which Django would repeat inside every CASE branch."""
    ini = FilteredRelation("laporan_tahunan", condition=Q(laporan_tahunan__tahun=tahun))
    lalu = FilteredRelation("laporan_tahunan", condition=Q(laporan_tahunan__tahun=tahun - 1))
    dilaporkan = Q(rat_ini__status__in=DILAPORKAN)
    return (
        wajib_lapor(qs, tahun)
        .annotate(rat_ini=ini, rat_lalu=lalu)
        .annotate(
            rat_status=F("rat_ini__status"),
            rat_tanggal=F("rat_ini__tanggal_rat"),
            rat_kelas=Case(
                When(dilaporkan & Q(rat_ini__tanggal_rat__lte=batas_rat(tahun)), then=Value(TEPAT)),
                When(dilaporkan, then=Value(TERLAMBAT)),
                When(Q(rat_lalu__status__in=DILAPORKAN), then=Value(BELUM)),
                # founded during last year: it owed no report for it
                When(Q(tanggal_badan_hukum__gt=dt.date(tahun - 1, 12, 31)), then=Value(BELUM)),
                default=Value(DUA_TAHUN),
                output_field=CharField(),
            ),
        )
    )


def kepatuhan(*, wilayah: str, tahun: int, kelas: str = "", kabupaten: str = "") -> KoperasiQuerySet:
    qs = dengan_kelas(Koperasi.objects.in_region(wilayah), tahun)
    if kabupaten:
        qs = qs.filter(kabupaten_kode=kabupaten)
    if kelas in KELAS:
        qs = qs.filter(Q(rat_kelas=kelas))
    return qs.order_by("kabupaten_kode", "nama")


def ringkasan(*, wilayah: str, tahun: int, kabupaten: str = "") -> list[dict[str, Any]]:
    """Count per class (one query), in display order, with the share of those asked."""
    qs = dengan_kelas(Koperasi.objects.in_region(wilayah), tahun)
    if kabupaten:
        qs = qs.filter(kabupaten_kode=kabupaten)
    grouped = qs.order_by().values_list("rat_kelas").annotate(n=Count("pk"))  # type: ignore[misc]
    counts: dict[str, int] = dict(grouped.values_list("rat_kelas", "n"))
    total = sum(counts.values())
    return [
        {
            "kelas": k,
            "label": KELAS[k],
            "jumlah": counts.get(k, 0),
            "persen": round(100 * counts.get(k, 0) / total) if total else 0,
        }
        for k in KELAS_URUT
    ]


def per_kabupaten(*, wilayah: str, tahun: int) -> list[dict[str, Any]]:
    """Counts per kab/kota and class (one query), for the dashboard."""
    qs = dengan_kelas(Koperasi.objects.in_region(wilayah), tahun)
    rows = qs.order_by().values("kabupaten_kode", "rat_kelas").annotate(n=Count("pk"))  # type: ignore[misc]
    hasil: dict[str, dict[str, Any]] = {}
    for r in rows:
        row = hasil.setdefault(
            r["kabupaten_kode"], {"kabupaten_kode": r["kabupaten_kode"], **dict.fromkeys(KELAS_URUT, 0)}
        )
        row[r["rat_kelas"]] = r["n"]
    return [
        {**row, "nama": regions.nama(kode), "total": sum(row[k] for k in KELAS_URUT)}
        for kode, row in sorted(hasil.items())
    ]


HEADERS = ["Nama", "Kabupaten/kota", "NIK koperasi", "Jenis", "Status koperasi", "Kelas", "Tanggal RAT", "Laporan"]


def _sel(ws: Any, value: object, *, font: Font | None = None) -> WriteOnlyCell:
    """A cell of the streamed sheet: text kept as text (after ``safe_cell``), dates as dd-mm-yyyy."""
    cell = WriteOnlyCell(ws, value=safe_cell(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, dt.date):
        cell.number_format = "DD-MM-YYYY"
    if font is not None:
        cell.font = font
    return cell


def ekspor_xlsx(rows: QuerySet[Koperasi], *, judul: str) -> bytes:
    """The list as a streamed (write-only) workbook: thousands of rows without a cell grid in memory."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Kepatuhan RAT")
    ws.freeze_panes = "A3"
    ws.append([_sel(ws, judul, font=Font(bold=True, size=13))])
    ws.append([_sel(ws, h, font=Font(bold=True)) for h in HEADERS])
    # labels translated once, not per row (a lazy label is re-translated on every use)
    jenis, status_kop = dict(JenisKoperasi.choices), dict(StatusKoperasi.choices)
    label = {k: str(v) for k, v in {**jenis, **status_kop, **KELAS, **dict(StatusLaporan.choices)}.items()}
    kab: dict[str, str] = {}
    for k in rows.iterator(chunk_size=2000):
        if k.kabupaten_kode not in kab:
            kab[k.kabupaten_kode] = regions.nama(k.kabupaten_kode)
        values: list[object] = [
            k.nama,
            kab[k.kabupaten_kode],
            k.nik_koperasi,
            label.get(k.jenis, k.jenis),
            label.get(k.status, k.status),
            label[k.rat_kelas],  # type: ignore[attr-defined]
            k.rat_tanggal,  # type: ignore[attr-defined]
            label[k.rat_status] if k.rat_status else "—",  # type: ignore[attr-defined]
        ]
        # plain values stream fastest; safe_cell keeps any text from reading as a formula
        ws.append([safe_cell(v) if isinstance(v, str) else _sel(ws, v) if v is not None else None for v in values])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
