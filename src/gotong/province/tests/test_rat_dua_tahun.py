"""RAT compliance on the dashboard: the count of cooperatives that have not reported two years
running (their NIK certificate lapses) is kept in the aggregates per kabupaten/kota and equals
the compliance list's class, with a link to that list."""

from io import BytesIO
from typing import Any

import pytest
from conftest import login
from django.core.management import call_command
from django.db.models import Sum
from openpyxl import load_workbook

from gotong.accounts.models import User
from gotong.province import dasbor, rat
from gotong.province.models_agregat import AgregatTahunan
from gotong.province.tests.test_rat import TAHUN, kasus  # noqa: F401 - the fixture
from gotong.tenancy.models import Koperasi

pytestmark = pytest.mark.django_db

SERI = {
    rat.TEPAT: "Tepat waktu",
    rat.TERLAMBAT: "Terlambat",
    rat.BELUM: "Belum melapor",
    rat.DUA_TAHUN: "Belum melapor 2 tahun berturut-turut",
}


def _grafik_per_kelas(d: dasbor.Dasbor) -> dict[str, dict[str, Any]]:
    g = d.grafik["rat"]
    by_name = {s.nama: s.nilai for s in g.seri}
    return {kelas: dict(zip((w.kode for w in d.kabupaten), by_name[nama], strict=True)) for kelas, nama in SERI.items()}


def _daftar_per_kelas() -> dict[str, dict[str, int]]:
    rows = rat.per_kabupaten(wilayah="36", tahun=TAHUN)
    kabs = [w.kode for w in dasbor.cakupan("36")[1]]
    got = {r["kabupaten_kode"]: r for r in rows}
    return {kelas: {kab: got.get(kab, {}).get(kelas, 0) for kab in kabs} for kelas in SERI}


def test_every_rat_class_on_the_dashboard_equals_the_compliance_list(kasus: dict[str, Koperasi]) -> None:  # noqa: F811
    d = dasbor.dasbor(wilayah="36", tahun=TAHUN)
    assert _grafik_per_kelas(d) == _daftar_per_kelas()
    assert d.ringkas["rat_dua_tahun"] == 3 and d.ringkas["rat_belum"] == 3  # dua, dikembalikan, serang
    per_kab = dict(
        AgregatTahunan.objects.filter(tahun=TAHUN)
        .values_list("kabupaten_kode")
        .annotate(n=Sum("rat_dua_tahun"))
        .values_list("kabupaten_kode", "n")
    )
    assert per_kab == {"36.02": 2, "36.73": 1}


def test_the_counts_follow_a_late_report_and_the_daily_rebuild(kasus: dict[str, Koperasi]) -> None:  # noqa: F811
    from gotong.province.tests.test_rat import _lapor

    _lapor(kasus["dua"], TAHUN - 1, None)  # now it reported last year: only one year missing
    call_command("dasbor_segarkan", verbosity=0)
    d = dasbor.dasbor(wilayah="36", tahun=TAHUN)
    assert _grafik_per_kelas(d) == _daftar_per_kelas()
    assert d.ringkas["rat_dua_tahun"] == 2


def test_the_dashboard_links_to_the_list_of_that_class(eka: User, kasus: dict[str, Koperasi]) -> None:  # noqa: F811
    client = login(eka)
    html = client.get("/dinas/", {"tahun": TAHUN}).content.decode()
    assert "3 koperasi belum melapor 2 tahun berturut-turut" in html
    assert f'href="/dinas/rat/?kelas=dua_tahun&amp;tahun={TAHUN}"' in html
    page = client.get("/dinas/rat/", {"kelas": rat.DUA_TAHUN, "tahun": TAHUN}).context["page"]
    assert sorted(k.kode for k in page) == ["dikembalikan", "dua", "serang"]
    narrowed = client.get("/dinas/", {"tahun": TAHUN, "kabupaten": "36.02"}).content.decode()
    assert f"?kelas=dua_tahun&amp;tahun={TAHUN}&amp;kabupaten=36.02" in narrowed
    assert "2 koperasi belum melapor 2 tahun berturut-turut" in narrowed


def test_the_rat_export_has_the_two_years_column(eka: User, kasus: dict[str, Koperasi]) -> None:  # noqa: F811
    book = load_workbook(BytesIO(login(eka).get("/dinas/dasbor.xlsx", {"tabel": "rat", "tahun": TAHUN}).content))
    ws = book["rat"]
    assert [c.value for c in ws[3]] == ["Kabupaten/kota", *SERI.values()]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["Kab. Lebak"] == (3, 1, 3, 2) and rows["Kota Serang"] == (0, 0, 0, 1)
