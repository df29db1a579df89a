"""What every browser test shares: Debian's Chromium through Playwright, a page that records
server errors and script errors, signing in, the fit-the-screen check and screenshots.

The ``browser`` fixture (root ``conftest.py``) launches the browser once per test; a missing
Chromium skips the test, or fails it under ``CI=true``.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"

# Elements past the right edge, except inside the parts that scroll on their own.
_MELEBIHI = """limit => [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > limit + 0.5)
    .filter(e => !(e.parentElement && e.parentElement.closest('nav.menu, .table-wrap')))
    .map(e => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)} px`)"""


def chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The body of the ``browser`` fixture: Chromium launched headless, closed afterwards."""
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true dan {CHROMIUM} tidak ada")
        pytest.skip(f"{CHROMIUM} tidak ada: pasang paket Debian `chromium`.")
    from playwright.sync_api import sync_playwright

    # the live server runs in a thread of the test process; Playwright's sync API runs an event loop
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def halaman(browser: Any, viewport: dict[str, int] = PHONE) -> Any:
    """A new page in its own context (a phone when narrower than 500 px); ``page.errors`` collects
    script errors and every response of 500 or more."""
    mobile = viewport["width"] < 500
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.errors = errors
    page.on("pageerror", lambda e: errors.append(f"JS: {e}"))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    return page


def masuk(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign in by keyboard on /masuk/ and wait until the page has left it."""
    page.goto(f"{base_url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/masuk/" not in url)


def muat(page: Any) -> None:
    """Nothing sticks out past the page's own width (tables scroll inside their wrapper)."""
    limit = page.viewport_size["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > limit:
        culprits = page.evaluate(_MELEBIHI, limit)
        raise AssertionError(f"{page.url}: {width}px lebar, lebih dari {limit}px: {culprits[:8]}")


def foto(page: Any, nama: str) -> None:
    """Keep a full-page screenshot as ``nama``.png (also of a page that fails), then check it fits."""
    page.screenshot(path=str(SCREENSHOTS / f"{nama}.png"), full_page=True)
    muat(page)
