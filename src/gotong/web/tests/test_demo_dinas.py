"""The Dinas side of the demo: registry details, trainings with attendance, mentoring visits.

They read the shared demo (``demo`` in conftest.py); that a second seed changes nothing is
checked for the whole demo in test_seed_demo.py (``sidik`` below is the Dinas part of it)."""

from typing import Any

import pytest
from django.db.models import Count

from gotong.core.models import AuditLog
from gotong.notifications.models import Pesan
from gotong.province.models import Jabatan, PengurusKoperasi
from gotong.tenancy.models import Koperasi, StatusKoperasi
from gotong.training.models import (
    Kegiatan,
    Pendampingan,
    Peserta,
    Sertifikat,
    StatusKegiatan,
    StatusTindakLanjut,
    TindakLanjut,
)
from gotong.web.management.commands.seed_demo import HARI_INI

pytestmark = pytest.mark.usefixtures("demo")


def sidik() -> dict[str, Any]:
    return {
        "kegiatan": sorted(Kegiatan.objects.values_list("judul", "status", "mulai", "dibuat")),
        "peserta": sorted(
            Peserta.objects.values_list("kegiatan__judul", "nama", "telepon", "hadir_pada", "daftar_pada")
        ),
        "sertifikat": sorted(Sertifikat.objects.values_list("nomor", "peserta__nama")),
        "kunjungan": sorted(Pendampingan.objects.values_list("koperasi__kode", "tanggal", "mentor__username", "topik")),
        "tindak_lanjut": sorted(TindakLanjut.objects.values_list("pendampingan__tanggal", "uraian", "status")),
        "pengurus": sorted(PengurusKoperasi.objects.values_list("koperasi__kode", "jabatan", "nama", "masa_mulai")),
        "koperasi": sorted(
            Koperasi.objects.values_list("kode", "status", "aktif", "digital_sejak", "kontak_nama", "kontak_telepon")
        ),
    }


def test_registry_gets_dates_contacts_boards_and_statuses() -> None:
    maju = Koperasi.objects.get(kode="maju-bersama")
    assert str(maju.digital_sejak) == "2024-02-01"
    assert str(Koperasi.objects.get(kode="sejahtera-mandiri").digital_sejak) == "2025-01-10"
    assert not Koperasi.objects.filter(kontak_nama="").exists()
    assert not Koperasi.objects.filter(kontak_telepon="").exists()
    assert not Koperasi.objects.annotate(n=Count("pengurus_terdaftar")).filter(n__lt=4).exists()
    for p in PengurusKoperasi.objects.all():
        assert p.masa_mulai and p.masa_akhir and 4 <= (p.masa_akhir - p.masa_mulai).days / 365 <= 5.01
    # the platform's ketua is the registered one
    assert PengurusKoperasi.objects.filter(koperasi=maju, jabatan=Jabatan.KETUA, nama="Ani Suryani").exists()
    # status follows aktif: some registry koperasi are inactive or dissolved, no digital one is
    for kop in Koperasi.objects.all():
        assert kop.aktif == (kop.status == StatusKoperasi.AKTIF), kop.kode
    assert Koperasi.objects.filter(status=StatusKoperasi.TIDAK_AKTIF).exists()
    assert not Koperasi.objects.filter(digital=True).exclude(status=StatusKoperasi.AKTIF).exists()


def test_trainings_tell_a_story_with_a_120_participant_webinar() -> None:
    assert set(Kegiatan.objects.values_list("wilayah_kode", flat=True)) == {"36", "36.73"}
    assert set(Kegiatan.objects.values_list("status", flat=True)) == set(StatusKegiatan)
    webinar = Kegiatan.objects.get(judul="Webinar Akuntansi Koperasi SAK EP")
    assert webinar.status == StatusKegiatan.SELESAI
    peserta = webinar.peserta.all()
    assert peserta.count() == 120
    assert peserta.exclude(koperasi=None).values("koperasi").distinct().count() >= 30
    hadir = peserta.hadir().count()
    assert 90 <= hadir <= 110
    assert Sertifikat.objects.filter(peserta__kegiatan=webinar).count() == hadir
    assert not Sertifikat.objects.filter(peserta__hadir_pada=None).exists()
    risiko = Kegiatan.objects.get(judul="Pelatihan Manajemen Risiko KSP")
    assert risiko.status == StatusKegiatan.TERBUKA and risiko.mulai.date() > HARI_INI
    assert 0 < risiko.peserta.count() < risiko.kapasitas and not risiko.peserta.hadir().exists()
    for k in Kegiatan.objects.all():
        assert k.peserta.count() <= k.kapasitas
        assert not k.peserta.filter(daftar_pada__gt=k.mulai).exists()
        if k.status != StatusKegiatan.SELESAI:
            assert not Sertifikat.objects.filter(peserta__kegiatan=k).exists()
    assert not Peserta.objects.filter(koperasi__status=StatusKoperasi.DIBUBARKAN).exists()
    # history is written directly: no messages queued, no audit rows
    assert not Pesan.objects.filter(koperasi=None).exists()
    assert not AuditLog.objects.filter(aksi__startswith="kegiatan").exists()


def test_mentoring_visits_have_findings_and_follow_ups() -> None:
    visits = Pendampingan.objects.all()
    assert 12 <= visits.count() <= 18
    assert set(visits.values_list("mentor__username", flat=True)) == {"eka", "dinas.kotaserang"}
    assert not visits.filter(mentor__username="dinas.kotaserang").exclude(koperasi__kabupaten_kode="36.73").exists()
    assert not visits.filter(temuan="").exists()
    assert all(v.tindak_lanjut.exists() for v in visits)
    tl = TindakLanjut.objects.all()
    assert tl.filter(status=StatusTindakLanjut.SELESAI).exists()
    assert tl.filter(status=StatusTindakLanjut.TERBUKA, jatuh_tempo__lt=HARI_INI).exists()  # overdue
    assert tl.filter(status=StatusTindakLanjut.TERBUKA, jatuh_tempo__gte=HARI_INI).exists()
    assert not tl.filter(status=StatusTindakLanjut.SELESAI, jatuh_tempo__gte=HARI_INI).exists()
