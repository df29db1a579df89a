"""The ledger in a real Chromium: every page fits a 360 px phone; a manual entry is proposed
on the phone (a seventh line added by htmx) and approved by the manajer on a desktop.
Screenshots land in artifacts/screenshots/."""

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD
from django.utils import timezone

from gotong.accounts.models import User
from gotong.ledger import chart
from gotong.ledger.models import Jurnal, StatusUsulan, SumberJurnal, UsulanJurnal
from gotong.ledger.posting import akun
from gotong.ledger.tests.helpers import post
from gotong.members.models import Anggota
from gotong.tenancy.models import Koperasi, NamaPeran, Peran

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[4] / "artifacts" / "screenshots"
BASE = "/k/maju-bersama/buku-besar/"
TODAY = timezone.localdate()


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


def _page(browser: Any, live_server: Any, user: User, viewport: dict[str, int]) -> tuple[Any, list[str]]:
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"JS: {e}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/k/maju-bersama/$"))
    return page, problems


# Elements past the right edge, except inside the parts that scroll on their own.
_OVERFLOWING = """limit => [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > limit + 0.5)
    .filter(e => !(e.parentElement && e.parentElement.closest('nav.menu, .table-wrap')))
    .map(e => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)} px`)"""


def _fits(page: Any) -> None:
    """Nothing sticks out past a 360 px screen (tables scroll inside their own wrapper)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    culprits = page.evaluate(_OVERFLOWING, PHONE["width"])
    assert width <= PHONE["width"], f"{page.url}: {width}px lebar, lebih dari 360 px: {culprits[:8]}"


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"buku-besar-{name}.png"), full_page=True)


@pytest.fixture
def books(maju: Koperasi, citra_anggota: Anggota) -> Koperasi:
    lalu = TODAY.replace(day=1) - dt.timedelta(days=1)
    post(maju, lalu, chart.KAS, chart.SIMPANAN_POKOK, "12500000", sumber=SumberJurnal.SETORAN, anggota=citra_anggota)
    post(maju, TODAY, chart.KAS, chart.SIMPANAN_SUKARELA, "1250000", sumber=SumberJurnal.SETORAN, anggota=citra_anggota)
    post(maju, TODAY, chart.BANK, chart.KAS, "4000000", keterangan="Setor kas ke Bank BRI unit Serang")
    return maju


def test_every_ledger_page_fits_a_phone_and_a_manual_entry_is_approved(
    browser: Any, live_server: Any, ani: User, books: Koperasi
) -> None:
    page, problems = _page(browser, live_server, ani, PHONE)
    kas = akun(books, chart.KAS)
    jurnal = Jurnal.objects.filter(koperasi=books).first()
    for name, url in [
        ("bagan", BASE),
        ("jurnal", f"{BASE}jurnal/"),
        ("jurnal-detail", f"{BASE}jurnal/{jurnal.pk}/"),
        ("buku-besar-kas", f"{BASE}akun/{kas.pk}/"),
        ("buku-kas", f"{BASE}kas/"),
        ("periode", f"{BASE}periode/"),
        ("akun-tambah", f"{BASE}akun/tambah/"),
    ]:
        page.goto(f"{live_server.url}{url}")
        _shot(page, f"ponsel-{name}")
        _fits(page)

    page.goto(f"{live_server.url}{BASE}usulan/baru/")
    _fits(page)
    page.get_by_role("button", name="Tambah baris").click()
    page.wait_for_selector("#id_baris-6-akun")
    assert page.input_value("#id_baris-TOTAL_FORMS") == "7"
    page.fill("#id_keterangan", "Bayar listrik dan air kantor")
    page.select_option("#id_baris-0-akun", str(akun(books, "5.10").pk))
    page.fill("#id_baris-0-jumlah", "350.000")
    page.select_option("#id_baris-6-akun", str(kas.pk))
    page.select_option("#id_baris-6-sisi", "K")
    page.fill("#id_baris-6-jumlah", "350.000")
    _fits(page)
    _shot(page, "ponsel-usulan-baru")
    page.get_by_role("button", name="Ajukan untuk disetujui").click()
    page.wait_for_selector("text=menunggu persetujuan orang lain")
    _fits(page)
    _shot(page, "ponsel-usulan-menunggu")
    usulan = UsulanJurnal.objects.get()
    assert [row["akun_id"] for row in usulan.baris] == [akun(books, "5.10").pk, kas.pk]

    maya = User.objects.create_user(username="maya", password=PASSWORD, nama_lengkap="Maya Manajer")
    Peran.objects.create(user=maya, koperasi=books, peran=NamaPeran.MANAJER)
    desk, desk_problems = _page(browser, live_server, maya, DESKTOP)
    desk.goto(f"{live_server.url}{BASE}usulan/")
    desk.get_by_role("link", name="Bayar listrik dan air kantor").click()
    _shot(desk, "desktop-usulan")
    desk.get_by_role("button", name="Setujui dan bukukan").click()
    desk.wait_for_selector("text=dibukukan")
    _shot(desk, "desktop-jurnal-dibukukan")
    assert UsulanJurnal.objects.get().status == StatusUsulan.DISETUJUI
    assert problems == [] and desk_problems == []
