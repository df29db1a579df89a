"""The counter in a real Chromium on a 360 px screen, keyboard only: open the drawer, scan
the card (the scanner types the QR's URL and Enter), Setor, type the amount, Enter to see
the summary, Enter to confirm, the receipt. Screenshots land in artifacts/screenshots/."""

import re
from typing import Any

import pytest
from conftest import PASSWORD
from django.utils import timezone

from gotong.savings.models import Kwitansi, RekeningSimpanan, SesiKas
from gotong.savings.tests.helpers_loket import D, rekening
from gotong.testing.browser import foto, halaman, masuk, muat

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    foto(page, f"simpanan-{name}")


def test_a_deposit_at_the_counter_by_keyboard_on_a_phone(browser, live_server, budi, citra_anggota) -> None:
    akun = rekening(citra_anggota, tanggal=timezone.localdate())
    page = halaman(browser)
    masuk(page, live_server.url, budi.username, PASSWORD)
    page.wait_for_url(re.compile(r"/k/maju-bersama/$"))

    page.goto(f"{live_server.url}/k/maju-bersama/simpanan/laci/")
    page.fill("#id_saldo_awal", "500.000")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Laci kas dibuka")
    _shot(page, "01-laci")

    page.goto(f"{live_server.url}/k/maju-bersama/simpanan/")
    assert page.evaluate("document.activeElement.id") == "id_q"  # the search box has the focus
    page.keyboard.type(f"{live_server.url}/k/maju-bersama/kartu/{citra_anggota.token_kartu}/")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/simpanan/anggota/{citra_anggota.pk}/$"))
    _shot(page, "02-anggota")

    page.goto(f"{live_server.url}/k/maju-bersama/simpanan/rekening/{akun['sukarela'].pk}/setor/")
    assert page.evaluate("document.activeElement.name") == "jumlah"
    page.keyboard.type("150.000")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Periksa setoran")
    assert "Seratus lima puluh ribu rupiah" in page.inner_text("main")
    _shot(page, "03-konfirmasi")
    assert not Kwitansi.objects.exists()
    page.keyboard.press("Enter")  # the confirm button has the focus
    page.wait_for_url(re.compile(r"/simpanan/kwitansi/\d+/$"))
    _shot(page, "04-kwitansi")

    assert RekeningSimpanan.objects.get(pk=akun["sukarela"].pk).saldo == D("150000")
    assert Kwitansi.objects.count() == 1
    sesi = SesiKas.objects.get(kasir=budi)
    for url in (
        "/k/maju-bersama/simpanan/laci/",
        f"/k/maju-bersama/simpanan/laci/{sesi.pk}/",
        f"/k/maju-bersama/simpanan/rekening/{akun['sukarela'].pk}/",
        f"/k/maju-bersama/simpanan/rekening/{akun['sukarela'].pk}/tarik/",
        f"/k/maju-bersama/simpanan/anggota/{citra_anggota.pk}/pindah/",
        f"/k/maju-bersama/simpanan/anggota/{citra_anggota.pk}/berjangka/",
    ):
        page.goto(live_server.url + url)
        muat(page)
    page.goto(f"{live_server.url}/k/maju-bersama/simpanan/laci/")
    page.click("summary")  # the count per denomination fills the total
    page.fill("#id_lembar_100000", "6")
    page.fill("#id_lembar_50000", "1")
    assert page.input_value("#id_uang_dihitung") == "650.000"
    _shot(page, "05-tutup-laci")
    page.click("text=Tutup laci dan bukukan selisih")
    page.wait_for_selector("text=Laporan akhir hari kasir")
    assert "Uang cocok, tidak ada selisih." in page.inner_text("main")
    _shot(page, "06-laporan-laci")
    assert page.errors == []
    page.context.close()
