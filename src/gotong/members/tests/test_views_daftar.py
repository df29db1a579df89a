"""The public application page /k/<kode>/daftar/: apply, see the status, nothing half-saved."""

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from gotong.core import nik as nik_rules
from gotong.core.models import AuditLog
from gotong.members import forms
from gotong.members.models import Anggota, RiwayatStatus, StatusAnggota
from gotong.members.services import NIK_SUDAH_TERDAFTAR
from gotong.members.tests.helpers import KAB, KEC, build_nik, form_data, image_bytes, ktp_upload, make_anggota
from gotong.notifications.models import Pesan, Saluran
from gotong.tenancy.models import Koperasi

URL = "/k/maju-bersama/daftar/"


def _post(client: Client, url: str = URL, **overrides: Any) -> Any:
    return client.post(url, form_data(**overrides))


def _stored_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _assert_nothing_saved(settings: Any, anggota_before: int = 0) -> None:
    assert Anggota.objects.count() == anggota_before
    assert Pesan.objects.count() == 0
    assert AuditLog.objects.count() == 0
    assert RiwayatStatus.objects.count() == 0
    assert _stored_files(settings) == []


def test_the_form_offers_the_kabupaten_of_banten(client: Client, maju: Koperasi) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert "Koperasi Maju Bersama" in response.content.decode()
    assert '<option value="36.73">Kota Serang</option>' in response.content.decode()


def test_a_valid_application_creates_one_calon_anggota_and_shows_it_is_waiting(
    client: Client, maju: Koperasi, settings: Any
) -> None:
    response = _post(client, foto_ktp=ktp_upload("JPEG"))

    anggota = Anggota.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/k/maju-bersama/daftar/status/{anggota.token_status}/"
    assert anggota.koperasi == maju
    assert anggota.status == StatusAnggota.CALON
    assert anggota.nomor_anggota is None
    assert anggota.nik == build_nik()
    assert anggota.telepon == "081234567890"
    assert anggota.tanggal_daftar == timezone.localdate()
    assert anggota.persetujuan_pada is not None
    assert anggota.foto_ktp.name.startswith(f"ktp/{maju.pk}/")
    assert len(_stored_files(settings)) == 1

    status_page = client.get(response["Location"])
    assert status_page.status_code == 200
    assert "menunggu" in status_page.content.decode()
    assert "Rudi Hartono" in status_page.content.decode()


def test_a_valid_application_records_its_history_audit_and_confirmation(client: Client, maju: Koperasi) -> None:
    _post(client)
    anggota = Anggota.objects.get()
    assert list(anggota.riwayat.values_list("dari", "ke")) == [("", StatusAnggota.CALON)]
    log = AuditLog.objects.get()
    assert (log.aksi, log.koperasi, log.aktor, log.objek_id) == ("anggota.daftar", maju, None, str(anggota.pk))
    assert log.sesudah["nik"] == anggota.nik
    pesan = Pesan.objects.get()
    assert (pesan.saluran, pesan.tujuan, pesan.koperasi) == (Saluran.EMAIL, "rudi@contoh.id", maju)
    assert "Koperasi Maju Bersama" in pesan.subjek


def test_a_png_ktp_photo_is_accepted_as_well(client: Client, maju: Koperasi) -> None:
    assert _post(client, foto_ktp=ktp_upload("PNG")).status_code == 302
    assert Anggota.objects.count() == 1


def _too_big_png() -> Any:
    buf = io.BytesIO()
    Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3)).save(buf, format="PNG")
    return ktp_upload(name="besar.png", content=buf.getvalue())


def _future() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=3)


def _sixteen() -> dt.date:
    today = timezone.localdate()
    return dt.date(today.year - 16, 1, 1) if (today.month, today.day) != (1, 1) else dt.date(today.year - 16, 1, 2)


BAD_INPUTS: list[tuple[str, Any, object]] = [
    ("nik-short", lambda: {"nik": "367301170392"}, nik_rules.NIK_BUKAN_16_ANGKA),
    ("nik-letters", lambda: {"nik": "36730117039200O1"}, nik_rules.NIK_BUKAN_16_ANGKA),
    ("nik-unknown-kecamatan", lambda: {"nik": "9999991703920001"}, nik_rules.NIK_WILAYAH_TIDAK_DIKENAL),
    ("nik-invalid-date", lambda: {"nik": "3673013113920001"}, nik_rules.NIK_TANGGAL_TIDAK_SAH),
    ("nik-serial-0000", lambda: {"nik": "3673011703920000"}, nik_rules.NIK_URUT_NOL),
    (
        "nik-other-birth-date",
        lambda: {"tanggal_lahir": "1992-03-18"},
        str(nik_rules.NIK_TANGGAL_TIDAK_COCOK).format(nik_date="17-03-92", birth_date="18-03-92"),
    ),
    (
        "nik-of-a-woman-for-a-man",
        lambda: {"nik": build_nik(perempuan=True)},
        str(nik_rules.NIK_JENIS_KELAMIN_TIDAK_COCOK).format(nik_sex="perempuan", chosen="laki-laki"),
    ),
    (
        "nik-of-a-man-for-a-woman",
        lambda: {"jenis_kelamin": "P"},
        str(nik_rules.NIK_JENIS_KELAMIN_TIDAK_COCOK).format(nik_sex="laki-laki", chosen="perempuan"),
    ),
    ("kk-15-digits", lambda: {"nomor_kk": "367301170392000"}, nik_rules.KK_BUKAN_16_ANGKA),
    ("kk-17-digits", lambda: {"nomor_kk": "36730117039200011"}, nik_rules.KK_BUKAN_16_ANGKA),
    ("phone", lambda: {"telepon": "0212345"}, forms.TELEPON_TIDAK_SAH),
    (
        "under-17",
        lambda: {"tanggal_lahir": _sixteen().isoformat(), "nik": build_nik(lahir=_sixteen())},
        forms.USIA_KURANG,
    ),
    (
        "born-in-future",
        lambda: {"tanggal_lahir": _future().isoformat(), "nik": build_nik(lahir=_future())},
        forms.TANGGAL_LAHIR_MASA_DEPAN,
    ),
    (
        "ktp-text-renamed-jpg",
        lambda: {"foto_ktp": ktp_upload(name="ktp.jpg", content=b"bukan gambar sama sekali")},
        forms.KTP_BUKAN_GAMBAR,
    ),
    ("ktp-gif", lambda: {"foto_ktp": ktp_upload("GIF")}, forms.KTP_BUKAN_GAMBAR),
    (
        "ktp-gif-renamed-png",
        lambda: {"foto_ktp": ktp_upload(name="k.png", content=image_bytes("GIF"))},
        forms.KTP_BUKAN_GAMBAR,
    ),
    ("ktp-missing", lambda: {"foto_ktp": None}, forms.KTP_WAJIB),
    ("no-consent", lambda: {"persetujuan": None}, forms.PERSETUJUAN_WAJIB),
    (
        "kecamatan-of-another-kabupaten",
        lambda: {"kecamatan_kode": "36.04.05", "desa_kode": "36.04.05.2001"},
        forms.KECAMATAN_TIDAK_COCOK,
    ),
    ("desa-of-another-kecamatan", lambda: {"desa_kode": "36.73.02.1001"}, forms.DESA_TIDAK_COCOK),
    ("kabupaten-outside-banten", lambda: {"kabupaten_kode": "32.73"}, forms.KABUPATEN_TIDAK_SAH),
]


@pytest.mark.parametrize(("case", "overrides", "message"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_a_bad_input_shows_its_message_and_saves_nothing(
    client: Client, maju: Koperasi, settings: Any, case: str, overrides: Any, message: object
) -> None:
    response = _post(client, **overrides())
    assert response.status_code == 200
    assert escape(str(message)) in response.content.decode()
    _assert_nothing_saved(settings)


def test_a_ktp_photo_over_the_size_limit_shows_its_message_and_saves_nothing(
    client: Client, maju: Koperasi, settings: Any
) -> None:
    settings.GOTONG_KTP_MAX_BYTES = 64 * 1024
    response = _post(client, foto_ktp=_too_big_png())
    assert response.status_code == 200
    assert "Foto KTP terlalu besar" in response.content.decode()
    assert "Maksimal" in response.content.decode()
    _assert_nothing_saved(settings)


def test_the_form_keeps_what_was_typed_after_an_error(client: Client, maju: Koperasi) -> None:
    response = _post(client, telepon="12", nama="Rudi Hartono Wibisono", pekerjaan="Nelayan")
    html = response.content.decode()
    assert 'value="Rudi Hartono Wibisono"' in html
    assert 'value="Nelayan"' in html
    assert f'value="{build_nik()}"' in html
    assert f'<option value="{KEC}" selected>' in html
    assert f'<option value="{KAB}" selected>' in html


def test_a_nik_already_active_in_the_koperasi_is_refused(
    client: Client, maju: Koperasi, citra_anggota: Anggota, settings: Any
) -> None:
    response = _post(client, nik=citra_anggota.nik, tanggal_lahir="1990-08-05", jenis_kelamin="P", nama="Citra Lagi")
    assert response.status_code == 200
    assert escape(str(NIK_SUDAH_TERDAFTAR).format(koperasi=maju.nama)) in response.content.decode()
    assert Anggota.objects.count() == 1
    assert Pesan.objects.count() == 0
    assert AuditLog.objects.count() == 0
    assert _stored_files(settings) == []


def test_a_nik_with_a_pending_application_in_the_koperasi_is_refused(client: Client, maju: Koperasi) -> None:
    assert _post(client).status_code == 302
    response = _post(client, nama="Rudi Mendaftar Lagi")
    assert escape(str(NIK_SUDAH_TERDAFTAR).format(koperasi=maju.nama)) in response.content.decode()
    assert Anggota.objects.count() == 1


def test_a_rejected_applicant_may_apply_again(client: Client, maju: Koperasi) -> None:
    make_anggota(maju, nik=build_nik(), status=StatusAnggota.DITOLAK, alasan_penolakan="Foto KTP buram")
    assert _post(client).status_code == 302
    assert Anggota.objects.filter(nik=build_nik(), status=StatusAnggota.CALON).count() == 1


def test_the_same_nik_may_apply_to_another_koperasi(
    client: Client, maju: Koperasi, tani: Koperasi, citra_anggota: Anggota
) -> None:
    response = _post(
        client, url="/k/tani-makmur/daftar/", nik=citra_anggota.nik, tanggal_lahir="1990-08-05", jenis_kelamin="P"
    )
    assert response.status_code == 302
    assert Anggota.objects.filter(nik=citra_anggota.nik, koperasi=tani, status=StatusAnggota.CALON).exists()


def test_the_status_page_of_another_koperasi_does_not_show_the_application(
    client: Client, maju: Koperasi, tani: Koperasi
) -> None:
    _post(client)
    token = Anggota.objects.get().token_status
    assert client.get(f"/k/maju-bersama/daftar/status/{token}/").status_code == 200
    assert client.get(f"/k/tani-makmur/daftar/status/{token}/").status_code == 404


def test_the_region_endpoint_lists_the_kecamatan_of_a_kabupaten(client: Client) -> None:
    response = client.get("/wilayah/pilihan/", {"untuk": "kecamatan_kode", "kabupaten_kode": KAB})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="36.73.01">Serang</option>' in html
    assert '<option value="36.73.02">Kasemen</option>' in html
    assert "36.04.05" not in html
    assert html.count("<option") == 1 + 6  # "— pilih —" and the six kecamatan of Kota Serang


def test_the_region_endpoint_lists_the_desa_of_a_kecamatan(client: Client) -> None:
    response = client.get("/wilayah/pilihan/", {"untuk": "desa_kode", "kecamatan_kode": KEC})
    html = response.content.decode()
    assert '<option value="36.73.01.1002">Cipare</option>' in html
    assert "36.73.02.1001" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"untuk": "kecamatan_kode", "kabupaten_kode": "99.99"},
        {"untuk": "desa_kode"},
        {"untuk": "password", "kabupaten_kode": KAB},
    ],
)
def test_the_region_endpoint_offers_nothing_for_an_unknown_parent(client: Client, params: dict[str, str]) -> None:
    html = client.get("/wilayah/pilihan/", params).content.decode()
    assert html.count("<option") == 1
