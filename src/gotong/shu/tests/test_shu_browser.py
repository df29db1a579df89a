"""The SHU in a real Chromium on a 360 px phone: Ani approves the closed year's SHU with the
RAT's decision, pays Citra's share into her sukarela account, and Citra finds it under SHU
saya with her slip. Screenshots land in artifacts/screenshots/ (shu-*.png)."""

import re
from decimal import Decimal
from typing import Any

import pytest
from conftest import PASSWORD

from gotong.ledger.checks import periksa_buku
from gotong.savings.models import JenisSimpanan, RekeningSimpanan
from gotong.shu.models import BagianSHUAnggota, StatusBagian
from gotong.shu.tests.helpers import TAHUN, TANGGAL_RAT, buku_2025, tutup
from gotong.testing.browser import foto, halaman, masuk

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    foto(page, f"shu-{name}")


def _masuk(browser: Any, live_server: Any, username: str) -> Any:
    page = halaman(browser)
    masuk(page, live_server.url, username, PASSWORD)
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
