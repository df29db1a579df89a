"""A member's exit and a payment from the same member's sukarela at once (PostgreSQL): the
exit locks the savings accounts, then the loans; a payment from sukarela must take the
locks in the same order, or the two deadlock and one of them fails with a database error."""

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gotong.accounts.models import User
from gotong.ledger.checks import periksa_buku
from gotong.loans.models import Pinjaman, StatusPinjaman
from gotong.loans.pembayaran import angsuran_bayar
from gotong.loans.tests.helpers_pinjaman import D, bayar, cair, produk
from gotong.members.models import Anggota, PengajuanKeluar
from gotong.members.services import keluar_approve
from gotong.savings import penyelesaian
from gotong.savings.tests.helpers_loket import laci
from gotong.tenancy.models import Koperasi

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
KELUAR = dt.date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgresql://…")


def _hasil(work: Any) -> str:
    try:
        work()
    except ValidationError as exc:
        return exc.messages[0]
    except Exception as exc:  # noqa: BLE001 - the deadlock is what the test looks for
        return f"galat: {exc!r}"
    finally:
        connection.close()
    return "ok"


def test_exit_and_a_sukarela_payment_at_once_do_not_deadlock(
    maju: Koperasi, ani: User, budi: User, citra_anggota: Anggota, monkeypatch: pytest.MonkeyPatch
) -> None:
    produk(maju, "umum", suku_bunga=D("1"))
    p: Pinjaman = cair(citra_anggota, budi, ani, pokok="3000000", tenor=6)
    laci(maju, budi, dt.date(2026, 2, 15))
    bayar(p, "530000", budi, dt.date(2026, 2, 15))
    pengajuan = PengajuanKeluar.objects.create(koperasi=maju, anggota=citra_anggota, alasan="Pindah", diajukan_oleh=ani)
    rekening_terkunci = threading.Event()

    def tunggu(anggota: Anggota, tanggal: dt.date) -> list[penyelesaian.Potongan]:
        # runs in the exit after the savings accounts are locked, before the loans are
        rekening_terkunci.set()
        time.sleep(1.5)
        return []

    monkeypatch.setattr(penyelesaian, "POTONGAN_KELUAR", [tunggu, *penyelesaian.POTONGAN_KELUAR])
    results: dict[str, str] = {}

    def keluar() -> None:
        results["keluar"] = _hasil(lambda: keluar_approve(pengajuan=pengajuan, actor=ani, tanggal_keluar=KELUAR))

    def bayar_sukarela() -> None:
        rekening_terkunci.wait(10)
        results["bayar"] = _hasil(
            lambda: angsuran_bayar(
                pinjaman=p, jumlah=D("530000"), tanggal=KELUAR, cara="sukarela", actor=budi, kunci="sukarela-1"
            )
        )

    threads = [threading.Thread(target=keluar), threading.Thread(target=bayar_sukarela)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert results["keluar"] == "ok", results
    assert not results["bayar"].startswith("galat"), results
    p.refresh_from_db()
    assert p.status == StatusPinjaman.LUNAS
    assert periksa_buku(maju) == []
