"""Loan month-end (loans.month_end): collectibility by day bands, the restructured-loan rule,
PPAP posted as the change of the required provision, accrued interest, posts once,
resumable after a crash, books balanced afterwards."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Sum

from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Jurnal
from gotong.ledger.posting import PERIODE_DITUTUP
from gotong.ledger.services import periode_tutup
from gotong.loans import month_end
from gotong.loans.models import (
    Angsuran,
    Jaminan,
    Kolektibilitas,
    KolektibilitasBulanan,
    Pinjaman,
    ProsesAkhirBulanPinjaman,
    StatusPinjaman,
)
from gotong.loans.month_end import (
    BULAN_BELUM_BERAKHIR,
    BULAN_SEBELUMNYA_BELUM_SELESAI,
    Aturan,
    akhir_bulan_pinjaman_jalankan,
    akhir_bulan_pinjaman_mulai,
    kolektibilitas_hitung,
    posisi_hitung,
    ppap_wajib,
)
from gotong.loans.pembayaran import pelunasan_bayar, pelunasan_hitung
from gotong.loans.services import pengaturan
from gotong.loans.tests.helpers_pinjaman import D, bayar, cair, kunci, produk
from gotong.members.tests.helpers import make_anggota
from gotong.savings.models import StatusProses
from gotong.savings.tests.helpers_loket import baris, laci

JAN, FEB, MAR = dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)
L, KL, DR, M = (Kolektibilitas.LANCAR, Kolektibilitas.KURANG_LANCAR, Kolektibilitas.DIRAGUKAN, Kolektibilitas.MACET)
ATURAN = Aturan()  # the DOMAIN.md defaults: 90/180/270 days, 0.5/10/50/100 %


@pytest.fixture(autouse=True)
def _satu_persen(maju):
    """Flat 1% a month: Rp9.000.000 over 12 → 750.000 principal + 90.000 interest a month."""
    produk(maju, "umum", suku_bunga=D("1"))


def _run(koperasi, actor=None, tahun=2026, bulan=1, **kw):
    return akhir_bulan_pinjaman_jalankan(koperasi=koperasi, tahun=tahun, bulan=bulan, actor=actor, **kw)


def _loans(koperasi, pembuat, penyetuju, n):
    return [cair(make_anggota(koperasi, nama=f"Peminjam {i}"), pembuat, penyetuju) for i in range(n)]


def _telat(p, hari, akhir):
    """Make the loan's first installment ``hari`` days past due at ``akhir`` (unpaid)."""
    Angsuran.objects.filter(pinjaman=p, ke=1).update(jatuh_tempo=akhir - dt.timedelta(days=hari))


def _entries(koperasi):
    return Jurnal.objects.filter(koperasi=koperasi, kunci__startswith="ppap-")


def _segar(p):
    return Pinjaman.objects.get(pk=p.pk)


# --- the pure rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hari", "kol"),
    [(0, L), (90, L), (91, KL), (180, KL), (181, DR), (270, DR), (271, M), (2000, M)],
)
def test_collectibility_bands_at_their_boundaries(hari, kol) -> None:
    assert kolektibilitas_hitung(hari, ATURAN) == kol


def test_the_bands_are_the_koperasis_setting() -> None:
    ketat = Aturan(hari_kurang_lancar=30, hari_diragukan=60, hari_macet=90)
    assert [kolektibilitas_hitung(h, ketat) for h in (30, 31, 60, 61, 90, 91)] == [L, KL, KL, DR, DR, M]


def test_ppap_is_the_rate_of_the_principal_not_covered_by_eligible_collateral() -> None:
    assert ppap_wajib(D("9000000"), D("0"), L, ATURAN) == D("45000")
    assert ppap_wajib(D("9000000"), D("5000000"), KL, ATURAN) == D("400000")
    assert ppap_wajib(D("9000000"), D("12000000"), M, ATURAN) == D("0")  # covered: nothing to provide
    assert ppap_wajib(D("1234567"), D("0"), L, ATURAN) == D("6173")  # 6.172,835 rounded to the rupiah
    assert ppap_wajib(D("9000000"), D("0"), M, ATURAN) == D("9000000")


def test_a_restructured_loan_is_at_best_its_fixed_grade_until_enough_on_time_installments() -> None:
    aturan = Aturan(angsuran_tepat_restrukturisasi=3)
    assert kolektibilitas_hitung(0, aturan, restrukturisasi=DR, tepat_waktu=2) == DR
    assert kolektibilitas_hitung(0, aturan, restrukturisasi=DR, tepat_waktu=3) == L
    assert kolektibilitas_hitung(300, aturan, restrukturisasi=KL, tepat_waktu=0) == M  # worse by days wins


def test_accrual_only_for_lancar_loans_and_only_when_the_koperasi_accrues() -> None:
    def posisi(hari, akrual):
        return posisi_hitung(
            akhir=FEB,
            aturan=Aturan(akrual=akrual),
            berjalan=True,
            sisa_pokok=D("9000000"),
            jaminan_diakui=D("0"),
            tertua_belum_bayar=FEB - dt.timedelta(days=hari),
            bunga_jatuh_tempo_belum_dibayar=D("90000"),
            bunga_akrual_sekarang=D("1000"),
        )

    assert posisi(10, True).bunga_akrual == D("90000")
    assert posisi(91, True).bunga_akrual == D("0")  # non-accrual from Kurang Lancar
    assert posisi(10, False).bunga_akrual == D("1000")  # accrual off: left as it is


# --- the run -------------------------------------------------------------------------------------


def test_days_past_due_grade_and_provision_at_the_band_boundaries(maju, ani, budi) -> None:
    hari = [90, 91, 180, 181, 270, 271]
    loans = _loans(maju, budi, ani, len(hari))
    for p, h in zip(loans, hari, strict=True):
        _telat(p, h, FEB)
    proses = _run(maju, ani, bulan=2)
    assert proses.status == StatusProses.SELESAI and proses.total == proses.diproses == 6
    got = [(_segar(p).hari_tunggakan, _segar(p).kolektibilitas, _segar(p).ppap) for p in loans]
    assert got == [
        (90, L, D("45000")),
        (91, KL, D("900000")),
        (180, KL, D("900000")),
        (181, DR, D("4500000")),
        (270, DR, D("4500000")),
        (271, M, D("9000000")),
    ]
    rows = KolektibilitasBulanan.objects.filter(proses=proses)
    assert sorted(rows.values_list("hari_tunggakan", "kolektibilitas")) == [(h, k) for h, k, _p in got]
    (entry,) = _entries(maju)
    assert entry.tanggal == FEB
    assert baris(entry) == [("5.40", "D", D("19845000")), ("1.20.99", "K", D("19845000"))]
    assert periksa_buku(maju) == []


def test_days_count_from_the_oldest_installment_unpaid_at_the_months_end(maju, ani, budi) -> None:
    (p,) = _loans(maju, budi, ani, 1)
    _run(maju, ani, bulan=1)
    assert _segar(p).hari_tunggakan == 0  # nothing due yet (first installment 15 Feb)
    _run(maju, ani, bulan=2)
    assert (_segar(p).hari_tunggakan, _segar(p).kolektibilitas) == (13, L)  # 15 → 28 Feb
    laci(maju, budi, dt.date(2026, 4, 2))
    bayar(p, "840000", budi, dt.date(2026, 4, 2))  # installment 1 paid only after March ends
    _run(maju, ani, bulan=3)
    # at 31 March installment 1 (due 15 Feb) was still unpaid: the rows as they stand say so
    assert _segar(p).hari_tunggakan == 44
    assert periksa_buku(maju) == []


def test_eligible_collateral_reduces_the_provision(maju, ani, budi) -> None:
    (p,) = _loans(maju, budi, ani, 1)
    Jaminan.objects.create(pinjaman=p, jenis="bpkb", uraian="Honda Beat 2020", nilai_taksiran=D("10000000"))
    _telat(p, 100, JAN)
    _run(maju, ani)
    row = KolektibilitasBulanan.objects.get(pinjaman=p)
    # BPKB counts at half its estimate: 10% × (9.000.000 − 5.000.000)
    assert (row.jaminan_diakui, row.ppap, row.kolektibilitas) == (D("5000000"), D("400000"), KL)
    assert periksa_buku(maju) == []


def test_the_provision_is_posted_as_the_change_of_what_is_required(maju, ani, budi) -> None:
    rajin, telat = _loans(maju, budi, ani, 2)
    _run(maju, ani, bulan=1)
    assert _segar(rajin).ppap == _segar(telat).ppap == D("45000")
    laci(maju, budi, dt.date(2026, 2, 15))
    bayar(rajin, "840000", budi, dt.date(2026, 2, 15))  # principal 9.000.000 → 8.250.000
    _telat(telat, 100, FEB)
    _run(maju, ani, bulan=2)
    assert _segar(rajin).ppap == D("41250")  # 0,5% × 8.250.000
    assert _segar(telat).ppap == D("900000")  # 10% × 9.000.000
    feb = _entries(maju).get(tanggal=FEB)
    assert baris(feb) == [
        ("5.40", "D", D("855000")),
        ("1.20.99", "K", D("855000")),
        ("1.20.99", "D", D("3750")),
        ("5.40", "K", D("3750")),
    ]
    total = Pinjaman.objects.filter(koperasi=maju).aggregate(s=Sum("ppap"))["s"]
    assert total == D("941250")
    assert periksa_buku(maju) == []


def test_a_loan_paid_off_in_the_month_gets_a_last_row_and_its_provision_released(maju, ani, budi) -> None:
    (p,) = _loans(maju, budi, ani, 1)
    _run(maju, ani, bulan=1)
    hari = dt.date(2026, 2, 10)
    laci(maju, budi, hari, modal="10000000")
    quote = pelunasan_hitung(pinjaman=p, tanggal=hari)
    pelunasan_bayar(pinjaman=p, jumlah=quote.total, tanggal=hari, cara="loket", actor=budi, kunci=kunci())
    assert _segar(p).status == StatusPinjaman.LUNAS and _segar(p).ppap == D("45000")
    _run(maju, ani, bulan=2)
    row = KolektibilitasBulanan.objects.get(pinjaman=p, bulan=2)
    assert row.ppap == D("0") and _segar(p).ppap == D("0")
    assert baris(_entries(maju).get(tanggal=FEB)) == [("1.20.99", "D", D("45000")), ("5.40", "K", D("45000"))]
    _run(maju, ani, bulan=3)
    assert not KolektibilitasBulanan.objects.filter(pinjaman=p, bulan=3).exists()  # done with it
    assert periksa_buku(maju) == []


def test_running_the_month_twice_posts_once(maju, ani, budi) -> None:
    loans = _loans(maju, budi, ani, 3)
    _telat(loans[0], 200, JAN)
    first = _run(maju, ani, chunk=2)
    assert _entries(maju).count() == 2  # chunks of two loans: 2 + 1
    again = _run(maju, ani)
    assert again.pk == first.pk and again.status == StatusProses.SELESAI
    ProsesAkhirBulanPinjaman.objects.filter(pk=first.pk).update(status=StatusProses.GAGAL)  # forced to resume
    _run(maju, ani, chunk=1)
    assert _entries(maju).count() == 2
    assert KolektibilitasBulanan.objects.count() == 3
    assert [_segar(p).ppap for p in loans] == [D("4500000"), D("45000"), D("45000")]
    assert periksa_buku(maju) == []


def test_a_crash_in_a_later_chunk_leaves_the_first_posted_and_a_rerun_finishes_exactly(
    maju, ani, budi, monkeypatch
) -> None:
    loans = _loans(maju, budi, ani, 3)
    real = month_end._tulis
    calls = []

    def crash_in_second_chunk(*args):
        calls.append(1)
        real(*args)  # the entry is posted and the rows written ...
        if len(calls) == 2:
            raise RuntimeError("listrik padam")  # ... then the process dies before the chunk commits

    monkeypatch.setattr(month_end, "_tulis", crash_in_second_chunk)
    with pytest.raises(RuntimeError):
        _run(maju, ani, chunk=1)
    proses = ProsesAkhirBulanPinjaman.objects.get()
    assert proses.status == StatusProses.GAGAL and "listrik padam" in proses.galat and proses.diproses == 1
    assert _entries(maju).count() == 1  # the second chunk rolled back
    assert list(KolektibilitasBulanan.objects.values_list("pinjaman_id", flat=True)) == [loans[0].pk]
    assert periksa_buku(maju) == []

    monkeypatch.setattr(month_end, "_tulis", real)
    proses = _run(maju, ani, chunk=1)
    assert proses.status == StatusProses.SELESAI and proses.diproses == proses.total == 3
    assert sorted(KolektibilitasBulanan.objects.values_list("pinjaman_id", flat=True)) == [p.pk for p in loans]
    assert _entries(maju).count() == 3
    assert [_segar(p).ppap for p in loans] == [D("45000")] * 3
    assert periksa_buku(maju) == []


def test_a_restructured_loan_stays_at_its_grade_until_it_pays_on_time(maju, ani, budi) -> None:
    (p,) = _loans(maju, budi, ani, 1)
    Pinjaman.objects.filter(pk=p.pk).update(direstrukturisasi=True, kolektibilitas_restrukturisasi=DR)
    atur = pengaturan(maju)
    atur.angsuran_tepat_restrukturisasi = 2
    atur.save()
    _run(maju, ani, bulan=1)
    assert (_segar(p).hari_tunggakan, _segar(p).kolektibilitas, _segar(p).ppap) == (0, DR, D("4500000"))
    for hari in (dt.date(2026, 2, 15), dt.date(2026, 3, 15)):
        bayar(p, "840000", budi, hari, cara="sukarela")
    _run(maju, ani, bulan=2)
    assert _segar(p).kolektibilitas == DR  # one installment on time of the two required
    _run(maju, ani, bulan=3)
    assert _segar(p).kolektibilitas == L and _segar(p).ppap == D("37500")  # 0,5% × 7.500.000
    assert periksa_buku(maju) == []


def test_a_late_payment_does_not_count_towards_the_restructured_rule(maju, ani, budi) -> None:
    (p,) = _loans(maju, budi, ani, 1)
    Pinjaman.objects.filter(pk=p.pk).update(direstrukturisasi=True, kolektibilitas_restrukturisasi=KL)
    atur = pengaturan(maju)
    atur.angsuran_tepat_restrukturisasi = 1
    atur.save()
    hari = dt.date(2026, 2, 20)
    laci(maju, budi, hari)
    bayar(p, "845000", budi, hari)  # 5 days late: 4.200 denda, then the installment
    _run(maju, ani, bulan=2)
    assert (_segar(p).hari_tunggakan, _segar(p).kolektibilitas) == (0, KL)


def test_accrual_books_unpaid_due_interest_and_reverses_it_once_kurang_lancar(maju, ani, budi) -> None:
    atur = pengaturan(maju)
    atur.akrual_bunga = True
    atur.save()
    (p,) = _loans(maju, budi, ani, 1)
    _run(maju, ani, bulan=1)
    assert _segar(p).bunga_akrual == D("0")  # nothing due in January
    _run(maju, ani, bulan=2)
    assert _segar(p).bunga_akrual == D("90000")  # installment 1's interest, due 15 Feb, unpaid
    feb = _entries(maju).get(tanggal=FEB)
    assert ("1.21", "D", D("90000")) in baris(feb) and ("4.10", "K", D("90000")) in baris(feb)
    assert periksa_buku(maju) == []
    _telat(p, 120, MAR)
    _run(maju, ani, bulan=3)
    assert (_segar(p).kolektibilitas, _segar(p).bunga_akrual) == (KL, D("0"))
    mar = _entries(maju).get(tanggal=MAR)
    assert ("4.10", "D", D("90000")) in baris(mar) and ("1.21", "K", D("90000")) in baris(mar)
    assert periksa_buku(maju) == []


def test_a_payment_after_accrual_clears_the_accrued_interest(maju, ani, budi) -> None:
    atur = pengaturan(maju)
    atur.akrual_bunga = True
    atur.save()
    (p,) = _loans(maju, budi, ani, 1)
    _run(maju, ani, bulan=2)
    hari = dt.date(2026, 3, 2)
    laci(maju, budi, hari)
    bayar(p, "900000", budi, hari)
    assert _segar(p).bunga_akrual == D("0")
    _run(maju, ani, bulan=3)  # installment 2 (due 15 Mar) is unpaid at the end of March
    assert _segar(p).bunga_akrual == D("90000")
    assert periksa_buku(maju) == []


def test_without_accrual_nothing_is_accrued(maju, ani, budi) -> None:
    (p,) = _loans(maju, budi, ani, 1)
    _run(maju, ani, bulan=2)
    assert _segar(p).bunga_akrual == D("0")
    codes = {kode for kode, _s, _j in baris(_entries(maju).get())}
    assert codes == {"5.40", "1.20.99"}


# --- refusals ------------------------------------------------------------------------------------


def test_a_closed_period_is_refused_with_a_message_and_nothing_runs(maju, ani, budi) -> None:
    _loans(maju, budi, ani, 1)
    periode_tutup(koperasi=maju, tahun=2026, bulan=1, actor=ani)
    with pytest.raises(ValidationError) as caught:
        _run(maju, ani)
    assert str(PERIODE_DITUTUP).format(periode="01/2026") in caught.value.messages
    assert not ProsesAkhirBulanPinjaman.objects.exists() and not _entries(maju).exists()
    assert _segar(Pinjaman.objects.get()).ppap == D("0")


def test_a_month_not_over_and_months_out_of_order_are_refused(maju, ani, budi, monkeypatch) -> None:
    monkeypatch.setattr(month_end.timezone, "localdate", lambda: dt.date(2026, 3, 10))
    with pytest.raises(ValidationError) as caught:
        _run(maju, ani, bulan=3)
    assert caught.value.messages == [str(BULAN_BELUM_BERAKHIR).format(periode="03/2026", mulai="01-04-2026")]
    ProsesAkhirBulanPinjaman.objects.create(koperasi=maju, tahun=2026, bulan=1, status=StatusProses.GAGAL)
    with pytest.raises(ValidationError) as caught:
        _run(maju, ani, bulan=2)
    assert caught.value.messages == [str(BULAN_SEBELUMNYA_BELUM_SELESAI).format(periode="01/2026")]


# --- background task and commands ----------------------------------------------------------------


def test_starting_a_run_queues_the_task_which_runs_in_process(maju, ani, budi, django_capture_on_commit_callbacks):
    _loans(maju, budi, ani, 2)
    with django_capture_on_commit_callbacks(execute=True):
        proses = akhir_bulan_pinjaman_mulai(koperasi=maju, tahun=2026, bulan=1, actor=ani)
    proses.refresh_from_db()
    assert proses.status == StatusProses.SELESAI and proses.dimulai_oleh == ani
    assert KolektibilitasBulanan.objects.filter(proses=proses).count() == 2


def test_the_month_end_command_runs_and_check_books_agrees(maju, ani, budi) -> None:
    _loans(maju, budi, ani, 2)
    out = io.StringIO()
    call_command("akhir_bulan_pinjaman", koperasi="maju-bersama", tahun=2026, bulan=1, stdout=out)
    assert "selesai, 2 pinjaman" in out.getvalue()
    books = io.StringIO()
    call_command("check_books", koperasi="maju-bersama", stdout=books)
    assert "Buku beres" in books.getvalue()


def test_the_month_end_command_says_why_it_refuses(maju) -> None:
    periode_tutup(koperasi=maju, tahun=2026, bulan=1, actor=None)
    with pytest.raises(Exception) as caught:
        call_command("akhir_bulan_pinjaman", koperasi="maju-bersama", tahun=2026, bulan=1)
    assert str(PERIODE_DITUTUP).format(periode="01/2026") in str(caught.value)


def test_the_daily_command_accrues_penalties_for_every_koperasi(maju, ani, budi) -> None:
    (p,) = _loans(maju, budi, ani, 1)
    out = io.StringIO()
    call_command("pinjaman_harian", tanggal="2026-02-25", stdout=out)
    assert "maju-bersama: 1 angsuran didenda" in out.getvalue()
    assert Angsuran.objects.get(pinjaman=p, ke=1).denda == D("8400")  # 10 days × 0,1% × 840.000
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("pinjaman_harian", tanggal="25-02-2026")
