"""The public application form (PendaftaranForm): every bad input names its field and its fix."""

import datetime as dt
import io
import os
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from gotong.core import nik as nik_rules
from gotong.members import forms
from gotong.members.tests.helpers import KAB, KEC, LAHIR, build_nik, form_data, image_bytes, ktp_upload


def _form(**overrides: Any) -> forms.PendaftaranForm:
    data = form_data(**overrides)
    files = {"foto_ktp": data.pop("foto_ktp")} if "foto_ktp" in data else {}
    return forms.PendaftaranForm(data, files)


def _errors(field: str, **overrides: Any) -> list[str]:
    form = _form(**overrides)
    assert not form.is_valid()
    return [str(e) for e in form.errors.get(field, [])]


def _years_ago(years: int, today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def test_a_complete_application_is_valid_and_normalises_nik_and_phone() -> None:
    nik = build_nik()
    form = _form(nik=f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}", telepon="+62 812-3456-7890")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["nik"] == nik
    assert form.cleaned_data["telepon"] == "081234567890"
    assert "persetujuan" not in form.service_data()
    assert "foto_ktp" not in form.service_data()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_ktp_photo_in_jpeg_or_png_is_accepted(fmt: str) -> None:
    form = _form(foto_ktp=ktp_upload(fmt))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("36730117039200", nik_rules.NIK_BUKAN_16_ANGKA),
        ("36730117039200011", nik_rules.NIK_BUKAN_16_ANGKA),
        ("36730117O3920001", nik_rules.NIK_BUKAN_16_ANGKA),
        ("9999991703920001", nik_rules.NIK_WILAYAH_TIDAK_DIKENAL),
        ("3673013203920001", nik_rules.NIK_TANGGAL_TIDAK_SAH),
        ("3673011703920000", nik_rules.NIK_URUT_NOL),
    ],
    ids=["too-short", "too-long", "letter-o", "unknown-kecamatan", "day-32", "serial-0000"],
)
def test_a_malformed_nik_shows_its_rule(value: str, message: object) -> None:
    assert _errors("nik", nik=value) == [str(message)]


def test_a_nik_whose_date_differs_from_the_birth_date_is_refused_on_the_nik_field() -> None:
    errors = _errors("nik", tanggal_lahir="1992-03-18")
    assert errors == [str(nik_rules.NIK_TANGGAL_TIDAK_COCOK).format(nik_date="17-03-92", birth_date="18-03-92")]


def test_a_womans_nik_for_an_applicant_who_chose_male_is_refused() -> None:
    errors = _errors("nik", nik=build_nik(perempuan=True), jenis_kelamin="L")
    assert errors == [str(nik_rules.NIK_JENIS_KELAMIN_TIDAK_COCOK).format(nik_sex="perempuan", chosen="laki-laki")]


def test_a_woman_applies_with_her_day_plus_40_nik() -> None:
    form = _form(nik=build_nik(perempuan=True), jenis_kelamin="P", nama="Siti Aminah")
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    "value", ["367301170392000", "36730117039200011", "3673O11703920001", "３６７３０１１７０３９２０００１"]
)
def test_a_kk_number_that_is_not_16_digits_is_refused(value: str) -> None:
    assert _errors("nomor_kk", nomor_kk=value) == [str(nik_rules.KK_BUKAN_16_ANGKA)]


@pytest.mark.parametrize(
    "value", ["12345", "0212345678", "0812345", "08123456789012", "telepon saya", "+1 812 3456 7890"]
)
def test_an_invalid_phone_number_is_refused(value: str) -> None:
    assert _errors("telepon", telepon=value) == [str(forms.TELEPON_TIDAK_SAH)]


def test_an_applicant_under_17_is_refused() -> None:
    today = timezone.localdate()
    lahir = _years_ago(17, today) + dt.timedelta(days=1)
    errors = _errors("tanggal_lahir", tanggal_lahir=lahir.isoformat(), nik=build_nik(lahir=lahir))
    assert errors == [str(forms.USIA_KURANG)]


def test_an_applicant_who_turns_17_today_is_accepted() -> None:
    lahir = _years_ago(17, timezone.localdate())
    form = _form(tanggal_lahir=lahir.isoformat(), nik=build_nik(lahir=lahir))
    assert form.is_valid(), form.errors


def test_a_birth_date_in_the_future_is_refused() -> None:
    lahir = timezone.localdate() + dt.timedelta(days=1)
    errors = _errors("tanggal_lahir", tanggal_lahir=lahir.isoformat(), nik=build_nik(lahir=lahir))
    assert errors == [str(forms.TANGGAL_LAHIR_MASA_DEPAN)]


def test_a_birth_date_may_be_typed_the_indonesian_way() -> None:
    form = _form(tanggal_lahir="17-03-1992")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tanggal_lahir"] == LAHIR


def test_a_text_file_renamed_jpg_is_refused_as_not_an_image() -> None:
    upload = ktp_upload(name="ktp.jpg", content=b"ini bukan foto, hanya teks")
    assert _errors("foto_ktp", foto_ktp=upload) == [str(forms.KTP_BUKAN_GAMBAR)]


def test_a_gif_image_is_refused_because_only_jpeg_and_png_are_accepted() -> None:
    assert _errors("foto_ktp", foto_ktp=ktp_upload("GIF")) == [str(forms.KTP_BUKAN_GAMBAR)]


def test_a_gif_renamed_png_is_refused_because_the_content_is_checked() -> None:
    upload = ktp_upload(name="ktp.png", content=image_bytes("GIF"))
    assert _errors("foto_ktp", foto_ktp=upload) == [str(forms.KTP_BUKAN_GAMBAR)]


def test_a_ktp_photo_larger_than_the_limit_is_refused_with_its_size(settings: Any) -> None:
    settings.GOTONG_KTP_MAX_BYTES = 1024 * 1024
    noise = Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3))
    buf = io.BytesIO()
    noise.save(buf, format="PNG")
    size = len(buf.getvalue())
    assert size > settings.GOTONG_KTP_MAX_BYTES
    errors = _errors("foto_ktp", foto_ktp=ktp_upload(name="besar.png", content=buf.getvalue()))
    shown = f"{size / 1048576:.1f}".replace(".", ",") + " MB"  # Indonesian decimal comma
    assert errors == [str(forms.KTP_TERLALU_BESAR).format(size=shown, max="1 MB")]


def test_a_missing_ktp_photo_is_refused() -> None:
    assert _errors("foto_ktp", foto_ktp=None) == [str(forms.KTP_WAJIB)]


def test_an_application_without_consent_is_refused() -> None:
    assert _errors("persetujuan", persetujuan=None) == [str(forms.PERSETUJUAN_WAJIB)]


def test_a_kabupaten_outside_banten_is_refused() -> None:
    errors = _errors("kabupaten_kode", kabupaten_kode="32.01", kecamatan_kode="", desa_kode="")
    assert errors == [str(forms.KABUPATEN_TIDAK_SAH)]


def test_a_kecamatan_outside_the_chosen_kabupaten_is_refused() -> None:
    # 36.04.05 Kramatwatu is in Kabupaten Serang, not Kota Serang (36.73).
    errors = _errors("kecamatan_kode", kabupaten_kode=KAB, kecamatan_kode="36.04.05", desa_kode="36.04.05.2001")
    assert errors == [str(forms.KECAMATAN_TIDAK_COCOK)]


def test_a_desa_outside_the_chosen_kecamatan_is_refused() -> None:
    # 36.73.02.1001 is in Kasemen, not in Kec. Serang (36.73.01).
    errors = _errors("desa_kode", kecamatan_kode=KEC, desa_kode="36.73.02.1001")
    assert errors == [str(forms.DESA_TIDAK_COCOK)]


@pytest.mark.parametrize("field", ["nama", "tempat_lahir", "alamat", "pekerjaan", "jenis_kelamin", "tanggal_lahir"])
def test_a_missing_required_field_says_it_is_required(field: str) -> None:
    assert _errors(field, **{field: ""}) == ["Bagian ini wajib diisi."]


def test_email_may_be_left_empty() -> None:
    form = _form(email="")
    assert form.is_valid(), form.errors


def test_the_kecamatan_list_offers_only_kecamatan_of_the_chosen_kabupaten() -> None:
    form = _form()
    kecamatan = {code for code, _label in form.fields["kecamatan_kode"].choices if code}
    desa = {code for code, _label in form.fields["desa_kode"].choices if code}
    assert kecamatan and all(code.startswith(KAB + ".") for code in kecamatan)
    assert desa and all(code.startswith(KEC + ".") for code in desa)
