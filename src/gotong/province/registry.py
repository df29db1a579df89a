"""Rules of the Dinas registry shared by the form, the service and the spreadsheet import.

Rows travel as plain ``dict[str, str]`` (dates as ISO text) so a checked import can wait in
the session between the dry run and the commit. Messages are constants the tests assert.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from gotong.core import regions
from gotong.tenancy.models import JenisKoperasi, Pola, StatusKoperasi

NIK_KOPERASI_BUKAN_16 = _("NIK koperasi harus 16 angka, tanpa spasi atau titik.")
NIK_KOPERASI_GANDA = _("NIK koperasi {nilai} sudah terdaftar untuk {nama}.")
BADAN_HUKUM_GANDA = _("Nomor badan hukum {nilai} sudah terdaftar untuk {nama}.")
NIK_GANDA_DI_BERKAS = _("NIK koperasi {nilai} juga ada di baris {baris}.")
BADAN_HUKUM_GANDA_DI_BERKAS = _("Nomor badan hukum {nilai} juga ada di baris {baris}.")
NAMA_WAJIB = _("Nama koperasi wajib diisi.")
KABUPATEN_TIDAK_DIKENAL = _("Kode kabupaten/kota '{nilai}' tidak dikenal di Banten (contoh: 36.73).")
KABUPATEN_DI_LUAR_WILAYAH = _("Kabupaten/kota {nilai} di luar wilayah kerja Anda.")
KECAMATAN_TIDAK_DIKENAL = _("Kode kecamatan '{nilai}' tidak ada di kabupaten/kota tersebut (contoh: 36.73.01).")
DESA_TIDAK_DIKENAL = _("Kode desa/kelurahan '{nilai}' tidak ada di kecamatan tersebut.")
JENIS_TIDAK_SAH = _("Jenis '{nilai}' tidak dikenal; pakai salah satu: {pilihan}.")
POLA_TIDAK_SAH = _("Pola '{nilai}' tidak dikenal; pakai konvensional atau syariah.")
STATUS_TIDAK_SAH = _("Status '{nilai}' tidak dikenal; pakai aktif, tidak_aktif atau dibubarkan.")
TANGGAL_TIDAK_SAH = _("Tanggal badan hukum '{nilai}' tidak bisa dibaca; tulis seperti 17-08-2015.")
BERKAS_TIDAK_DIKENAL = _("Unggah berkas Excel (.xlsx) atau CSV (.csv) dari templat.")
BERKAS_RUSAK = _("Berkas tidak bisa dibaca. Simpan ulang dari templat lalu unggah lagi.")
KOLOM_KURANG = _("Kolom {kolom} tidak ada di baris pertama. Pakai templat impor.")
BERKAS_KOSONG = _("Berkas tidak berisi baris data di bawah judul kolom.")

KOLOM = [
    "nama",
    "jenis",
    "pola",
    "kelompok",
    "nomor_badan_hukum",
    "tanggal_badan_hukum",
    "nik_koperasi",
    "alamat",
    "kabupaten_kode",
    "kecamatan_kode",
    "desa_kode",
    "telepon",
    "email",
    "kontak_nama",
    "kontak_telepon",
    "status",
]
KOLOM_WAJIB = ["nama", "jenis", "kabupaten_kode"]
CONTOH = {
    "nama": "Koperasi Serba Usaha Sejahtera",
    "jenis": "serba_usaha",
    "pola": "konvensional",
    "kelompok": "",
    "nomor_badan_hukum": "518/12/BH/XI/2016",
    "tanggal_badan_hukum": "17-11-2016",
    "nik_koperasi": "3673010170001234",
    "alamat": "Jl. Ki Mas Jong No. 5",
    "kabupaten_kode": "36.73",
    "kecamatan_kode": "36.73.01",
    "desa_kode": "36.73.01.1001",
    "telepon": "0254123456",
    "email": "",
    "kontak_nama": "Siti Aminah",
    "kontak_telepon": "081234567890",
    "status": "aktif",
}
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


@dataclass
class BarisSalah:
    """One spreadsheet row (numbered as the user sees it) and every reason it is refused."""

    baris: int
    nama: str
    pesan: list[str] = field(default_factory=list)


def nik_koperasi_sah(nilai: str) -> bool:
    return len(nilai) == 16 and nilai.isascii() and nilai.isdigit()


def parse_tanggal(nilai: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(nilai, fmt).date()
        except ValueError:
            continue
    return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_xlsx(isi: bytes) -> list[list[object]]:
    wb = load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
    ws = wb.active
    if ws is None:
        return []
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _rows_csv(isi: bytes) -> list[list[object]]:
    text = isi.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def baca_berkas(nama_berkas: str, isi: bytes) -> list[dict[str, str]]:
    """The data rows of an uploaded template as text, keyed by column name."""
    lower = nama_berkas.lower()
    if not lower.endswith((".xlsx", ".csv")):
        raise ValidationError(BERKAS_TIDAK_DIKENAL)
    try:
        raw = _rows_xlsx(isi) if lower.endswith(".xlsx") else _rows_csv(isi)
    except Exception as exc:  # a broken upload is the user's to fix, whatever the parser says
        raise ValidationError(BERKAS_RUSAK) from exc
    if not raw:
        raise ValidationError(BERKAS_KOSONG)
    header = [_text(h).lower() for h in raw[0]]
    missing = [k for k in KOLOM_WAJIB if k not in header]
    if missing:
        raise ValidationError(str(KOLOM_KURANG).format(kolom=", ".join(missing)))
    rows = []
    for values in raw[1:]:
        texts = [_text(v) for v in values]
        if any(texts):
            rows.append({k: (texts[i] if i < len(texts) else "") for i, k in enumerate(header) if k in KOLOM})
    if not rows:
        raise ValidationError(BERKAS_KOSONG)
    return rows


def templat_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Register koperasi"
    ws.append(KOLOM)
    ws.append([CONTOH[k] for k in KOLOM])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for cell in ws[2]:
        cell.data_type = "s"  # codes and NIK stay text, not numbers
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _pesan(template: Any, **kwargs: object) -> str:
    return str(template).format(**kwargs)


def periksa_wilayah(row: dict[str, str], *, wilayah: str) -> list[str]:
    kab, kec, desa = row.get("kabupaten_kode", ""), row.get("kecamatan_kode", ""), row.get("desa_kode", "")
    if not (regions.is_level(kab, 2) and kab.startswith(regions.BANTEN + ".")):
        return [_pesan(KABUPATEN_TIDAK_DIKENAL, nilai=kab)]
    if wilayah != regions.BANTEN and kab != wilayah:
        return [_pesan(KABUPATEN_DI_LUAR_WILAYAH, nilai=regions.nama(kab))]
    if kec and not (regions.is_level(kec, 3) and kec.startswith(kab + ".")):
        return [_pesan(KECAMATAN_TIDAK_DIKENAL, nilai=kec)]
    if desa and not (kec and regions.is_level(desa, 4) and desa.startswith(kec + ".")):
        return [_pesan(DESA_TIDAK_DIKENAL, nilai=desa)]
    return []


def _periksa_pilihan(row: dict[str, str]) -> list[str]:
    errors = []
    if row.get("jenis", "") not in JenisKoperasi.values:
        errors.append(_pesan(JENIS_TIDAK_SAH, nilai=row.get("jenis", ""), pilihan=", ".join(JenisKoperasi.values)))
    if row.get("pola") and row["pola"] not in Pola.values:
        errors.append(_pesan(POLA_TIDAK_SAH, nilai=row["pola"]))
    if row.get("status") and row["status"] not in StatusKoperasi.values:
        errors.append(_pesan(STATUS_TIDAK_SAH, nilai=row["status"]))
    return errors


def _normalise(row: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    clean = {k: row.get(k, "").strip() for k in KOLOM}
    clean["nik_koperasi"] = re.sub(r"[\s.]", "", clean["nik_koperasi"])
    clean["jenis"], clean["pola"], clean["status"] = (clean[k].lower() for k in ("jenis", "pola", "status"))
    errors = [] if clean["nama"] else [str(NAMA_WAJIB)]
    errors += _periksa_pilihan(clean)
    if clean["nik_koperasi"] and not nik_koperasi_sah(clean["nik_koperasi"]):
        errors.append(str(NIK_KOPERASI_BUKAN_16))
    if clean["tanggal_badan_hukum"]:
        tanggal = parse_tanggal(clean["tanggal_badan_hukum"])
        if tanggal is None:
            errors.append(_pesan(TANGGAL_TIDAK_SAH, nilai=clean["tanggal_badan_hukum"]))
        else:
            clean["tanggal_badan_hukum"] = tanggal.isoformat()
    return clean, errors


@dataclass
class Terdaftar:
    """NIK koperasi and badan hukum numbers already in the province's registry → the name holding them."""

    nik: dict[str, str]
    badan_hukum: dict[str, str]


def _periksa_ganda(
    clean: dict[str, str], baris: int, terdaftar: Terdaftar, dilihat: dict[str, dict[str, int]]
) -> list[str]:
    errors = []
    checks = (
        ("nik_koperasi", terdaftar.nik, NIK_KOPERASI_GANDA, NIK_GANDA_DI_BERKAS),
        ("nomor_badan_hukum", terdaftar.badan_hukum, BADAN_HUKUM_GANDA, BADAN_HUKUM_GANDA_DI_BERKAS),
    )
    for key, existing, di_register, di_berkas in checks:
        nilai = clean[key]
        if not nilai:
            continue
        if nilai in existing:
            errors.append(_pesan(di_register, nilai=nilai, nama=existing[nilai]))
        if nilai in dilihat[key]:
            errors.append(_pesan(di_berkas, nilai=nilai, baris=dilihat[key][nilai]))
        else:
            dilihat[key][nilai] = baris
    return errors


def periksa(
    rows: list[dict[str, str]], *, wilayah: str, terdaftar: Terdaftar
) -> tuple[list[dict[str, str]], list[BarisSalah]]:
    """The dry run: cleaned rows, and every refused row with all of its reasons."""
    good: list[dict[str, str]] = []
    bad: list[BarisSalah] = []
    dilihat: dict[str, dict[str, int]] = {"nik_koperasi": {}, "nomor_badan_hukum": {}}
    for i, row in enumerate(rows, start=2):  # row 1 holds the column names
        clean, errors = _normalise(row)
        errors += periksa_wilayah(clean, wilayah=wilayah)
        errors += _periksa_ganda(clean, i, terdaftar, dilihat)
        if errors:
            bad.append(BarisSalah(baris=i, nama=clean["nama"], pesan=errors))
        else:
            good.append(clean)
    return good, bad
