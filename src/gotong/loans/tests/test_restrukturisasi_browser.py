"""The rescheduling and write-off pages in a real Chromium on a 360 px screen: the page
never scrolls sideways (wide tables scroll inside their box), the preview then the
confirmation, the proposal then another pengurus's approval. Screenshots land in
artifacts/screenshots/."""

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD
from django.contrib.auth import get_user_model

from gotong.loans.models import Pinjaman, StatusPinjaman
from gotong.loans.tests.helpers_pinjaman import D, bayar, cair, produk
from gotong.tenancy.models import NamaPeran, Peran

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
    page.screenshot(path=str(SCREENSHOTS / f"pinjaman-restrukturisasi-{name}.png"), full_page=True)


def _masuk(browser: Any, live_server: Any, user: Any) -> Any:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("response", lambda r: pytest.fail(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/k/maju-bersama/$"))
    return page


def test_reschedule_and_write_off_on_a_phone(browser, live_server, maju, ani, budi, citra_anggota) -> None:
    produk(maju, "umum", suku_bunga=D("1"))
    p = cair(citra_anggota, budi, ani)
    bayar(p, "840000", budi, dt.date(2026, 2, 15), cara="sukarela")
    maya = get_user_model().objects.create_user(
        username="maya", password=PASSWORD, nama_lengkap="Maya Manajer", email="maya@contoh.id"
    )
    Peran.objects.create(user=maya, koperasi=maju, peran=NamaPeran.MANAJER)
    dasar = f"{live_server.url}/k/maju-bersama/pinjaman/{p.pk}"

    page = _masuk(browser, live_server, ani)
    page.goto(f"{dasar}/restrukturisasi/")
    _shot(page, "01-form")
    page.fill("#id_tenor_baru", "18")
    page.fill("#id_alasan", "Warung sepi setelah banjir")
    page.click("text=Lihat jadwal baru")
    page.wait_for_selector("text=Periksa jadwal baru")
    _shot(page, "02-pratinjau")
    page.click("text=Ya, jadwal ulang pinjaman")
    page.wait_for_selector("text=Riwayat penjadwalan ulang")
    _shot(page, "03-riwayat")
    assert Pinjaman.objects.get(pk=p.pk).versi_jadwal == 2

    usul = _masuk(browser, live_server, maya)
    usul.goto(f"{dasar}/hapus-buku/")
    usul.fill("#id_usul-alasan", "Anggota pindah tanpa kabar; jaminan tidak ada")
    usul.click("text=Kirim usulan")
    usul.wait_for_selector("text=Usulan menunggu persetujuan")
    _shot(usul, "04-usulan")

    page.goto(f"{dasar}/hapus-buku/")
    page.wait_for_selector("text=Setujui hapus buku")
    _shot(page, "05-setujui")
    page.click("text=Setujui hapus buku")
    page.wait_for_selector("text=Pemulihan diterima")
    _shot(page, "06-hasil")
    assert Pinjaman.objects.get(pk=p.pk).status == StatusPinjaman.HAPUS_BUKU
