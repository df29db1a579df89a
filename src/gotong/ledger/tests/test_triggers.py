"""PostgreSQL guards the books too (migration 0002): raw SQL cannot change a posted entry or
commit an unbalanced one. Run with DATABASE_URL pointing at PostgreSQL."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from gotong.accounts.models import User
from gotong.ledger import chart
from gotong.ledger.models import BarisJurnal, Jurnal, SaldoBulanan, UsulanJurnal
from gotong.ledger.posting import BarisUsulan, akun
from gotong.ledger.services import usulan_jurnal_buat, usulan_jurnal_setujui
from gotong.ledger.tests.helpers import manajer, post
from gotong.tenancy.models import Koperasi

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger PostgreSQL; SQLite tidak punya"),
]
TGL = "2026-03-10"


def _sql(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _refused(sql: str, params: list) -> str:
    """Run one statement in a savepoint; it must fail. Returns the database's message."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        _sql(sql, params)
    return str(caught.value)


@pytest.fixture
def jurnal(maju: Koperasi) -> Jurnal:
    return post(maju, dt.date(2026, 3, 10), chart.KAS, chart.SIMPANAN_SUKARELA, "100000")


def test_an_update_of_a_posted_line_is_refused(jurnal: Jurnal) -> None:
    line = jurnal.baris.first()
    message = _refused("UPDATE ledger_barisjurnal SET jumlah = 1 WHERE id = %s", [line.pk])
    assert "tidak boleh diubah atau dihapus (UPDATE pada ledger_barisjurnal)" in message
    with pytest.raises(DatabaseError), transaction.atomic():
        BarisJurnal.objects.filter(pk=line.pk).update(jumlah=Decimal("5"))
    assert BarisJurnal.objects.get(pk=line.pk).jumlah == Decimal("100000")


def test_a_delete_of_a_posted_line_or_entry_is_refused(jurnal: Jurnal) -> None:
    line = jurnal.baris.first()
    assert "DELETE pada ledger_barisjurnal" in _refused("DELETE FROM ledger_barisjurnal WHERE id = %s", [line.pk])
    assert "UPDATE pada ledger_jurnal" in _refused(
        "UPDATE ledger_jurnal SET keterangan = 'x' WHERE id = %s", [jurnal.pk]
    )
    SaldoBulanan.objects.all().delete()  # not a journal table: allowed (check_books would report it)
    _refused("DELETE FROM ledger_barisjurnal WHERE jurnal_id = %s", [jurnal.pk])
    assert BarisJurnal.objects.filter(jurnal=jurnal).count() == 2


@pytest.mark.django_db(transaction=True)
def test_truncate_stays_allowed_for_the_test_flush(jurnal: Jurnal) -> None:
    _sql("TRUNCATE ledger_saldobulanan, ledger_barisjurnal, ledger_jurnal CASCADE")
    assert not BarisJurnal.objects.exists() and not Jurnal.objects.exists()


def test_an_approved_manual_entry_posts_without_updating_the_entry(maju: Koperasi, ani: User) -> None:
    rows = [
        BarisUsulan(akun(maju, "5.10").pk, "D", Decimal("5000")),
        BarisUsulan(akun(maju, chart.KAS).pk, "K", Decimal("5000")),
    ]
    usulan = usulan_jurnal_buat(koperasi=maju, tanggal=dt.date(2026, 3, 1), keterangan="Listrik", baris=rows, actor=ani)
    maya = manajer(maju)
    jurnal = usulan_jurnal_setujui(usulan=usulan, actor=maya)
    assert Jurnal.objects.get(pk=jurnal.pk).disetujui_oleh == maya
    assert UsulanJurnal.objects.get(pk=usulan.pk).jurnal == jurnal


def _insert_line(jurnal_id: int, akun_id: int, sisi: str, jumlah: str) -> None:
    _sql(
        "INSERT INTO ledger_barisjurnal (jurnal_id, akun_id, sisi, jumlah, keterangan) VALUES (%s, %s, %s, %s, '')",
        [jurnal_id, akun_id, sisi, jumlah],
    )


def _insert_entry(koperasi: Koperasi, nomor: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_jurnal (koperasi_id, nomor, tanggal, keterangan, sumber, sumber_id, dibuat_pada) "
            "VALUES (%s, %s, %s, 'mentah', 'manual', '', now()) RETURNING id",
            [koperasi.pk, nomor, TGL],
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_an_unbalanced_entry_inserted_by_raw_sql_fails_at_commit(maju: Koperasi) -> None:
    kas, sukarela = akun(maju, chart.KAS), akun(maju, chart.SIMPANAN_SUKARELA)
    with pytest.raises(DatabaseError) as caught:
        with transaction.atomic():
            jurnal_id = _insert_entry(maju, "RAW-1")
            _insert_line(jurnal_id, kas.pk, "D", "100")
            _insert_line(jurnal_id, sukarela.pk, "K", "90")  # each statement succeeds: the check waits for commit
    assert "tidak seimbang: debit 100.00, kredit 90.00" in str(caught.value)
    assert not Jurnal.objects.filter(nomor="RAW-1").exists()


@pytest.mark.django_db(transaction=True)
def test_a_line_added_later_to_a_posted_entry_fails_at_commit(maju: Koperasi) -> None:
    jurnal = post(maju, dt.date(2026, 3, 10), chart.KAS, chart.SIMPANAN_SUKARELA, "100000")
    with pytest.raises(DatabaseError, match="tidak seimbang"):
        with transaction.atomic():
            _insert_line(jurnal.pk, akun(maju, chart.KAS).pk, "D", "1")
    assert jurnal.baris.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_balanced_raw_entry_commits_and_a_large_one_is_checked_once(maju: Koperasi) -> None:
    kas, sukarela = akun(maju, chart.KAS), akun(maju, chart.SIMPANAN_SUKARELA)
    with transaction.atomic():
        jurnal_id = _insert_entry(maju, "RAW-2")
        _insert_line(jurnal_id, kas.pk, "D", "100")
        _insert_line(jurnal_id, sukarela.pk, "K", "100")
    assert BarisJurnal.objects.filter(jurnal_id=jurnal_id).count() == 2
    # A month-end entry has a line per member: the commit check must not read N lines N times.
    n = 20000
    started = time.monotonic()
    with transaction.atomic():
        besar = Jurnal.objects.create(koperasi=maju, nomor="RAW-3", tanggal=TGL, keterangan="besar", sumber="manual")
        lines = [BarisJurnal(jurnal=besar, akun=sukarela, sisi="K", jumlah=Decimal("1")) for _ in range(n)]
        BarisJurnal.objects.bulk_create([BarisJurnal(jurnal=besar, akun=kas, sisi="D", jumlah=Decimal(n)), *lines])
    assert time.monotonic() - started < 20
    assert BarisJurnal.objects.filter(jurnal=besar).count() == n + 1
