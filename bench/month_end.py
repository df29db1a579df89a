"""Benchmark: month-end interest for a koperasi with 100,000 sukarela accounts, in PostgreSQL.

Builds a scratch database (its name must contain ``bench``; dropped at the end unless
``--keep``) with two koperasi, one of 10,000 and one of 100,000 members, each with one
sukarela account (daily-balance interest, 3% a year, minimum Rp10.000). Everything is
loaded with COPY and the books are consistent, as ``check_books`` would see them: one
opening-balance journal entry for the whole control account (Dr 1.02 Bank / Cr 2.10) with
an opening movement per account pointing to it, and one entry for the month's deposits
(a third of the accounts get one on a random day of the month) likewise.

It then times ``savings.month_end.akhir_bulan_jalankan`` for the last completed month on
each koperasi, each in a fresh process (so the peak memory is the run's own), and prints:

* the month-end time for 100,000 accounts;
* **the ratio to COPY**: the time to COPY 100,000 rows of the ``JasaSimpanan`` shape into
  a temporary table (rows generated in Python, as the run would), measured in the same run,
  divided by the month-end time — ``ratio = COPY time / month-end time`` (target >= 0.25:
  the month-end takes at most 4x a bare COPY of one row per account);
* the peak memory of the month-end process (``ru_maxrss``; target < 500 MB);
* the time at 10,000 accounts and the ratio of per-account times (100k / 10k; linear
  growth is ~1.0, and the run fails if it exceeds ``--linear-max``);
* the queries the run issued, per chunk.

Then, for information, the floor (``bench/month_end_floor.py``): the rows the month-end must
write for the 100,000 accounts, written by COPY with no Gotong code and rolled back — the most
any month-end could reach. Afterwards it checks the books of both koperasi
(``ledger.checks.periksa_buku``) and exits non-zero if they do not hold.

    .venv/bin/python bench/month_end.py [--accounts 100000] [--small 10000]
        [--database-url postgresql://postgres@127.0.0.1:5432/gotong_bench_month_end] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import random
import resource
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from members import _database_name, database_drop, database_recreate, django_setup  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/gotong_bench_month_end"
TARGET_RATIO = 0.25
TARGET_MB = 500.0
SEED = 11
KEC, DESA = "36.04.05", "36.04.05.2001"  # Kec. Kramatwatu, Kab. Serang
NAMA = ("Siti", "Budi", "Ahmad", "Dewi", "Rina", "Agus", "Yanti", "Hendra", "Nur", "Wahyu", "Sri", "Eko")
MARGA = ("Rahayu", "Santoso", "Hidayat", "Lestari", "Saputra", "Wijaya", "Kurniawan", "Susanti", "Pratama")


def bulan_lalu() -> tuple[int, int]:
    """The last completed month (a month-end runs only after its month)."""
    from django.utils import timezone

    last = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    return last.year, last.month


# --- building the data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Saldo:
    """One account's opening balance and its deposit in the month (0 when none)."""

    awal: int
    setor: int
    hari: int


def saldo_rows(n: int, hari_sebulan: int) -> Iterator[Saldo]:
    rng = random.Random(SEED + n)
    for _ in range(n):
        setor = rng.randint(10_000, 5_000_000) if rng.random() < 1 / 3 else 0
        yield Saldo(rng.randint(50_000, 50_000_000), setor, rng.randint(1, hari_sebulan))


def _copy(table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]) -> None:
    from django.db import connection

    connection.ensure_connection()
    with connection.connection.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def members_copy(koperasi_id: int, n: int, kode: str) -> None:
    from gotong.members.models import Anggota

    now = dt.datetime(2024, 1, 2, 9, 0, tzinfo=dt.UTC)
    columns = [
        "koperasi_id", "nomor_anggota", "status", "nik", "nomor_kk", "nama", "nama_cari", "tempat_lahir",
        "tanggal_lahir", "jenis_kelamin", "alamat", "kabupaten_kode", "kecamatan_kode", "desa_kode", "telepon",
        "email", "pekerjaan", "foto_ktp", "tanggal_daftar", "tanggal_masuk", "alasan_penolakan", "token_status",
        "token_kartu", "dibuat", "diubah",
    ]  # fmt: skip

    def rows() -> Iterator[list[Any]]:
        for i in range(n):
            lahir = dt.date(1960, 1, 1) + dt.timedelta(days=i // 9999)
            nama = f"{NAMA[i % len(NAMA)]} {MARGA[(i // len(NAMA)) % len(MARGA)]}"
            nik = f"{KEC.replace('.', '')}{lahir.day:02d}{lahir.month:02d}{lahir.year % 100:02d}{i % 9999 + 1:04d}"
            yield [
                koperasi_id, f"{i + 1:06d}", "aktif", nik, nik, nama, nama.lower(), "Serang", lahir, "L",
                "Jl. Raya No. 1", KEC[:5], KEC, DESA, "081200000000", "", "Petani", "", now.date(), now.date(), "",
                f"{kode}-s{i}", f"{kode}-k{i}", now, now,
            ]  # fmt: skip

    _copy(Anggota._meta.db_table, columns, rows())


@dataclass(frozen=True)
class Dibangun:
    koperasi_id: int
    n: int


def koperasi_build(kode: str, n: int, tahun: int, bulan: int) -> Dibangun:
    """A koperasi with ``n`` members, each with one sukarela account and consistent books."""
    from gotong.ledger.services import bagan_akun_siapkan
    from gotong.savings.interest import Bulan
    from gotong.savings.models import MetodeBunga, ProdukSimpanan
    from gotong.tenancy.models import Koperasi

    start = time.perf_counter()
    koperasi = Koperasi.objects.create(
        kode=kode, nama=f"KSP {kode}", jenis="ksp", kabupaten_kode="36.04", kecamatan_kode=KEC, digital=True
    )
    bagan_akun_siapkan(koperasi=koperasi)
    produk = ProdukSimpanan.objects.create(
        koperasi=koperasi,
        kode="sukarela-bench",
        nama="Tabungan sukarela",
        jenis="sukarela",
        metode_bunga=MetodeBunga.SALDO_HARIAN,
        suku_bunga_tahunan=Decimal("3"),
        saldo_minimum=Decimal("10000"),
    )
    members_copy(koperasi.pk, n, kode)
    b = Bulan(tahun, bulan)
    accounts_copy(koperasi, produk.pk, n, b)
    print(f"  {kode}: {n:,} members, accounts, movements and 2 entries in {time.perf_counter() - start:.1f} s")
    return Dibangun(koperasi.pk, n)


def accounts_copy(koperasi: Any, produk_id: int, n: int, b: Any) -> None:
    from django.db import connection

    from gotong.ledger import chart
    from gotong.ledger.posting import JurnalBuilder, akun
    from gotong.members.models import Anggota
    from gotong.savings.models import MutasiSimpanan, RekeningSimpanan

    pembuka = b.awal - dt.timedelta(days=1)
    saldo = list(saldo_rows(n, b.hari))
    total_awal = sum(s.awal for s in saldo)
    total_setor = sum(s.setor for s in saldo)

    def entry(tanggal: dt.date, jumlah: int, keterangan: str) -> int:
        builder = JurnalBuilder(koperasi=koperasi, tanggal=tanggal, keterangan=keterangan, sumber="saldo_awal")
        builder.debit(akun(koperasi, chart.BANK), jumlah).kredit(akun(koperasi, chart.SIMPANAN_SUKARELA), jumlah)
        return builder.post().pk

    awal_id = entry(pembuka, total_awal, "Saldo awal simpanan sukarela (bench)")
    setor_id = entry(b.awal, total_setor, "Setoran sukarela bulan ini (bench)")
    # ids first: a server-side cursor cannot run on the connection while it COPYs
    anggota_ids = list(Anggota.objects.filter(koperasi=koperasi).order_by("id").values_list("id", flat=True))
    _copy(
        RekeningSimpanan._meta.db_table,
        ["koperasi_id", "anggota_id", "produk_id", "jenis", "nomor", "saldo", "status", "dibuka", "setoran_wajib"],
        (
            [koperasi.pk, aid, produk_id, "sukarela", f"S{i + 1:06d}", s.awal + s.setor, "aktif", pembuka, 0]
            for i, (aid, s) in enumerate(zip(anggota_ids, saldo, strict=True))
        ),
    )
    rekening_ids = list(RekeningSimpanan.objects.filter(koperasi=koperasi).order_by("id").values_list("id", flat=True))
    now = dt.datetime.now(dt.UTC)

    def movements() -> Iterator[list[Any]]:
        for rid, s in zip(rekening_ids, saldo, strict=True):
            yield [koperasi.pk, rid, pembuka, "setor", s.awal, s.awal, "Saldo awal", awal_id, now]
            if s.setor:
                tanggal = b.awal.replace(day=s.hari)
                yield [koperasi.pk, rid, tanggal, "setor", s.setor, s.awal + s.setor, "Setoran", setor_id, now]

    columns = ["koperasi_id", "rekening_id", "tanggal", "jenis", "jumlah", "saldo_setelah", "keterangan"]
    _copy(MutasiSimpanan._meta.db_table, [*columns, "jurnal_id", "dibuat_pada"], movements())
    with connection.cursor() as cur:  # as autovacuum would after a bulk load
        for model in (Anggota, RekeningSimpanan, MutasiSimpanan):
            cur.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


# --- the baseline: COPY of the same number of rows -----------------------------------------------


def copy_baseline(url: str, n: int, tahun: int, bulan: int, reps: int = 3) -> float:
    """Median seconds to COPY ``n`` rows of the JasaSimpanan shape into a temporary table."""
    times = []
    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TEMP TABLE jasa_copy (proses_id int, rekening_id int, tahun smallint, bulan smallint, "
            "dasar numeric(18,2), bruto numeric(18,2), pajak numeric(18,2), neto numeric(18,2), jurnal_id int)"
        )
        for _ in range(reps):
            conn.execute("TRUNCATE jasa_copy")
            conn.commit()
            start = time.perf_counter()
            with conn.cursor() as cur, cur.copy("COPY jasa_copy FROM STDIN") as copy:
                for i in range(n):
                    bruto = Decimal(1000 + i % 5000)
                    copy.write_row([1, i + 1, tahun, bulan, Decimal(i) * 31, bruto, Decimal(0), bruto, 1])
            conn.commit()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- the timed run, in its own process -------------------------------------------------------------


@dataclass(frozen=True)
class Hasil:
    detik: float
    rss_mb: float
    queries: int
    chunks: int
    status: str


def _count_queries(counter: list[int]) -> Any:
    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counter[0] += 1
        return execute(sql, params, many, context)

    return wrapper


def month_end_child(url: str, koperasi_id: int, tahun: int, bulan: int, out: Any) -> None:
    django_setup(url)
    from django.conf import settings
    from django.db import connection

    from gotong.savings import month_end
    from gotong.tenancy.models import Koperasi

    settings.DEBUG = False  # DEBUG keeps every query in memory; production does not
    koperasi = Koperasi.objects.get(pk=koperasi_id)
    counter = [0]
    with connection.execute_wrapper(_count_queries(counter)):
        start = time.perf_counter()
        proses = month_end.akhir_bulan_jalankan(koperasi=koperasi, tahun=tahun, bulan=bulan, actor=None)
        detik = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chunks = -(-proses.total // month_end.UKURAN_CHUNK)
    out.put(Hasil(detik, rss, counter[0], chunks, str(proses.status)))


def month_end_timed(url: str, koperasi_id: int, tahun: int, bulan: int) -> Hasil:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    child = ctx.Process(target=month_end_child, args=(url, koperasi_id, tahun, bulan, out))
    child.start()
    hasil: Hasil = out.get()
    child.join()
    if child.exitcode:
        raise SystemExit(f"month-end process exited with {child.exitcode}")
    return hasil


def books_check(koperasi_id: int) -> list[str]:
    from gotong.ledger.checks import periksa_buku
    from gotong.tenancy.models import Koperasi

    return periksa_buku(Koperasi.objects.get(pk=koperasi_id))


# --- reporting ------------------------------------------------------------------------------------


def floor(url: str, big: Any, tahun: int, bulan: int, t_copy: float) -> None:
    """(info) The rows the month-end must write, with no Gotong code (``month_end_floor``), rolled back."""
    from month_end_floor import floor_run

    from gotong.savings.interest import Bulan
    from gotong.savings.models import ProsesAkhirBulan

    proses = ProsesAkhirBulan.objects.get(koperasi_id=big.koperasi_id, tahun=tahun, bulan=bulan)
    f = floor_run(url, big.koperasi_id, proses.pk, Bulan(tahun, bulan).akhir)
    print(f"\n(info) floor: only the rows a month-end writes for {big.n:,} accounts, no Gotong code (rolled back):")
    print(f"  journal lines {f.baris:.2f} s, movements {f.mutasi:.2f} s, balances {f.saldo:.2f} s, "
          f"balance trigger {f.pemicu:.2f} s, per-account record {f.rincian:.2f} s")  # fmt: skip
    print(f"  total {f.total:.2f} s: ratio COPY time / floor = {t_copy / f.total:.3f} (the most a month-end can reach)")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="the smaller koperasi, for the linearity check")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--linear-max", type=float, default=1.5, help="largest per-account time ratio allowed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--no-floor", action="store_true", help="skip the (info) floor (month_end_floor.py)")
    args = parser.parse_args(argv)
    _database_name(args.database_url)  # refuse early, before anything is dropped
    return args


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def run(args: argparse.Namespace) -> int:
    database_recreate(args.database_url)
    django_setup(args.database_url)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    tahun, bulan = bulan_lalu()
    print(f"building (COPY) for month {bulan:02d}/{tahun} ...")
    small = koperasi_build("bench-kecil", args.small, tahun, bulan)
    big = koperasi_build("bench-besar", args.accounts, tahun, bulan)
    connections.close_all()

    print("timing month-end, each in a fresh process ...")
    t_small = month_end_timed(args.database_url, small.koperasi_id, tahun, bulan)
    t_big = month_end_timed(args.database_url, big.koperasi_id, tahun, bulan)
    t_copy = copy_baseline(args.database_url, big.n, tahun, bulan)

    ratio = t_copy / t_big.detik
    per_small, per_big = t_small.detik / small.n, t_big.detik / big.n
    linear = per_big / per_small
    print(f"\nmonth-end {small.n:>7,} accounts: {t_small.detik:7.2f} s  ({per_small * 1e6:6.1f} µs/account)")
    print(f"month-end {big.n:>7,} accounts: {t_big.detik:7.2f} s  ({per_big * 1e6:6.1f} µs/account)")
    print(f"COPY      {big.n:>7,} rows of the JasaSimpanan shape into a temp table: {t_copy:.3f} s (median of 3)")
    per_chunk = t_big.queries / max(t_big.chunks, 1)
    print(f"queries: {t_big.queries:,} for {t_big.chunks} chunks ({per_chunk:.1f} per chunk)")
    verdict = _verdict(ratio >= TARGET_RATIO)
    print(f"\nratio COPY time / month-end time: {ratio:.3f} (target >= {TARGET_RATIO}) {verdict}")
    print(f"peak memory of the month-end process: {t_big.rss_mb:.0f} MB (target < {TARGET_MB:.0f}) "
          f"{_verdict(t_big.rss_mb < TARGET_MB)}")  # fmt: skip
    print(f"per-account time {big.n:,} / {small.n:,}: {linear:.2f} (linear ~1.0, max {args.linear_max}) "
          f"{_verdict(linear <= args.linear_max)}")  # fmt: skip

    if not args.no_floor:
        floor(args.database_url, big, tahun, bulan, t_copy)
    problems = books_check(small.koperasi_id) + books_check(big.koperasi_id)
    for p in problems[:20]:
        print(f"  books: {p}")
    print(f"books after the runs: {'consistent' if not problems else f'{len(problems)} problems'}")
    ok = not problems and t_big.status == t_small.status == "selesai" and linear <= args.linear_max
    return 0 if ok else 1


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
