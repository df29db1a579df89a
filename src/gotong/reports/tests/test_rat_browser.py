"""Year close, RAPBK and the RAT package in a real Chromium on a 360 px phone: Ani closes last
year after its confirmation page, types budget lines the Indonesian way, writes the board's
report and opens the package. Screenshots land in artifacts/screenshots/ (rat-*.png)."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from conftest import PASSWORD
from django.utils import timezone

from gotong.ledger.posting import akun
from gotong.ledger.tests.helpers import post
from gotong.reports.models import AnggaranBaris, LaporanPengurus, TahunBuku
from gotong.tenancy.models import Koperasi
from gotong.testing.browser import foto, halaman, masuk

pytestmark = pytest.mark.browser
LALU = timezone.localdate().year - 1
KINI = LALU + 1


def _shot(page: Any, name: str) -> None:
    foto(page, f"rat-{name}")


def test_ani_closes_the_year_plans_the_budget_and_opens_the_rat_package_on_a_phone(
    browser: Any, live_server: Any, maju: Koperasi, ani: Any, citra_anggota: Any
) -> None:
    post(maju, dt.date(LALU, 1, 5), "1.01", "3.12", "10000000")
    post(maju, dt.date(LALU, 3, 1), "1.01", "4.10", "600000", anggota=citra_anggota)
    post(maju, dt.date(LALU, 12, 20), "5.10", "1.01", "300000")
    page = halaman(browser)
    masuk(page, live_server.url, ani.username, PASSWORD)
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
    for jalan in (f"rat/{LALU}/statistik-anggota/", f"rat/{LALU}/ods/", f"anggaran/{KINI}/"):
        page.goto(f"{base}/{jalan}")
        _shot(page, "07-" + jalan.split("/")[-2])
    assert not page.errors, page.errors
