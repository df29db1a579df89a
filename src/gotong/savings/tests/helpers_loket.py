"""Builders shared by the teller-counter tests: Citra's accounts, Budi's drawer, deposits,
and a snapshot of everything a refused transaction must leave untouched."""

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import BarisJurnal, Jurnal
from gotong.members.models import Anggota
from gotong.savings.laci import laci_buka
from gotong.savings.models import JenisSimpanan, Kwitansi, MutasiSimpanan, RekeningSimpanan, SesiKas
from gotong.savings.services import HasilTransaksi, rekening_buka_anggota_baru, simpanan_setor
from gotong.tenancy.models import Koperasi

HARI = dt.date(2026, 3, 10)
D = Decimal
_kunci = itertools.count(1)


def kunci() -> str:
    return f"uji-{next(_kunci)}"


def rekening(anggota: Anggota, tanggal: dt.date = HARI) -> dict[str, RekeningSimpanan]:
    """The member's pokok, wajib and sukarela accounts (opened if missing), by kind."""
    rekening_buka_anggota_baru(anggota=anggota, tanggal=tanggal)
    rows = RekeningSimpanan.objects.filter(anggota=anggota).exclude(jenis=JenisSimpanan.BERJANGKA)
    return {r.jenis: r for r in rows.select_related("produk")}


def laci(koperasi: Koperasi, kasir: Any, tanggal: dt.date = HARI, modal: str = "500000") -> SesiKas:
    return laci_buka(koperasi=koperasi, kasir=kasir, saldo_awal=D(modal), tanggal=tanggal)


def setor(r: RekeningSimpanan, jumlah: str, kasir: Any, tanggal: dt.date = HARI, **kw: Any) -> HasilTransaksi:
    return simpanan_setor(
        koperasi=r.koperasi, rekening=r, jumlah=D(jumlah), tanggal=tanggal, kasir=kasir, kunci=kunci(), **kw
    )


def jejak(koperasi: Koperasi) -> tuple[Any, ...]:
    """Counts and balances a refused transaction must leave as they were."""
    return (
        Jurnal.objects.filter(koperasi=koperasi).count(),
        BarisJurnal.objects.filter(jurnal__koperasi=koperasi).count(),
        MutasiSimpanan.objects.filter(koperasi=koperasi).count(),
        Kwitansi.objects.filter(koperasi=koperasi).count(),
        sorted(RekeningSimpanan.objects.filter(koperasi=koperasi).values_list("pk", "saldo", "status")),
    )


def baris(jurnal: Jurnal) -> list[tuple[str, str, Decimal]]:
    """An entry's lines as (account code, side, amount), in line order."""
    return [(b.akun.kode, b.sisi, b.jumlah) for b in jurnal.baris.select_related("akun").order_by("id")]


def buku_beres(koperasi: Koperasi) -> list[str]:
    """Every invariant of check_books, the savings subledger checks included."""
    return periksa_buku(koperasi)
