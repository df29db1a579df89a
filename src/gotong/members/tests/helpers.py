"""Builders shared by the member tests: real images made in memory, valid applications."""

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gotong.core import nik as nik_rules
from gotong.members.models import Anggota, StatusAnggota
from gotong.tenancy.models import Koperasi

# Kec. Serang, Kel. Cipare — Kota Serang (36.73), where Koperasi Maju Bersama sits.
KAB, KEC, DESA = "36.73", "36.73.01", "36.73.01.1002"
LAHIR = dt.date(1992, 3, 17)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 25)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


def ktp_upload(fmt: str = "PNG", name: str | None = None, content: bytes | None = None) -> SimpleUploadedFile:
    ext = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}.get(fmt, "bin")
    data = content if content is not None else image_bytes(fmt)
    return SimpleUploadedFile(name or f"ktp.{ext}", data, content_type=f"image/{ext}")


def build_nik(lahir: dt.date = LAHIR, perempuan: bool = False, urut: int = 1, kec: str = KEC) -> str:
    return nik_rules.build(kec, lahir, perempuan, urut)


def form_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid application from Rudi Hartono (a man born 17 March 1992)."""
    data: dict[str, Any] = {
        "nik": build_nik(),
        "nomor_kk": "3673011703920001",
        "nama": "Rudi Hartono",
        "tempat_lahir": "Serang",
        "tanggal_lahir": LAHIR.isoformat(),
        "jenis_kelamin": "L",
        "alamat": "Jl. Ki Mas Jong No. 12 RT 02/RW 05",
        "kabupaten_kode": KAB,
        "kecamatan_kode": KEC,
        "desa_kode": DESA,
        "telepon": "0812-3456-7890",
        "email": "rudi@contoh.id",
        "pekerjaan": "Petani",
        "persetujuan": "on",
        "foto_ktp": ktp_upload(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


_serial = iter(range(100, 10_000))


def make_anggota(koperasi: Koperasi, **overrides: Any) -> Anggota:
    """An Anggota row written straight through the ORM (for register and isolation tests)."""
    status = overrides.pop("status", StatusAnggota.AKTIF)
    lahir = overrides.pop("tanggal_lahir", LAHIR)
    jk = overrides.pop("jenis_kelamin", "L")
    urut = next(_serial)
    values: dict[str, Any] = {
        "koperasi": koperasi,
        "nik": nik_rules.build(KEC, lahir, jk == "P", urut),
        "nomor_kk": "3673010101010001",
        "nama": f"Anggota {urut}",
        "tempat_lahir": "Serang",
        "tanggal_lahir": lahir,
        "jenis_kelamin": jk,
        "alamat": "Jl. Veteran No. 1",
        "kabupaten_kode": KAB,
        "kecamatan_kode": KEC,
        "desa_kode": DESA,
        "telepon": "081234567890",
        "pekerjaan": "Pedagang",
        "tanggal_daftar": dt.date(2023, 1, 10),
        "status": status,
    }
    if status in (StatusAnggota.AKTIF, StatusAnggota.KELUAR):
        values.setdefault("tanggal_masuk", dt.date(2023, 1, 15))
        values["nomor_anggota"] = f"MB-2023-{urut:04d}"
    if status == StatusAnggota.KELUAR:
        values["tanggal_keluar"] = dt.date(2024, 6, 30)
    values.update(overrides)
    return Anggota.objects.create(**values)
