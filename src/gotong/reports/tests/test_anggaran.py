"""RAPBK: budget lines per account, the work plan, copy from last year's actuals, budget vs actual."""

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from gotong.core.models import AuditLog
from gotong.ledger.models import Akun
from gotong.ledger.posting import akun
from gotong.ledger.services import akun_tambah
from gotong.ledger.tests.helpers import post
from gotong.reports import anggaran
from gotong.reports.anggaran import (
    AKUN_INDUK,
    AKUN_LAIN_KOPERASI,
    AKUN_TIDAK_DIANGGARKAN,
    ANGGARAN_NEGATIF,
    ANGGARAN_TIDAK_SAH,
    TAHUN_LEWAT,
    TAHUN_TERLALU_JAUH,
    TIDAK_ADA_REALISASI,
    anggaran_salin_realisasi,
    anggaran_simpan,
    anggaran_vs_realisasi,
    parse_anggaran,
    rencana_kerja_simpan,
)
from gotong.reports.models import AnggaranBaris, RencanaKerja
from gotong.tenancy.models import Koperasi

HARI_INI = dt.date(2026, 11, 30)


def _pk(koperasi: Koperasi, kode: str) -> int:
    return akun(koperasi, kode).pk


def _simpan(koperasi: Koperasi, actor: Any, baris: dict[int, object], tahun: int = 2027) -> list[AnggaranBaris]:
    return anggaran_simpan(koperasi=koperasi, tahun=tahun, baris=baris, actor=actor, today=HARI_INI)


def _jumlah(koperasi: Koperasi, tahun: int = 2027) -> dict[str, Decimal]:
    return {r.akun.kode: r.jumlah for r in AnggaranBaris.objects.filter(koperasi=koperasi, tahun=tahun)}


# --- typing amounts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.250.000", Decimal("1250000")),
        ("Rp 1.250.000", Decimal("1250000")),
        ("1250000", Decimal("1250000")),
        ("1.250.000,50", Decimal("1250000.50")),
        ("", None),
        ("0", None),
        (None, None),
        (Decimal("75000"), Decimal("75000")),
    ],
)
def test_budget_amounts_are_read_the_indonesian_way(raw: object, expected: Decimal | None) -> None:
    assert parse_anggaran(raw, "x") == expected


@pytest.mark.parametrize(
    ("raw", "pesan"),
    [
        ("-5000", ANGGARAN_NEGATIF),
        ("Rp-5.000", ANGGARAN_NEGATIF),
        ("lima juta", ANGGARAN_TIDAK_SAH),
        ("1e6", ANGGARAN_TIDAK_SAH),
    ],
)
def test_bad_budget_amounts_are_refused_with_a_message(raw: str, pesan: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_anggaran(raw, "akun_7")
    assert exc.value.message_dict == {"akun_7": [str(pesan)]}


@given(st.integers(min_value=1, max_value=10**13))
def test_any_whole_amount_written_with_thousands_dots_reads_back(n: int) -> None:
    assert parse_anggaran(f"{n:,}".replace(",", "."), "x") == Decimal(n)


# --- saving lines -----------------------------------------------------------------------------


def test_budget_lines_are_saved_per_account_and_a_blank_removes_a_line(maju: Koperasi, ani: Any) -> None:
    _simpan(maju, ani, {_pk(maju, "4.10"): "12.000.000", _pk(maju, "5.20"): "3.500.000"})
    assert _jumlah(maju) == {"4.10": Decimal("12000000"), "5.20": Decimal("3500000")}

    _simpan(maju, ani, {_pk(maju, "5.20"): "", _pk(maju, "4.20"): "600.000"})

    assert _jumlah(maju) == {"4.10": Decimal("12000000"), "4.20": Decimal("600000")}
    log = AuditLog.objects.filter(aksi="anggaran.ubah").first()
    assert log is not None and log.sebelum["anggaran"]["5.20"] == "3500000.00"


def test_one_bad_line_refuses_them_all(maju: Koperasi, ani: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _simpan(maju, ani, {_pk(maju, "4.10"): "12.000.000", _pk(maju, "5.20"): "-1"})

    assert exc.value.message_dict[f"akun_{_pk(maju, '5.20')}"] == [str(ANGGARAN_NEGATIF)]
    assert not AnggaranBaris.objects.exists()


def test_an_account_of_another_koperasi_is_refused(maju: Koperasi, tani: Koperasi, ani: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _simpan(maju, ani, {_pk(tani, "4.10"): "1.000.000"})

    assert str(AKUN_LAIN_KOPERASI) in exc.value.messages
    assert not AnggaranBaris.objects.exists()


def test_a_parent_account_is_refused_its_sub_accounts_take_the_budget(maju: Koperasi, ani: Any) -> None:
    induk = akun(maju, "5.10")
    akun_tambah(induk=induk, kode="5.10.01", nama="Gaji pengelola", saldo_normal=None, actor=ani)

    with pytest.raises(ValidationError) as exc:
        _simpan(maju, ani, {induk.pk: "5.000.000"})

    assert exc.value.message_dict[f"akun_{induk.pk}"] == [str(AKUN_INDUK).format(akun="5.10 Beban operasional")]
    assert "5.10" not in [a.kode for a in anggaran.akun_anggaran(maju)]
    assert "5.10.01" in [a.kode for a in anggaran.akun_anggaran(maju)]


def test_balance_sheet_accounts_other_than_fixed_assets_are_not_budgeted(maju: Koperasi, ani: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _simpan(maju, ani, {_pk(maju, "2.10"): "1.000.000"})
    assert exc.value.message_dict[f"akun_{_pk(maju, '2.10')}"] == [
        str(AKUN_TIDAK_DIANGGARKAN).format(akun="2.10 Simpanan sukarela")
    ]

    _simpan(maju, ani, {_pk(maju, "1.40"): "15.000.000"})  # a planned purchase of fixed assets

    assert _jumlah(maju) == {"1.40": Decimal("15000000")}
    kode = [a.kode for a in anggaran.akun_anggaran(maju)]
    assert "1.40" in kode and "1.40.99" not in kode and "1.01" not in kode


def test_the_rapbk_is_for_next_year_this_year_may_be_corrected_a_past_year_not(maju: Koperasi, ani: Any) -> None:
    baris = {_pk(maju, "4.10"): "1.000.000"}
    with pytest.raises(ValidationError) as exc:
        _simpan(maju, ani, baris, tahun=2025)
    assert exc.value.messages == [str(TAHUN_LEWAT).format(tahun=2025)]
    with pytest.raises(ValidationError) as exc:
        _simpan(maju, ani, baris, tahun=2028)
    assert exc.value.messages == [str(TAHUN_TERLALU_JAUH).format(ini=2026, depan=2027)]
    assert not AnggaranBaris.objects.exists()

    _simpan(maju, ani, baris, tahun=2026)
    _simpan(maju, ani, baris, tahun=2027)
    assert AnggaranBaris.objects.count() == 2


def test_the_work_plan_is_saved_and_audited(maju: Koperasi, ani: Any) -> None:
    rencana_kerja_simpan(
        koperasi=maju, tahun=2027, program="Pendidikan anggota", asumsi="Anggota +40", actor=ani, today=HARI_INI
    )
    rencana_kerja_simpan(
        koperasi=maju,
        tahun=2027,
        program="Pendidikan anggota\nAplikasi",
        asumsi="Anggota +40",
        actor=ani,
        today=HARI_INI,
    )

    r = RencanaKerja.objects.get(koperasi=maju, tahun=2027)
    assert r.program == "Pendidikan anggota\nAplikasi" and r.diubah_oleh == ani
    log = AuditLog.objects.filter(aksi="rencana_kerja.ubah").first()
    assert log is not None and log.sebelum == {"program": "Pendidikan anggota"}


# --- actuals -------------------------------------------------------------------------------------


@pytest.fixture
def buku_2026(maju: Koperasi, citra_anggota: Any) -> Koperasi:
    """2026: interest 1,2 juta (and 100 rb reversed), provisi 300 rb, costs 700 rb, a computer 6 juta."""
    post(maju, dt.date(2026, 1, 5), "1.01", "3.12", "20000000")
    post(maju, dt.date(2026, 2, 1), "1.01", "4.10", "1200000", anggota=citra_anggota)
    post(maju, dt.date(2026, 2, 2), "4.10", "1.01", "100000")
    post(maju, dt.date(2026, 3, 1), "1.01", "4.20", "300000")
    post(maju, dt.date(2026, 4, 1), "5.10", "1.01", "700000")
    post(maju, dt.date(2026, 5, 1), "1.40", "1.01", "6000000")
    return maju


def test_the_actual_is_each_accounts_movement_on_its_own_side(buku_2026: Koperasi) -> None:
    nyata = anggaran.realisasi(koperasi=buku_2026, tahun=2026)

    assert nyata == {
        _pk(buku_2026, "4.10"): Decimal("1100000"),
        _pk(buku_2026, "4.20"): Decimal("300000"),
        _pk(buku_2026, "5.10"): Decimal("700000"),
        _pk(buku_2026, "1.40"): Decimal("6000000"),
    }


def test_copy_from_last_years_actuals_grows_them_and_rounds_to_the_thousand(buku_2026: Koperasi, ani: Any) -> None:
    anggaran_salin_realisasi(koperasi=buku_2026, tahun=2027, actor=ani, kenaikan_persen=Decimal("7.5"), today=HARI_INI)

    assert _jumlah(buku_2026) == {
        "4.10": Decimal("1183000"),  # 1.100.000 × 1,075 = 1.182.500 → 1.183.000
        "4.20": Decimal("323000"),  # 322.500 → 323.000
        "5.10": Decimal("753000"),  # 752.500 → 753.000
        "1.40": Decimal("6450000"),
    }


def test_copy_from_a_year_without_actuals_says_so(maju: Koperasi, ani: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        anggaran_salin_realisasi(koperasi=maju, tahun=2027, actor=ani, today=HARI_INI)
    assert exc.value.messages == [str(TIDAK_ADA_REALISASI).format(tahun=2026)]


@pytest.mark.parametrize("raw", ["abc", "2000", "-101", "1,234"])
def test_a_bad_growth_rate_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as exc:
        anggaran.parse_kenaikan(raw)
    assert exc.value.message_dict == {"kenaikan": [str(anggaran.KENAIKAN_TIDAK_SAH)]}


def test_budget_vs_actual_shows_variance_and_percentage_realised(buku_2026: Koperasi, ani: Any) -> None:
    _simpan(
        buku_2026,
        ani,
        {_pk(buku_2026, "4.10"): "1.000.000", _pk(buku_2026, "5.10"): "1.000.000", _pk(buku_2026, "5.20"): "50.000"},
        tahun=2026,
    )

    p = anggaran_vs_realisasi(koperasi=buku_2026, tahun=2026)

    rows = {b.kode: b for bagian in p.bagian for b in bagian.baris}
    assert (rows["4.10"].selisih, rows["4.10"].persen) == (Decimal("100000"), Decimal("110.0"))
    assert (rows["5.10"].selisih, rows["5.10"].persen) == (Decimal("-300000"), Decimal("70.0"))
    assert rows["5.20"].realisasi == Decimal("0") and rows["5.20"].persen == Decimal("0.0")
    assert rows["4.20"].anggaran == Decimal("0") and rows["4.20"].persen is None  # actual without a budget
    assert p.shu.anggaran == Decimal("-50000") and p.shu.realisasi == Decimal("700000")


def test_the_actual_can_stop_at_a_month(buku_2026: Koperasi) -> None:
    p = anggaran_vs_realisasi(koperasi=buku_2026, tahun=2026, bulan_akhir=2)
    rows = {b.kode: b.realisasi for bagian in p.bagian for b in bagian.baris}
    assert rows == {"4.10": Decimal("1100000")}


def test_the_excel_export_keeps_amounts_as_numbers(buku_2026: Koperasi, ani: Any) -> None:
    _simpan(buku_2026, ani, {_pk(buku_2026, "4.10"): "1.000.000"}, tahun=2026)
    isi = anggaran.anggaran_xlsx(koperasi=buku_2026, perbandingan=anggaran_vs_realisasi(koperasi=buku_2026, tahun=2026))

    ws = load_workbook(BytesIO(isi)).active
    assert ws is not None
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0]}
    assert rows["4.10"][2:5] == (1000000, 1100000, 100000)
    assert rows["4.10"][5] == pytest.approx(1.1)


def test_budget_lines_keep_their_own_koperasi(maju: Koperasi, tani: Koperasi, ani: Any) -> None:
    _simpan(maju, ani, {_pk(maju, "4.10"): "1.000.000"})
    assert anggaran_vs_realisasi(koperasi=tani, tahun=2027).kosong
    assert Akun.objects.get(pk=_pk(maju, "4.10")).koperasi == maju
