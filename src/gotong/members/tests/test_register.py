"""The member register /k/<kode>/anggota/: search, filters, pages, Excel, card, KTP photo."""

import datetime as dt
import io
from typing import Any

import pytest
from conftest import login
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gotong.accounts.models import User
from gotong.core import nik as nik_rules
from gotong.members.export import HEADERS
from gotong.members.models import Anggota, StatusAnggota
from gotong.members.tests.helpers import image_bytes, make_anggota
from gotong.tenancy.models import Koperasi, NamaPeran, Peran

LIST = "/k/maju-bersama/anggota/"
EXPORT = "/k/maju-bersama/anggota/ekspor.xlsx"


def _names(response: Any) -> list[str]:
    return [a.nama for a in response.context["page"].object_list]


@pytest.fixture
def register(maju: Koperasi) -> dict[str, Anggota]:
    """A small register with one distinguishing trait per person."""
    return {
        "siti": make_anggota(
            maju,
            nama="Siti Rahmawati",
            jenis_kelamin="P",
            tanggal_lahir=dt.date(1985, 4, 12),
            nomor_anggota="MB-2019-0007",
            tanggal_masuk=dt.date(2019, 2, 1),
        ),
        "joko": make_anggota(
            maju,
            nama="Joko Susilo",
            nik=nik_rules.build("36.04.05", dt.date(1979, 1, 1), False, 7),
            desa_kode="36.73.01.1006",
            nomor_anggota="MB-2022-0031",
            tanggal_masuk=dt.date(2022, 6, 1),
        ),
        "wati": make_anggota(maju, nama="Wati Keluar", jenis_kelamin="P", status=StatusAnggota.KELUAR),
        "calon": make_anggota(maju, nama="Rahmat Calon", status=StatusAnggota.CALON),
        "ditolak": make_anggota(maju, nama="Rahmi Ditolak", status=StatusAnggota.DITOLAK),
        "lain": make_anggota(
            Koperasi.objects.create(kode="lain", nama="Lain", jenis="ksp", kabupaten_kode="36.73"),
            nama="Rahmawati Koperasi Lain",
        ),
    }


# --- search and filters -------------------------------------------------------------------


def test_the_register_lists_active_and_exited_members_but_not_applicants(
    as_ani: Client, register: dict[str, Anggota]
) -> None:
    assert _names(as_ani.get(LIST)) == ["Joko Susilo", "Siti Rahmawati", "Wati Keluar"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("rahma", ["Siti Rahmawati"]),
        ("SUSILO", ["Joko Susilo"]),
        ("siti rah", ["Siti Rahmawati"]),
        ("36040501", ["Joko Susilo"]),
        ("367301", ["Siti Rahmawati", "Wati Keluar"]),
        ("MB-2019-0007", ["Siti Rahmawati"]),
        ("mb-2022", ["Joko Susilo"]),
        ("Cimuncang", ["Joko Susilo"]),
        ("tidak ada orangnya", []),
    ],
    ids=[
        "name-fragment",
        "name-any-case",
        "name-two-words",
        "nik-prefix",
        "nik-kecamatan",
        "member-number",
        "member-number-prefix",
        "desa-name",
        "nothing",
    ],
)
def test_the_register_search_finds_by_name_nik_number_or_desa(
    as_ani: Client, register: dict[str, Anggota], q: str, expected: list[str]
) -> None:
    assert _names(as_ani.get(LIST, {"q": q})) == expected


def test_a_search_with_no_result_says_so(as_ani: Client, register: dict[str, Anggota]) -> None:
    html = as_ani.get(LIST, {"q": "tidak ada orangnya"}).content.decode()
    assert "Tidak ada anggota yang cocok" in html


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "keluar"}, ["Wati Keluar"]),
        ({"status": "aktif"}, ["Joko Susilo", "Siti Rahmawati"]),
        ({"tahun": "2019"}, ["Siti Rahmawati"]),
        ({"jenis_kelamin": "P"}, ["Siti Rahmawati", "Wati Keluar"]),
        ({"desa": "36.73.01.1006"}, ["Joko Susilo"]),
        ({"jenis_kelamin": "P", "status": "aktif"}, ["Siti Rahmawati"]),
        ({"q": "rahma", "status": "keluar"}, []),
    ],
    ids=["status-keluar", "status-aktif", "join-year", "sex", "desa", "sex-and-status", "search-and-status"],
)
def test_the_register_filters_by_status_year_sex_and_desa(
    as_ani: Client, register: dict[str, Anggota], filters: dict[str, str], expected: list[str]
) -> None:
    assert _names(as_ani.get(LIST, filters)) == expected


def test_the_desa_filter_offers_only_desa_where_the_koperasi_has_members(
    as_ani: Client, register: dict[str, Anggota]
) -> None:
    assert as_ani.get(LIST).context["desa_list"] == [("36.73.01.1006", "Cimuncang"), ("36.73.01.1002", "Cipare")]


def test_the_register_is_paginated_and_page_two_holds_the_rest(as_ani: Client, maju: Koperasi) -> None:
    for i in range(30):
        make_anggota(maju, nama=f"Anggota {i:02d}")
    first = as_ani.get(LIST)
    second = as_ani.get(LIST, {"hal": "2"})
    assert _names(first) == [f"Anggota {i:02d}" for i in range(25)]
    assert _names(second) == [f"Anggota {i:02d}" for i in range(25, 30)]
    assert "30 anggota" in first.content.decode()


def test_the_page_links_keep_the_search(as_ani: Client, maju: Koperasi) -> None:
    for i in range(30):
        make_anggota(maju, nama=f"Sari {i:02d}")
    html = as_ani.get(LIST, {"q": "sari"}).content.decode()
    assert "q=sari" in html
    assert "hal=2" in html


def test_an_htmx_search_returns_only_the_table(as_ani: Client, register: dict[str, Anggota]) -> None:
    response = as_ani.get(LIST, {"q": "joko"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<table>" in html
    assert "Joko Susilo" in html and "Siti Rahmawati" not in html
    assert [t.name for t in response.templates][0] == "members/_anggota_table.html"


def test_a_full_page_request_returns_the_whole_page(as_ani: Client, register: dict[str, Anggota]) -> None:
    assert "<html" in as_ani.get(LIST).content.decode()


def _queries_for_list(client: Client) -> int:
    cache.clear()  # the desa filter list is cached; count the queries of a cold page
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_the_register_query_count_does_not_grow_with_the_members(
    as_ani: Client, maju: Koperasi, django_assert_max_num_queries: Any
) -> None:
    for i in range(5):
        make_anggota(maju, nama=f"Awal {i}")
    with_five = _queries_for_list(as_ani)
    for i in range(55):
        make_anggota(maju, nama=f"Tambahan {i}", desa_kode="36.73.01.1006" if i % 2 else "36.73.01.1002")
    with_sixty = _queries_for_list(as_ani)
    assert with_sixty == with_five
    with django_assert_max_num_queries(with_five):
        as_ani.get(LIST, {"hal": "3"})


# --- Excel export -------------------------------------------------------------------------


def _sheet(response: Any) -> Any:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="anggota-maju-bersama.xlsx"' in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content)).active


def test_the_excel_export_has_a_title_headers_and_one_row_per_member(
    as_ani: Client, register: dict[str, Anggota]
) -> None:
    ws = _sheet(as_ani.get(EXPORT))
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].startswith("Daftar anggota Koperasi Maju Bersama")
    assert list(rows[1]) == HEADERS
    assert len(rows) == 2 + 3
    siti = next(r for r in rows[2:] if r[1] == "Siti Rahmawati")
    record = dict(zip(HEADERS, siti, strict=True))
    assert record["Nomor anggota"] == "MB-2019-0007"
    assert record["NIK"] == register["siti"].nik
    assert record["Jenis kelamin"] == "Perempuan"
    assert record["Desa/kelurahan"] == "Cipare"
    assert record["Kabupaten/kota"] == "Kota Serang"
    assert record["Tanggal masuk"].date() == dt.date(2019, 2, 1)
    assert record["Status"] == "Aktif"


def test_the_excel_export_follows_the_filters(as_ani: Client, register: dict[str, Anggota]) -> None:
    rows = list(_sheet(as_ani.get(EXPORT, {"status": "keluar"})).iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == ["Wati Keluar"]


@pytest.mark.parametrize("nama", ['=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"])
def test_the_excel_export_stores_formula_like_text_as_plain_text(as_ani: Client, maju: Koperasi, nama: str) -> None:
    make_anggota(maju, nama=nama, pekerjaan="=1+1")
    ws = _sheet(as_ani.get(EXPORT))
    name_cell, job_cell = ws.cell(row=3, column=2), ws.cell(row=3, column=12)
    for cell in (name_cell, job_cell):
        assert cell.data_type == "s"
        assert not str(cell.value).startswith(("=", "+", "-", "@"))
    assert nama in name_cell.value


def test_the_excel_export_title_row_is_safe_too(as_ani: Client, maju: Koperasi) -> None:
    maju.nama = "=cmd()"
    maju.save()
    ws = _sheet(as_ani.get(EXPORT))
    assert ws.cell(row=1, column=1).data_type == "s"
    assert not ws.cell(row=1, column=1).value.startswith("=")


# --- card and verification ----------------------------------------------------------------


def test_the_member_card_of_an_active_member_is_a_pdf(as_ani: Client, citra_anggota: Anggota) -> None:
    response = as_ani.get(f"/k/maju-bersama/anggota/{citra_anggota.pk}/kartu.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="kartu-MB-2021-0001.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("status", [StatusAnggota.KELUAR, StatusAnggota.CALON, StatusAnggota.DITOLAK])
def test_the_member_card_is_refused_for_a_member_who_is_not_active(as_ani: Client, maju: Koperasi, status: str) -> None:
    anggota = make_anggota(maju, status=status)
    assert as_ani.get(f"/k/maju-bersama/anggota/{anggota.pk}/kartu.pdf").status_code == 404


def test_a_member_downloads_her_own_card(citra: User) -> None:
    response = login(citra).get("/k/maju-bersama/saya/kartu.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_card_verification_page_shows_only_name_number_koperasi_and_status(
    client: Client, citra_anggota: Anggota
) -> None:
    response = client.get(f"/k/maju-bersama/kartu/{citra_anggota.token_kartu}/")
    html = response.content.decode()
    assert response.status_code == 200
    for shown in ("Citra Lestari", "MB-2021-0001", "Koperasi Maju Bersama", "Aktif"):
        assert shown in html
    for hidden in (
        citra_anggota.nik,
        citra_anggota.nik_tersamar,
        "Jl. Veteran",
        "081234567890",
        citra_anggota.nomor_kk,
        "Pedagang",
        "1990",
    ):
        assert hidden not in html


def test_the_card_verification_page_shows_an_exited_member_as_keluar(client: Client, maju: Koperasi) -> None:
    anggota = make_anggota(maju, status=StatusAnggota.KELUAR)
    html = client.get(f"/k/maju-bersama/kartu/{anggota.token_kartu}/").content.decode()
    assert "Keluar" in html


def test_the_card_verification_page_knows_no_applicant_and_no_made_up_token(client: Client, maju: Koperasi) -> None:
    calon = make_anggota(maju, status=StatusAnggota.CALON)
    assert client.get(f"/k/maju-bersama/kartu/{calon.token_kartu}/").status_code == 404
    assert client.get("/k/maju-bersama/kartu/bukan-token/").status_code == 404


# --- KTP photo ----------------------------------------------------------------------------


@pytest.fixture
def calon_with_ktp(maju: Koperasi) -> Anggota:
    calon = make_anggota(maju, status=StatusAnggota.CALON)
    calon.foto_ktp.save("ktp.png", ContentFile(image_bytes("PNG")))
    return calon


def _ktp_url(anggota: Anggota) -> str:
    return f"/k/maju-bersama/pendaftaran/{anggota.pk}/ktp/"


def test_the_ktp_photo_streams_to_the_board_without_caching(as_ani: Client, calon_with_ktp: Anggota) -> None:
    response = as_ani.get(_ktp_url(calon_with_ktp))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == image_bytes("PNG")
    assert response["Cache-Control"] == "private, no-store"


def test_the_ktp_photo_is_readable_by_the_pengawas(pengawas: User, calon_with_ktp: Anggota) -> None:
    assert login(pengawas).get(_ktp_url(calon_with_ktp)).status_code == 200


def test_the_ktp_photo_is_hidden_from_the_kasir_a_member_and_an_outsider(
    budi: User, citra: User, as_dedi: Client, calon_with_ktp: Anggota
) -> None:
    for client in (login(budi), login(citra), as_dedi):
        assert client.get(_ktp_url(calon_with_ktp)).status_code == 404


def test_a_ktp_photo_of_another_koperasi_is_not_reachable_through_this_one(
    dedi: User, tani: Koperasi, maju: Koperasi
) -> None:
    # Dedi is ketua of Tani Makmur; a Tani Makmur applicant's photo is not reachable via Maju Bersama.
    calon = make_anggota(tani, status=StatusAnggota.CALON)
    calon.foto_ktp.save("ktp.png", ContentFile(image_bytes("PNG")))
    Peran.objects.create(user=dedi, koperasi=maju, peran=NamaPeran.KASIR)
    assert login(dedi).get(_ktp_url(calon)).status_code == 404
    assert login(dedi).get(f"/k/tani-makmur/pendaftaran/{calon.pk}/ktp/").status_code == 200


def test_the_ktp_photo_asks_an_anonymous_visitor_to_sign_in(client: Client, calon_with_ktp: Anggota) -> None:
    response = client.get(_ktp_url(calon_with_ktp))
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_an_application_without_a_photo_answers_404(as_ani: Client, maju: Koperasi) -> None:
    calon = make_anggota(maju, status=StatusAnggota.CALON)
    assert as_ani.get(_ktp_url(calon)).status_code == 404
