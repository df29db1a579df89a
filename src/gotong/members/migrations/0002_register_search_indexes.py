"""PostgreSQL indexes for the member register search (bench/members.py measures them).

The register search (``AnggotaQuerySet.search``) filters with ``nama_cari LIKE '%term%'``
(no btree can serve a leading wildcard: pg_trgm's GIN can), ``nik LIKE 'term%'`` and
``UPPER(nomor_anggota) LIKE 'TERM%'`` (a btree serves a prefix LIKE only with a
``*_pattern_ops`` opclass unless the collation is C), and pages the result in name
order (a partial index over the register's statuses lets PostgreSQL walk names in order
and stop after one page instead of sorting every member).

That walk is only a win when many members match, so the planner must estimate
``LIKE '%term%'`` well. It does so from ``nama_cari``'s histogram: with the default 100
bounds every name is estimated at either ~0 or >= 1%, and a rare name that happens to
sit on a bound made PostgreSQL walk all 100,000 names (60-100 ms instead of 0.7 ms in
bench/members.py). 1,000 bounds brought the estimates within ~20% of the truth there;
ANALYZE of 100,000 members takes about a second longer.

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
STATISTICS = "ALTER TABLE members_anggota ALTER COLUMN nama_cari SET STATISTICS {}"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON members_anggota {definition}")
    schema_editor.execute(STATISTICS.format(1000))


def drop_indexes(apps, schema_editor):
    # The extension stays: other apps may use it, and dropping it is not needed to undo.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(STATISTICS.format(-1))  # back to default_statistics_target
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
