"""The rescheduling and write-off pages in a real Chromium on a 360 px screen: the page
never scrolls sideways (wide tables scroll inside their box), the preview then the
confirmation, the proposal then another pengurus's approval. Screenshots land in
artifacts/screenshots/."""

import datetime as dt
import re
from typing import Any

import pytest
from conftest import PASSWORD
from django.contrib.auth import get_user_model

from gotong.loans.models import Pinjaman, StatusPinjaman
from gotong.loans.tests.helpers_pinjaman import D, bayar, cair, produk
from gotong.tenancy.models import NamaPeran, Peran
from gotong.testing.browser import foto, halaman, masuk

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    foto(page, f"pinjaman-restrukturisasi-{name}")


def _masuk(browser: Any, live_server: Any, user: Any) -> Any:
    page = halaman(browser)
    masuk(page, live_server.url, user.username, PASSWORD)
    page.wait_for_url(re.compile(r"/k/maju-bersama/$"))
    return page


def test_reschedule_and_write_off_on_a_phone(browser, live_server, maju, ani, budi, citra_anggota) -> None:
    produk(maju, "umum", suku_bunga=D("1"))
    p = cair(citra_anggota, budi, ani)
    bayar(p, "840000", budi, dt.date(2026, 2, 15), cara="sukarela")
    maya = get_user_model().objects.create_user(
        username="maya", password=PASSWORD, nama_lengkap="Maya Manajer", email="maya@contoh.id"
    )
    Peran.objects.create(user=maya, koperasi=maju, peran=NamaPeran.MANAJER)
    dasar = f"{live_server.url}/k/maju-bersama/pinjaman/{p.pk}"

    page = _masuk(browser, live_server, ani)
    page.goto(f"{dasar}/restrukturisasi/")
    _shot(page, "01-form")
    page.fill("#id_tenor_baru", "18")
    page.fill("#id_alasan", "Warung sepi setelah banjir")
    page.click("text=Lihat jadwal baru")
    page.wait_for_selector("text=Periksa jadwal baru")
    _shot(page, "02-pratinjau")
    page.click("text=Ya, jadwal ulang pinjaman")
    page.wait_for_selector("text=Riwayat penjadwalan ulang")
    _shot(page, "03-riwayat")
    assert Pinjaman.objects.get(pk=p.pk).versi_jadwal == 2

    usul = _masuk(browser, live_server, maya)
    usul.goto(f"{dasar}/hapus-buku/")
    usul.fill("#id_usul-alasan", "Anggota pindah tanpa kabar; jaminan tidak ada")
    usul.click("text=Kirim usulan")
    usul.wait_for_selector("text=Usulan menunggu persetujuan")
    _shot(usul, "04-usulan")

    page.goto(f"{dasar}/hapus-buku/")
    page.wait_for_selector("text=Setujui hapus buku")
    _shot(page, "05-setujui")
    page.click("text=Setujui hapus buku")
    page.wait_for_selector("text=Pemulihan diterima")
    _shot(page, "06-hasil")
    assert Pinjaman.objects.get(pk=p.pk).status == StatusPinjaman.HAPUS_BUKU
    assert page.errors == [] and usul.errors == []
