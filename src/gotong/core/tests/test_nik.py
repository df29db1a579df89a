"""Every NIK rule, each with the message the applicant sees (gotong.core.nik)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gotong.core import nik, regions

# Kec. Serang, Kota Serang (36.73.01); Citra of the fixtures was born 5 August 1990.
KEC_SERANG = "36.73.01"
LAHIR = dt.date(1990, 8, 5)
NIK_PEREMPUAN = "3673014508900003"  # day 05 + 40 = 45
NIK_LAKI_LAKI = "3673010508900003"


def _message(value: str, **context: object) -> str:
    with pytest.raises(nik.NikError) as caught:
        nik.validate(value, **{"tanggal_lahir": None, "jenis_kelamin": None, **context})  # type: ignore[arg-type]
    return caught.value.message


@pytest.mark.parametrize(
    "value",
    ["", "367301450890003", "36730145089000031", "3673 0145 0890 003", "3673.01.450890.0003"],
    ids=["empty", "15-digits", "17-digits", "spaces", "dots"],
)
def test_a_nik_that_is_not_16_digits_is_refused(value: str) -> None:
    assert _message(value) == str(nik.NIK_BUKAN_16_ANGKA)


@pytest.mark.parametrize("value", ["36730145089O0003", "3673014508９00003", "ABCDEFGHIJKLMNOP"])
def test_a_nik_with_letters_or_non_ascii_digits_is_refused(value: str) -> None:
    assert _message(value) == str(nik.NIK_BUKAN_16_ANGKA)


@pytest.mark.parametrize(
    "value",
    ["9999994508900003", "3673994508900003", "3600004508900003"],
    ids=["no-province", "no-kecamatan", "kabupaten-not-kecamatan"],
)
def test_a_nik_whose_first_six_digits_are_not_a_real_kecamatan_is_refused(value: str) -> None:
    assert _message(value) == str(nik.NIK_WILAYAH_TIDAK_DIKENAL)


@pytest.mark.parametrize(
    "date_part",
    ["000890", "320890", "400890", "720890", "051390", "050090", "310290", "710290", "310490", "290201"],
    ids=[
        "day-00",
        "day-32",
        "day-40",
        "female-day-32",
        "month-13",
        "month-00",
        "31-february",
        "female-31-february",
        "31-april",
        "29-february-non-leap",
    ],
)
def test_a_nik_whose_date_part_is_not_a_date_is_refused(date_part: str) -> None:
    assert _message("367301" + date_part + "0003") == str(nik.NIK_TANGGAL_TIDAK_SAH)


def test_a_nik_born_on_29_february_of_a_leap_year_is_accepted() -> None:
    parts = nik.validate("3673012902880003", tanggal_lahir=dt.date(1988, 2, 29), jenis_kelamin="L")
    assert (parts.hari, parts.bulan, parts.tahun2) == (29, 2, 88)


def test_a_nik_whose_date_part_differs_from_the_birth_date_is_refused_naming_both_dates() -> None:
    message = _message(NIK_LAKI_LAKI, tanggal_lahir=dt.date(1990, 8, 6), jenis_kelamin="L")
    assert message == str(nik.NIK_TANGGAL_TIDAK_COCOK).format(nik_date="05-08-90", birth_date="06-08-90")


def test_a_womans_nik_carries_day_plus_40_and_passes_for_a_woman() -> None:
    parts = nik.validate(NIK_PEREMPUAN, tanggal_lahir=LAHIR, jenis_kelamin="P")
    assert parts.perempuan is True
    assert parts.hari == 5


def test_a_womans_nik_given_for_a_man_is_refused_with_the_sex_message() -> None:
    message = _message(NIK_PEREMPUAN, tanggal_lahir=LAHIR, jenis_kelamin="L")
    assert message == str(nik.NIK_JENIS_KELAMIN_TIDAK_COCOK).format(nik_sex="perempuan", chosen="laki-laki")


def test_a_mans_nik_given_for_a_woman_is_refused_with_the_sex_message() -> None:
    message = _message(NIK_LAKI_LAKI, tanggal_lahir=LAHIR, jenis_kelamin="P")
    assert message == str(nik.NIK_JENIS_KELAMIN_TIDAK_COCOK).format(nik_sex="laki-laki", chosen="perempuan")


def test_a_mans_nik_passes_for_a_man() -> None:
    parts = nik.validate(NIK_LAKI_LAKI, tanggal_lahir=LAHIR, jenis_kelamin="L")
    assert parts.perempuan is False


def test_a_nik_with_serial_0000_is_refused() -> None:
    assert _message("3673010508900000") == str(nik.NIK_URUT_NOL)


def test_the_region_part_is_read_as_a_dotted_kecamatan_code() -> None:
    assert nik.parse("3604050508900003").kecamatan_kode == "36.04.05"


def test_build_composes_a_nik_that_passes_every_rule() -> None:
    value = nik.build(KEC_SERANG, LAHIR, True, 3)
    assert value == NIK_PEREMPUAN
    nik.validate(value, tanggal_lahir=LAHIR, jenis_kelamin="P")


def _banten_kecamatan() -> list[str]:
    return [kec.kode for kab in regions.kabupaten_banten() for kec in regions.children(kab.kode)]


@given(
    kecamatan=st.sampled_from(_banten_kecamatan()),
    lahir=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    perempuan=st.booleans(),
    urut=st.integers(min_value=1, max_value=9999),
)
def test_every_built_nik_parses_back_to_its_parts_and_validates(
    kecamatan: str, lahir: dt.date, perempuan: bool, urut: int
) -> None:
    value = nik.build(kecamatan, lahir, perempuan, urut)
    parts = nik.validate(value, tanggal_lahir=lahir, jenis_kelamin="P" if perempuan else "L")
    assert len(value) == 16
    assert parts == nik.NikParts(
        kecamatan_kode=kecamatan,
        hari=lahir.day,
        bulan=lahir.month,
        tahun2=lahir.year % 100,
        perempuan=perempuan,
        urut=f"{urut:04d}",
    )


@given(
    kecamatan=st.sampled_from(_banten_kecamatan()),
    lahir=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    perempuan=st.booleans(),
)
def test_every_built_nik_is_refused_for_the_other_sex(kecamatan: str, lahir: dt.date, perempuan: bool) -> None:
    value = nik.build(kecamatan, lahir, perempuan, 1)
    with pytest.raises(nik.NikError) as caught:
        nik.validate(value, tanggal_lahir=lahir, jenis_kelamin="L" if perempuan else "P")
    sexes = ("perempuan", "laki-laki") if perempuan else ("laki-laki", "perempuan")
    assert caught.value.message == str(nik.NIK_JENIS_KELAMIN_TIDAK_COCOK).format(nik_sex=sexes[0], chosen=sexes[1])


def test_the_banten_sample_holds_real_kecamatan_of_every_kabupaten() -> None:
    codes = _banten_kecamatan()
    assert len({c[:5] for c in codes}) == 8
    assert all(regions.is_level(c, 3) for c in codes)
