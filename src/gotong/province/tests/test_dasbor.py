"""The Dinas dashboard: aggregates equal a direct count after changes, region scoping, charts
with their tables, and the Excel/PDF exports."""

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from conftest import login
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from openpyxl import load_workbook

from gotong.accounts.models import User
from gotong.members.models import Anggota, StatusAnggota
from gotong.province import agregat, charts, dasbor
from gotong.province.dasbor_export import dasbor_pdf
from gotong.province.models import LaporanTahunan, StatusLaporan
from gotong.province.models_agregat import AgregatRegister, AgregatTahunan
from gotong.tenancy.models import JenisKoperasi, Koperasi, PeranDinas, StatusKoperasi, TingkatDinas

pytestmark = pytest.mark.django_db


@pytest.fixture
def lebak(db: Any) -> User:
    user = User.objects.create_user(username="dinas.lebak", password="x-" * 8, nama_lengkap="Dinas Lebak")
    PeranDinas.objects.create(user=user, tingkat=TingkatDinas.KABUPATEN, wilayah_kode="36.02")
    return user


def _kop(kode: str, kab: str, **kw: Any) -> Koperasi:
    data: dict[str, Any] = {"nama": kode.replace("-", " ").title(), "jenis": JenisKoperasi.SIMPAN_PINJAM}
    return Koperasi.objects.create(kode=kode, kabupaten_kode=kab, **{**data, **kw})


def _laporan(k: Koperasi, tahun: int, rat: dt.date | None, **kw: Any) -> LaporanTahunan:
    data: dict[str, Any] = {
        "anggota_pria": 40,
        "anggota_wanita": 60,
        "aset": Decimal("1000000"),
        "volume_usaha": Decimal("500000"),
        "shu": Decimal("25000"),
        "status": StatusLaporan.DIAJUKAN,
    }
    return LaporanTahunan.objects.create(koperasi=k, tahun=tahun, tanggal_rat=rat, **{**data, **kw})


def _register_direct() -> dict[tuple[str, str, str, bool], int]:
    rows = Koperasi.objects.values("kabupaten_kode", "jenis", "status", "digital").annotate(n=Count("id"))
    return {(r["kabupaten_kode"], r["jenis"], r["status"], r["digital"]): r["n"] for r in rows}


def _register_agregat() -> dict[tuple[str, str, str, bool], int]:
    rows = AgregatRegister.objects.values("kabupaten_kode", "jenis", "status", "digital").annotate(n=Sum("jumlah"))
    return {(r["kabupaten_kode"], r["jenis"], r["status"], r["digital"]): r["n"] for r in rows if r["n"]}


def _tahunan_direct() -> dict[tuple[str, int], tuple[int, int, Decimal]]:
    rows = (
        LaporanTahunan.objects.filter(status__in=agregat.STATUS_DIHITUNG)
        .values("koperasi__kabupaten_kode", "tahun")
        .annotate(n=Count("id"), a=Sum("anggota_pria") + Sum("anggota_wanita"), s=Sum("aset"))
    )
    return {(r["koperasi__kabupaten_kode"], r["tahun"]): (r["n"], r["a"], r["s"]) for r in rows}


def _tahunan_agregat() -> dict[tuple[str, int], tuple[int, int, Decimal]]:
    rows = (
        AgregatTahunan.objects.values("kabupaten_kode", "tahun")
        .annotate(n=Sum("laporan"), a=Sum("anggota_pria") + Sum("anggota_wanita"), s=Sum("aset"))
        .filter(n__gt=0)
    )
    return {(r["kabupaten_kode"], r["tahun"]): (r["n"], r["a"], r["s"]) for r in rows}


def test_the_register_aggregates_equal_a_direct_count_after_creates_edits_moves_and_deletes(maju, tani) -> None:
    a = _kop("kud-a", "36.02")
    b = _kop("kud-b", "36.02", jenis=JenisKoperasi.KONSUMEN)
    assert _register_agregat() == _register_direct()
    b.status = StatusKoperasi.TIDAK_AKTIF
    b.save()
    a.kabupaten_kode = "36.03"  # moved: both kabupaten are rebuilt
    a.save()
    assert _register_agregat() == _register_direct()
    b.delete()
    assert _register_agregat() == _register_direct()


def test_the_yearly_aggregates_equal_a_direct_sum_and_drafts_do_not_count(maju) -> None:
    first = _laporan(maju, 2024, dt.date(2025, 3, 1))
    draft = _laporan(maju, 2023, None, status=StatusLaporan.DRAFT)
    assert _tahunan_agregat() == _tahunan_direct() == {("36.73", 2024): (1, 100, Decimal("1000000"))}
    draft.status = StatusLaporan.DIVERIFIKASI
    draft.save()
    first.aset = Decimal("2500000")
    first.save()
    assert _tahunan_agregat() == _tahunan_direct()
    first.delete()
    assert _tahunan_agregat() == _tahunan_direct()


def test_rat_on_time_is_within_six_months_after_the_book_year(maju, tani) -> None:
    _laporan(maju, 2024, dt.date(2025, 6, 30))  # the last on-time day (UU 25/1992)
    _laporan(tani, 2024, dt.date(2025, 7, 1))
    _kop("kud-belum", "36.02")  # obliged, not reported
    d = dasbor.dasbor(wilayah="36", tahun=2024)
    ringkas = d.ringkas
    assert (ringkas["rat_tepat"], ringkas["rat_terlambat"], ringkas["rat_belum"], ringkas["rat_dua_tahun"]) == (
        1,
        1,
        0,
        1,  # kud-belum reported neither 2024 nor 2023: two years running
    )


def test_the_rebuild_command_restores_aggregates_after_bulk_writes(maju) -> None:
    Koperasi.objects.bulk_create(
        [Koperasi(kode=f"bulk-{i}", nama=f"Bulk {i}", jenis="jasa", kabupaten_kode="36.04") for i in range(5)]
    )
    assert _register_agregat() != _register_direct()  # bulk_create skips the signals
    call_command("dasbor_segarkan", verbosity=0)
    assert _register_agregat() == _register_direct()


def test_a_bulk_block_rebuilds_each_kabupaten_once(maju, django_assert_max_num_queries) -> None:
    with agregat.tunda():
        for i in range(10):
            _kop(f"tunda-{i}", "36.02")
        assert not AgregatRegister.objects.filter(kabupaten_kode="36.02").exists()
    assert _register_agregat() == _register_direct()


def test_the_digital_level_counts_members_in_the_aggregates(maju) -> None:
    levels = dict(
        AgregatRegister.objects.filter(kabupaten_kode="36.73").values_list("tingkat").annotate(n=Sum("jumlah"))
    )
    assert levels == {0: 1}  # digital, but nobody registered yet
    Anggota.objects.create(
        koperasi=maju, nik="3673014508900009", nomor_kk="3673010101010009", nama="Sri", tempat_lahir="Serang",
        tanggal_lahir=dt.date(1990, 1, 1), jenis_kelamin="P", alamat="Jl", kabupaten_kode="36.73",
        kecamatan_kode="36.73.01", desa_kode="36.73.01.1001", telepon="0812", pekerjaan="Guru",
        tanggal_daftar=dt.date(2021, 1, 1), tanggal_masuk=dt.date(2021, 1, 2), status=StatusAnggota.AKTIF,
        nomor_anggota="MB-2021-0009",
    )  # fmt: skip
    call_command("dasbor_segarkan", verbosity=0)  # the daily job
    levels = dict(
        AgregatRegister.objects.filter(kabupaten_kode="36.73").values_list("tingkat").annotate(n=Sum("jumlah"))
    )
    assert levels == {1: 1}


# --- the page, region scoping ------------------------------------------------------------------


def test_the_dashboard_shows_every_chart_with_its_table(eka, maju, tani) -> None:
    _laporan(maju, 2024, dt.date(2025, 3, 1))
    html = login(eka).get("/dinas/").content.decode()
    for gid in (
        "kabupaten",
        "jenis",
        "status",
        "tingkat",
        "anggota",
        "aset",
        "volume_usaha",
        "shu",
        "rat",
        "pelatihan",
    ):
        assert f'id="grafik-{gid}"' in html and f'id="tabel-{gid}"' in html, gid
    assert html.count("<svg") >= 10 and "<title id=" in html and "<desc id=" in html
    assert "Belum ada penilaian kesehatan" in html
    assert "Rp1.000.000" in html  # assets of 2024 in the table


def test_the_tile_map_is_shaded_by_the_chosen_figure(eka, maju) -> None:
    _laporan(maju, 2024, dt.date(2025, 3, 1))
    response = login(eka).get("/dinas/", {"ukuran": "aset"})
    assert response.context["d"].peta_nilai["36.73"] == Decimal("1000000")
    assert "Kota Serang" in response.content.decode()


def test_a_kabupaten_officer_sees_only_the_figures_of_its_region(lebak, maju) -> None:
    _kop("kud-lebak", "36.02")
    response = login(lebak).get("/dinas/", {"kabupaten": "36.73"})  # asking for another region is ignored
    d = response.context["d"]
    assert d.wilayah == "36.02" and d.ringkas["total"] == 1
    assert [w.kode for w in d.kabupaten] == ["36.02"]
    assert "Koperasi Maju Bersama" not in response.content.decode()
    assert login(lebak).get(f"/dinas/koperasi/{maju.pk}/").status_code == 404
    book = load_workbook(BytesIO(login(lebak).get("/dinas/dasbor.xlsx", {"tabel": "kabupaten"}).content))
    assert [r[0] for r in book["kabupaten"].iter_rows(min_row=4, values_only=True)] == ["Kab. Lebak"]


def test_a_provincial_officer_can_narrow_the_dashboard_to_lebak(eka, maju) -> None:
    _kop("kud-lebak", "36.02")
    d = login(eka).get("/dinas/", {"kabupaten": "36.02"}).context["d"]
    assert d.wilayah == "36.02" and d.ringkas["total"] == 1


def test_a_cooperative_officer_gets_404_on_the_dashboard_and_its_exports(dedi) -> None:
    for url in ("/dinas/", "/dinas/dasbor.xlsx", "/dinas/dasbor.pdf"):
        assert login(dedi).get(url).status_code == 404, url


# --- exports ---------------------------------------------------------------------------------


def test_the_excel_export_has_every_table_with_numbers(eka, maju, tani) -> None:
    _laporan(maju, 2024, dt.date(2025, 3, 1))
    response = login(eka).get("/dinas/dasbor.xlsx", {"tahun": "2024"})
    book = load_workbook(BytesIO(response.content))
    assert {"kabupaten", "jenis", "status", "tingkat", "anggota", "aset", "rat", "peta"} <= set(book.sheetnames)
    rows = {r[0]: r[1:] for r in book["aset"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["Kota Serang"][0] == 1000000
    assert login(eka).get("/dinas/dasbor.xlsx", {"tabel": "tidak-ada"}).status_code == 404


def test_the_excel_export_neutralises_formulas_in_names() -> None:
    from gotong.province.dasbor_export import dasbor_xlsx

    g = charts.Grafik(
        id="x", judul="=HYPERLINK(1)", deskripsi="", jenis="batang", kategori=("=1+1",), seri=(charts.Seri("n", (1,)),)
    )
    sheet = load_workbook(BytesIO(dasbor_xlsx([g], judul="t")))["x"]
    assert not str(sheet["A2"].value).startswith("=") and not str(sheet["A4"].value).startswith("=")


def test_the_pdf_export_contains_the_tables(eka, maju) -> None:
    _laporan(maju, 2024, dt.date(2025, 3, 1))
    response = login(eka).get("/dinas/dasbor.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    d = dasbor.dasbor(wilayah="36")
    raw = dasbor_pdf([*d.urutan, dasbor.peta_grafik(d)], judul="Dasbor", ringkas=d.ringkas, kompres=False)
    for text in (b"Koperasi per kabupaten/kota", b"Kota Serang", b"Rp1.000.000", b"Kepatuhan RAT"):
        assert text in raw, text


# --- the chart module --------------------------------------------------------------------------


def test_a_chart_has_title_desc_and_escapes_names() -> None:
    g = charts.Grafik(
        id="g", judul="A <b>", deskripsi="d & e", jenis="tumpuk", kategori=("Kab. <x>",),
        seri=(charts.Seri("s1", (3,)), charts.Seri("s2", (2,))), kolom_total=True,
    )  # fmt: skip
    svg = str(charts.render(g))
    assert '<title id="g-t">A &lt;b&gt;</title>' in svg and "d &amp; e" in svg and "Kab. &lt;x&gt;" in svg
    assert g.tabel() == (["", "s1", "s2", "Jumlah"], [["Kab. <x>", "3", "2", "5"]], ["Jumlah", "3", "2", "5"])


def test_short_labels_and_lines() -> None:
    assert charts.singkat(Decimal("1250000000"), "rupiah") == "Rp1,2 M"
    assert charts.singkat(12345, "angka") == "12.345"
    g = charts.Grafik(
        id="l", judul="t", deskripsi="d", jenis="garis", kategori=("2023", "2024"), seri=(charts.Seri("n", (1, 5)),)
    )
    assert "<polyline" in str(charts.render(g))


def test_the_dashboard_reads_a_fixed_number_of_queries(eka, maju, tani, django_assert_max_num_queries) -> None:
    client = login(eka)
    client.get("/dinas/")
    for i in range(20):
        _kop(f"lagi-{i}", "36.0" + str(1 + i % 4))
    with django_assert_max_num_queries(40):
        client.get("/dinas/")


def test_direct_and_aggregate_counts_agree_with_the_registry_filter_count(eka, maju, tani) -> None:
    d = dasbor.dasbor(wilayah="36")
    assert dasbor.jumlah_register(d, filters={"digital": "1"}) == Koperasi.objects.filter(Q(digital=True)).count()
    assert dasbor.jumlah_register(d, filters={"jenis": "produsen"}) == 1  # Tani Makmur
    page = login(eka).get("/dinas/", {"digital": "1"}).context["page"]
    assert page.paginator.count == 2 and {k.nama for k in page} == {"Koperasi Maju Bersama", "Koperasi Tani Makmur"}


def test_the_cached_charts_change_as_soon_as_the_aggregates_do(eka, maju) -> None:
    client = login(eka)
    assert client.get("/dinas/").context["d"].ringkas["total"] == 1
    _kop("kud-baru", "36.02")
    assert client.get("/dinas/").context["d"].ringkas["total"] == 2


def test_a_registry_import_rebuilds_each_kabupaten_once_and_the_aggregates_match(eka, maju, monkeypatch) -> None:
    from gotong.province import registry, services

    rows = [
        {k: "" for k in registry.KOLOM}
        | {"nama": f"KUD Impor {i}", "jenis": "jasa", "kabupaten_kode": "36.02", "status": "aktif", "pola": ""}
        for i in range(4)
    ]
    calls: list[set[str]] = []
    real = agregat.segarkan

    def spy(kabs: Any, **kw: Any) -> None:
        calls.append(set(kabs))
        real(kabs, **kw)

    monkeypatch.setattr(agregat, "segarkan", spy)
    services.registry_import(rows=rows, wilayah="36", actor=eka)
    assert calls == [{"36.02"}]
    assert _register_agregat() == _register_direct()


def test_the_cached_trainings_figures_change_as_soon_as_attendance_or_the_event_does(eka, lebak, maju) -> None:
    from gotong.training import services as pelatihan
    from gotong.training.models import StatusKegiatan
    from gotong.training.tests.helpers import make_kegiatan, peserta_data

    provinsi, kab = login(eka), login(lebak)
    assert provinsi.get("/dinas/").context["d"].ringkas["dilatih"] == 0
    assert kab.get("/dinas/").context["d"].ringkas["dilatih"] == 0
    kegiatan = make_kegiatan(wilayah_kode="36.02")
    peserta = [pelatihan.peserta_daftar(kegiatan=kegiatan, data=peserta_data(i)) for i in (1, 2, 3)]
    pelatihan.kehadiran_qr(peserta=peserta[0], aktor=eka)
    hadir = {peserta[0].pk, peserta[1].pk}
    pelatihan.kehadiran_catat(kegiatan=kegiatan, tampil={p.pk for p in peserta}, hadir=hadir, aktor=eka)
    assert provinsi.get("/dinas/").context["d"].ringkas["dilatih"] == 0  # counted once the event is over
    pelatihan.kegiatan_ubah(kegiatan=kegiatan, data={"status": StatusKegiatan.SELESAI}, aktor=eka)
    for client in (provinsi, kab):
        ringkas = client.get("/dinas/").context["d"].ringkas
        assert (ringkas["kegiatan"], ringkas["dilatih"]) == (1, 2)
    pelatihan.kehadiran_catat(kegiatan=kegiatan, tampil={peserta[2].pk}, hadir={peserta[2].pk}, aktor=eka)
    assert provinsi.get("/dinas/").context["d"].ringkas["dilatih"] == 3
    # a province-wide event counts on the province's dashboard only
    pelatihan.kegiatan_buat(
        data={k: getattr(make_kegiatan(), k) for k in ("jenis", "judul", "mulai", "selesai", "kapasitas")}
        | {"status": StatusKegiatan.SELESAI},
        wilayah_kode="36",
        aktor=eka,
    )
    assert provinsi.get("/dinas/").context["d"].ringkas["kegiatan"] == 2
    assert kab.get("/dinas/").context["d"].ringkas["kegiatan"] == 1
