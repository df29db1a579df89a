"""Benchmark: the member register search on a large koperasi, in PostgreSQL.

Builds a scratch database with one koperasi and (by default) 100,000 members loaded with
COPY, then times, through the same Django code the register page runs:

* baseline: ``Anggota.objects.get(pk=...)``, a primary-key lookup;
* register search: ``selectors.anggota_register_page(filters={"q": term})``, the page
  ``members.views.anggota_list`` renders (a count of at most 250 matches + one page).

It prints p50/p95 of both, the ratio search p95 / lookup p95 against the target (at most
5x), peak memory, and the query count of the member list page for page sizes 10, 25 and
100, which must not depend on the page size (the run exits non-zero if it does).
For information it also times the same search with Django's exact COUNT of every match,
the register page without a search, and the whole list page through the test Client.
All cases run interleaved, round by round, so they share the machine's load.

    .venv/bin/python bench/members.py [--members 100000]
        [--database-url postgresql://postgres@127.0.0.1:5432/gotong_bench] [--keep]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import functools
import itertools
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

if TYPE_CHECKING:
    from gotong.tenancy.models import Koperasi

Case = tuple[str, str]  # ("lookup", ""), ("view", term) or ("exact", term)

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/gotong_bench"
TARGET_RATIO = 5.0
COUNT_LIMIT = 250  # gotong.core.pagination.COUNT_LIMIT, checked after Django starts
LIST_PAGE_QUERY = "q=budi"
LIST_PAGE_REPS = 30
PAGE_SIZES = (10, 25, 100)
SEED = 7
TODAY = dt.date(2025, 11, 30)

# Search terms a clerk types: name fragments (common, middling, rare, absent), NIK
# prefixes (>= 6 digits: kecamatan, + birth day, + birth month), member-number prefixes
# (the default format is {urut:05d}), and desa names.
SEARCH_TERMS: tuple[tuple[str, str], ...] = (
    ("nama umum", "sari"),
    ("nama umum", "wati"),
    ("nama umum", "budi"),
    ("nama sedang", "hidayat"),
    ("nama langka", "almira p"),
    ("nama langka", "aris irawan"),
    ("nama tak ada", "zulkarnaen"),
    ("NIK 6", "360405"),
    ("NIK 8", "36040512"),
    ("NIK 10", "3604051203"),
    ("nomor 3", "042"),
    ("nomor 4", "0421"),
    ("nomor 5", "04213"),
    ("desa", "Bendungan"),
    ("desa", "Sukamaju"),
)

PEKERJAAN = (
    "Petani",
    "Pedagang",
    "Buruh harian lepas",
    "Wiraswasta",
    "Karyawan swasta",
    "Guru",
    "Nelayan",
    "Mengurus rumah tangga",
    "Peternak",
    "Pegawai negeri sipil",
    "Sopir",
    "Penjahit",
    "Tukang bangunan",
    "Pensiunan",
    "Perangkat desa",
)

# --- the scratch database ------------------------------------------------------------------


def _admin_connection(url: str) -> psycopg.Connection[Any]:
    """A connection to the server's ``postgres`` database, for CREATE/DROP DATABASE."""
    return psycopg.connect(url, dbname="postgres", autocommit=True)


def _database_name(url: str) -> str:
    """The scratch database's name; it is dropped, so it must say ``bench``."""
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop and recreate {name!r}: the name must contain 'bench'")
    return name


def database_recreate(url: str) -> None:
    name = _database_name(url)
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    from django.conf import settings
    from django.db import connections

    if settings.configured:
        connections.close_all()
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_database_name(url)}" WITH (FORCE)')


def django_setup(url: str) -> None:
    """Point Django at the scratch database; demo settings (no 2FA), test host allowed."""
    os.environ["DATABASE_URL"] = url
    os.environ["GOTONG_DEBUG"] = "1"
    os.environ["GOTONG_REQUIRE_2FA"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gotong.config.settings")
    import django

    django.setup()
    from gotong.core import pagination

    assert pagination.COUNT_LIMIT == COUNT_LIMIT, "bench/members.py COUNT_LIMIT is out of date"


# --- building the data -----------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    """First and last names drawn once from Faker id_ID, combined per member."""

    male: list[str]
    female: list[str]
    last: list[str]
    streets: list[str]


def name_pool(size: int = 3000) -> NamePool:
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(SEED)
    return NamePool(
        male=[fake.first_name_male() for _ in range(size)],
        female=[fake.first_name_female() for _ in range(size)],
        last=[fake.last_name() for _ in range(size)],
        streets=[fake.street_name() for _ in range(size // 3)],
    )


def _nama(rng: random.Random, pool: NamePool, perempuan: bool) -> str:
    first = pool.female if perempuan else pool.male
    shape = rng.random()
    if shape < 0.10:
        return rng.choice(first)
    if shape < 0.30:
        return f"{rng.choice(first)} {rng.choice(first)} {rng.choice(pool.last)}"
    return f"{rng.choice(first)} {rng.choice(pool.last)}"


def _token(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(18)).decode()


@dataclass(frozen=True)
class Wilayah3:
    """A Banten kecamatan with its desa codes and kabupaten name."""

    kode: str
    desa: list[str]
    kabupaten_nama: str


def banten_kecamatan() -> list[Wilayah3]:
    from gotong.core import regions

    return [
        Wilayah3(kec.kode, [d.kode for d in regions.children(kec.kode)], kab.nama.split(" ", 1)[-1])
        for kab in regions.kabupaten_banten()
        for kec in regions.children(kab.kode)
        if regions.children(kec.kode)
    ]


def _dates(rng: random.Random, n: int) -> list[dt.date]:
    """Application dates, oldest first, so member numbers follow the join order."""
    start = dt.date(2008, 1, 1).toordinal()
    return sorted(dt.date.fromordinal(rng.randint(start, TODAY.toordinal())) for _ in range(n))


def _nik_unique(rng: random.Random, used: set[str], kec: str, lahir: dt.date, perempuan: bool) -> str:
    from gotong.core import nik

    while True:
        candidate = nik.build(kec, lahir, perempuan, rng.randint(1, 9999))
        if candidate not in used:
            used.add(candidate)
            return candidate


def _membership(rng: random.Random, daftar: dt.date, calon: bool) -> dict[str, Any]:
    """Status and dates: joined within a month of applying; about 5% left later."""
    if calon:
        return {"status": "calon", "tanggal_masuk": None, "tanggal_keluar": None}
    masuk = min(TODAY, daftar + dt.timedelta(days=rng.randint(0, 30)))
    keluar = None
    if rng.random() < 0.05:
        keluar = min(TODAY, masuk + dt.timedelta(days=rng.randint(30, 3000)))
    status = "keluar" if keluar else "aktif"
    return {"status": status, "tanggal_masuk": masuk, "tanggal_keluar": keluar}


def _alamat(rng: random.Random, pool: NamePool) -> str:
    rt, rw = rng.randint(1, 15), rng.randint(1, 9)
    return f"{rng.choice(pool.streets)} No. {rng.randint(1, 200)}, RT {rt:03d}/RW {rw:03d}"


def member_rows(koperasi_id: int, n: int) -> Iterator[dict[str, Any]]:
    """``n`` plausible members: ~93% aktif, ~5% keluar, the newest ~2% still calon."""
    rng = random.Random(SEED)
    pool, wilayah = name_pool(), banten_kecamatan()
    used_nik: set[str] = set()
    calon_from = n - max(1, n // 50)
    for i, daftar in enumerate(_dates(rng, n)):
        perempuan = rng.random() < 0.5
        kec = rng.choice(wilayah)
        lahir = dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
        nama = _nama(rng, pool, perempuan)
        stamp = dt.datetime.combine(daftar, dt.time(9, rng.randint(0, 59)), tzinfo=dt.UTC)
        yield {
            "koperasi_id": koperasi_id,
            "nomor_anggota": None if i >= calon_from else f"{i + 1:05d}",  # format {urut:05d}
            "nik": _nik_unique(rng, used_nik, kec.kode, lahir, perempuan),
            "nomor_kk": kec.kode.replace(".", "") + f"{rng.randrange(10**10):010d}",
            "nama": nama,
            "nama_cari": nama.lower(),  # what Anggota.save() stores
            "tempat_lahir": kec.kabupaten_nama,
            "tanggal_lahir": lahir,
            "jenis_kelamin": "P" if perempuan else "L",
            "alamat": _alamat(rng, pool),
            "kabupaten_kode": kec.kode[:5],
            "kecamatan_kode": kec.kode,
            "desa_kode": rng.choice(kec.desa),
            "telepon": f"08{rng.randrange(10**10):010d}",
            "email": "",
            "pekerjaan": rng.choice(PEKERJAAN),
            "foto_ktp": "",
            "persetujuan_pada": stamp,
            "tanggal_daftar": daftar,
            **_membership(rng, daftar, calon=i >= calon_from),
            "alasan_penolakan": "",
            "token_status": _token(rng),
            "token_kartu": _token(rng),
            "dibuat": stamp,
            "diubah": stamp,
        }


def koperasi_create(n: int) -> Koperasi:
    from gotong.tenancy.models import Koperasi, Penomoran

    koperasi = Koperasi.objects.create(
        kode="bench-maju-bersama",
        nama="KSP Bench Maju Bersama",
        jenis="ksp",
        kabupaten_kode="36.04",
        kecamatan_kode="36.04.05",
        digital=True,
    )
    Penomoran.objects.create(koperasi=koperasi, seri="anggota", terakhir=n - max(1, n // 50))
    return koperasi


def members_copy(koperasi: Koperasi, n: int) -> None:
    """COPY the members in, then VACUUM ANALYZE as autovacuum would after a bulk load."""
    from django.db import connection

    from gotong.members.models import Anggota

    table = Anggota._meta.db_table
    connection.ensure_connection()
    raw = connection.connection
    start = time.perf_counter()
    rows = member_rows(koperasi.pk, n)
    first = next(rows)
    columns = list(first)
    with raw.cursor() as cur:
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in itertools.chain([first], rows):
                copy.write_row([row[c] for c in columns])
    copied = time.perf_counter()
    with raw.cursor() as cur:  # Django runs in autocommit, so COPY has committed already
        cur.execute(f"VACUUM (ANALYZE) {table}")
    print(f"  generate + COPY {copied - start:.1f} s, VACUUM ANALYZE {time.perf_counter() - copied:.1f} s")


def ketua_create(koperasi: Koperasi) -> Any:
    from django.contrib.auth import get_user_model

    from gotong.tenancy.models import NamaPeran, Peran

    user = get_user_model().objects.create_user(username="bench-ketua", password=None, nama_lengkap="Ani")
    Peran.objects.create(user=user, koperasi=koperasi, peran=NamaPeran.KETUA)
    return user


# --- measuring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    p50: float
    p95: float


def timing(samples_ms: Sequence[float]) -> Timing:
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return Timing(p50=cuts[49], p95=cuts[94])


def _time_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter_ns()
    fn()
    return (time.perf_counter_ns() - start) / 1e6


def lookup_case() -> Callable[[], object]:
    """The baseline: one member by primary key, a different random one each call."""
    from django.db.models import Max, Min

    from gotong.members.models import Anggota

    rng = random.Random(SEED + 1)
    bounds = Anggota.objects.aggregate(lo=Min("id"), hi=Max("id"))
    return lambda: Anggota.objects.get(pk=rng.randint(bounds["lo"], bounds["hi"]))


def register_page(koperasi: Koperasi, term: str) -> int:
    """One page of the register search, through the selector ``views.anggota_list`` calls."""
    from gotong.members import selectors

    page = selectors.anggota_register_page(koperasi=koperasi, filters={"q": term} if term else {}, nomor=1)
    list(page)
    return int(page.paginator.count)


def exact_count_page(koperasi: Koperasi, term: str) -> int:
    """For comparison only: the same page with Django's exact COUNT of every match."""
    from django.core.paginator import Paginator

    from gotong.members import selectors

    qs = selectors.anggota_register(koperasi=koperasi, filters={"q": term})
    page = Paginator(qs, selectors.REGISTER_PAGE_SIZE).get_page(1)
    list(page)
    return int(page.paginator.count)


def measure(cases: dict[Case, Callable[[], object]], reps: int, warmup: int) -> dict[Case, list[float]]:
    """``reps`` timings per case; each round runs every case once, so all see the same load."""
    samples: dict[Case, list[float]] = {case: [] for case in cases}
    for i in range(warmup + reps):
        for case, fn in cases.items():
            ms = _time_ms(fn)
            if i >= warmup:
                samples[case].append(ms)
    return samples


def cases_for(koperasi: Koperasi) -> dict[Case, Callable[[], object]]:
    cases: dict[Case, Callable[[], object]] = {("lookup", ""): lookup_case()}
    for term in ["", *(term for _label, term in SEARCH_TERMS)]:
        cases[("view", term)] = functools.partial(register_page, koperasi, term)
        cases[("exact", term)] = functools.partial(exact_count_page, koperasi, term)
    return cases


def list_page_queries(koperasi: Koperasi, user: Any, query: str) -> dict[int, int]:
    """Queries the member list page runs, per page size (the register page size patched)."""
    from unittest import mock

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gotong.members import selectors

    client = Client()
    client.force_login(user)
    url = f"/k/{koperasi.kode}/anggota/?{query}"
    counts: dict[int, int] = {}
    for size in PAGE_SIZES:
        reset_queries()  # DEBUG keeps only the last 9,000 queries; a full log captures none
        with mock.patch.object(selectors, "REGISTER_PAGE_SIZE", size), CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
        rows = response.content.count(b"<tr>") - 1  # minus the header row
        if rows != size:  # the patch must reach the view, or the comparison proves nothing
            raise SystemExit(f"GET {url} with page size {size} showed {rows} rows")
        counts[size] = len(ctx.captured_queries)
    return counts


def list_page_cases(koperasi: Koperasi, user: Any) -> dict[Case, Callable[[], object]]:
    """The whole page as a browser gets it, and the htmx partial the search box asks for."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    url = f"/k/{koperasi.kode}/anggota/?{LIST_PAGE_QUERY}"
    return {
        ("page", "full page"): lambda: client.get(url),
        ("page", "htmx partial (HX-Request)"): lambda: client.get(url, HTTP_HX_REQUEST="true"),
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# --- reporting -------------------------------------------------------------------------------


def _row(name: str, t: Timing, base: Timing | None = None) -> None:
    ratios = f"{t.p50 / base.p50:>8.1f}x {t.p95 / base.p95:>8.1f}x" if base else ""
    print(f"{name:<52} {t.p50:>8.2f} {t.p95:>8.2f} {ratios}")


def report_timings(koperasi: Koperasi, samples: dict[Case, list[float]]) -> float:
    """Print the baseline, the search mix and each term; return the ratio of p95s."""
    lookup = timing(samples[("lookup", "")])
    terms = [term for _label, term in SEARCH_TERMS]
    view = timing([ms for term in terms for ms in samples[("view", term)]])
    exact = timing([ms for term in terms for ms in samples[("exact", term)]])
    print(f"\n{'':<52} {'p50 ms':>8} {'p95 ms':>8} {'p50 ratio':>9} {'p95 ratio':>9}")
    _row("lookup: Anggota.objects.get(pk)", lookup, lookup)
    _row(f"search page as the view runs it (count <= {COUNT_LIMIT:,})", view, lookup)
    _row("(info) search page with an exact COUNT of all matches", exact, lookup)
    _row("(info) register page without search (exact total)", timing(samples[("view", "")]), lookup)

    print(f"\n  {'kind':<13} {'term':<12} {'matches':>8} {'view p50':>9} {'p95':>7} {'exact p50':>10} {'p95':>7}")
    for label, term in SEARCH_TERMS:
        v, e = timing(samples[("view", term)]), timing(samples[("exact", term)])
        count = exact_count_page(koperasi, term)
        print(f"  {label:<13} {term:<12} {count:>8} {v.p50:>9.2f} {v.p95:>7.2f} {e.p50:>10.2f} {e.p95:>7.2f}")
    ratio = view.p95 / lookup.p95
    verdict = "OK" if ratio <= TARGET_RATIO else "MISSED"
    print(f"\nratio search p95 / lookup p95: {ratio:.1f}x (target <= {TARGET_RATIO:.0f}x) {verdict}")
    return ratio


def report_list_page(samples: dict[Case, list[float]]) -> None:
    print(f"\nmember list page through the test Client, {LIST_PAGE_QUERY} (info):")
    for case, values in samples.items():
        t = timing(values)
        print(f"  {case[1]:<50} p50 {t.p50:7.2f} ms  p95 {t.p95:7.2f} ms")


def report_queries(name: str, counts: dict[int, int]) -> bool:
    constant = len(set(counts.values())) == 1
    shown = ", ".join(f"{size}/page: {n}" for size, n in counts.items())
    verdict = "constant" if constant else "GROWS WITH PAGE SIZE (N+1?)"
    print(f"  {name:<22} {shown}  -> {verdict}")
    return constant


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reps", type=int, default=300, help="timed rounds (each case once per round)")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    if args.reps < 2:
        parser.error("--reps must be at least 2 (percentiles need two samples)")
    _database_name(args.database_url)  # refuse early, before anything is dropped
    return args


def build(n: int) -> tuple[Koperasi, Any]:
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    koperasi = koperasi_create(n)
    members_copy(koperasi, n)
    built = time.perf_counter() - migrated
    print(f"migrate: {migrated - start:.1f} s; {n:,} members (generate + COPY + VACUUM ANALYZE): {built:.1f} s")
    return koperasi, ketua_create(koperasi)


def run(args: argparse.Namespace) -> int:
    from django.conf import settings

    database_recreate(args.database_url)
    django_setup(args.database_url)
    koperasi, user = build(args.members)
    print(f"peak RSS after build: {peak_rss_mb():.0f} MiB")

    # DEBUG was needed to start without a secret; production does not log every query.
    settings.DEBUG = False
    cases = cases_for(koperasi)
    print(f"timing {len(cases)} cases x {args.reps} rounds (+{args.warmup} warm-up), interleaved ...")
    print(f"load average before timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    report_timings(koperasi, measure(cases, args.reps, args.warmup))
    report_list_page(measure(list_page_cases(koperasi, user), LIST_PAGE_REPS, warmup=3))
    print(f"load average after timing: {os.getloadavg()[0]:.1f}")

    print("\nmember list page, queries per request:")
    constant = all(
        [
            report_queries("no filter", list_page_queries(koperasi, user, "")),
            report_queries("q=sari", list_page_queries(koperasi, user, "q=sari")),
        ]
    )
    print(f"\npeak RSS: {peak_rss_mb():.0f} MiB")
    return 0 if constant else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    finally:
        if args.keep:
            print(f"kept {args.database_url}")
        else:
            database_drop(args.database_url)


if __name__ == "__main__":
    sys.exit(main())
