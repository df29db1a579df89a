"""The pure SHU module: allocation and members' shares (UU 25/1992 Pasal 45; DOMAIN.md, SHU)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gotong.reports.shu import (
    JUA_JMA_BUKAN_SERATUS,
    NILAI_NEGATIF,
    PERSEN_BUKAN_SERATUS,
    PERSEN_DUA_DESIMAL,
    PERSEN_LEBIH_SERATUS,
    PERSEN_NEGATIF,
    SATUAN_TIDAK_SAH,
    DataAnggota,
    HasilSHU,
    Persentase,
    SHUError,
    hitung_shu,
)

D = Decimal


def _contoh(satuan: int = 1) -> HasilSHU:
    """SHU Rp10.000.000 of which Rp8.000.000 from members; four members."""
    return hitung_shu(
        shu=D("10000000"),
        shu_anggota=D("8000000"),
        persen=Persentase(),
        anggota=[
            DataAnggota(1, volume=D("600000"), simpanan=D("1500000")),
            DataAnggota(2, volume=D("300000"), simpanan=D("1000000")),
            DataAnggota(3, volume=D("0"), simpanan=D("500000")),
            DataAnggota(4),
        ],
        satuan=satuan,
    )


def test_the_worked_example_allocates_the_members_part_by_the_default_percentages() -> None:
    hasil = _contoh()
    a = hasil.alokasi

    assert (a.shu_anggota, a.shu_non_anggota) == (D("8000000"), D("2000000"))
    assert (a.cadangan_persen, a.jasa_anggota) == (D("3200000"), D("3200000"))
    assert a.dana == {k: D("400000") for k in ("dana_pengurus", "dana_karyawan", "dana_pendidikan", "dana_sosial")}
    assert (a.jua, a.jma) == (D("2240000"), D("960000"))


def test_the_worked_example_gives_each_member_jasa_usaha_and_jasa_modal_rounded_down() -> None:
    hasil = _contoh()
    bagian = {b.anggota_id: (b.jasa_usaha, b.jasa_modal, b.total) for b in hasil.bagian}

    # 600.000 / 900.000 × 2.240.000 = 1.493.333,33 → 1.493.333; 1,5 jt / 3 jt × 960.000 = 480.000
    assert bagian[1] == (D("1493333"), D("480000"), D("1973333"))
    assert bagian[2] == (D("746666"), D("320000"), D("1066666"))  # 746.666,67 → 746.666
    assert bagian[3] == (D("0"), D("160000"), D("160000"))
    assert bagian[4] == (D("0"), D("0"), D("0"))
    assert (hasil.vuk, hasil.tms) == (D("900000"), D("3000000"))


def test_the_rounding_remainder_and_the_non_members_shu_go_to_cadangan() -> None:
    hasil = _contoh()
    a = hasil.alokasi

    assert hasil.total_bagian == D("3199999")
    assert a.sisa_pembulatan == D("1")
    assert a.cadangan == D("5200001")  # 3.200.000 + 1 + 2.000.000 from non-members
    assert a.cadangan + a.total_dana + hasil.total_bagian == D("10000000")


def test_shares_round_down_to_rp100_when_the_koperasi_chooses_it() -> None:
    hasil = _contoh(satuan=100)
    bagian = {b.anggota_id: b.jasa_usaha for b in hasil.bagian}

    assert (bagian[1], bagian[2]) == (D("1493300"), D("746600"))
    assert hasil.alokasi.sisa_pembulatan == D("100")


def test_a_members_part_that_does_not_divide_evenly_is_rounded_down_and_the_rest_kept_in_cadangan() -> None:
    # Two thirds of the income came from members: 1.000.000 × 2/3 = 666.666,67.
    hasil = hitung_shu(
        shu=D("1000000"),
        shu_anggota=D("1000000") * 2 / 3,
        persen=Persentase(),
        anggota=[DataAnggota(7, volume=D("50000"), simpanan=D("100000"))],
    )
    a = hasil.alokasi

    assert (a.shu_anggota, a.shu_non_anggota) == (D("666666"), D("333334"))
    assert (a.cadangan_persen, a.jasa_anggota, a.dana_sosial) == (D("266666"), D("266666"), D("33333"))
    assert (a.jua, a.jma) == (D("186666"), D("80000"))
    assert hasil.bagian[0].total == D("266666")
    assert a.sisa_pembulatan == D("2")  # 666.666 − 666.664 allocated; the shares take all of jasa anggota
    assert a.cadangan == D("600002")
    assert a.cadangan + a.total_dana + hasil.total_bagian == D("1000000")


def test_a_loss_distributes_nothing() -> None:
    hasil = hitung_shu(
        shu=D("-250000"),
        shu_anggota=D("-250000"),
        persen=Persentase(),
        anggota=[DataAnggota(1, volume=D("100000"), simpanan=D("100000"))],
    )

    assert not hasil.dibagi
    assert hasil.alokasi.cadangan == 0 and hasil.alokasi.total_dana == 0 and hasil.alokasi.jasa_anggota == 0
    assert hasil.bagian[0].total == 0 and hasil.bagian[0].volume == D("100000")


def test_without_any_volume_jasa_usaha_stays_in_cadangan() -> None:
    hasil = hitung_shu(
        shu=D("1000000"),
        shu_anggota=D("1000000"),
        persen=Persentase(),
        anggota=[DataAnggota(1, simpanan=D("100000"))],
    )

    assert hasil.bagian[0].jasa_usaha == 0 and hasil.bagian[0].jasa_modal == D("120000")
    assert hasil.alokasi.sisa_pembulatan == D("280000")  # the whole JUA


@pytest.mark.parametrize(
    ("persen", "pesan"),
    [
        (Persentase(cadangan=D("45")), PERSEN_BUKAN_SERATUS),
        (Persentase(cadangan=D("-5"), jasa_anggota=D("85")), PERSEN_NEGATIF),
        (Persentase(cadangan=D("0"), jasa_anggota=D("120"), dana_sosial=D("-15")), PERSEN_LEBIH_SERATUS),
        (Persentase(cadangan=D("39.995"), jasa_anggota=D("40.005")), PERSEN_DUA_DESIMAL),
        (Persentase(jua=D("60")), JUA_JMA_BUKAN_SERATUS),
    ],
)
def test_bad_percentages_are_refused_with_their_message(persen: Persentase, pesan: object) -> None:
    with pytest.raises(SHUError) as exc:
        hitung_shu(shu=D("1000"), shu_anggota=D("1000"), persen=persen, anggota=[])
    assert str(exc.value).startswith(str(pesan).split("{")[0])


def test_the_total_in_the_message_is_written_the_indonesian_way() -> None:
    with pytest.raises(SHUError, match=r"sekarang 99,5%"):
        hitung_shu(shu=D("1"), shu_anggota=D("1"), persen=Persentase(dana_sosial=D("4.5")), anggota=[])


def test_trailing_zeros_are_not_extra_decimals() -> None:
    persen = Persentase(cadangan=D("40.000"), jasa_anggota=D("40.00"))
    assert hitung_shu(shu=D("100"), shu_anggota=D("100"), persen=persen, anggota=[]).alokasi.cadangan_persen == 40


def test_a_rounding_unit_other_than_rp1_or_rp100_is_refused() -> None:
    with pytest.raises(SHUError, match=str(SATUAN_TIDAK_SAH)):
        hitung_shu(shu=D("1"), shu_anggota=D("1"), persen=Persentase(), anggota=[], satuan=1000)


def test_negative_volume_is_refused() -> None:
    with pytest.raises(SHUError, match=str(NILAI_NEGATIF)):
        hitung_shu(shu=D("1"), shu_anggota=D("1"), persen=Persentase(), anggota=[DataAnggota(1, volume=D("-1"))])


# --- properties -------------------------------------------------------------------------------

# No deadline: the suite runs beside others on a loaded machine; correctness, not speed, is tested.
SIFAT = settings(max_examples=200, deadline=None)
_uang = st.integers(min_value=0, max_value=10**13).map(lambda sen: Decimal(sen).scaleb(-2))
_anggota = st.lists(st.tuples(_uang, _uang), min_size=0, max_size=25)


@st.composite
def _persen(draw: st.DrawFn) -> Persentase:
    """Six non-negative percentages with two decimals totalling exactly 100, and a JUA/JMA split."""
    potong = sorted(draw(st.lists(st.integers(0, 10000), min_size=5, max_size=5)))
    batas = [0, *potong, 10000]
    bagian = [Decimal(b - a).scaleb(-2) for a, b in zip(batas, batas[1:], strict=False)]
    jua = Decimal(draw(st.integers(0, 10000))).scaleb(-2)
    return Persentase(*bagian, jua=jua, jma=Decimal(100) - jua)


def _data(rows: list[tuple[Decimal, Decimal]]) -> list[DataAnggota]:
    return [DataAnggota(i, volume=v, simpanan=s) for i, (v, s) in enumerate(rows, start=1)]


@SIFAT
@given(shu=_uang, porsi=st.integers(0, 100), persen=_persen(), rows=_anggota, satuan=st.sampled_from([1, 100]))
def test_shares_plus_remainder_equal_the_allocation_exactly(
    shu: Decimal, porsi: int, persen: Persentase, rows: list[tuple[Decimal, Decimal]], satuan: int
) -> None:
    hasil = hitung_shu(shu=shu, shu_anggota=shu * porsi / 100, persen=persen, anggota=_data(rows), satuan=satuan)
    a = hasil.alokasi

    assert a.jasa_anggota == a.jua + a.jma
    assert hasil.total_bagian + hasil.sisa_jasa_anggota == a.jasa_anggota
    assert a.cadangan + a.total_dana + hasil.total_bagian == shu
    assert a.sisa_pembulatan >= 0 and hasil.sisa_jasa_anggota >= 0
    for b in hasil.bagian:
        assert b.jasa_usaha >= 0 and b.jasa_modal >= 0
        assert b.jasa_usaha == b.jasa_usaha.to_integral_value() and b.total % satuan == 0


@SIFAT
@given(shu=_uang, persen=_persen(), rows=_anggota)
def test_a_member_with_no_volume_and_no_savings_gets_zero(
    shu: Decimal, persen: Persentase, rows: list[tuple[Decimal, Decimal]]
) -> None:
    data = [*_data(rows), DataAnggota(999)]
    hasil = hitung_shu(shu=shu, shu_anggota=shu, persen=persen, anggota=data)

    assert hasil.bagian[-1].total == 0


@SIFAT
@given(shu=_uang, persen=_persen(), rows=_anggota, satuan=st.sampled_from([1, 100]))
def test_doubling_every_members_volume_leaves_the_shares_unchanged(
    shu: Decimal, persen: Persentase, rows: list[tuple[Decimal, Decimal]], satuan: int
) -> None:
    sekali = hitung_shu(shu=shu, shu_anggota=shu, persen=persen, anggota=_data(rows), satuan=satuan)
    dua_kali = hitung_shu(
        shu=shu,
        shu_anggota=shu,
        persen=persen,
        anggota=[DataAnggota(d.anggota_id, d.volume * 2, d.simpanan) for d in _data(rows)],
        satuan=satuan,
    )

    assert [b.total for b in sekali.bagian] == [b.total for b in dua_kali.bagian]


@SIFAT
@given(shu=_uang, persen=_persen(), rows=_anggota)
def test_no_share_exceeds_its_exact_proportion(
    shu: Decimal, persen: Persentase, rows: list[tuple[Decimal, Decimal]]
) -> None:
    hasil = hitung_shu(shu=shu, shu_anggota=shu, persen=persen, anggota=_data(rows))
    for b in hasil.bagian:
        if hasil.vuk:
            assert b.jasa_usaha * hasil.vuk <= b.volume * hasil.alokasi.jua
        if hasil.tms:
            assert b.jasa_modal * hasil.tms <= b.simpanan * hasil.alokasi.jma


@SIFAT
@given(persen=_persen(), geser=st.integers(1, 500))
def test_percentages_not_totalling_100_are_refused(persen: Persentase, geser: int) -> None:
    from dataclasses import replace

    lebih = replace(persen, dana_sosial=persen.dana_sosial + Decimal(geser).scaleb(-2))
    if lebih.dana_sosial > 100:
        return
    with pytest.raises(SHUError, match="harus tepat 100%"):
        hitung_shu(shu=D("1000"), shu_anggota=D("1000"), persen=lebih, anggota=[])
