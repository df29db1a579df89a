"""Yearly figures in a real Chromium on a 360 px phone: eka enters a manual cooperative's year,
sees the exact balance difference, fixes it, submits, verifies; the RAT compliance page and
the registry's RAT filter. Screenshots land in artifacts/screenshots/ (ods-*.png)."""

import datetime as dt
import re
from typing import Any

import pytest
from conftest import PASSWORD
from django.utils import timezone

from gotong.province.models import LaporanTahunan, StatusLaporan
from gotong.tenancy.models import JenisKoperasi, Koperasi
from gotong.testing.browser import foto, halaman, masuk

pytestmark = pytest.mark.browser
TAHUN = timezone.localdate().year - 1


def _shot(page: Any, name: str) -> None:
    foto(page, f"ods-{name}")


def test_eka_enters_submits_and_verifies_a_year_on_a_phone(browser: Any, live_server: Any, eka: Any) -> None:
    kop = Koperasi.objects.create(
        kode="kud-lebak", nama="KUD Lebak Sejahtera", jenis=JenisKoperasi.SERBA_USAHA, kabupaten_kode="36.02"
    )
    lain = Koperasi.objects.create(
        kode="ksu-pandeglang", nama="KSU Pandeglang", jenis=JenisKoperasi.SERBA_USAHA, kabupaten_kode="36.01"
    )
    LaporanTahunan.objects.create(
        koperasi=lain, tahun=TAHUN, tanggal_rat=dt.date(TAHUN + 1, 8, 1), status=StatusLaporan.DIVERIFIKASI
    )
    page = halaman(browser)
    masuk(page, live_server.url, eka.username, PASSWORD)
    page.wait_for_url(re.compile(r"/dinas/"))

    page.goto(f"{live_server.url}/dinas/koperasi/{kop.pk}/laporan/isi/?tahun={TAHUN}")
    rat = min(dt.date(TAHUN + 1, 3, 15), timezone.localdate())
    page.fill("#id_tanggal_rat", rat.isoformat())
    for name, value in {
        "anggota_pria": "120",
        "anggota_wanita": "135",
        "pengelola": "5",
        "karyawan": "3",
        "aset": "1.250.100.000",
        "kewajiban": "400.000.000",
        "modal_sendiri": "850.000.000",
        "modal_luar": "400.000.000",
        "volume_usaha": "2.100.000.000",
        "shu": "95.000.000",
    }.items():
        page.fill(f"#id_{name}", value)
    page.click("button[value=ajukan]")
    page.wait_for_selector("text=Selisihnya Rp100.000 (aset lebih besar).")
    _shot(page, "01-selisih")
    page.fill("#id_aset", "1.250.000.000")
    page.click("button[value=ajukan]")
    page.wait_for_selector("text=diajukan untuk diverifikasi")
    _shot(page, "02-diajukan")
    page.fill("#id_komentar", "Sesuai berita acara RAT.")
    page.click("button[value=verifikasi]")
    page.wait_for_selector("text=Laporan diverifikasi.")
    _shot(page, "03-diverifikasi")
    assert LaporanTahunan.objects.get(koperasi=kop).status == StatusLaporan.DIVERIFIKASI

    page.goto(f"{live_server.url}/dinas/rat/?tahun={TAHUN}")
    page.wait_for_selector("#ringkasan-rat")
    _shot(page, "04-kepatuhan-rat")
    page.select_option("#f-kelas", "terlambat")
    page.click("text=Tampilkan")
    page.wait_for_selector("#daftar-rat >> text=KSU Pandeglang")
    assert page.locator("#daftar-rat >> text=KUD Lebak Sejahtera").count() == 0
    _shot(page, "05-terlambat")
    page.goto(f"{live_server.url}/dinas/laporan/?tahun={TAHUN}")
    _shot(page, "06-daftar-laporan")
    assert not page.errors, page.errors
