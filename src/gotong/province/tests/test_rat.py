"""RAT compliance: classification at the boundaries, who is asked, one query per page, export,
the registry filter."""

import datetime as dt
import io
from typing import Any

import pytest
from conftest import login
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from gotong.accounts.models import User
from gotong.province import rat
from gotong.province.models import LaporanTahunan, StatusLaporan
from gotong.tenancy.models import JenisKoperasi, Koperasi, PeranDinas, StatusKoperasi, TingkatDinas

pytestmark = pytest.mark.django_db

TAHUN = 2024


def _kop(kode: str, kab: str = "36.02", **kwargs: Any) -> Koperasi:
    return Koperasi.objects.create(
        kode=kode, nama=kode.upper(), jenis=JenisKoperasi.KONSUMEN, kabupaten_kode=kab, **kwargs
    )


def _lapor(kop: Koperasi, tahun: int, rat_tanggal: dt.date | None, status: str = StatusLaporan.DIVERIFIKASI) -> None:
    LaporanTahunan.objects.create(koperasi=kop, tahun=tahun, tanggal_rat=rat_tanggal, status=status)


@pytest.fixture
def kasus(db: Any) -> dict[str, Koperasi]:
    k = {
        "tepat": _kop("tepat"),
        "batas": _kop("batas"),  # RAT on 30 June: still on time
        "telat": _kop("telat"),  # RAT on 1 July: late
        "diajukan": _kop("diajukan"),  # submitted, not yet verified: counts as reported
        "draf": _kop("draf"),  # only a draft: not reported
        "dikembalikan": _kop("dikembalikan"),  # returned: not reported
        "dua": _kop("dua"),  # nothing for 2023 nor 2024
        "lalu_saja": _kop("lalu-saja"),  # reported 2023, not 2024
        "baru": _kop("baru", tanggal_badan_hukum=dt.date(2024, 3, 1)),  # founded in 2024: owed no 2023
        "terlalu_baru": _kop("terlalu-baru", tanggal_badan_hukum=dt.date(2025, 1, 2)),  # owes nothing for 2024
        "bubar": _kop("bubar", status=StatusKoperasi.DIBUBARKAN, aktif=False),  # not asked
        "serang": _kop("serang", kab="36.73"),
    }
    _lapor(k["tepat"], TAHUN, dt.date(2025, 3, 1))
    _lapor(k["batas"], TAHUN, dt.date(2025, 6, 30))
    _lapor(k["telat"], TAHUN, dt.date(2025, 7, 1))
    _lapor(k["diajukan"], TAHUN, dt.date(2025, 2, 1), StatusLaporan.DIAJUKAN)
    _lapor(k["draf"], TAHUN, dt.date(2025, 2, 1), StatusLaporan.DRAFT)
    _lapor(k["dikembalikan"], TAHUN, dt.date(2025, 2, 1), StatusLaporan.DIKEMBALIKAN)
    _lapor(k["lalu_saja"], TAHUN - 1, dt.date(2024, 4, 1))
    _lapor(k["draf"], TAHUN - 1, dt.date(2024, 4, 1))
    _lapor(k["dikembalikan"], TAHUN - 1, dt.date(2024, 4, 1), StatusLaporan.DIKEMBALIKAN)
    return k


def _kelas(wilayah: str = "36") -> dict[str, str]:
    return {k.kode: k.rat_kelas for k in rat.kepatuhan(wilayah=wilayah, tahun=TAHUN)}  # type: ignore[attr-defined]


def test_classification_at_the_boundaries(kasus: dict[str, Koperasi]) -> None:
    assert _kelas() == {
        "tepat": rat.TEPAT,
        "batas": rat.TEPAT,
        "telat": rat.TERLAMBAT,
        "diajukan": rat.TEPAT,
        "draf": rat.BELUM,
        "dikembalikan": rat.DUA_TAHUN,
        "dua": rat.DUA_TAHUN,
        "lalu-saja": rat.BELUM,
        "baru": rat.BELUM,
        "serang": rat.DUA_TAHUN,
    }


def test_summary_counts_in_one_query(kasus: dict[str, Koperasi]) -> None:
    with CaptureQueriesContext(connection) as q:
        rows = rat.ringkasan(wilayah="36", tahun=TAHUN)
    assert len(q) == 1
    assert {r["kelas"]: r["jumlah"] for r in rows} == {
        rat.TEPAT: 3,
        rat.TERLAMBAT: 1,
        rat.BELUM: 3,
        rat.DUA_TAHUN: 3,
    }
    assert sum(r["persen"] for r in rows) in (99, 100, 101)
    per_kab = {r["kabupaten_kode"]: r for r in rat.per_kabupaten(wilayah="36", tahun=TAHUN)}
    assert per_kab["36.73"][rat.DUA_TAHUN] == 1 and per_kab["36.02"]["total"] == 9


def test_the_kabupaten_office_sees_its_own_only(kasus: dict[str, Koperasi]) -> None:
    assert _kelas("36.73") == {"serang": rat.DUA_TAHUN}


def test_the_page_filters_and_costs_a_fixed_number_of_queries(eka: User, kasus: dict[str, Koperasi]) -> None:
    as_eka = login(eka)
    response = as_eka.get("/dinas/rat/", {"tahun": TAHUN, "kelas": rat.TERLAMBAT})
    assert [k.kode for k in response.context["page"]] == ["telat"]
    for i in range(30):
        _kop(f"tambahan-{i}")
    with CaptureQueriesContext(connection) as q1:
        as_eka.get("/dinas/rat/", {"tahun": TAHUN})
    for i in range(30, 60):
        _kop(f"tambahan-{i}")
    with CaptureQueriesContext(connection) as q2:
        as_eka.get("/dinas/rat/", {"tahun": TAHUN, "hal": "2"})
    assert len(q1) == len(q2)
    page_queries = [x["sql"] for x in q2.captured_queries if "rat_kelas" in x["sql"].lower() or "CASE" in x["sql"]]
    assert len(page_queries) <= 4  # counts, per kab/kota, page count, page rows


def test_excel_export_of_the_list(eka: User, kasus: dict[str, Koperasi]) -> None:
    Koperasi.objects.filter(pk=kasus["dua"].pk).update(nama='=HYPERLINK("x")')
    response = login(eka).get("/dinas/rat/ekspor.xlsx", {"tahun": TAHUN, "kelas": rat.DUA_TAHUN})
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None
    assert ws["A1"].value.startswith("Kepatuhan RAT tahun buku 2024")
    names = {ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)}
    assert names == {'\'=HYPERLINK("x")', "DIKEMBALIKAN", "SERANG"}
    assert {ws.cell(row=r, column=6).value for r in range(3, ws.max_row + 1)} == {
        "Belum melapor 2 tahun berturut-turut"
    }


def test_registry_filter_rat_held(eka: User, kasus: dict[str, Koperasi]) -> None:
    tahun = rat.tahun_default(timezone.localdate())
    kop = kasus["tepat"]
    _lapor(kop, tahun, dt.date(tahun + 1, 3, 1))
    page = login(eka).get("/dinas/koperasi/", {"rat": rat.TEPAT}).context["page"]
    assert [k.kode for k in page] == ["tepat"]


def test_default_year_is_the_latest_past_its_deadline() -> None:
    assert rat.tahun_default(dt.date(2026, 6, 30)) == 2024
    assert rat.tahun_default(dt.date(2026, 7, 1)) == 2025


def test_a_kabupaten_officer_pages(kasus: dict[str, Koperasi]) -> None:
    officer = User.objects.create_user(username="ks", password="x-" * 8, nama_lengkap="KS")
    PeranDinas.objects.create(user=officer, tingkat=TingkatDinas.KABUPATEN, wilayah_kode="36.73")
    response = login(officer).get("/dinas/rat/", {"tahun": TAHUN, "kabupaten": "36.02"})
    assert [k.kode for k in response.context["page"]] == ["serang"]  # the kab filter cannot widen the region
