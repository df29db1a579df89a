"""Eka in a real Chromium: opens the Dinas dashboard, narrows it to Kab. Lebak, opens a
cooperative from the register and records a mentoring visit. The dashboard is shot at 360 px
and 1280 px, every step at 360 px; screenshots land in artifacts/screenshots/."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from conftest import PASSWORD

from gotong.province.models import LaporanTahunan, StatusLaporan
from gotong.tenancy.models import JenisKoperasi, Koperasi
from gotong.testing.browser import DESKTOP, foto, halaman, masuk
from gotong.training.models import Pendampingan

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    foto(page, f"dinas-dasbor-{name}")


@pytest.fixture
def provinsi(maju: Koperasi, tani: Koperasi) -> Koperasi:
    """A few cooperatives with yearly figures, one of them in Kab. Lebak."""
    lebak = Koperasi.objects.create(
        kode="kud-lebak-sejahtera", nama="KUD Lebak Sejahtera", jenis=JenisKoperasi.SERBA_USAHA, kabupaten_kode="36.02"
    )
    for k, aset in ((maju, "850000000"), (tani, "320000000"), (lebak, "145000000")):
        LaporanTahunan.objects.create(
            koperasi=k,
            tahun=2025,
            tanggal_rat=dt.date(2026, 4, 12),
            anggota_pria=120,
            anggota_wanita=140,
            aset=Decimal(aset),
            volume_usaha=Decimal(aset) / 2,
            shu=Decimal(aset) / 40,
            status=StatusLaporan.DIVERIFIKASI,
        )
    return lebak


def test_eka_filters_the_dashboard_to_lebak_and_records_a_mentoring_visit(
    browser: Any, live_server: Any, eka: Any, provinsi: Koperasi
) -> None:
    desktop = halaman(browser, DESKTOP)
    masuk(desktop, live_server.url, eka.username, PASSWORD)
    desktop.goto(f"{live_server.url}/dinas/")
    assert desktop.locator("#grafik-kabupaten svg").count() == 1, desktop.url
    _shot(desktop, "1280-provinsi")
    assert not desktop.errors, desktop.errors

    page = halaman(browser)
    masuk(page, live_server.url, eka.username, PASSWORD)
    page.goto(f"{live_server.url}/dinas/")
    _shot(page, "360-01-provinsi")
    page.select_option("#f-kab", label="Kabupaten Lebak")
    page.click("#dasbor-filter button[type=submit]")
    page.wait_for_url(re.compile(r"kabupaten=36\.02"))
    assert "Kabupaten Lebak" in page.locator("h1").inner_text()
    rows = page.locator("#register-tabel tbody tr")
    assert rows.count() == 1 and "KUD Lebak Sejahtera" in rows.first.inner_text()
    _shot(page, "360-02-lebak")

    page.click("text=KUD Lebak Sejahtera")
    page.wait_for_url(re.compile(rf"/dinas/koperasi/{provinsi.pk}/$"))
    _shot(page, "360-03-koperasi")
    page.click("text=Catat pendampingan")
    page.wait_for_url(re.compile(r"/pendampingan/baru/"))
    assert page.locator("#id_koperasi").input_value() == str(provinsi.pk)
    page.fill("#id_tanggal", dt.date.today().isoformat())
    page.fill("#id_topik", "Persiapan RAT dan pindah ke Gotong")
    page.fill("#id_temuan", "Buku kas masih manual; pengurus siap dilatih.")
    _shot(page, "360-04-pendampingan")
    page.click("main form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/dinas/pelatihan/pendampingan/\d+/$"))
    _shot(page, "360-05-tercatat")
    assert not page.errors, page.errors

    visit = Pendampingan.objects.get()
    assert visit.koperasi == provinsi and visit.mentor == eka and "RAT" in visit.topik
