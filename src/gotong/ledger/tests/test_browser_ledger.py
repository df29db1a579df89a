"""The ledger in a real Chromium: every page fits a 360 px phone; a manual entry is proposed
on the phone (a seventh line added by htmx) and approved by the manajer on a desktop.
Screenshots land in artifacts/screenshots/."""

import datetime as dt
import re
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
from gotong.testing.browser import DESKTOP, PHONE, foto, halaman, masuk, muat

pytestmark = pytest.mark.browser

BASE = "/k/maju-bersama/buku-besar/"
TODAY = timezone.localdate()


def _page(browser: Any, live_server: Any, user: User, viewport: dict[str, int]) -> tuple[Any, list[str]]:
    page = halaman(browser, viewport)
    masuk(page, live_server.url, user.username, PASSWORD)
    page.wait_for_url(re.compile(r"/k/maju-bersama/$"))
    return page, page.errors


def _shot(page: Any, name: str) -> None:
    foto(page, f"buku-besar-{name}")


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

    page.goto(f"{live_server.url}{BASE}usulan/baru/")
    muat(page)
    page.get_by_role("button", name="Tambah baris").click()
    page.wait_for_selector("#id_baris-6-akun")
    assert page.input_value("#id_baris-TOTAL_FORMS") == "7"
    page.fill("#id_keterangan", "Bayar listrik dan air kantor")
    page.select_option("#id_baris-0-akun", str(akun(books, "5.10").pk))
    page.fill("#id_baris-0-jumlah", "350.000")
    page.select_option("#id_baris-6-akun", str(kas.pk))
    page.select_option("#id_baris-6-sisi", "K")
    page.fill("#id_baris-6-jumlah", "350.000")
    _shot(page, "ponsel-usulan-baru")
    page.get_by_role("button", name="Ajukan untuk disetujui").click()
    page.wait_for_selector("text=menunggu persetujuan orang lain")
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
