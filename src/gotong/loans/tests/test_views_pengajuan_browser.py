"""A loan from the simulator to the disbursement in a real Chromium on a 360 px phone:
the public simulator, the application with its live schedule preview (htmx), the analysis
and approval by another person, the disbursement confirmed, the loan's page. Screenshots
land in artifacts/screenshots/ (pinjaman-*.png)."""

import re
from typing import Any

import pytest
from conftest import PASSWORD
from django.utils import timezone

from gotong.loans.models import Pinjaman, ProdukPinjaman, StatusPinjaman
from gotong.loans.tests.helpers_pinjaman import D, produk
from gotong.savings.services import rekening_buka_anggota_baru
from gotong.testing.browser import DESKTOP, foto, halaman, masuk, muat

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    foto(page, f"pinjaman-{name}")


def _masuk(page: Any, base: str, user: Any) -> None:
    masuk(page, base, user.username, PASSWORD)
    page.wait_for_url(re.compile(r"/k/maju-bersama/"))


def test_a_loan_from_simulator_to_disbursement_on_a_phone(browser, live_server, maju, ani, budi, citra_anggota):
    produk(maju, "umum", suku_bunga=D("1"))
    umum = ProdukPinjaman.objects.get(koperasi=maju, kode="umum")
    rekening_buka_anggota_baru(anggota=citra_anggota, tanggal=timezone.localdate())
    base = live_server.url
    k = f"{base}/k/maju-bersama"

    publik = halaman(browser)
    publik.goto(f"{k}/simulasi-pinjaman/")
    publik.select_option("#id_produk", str(umum.pk))
    publik.fill("#id_pokok", "9.000.000")
    publik.fill("#id_tenor", "12")
    publik.click("button[type=submit]")
    publik.wait_for_selector("text=Rp840.000")
    _shot(publik, "01-simulasi")

    kasir = halaman(browser)
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

    ketua = halaman(browser)
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

    lebar = halaman(browser, DESKTOP)
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
        muat(ketua)
    for page in (publik, kasir, ketua, lebar):
        assert page.errors == []
