import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.notifications.models import Pesan, Saluran
from gotong.tenancy.models import Koperasi
from gotong.training import services
from gotong.training.models import Pendampingan, Peserta, Sertifikat, StatusKegiatan, StatusTindakLanjut
from gotong.training.tests.helpers import WIB, make_kegiatan, peserta_data

pytestmark = pytest.mark.django_db


def test_registration_queues_a_whatsapp_confirmation_with_the_registration(maju: Koperasi) -> None:
    kegiatan = make_kegiatan()
    peserta = services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(1, maju))
    pesan = Pesan.objects.get()
    assert (pesan.saluran, pesan.tujuan) == (Saluran.WHATSAPP, peserta.telepon)
    assert kegiatan.judul in pesan.isi and peserta.nama in pesan.isi


def test_registration_with_an_email_is_confirmed_by_email() -> None:
    services.peserta_daftar(kegiatan=make_kegiatan(), data=peserta_data(1, email="sari@contoh.id"))
    assert Pesan.objects.get().saluran == Saluran.EMAIL


def test_registration_refuses_a_phone_already_registered_for_the_event() -> None:
    kegiatan = make_kegiatan()
    services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(1))
    with pytest.raises(ValidationError) as exc:
        services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(2, telepon=peserta_data(1)["telepon"]))
    assert services.TELEPON_SUDAH_TERDAFTAR in exc.value.messages
    assert Peserta.objects.count() == 1 and Pesan.objects.count() == 1


def test_the_same_phone_may_register_for_another_event() -> None:
    services.peserta_daftar(kegiatan=make_kegiatan(), data=peserta_data(1))
    services.peserta_daftar(kegiatan=make_kegiatan(judul="Bimtek RAT"), data=peserta_data(1))
    assert Peserta.objects.count() == 2


def test_registration_refuses_when_the_event_is_full() -> None:
    kegiatan = make_kegiatan(kapasitas=2)
    for i in (1, 2):
        services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(i))
    with pytest.raises(ValidationError) as exc:
        services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(3))
    assert exc.value.messages == [services.KUOTA_PENUH]


@pytest.mark.parametrize("status", [StatusKegiatan.DRAFT, StatusKegiatan.SELESAI])
def test_registration_refuses_an_event_not_open(status: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.peserta_daftar(kegiatan=make_kegiatan(status=status), data=peserta_data(1))
    assert exc.value.messages == [services.PENDAFTARAN_DITUTUP]


def test_reminders_are_queued_once_for_events_starting_tomorrow() -> None:
    besok = make_kegiatan()  # 10 December 2026, 09.00 WIB
    lusa = make_kegiatan(
        mulai=dt.datetime(2026, 12, 11, 0, 30, tzinfo=WIB), selesai=dt.datetime(2026, 12, 11, 3, 0, tzinfo=WIB)
    )
    for i in (1, 2):
        services.peserta_daftar(kegiatan=besok, data=peserta_data(i))
    services.peserta_daftar(kegiatan=lusa, data=peserta_data(3))
    Pesan.objects.all().delete()
    assert services.pengingat_antrikan(besok=dt.date(2026, 12, 10)) == 2
    assert services.pengingat_antrikan(besok=dt.date(2026, 12, 10)) == 0
    assert Pesan.objects.count() == 2 and all("besok" in p.isi for p in Pesan.objects.all())


def test_the_reminder_command_uses_the_day_after_the_given_date() -> None:
    services.peserta_daftar(kegiatan=make_kegiatan(), data=peserta_data(1))
    call_command("kirim_pengingat_pelatihan", "--tanggal", "2026-12-09")
    call_command("kirim_pengingat_pelatihan", "--tanggal", "2026-12-09")
    assert Pesan.objects.filter(subjek__startswith="Pengingat").count() == 1


def test_attendance_by_list_changes_only_the_rows_shown(eka: User) -> None:
    kegiatan = make_kegiatan()
    p1, p2, p3 = (services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(i)) for i in (1, 2, 3))
    Peserta.objects.filter(pk=p3.pk).update(hadir_pada=timezone.now())
    jumlah = services.kehadiran_catat(kegiatan=kegiatan, tampil={p1.pk, p2.pk}, hadir={p1.pk}, aktor=eka)
    assert jumlah == 2
    assert set(kegiatan.peserta.hadir().values_list("pk", flat=True)) == {p1.pk, p3.pk}
    assert AuditLog.objects.filter(aksi="kegiatan.kehadiran").exists()


def test_attendance_ignores_participants_of_another_event(eka: User) -> None:
    lain = services.peserta_daftar(kegiatan=make_kegiatan(judul="Lain"), data=peserta_data(9))
    kegiatan = make_kegiatan()
    services.kehadiran_catat(kegiatan=kegiatan, tampil={lain.pk}, hadir={lain.pk}, aktor=eka)
    assert Peserta.objects.get(pk=lain.pk).hadir_pada is None


def test_qr_check_in_is_idempotent(eka: User) -> None:
    peserta = services.peserta_daftar(kegiatan=make_kegiatan(), data=peserta_data(1))
    first = services.kehadiran_qr(peserta=peserta, aktor=eka).hadir_pada
    assert first is not None
    assert services.kehadiran_qr(peserta=peserta, aktor=eka).hadir_pada == first


def test_certificates_go_to_attendees_only_and_once(eka: User) -> None:
    kegiatan = make_kegiatan()
    hadir, absen = (services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(i)) for i in (1, 2))
    services.kehadiran_qr(peserta=hadir, aktor=eka)
    assert services.sertifikat_terbitkan(kegiatan=kegiatan, aktor=eka).count() == 1
    assert services.sertifikat_terbitkan(kegiatan=kegiatan, aktor=eka).count() == 1
    assert Sertifikat.objects.get().peserta == hadir
    assert not Sertifikat.objects.filter(peserta=absen).exists()


def test_certificates_are_refused_when_nobody_attended(eka: User) -> None:
    kegiatan = make_kegiatan()
    services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(1))
    with pytest.raises(ValidationError) as exc:
        services.sertifikat_terbitkan(kegiatan=kegiatan, aktor=eka)
    assert exc.value.messages == [services.BELUM_ADA_YANG_HADIR]


def test_an_attendee_with_a_certificate_stays_present(eka: User) -> None:
    kegiatan = make_kegiatan()
    peserta = services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(1))
    services.kehadiran_qr(peserta=peserta, aktor=eka)
    services.sertifikat_terbitkan(kegiatan=kegiatan, aktor=eka)
    services.kehadiran_catat(kegiatan=kegiatan, tampil={peserta.pk}, hadir=set(), aktor=eka)
    assert Peserta.objects.get(pk=peserta.pk).hadir_pada is not None


def test_editing_an_event_cannot_shrink_capacity_below_registrations(eka: User) -> None:
    kegiatan = make_kegiatan(kapasitas=5)
    for i in (1, 2, 3):
        services.peserta_daftar(kegiatan=kegiatan, data=peserta_data(i))
    with pytest.raises(ValidationError):
        services.kegiatan_ubah(kegiatan=kegiatan, data={"kapasitas": 2}, aktor=eka)
    services.kegiatan_ubah(kegiatan=kegiatan, data={"kapasitas": 3}, aktor=eka)
    assert AuditLog.objects.get(aksi="kegiatan.ubah").sesudah == {"kapasitas": 3}


def test_a_visit_records_follow_ups_and_their_status(eka: User, maju: Koperasi) -> None:
    data = {"koperasi": maju, "tanggal": dt.date(2026, 11, 3), "mentor": eka, "topik": "Tutup buku", "temuan": "-"}
    kunjungan = services.pendampingan_catat(data=data, aktor=eka)
    tl = services.tindak_lanjut_tambah(
        pendampingan=kunjungan, uraian="Siapkan neraca", jatuh_tempo=dt.date(2026, 12, 1), aktor=eka
    )
    services.tindak_lanjut_ubah_status(tindak_lanjut=tl, status=StatusTindakLanjut.SELESAI, aktor=eka)
    assert Pendampingan.objects.get().tindak_lanjut.get().status == StatusTindakLanjut.SELESAI
    assert AuditLog.objects.filter(koperasi=maju).count() == 3
