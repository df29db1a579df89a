"""Excel export of the member register (openpyxl), safe against formula injection."""

from collections.abc import Iterable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from gotong.members.models import Anggota

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADERS = [
    "Nomor anggota",
    "Nama",
    "NIK",
    "Jenis kelamin",
    "Tempat lahir",
    "Tanggal lahir",
    "Alamat",
    "Desa/kelurahan",
    "Kecamatan",
    "Kabupaten/kota",
    "Telepon",
    "Pekerjaan",
    "Tanggal masuk",
    "Tanggal keluar",
    "Status",
]


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would read as a formula is stored as plain text (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def register_xlsx(anggota: Iterable[Anggota], *, judul: str) -> bytes:
    wb = Workbook(write_only=False)
    ws = wb.active
    assert ws is not None
    ws.title = "Anggota"
    ws.append([safe_cell(judul)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for a in anggota:
        row = [
            a.nomor_anggota,
            a.nama,
            a.nik,
            a.get_jenis_kelamin_display(),
            a.tempat_lahir,
            a.tanggal_lahir,
            a.alamat,
            a.desa_nama,
            a.kecamatan_nama,
            a.kabupaten_nama,
            a.telepon,
            a.pekerjaan,
            a.tanggal_masuk,
            a.tanggal_keluar,
            a.get_status_display(),
        ]
        ws.append([safe_cell(str(v)) if isinstance(v, str) else v for v in row])
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            elif cell.value is not None and hasattr(cell.value, "year"):
                cell.number_format = "DD-MM-YYYY"
    for col, width in zip("ABCDEFGHIJKLMNO", [16, 28, 18, 12, 16, 12, 30, 20, 18, 22, 15, 18, 12, 12, 10], strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
