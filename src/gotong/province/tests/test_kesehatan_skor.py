"""The pure health-scoring core (Perdep 06/Per/Dep.6/IV/2016), without a database.

The two worked examples were computed by hand, component by component (nilai × bobot / 100),
before the code ran; the comments carry the arithmetic."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gotong.province import health
from gotong.province.health import PERDEP_06_2016 as SKEMA

D = Decimal


def _jawaban(ya: dict[str, int]) -> dict[str, bool]:
    """``ya[komponen]`` first questions answered yes, the rest no."""
    out = {}
    for k in SKEMA.komponen:
        for i, p in enumerate(k.pertanyaan):
            out[p.kode] = i < ya.get(k.kode, 0)
    return out


SEHAT_RASIO = {
    "modal_aset": D("35"),  # 20–40 → 50 × 6 = 3,00
    "modal_pinjaman_berisiko": D("85"),  # 80–90 → 90 × 6 = 5,40
    "kecukupan_modal": D("12"),  # ≥ 8 → 100 × 3 = 3,00            permodalan 11,40
    "pinjaman_anggota": D("92"),  # ≥ 75 → 100 × 10 = 10,00
    "pinjaman_bermasalah": D("4.5"),  # 0–10 → 80 × 5 = 4,00
    "cadangan_risiko": D("62"),  # 60–70 → 70 × 5 = 3,50
    "pinjaman_berisiko": D("18"),  # < 21 → 100 × 5 = 5,00          aktiva 22,50
    "beban_operasi_anggota": D("75"),  # 70–85 → 75 × 4 = 3,00
    "beban_usaha_shu_kotor": D("55"),  # 40–60 → 75 × 4 = 3,00
    "efisiensi_pelayanan": D("8"),  # 5–<10 → 75 × 2 = 1,50         efisiensi 7,50
    "kas": D("12.5"),  # 10–15 → 100 × 10 = 10,00
    "pinjaman_dana": D("80"),  # 75–<100 → 75 × 5 = 3,75           likuiditas 13,75
    "rentabilitas_aset": D("6"),  # 5–<7,5 → 50 × 3 = 1,50
    "rentabilitas_modal": D("4.2"),  # 4–<5 → 75 × 3 = 2,25
    "kemandirian_operasional": D("130"),  # > 100 → 100 × 4 = 4,00  kemandirian 7,75
    "partisipasi_bruto": D("88"),  # ≥ 75 → 100 × 7 = 7,00
    "promosi_ekonomi": D("6"),  # 5–<7,5 → 50 × 3 = 1,50            jatidiri 8,50
}
# manajemen: 10/12 × 3 = 2,50; 5/6 × 3 = 2,50; 4/5 × 3 = 2,40; 8/10 × 3 = 2,40; 3/5 × 3 = 1,80 → 11,60
SEHAT_YA = {
    "manajemen_umum": 10,
    "kelembagaan": 5,
    "manajemen_permodalan": 4,
    "manajemen_aktiva": 8,
    "manajemen_likuiditas": 3,
}


def test_a_sound_ksp_scores_83_and_is_sehat() -> None:
    hasil = health.nilai_skema(SKEMA, rasio=SEHAT_RASIO, jawaban=_jawaban(SEHAT_YA))
    assert hasil.skor_aspek() == {
        "permodalan": D("11.40"),
        "aktiva": D("22.50"),
        "manajemen": D("11.60"),
        "efisiensi": D("7.50"),
        "likuiditas": D("13.75"),
        "kemandirian": D("7.75"),
        "jatidiri": D("8.50"),
    }
    assert hasil.total == D("83.00")
    assert hasil.predikat.kode == "sehat" and hasil.lengkap


def test_a_troubled_ksp_scores_37_30_and_is_under_special_supervision() -> None:
    rasio = {
        "modal_aset": D("8"),  # 25 × 6 = 1,50
        "modal_pinjaman_berisiko": D("15"),  # 20 × 6 = 1,20
        "kecukupan_modal": D("3"),  # 25 × 3 = 0,75                 3,45
        "pinjaman_anggota": D("40"),  # 50 × 10 = 5,00
        "pinjaman_bermasalah": D("32"),  # 20 × 5 = 1,00
        "cadangan_risiko": D("25"),  # 30 × 5 = 1,50
        "pinjaman_berisiko": D("45"),  # 25 × 5 = 1,25              8,75
        "beban_operasi_anggota": D("105"),  # 25 × 4 = 1,00
        "beban_usaha_shu_kotor": D("90"),  # 25 × 4 = 1,00
        "efisiensi_pelayanan": D("16"),  # 25 × 2 = 0,50             2,50
        "kas": D("35"),  # 25 × 10 = 2,50
        "pinjaman_dana": D("110"),  # 100 × 5 = 5,00                 7,50
        "rentabilitas_aset": D("-2"),  # a loss: 25 × 3 = 0,75
        "rentabilitas_modal": D("1"),  # 25 × 3 = 0,75
        "kemandirian_operasional": D("90"),  # 25 × 4 = 1,00         2,50
        "partisipasi_bruto": D("60"),  # 75 × 7 = 5,25
        "promosi_ekonomi": D("2"),  # 25 × 3 = 0,75                  6,00
    }
    # manajemen 6/12, 3/6, 2/5, 4/10, 2/5: 1,50 + 1,50 + 1,20 + 1,20 + 1,20 = 6,60
    ya = {"manajemen_umum": 6, "kelembagaan": 3, "manajemen_permodalan": 2, "manajemen_aktiva": 4}
    hasil = health.nilai_skema(SKEMA, rasio=rasio, jawaban=_jawaban({**ya, "manajemen_likuiditas": 2}))
    assert hasil.skor_aspek()["manajemen"] == D("6.60")
    assert hasil.total == D("37.30")
    assert hasil.predikat.kode == "pengawasan_khusus"


@pytest.mark.parametrize(
    ("total", "kode"),
    [
        ("100", "sehat"),
        ("80", "sehat"),
        ("79.99", "cukup_sehat"),
        ("66", "cukup_sehat"),
        ("65.99", "dalam_pengawasan"),
        ("51", "dalam_pengawasan"),
        ("50.99", "pengawasan_khusus"),
        ("0", "pengawasan_khusus"),
    ],
)
def test_the_bands_follow_the_perdep(total: str, kode: str) -> None:
    assert SKEMA.predikat_untuk(D(total)).kode == kode


def test_the_weights_total_100_and_follow_the_perdep() -> None:
    assert sum((a.bobot for a in SKEMA.aspek), D(0)) == 100
    assert {a.kode: a.bobot for a in SKEMA.aspek} == {
        "permodalan": 15,
        "aktiva": 25,
        "manajemen": 15,
        "efisiensi": 10,
        "likuiditas": 15,
        "kemandirian": 10,
        "jatidiri": 10,
    }
    assert [len(k.pertanyaan) for k in SKEMA.aspek[2].komponen] == [12, 6, 5, 10, 5]


@pytest.mark.parametrize(
    ("kode", "rasio", "nilai"),
    [
        ("modal_aset", "0", 0),
        ("modal_aset", "20", 25),
        ("modal_aset", "20.01", 50),
        ("modal_aset", "60", 100),
        ("modal_aset", "66", 50),
        ("modal_aset", "95", 25),
        ("pinjaman_bermasalah", "0", 100),
        ("pinjaman_bermasalah", "10", 80),
        ("pinjaman_bermasalah", "45", 10),
        ("pinjaman_bermasalah", "45.01", 0),
        ("cadangan_risiko", "0", 0),
        ("cadangan_risiko", "0.5", 10),
        ("cadangan_risiko", "81", 90),
        ("cadangan_risiko", "197", 100),
        ("pinjaman_berisiko", "20.99", 100),
        ("pinjaman_berisiko", "21", 75),
        ("pinjaman_berisiko", "30", 50),
        ("pinjaman_berisiko", "30.01", 25),
        ("kas", "10", 25),
        ("kas", "10.01", 100),
        ("kas", "15", 100),
        ("kas", "20", 50),
        ("kas", "20.01", 25),
        ("rentabilitas_modal", "2.99", 25),
        ("rentabilitas_modal", "5", 100),
        ("kemandirian_operasional", "100", 25),
        ("kemandirian_operasional", "100.01", 100),
        ("partisipasi_bruto", "75", 100),
        ("partisipasi_bruto", "74.99", 75),
    ],
)
def test_value_tables_at_their_boundaries(kode: str, rasio: str, nilai: int) -> None:
    komponen = next(k for k in SKEMA.komponen if k.kode == kode)
    assert komponen.tabel is not None
    assert komponen.tabel.nilai(D(rasio)) == nilai


@given(x=st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False))
def test_every_table_gives_exactly_one_value_for_any_ratio(x: Decimal) -> None:
    for k in SKEMA.komponen_rasio:
        assert k.tabel is not None
        assert sum(1 for r in k.tabel.baris if r.cocok(x)) == 1, (k.kode, x)
        assert 0 <= k.tabel.nilai(x) <= 100


@given(
    rasio=st.fixed_dictionaries(
        {k.kode: st.decimals(min_value=-50, max_value=500, places=2) for k in SKEMA.komponen_rasio}
    ),
    ya=st.lists(st.booleans(), min_size=38, max_size=38),
)
def test_the_total_is_the_sum_of_the_aspects_and_stays_within_0_and_100(
    rasio: dict[str, Decimal], ya: list[bool]
) -> None:
    jawaban = {p.kode: ya[i] for i, p in enumerate(SKEMA.pertanyaan)}
    hasil = health.nilai_skema(SKEMA, rasio=rasio, jawaban=jawaban)
    assert hasil.total == sum(hasil.skor_aspek().values())
    assert 0 <= hasil.total <= 100
    for a in hasil.aspek:
        assert a.skor <= a.aspek.bobot


def test_a_draft_with_missing_ratios_and_answers_says_what_is_missing() -> None:
    rasio = {**SEHAT_RASIO, "efisiensi_pelayanan": None}
    rasio.pop("promosi_ekonomi")
    jawaban = _jawaban(SEHAT_YA)
    jawaban.pop("mu1")
    hasil = health.nilai_skema(SKEMA, rasio=rasio, jawaban=jawaban)
    assert hasil.rasio_kosong == ("efisiensi_pelayanan", "promosi_ekonomi")
    assert hasil.pertanyaan_kosong == ("mu1",) and not hasil.lengkap
    # the two missing ratios score nothing; the unanswered question was a "ya" (0,25)
    assert hasil.total == D("83.00") - D("1.50") - D("1.50") - D("0.25")


def _angka(**ubah: Decimal | None) -> health.AngkaKeuangan:
    dasar: dict[str, Decimal | None] = {
        "total_aset": D("1000000000"),
        "modal_sendiri": D("350000000"),
        "modal_tertimbang": D("300000000"),
        "atmr": D("700000000"),
        "pinjaman_diberikan": D("800000000"),
        "pinjaman_berisiko": D("100000000"),
        "volume_pinjaman": D("900000000"),
        "volume_pinjaman_anggota": D("855000000"),
        "pinjaman_kurang_lancar": D("20000000"),
        "pinjaman_diragukan": D("8000000"),
        "pinjaman_macet": D("4000000"),
        "cadangan_risiko": D("10000000"),
        "kas_bank": D("60000000"),
        "kewajiban_lancar": D("500000000"),
        "dana_diterima": D("1000000000"),
        "partisipasi_bruto": D("180000000"),
        "beban_operasi_anggota": D("120000000"),
        "beban_usaha": D("90000000"),
        "shu_kotor": D("150000000"),
        "shu_sebelum_pajak": D("60000000"),
        "shu_bagian_anggota": D("20000000"),
        "partisipasi_neto": D("140000000"),
        "beban_usaha_perkoperasian": D("100000000"),
        "pendapatan": D("200000000"),
        "simpanan_pokok_wajib": D("250000000"),
        "biaya_karyawan": D("36000000"),
        "promosi_ekonomi_anggota": D("20000000"),
    }
    dasar.update(ubah)
    return health.AngkaKeuangan(**dasar)  # type: ignore[arg-type]


def test_ratios_from_figures_follow_the_perdep_definitions() -> None:
    r = health.rasio_dari_angka(_angka())
    assert r["modal_aset"] == D("35.00")
    assert r["modal_pinjaman_berisiko"] == D("350.00")
    assert r["kecukupan_modal"] == D("42.86")
    assert r["pinjaman_anggota"] == D("95.00")
    # RPM = 50% × 20 jt + 75% × 8 jt + 100% × 4 jt = 20 jt; ÷ 800 jt = 2,5%
    assert r["pinjaman_bermasalah"] == D("2.50")
    assert r["cadangan_risiko"] == D("50.00")
    assert r["pinjaman_berisiko"] == D("12.50")
    assert r["kas"] == D("12.00")
    assert r["pinjaman_dana"] == D("80.00")
    assert r["rentabilitas_aset"] == D("6.00")
    assert r["partisipasi_bruto"] == D("90.00")
    assert r["efisiensi_pelayanan"] == D("4.00")
    assert r["promosi_ekonomi"] == D("8.00")


def test_ratios_the_books_cannot_give_stay_empty_and_no_problem_loans_is_full_cover() -> None:
    r = health.rasio_dari_angka(
        _angka(
            biaya_karyawan=None,
            promosi_ekonomi_anggota=None,
            pinjaman_kurang_lancar=D(0),
            pinjaman_diragukan=D(0),
            pinjaman_macet=D(0),
            kewajiban_lancar=D(0),
        )
    )
    assert r["efisiensi_pelayanan"] is None and r["promosi_ekonomi"] is None
    assert r["kas"] is None  # no current liabilities: the ratio cannot be computed
    assert r["pinjaman_bermasalah"] == D("0.00") and r["cadangan_risiko"] == D("100")


def test_a_second_scheme_runs_through_the_same_engine() -> None:
    """Permenkop 9/2020 will be another Skema value; a toy one proves the engine is generic."""
    tabel = health.naik(["50"], [40, 100])
    skema = health.Skema(
        kode="uji",
        nama="Uji",
        dasar_hukum="-",
        aspek=(
            health.Aspek("a", "A", (health.Komponen("x", "X", D(60), "", tabel),)),
            health.Aspek("b", "B", (health.Komponen("y", "Y", D(40), "", tabel),)),
        ),
        predikat=(health.Predikat("baik", "Baik", D(70)), health.Predikat("buruk", "Buruk", D(0))),
    )
    hasil = health.nilai_skema(skema, rasio={"x": D("60"), "y": D("10")}, jawaban={})
    assert hasil.total == D("60") + D("16") and hasil.predikat.kode == "baik"
