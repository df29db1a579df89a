"""Writes for tenancy: numbering, roles and koperasi settings."""

import sqlite3
from typing import Any

from django.db import connection, transaction

from gotong.core.audit import audit_changes, snapshot
from gotong.tenancy.models import Koperasi, Penomoran


def nomor_next(*, koperasi: Koperasi, seri: str) -> int:
    """Take the next number in a series; the row lock serialises concurrent takers.

    One upsert statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING``) takes the row lock
    and the number in a single round trip, so the lock is held from here to commit only.
    """
    if connection.vendor == "postgresql" or (connection.vendor == "sqlite" and _sqlite_returning()):
        table = Penomoran._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                # only the model's table name is formatted in; the values are params
                f"INSERT INTO {table} (koperasi_id, seri, terakhir) VALUES (%s, %s, 1) "  # noqa: S608
                f"ON CONFLICT (koperasi_id, seri) DO UPDATE SET terakhir = {table}.terakhir + 1 "
                "RETURNING terakhir",
                [koperasi.pk, seri],
            )
            return int(cursor.fetchone()[0])
    with transaction.atomic():
        Penomoran.objects.get_or_create(koperasi=koperasi, seri=seri)
        row = Penomoran.objects.select_for_update().get(koperasi=koperasi, seri=seri)
        row.terakhir += 1
        row.save(update_fields=["terakhir"])
        return row.terakhir


def _sqlite_returning() -> bool:
    """SQLite has ``ON CONFLICT … RETURNING`` since 3.35."""
    return sqlite3.sqlite_version_info >= (3, 35, 0)


KOPERASI_SETTINGS_FIELDS = [
    "nama",
    "alamat",
    "telepon",
    "email",
    "nomor_badan_hukum",
    "tanggal_badan_hukum",
    "nik_koperasi",
    "format_nomor_anggota",
]


def koperasi_update_settings(*, koperasi: Koperasi, actor: Any, data: dict[str, Any]) -> Koperasi:
    """Change a koperasi's identity/settings; audited with before and after."""
    with transaction.atomic():
        locked = Koperasi.objects.select_for_update().get(pk=koperasi.pk)
        before = snapshot(locked, KOPERASI_SETTINGS_FIELDS)
        for field in KOPERASI_SETTINGS_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        locked.full_clean()
        locked.save()
        audit_changes(
            koperasi=locked,
            aktor=actor,
            aksi="koperasi.pengaturan",
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked, KOPERASI_SETTINGS_FIELDS),
        )
        return locked
