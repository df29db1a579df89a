"""Paying an installment in a real Chromium on a 360 px screen, keyboard only: the amount due
is already in the field, Enter shows the summary, Enter confirms, the receipt. Every list and
the member's pages fit the phone. Screenshots land in artifacts/screenshots/."""

import datetime as dt
import re
from typing import Any

import pytest
from conftest import PASSWORD
from django.utils import timezone

from gotong.ledger.checks import periksa_buku
from gotong.loans.models import Angsuran, PembayaranPinjaman, Pinjaman
from gotong.loans.tests.helpers_pinjaman import D, cair, produk
from gotong.members.tests.helpers import make_anggota
from gotong.savings.tests.helpers_loket import laci
from gotong.testing.browser import foto, halaman, masuk

pytestmark = pytest.mark.browser
K = "/k/maju-bersama"


def _shot(page: Any, name: str) -> None:
    foto(page, f"pinjaman-bayar-{name}")


def _masuk(browser: Any, live_server: Any, user: Any) -> tuple[Any, Any, list[str]]:
    page = halaman(browser)
    masuk(page, live_server.url, user.username, PASSWORD)
    return page.context, page, page.errors


def test_pay_by_keyboard_on_a_phone_and_lists_fit(browser, live_server, maju, ani, budi, citra, citra_anggota) -> None:
    produk(maju, "umum", suku_bunga=D("1"))
    hari = timezone.localdate()
    p = cair(citra_anggota, budi, ani, tanggal=hari - dt.timedelta(days=75))
    Pinjaman.objects.filter(pk=p.pk).update(petugas=budi)
    Angsuran.objects.filter(pinjaman=p, ke=3).update(jatuh_tempo=hari + dt.timedelta(days=2))
    telat = cair(make_anggota(maju), budi, ani, tanggal=hari - dt.timedelta(days=130))  # in arrears
    laci(maju, budi, hari)

    context, page, errors = _masuk(browser, live_server, budi)
    page.goto(f"{live_server.url}{K}/pinjaman/tunggakan/")
    assert telat.nomor in page.inner_text("main")
    page.goto(f"{live_server.url}{K}/pinjaman/{p.pk}/bayar/")
    assert page.evaluate("document.activeElement.name") == "jumlah"
    assert page.input_value("#id_jumlah") != ""  # the amount due is prefilled
    _shot(page, "01-form")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Periksa pembayaran angsuran")
    _shot(page, "02-konfirmasi")
    assert not PembayaranPinjaman.objects.exists()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/simpanan/kwitansi/\d+/$"))
    _shot(page, "03-kwitansi")
    assert PembayaranPinjaman.objects.count() == 1
    for name, url in (
        ("04-tagihan", f"{K}/pinjaman/tagihan/?rentang=minggu"),
        ("05-tunggakan", f"{K}/pinjaman/tunggakan/"),
        ("06-portofolio", f"{K}/pinjaman/portofolio/"),
        ("07-pelunasan", f"{K}/pinjaman/{p.pk}/pelunasan/"),
        ("08-pelunasan-cetak", f"{K}/pinjaman/{p.pk}/pelunasan/?cetak=1"),
    ):
        page.goto(live_server.url + url)
        _shot(page, name)
    assert errors == []
    context.close()

    context, page, errors = _masuk(browser, live_server, citra)
    for name, url in (("09-saya", f"{K}/pinjaman/saya/"), ("10-saya-detail", f"{K}/pinjaman/saya/{p.pk}/")):
        page.goto(live_server.url + url)
        _shot(page, name)
    page.click("text=Nyalakan potong otomatis")
    page.wait_for_selector("text=Potong otomatis dari simpanan sukarela dinyalakan")
    assert Pinjaman.objects.get(pk=p.pk).autodebet
    assert errors == []
    context.close()
    assert periksa_buku(maju) == []
