"""Recruitment in a real Chromium: apply on a phone → approve as Ani → find the new
member in the register → download the card. Screenshots land in artifacts/screenshots/.

Playwright drives Debian's Chromium (no browser download) through the ``browser`` fixture
of the root conftest (``gotong.testing.browser``): without /usr/bin/chromium the tests
skip, except under CI=true where a missing browser is a failure.
"""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD
from django.utils import translation

from gotong.core import nik as nik_rules
from gotong.core import regions
from gotong.members.models import Anggota, StatusAnggota
from gotong.testing.browser import DESKTOP, PHONE, SCREENSHOTS, muat

pytestmark = pytest.mark.browser

KODE = "maju-bersama"

# The applicant: a woman from Kec. Cipocok Jaya, Kota Serang; her NIK carries the
# kecamatan code and her birth date with 40 added to the day.
NAMA = "Sri Wahyuningsih"
TANGGAL_LAHIR = dt.date(1988, 4, 12)
KABUPATEN = "36.73"  # Kota Serang
KECAMATAN = "36.73.05"  # Cipocok Jaya
NIK = nik_rules.build(KECAMATAN, TANGGAL_LAHIR, perempuan=True, urut=17)


class PageProblems:
    """Collects what would break the page for a real user: failed requests, 4xx/5xx
    answers (static files included), uncaught JavaScript errors.

    ``net::ERR_ABORTED`` is not a problem: Chromium reports it for a navigation that
    became a download and for an htmx request cut short by leaving the page.
    """

    def __init__(self, page: Any) -> None:
        self.items: list[str] = []
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("pageerror", lambda e: self.items.append(f"JS: {e}"))

    def _failed(self, request: Any) -> None:
        if request.failure != "net::ERR_ABORTED":
            self.items.append(f"gagal: {request.url} {request.failure}")

    def _response(self, response: Any) -> None:
        # The browser asks for /favicon.ico on its own; Gotong does not ship one.
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.items.append(f"{response.status}: {response.url}")


def _new_page(browser: Any, viewport: dict[str, int], *, phone: bool) -> tuple[Any, PageProblems]:
    context = browser.new_context(
        viewport=viewport, is_mobile=phone, has_touch=phone, locale="id-ID", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    return page, PageProblems(page)


def _shot(page: Any, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _assert_htmx_loaded(page: Any, base_url: str) -> None:
    assert page.evaluate("typeof window.htmx") == "object", "htmx tidak termuat"
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    # Every asset is served by Gotong itself: no CDN.
    assert scripts and all(src.startswith(f"{base_url}/static/") for src in scripts), scripts


def _ktp_jpeg(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 300), (214, 232, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 140, 180), fill=(170, 170, 170))
    draw.text((170, 40), f"NIK {NIK}", fill=(0, 0, 0))
    draw.text((170, 70), NAMA.upper(), fill=(0, 0, 0))
    path = tmp_path / "ktp.jpg"
    image.save(path, format="JPEG", quality=80)
    return path


def _fill_application(page: Any, *, nik: str, foto: Path) -> None:
    desa = regions.children(KECAMATAN)[0]
    page.fill("#id_nik", nik)
    page.fill("#id_nomor_kk", "3673050101880009")
    page.fill("#id_nama", NAMA)
    page.fill("#id_tempat_lahir", "Serang")
    page.fill("#id_tanggal_lahir", TANGGAL_LAHIR.isoformat())
    page.check("input[name=jenis_kelamin][value=P]")
    page.fill("#id_pekerjaan", "Penjahit")
    # Address lists are filled by htmx from the choice above them.
    page.select_option("#id_kabupaten_kode", KABUPATEN)
    page.locator(f'#id_kecamatan_kode option[value="{KECAMATAN}"]').wait_for(state="attached")
    page.select_option("#id_kecamatan_kode", KECAMATAN)
    page.locator(f'#id_desa_kode option[value="{desa.kode}"]').wait_for(state="attached")
    page.select_option("#id_desa_kode", desa.kode)
    page.fill("#id_alamat", "Jl. Raya Petir No. 12 RT 02/RW 03")
    page.fill("#id_telepon", "0812 3456 7801")
    page.fill("#id_email", "sri.wahyuningsih@contoh.id")
    page.set_input_files("#id_foto_ktp", str(foto))
    page.check("#id_persetujuan")


def _no_horizontal_scroll(page: Any) -> None:
    assert page.viewport_size == PHONE
    muat(page)


def test_applicant_is_approved_found_in_register_and_card_downloads(
    browser: Any, live_server: Any, ani: Any, citra_anggota: Anggota, tmp_path: Path
) -> None:
    foto = _ktp_jpeg(tmp_path)

    # 1. An anonymous person applies on a 360 px phone.
    phone, phone_problems = _new_page(browser, PHONE, phone=True)
    phone.goto(f"{live_server.url}/k/{KODE}/daftar/")
    _assert_htmx_loaded(phone, live_server.url)
    _no_horizontal_scroll(phone)
    _shot(phone, "01-daftar-kosong-ponsel")
    _fill_application(phone, nik=NIK, foto=foto)
    _shot(phone, "02-daftar-terisi-ponsel")
    phone.get_by_role("button", name="Kirim pendaftaran").click()
    phone.wait_for_url(re.compile(rf"/k/{KODE}/daftar/status/[^/]+/$"))
    status_url = phone.url
    main = phone.locator("main")
    assert "sedang diperiksa pengurus" in main.inner_text()
    assert "Calon anggota (menunggu)" in main.inner_text()
    _no_horizontal_scroll(phone)
    _shot(phone, "03-status-menunggu-ponsel")

    calon = Anggota.objects.get(koperasi__kode=KODE, nik=NIK)
    assert calon.status == StatusAnggota.CALON and calon.nama == NAMA and calon.foto_ktp

    # 2. Ani signs in on a desktop and approves inline (htmx).
    desk, desk_problems = _new_page(browser, DESKTOP, phone=False)
    desk.goto(f"{live_server.url}/masuk/")
    desk.fill("#id_username", ani.username)
    desk.fill("#id_password", PASSWORD)
    _shot(desk, "04-masuk-desktop")
    desk.locator("main form button[type=submit]").click()
    desk.wait_for_url(re.compile(rf"/k/{KODE}/$"))

    desk.goto(f"{live_server.url}/k/{KODE}/pendaftaran/")
    _assert_htmx_loaded(desk, live_server.url)
    row = desk.locator(f"#calon-{calon.pk}")
    assert NAMA in row.inner_text()
    _shot(desk, "05-pendaftaran-desktop")
    with desk.expect_response(lambda r: r.url.endswith(f"/pendaftaran/{calon.pk}/setujui/")) as approval:
        row.get_by_role("button", name="Setujui").click()
    assert approval.value.status == 200
    assert approval.value.request.headers.get("hx-request") == "true", "persetujuan harus lewat htmx, bukan muat ulang"
    row = desk.locator(f"#calon-{calon.pk}")
    row.locator(".badge.aktif").wait_for()
    calon.refresh_from_db()
    assert calon.status == StatusAnggota.AKTIF
    assert calon.nomor_anggota == f"MB-{calon.tanggal_masuk.year}-0001"
    assert calon.nomor_anggota in row.inner_text()
    _shot(desk, "06-disetujui-desktop")

    # 3. The register's live search finds her (and only her).
    desk.goto(f"{live_server.url}/k/{KODE}/anggota/")
    table = desk.locator("#tabel-anggota")
    assert citra_anggota.nama in table.inner_text()
    with desk.expect_response(lambda r: "/anggota/?" in r.url and r.request.headers.get("hx-request") == "true"):
        desk.locator("#id_q").press_sequentially(NAMA, delay=15)
    desk.wait_for_function(
        "n => !document.querySelector('#tabel-anggota').innerText.includes(n)", arg=citra_anggota.nama
    )
    found = table.get_by_role("link", name=NAMA)
    found.wait_for()
    assert table.locator("tbody tr").count() == 1
    assert calon.nomor_anggota in table.inner_text()
    assert "q=" in desk.url  # hx-push-url keeps the search in the address bar
    _shot(desk, "07-anggota-cari-desktop")

    # 4. Her profile, and the member card as a PDF.
    found.click()
    desk.wait_for_url(re.compile(rf"/k/{KODE}/anggota/{calon.pk}/$"))
    assert NIK in desk.locator("main").inner_text()
    _shot(desk, "08-profil-desktop")
    with desk.expect_download() as download_info:
        desk.get_by_role("link", name="Unduh kartu anggota (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"kartu-{calon.nomor_anggota}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    (SCREENSHOTS / "kartu-anggota.pdf").write_bytes(pdf)

    # 5. Back on the phone, her status page shows the outcome.
    phone.goto(status_url)
    main_text = phone.locator("main").inner_text()
    assert "Selamat! Anda resmi menjadi anggota" in main_text and calon.nomor_anggota in main_text
    _shot(phone, "09-status-diterima-ponsel")

    assert phone_problems.items == [] and desk_problems.items == []


def test_invalid_nik_shows_indonesian_message_beside_the_field_and_keeps_the_name(
    browser: Any, live_server: Any, maju: Any, tmp_path: Path
) -> None:
    bad_nik = "1234560101880001"  # 123456 is no kecamatan
    phone, problems = _new_page(browser, PHONE, phone=True)
    phone.goto(f"{live_server.url}/k/{KODE}/daftar/")
    _fill_application(phone, nik=bad_nik, foto=_ktp_jpeg(tmp_path))
    phone.get_by_role("button", name="Kirim pendaftaran").click()
    phone.wait_for_load_state()

    with translation.override("id"):
        expected = str(nik_rules.NIK_WILAYAH_TIDAK_DIKENAL)
    nik_field = phone.locator(".field", has=phone.locator("#id_nik"))
    assert nik_field.locator(".errorlist").inner_text().strip() == expected
    assert "error" in (nik_field.get_attribute("class") or "")
    assert phone.input_value("#id_nama") == NAMA
    assert phone.input_value("#id_nik") == bad_nik
    # Only the NIK is wrong, so only the NIK carries an error; nothing was saved.
    assert phone.locator(".field .errorlist").all_inner_texts() == [expected]
    assert "perlu diperbaiki" in phone.locator(".errorlist.nonfield").inner_text()
    assert not Anggota.objects.filter(koperasi=maju).exists()
    _no_horizontal_scroll(phone)
    _shot(phone, "10-nik-salah-ponsel")
    assert problems.items == []
