"""A loan from the simulator to the disbursement in a real Chromium on a 360 px phone:
the public simulator, the application with its live schedule preview (htmx), the analysis
and approval by another person, the disbursement confirmed, the loan's page. Screenshots
land in artifacts/screenshots/ (pinjaman-*.png)."""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD
from django.utils import timezone

from gotong.loans.models import Pinjaman, ProdukPinjaman, StatusPinjaman
from gotong.loans.tests.helpers_pinjaman import D, produk
from gotong.savings.services import rekening_buka_anggota_baru

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


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url}: {width}px lebar"


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"pinjaman-{name}.png"), full_page=True)
    _fits(page)


def _page(browser: Any, viewport: dict[str, int] = PHONE) -> Any:
    context = browser.new_context(viewport=viewport, is_mobile=viewport is PHONE, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("response", lambda r: page.errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    return page


def _masuk(page: Any, base: str, user: Any) -> None:
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/k/maju-bersama/"))


def test_a_loan_from_simulator_to_disbursement_on_a_phone(browser, live_server, maju, ani, budi, citra_anggota):
    produk(maju, "umum", suku_bunga=D("1"))
    umum = ProdukPinjaman.objects.get(koperasi=maju, kode="umum")
    rekening_buka_anggota_baru(anggota=citra_anggota, tanggal=timezone.localdate())
    base = live_server.url
    k = f"{base}/k/maju-bersama"

    publik = _page(browser)
    publik.goto(f"{k}/simulasi-pinjaman/")
    publik.select_option("#id_produk", str(umum.pk))
    publik.fill("#id_pokok", "9.000.000")
    publik.fill("#id_tenor", "12")
    publik.click("button[type=submit]")
    publik.wait_for_selector("text=Rp840.000")
    _shot(publik, "01-simulasi")

    kasir = _page(browser)
    _masuk(kasir, base, budi)
    kasir.goto(f"{k}/pinjaman/ajukan/")
    kasir.fill("#id_q", "MB-2021-0001")
    kasir.keyboard.press("Enter")
    kasir.wait_for_selector("#id_produk")
    kasir.select_option("#id_produk", str(umum.pk))
    kasir.fill("#id_tenor", "12")
    kasir.fill("#id_pokok", "9.000.000")
    kasir.wait_for_selector("#pratinjau >> text=Rp840.000")  # the htmx preview
    kasir.fill("#id_tujuan", "Modal warung")
    kasir.fill("#id_penghasilan_bulanan", "5.000.000")
    _shot(kasir, "02-ajukan")
    kasir.click("text=Simpan pengajuan")
    kasir.wait_for_selector("text=tersimpan")
    p = Pinjaman.objects.get()
    _shot(kasir, "03-detail-diajukan")

    ketua = _page(browser)
    _masuk(ketua, base, ani)
    ketua.goto(f"{k}/pinjaman/{p.pk}/analisa/")
    _shot(ketua, "04-analisa")
    ketua.check("input[name=keputusan][value=setujui]")
    ketua.fill("#id_catatan", "Usaha lancar")
    ketua.click("text=Simpan keputusan")
    ketua.wait_for_selector("text=disetujui")
    p.refresh_from_db()
    assert p.status == StatusPinjaman.DISETUJUI

    kasir.goto(f"{k}/pinjaman/{p.pk}/cairkan/")
    kasir.check("input[name=cara][value=sukarela]")
    kasir.click("text=Lanjut ke konfirmasi")
    kasir.wait_for_selector("text=Periksa pencairan pinjaman")
    _shot(kasir, "05-konfirmasi")
    kasir.keyboard.press("Enter")  # the confirm button has the focus
    kasir.wait_for_selector("text=dicairkan")
    p.refresh_from_db()
    assert p.status == StatusPinjaman.AKTIF
    _shot(kasir, "06-detail-berjalan")

    lebar = _page(browser, DESKTOP)
    _masuk(lebar, base, ani)
    for path, name in (
        (f"/pinjaman/{p.pk}/", "07-detail-desktop"),
        ("/pinjaman/", "08-daftar-desktop"),
        ("/pinjaman/produk/", "09-produk-desktop"),
    ):
        lebar.goto(k + path)
        _shot(lebar, name)
    for path in ("/pinjaman/", "/pinjaman/produk/", "/pinjaman/pengaturan/", f"/pinjaman/{p.pk}/"):
        ketua.goto(k + path)
        _fits(ketua)
    for page in (publik, kasir, ketua, lebar):
        assert page.errors == []
