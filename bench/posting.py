"""Benchmark: teller deposits through the service layer, beside pgbench, in PostgreSQL.

Two scratch databases on the same server (both names contain ``bench``; both dropped at
the end unless ``--keep``):

* ``<name>``: Gotong migrated, one koperasi with its chart of accounts and default savings
  products, ``--accounts`` members each with a sukarela account, and one kasir user per
  process with an open cash drawer for today. Then ``--clients`` processes, each with its
  own Django setup and database connection, call ``gotong.savings.services.simpanan_setor``
  (a cash deposit with its journal entry, receipt and movement; a unique idempotency key
  each) on random accounts for ``--seconds``.
* ``<name>_pgbench``: ``pgbench -i -s 4``, then ``pgbench -b tpcb-like -c <clients> -j
  <clients> -T <seconds>`` — the same bank-deposit shape (update an account, a teller and a
  branch, insert a history row) in plain SQL.

The two workloads run one after the other, not at the same time, so each has the whole
machine; pgbench runs before and after the deposits and its two results are averaged, so
drift in the machine's load affects both sides alike. Printed: deposits/s, pgbench tps
and ``ratio = deposits/s ÷ pgbench tps`` (target >= 0.5). The run fails if the books do
not hold afterwards (``ledger.checks.periksa_buku``). Then, for information, the floor
(``bench/posting_floor.py``): the rows a deposit must write, written with no Gotong code at
all, as plain SQL and as one server-side function — the most any deposit could reach.

    .venv/bin/python bench/posting.py [--seconds 20] [--clients 4] [--accounts 1000]
        [--database-url postgresql://postgres@127.0.0.1:5432/gotong_bench_posting] [--keep]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from members import _admin_connection, _database_name, database_drop, database_recreate, django_setup  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/gotong_bench_posting"
TARGET_RATIO = 0.5
PGBENCH_SCALE = 4


def pgbench_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_pgbench"))


# --- pgbench ------------------------------------------------------------------------------------


def pgbench_init(url: str) -> None:
    name = _database_name(url)
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(["pgbench", "-i", "-q", "-s", str(PGBENCH_SCALE), url], check=True, capture_output=True)


def pgbench_run(url: str, clients: int, seconds: int) -> float:
    """tps of ``pgbench -b tpcb-like`` (without the initial connection time)."""
    cmd = ["pgbench", "-n", "-b", "tpcb-like", "-c", str(clients), "-j", str(clients), "-T", str(seconds), url]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", out)
    if match is None:
        raise SystemExit(f"could not read tps from pgbench:\n{out}")
    return float(match.group(1))


# --- building the koperasi ------------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    koperasi_id: int
    kasir_ids: list[int]
    rekening_ids: list[int]


def build(n_accounts: int, clients: int) -> Setup:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone
    from month_end import members_copy

    from gotong.ledger.services import bagan_akun_siapkan
    from gotong.savings.laci import laci_buka
    from gotong.savings.models import JenisSimpanan, ProdukSimpanan, RekeningSimpanan
    from gotong.savings.services import produk_default_siapkan
    from gotong.tenancy.models import Koperasi, NamaPeran, Peran

    call_command("migrate", verbosity=0)
    koperasi = Koperasi.objects.create(
        kode="bench-teller", nama="KSP Bench Teller", jenis="ksp", kabupaten_kode="36.04", digital=True
    )
    bagan_akun_siapkan(koperasi=koperasi)
    produk_default_siapkan(koperasi=koperasi)
    sukarela = ProdukSimpanan.objects.filter(koperasi=koperasi, jenis=JenisSimpanan.SUKARELA).first()
    assert sukarela is not None
    members_copy(koperasi.pk, n_accounts, koperasi.kode)
    today = timezone.localdate()
    anggota_ids = koperasi.anggota.order_by("id").values_list("id", flat=True)
    RekeningSimpanan.objects.bulk_create(
        RekeningSimpanan(
            koperasi=koperasi, anggota_id=aid, produk=sukarela, jenis=sukarela.jenis, nomor=f"S{i:06d}", dibuka=today
        )
        for i, aid in enumerate(anggota_ids)
    )
    kasir_ids = []
    for i in range(clients):
        kasir = get_user_model().objects.create_user(username=f"bench-kasir-{i}", password=None, nama_lengkap="Kasir")
        Peran.objects.create(user=kasir, koperasi=koperasi, peran=NamaPeran.KASIR)
        laci_buka(koperasi=koperasi, kasir=kasir, saldo_awal=Decimal("1000000"), tanggal=today)
        kasir_ids.append(kasir.pk)
    rekening_ids = list(RekeningSimpanan.objects.filter(koperasi=koperasi).values_list("id", flat=True))
    return Setup(koperasi.pk, kasir_ids, rekening_ids)


# --- the deposit workers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Hasil:
    setoran: int
    gagal: int
    detik: float


def worker(url: str, setup: Setup, idx: int, seconds: float, ready: Any, go: Any, out: Any) -> None:
    """One teller process: its own Django and connection, its own kasir and drawer."""
    django_setup(url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError
    from django.utils import timezone

    from gotong.savings.models import RekeningSimpanan
    from gotong.savings.services import simpanan_setor
    from gotong.tenancy.models import Koperasi

    settings.DEBUG = False  # DEBUG keeps every query in memory; production does not
    koperasi = Koperasi.objects.get(pk=setup.koperasi_id)
    kasir = get_user_model().objects.get(pk=setup.kasir_ids[idx])
    accounts = list(RekeningSimpanan.objects.filter(pk__in=setup.rekening_ids))
    rng, today, pid = random.Random(idx), timezone.localdate(), os.getpid()

    def setor(i: int) -> None:
        jumlah = Decimal(rng.randint(1, 500) * 1000)
        r = rng.choice(accounts)
        simpanan_setor(koperasi=koperasi, rekening=r, jumlah=jumlah, tanggal=today, kasir=kasir, kunci=f"b{pid}-{i}")

    for i in range(5):  # warm-up: connection, caches
        setor(-1 - i)
    ready.put(idx)
    go.wait()
    n = gagal = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        try:
            setor(n + gagal)
            n += 1
        except DatabaseError:  # a deadlock or serialisation failure: the teller retries
            gagal += 1
    out.put(Hasil(n, gagal, time.perf_counter() - start))


def deposits_run(url: str, setup: Setup, clients: int, seconds: float) -> tuple[float, int, int]:
    """Deposits per second over all processes, the deposits and the failed attempts."""
    from django.db import connections

    connections.close_all()  # the children must not share the parent's connection
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=worker, args=(url, setup, i, seconds, ready, go, out)) for i in range(clients)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get()
    go.set()
    results: list[Hasil] = [out.get() for _ in procs]
    for p in procs:
        p.join()
        if p.exitcode:
            raise SystemExit(f"a deposit process exited with {p.exitcode}")
    total = sum(r.setoran for r in results)
    return total / max(r.detik for r in results), total, sum(r.gagal for r in results)


def books_check(koperasi_id: int) -> list[str]:
    from gotong.ledger.checks import periksa_buku
    from gotong.tenancy.models import Koperasi

    return periksa_buku(Koperasi.objects.get(pk=koperasi_id))


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--no-floor", action="store_true", help="skip the (info) floor runs (posting_floor.py)")
    args = parser.parse_args(argv)
    _database_name(args.database_url)  # refuse early, before anything is dropped
    _database_name(pgbench_url(args.database_url))
    return args


def run(args: argparse.Namespace) -> int:
    database_recreate(args.database_url)
    django_setup(args.database_url)
    from django.conf import settings

    settings.DEBUG = False
    pg_url = pgbench_url(args.database_url)
    print(f"pgbench -i -s {PGBENCH_SCALE} ...")
    pgbench_init(pg_url)
    setup = build(args.accounts, args.clients)
    print(f"{args.accounts:,} sukarela accounts, {args.clients} kasir with open drawers; load {os.getloadavg()[0]:.1f}")

    tps_before = pgbench_run(pg_url, args.clients, args.seconds)
    print(f"pgbench tpcb-like -c {args.clients} -T {args.seconds}: {tps_before:,.0f} tps")
    rate, total, gagal = deposits_run(args.database_url, setup, args.clients, args.seconds)
    print(f"deposits through simpanan_setor, {args.clients} processes: {total:,} in {args.seconds} s "
          f"= {rate:,.1f}/s ({gagal} failed attempts)")  # fmt: skip
    tps_after = pgbench_run(pg_url, args.clients, args.seconds)
    print(f"pgbench tpcb-like again: {tps_after:,.0f} tps")

    tps = (tps_before + tps_after) / 2
    ratio = rate / tps
    verdict = "OK" if ratio >= TARGET_RATIO else "MISSED"
    print(
        f"\nratio deposits/s ÷ pgbench tps: {rate:,.1f} / {tps:,.0f} = {ratio:.3f} (target >= {TARGET_RATIO}) {verdict}"
    )
    problems = books_check(setup.koperasi_id)
    for p in problems[:20]:
        print(f"  books: {p}")
    print(f"books after the run: {'consistent' if not problems else f'{len(problems)} problems'}")
    if not args.no_floor:
        floors(args, setup, tps)
    return 0 if not problems else 1


def floors(args: argparse.Namespace, setup: Setup, tps: float) -> None:
    """(info) The rows a deposit must write, written with no Gotong code (``posting_floor``)."""
    from django.db import connections
    from posting_floor import VARIANTS, floor_run

    connections.close_all()
    print(f"\n(info) floor: only the rows a deposit writes, no Gotong code, {args.clients} processes:")
    for variant in VARIANTS:
        rate = floor_run(args.database_url, setup.koperasi_id, args.clients, args.seconds, variant)
        print(f"  {variant:<28} {rate:>8,.0f}/s = {rate / tps:.3f} of pgbench tps")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    finally:
        if args.keep:
            print(f"kept {args.database_url} and {pgbench_url(args.database_url)}")
        else:
            database_drop(args.database_url)
            with _admin_connection(args.database_url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{_database_name(pgbench_url(args.database_url))}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
