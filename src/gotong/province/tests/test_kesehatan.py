"""Health assessments with the database: ratios from the books, the services' rules, the Dinas's
reads (bands per kabupaten/kota, the registry filter)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gotong.core.models import AuditLog
from gotong.ledger.tests.helpers import post
from gotong.province import health, kesehatan
from gotong.province.models import PenilaianKesehatan
from gotong.province.models_kesehatan import StatusPenilaian, SumberPenilaian
from gotong.province.selectors import registry
from gotong.tenancy.models import JenisKoperasi, Koperasi

D = Decimal
HARI_INI = dt.date(2025, 6, 1)
SKEMA = health.PERDEP_06_2016


def semua_ya(ya: bool = True) -> dict[str, bool]:
    return {p.kode: ya for p in SKEMA.pertanyaan}


def rasio_sehat() -> dict[str, str]:
    """Ratios typed as a Dinas officer would (comma decimals)."""
    return {
        "modal_aset": "45",
        "modal_pinjaman_berisiko": "120",
        "kecukupan_modal": "15",
        "pinjaman_anggota": "95",
        "pinjaman_bermasalah": "3,5",
        "cadangan_risiko": "95",
        "pinjaman_berisiko": "10",
        "beban_operasi_anggota": "60",
        "beban_usaha_shu_kotor": "35",
        "efisiensi_pelayanan": "4",
        "kas": "12",
        "pinjaman_dana": "105",
        "rentabilitas_aset": "11",
        "rentabilitas_modal": "6",
        "kemandirian_operasional": "140",
        "partisipasi_bruto": "90",
        "promosi_ekonomi": "12",
    }


@pytest.fixture
def buku(maju: Koperasi, citra_anggota: Any) -> Koperasi:
    """One year of a small KSP (amounts in millions of rupiah)."""
    tgl = dt.date(2024, 3, 1)
    a = citra_anggota
    post(maju, tgl, "1.01", "3.10", "10000000", anggota=a)
    post(maju, tgl, "1.01", "3.11", "40000000", anggota=a)
    post(maju, tgl, "1.01", "2.10", "100000000", anggota=a)
    post(maju, tgl, "1.20", "1.01", "120000000", anggota=a)
    post(maju, dt.date(2024, 9, 1), "1.01", "4.10", "30000000", anggota=a)
    post(maju, dt.date(2024, 9, 1), "1.01", "4.10", "2000000")  # a non-member's fee
    post(maju, dt.date(2024, 10, 1), "5.20", "1.01", "6000000")
    post(maju, dt.date(2024, 10, 1), "5.10", "1.01", "8000000")
    post(maju, dt.date(2024, 12, 31), "5.40", "1.20.99", "1000000")
    return maju


def test_ratios_come_from_the_books_of_the_year(buku: Koperasi) -> None:
    angka = kesehatan.angka_dari_buku(buku, 2024)
    # cash 48 jt; assets 48 + 120 − 1 = 167 jt; savings 100 jt; equity 50 jt + SHU 17 jt
    assert (angka.total_aset, angka.modal_sendiri, angka.kas_bank) == (D("167000000"), D("67000000"), D("48000000"))
    assert angka.pinjaman_diberikan == D("120000000")  # the loan month-end never ran: the receivable
    assert angka.cadangan_risiko == D("1000000")
    assert angka.partisipasi_bruto == D("30000000") and angka.pendapatan == D("32000000")
    r = health.rasio_dari_angka(angka)
    assert r["modal_aset"] == D("40.12")
    assert r["kas"] == D("48.00")
    assert r["pinjaman_dana"] == D("80.00")  # 120 ÷ (67 − 17 + 100)
    assert r["partisipasi_bruto"] == D("93.75")
    # modal tertimbang 10 + 40 + 50 % × 17 = 58,5 jt; ATMR: kas 0 %, loans net of PPAP 119 jt
    assert r["kecukupan_modal"] == D("49.16")
    assert r["efisiensi_pelayanan"] is None  # staff costs are not kept apart


def test_computing_from_the_books_saves_a_draft_and_keeps_what_the_user_typed(buku: Koperasi, ani: Any) -> None:
    p = kesehatan.penilaian_dari_buku(koperasi=buku, tahun=2024, actor=ani, hari_ini=HARI_INI)
    assert p.sumber == SumberPenilaian.BUKU and p.status == StatusPenilaian.DRAFT
    assert p.rasio["modal_aset"] == "40.12" and p.rasio["efisiensi_pelayanan"] is None
    rasio = {**p.rasio, "efisiensi_pelayanan": "4,5"}
    kesehatan.penilaian_simpan(koperasi=buku, tahun=2024, rasio=rasio, jawaban=semua_ya(), actor=ani, hari_ini=HARI_INI)
    post(buku, dt.date(2024, 12, 31), "1.01", "4.90", "3000000")  # a late entry
    p = kesehatan.penilaian_dari_buku(koperasi=buku, tahun=2024, actor=ani, hari_ini=HARI_INI)
    assert p.rasio["efisiensi_pelayanan"] == "4.50" and p.rasio_diisi == ["efisiensi_pelayanan"]
    assert p.jawaban == semua_ya()
    assert p.rasio["kas"] == "51.00"  # recomputed: 51 jt cash
    assert AuditLog.objects.filter(aksi="kesehatan.dari_buku").count() == 2


def test_a_typed_assessment_scores_and_finalises_with_its_band(maju: Koperasi, eka: Any) -> None:
    p = kesehatan.penilaian_simpan(
        koperasi=maju,
        tahun=2024,
        rasio=rasio_sehat(),
        jawaban=semua_ya(),
        actor=eka,
        oleh_dinas=True,
        hari_ini=HARI_INI,
    )
    assert p.total == D("99.00") and p.predikat == "sehat"  # everything best but RPM 3,5 % → 80 × 5
    assert p.skor_aspek["likuiditas"] == "15.00"
    p = kesehatan.penilaian_finalkan(penilaian=p, actor=eka)
    assert p.status == StatusPenilaian.FINAL and p.difinalkan_oleh == eka


def test_finalising_needs_every_ratio_and_every_answer(maju: Koperasi, ani: Any) -> None:
    rasio = {**rasio_sehat(), "promosi_ekonomi": ""}
    jawaban = semua_ya()
    del jawaban["ml5"], jawaban["mu2"]
    p = kesehatan.penilaian_simpan(
        koperasi=maju, tahun=2024, rasio=rasio, jawaban=jawaban, actor=ani, hari_ini=HARI_INI
    )
    with pytest.raises(ValidationError) as exc:
        kesehatan.penilaian_finalkan(penilaian=p, actor=ani)
    nama = next(k.nama for k in SKEMA.komponen if k.kode == "promosi_ekonomi")
    assert exc.value.messages == [
        str(kesehatan.RASIO_BELUM_LENGKAP).format(nama=nama),
        str(kesehatan.KUESIONER_BELUM_LENGKAP).format(n=2),
    ]
    assert PenilaianKesehatan.objects.get(pk=p.pk).status == StatusPenilaian.DRAFT


@pytest.mark.parametrize(
    ("kode", "teks", "pesan"),
    [
        ("kas", "dua belas", kesehatan.RASIO_BUKAN_ANGKA),
        ("pinjaman_bermasalah", "-3", kesehatan.RASIO_NEGATIF),
        ("partisipasi_bruto", "1e9", kesehatan.RASIO_TERLALU_BESAR),
    ],
)
def test_a_bad_ratio_is_refused_beside_its_field_and_nothing_is_saved(
    maju: Koperasi, ani: Any, kode: str, teks: str, pesan: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        kesehatan.penilaian_simpan(
            koperasi=maju, tahun=2024, rasio={**rasio_sehat(), kode: teks}, jawaban={}, actor=ani, hari_ini=HARI_INI
        )
    nama = next(k.nama for k in SKEMA.komponen if k.kode == kode)
    expected = str(pesan).format(nama=nama, nilai=teks if pesan is kesehatan.RASIO_BUKAN_ANGKA else D(teks))
    assert exc.value.message_dict == {f"rasio_{kode}": [expected]}
    assert not PenilaianKesehatan.objects.exists()


def test_a_negative_result_is_accepted_where_a_loss_is_possible(maju: Koperasi, ani: Any) -> None:
    rasio = {**rasio_sehat(), "rentabilitas_aset": "-4", "modal_aset": "-10"}
    p = kesehatan.penilaian_simpan(koperasi=maju, tahun=2024, rasio=rasio, jawaban={}, actor=ani, hari_ini=HARI_INI)
    assert p.rasio["rentabilitas_aset"] == "-4.00"
    assert kesehatan.hasil(p).aspek[0].komponen[0].nilai == 0  # negative equity scores nothing


@pytest.mark.parametrize(
    ("tahun", "pesan"),
    [(2026, kesehatan.TAHUN_MASA_DEPAN), (2025, kesehatan.TAHUN_BELUM_BERAKHIR), (2010, kesehatan.TAHUN_TERLALU_LAMA)],
)
def test_a_year_not_ended_or_before_the_perdep_is_refused(maju: Koperasi, ani: Any, tahun: int, pesan: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        kesehatan.penilaian_simpan(
            koperasi=maju, tahun=tahun, rasio=rasio_sehat(), jawaban={}, actor=ani, hari_ini=HARI_INI
        )
    assert exc.value.message_dict["tahun"] == [str(pesan).format(tahun=tahun, awal=kesehatan.TAHUN_PERTAMA)]
    assert not PenilaianKesehatan.objects.exists()


def test_a_koperasi_without_savings_and_loans_is_not_assessed(tani: Koperasi, dedi: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        kesehatan.penilaian_simpan(
            koperasi=tani, tahun=2024, rasio=rasio_sehat(), jawaban={}, actor=dedi, hari_ini=HARI_INI
        )
    assert exc.value.messages == [str(kesehatan.BUKAN_KSP_USP).format(nama=tani.nama, jenis=tani.get_jenis_display())]
    assert not PenilaianKesehatan.objects.exists()


def test_a_registry_only_koperasi_is_not_computed_from_books(eka: Any) -> None:
    manual = Koperasi.objects.create(
        kode="ksp-manual", nama="KSP Manual", jenis=JenisKoperasi.SIMPAN_PINJAM, kabupaten_kode="36.02"
    )
    with pytest.raises(ValidationError) as exc:
        kesehatan.penilaian_dari_buku(koperasi=manual, tahun=2024, actor=eka, hari_ini=HARI_INI)
    assert exc.value.messages == [str(kesehatan.BUKAN_DIGITAL).format(nama="KSP Manual")]


def test_a_final_assessment_is_not_edited_until_the_dinas_reopens_it(maju: Koperasi, ani: Any, eka: Any) -> None:
    p = kesehatan.penilaian_simpan(
        koperasi=maju, tahun=2024, rasio=rasio_sehat(), jawaban=semua_ya(), actor=ani, hari_ini=HARI_INI
    )
    kesehatan.penilaian_finalkan(penilaian=p, actor=ani)
    with pytest.raises(ValidationError) as exc:
        kesehatan.penilaian_simpan(
            koperasi=maju, tahun=2024, rasio=rasio_sehat(), jawaban={}, actor=ani, hari_ini=HARI_INI
        )
    assert exc.value.messages == [str(kesehatan.SUDAH_FINAL).format(tahun=2024)]
    kesehatan.penilaian_buka(penilaian=p, actor=eka)
    p = kesehatan.penilaian_simpan(
        koperasi=maju, tahun=2024, rasio=rasio_sehat(), jawaban=semua_ya(False), actor=ani, hari_ini=HARI_INI
    )
    assert p.total == D("84.00") and p.predikat == "sehat"  # 99 − the 15 of manajemen
    assert AuditLog.objects.filter(aksi="kesehatan.buka", aktor=eka).exists()


def _final(k: Koperasi, tahun: int, rasio: dict[str, str], ya: bool, actor: Any) -> PenilaianKesehatan:
    p = kesehatan.penilaian_simpan(
        koperasi=k, tahun=tahun, rasio=rasio, jawaban=semua_ya(ya), actor=actor, hari_ini=HARI_INI
    )
    return kesehatan.penilaian_finalkan(penilaian=p, actor=actor)


def _ksp(kode: str, kab: str) -> Koperasi:
    return Koperasi.objects.create(kode=kode, nama=kode.upper(), jenis=JenisKoperasi.SIMPAN_PINJAM, kabupaten_kode=kab)


def test_bands_are_counted_per_kabupaten_and_the_registry_filters_by_the_latest_band(maju: Koperasi, eka: Any) -> None:
    lemah = {k: "0" for k in rasio_sehat()}
    lebak = _ksp("ksp-lebak", "36.02")
    _final(maju, 2023, lemah, False, eka)  # an old weak year …
    _final(maju, 2024, rasio_sehat(), True, eka)  # … then sound
    _final(lebak, 2024, lemah, False, eka)
    _ksp("ksp-baru", "36.02")  # never assessed
    rows = kesehatan.sebaran(wilayah="36", tahun=2024)
    assert [(r["nama"], r["jumlah"], r["total"]) for r in rows] == [
        ("Kabupaten Lebak", {"pengawasan_khusus": 1}, 1),
        ("Kota Serang", {"sehat": 1}, 1),
    ]
    assert kesehatan.sebaran(wilayah="36.02", tahun=2024)[0]["nama"] == "Kabupaten Lebak"
    assert len(kesehatan.sebaran(wilayah="36.73", tahun=2024)) == 1
    assert [k.kode for k in registry(wilayah="36", filters={"kesehatan": "sehat"})] == ["maju-bersama"]
    assert [k.kode for k in registry(wilayah="36", filters={"kesehatan": "pengawasan_khusus"})] == ["ksp-lebak"]
    assert [k.kode for k in registry(wilayah="36", filters={"kesehatan": "belum"})] == ["ksp-baru"]
    g = kesehatan.grafik_sebaran(rows, tahun=2024)
    assert g.kategori == ("Kabupaten Lebak", "Kota Serang") and g.seri[0].nilai == (0, 1)
