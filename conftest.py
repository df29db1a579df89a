"""Shared test fixtures: the fixed cast of ENGINEERING.md.

Ani (ketua, Koperasi Maju Bersama), Budi (kasir there), Citra (anggota there),
Dedi (pengurus of another koperasi — the outsider), Eka (Dinas officer).
"""

import datetime as dt
import io
import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

# Tests run with the demo defaults (no secrets needed); HTTPS redirects stay off.
os.environ.setdefault("GOTONG_DEBUG", "1")

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

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


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch, live_server: Any) -> Iterator[Any]:
    """Debian's Chromium for the browser tests (``gotong.testing.browser``)."""
    from gotong.testing.browser import chromium

    yield from chromium(monkeypatch)


# --- The seeded demo, shared by the tests that only read it ---------------------------------------
#
# ``seed_demo`` takes a minute or two (members, savings and loan books, closed years, SHU, RAT,
# health assessments). A test that asks for ``demo`` gets the demo seeded and committed once
# (by a module fixture, before the test's transaction begins), then runs like a ``django_db``
# test (the mark is added) in a transaction rolled back to that state, so it may write.
# Those tests are collected next to each other, their ids end in ``[demo]``, and under xdist they
# are sent together to one worker (``pytest_xdist_make_scheduler`` below), which seeds once.
# After the last of them the database is flushed, as after a transactional test, so the tests
# that follow never see the demo.
#
# (xdist's own ``xdist_group`` + ``--dist loadgroup`` would do the sending, but with pytest 9.2 it
# silently stops grouping: pytest-dev/pytest-xdist#1386.)

DEMO_ID = "demo"
DEMO_SKALA = 0.05  # 20/12/15 numbered members instead of 400/250/300
# A bigger loan book in the main koperasi than DEMO_SKALA gives, so it has macet loans to write off.
DEMO_PINJAMAN_MAJU = 1200


@dataclass(frozen=True)
class Demo:
    keluaran: str  # what the seed printed

    def seed(self) -> str:
        """Seed again with the same sizes (inside the test's transaction); what it printed."""
        return _seed_demo()


@dataclass
class _DemoTersimpan:
    keluaran: str | None = None
    gagal: str = ""
    blocker: Any = None  # pytest-django's DjangoDbBlocker, to flush after the group


_demo = _DemoTersimpan()


def _seed_demo() -> str:
    from gotong.config import settings as project
    from gotong.web.management.commands import seed_demo

    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, override_settings(PASSWORD_HASHERS=project.PASSWORD_HASHERS):
        # the logins carry the real (Argon2) hash even when a test swapped in a fast hasher
        mp.setitem(seed_demo.JUMLAH_PINJAMAN, "maju-bersama", DEMO_PINJAMAN_MAJU)
        call_command("seed_demo", skala=DEMO_SKALA, stdout=out)
    return out.getvalue()


def _pakai_demo(item: pytest.Item | None) -> bool:
    return item is not None and "demo" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session")
def _demo_sesi(django_db_setup: None) -> Generator[None, None, None]:
    """Torn down before the test databases are: a demo still there at the end is flushed there."""
    yield
    _demo_hapus()


@pytest.fixture(scope="module")
def _demo_terisi(_demo_sesi: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Seeds (and commits) the demo unless it is there: a module fixture, so before the test's
    transaction begins. Settings as ``_no_2fa_by_default`` gives a test, and a clean cache."""
    from django.core.cache import cache

    if _demo.keluaran is not None or _demo.gagal:
        return
    _demo.blocker = django_db_blocker
    with django_db_blocker.unblock():
        if connection.in_atomic_block:
            pytest.fail("The demo seed must be committed, not run inside a transaction.")
        media = tmp_path_factory.mktemp("demo-media")
        try:
            with override_settings(GOTONG_REQUIRE_2FA=False, MEDIA_ROOT=media):
                cache.clear()
                _demo.keluaran = _seed_demo()
        except Exception as exc:
            _demo.gagal = repr(exc)
            raise


@pytest.fixture
def demo(request: pytest.FixtureRequest, _demo_terisi: None) -> Demo:
    """The demo at DEMO_SKALA, seeded once for the tests that ask for it; each test rolls back."""
    mark = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (mark and (mark.kwargs.get("transaction") or mark.args)):
        pytest.fail("A `demo` test runs in a transaction rolled back to the demo, never a transactional one.")
    if _demo.gagal:
        pytest.fail(f"The demo seed failed: {_demo.gagal}")
    if _demo.keluaran is None:
        pytest.fail("The demo was flushed after another test of this module: keep the `demo` tests together.")
    return Demo(keluaran=_demo.keluaran)


def _demo_hapus() -> None:
    blocker, _demo.keluaran, _demo.gagal, _demo.blocker = _demo.blocker, None, "", None
    if blocker is None:
        return
    nama = os.path.basename(str(connection.settings_dict["NAME"]))
    if "test" not in nama:  # never a real database, whatever the teardown order
        raise RuntimeError(f"The demo is flushed from test databases only, not {nama!r}.")
    with blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    try:
        return (yield)
    finally:
        if _pakai_demo(item) and nextitem is not None and not _pakai_demo(nextitem):
            _demo_hapus()  # the group is done: the tests that follow get an empty database
        # (after the last test the session's teardown has run: _demo_sesi flushed the demo there,
        # while the test database was still the one in use)


def _id_demo(nodeid: str) -> bool:
    """Whether a test id carries the demo parameter: ``test_x[demo]``, ``test_x[1-demo]``."""
    _, kurung, param = nodeid.rpartition("[")
    return bool(kurung) and DEMO_ID in param.removesuffix("]").split("-")


def pytest_itemcollected(item: pytest.Item) -> None:
    if _pakai_demo(item):  # its database is the test database, in a transaction (``db``)
        item.add_marker(pytest.mark.django_db)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "demo" in metafunc.fixturenames:  # the id tells the xdist scheduler, and the reader
        metafunc.parametrize("demo", [DEMO_ID], ids=[DEMO_ID], indirect=True)


@pytest.hookimpl(trylast=True)  # after pytest-django orders the tests by kind
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The ``demo`` tests run one after another, where the first of them was collected."""
    bersama = [item for item in items if _pakai_demo(item)]
    if not bersama:
        return
    awal = items.index(bersama[0])
    lain = [item for item in items if not _pakai_demo(item)]
    items[:] = lain[:awal] + bersama + lain[awal:]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``--dist load`` (what ``-n`` gives) or ``loadgroup``: as load, but the ``[demo]``
    tests go to one worker together (the largest unit, so it is sent first)."""
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadGroupScheduling

    class DemoSekali(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return DEMO_ID if _id_demo(nodeid) else super()._split_scope(nodeid)

    return DemoSekali(config, log)
