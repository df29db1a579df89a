"""The demo's health assessments: every band occurs, digital books are used, a rerun adds nothing."""

import datetime as dt
from typing import Any

from gotong.ledger.tests.helpers import post
from gotong.province.models import PenilaianKesehatan
from gotong.province.models_kesehatan import StatusPenilaian, SumberPenilaian
from gotong.tenancy.models import JenisKoperasi, Koperasi, StatusKoperasi
from gotong.web.demo_kesehatan import demo_kesehatan

HARI_INI = dt.date(2025, 6, 1)


def test_the_demo_assesses_ksp_usp_in_every_band_and_reruns_as_a_no_op(
    maju: Koperasi, tani: Koperasi, ani: Any
) -> None:
    post(maju, dt.date(2024, 2, 1), "1.01", "3.10", "50000000")
    post(maju, dt.date(2024, 2, 1), "1.20", "1.01", "30000000")
    post(maju, dt.date(2024, 5, 1), "1.01", "4.10", "4000000")
    for i in range(12):
        Koperasi.objects.create(
            kode=f"ksp-{i:02d}",
            nama=f"KSP {i}",
            jenis=JenisKoperasi.SIMPAN_PINJAM if i % 3 else JenisKoperasi.SERBA_USAHA,
            kabupaten_kode=("36.01", "36.02", "36.04")[i % 3],
        )
    Koperasi.objects.create(
        kode="ksp-bubar", nama="KSP Bubar", jenis="ksp", kabupaten_kode="36.02", status=StatusKoperasi.DIBUBARKAN
    )
    n = demo_kesehatan(tahun_list=[2022, 2023, 2024], hari_ini=HARI_INI, actor=ani)
    assert n == {"digital": 3, "registri": 36}
    final = PenilaianKesehatan.objects.filter(status=StatusPenilaian.FINAL)
    assert set(final.values_list("predikat", flat=True)) == {
        "sehat",
        "cukup_sehat",
        "dalam_pengawasan",
        "pengawasan_khusus",
    }
    assert not PenilaianKesehatan.objects.filter(koperasi__in=[tani.pk]).exists()  # a produsen
    assert not PenilaianKesehatan.objects.filter(koperasi__kode="ksp-bubar").exists()
    maju_2024 = PenilaianKesehatan.objects.get(koperasi=maju, tahun=2024)
    assert maju_2024.sumber == SumberPenilaian.BUKU and maju_2024.status == StatusPenilaian.FINAL
    assert maju_2024.rasio_diisi and "modal_aset" not in maju_2024.rasio_diisi  # from the books
    assert PenilaianKesehatan.objects.get(koperasi=maju, tahun=2022).sumber == SumberPenilaian.DIISI
    assert demo_kesehatan(tahun_list=[2022, 2023, 2024], hari_ini=HARI_INI, actor=ani) == {"digital": 0, "registri": 0}
