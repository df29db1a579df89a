import datetime as dt
from typing import Any

import pytest
from conftest import login
from django.test import Client

from gotong.accounts.models import User
from gotong.tenancy.models import Koperasi, PeranDinas, TingkatDinas
from gotong.training import services
from gotong.training.forms import KOPERASI_WAJIB
from gotong.training.models import Kegiatan, Pendampingan, Peserta, StatusKegiatan, StatusTindakLanjut
from gotong.training.tests.helpers import make_kegiatan, peserta_data

pytestmark = pytest.mark.django_db


def _officer(username: str, wilayah: str) -> User:
    user = User.objects.create_user(username=username, password="x-" * 8, nama_lengkap=username.title())
    PeranDinas.objects.create(user=user, tingkat=TingkatDinas.KABUPATEN, wilayah_kode=wilayah)
    return user


@pytest.fixture
def fajar(db: Any) -> User:
    """Officer of Kota Serang (36.73), where Koperasi Maju Bersama sits."""
    return _officer("fajar", "36.73")


@pytest.fixture
def gita(db: Any) -> User:
    """Officer of Kabupaten Pandeglang (36.01): outside Kota Serang."""
    return _officer("gita", "36.01")


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "jenis": "pelatihan",
        "judul": "Pelatihan Pembukuan Koperasi",
        "deskripsi": "Dasar jurnal dan neraca",
        "mulai": "2026-12-10T09:00",
        "selesai": "2026-12-10T15:00",
        "tempat": "Aula Dinas Kota Serang",
        "tautan_daring": "",
        "kapasitas": "30",
        "sasaran": "Bendahara koperasi",
        "status": "terbuka",
    }
    data.update(overrides)
    return data


def test_a_kabupaten_officer_creates_an_event_for_his_region(fajar: User) -> None:
    response = login(fajar).post("/dinas/pelatihan/baru/", _form())
    kegiatan = Kegiatan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dinas/pelatihan/{kegiatan.pk}/"
    assert kegiatan.wilayah_kode == "36.73"
    assert kegiatan.mulai == dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC)  # 09.00 WIB


def test_the_event_form_keeps_what_was_typed_and_explains_errors(fajar: User) -> None:
    html = login(fajar).post("/dinas/pelatihan/baru/", _form(selesai="2026-12-09T09:00", tempat="")).content.decode()
    assert "Waktu selesai harus sesudah waktu mulai." in html and "Isi tempat atau tautan daring." in html
    assert "Pelatihan Pembukuan Koperasi" in html and not Kegiatan.objects.exists()


def test_an_event_can_be_edited(fajar: User) -> None:
    kegiatan = make_kegiatan("36.73", kapasitas=30, tempat="Aula")
    response = login(fajar).post(f"/dinas/pelatihan/{kegiatan.pk}/ubah/", _form(judul="Judul baru"))
    assert response.status_code == 302
    assert Kegiatan.objects.get().judul == "Judul baru"


def test_the_province_sees_every_event_and_a_kabupaten_only_its_own(eka: User, fajar: User, gita: User) -> None:
    make_kegiatan("36", judul="Webinar Provinsi")
    make_kegiatan("36.73", judul="Bimtek Kota Serang")
    make_kegiatan("36.01", judul="Pelatihan Pandeglang")
    provinsi = login(eka).get("/dinas/pelatihan/").content.decode()
    serang = login(fajar).get("/dinas/pelatihan/").content.decode()
    assert all(j in provinsi for j in ("Webinar Provinsi", "Bimtek Kota Serang", "Pelatihan Pandeglang"))
    assert "Bimtek Kota Serang" in serang
    assert "Webinar Provinsi" not in serang and "Pelatihan Pandeglang" not in serang


def test_event_pages_are_404_outside_the_region_and_for_outsiders(gita: User, ani: User, maju: Koperasi) -> None:
    kegiatan = make_kegiatan("36.73")
    peserta = services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(1, maju))
    services.kehadiran_qr(peserta=peserta, aktor=None)
    services.sertifikat_terbitkan(kegiatan=kegiatan, aktor=None)
    urls = [
        f"/dinas/pelatihan/{kegiatan.pk}/",
        f"/dinas/pelatihan/{kegiatan.pk}/ubah/",
        f"/dinas/pelatihan/{kegiatan.pk}/sertifikat.pdf",
        f"/dinas/pelatihan/hadir/{peserta.token}/",
    ]
    for client in (login(gita), login(ani)):
        for url in urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"aksi": "kehadiran", "tampil": [peserta.pk]}).status_code == 404, url
    assert Peserta.objects.get().hadir_pada is not None


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    kegiatan = make_kegiatan()
    response = client.get(f"/dinas/pelatihan/{kegiatan.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_the_public_page_registers_and_shows_the_check_in_qr(client: Client, maju: Koperasi) -> None:
    kegiatan = make_kegiatan()
    page = client.get(f"/pelatihan/{kegiatan.token}/").content.decode()
    assert "Koperasi Maju Bersama" in page and "Sisa tempat: 120." in page
    data = {"nama": "Sari Dewi", "telepon": "0812-1111-2222", "koperasi": maju.pk, "peran": "pengawas"}
    response = client.post(f"/pelatihan/{kegiatan.token}/", data)
    peserta = Peserta.objects.get()
    assert response["Location"] == f"/pelatihan/peserta/{peserta.token}/"
    assert (peserta.telepon, peserta.koperasi, peserta.peran) == ("081211112222", maju, "pengawas")
    html = client.get(response["Location"]).content.decode()
    assert "Pendaftaran Anda diterima" in html and "<svg" in html


def test_a_participant_from_an_unlisted_koperasi_types_its_name(client: Client) -> None:
    kegiatan = make_kegiatan()
    data = {"nama": "Joko", "telepon": "081299998888", "koperasi": "", "peran": "anggota"}
    assert KOPERASI_WAJIB in client.post(f"/pelatihan/{kegiatan.token}/", data).content.decode()
    client.post(f"/pelatihan/{kegiatan.token}/", {**data, "koperasi_lainnya": "KUD Sejahtera"})
    assert Peserta.objects.get().nama_koperasi == "KUD Sejahtera"


def test_the_public_page_refuses_a_duplicate_phone_and_a_full_event(client: Client) -> None:
    kegiatan = make_kegiatan(kapasitas=1)
    data = {"nama": "Joko", "telepon": "081299998888", "koperasi_lainnya": "KUD A", "peran": "anggota"}
    client.post(f"/pelatihan/{kegiatan.token}/", data)
    Kegiatan.objects.filter(pk=kegiatan.pk).update(kapasitas=2)
    assert services.TELEPON_SUDAH_TERDAFTAR in client.post(f"/pelatihan/{kegiatan.token}/", data).content.decode()
    Kegiatan.objects.filter(pk=kegiatan.pk).update(kapasitas=1)
    html = client.post(f"/pelatihan/{kegiatan.token}/", {**data, "telepon": "081277776666"}).content.decode()
    assert services.KUOTA_PENUH in html and Peserta.objects.count() == 1


def test_a_draft_event_has_no_public_page(client: Client) -> None:
    kegiatan = make_kegiatan(status=StatusKegiatan.DRAFT)
    assert client.get(f"/pelatihan/{kegiatan.token}/").status_code == 404


def test_scanning_the_qr_lets_an_officer_of_the_region_mark_attendance(fajar: User, maju: Koperasi) -> None:
    peserta = services.peserta_daftar(kegiatan=make_kegiatan("36.73"), data=peserta_data(1, maju))
    as_fajar = login(fajar)
    url = f"/dinas/pelatihan/hadir/{peserta.token}/"
    assert peserta.nama in as_fajar.get(url).content.decode()
    assert as_fajar.post(url).status_code == 302
    assert Peserta.objects.get().hadir_pada is not None


def test_attendance_list_and_certificates_from_the_staff_page(eka: User, client: Client) -> None:
    kegiatan = make_kegiatan()
    p1, p2 = (services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(i)) for i in (1, 2))
    as_eka = login(eka)
    url = f"/dinas/pelatihan/{kegiatan.pk}/"
    as_eka.post(url, {"aksi": "kehadiran", "tampil": [p1.pk, p2.pk], "hadir": [p1.pk]})
    assert client.get(f"/pelatihan/peserta/{p1.token}/sertifikat.pdf").status_code == 404
    as_eka.post(url, {"aksi": "sertifikat"})
    pdf = client.get(f"/pelatihan/peserta/{p1.token}/sertifikat.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/pelatihan/peserta/{p2.token}/sertifikat.pdf").status_code == 404
    p1.refresh_from_db()
    verifikasi = client.get(f"/pelatihan/sertifikat/{p1.sertifikat.token}/").content.decode()
    assert p1.sertifikat.nomor in verifikasi and p1.nama in verifikasi
    assert client.get("/pelatihan/sertifikat/palsu/").status_code == 404


def test_a_visit_is_recorded_from_the_cooperatives_history(fajar: User, maju: Koperasi) -> None:
    as_fajar = login(fajar)
    history = f"/dinas/pelatihan/koperasi/{maju.pk}/pendampingan/"
    assert f"?koperasi={maju.pk}" in as_fajar.get(history).content.decode()
    form = as_fajar.get(f"/dinas/pelatihan/pendampingan/baru/?koperasi={maju.pk}").content.decode()
    assert f'<option value="{maju.pk}" selected>' in form
    data = {"koperasi": maju.pk, "tanggal": "2026-11-03", "mentor": fajar.pk, "topik": "Tutup buku", "temuan": "Belum"}
    response = as_fajar.post("/dinas/pelatihan/pendampingan/baru/", data)
    kunjungan = Pendampingan.objects.get()
    assert response["Location"] == f"/dinas/pelatihan/pendampingan/{kunjungan.pk}/"
    detail = f"/dinas/pelatihan/pendampingan/{kunjungan.pk}/"
    as_fajar.post(detail, {"aksi": "tambah", "uraian": "Susun neraca", "jatuh_tempo": "2026-12-01"})
    tl = kunjungan.tindak_lanjut.get()
    as_fajar.post(detail, {"aksi": "status", "tindak_lanjut": tl.pk, "status": "selesai"})
    assert kunjungan.tindak_lanjut.get().status == StatusTindakLanjut.SELESAI
    assert "Tutup buku" in as_fajar.get(history).content.decode()


def test_mentoring_is_404_outside_the_region(gita: User, eka: User, ani: User, maju: Koperasi) -> None:
    kunjungan = Pendampingan.objects.create(
        koperasi=maju, tanggal=dt.date(2026, 11, 3), mentor=eka, topik="Persiapan RAT Maju Bersama"
    )
    urls = [f"/dinas/pelatihan/pendampingan/{kunjungan.pk}/", f"/dinas/pelatihan/koperasi/{maju.pk}/pendampingan/"]
    for client in (login(gita), login(ani)):
        for url in urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"aksi": "tambah", "uraian": "x", "jatuh_tempo": "2026-12-01"}).status_code == 404
    data = {"koperasi": maju.pk, "tanggal": "2026-11-03", "mentor": eka.pk, "topik": "Diambil alih"}
    assert login(gita).post("/dinas/pelatihan/pendampingan/baru/", data).status_code == 200  # not a choice there
    assert Pendampingan.objects.count() == 1 and not kunjungan.tindak_lanjut.exists()
    assert "Persiapan RAT Maju Bersama" not in login(gita).get("/dinas/pelatihan/pendampingan/").content.decode()


def test_the_staff_page_of_a_full_webinar_reads_in_few_queries(
    eka: User, maju: Koperasi, django_assert_max_num_queries: Any
) -> None:
    kegiatan = make_kegiatan()
    for i in range(40):
        services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(i, maju if i % 2 else None))
    as_eka = login(eka)
    with django_assert_max_num_queries(15):
        assert as_eka.get(f"/dinas/pelatihan/{kegiatan.pk}/").status_code == 200
