"""Two people paying the same member's SHU share at the same moment (PostgreSQL): the share
row is locked, so it is paid once; the second payer waits, then gets a clear message and
nothing is posted twice."""

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gotong.accounts.models import User
from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.tests.helpers import staff
from gotong.members.models import Anggota
from gotong.savings.models import MutasiSimpanan
from gotong.shu import services
from gotong.shu.models import BagianSHUAnggota, PembagianSHU, StatusBagian
from gotong.shu.tests.helpers import HARI_INI, TAHUN, TANGGAL_RAT, Buku, buku_2025, tutup
from gotong.tenancy.models import Koperasi, NamaPeran

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgresql://…")


@pytest.fixture
def disetujui(maju: Koperasi, citra_anggota: Anggota, ani: User, budi: User) -> tuple[Buku, PembagianSHU]:
    buku = buku_2025(maju, citra_anggota, budi)
    tutup(buku, ani)
    p = services.shu_setujui(
        koperasi=maju, tahun=TAHUN, tanggal_rat=TANGGAL_RAT, nomor_rat="05/RAT/II/2026", actor=ani, today=HARI_INI
    )
    return buku, p


def _hasil(work: Callable[[], Any]) -> str:
    try:
        work()
    except ValidationError as exc:
        return exc.messages[0]
    except Exception as exc:  # noqa: BLE001 - a database error is what the test looks for
        return f"galat: {exc!r}"
    finally:
        connection.close()
    return "ok"


def _bersamaan(pertama: Callable[[], Any], kedua: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run ``pertama`` until it holds the share's lock, then ``kedua``; both results."""
    terkunci = threading.Event()
    asli = services._check_tanggal_bayar

    def lambat(pembagian: PembagianSHU, tanggal: dt.date) -> None:
        # runs right after the share is locked
        asli(pembagian, tanggal)
        if threading.current_thread().name == "pertama":
            terkunci.set()
            time.sleep(1.5)

    monkeypatch.setattr(services, "_check_tanggal_bayar", lambat)
    results: dict[str, str] = {}

    def jalan(nama: str, work: Callable[[], Any]) -> None:
        if nama == "kedua":
            terkunci.wait(10)
        results[nama] = _hasil(work)

    threads = [
        threading.Thread(target=jalan, args=("pertama", pertama), name="pertama"),
        threading.Thread(target=jalan, args=("kedua", kedua), name="kedua"),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return [results["pertama"], results["kedua"]]


def test_two_tellers_paying_the_same_share_into_sukarela_pay_it_once(
    disetujui: tuple[Buku, PembagianSHU], ani: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    buku, p = disetujui
    manajer = staff(buku.koperasi, "maya", NamaPeran.MANAJER)
    b = BagianSHUAnggota.objects.get(pembagian=p, anggota=buku.citra)

    hasil = _bersamaan(
        lambda: services.bagian_bayar_sukarela(bagian=b, tanggal=HARI_INI, actor=ani),
        lambda: services.bagian_bayar_sukarela(bagian=b, tanggal=HARI_INI, actor=manajer),
        monkeypatch,
    )

    assert hasil[0] == "ok"
    assert hasil[1].startswith("SHU Citra Lestari tahun buku 2025 sudah dibayar (ke simpanan sukarela"), hasil
    b.refresh_from_db()
    assert b.status == StatusBagian.DIBAYAR
    assert MutasiSimpanan.objects.filter(jurnal__sumber=SumberJurnal.SHU).count() == 1
    assert periksa_buku(buku.koperasi) == []


def test_a_share_paid_into_sukarela_while_cash_at_the_rat_is_recorded_is_paid_once(
    disetujui: tuple[Buku, PembagianSHU], ani: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    buku, p = disetujui
    manajer = staff(buku.koperasi, "maya", NamaPeran.MANAJER)
    b = BagianSHUAnggota.objects.get(pembagian=p, anggota=buku.citra)
    bayar_sebelum = Jurnal.objects.filter(koperasi=buku.koperasi, sumber=SumberJurnal.SHU).count()

    hasil = _bersamaan(
        lambda: services.bagian_bayar_sukarela(bagian=b, tanggal=HARI_INI, actor=manajer),
        lambda: services.shu_bayar_tunai_rat(pembagian=p, tanggal=HARI_INI, actor=ani, anggota_ids=[buku.citra.pk]),
        monkeypatch,
    )

    assert hasil == ["ok", str(services.TIDAK_ADA_YANG_DIBAYAR)]
    assert Jurnal.objects.filter(koperasi=buku.koperasi, sumber=SumberJurnal.SHU).count() == bayar_sebelum + 1
    assert periksa_buku(buku.koperasi) == []
