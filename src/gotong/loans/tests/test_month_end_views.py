"""The loan month-end pages: pengurus and manajer run a month, the pengawas reads, others get
404; the run page shows progress, totals per collectibility, PPAP required vs held and the
loans."""

import datetime as dt

import pytest
from conftest import _role, _user, login

from gotong.ledger.posting import PERIODE_DITUTUP
from gotong.ledger.services import periode_tutup
from gotong.loans.models import Angsuran, KolektibilitasBulanan, ProsesAkhirBulanPinjaman
from gotong.loans.month_end import akhir_bulan_pinjaman_jalankan
from gotong.loans.tests.helpers_pinjaman import D, cair, produk
from gotong.members.tests.helpers import make_anggota
from gotong.savings.models import StatusProses
from gotong.tenancy.models import NamaPeran

PAGE = "/k/maju-bersama/pinjaman/akhir-bulan/"


@pytest.fixture(autouse=True)
def _satu_persen(maju):
    produk(maju, "umum", suku_bunga=D("1"))


@pytest.fixture
def manajer(maju):
    return _role(_user("mira", "Mira Manajer"), maju, NamaPeran.MANAJER)


def _loan(maju, budi, ani, nama, telat=0):
    p = cair(make_anggota(maju, nama=nama), budi, ani)
    if telat:
        Angsuran.objects.filter(pinjaman=p, ke=1).update(jatuh_tempo=dt.date(2026, 1, 31) - dt.timedelta(days=telat))
    return p


def test_the_manajer_runs_a_month_from_the_page_and_reads_its_totals(
    maju, ani, budi, manajer, django_capture_on_commit_callbacks
) -> None:
    _loan(maju, budi, ani, "Sari Lancar")
    _loan(maju, budi, ani, "Joko Macet", telat=300)
    client = login(manajer)
    assert client.get(PAGE).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE + "mulai/", {"bulan": "1", "tahun": "2026"})
    assert response.status_code == 302 and response["Location"] == f"{PAGE}2026/1/"
    proses = ProsesAkhirBulanPinjaman.objects.get()
    assert proses.status == StatusProses.SELESAI and proses.dimulai_oleh == manajer
    html = client.get(f"{PAGE}2026/1/").content.decode()
    assert "Sari Lancar" in html and "Joko Macet" in html
    assert "Rp9.045.000" in html  # PPAP required: 45.000 + 9.000.000, and held the same in 1.20.99
    assert "berbeda" not in html
    assert html.index("Joko Macet") < html.index("Sari Lancar")  # worst first
    macet = client.get(f"{PAGE}2026/1/?kol=4").content.decode()
    assert "Joko Macet" in macet and "Sari Lancar" not in macet
    assert "Sari Lancar" in client.get(f"{PAGE}2026/1/?q=sari").content.decode()
    assert "Rp9.045.000" in client.get(PAGE).content.decode()


def test_a_refused_run_shows_the_reason_and_nothing_starts(maju, ani) -> None:
    periode_tutup(koperasi=maju, tahun=2026, bulan=1, actor=ani)
    response = login(ani).post(PAGE + "mulai/", {"bulan": "1", "tahun": "2026"}, follow=True)
    assert str(PERIODE_DITUTUP).format(periode="01/2026") in response.content.decode()
    assert not ProsesAkhirBulanPinjaman.objects.exists()


def test_a_bad_month_is_refused_with_a_message(maju, ani) -> None:
    response = login(ani).post(PAGE + "mulai/", {"bulan": "13", "tahun": "2026"}, follow=True)
    assert "Pilih bulan dan tahun yang benar." in response.content.decode()
    assert not ProsesAkhirBulanPinjaman.objects.exists()


def test_the_progress_polls_while_running_and_asks_for_a_reload_when_done(maju, ani) -> None:
    proses = ProsesAkhirBulanPinjaman.objects.create(koperasi=maju, tahun=2026, bulan=1, total=10, diproses=4)
    client = login(ani)
    url = f"{PAGE}2026/1/status/"
    running = client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in running.content.decode() and "4 dari 10 pinjaman" in running.content.decode()
    assert "HX-Refresh" not in running
    ProsesAkhirBulanPinjaman.objects.filter(pk=proses.pk).update(status=StatusProses.SELESAI, diproses=10)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert "every 2s" not in done.content.decode() and done["HX-Refresh"] == "true"


def test_a_failed_run_shows_why_and_offers_to_continue(maju, ani) -> None:
    ProsesAkhirBulanPinjaman.objects.create(
        koperasi=maju, tahun=2026, bulan=1, status=StatusProses.GAGAL, galat="listrik padam"
    )
    html = login(ani).get(f"{PAGE}2026/1/").content.decode()
    assert "listrik padam" in html and "Lanjutkan" in html


def test_the_kasir_and_outsiders_get_404_and_the_pengawas_reads_but_cannot_run(
    maju, ani, budi, pengawas, as_dedi
) -> None:
    ProsesAkhirBulanPinjaman.objects.create(koperasi=maju, tahun=2026, bulan=1, status=StatusProses.SELESAI)
    readable = [PAGE, f"{PAGE}2026/1/", f"{PAGE}2026/1/status/"]
    as_budi, as_pengawas = login(budi), login(pengawas)
    for url in readable:
        assert as_budi.get(url).status_code == 404, url
        assert as_dedi.get(url).status_code == 404, url
        assert as_pengawas.get(url).status_code == 200, url
    assert "Jalankan" not in as_pengawas.get(PAGE).content.decode()
    for client in (as_budi, as_dedi, as_pengawas):
        assert client.post(PAGE + "mulai/", {"bulan": "2", "tahun": "2026"}).status_code == 404
    assert login(ani).get(f"{PAGE}2026/2/").status_code == 404  # no run for that month
    assert ProsesAkhirBulanPinjaman.objects.count() == 1


def test_the_run_page_pages_its_loans_with_a_fixed_number_of_queries(
    maju, ani, budi, django_assert_max_num_queries
) -> None:
    for i in range(30):
        _loan(maju, budi, ani, f"Peminjam {i}")
    akhir_bulan_pinjaman_jalankan(koperasi=maju, tahun=2026, bulan=1, actor=ani)
    assert KolektibilitasBulanan.objects.count() == 30
    client = login(ani)
    with django_assert_max_num_queries(14):
        page = client.get(f"{PAGE}2026/1/")
    assert page.status_code == 200 and "Halaman 1 dari 2" in page.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(PAGE).status_code == 200
