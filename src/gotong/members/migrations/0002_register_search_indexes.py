"""PostgreSQL indexes for the member register search (bench/members.py measures them).

The register search (``AnggotaQuerySet.search``) filters with ``nama_cari LIKE '%term%'``
(no btree can serve a leading wildcard: pg_trgm's GIN can), ``nik LIKE 'term%'`` and
``UPPER(nomor_anggota) LIKE 'TERM%'`` (a btree serves a prefix LIKE only with a
``*_pattern_ops`` opclass unless the collation is C), and pages the result in name
order (a partial index over the register's statuses lets PostgreSQL walk names in order
and stop after one page instead of sorting every member).

SQLite (the embedded demo) gets nothing: the statements are PostgreSQL-only and the
demo's member counts are small. The indexes are not in ``Meta.indexes`` because the
opclasses and the expression are PostgreSQL-specific; Django's model state does not
track them, so ``makemigrations`` stays quiet. pg_trgm is a trusted extension
(PostgreSQL 13+): the database owner may create it without superuser rights.
"""

from django.db import migrations

INDEXES = {
    "members_anggota_nama_cari_trgm": "USING gin (nama_cari gin_trgm_ops)",
    "members_anggota_nik_prefix": "(koperasi_id, nik varchar_pattern_ops)",
    "members_anggota_nomor_prefix": "(koperasi_id, UPPER(nomor_anggota::text) text_pattern_ops)",
    "members_anggota_register_nama": "(koperasi_id, nama, id) WHERE status IN ('aktif', 'keluar')",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON members_anggota {definition}")


def drop_indexes(apps, schema_editor):
    # The extension stays: other apps may use it, and dropping it is not needed to undo.
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
