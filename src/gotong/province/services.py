"""Writes of the Dinas registry: every change audited in the same transaction."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from gotong.core.audit import audit_changes, audit_record, snapshot
from gotong.province import agregat, registry, selectors
from gotong.province.models import PengurusKoperasi
from gotong.tenancy.models import Koperasi, StatusKoperasi

REGISTRY_FIELDS = [
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
IMPOR_TIDAK_LENGKAP = "Impor dibatalkan: {n} baris tidak lolos pemeriksaan ulang. Periksa lagi berkasnya."


def _kode_baru(nama: str) -> str:
    base = (slugify(nama) or "koperasi")[:32].strip("-")
    kode, n = base, 1
    while Koperasi.objects.filter(kode=kode).exists():
        n += 1
        kode = f"{base}-{n}"
    return kode


def _cek_unik(koperasi: Koperasi) -> None:
    """NIK koperasi and badan hukum number are unique: checked here with messages naming the
    holder; partial unique constraints on Koperasi (where filled) are the database's backstop."""
    terdaftar = selectors.terdaftar(provinsi=koperasi.provinsi_kode, kecuali=koperasi.pk)
    errors: dict[str, str] = {}
    if koperasi.nik_koperasi in terdaftar.nik:
        nama = terdaftar.nik[koperasi.nik_koperasi]
        errors["nik_koperasi"] = str(registry.NIK_KOPERASI_GANDA).format(nilai=koperasi.nik_koperasi, nama=nama)
    if koperasi.nomor_badan_hukum in terdaftar.badan_hukum:
        nama = terdaftar.badan_hukum[koperasi.nomor_badan_hukum]
        errors["nomor_badan_hukum"] = str(registry.BADAN_HUKUM_GANDA).format(
            nilai=koperasi.nomor_badan_hukum, nama=nama
        )
    if errors:
        raise ValidationError(errors)


def _apply(koperasi: Koperasi, data: dict[str, Any]) -> None:
    for name in REGISTRY_FIELDS:
        if name in data:
            setattr(koperasi, name, data[name] if data[name] is not None else "")
    if "tanggal_badan_hukum" in data and not data["tanggal_badan_hukum"]:
        koperasi.tanggal_badan_hukum = None
    koperasi.aktif = koperasi.status == StatusKoperasi.AKTIF


def koperasi_registry_create(*, data: dict[str, Any], actor: Any) -> Koperasi:
    with transaction.atomic():
        koperasi = Koperasi(provinsi_kode="36", digital=False)
        _apply(koperasi, data)
        koperasi.kode = _kode_baru(koperasi.nama)
        _cek_unik(koperasi)
        koperasi.full_clean()
        koperasi.save()
        audit_record(koperasi=koperasi, aktor=actor, aksi="registry.tambah", objek=koperasi, sesudah=snapshot(koperasi))
        return koperasi


def koperasi_registry_update(*, koperasi: Koperasi, data: dict[str, Any], actor: Any) -> Koperasi:
    with transaction.atomic():
        locked = Koperasi.objects.select_for_update().get(pk=koperasi.pk)
        before = snapshot(locked, [*REGISTRY_FIELDS, "aktif"])
        _apply(locked, data)
        _cek_unik(locked)
        locked.full_clean()
        locked.save()
        audit_changes(
            koperasi=locked,
            aktor=actor,
            aksi="registry.ubah",
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked, [*REGISTRY_FIELDS, "aktif"]),
        )
        return locked


def pengurus_tambah(*, koperasi: Koperasi, data: dict[str, Any], actor: Any) -> PengurusKoperasi:
    with transaction.atomic():
        pengurus = PengurusKoperasi(koperasi=koperasi, **data)
        pengurus.full_clean()
        pengurus.save()
        audit_record(
            koperasi=koperasi, aktor=actor, aksi="registry.pengurus_tambah", objek=pengurus, sesudah=snapshot(pengurus)
        )
        return pengurus


def _dari_baris(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = dict(row)
    data["pola"] = row["pola"] or "konvensional"
    data["status"] = row["status"] or StatusKoperasi.AKTIF
    tanggal = row["tanggal_badan_hukum"]
    data["tanggal_badan_hukum"] = dt.date.fromisoformat(tanggal) if tanggal else None
    return data


def registry_import(*, rows: list[dict[str, str]], wilayah: str, actor: Any) -> list[Koperasi]:
    """Write every row or none. The rows are checked again here: the registry may have
    changed since the dry run (another officer, another import). The dashboard's aggregates
    are rebuilt once per kabupaten/kota at the end (agregat.tunda), not once per row."""
    with transaction.atomic(), agregat.tunda():
        good, bad = registry.periksa(rows, wilayah=wilayah, terdaftar=selectors.terdaftar())
        if bad or len(good) != len(rows):
            raise ValidationError(IMPOR_TIDAK_LENGKAP.format(n=len(bad)))
        return [koperasi_registry_create(data=_dari_baris(row), actor=actor) for row in good]
