"""The year-close screens: the list of book years, the confirmation page, closing and reopening."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from conftest import login
from django.test import Client
from django.utils import timezone

from gotong.core.models import AuditLog
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.tests.helpers import post, staff
from gotong.reports import penutupan
from gotong.reports.models import TahunBuku
from gotong.tenancy.models import Koperasi, NamaPeran

LALU = timezone.localdate().year - 1  # a finished year
KINI = LALU + 1


def _buku(koperasi: Koperasi, anggota: Any) -> None:
    """Last year: capital 10 juta, interest from a member 600 rb, other income 200 rb, costs
    300 rb (SHU 500 rb); this year: interest 100 rb."""
    post(koperasi, dt.date(LALU, 1, 5), "1.01", "3.12", "10000000")
    post(koperasi, dt.date(LALU, 3, 1), "1.01", "4.10", "600000", anggota=anggota)
    post(koperasi, dt.date(LALU, 4, 1), "1.01", "4.90", "200000")
    post(koperasi, dt.date(LALU, 12, 20), "5.10", "1.01", "300000")
    post(koperasi, dt.date(KINI, 1, 10), "1.01", "4.10", "100000", anggota=anggota)


@pytest.fixture
def buku(maju: Koperasi, citra_anggota: Any) -> Koperasi:
    _buku(maju, citra_anggota)
    return maju


def _url(akhir: str = "") -> str:
    return f"/k/maju-bersama/laporan/tutup-buku/{akhir}"


def test_the_list_shows_each_book_year_open_or_closed_with_its_shu(buku: Koperasi, as_ani: Client) -> None:
    html = as_ani.get(_url()).content.decode()

    assert str(LALU) in html and str(KINI) in html
    assert "Rp500.000" in html and "Rp100.000" in html
    assert "Terbuka, siap ditutup" in html and "Tahun berjalan" in html
    assert f"/tutup-buku/{LALU}/tutup/" in html and f"/tutup-buku/{KINI}/tutup/" not in html
    assert "/buku-besar/periode/" in html  # month close lives in the ledger


def test_the_confirmation_page_shows_the_result_that_moves_to_3_99_and_the_checks(
    buku: Koperasi, as_ani: Client
) -> None:
    html = as_ani.get(_url(f"{LALU}/tutup/")).content.decode()

    assert "Rp800.000" in html and "Rp300.000" in html and "Rp500.000" in html  # income, costs, SHU
    assert "4.10 Jasa/bunga pinjaman" in html and "5.10 Beban operasional" in html
    assert "Pemeriksaan buku besar bersih" in html and "12 bulan masih terbuka" in html
    assert not TahunBuku.objects.filter(ditutup=True).exists()  # GET changes nothing


def test_closing_from_the_confirmation_page_posts_the_closing_entry_and_names_who_closed(
    buku: Koperasi, as_ani: Client
) -> None:
    response = as_ani.post(_url(f"{LALU}/tutup/"))

    assert response.status_code == 302
    tb = TahunBuku.objects.get(koperasi=buku, tahun=LALU)
    assert tb.ditutup and tb.shu == Decimal("500000") and tb.ditutup_oleh is not None
    html = as_ani.get(_url()).content.decode()
    assert "Ani Suryani" in html and "Ditutup" in html and f"/tutup-buku/{LALU}/buka/" in html


def test_closing_the_running_year_shows_the_service_message_and_saves_nothing(buku: Koperasi, as_ani: Client) -> None:
    response = as_ani.post(_url(f"{KINI}/tutup/"))

    assert response.status_code == 400
    pesan = str(penutupan.TAHUN_BELUM_BERAKHIR).format(tahun=KINI, berikut=KINI + 1)
    assert pesan in response.content.decode()
    assert not TahunBuku.objects.filter(ditutup=True).exists()
    assert not Jurnal.objects.filter(sumber=SumberJurnal.TUTUP_BUKU).exists()


def test_years_close_in_order(buku: Koperasi, as_ani: Client) -> None:
    post(buku, dt.date(LALU - 1, 6, 1), "1.01", "4.90", "50000")

    response = as_ani.post(_url(f"{LALU}/tutup/"))

    assert response.status_code == 400
    assert str(penutupan.TAHUN_SEBELUMNYA_TERBUKA).format(tahun=LALU - 1) in response.content.decode()


def test_reopening_needs_a_reason_and_saves_nothing_without_one(buku: Koperasi, as_ani: Client, ani: Any) -> None:
    penutupan.tahun_buku_tutup(koperasi=buku, tahun=LALU, actor=ani)

    response = as_ani.post(_url(f"{LALU}/buka/"), {"alasan": "   "})

    assert response.status_code == 400
    assert str(penutupan.ALASAN_WAJIB) in response.content.decode()
    assert TahunBuku.objects.get(koperasi=buku, tahun=LALU).ditutup


def test_reopening_with_a_reason_reverses_the_closing_entry_and_is_audited(
    buku: Koperasi, as_ani: Client, ani: Any
) -> None:
    penutupan.tahun_buku_tutup(koperasi=buku, tahun=LALU, actor=ani)

    response = as_ani.post(_url(f"{LALU}/buka/"), {"alasan": "Koreksi penyusutan Desember"})

    assert response.status_code == 302
    assert not TahunBuku.objects.get(koperasi=buku, tahun=LALU).ditutup
    assert Jurnal.objects.filter(sumber=SumberJurnal.TUTUP_BUKU, membalik__isnull=False).count() == 1
    log = AuditLog.objects.get(aksi="tahun_buku.buka")
    assert log.sesudah["alasan"] == "Koreksi penyusutan Desember"


def test_the_manajer_and_pengawas_read_the_list_but_cannot_close(buku: Koperasi) -> None:
    for peran in (NamaPeran.MANAJER, NamaPeran.PENGAWAS):
        client = login(staff(buku, f"u-{peran}", peran))
        assert client.get(_url()).status_code == 200
        assert "Tutup buku</a>" not in client.get(_url()).content.decode()
        assert client.post(_url(f"{LALU}/tutup/")).status_code == 404
    assert not TahunBuku.objects.filter(ditutup=True).exists()


def test_kasir_member_and_outsider_get_404(buku: Koperasi, budi: Any, citra: Any, as_dedi: Client) -> None:
    for client in (login(budi), login(citra), as_dedi):
        assert client.get(_url()).status_code == 404
        assert client.post(_url(f"{LALU}/tutup/")).status_code == 404
        assert client.post(_url(f"{LALU}/buka/"), {"alasan": "x"}).status_code == 404
    assert not TahunBuku.objects.exists()


def test_an_absurd_year_is_404(buku: Koperasi, as_ani: Client) -> None:
    assert as_ani.get(_url("9999/tutup/")).status_code == 404


def test_a_year_that_may_not_be_reopened_says_why_instead_of_offering_the_button(
    buku: Koperasi, as_ani: Client, ani: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    penutupan.tahun_buku_tutup(koperasi=buku, tahun=LALU, actor=ani)
    alasan = f"SHU tahun buku {LALU} sudah disahkan RAT."
    monkeypatch.setattr(penutupan, "PENGHALANG_BUKA", [lambda koperasi, tahun: alasan])

    html = as_ani.get(_url()).content.decode()

    assert alasan in html
    assert _url(f"{LALU}/buka/") not in html
