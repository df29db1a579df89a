"""The floor under ``bench/posting.py``: what the rows a deposit must write cost by themselves.

Issue 3 asks each teller deposit to leave a numbered journal entry (gapless per koperasi and
year) with its two lines, the maintained month balances of both accounts, a numbered receipt,
a savings movement and the account's new balance — and PostgreSQL's triggers re-check every
entry's balance at commit. These workers write exactly those rows for a random account, with
no Gotong code, no Django and no checks at all, from the same number of processes as the
deposit run, so the printed rate is an upper bound for any implementation of the deposit:

* ``sql``: the nine writes as plain SQL statements from the client (psycopg), one round trip
  each, as any Python service layer would send them;
* ``plpgsql``: the same nine writes in one server-side function, one round trip per deposit
  (the fastest a client can ask for them);
* ``sql, no counters/balances``: the ``sql`` variant without the two gapless number series
  (the idempotency key serves as the number) and without the maintained month balances, to
  show what those cost (it leaves the month balances short: run it after the books check).

The rows go into the same scratch database as the deposits (``--keep`` leaves them there);
each variant runs for the same number of seconds as the deposits.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import secrets
import time
from collections.abc import Callable
from typing import Any

import psycopg

FUNGSI = """
CREATE OR REPLACE FUNCTION bench_setor(p_kop bigint, p_rid bigint, p_aid bigint, p_j numeric, p_kunci text,
    p_kasir bigint, p_sesi bigint, p_kas bigint, p_kontrol bigint, p_th int, p_bl int) RETURNS void AS $$
DECLARE v_saldo numeric; v_no int; v_jid bigint; v_kno int; v_kid bigint;
BEGIN
  UPDATE savings_rekeningsimpanan SET saldo = saldo + p_j WHERE id = p_rid RETURNING saldo INTO v_saldo;
  INSERT INTO tenancy_penomoran (koperasi_id, seri, terakhir) VALUES (p_kop, 'jurnal-' || p_th, 1)
    ON CONFLICT (koperasi_id, seri) DO UPDATE SET terakhir = tenancy_penomoran.terakhir + 1
    RETURNING terakhir INTO v_no;
  INSERT INTO ledger_jurnal (koperasi_id, nomor, tanggal, keterangan, sumber, sumber_id, kunci, dibuat_oleh_id,
    dibuat_pada) VALUES (p_kop, 'JF-' || p_th || '-' || lpad(v_no::text, 6, '0'), current_date, 'Setoran (floor)',
    'setoran', p_rid::text, p_kunci, p_kasir, now()) RETURNING id INTO v_jid;
  INSERT INTO ledger_barisjurnal (jurnal_id, akun_id, sisi, jumlah, anggota_id, keterangan)
    VALUES (v_jid, p_kas, 'D', p_j, NULL, ''), (v_jid, p_kontrol, 'K', p_j, p_aid, '');
  INSERT INTO ledger_saldobulanan (koperasi_id, akun_id, tahun, bulan, debit, kredit, debit_anggota, kredit_anggota)
    VALUES (p_kop, p_kas, p_th, p_bl, p_j, 0, 0, 0), (p_kop, p_kontrol, p_th, p_bl, 0, p_j, 0, p_j)
    ON CONFLICT (akun_id, tahun, bulan) DO UPDATE SET debit = ledger_saldobulanan.debit + excluded.debit,
    kredit = ledger_saldobulanan.kredit + excluded.kredit,
    debit_anggota = ledger_saldobulanan.debit_anggota + excluded.debit_anggota,
    kredit_anggota = ledger_saldobulanan.kredit_anggota + excluded.kredit_anggota;
  INSERT INTO tenancy_penomoran (koperasi_id, seri, terakhir) VALUES (p_kop, 'kwitansi-' || p_th, 1)
    ON CONFLICT (koperasi_id, seri) DO UPDATE SET terakhir = tenancy_penomoran.terakhir + 1
    RETURNING terakhir INTO v_kno;
  INSERT INTO savings_kwitansi (koperasi_id, nomor, waktu, anggota_id, jumlah, uraian, kasir_id, jurnal_id, token)
    VALUES (p_kop, 'KF-' || p_th || '-' || lpad(v_kno::text, 6, '0'), now(), p_aid, p_j, 'Setoran (floor)', p_kasir,
    v_jid, left(md5(p_kunci), 24)) RETURNING id INTO v_kid;
  INSERT INTO savings_mutasisimpanan (koperasi_id, rekening_id, tanggal, jenis, jumlah, saldo_setelah, keterangan,
    jurnal_id, kwitansi_id, sesi_kas_id, dibuat_oleh_id, dibuat_pada)
    VALUES (p_kop, p_rid, current_date, 'setor', p_j, v_saldo, 'Setoran tunai (floor)', v_jid, v_kid, p_sesi, p_kasir,
    now());
END $$ LANGUAGE plpgsql;
"""

NOMOR = (
    "INSERT INTO tenancy_penomoran (koperasi_id, seri, terakhir) VALUES (%s, %s, 1) ON CONFLICT (koperasi_id, seri) "
    "DO UPDATE SET terakhir = tenancy_penomoran.terakhir + 1 RETURNING terakhir"
)
SALDO_BULANAN = (
    "INSERT INTO ledger_saldobulanan (koperasi_id, akun_id, tahun, bulan, debit, kredit, debit_anggota, "
    "kredit_anggota) VALUES (%s, %s, %s, %s, %s, 0, 0, 0), (%s, %s, %s, %s, 0, %s, 0, %s) "
    "ON CONFLICT (akun_id, tahun, bulan) DO UPDATE SET debit = ledger_saldobulanan.debit + excluded.debit, "
    "kredit = ledger_saldobulanan.kredit + excluded.kredit, "
    "debit_anggota = ledger_saldobulanan.debit_anggota + excluded.debit_anggota, "
    "kredit_anggota = ledger_saldobulanan.kredit_anggota + excluded.kredit_anggota"
)


class _Setoran:
    """One process's deposits: its kasir and open drawer, the koperasi's two accounts."""

    def __init__(self, cur: Any, koperasi_id: int, idx: int) -> None:
        self.cur, self.kop = cur, koperasi_id
        cur.execute("SELECT id, anggota_id FROM savings_rekeningsimpanan WHERE koperasi_id = %s", [koperasi_id])
        self.rekening = cur.fetchall()
        cur.execute("SELECT id, kasir_id FROM savings_sesikas WHERE koperasi_id = %s ORDER BY id", [koperasi_id])
        self.sesi, self.kasir = cur.fetchall()[idx]
        cur.execute(
            "SELECT kode, id FROM ledger_akun WHERE koperasi_id = %s AND kode IN ('1.01', '2.10')", [koperasi_id]
        )
        akun = dict(cur.fetchall())
        self.kas, self.kontrol = akun["1.01"], akun["2.10"]
        cur.execute("SELECT extract(year FROM current_date)::int, extract(month FROM current_date)::int")
        self.th, self.bl = cur.fetchone()

    def _nomor(self, seri: str) -> int:
        self.cur.execute(NOMOR, [self.kop, seri])
        return int(self.cur.fetchone()[0])

    def sql(self, rid: int, aid: int, j: int, kunci: str, *, nomor: bool = True, saldo: bool = True) -> None:
        cur, kop = self.cur, self.kop
        cur.execute("UPDATE savings_rekeningsimpanan SET saldo = saldo + %s WHERE id = %s RETURNING saldo", [j, rid])
        saldo_setelah = cur.fetchone()[0]
        no = self._nomor(f"jurnal-{self.th}") if nomor else 0
        cur.execute(
            "INSERT INTO ledger_jurnal (koperasi_id, nomor, tanggal, keterangan, sumber, sumber_id, kunci, "
            "dibuat_oleh_id, dibuat_pada) VALUES (%s, %s, current_date, 'Setoran (floor)', 'setoran', %s, %s, %s, "
            "now()) RETURNING id",
            [kop, f"JF-{self.th}-{no:06d}" if nomor else f"JF-{kunci}", str(rid), kunci, self.kasir],
        )
        jid = cur.fetchone()[0]
        cur.execute(
            "INSERT INTO ledger_barisjurnal (jurnal_id, akun_id, sisi, jumlah, anggota_id, keterangan) "
            "VALUES (%s, %s, 'D', %s, NULL, ''), (%s, %s, 'K', %s, %s, '')",
            [jid, self.kas, j, jid, self.kontrol, j, aid],
        )
        if saldo:
            cur.execute(SALDO_BULANAN, [kop, self.kas, self.th, self.bl, j, kop, self.kontrol, self.th, self.bl, j, j])
        kno = self._nomor(f"kwitansi-{self.th}") if nomor else 0
        cur.execute(
            "INSERT INTO savings_kwitansi (koperasi_id, nomor, waktu, anggota_id, jumlah, uraian, kasir_id, "
            "jurnal_id, token) VALUES (%s, %s, now(), %s, %s, 'Setoran (floor)', %s, %s, %s) RETURNING id",
            [kop, f"KF-{self.th}-{kno:06d}" if nomor else f"KF-{kunci}", aid, j, self.kasir, jid, _token()],
        )
        kid = cur.fetchone()[0]
        cur.execute(
            "INSERT INTO savings_mutasisimpanan (koperasi_id, rekening_id, tanggal, jenis, jumlah, saldo_setelah, "
            "keterangan, jurnal_id, kwitansi_id, sesi_kas_id, dibuat_oleh_id, dibuat_pada) VALUES (%s, %s, "
            "current_date, 'setor', %s, %s, 'Setoran tunai (floor)', %s, %s, %s, %s, now())",
            [kop, rid, j, saldo_setelah, jid, kid, self.sesi, self.kasir],
        )

    def plpgsql(self, rid: int, aid: int, j: int, kunci: str) -> None:
        self.cur.execute(
            "SELECT bench_setor(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [self.kop, rid, aid, j, kunci, self.kasir, self.sesi, self.kas, self.kontrol, self.th, self.bl],
        )


def _token() -> str:
    return secrets.token_hex(12)


VARIANTS = ("sql", "plpgsql", "sql, no counters/balances")


def _worker(url: str, koperasi_id: int, idx: int, variant: str, seconds: float, ready: Any, go: Any, out: Any) -> None:
    with psycopg.connect(url) as conn:
        s = _Setoran(conn.cursor(), koperasi_id, idx)
        conn.commit()
        one: Callable[[int, int, int, str], None] = {
            "sql": s.sql,
            "plpgsql": s.plpgsql,
            "sql, no counters/balances": lambda r, a, j, k: s.sql(r, a, j, k, nomor=False, saldo=False),
        }[variant]
        rng, tag = random.Random(idx), secrets.token_hex(4)
        ready.put(idx)
        go.wait()
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            rid, aid = rng.choice(s.rekening)
            with conn.transaction():
                one(rid, aid, rng.randint(1, 500) * 1000, f"floor-{tag}-{idx}-{n}")
            n += 1
        out.put(n / (time.perf_counter() - start))


def floor_run(url: str, koperasi_id: int, clients: int, seconds: float, variant: str) -> float:
    """Deposits' rows per second written by ``clients`` processes in one variant."""
    if variant == "plpgsql":
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(FUNGSI)
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    args = (url, koperasi_id)
    procs = [ctx.Process(target=_worker, args=(*args, i, variant, seconds, ready, go, out)) for i in range(clients)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get()
    go.set()
    rates = [out.get() for _ in procs]
    for p in procs:
        p.join()
        if p.exitcode:
            raise SystemExit(f"a floor process exited with {p.exitcode}")
    return sum(rates)
