"""The digital ladder over time: facts as they stood at a past day, the monthly snapshot the
rebuild keeps, the backfill of past months, and the dashboard's trend chart with its table and
exports, read from the snapshot only."""

import datetime as dt
from io import BytesIO, StringIO
from typing import Any

import pytest
from conftest import login
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from gotong.accounts.models import User
from gotong.ledger.models import Periode
from gotong.ledger.services import periode_tutup
from gotong.loans.tests.helpers_pinjaman import bayar, cair
from gotong.members.models import Anggota, StatusAnggota
from gotong.province import agregat, dasbor, digital, riwayat, selectors
from gotong.province.dasbor_export import dasbor_pdf
from gotong.province.management.commands.riwayat_tingkat_isi import BULAN_SALAH
from gotong.province.models_agregat import RiwayatTingkat
from gotong.reports.models import TahunBuku
from gotong.reports.penutupan import tahun_buku_tutup
from gotong.savings.models import MutasiSimpanan
from gotong.savings.tests.helpers_loket import laci, rekening, setor
from gotong.tenancy.models import JenisKoperasi, Koperasi, PeranDinas, TingkatDinas

pytestmark = pytest.mark.django_db

BULAN = {1: "Jan", 2: "Feb", 3: "Mar", 4: "Apr", 5: "Mei", 6: "Jun", 7: "Jul", 8: "Agu", 9: "Sep", 10: "Okt"}
BULAN |= {11: "Nov", 12: "Des"}


def _kop(kode: str, kab: str = "36.02", **kw: Any) -> Koperasi:
    return Koperasi.objects.create(kode=kode, nama=kode.title(), jenis=JenisKoperasi.KONSUMEN, kabupaten_kode=kab, **kw)


def _level(k: Koperasi, hari: dt.date | None = None) -> digital.TingkatDigital:
    return selectors.tingkat_satu(k, hari_ini=hari)


def _fakta(k: Koperasi, hari: dt.date) -> Any:
    return selectors.dengan_fakta_digital(Koperasi.objects.filter(pk=k.pk), hari_ini=hari).get()


def _riwayat(kab: str, hari: dt.date) -> tuple[int, ...]:
    rows = RiwayatTingkat.objects.filter(kabupaten_kode=kab, tahun=hari.year, bulan=hari.month).order_by("tingkat")
    return tuple(r.jumlah for r in rows)


def _jam(hari: dt.date, jam: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(hari, dt.time(jam)))


# --- facts as they stood at a past day --------------------------------------------------------


def test_loans_that_stopped_100_days_ago_drop_to_level_1_today_but_were_level_2_at_that_month_end(
    maju: Koperasi, citra_anggota: Anggota, budi: User, ani: User
) -> None:
    hari = timezone.localdate()
    dulu = hari - dt.timedelta(days=100)
    cair(citra_anggota, budi, ani, tanggal=dulu)  # into her sukarela account: a savings movement too
    assert MutasiSimpanan.objects.filter(koperasi=maju, tanggal=dulu).exists()
    laci(maju, budi, tanggal=hari)
    setor(rekening(citra_anggota, hari)["sukarela"], "50000", budi, tanggal=hari)

    sekarang = _level(maju)
    assert (sekarang.level, sekarang.kurang) == (1, (digital.KURANG_PINJAMAN,))
    akhir = digital.akhir_bulan(dulu.year, dulu.month)
    assert _level(maju, akhir).level == 2

    # the backfill keeps exactly that: level 2 at that month-end, level 1 this month
    agregat.riwayat_tingkat_isi(sejak=dulu, sampai=hari)
    assert _riwayat("36.73", akhir) == (0, 0, 1, 0, 0)
    assert _riwayat("36.73", hari) == (0, 1, 0, 0, 0)


def test_a_loan_payment_is_loan_activity_too(maju: Koperasi, citra_anggota: Anggota, budi: User, ani: User) -> None:
    hari = timezone.localdate()
    pinjaman = cair(citra_anggota, budi, ani, tanggal=hari - dt.timedelta(days=100))
    laci(maju, budi, tanggal=hari)
    setor(rekening(citra_anggota, hari)["sukarela"], "50000", budi, tanggal=hari)
    assert _level(maju).level == 1
    bayar(pinjaman, "100000", budi, hari)
    assert _level(maju).level == 2


def test_members_count_from_their_admission_until_their_exit(maju: Koperasi, citra_anggota: Anggota) -> None:
    assert citra_anggota.tanggal_masuk == dt.date(2021, 3, 5)
    assert _level(maju, dt.date(2021, 3, 4)).level == 0
    assert _level(maju, dt.date(2021, 3, 5)).level == 1
    citra_anggota.status, citra_anggota.tanggal_keluar = StatusAnggota.KELUAR, dt.date(2023, 6, 30)
    citra_anggota.save()
    assert _level(maju, dt.date(2023, 6, 29)).level == 1  # still a member the day before she left
    assert _level(maju, dt.date(2023, 6, 30)).level == 0
    assert _level(maju).level == 0


def test_a_cooperative_counts_as_digital_from_the_day_it_came_onto_gotong(
    maju: Koperasi, citra_anggota: Anggota
) -> None:
    maju.digital_sejak = dt.date(2022, 1, 10)
    maju.save()
    sebelum = _level(maju, dt.date(2022, 1, 9))
    assert (sebelum.level, sebelum.kurang) == (0, (digital.KURANG_DIGITAL,))
    assert _level(maju, dt.date(2022, 1, 10)).level == 1


def test_months_and_book_years_count_from_the_day_they_were_closed(maju: Koperasi, ani: User) -> None:
    hari = timezone.localdate()
    tahun, bulan = digital.bulan_buku(hari)[1]  # two months back: inside the window today and a month ago
    akhir_lalu = riwayat.bulan_lalu(hari)
    periode_tutup(koperasi=maju, tahun=tahun, bulan=bulan, actor=ani)  # stamped now
    assert _fakta(maju, hari).dg_buku
    assert not _fakta(maju, akhir_lalu).dg_buku  # not closed yet at the end of last month
    Periode.objects.filter(koperasi=maju, tahun=tahun, bulan=bulan).update(ditutup_pada=_jam(akhir_lalu))
    assert _fakta(maju, akhir_lalu).dg_buku

    tb = tahun_buku_tutup(koperasi=maju, tahun=hari.year - 1, actor=ani)
    assert tb.ditutup and _fakta(maju, hari).dg_rat
    awal_tahun = dt.date(hari.year, 1, 31)
    if tb.ditutup_pada and tb.ditutup_pada >= selectors.akhir_hari(awal_tahun):
        assert not _fakta(maju, awal_tahun).dg_rat
    TahunBuku.objects.filter(pk=tb.pk).update(ditutup_pada=_jam(dt.date(hari.year, 1, 20)))
    assert _fakta(maju, awal_tahun).dg_rat
    assert not _fakta(maju, dt.date(hari.year + 2, 1, 31)).dg_rat  # only the last two book years count


def test_a_closed_book_year_leaves_only_the_products_missing(
    maju: Koperasi, citra_anggota: Anggota, budi: User, ani: User
) -> None:
    hari = timezone.localdate()
    laci(maju, budi, tanggal=hari)
    setor(rekening(citra_anggota, hari)["sukarela"], "50000", budi, tanggal=hari)
    cair(citra_anggota, budi, ani, tanggal=hari)
    tahun, bulan = digital.bulan_buku(hari)[0]
    periode_tutup(koperasi=maju, tahun=tahun, bulan=bulan, actor=ani)
    assert _level(maju).kurang == (digital.KURANG_RAT, digital.KURANG_PRODUK)
    tahun_buku_tutup(koperasi=maju, tahun=hari.year - 1, actor=ani)
    t = _level(maju)
    assert (t.level, t.kurang) == (3, (digital.KURANG_PRODUK,))  # level 4 waits for products on Gotong


# --- the snapshot kept by the rebuild ---------------------------------------------------------


def test_the_daily_rebuild_writes_this_month_and_settles_the_month_just_ended_once(
    maju: Koperasi, citra_anggota: Anggota
) -> None:
    hari = timezone.localdate()
    lalu = riwayat.bulan_lalu(hari)
    call_command("dasbor_segarkan", verbosity=0)
    assert _riwayat("36.73", hari) == (0, 1, 0, 0, 0)
    assert {r.per_tanggal for r in RiwayatTingkat.objects.filter(tahun=hari.year, bulan=hari.month)} == {hari}
    assert riwayat.sudah_final("36.73", lalu) and len(_riwayat("36.73", lalu)) == len(digital.LEVELS)
    settled = list(RiwayatTingkat.objects.filter(tahun=lalu.year, bulan=lalu.month).values_list("pk", "dihitung"))
    _kop("baru", kab="36.73")  # any rebuild of the kabupaten/kota: this month again, the last one not
    assert _riwayat("36.73", hari) == (1, 1, 0, 0, 0)
    assert list(RiwayatTingkat.objects.filter(tahun=lalu.year, bulan=lalu.month).values_list("pk", "dihitung")) == (
        settled
    )


def test_this_months_row_from_the_rebuild_equals_a_direct_count_as_of_today(
    maju: Koperasi, citra_anggota: Anggota, tani: Koperasi
) -> None:
    hari = timezone.localdate()
    _kop("kud-besok", kab="36.73", tanggal_badan_hukum=hari + dt.timedelta(days=1))  # not a legal entity yet
    tani.digital_sejak = hari + dt.timedelta(days=5)  # on Gotong from next week
    tani.save()
    _kop("kud-lebak")
    agregat.segarkan_semua(hari_ini=hari)
    langsung = riwayat.hitung(Koperasi.objects.all(), hari)
    assert langsung == {"36.01": [1, 0, 0, 0, 0], "36.02": [1, 0, 0, 0, 0], "36.73": [0, 1, 0, 0, 0]}
    for kab, levels in langsung.items():
        assert _riwayat(kab, hari) == tuple(levels)


def test_a_month_left_unsettled_is_settled_as_of_its_last_day(maju: Koperasi, citra_anggota: Anggota) -> None:
    hari = timezone.localdate()
    lalu = riwayat.bulan_lalu(hari)
    RiwayatTingkat.objects.all().delete()
    riwayat.tulis({"36.73": [5, 0, 0, 0, 0]}, kabupaten=["36.73"], per=lalu - dt.timedelta(days=3))
    assert not riwayat.sudah_final("36.73", lalu)  # written before the month ended
    agregat.segarkan(["36.73"], hari_ini=hari)
    assert _riwayat("36.73", lalu) == (0, 1, 0, 0, 0) and riwayat.sudah_final("36.73", lalu)


# --- the backfill -------------------------------------------------------------------------------


def test_the_backfill_computes_each_month_end_from_the_rows_as_they_stood(
    maju: Koperasi, citra_anggota: Anggota, tani: Koperasi
) -> None:
    maju.digital_sejak = dt.date(2021, 1, 4)
    maju.save()
    tani.digital_sejak = dt.date(2022, 6, 1)  # on Gotong later, without members: level 0 throughout
    tani.save()
    baru = _kop("kud-baru", tanggal_badan_hukum=dt.date(2021, 4, 10))  # manual, founded in April
    assert agregat.riwayat_tingkat_isi(sejak=dt.date(2021, 2, 10), sampai=dt.date(2021, 5, 15)) == 4

    feb, mar, apr, mei = dt.date(2021, 2, 28), dt.date(2021, 3, 31), dt.date(2021, 4, 30), dt.date(2021, 5, 15)
    assert [_riwayat("36.73", h) for h in (feb, mar, apr, mei)] == [(1, 0, 0, 0, 0)] + [(0, 1, 0, 0, 0)] * 3
    assert [_riwayat("36.02", h) for h in (feb, mar, apr, mei)] == [(0, 0, 0, 0, 0)] * 2 + [(1, 0, 0, 0, 0)] * 2
    assert _riwayat("36.01", mar) == (1, 0, 0, 0, 0)
    per_mei = RiwayatTingkat.objects.filter(tahun=2021, bulan=5).values_list("per_tanggal", flat=True)
    assert set(per_mei) == {mei}
    # each month's counts are the cooperatives' own levels as of that day
    for h in (feb, mar, apr, mei):
        levels = [0] * len(digital.LEVELS)
        for k in (maju, tani, baru):
            if k.tanggal_badan_hukum is None or k.tanggal_badan_hukum <= h:
                levels[_level(k, h).level] += 1
        per_kab = [_riwayat(kab, h) for kab in ("36.01", "36.02", "36.73")]
        assert [sum(col) for col in zip(*per_kab, strict=True)] == levels


def test_the_backfill_refuses_a_reversed_or_future_range_and_writes_nothing(maju: Koperasi) -> None:
    hari = timezone.localdate()
    sebelum = RiwayatTingkat.objects.count()
    with pytest.raises(ValueError, match=str(agregat.RIWAYAT_URUTAN)):
        agregat.riwayat_tingkat_isi(sejak=dt.date(2024, 5, 1), sampai=dt.date(2024, 4, 30))
    with pytest.raises(ValueError, match=str(agregat.RIWAYAT_MASA_DEPAN)):
        agregat.riwayat_tingkat_isi(sejak=hari, sampai=hari + dt.timedelta(days=1))
    assert RiwayatTingkat.objects.count() == sebelum


def test_the_backfill_command_starts_at_the_first_cooperative_on_gotong(maju: Koperasi) -> None:
    hari = timezone.localdate()
    mulai = (hari.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    maju.digital_sejak = mulai + dt.timedelta(days=3)
    maju.save()
    out = StringIO()
    call_command("riwayat_tingkat_isi", stdout=out)
    assert "Riwayat tingkat digital 3 bulan sejak" in out.getvalue()
    assert RiwayatTingkat.objects.filter(tahun=mulai.year, bulan=mulai.month, kabupaten_kode="36.73").count() == 5

    call_command("riwayat_tingkat_isi", "--sejak", "2025-01", stdout=out)
    assert RiwayatTingkat.objects.filter(tahun=2025, bulan=1, kabupaten_kode="36.73").exists()
    for salah in ("2025-13", "Januari", "25-01"):
        with pytest.raises(CommandError, match=str(BULAN_SALAH)):
            call_command("riwayat_tingkat_isi", "--sejak", salah)


# --- the dashboard's trend chart --------------------------------------------------------------


def _label(h: dt.date) -> str:
    return f"{BULAN[h.month]} {h.year}"


def test_the_dashboard_shows_the_trend_per_quarter_with_its_table_and_exports(
    eka: User, maju: Koperasi, citra_anggota: Anggota
) -> None:
    hari = timezone.localdate()
    sejak = dt.date(hari.year - 1, 1, 1)
    _kop("kud-lebak")
    agregat.riwayat_tingkat_isi(sejak=sejak, sampai=hari)
    response = login(eka).get("/dinas/")
    g = response.context["d"].grafik["tren_tingkat"]
    bulan = digital.akhir_bulan_antara(sejak, hari)
    harap = [h for h in bulan[:-1] if h.month in riwayat.TRIWULAN] + [bulan[-1]]
    assert list(g.kategori) == [_label(h) for h in harap]
    assert [s.nilai[-1] for s in g.seri] == [1, 1, 0, 0, 0]  # Lebak's manual one, Maju at level 1
    assert all(s.nama.startswith(f"Tingkat {n}:") for n, s in enumerate(g.seri))
    html = response.content.decode()
    assert 'id="grafik-tren_tingkat"' in html and 'id="tabel-tren_tingkat"' in html
    assert "Tingkat digital dari waktu ke waktu" in html

    book = load_workbook(BytesIO(login(eka).get("/dinas/dasbor.xlsx", {"tabel": "tren_tingkat"}).content))
    rows = {r[0]: r[1:6] for r in book["tren_tingkat"].iter_rows(min_row=4, values_only=True) if r[1] is not None}
    assert list(rows) == list(g.kategori) and rows[_label(hari)] == (1, 1, 0, 0, 0)
    d = dasbor.dasbor(wilayah="36")
    raw = dasbor_pdf([*d.urutan], judul="Dasbor", ringkas=d.ringkas, kompres=False)
    assert b"Tingkat digital dari waktu ke waktu" in raw and _label(hari).encode() in raw


def test_the_trend_reads_only_the_snapshot_in_a_fixed_number_of_queries(maju: Koperasi) -> None:
    hari = timezone.localdate()
    agregat.riwayat_tingkat_isi(sejak=hari - dt.timedelta(days=200), sampai=hari)
    with CaptureQueriesContext(connection) as ctx:
        dasbor.dasbor(wilayah="36")
    sebelum = len(ctx.captured_queries)
    for i in range(12):
        _kop(f"kud-{i}", kab=f"36.0{1 + i % 4}")
    agregat.riwayat_tingkat_isi(sejak=hari - dt.timedelta(days=800), sampai=hari)
    with CaptureQueriesContext(connection) as ctx:
        d = dasbor.dasbor(wilayah="36")
    assert len(ctx.captured_queries) == sebelum
    assert sum(s.nilai[-1] for s in d.grafik["tren_tingkat"].seri) == 13
    # the chart is the snapshot's: a row changed by hand shows, the source rows are not read
    RiwayatTingkat.objects.filter(kabupaten_kode="36.73", tahun=hari.year, bulan=hari.month, tingkat=0).update(jumlah=7)
    assert dasbor.dasbor(wilayah="36").grafik["tren_tingkat"].seri[0].nilai[-1] == 19


def test_a_kabupaten_officer_sees_only_its_own_trend(maju: Koperasi) -> None:
    lebak = User.objects.create_user(username="dinas.lebak", password="x-" * 8, nama_lengkap="Dinas Lebak")
    PeranDinas.objects.create(user=lebak, tingkat=TingkatDinas.KABUPATEN, wilayah_kode="36.02")
    _kop("kud-lebak")
    _kop("kud-lebak-2")
    agregat.riwayat_tingkat_isi(sejak=timezone.localdate(), sampai=timezone.localdate())
    g = login(lebak).get("/dinas/").context["d"].grafik["tren_tingkat"]
    assert [s.nilai[-1] for s in g.seri] == [2, 0, 0, 0, 0]  # Maju in Kota Serang is not counted


# --- one cooperative's history on its Dinas page ------------------------------------------------


def test_the_detail_page_shows_the_months_the_level_changed_in_one_query(
    eka: User, maju: Koperasi, citra_anggota: Anggota, budi: User, ani: User
) -> None:
    hari = timezone.localdate()
    maju.digital_sejak = hari - dt.timedelta(days=400)
    maju.save()
    dulu = hari - dt.timedelta(days=100)
    cair(citra_anggota, budi, ani, tanggal=dulu)
    laci(maju, budi, tanggal=hari)
    setor(rekening(citra_anggota, hari)["sukarela"], "50000", budi, tanggal=hari)

    with CaptureQueriesContext(connection) as ctx:
        riw = selectors.riwayat_koperasi(maju)
    assert len(ctx.captured_queries) == 1
    assert [(r.dari, r.ke.level) for r in riw] == [(2, 1), (1, 2), (None, 1)]  # newest first
    assert riw[1].per == digital.akhir_bulan(dulu.year, dulu.month) and riw[1].naik and not riw[0].naik
    assert riw[-1].per == digital.akhir_bulan(maju.digital_sejak.year, maju.digital_sejak.month)

    html = login(eka).get(f"/dinas/koperasi/{maju.pk}/").content.decode()
    assert 'id="riwayat-tingkat"' in html
    assert "naik dari tingkat 1" in html and "turun dari tingkat 2" in html and "awal riwayat" in html
    manual = _kop("kud-manual")
    assert selectors.riwayat_koperasi(manual) == []
    assert 'id="riwayat-tingkat"' not in login(eka).get(f"/dinas/koperasi/{manual.pk}/").content.decode()
