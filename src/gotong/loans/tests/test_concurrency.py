"""Two counters paying the same installment at once (PostgreSQL): the loan row lock makes
the second payment see the first — it is refused with the clear message instead of silently
paying the next installment — and a repeated key posts once. The books stay balanced."""

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gotong.accounts.models import User
from gotong.core.formatting import tanggal as tgl
from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Jurnal
from gotong.loans.models import Angsuran, PembayaranPinjaman, Pinjaman
from gotong.loans.pembayaran import ANGSURAN_SUDAH_DIBAYAR, angsuran_bayar
from gotong.loans.tests.helpers_pinjaman import cair
from gotong.savings.models import Kwitansi
from gotong.savings.tests.helpers_loket import laci
from gotong.tenancy.models import Koperasi, NamaPeran, Peran

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
HARI = dt.date(2026, 2, 15)  # the first installment's due date (no penalty yet)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgresql://…")


def _at_once(n: int, work: Callable[[int], str]) -> list[str]:
    """Run ``work(i)`` in ``n`` threads released together; collect "ok" or the refusal message."""
    barrier = threading.Barrier(n)
    results: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcome = work(i)
            with lock:
                results.append(outcome)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _kasir_kedua(koperasi: Koperasi) -> User:
    user = User.objects.create_user(username="wati", password="x-" * 8, nama_lengkap="Wati Kasir")
    Peran.objects.create(user=user, koperasi=koperasi, peran=NamaPeran.KASIR)
    return user


def _bayar(p: Pinjaman, kasir: Any, kunci: str, jumlah: Any) -> str:
    try:
        angsuran_bayar(
            pinjaman=p, jumlah=jumlah, tanggal=HARI, cara="loket", actor=kasir, kunci=kunci, untuk_angsuran=1
        )
    except ValidationError as exc:
        return exc.messages[0]
    return "ok"


@pytest.fixture
def pinjaman(maju: Koperasi, ani: User, budi: User, citra_anggota: Any) -> Pinjaman:
    return cair(citra_anggota, budi, ani)


def test_two_counters_paying_the_same_installment_post_it_once(maju: Koperasi, budi: User, pinjaman: Pinjaman) -> None:
    wati = _kasir_kedua(maju)
    kasir = [budi, wati]
    for k in kasir:
        laci(maju, k, HARI)
    pertama = Angsuran.objects.get(pinjaman=pinjaman, ke=1)
    assert pertama.jatuh_tempo == HARI
    jumlah = pertama.total

    results = _at_once(2, lambda i: _bayar(pinjaman, kasir[i], f"loket-{i}", jumlah))

    assert results.count("ok") == 1, results
    pertama.refresh_from_db()
    assert pertama.lunas_pada == HARI
    pesan = str(ANGSURAN_SUDAH_DIBAYAR).format(ke=1, nomor=pinjaman.nomor, tanggal=tgl(HARI))
    assert [r for r in results if r != "ok"] == [pesan]
    assert PembayaranPinjaman.objects.filter(pinjaman=pinjaman).count() == 1
    assert not Angsuran.objects.filter(pinjaman=pinjaman, ke=2).exclude(lunas_pada=None).exists()
    assert Kwitansi.objects.filter(koperasi=maju, jurnal__sumber_id=str(pinjaman.pk)).count() == 1
    assert periksa_buku(maju) == []


def test_the_same_key_from_two_threads_posts_once(maju: Koperasi, budi: User, pinjaman: Pinjaman) -> None:
    laci(maju, budi, HARI)
    jumlah = Angsuran.objects.get(pinjaman=pinjaman, ke=1).total

    results = _at_once(2, lambda i: _bayar(pinjaman, budi, "satu-kunci", jumlah))

    assert results == ["ok", "ok"]
    assert Jurnal.objects.filter(koperasi=maju, kunci="satu-kunci").count() == 1
    assert PembayaranPinjaman.objects.filter(pinjaman=pinjaman).count() == 1
    pinjaman.refresh_from_db()
    assert pinjaman.sisa_pokok == pinjaman.pokok - Angsuran.objects.get(pinjaman=pinjaman, ke=1).pokok_dibayar
    assert periksa_buku(maju) == []
