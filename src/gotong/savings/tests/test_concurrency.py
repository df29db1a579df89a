"""Eight tellers at once on one account (PostgreSQL): row locks keep the balance right —
never below the minimum, no lost update — and the books stay balanced."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, Sum

from gotong.ledger.models import BarisJurnal, Jurnal
from gotong.savings.models import MutasiSimpanan, RekeningSimpanan
from gotong.savings.services import simpanan_tarik
from gotong.savings.tests.helpers_loket import HARI, D, buku_beres, laci, rekening, setor

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 8


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgresql://…")


def _at_once(work) -> list[str]:
    """Run ``work(i)`` in 8 threads released together; collect "ok" or the refusal message."""
    barrier = threading.Barrier(THREADS)
    results: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            for outcome in work(i):
                with lock:
                    results.append(outcome)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _withdraw(r, kasir, kunci: str) -> str:
    try:
        simpanan_tarik(koperasi=r.koperasi, rekening=r, jumlah=D("15000"), tanggal=HARI, kasir=kasir, kunci=kunci)
    except ValidationError as exc:
        return exc.messages[0]
    return "ok"


def test_eight_tellers_withdrawing_at_once_never_overdraw_and_lose_no_update(maju, budi, citra_anggota) -> None:
    r = rekening(citra_anggota)["sukarela"]
    laci(maju, budi)
    setor(r, "100000", budi)  # 90.000 above the minimum of 10.000: room for exactly 6 × 15.000

    results = _at_once(lambda i: [_withdraw(r, budi, f"tarik-{i}-{j}") for j in range(3)])

    assert len(results) == 3 * THREADS
    assert results.count("ok") == 6, results
    assert all(x.startswith("Saldo tidak cukup") for x in results if x != "ok")
    r.refresh_from_db()
    assert r.saldo == D("10000")
    moves = list(MutasiSimpanan.objects.filter(rekening=r).order_by("id"))
    assert len(moves) == 1 + 6 and sum(m.jumlah for m in moves) == r.saldo == moves[-1].saldo_setelah
    assert [m.saldo_setelah for m in moves] == [D(100000 - 15000 * n) for n in range(7)]  # no lost update
    sums = BarisJurnal.objects.filter(jurnal__koperasi=maju).aggregate(
        d=Sum("jumlah", filter=Q(sisi="D")), k=Sum("jumlah", filter=Q(sisi="K"))
    )
    assert sums["d"] == sums["k"] == D("190000")
    assert buku_beres(maju) == []  # incl. every account = its control account


def test_the_same_key_from_eight_threads_posts_once(maju, budi, citra_anggota) -> None:
    r = rekening(citra_anggota)["sukarela"]
    laci(maju, budi)
    setor(r, "100000", budi)

    results = _at_once(lambda i: [_withdraw(r, budi, "satu-kunci")])

    assert results == ["ok"] * THREADS
    assert Jurnal.objects.filter(koperasi=maju, kunci="satu-kunci").count() == 1
    assert RekeningSimpanan.objects.get(pk=r.pk).saldo == D("85000")
    assert buku_beres(maju) == []
