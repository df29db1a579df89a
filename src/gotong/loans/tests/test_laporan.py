"""The loan lists on a constructed portfolio: PAR 30/60/90, arrears by collectibility, what
falls due per field collector and desa, loans by product, and the Excel sheets."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gotong.accounts.models import User
from gotong.ledger.checks import periksa_buku
from gotong.loans import laporan
from gotong.loans.models import Angsuran, Kolektibilitas, Pinjaman
from gotong.loans.services import pengaturan
from gotong.loans.tests.helpers_pinjaman import D, bayar, cair, produk
from gotong.members.tests.helpers import make_anggota
from gotong.savings.tests.helpers_loket import laci
from gotong.tenancy.models import NamaPeran, Peran

PER = dt.date(2026, 9, 30)
DESA_A, DESA_B = "36.73.01.1001", "36.73.01.1002"


@pytest.fixture(autouse=True)
def _satu_persen(maju):
    produk(maju, "umum", suku_bunga=D("1"))


def _petugas(maju, username: str, nama: str) -> User:
    user = User.objects.create_user(username=username, password="x-" * 8, nama_lengkap=nama)
    Peran.objects.create(user=user, koperasi=maju, peran=NamaPeran.PETUGAS_LAPANGAN)
    return user


@pytest.fixture
def buku(maju, ani, budi):
    """Three running loans on 30 Sep 2026 and one paid off:

    - A: Rp5.000.000, disbursed 10 Sep, first installment 10 Oct — nothing overdue;
    - B: Rp6.000.000, first installment 16 Aug — 45 days past due;
    - C: Rp9.000.000, first installment 22 Jun — 100 days past due (Kurang Lancar);
    - D: Rp2.000.000, paid off — not in the portfolio.
    """
    loans = {
        "A": cair(make_anggota(maju, desa_kode=DESA_A), budi, ani, pokok="5000000", tanggal=dt.date(2026, 9, 10)),
        "B": cair(make_anggota(maju, desa_kode=DESA_A), budi, ani, pokok="6000000", tanggal=dt.date(2026, 7, 16)),
        "C": cair(make_anggota(maju, desa_kode=DESA_B), budi, ani, pokok="9000000", tanggal=dt.date(2026, 5, 22)),
        "D": cair(make_anggota(maju, desa_kode=DESA_B), budi, ani, pokok="2000000", tanggal=dt.date(2026, 5, 22)),
    }
    from gotong.loans.pembayaran import pelunasan_bayar, pelunasan_hitung
    from gotong.loans.tests.helpers_pinjaman import kunci

    laci(maju, budi, PER)
    d = loans["D"]
    total = pelunasan_hitung(pinjaman=d, tanggal=PER).total
    pelunasan_bayar(pinjaman=d, jumlah=total, tanggal=PER, cara="loket", actor=budi, kunci=kunci())
    return {k: Pinjaman.objects.get(pk=v.pk) for k, v in loans.items()}


# --- PAR -----------------------------------------------------------------------------------------


def test_par_pure_computation():
    par = laporan.par_hitung(
        [(0, D("1000000")), (30, D("2000000")), (31, D("3000000")), (61, D("1500000")), (91, D("2500000"))]
    )
    assert par.total == D("10000000")
    # exactly 30 days is not "more than 30"
    assert par.berisiko == {30: D("7000000"), 60: D("4000000"), 90: D("2500000")}
    assert par.persen == {30: D("70.00"), 60: D("40.00"), 90: D("25.00")}
    assert laporan.par_hitung([]).persen == {30: D("0.00"), 60: D("0.00"), 90: D("0.00")}
    assert laporan.persen(D("1"), D("3")) == D("33.33")


def test_par_of_constructed_portfolio(maju, buku):
    par = laporan.par_koperasi(koperasi=maju, per=PER)
    assert par.total == D("20000000")  # A + B + C; D is paid off
    assert par.berisiko == {30: D("15000000"), 60: D("9000000"), 90: D("9000000")}
    assert par.persen == {30: D("75.00"), 60: D("45.00"), 90: D("45.00")}
    # the database sums agree with the pure computation over the arrears list
    atur = pengaturan(maju)
    rows = laporan.tunggakan_lengkapi(
        laporan.tunggakan_daftar(koperasi=maju, per=PER, pengaturan=atur), per=PER, pengaturan=atur
    )
    telat = {r["pinjaman_id"]: r["hari"] for r in rows}
    semua = [(telat.get(p.pk, 0), p.sisa_pokok) for p in buku.values() if p.status == "aktif"]
    assert laporan.par_hitung(semua).berisiko == par.berisiko
    assert periksa_buku(maju) == []


def test_partial_payment_of_oldest_installment_keeps_loan_at_risk(maju, budi, buku):
    # B pays less than installment 1: still 45 days past due
    bayar(buku["B"], "100000", budi, PER)
    b = Pinjaman.objects.get(pk=buku["B"].pk)
    assert b.sisa_pokok == D("5985200")  # denda 25.200 and interest 60.000 first, 14.800 principal
    assert laporan.par_koperasi(koperasi=maju, per=PER).berisiko[30] == D("9000000") + b.sisa_pokok
    # C pays everything overdue: its oldest unpaid installment is not due yet
    t = laporan.tagihan_pinjaman(buku["C"], PER)
    bayar(buku["C"], str(t.jumlah_jatuh), budi, PER)
    c = Pinjaman.objects.get(pk=buku["C"].pk)
    par = laporan.par_koperasi(koperasi=maju, per=PER)
    assert par.berisiko == {30: b.sisa_pokok, 60: ZERO_, 90: ZERO_}
    assert par.total == D("5000000") + b.sisa_pokok + c.sisa_pokok
    assert periksa_buku(maju) == []


ZERO_ = Decimal("0")


# --- Arrears -------------------------------------------------------------------------------------


def test_arrears_days_amount_and_collectibility(maju, buku):
    atur = pengaturan(maju)
    rows = laporan.tunggakan_lengkapi(
        laporan.tunggakan_daftar(koperasi=maju, per=PER, pengaturan=atur), per=PER, pengaturan=atur
    )
    by = {r["pinjaman_id"]: r for r in rows}
    assert set(by) == {buku["B"].pk, buku["C"].pk}
    b, c = by[buku["B"].pk], by[buku["C"].pk]
    assert (b["hari"], b["angsuran_tunggak"], b["kolektibilitas"]) == (45, 2, Kolektibilitas.LANCAR)
    assert (c["hari"], c["angsuran_tunggak"], c["kolektibilitas"]) == (100, 4, Kolektibilitas.KURANG_LANCAR)
    # 4 installments of 9.000.000 / 12 + 1% interest = 840.000 each
    assert c["jumlah_tunggak"] == D("3360000")
    assert rows[0]["pinjaman_id"] == buku["C"].pk  # oldest arrears first
    kurang = laporan.tunggakan_daftar(
        koperasi=maju, per=PER, pengaturan=atur, kolektibilitas=Kolektibilitas.KURANG_LANCAR
    )
    assert [r["pinjaman_id"] for r in kurang] == [buku["C"].pk]
    lancar = laporan.tunggakan_daftar(koperasi=maju, per=PER, pengaturan=atur, kolektibilitas=Kolektibilitas.LANCAR)
    assert [r["pinjaman_id"] for r in lancar] == [buku["B"].pk]
    ringkas = {r.kolektibilitas: r for r in laporan.ringkasan_kolektibilitas(koperasi=maju, per=PER, pengaturan=atur)}
    assert (ringkas[1].pinjaman, ringkas[1].sisa_pokok) == (2, D("11000000"))  # A (nothing overdue) and B
    assert (ringkas[2].pinjaman, ringkas[2].sisa_pokok, ringkas[2].tunggakan) == (1, D("9000000"), D("3360000"))
    assert ringkas[3].pinjaman == ringkas[4].pinjaman == 0


def test_collectibility_bands_follow_the_koperasi_settings(maju):
    atur = pengaturan(maju)
    assert [laporan.kolektibilitas_hari(h, atur) for h in (0, 90, 91, 180, 181, 270, 271)] == [1, 1, 2, 2, 3, 3, 4]


# --- Due lists -----------------------------------------------------------------------------------


def test_due_today_and_this_week_grouped_by_collector_and_desa(maju, buku):
    udin, sri = _petugas(maju, "udin", "Udin"), _petugas(maju, "sri", "Sri")
    Pinjaman.objects.filter(pk__in=[buku["A"].pk, buku["B"].pk]).update(petugas=udin)
    Pinjaman.objects.filter(pk=buku["C"].pk).update(petugas=sri)
    # A's first installment falls due 10 Oct; move B's third and C's fifth into the same week
    Angsuran.objects.filter(pinjaman=buku["B"], ke=3).update(jatuh_tempo=dt.date(2026, 10, 1))
    Angsuran.objects.filter(pinjaman=buku["C"], ke=5).update(jatuh_tempo=dt.date(2026, 10, 4))
    Angsuran.objects.filter(pinjaman=buku["A"], ke=1).update(jatuh_tempo=dt.date(2026, 10, 5))
    minggu = laporan.tagihan_rentang(koperasi=maju, dari=dt.date(2026, 10, 1), sampai=dt.date(2026, 10, 7))
    with CaptureQueriesContext(connection) as q:
        per_petugas = list(laporan.tagihan_per_petugas(minggu))
        per_desa = list(laporan.tagihan_per_desa(minggu))
        daftar = list(laporan.tagihan_daftar(minggu))
    assert len(q.captured_queries) == 3  # aggregated in the database
    a1 = Angsuran.objects.get(pinjaman=buku["A"], ke=1)
    b3 = Angsuran.objects.get(pinjaman=buku["B"], ke=3)
    assert [(r["pinjaman__petugas__nama_lengkap"], r["pinjaman"], r["jumlah"]) for r in per_petugas] == [
        ("Sri", 1, D("840000")),  # C: 9.000.000 / 12 + 1% interest
        ("Udin", 2, a1.total + b3.total),
    ]
    desa = {r["pinjaman__anggota__desa_kode"]: r for r in per_desa}
    assert desa[DESA_A]["pinjaman"] == 2 and desa[DESA_B]["pinjaman"] == 1
    assert [r["pinjaman_id"] for r in daftar] == [buku["C"].pk, buku["B"].pk, buku["A"].pk]  # Sri, then Udin by date
    hari = laporan.tagihan_rentang(koperasi=maju, dari=dt.date(2026, 10, 1), sampai=dt.date(2026, 10, 1))
    assert [r["pinjaman_id"] for r in laporan.tagihan_daftar(hari)] == [buku["B"].pk]
    assert laporan.tagihan_rentang(koperasi=maju, dari=PER, sampai=PER, petugas=sri.pk).count() == 0
    milik_udin = laporan.tagihan_rentang(
        koperasi=maju, dari=dt.date(2026, 10, 1), sampai=dt.date(2026, 10, 7), petugas=udin.pk
    )
    assert milik_udin.count() == 2
    desa_b = laporan.tagihan_rentang(koperasi=maju, dari=dt.date(2026, 10, 1), sampai=dt.date(2026, 10, 7), desa=DESA_B)
    assert [r["pinjaman_id"] for r in laporan.tagihan_daftar(desa_b)] == [buku["C"].pk]


def test_paid_installments_and_closed_loans_are_not_in_the_due_list(maju, budi, buku):
    minggu = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    ids = {
        r["pinjaman_id"]
        for r in laporan.tagihan_daftar(laporan.tagihan_rentang(koperasi=maju, dari=minggu[0], sampai=minggu[1]))
    }
    assert buku["D"].pk not in ids and buku["A"].pk in ids
    Angsuran.objects.filter(pinjaman=buku["A"], ke=1).update(lunas_pada=PER)
    ids = {
        r["pinjaman_id"]
        for r in laporan.tagihan_daftar(laporan.tagihan_rentang(koperasi=maju, dari=minggu[0], sampai=minggu[1]))
    }
    assert buku["A"].pk not in ids


# --- By product and Excel ------------------------------------------------------------------------


def test_loans_by_product(maju, buku):
    rows = list(laporan.per_produk(koperasi=maju, per=PER))
    assert len(rows) == 1
    r = rows[0]
    assert (r["jumlah"], r["berjalan"], r["dicairkan"], r["sisa"], r["par30"]) == (
        4,
        3,
        D("22000000"),
        D("20000000"),
        D("15000000"),
    )


def test_excel_sheets_have_indonesian_headers_numbers_and_safe_text(maju, buku):
    Pinjaman.objects.filter(pk=buku["C"].pk).update(nomor="=1+1")
    atur = pengaturan(maju)
    rows = laporan.tunggakan_lengkapi(
        laporan.tunggakan_daftar(koperasi=maju, per=PER, pengaturan=atur), per=PER, pengaturan=atur
    )
    ringkas = laporan.ringkasan_kolektibilitas(koperasi=maju, per=PER, pengaturan=atur)
    wb = load_workbook(BytesIO(laporan.xlsx("Tunggakan", laporan.tunggakan_lembar(rows, ringkas))))
    ws = wb["Tunggakan"]
    assert ws["A1"].value == "Tunggakan"
    assert [c.value for c in ws[2]] == [
        "Nomor pinjaman",
        "Nomor anggota",
        "Nama anggota",
        "Desa/kelurahan",
        "Produk",
        "Petugas lapangan",
        "Jatuh tempo tertua",
        "Hari tunggakan",
        "Angsuran menunggak",
        "Jumlah tunggakan",
        "Denda tercatat",
        "Sisa pokok",
        "Kolektibilitas",
    ]
    c = list(ws.iter_rows(min_row=3, max_row=3))[0]
    assert c[0].value == "'=1+1" and c[0].data_type == "s"  # never a formula
    assert c[6].value == dt.datetime(2026, 6, 22) and c[6].number_format == "DD-MM-YYYY"
    assert c[7].value == 100 and c[9].value == 3360000 and c[9].number_format == '"Rp"#,##0'
    assert c[12].value == "Kurang Lancar"
    kol = wb["Per kolektibilitas"]
    assert [r[0] for r in kol.iter_rows(min_row=3, values_only=True)] == [
        "Lancar",
        "Kurang Lancar",
        "Diragukan",
        "Macet",
    ]

    porto = load_workbook(
        BytesIO(
            laporan.xlsx(
                "P",
                laporan.portofolio_lembar(
                    laporan.par_koperasi(koperasi=maju, per=PER), laporan.per_produk(koperasi=maju, per=PER)
                ),
            )
        )
    )
    par = [r for r in porto["PAR"].iter_rows(min_row=3, values_only=True)]
    assert par[0][1] == 20000000 and par[1][2] == 75 and par[3][2] == 45
    assert porto["PAR"]["C4"].number_format == '0.00"%"'
    assert list(porto["Per produk"].iter_rows(min_row=3, values_only=True))[0][1:5] == (4, 3, 22000000, 20000000)
