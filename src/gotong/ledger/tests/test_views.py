"""The ledger screens /k/<kode>/buku-besar/: who sees what, chart, journal, buku besar, buku kas."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from conftest import login
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.ledger import chart, sources
from gotong.ledger.export import JURNAL_HEADERS
from gotong.ledger.models import Akun, Jurnal, SumberJurnal
from gotong.ledger.posting import akun
from gotong.ledger.services import AKUN_SISTEM_TETAP, AKUN_SUDAH_DIPAKAI, JURNAL_TIDAK_BISA_DIBALIK
from gotong.ledger.tests.helpers import post, staff
from gotong.members.models import Anggota
from gotong.tenancy.models import Koperasi, NamaPeran

BASE = "/k/maju-bersama/buku-besar/"
TODAY = timezone.localdate()
AWAL = TODAY.replace(day=1)
BULAN_LALU = AWAL - dt.timedelta(days=1)


@pytest.fixture
def books(maju: Koperasi, citra_anggota: Anggota) -> dict[str, Any]:
    """Last month: Rp1.000.000 pokok paid in cash. This month: a deposit and a bank transfer."""
    return {
        "lalu": post(maju, BULAN_LALU, chart.KAS, chart.SIMPANAN_POKOK, "1000000", sumber=SumberJurnal.SETORAN),
        "setoran": post(
            maju,
            AWAL,
            chart.KAS,
            chart.SIMPANAN_SUKARELA,
            "250000",
            sumber=SumberJurnal.SETORAN,
            keterangan="Setoran sukarela Citra",
            anggota=citra_anggota,
        ),
        "bank": post(maju, TODAY, chart.BANK, chart.KAS, "400000", keterangan="Setor kas ke bank"),
    }


def _pages(books: dict[str, Any]) -> list[str]:
    kas = akun(books["bank"].koperasi, chart.KAS)
    return [
        BASE,
        f"{BASE}jurnal/",
        f"{BASE}jurnal/{books['bank'].pk}/",
        f"{BASE}akun/{kas.pk}/",
        f"{BASE}kas/",
        f"{BASE}usulan/",
        f"{BASE}periode/",
    ]


# --- who may see and do what --------------------------------------------------------------


@pytest.mark.parametrize("peran", [NamaPeran.KETUA, NamaPeran.BENDAHARA, NamaPeran.PENGAWAS, NamaPeran.MANAJER])
def test_the_board_pengawas_and_manajer_read_every_ledger_page(maju: Koperasi, books: dict, peran: str) -> None:
    client = login(staff(maju, "pembaca", peran))
    for url in _pages(books):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Buku besar" in response.content.decode()


def test_the_kasir_and_a_member_get_404_on_every_ledger_page(budi: User, citra: User, books: dict) -> None:
    for user in (budi, citra):
        client = login(user)
        for url in [*_pages(books), f"{BASE}usulan/baru/", f"{BASE}jurnal/ekspor.xlsx"]:
            assert client.get(url).status_code == 404, url
    assert "Buku besar" not in login(budi).get("/k/maju-bersama/anggota/").content.decode()


def test_the_pengawas_reads_but_changes_nothing(pengawas: User, books: dict, maju: Koperasi) -> None:
    client = login(pengawas)
    kas = akun(maju, chart.KAS)
    refused = [
        ("get", f"{BASE}usulan/baru/", {}),
        ("post", f"{BASE}usulan/baru/", {"tanggal": TODAY.isoformat(), "keterangan": "x"}),
        ("get", f"{BASE}akun/tambah/", {}),
        ("post", f"{BASE}akun/{kas.pk}/ubah/", {"nama": "Kas besar"}),
        ("post", f"{BASE}akun/{kas.pk}/hapus/", {}),
        ("post", f"{BASE}jurnal/{books['bank'].pk}/balik/", {"tanggal": TODAY.isoformat(), "alasan": "x"}),
        ("post", f"{BASE}periode/tutup/", {"tahun": BULAN_LALU.year, "bulan": BULAN_LALU.month}),
        ("post", f"{BASE}siapkan/", {}),
    ]
    for method, url, data in refused:
        assert getattr(client, method)(url, data).status_code == 404, f"{method} {url}"
    assert AuditLog.objects.count() == 0
    assert Jurnal.objects.count() == 3


def test_the_manajer_may_propose_but_not_close_months_or_reverse(maju: Koperasi, books: dict) -> None:
    client = login(staff(maju, "maya", NamaPeran.MANAJER))
    assert client.get(f"{BASE}usulan/baru/").status_code == 200
    assert client.post(f"{BASE}periode/tutup/", {"tahun": TODAY.year, "bulan": TODAY.month}).status_code == 404
    assert client.post(f"{BASE}periode/buka/", {"tahun": TODAY.year, "bulan": TODAY.month}).status_code == 404
    assert client.post(f"{BASE}jurnal/{books['bank'].pk}/balik/", {"alasan": "x"}).status_code == 404


def test_the_menu_shows_buku_besar_to_those_who_read_it(as_ani: Client, pengawas: User, budi: User) -> None:
    assert f'href="{BASE}"' in as_ani.get("/k/maju-bersama/").content.decode()
    assert f'href="{BASE}"' in login(pengawas).get("/k/maju-bersama/").content.decode()
    assert f'href="{BASE}"' not in login(budi).get("/k/maju-bersama/").content.decode()


# --- chart of accounts --------------------------------------------------------------------


def test_the_chart_shows_each_balance_and_parents_add_up_their_accounts(as_ani: Client, books: dict) -> None:
    rows = {r.akun.kode: r for r in as_ani.get(BASE).context["page"]}
    assert rows[chart.KAS].saldo == Decimal("850000")  # 1.000.000 + 250.000 − 400.000
    assert rows[chart.BANK].saldo == Decimal("400000")
    assert rows["1"].saldo == Decimal("1250000")
    assert rows["2"].saldo == Decimal("250000") and rows["3"].saldo == Decimal("1000000")
    assert (rows[chart.KAS].debit_bulan, rows[chart.KAS].kredit_bulan) == (Decimal("250000"), Decimal("400000"))
    assert rows["1"].punya_sub and rows["1"].tingkat == 0 and rows[chart.KAS].tingkat == 1
    assert rows["1.20.99"].tingkat == 1  # a contra account sits beside 1.20, so 1.20 takes postings
    html = as_ani.get(BASE).content.decode()
    assert "Rp850.000" in html and "Rp1.250.000" in html


def test_an_empty_chart_says_what_to_do_and_the_ketua_can_set_it_up(as_ani: Client, maju: Koperasi) -> None:
    Akun.objects.filter(koperasi=maju, anak__isnull=True).delete()
    Akun.objects.filter(koperasi=maju).delete()
    html = as_ani.get(BASE).content.decode()
    assert "Bagan akun koperasi ini masih kosong" in html and "Siapkan bagan akun baku" in html
    response = as_ani.post(f"{BASE}siapkan/")
    assert response.status_code == 302
    assert Akun.objects.filter(koperasi=maju).count() == len(chart.DEFAULT_CHART)


def test_an_account_is_added_under_its_parent_and_audited(as_ani: Client, maju: Koperasi) -> None:
    induk = akun(maju, "5.10")
    response = as_ani.post(f"{BASE}akun/tambah/", {"induk": induk.pk, "kode": "5.10.01", "nama": "Beban listrik"})
    assert response.status_code == 302
    baru = akun(maju, "5.10.01")
    assert (baru.induk, baru.tipe, baru.saldo_normal) == (induk, "beban", "D")
    assert AuditLog.objects.filter(aksi="akun.tambah").count() == 1


def test_a_wrong_code_or_a_used_code_is_refused_beside_the_field(as_ani: Client, maju: Koperasi) -> None:
    induk = akun(maju, "5.10")
    html = as_ani.post(f"{BASE}akun/tambah/", {"induk": induk.pk, "kode": "6.01", "nama": "X"}).content.decode()
    assert "Kode akun harus diawali kode induknya" in html
    html = as_ani.post(f"{BASE}akun/tambah/", {"induk": akun(maju, "1").pk, "kode": "1.01", "nama": "X"}).content
    assert "Kode 1.01 sudah dipakai" in html.decode()
    assert not Akun.objects.filter(koperasi=maju, nama="X").exists()


def test_another_koperasis_parent_is_refused(as_ani: Client, maju: Koperasi, tani: Koperasi) -> None:
    foreign = akun(tani, "5.10")
    html = as_ani.post(f"{BASE}akun/tambah/", {"induk": foreign.pk, "kode": "5.10.01", "nama": "X"}).content
    assert "Akun itu tidak ada di bagan akun koperasi ini." in html.decode()
    assert not Akun.objects.filter(kode="5.10.01").exists()


def test_an_account_is_renamed_and_deactivated_but_a_system_account_stays_active(
    as_ani: Client, maju: Koperasi
) -> None:
    hibah = akun(maju, "3.13")
    assert as_ani.post(f"{BASE}akun/{hibah.pk}/ubah/", {"nama": "Hibah pemerintah"}).status_code == 302
    hibah.refresh_from_db()
    assert (hibah.nama, hibah.aktif) == ("Hibah pemerintah", False)
    kas = akun(maju, chart.KAS)
    html = as_ani.post(f"{BASE}akun/{kas.pk}/ubah/", {"nama": "Kas"}).content.decode()
    assert str(AKUN_SISTEM_TETAP).format(akun=kas).split(" (")[0] in html
    assert akun(maju, chart.KAS).aktif


def test_an_unused_account_is_deleted_and_a_used_one_is_not(as_ani: Client, maju: Koperasi, books: dict) -> None:
    hibah = akun(maju, "3.13")
    assert as_ani.post(f"{BASE}akun/{hibah.pk}/hapus/").status_code == 302
    assert not Akun.objects.filter(pk=hibah.pk).exists()
    post(maju, TODAY, "1.30", "4.90", "5000")
    persediaan = akun(maju, "1.30")
    response = as_ani.post(f"{BASE}akun/{persediaan.pk}/hapus/", follow=True)
    assert str(AKUN_SUDAH_DIPAKAI).format(akun=persediaan) in response.content.decode()
    assert Akun.objects.filter(pk=persediaan.pk).exists()


# --- journal ------------------------------------------------------------------------------


def _nomor(response: Any) -> list[str]:
    return [j.nomor for j in response.context["page"].object_list]


def test_the_journal_lists_this_month_newest_first_with_the_total(as_ani: Client, books: dict) -> None:
    response = as_ani.get(f"{BASE}jurnal/")
    assert _nomor(response) == [books["bank"].nomor, books["setoran"].nomor]
    assert response.context["total"].debit == Decimal("650000")
    assert "Rp650.000" in response.content.decode()


def test_the_journal_filters_by_date_source_account_and_text(as_ani: Client, books: dict, maju: Koperasi) -> None:
    every = {"dari": BULAN_LALU.replace(day=1).isoformat(), "sampai": TODAY.isoformat()}
    assert len(_nomor(as_ani.get(f"{BASE}jurnal/", every))) == 3
    setoran = as_ani.get(f"{BASE}jurnal/", {**every, "sumber": "setoran"})
    assert _nomor(setoran) == [books["setoran"].nomor, books["lalu"].nomor]
    bank = akun(maju, chart.BANK)
    by_account = as_ani.get(f"{BASE}jurnal/", {**every, "akun": bank.pk})
    assert _nomor(by_account) == [books["bank"].nomor]
    assert (by_account.context["total"].debit, by_account.context["total"].kredit) == (Decimal("400000"), 0)
    assert _nomor(as_ani.get(f"{BASE}jurnal/", {**every, "q": "citra"})) == [books["setoran"].nomor]
    assert _nomor(as_ani.get(f"{BASE}jurnal/", {**every, "q": books["lalu"].nomor})) == [books["lalu"].nomor]


def test_an_empty_journal_says_what_to_do_next(as_ani: Client, maju: Koperasi) -> None:
    html = as_ani.get(f"{BASE}jurnal/").content.decode()
    assert "Belum ada jurnal pada rentang tanggal ini" in html and "buat jurnal umum" in html
    html = as_ani.get(f"{BASE}jurnal/", {"q": "tidak ada"}).content.decode()
    assert "Tidak ada jurnal yang cocok" in html


def test_the_journal_pages_by_25_with_a_bounded_number_of_queries(
    as_ani: Client, maju: Koperasi, django_assert_max_num_queries: Any
) -> None:
    for i in range(30):
        post(maju, TODAY, chart.KAS, "4.90", str(1000 + i))
    with django_assert_max_num_queries(12):
        first = as_ani.get(f"{BASE}jurnal/")
    assert len(_nomor(first)) == 25 and first.context["page"].paginator.num_pages == 2
    assert len(_nomor(as_ani.get(f"{BASE}jurnal/", {"hal": 2}))) == 5
    kas = akun(maju, chart.KAS)
    with django_assert_max_num_queries(12):
        as_ani.get(f"{BASE}jurnal/", {"akun": kas.pk})


def test_a_bad_date_keeps_this_month_and_says_so(as_ani: Client, books: dict) -> None:
    response = as_ani.get(f"{BASE}jurnal/", {"dari": "kemarin"})
    assert response.status_code == 200
    assert "Isi tanggal dengan benar" in response.content.decode()
    assert len(_nomor(response)) == 2


def test_the_journal_exports_to_excel_one_row_per_line_without_formulas(
    as_ani: Client, maju: Koperasi, books: dict
) -> None:
    post(maju, TODAY, "5.10", chart.KAS, "1500", keterangan='=HYPERLINK("http://x")')
    response = as_ani.get(f"{BASE}jurnal/ekspor.xlsx", {"sumber": "manual"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[2]] == JURNAL_HEADERS
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 4  # two manual entries of two lines
    assert any(r[2] == '\'=HYPERLINK("http://x")' for r in rows)
    assert {(r[4], r[6], r[7]) for r in rows if r[1] == books["bank"].nomor} == {
        (chart.BANK, 400000, None),
        (chart.KAS, None, 400000),
    }


# --- entry detail and reversal ------------------------------------------------------------


def test_an_entry_shows_its_lines_its_member_and_its_totals(
    as_ani: Client, books: dict, citra_anggota: Anggota
) -> None:
    html = as_ani.get(f"{BASE}jurnal/{books['setoran'].pk}/").content.decode()
    assert books["setoran"].nomor in html and "Setoran sukarela Citra" in html
    assert f"/k/maju-bersama/anggota/{citra_anggota.pk}/" in html
    assert html.count("Rp250.000") >= 4  # two lines and two totals
    assert "dikoreksi lewat modulnya sendiri" in html  # a savings entry is not reversed here


def test_the_ketua_reverses_a_manual_entry_with_a_reason(as_ani: Client, books: dict, maju: Koperasi) -> None:
    asli = books["bank"]
    response = as_ani.post(f"{BASE}jurnal/{asli.pk}/balik/", {"tanggal": TODAY.isoformat(), "alasan": "Salah akun"})
    balik = Jurnal.objects.get(membalik=asli)
    assert response.status_code == 302 and response["Location"] == f"{BASE}jurnal/{balik.pk}/"
    assert {(b.akun.kode, b.sisi) for b in balik.baris.all()} == {(chart.BANK, "K"), (chart.KAS, "D")}
    log = AuditLog.objects.get(aksi="jurnal.balik")
    assert log.sesudah["alasan"] == "Salah akun" and log.sesudah["pembalikan"] == balik.nomor
    original = as_ani.get(f"{BASE}jurnal/{asli.pk}/").content.decode()
    assert f"{BASE}jurnal/{balik.pk}/" in original and "sudah dibalik" in original
    assert f"{BASE}jurnal/{asli.pk}/" in as_ani.get(f"{BASE}jurnal/{balik.pk}/").content.decode()
    again = as_ani.post(f"{BASE}jurnal/{asli.pk}/balik/", {"tanggal": TODAY.isoformat(), "alasan": "lagi"})
    assert again.status_code == 400 and "sudah dibalik dengan jurnal" in again.content.decode()
    assert Jurnal.objects.filter(membalik=asli).count() == 1


def test_a_reversal_needs_a_reason_and_a_savings_entry_is_not_reversed_here(as_ani: Client, books: dict) -> None:
    response = as_ani.post(f"{BASE}jurnal/{books['bank'].pk}/balik/", {"tanggal": TODAY.isoformat(), "alasan": ""})
    assert response.status_code == 400 and "Bagian ini wajib diisi." in response.content.decode()
    response = as_ani.post(
        f"{BASE}jurnal/{books['setoran'].pk}/balik/", {"tanggal": TODAY.isoformat(), "alasan": "salah"}
    )
    assert response.status_code == 400
    assert str(JURNAL_TIDAK_BISA_DIBALIK).format(sumber="Setoran simpanan") in response.content.decode()
    assert not Jurnal.objects.filter(membalik__isnull=False).exists()


# --- buku besar and buku kas --------------------------------------------------------------


def test_the_account_ledger_starts_from_the_opening_balance_and_runs(
    as_ani: Client, books: dict, maju: Koperasi
) -> None:
    kas = akun(maju, chart.KAS)
    response = as_ani.get(f"{BASE}akun/{kas.pk}/")
    buku = response.context["buku"]
    assert buku.saldo_awal == Decimal("1000000")
    assert [saldo for _b, saldo in response.context["rows"]] == [Decimal("1250000"), Decimal("850000")]
    assert (buku.debit, buku.kredit, buku.saldo_akhir) == (Decimal("250000"), Decimal("400000"), Decimal("850000"))
    html = response.content.decode()
    assert "Rp1.000.000" in html and "Rp850.000" in html


def test_the_running_balance_carries_over_to_the_next_page(as_ani: Client, maju: Koperasi) -> None:
    for _ in range(27):
        post(maju, TODAY, chart.KAS, "4.90", "1000")
    kas = akun(maju, chart.KAS)
    second = as_ani.get(f"{BASE}akun/{kas.pk}/", {"hal": 2})
    assert [saldo for _b, saldo in second.context["rows"]] == [Decimal("26000"), Decimal("27000")]


def test_a_parent_account_points_to_its_sub_accounts(as_ani: Client, maju: Koperasi) -> None:
    html = as_ani.get(f"{BASE}akun/{akun(maju, '1').pk}/").content.decode()
    assert "Ini akun induk" in html and "1.01 Kas" in html


def test_the_cash_book_shows_each_day_with_its_closing_balance(as_ani: Client, books: dict) -> None:
    response = as_ani.get(f"{BASE}kas/", {"dari": AWAL.isoformat(), "sampai": TODAY.isoformat()})
    days = list(response.context["page"])
    assert response.context["awal"] == Decimal("1000000")
    if AWAL == TODAY:
        assert [(d.masuk, d.keluar, d.saldo) for d in days] == [
            (Decimal("250000"), Decimal("400000"), Decimal("850000"))
        ]
    else:
        assert [(d.tanggal, d.saldo) for d in days] == [(AWAL, Decimal("1250000")), (TODAY, Decimal("850000"))]
    assert response.context["akhir"] == Decimal("850000")


def test_an_empty_cash_book_says_what_to_do_next(as_ani: Client, maju: Koperasi) -> None:
    assert "Tidak ada kas masuk atau keluar" in as_ani.get(f"{BASE}kas/").content.decode()


def test_an_entry_links_to_its_source_through_the_apps_registry(
    as_ani: Client, books: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry: list = []
    monkeypatch.setattr(sources, "SOURCE_LINKS", registry)
    sources.register_source_links(lambda jurnal: [sources.Tautan("Kwitansi KW-0001", f"/kwitansi/{jurnal.pk}/")])
    html = as_ani.get(f"{BASE}jurnal/{books['setoran'].pk}/").content.decode()
    assert f'<a href="/kwitansi/{books["setoran"].pk}/">Kwitansi KW-0001</a>' in html
