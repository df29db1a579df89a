"""Benchmark: the Dinas dashboard (``/dinas/``) as the province grows, in PostgreSQL.

Builds a scratch database with 6,555 cooperatives (DOMAIN.md: the provincial office's count
of active registered cooperatives) spread over Banten's 8 kabupaten/kota, about 1,000,000
member rows (COPY, in the digital cooperatives) and six book years of yearly ODS figures per
cooperative; rebuilds the dashboard's aggregates (``manage.py dasbor_segarkan``); then times,
through the Django test Client as a provincial officer, interleaved round by round:

* baseline: the sign-in page ``GET /masuk/``;
* the dashboard ``GET /dinas/`` (its trend of the digital ladder read from the monthly history
  backfilled since 2021 by ``agregat.riwayat_tingkat_isi``) (and, for information, narrowed to Kab. Lebak, and with the
  charts' cache cleared before each request: the page as the first view after a change).

Target: dashboard p50 <= 5x the sign-in page p50. Then it grows the registry to 65,550
cooperatives (ten times; their yearly figures too; the member rows stay at ~1,000,000 unless
``--grow-members``), rebuilds the aggregates, times again, and checks the dashboard p50 at
65,550 <= 1.5x its p50 at 6,555 and that the page runs the same number of queries.

    .venv/bin/python bench/dashboard.py [--members 1000000] [--reps 40]
        [--database-url postgresql://postgres:postgres@127.0.0.1:5432/gotong_bench_dasbor] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_URL = "postgresql://postgres:postgres@127.0.0.1:5432/gotong_bench_dasbor"
KOPERASI_AWAL = 6_555
KOPERASI_BESAR = 65_550
TARGET_LOGIN = 5.0
TARGET_TUMBUH = 1.5
SEED = 11
TODAY = dt.date(2026, 11, 30)
TAHUN = range(2020, 2026)  # book years with yearly figures
RIWAYAT_SEJAK = dt.date(2021, 1, 1)  # the digital ladder's monthly history, backfilled from here
DIGITAL = 0.15  # share of cooperatives on Gotong
# Rough weights of the 8 kabupaten/kota (more cooperatives where more people live).
KAB = {
    "36.01": 9,
    "36.02": 9,
    "36.03": 22,
    "36.04": 11,
    "36.71": 17,
    "36.72": 4,
    "36.73": 6,
    "36.74": 12,
}
JENIS = {"ksp": 30, "serba_usaha": 30, "konsumen": 20, "produsen": 8, "pemasaran": 4, "jasa": 8}
STATUS = {"aktif": 80, "tidak_aktif": 17, "dibubarkan": 3}
NAMA = ("Sejahtera", "Makmur", "Bersama", "Mandiri", "Berkah", "Jaya", "Sentosa", "Harapan", "Amanah", "Maju")
DEPAN = ("Koperasi", "KSP", "KUD", "Kopwan", "Koperasi Karyawan", "Koperasi Pedagang", "Koperasi Nelayan")


# --- the scratch database ------------------------------------------------------------------


def _database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop and recreate {name!r}: the name must contain 'bench'")
    return name


def _admin(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(url, dbname="postgres", autocommit=True)


def database_recreate(url: str) -> None:
    name = _database_name(url)
    with _admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    from django.conf import settings
    from django.db import connections

    if settings.configured:
        connections.close_all()
    with _admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_database_name(url)}" WITH (FORCE)')


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["GOTONG_DEBUG"] = "1"
    os.environ["GOTONG_REQUIRE_2FA"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gotong.config.settings")
    import django

    django.setup()


# --- building the data -----------------------------------------------------------------------


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _kecamatan() -> dict[str, list[str]]:
    from gotong.core import regions

    return {kab: [k.kode for k in regions.children(kab)] for kab in KAB}


def koperasi_rows(start: int, n: int) -> Iterator[dict[str, Any]]:
    """Cooperatives numbered ``start`` .. ``start + n - 1``: kode, badan hukum and NIK unique."""
    rng = random.Random(SEED + start)
    kec = _kecamatan()
    for i in range(start, start + n):
        kab = _pick(rng, KAB)
        status = _pick(rng, STATUS)
        digital = status == "aktif" and rng.random() < DIGITAL / 0.8
        berdiri = dt.date(rng.randint(1975, 2024), rng.randint(1, 12), rng.randint(1, 28))
        sejak = dt.date(rng.randint(max(2021, berdiri.year), 2026), rng.randint(1, 11), 1) if digital else None
        yield {
            "kode": f"b{i:06d}",
            "nama": f"{rng.choice(DEPAN)} {rng.choice(NAMA)} {i}",
            "jenis": _pick(rng, JENIS),
            "pola": "syariah" if rng.random() < 0.1 else "konvensional",
            "kelompok": "",
            "nomor_badan_hukum": f"{i}/BH/{berdiri.year}",
            "tanggal_badan_hukum": berdiri,
            "nik_koperasi": f"{kab.replace('.', '')}{i:012d}",
            "alamat": f"Jl. Raya No. {i % 300 + 1}",
            "desa_kode": "",
            "kecamatan_kode": rng.choice(kec[kab]),
            "kabupaten_kode": kab,
            "provinsi_kode": "36",
            "telepon": "",
            "email": "",
            "digital": digital,
            "digital_sejak": sejak,
            "aktif": status == "aktif",
            "status": status,
            "kontak_nama": "",
            "kontak_telepon": "",
            "format_nomor_anggota": "{urut:05d}",
        }


def copy_rows(table: str, rows: Iterator[dict[str, Any]]) -> int:
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    first = next(rows, None)
    if first is None:
        return 0
    columns = list(first)
    n = 0
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in itertools.chain([first], rows):
            copy.write_row([row[c] for c in columns])
            n += 1
    return n


def members_rows(koperasi: list[tuple[int, str]], total: int) -> Iterator[dict[str, Any]]:
    """``total`` member rows over the given digital cooperatives (id, kabupaten)."""
    rng = random.Random(SEED)
    per = total // max(1, len(koperasi))
    extra = total - per * len(koperasi)
    stamp = dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC)
    for idx, (kop_id, kab) in enumerate(koperasi):
        for j in range(per + (1 if idx < extra else 0)):
            perempuan = rng.random() < 0.5
            lahir = dt.date(rng.randint(1955, 2004), rng.randint(1, 12), rng.randint(1, 28))
            day = lahir.day + (40 if perempuan else 0)
            nik = f"{kab.replace('.', '')}01{day:02d}{lahir:%m%y}{j % 10000:04d}"
            yield {
                "koperasi_id": kop_id,
                "nomor_anggota": f"{j + 1:05d}",
                "nik": nik,  # unique within the cooperative: the serial is the member's index
                "nomor_kk": f"{kab.replace('.', '')}01{rng.randrange(10**10):010d}",
                "nama": f"Anggota {j + 1}",
                "nama_cari": f"anggota {j + 1}",
                "tempat_lahir": "Serang",
                "tanggal_lahir": lahir,
                "jenis_kelamin": "P" if perempuan else "L",
                "alamat": "Jl. Desa",
                "kabupaten_kode": kab,
                "kecamatan_kode": kab + ".01",
                "desa_kode": "",
                "telepon": "",
                "email": "",
                "pekerjaan": "Petani",
                "foto_ktp": "",
                "persetujuan_pada": stamp,
                "tanggal_daftar": dt.date(2024, 1, 1),
                "tanggal_masuk": dt.date(2024, 1, 2),
                "tanggal_keluar": None,
                "status": "aktif",
                "alasan_penolakan": "",
                "token_status": f"s{kop_id}-{j}",
                "token_kartu": f"k{kop_id}-{j}",
                "dibuat": stamp,
                "diubah": stamp,
            }


def laporan_rows(koperasi: list[tuple[int, str, str]]) -> Iterator[dict[str, Any]]:
    """Yearly ODS figures for each cooperative (id, status, founded) and book year."""
    rng = random.Random(SEED + 1)
    now = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    for kop_id, status, _kab in koperasi:
        anggota = rng.randint(20, 400)
        aset = Decimal(rng.randint(50, 20_000)) * 1_000_000
        for tahun in TAHUN:
            if status == "dibubarkan" or rng.random() < 0.2:
                continue  # about one year in five is not reported
            anggota = max(9, anggota + rng.randint(-5, 20))
            aset = (aset * Decimal(rng.randint(95, 115)) / 100).quantize(Decimal(1))
            modal = (aset * Decimal("0.4")).quantize(Decimal(1))
            rat = dt.date(tahun + 1, rng.randint(2, 9), rng.randint(1, 28))
            yield {
                "koperasi_id": kop_id,
                "tahun": tahun,
                "tanggal_rat": rat,
                "anggota_pria": anggota * 45 // 100,
                "anggota_wanita": anggota - anggota * 45 // 100,
                "pengelola": 5,
                "karyawan": rng.randint(0, 12),
                "modal_sendiri": modal,
                "modal_luar": aset - modal,
                "aset": aset,
                "kewajiban": aset - modal,
                "volume_usaha": (aset * Decimal("0.6")).quantize(Decimal(1)),
                "shu": (aset * Decimal("0.03")).quantize(Decimal(1)),
                "status": "diverifikasi" if rng.random() < 0.7 else "diajukan",
                "sumber": "diisi",
                "catatan": "",
                "dibuat_pada": now,
                "diubah_pada": now,
                "diajukan_pada": now,
            }


def _vacuum(*tables: str) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"VACUUM (ANALYZE) {t}")


def grow(start: int, n: int, members: int) -> None:
    """Add ``n`` cooperatives, their yearly figures and ``members`` member rows; rebuild the
    dashboard's aggregates; print how long each step took."""
    from gotong.members.models import Anggota
    from gotong.province import agregat
    from gotong.province.models import LaporanTahunan
    from gotong.tenancy.models import Koperasi

    t0 = time.perf_counter()
    copy_rows(Koperasi._meta.db_table, koperasi_rows(start, n))
    baru = Koperasi.objects.filter(kode__gte=f"b{start:06d}", kode__lt=f"b{start + n:06d}")
    t1 = time.perf_counter()
    n_lap = copy_rows(
        LaporanTahunan._meta.db_table, laporan_rows(list(baru.values_list("pk", "status", "kabupaten_kode")))
    )
    t2 = time.perf_counter()
    digital = list(baru.filter(digital=True).values_list("pk", "kabupaten_kode"))
    n_ang = copy_rows(Anggota._meta.db_table, members_rows(digital, members)) if members else 0
    t3 = time.perf_counter()
    _vacuum(Koperasi._meta.db_table, LaporanTahunan._meta.db_table, Anggota._meta.db_table)
    t4 = time.perf_counter()
    agregat.segarkan_semua(hari_ini=TODAY)
    t5 = time.perf_counter()
    bulan = agregat.riwayat_tingkat_isi(sejak=RIWAYAT_SEJAK, sampai=min(TODAY, dt.date.today()))
    _vacuum("province_agregatregister", "province_agregattahunan", "province_riwayattingkat")
    t6 = time.perf_counter()
    print(
        f"  +{n:,} cooperatives {t1 - t0:.1f} s, +{n_lap:,} yearly figures {t2 - t1:.1f} s, "
        f"+{n_ang:,} members in {len(digital):,} digital cooperatives {t3 - t2:.1f} s, "
        f"VACUUM ANALYZE {t4 - t3:.1f} s, aggregates rebuilt {t5 - t4:.1f} s, "
        f"ladder history of {bulan} months backfilled {t6 - t5:.1f} s"
    )


def officer() -> Any:
    from django.contrib.auth import get_user_model

    from gotong.tenancy.models import PeranDinas, TingkatDinas

    user = get_user_model().objects.create_user(username="bench-eka", password=None, nama_lengkap="Eka")
    PeranDinas.objects.create(user=user, tingkat=TingkatDinas.PROVINSI, wilayah_kode="36")
    return user


# --- measuring -------------------------------------------------------------------------------


def _time_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter_ns()
    fn()
    return (time.perf_counter_ns() - start) / 1e6


def pages(user: Any) -> dict[str, Callable[[], object]]:
    from django.test import Client

    anon, client = Client(), Client()
    client.force_login(user)

    def get(c: Client, url: str) -> Callable[[], object]:
        def call() -> object:
            response = c.get(url)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}")
            return response

        return call

    import uuid
    from unittest import mock

    from gotong.province import dasbor

    dingin = get(client, "/dinas/")

    def cold() -> object:
        # A new version of the aggregates, as after any change: the charts are rendered again.
        with mock.patch.object(dasbor, "versi", lambda kode: uuid.uuid4().hex):
            return dingin()

    return {
        "sign-in page /masuk/": get(anon, "/masuk/"),
        "dashboard /dinas/": get(client, "/dinas/"),
        "(info) dashboard, Kab. Lebak": get(client, "/dinas/?kabupaten=36.02"),
        "(info) dashboard, charts not cached": cold,
    }


def measure(cases: dict[str, Callable[[], object]], reps: int, warmup: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {k: [] for k in cases}
    for i in range(warmup + reps):
        for name, fn in cases.items():
            ms = _time_ms(fn)
            if i >= warmup:
                samples[name].append(ms)
    return samples


def p(values: Sequence[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def queries(user: Any) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get("/dinas/")  # the charts rendered for this version; what every later view runs:
    with CaptureQueriesContext(connection) as ctx:
        client.get("/dinas/")
    return len(ctx.captured_queries)


def report(label: str, samples: dict[str, list[float]]) -> tuple[float, float]:
    print(f"\n{label}\n{'':<40} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in samples.items():
        print(f"{name:<40} {p(values, 50):>8.2f} {p(values, 95):>8.2f}")
    return p(samples["sign-in page /masuk/"], 50), p(samples["dashboard /dinas/"], 50)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--grow-members", type=int, default=0, help="member rows added with the growth")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reps", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    _database_name(args.database_url)
    return args


def run(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command

    database_recreate(args.database_url)
    django_setup(args.database_url)
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate {time.perf_counter() - start:.1f} s; building {KOPERASI_AWAL:,} cooperatives ...")
    grow(0, KOPERASI_AWAL, args.members)
    user = officer()
    settings.DEBUG = False
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; peak RSS {peak_rss_mb():.0f} MiB")
    q_small = queries(user)
    login_small, dash_small = report(
        f"{KOPERASI_AWAL:,} cooperatives, {args.reps} rounds", measure(pages(user), args.reps, args.warmup)
    )
    ratio_login = dash_small / login_small

    print(f"\ngrowing to {KOPERASI_BESAR:,} cooperatives ...")
    grow(KOPERASI_AWAL, KOPERASI_BESAR - KOPERASI_AWAL, args.grow_members)
    q_big = queries(user)
    login_big, dash_big = report(
        f"{KOPERASI_BESAR:,} cooperatives, {args.reps} rounds", measure(pages(user), args.reps, args.warmup)
    )
    ratio_grow = dash_big / dash_small
    from gotong.members.models import Anggota
    from gotong.province.models import LaporanTahunan

    print(f"\nrows: {Anggota.objects.count():,} members, {LaporanTahunan.objects.count():,} yearly figures")
    ok_login, ok_grow, ok_q = ratio_login <= TARGET_LOGIN, ratio_grow <= TARGET_TUMBUH, q_small == q_big
    print(
        f"dashboard p50 / sign-in p50 at {KOPERASI_AWAL:,}: {ratio_login:.2f}x "
        f"(target <= {TARGET_LOGIN:.0f}x) {'OK' if ok_login else 'MISSED'}"
    )
    print(f"  (at {KOPERASI_BESAR:,}: {dash_big / login_big:.2f}x)")
    print(
        f"dashboard p50 at {KOPERASI_BESAR:,} / at {KOPERASI_AWAL:,}: {ratio_grow:.2f}x "
        f"(target <= {TARGET_TUMBUH}x) {'OK' if ok_grow else 'MISSED'}"
    )
    print(f"queries per dashboard request: {q_small} and {q_big} {'(same)' if ok_q else '(DIFFERENT)'}")
    print(f"peak RSS {peak_rss_mb():.0f} MiB")
    return 0 if ok_login and ok_grow and ok_q else 1


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
