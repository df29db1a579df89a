"""The Dinas registry: filters, region scoping, audited create/edit, import and export."""

import csv
import io
from typing import Any

import pytest
from conftest import login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.province import registry
from gotong.province.models import PengurusKoperasi
from gotong.tenancy.models import JenisKoperasi, Koperasi, PeranDinas, StatusKoperasi, TingkatDinas

pytestmark = pytest.mark.django_db


@pytest.fixture
def kotaserang(db: Any) -> User:
    user = User.objects.create_user(username="dinas.kotaserang", password="x-" * 8, nama_lengkap="Dinas Kota Serang")
    PeranDinas.objects.create(user=user, tingkat=TingkatDinas.KABUPATEN, wilayah_kode="36.73")
    return user


@pytest.fixture
def manual(db: Any) -> Koperasi:
    return Koperasi.objects.create(
        kode="kud-lebak",
        nama="KUD Lebak Sejahtera",
        jenis=JenisKoperasi.SERBA_USAHA,
        kabupaten_kode="36.02",
        kecamatan_kode="36.02.01",
        status=StatusKoperasi.TIDAK_AKTIF,
        aktif=False,
        nik_koperasi="3602010170000001",
        nomor_badan_hukum="77/BH/2001",
    )


def _names(client: Client, **params: str) -> set[str]:
    page = client.get("/dinas/koperasi/", params).context["page"]
    return {k.nama for k in page}


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "nama": "Koperasi Baru Serang",
        "jenis": "konsumen",
        "pola": "konvensional",
        "status": "aktif",
        "nik_koperasi": "3673010170009999",
        "nomor_badan_hukum": "9/BH/2024",
        "kabupaten_kode": "36.73",
        "kecamatan_kode": "36.73.01",
        "desa_kode": "",
        "alamat": "Jl. Raya",
    }
    return {**data, **overrides}


def test_filters_narrow_the_registry(eka: User, maju: Koperasi, tani: Koperasi, manual: Koperasi) -> None:
    as_eka = login(eka)
    assert _names(as_eka) == {maju.nama, tani.nama, manual.nama}
    assert _names(as_eka, kabupaten="36.02") == {manual.nama}
    assert _names(as_eka, kabupaten="36.73", kecamatan="36.73.01") == {maju.nama}
    assert _names(as_eka, jenis="produsen") == {tani.nama}
    assert _names(as_eka, status="tidak_aktif") == {manual.nama}
    assert _names(as_eka, digital="0") == {manual.nama}
    assert _names(as_eka, digital="1") == {maju.nama, tani.nama}
    assert _names(as_eka, q="77/BH") == {manual.nama}
    assert _names(as_eka, q="3602010170000001") == {manual.nama}


def test_the_kota_serang_office_sees_only_kota_serang(kotaserang: User, maju: Koperasi, manual: Koperasi) -> None:
    as_ks = login(kotaserang)
    assert _names(as_ks) == {maju.nama}
    assert as_ks.get(f"/dinas/koperasi/{manual.pk}/").status_code == 404
    assert as_ks.get(f"/dinas/koperasi/{manual.pk}/ubah/").status_code == 404
    assert as_ks.get(f"/dinas/koperasi/{maju.pk}/").status_code == 200


def test_the_kota_serang_office_cannot_create_outside_its_region(kotaserang: User) -> None:
    response = login(kotaserang).post("/dinas/koperasi/baru/", _form(kabupaten_kode="36.02", kecamatan_kode=""))
    assert response.status_code == 200
    assert not Koperasi.objects.filter(nama="Koperasi Baru Serang").exists()


def test_create_is_audited_and_registry_only(eka: User) -> None:
    response = login(eka).post("/dinas/koperasi/baru/", _form())
    koperasi = Koperasi.objects.get(nama="Koperasi Baru Serang")
    assert response.status_code == 302
    assert not koperasi.digital and koperasi.aktif and koperasi.kode == "koperasi-baru-serang"
    assert AuditLog.objects.filter(aksi="registry.tambah", objek_id=str(koperasi.pk)).count() == 1


def test_edit_is_audited_with_only_the_changed_fields_and_keeps_aktif_in_sync(eka: User, manual: Koperasi) -> None:
    data = _form(
        nama=manual.nama,
        jenis="serba_usaha",
        kabupaten_kode="36.02",
        kecamatan_kode="36.02.01",
        nik_koperasi=manual.nik_koperasi,
        nomor_badan_hukum=manual.nomor_badan_hukum,
        alamat="",
        status="aktif",
    )
    assert login(eka).post(f"/dinas/koperasi/{manual.pk}/ubah/", data).status_code == 302
    manual.refresh_from_db()
    assert manual.status == "aktif" and manual.aktif
    log = AuditLog.objects.get(aksi="registry.ubah")
    assert log.sebelum == {"status": "tidak_aktif", "aktif": False}
    assert log.sesudah == {"status": "aktif", "aktif": True}


def test_create_refuses_a_short_nik_and_a_badan_hukum_used_in_the_province(eka: User, manual: Koperasi) -> None:
    as_eka = login(eka)
    response = as_eka.post("/dinas/koperasi/baru/", _form(nik_koperasi="12345"))
    assert str(registry.NIK_KOPERASI_BUKAN_16) in response.content.decode()
    response = as_eka.post("/dinas/koperasi/baru/", _form(nomor_badan_hukum="77/BH/2001"))
    expected = str(registry.BADAN_HUKUM_GANDA).format(nilai="77/BH/2001", nama=manual.nama)
    assert expected in response.content.decode()
    assert not Koperasi.objects.filter(nama="Koperasi Baru Serang").exists()


def test_pengurus_are_added_on_the_detail_page_and_audited(eka: User, manual: Koperasi) -> None:
    data = {"jabatan": "ketua", "nama": "H. Usman", "masa_mulai": "2022-01-01", "masa_akhir": "2026-12-31"}
    assert login(eka).post(f"/dinas/koperasi/{manual.pk}/", data).status_code == 302
    assert PengurusKoperasi.objects.get(koperasi=manual).nama == "H. Usman"
    assert AuditLog.objects.filter(aksi="registry.pengurus_tambah").count() == 1
    assert "H. Usman" in login(eka).get(f"/dinas/koperasi/{manual.pk}/").content.decode()


def test_export_opens_with_openpyxl_and_neutralises_formulas(eka: User, manual: Koperasi) -> None:
    Koperasi.objects.filter(pk=manual.pk).update(nama='=HYPERLINK("x")')
    response = login(eka).get("/dinas/koperasi/ekspor.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None
    values = [row[0] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert values == ['\'=HYPERLINK("x")']


# --- import -------------------------------------------------------------------------------


def _xlsx(rows: list[dict[str, str]]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(registry.KOLOM)
    for row in rows:
        ws.append([{**registry.CONTOH, **row}[k] for k in registry.KOLOM])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("register.xlsx", buf.getvalue())


def _csv(rows: list[dict[str, str]]) -> SimpleUploadedFile:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=registry.KOLOM)
    writer.writeheader()
    for row in rows:
        writer.writerow({**registry.CONTOH, **row})
    return SimpleUploadedFile("register.csv", buf.getvalue().encode())


def _ok(n: int) -> dict[str, str]:
    return {"nama": f"Koperasi Impor {n}", "nik_koperasi": f"36730101700000{n:02d}", "nomor_badan_hukum": f"{n}/BH"}


def test_the_template_has_the_columns_and_one_example_row(eka: User) -> None:
    ws = load_workbook(io.BytesIO(login(eka).get("/dinas/koperasi/impor/templat.xlsx").content)).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == registry.KOLOM and len(rows) == 2
    assert rows[1][registry.KOLOM.index("kabupaten_kode")] == "36.73"


def test_dry_run_then_commit_writes_every_row(eka: User) -> None:
    as_eka = login(eka)
    response = as_eka.post("/dinas/koperasi/impor/", {"berkas": _xlsx([_ok(1), _ok(2)])})
    assert response.context["bad"] == [] and len(response.context["good"]) == 2
    assert not Koperasi.objects.filter(nama__startswith="Koperasi Impor").exists()
    assert as_eka.post("/dinas/koperasi/impor/", {"aksi": "simpan"}).status_code == 302
    imported = Koperasi.objects.filter(nama__startswith="Koperasi Impor")
    assert imported.count() == 2 and not imported.filter(digital=True).exists()
    assert AuditLog.objects.filter(aksi="registry.tambah").count() == 2


def test_csv_is_read_as_well(eka: User) -> None:
    response = login(eka).post("/dinas/koperasi/impor/", {"berkas": _csv([_ok(1)])})
    assert response.context["bad"] == [] and response.context["good"][0]["nama"] == "Koperasi Impor 1"


def test_commit_rechecks_and_writes_nothing_if_the_registry_changed(eka: User) -> None:
    as_eka = login(eka)
    as_eka.post("/dinas/koperasi/impor/", {"berkas": _xlsx([_ok(1), _ok(2)])})
    Koperasi.objects.create(kode="x", nama="Sudah Ada", jenis="jasa", kabupaten_kode="36.73", nomor_badan_hukum="2/BH")
    response = as_eka.post("/dinas/koperasi/impor/", {"aksi": "simpan"})
    assert response.status_code == 200
    assert not Koperasi.objects.filter(nama__startswith="Koperasi Impor").exists()


def test_a_file_with_a_bad_row_cannot_be_committed(eka: User) -> None:
    as_eka = login(eka)
    response = as_eka.post("/dinas/koperasi/impor/", {"berkas": _xlsx([_ok(1), {**_ok(2), "nama": ""}])})
    assert len(response.context["bad"]) == 1
    as_eka.post("/dinas/koperasi/impor/", {"aksi": "simpan"})
    assert not Koperasi.objects.filter(nama__startswith="Koperasi Impor").exists()


def _msg(template: Any, **kw: object) -> str:
    return str(template).format(**kw)


def test_every_bad_row_is_listed_with_its_reason(eka: User, manual: Koperasi) -> None:
    rows = [
        _ok(1),
        {**_ok(2), "nama": ""},
        {**_ok(3), "kabupaten_kode": "36.99"},
        {**_ok(4), "kecamatan_kode": "36.02.01"},
        {**_ok(5), "desa_kode": "36.73.02.1001"},
        {**_ok(6), "nik_koperasi": "12345"},
        {**_ok(7), "nik_koperasi": _ok(1)["nik_koperasi"]},
        {**_ok(8), "nomor_badan_hukum": "1/BH"},
        {**_ok(9), "nik_koperasi": manual.nik_koperasi},
        {**_ok(10), "nomor_badan_hukum": manual.nomor_badan_hukum},
        {**_ok(11), "jenis": "bank"},
        {**_ok(12), "tanggal_badan_hukum": "31-02-2015"},
        {**_ok(13), "status": "tidur"},
    ]
    response = login(eka).post("/dinas/koperasi/impor/", {"berkas": _xlsx(rows)})
    bad = {b.baris: b.pesan for b in response.context["bad"]}
    assert bad == {
        3: [str(registry.NAMA_WAJIB)],
        4: [_msg(registry.KABUPATEN_TIDAK_DIKENAL, nilai="36.99")],
        5: [_msg(registry.KECAMATAN_TIDAK_DIKENAL, nilai="36.02.01")],
        6: [_msg(registry.DESA_TIDAK_DIKENAL, nilai="36.73.02.1001")],
        7: [str(registry.NIK_KOPERASI_BUKAN_16)],
        8: [_msg(registry.NIK_GANDA_DI_BERKAS, nilai=_ok(1)["nik_koperasi"], baris=2)],
        9: [_msg(registry.BADAN_HUKUM_GANDA_DI_BERKAS, nilai="1/BH", baris=2)],
        10: [_msg(registry.NIK_KOPERASI_GANDA, nilai=manual.nik_koperasi, nama=manual.nama)],
        11: [_msg(registry.BADAN_HUKUM_GANDA, nilai=manual.nomor_badan_hukum, nama=manual.nama)],
        12: [_msg(registry.JENIS_TIDAK_SAH, nilai="bank", pilihan=", ".join(JenisKoperasi.values))],
        13: [_msg(registry.TANGGAL_TIDAK_SAH, nilai="31-02-2015")],
        14: [_msg(registry.STATUS_TIDAK_SAH, nilai="tidur")],
    }
    html = response.content.decode()
    assert "Nama koperasi wajib diisi." in html


def test_the_kota_serang_office_cannot_import_into_another_region(kotaserang: User) -> None:
    response = login(kotaserang).post(
        "/dinas/koperasi/impor/",
        {"berkas": _xlsx([{**_ok(1), "kabupaten_kode": "36.02", "kecamatan_kode": "", "desa_kode": ""}])},
    )
    assert response.context["bad"][0].pesan == [_msg(registry.KABUPATEN_DI_LUAR_WILAYAH, nilai="Kabupaten Lebak")]


def test_a_file_that_is_not_a_spreadsheet_is_refused(eka: User) -> None:
    response = login(eka).post("/dinas/koperasi/impor/", {"berkas": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert str(registry.BERKAS_TIDAK_DIKENAL) in response.content.decode()
    response = login(eka).post("/dinas/koperasi/impor/", {"berkas": SimpleUploadedFile("a.csv", b"nama;alamat\nx;y\n")})
    assert _msg(registry.KOLOM_KURANG, kolom="jenis, kabupaten_kode") in response.content.decode()
