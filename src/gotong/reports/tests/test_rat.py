"""The RAT package: the board's report, what is in the package and what is missing, the RAPBK and
budget pages, the ODS figures, and the PDF and Excel downloads."""

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from conftest import login
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from gotong.core.models import AuditLog
from gotong.ledger.posting import akun
from gotong.ledger.tests.helpers import post, staff
from gotong.reports import penutupan, rat
from gotong.reports.anggaran import ANGGARAN_NEGATIF, TAHUN_LEWAT, anggaran_simpan, rencana_kerja_simpan
from gotong.reports.models import AnggaranBaris, LaporanPengurus, RencanaKerja
from gotong.reports.pdf_rat import paket_rat_pdf
from gotong.tenancy.models import Koperasi, NamaPeran

LALU = timezone.localdate().year - 1
KINI = LALU + 1
DEPAN = KINI + 1
LAPORAN = {
    "organisasi": "Pengurus rapat 12 kali.\n\nAnggota bertambah 14 orang.",
    "usaha": "Pinjaman tersalur Rp1,2 miliar.",
    "keuangan": "",
    "kendala": "Tunggakan di Desa Cipare.",
    "rencana": "",
}


@pytest.fixture
def buku(maju: Koperasi, citra_anggota: Any) -> Koperasi:
    """Last year: capital 10 juta, interest from Citra 600 rb, other income 200 rb, costs 300 rb."""
    post(maju, dt.date(LALU, 1, 5), "1.01", "3.12", "10000000")
    post(maju, dt.date(LALU, 3, 1), "1.01", "4.10", "600000", anggota=citra_anggota)
    post(maju, dt.date(LALU, 4, 1), "1.01", "4.90", "200000")
    post(maju, dt.date(LALU, 12, 20), "5.10", "1.01", "300000")
    return maju


def _pdf_teks(isi: bytes) -> str:
    """The text drawn in an uncompressed PDF (ReportLab writes it as (...) Tj)."""
    return " ".join(re.findall(r"\((.*?)\) Tj", isi.decode("latin-1")))


# --- the board's report ----------------------------------------------------------------------


def test_the_board_writes_its_report_and_every_edit_is_audited(buku: Koperasi, ani: Any) -> None:
    rat.laporan_pengurus_simpan(koperasi=buku, tahun=LALU, data=LAPORAN, actor=ani)
    rat.laporan_pengurus_simpan(koperasi=buku, tahun=LALU, data={**LAPORAN, "keuangan": "SHU Rp500.000."}, actor=ani)

    lap = LaporanPengurus.objects.get(koperasi=buku, tahun=LALU)
    assert lap.keuangan == "SHU Rp500.000." and lap.diubah_oleh == ani and not lap.kosong
    assert AuditLog.objects.filter(aksi="laporan_pengurus.tulis").count() == 1
    ubah = AuditLog.objects.get(aksi="laporan_pengurus.ubah")
    assert ubah.sebelum == {"keuangan": ""} and ubah.sesudah == {"keuangan": "SHU Rp500.000."}


def test_a_board_report_for_a_future_year_or_too_long_is_refused(buku: Koperasi, ani: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        rat.laporan_pengurus_simpan(koperasi=buku, tahun=DEPAN, data=LAPORAN, actor=ani)
    assert exc.value.messages == [str(rat.TAHUN_LAPORAN_TIDAK_SAH).format(awal=1990, akhir=KINI)]
    with pytest.raises(ValidationError) as exc:
        rat.laporan_pengurus_simpan(koperasi=buku, tahun=LALU, data={"usaha": "x" * 20_001}, actor=ani)
    assert "usaha" in exc.value.message_dict
    assert not LaporanPengurus.objects.exists()


def test_the_board_report_page_saves_and_returns_to_the_package(buku: Koperasi, as_ani: Client) -> None:
    url = f"/k/maju-bersama/laporan/rat/{LALU}/laporan-pengurus/"
    assert as_ani.get(url).status_code == 200

    response = as_ani.post(url, LAPORAN)

    assert response.status_code == 302 and response["Location"].endswith(f"/laporan/rat/{LALU}/")
    html = as_ani.get(response["Location"]).content.decode()
    assert "Pengurus rapat 12 kali." in html and "Tunggakan di Desa Cipare." in html
    assert f"/shu/{LALU}/" in html


# --- what the package holds and what it misses ------------------------------------------------


def test_an_empty_package_names_everything_missing_but_still_builds(buku: Koperasi, as_ani: Client) -> None:
    paket = rat.paket_rat(koperasi=buku, tahun=LALU)

    assert [k.kunci for k in paket.kekurangan] == ["tutup", "shu", "pengurus", "rapbk"]
    assert paket.shu is not None and not paket.shu.disetujui
    html = as_ani.get(f"/k/maju-bersama/laporan/rat/{LALU}/").content.decode()
    assert str(rat.BELUM_DITUTUP).format(tahun=LALU) in html
    assert str(rat.SHU_BELUM_DISETUJUI).format(tahun=LALU) in html
    assert str(rat.LAPORAN_PENGURUS_KOSONG).format(tahun=LALU) in html
    assert str(rat.RAPBK_KOSONG).format(tahun=KINI) in html
    assert as_ani.get(f"/k/maju-bersama/laporan/rat/{LALU}/paket-rat.pdf").status_code == 200


def test_a_year_without_books_says_the_shu_is_not_computed(maju: Koperasi) -> None:
    paket = rat.paket_rat(koperasi=maju, tahun=LALU)
    assert paket.shu is None
    assert str(rat.SHU_BELUM_DIHITUNG).format(tahun=LALU) in [k.pesan for k in paket.kekurangan]


def _lengkapi(koperasi: Koperasi, actor: Any) -> None:
    penutupan.tahun_buku_tutup(koperasi=koperasi, tahun=LALU, actor=actor)
    rat.laporan_pengurus_simpan(koperasi=koperasi, tahun=LALU, data=LAPORAN, actor=actor)
    rencana_kerja_simpan(
        koperasi=koperasi, tahun=KINI, program="Pendidikan perkoperasian untuk 60 anggota.", asumsi="", actor=actor
    )
    baris = {akun(koperasi, "4.10").pk: "900.000", akun(koperasi, "5.10").pk: "350.000"}
    anggaran_simpan(koperasi=koperasi, tahun=KINI, baris=baris, actor=actor)


def test_a_closed_year_with_report_and_rapbk_misses_only_the_shu_approval(buku: Koperasi, ani: Any) -> None:
    _lengkapi(buku, ani)

    paket = rat.paket_rat(koperasi=buku, tahun=LALU)

    assert [k.kunci for k in paket.kekurangan] == ["shu"]
    assert paket.ditutup and paket.rapbk.shu.anggaran == Decimal("550000")
    assert paket.rapbk.shu.realisasi == Decimal("500000")  # the RAPBK beside this year's actual
    assert paket.ods.angka[-1] == ("SHU", Decimal("500000"), False)


def test_the_shu_preview_allocates_the_years_shu(buku: Koperasi, ani: Any) -> None:
    penutupan.tahun_buku_tutup(koperasi=buku, tahun=LALU, actor=ani)

    shu = rat.paket_rat(koperasi=buku, tahun=LALU).shu

    assert shu is not None and shu.shu == Decimal("500000")
    assert sum((a.jumlah for a in shu.alokasi), Decimal("0")) == Decimal("500000")
    assert shu.status == "Pratinjau, belum disetujui RAT"


def test_the_pdf_has_a_cover_contents_and_every_section(buku: Koperasi, ani: Any) -> None:
    _lengkapi(buku, ani)

    teks = _pdf_teks(paket_rat_pdf(rat.paket_rat(koperasi=buku, tahun=LALU), kompres=False))

    assert "PAKET RAPAT ANGGOTA TAHUNAN" in teks and f"Tahun Buku {LALU}" in teks
    assert "Daftar isi" in teks
    for bab in (
        "I. Laporan pertanggungjawaban pengurus",
        "II. Laporan keuangan",
        "III. Pembagian SHU",
        "IV. Statistik anggota",
        f"V. Rencana kerja dan anggaran \\(RAPBK\\) {KINI}",
        "VI. Angka untuk ODS",
    ):
        assert teks.count(bab) >= 2, bab  # the heading and its line in the contents
    assert "Pengurus rapat 12 kali." in teks and "Pendidikan perkoperasian untuk 60 anggota." in teks
    assert "Halaman 1 dari" in teks and "Citra Lestari" in teks  # the distribution list
    assert "Pengawas" in teks  # signature blocks


def test_the_workbook_has_the_same_sections_as_sheets(buku: Koperasi, ani: Any, as_ani: Client) -> None:
    _lengkapi(buku, ani)

    response = as_ani.get(f"/k/maju-bersama/laporan/rat/{LALU}/paket-rat.xlsx")

    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames[0] == "Ringkasan"
    for nama in ("Posisi keuangan", "Hasil usaha", "SHU", "Statistik anggota", "Laporan pengurus", f"RAPBK {KINI}"):
        assert nama in wb.sheetnames, nama
    rapbk = {r[0]: r for r in wb[f"RAPBK {KINI}"].iter_rows(values_only=True) if r[0]}
    assert rapbk["4.10"][2:4] == (900000, 600000)
    pengurus = [r[0] for r in wb["Laporan pengurus"].iter_rows(values_only=True)]
    assert "Anggota bertambah 14 orang." in pengurus


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(buku: Koperasi, ani: Any, as_ani: Client) -> None:
    rat.laporan_pengurus_simpan(koperasi=buku, tahun=LALU, data={"usaha": '=HYPERLINK("http://x")'}, actor=ani)

    wb = load_workbook(BytesIO(as_ani.get(f"/k/maju-bersama/laporan/rat/{LALU}/paket-rat.xlsx").content))

    cells = [r[0] for r in wb["Laporan pengurus"].iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://x")' in cells


def test_the_ods_page_shows_the_years_figures_and_links_the_yearly_report(buku: Koperasi, as_ani: Client) -> None:
    html = as_ani.get(f"/k/maju-bersama/laporan/rat/{LALU}/ods/").content.decode()

    assert "Volume usaha" in html and "Rp800.000" in html and "Rp500.000" in html
    assert "Anggota perempuan" in html and f"/laporan-tahunan/?tahun={LALU}" in html


def test_the_rat_list_offers_each_finished_year(buku: Koperasi, as_ani: Client) -> None:
    html = as_ani.get("/k/maju-bersama/laporan/rat/").content.decode()
    assert f"/laporan/rat/{LALU}/" in html and f"/laporan/rat/{LALU}/paket-rat.pdf" in html


# --- RAPBK pages -------------------------------------------------------------------------------


def test_the_rapbk_grid_saves_budget_lines_typed_the_indonesian_way(buku: Koperasi, as_ani: Client) -> None:
    pk = akun(buku, "4.10").pk
    page = as_ani.get(f"/k/maju-bersama/laporan/rapbk/{DEPAN}/").content.decode()
    assert f'name="akun_{pk}"' in page

    response = as_ani.post(f"/k/maju-bersama/laporan/rapbk/{DEPAN}/anggaran/", {f"akun_{pk}": "1.250.000"})

    assert response.status_code == 302
    assert AnggaranBaris.objects.get(koperasi=buku, tahun=DEPAN).jumlah == Decimal("1250000")
    assert 'value="1.250.000"' in as_ani.get(f"/k/maju-bersama/laporan/rapbk/{DEPAN}/").content.decode()


def test_bad_grid_input_keeps_what_was_typed_shows_the_message_and_saves_nothing(
    buku: Koperasi, as_ani: Client
) -> None:
    a, b = akun(buku, "4.10").pk, akun(buku, "5.10").pk

    response = as_ani.post(
        f"/k/maju-bersama/laporan/rapbk/{DEPAN}/anggaran/", {f"akun_{a}": "2.000.000", f"akun_{b}": "-5"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert str(ANGGARAN_NEGATIF) in html and 'value="2.000.000"' in html
    assert not AnggaranBaris.objects.exists()


def test_a_posted_account_of_another_koperasi_is_refused_not_ignored(
    buku: Koperasi, tani: Koperasi, as_ani: Client
) -> None:
    response = as_ani.post(
        f"/k/maju-bersama/laporan/rapbk/{DEPAN}/anggaran/", {f"akun_{akun(tani, '4.10').pk}": "1.000.000"}
    )

    assert response.status_code == 400 and "Akun ini bukan milik koperasi ini." in response.content.decode()
    assert not AnggaranBaris.objects.exists()


def test_a_past_years_rapbk_is_read_only(buku: Koperasi, as_ani: Client) -> None:
    pk = akun(buku, "4.10").pk
    page = as_ani.get(f"/k/maju-bersama/laporan/rapbk/{LALU}/").content.decode()
    assert f'name="akun_{pk}"' not in page and "hanya bisa dibaca" in page

    response = as_ani.post(f"/k/maju-bersama/laporan/rapbk/{LALU}/anggaran/", {f"akun_{pk}": "1.000.000"})

    assert response.status_code == 400 and str(TAHUN_LEWAT).format(tahun=LALU) in response.content.decode()
    assert not AnggaranBaris.objects.exists()


def test_copy_from_last_years_actuals_fills_the_grid(buku: Koperasi, as_ani: Client) -> None:
    response = as_ani.post(f"/k/maju-bersama/laporan/rapbk/{KINI}/salin/", {"kenaikan": "10"})

    assert response.status_code == 302
    lines = {r.akun.kode: r.jumlah for r in AnggaranBaris.objects.filter(koperasi=buku, tahun=KINI)}
    assert lines == {"4.10": Decimal("660000"), "4.90": Decimal("220000"), "5.10": Decimal("330000")}


def test_the_work_plan_form_saves(buku: Koperasi, as_ani: Client) -> None:
    response = as_ani.post(
        f"/k/maju-bersama/laporan/rapbk/{DEPAN}/rencana/", {"program": "Buka unit toko", "asumsi": "Omzet 50 juta"}
    )

    assert response.status_code == 302
    assert RencanaKerja.objects.get(koperasi=buku, tahun=DEPAN).program == "Buka unit toko"


def test_budget_vs_actual_page_and_its_export(buku: Koperasi, ani: Any, as_ani: Client) -> None:
    anggaran_simpan(koperasi=buku, tahun=KINI, baris={akun(buku, "4.10").pk: "1.000.000"}, actor=ani)
    post(buku, dt.date(KINI, 1, 10), "1.01", "4.10", "250000")

    html = as_ani.get(f"/k/maju-bersama/laporan/anggaran/{KINI}/?sampai=12").content.decode()

    assert "Rp1.000.000" in html and "Rp250.000" in html and "25,0%" in html or "25.0%" in html
    response = as_ani.get(f"/k/maju-bersama/laporan/anggaran/{KINI}/ekspor.xlsx?sampai=12")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


# --- who may do what ---------------------------------------------------------------------------


def test_the_pengawas_reads_the_package_but_cannot_write(buku: Koperasi) -> None:
    client = login(staff(buku, "hadi", NamaPeran.PENGAWAS))
    assert client.get(f"/k/maju-bersama/laporan/rat/{LALU}/").status_code == 200
    assert client.get(f"/k/maju-bersama/laporan/rapbk/{KINI}/").status_code == 200
    assert client.post(f"/k/maju-bersama/laporan/rat/{LALU}/laporan-pengurus/", LAPORAN).status_code == 404
    assert client.post(f"/k/maju-bersama/laporan/rapbk/{KINI}/salin/", {"kenaikan": "0"}).status_code == 404
    assert not LaporanPengurus.objects.exists() and not AnggaranBaris.objects.exists()


def test_members_kasir_and_outsiders_get_404_everywhere(buku: Koperasi, budi: Any, citra: Any, as_dedi: Client) -> None:
    urls = [
        f"/k/maju-bersama/laporan/rat/{LALU}/",
        f"/k/maju-bersama/laporan/rat/{LALU}/paket-rat.pdf",
        f"/k/maju-bersama/laporan/rat/{LALU}/paket-rat.xlsx",
        f"/k/maju-bersama/laporan/rat/{LALU}/statistik-anggota/",
        f"/k/maju-bersama/laporan/rat/{LALU}/ods/",
        f"/k/maju-bersama/laporan/rapbk/{KINI}/",
        f"/k/maju-bersama/laporan/anggaran/{KINI}/",
    ]
    for client in (login(budi), login(citra), as_dedi):
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(f"/k/maju-bersama/laporan/rat/{LALU}/laporan-pengurus/", LAPORAN).status_code == 404
    assert not LaporanPengurus.objects.exists()


def test_a_year_the_koperasi_has_nothing_in_is_404_but_next_years_rapbk_opens(as_dedi: Client, tani: Koperasi) -> None:
    for url in (
        f"/k/tani-makmur/laporan/rat/{LALU}/",
        f"/k/tani-makmur/laporan/tutup-buku/{LALU}/tutup/",
        f"/k/tani-makmur/laporan/rapbk/{LALU}/",
        f"/k/tani-makmur/laporan/anggaran/{LALU}/",
    ):
        assert as_dedi.get(url).status_code == 404, url
    assert as_dedi.get(f"/k/tani-makmur/laporan/rapbk/{DEPAN}/").status_code == 200
    assert as_dedi.get("/k/tani-makmur/laporan/rat/").status_code == 200


def test_an_approved_shu_shows_the_ratified_distribution_and_completes_the_package(buku: Koperasi, ani: Any) -> None:
    from gotong.shu.services import shu_setujui

    _lengkapi(buku, ani)
    tanggal_rat = min(dt.date(KINI, 3, 20), timezone.localdate())
    shu_setujui(koperasi=buku, tahun=LALU, tanggal_rat=tanggal_rat, nomor_rat="07/RAT/MB/2026", actor=ani)

    paket = rat.paket_rat(koperasi=buku, tahun=LALU)

    assert paket.kekurangan == ()
    assert paket.shu is not None and paket.shu.disetujui and "07/RAT/MB/2026" in paket.shu.status
    assert sum((a.jumlah for a in paket.shu.alokasi), Decimal("0")) == Decimal("500000")
    assert [a.nama for a in paket.shu.anggota] == ["Citra Lestari"]
    teks = _pdf_teks(paket_rat_pdf(paket, kompres=False))
    assert "07/RAT/MB/2026" in teks and "Catatan kelengkapan" not in teks


def test_the_package_page_reads_a_bounded_number_of_queries(
    buku: Koperasi, as_ani: Client, django_assert_max_num_queries: Any
) -> None:
    from gotong.members.tests.helpers import make_anggota

    for i in range(25):
        post(buku, dt.date(LALU, 5, 1), "1.01", "4.10", "1000", anggota=make_anggota(buku, nama=f"Anggota {i}"))

    with django_assert_max_num_queries(50):
        assert as_ani.get(f"/k/maju-bersama/laporan/rat/{LALU}/").status_code == 200
