"""Year close, RAPBK and the RAT package in a real Chromium on a 360 px phone: Ani closes last
year after its confirmation page, types budget lines the Indonesian way, writes the board's
report and opens the package. Screenshots land in artifacts/screenshots/ (rat-*.png)."""

import datetime as dt
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD
from django.utils import timezone

from gotong.ledger.posting import akun
from gotong.ledger.tests.helpers import post
from gotong.reports.models import AnggaranBaris, LaporanPengurus, TahunBuku
from gotong.tenancy.models import Koperasi

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(__file__).resolve().parents[4] / "artifacts" / "screenshots"
LALU = timezone.localdate().year - 1
KINI = LALU + 1


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


def _shot(page: Any, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url}: {width}px lebar, lebih dari {PHONE['width']}px"
    page.screenshot(path=str(SCREENSHOTS / f"rat-{name}.png"), full_page=True)


def test_ani_closes_the_year_plans_the_budget_and_opens_the_rat_package_on_a_phone(
    browser: Any, live_server: Any, maju: Koperasi, ani: Any, citra_anggota: Any
) -> None:
    post(maju, dt.date(LALU, 1, 5), "1.01", "3.12", "10000000")
    post(maju, dt.date(LALU, 3, 1), "1.01", "4.10", "600000", anggota=citra_anggota)
    post(maju, dt.date(LALU, 12, 20), "5.10", "1.01", "300000")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", ani.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/k/"))
    base = f"{live_server.url}/k/{maju.kode}/laporan"

    page.goto(f"{base}/tutup-buku/")
    _shot(page, "01-tahun-buku")
    page.click(f"a[href$='/tutup-buku/{LALU}/tutup/']")
    page.wait_for_selector("text=Pemeriksaan buku besar bersih")
    _shot(page, "02-konfirmasi")
    page.click(f"button:has-text('Tutup buku {LALU}')")
    page.wait_for_selector(f"text=Tahun buku {LALU} ditutup")
    _shot(page, "03-ditutup")
    assert TahunBuku.objects.get(koperasi=maju, tahun=LALU).ditutup

    page.goto(f"{base}/rapbk/{KINI}/")
    page.fill(f"#id_akun_{akun(maju, '4.10').pk}", "750.000")
    page.fill(f"#id_akun_{akun(maju, '5.10').pk}", "-1")
    page.click("text=Simpan anggaran")
    page.wait_for_selector("text=Anggaran tidak boleh negatif.")
    _shot(page, "04-anggaran-salah")
    page.fill(f"#id_akun_{akun(maju, '5.10').pk}", "320.000")
    page.click("text=Simpan anggaran")
    page.wait_for_selector("text=2 baris")
    _shot(page, "05-rapbk")
    assert AnggaranBaris.objects.get(koperasi=maju, tahun=KINI, akun__kode="4.10").jumlah == Decimal("750000")

    page.goto(f"{base}/rat/{LALU}/laporan-pengurus/")
    page.fill("#id_organisasi", "Pengurus rapat setiap bulan.\n\nAnggota bertambah 12 orang.")
    page.click("button:has-text('Simpan')")
    page.wait_for_url(re.compile(rf"/rat/{LALU}/$"))
    page.wait_for_selector("text=Kelengkapan")
    _shot(page, "06-paket")
    assert not LaporanPengurus.objects.get(koperasi=maju, tahun=LALU).kosong
    for halaman in (f"rat/{LALU}/statistik-anggota/", f"rat/{LALU}/ods/", f"anggaran/{KINI}/"):
        page.goto(f"{base}/{halaman}")
        _shot(page, "07-" + halaman.split("/")[-2])
    assert not errors, errors
