"""Shared test fixtures: the fixed cast of ENGINEERING.md.

Ani (ketua, Koperasi Maju Bersama), Budi (kasir there), Citra (anggota there),
Dedi (pengurus of another koperasi — the outsider), Eka (Dinas officer).
"""

import datetime as dt
import os
from typing import Any

# Tests run with the demo defaults (no secrets needed); HTTPS redirects stay off.
os.environ.setdefault("GOTONG_DEBUG", "1")

import pytest
from django.test import Client

from gotong.accounts.models import User
from gotong.ledger.services import bagan_akun_siapkan
from gotong.members.models import Anggota, StatusAnggota
from gotong.savings.services import produk_default_siapkan
from gotong.tenancy.models import JenisKoperasi, Koperasi, NamaPeran, Peran, PeranDinas, TingkatDinas

PASSWORD = "gotong-test-sandi"


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_2fa_by_default(settings: Any, tmp_path: Any) -> None:
    settings.GOTONG_REQUIRE_2FA = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _user(username: str, nama: str) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, nama_lengkap=nama, email=f"{username}@contoh.id"
    )
    return user


def _with_books(koperasi: Koperasi) -> Koperasi:
    """Every test koperasi has its chart of accounts and savings products, as the demo gives them."""
    bagan_akun_siapkan(koperasi=koperasi)
    produk_default_siapkan(koperasi=koperasi)
    return koperasi


@pytest.fixture
def maju(db: Any) -> Koperasi:
    koperasi = Koperasi.objects.create(
        kode="maju-bersama",
        nama="Koperasi Maju Bersama",
        jenis=JenisKoperasi.SIMPAN_PINJAM,
        kabupaten_kode="36.73",
        kecamatan_kode="36.73.01",
        provinsi_kode="36",
        digital=True,
        nomor_badan_hukum="123/BH/XI/2015",
        format_nomor_anggota="MB-{tahun}-{urut:04d}",
    )
    return _with_books(koperasi)


@pytest.fixture
def tani(db: Any) -> Koperasi:
    koperasi = Koperasi.objects.create(
        kode="tani-makmur",
        nama="Koperasi Tani Makmur",
        jenis=JenisKoperasi.PRODUSEN,
        kabupaten_kode="36.01",
        provinsi_kode="36",
        digital=True,
    )
    return _with_books(koperasi)


def _role(user: User, koperasi: Koperasi, peran: str) -> User:
    Peran.objects.create(user=user, koperasi=koperasi, peran=peran)
    return user


@pytest.fixture
def ani(maju: Koperasi) -> User:
    return _role(_user("ani", "Ani Suryani"), maju, NamaPeran.KETUA)


@pytest.fixture
def budi(maju: Koperasi) -> User:
    return _role(_user("budi", "Budi Santoso"), maju, NamaPeran.KASIR)


@pytest.fixture
def pengawas(maju: Koperasi) -> User:
    return _role(_user("pak-hadi", "Hadi Pengawas"), maju, NamaPeran.PENGAWAS)


@pytest.fixture
def citra_anggota(maju: Koperasi) -> Anggota:
    anggota = Anggota.objects.create(
        koperasi=maju,
        nik="3673014508900003",
        nomor_kk="3673010101010001",
        nama="Citra Lestari",
        tempat_lahir="Serang",
        tanggal_lahir=dt.date(1990, 8, 5),
        jenis_kelamin="P",
        alamat="Jl. Veteran No. 3 RT 01/RW 02",
        kabupaten_kode="36.73",
        kecamatan_kode="36.73.01",
        desa_kode="36.73.01.1001",
        telepon="081234567890",
        pekerjaan="Pedagang",
        tanggal_daftar=dt.date(2021, 3, 1),
        tanggal_masuk=dt.date(2021, 3, 5),
        status=StatusAnggota.AKTIF,
        nomor_anggota="MB-2021-0001",
    )
    return anggota


@pytest.fixture
def citra(maju: Koperasi, citra_anggota: Anggota) -> User:
    user = _role(_user("citra", "Citra Lestari"), maju, NamaPeran.ANGGOTA)
    citra_anggota.user = user
    citra_anggota.save()
    return user


@pytest.fixture
def dedi(tani: Koperasi) -> User:
    return _role(_user("dedi", "Dedi Kurniawan"), tani, NamaPeran.KETUA)


@pytest.fixture
def eka(db: Any) -> User:
    user = _user("eka", "Eka Pratiwi")
    PeranDinas.objects.create(user=user, tingkat=TingkatDinas.PROVINSI, wilayah_kode="36")
    return user


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_ani(ani: User) -> Client:
    return login(ani)


@pytest.fixture
def as_dedi(dedi: User) -> Client:
    return login(dedi)
