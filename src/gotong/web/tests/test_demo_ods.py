"""The demo's yearly figures: five book years, a mix of statuses, every compliance class,
digital cooperatives' last year from their books, every submitted report passing the rules.

It reads the shared demo (``demo`` in conftest.py), seeded with real commits, so the dashboard
aggregates written on commit are there; that a second seed changes nothing is checked for the
whole demo in test_seed_demo.py (``sidik`` below is the yearly-figures part of it)."""

from typing import Any

import pytest
from django.db.models import Sum

from gotong.province import ods, rat
from gotong.province.models import CatatanLaporan, LaporanTahunan, StatusLaporan, SumberLaporan
from gotong.province.models_agregat import AgregatTahunan
from gotong.tenancy.models import Koperasi, StatusKoperasi
from gotong.web.management.commands.seed_demo import HARI_INI

pytestmark = pytest.mark.usefixtures("demo")


def sidik() -> list[tuple[Any, ...]]:
    return sorted(LaporanTahunan.objects.values_list("koperasi__kode", "tahun", "status", "aset", "tanggal_rat"))


def test_the_demo_fills_five_years_and_every_compliance_class() -> None:
    assert set(LaporanTahunan.objects.values_list("tahun", flat=True)) == {2021, 2022, 2023, 2024, 2025}
    statuses = set(LaporanTahunan.objects.filter(tahun=2025).values_list("status", flat=True))
    assert statuses == set(StatusLaporan.values)
    assert LaporanTahunan.objects.filter(status=StatusLaporan.DIVERIFIKASI).count() > (
        LaporanTahunan.objects.count() * 0.7
    )
    assert not LaporanTahunan.objects.filter(koperasi__status=StatusKoperasi.DIBUBARKAN).exists()
    kelas = {r["kelas"]: r["jumlah"] for r in rat.ringkasan(wilayah="36", tahun=2025)}
    assert all(kelas[k] > 0 for k in rat.KELAS_URUT), kelas
    assert kelas[rat.TEPAT] > kelas[rat.TERLAMBAT]
    returned = LaporanTahunan.objects.filter(status=StatusLaporan.DIKEMBALIKAN)
    assert all(lap.catatan for lap in returned)
    assert CatatanLaporan.objects.filter(aksi=StatusLaporan.DIKEMBALIKAN).exclude(teks="").exists()

    for lap in LaporanTahunan.objects.exclude(status=StatusLaporan.DRAFT):
        hasil = ods.periksa_angka(ods.laporan_data(lap), lap.tahun, lengkap=True, hari_ini=HARI_INI)
        assert hasil.errors == {}, (lap, hasil.errors)

    maju = Koperasi.objects.get(kode="maju-bersama")
    terakhir = LaporanTahunan.objects.get(koperasi=maju, tahun=2025)
    assert terakhir.sumber == SumberLaporan.BUKU and terakhir.status == StatusLaporan.DIVERIFIKASI
    dari_buku = ods.hitung_dari_buku(maju, 2025)
    assert terakhir.aset == dari_buku["aset"] and terakhir.anggota_pria == dari_buku["anggota_pria"]
    awal = LaporanTahunan.objects.get(koperasi=maju, tahun=2021)
    assert awal.sumber == SumberLaporan.DIISI and awal.aset < terakhir.aset

    # the dashboard's aggregates count the digital cooperatives' reports too (written on commit)
    dilaporkan = LaporanTahunan.objects.filter(tahun=2025, status__in=rat.DILAPORKAN)
    agregat = AgregatTahunan.objects.filter(tahun=2025).aggregate(n=Sum("laporan"))["n"]
    assert agregat == dilaporkan.count()
