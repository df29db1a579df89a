"""Benchmark: the trial balance and laporan posisi keuangan of a koperasi with 1,000,000
journal lines beside ``hledger balance`` on the same books, then at 10,000,000 lines, in
PostgreSQL.

Builds a scratch database (its name must contain ``bench``; dropped at the end unless
``--keep``) with one savings-and-loan koperasi and five book years (2021-2025) of its
members' business, written with COPY, never through the ORM row by row:

* founding members in an opening entry (Dr Kas/Bank, Aset tetap; Cr simpanan pokok, wajib,
  sukarela per member, modal penyertaan, hibah, cadangan) and members joining every month
  (simpanan pokok);
* each month, per member: simpanan wajib, sukarela deposits and cash withdrawals, loans
  (12 monthly installments, 1% flat a month, 1% provisi, disbursed into sukarela and mostly
  drawn in cash the same month), installments with some missed and paid late, and the
  month-end interest on sukarela (3% a year) as one entry per 1,000 members, as
  ``savings.month_end`` posts it;
* per 1,000 members (a unit) and month: operating expenses, sales to members and
  non-members with their cost of goods and restocking, bank interest, depreciation, and
  moving cash between the safe and the bank.

Every entry balances, member-side lines name the member, entries are numbered per year in
date order, and the maintained monthly balances (``SaldoBulanan``, with the members' part)
are summed from the generated lines and upserted as posting does. The load runs with
PostgreSQL's triggers off (as ``pg_restore --disable-triggers``; ``--with-triggers`` keeps
them), and afterwards every line is checked: ``ledger.checks.saldo_bulanan_cocok``,
``jurnal_seimbang`` and the foreign keys. The years are left open: no closing entry. The
member subledgers (savings accounts, loan schedules) are not built; the statements read only
the ledger.

Then it prints:

* the time of ``reports.statements.neraca_saldo`` and ``posisi_keuangan`` for 2025 (with
  the 2024 comparative column) in a fresh process: a cold call, then the median and the best
  of ``--reps`` calls, and that process's peak memory;
* the time of ``hledger balance -Y -H -b 2024 -e 2026-01-01 -O csv`` (the same trial
  balance, end of 2024 and 2025, per account) on the journal exported by
  ``ledger.export.hledger_journal`` (export time shown apart, not counted), best of
  ``--hledger-reps``, and its peak memory; **the ratio hledger / Gotong** (hledger's best run
  against Gotong's median; target >= 100x);
* whether the totals agree: hledger's balance per top-level account (aset, kewajiban,
  ekuitas, pendapatan, beban) against Gotong's trial balance, both years, every account one
  by one, and the posisi keuangan totals against hledger's (OK/MISMATCH);
* after growing the same koperasi to 10,000,000 lines (nine times the members over the same
  years, in more units), Gotong's time again and **the ratio 10M / 1M** of the medians
  (target <= 1.5x). The database as it was at 1M is copied aside (``CREATE DATABASE …
  TEMPLATE``) before the growth, and the two are timed in alternating rounds, so that both
  meet the same load from whatever else runs on the machine.
  hledger is not run at 10M: it held about 4.5 GB at 1M lines (and took about two minutes),
  so 10M would need some 45 GB, more than the bench machine has.

It fixes its seed, so a rerun builds the same books. ``--scale 0.01`` builds 10,000 and
100,000 lines for a quick run (the targets then only inform; at full scale a missed target
fails the run).

    .venv/bin/python bench/reports.py [--scale 1] [--reps 50] [--hledger-reps 1] [--with-triggers]
        [--database-url postgresql://postgres@127.0.0.1:5432/gotong_bench_reports] [--keep]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import io
import math
import multiprocessing as mp
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from members import _database_name, database_drop, database_recreate, django_setup  # noqa: E402
from month_end import DESA, KEC, MARGA, NAMA, _copy  # noqa: E402

from gotong.core.money import floor_rupiah  # noqa: E402  (no Django in it)

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/gotong_bench_reports"
HLEDGER = "/usr/bin/hledger"
SEED = 31
TAHUN_AWAL, TAHUN_AKHIR = 2021, 2025  # the books' years; the statements are for the last
BULAN = (TAHUN_AKHIR - TAHUN_AWAL + 1) * 12
PEMBUKAAN = dt.date(TAHUN_AWAL - 1, 12, 31)  # the opening entry, the day before the first year
LINES_KECIL, LINES_BESAR = 1_000_000, 10_000_000
TARGET_RATIO = 100.0  # hledger time / Gotong time, at least
TARGET_DATAR = 1.5  # Gotong time at 10M / at 1M, at most
UNIT = 1000  # members per unit: one month-end interest entry each (savings.month_end.UKURAN_CHUNK)
KODE = "bench-laporan"

# Accounts (ledger.chart default codes).
KAS, BANK, PIUTANG, PERSEDIAAN, ASET_TETAP, AKUMULASI = "1.01", "1.02", "1.20", "1.30", "1.40", "1.40.99"
SUKARELA, POKOK, WAJIB, MODAL, HIBAH, CADANGAN = "2.10", "3.10", "3.11", "3.12", "3.13", "3.20"
JASA_PINJAMAN, PROVISI, PENJUALAN, PENDAPATAN_LAIN = "4.10", "4.20", "4.30", "4.90"
BEBAN_OPERASIONAL, JASA_SIMPANAN, PENYUSUTAN, HPP = "5.10", "5.20", "5.30", "5.50"

SIMPANAN_POKOK, SIMPANAN_WAJIB = 100_000, 50_000
BUNGA_SUKARELA = Decimal(3) / Decimal(1200)  # 3% a year, monthly
SALDO_MINIMUM_BUNGA = 10_000
TENOR = 12
BEBAN = ("Gaji karyawan", "Listrik dan air", "Alat tulis kantor", "Transport petugas lapangan", "Sewa kantor unit")
D, K = "D", "K"


# --- the books, generated ---------------------------------------------------------------------------


Baris = tuple[str, str, int, int | None]  # account code, side, amount (rupiah), member id or None


@dataclass(frozen=True)
class Entri:
    tanggal: dt.date
    sumber: str
    keterangan: str
    baris: list[Baris]
    kunci: str | None = None


@dataclass(slots=True)
class Anggota:
    """One member's state while the months are generated."""

    id: int
    nomor: str
    masuk: int  # month index of joining; -1 for a founding member (in the opening entry)
    sukarela: int = 0
    pinjaman: int = 0  # principal outstanding
    angsuran: int = 0  # principal per installment
    jasa: int = 0  # interest per installment
    sisa: int = 0  # installments left
    tunggak: int = 0  # installments missed
    cair: int = -1  # month index of the disbursement


def _bulan(m: int) -> tuple[int, int]:
    return TAHUN_AWAL + m // 12, m % 12 + 1


def _hari(rng: random.Random, m: int) -> dt.date:
    tahun, bulan = _bulan(m)
    return dt.date(tahun, bulan, rng.randint(1, calendar.monthrange(tahun, bulan)[1]))


def _akhir_bulan(m: int) -> dt.date:
    tahun, bulan = _bulan(m)
    return dt.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def _ribu(x: float) -> int:
    return max(1000, int(x) // 1000 * 1000)


class Unit:
    """Up to ``UNIT`` members and the koperasi's business around them, month by month."""

    def __init__(self, nomor: int, anggota: list[Anggota], rng: random.Random) -> None:
        self.nomor, self.anggota, self.rng = nomor, anggota, rng
        self.kas = 0
        self.skala = len(anggota) / UNIT  # the unit's own costs and sales follow its size

    def _kali(self, per_unit: float) -> int:
        return max(1, round(per_unit * self.skala))

    def pembukaan(self) -> Entri:
        """The opening entry: the unit's assets, capital and the founding members' balances."""
        rng, lines = self.rng, []
        kas, aset = _ribu(20_000_000 * self.skala), _ribu(80_000_000 * self.skala)
        modal, hibah, cadangan = (_ribu(x * self.skala) for x in (150_000_000, 25_000_000, 40_000_000))
        akumulasi = aset // 8
        anggota_total = 0
        for a in self.anggota:
            if a.masuk >= 0:
                continue
            wajib = SIMPANAN_WAJIB * rng.randint(6, 60)
            a.sukarela = rng.randint(0, 400) * 25_000
            lines += [(POKOK, K, SIMPANAN_POKOK, a.id), (WAJIB, K, wajib, a.id)]
            if a.sukarela:
                lines.append((SUKARELA, K, a.sukarela, a.id))
            anggota_total += SIMPANAN_POKOK + wajib + a.sukarela
        bank = modal + hibah + cadangan + akumulasi + anggota_total - kas - aset
        head: list[Baris] = [(KAS, D, kas, None), (BANK, D, bank, None), (ASET_TETAP, D, aset, None)]
        tail: list[Baris] = [(AKUMULASI, K, akumulasi, None), (MODAL, K, modal, None), (HIBAH, K, hibah, None)]
        self.kas = kas
        return Entri(
            PEMBUKAAN,
            "saldo_awal",
            f"Saldo awal unit {self.nomor} (migrasi dari pembukuan manual)",
            [*head, *tail, (CADANGAN, K, cadangan, None), *lines],
            kunci=f"saldo-awal-unit-{self.nomor}",
        )

    def bulan(self, m: int) -> list[Entri]:
        out: list[Entri] = []
        for a in self.anggota:
            if a.masuk <= m:
                self._anggota(a, m, out)
        self._usaha(m, out)
        self._jasa_simpanan(m, out)
        self.kas += sum(j if s == D else -j for e in out for k, s, j, _a in e.baris if k == KAS)
        self._kas_bank(m, out)
        return out

    def _anggota(self, a: Anggota, m: int, out: list[Entri]) -> None:
        rng = self.rng
        if a.masuk == m:
            out.append(
                Entri(
                    _hari(rng, m),
                    "setoran",
                    f"Simpanan pokok anggota baru {a.nomor}",
                    [(KAS, D, SIMPANAN_POKOK, None), (POKOK, K, SIMPANAN_POKOK, a.id)],
                )
            )
        if rng.random() < 0.93:
            out.append(
                Entri(
                    _hari(rng, m),
                    "setoran",
                    f"Simpanan wajib {a.nomor}",
                    [(KAS, D, SIMPANAN_WAJIB, None), (WAJIB, K, SIMPANAN_WAJIB, a.id)],
                )
            )
        if rng.random() < 0.55:
            jumlah = rng.randint(5, 200) * 10_000
            a.sukarela += jumlah
            out.append(
                Entri(
                    _hari(rng, m),
                    "setoran",
                    f"Setoran sukarela {a.nomor}",
                    [(KAS, D, jumlah, None), (SUKARELA, K, jumlah, a.id)],
                )
            )
        if a.sisa and a.cair < m:
            self._angsuran(a, m, out)
        baru = False
        if not a.sisa and rng.random() < 0.045:
            self._pinjaman(a, m, out)
            baru = True
        if a.sukarela > 200_000 and rng.random() < (0.9 if baru else 0.33):
            jumlah = min(a.sukarela - SALDO_MINIMUM_BUNGA, _ribu(a.sukarela * rng.uniform(0.1, 0.9 if baru else 0.6)))
            a.sukarela -= jumlah
            out.append(
                Entri(
                    _hari(rng, m),
                    "penarikan",
                    f"Penarikan sukarela {a.nomor}",
                    [(SUKARELA, D, jumlah, a.id), (KAS, K, jumlah, None)],
                )
            )

    def _pinjaman(self, a: Anggota, m: int, out: list[Entri]) -> None:
        pokok = self.rng.randint(2, 40) * 500_000
        provisi = pokok // 100
        a.pinjaman, a.angsuran, a.jasa = pokok, pokok // TENOR, pokok // 100
        a.sisa, a.tunggak, a.cair = TENOR, 0, m
        a.sukarela += pokok - provisi
        out.append(
            Entri(
                _hari(self.rng, m),
                "pinjaman",
                f"Pencairan pinjaman {a.nomor} ke simpanan sukarela",
                [(PIUTANG, D, pokok, a.id), (SUKARELA, K, pokok - provisi, a.id), (PROVISI, K, provisi, a.id)],
            )
        )

    def _angsuran(self, a: Anggota, m: int, out: list[Entri]) -> None:
        if self.rng.random() >= 0.94:
            a.tunggak += 1
            return
        kali = min(a.tunggak + 1, a.sisa)
        a.sisa -= kali
        a.tunggak = 0
        pokok = a.pinjaman if not a.sisa else a.angsuran * kali
        a.pinjaman -= pokok
        jasa = a.jasa * kali
        out.append(
            Entri(
                _hari(self.rng, m),
                "pinjaman",
                f"Angsuran pinjaman {a.nomor} ({kali}x)",
                [(KAS, D, pokok + jasa, None), (PIUTANG, K, pokok, a.id), (JASA_PINJAMAN, K, jasa, a.id)],
            )
        )

    def _usaha(self, m: int, out: list[Entri]) -> None:
        rng = self.rng
        for _ in range(self._kali(6)):
            jumlah = _ribu(rng.uniform(1_000_000, 9_000_000))
            ket = f"{rng.choice(BEBAN)} unit {self.nomor}"
            out.append(
                Entri(_hari(rng, m), "manual", ket, [(BEBAN_OPERASIONAL, D, jumlah, None), (KAS, K, jumlah, None)])
            )
        terjual = 0
        for i in range(self._kali(8)):
            jumlah = _ribu(rng.uniform(500_000, 5_000_000))
            terjual += jumlah
            # half the sales are to members (their volume for SHU), half to the public
            anggota = rng.choice(self.anggota).id if i % 2 == 0 else None
            siapa = "anggota" if anggota else "umum"
            out.append(
                Entri(
                    _hari(rng, m),
                    "penjualan",
                    f"Penjualan sembako ({siapa}) unit {self.nomor}",
                    [(KAS, D, jumlah, None), (PENJUALAN, K, jumlah, anggota)],
                )
            )
        hpp = terjual * 7 // 10
        akhir = _akhir_bulan(m)
        out.append(
            Entri(
                akhir,
                "penjualan",
                f"Harga pokok penjualan unit {self.nomor}",
                [(HPP, D, hpp, None), (PERSEDIAAN, K, hpp, None)],
            )
        )
        out.append(
            Entri(
                akhir,
                "manual",
                f"Pembelian persediaan unit {self.nomor}",
                [(PERSEDIAAN, D, hpp, None), (BANK, K, hpp, None)],
            )
        )
        bunga = _ribu(rng.uniform(300_000, 1_500_000) * self.skala)
        out.append(
            Entri(
                akhir,
                "manual",
                f"Jasa giro bank unit {self.nomor}",
                [(BANK, D, bunga, None), (PENDAPATAN_LAIN, K, bunga, None)],
            )
        )
        susut = _ribu(800_000 * self.skala)
        out.append(
            Entri(
                akhir,
                "manual",
                f"Penyusutan aset tetap unit {self.nomor}",
                [(PENYUSUTAN, D, susut, None), (AKUMULASI, K, susut, None)],
            )
        )

    def _jasa_simpanan(self, m: int, out: list[Entri]) -> None:
        lines: list[Baris] = []
        total = 0
        for a in self.anggota:
            if a.masuk <= m and a.sukarela >= SALDO_MINIMUM_BUNGA:
                jasa = int(floor_rupiah(a.sukarela * BUNGA_SUKARELA))
                if jasa:
                    a.sukarela += jasa
                    total += jasa
                    lines.append((SUKARELA, K, jasa, a.id))
        if total:
            tahun, bulan = _bulan(m)
            out.append(
                Entri(
                    _akhir_bulan(m),
                    "jasa_simpanan",
                    f"Jasa simpanan sukarela {bulan:02d}/{tahun} unit {self.nomor}",
                    [(JASA_SIMPANAN, D, total, None), *lines],
                    kunci=f"jasa-{tahun}-{bulan:02d}-unit-{self.nomor}",
                )
            )

    def _kas_bank(self, m: int, out: list[Entri]) -> None:
        """Keep the safe between 10 and 60 million per unit: the rest goes to or comes from the bank."""
        atas, bawah, jaga = (_ribu(x * self.skala) for x in (60_000_000, 10_000_000, 30_000_000))
        akhir = _akhir_bulan(m)
        if self.kas > atas:
            jumlah = self.kas - jaga
            out.append(
                Entri(
                    akhir,
                    "manual",
                    f"Setor kas ke bank unit {self.nomor}",
                    [(BANK, D, jumlah, None), (KAS, K, jumlah, None)],
                )
            )
            self.kas -= jumlah
        elif self.kas < bawah:
            jumlah = jaga - self.kas
            out.append(
                Entri(
                    akhir,
                    "manual",
                    f"Ambil kas dari bank unit {self.nomor}",
                    [(KAS, D, jumlah, None), (BANK, K, jumlah, None)],
                )
            )
            self.kas += jumlah


def anggota_rencana(n: int, rng: random.Random) -> list[int]:
    """When each of ``n`` members joins: half are founding members (-1), the rest join over the years."""
    return [-1 if rng.random() < 0.5 else rng.randrange(BULAN) for _ in range(n)]


def units(
    ids: Sequence[int], nomor: Sequence[str], masuk: Sequence[int], unit_awal: int, rng: random.Random
) -> list[Unit]:
    anggota = [Anggota(i, n, m) for i, n, m in zip(ids, nomor, masuk, strict=True)]
    return [Unit(unit_awal + k, anggota[s : s + UNIT], rng) for k, s in enumerate(range(0, len(anggota), UNIT))]


def entri_semua(bagian: list[Unit]) -> Iterator[list[Entri]]:
    """The opening entries, then each month's entries of every unit, in date order."""
    yield [u.pembukaan() for u in bagian]
    for m in range(BULAN):
        bulan = [e for u in bagian for e in u.bulan(m)]
        bulan.sort(key=lambda e: e.tanggal)  # stable: same-day entries keep their order
        yield bulan


def baris_per_anggota(rng_seed: int) -> float:
    """Lines per member, from a dry run of one unit (nothing written): sizes the koperasi."""
    rng = random.Random(rng_seed)
    masuk = anggota_rencana(UNIT, rng)
    bagian = units(list(range(UNIT)), [f"{i:06d}" for i in range(UNIT)], masuk, 0, rng)
    return sum(len(e.baris) for bulan in entri_semua(bagian) for e in bulan) / UNIT


# --- writing the books ----------------------------------------------------------------------------


@dataclass
class Buku:
    """What the loader keeps between months and stages: ids, numbers, monthly balances."""

    koperasi_id: int
    akun: dict[str, int]
    jurnal_id: int = 0
    nomor: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    saldo: dict[tuple[int, int, int], list[int]] = field(default_factory=dict)
    jurnal: int = 0
    baris: int = 0
    anggota: int = 0
    unit: int = 0


TANPA_TRIGGER = [True]  # ``--with-triggers`` loads with PostgreSQL's checks on (about twice as slow)
JURNAL_KOLOM = ("id", "koperasi_id", "nomor", "tanggal", "keterangan", "sumber", "sumber_id", "kunci", "dibuat_pada")
BARIS_KOLOM = ("jurnal_id", "akun_id", "sisi", "jumlah", "anggota_id", "keterangan")


def tulis(buku: Buku, entri: list[Entri]) -> None:
    """COPY one month's entries and their lines (one transaction); add them to the monthly balances."""
    from django.db import connection, transaction

    from gotong.ledger.models import BarisJurnal, Jurnal

    ids = range(buku.jurnal_id + 1, buku.jurnal_id + 1 + len(entri))
    buku.jurnal_id += len(entri)
    jam = dt.time(2, 0, tzinfo=dt.UTC)  # 09:00 WIB

    def jurnal() -> Iterator[tuple[Any, ...]]:
        for jid, e in zip(ids, entri, strict=True):
            buku.nomor[e.tanggal.year] += 1
            nomor = f"JU-{e.tanggal.year}-{buku.nomor[e.tanggal.year]:06d}"
            dibuat = dt.datetime.combine(e.tanggal, jam)
            yield (jid, buku.koperasi_id, nomor, e.tanggal, e.keterangan, e.sumber, "", e.kunci, dibuat)

    def baris() -> Iterator[tuple[Any, ...]]:
        akun, saldo = buku.akun, buku.saldo
        for jid, e in zip(ids, entri, strict=True):
            for kode, sisi, jumlah, anggota in e.baris:
                akun_id = akun[kode]
                key = (akun_id, e.tanggal.year, e.tanggal.month)
                s = saldo.get(key)
                if s is None:
                    s = saldo[key] = [0, 0, 0, 0]
                col = 0 if sisi == D else 1
                s[col] += jumlah
                if anggota is not None:
                    s[col + 2] += jumlah
                buku.baris += 1
                yield (jid, akun_id, sisi, jumlah, anggota, "")

    with transaction.atomic(), connection.cursor() as cur:
        if TANPA_TRIGGER[0]:
            # As ``pg_restore --disable-triggers`` loads: the foreign keys and the per-entry
            # balance trigger are re-checked over the whole table by ``buku_periksa`` afterwards.
            cur.execute("SET LOCAL session_replication_role = replica")
        _copy(Jurnal._meta.db_table, JURNAL_KOLOM, jurnal())
        _copy(BarisJurnal._meta.db_table, BARIS_KOLOM, baris())
    buku.jurnal += len(entri)


def saldo_simpan(buku: Buku) -> None:
    """Add the stage's sums to the maintained monthly balances, as posting does (upsert)."""
    from django.db import connection, transaction

    from gotong.ledger.models import SaldoBulanan

    table = SaldoBulanan._meta.db_table
    rows = [(buku.koperasi_id, a, t, b, *s) for (a, t, b), s in sorted(buku.saldo.items())]
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {table} (koperasi_id, akun_id, tahun, bulan, debit, kredit, debit_anggota, kredit_anggota) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (akun_id, tahun, bulan) DO UPDATE SET "
            f"debit = {table}.debit + EXCLUDED.debit, kredit = {table}.kredit + EXCLUDED.kredit, "
            f"debit_anggota = {table}.debit_anggota + EXCLUDED.debit_anggota, "
            f"kredit_anggota = {table}.kredit_anggota + EXCLUDED.kredit_anggota",
            rows,
        )
    buku.saldo.clear()


def nomor_simpan(buku: Buku) -> None:
    """The journal number series continue after the loaded entries (``tenancy.services.nomor_next``)."""
    from django.db import connection

    from gotong.ledger.models import Jurnal
    from gotong.tenancy.models import Penomoran

    for tahun, terakhir in buku.nomor.items():
        Penomoran.objects.update_or_create(
            koperasi_id=buku.koperasi_id, seri=f"jurnal-{tahun}", defaults={"terakhir": terakhir}
        )
    with connection.cursor() as cur:
        table = Jurnal._meta.db_table
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [buku.jurnal_id])


def anggota_copy(buku: Buku, n: int, masuk: Sequence[int]) -> tuple[list[int], list[str]]:
    """COPY ``n`` more members; returns their ids and member numbers."""
    from gotong.members.models import Anggota as AnggotaModel

    awal = buku.anggota
    now = dt.datetime(2026, 1, 2, 2, 0, tzinfo=dt.UTC)
    columns = [
        "koperasi_id", "nomor_anggota", "status", "nik", "nomor_kk", "nama", "nama_cari", "tempat_lahir",
        "tanggal_lahir", "jenis_kelamin", "alamat", "kabupaten_kode", "kecamatan_kode", "desa_kode", "telepon",
        "email", "pekerjaan", "foto_ktp", "tanggal_daftar", "tanggal_masuk", "alasan_penolakan", "token_status",
        "token_kartu", "dibuat", "diubah",
    ]  # fmt: skip
    nomor = [f"{awal + j + 1:06d}" for j in range(n)]

    def rows() -> Iterator[list[Any]]:
        for j in range(n):
            i = awal + j
            lahir = dt.date(1960, 1, 1) + dt.timedelta(days=i // 9999)
            kelamin = "L" if i % 2 else "P"
            hari = lahir.day + (40 if kelamin == "P" else 0)  # NIK: women's birth day + 40
            nik = f"{KEC.replace('.', '')}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}{i % 9999 + 1:04d}"
            nama = f"{NAMA[i % len(NAMA)]} {MARGA[(i // len(NAMA)) % len(MARGA)]}"
            tanggal = PEMBUKAAN if masuk[j] < 0 else dt.date(*_bulan(masuk[j]), 1)
            yield [
                buku.koperasi_id, nomor[j], "aktif", nik, nik, nama, nama.lower(), "Serang", lahir, kelamin,
                "Jl. Raya Kramatwatu No. 1", KEC[:5], KEC, DESA, "081200000000", "", "Petani", "", tanggal, tanggal,
                "", f"{KODE}-s{i}", f"{KODE}-k{i}", now, now,
            ]  # fmt: skip

    _copy(AnggotaModel._meta.db_table, columns, rows())
    ids = list(
        AnggotaModel.objects.filter(koperasi_id=buku.koperasi_id).order_by("id").values_list("id", flat=True)[awal:]
    )
    buku.anggota += n
    return ids, nomor


def tumbuh(buku: Buku, n: int, seed: int) -> float:
    """Add ``n`` members (in new units) and five years of their business; returns seconds."""
    from django.db import connection

    start = time.perf_counter()
    rng = random.Random(seed)
    masuk = anggota_rencana(n, rng)
    ids, nomor = anggota_copy(buku, n, masuk)
    bagian = units(ids, nomor, masuk, buku.unit + 1, rng)
    buku.unit += len(bagian)
    for bulan in entri_semua(bagian):
        tulis(buku, bulan)
    saldo_simpan(buku)
    nomor_simpan(buku)
    tables = ("members_anggota", "ledger_jurnal", "ledger_barisjurnal", "ledger_saldobulanan")
    with connection.cursor() as cur:  # as autovacuum would after a bulk load (not inside a test's transaction)
        for table in () if connection.in_atomic_block else tables:
            cur.execute(f"VACUUM (ANALYZE) {table}")
    return time.perf_counter() - start


def koperasi_buat() -> Buku:
    from gotong.ledger.models import Akun
    from gotong.ledger.services import bagan_akun_siapkan
    from gotong.tenancy.models import Koperasi

    koperasi = Koperasi.objects.create(
        kode=KODE, nama="KSP Sejahtera Bersama (bench)", jenis="ksp", kabupaten_kode="36.04", kecamatan_kode=KEC
    )
    bagan_akun_siapkan(koperasi=koperasi)
    akun = dict(Akun.objects.filter(koperasi=koperasi).values_list("kode", "pk"))
    from django.db.models import Max

    from gotong.ledger.models import Jurnal

    return Buku(koperasi.pk, akun, jurnal_id=Jurnal.objects.aggregate(m=Max("id"))["m"] or 0)


def buku_periksa(koperasi_id: int) -> tuple[list[str], float]:
    """The monthly balances against the lines, and every entry's balance; problems and seconds."""
    from gotong.ledger.checks import jurnal_seimbang, saldo_bulanan_cocok
    from gotong.tenancy.models import Koperasi

    start = time.perf_counter()
    koperasi = Koperasi.objects.get(pk=koperasi_id)
    problems = saldo_bulanan_cocok(koperasi) + jurnal_seimbang(koperasi) + kunci_asing_periksa()
    return problems, time.perf_counter() - start


def kunci_asing_periksa() -> list[str]:
    """Every line's entry, account and member exist (the foreign keys the load did not check)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM ledger_barisjurnal b "
            "LEFT JOIN ledger_jurnal j ON j.id = b.jurnal_id LEFT JOIN ledger_akun a ON a.id = b.akun_id "
            "LEFT JOIN members_anggota m ON m.id = b.anggota_id "
            "WHERE j.id IS NULL OR a.id IS NULL OR (b.anggota_id IS NOT NULL AND m.id IS NULL)"
        )
        yatim = cur.fetchone()[0]
    return [f"{yatim} journal lines point to a missing entry, account or member"] if yatim else []


# --- the timed runs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gotong:
    """Seconds of each call, the first (cold) apart, the figures, and the process's peak memory."""

    neraca_dingin: float
    posisi_dingin: float
    neraca: list[float]
    posisi: list[float]
    rss_mb: float
    per_akun: dict[str, tuple[Decimal, Decimal]]  # code -> debit-positive balance, 2025 and 2024
    tipe: dict[str, tuple[Decimal, Decimal]]
    aset: tuple[Decimal, Decimal]
    kewajiban: tuple[Decimal, Decimal]
    ekuitas: tuple[Decimal, Decimal]
    seimbang: bool

    @property
    def selisih(self) -> tuple[Decimal, Decimal]:
        """Debits less credits of the trial balance, both years (zero when it balances)."""
        return (
            sum((v[0] for v in self.tipe.values()), Decimal(0)),
            sum((v[1] for v in self.tipe.values()), Decimal(0)),
        )

    @property
    def terbaik(self) -> float:
        """The fastest trial balance plus the fastest posisi keuangan (the least disturbed by other load)."""
        return min(self.neraca) + min(self.posisi)

    @property
    def detik(self) -> float:
        """Median seconds of a trial balance plus a posisi keuangan."""
        return statistics.median(self.neraca) + statistics.median(self.posisi)


def _sekali(koperasi: Any) -> tuple[float, float, Any, Any]:
    """One trial balance and one posisi keuangan of the last year: their seconds and results."""
    from gotong.reports.statements import Periode, neraca_saldo, posisi_keuangan

    periode = Periode(TAHUN_AKHIR)
    start = time.perf_counter()
    rows = neraca_saldo(koperasi=koperasi, periode=periode)
    mid = time.perf_counter()
    pk = posisi_keuangan(koperasi=koperasi, periode=periode)
    return mid - start, time.perf_counter() - mid, rows, pk


def _hasil(dingin: tuple[float, float], neraca: list[float], posisi: list[float], rows: Any, pk: Any) -> Gotong:
    per_akun = {r.kode: (r.debit - r.kredit, r.debit_pembanding - r.kredit_pembanding) for r in rows}
    tipe: dict[str, tuple[Decimal, Decimal]] = {}
    for r in rows:
        a, b = tipe.get(r.tipe, (Decimal(0), Decimal(0)))
        tipe[r.tipe] = (a + r.debit - r.kredit, b + r.debit_pembanding - r.kredit_pembanding)
    ekuitas = (pk.ekuitas.jumlah, pk.ekuitas.pembanding)
    return Gotong(
        dingin[0], dingin[1], neraca, posisi, vmhwm_mb(), per_akun, tipe,
        pk.total_aset, pk.total_kewajiban, ekuitas, pk.seimbang,
    )  # fmt: skip


def gotong_hitung(koperasi: Any, reps: int) -> Gotong:
    """Run and time the trial balance and the posisi keuangan of the last year ``reps + 1`` times."""
    a, b, rows, pk = _sekali(koperasi)
    neraca, posisi = [], []
    for _ in range(reps):
        x, y, rows, pk = _sekali(koperasi)
        neraca.append(x)
        posisi.append(y)
    return _hasil((a, b), neraca, posisi, rows, pk)


def gotong_child(url: str, koperasi_id: int, perintah: Any, out: Any) -> None:
    """A report process: a cold call, then one timed call per command, then its results."""
    django_setup(url)
    from django.conf import settings

    from gotong.tenancy.models import Koperasi

    settings.DEBUG = False  # DEBUG keeps every query in memory; production does not
    koperasi = Koperasi.objects.get(pk=koperasi_id)
    a, b, rows, pk = _sekali(koperasi)
    out.put("siap")
    neraca, posisi = [], []
    while perintah.get():
        x, y, rows, pk = _sekali(koperasi)
        neraca.append(x)
        posisi.append(y)
        out.put("")
    out.put(_hasil((a, b), neraca, posisi, rows, pk))


def gotong_timed(urls: Sequence[str], koperasi_id: int, reps: int) -> list[Gotong]:
    """The statements timed in a fresh process per database (so each peak memory is the reports'
    own). With two databases the calls alternate, one round at a time and in turn first, so
    both meet the same load from whatever else runs on the machine."""
    ctx = mp.get_context("spawn")
    anak = []
    for url in urls:  # one after the other: the cold calls do not compete
        perintah, out = ctx.Queue(), ctx.Queue()
        child = ctx.Process(target=gotong_child, args=(url, koperasi_id, perintah, out))
        child.start()
        if out.get() != "siap":
            raise SystemExit("report process did not start")
        anak.append((child, perintah, out))
    for r in range(reps):
        for _child, perintah, out in anak if r % 2 == 0 else anak[::-1]:
            perintah.put(True)
            out.get()
    hasil = []
    for child, perintah, out in anak:
        perintah.put(False)
        hasil.append(out.get())
        child.join()
        if child.exitcode:
            raise SystemExit(f"report process exited with {child.exitcode}")
    return hasil


def database_salin(url: str, salinan: str) -> None:
    """A copy of the scratch database as it is now (PostgreSQL's CREATE DATABASE … TEMPLATE)."""
    from django.db import connections
    from members import _admin_connection

    connections.close_all()  # the template must have no other sessions
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_database_name(salinan)}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{_database_name(salinan)}" TEMPLATE "{_database_name(url)}"')


def url_salinan(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path + "_1m"))


def ekspor(koperasi_id: int, path: Path) -> tuple[int, float]:
    from gotong.ledger.export import hledger_journal
    from gotong.tenancy.models import Koperasi

    start = time.perf_counter()
    with path.open("w", encoding="utf-8") as f:
        n = hledger_journal(koperasi=Koperasi.objects.get(pk=koperasi_id), out=f, dibuat=dt.date(2026, 1, 2))
    return n, time.perf_counter() - start


@dataclass(frozen=True)
class Hledger:
    detik: list[float]
    rss_mb: float
    per_akun: dict[str, tuple[Decimal, Decimal]]  # code -> balance, end of 2025 and of 2024
    tipe: dict[str, tuple[Decimal, Decimal]]


HLEDGER_ARGS = ("balance", "-Y", "-H", "-b", str(TAHUN_AKHIR - 1), "-e", f"{TAHUN_AKHIR + 1}-01-01", "-O", "csv")


def _idr(text: str) -> Decimal:
    return Decimal(text.replace("IDR", "").strip() or "0")


def vmhwm_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory since its exec (``VmHWM``), in MB; 0 once it has exited.

    Not ``ru_maxrss``: on Linux a child's ``ru_maxrss`` starts at its parent's resident size
    at fork, so a child of the loader would report the loader's memory as its own.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def hledger_run(path: Path, reps: int) -> Hledger:
    """``hledger balance`` on the exported journal: end-of-year balances of 2024 and 2025 per account."""
    detik, rss, keluaran = [], 0.0, ""
    for _ in range(reps):
        start = time.perf_counter()
        proc = subprocess.Popen([HLEDGER, "-f", str(path), *HLEDGER_ARGS], stdout=subprocess.PIPE, text=True)
        with ThreadPoolExecutor(1) as pool:
            baca = pool.submit(proc.communicate)
            while proc.poll() is None:  # its own peak, read while it runs (see vmhwm_mb)
                rss = max(rss, vmhwm_mb(proc.pid))
                time.sleep(0.02)
            keluaran = baca.result()[0]
        detik.append(time.perf_counter() - start)
        if proc.returncode:
            raise SystemExit(f"hledger exited with {proc.returncode}")
    per_akun: dict[str, tuple[Decimal, Decimal]] = {}
    tipe: dict[str, tuple[Decimal, Decimal]] = {}
    reader = csv.reader(io.StringIO(keluaran))
    header = next(reader)
    assert header[1:] == [str(TAHUN_AKHIR - 1), str(TAHUN_AKHIR)], header
    for name, lalu, kini in reader:
        if name == "total":
            continue
        top, _sep, rest = name.partition(":")
        nilai = (_idr(kini), _idr(lalu))
        per_akun[rest.split(" ", 1)[0]] = nilai
        a, b = tipe.get(top, (Decimal(0), Decimal(0)))
        tipe[top] = (a + nilai[0], b + nilai[1])
    return Hledger(detik, rss, per_akun, tipe)


# --- comparing and reporting ----------------------------------------------------------------------


def bandingkan(g: Gotong, h: Hledger) -> list[str]:
    """Where Gotong's figures differ from hledger's (empty: the same books)."""
    nol = (Decimal(0), Decimal(0))
    beda = []
    for top in sorted(set(g.tipe) | set(h.tipe)):
        if g.tipe.get(top, nol) != h.tipe.get(top, nol):
            beda.append(f"{top}: Gotong {g.tipe.get(top, nol)} hledger {h.tipe.get(top, nol)}")
    for kode in sorted(set(g.per_akun) | set(h.per_akun)):
        if g.per_akun.get(kode, nol) != h.per_akun.get(kode, nol):
            beda.append(f"akun {kode}: Gotong {g.per_akun.get(kode, nol)} hledger {h.per_akun.get(kode, nol)}")
    t = {top: h.tipe.get(top, nol) for top in ("aset", "kewajiban", "ekuitas", "pendapatan", "beban")}
    for i, tahun in enumerate((TAHUN_AKHIR, TAHUN_AKHIR - 1)):
        ekuitas_hl = -(t["ekuitas"][i] + t["pendapatan"][i] + t["beban"][i])  # with the unclosed SHU
        for label, ours, theirs in (
            ("total aset", g.aset[i], t["aset"][i]),
            ("total kewajiban", g.kewajiban[i], -t["kewajiban"][i]),
            ("ekuitas", g.ekuitas[i], ekuitas_hl),
        ):
            if ours != theirs:
                beda.append(f"posisi keuangan {tahun} {label}: Gotong {ours} hledger {theirs}")
    if not g.seimbang:
        beda.append("posisi keuangan tidak seimbang")
    if any(g.selisih):
        beda.append(f"neraca saldo tidak seimbang: {g.selisih}")
    return beda


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def gotong_cetak(label: str, g: Gotong, url: str) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM ledger_saldobulanan").fetchone()
    saldo = row[0] if row else 0
    print(f"Gotong at {label} ({saldo:,} monthly balance rows; {len(g.neraca)} calls after a cold one, "
          f"fresh process; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")  # fmt: skip
    print("                                   median        best        cold")
    for nama, xs, cold in (("neraca_saldo", g.neraca, g.neraca_dingin), ("posisi_keuangan", g.posisi, g.posisi_dingin)):
        tahun = f"{TAHUN_AKHIR} (+{TAHUN_AKHIR - 1})"
        print(f"  {nama:<15} {tahun} {_ms(statistics.median(xs))} {_ms(min(xs))} {_ms(cold)}")
    print(f"  both                          {_ms(g.detik)} {_ms(g.terbaik)}   peak memory {g.rss_mb:.0f} MB")


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def _build(buku: Buku, target: int, seed: int, per_anggota: float) -> None:
    from gotong.ledger.models import BarisJurnal

    n = max(1, math.ceil((target - buku.baris) / per_anggota))
    detik = tumbuh(buku, n, seed)
    total = BarisJurnal.objects.filter(jurnal__koperasi_id=buku.koperasi_id).count()
    assert total == buku.baris, (total, buku.baris)
    print(f"  {n:,} members added in {detik:.0f} s: now {buku.anggota:,} members in {buku.unit} units, "
          f"{buku.jurnal:,} entries, {buku.baris:,} lines")  # fmt: skip
    problems, detik = buku_periksa(buku.koperasi_id)
    for p in problems[:10]:
        print(f"  books: {p}")
    print(f"  saldo_bulanan_cocok + jurnal_seimbang + foreign keys over all {buku.baris:,} lines: "
          f"{'consistent' if not problems else f'{len(problems)} PROBLEMS'} ({detik:.0f} s)")  # fmt: skip
    if problems:
        raise SystemExit("the generated books do not hold")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 1M / 10M lines (0.01 for a quick run)")
    parser.add_argument("--reps", type=int, default=50, help="timed calls of each statement after a cold one")
    parser.add_argument("--hledger-reps", type=int, default=1)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--with-triggers", action="store_true", help="load with the FK and balance triggers")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and the journal")
    args = parser.parse_args(argv)
    _database_name(args.database_url)  # refuse early, before anything is dropped
    if not Path(HLEDGER).exists():
        parser.error(f"{HLEDGER} not found (apt-get install hledger)")
    return args


def run(args: argparse.Namespace, workdir: Path) -> int:
    database_recreate(args.database_url)
    django_setup(args.database_url)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    TANPA_TRIGGER[0] = not args.with_triggers
    kecil, besar = round(LINES_KECIL * args.scale), round(LINES_BESAR * args.scale)
    per_anggota = baris_per_anggota(SEED)
    print(f"free memory {os.sysconf('SC_AVPHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.1f} GiB, "
          f"{os.cpu_count()} CPUs; about {per_anggota:.0f} lines per member over {BULAN} months")  # fmt: skip
    print(f"building {kecil:,} journal lines (COPY) ...")
    buku = koperasi_buat()
    _build(buku, kecil, SEED, per_anggota)
    baris_kecil = buku.baris
    # The koperasi as it is at 1M, kept aside: after the growth both are timed in alternation.
    start = time.perf_counter()
    salinan = url_salinan(args.database_url)
    database_salin(args.database_url, salinan)
    print(f"  copied the database at {baris_kecil:,} lines aside in {time.perf_counter() - start:.0f} s")

    journal = workdir / "bench-reports.journal"
    n, t_ekspor = ekspor(buku.koperasi_id, journal)
    connections.close_all()
    size = journal.stat().st_size / 2**20
    print(f"exported {n:,} entries to an hledger journal ({size:.0f} MB) in {t_ekspor:.0f} s (not timed below)")
    print(f"running hledger {' '.join(HLEDGER_ARGS)} ...")
    h = hledger_run(journal, args.hledger_reps)
    (g1,) = gotong_timed([args.database_url], buku.koperasi_id, args.reps)
    t_h = min(h.detik)
    print(f"\nhledger at {baris_kecil:,} lines: {t_h:.2f} s (best of {len(h.detik)}), peak memory {h.rss_mb:.0f} MB")
    gotong_cetak(f"{baris_kecil:,} lines", g1, args.database_url)
    beda = bandingkan(g1, h)
    for b in beda[:20]:
        print(f"  MISMATCH {b}")
    print(f"totals: hledger balance per top-level account ({', '.join(sorted(h.tipe))}) and per account "
          f"({len(h.per_akun)}), both years, vs Gotong's trial balance and posisi keuangan: "
          f"{'OK' if not beda else 'MISMATCH'}")  # fmt: skip
    # hledger's best run against Gotong's median call: the comparison least kind to Gotong.
    ratio = t_h / g1.detik
    print(f"ratio hledger / Gotong (trial balance + posisi keuangan): {ratio:,.0f}x "
          f"(target >= {TARGET_RATIO:.0f}x) {_verdict(ratio >= TARGET_RATIO)}")  # fmt: skip
    print(f"  (against Gotong's best calls: {t_h / g1.terbaik:,.0f}x; "
          f"against its trial balance alone, median: {t_h / statistics.median(g1.neraca):,.0f}x)")  # fmt: skip
    if not args.keep:
        journal.unlink()

    print(f"\ngrowing the koperasi to {besar:,} journal lines (COPY) ...")
    _build(buku, besar, SEED + 1, per_anggota)
    connections.close_all()
    g1b, g10 = gotong_timed([salinan, args.database_url], buku.koperasi_id, args.reps)
    print(f"\ntiming both databases again, {args.reps} rounds, the calls alternating:")
    gotong_cetak(f"{baris_kecil:,} lines", g1b, salinan)
    gotong_cetak(f"{buku.baris:,} lines", g10, args.database_url)
    datar = g10.detik / g1b.detik
    print(f"ratio Gotong {buku.baris:,} / {baris_kecil:,} lines, medians: {datar:.2f}x "
          f"(target <= {TARGET_DATAR}x) {_verdict(datar <= TARGET_DATAR)}")  # fmt: skip
    print(f"  (best / best: {g10.terbaik / g1b.terbaik:.2f}x)")
    beda10 = [
        f"neraca saldo {t}: debit - kredit = {x}" for t, x in zip(("kini", "lalu"), g10.selisih, strict=True) if x
    ]
    print(f"trial balance and posisi keuangan at {buku.baris:,} lines balance: "
          f"{'OK' if not beda10 and g10.seimbang else 'MISMATCH ' + '; '.join(beda10)}")  # fmt: skip
    print("hledger is not run at this size (see the module doc); its memory at "
          f"{baris_kecil:,} lines was {h.rss_mb:.0f} MB")  # fmt: skip
    print(f"peak memory: loader/exporter process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
          f"report process {max(g1.rss_mb, g1b.rss_mb, g10.rss_mb):.0f} MB, hledger {h.rss_mb:.0f} MB")  # fmt: skip
    ok = not beda and not beda10 and g10.seimbang
    if args.scale >= 1:
        ok = ok and ratio >= TARGET_RATIO and datar <= TARGET_DATAR
    return 0 if ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="gotong-bench-reports-"))
    try:
        return run(args, workdir)
    finally:
        if args.keep:
            print(f"kept {args.database_url}, {url_salinan(args.database_url)} and {workdir}")
        else:
            database_drop(args.database_url)
            database_drop(url_salinan(args.database_url))
            for f in workdir.iterdir():
                f.unlink()
            workdir.rmdir()


if __name__ == "__main__":
    sys.exit(main())
