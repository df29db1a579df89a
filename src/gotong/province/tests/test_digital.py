"""The digital-level ladder: each rule from real rows, one query for many, shown to the Dinas."""

import datetime as dt
from typing import Any

import pytest
from conftest import login
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gotong.accounts.models import User
from gotong.ledger.models import Periode
from gotong.ledger.services import periode_tutup
from gotong.loans.tests.helpers_pinjaman import cair
from gotong.members.models import Anggota, StatusAnggota
from gotong.province import digital, selectors
from gotong.savings.models import MutasiSimpanan
from gotong.savings.tests.helpers_loket import laci, rekening, setor
from gotong.tenancy.models import JenisKoperasi, Koperasi

pytestmark = pytest.mark.django_db


def _koperasi(kode: str, *, digital_: bool = False, kab: str = "36.02") -> Koperasi:
    return Koperasi.objects.create(
        kode=kode, nama=f"Koperasi {kode}", jenis=JenisKoperasi.KONSUMEN, kabupaten_kode=kab, digital=digital_
    )


def _level(k: Koperasi, hari_ini: dt.date | None = None) -> digital.TingkatDigital:
    return selectors.tingkat_satu(k, hari_ini=hari_ini)


def _bulan_lalu(hari: dt.date) -> tuple[int, int]:
    return digital.bulan_buku(hari)[0]


SEMUA = {"digital": True, "anggota_aktif": True, "simpanan": True, "pinjaman": True, "buku": True, "rat": True}


def _murni(**kurang: bool) -> digital.TingkatDigital:
    return digital.tingkat(**{**SEMUA, **kurang})


def test_the_pure_ladder() -> None:
    assert _murni(digital=False).level == 0
    t = _murni(simpanan=False, pinjaman=False)
    assert (t.level, t.kurang) == (1, (digital.KURANG_SIMPANAN, digital.KURANG_PINJAMAN))
    assert digital.bulan_buku(dt.date(2026, 2, 15)) == [(2026, 1), (2025, 12), (2025, 11)]
    assert digital.tahun_rat(dt.date(2026, 2, 15)) == [2025, 2024]
    top = _murni()
    with pytest.raises(AttributeError):
        top.level = 4  # type: ignore[misc]


def test_level_2_needs_savings_and_loans_both() -> None:
    hanya_simpanan = _murni(pinjaman=False)
    assert (hanya_simpanan.level, hanya_simpanan.kurang) == (1, (digital.KURANG_PINJAMAN,))
    hanya_pinjaman = _murni(simpanan=False)
    assert (hanya_pinjaman.level, hanya_pinjaman.kurang) == (1, (digital.KURANG_SIMPANAN,))
    assert _murni(buku=False).level == 2
    assert "Pinjaman dicairkan atau angsuran dibayar di Gotong dalam 90 hari terakhir" in map(
        str, hanya_simpanan.kurang
    )


def test_level_4_needs_a_closed_book_year_and_products_for_sale_which_gotong_lacks() -> None:
    tanpa_rat = _murni(rat=False)
    assert (tanpa_rat.level, tanpa_rat.kurang) == (3, (digital.KURANG_RAT, digital.KURANG_PRODUK))
    dengan_rat = _murni()  # the products criterion is false until Gotong lists products
    assert (dengan_rat.level, dengan_rat.kurang) == (3, (digital.KURANG_PRODUK,))
    assert str(digital.KURANG_PRODUK) == "Produk dijual lewat Gotong (belum tersedia di Gotong)"
    penuh = _murni(produk=True)
    assert (penuh.level, penuh.kurang, str(penuh.label)) == (4, (), "Penuh (paket RAT dan produk dijual)")
    # a closed book year alone never lifts a cooperative over a missing lower rung
    assert _murni(buku=False, produk=True).level == 2


FAKTA = ("digital", "anggota_aktif", "simpanan", "pinjaman", "buku", "rat", "produk")
RUNG = (("digital", "anggota_aktif"), ("simpanan", "pinjaman"), ("buku",), ("rat", "produk"))


@given(st.fixed_dictionaries({k: st.booleans() for k in FAKTA}), st.sampled_from(FAKTA))
def test_the_level_is_the_number_of_complete_rungs_and_a_new_fact_never_lowers_it(
    fakta: dict[str, bool], tambah: str
) -> None:
    t = digital.tingkat(**fakta)
    lengkap = 0
    for rung in RUNG:
        if not all(fakta[k] for k in rung):
            break
        lengkap += 1
    assert t.level == lengkap
    assert bool(t.kurang) == (t.level < digital.PENUH)
    assert digital.tingkat(**{**fakta, tambah: True}).level >= t.level


def test_month_ends_between_two_days() -> None:
    assert digital.akhir_bulan_antara(dt.date(2024, 11, 20), dt.date(2025, 2, 10)) == [
        dt.date(2024, 11, 30),
        dt.date(2024, 12, 31),
        dt.date(2025, 1, 31),
        dt.date(2025, 2, 10),  # the month of the last day: as of that day
    ]
    assert digital.akhir_bulan(2024, 2) == dt.date(2024, 2, 29)


def test_level_0_manual_and_digital_without_members(maju: Koperasi) -> None:
    manual = _koperasi("manual")
    t = _level(manual)
    assert t.level == 0 and t.kurang == (digital.KURANG_DIGITAL, digital.KURANG_ANGGOTA)
    assert str(t.label) == "Manual (hanya terdaftar)"
    t = _level(maju)  # digital, but nobody registered yet
    assert (t.level, t.kurang) == (0, (digital.KURANG_ANGGOTA,))


def test_level_1_needs_an_active_member(maju: Koperasi, citra_anggota: Anggota) -> None:
    assert _level(maju).level == 1
    assert "Mutasi simpanan di Gotong dalam 90 hari terakhir" in [str(k) for k in _level(maju).kurang]
    citra_anggota.status = StatusAnggota.CALON
    citra_anggota.save()
    assert _level(maju).level == 0


def test_level_2_and_3_from_a_real_deposit_a_real_loan_and_a_closed_month(
    maju: Koperasi, citra_anggota: Anggota, budi: User, ani: User
) -> None:
    hari = timezone.localdate()
    laci(maju, budi, tanggal=hari)
    setor(rekening(citra_anggota, hari)["sukarela"], "50000", budi, tanggal=hari)
    assert MutasiSimpanan.objects.filter(koperasi=maju).exists()
    t = _level(maju)
    assert (t.level, t.kurang) == (1, (digital.KURANG_PINJAMAN,))  # savings alone are not "simpan pinjam"
    cair(citra_anggota, budi, ani, tanggal=hari)
    t = _level(maju)
    assert (t.level, t.kurang) == (2, (digital.KURANG_BUKU,))
    # 91 days later the deposit and the disbursement are out of the window: back to level 1
    assert _level(maju, hari + dt.timedelta(days=digital.JENDELA_HARI + 1)).level == 1

    tahun, bulan = _bulan_lalu(hari)
    periode_tutup(koperasi=maju, tahun=tahun, bulan=bulan, actor=ani)
    t = _level(maju)
    assert (t.level, t.kurang) == (3, (digital.KURANG_RAT, digital.KURANG_PRODUK))
    # a month closed long ago does not count
    Periode.objects.filter(koperasi=maju).update(tahun=tahun - 2)
    assert _level(maju).level == 2


def _page_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/dinas/koperasi/").status_code == 200
    return len(ctx.captured_queries)


def test_the_registry_list_reads_levels_in_constant_queries(eka: User, maju: Koperasi, citra_anggota: Anggota) -> None:
    as_eka = login(eka)
    _page_queries(as_eka)  # warm caches (session, regions)
    before = _page_queries(as_eka)
    for i in range(6):
        _koperasi(f"kop-{i}", digital_=i % 2 == 0)
    assert _page_queries(as_eka) == before
    response = as_eka.get("/dinas/koperasi/")
    levels = {k.nama: t.level for k, t in response.context["baris"]}
    assert levels[maju.nama] == 1 and levels["Koperasi kop-0"] == 0
    assert "Tingkat digital" in response.content.decode()


def test_detail_page_shows_level_and_what_is_missing(eka: User, maju: Koperasi, citra_anggota: Anggota) -> None:
    response = login(eka).get(f"/dinas/koperasi/{maju.pk}/")
    assert response.context["tingkat"].level == 1
    html = response.content.decode()
    assert "Tingkat 1 dari 4" in html
    assert "Mutasi simpanan di Gotong dalam 90 hari terakhir" in html
    assert "Pinjaman dicairkan atau angsuran dibayar di Gotong dalam 90 hari terakhir" in html
    assert "menyusul" not in html


def test_dashboard_counts_per_level_and_kabupaten(eka: User, maju: Koperasi, citra_anggota: Anggota) -> None:
    _koperasi("lebak-1")
    _koperasi("lebak-2", digital_=True)
    call_command("dasbor_segarkan", verbosity=0)  # the daily job: members do not mark the aggregates
    response = login(eka).get("/dinas/")
    chart = response.context["d"].grafik["tingkat"]  # the dashboard reads the maintained aggregates
    totals = {n: sum(s.nilai) for n, s in enumerate(chart.seri)}
    assert totals == {0: 2, 1: 1, 2: 0, 3: 0, 4: 0}
    rows = dict(zip(chart.kategori, zip(*(s.nilai for s in chart.seri), strict=True), strict=True))
    assert rows["Kab. Lebak"] == (2, 0, 0, 0, 0) and rows["Kota Serang"] == (0, 1, 0, 0, 0)
    html = response.content.decode()
    assert 'id="tabel-tingkat"' in html and "Tingkat 4" in html
