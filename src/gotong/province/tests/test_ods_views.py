"""Yearly figures screens: form, workflow, upload (dry run, all-or-nothing), region scoping."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from conftest import login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from gotong.accounts.models import User
from gotong.province import ods
from gotong.province.models import LaporanTahunan, StatusLaporan, SumberLaporan
from gotong.tenancy.models import JenisKoperasi, Koperasi, PeranDinas, TingkatDinas

pytestmark = pytest.mark.django_db

TAHUN = timezone.localdate().year - 1


@pytest.fixture
def kotaserang(db: Any) -> User:
    user = User.objects.create_user(username="dinas.kotaserang", password="x-" * 8, nama_lengkap="Dinas Kota Serang")
    PeranDinas.objects.create(user=user, tingkat=TingkatDinas.KABUPATEN, wilayah_kode="36.73")
    return user


@pytest.fixture
def lebak(db: Any) -> Koperasi:
    return Koperasi.objects.create(
        kode="kud-lebak",
        nama="KUD Lebak Sejahtera",
        jenis=JenisKoperasi.SERBA_USAHA,
        kabupaten_kode="36.02",
        nik_koperasi="3602010170000001",
        nomor_badan_hukum="77/BH/2001",
    )


@pytest.fixture
def serang(db: Any) -> Koperasi:
    return Koperasi.objects.create(
        kode="ksu-serang",
        nama="KSU Serang Mandiri",
        jenis=JenisKoperasi.SERBA_USAHA,
        kabupaten_kode="36.73",
        nik_koperasi="3673010170000002",
        nomor_badan_hukum="88/BH/2005",
    )


def _post(**overrides: str) -> dict[str, str]:
    data = {
        "tanggal_rat": f"{TAHUN + 1}-03-15" if dt.date(TAHUN + 1, 3, 15) <= timezone.localdate() else "",
        "anggota_pria": "120",
        "anggota_wanita": "135",
        "pengelola": "5",
        "karyawan": "3",
        "aset": "1.250.000.000",
        "kewajiban": "400.000.000",
        "modal_sendiri": "850.000.000",
        "modal_luar": "400.000.000",
        "volume_usaha": "2.100.000.000",
        "shu": "95.000.000",
        "aksi": "simpan",
    }
    return {**data, **overrides}


def test_the_officer_enters_a_draft_then_submits_on_the_form(eka: User, lebak: Koperasi) -> None:
    as_eka = login(eka)
    url = f"/dinas/koperasi/{lebak.pk}/laporan/isi/?tahun={TAHUN}"
    assert as_eka.get(url).status_code == 200
    response = as_eka.post(url, _post(aset="1.250.100.000", aksi="ajukan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Selisihnya Rp100.000 (aset lebih besar)." in html
    laporan = LaporanTahunan.objects.get(koperasi=lebak, tahun=TAHUN)
    assert laporan.status == StatusLaporan.DRAFT  # the draft was kept, the submit refused
    response = as_eka.post(url, _post(aksi="ajukan"))
    laporan.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == f"/dinas/laporan/{laporan.pk}/"
    assert laporan.status == StatusLaporan.DIAJUKAN and laporan.aset == Decimal("1250000000")
    assert laporan.sumber == SumberLaporan.DIISI


def test_bad_numbers_get_indonesian_messages(eka: User, lebak: Koperasi) -> None:
    response = login(eka).post(
        f"/dinas/koperasi/{lebak.pk}/laporan/isi/?tahun={TAHUN}", _post(aset="banyak", karyawan="-2")
    )
    html = response.content.decode()
    assert "Tulis jumlah rupiah seperti 1.250.000" in html
    assert not LaporanTahunan.objects.exists()
    response = login(eka).post(f"/dinas/koperasi/{lebak.pk}/laporan/isi/?tahun={TAHUN}", _post(karyawan="-2"))
    assert "Karyawan tidak boleh negatif." in response.content.decode()
    assert not LaporanTahunan.objects.exists()


def test_verify_and_return_on_the_detail_page(eka: User, lebak: Koperasi) -> None:
    laporan = LaporanTahunan.objects.create(koperasi=lebak, tahun=TAHUN, status=StatusLaporan.DIAJUKAN)
    as_eka = login(eka)
    url = f"/dinas/laporan/{laporan.pk}/"
    response = as_eka.post(url, {"aksi": "kembalikan", "komentar": ""})
    assert str(ods.KOMENTAR_WAJIB) in response.content.decode()
    response = as_eka.post(url, {"aksi": "kembalikan", "komentar": "Lampirkan berita acara RAT."})
    assert response.status_code == 302
    laporan.refresh_from_db()
    assert laporan.status == StatusLaporan.DIKEMBALIKAN
    html = as_eka.get(url).content.decode()
    assert "Lampirkan berita acara RAT." in html and "Eka Pratiwi" in html
    LaporanTahunan.objects.filter(pk=laporan.pk).update(status=StatusLaporan.DIAJUKAN)
    assert as_eka.post(url, {"aksi": "verifikasi", "komentar": ""}).status_code == 302
    laporan.refresh_from_db()
    assert laporan.status == StatusLaporan.DIVERIFIKASI and laporan.diperiksa_oleh == eka


def test_history_list_and_registry_detail_show_the_years(eka: User, lebak: Koperasi) -> None:
    LaporanTahunan.objects.create(koperasi=lebak, tahun=TAHUN, status=StatusLaporan.DIVERIFIKASI)
    LaporanTahunan.objects.create(koperasi=lebak, tahun=TAHUN - 1, status=StatusLaporan.DRAFT)
    as_eka = login(eka)
    html = as_eka.get(f"/dinas/koperasi/{lebak.pk}/laporan/").content.decode()
    assert str(TAHUN) in html and str(TAHUN - 1) in html and "Diverifikasi" in html
    assert f"/dinas/koperasi/{lebak.pk}/laporan/" in as_eka.get(f"/dinas/koperasi/{lebak.pk}/").content.decode()
    page = as_eka.get("/dinas/laporan/", {"tahun": TAHUN, "status": "diverifikasi"}).context["page"]
    assert [lap.koperasi for lap in page] == [lebak]
    assert not list(as_eka.get("/dinas/laporan/", {"tahun": TAHUN, "status": "draft"}).context["page"])


def test_a_kabupaten_officer_sees_only_its_regions_reports(kotaserang: User, lebak: Koperasi, serang: Koperasi) -> None:
    di_lebak = LaporanTahunan.objects.create(koperasi=lebak, tahun=TAHUN, status=StatusLaporan.DIAJUKAN)
    di_serang = LaporanTahunan.objects.create(koperasi=serang, tahun=TAHUN, status=StatusLaporan.DIAJUKAN)
    as_ks = login(kotaserang)
    assert as_ks.get(f"/dinas/laporan/{di_lebak.pk}/").status_code == 404
    assert as_ks.post(f"/dinas/laporan/{di_lebak.pk}/", {"aksi": "verifikasi"}).status_code == 404
    assert as_ks.get(f"/dinas/koperasi/{lebak.pk}/laporan/").status_code == 404
    assert as_ks.post(f"/dinas/koperasi/{lebak.pk}/laporan/isi/?tahun={TAHUN}", _post()).status_code == 404
    di_lebak.refresh_from_db()
    assert di_lebak.status == StatusLaporan.DIAJUKAN
    page = as_ks.get("/dinas/laporan/", {"tahun": TAHUN}).context["page"]
    assert [lap.pk for lap in page] == [di_serang.pk]
    assert as_ks.post(f"/dinas/laporan/{di_serang.pk}/", {"aksi": "verifikasi"}).status_code == 302


def test_a_cooperative_officer_gets_404(as_dedi: Client, lebak: Koperasi, tani: Koperasi) -> None:
    laporan = LaporanTahunan.objects.create(koperasi=tani, tahun=TAHUN, status=StatusLaporan.DIAJUKAN)
    for url in (
        "/dinas/laporan/",
        f"/dinas/laporan/{laporan.pk}/",
        f"/dinas/koperasi/{tani.pk}/laporan/",
        f"/dinas/koperasi/{tani.pk}/laporan/isi/",
        "/dinas/laporan/unggah/",
        "/dinas/rat/",
        "/dinas/rat/ekspor.xlsx",
    ):
        assert as_dedi.get(url).status_code == 404, url
    assert as_dedi.post(f"/dinas/laporan/{laporan.pk}/", {"aksi": "verifikasi"}).status_code == 404


def test_from_the_books_page_saves_a_draft_for_a_digital_cooperative(eka: User, maju: Koperasi) -> None:
    as_eka = login(eka)
    url = f"/dinas/koperasi/{maju.pk}/laporan/dari-buku/?tahun={TAHUN}"
    assert as_eka.get(url).status_code == 200
    response = as_eka.post(url)
    laporan = LaporanTahunan.objects.get(koperasi=maju, tahun=TAHUN)
    assert response.status_code == 302 and laporan.sumber == SumberLaporan.BUKU


# --- upload ----------------------------------------------------------------------------------


def _xlsx(rows: list[list[object]], header: list[str] | None = None) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header or ods.KOLOM)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("laporan.xlsx", buf.getvalue())


def _baris(nik: str, tahun: int = 2024, **overrides: object) -> list[object]:
    row: dict[str, object] = {**ods.CONTOH, "nik_koperasi": nik, "nomor_badan_hukum": "", "tahun": str(tahun)}
    row["tanggal_rat"] = f"15-03-{tahun + 1}"
    row.update(overrides)
    return [row[k] for k in ods.KOLOM]


def test_the_template_downloads_with_every_column(eka: User) -> None:
    response = login(eka).get("/dinas/laporan/unggah/templat.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None
    assert [c.value for c in ws[1]] == ods.KOLOM


def test_upload_dry_run_lists_every_bad_row_and_saves_nothing(
    eka: User, lebak: Koperasi, serang: Koperasi, maju: Koperasi
) -> None:
    Koperasi.objects.filter(pk=maju.pk).update(nik_koperasi="3673010170000009")
    LaporanTahunan.objects.create(koperasi=serang, tahun=2023, status=StatusLaporan.DIVERIFIKASI)
    rows = [
        _baris(lebak.nik_koperasi, 2024),  # good
        _baris("9999999999999999", 2024),  # unknown cooperative
        _baris(serang.nik_koperasi, 2024, aset="1"),  # unbalanced
        _baris(serang.nik_koperasi, 2023),  # already verified
        _baris(lebak.nik_koperasi, 2024),  # twice in the file
        _baris("3673010170000009", 2024),  # digital: from its books
        _baris(serang.nik_koperasi, 2022, anggota_pria="banyak", tanggal_rat="kemarin"),
        _baris(serang.nik_koperasi, 2021, tanggal_rat="01-06-2021"),  # RAT before year end
    ]
    as_eka = login(eka)
    response = as_eka.post("/dinas/laporan/unggah/", {"aksi": "periksa", "berkas": _xlsx(rows)})
    bad = {b.baris: b.pesan for b in response.context["bad"]}
    assert sorted(bad) == [3, 4, 5, 6, 7, 8, 9]
    assert bad[3] == [
        "Koperasi dengan NIK '9999999999999999' atau nomor badan hukum '' tidak ada di register wilayah Anda."
    ]
    assert "Selisihnya" in bad[4][0]
    assert bad[5] == ["Laporan KSU Serang Mandiri tahun 2023 sudah berstatus Diverifikasi; tidak bisa ditimpa."]
    assert bad[6] == ["KUD Lebak Sejahtera tahun 2024 juga ada di baris 2."]
    assert bad[7] == ["Koperasi Maju Bersama memakai Gotong: angkanya dihitung dari bukunya, tidak diunggah."]
    assert bad[8] == [
        "Tanggal RAT 'kemarin' tidak bisa dibaca; tulis seperti 15-03-2026.",
        "Anggota laki-laki 'banyak' bukan angka.",
    ]
    assert "ditolak: RAT tahun buku 2021 diadakan sesudah tahun buku berakhir" in bad[9][0]
    assert "dinas_unggah_ods" not in as_eka.session
    assert not LaporanTahunan.objects.filter(tahun=2024).exists()
    assert "Tidak ada yang disimpan" in response.content.decode()


def test_upload_commit_saves_and_submits_every_row(eka: User, lebak: Koperasi, serang: Koperasi) -> None:
    as_eka = login(eka)
    rows = [
        _baris(lebak.nik_koperasi, 2024),
        _baris("", 2024, nomor_badan_hukum=serang.nomor_badan_hukum, tanggal_rat="01-08-2025"),
    ]
    response = as_eka.post("/dinas/laporan/unggah/", {"aksi": "periksa", "berkas": _xlsx(rows)})
    assert response.context["bad"] == [] and len(response.context["good"]) == 2
    assert "dicatat terlambat" in response.content.decode()
    response = as_eka.post("/dinas/laporan/unggah/", {"aksi": "simpan"})
    assert response.status_code == 302
    saved = LaporanTahunan.objects.filter(tahun=2024).order_by("koperasi__nama")
    assert [(lap.koperasi, lap.status, lap.sumber) for lap in saved] == [
        (serang, StatusLaporan.DIAJUKAN, SumberLaporan.DIUNGGAH),
        (lebak, StatusLaporan.DIAJUKAN, SumberLaporan.DIUNGGAH),
    ]
    assert saved.get(koperasi=serang).tanggal_rat == dt.date(2025, 8, 1)
    assert as_eka.post("/dinas/laporan/unggah/", {"aksi": "simpan"}).status_code == 200  # nothing pending


def test_upload_commit_is_all_or_nothing_when_a_row_went_bad_meanwhile(
    eka: User, lebak: Koperasi, serang: Koperasi
) -> None:
    rows = [_baris(lebak.nik_koperasi, 2024), _baris(serang.nik_koperasi, 2024)]
    good, bad = ods.periksa_berkas([dict(zip(ods.KOLOM, [str(v) for v in r], strict=True)) for r in rows], wilayah="36")
    assert len(good) == 2 and not bad
    LaporanTahunan.objects.create(koperasi=serang, tahun=2024, status=StatusLaporan.DIVERIFIKASI)
    with pytest.raises(Exception, match="1 baris tidak lolos"):
        ods.unggah_simpan(
            rows=[dict(zip(ods.KOLOM, [str(v) for v in r], strict=True)) for r in rows], wilayah="36", actor=eka
        )
    assert not LaporanTahunan.objects.filter(koperasi=lebak).exists()


def test_a_kabupaten_officer_cannot_upload_for_another_region(kotaserang: User, lebak: Koperasi) -> None:
    response = login(kotaserang).post(
        "/dinas/laporan/unggah/", {"aksi": "periksa", "berkas": _xlsx([_baris(lebak.nik_koperasi)])}
    )
    assert "tidak ada di register wilayah Anda" in response.context["bad"][0].pesan[0]


def test_upload_refuses_a_file_without_the_columns(eka: User) -> None:
    response = login(eka).post("/dinas/laporan/unggah/", {"aksi": "periksa", "berkas": _xlsx([["x"]], header=["nama"])})
    assert "Kolom nik_koperasi/nomor_badan_hukum, tahun, tanggal_rat" in response.content.decode()
    csv = SimpleUploadedFile("laporan.csv", (";".join(ods.KOLOM) + "\n").encode())
    response = login(eka).post("/dinas/laporan/unggah/", {"aksi": "periksa", "berkas": csv})
    assert "Berkas tidak berisi baris data" in response.content.decode()
