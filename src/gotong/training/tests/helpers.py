"""Builders shared by the training tests and the isolation walk."""

import datetime as dt
from typing import Any

from django.utils import timezone

from gotong.accounts.models import User
from gotong.tenancy.models import Koperasi
from gotong.training import services
from gotong.training.models import JenisKegiatan, Kegiatan, Pendampingan, PeranPeserta, Peserta, StatusKegiatan

WIB = dt.timezone(dt.timedelta(hours=7))


def make_kegiatan(wilayah_kode: str = "36", **overrides: Any) -> Kegiatan:
    values: dict[str, Any] = {
        "jenis": JenisKegiatan.WEBINAR,
        "judul": "Webinar Digitalisasi Koperasi",
        "mulai": dt.datetime(2026, 12, 10, 9, 0, tzinfo=WIB),
        "selesai": dt.datetime(2026, 12, 10, 12, 0, tzinfo=WIB),
        "tautan_daring": "https://meet.example.id/gotong",
        "kapasitas": 120,
        "sasaran": "Pengurus KSP",
        "wilayah_kode": wilayah_kode,
        "status": StatusKegiatan.TERBUKA,
    }
    values.update(overrides)
    return Kegiatan.objects.create(**values)


def peserta_data(i: int, koperasi: Koperasi | None = None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "nama": f"Peserta {i:03d}",
        "telepon": f"0812{i:08d}",
        "email": "",
        "koperasi": koperasi,
        "koperasi_lainnya": "" if koperasi else "Koperasi Sumber Rejeki",
        "peran": PeranPeserta.PENGURUS,
    }
    data.update(overrides)
    return data


def pelatihan_values(koperasi: Koperasi) -> dict[str, list[str]]:
    """Real rows for the /dinas/pelatihan/ URL parameters of the isolation walk."""
    kegiatan = make_kegiatan(wilayah_kode=koperasi.kabupaten_kode)
    peserta = services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(1, koperasi))
    Peserta.objects.filter(pk=peserta.pk).update(hadir_pada=timezone.now())
    services.sertifikat_terbitkan(kegiatan=kegiatan, aktor=None)
    mentor = User.objects.create_user(username="mentor-isolasi", password="x-" * 8, nama_lengkap="Mentor")
    kunjungan = Pendampingan.objects.create(koperasi=koperasi, tanggal=dt.date(2026, 11, 2), mentor=mentor, topik="RAT")
    return {
        "kegiatan": [str(kegiatan.pk)],
        "token": [peserta.token],
        "kunjungan": [str(kunjungan.pk)],
        "koperasi": [str(koperasi.pk)],
    }
