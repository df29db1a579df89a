"""The floor under ``bench/month_end.py``: what the rows a month-end must write cost by themselves.

Issue 3 asks the month-end to post the interest "with the detail per member": a journal line
per credited account (with its member) in balanced entries, the savings movement per account,
the account's new balance, and (for a run that is safe twice and resumable) a record per
account of what it was credited; PostgreSQL's trigger re-checks each entry's balance at
commit. This writes exactly those rows for every sukarela account of a koperasi, with no
Gotong code and no interest to compute (a flat Rp100 each), by COPY and one set-based UPDATE
— the fastest way PostgreSQL takes them — then fires the deferred balance trigger with ``SET
CONSTRAINTS ALL IMMEDIATE`` and rolls everything back, so the books stay as the run left them.
The times are a lower bound for any implementation of the month-end.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from decimal import Decimal

import psycopg

CHUNK = 1000  # accounts per entry, as the month-end's chunks
JASA = Decimal(100)


@dataclass(frozen=True)
class Lantai:
    baris: float  # journal headers and lines
    mutasi: float  # savings movements
    saldo: float  # account balances
    pemicu: float  # the deferred balance trigger, at "commit"
    rincian: float  # the per-account record (JasaSimpanan)

    @property
    def total(self) -> float:
        return self.baris + self.mutasi + self.saldo + self.pemicu + self.rincian


def floor_run(url: str, koperasi_id: int, proses_id: int, tanggal: dt.date) -> Lantai:
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT id, anggota_id, saldo FROM savings_rekeningsimpanan WHERE koperasi_id = %s AND jenis = 'sukarela' "
            "ORDER BY anggota_id, id",
            [koperasi_id],
        )
        rekening = cur.fetchall()
        cur.execute(
            "SELECT kode, id FROM ledger_akun WHERE koperasi_id = %s AND kode IN ('2.10', '5.20')", [koperasi_id]
        )
        akun: dict[str, int] = dict(cur.fetchall())
        chunks = [rekening[i : i + CHUNK] for i in range(0, len(rekening), CHUNK)]
        start = time.perf_counter()
        jurnal = []
        for n in range(len(chunks)):
            cur.execute(
                "INSERT INTO ledger_jurnal (koperasi_id, nomor, tanggal, keterangan, sumber, sumber_id, kunci, "
                "dibuat_pada) VALUES (%s, %s, %s, 'Jasa simpanan (floor)', 'jasa_simpanan', '', %s, now()) "
                "RETURNING id",
                [koperasi_id, f"JF-{n:06d}", tanggal, f"floor-jasa-{n}"],
            )
            row = cur.fetchone()
            assert row is not None
            jurnal.append(row[0])
        cols = "jurnal_id, akun_id, sisi, jumlah, anggota_id, keterangan"
        with cur.copy(f"COPY ledger_barisjurnal ({cols}) FROM STDIN") as copy:
            for jid, chunk in zip(jurnal, chunks, strict=True):
                copy.write_row((jid, akun["5.20"], "D", JASA * len(chunk), None, ""))
                for _rid, aid, _saldo in chunk:
                    copy.write_row((jid, akun["2.10"], "K", JASA, aid, ""))
        t_baris = time.perf_counter()
        cols = "koperasi_id, rekening_id, tanggal, jenis, jumlah, saldo_setelah, keterangan, jurnal_id, dibuat_pada"
        now = dt.datetime.now(dt.UTC)
        with cur.copy(f"COPY savings_mutasisimpanan ({cols}) FROM STDIN") as copy:
            for jid, chunk in zip(jurnal, chunks, strict=True):
                for rid, _aid, saldo in chunk:
                    copy.write_row((koperasi_id, rid, tanggal, "jasa", JASA, saldo + JASA, "Jasa (floor)", jid, now))
        t_mutasi = time.perf_counter()
        cur.execute(
            "UPDATE savings_rekeningsimpanan AS r SET saldo = v.saldo "
            "FROM unnest(%s::bigint[], %s::numeric[]) AS v(id, saldo) WHERE r.id = v.id",
            [[r[0] for r in rekening], [r[2] + JASA for r in rekening]],
        )
        t_saldo = time.perf_counter()
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the balance trigger runs as at commit
        t_pemicu = time.perf_counter()
        cols = "proses_id, rekening_id, tahun, bulan, dasar, bruto, pajak, neto, jurnal_id"
        with cur.copy(f"COPY savings_jasasimpanan ({cols}) FROM STDIN") as copy:
            for jid, chunk in zip(jurnal, chunks, strict=True):
                for rid, _aid, saldo in chunk:  # another month than the run's: the unique key holds
                    copy.write_row((proses_id, rid, tanggal.year + 1, 1, saldo, JASA, 0, JASA, jid))
        t_rincian = time.perf_counter()
        conn.rollback()
    return Lantai(
        baris=t_baris - start,
        mutasi=t_mutasi - t_baris,
        saldo=t_saldo - t_mutasi,
        pemicu=t_pemicu - t_saldo,
        rincian=t_rincian - t_pemicu,
    )
