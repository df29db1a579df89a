"""SHU pages: preview, settings, approval, payouts, slip, the member's own view; who sees what."""

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from conftest import login
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.members.models import Anggota
from gotong.savings.laci import laci_buka
from gotong.shu import services
from gotong.shu.models import BagianSHUAnggota, CaraBayarSHU, PembagianSHU, PengaturanSHU, StatusBagian
from gotong.shu.tests.helpers import HARI_INI, TAHUN, TANGGAL_RAT, Buku, buku_2025, tutup
from gotong.tenancy.models import Koperasi

D = Decimal
URL = "/k/maju-bersama/shu/"


@pytest.fixture
def buku(maju: Koperasi, citra_anggota: Anggota, ani: User, budi: User) -> Buku:
    return buku_2025(maju, citra_anggota, budi)


@pytest.fixture
def ditutup(buku: Buku, ani: User) -> Buku:
    tutup(buku, ani)
    return buku


@pytest.fixture
def disetujui(ditutup: Buku, ani: User) -> PembagianSHU:
    return services.shu_setujui(
        koperasi=ditutup.koperasi,
        tahun=TAHUN,
        tanggal_rat=TANGGAL_RAT,
        nomor_rat="05/RAT/II/2026",
        actor=ani,
        today=HARI_INI,
    )


def _html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def test_the_index_lists_the_years_with_their_state(as_ani: Client, buku: Buku) -> None:
    html = _html(as_ani.get(URL))

    assert f"{URL}2025/" in html and "Tahun berjalan (sementara)" in html


def test_an_open_year_shows_a_provisional_preview_with_each_member(as_ani: Client, buku: Buku) -> None:
    html = _html(as_ani.get(f"{URL}2025/"))

    assert "Perhitungan sementara" in html
    assert "Rp1.100.000" in html and "Rp233.333" in html  # SHU and JUA
    assert "Citra Lestari" in html and "Rp184.443" in html
    assert "Eko Saputra" not in html  # left during the year
    assert "Setujui (keputusan RAT)" not in html  # not before the year is closed


def test_the_preview_searches_members_by_name(as_ani: Client, buku: Buku) -> None:
    html = _html(as_ani.get(f"{URL}2025/", {"q": "dodi"}))

    assert "Dodi Prasetyo" in html and "Citra Lestari" not in html


def test_a_year_without_books_is_404(as_ani: Client, buku: Buku) -> None:
    assert as_ani.get(f"{URL}2019/").status_code == 404
    assert as_ani.get(f"{URL}2019/pengaturan/").status_code == 404


def test_the_preview_exports_to_excel_marked_provisional(as_ani: Client, buku: Buku) -> None:
    response = as_ani.get(f"{URL}2025/ekspor.xlsx")
    wb = load_workbook(BytesIO(response.content))

    assert "sementara" in str(wb["Alokasi"]["A1"].value)
    rows = list(wb["Pembagian per anggota"].iter_rows(min_row=3, values_only=True))
    assert ("Citra Lestari", 184443) in [(r[1], r[6]) for r in rows]


def test_pengurus_saves_the_settings_from_the_form(as_ani: Client, buku: Buku) -> None:
    data = {
        "persen_cadangan": "35",
        "persen_jasa_anggota": "45",
        "persen_dana_pengurus": "5",
        "persen_dana_karyawan": "5",
        "persen_dana_pendidikan": "5",
        "persen_dana_sosial": "5",
        "persen_jua": "60",
        "persen_jma": "40",
        "akun_volume": ["4.10", "4.21"],
        "dasar_modal": "akhir_tahun",
        "satuan_pembulatan": "100",
    }
    response = as_ani.post(f"{URL}2025/pengaturan/", data)

    assert response.status_code == 302
    p = PengaturanSHU.objects.get(koperasi=buku.koperasi, tahun=TAHUN)
    assert (p.persen_cadangan, p.persen_jua, p.akun_volume, p.satuan_pembulatan) == (
        D("35"),
        D("60"),
        ["4.10", "4.21"],
        100,
    )


def test_settings_not_totalling_100_show_the_message_and_keep_what_was_typed(as_ani: Client, buku: Buku) -> None:
    data = {
        "persen_cadangan": "40,5",
        "persen_jasa_anggota": "40",
        "persen_dana_pengurus": "5",
        "persen_dana_karyawan": "5",
        "persen_dana_pendidikan": "5",
        "persen_dana_sosial": "5",
        "persen_jua": "70",
        "persen_jma": "30",
        "akun_volume": ["4.10"],
        "dasar_modal": "rata_rata",
        "satuan_pembulatan": "1",
    }
    html = _html(as_ani.post(f"{URL}2025/pengaturan/", data))

    assert "harus tepat 100%, sekarang 100,5%" in html and 'value="40,5"' in html
    assert not PengaturanSHU.objects.exists()


def test_the_kasir_reads_the_settings_but_cannot_change_them(buku: Buku, budi: User) -> None:
    as_budi = login(budi)
    assert "disabled" in _html(as_budi.get(f"{URL}2025/pengaturan/"))
    assert as_budi.post(f"{URL}2025/pengaturan/", {"persen_cadangan": "10"}).status_code == 404
    assert as_budi.get(f"{URL}2025/setujui/").status_code == 404


def test_approving_an_open_year_shows_why_not(as_ani: Client, buku: Buku) -> None:
    html = _html(as_ani.post(f"{URL}2025/setujui/", {"tanggal_rat": "2026-02-20", "nomor_rat": "5/RAT"}))

    assert "Tutup buku tahun 2025 dulu" in html
    assert not PembagianSHU.objects.exists()


def test_a_rat_date_before_the_year_end_is_refused_beside_the_field(as_ani: Client, ditutup: Buku) -> None:
    html = _html(as_ani.post(f"{URL}2025/setujui/", {"tanggal_rat": "2025-12-15", "nomor_rat": "5/RAT"}))

    assert "sesudah akhir tahun buku (31 Desember 2025)" in html
    assert not PembagianSHU.objects.exists()


def test_approval_from_the_page_posts_and_shows_the_distribution(as_ani: Client, ditutup: Buku) -> None:
    response = as_ani.post(f"{URL}2025/setujui/", {"tanggal_rat": "2026-02-20", "nomor_rat": "05/RAT/II/2026"})

    assert response.status_code == 302
    html = _html(as_ani.get(f"{URL}2025/"))
    assert "Disetujui RAT" in html and "05/RAT/II/2026" in html and "Belum dibayar" in html
    assert AuditLog.objects.filter(aksi="shu.setujui").exists()


def test_the_approved_distribution_exports_every_member(as_ani: Client, disetujui: PembagianSHU) -> None:
    wb = load_workbook(BytesIO(as_ani.get(f"{URL}2025/ekspor.xlsx").content))

    assert "05/RAT/II/2026" in str(wb["Alokasi"]["A1"].value)
    rows = list(wb["Pembagian per anggota"].iter_rows(min_row=3, values_only=True))
    assert sorted(r[6] for r in rows) == [13888, 134999, 184443]


def test_a_member_share_is_paid_to_sukarela_from_its_page(
    as_ani: Client, ditutup: Buku, disetujui: PembagianSHU
) -> None:
    url = f"{URL}2025/anggota/{ditutup.citra.pk}/"
    assert "Rp184.443 ke simpanan sukarela" in _html(as_ani.get(url))

    as_ani.post(f"{url}bayar/", {"cara": "sukarela"})

    b = BagianSHUAnggota.objects.get(pembagian=disetujui, anggota=ditutup.citra)
    assert b.status == StatusBagian.DIBAYAR and b.cara_bayar == CaraBayarSHU.SUKARELA
    response = as_ani.post(f"{url}bayar/", {"cara": "sukarela"}, follow=True)
    assert "sudah dibayar" in _html(response)


def test_cash_at_the_counter_leads_to_the_receipt(ditutup: Buku, disetujui: PembagianSHU, budi: User) -> None:
    laci_buka(koperasi=ditutup.koperasi, kasir=budi, saldo_awal=D("500000"), tanggal=timezone.localdate())
    as_budi = login(budi)
    url = f"{URL}2025/anggota/{ditutup.dodi.pk}/bayar/"
    response = as_budi.post(url, {"cara": "tunai"})

    b = BagianSHUAnggota.objects.get(pembagian=disetujui, anggota=ditutup.dodi)
    assert b.kwitansi is not None
    assert response["Location"] == f"/k/maju-bersama/simpanan/kwitansi/{b.kwitansi.pk}/"


def test_payout_pages_refuse_get(as_ani: Client, ditutup: Buku, disetujui: PembagianSHU) -> None:
    assert as_ani.get(f"{URL}2025/bayar/sukarela/").status_code == 405
    assert as_ani.get(f"{URL}2025/anggota/{ditutup.citra.pk}/bayar/").status_code == 405


def test_paying_everyone_to_sukarela_from_the_year_page(as_ani: Client, disetujui: PembagianSHU) -> None:
    response = as_ani.post(f"{URL}2025/bayar/sukarela/", follow=True)

    assert "SHU 3 anggota (Rp333.330) masuk ke simpanan sukarela" in _html(response)
    assert not BagianSHUAnggota.objects.filter(pembagian=disetujui).terutang().exists()


def test_cash_at_the_rat_by_member_numbers(as_ani: Client, ditutup: Buku, disetujui: PembagianSHU) -> None:
    data = {"tanggal": "2026-02-20", "nomor": f"{ditutup.dodi.nomor_anggota}\n{ditutup.fitri.nomor_anggota}"}
    response = as_ani.post(f"{URL}2025/bayar/tunai-rat/", data)

    assert response.status_code == 302
    dibayar = BagianSHUAnggota.objects.filter(pembagian=disetujui, cara_bayar=CaraBayarSHU.TUNAI_RAT)
    assert set(dibayar.values_list("anggota_id", flat=True)) == {ditutup.dodi.pk, ditutup.fitri.pk}


def test_cash_at_the_rat_refuses_an_unknown_member_number(as_ani: Client, disetujui: PembagianSHU) -> None:
    html = _html(as_ani.post(f"{URL}2025/bayar/tunai-rat/", {"tanggal": "2026-02-20", "nomor": "XX-404"}))

    assert "Nomor anggota tidak dikenal" in html and "XX-404" in html
    assert not BagianSHUAnggota.objects.filter(status=StatusBagian.DIBAYAR).exists()


def test_the_slip_is_a_pdf_with_the_formula(as_ani: Client, ditutup: Buku, disetujui: PembagianSHU) -> None:
    from gotong.shu.pdf import slip_pdf

    response = as_ani.get(f"{URL}2025/anggota/{ditutup.citra.pk}/slip.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = slip_pdf(BagianSHUAnggota.objects.get(pembagian=disetujui, anggota=ditutup.citra), kompres=False)
    assert b"Rp139.999,80" in text and b"Halaman 1 dari 1" in text and b"Rp184.443" in text


def test_citra_sees_her_own_shares_and_slip_but_not_the_koperasis_pages(
    citra: User, ditutup: Buku, disetujui: PembagianSHU
) -> None:
    as_citra = login(citra)
    html = _html(as_citra.get(f"{URL}saya/"))

    assert "Tahun buku 2025" in html and "Rp184.443" in html and "Dodi" not in html
    assert as_citra.get(f"{URL}saya/2025/slip.pdf")["Content-Type"] == "application/pdf"
    assert as_citra.get(f"{URL}saya/2024/slip.pdf").status_code == 404
    for url in (URL, f"{URL}2025/", f"{URL}2025/ekspor.xlsx", f"{URL}2025/anggota/{ditutup.dodi.pk}/slip.pdf"):
        assert as_citra.get(url).status_code == 404, url


def test_dedi_gets_404_everywhere(as_dedi: Client, ditutup: Buku, disetujui: PembagianSHU) -> None:
    urls = [
        URL,
        f"{URL}saya/",
        f"{URL}2025/",
        f"{URL}2025/ekspor.xlsx",
        f"{URL}2025/pengaturan/",
        f"{URL}2025/setujui/",
        f"{URL}2025/bayar/tunai-rat/",
        f"{URL}2025/anggota/{ditutup.citra.pk}/",
        f"{URL}2025/anggota/{ditutup.citra.pk}/slip.pdf",
    ]
    for url in urls:
        assert as_dedi.get(url).status_code == 404, url
        assert as_dedi.post(url).status_code == 404, url
    assert as_dedi.post(f"{URL}2025/bayar/sukarela/").status_code == 404
    assert not BagianSHUAnggota.objects.filter(status=StatusBagian.DIBAYAR).exists()


def test_a_member_of_another_koperasi_is_404_under_the_year(
    as_ani: Client, tani: Koperasi, disetujui: PembagianSHU
) -> None:
    from gotong.members.tests.helpers import make_anggota

    orang = make_anggota(tani, nama="Orang Tani")
    assert as_ani.get(f"{URL}2025/anggota/{orang.pk}/").status_code == 404


def test_the_pages_fit_a_phone_without_scripts(as_ani: Client, disetujui: PembagianSHU) -> None:
    html = _html(as_ani.get(f"{URL}2025/"))
    assert '<meta name="viewport" content="width=device-width' in html
    assert "hide-sm" in html and "table-wrap" in html  # detail columns fold away at 360 px; tables scroll


def test_the_approved_year_page_reads_a_fixed_number_of_queries(
    as_ani: Client, disetujui: PembagianSHU, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(20):
        _html(as_ani.get(f"{URL}2025/"))


def test_the_settings_page_shows_each_volume_choice_and_refuses_none(as_ani: Client, buku: Buku) -> None:
    page = _html(as_ani.get(f"{URL}2025/pengaturan/"))
    assert "Jasa pinjaman (4.10)" in page and "Penjualan (4.30)" in page and 'value="40"' in page

    data = {f"persen_{k}": v for k, v in (("cadangan", "40"), ("jasa_anggota", "40"), ("jua", "70"), ("jma", "30"))}
    data.update({f"persen_dana_{k}": "5" for k in ("pengurus", "karyawan", "pendidikan", "sosial")})
    data.update({"dasar_modal": "rata_rata", "satuan_pembulatan": "1"})
    html = _html(as_ani.post(f"{URL}2025/pengaturan/", data))

    assert "Pilih paling sedikit satu jenis transaksi" in html
    assert not PengaturanSHU.objects.exists()


def test_the_approval_page_of_an_approved_year_leads_back_to_the_year(as_ani: Client, disetujui: PembagianSHU) -> None:
    response = as_ani.get(f"{URL}2025/setujui/")

    assert response.status_code == 302 and response["Location"] == f"{URL}2025/"
