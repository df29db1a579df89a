"""Eka in a real Chromium: opens the Dinas dashboard, narrows it to Kab. Lebak, opens a
cooperative from the register and records a mentoring visit. The dashboard is shot at 360 px
and 1280 px, every step at 360 px; screenshots land in artifacts/screenshots/."""

import datetime as dt
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD

from gotong.province.models import LaporanTahunan, StatusLaporan
from gotong.tenancy.models import JenisKoperasi, Koperasi
from gotong.training.models import Pendampingan

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[4] / "artifacts" / "screenshots"


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch, live_server: Any) -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true dan {CHROMIUM} tidak ada")
        pytest.skip(f"{CHROMIUM} tidak ada: pasang paket Debian `chromium`.")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def _shot(page: Any, name: str, width: int = PHONE["width"]) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url}: {scroll}px lebar, lebih dari {width}px"
    page.screenshot(path=str(SCREENSHOTS / f"dinas-dasbor-{name}.png"), full_page=True)


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


def _page(browser: Any, viewport: dict[str, int]) -> tuple[Any, list[str]]:
    mobile = viewport["width"] < 500
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    return page, errors


def _masuk(page: Any, url: str, user: Any) -> None:
    page.goto(f"{url}/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_eka_filters_the_dashboard_to_lebak_and_records_a_mentoring_visit(
    browser: Any, live_server: Any, eka: Any, provinsi: Koperasi
) -> None:
    desktop, errors_desktop = _page(browser, DESKTOP)
    _masuk(desktop, live_server.url, eka)
    desktop.goto(f"{live_server.url}/dinas/")
    assert desktop.locator("#grafik-kabupaten svg").count() == 1, desktop.url
    _shot(desktop, "1280-provinsi", DESKTOP["width"])
    assert not errors_desktop, errors_desktop

    page, errors = _page(browser, PHONE)
    _masuk(page, live_server.url, eka)
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
    assert not errors, errors

    visit = Pendampingan.objects.get()
    assert visit.koperasi == provinsi and visit.mentor == eka and "RAT" in visit.topik
