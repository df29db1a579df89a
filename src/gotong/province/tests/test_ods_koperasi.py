"""The cooperative's own yearly report at /k/<kode>/laporan-tahunan/: from its books, RAT date,
submit to the Dinas; other roles and other cooperatives get 404."""

import datetime as dt

import pytest
from conftest import login
from django.test import Client
from django.utils import timezone

from gotong.accounts.models import User
from gotong.province.models import LaporanTahunan, StatusLaporan, SumberLaporan
from gotong.tenancy.models import Koperasi

pytestmark = pytest.mark.django_db

TAHUN = timezone.localdate().year - 1
URL = "/k/maju-bersama/laporan-tahunan/"


def _rat() -> str:
    tanggal = min(dt.date(TAHUN + 1, 3, 15), timezone.localdate())
    return tanggal.isoformat()


def test_the_board_saves_a_draft_from_the_books(as_ani: Client, maju: Koperasi, citra_anggota: object) -> None:
    assert as_ani.get(URL).status_code == 200
    response = as_ani.post(f"{URL}?tahun={TAHUN}", {"aksi": "simpan", "tanggal_rat": _rat()})
    assert response.status_code == 302
    laporan = LaporanTahunan.objects.get(koperasi=maju, tahun=TAHUN)
    assert laporan.status == StatusLaporan.DRAFT and laporan.sumber == SumberLaporan.BUKU
    assert laporan.anggota_wanita == 1  # Citra, active since 2021


def test_submitting_with_books_that_do_not_show_members_is_refused_with_the_reason(
    as_ani: Client, maju: Koperasi
) -> None:
    response = as_ani.post(f"{URL}?tahun={TAHUN}", {"aksi": "ajukan", "tanggal_rat": _rat()})
    assert "Jumlah anggota laki-laki dan perempuan masih 0" in response.content.decode()
    assert not LaporanTahunan.objects.filter(status=StatusLaporan.DIAJUKAN).exists()


def test_submit_then_the_page_is_read_only(as_ani: Client, maju: Koperasi, citra_anggota: object) -> None:
    response = as_ani.post(f"{URL}?tahun={TAHUN}", {"aksi": "ajukan", "tanggal_rat": _rat()})
    assert response.status_code == 302
    laporan = LaporanTahunan.objects.get(koperasi=maju, tahun=TAHUN)
    assert laporan.status == StatusLaporan.DIAJUKAN
    as_ani.post(f"{URL}?tahun={TAHUN}", {"aksi": "simpan", "tanggal_rat": ""})
    laporan.refresh_from_db()
    assert laporan.status == StatusLaporan.DIAJUKAN and laporan.tanggal_rat is not None


def test_a_returned_report_shows_the_dinas_comment(as_ani: Client, maju: Koperasi) -> None:
    LaporanTahunan.objects.create(
        koperasi=maju, tahun=TAHUN, status=StatusLaporan.DIKEMBALIKAN, catatan="Lampirkan berita acara."
    )
    assert "Lampirkan berita acara." in as_ani.get(f"{URL}?tahun={TAHUN}").content.decode()


def test_a_cashier_a_member_and_another_cooperative_get_404(
    budi: User, citra: User, as_dedi: Client, maju: Koperasi
) -> None:
    assert login(budi).get(URL).status_code == 404
    assert login(citra).get(URL).status_code == 404
    assert as_dedi.get(URL).status_code == 404
    assert as_dedi.post(URL, {"aksi": "ajukan"}).status_code == 404
