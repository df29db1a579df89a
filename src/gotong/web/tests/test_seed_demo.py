"""The demo seed: consistent NIKs and places, idempotent, working logins, numbering continues.

The tests read the shared demo (``demo`` in conftest.py, seeded once and rolled back after each
test); the one that seeds a second time does so inside its transaction and checks every part of
the demo at once: the other demo modules' ``sidik`` and the counts below."""

import datetime as dt
from typing import Any

import pytest
from conftest import Demo
from django.contrib.auth import authenticate
from django.test import RequestFactory
from pytest_django import DjangoCaptureOnCommitCallbacks

from gotong.accounts.models import User
from gotong.core import nik, regions
from gotong.core.models import AuditLog
from gotong.members.models import Anggota, PengajuanKeluar, RiwayatStatus, StatusAnggota
from gotong.members.services import anggota_approve
from gotong.notifications.models import Pesan
from gotong.tenancy.models import Koperasi, Penomoran, Peran, PeranDinas
from gotong.web.management.commands import seed_demo
from gotong.web.tests import test_demo_dinas, test_demo_ods, test_demo_pinjaman, test_demo_simpanan

DIGITAL = ("maju-bersama", "tani-makmur", "sejahtera-mandiri")


def counts() -> dict[str, Any]:
    return {
        "koperasi": Koperasi.objects.count(),
        "anggota": Anggota.objects.count(),
        "riwayat": RiwayatStatus.objects.count(),
        "pengajuan": PengajuanKeluar.objects.count(),
        "user": User.objects.count(),
        "peran": Peran.objects.count(),
        "dinas": PeranDinas.objects.count(),
        "penomoran": sorted(Penomoran.objects.values_list("koperasi__kode", "seri", "terakhir")),
        "pesan": Pesan.objects.count(),
        "audit_maju": AuditLog.objects.for_koperasi(Koperasi.objects.get(kode="maju-bersama")).count(),
    }


def sidik_demo() -> dict[str, Any]:
    """Every part of the demo a second seed must leave as it was."""
    return {
        "seed": counts(),
        "dinas": test_demo_dinas.sidik(),
        "simpanan": test_demo_simpanan.sidik(),
        "pinjaman": test_demo_pinjaman.sidik(),
        "ods": test_demo_ods.sidik(),
    }


@pytest.mark.usefixtures("demo")
def test_every_member_has_a_valid_nik_and_a_consistent_address() -> None:
    members = list(Anggota.objects.all())
    assert len(members) > 60
    for a in members:
        parts = nik.validate(a.nik, tanggal_lahir=a.tanggal_lahir, jenis_kelamin=a.jenis_kelamin)
        assert parts.kecamatan_kode == a.kecamatan_kode, a.nama
        assert regions.is_level(a.desa_kode, 4) and regions.get(a.desa_kode).induk == a.kecamatan_kode  # type: ignore[union-attr]
        assert regions.get(a.kecamatan_kode).induk == a.kabupaten_kode  # type: ignore[union-attr]
        assert a.kabupaten_kode.startswith("36.")
        assert len(a.nomor_kk) == 16 and a.nomor_kk[:6] == a.nik[:6]
        assert a.nama_cari == a.nama.lower()
        assert a.telepon.startswith("08") and 11 <= len(a.telepon) <= 12
        assert dt.date(1955, 1, 1) <= a.tanggal_lahir <= dt.date(2003, 12, 31)


@pytest.mark.usefixtures("demo")
def test_niks_unique_per_koperasi_and_history_matches_status() -> None:
    for kop in Koperasi.objects.filter(digital=True):
        niks = list(Anggota.objects.filter(koperasi=kop).values_list("nik", flat=True))
        assert len(niks) == len(set(niks))
        for a in Anggota.objects.filter(koperasi=kop).prefetch_related("riwayat"):
            langkah = [r.ke for r in a.riwayat.all()]
            assert langkah[0] == StatusAnggota.CALON and langkah[-1] == a.status, a.nama
        # maju-bersama's ketua decided the two oldest applications in the demo activity
        decided = 1 if kop.kode == "maju-bersama" else 0
        waiting = Anggota.objects.filter(koperasi=kop, status=StatusAnggota.CALON, nomor_anggota__isnull=True)
        assert waiting.count() == 8 - 2 * decided
        rejected = Anggota.objects.filter(koperasi=kop, status=StatusAnggota.DITOLAK).exclude(alasan_penolakan="")
        assert rejected.count() == 4 + decided
        assert PengajuanKeluar.objects.filter(koperasi=kop, status="diajukan").count() in (1, 2)
        keluar = Anggota.objects.filter(koperasi=kop, status=StatusAnggota.KELUAR)
        assert keluar.exists() and not keluar.filter(tanggal_keluar__isnull=True).exists()
        assert PengajuanKeluar.objects.filter(koperasi=kop, status="disetujui").count() == keluar.count()
    # seeded data queues no notifications; only the two real decisions in maju-bersama do
    assert not Pesan.objects.exclude(koperasi__kode="maju-bersama").exists()


def test_second_run_changes_nothing(
    demo: Demo, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    before = sidik_demo()
    with django_capture_on_commit_callbacks(execute=True):  # as when the second run commits
        out = demo.seed()
    after = sidik_demo()
    for bagian in before:
        assert after[bagian] == before[bagian], bagian
    assert "dilewati" in out
    assert Koperasi.objects.filter(digital=False).count() >= 55
    assert Koperasi.objects.filter(digital=True).count() == 3


def test_demo_logins_authenticate_and_hold_their_roles(demo: Demo) -> None:
    out = demo.keluaran
    request = RequestFactory().post("/masuk/")
    for username in ("ani", "citra", "eka"):  # staff, member, dinas (Argon2: ~0.5 s each)
        assert authenticate(request, username=username, password="gotong-demo") is not None, username
    demo = ("ani", "budi", "citra", "dedi", "eka", "maju.bendahara", "tani.sekretaris", "sejahtera.ketua")
    hashes = set(User.objects.filter(username__in=demo).values_list("password", flat=True))
    assert len(hashes) == 1 and hashes.pop().startswith("argon2")  # one hash: the same password for all
    for username in demo:
        assert username in out

    def peran(username: str) -> set[tuple[str, str]]:
        return set(Peran.objects.filter(user__username=username, aktif=True).values_list("koperasi__kode", "peran"))

    assert peran("ani") == {("maju-bersama", "ketua"), ("sejahtera-mandiri", "pengawas")}
    assert peran("budi") == {("maju-bersama", "kasir")}
    assert peran("citra") == {("maju-bersama", "anggota")}
    assert peran("dedi") == {("tani-makmur", "ketua")}
    assert PeranDinas.objects.filter(user__username="eka", tingkat="provinsi", wilayah_kode="36").exists()
    assert User.objects.get(username="ani").email == "ani@maju-bersama.demo.gotong.id"
    citra = Anggota.objects.get(user__username="citra")
    assert (citra.nama, citra.jenis_kelamin, citra.status) == ("Citra Lestari", "P", StatusAnggota.AKTIF)
    nik.validate(citra.nik, tanggal_lahir=citra.tanggal_lahir, jenis_kelamin="P")


@pytest.mark.usefixtures("demo")
def test_member_numbers_continue_after_the_seed() -> None:
    for kode in DIGITAL:
        kop = Koperasi.objects.get(kode=kode)
        terakhir = Penomoran.objects.get(koperasi=kop, seri="anggota").terakhir
        assert terakhir == Anggota.objects.filter(koperasi=kop, nomor_anggota__isnull=False).count()
    kop = Koperasi.objects.get(kode="maju-bersama")
    last = Anggota.objects.filter(koperasi=kop).terdaftar().order_by("-tanggal_masuk", "-id").first()
    assert last is not None and last.nomor_anggota == f"MB-{last.tanggal_masuk.year}-{terakhir_of(kop):04d}"  # type: ignore[union-attr]
    calon = Anggota.objects.filter(koperasi=kop).calon().first()
    assert calon is not None
    disetujui = anggota_approve(
        anggota=calon, actor=User.objects.get(username="ani"), tanggal_masuk=dt.date(2026, 11, 28)
    )
    assert disetujui.nomor_anggota == f"MB-2026-{terakhir_of(kop):04d}"
    assert terakhir_of(kop) == Anggota.objects.filter(koperasi=kop, nomor_anggota__isnull=False).count()


def terakhir_of(kop: Koperasi) -> int:
    return Penomoran.objects.get(koperasi=kop, seri="anggota").terakhir


def test_plan_is_the_same_every_time() -> None:
    """Same seed, same data: two plans agree person by person (tokens aside)."""

    def sidik(r: seed_demo.Rencana) -> list[tuple[Any, ...]]:
        return [
            (a.anggota.nik, a.anggota.nama, a.anggota.nomor_anggota, a.anggota.desa_kode, a.anggota.telepon)
            for k in r.koperasi
            for a in k.anggota
        ] + [(k.kode, k.nilai["nama"], k.nilai["desa_kode"]) for k in r.koperasi]

    assert sidik(seed_demo.rencana(0.05)) == sidik(seed_demo.rencana(0.05))


@pytest.mark.usefixtures("demo")
def test_the_demo_shows_real_activity_in_the_audit_trail_and_outbox() -> None:
    maju = Koperasi.objects.get(kode="maju-bersama")
    # the loan book, the book years, the SHU, the RAT and the health assessments are played
    # through their services, which audit too; the members' own actions are the demo's few
    semua = AuditLog.objects.for_koperasi(maju).values_list("aksi", flat=True)
    aksi = sorted(a for a in semua if a.startswith(("anggota.", "koperasi.")))
    assert {"akun.tambah", "periode.tutup", "tahun_buku.tutup"} <= set(semua)
    assert aksi == ["anggota.setujui", "anggota.tolak", "anggota.ubah", "koperasi.pengaturan"]
    assert Pesan.objects.for_koperasi(maju).count() == 2
    # and only once: a second seed adds no audit row nor message (counts, in the second-run test)
