"""The books out of Gotong: an hledger journal for auditors and an Excel journal list.

The hledger journal fixes its number format with ``decimal-mark .`` and a ``commodity``
directive (``IDR 1000.00``: no thousands separator, two decimals), so no amount can be
read two ways. Accounts are named ``<tipe>:<kode> <nama>`` (``aset:1.01 Kas``) and
declared with their hledger type, so ``hledger bs`` and ``hledger is`` work too.
"""

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from io import BytesIO
from itertools import groupby
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.styles import Font

from gotong.ledger.models import Akun, BarisJurnal, Sisi, TipeAkun
from gotong.members.export import safe_cell
from gotong.tenancy.models import Koperasi


class Writer(Protocol):
    """A text sink (a file, ``sys.stdout``, a management command's ``self.stdout``)."""

    def write(self, text: str, /) -> object: ...


HLEDGER_TYPE = {
    TipeAkun.ASET: "A",
    TipeAkun.KEWAJIBAN: "L",
    TipeAkun.EKUITAS: "E",
    TipeAkun.PENDAPATAN: "R",
    TipeAkun.BEBAN: "X",
}
COMMODITY = "IDR"
_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    """One line of plain text: no comment marker, no run of spaces (hledger's field separator)."""
    return _SPACES.sub(" ", text.replace(";", ",")).strip()


def hledger_account(akun: Akun) -> str:
    # ':' separates hledger's account levels; the koperasi's own name must not add levels.
    return f"{akun.tipe}:{akun.kode} {_clean(akun.nama).replace(':', '-')}"


def _amount(sisi: str, jumlah: Decimal) -> str:
    signed = jumlah if sisi == Sisi.DEBIT else -jumlah
    return f"{COMMODITY} {signed:.2f}"


def _tag(value: str) -> str:
    return _clean(value).replace(",", " ")


def hledger_journal(*, koperasi: Koperasi, out: Writer, dibuat: dt.date) -> int:
    """Write every posted entry of ``koperasi`` as an hledger journal; returns the entry count.

    Streams the lines in date order, so a large koperasi is never held in memory.
    """
    names: dict[int, str] = {}
    out.write(f"; Buku besar {_clean(koperasi.nama)} ({koperasi.kode})\n")
    out.write(f"; Diekspor oleh Gotong pada {dibuat.isoformat()}. Jumlah dalam rupiah; titik = tanda desimal.\n")
    out.write(f"decimal-mark .\ncommodity {COMMODITY} 1000.00\n\n")
    for akun in Akun.objects.filter(koperasi=koperasi).order_by("kode"):
        names[akun.pk] = hledger_account(akun)
        out.write(f"account {names[akun.pk]}  ; type: {HLEDGER_TYPE[TipeAkun(akun.tipe)]}\n")
    count = 0
    for _jurnal_id, lines in groupby(_lines(koperasi), key=lambda row: row[0]):
        count += 1
        _write_entry(out, list(lines), names)
    return count


def _lines(koperasi: Koperasi) -> Iterator[tuple[Any, ...]]:
    return (
        BarisJurnal.objects.filter(jurnal__koperasi=koperasi)
        .order_by("jurnal__tanggal", "jurnal_id", "id")
        .values_list(
            "jurnal_id",
            "jurnal__tanggal",
            "jurnal__nomor",
            "jurnal__keterangan",
            "jurnal__sumber",
            "akun_id",
            "sisi",
            "jumlah",
            "anggota__nomor_anggota",
            "keterangan",
        )
        .iterator(chunk_size=2000)
    )


def _write_entry(out: Writer, lines: list[tuple[Any, ...]], names: dict[int, str]) -> None:
    jurnal_id, tanggal, nomor, keterangan, sumber = lines[0][:5]
    out.write(
        f"\n{tanggal.isoformat()} * ({_clean(nomor)}) {_clean(keterangan)}  ; sumber:{sumber}, gotong-id:{jurnal_id}\n"
    )
    for *_head, akun_id, sisi, jumlah, nomor_anggota, uraian in lines:
        tags = [f"anggota:{_tag(nomor_anggota)}"] if nomor_anggota else []
        if uraian:
            tags.append(f"uraian:{_tag(uraian)}")
        comment = f"  ; {', '.join(tags)}" if tags else ""
        out.write(f"    {names[akun_id]}  {_amount(sisi, jumlah)}{comment}\n")


JURNAL_HEADERS = [
    "Tanggal",
    "Nomor jurnal",
    "Keterangan",
    "Sumber",
    "Kode akun",
    "Nama akun",
    "Debit",
    "Kredit",
    "Nomor anggota",
    "Uraian baris",
]


def jurnal_xlsx(lines: Iterable[BarisJurnal], *, judul: str) -> bytes:
    """The journal as one row per line (what an auditor filters and sums), formula-injection safe."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Jurnal"
    ws.append([safe_cell(judul)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(JURNAL_HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for b in lines:
        debit = b.jumlah if b.sisi == Sisi.DEBIT else None
        kredit = b.jumlah if b.sisi == Sisi.KREDIT else None
        row = [
            b.jurnal.tanggal,
            b.jurnal.nomor,
            b.jurnal.keterangan,
            b.jurnal.get_sumber_display(),
            b.akun.kode,
            b.akun.nama,
            debit,
            kredit,
            b.anggota.nomor_anggota if b.anggota else "",
            b.keterangan,
        ]
        ws.append([safe_cell(value) for value in row])
    for column, width in zip("ABCDEFGHIJ", (12, 18, 40, 22, 10, 30, 16, 16, 16, 30), strict=True):
        ws.column_dimensions[column].width = width
    for row_cells in ws.iter_rows(min_row=3, min_col=1, max_col=1):
        row_cells[0].number_format = "DD-MM-YYYY"
    for row_cells in ws.iter_rows(min_row=3, min_col=7, max_col=8):
        for cell in row_cells:
            cell.number_format = "#,##0.00"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
