"""Month-end (savings.month_end): interest per method, PP 15/2009 withholding, berjangka
maturities, posts once, resumable after a crash, books balanced afterwards."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from conftest import login
from django.core.exceptions import ValidationError
from django.db.models import Sum

from gotong.ledger import chart
from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import BarisJurnal, Jurnal, SumberJurnal
from gotong.ledger.posting import PERIODE_DITUTUP, JurnalBuilder, akun
from gotong.ledger.selectors import neraca_saldo, saldo_akun
from gotong.ledger.services import bagan_akun_siapkan, periode_tutup
from gotong.members.tests.helpers import make_anggota
from gotong.savings import month_end
from gotong.savings.models import (
    AksiJatuhTempo,
    JasaSimpanan,
    JenisMutasi,
    JenisSimpanan,
    MetodeBunga,
    MutasiSimpanan,
    ProdukSimpanan,
    ProsesAkhirBulan,
    RekeningSimpanan,
    StatusProses,
    StatusRekening,
    TagihanWajib,
)
from gotong.savings.month_end import (
    BULAN_BELUM_BERAKHIR,
    BULAN_SEBELUMNYA_BELUM_SELESAI,
    BULAN_SESUDAHNYA_SUDAH_JALAN,
    akhir_bulan_jalankan,
    akhir_bulan_mulai,
)
from gotong.savings.services import mutasi_catat, simpanan_setor

D = Decimal
DES = dt.date(2025, 12, 31)
JAN_AKHIR = dt.date(2026, 1, 31)
_nomor = itertools.count(1)
_kunci = itertools.count(1)


@pytest.fixture
def books(maju):
    bagan_akun_siapkan(koperasi=maju)
    return maju


def _produk(koperasi, jenis, **kw):
    # "uji-" keeps a test product's code apart from the default products' (berjangka-12 is one)
    kode = kw.pop("kode", f"uji-{jenis}-{next(_nomor)}")
    return ProdukSimpanan.objects.create(koperasi=koperasi, kode=kode, nama=kode, jenis=jenis, **kw)


@pytest.fixture
def terendah(books):
    """Sukarela at 12% a year on the lowest balance: Rp24.000.000 earns exactly Rp240.000."""
    return _produk(books, JenisSimpanan.SUKARELA, metode_bunga=MetodeBunga.SALDO_TERENDAH, suku_bunga_tahunan=D("12"))


@pytest.fixture
def harian(books):
    return _produk(books, JenisSimpanan.SUKARELA, metode_bunga=MetodeBunga.SALDO_HARIAN, suku_bunga_tahunan=D("3.65"))


def _rekening(produk, anggota=None, **kw):
    anggota = anggota or make_anggota(produk.koperasi)
    return RekeningSimpanan.objects.create(
        koperasi=produk.koperasi,
        anggota=anggota,
        produk=produk,
        jenis=produk.jenis,
        nomor=f"R{next(_nomor):05d}",
        dibuka=kw.pop("dibuka", dt.date(2025, 6, 1)),
        **kw,
    )


def _setor(rekening, jumlah, tanggal, actor):
    simpanan_setor(
        koperasi=rekening.koperasi,
        rekening=rekening,
        jumlah=D(jumlah),
        tanggal=tanggal,
        kasir=actor,
        kunci=f"t-{next(_kunci)}",
        tunai=False,
    )


def _saldo_awal(rekening, jumlah, tanggal):
    """An opening balance brought in from the old books: Dr Bank / Cr the control account."""
    koperasi = rekening.koperasi
    jurnal = (
        JurnalBuilder(koperasi=koperasi, tanggal=tanggal, keterangan="Saldo awal", sumber=SumberJurnal.SALDO_AWAL)
        .debit(akun(koperasi, chart.BANK), jumlah)
        .kredit(akun(koperasi, rekening.produk.kode_akun_kontrol), jumlah, anggota=rekening.anggota)
        .post()
    )
    mutasi_catat(rekening=rekening, tanggal=tanggal, jenis=JenisMutasi.SETOR, jumlah=D(jumlah), jurnal=jurnal)


def _run(koperasi, actor, tahun=2026, bulan=1, **kw):
    return akhir_bulan_jalankan(koperasi=koperasi, tahun=tahun, bulan=bulan, actor=actor, **kw)


def _assert_books_consistent(koperasi, per=JAN_AKHIR):
    """check_books holds; the trial balance balances and every savings subledger equals its
    control account; each account's balance is its last running balance."""
    assert periksa_buku(koperasi) == []
    rows = neraca_saldo(koperasi=koperasi, per=per)
    assert sum(r.debit for r in rows) == sum(r.kredit for r in rows)
    for jenis, kode in (
        (JenisSimpanan.SUKARELA, chart.SIMPANAN_SUKARELA),
        (JenisSimpanan.BERJANGKA, chart.SIMPANAN_BERJANGKA),
    ):
        sub = RekeningSimpanan.objects.filter(koperasi=koperasi, jenis=jenis).aggregate(s=Sum("saldo"))["s"] or D(0)
        assert sub == saldo_akun(akun=akun(koperasi, kode), per=dt.date(2027, 12, 31)), jenis
    for r in RekeningSimpanan.objects.filter(koperasi=koperasi):
        last = MutasiSimpanan.objects.filter(rekening=r).order_by("id").last()  # posting order
        assert r.saldo == (last.saldo_setelah if last else D(0)), r.nomor
    for j in Jurnal.objects.filter(koperasi=koperasi):
        lines = BarisJurnal.objects.filter(jurnal=j)
        assert (
            lines.filter(sisi="D").aggregate(s=Sum("jumlah"))["s"]
            == lines.filter(sisi="K").aggregate(s=Sum("jumlah"))["s"]
        )


# --- interest and tax -------------------------------------------------------------------------


def test_tax_is_withheld_above_rp240000_only_on_the_whole_gross(terendah, ani) -> None:
    pas = _rekening(terendah)  # exactly Rp240.000: not taxed
    lebih = _rekening(terendah)  # Rp240.001: 10% of the whole gross
    _setor(pas, "24000000", DES, ani)
    _setor(lebih, "24000100", DES, ani)
    proses = _run(terendah.koperasi, ani)
    assert proses.status == StatusProses.SELESAI
    j_pas, j_lebih = JasaSimpanan.objects.get(rekening=pas), JasaSimpanan.objects.get(rekening=lebih)
    assert (j_pas.bruto, j_pas.pajak, j_pas.neto) == (D("240000"), D("0"), D("240000"))
    assert (j_lebih.bruto, j_lebih.pajak, j_lebih.neto) == (D("240001"), D("24000"), D("216001"))
    pas.refresh_from_db()
    lebih.refresh_from_db()
    assert pas.saldo == D("24240000") and lebih.saldo == D("24216101")
    movements = list(MutasiSimpanan.objects.filter(rekening=lebih, tanggal=JAN_AKHIR).values_list("jenis", "jumlah"))
    assert movements == [(JenisMutasi.JASA, D("240001")), (JenisMutasi.PAJAK, D("-24000"))]
    assert saldo_akun(akun=akun(terendah.koperasi, chart.UTANG_PAJAK), per=JAN_AKHIR) == D("24000")
    assert saldo_akun(akun=akun(terendah.koperasi, chart.JASA_SIMPANAN), per=JAN_AKHIR) == D("480001")
    _assert_books_consistent(terendah.koperasi)


def test_the_threshold_counts_all_of_a_members_accounts_and_the_tax_is_split_exactly(terendah, harian, ani) -> None:
    citra = make_anggota(terendah.koperasi, nama="Citra Dua Rekening")
    a = _rekening(terendah, citra)
    b = _rekening(
        _produk(terendah.koperasi, JenisSimpanan.SUKARELA, metode_bunga="terendah", suku_bunga_tahunan=D("12")), citra
    )
    _setor(a, "12000000", DES, ani)  # Rp120.000
    _setor(b, "12000100", DES, ani)  # Rp120.001 → member total Rp240.001
    _run(terendah.koperasi, ani)
    rows = {j.rekening_id: j for j in JasaSimpanan.objects.all()}
    assert rows[a.pk].bruto + rows[b.pk].bruto == D("240001")
    assert rows[a.pk].pajak + rows[b.pk].pajak == D("24000")
    assert {rows[a.pk].pajak, rows[b.pk].pajak} == {D("12000")}
    tax_lines = BarisJurnal.objects.filter(akun__kode=chart.UTANG_PAJAK)
    assert [(line.anggota_id, line.jumlah) for line in tax_lines] == [(citra.pk, D("24000"))]


def test_daily_balance_interest_follows_the_movements_of_the_month(harian, ani) -> None:
    r = _rekening(harian)
    _setor(r, "1000000", DES, ani)
    _setor(r, "2000000", dt.date(2026, 1, 10), ani)  # 9 days at 1jt, 22 days at 3jt
    _setor(r, "5000000", dt.date(2026, 2, 3), ani)  # next month's movement does not count
    _run(harian.koperasi, ani)
    jasa = JasaSimpanan.objects.get(rekening=r)
    assert jasa.dasar == D("75000000")
    assert jasa.bruto == D("7500")  # 75.000.000 × 3,65% / 365
    assert jasa.pajak == D("0")
    _assert_books_consistent(harian.koperasi)


def test_no_interest_method_and_closed_accounts_earn_nothing(books, harian, ani) -> None:
    tanpa = _rekening(_produk(books, JenisSimpanan.SUKARELA, metode_bunga=MetodeBunga.TANPA))
    ditutup = _rekening(harian)
    _setor(tanpa, "5000000", DES, ani)
    RekeningSimpanan.objects.filter(pk=ditutup.pk).update(status=StatusRekening.DITUTUP)
    proses = _run(books, ani)
    assert proses.total == 1 and proses.diproses == 1
    assert not JasaSimpanan.objects.exists()
    assert not Jurnal.objects.filter(sumber=SumberJurnal.JASA_SIMPANAN).exists()


# --- posts once, resumable --------------------------------------------------------------------


def test_running_the_month_twice_posts_once(terendah, ani) -> None:
    for _ in range(3):
        _setor(_rekening(terendah), "30000000", DES, ani)
    first = _run(terendah.koperasi, ani, ukuran_chunk=2)
    entries = Jurnal.objects.filter(sumber=SumberJurnal.JASA_SIMPANAN).count()
    assert entries == 2  # chunks of two members: 2 + 1
    again = _run(terendah.koperasi, ani)
    assert again.pk == first.pk and again.status == StatusProses.SELESAI
    ProsesAkhirBulan.objects.filter(pk=first.pk).update(status=StatusProses.GAGAL)  # even when forced to resume
    _run(terendah.koperasi, ani, ukuran_chunk=1)
    assert Jurnal.objects.filter(sumber=SumberJurnal.JASA_SIMPANAN).count() == entries
    assert JasaSimpanan.objects.count() == 3
    assert MutasiSimpanan.objects.filter(jenis=JenisMutasi.JASA).count() == 3
    _assert_books_consistent(terendah.koperasi)


def test_a_crash_after_the_first_chunk_leaves_it_posted_and_a_rerun_finishes_the_rest(
    terendah, ani, monkeypatch
) -> None:
    accounts = [_rekening(terendah) for _ in range(3)]
    for r in accounts:
        _setor(r, "30000000", DES, ani)
    real = month_end._tulis
    calls = []

    def crash_in_second_chunk(*args):
        calls.append(1)
        real(*args)  # the entry is posted and the movements written ...
        if len(calls) == 2:
            raise RuntimeError("listrik padam")  # ... then the process dies before the chunk commits

    monkeypatch.setattr(month_end, "_tulis", crash_in_second_chunk)
    with pytest.raises(RuntimeError):
        _run(terendah.koperasi, ani, ukuran_chunk=1)
    proses = ProsesAkhirBulan.objects.get()
    assert proses.status == StatusProses.GAGAL and "listrik padam" in proses.galat
    assert proses.diproses == 1
    assert Jurnal.objects.filter(sumber=SumberJurnal.JASA_SIMPANAN).count() == 1  # the second chunk rolled back
    assert list(JasaSimpanan.objects.values_list("rekening_id", flat=True)) == [accounts[0].pk]

    monkeypatch.setattr(month_end, "_tulis", real)
    proses = _run(terendah.koperasi, ani, ukuran_chunk=1)
    assert proses.status == StatusProses.SELESAI and proses.diproses == proses.total == 3
    assert sorted(JasaSimpanan.objects.values_list("rekening_id", flat=True)) == [r.pk for r in accounts]
    assert Jurnal.objects.filter(sumber=SumberJurnal.JASA_SIMPANAN).count() == 3
    for r in accounts:
        r.refresh_from_db()
        assert r.saldo == D("30000000") + D("300000") - D("30000")
    _assert_books_consistent(terendah.koperasi)


# --- berjangka ----------------------------------------------------------------------------------


@pytest.fixture
def deposito(books):
    return _produk(
        books,
        JenisSimpanan.BERJANGKA,
        suku_bunga_tahunan=D("7.3"),
        jangka_bulan=3,
        aksi_jatuh_tempo=AksiJatuhTempo.KE_SUKARELA,
    )


def test_a_deposit_pays_its_interest_monthly_to_sukarela_and_its_principal_at_maturity(books, deposito, ani) -> None:
    tanpa = _produk(books, JenisSimpanan.SUKARELA, metode_bunga=MetodeBunga.TANPA)
    anggota = make_anggota(books, nama="Dewi Deposito")
    tabungan = _rekening(tanpa, anggota)
    dep = _rekening(
        deposito,
        anggota,
        tanggal_mulai=dt.date(2025, 10, 16),
        tanggal_jatuh_tempo=dt.date(2026, 1, 16),
        suku_bunga_tahunan=D("7.3"),
    )
    dep.rekening_pencairan = tabungan
    dep.save()
    _saldo_awal(dep, "10000000", dt.date(2025, 10, 16))
    _run(books, ani)
    jasa = JasaSimpanan.objects.get(rekening=dep)
    assert jasa.bruto == D("30000")  # 15 days × 10.000.000 × 7,3% / 365
    dep.refresh_from_db()
    tabungan.refresh_from_db()
    assert dep.status == StatusRekening.DITUTUP and dep.saldo == D("0")
    assert tabungan.saldo == D("10030000")
    assert list(MutasiSimpanan.objects.filter(rekening=tabungan).values_list("jenis", "jumlah")) == [
        (JenisMutasi.JASA, D("30000")),
        (JenisMutasi.PINDAH_MASUK, D("10000000")),
    ]
    assert Jurnal.objects.filter(sumber=SumberJurnal.BERJANGKA, kunci=f"jatuh-tempo-2026-1-{dep.pk}").exists()
    _assert_books_consistent(books)


def test_a_rollover_deposit_earns_the_whole_month_and_gets_a_new_term(books, ani) -> None:
    produk = _produk(
        books,
        JenisSimpanan.BERJANGKA,
        suku_bunga_tahunan=D("6"),
        jangka_bulan=1,
        aksi_jatuh_tempo=AksiJatuhTempo.PERPANJANG,
    )
    dep = _rekening(produk, tanggal_mulai=dt.date(2025, 12, 20), tanggal_jatuh_tempo=dt.date(2026, 1, 20))
    _saldo_awal(dep, "36500000", dt.date(2025, 12, 20))
    _run(books, ani)
    dep.refresh_from_db()
    assert dep.status == StatusRekening.AKTIF
    assert (dep.tanggal_mulai, dep.tanggal_jatuh_tempo) == (dt.date(2026, 1, 20), dt.date(2026, 2, 20))
    # no sukarela account: the interest is added to the deposit (compounding, Cr 2.11)
    assert dep.saldo == D("36500000") + D("186000")  # 31 × 36.500.000 × 6% / 365
    _assert_books_consistent(books)


# --- refusals -------------------------------------------------------------------------------------


def test_a_closed_period_is_refused_with_a_message_and_nothing_runs(terendah, ani) -> None:
    _setor(_rekening(terendah), "30000000", DES, ani)
    periode_tutup(koperasi=terendah.koperasi, tahun=2026, bulan=1, actor=ani)
    with pytest.raises(ValidationError) as caught:
        _run(terendah.koperasi, ani)
    assert caught.value.messages == [str(PERIODE_DITUTUP).format(periode="01/2026")]
    assert not ProsesAkhirBulan.objects.exists() and not JasaSimpanan.objects.exists()


def test_a_queued_run_whose_month_was_closed_meanwhile_fails_with_the_reason(terendah, ani) -> None:
    proses = ProsesAkhirBulan.objects.create(koperasi=terendah.koperasi, tahun=2026, bulan=1)
    periode_tutup(koperasi=terendah.koperasi, tahun=2026, bulan=1, actor=ani)
    with pytest.raises(ValidationError):
        _run(terendah.koperasi, ani)
    proses.refresh_from_db()
    assert proses.status == StatusProses.GAGAL
    assert proses.galat == str(PERIODE_DITUTUP).format(periode="01/2026")


def test_a_month_that_has_not_ended_is_refused(books, ani) -> None:
    with pytest.raises(ValidationError) as caught:
        _run(books, ani, tahun=2099, bulan=1)
    assert caught.value.messages == [str(BULAN_BELUM_BERAKHIR).format(periode="01/2099", mulai="01-02-2099")]


def test_months_run_in_order(books, ani) -> None:
    _run(books, ani, bulan=2)
    with pytest.raises(ValidationError) as caught:
        _run(books, ani, bulan=1)
    assert caught.value.messages == [str(BULAN_SESUDAHNYA_SUDAH_JALAN).format(periode="02/2026")]
    ProsesAkhirBulan.objects.filter(bulan=2).update(status=StatusProses.GAGAL)
    with pytest.raises(ValidationError) as caught:
        _run(books, ani, bulan=3)
    assert caught.value.messages == [str(BULAN_SEBELUMNYA_BELUM_SELESAI).format(periode="02/2026")]


# --- wajib bills and the task ------------------------------------------------------------------------


def test_the_month_end_bills_next_months_wajib(books, ani) -> None:
    wajib = _produk(books, JenisSimpanan.WAJIB, setoran_tetap=D("50000"), hari_jatuh_tempo=10)
    r = _rekening(wajib, setoran_wajib=D("75000"))
    _run(books, ani)
    tagihan = TagihanWajib.objects.get(rekening=r)
    assert (tagihan.tahun, tagihan.bulan, tagihan.jatuh_tempo, tagihan.jumlah) == (
        2026,
        2,
        dt.date(2026, 2, 10),
        D("75000"),
    )


def test_starting_from_the_page_queues_the_task_which_runs_in_process(
    terendah, ani, django_capture_on_commit_callbacks
) -> None:
    _setor(_rekening(terendah), "30000000", DES, ani)
    with django_capture_on_commit_callbacks(execute=True):
        proses = akhir_bulan_mulai(koperasi=terendah.koperasi, tahun=2026, bulan=1, actor=ani)
    proses.refresh_from_db()
    assert proses.status == StatusProses.SELESAI and proses.dimulai_oleh == ani
    assert JasaSimpanan.objects.count() == 1


# --- pages ------------------------------------------------------------------------------------------

PAGE = "/k/maju-bersama/simpanan/akhir-bulan/"


def test_the_bendahara_starts_a_run_from_the_page_and_sees_totals_and_members(
    terendah, ani, django_capture_on_commit_callbacks
) -> None:
    _setor(_rekening(terendah, make_anggota(terendah.koperasi, nama="Sari Penabung")), "30000000", DES, ani)
    as_ani = login(ani)
    assert as_ani.get(PAGE).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = as_ani.post(PAGE + "mulai/", {"bulan": "1", "tahun": "2026"})
    proses = ProsesAkhirBulan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGE}{proses.pk}/"
    html = as_ani.get(f"{PAGE}{proses.pk}/").content.decode()
    assert "Sari Penabung" in html and "Rp300.000" in html and "Rp30.000" in html and "Rp270.000" in html
    assert "Rp300.000" in as_ani.get(PAGE).content.decode()


def test_a_refused_run_shows_the_reason(books, ani) -> None:
    periode_tutup(koperasi=books, tahun=2026, bulan=1, actor=ani)
    as_ani = login(ani)
    response = as_ani.post(PAGE + "mulai/", {"bulan": "1", "tahun": "2026"}, follow=True)
    assert str(PERIODE_DITUTUP).format(periode="01/2026") in response.content.decode()
    assert not ProsesAkhirBulan.objects.exists()


def test_the_progress_polls_while_running_and_asks_for_a_reload_when_done(books, ani) -> None:
    proses = ProsesAkhirBulan.objects.create(koperasi=books, tahun=2026, bulan=1, total=10, diproses=4)
    as_ani = login(ani)
    url = f"{PAGE}{proses.pk}/kemajuan/"
    running = as_ani.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in running.content.decode() and "HX-Refresh" not in running
    ProsesAkhirBulan.objects.filter(pk=proses.pk).update(status=StatusProses.SELESAI, diproses=10)
    done = as_ani.get(url, HTTP_HX_REQUEST="true")
    assert "every 2s" not in done.content.decode() and done["HX-Refresh"] == "true"


def test_the_kasir_and_outsiders_get_404_and_the_pengawas_reads_but_cannot_start(
    books, ani, budi, pengawas, as_dedi
) -> None:
    proses = ProsesAkhirBulan.objects.create(koperasi=books, tahun=2026, bulan=1, status=StatusProses.SELESAI)
    readable = [PAGE, f"{PAGE}{proses.pk}/", f"{PAGE}{proses.pk}/kemajuan/"]
    posts = [
        (PAGE + "mulai/", {"bulan": "2", "tahun": "2026"}),
        (PAGE + "tagihan-wajib/", {"tagihan-bulan": "2", "tagihan-tahun": "2026"}),
    ]
    as_budi, as_pengawas = login(budi), login(pengawas)
    for url in readable:
        assert as_budi.get(url).status_code == 404, url
        assert as_dedi.get(url).status_code == 404, url
        assert as_pengawas.get(url).status_code == 200, url
    for url, data in posts:
        for client in (as_budi, as_dedi, as_pengawas):
            assert client.post(url, data).status_code == 404, url
    assert ProsesAkhirBulan.objects.count() == 1 and not TagihanWajib.objects.exists()


def test_the_run_detail_pages_its_members_with_a_fixed_number_of_queries(
    terendah, ani, django_assert_max_num_queries
) -> None:
    for _ in range(30):
        _setor(_rekening(terendah), "1000000", DES, ani)
    proses = _run(terendah.koperasi, ani)
    as_ani = login(ani)
    with django_assert_max_num_queries(12):
        page = as_ani.get(f"{PAGE}{proses.pk}/")
    assert page.status_code == 200 and "Halaman 1 dari 2" in page.content.decode()
    with django_assert_max_num_queries(12):
        assert as_ani.get(PAGE).status_code == 200


def test_the_wajib_button_bills_a_chosen_month(books, ani) -> None:
    wajib = _produk(books, JenisSimpanan.WAJIB, setoran_tetap=D("25000"))
    _rekening(wajib)
    response = login(ani).post(PAGE + "tagihan-wajib/", {"tagihan-bulan": "11", "tagihan-tahun": "2026"}, follow=True)
    assert "1 tagihan simpanan wajib baru untuk 11/2026" in response.content.decode()
    assert TagihanWajib.objects.filter(tahun=2026, bulan=11).count() == 1


def test_the_menu_offers_the_month_end_to_its_readers_and_the_arrears_to_staff(books, budi, pengawas) -> None:
    kasir_page = login(budi).get("/k/maju-bersama/").content.decode()
    assert f'href="{PAGE}"' not in kasir_page and f'href="{PAGE}tunggakan-wajib/"' in kasir_page
    pengawas_page = login(pengawas).get("/k/maju-bersama/").content.decode()
    assert f'href="{PAGE}"' in pengawas_page
