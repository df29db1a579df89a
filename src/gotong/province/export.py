"""Excel export of the Dinas registry, safe against formula injection (members.export.safe_cell)."""

from collections.abc import Iterable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from gotong.core import regions
from gotong.members.export import safe_cell
from gotong.tenancy.models import Koperasi

HEADERS = [
    "Nama",
    "Jenis",
    "Pola",
    "Status",
    "Nomor badan hukum",
    "Tanggal badan hukum",
    "NIK koperasi",
    "Alamat",
    "Desa/kelurahan",
    "Kecamatan",
    "Kabupaten/kota",
    "Narahubung",
    "Telepon narahubung",
    "Memakai Gotong",
    "Sejak",
]


def _row(k: Koperasi) -> list[object]:
    return [
        k.nama,
        k.get_jenis_display(),
        k.get_pola_display(),
        k.get_status_display(),
        k.nomor_badan_hukum,
        k.tanggal_badan_hukum,
        k.nik_koperasi,
        k.alamat,
        regions.nama(k.desa_kode),
        regions.nama(k.kecamatan_kode),
        regions.nama(k.kabupaten_kode),
        k.kontak_nama,
        k.kontak_telepon,
        "Ya" if k.digital else "Tidak",
        k.digital_sejak,
    ]


def registry_xlsx(koperasi: Iterable[Koperasi], *, judul: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Register koperasi"
    ws.append([safe_cell(judul)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for k in koperasi:
        ws.append([safe_cell(str(v)) if isinstance(v, str) else v for v in _row(k)])
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            elif cell.value is not None and hasattr(cell.value, "year"):
                cell.number_format = "DD-MM-YYYY"
    ws.freeze_panes = "A3"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
