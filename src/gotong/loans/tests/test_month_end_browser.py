"""The loan month-end in a real Chromium on a 360 px screen: the ketua picks the month and
runs it, the run page shows the progress, then the totals per collectibility and the
loans; everything fits the phone. Screenshots land in artifacts/screenshots/."""

import datetime as dt
from typing import Any

import pytest
from conftest import PASSWORD

from gotong.ledger.checks import periksa_buku
from gotong.loans.models import Angsuran, KolektibilitasBulanan
from gotong.loans.tests.helpers_pinjaman import D, cair, produk
from gotong.members.tests.helpers import make_anggota
from gotong.testing.browser import foto, halaman, masuk

pytestmark = pytest.mark.browser
PAGE = "/k/maju-bersama/pinjaman/akhir-bulan/"


def _shot(page: Any, name: str) -> None:
    foto(page, f"pinjaman-akhir-bulan-{name}")


def test_run_a_month_on_a_phone_and_read_it(browser, live_server, maju, ani, budi) -> None:
    produk(maju, "umum", suku_bunga=D("1"))
    lancar = cair(make_anggota(maju, nama="Sari Lancar"), budi, ani)
    macet = cair(make_anggota(maju, nama="Joko Macet Berkepanjangan"), budi, ani)
    Angsuran.objects.filter(pinjaman=macet, ke=1).update(jatuh_tempo=dt.date(2025, 4, 1))

    page = halaman(browser)
    masuk(page, live_server.url, ani.username, PASSWORD)

    page.goto(f"{live_server.url}{PAGE}")
    _shot(page, "01-daftar")
    page.select_option("#id_bulan", "1")
    page.fill("#id_tahun", "2026")
    page.get_by_role("button", name="Jalankan").click()
    page.wait_for_url(f"**{PAGE}2026/1/")
    page.get_by_text("Selesai").first.wait_for()
    main = page.inner_text("main")
    assert "Joko Macet Berkepanjangan" in main and "Sari Lancar" in main
    assert "Rp9.045.000" in main  # 0,5% × 9 jt + 100% × 9 jt
    _shot(page, "02-rincian")
    page.select_option("select[name=kol]", "4")
    page.get_by_role("button", name="Saring").click()
    page.wait_for_url("**kol=4**")
    assert "Sari Lancar" not in page.inner_text("table:last-of-type")
    _shot(page, "03-macet")
    page.context.close()
    assert page.errors == []
    assert KolektibilitasBulanan.objects.filter(pinjaman__in=[lancar, macet]).count() == 2
    assert periksa_buku(maju) == []
