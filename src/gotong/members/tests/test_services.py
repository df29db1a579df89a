"""Member writes: apply, approve, reject, edit, exit — each with history, audit and message."""

import datetime as dt
from typing import Any

import pytest
from conftest import login
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.members import services
from gotong.members.models import Anggota, PengajuanKeluar, RiwayatStatus, StatusAnggota, StatusPengajuanKeluar
from gotong.members.tests.helpers import build_nik, make_anggota
from gotong.notifications.models import Pesan, Saluran, StatusPesan
from gotong.tenancy.models import Koperasi, Penomoran

DAFTAR = dt.date(2024, 5, 2)
MASUK = dt.date(2024, 5, 6)


@pytest.fixture(autouse=True)
def _locmem_email(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _calon(koperasi: Koperasi, **overrides: Any) -> Anggota:
    values = {"status": StatusAnggota.CALON, "tanggal_daftar": DAFTAR, "email": "calon@contoh.id"}
    return make_anggota(koperasi, **{**values, **overrides})


def _message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


# --- apply --------------------------------------------------------------------------------


def _application(**overrides: Any) -> dict[str, Any]:
    data = {
        "nik": build_nik(),
        "nomor_kk": "3673011703920001",
        "nama": "Rudi Hartono",
        "tempat_lahir": "Serang",
        "tanggal_lahir": dt.date(1992, 3, 17),
        "jenis_kelamin": "L",
        "alamat": "Jl. Ki Mas Jong 12",
        "kabupaten_kode": "36.73",
        "kecamatan_kode": "36.73.01",
        "desa_kode": "36.73.01.1002",
        "telepon": "081234567890",
        "email": "",
        "pekerjaan": "Petani",
    }
    return {**data, **overrides}


def test_apply_refuses_a_nik_already_in_the_koperasi_on_the_nik_field(maju: Koperasi, citra_anggota: Anggota) -> None:
    with pytest.raises(ValidationError) as exc:
        services.anggota_apply(koperasi=maju, data=_application(nik=citra_anggota.nik), foto_ktp=None, on_date=DAFTAR)
    assert exc.value.message_dict == {"nik": [str(services.NIK_SUDAH_TERDAFTAR).format(koperasi=maju.nama)]}
    assert Anggota.objects.count() == 1


def test_apply_without_email_queues_the_confirmation_for_whatsapp(maju: Koperasi) -> None:
    anggota = services.anggota_apply(koperasi=maju, data=_application(), foto_ktp=None, on_date=DAFTAR)
    pesan = Pesan.objects.get()
    assert (pesan.saluran, pesan.tujuan) == (Saluran.WHATSAPP, "081234567890")
    assert anggota.status == StatusAnggota.CALON
    assert anggota.tanggal_daftar == DAFTAR


# --- approve ------------------------------------------------------------------------------


def test_approve_assigns_the_first_number_in_the_koperasi_format(maju: Koperasi, ani: User) -> None:
    anggota = services.anggota_approve(anggota=_calon(maju), actor=ani, tanggal_masuk=MASUK)
    anggota.refresh_from_db()
    assert anggota.status == StatusAnggota.AKTIF
    assert anggota.nomor_anggota == "MB-2024-0001"
    assert anggota.tanggal_masuk == MASUK


def test_approve_continues_the_koperasi_sequence(maju: Koperasi, ani: User) -> None:
    Penomoran.objects.create(koperasi=maju, seri="anggota", terakhir=41)
    anggota = services.anggota_approve(anggota=_calon(maju), actor=ani, tanggal_masuk=MASUK)
    assert anggota.nomor_anggota == "MB-2024-0042"


def test_two_approvals_get_distinct_consecutive_numbers(maju: Koperasi, ani: User) -> None:
    first = services.anggota_approve(anggota=_calon(maju), actor=ani, tanggal_masuk=MASUK)
    second = services.anggota_approve(anggota=_calon(maju), actor=ani, tanggal_masuk=dt.date(2025, 1, 3))
    assert (first.nomor_anggota, second.nomor_anggota) == ("MB-2024-0001", "MB-2025-0002")


def test_each_koperasi_numbers_its_own_members(maju: Koperasi, tani: Koperasi, ani: User) -> None:
    services.anggota_approve(anggota=_calon(maju), actor=ani, tanggal_masuk=MASUK)
    other = services.anggota_approve(anggota=_calon(tani), actor=ani, tanggal_masuk=MASUK)
    assert other.nomor_anggota == "00001"  # the default format {urut:05d}, its own sequence


@pytest.mark.parametrize("status", [StatusAnggota.AKTIF, StatusAnggota.DITOLAK, StatusAnggota.KELUAR])
def test_approve_refuses_anyone_who_is_not_a_waiting_applicant(maju: Koperasi, ani: User, status: str) -> None:
    anggota = make_anggota(maju, status=status)
    with pytest.raises(ValidationError) as exc:
        services.anggota_approve(anggota=anggota, actor=ani, tanggal_masuk=MASUK)
    assert _message(exc) == str(services.BUKAN_CALON)
    assert not Penomoran.objects.filter(koperasi=maju).exists()


def test_approve_refuses_a_join_date_before_the_application_date(maju: Koperasi, ani: User) -> None:
    calon = _calon(maju)
    with pytest.raises(ValidationError) as exc:
        services.anggota_approve(anggota=calon, actor=ani, tanggal_masuk=DAFTAR - dt.timedelta(days=1))
    assert _message(exc) == str(services.TANGGAL_MASUK_SEBELUM_DAFTAR).format(tanggal="2024-05-02")
    calon.refresh_from_db()
    assert (calon.status, calon.nomor_anggota) == (StatusAnggota.CALON, None)
    assert AuditLog.objects.count() == 0


def test_approve_on_the_application_date_is_allowed(maju: Koperasi, ani: User) -> None:
    anggota = services.anggota_approve(anggota=_calon(maju), actor=ani, tanggal_masuk=DAFTAR)
    assert anggota.status == StatusAnggota.AKTIF


def test_approve_writes_history_audit_with_before_and_after_and_one_message(maju: Koperasi, ani: User) -> None:
    anggota = services.anggota_approve(anggota=_calon(maju), actor=ani, tanggal_masuk=MASUK)

    riwayat = RiwayatStatus.objects.get(anggota=anggota)
    assert (riwayat.dari, riwayat.ke, riwayat.tanggal, riwayat.oleh) == ("calon", "aktif", MASUK, ani)
    log = AuditLog.objects.get()
    assert (log.aksi, log.aktor, log.koperasi, log.objek_id) == ("anggota.setujui", ani, maju, str(anggota.pk))
    assert (log.sebelum["status"], log.sesudah["status"]) == ("calon", "aktif")
    assert (log.sebelum["nomor_anggota"], log.sesudah["nomor_anggota"]) == (None, "MB-2024-0001")
    pesan = Pesan.objects.get()
    assert (pesan.saluran, pesan.tujuan, pesan.status) == (Saluran.EMAIL, "calon@contoh.id", StatusPesan.ANTRI)
    assert "MB-2024-0001" in pesan.isi


def test_the_approval_email_is_sent_only_after_commit(
    maju: Koperasi, ani: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.anggota_approve(anggota=_calon(maju), actor=ani, tanggal_masuk=MASUK)
    assert mail.outbox == []
    assert Pesan.objects.get().status == StatusPesan.ANTRI

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["calon@contoh.id"]
    assert "Koperasi Maju Bersama" in mail.outbox[0].subject
    pesan = Pesan.objects.get()
    assert (pesan.status, pesan.percobaan) == (StatusPesan.TERKIRIM, 1)
    assert pesan.dikirim_pada is not None


def test_a_rolled_back_approval_sends_nothing_and_leaves_nothing(
    maju: Koperasi, ani: User, django_capture_on_commit_callbacks: Any
) -> None:
    calon = _calon(maju)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.anggota_approve(anggota=calon, actor=ani, tanggal_masuk=MASUK)
            raise RuntimeError("the surrounding work failed")
    assert callbacks == []
    assert mail.outbox == []
    assert Pesan.objects.count() == 0
    assert AuditLog.objects.count() == 0
    calon.refresh_from_db()
    assert calon.status == StatusAnggota.CALON


def test_a_decision_for_an_applicant_without_email_goes_to_whatsapp_and_fails_with_a_clear_reason(
    maju: Koperasi, ani: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.anggota_approve(anggota=_calon(maju, email=""), actor=ani, tanggal_masuk=MASUK)
    pesan = Pesan.objects.get()
    assert (pesan.saluran, pesan.tujuan) == (Saluran.WHATSAPP, "081234567890")
    assert pesan.status == StatusPesan.GAGAL
    assert pesan.galat_terakhir == "Gateway WhatsApp belum dipasang di instalasi ini; pesan tidak terkirim."
    assert mail.outbox == []


def test_a_message_already_sent_is_never_sent_twice(
    maju: Koperasi, ani: User, django_capture_on_commit_callbacks: Any
) -> None:
    from gotong.notifications.services import pesan_kirim

    with django_capture_on_commit_callbacks(execute=True):
        services.anggota_approve(anggota=_calon(maju), actor=ani, tanggal_masuk=MASUK)
    pesan = pesan_kirim(pesan_id=Pesan.objects.get().pk)
    assert len(mail.outbox) == 1
    assert pesan.percobaan == 1


def test_ani_approves_through_the_review_page(maju: Koperasi, ani: User) -> None:

    calon = _calon(maju)
    response = login(ani).post(f"/k/maju-bersama/pendaftaran/{calon.pk}/setujui/", {"tanggal_masuk": "2024-05-06"})
    assert response.status_code == 302
    calon.refresh_from_db()
    assert (calon.status, calon.nomor_anggota) == (StatusAnggota.AKTIF, "MB-2024-0001")


def test_approving_inline_with_htmx_returns_the_updated_row(maju: Koperasi, ani: User) -> None:

    calon = _calon(maju)
    response = login(ani).post(
        f"/k/maju-bersama/pendaftaran/{calon.pk}/setujui/",
        {"tanggal_masuk": "2024-05-06"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<tr") and "<html" not in html
    assert "MB-2024-0001" in html


# --- reject -------------------------------------------------------------------------------


@pytest.mark.parametrize("alasan", ["", "   \n "])
def test_reject_requires_a_reason(maju: Koperasi, ani: User, alasan: str) -> None:
    calon = _calon(maju)
    with pytest.raises(ValidationError) as exc:
        services.anggota_reject(anggota=calon, actor=ani, alasan=alasan, on_date=MASUK)
    assert exc.value.message_dict == {"alasan": [str(services.ALASAN_WAJIB)]}
    calon.refresh_from_db()
    assert calon.status == StatusAnggota.CALON
    assert Pesan.objects.count() == 0


def test_reject_refuses_someone_already_decided(maju: Koperasi, ani: User) -> None:
    with pytest.raises(ValidationError) as exc:
        services.anggota_reject(anggota=make_anggota(maju), actor=ani, alasan="Data tidak lengkap", on_date=MASUK)
    assert _message(exc) == str(services.BUKAN_CALON)


def test_a_rejected_applicant_sees_the_reason_on_the_status_page(client: Client, maju: Koperasi, ani: User) -> None:
    calon = _calon(maju)
    services.anggota_reject(anggota=calon, actor=ani, alasan="  Foto KTP buram, mohon unggah ulang.  ", on_date=MASUK)
    html = client.get(f"/k/maju-bersama/daftar/status/{calon.token_status}/").content.decode()
    assert "Ditolak" in html
    assert "Foto KTP buram, mohon unggah ulang." in html


def test_an_approved_applicant_sees_the_member_number_on_the_status_page(
    client: Client, maju: Koperasi, ani: User
) -> None:
    calon = _calon(maju)
    services.anggota_approve(anggota=calon, actor=ani, tanggal_masuk=MASUK)
    html = client.get(f"/k/maju-bersama/daftar/status/{calon.token_status}/").content.decode()
    assert "MB-2024-0001" in html
    assert "6 Mei 2024" in html


def test_reject_writes_history_audit_with_before_and_after_and_one_message(
    maju: Koperasi, ani: User, django_capture_on_commit_callbacks: Any
) -> None:
    calon = _calon(maju)
    with django_capture_on_commit_callbacks(execute=True):
        services.anggota_reject(anggota=calon, actor=ani, alasan="NIK tidak sesuai KTP", on_date=MASUK)

    riwayat = RiwayatStatus.objects.get(anggota=calon)
    assert (riwayat.dari, riwayat.ke, riwayat.oleh, riwayat.catatan) == (
        "calon",
        "ditolak",
        ani,
        "NIK tidak sesuai KTP",
    )
    log = AuditLog.objects.get()
    assert log.aksi == "anggota.tolak"
    assert (log.sebelum["status"], log.sesudah["status"]) == ("calon", "ditolak")
    assert (log.sebelum["alasan_penolakan"], log.sesudah["alasan_penolakan"]) == ("", "NIK tidak sesuai KTP")
    assert Pesan.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "NIK tidak sesuai KTP" in mail.outbox[0].body


def test_ani_rejecting_without_a_reason_through_the_page_changes_nothing(maju: Koperasi, ani: User) -> None:

    calon = _calon(maju)
    client = login(ani)
    response = client.post(f"/k/maju-bersama/pendaftaran/{calon.pk}/tolak/", {"alasan": ""}, follow=True)
    assert str(services.ALASAN_WAJIB) in response.content.decode()
    calon.refresh_from_db()
    assert calon.status == StatusAnggota.CALON


# --- exit (keluar) ------------------------------------------------------------------------


def test_exit_request_then_approval_makes_the_member_keluar_with_the_exit_date(
    maju: Koperasi, ani: User, citra_anggota: Anggota
) -> None:
    pengajuan = services.keluar_request(anggota=citra_anggota, actor=ani, alasan="Pindah ke Bandung")
    assert pengajuan.status == StatusPengajuanKeluar.DIAJUKAN

    anggota = services.keluar_approve(pengajuan=pengajuan, actor=ani, tanggal_keluar=dt.date(2024, 12, 31))

    anggota.refresh_from_db()
    pengajuan.refresh_from_db()
    assert (anggota.status, anggota.tanggal_keluar) == (StatusAnggota.KELUAR, dt.date(2024, 12, 31))
    assert anggota.nomor_anggota == "MB-2021-0001"  # the number stays with the person
    assert (pengajuan.status, pengajuan.diputus_oleh) == (StatusPengajuanKeluar.DISETUJUI, ani)
    riwayat = RiwayatStatus.objects.get(anggota=anggota)
    assert (riwayat.dari, riwayat.ke, riwayat.catatan) == ("aktif", "keluar", "Pindah ke Bandung")
    log = AuditLog.objects.get(aksi="anggota.keluar")
    assert (log.sebelum["status"], log.sesudah["status"]) == ("aktif", "keluar")
    assert log.sesudah["tanggal_keluar"] == "2024-12-31"


def test_a_second_open_exit_request_is_refused(maju: Koperasi, ani: User, citra_anggota: Anggota) -> None:
    services.keluar_request(anggota=citra_anggota, actor=ani, alasan="Pindah")
    with pytest.raises(ValidationError) as exc:
        services.keluar_request(anggota=citra_anggota, actor=ani, alasan="Pindah lagi")
    assert _message(exc) == str(services.PENGAJUAN_SUDAH_ADA)
    assert PengajuanKeluar.objects.count() == 1


def test_a_new_exit_request_is_allowed_after_the_last_was_rejected(
    maju: Koperasi, ani: User, citra_anggota: Anggota
) -> None:
    first = services.keluar_request(anggota=citra_anggota, actor=ani, alasan="Pindah")
    services.keluar_reject(pengajuan=first, actor=ani, catatan="Masih ada pinjaman berjalan")
    second = services.keluar_request(anggota=citra_anggota, actor=ani, alasan="Pindah, pinjaman lunas")
    assert second.pk != first.pk


@pytest.mark.parametrize("status", [StatusAnggota.CALON, StatusAnggota.DITOLAK, StatusAnggota.KELUAR])
def test_exit_of_a_member_who_is_not_active_is_refused(maju: Koperasi, ani: User, status: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.keluar_request(anggota=make_anggota(maju, status=status), actor=ani, alasan="Pindah")
    assert _message(exc) == str(services.BUKAN_ANGGOTA_AKTIF)
    assert PengajuanKeluar.objects.count() == 0


def test_an_exit_request_already_decided_cannot_be_decided_again(
    maju: Koperasi, ani: User, citra_anggota: Anggota
) -> None:
    pengajuan = services.keluar_request(anggota=citra_anggota, actor=ani, alasan="Pindah")
    services.keluar_approve(pengajuan=pengajuan, actor=ani, tanggal_keluar=dt.date(2024, 12, 31))
    with pytest.raises(ValidationError) as exc:
        services.keluar_reject(pengajuan=pengajuan, actor=ani, catatan="Terlambat")
    assert _message(exc) == str(services.PENGAJUAN_SUDAH_DIPUTUS)


def test_rejecting_an_exit_request_requires_a_note(maju: Koperasi, ani: User, citra_anggota: Anggota) -> None:
    pengajuan = services.keluar_request(anggota=citra_anggota, actor=ani, alasan="Pindah")
    with pytest.raises(ValidationError):
        services.keluar_reject(pengajuan=pengajuan, actor=ani, catatan="  ")
    pengajuan.refresh_from_db()
    assert pengajuan.status == StatusPengajuanKeluar.DIAJUKAN


# --- edit ---------------------------------------------------------------------------------


def test_an_edit_is_audited_with_before_and_after_of_the_changed_fields_only(
    maju: Koperasi, ani: User, citra_anggota: Anggota
) -> None:
    data = {**{f: getattr(citra_anggota, f) for f in services.EDITABLE_FIELDS}, "telepon": "089876543210"}
    data["pekerjaan"] = "Guru"

    services.anggota_update(anggota=citra_anggota, actor=ani, data=data)

    log = AuditLog.objects.get()
    assert (log.aksi, log.aktor, log.koperasi) == ("anggota.ubah", ani, maju)
    assert log.sebelum == {"telepon": "081234567890", "pekerjaan": "Pedagang"}
    assert log.sesudah == {"telepon": "089876543210", "pekerjaan": "Guru"}
    assert log.perubahan() == [("pekerjaan", "Pedagang", "Guru"), ("telepon", "081234567890", "089876543210")]
    citra_anggota.refresh_from_db()
    assert (citra_anggota.telepon, citra_anggota.pekerjaan) == ("089876543210", "Guru")


def test_an_edit_that_changes_nothing_writes_no_audit_row(maju: Koperasi, ani: User, citra_anggota: Anggota) -> None:
    data = {f: getattr(citra_anggota, f) for f in services.EDITABLE_FIELDS}
    services.anggota_update(anggota=citra_anggota, actor=ani, data=data)
    assert AuditLog.objects.count() == 0


def test_an_edit_cannot_change_the_nik_or_the_status(maju: Koperasi, ani: User, citra_anggota: Anggota) -> None:
    services.anggota_update(
        anggota=citra_anggota, actor=ani, data={"nik": "3604050508900003", "status": "keluar", "nama": "Citra L."}
    )
    citra_anggota.refresh_from_db()
    assert (citra_anggota.nik, citra_anggota.status, citra_anggota.nama) == ("3673014508900003", "aktif", "Citra L.")
    assert AuditLog.objects.get().sesudah == {"nama": "Citra L."}


def test_ani_edits_a_member_through_the_page_and_the_change_is_audited(
    maju: Koperasi, ani: User, citra_anggota: Anggota
) -> None:

    data = {f: getattr(citra_anggota, f) for f in services.EDITABLE_FIELDS}
    data["alamat"] = "Jl. Ahmad Yani No. 9"
    response = login(ani).post(f"/k/maju-bersama/anggota/{citra_anggota.pk}/ubah/", data)
    assert response.status_code == 302
    log = AuditLog.objects.get()
    assert (log.sebelum, log.sesudah) == (
        {"alamat": "Jl. Veteran No. 3 RT 01/RW 02"},
        {"alamat": "Jl. Ahmad Yani No. 9"},
    )
