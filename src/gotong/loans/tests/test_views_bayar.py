"""Repayment pages end to end: the counter form → confirmation → one posting → receipt; the
double payment from two counters refused with a clear message; bad amounts and closed loans
refused with nothing posted; payoff; the field collector with their own drawer; the lists
and their Excel files; the member's own loan pages; outsiders get 404."""

import datetime as dt
import re
from io import BytesIO
from typing import Any

import pytest
from conftest import login
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.ledger.checks import periksa_buku
from gotong.loans import laporan
from gotong.loans.autodebet import AUTODEBET_TIDAK_BERJALAN
from gotong.loans.models import Angsuran, PembayaranPinjaman, Pinjaman, StatusPinjaman
from gotong.loans.pembayaran import pelunasan_bayar, pelunasan_hitung
from gotong.loans.tests.helpers_pinjaman import D, cair, jejak, kunci, produk
from gotong.loans.views_bayar import _angka
from gotong.members.tests.helpers import make_anggota
from gotong.savings.services import JUMLAH_HARUS_POSITIF, JUMLAH_TIDAK_SAH, LACI_BELUM_DIBUKA
from gotong.savings.tests.helpers_loket import laci
from gotong.tenancy.models import NamaPeran, Peran

K = "/k/maju-bersama"


def _kw(pk: int | None) -> str:
    return reverse("savings:kwitansi", args=["maju-bersama", pk])


def _pesan(text: object) -> str:
    """A message as the page shows it (HTML-escaped)."""
    return str(text).replace("'", "&#x27;").replace('"', "&quot;")


@pytest.fixture(autouse=True)
def _satu_persen(maju):
    produk(maju, "umum", suku_bunga=D("1"))


@pytest.fixture
def hari() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def pinjaman(maju, ani, budi, citra_anggota, hari) -> Pinjaman:
    """Citra's loan disbursed 75 days ago: installments 1 and 2 are late, 3 is next."""
    return cair(citra_anggota, budi, ani, tanggal=hari - dt.timedelta(days=75))


@pytest.fixture
def petugas(maju) -> User:
    user = User.objects.create_user(username="pak-udin", password="x-" * 8, nama_lengkap="Udin Penagih")
    Peran.objects.create(user=user, koperasi=maju, peran=NamaPeran.PETUGAS_LAPANGAN)
    return user


def _kunci(page: str) -> str:
    m = re.search(r'name="kunci" value="([0-9a-f]{32})"', page)
    assert m, "no idempotency key on the form"
    return m.group(1)


def _bayar_url(p: Pinjaman) -> str:
    return f"{K}/pinjaman/{p.pk}/bayar/"


def _post(client: Client, url: str, data: dict[str, Any], konfirmasi: bool = True) -> Any:
    data = dict(data)
    if konfirmasi:
        data["konfirmasi"] = "1"
    return client.post(url, data)


def test_pay_at_counter_confirm_then_post_once_and_receipt(maju, budi, pinjaman, hari):
    laci(maju, budi, hari)
    client = login(budi)
    t = laporan.tagihan_pinjaman(pinjaman, hari)
    assert len(t.jatuh) == 2 and t.denda > 0  # penalties computed for the page ...
    assert not Angsuran.objects.filter(pinjaman=pinjaman, denda__gt=0).exists()  # ... never saved
    page = client.get(_bayar_url(pinjaman)).content.decode()
    assert "Harus dibayar sekarang" in page and f'value="{_angka(t.jumlah_jatuh)}"' in page
    assert 'name="untuk_angsuran" value="1"' in page
    data = {"kunci": _kunci(page), "jumlah": "840.000", "cara": "loket", "untuk_angsuran": "1"}

    summary = _post(client, _bayar_url(pinjaman), data, konfirmasi=False)
    assert summary.status_code == 200
    text = summary.content.decode()
    assert "Periksa pembayaran angsuran" in text and "Untuk denda" in text
    assert PembayaranPinjaman.objects.count() == 0  # nothing moved yet

    done = _post(client, _bayar_url(pinjaman), data)
    bayar = PembayaranPinjaman.objects.get()
    assert done.status_code == 302
    assert done["Location"] == _kw(bayar.kwitansi_id)
    assert bayar.jumlah == D("840000") and bayar.cara == "loket" and bayar.dibuat_oleh == budi
    receipt = client.get(done["Location"]).content.decode()
    assert "Rp840.000" in receipt and pinjaman.nomor in receipt
    # a double click of the confirmation finds its key: the same receipt, nothing posted twice
    again = _post(client, _bayar_url(pinjaman), data)
    assert again["Location"] == done["Location"] and PembayaranPinjaman.objects.count() == 1
    assert periksa_buku(maju) == []


def test_same_installment_paid_from_two_counters_is_refused_with_a_message(maju, ani, budi, pinjaman, hari):
    laci(maju, budi, hari)
    laci(maju, ani, hari)
    first, second = login(budi), login(ani)
    page1 = first.get(_bayar_url(pinjaman)).content.decode()
    page2 = second.get(_bayar_url(pinjaman)).content.decode()  # both counters see installment 1
    semua = _angka(laporan.tagihan_pinjaman(pinjaman, hari).jumlah_jatuh)
    data = {"jumlah": semua, "cara": "loket", "untuk_angsuran": "1"}
    assert _post(first, _bayar_url(pinjaman), {**data, "kunci": _kunci(page1)}).status_code == 302
    before = jejak(maju)
    for konfirmasi in (False, True):  # refused at the summary step and at the confirmation
        r = _post(second, _bayar_url(pinjaman), {**data, "kunci": _kunci(page2)}, konfirmasi=konfirmasi)
        assert r.status_code == 200
        text = r.content.decode()
        assert f"Angsuran ke-1 pinjaman {pinjaman.nomor} sudah dibayar" in text
        assert "muat ulang halaman" in text
    assert jejak(maju) == before
    assert PembayaranPinjaman.objects.count() == 1
    assert periksa_buku(maju) == []


@pytest.mark.parametrize(
    ("jumlah", "pesan"),
    [
        ("lima puluh ribu", JUMLAH_TIDAK_SAH),
        ("0", JUMLAH_HARUS_POSITIF),
        ("-50.000", None),
        ("999.999.999", "melebihi jumlah pelunasan hari ini"),
    ],
)
def test_bad_amounts_are_refused_with_a_message_and_nothing_posted(maju, budi, pinjaman, hari, jumlah, pesan):
    laci(maju, budi, hari)
    client = login(budi)
    page = client.get(_bayar_url(pinjaman)).content.decode()
    before = jejak(maju)
    for konfirmasi in (False, True):
        data = {"kunci": _kunci(page), "jumlah": jumlah, "cara": "loket", "untuk_angsuran": "1"}
        r = _post(client, _bayar_url(pinjaman), data, konfirmasi=konfirmasi)
        assert r.status_code == 200
        text = r.content.decode()
        assert 'class="errorlist' in text
        if pesan is None:  # a negative amount: either message says what to write
            assert _pesan(JUMLAH_TIDAK_SAH) in text or _pesan(JUMLAH_HARUS_POSITIF) in text
        else:
            assert _pesan(pesan) in text
    assert jejak(maju) == before


def test_paying_a_closed_loan_is_refused_with_a_message(maju, budi, pinjaman, hari):
    laci(maju, budi, hari)
    total = pelunasan_hitung(pinjaman=pinjaman, tanggal=hari).total
    pelunasan_bayar(pinjaman=pinjaman, jumlah=total, tanggal=hari, cara="loket", actor=budi, kunci=kunci())
    client = login(budi)
    page = client.get(_bayar_url(pinjaman)).content.decode()
    assert "sudah lunas; tidak ada lagi yang bisa dibayar" in page
    before = jejak(maju)
    r = _post(client, _bayar_url(pinjaman), {"kunci": "a" * 32, "jumlah": "100.000", "cara": "loket"})
    assert r.status_code == 200
    assert f"Pinjaman {pinjaman.nomor} sudah lunas; tidak ada lagi yang bisa dibayar." in r.content.decode()
    assert jejak(maju) == before


def test_without_an_open_drawer_the_page_says_to_open_it(maju, budi, pinjaman):
    client = login(budi)
    page = client.get(_bayar_url(pinjaman)).content.decode()
    assert "Laci kas belum dibuka" in page and reverse("savings:laci", args=["maju-bersama"]) in page
    before = jejak(maju)
    r = _post(client, _bayar_url(pinjaman), {"kunci": _kunci(page), "jumlah": "100.000", "cara": "loket"}, False)
    assert _pesan(LACI_BELUM_DIBUKA) in r.content.decode()
    assert jejak(maju) == before


def test_field_collector_opens_own_drawer_collects_and_prints_receipt(maju, petugas, pinjaman, hari):
    client = login(petugas)
    page = client.get(_bayar_url(pinjaman)).content.decode()
    assert "Buka laci kas" in page
    assert 'value="loket"' not in page and 'value="sukarela"' not in page  # the collector records collections
    assert client.post(reverse("savings:laci_buka", args=["maju-bersama"]), {"saldo_awal": "0"}).status_code == 302
    data = {"kunci": _kunci(page), "jumlah": "500.000", "cara": "petugas", "untuk_angsuran": "1"}
    done = _post(client, _bayar_url(pinjaman), data)
    assert done.status_code == 302
    bayar = PembayaranPinjaman.objects.get()
    assert bayar.cara == "petugas" and bayar.kwitansi.kasir == petugas
    assert client.get(done["Location"]).status_code == 200
    # a form that claims "loket" is refused for a collector
    page = client.get(_bayar_url(pinjaman)).content.decode()
    r = _post(client, _bayar_url(pinjaman), {**data, "kunci": _kunci(page), "cara": "loket"}, False)
    assert "Pilih cara bayar dari daftar." in r.content.decode()
    assert periksa_buku(maju) == []


def test_payoff_quotation_print_and_settlement(maju, budi, pinjaman, hari):
    laci(maju, budi, hari)
    client = login(budi)
    url = f"{K}/pinjaman/{pinjaman.pk}/pelunasan/"
    quote = pelunasan_hitung(pinjaman=pinjaman, tanggal=hari)
    page = client.get(url).content.decode()
    assert "Perhitungan pelunasan" in page and f'value="{_angka(quote.total)}"' in page
    cetak = client.get(url + "?cetak=1").content.decode()
    assert "PERHITUNGAN PELUNASAN PINJAMAN" in cetak and _angka(quote.total) in cetak
    before = jejak(maju)
    wrong = _post(client, url, {"kunci": _kunci(page), "jumlah": "1.000.000", "cara": "loket"}, False)
    assert f"Jumlah pelunasan hari ini Rp{_angka(quote.total)}" in wrong.content.decode()
    assert jejak(maju) == before
    data = {"kunci": _kunci(page), "jumlah": _angka(quote.total), "cara": "loket"}
    assert "Periksa pelunasan pinjaman" in _post(client, url, data, False).content.decode()
    done = _post(client, url, data)
    assert done.status_code == 302
    pinjaman.refresh_from_db()
    assert pinjaman.status == StatusPinjaman.LUNAS and pinjaman.sisa_pokok == 0
    bayar = PembayaranPinjaman.objects.get(jenis="pelunasan")
    assert done["Location"] == _kw(bayar.kwitansi_id)
    assert periksa_buku(maju) == []


def test_lists_and_excel_for_staff_and_collector(maju, ani, budi, pengawas, petugas, citra_anggota, hari):
    lain = make_anggota(maju, nama="=HYPERLINK(1)")
    p1 = cair(citra_anggota, budi, ani, tanggal=hari - dt.timedelta(days=40))
    p2 = cair(lain, budi, ani, tanggal=hari - dt.timedelta(days=40))
    Pinjaman.objects.filter(pk=p1.pk).update(petugas=petugas)
    Angsuran.objects.filter(pinjaman__in=[p1, p2], ke=2).update(jatuh_tempo=hari)  # due today
    for user in (ani, budi, pengawas, petugas):
        assert login(user).get(f"{K}/pinjaman/tagihan/").status_code == 200, user
    # the collector sees their own loans by default, everyone's on request
    mine = login(petugas).get(f"{K}/pinjaman/tagihan/").content.decode()
    assert p1.nomor in mine and p2.nomor not in mine
    semua = login(petugas).get(f"{K}/pinjaman/tagihan/?petugas=").content.decode()
    assert p1.nomor in semua and p2.nomor in semua and "Tanpa petugas" in semua
    assert f"{K}/pinjaman/{p1.pk}/bayar/" in semua
    assert "/bayar/" not in login(pengawas).get(f"{K}/pinjaman/tagihan/").content.decode()  # reads only
    assert login(pengawas).get(_bayar_url(p1)).status_code == 404

    wb = load_workbook(BytesIO(login(ani).get(f"{K}/pinjaman/tagihan.xlsx").content))
    ws = wb["Tagihan"]
    assert [c.value for c in ws[2]][:5] == [
        "Petugas lapangan",
        "Jatuh tempo",
        "Nomor pinjaman",
        "Nomor anggota",
        "Nama anggota",
    ]
    rows = {r[2]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows[p1.nomor][0] == "Udin Penagih" and rows[p2.nomor][4] == "'=HYPERLINK(1)"
    jumlah = next(c for c in ws[3] if c.column_letter == "J")
    assert isinstance(jumlah.value, int | float) and jumlah.number_format == '"Rp"#,##0'
    assert {"Per petugas", "Per desa"} <= set(wb.sheetnames)

    for path in ("tunggakan", "portofolio"):
        assert login(pengawas).get(f"{K}/pinjaman/{path}/").status_code == 200
        response = login(budi).get(f"{K}/pinjaman/{path}.xlsx")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        load_workbook(BytesIO(response.content))
    tunggak = login(ani).get(f"{K}/pinjaman/tunggakan/").content.decode()
    assert p1.nomor in tunggak and p2.nomor in tunggak
    porto = load_workbook(BytesIO(login(ani).get(f"{K}/pinjaman/portofolio.xlsx").content))
    assert porto["PAR"]["B3"].value == 18000000 and porto["PAR"]["B3"].number_format == '"Rp"#,##0'


def test_member_sees_own_loan_schedule_payments_and_switches_autodebet(maju, budi, citra, pinjaman, hari):
    laci(maju, budi, hari)
    from gotong.loans.tests.helpers_pinjaman import bayar

    kw = bayar(pinjaman, "900000", budi, hari).kwitansi
    client = login(citra)
    daftar = client.get(f"{K}/pinjaman/saya/").content.decode()
    assert pinjaman.nomor in daftar and "terlambat" in daftar
    url = f"{K}/pinjaman/saya/{pinjaman.pk}/"
    page = client.get(url).content.decode()
    assert "Jadwal angsuran" in page and "Terlambat" in page and "Lunas" in page
    assert kw.nomor in page and "Yang harus dibayar" in page and "perhitungan pelunasan" in page
    pdf = client.get(f"{url}kwitansi/{kw.pk}.pdf")
    assert pdf.content.startswith(b"%PDF")
    # the payoff quotation is read-only for the member
    quote = client.get(f"{K}/pinjaman/{pinjaman.pk}/pelunasan/").content.decode()
    assert "Perhitungan pelunasan" in quote and 'name="kunci"' not in quote
    assert client.post(f"{K}/pinjaman/{pinjaman.pk}/pelunasan/", {"jumlah": "1"}).status_code == 404
    r = client.post(f"{K}/pinjaman/{pinjaman.pk}/autodebet/", {"aktif": "1", "next": url})
    assert r.status_code == 302 and r["Location"] == url
    pinjaman.refresh_from_db()
    assert pinjaman.autodebet
    log = AuditLog.objects.get(aksi="pinjaman.autodebet")
    assert log.aktor == citra and log.sesudah == {"autodebet": True}
    # the member cannot reach the staff pages
    for path in (f"pinjaman/{pinjaman.pk}/bayar/", "pinjaman/tagihan/", "pinjaman/tunggakan.xlsx"):
        assert client.get(f"{K}/{path}").status_code == 404


def test_member_gets_404_for_another_members_loan_and_outsider_for_everything(
    maju, ani, budi, citra, dedi, pinjaman, hari
):
    other = cair(make_anggota(maju), budi, ani, tanggal=hari - dt.timedelta(days=10))
    client = login(citra)
    assert other.nomor not in client.get(f"{K}/pinjaman/saya/").content.decode()
    for path in ("", "kwitansi/1.pdf"):
        assert client.get(f"{K}/pinjaman/saya/{other.pk}/{path}").status_code == 404
    assert client.get(f"{K}/pinjaman/{other.pk}/pelunasan/").status_code == 404
    assert client.post(f"{K}/pinjaman/{other.pk}/autodebet/", {"aktif": "1"}).status_code == 404
    other.refresh_from_db()
    assert not other.autodebet
    outsider = login(dedi)
    for path in (
        f"pinjaman/{pinjaman.pk}/bayar/",
        f"pinjaman/{pinjaman.pk}/pelunasan/",
        "pinjaman/tagihan/",
        "pinjaman/tagihan.xlsx",
        "pinjaman/tunggakan/",
        "pinjaman/tunggakan.xlsx",
        "pinjaman/portofolio/",
        "pinjaman/portofolio.xlsx",
        "pinjaman/saya/",
        f"pinjaman/saya/{pinjaman.pk}/",
    ):
        assert outsider.get(f"{K}/{path}").status_code == 404, path
    assert outsider.post(f"{K}/pinjaman/{pinjaman.pk}/autodebet/", {"aktif": "1"}).status_code == 404
    assert not AuditLog.objects.filter(aksi="pinjaman.autodebet").exists()


def test_staff_autodebet_switch_and_closed_loan_message(maju, ani, budi, pinjaman, hari):
    client = login(budi)
    r = client.post(f"{K}/pinjaman/{pinjaman.pk}/autodebet/", {"aktif": "1"})
    assert r.status_code == 302 and r["Location"] == f"{K}/pinjaman/{pinjaman.pk}/"
    pinjaman.refresh_from_db()
    assert pinjaman.autodebet
    laci(maju, budi, hari)
    total = pelunasan_hitung(pinjaman=pinjaman, tanggal=hari).total
    pelunasan_bayar(pinjaman=pinjaman, jumlah=total, tanggal=hari, cara="loket", actor=budi, kunci=kunci())
    r = client.post(f"{K}/pinjaman/{pinjaman.pk}/autodebet/", {"aktif": "0", "next": f"{K}/pinjaman/tagihan/"})
    assert r["Location"] == f"{K}/pinjaman/tagihan/"
    msg = str(AUTODEBET_TIDAK_BERJALAN).format(nomor=pinjaman.nomor, status="lunas")
    assert _pesan(msg) in client.get(r["Location"]).content.decode()
    pinjaman.refresh_from_db()
    assert pinjaman.autodebet  # unchanged
    # an address outside the koperasi is never followed
    r = client.post(f"{K}/pinjaman/{pinjaman.pk}/autodebet/", {"aktif": "0", "next": "https://contoh.id/"})
    assert r["Location"] == f"{K}/pinjaman/{pinjaman.pk}/"
