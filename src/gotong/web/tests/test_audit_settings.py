"""Koperasi settings (audited), the audit trail page, and the outbox page with "Coba lagi"."""

from typing import Any

import pytest
from conftest import login
from django.core import mail
from django.test import Client

from gotong.accounts.models import User
from gotong.core.audit import audit_record
from gotong.core.models import AuditLog
from gotong.notifications.models import Pesan, Saluran, StatusPesan
from gotong.notifications.services import pesan_antrikan
from gotong.tenancy.models import Koperasi

PENGATURAN = "/k/maju-bersama/pengaturan/"
AUDIT = "/k/maju-bersama/audit/"
PESAN = "/k/maju-bersama/pesan/"


@pytest.fixture(autouse=True)
def _locmem_email(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _settings_form(koperasi: Koperasi, **changes: str) -> dict[str, str]:
    data = {
        "nama": koperasi.nama,
        "alamat": koperasi.alamat,
        "telepon": koperasi.telepon,
        "email": koperasi.email,
        "nomor_badan_hukum": koperasi.nomor_badan_hukum,
        "tanggal_badan_hukum": "",
        "nik_koperasi": koperasi.nik_koperasi,
        "format_nomor_anggota": koperasi.format_nomor_anggota,
    }
    return {**data, **changes}


# --- settings -----------------------------------------------------------------------------


def test_a_settings_change_is_saved_and_audited_with_before_and_after(
    as_ani: Client, ani: User, maju: Koperasi
) -> None:
    response = as_ani.post(
        PENGATURAN, _settings_form(maju, telepon="0254-200100", format_nomor_anggota="MBS-{urut:05d}")
    )

    assert response.status_code == 302
    maju.refresh_from_db()
    assert (maju.telepon, maju.format_nomor_anggota) == ("0254-200100", "MBS-{urut:05d}")
    log = AuditLog.objects.get()
    assert (log.aksi, log.aktor, log.koperasi, log.objek_id) == ("koperasi.pengaturan", ani, maju, str(maju.pk))
    assert (log.sebelum["telepon"], log.sesudah["telepon"]) == ("", "0254-200100")
    assert (log.sebelum["format_nomor_anggota"], log.sesudah["format_nomor_anggota"]) == (
        "MB-{tahun}-{urut:04d}",
        "MBS-{urut:05d}",
    )
    assert log.perubahan() == [
        ("format_nomor_anggota", "MB-{tahun}-{urut:04d}", "MBS-{urut:05d}"),
        ("telepon", "", "0254-200100"),
    ]


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ("MB-{nomor}", "Format hanya boleh memakai {urut} dan {tahun}"),
        ("MB-{tahun}", "Format harus memuat {urut}"),
    ],
)
def test_a_member_number_format_without_a_sequence_is_refused_and_not_audited(
    as_ani: Client, maju: Koperasi, fmt: str, message: str
) -> None:
    response = as_ani.post(PENGATURAN, _settings_form(maju, format_nomor_anggota=fmt))
    assert response.status_code == 200
    assert message in response.content.decode()
    maju.refresh_from_db()
    assert maju.format_nomor_anggota == "MB-{tahun}-{urut:04d}"
    assert AuditLog.objects.count() == 0


def test_a_koperasi_nik_that_is_not_16_digits_is_refused(as_ani: Client, maju: Koperasi) -> None:
    response = as_ani.post(PENGATURAN, _settings_form(maju, nik_koperasi="12345"))
    assert "NIK koperasi harus 16 angka." in response.content.decode()
    assert AuditLog.objects.count() == 0


def test_the_settings_page_shows_the_current_values(as_ani: Client, maju: Koperasi) -> None:
    html = as_ani.get(PENGATURAN).content.decode()
    assert 'value="123/BH/XI/2015"' in html
    assert 'value="MB-{tahun}-{urut:04d}"' in html


# --- the audit page -----------------------------------------------------------------------


@pytest.fixture
def settings_changed(as_ani: Client, maju: Koperasi) -> AuditLog:
    as_ani.post(PENGATURAN, _settings_form(maju, telepon="0254-200100"))
    return AuditLog.objects.get()


def test_the_audit_page_shows_who_changed_what_from_and_to(as_ani: Client, settings_changed: AuditLog) -> None:
    html = as_ani.get(AUDIT).content.decode()
    assert "koperasi.pengaturan" in html
    assert "<td>Ani Suryani</td>" in html
    assert "<b>telepon</b>" in html
    assert "0254-200100" in html
    assert "<b>nama</b>" not in html  # unchanged fields are not listed


def test_the_audit_page_is_readable_by_the_pengawas(pengawas: User, settings_changed: AuditLog) -> None:
    response = login(pengawas).get(AUDIT)
    assert response.status_code == 200
    assert "0254-200100" in response.content.decode()


def test_the_audit_page_is_404_for_the_kasir(budi: User, settings_changed: AuditLog) -> None:
    assert login(budi).get(AUDIT).status_code == 404


def test_the_audit_page_is_404_for_a_member(citra: User) -> None:
    assert login(citra).get(AUDIT).status_code == 404


def test_the_audit_page_shows_only_this_koperasis_changes(
    as_ani: Client, maju: Koperasi, tani: Koperasi, dedi: User, settings_changed: AuditLog
) -> None:
    audit_record(koperasi=tani, aktor=dedi, aksi="koperasi.rahasia-tani", objek=tani, sesudah={"x": "rahasia"})
    html = as_ani.get(AUDIT).content.decode()
    assert "koperasi.pengaturan" in html
    assert "koperasi.rahasia-tani" not in html


def test_the_audit_page_filters_by_action(
    as_ani: Client, maju: Koperasi, ani: User, settings_changed: AuditLog
) -> None:
    audit_record(koperasi=maju, aktor=ani, aksi="anggota.ubah", objek=maju, sesudah={"nama": "x"})
    page = as_ani.get(AUDIT, {"aksi": "anggota"}).context["page"]
    assert [log.aksi for log in page] == ["anggota.ubah"]


# --- the outbox ---------------------------------------------------------------------------


@pytest.fixture
def failed_whatsapp(maju: Koperasi, django_capture_on_commit_callbacks: Any) -> Pesan:
    with django_capture_on_commit_callbacks(execute=True):
        pesan = pesan_antrikan(
            koperasi=maju, saluran=Saluran.WHATSAPP, tujuan="081298765432", subjek="Keputusan pendaftaran", isi="Halo"
        )
    pesan.refresh_from_db()
    assert pesan.status == StatusPesan.GAGAL
    return pesan


@pytest.fixture
def failed_email(maju: Koperasi) -> Pesan:
    return Pesan.objects.create(
        koperasi=maju,
        saluran=Saluran.EMAIL,
        tujuan="rudi@contoh.id",
        subjek="Pendaftaran diterima",
        isi="Halo Rudi",
        status=StatusPesan.GAGAL,
        percobaan=1,
        galat_terakhir="Server e-mail menolak: timeout",
    )


def test_the_outbox_lists_messages_with_their_status_and_reason(
    as_ani: Client, failed_whatsapp: Pesan, tani: Koperasi
) -> None:
    Pesan.objects.create(koperasi=tani, saluran=Saluran.EMAIL, tujuan="rahasia@tani.id", subjek="Tani", isi="-")
    html = as_ani.get(PESAN).content.decode()
    assert "081298765432" in html
    assert "Keputusan pendaftaran" in html
    assert "Gagal" in html
    assert "Gateway WhatsApp belum dipasang di instalasi ini; pesan tidak terkirim." in html
    assert "Coba lagi" in html
    assert "rahasia@tani.id" not in html


def test_the_outbox_offers_coba_lagi_only_for_failed_messages(as_ani: Client, maju: Koperasi) -> None:
    Pesan.objects.create(
        koperasi=maju, saluran=Saluran.EMAIL, tujuan="a@b.id", subjek="s", isi="i", status=StatusPesan.TERKIRIM
    )
    assert "Coba lagi" not in as_ani.get(PESAN).content.decode()


def test_coba_lagi_requeues_a_failed_message_and_sends_it_after_commit(
    as_ani: Client, failed_email: Pesan, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = as_ani.post(f"/k/maju-bersama/pesan/{failed_email.pk}/ulang/")
    assert response.status_code == 302
    failed_email.refresh_from_db()
    assert failed_email.status == StatusPesan.ANTRI
    assert mail.outbox == []
    assert len(callbacks) == 1

    callbacks[0]()

    failed_email.refresh_from_db()
    assert (failed_email.status, failed_email.percobaan, failed_email.galat_terakhir) == (StatusPesan.TERKIRIM, 2, "")
    assert [m.to for m in mail.outbox] == [["rudi@contoh.id"]]


def test_coba_lagi_on_a_whatsapp_message_fails_again_and_counts_the_attempt(
    as_ani: Client, failed_whatsapp: Pesan, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        as_ani.post(f"/k/maju-bersama/pesan/{failed_whatsapp.pk}/ulang/")
    failed_whatsapp.refresh_from_db()
    assert (failed_whatsapp.status, failed_whatsapp.percobaan) == (StatusPesan.GAGAL, 2)
    assert "2×" in as_ani.get(PESAN).content.decode()


def test_coba_lagi_does_not_resend_a_message_already_sent(
    as_ani: Client, maju: Koperasi, django_capture_on_commit_callbacks: Any
) -> None:
    sent = Pesan.objects.create(
        koperasi=maju,
        saluran=Saluran.EMAIL,
        tujuan="a@b.id",
        subjek="s",
        isi="i",
        status=StatusPesan.TERKIRIM,
        percobaan=1,
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        as_ani.post(f"/k/maju-bersama/pesan/{sent.pk}/ulang/")
    assert callbacks == []
    assert mail.outbox == []
    sent.refresh_from_db()
    assert (sent.status, sent.percobaan) == (StatusPesan.TERKIRIM, 1)


def test_coba_lagi_is_post_only(as_ani: Client, failed_email: Pesan) -> None:
    assert as_ani.get(f"/k/maju-bersama/pesan/{failed_email.pk}/ulang/").status_code == 405
    failed_email.refresh_from_db()
    assert failed_email.status == StatusPesan.GAGAL


def test_the_outbox_is_404_for_the_kasir(budi: User, failed_email: Pesan) -> None:
    as_budi = login(budi)
    assert as_budi.get(PESAN).status_code == 404
    assert as_budi.post(f"/k/maju-bersama/pesan/{failed_email.pk}/ulang/").status_code == 404
    failed_email.refresh_from_db()
    assert failed_email.status == StatusPesan.GAGAL
