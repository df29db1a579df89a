"""The SHU in a real Chromium on a 360 px phone: Ani approves the closed year's SHU with the
RAT's decision, pays Citra's share into her sukarela account, and Citra finds it under SHU
saya with her slip. Screenshots land in artifacts/screenshots/ (shu-*.png)."""

import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD

from gotong.ledger.checks import periksa_buku
from gotong.savings.models import JenisSimpanan, RekeningSimpanan
from gotong.shu.models import BagianSHUAnggota, StatusBagian
from gotong.shu.tests.helpers import TAHUN, TANGGAL_RAT, buku_2025, tutup

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 360, "height": 740}
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


def _shot(page: Any, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url}: {width}px lebar, lebih dari {PHONE['width']}px"
    page.screenshot(path=str(SCREENSHOTS / f"shu-{name}.png"), full_page=True)


def _masuk(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.errors = errors
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/k/"))
    return page


def test_ani_approves_the_shu_and_pays_citra_who_sees_her_slip_on_a_phone(
    browser: Any, live_server: Any, maju: Any, ani: Any, budi: Any, citra: Any, citra_anggota: Any
) -> None:
    buku = buku_2025(maju, citra_anggota, budi)
    tutup(buku, ani)
    page = _masuk(browser, live_server, ani.username)
    base = f"{live_server.url}/k/{maju.kode}/shu"

    page.goto(f"{base}/{TAHUN}/")
    _shot(page, "01-pratinjau")
    page.goto(f"{base}/{TAHUN}/setujui/")
    page.fill("#id_tanggal_rat", TANGGAL_RAT.strftime("%Y-%m-%d"))
    page.fill("#id_nomor_rat", "05/RAT/II/2026")
    _shot(page, "02-setujui")
    page.click("button:has-text('Setujui dan bukukan')")
    page.wait_for_selector("text=05/RAT/II/2026")
    _shot(page, "03-disetujui")

    bagian = BagianSHUAnggota.objects.get(pembagian__koperasi=maju, pembagian__tahun=TAHUN, anggota=citra_anggota)
    assert bagian.total > Decimal("0")
    sukarela = RekeningSimpanan.objects.get(anggota=citra_anggota, jenis=JenisSimpanan.SUKARELA)
    sebelum = sukarela.saldo
    page.goto(f"{base}/{TAHUN}/anggota/{citra_anggota.pk}/")
    page.click("button:has-text('ke simpanan sukarela')")
    page.wait_for_selector("text=dibayar")
    _shot(page, "04-dibayar")
    assert page.errors == []

    bagian.refresh_from_db()
    sukarela.refresh_from_db()
    assert bagian.status == StatusBagian.DIBAYAR
    assert sukarela.saldo == sebelum + bagian.total
    assert periksa_buku(maju) == []

    page = _masuk(browser, live_server, citra.username)
    page.goto(f"{live_server.url}/k/{maju.kode}/shu/saya/")
    page.wait_for_selector(f"text={TAHUN}")
    _shot(page, "05-saya")
    slip = page.request.get(f"{live_server.url}/k/{maju.kode}/shu/saya/{TAHUN}/slip.pdf")
    assert slip.status == 200 and slip.body().startswith(b"%PDF")
    assert page.errors == []
