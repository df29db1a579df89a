"""Benchmark: loan month-end (collectibility, PPAP, accrued interest) for a koperasi with
50,000 running loans, in PostgreSQL.

Builds a scratch database (its name must contain ``bench``; dropped at the end unless
``--keep``) with two koperasi, one of 5,000 and one of 50,000 members, each member with one
running loan (flat 1% a month, 12 monthly installments, Rp1–20 million, disbursed 1–11
months before the month's end) and its schedule. Most loans have paid every installment due
on its due date; some are one or two installments behind, and a few four, seven or ten
behind (Kurang Lancar, Diragukan, Macet); one in ten has a vehicle (BPKB) as collateral.
The koperasi accrues interest. Everything is loaded with COPY and the books are consistent,
as ``check_books`` would see them: one opening entry Dr 1.20 / Cr 1.02 for the outstanding
principal of all loans.

It then times ``loans.month_end.akhir_bulan_pinjaman_jalankan`` for the last completed month
on each koperasi, each in a fresh process (so the peak memory is the run's own), and prints:

* the month-end time for 50,000 loans;
* **the ratio to COPY**: the time to COPY 50,000 rows of the ``KolektibilitasBulanan`` shape
  into a temporary table (rows generated in Python, as the run would), measured in the same
  run, divided by the month-end time — ``ratio = COPY time / month-end time`` (target
  >= 0.25: the month-end takes at most 4x a bare COPY of one row per loan);
* the peak memory of the month-end process (``ru_maxrss``; target < 500 MB);
* the time at 5,000 loans and the ratio of per-loan times (50k / 5k; linear growth is ~1.0,
  and the run fails if it exceeds ``--linear-max``);
* the queries the run issued, per chunk, and the loans per collectibility.

Afterwards it checks the books of both koperasi (``ledger.checks.periksa_buku``) and exits
non-zero if they do not hold.

    .venv/bin/python bench/loans_month_end.py [--loans 50000] [--small 5000]
        [--database-url postgresql://postgres@127.0.0.1:5432/gotong_bench_loans] [--keep]
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
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from members import _database_name, database_drop, database_recreate, django_setup  # noqa: E402
from month_end import KEC, _copy, bulan_lalu, members_copy  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/gotong_bench_loans"
TARGET_RATIO = 0.25
TARGET_MB = 500.0
SEED = 23
TENOR = 12
# (share of loans, installments behind at the month's end): on time, a little late, KL, D, M
TUNGGAKAN = ((0.80, 0), (0.10, 1), (0.05, 4), (0.03, 7), (0.02, 10))


# --- building the data ---------------------------------------------------------------------------


def _tambah_bulan(tanggal: dt.date, n: int) -> dt.date:
    from gotong.savings.interest import tambah_bulan

    return tambah_bulan(tanggal, n)


@dataclass
class Rencana:
    """One loan as generated: its principal, disbursement, schedule and how far it is behind."""

    pokok: int
    cair: dt.date
    telat: int
    jaminan: int
    jadwal: list[tuple[int, dt.date, int, int]] = field(default_factory=list)  # ke, due, pokok, bunga
    dibayar: int = 0  # installments paid (on their due dates)

    @property
    def sisa_pokok(self) -> int:
        return sum(p for ke, _t, p, _b in self.jadwal if ke > self.dibayar)


def rencana_rows(n: int, akhir: dt.date) -> Iterator[Rencana]:
    rng = random.Random(SEED + n)
    awal = akhir.replace(day=1)
    for _ in range(n):
        pokok = rng.randint(10, 200) * 100_000
        bulan_lalu_ = rng.randint(1, TENOR - 1)
        cair = _tambah_bulan(awal, -bulan_lalu_).replace(day=rng.randint(1, 28))
        x, telat = rng.random(), 0
        for share, behind in TUNGGAKAN:
            if x < share:
                telat = behind + (rng.randint(0, 1) if behind else 0)
                break
            x -= share
        jaminan = pokok * 12 // 10 if rng.random() < 0.1 else 0
        r = Rencana(pokok, cair, telat, jaminan)
        per = pokok // TENOR
        for ke in range(1, TENOR + 1):
            p = per if ke < TENOR else pokok - per * (TENOR - 1)
            r.jadwal.append((ke, _tambah_bulan(cair, ke), p, pokok // 100))
        jatuh = sum(1 for _ke, t, _p, _b in r.jadwal if t <= akhir)
        r.dibayar = max(0, jatuh - telat)
        yield r


def _defaults(model: Any) -> tuple[list[str], list[str], dict[str, Any]]:
    """Every column of ``model`` but the id, with the model's default where it has one."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    baku = {f.attname: f.get_default() for f in fields}
    return [f.attname for f in fields], [f.column for f in fields], baku


@dataclass(frozen=True)
class Dibangun:
    koperasi_id: int
    n: int


def koperasi_build(kode: str, n: int, tahun: int, bulan: int) -> Dibangun:
    """A koperasi with ``n`` members, each with one running loan, and consistent books."""
    from django.contrib.auth import get_user_model

    from gotong.ledger.services import bagan_akun_siapkan
    from gotong.loans.models import PengaturanPinjaman, ProdukPinjaman
    from gotong.loans.services import produk_default_siapkan
    from gotong.savings.interest import Bulan
    from gotong.tenancy.models import Koperasi

    start = time.perf_counter()
    koperasi = Koperasi.objects.create(
        kode=kode, nama=f"KSP {kode}", jenis="ksp", kabupaten_kode="36.04", kecamatan_kode=KEC, digital=True
    )
    bagan_akun_siapkan(koperasi=koperasi)
    produk_default_siapkan(koperasi=koperasi)
    produk = ProdukPinjaman.objects.get(koperasi=koperasi, kode="umum")
    PengaturanPinjaman.objects.update_or_create(koperasi=koperasi, defaults={"akrual_bunga": True})
    user = get_user_model().objects.create_user(
        username=f"{kode}-petugas", password=None, nama_lengkap="Petugas Bench", email=f"{kode}@contoh.id"
    )
    members_copy(koperasi.pk, n, kode)
    rencana = list(rencana_rows(n, Bulan(tahun, bulan).akhir))
    loans_copy(koperasi, produk, user.pk, rencana)
    print(f"  {kode}: {n:,} members, loans, {n * TENOR:,} installments and 1 entry in "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    return Dibangun(koperasi.pk, n)


def loans_copy(koperasi: Any, produk: Any, user_id: int, rencana: list[Rencana]) -> None:
    from django.db import connection

    from gotong.ledger import chart
    from gotong.ledger.posting import JurnalBuilder, akun
    from gotong.loans.models import Angsuran, Jaminan, Pinjaman
    from gotong.members.models import Anggota

    total = sum(r.sisa_pokok for r in rencana)
    tanggal = min(r.cair for r in rencana)
    builder = JurnalBuilder(koperasi=koperasi, tanggal=tanggal, keterangan="Saldo awal pinjaman (bench)",
                            sumber="saldo_awal")  # fmt: skip
    builder.debit(akun(koperasi, chart.PIUTANG_PINJAMAN), total).kredit(akun(koperasi, chart.BANK), total)
    builder.post()
    anggota_ids = list(Anggota.objects.filter(koperasi=koperasi).order_by("id").values_list("id", flat=True))
    now = dt.datetime.now(dt.UTC)

    attnames, columns, baku = _defaults(Pinjaman)

    def loans() -> Iterator[list[Any]]:
        for i, (aid, r) in enumerate(zip(anggota_ids, rencana, strict=True)):
            row = dict(baku)
            row.update(
                koperasi_id=koperasi.pk, anggota_id=aid, produk_id=produk.pk, nomor=f"PJ{i + 1:07d}",
                status="aktif", pokok=r.pokok, tenor=TENOR, tujuan="Modal usaha", penghasilan_bulanan=5_000_000,
                diajukan_oleh_id=user_id, diajukan_pada=now, metode="flat", suku_bunga=1, satuan_bunga="bulan",
                frekuensi="bulanan", bunga_pelunasan="berjalan", tanggal_cair=r.cair, cara_cair="tunai",
                diputus_oleh_id=user_id, diputus_pada=now, sisa_pokok=r.sisa_pokok,
            )  # fmt: skip
            yield [row[a] for a in attnames]

    _copy(Pinjaman._meta.db_table, columns, loans())
    loan_ids = list(Pinjaman.objects.filter(koperasi=koperasi).order_by("id").values_list("id", flat=True))

    a_attnames, a_columns, a_baku = _defaults(Angsuran)

    def installments() -> Iterator[list[Any]]:
        for pid, r in zip(loan_ids, rencana, strict=True):
            for ke, jatuh, pokok, bunga in r.jadwal:
                row = dict(a_baku)
                paid = ke <= r.dibayar
                row.update(
                    koperasi_id=koperasi.pk, pinjaman_id=pid, versi=1, ke=ke, jatuh_tempo=jatuh, pokok=pokok,
                    bunga=bunga, pokok_dibayar=pokok if paid else 0, bunga_dibayar=bunga if paid else 0,
                    lunas_pada=jatuh if paid else None,
                )  # fmt: skip
                yield [row[a] for a in a_attnames]

    _copy(Angsuran._meta.db_table, a_columns, installments())
    _copy(
        Jaminan._meta.db_table,
        ["pinjaman_id", "jenis", "uraian", "nilai_taksiran", "dokumen"],
        (
            [pid, "bpkb", "BPKB sepeda motor", r.jaminan, ""]
            for pid, r in zip(loan_ids, rencana, strict=True)
            if r.jaminan
        ),
    )
    with connection.cursor() as cur:  # as autovacuum would after a bulk load
        for model in (Anggota, Pinjaman, Angsuran, Jaminan):
            cur.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


# --- the baseline: COPY of the same number of rows -----------------------------------------------


def copy_baseline(url: str, n: int, tahun: int, bulan: int, reps: int = 3) -> float:
    """Median seconds to COPY ``n`` rows of the KolektibilitasBulanan shape into a temporary table."""
    times = []
    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TEMP TABLE kol_copy (proses_id bigint, pinjaman_id bigint, tahun smallint, bulan smallint, "
            "kolektibilitas smallint, hari_tunggakan integer, sisa_pokok numeric(18,2), jaminan_diakui numeric(18,2), "
            "ppap numeric(18,2), bunga_akrual numeric(18,2), jurnal_id bigint)"
        )
        for _ in range(reps):
            conn.execute("TRUNCATE kol_copy")
            conn.commit()
            start = time.perf_counter()
            with conn.cursor() as cur, cur.copy("COPY kol_copy FROM STDIN") as copy:
                for i in range(n):
                    sisa = Decimal(1_000_000 + i * 7)
                    copy.write_row([1, i + 1, tahun, bulan, 1, i % 30, sisa, Decimal(0), sisa / 200, Decimal(0), 1])
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
    per_kol: dict[int, int]
    fase: dict[str, float]


def _count_queries(counter: list[int], fase: dict[str, float]) -> Any:
    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counter[0] += 1
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            fase["SQL statements (COPY not included)"] += time.perf_counter() - start

    return wrapper


def _timed(module: Any, name: str, fase: dict[str, float], label: str) -> None:
    """Wrap ``module.name`` so that its time adds up in ``fase[label]``."""
    real = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            fase[label] += time.perf_counter() - start

    setattr(module, name, wrapper)


def month_end_child(url: str, koperasi_id: int, tahun: int, bulan: int, out: Any) -> None:
    django_setup(url)
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count

    from gotong.loans import month_end
    from gotong.loans.models import KolektibilitasBulanan
    from gotong.tenancy.models import Koperasi

    settings.DEBUG = False  # DEBUG keeps every query in memory; production does not
    koperasi = Koperasi.objects.get(pk=koperasi_id)
    counter = [0]
    fase: dict[str, float] = defaultdict(float)
    for name, label in (
        ("_hitung", "read schedules + collateral, compute"),
        ("_posting", "post the chunk's entry"),
        ("_sisip", "COPY the month's rows"),
        ("_pinjaman_simpan", "UPDATE the loans"),
    ):
        _timed(month_end, name, fase, label)
    with connection.execute_wrapper(_count_queries(counter, fase)):
        start = time.perf_counter()
        proses = month_end.akhir_bulan_pinjaman_jalankan(koperasi=koperasi, tahun=tahun, bulan=bulan, actor=None)
        detik = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chunks = -(-proses.total // month_end.UKURAN_CHUNK)
    per_kol = dict(
        KolektibilitasBulanan.objects.filter(proses=proses)
        .values("kolektibilitas")
        .annotate(n=Count("id"))
        .order_by("kolektibilitas")
        .values_list("kolektibilitas", "n")
    )
    out.put(Hasil(detik, rss, counter[0], chunks, str(proses.status), per_kol, dict(fase)))


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


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loans", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=5_000, help="the smaller koperasi, for the linearity check")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--linear-max", type=float, default=1.5, help="largest per-loan time ratio allowed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
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

    from gotong.loans.models import Kolektibilitas

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    tahun, bulan = bulan_lalu()
    print(f"building (COPY) for month {bulan:02d}/{tahun} ...")
    small = koperasi_build("bench-kecil", args.small, tahun, bulan)
    big = koperasi_build("bench-besar", args.loans, tahun, bulan)
    connections.close_all()

    print("timing the loan month-end, each in a fresh process ...")
    t_small = month_end_timed(args.database_url, small.koperasi_id, tahun, bulan)
    t_big = month_end_timed(args.database_url, big.koperasi_id, tahun, bulan)
    t_copy = copy_baseline(args.database_url, big.n, tahun, bulan)

    ratio = t_copy / t_big.detik
    per_small, per_big = t_small.detik / small.n, t_big.detik / big.n
    linear = per_big / per_small
    print(f"\nloan month-end {small.n:>7,} loans: {t_small.detik:7.2f} s  ({per_small * 1e6:6.1f} µs/loan)")
    print(f"loan month-end {big.n:>7,} loans: {t_big.detik:7.2f} s  ({per_big * 1e6:6.1f} µs/loan)")
    print(f"COPY           {big.n:>7,} rows of the KolektibilitasBulanan shape into a temp table: "
          f"{t_copy:.3f} s (median of 3)")  # fmt: skip
    per_chunk = t_big.queries / max(t_big.chunks, 1)
    print(f"queries: {t_big.queries:,} for {t_big.chunks} chunks ({per_chunk:.1f} per chunk)")
    kol = ", ".join(f"{Kolektibilitas(k).label} {n:,}" for k, n in sorted(t_big.per_kol.items()))
    print(f"collectibility of the {big.n:,} loans: {kol}")
    print(f"where the time goes at {big.n:,} loans (the phases include their SQL):")
    for label, detik in t_big.fase.items():
        print(f"  {label:<40} {detik:6.2f} s")
    verdict = _verdict(ratio >= TARGET_RATIO)
    print(f"\nratio COPY time / month-end time: {ratio:.3f} (target >= {TARGET_RATIO}) {verdict}")
    print(f"peak memory of the month-end process: {t_big.rss_mb:.0f} MB (target < {TARGET_MB:.0f}) "
          f"{_verdict(t_big.rss_mb < TARGET_MB)}; at {small.n:,} loans {t_small.rss_mb:.0f} MB")  # fmt: skip
    print(f"per-loan time {big.n:,} / {small.n:,}: {linear:.2f} (linear ~1.0, max {args.linear_max}) "
          f"{_verdict(linear <= args.linear_max)}")  # fmt: skip

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
