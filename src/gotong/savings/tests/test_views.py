"""The counter as the kasir uses it: find the member, type the amount, confirm, get the
receipt; the drawer; statements for staff and for the member herself; who may do what."""

import datetime as dt
import re

import pytest
from conftest import login
from django.test import Client
from django.utils import timezone

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.ledger.models import Jurnal
from gotong.members.models import PengajuanKeluar
from gotong.members.tests.helpers import make_anggota
from gotong.savings import views
from gotong.savings.models import Kwitansi, MutasiSimpanan, ProdukSimpanan, RekeningSimpanan, SesiKas
from gotong.savings.services import SALDO_TIDAK_CUKUP
from gotong.savings.tests.helpers_loket import D, rekening, setor
from gotong.tenancy.models import NamaPeran, Peran

K = "/k/maju-bersama/simpanan"


@pytest.fixture
def as_budi(budi) -> Client:
    return login(budi)


@pytest.fixture
def akun(citra_anggota):
    return rekening(citra_anggota, tanggal=timezone.localdate())


@pytest.fixture
def laci_budi(as_budi, budi):
    response = as_budi.post(f"{K}/laci/buka/", {"saldo_awal": "500.000"})
    assert response.status_code == 302
    return SesiKas.objects.get(kasir=budi)


def _kunci(response) -> str:
    return response.context["form"]["kunci"].value()


# --- finding the member --------------------------------------------------------------------


def test_the_kasir_finds_a_member_by_number_nik_card_qr_or_token(as_budi, citra_anggota) -> None:
    page = f"{K}/anggota/{citra_anggota.pk}/"
    token = citra_anggota.token_kartu
    for q in (
        "MB-2021-0001",
        "mb-2021-0001",
        citra_anggota.nik,
        f"http://testserver/k/maju-bersama/kartu/{token}/",
        token,
    ):
        response = as_budi.get(f"{K}/", {"q": q})
        assert response.status_code == 302 and response["Location"] == page, q
    listed = as_budi.get(f"{K}/", {"q": "citra"})
    assert listed.status_code == 200 and "Citra Lestari" in listed.content.decode()
    other = as_budi.get(f"{K}/", {"q": f"https://gotong.id/k/tani-makmur/kartu/{token}/"})
    assert "Kartu ini milik anggota koperasi lain." in other.content.decode()


def test_the_members_counter_page_shows_balances_and_the_pokok_due(
    as_budi, citra_anggota, akun, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(15):
        html = as_budi.get(f"{K}/anggota/{citra_anggota.pk}/").content.decode()
    for r in akun.values():
        assert r.nomor in html
    assert "Simpanan pokok belum lunas: sisa Rp100.000." in html
    assert "Laci kas belum dibuka" in html


# --- deposit with confirmation -------------------------------------------------------------


def test_a_deposit_is_confirmed_before_money_moves_and_posts_once(as_budi, maju, akun, laci_budi) -> None:
    url = f"{K}/rekening/{akun['sukarela'].pk}/setor/"
    form = as_budi.get(url)
    assert form.status_code == 200
    data = {"jumlah": "150.000", "cara": "tunai", "kunci": _kunci(form)}
    confirm = as_budi.post(url, data)
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "Periksa setoran" in html
    assert "Rp150.000" in html and "Seratus lima puluh ribu rupiah" in html
    assert not Jurnal.objects.filter(koperasi=maju).exists()  # nothing moved yet
    done = as_budi.post(url, {**data, "konfirmasi": "1"})
    kw = Kwitansi.objects.get(koperasi=maju)
    assert done.status_code == 302 and done["Location"] == f"{K}/kwitansi/{kw.pk}/"
    again = as_budi.post(url, {**data, "konfirmasi": "1"})  # a double click
    assert again["Location"] == done["Location"]
    akun["sukarela"].refresh_from_db()
    assert akun["sukarela"].saldo == D("150000")
    assert Jurnal.objects.filter(koperasi=maju).count() == 1
    receipt = as_budi.get(done["Location"]).content.decode()
    assert kw.nomor in receipt and "Seratus lima puluh ribu rupiah" in receipt and "Budi Santoso" in receipt


def test_ubah_goes_back_to_the_form_as_typed(as_budi, akun, laci_budi) -> None:
    url = f"{K}/rekening/{akun['sukarela'].pk}/setor/"
    data = {"jumlah": "75.000", "cara": "tunai", "kunci": _kunci(as_budi.get(url)), "ubah": "1"}
    response = as_budi.post(url, data)
    assert response.status_code == 200 and "Lanjut ke konfirmasi" in response.content.decode()
    assert response.context["form"]["jumlah"].value() == "75.000"
    assert not MutasiSimpanan.objects.exists()


def test_a_refused_withdrawal_says_why_beside_the_amount_before_any_confirmation(
    as_budi, budi, akun, laci_budi
) -> None:
    setor(akun["sukarela"], "50000", budi, tanggal=timezone.localdate())
    url = f"{K}/rekening/{akun['sukarela'].pk}/tarik/"
    data = {"jumlah": "45000", "kunci": _kunci(as_budi.get(url)), "konfirmasi": "1"}
    response = as_budi.post(url, data)
    message = str(SALDO_TIDAK_CUKUP).format(saldo="Rp50.000", minimum="Rp10.000", jumlah="Rp45.000")
    assert response.status_code == 200
    assert response.context["form"].errors["jumlah"] == [message]
    assert MutasiSimpanan.objects.count() == 1


def test_a_typed_amount_that_is_not_money_is_refused_in_plain_words(as_budi, akun, laci_budi) -> None:
    url = f"{K}/rekening/{akun['sukarela'].pk}/setor/"
    response = as_budi.post(url, {"jumlah": "lima ribu", "cara": "tunai", "kunci": _kunci(as_budi.get(url))})
    assert "Tulis jumlah dalam rupiah" in response.content.decode()
    assert not Jurnal.objects.exists()


def test_a_form_without_its_key_posts_nothing(as_budi, akun, laci_budi) -> None:
    url = f"{K}/rekening/{akun['sukarela'].pk}/setor/"
    response = as_budi.post(url, {"jumlah": "5000", "cara": "tunai", "konfirmasi": "1"})
    assert response.status_code == 200 and not Jurnal.objects.exists()


def test_transfer_term_deposit_and_payout_through_the_counter(as_budi, budi, maju, citra_anggota, akun, laci_budi):
    setor(akun["sukarela"], "300000", budi, tanggal=timezone.localdate())
    url = f"{K}/anggota/{citra_anggota.pk}/pindah/"
    data = {
        "asal": akun["sukarela"].pk,
        "tujuan": akun["pokok"].pk,
        "jumlah": "100.000",
        "kunci": _kunci(as_budi.get(url)),
    }
    assert "Periksa pemindahbukuan" in as_budi.post(url, data).content.decode()
    assert as_budi.post(url, {**data, "konfirmasi": "1"}).status_code == 302
    url = f"{K}/anggota/{citra_anggota.pk}/berjangka/"
    produk = ProdukSimpanan.objects.get(koperasi=maju, kode="berjangka-3")
    data = {"produk": produk.pk, "jumlah": "1.000.000", "sumber": "tunai", "kunci": _kunci(as_budi.get(url))}
    assert "Periksa simpanan berjangka" in as_budi.post(url, data).content.decode()
    assert as_budi.post(url, {**data, "konfirmasi": "1"}).status_code == 302
    sb = RekeningSimpanan.objects.get(anggota=citra_anggota, jenis="berjangka")
    url = f"{K}/rekening/{sb.pk}/cairkan/"
    data = {"ke": "tunai", "kunci": _kunci(as_budi.get(url))}
    assert "Rp10.000" in as_budi.post(url, data).content.decode()  # the 1% penalty is shown first
    paid = as_budi.post(url, {**data, "konfirmasi": "1"})
    assert paid.status_code == 302
    assert as_budi.post(url, {**data, "konfirmasi": "1"})["Location"] == paid["Location"]  # closed, same receipt
    sb.refresh_from_db()
    akun["pokok"].refresh_from_db()
    assert (sb.status, akun["pokok"].saldo) == ("ditutup", D("100000"))
    report = as_budi.get(f"{K}/laci/{laci_budi.pk}/").content.decode()
    assert "Rp1.300.000" in report and "Rp990.000" in report  # cash in 300.000 + 1.000.000, out 990.000


# --- receipts ------------------------------------------------------------------------------


def test_the_receipt_pdf_comes_in_a5_and_both_thermal_widths(as_budi, budi, akun, laci_budi) -> None:
    kw = setor(akun["sukarela"], "50000", budi, tanggal=timezone.localdate()).kwitansi
    for ukuran in ("a5", "58", "80", "tidak-ada"):
        response = as_budi.get(f"{K}/kwitansi/{kw.pk}/kwitansi.pdf", {"ukuran": ukuran})
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_the_public_verification_shows_number_date_amount_and_koperasi_only(client, budi, akun, laci_budi) -> None:
    kw = setor(akun["sukarela"], "50000", budi, tanggal=timezone.localdate()).kwitansi
    html = client.get(f"/k/maju-bersama/kwitansi/{kw.token}/").content.decode()
    assert kw.nomor in html and "Rp50.000" in html and "Koperasi Maju Bersama" in html
    assert "Citra" not in html and "MB-2021-0001" not in html
    assert client.get(f"/k/tani-makmur/kwitansi/{kw.token}/").status_code == 404


# --- statements ----------------------------------------------------------------------------


def test_the_statement_pages_with_running_balances_and_a_date_filter(
    as_budi, budi, akun, laci_budi, monkeypatch, django_assert_max_num_queries
) -> None:
    monkeypatch.setattr(views, "BUKU_PER_HALAMAN", 2)
    hari = timezone.localdate()
    for jumlah in ("10000", "20000", "30000"):
        setor(akun["sukarela"], jumlah, budi, tanggal=hari)
    url = f"{K}/rekening/{akun['sukarela'].pk}/"
    with django_assert_max_num_queries(20):
        first = as_budi.get(url)
    assert [m.saldo_setelah for m in first.context["page"]] == [D("10000"), D("30000")]
    assert first.context["jumlah"].masuk == D("60000")
    second = as_budi.get(url, {"hal": 2})
    assert [m.saldo_setelah for m in second.context["page"]] == [D("60000")]
    besok = (hari + dt.timedelta(days=1)).isoformat()
    empty = as_budi.get(url, {"dari": besok})
    assert list(empty.context["page"]) == [] and empty.context["saldo_awal"] == D("60000")
    pdf = as_budi.get(f"{url}buku.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_member_sees_her_own_statements_and_no_one_elses(citra, maju, budi, akun) -> None:
    as_citra = login(citra)
    page = as_citra.get("/k/maju-bersama/saya/").content.decode()
    assert akun["sukarela"].nomor in page and "Simpanan saya" in page
    own = f"{K}/saya/{akun['sukarela'].pk}/"
    assert as_citra.get(own).status_code == 200
    assert as_citra.get(own + "buku.pdf").content.startswith(b"%PDF")
    other = rekening(make_anggota(maju))["sukarela"]
    assert as_citra.get(f"{K}/saya/{other.pk}/").status_code == 404
    assert as_citra.get(f"{K}/saya/{other.pk}/buku.pdf").status_code == 404
    assert as_citra.get(f"{K}/rekening/{akun['sukarela'].pk}/").status_code == 404  # the staff page
    assert login(budi).get(own).status_code == 404  # staff without the member role


# --- who may do what -----------------------------------------------------------------------


def test_roles_without_access_get_404(maju, citra, pengawas, budi, ani, akun) -> None:
    petugas = User.objects.create_user(username="petugas", password="x-" * 8, nama_lengkap="Petugas")
    Peran.objects.create(user=petugas, koperasi=maju, peran=NamaPeran.PETUGAS_LAPANGAN)
    produk = ProdukSimpanan.objects.get(koperasi=maju, kode="wajib")
    setor_url = f"{K}/rekening/{akun['sukarela'].pk}/setor/"
    for user, url, method in [
        (citra, f"{K}/", "get"),
        (citra, setor_url, "post"),
        (petugas, f"{K}/", "get"),
        (pengawas, setor_url, "post"),
        (pengawas, f"{K}/laci/buka/", "post"),
        (pengawas, f"{K}/produk/{produk.pk}/", "post"),
        (budi, f"{K}/produk/", "get"),
        (budi, f"{K}/produk/{produk.pk}/", "post"),
    ]:
        assert getattr(login(user), method)(url, {"setoran_tetap": "1"}).status_code == 404, (user, url)
    assert login(pengawas).get(f"{K}/rekening/{akun['sukarela'].pk}/").status_code == 200  # reads only
    drawers = login(pengawas).get(f"{K}/laci/")
    assert drawers.status_code == 200 and "Buka laci hari ini" not in drawers.content.decode()
    assert not AuditLog.objects.exists() and not SesiKas.objects.exists()


def test_another_kasirs_drawer_report_is_for_the_board_only(maju, ani, budi, laci_budi) -> None:
    kasir2 = User.objects.create_user(username="kasir2", password="x-" * 8, nama_lengkap="Kasir Dua")
    Peran.objects.create(user=kasir2, koperasi=maju, peran=NamaPeran.KASIR)
    assert login(kasir2).get(f"{K}/laci/{laci_budi.pk}/").status_code == 404
    assert login(kasir2).post(f"{K}/laci/{laci_budi.pk}/tutup/", {"uang_dihitung": "0"}).status_code == 404
    assert login(ani).get(f"{K}/laci/{laci_budi.pk}/").status_code == 200


# --- drawer, products, exit ----------------------------------------------------------------


def test_closing_the_drawer_posts_the_difference_and_shows_the_day_end_report(
    as_budi, budi, maju, akun, laci_budi
) -> None:
    setor(akun["sukarela"], "150000", budi, tanggal=timezone.localdate())
    response = as_budi.post(f"{K}/laci/{laci_budi.pk}/tutup/", {"uang_dihitung": "645.000", "lembar_100000": ""})
    assert response.status_code == 302
    report = as_budi.get(response["Location"]).content.decode()
    assert "Laporan akhir hari kasir" in report and "-Rp5.000" in report and "Rp650.000" in report
    laci_budi.refresh_from_db()
    assert laci_budi.selisih == D("-5000") and laci_budi.jurnal_selisih is not None


def test_a_count_per_denomination_that_does_not_add_up_is_shown_beside_the_total(as_budi, laci_budi) -> None:
    response = as_budi.post(f"{K}/laci/{laci_budi.pk}/tutup/", {"uang_dihitung": "500.000", "lembar_50000": "3"})
    assert response.status_code == 200
    assert "tidak sama dengan total uang dihitung" in response.content.decode()
    laci_budi.refresh_from_db()
    assert laci_budi.ditutup_pada is None


def test_the_board_edits_a_product_and_the_change_is_audited(as_ani, maju) -> None:
    produk = ProdukSimpanan.objects.get(koperasi=maju, kode="wajib")
    response = as_ani.post(
        f"{K}/produk/{produk.pk}/",
        {"nama": "Simpanan wajib", "setoran_tetap": "30000", "hari_jatuh_tempo": "15", "aktif": "on"},
    )
    assert response.status_code == 302
    produk.refresh_from_db()
    assert (produk.setoran_tetap, produk.hari_jatuh_tempo) == (D("30000"), 15)
    assert AuditLog.objects.get(aksi="produk_simpanan.ubah").sesudah == {
        "setoran_tetap": "30000.00",
        "hari_jatuh_tempo": 15,
    }
    assert "Rp30.000" in as_ani.get(f"{K}/produk/").content.decode()


def test_an_exit_approved_on_the_profile_shows_the_settlement_and_the_kasir_pays_it(
    as_ani, as_budi, budi, ani, maju, citra_anggota, akun, laci_budi
) -> None:
    hari = timezone.localdate()
    setor(akun["pokok"], "100000", budi, tanggal=hari)
    setor(akun["sukarela"], "40000", budi, tanggal=hari)
    pengajuan = PengajuanKeluar.objects.create(koperasi=maju, anggota=citra_anggota, alasan="Pindah", diajukan_oleh=ani)
    response = as_ani.post(
        f"/k/maju-bersama/keluar/{pengajuan.pk}/putusan/",
        {"putusan": "setujui", "tanggal_keluar": hari.strftime("%d-%m-%Y"), "catatan": ""},
    )
    assert response.status_code == 302
    profile = as_ani.get(f"/k/maju-bersama/anggota/{citra_anggota.pk}/").content.decode()
    assert "Penyelesaian simpanan saat keluar" in profile and "Rp140.000" in profile
    url = f"{K}/anggota/{citra_anggota.pk}/pengembalian/"
    data = {"kunci": _kunci(as_budi.get(url))}
    assert "Periksa pengembalian simpanan" in as_budi.post(url, data).content.decode()
    done = as_budi.post(url, {**data, "konfirmasi": "1"})
    assert done.status_code == 302
    kw = Kwitansi.objects.get(pk=int(re.findall(r"/kwitansi/(\d+)/", done["Location"])[0]))
    assert kw.jumlah == D("140000")
    assert "BUKTI PEMBAYARAN" in as_budi.get(done["Location"]).content.decode()
