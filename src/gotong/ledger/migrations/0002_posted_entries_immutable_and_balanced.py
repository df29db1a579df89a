"""PostgreSQL guards the books too (ENGINEERING.md rule 4): posted entries and their lines
are never updated or deleted (a reversal corrects them), and each entry's debits equal its
credits at commit, whatever wrote the rows. TRUNCATE stays allowed (test flush uses it).

SQLite has no deferred constraint triggers; there the posting service and ``check_books``
are the guards.
"""

from django.db import migrations

TOLAK_UBAH = """
CREATE OR REPLACE FUNCTION ledger_tolak_ubah() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = 'restrict_violation',
        MESSAGE = format(
            'Jurnal yang sudah dibukukan tidak boleh diubah atau dihapus (%s pada %s); '
            'koreksi dengan jurnal pembalikan.', TG_OP, TG_TABLE_NAME);
END
$fn$
"""

# The lines of one entry are inserted together, so their deferred events fire one after
# another at commit. The entry is summed once per firing statement, not once per line:
# a month-end entry with a line per member would otherwise read N lines N times.
PERIKSA_SEIMBANG = """
CREATE OR REPLACE FUNCTION ledger_periksa_seimbang() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    tanda text := NEW.jurnal_id::text || '@' || statement_timestamp()::text;
    total_debit numeric;
    total_kredit numeric;
BEGIN
    IF current_setting('gotong.jurnal_diperiksa', true) = tanda THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('gotong.jurnal_diperiksa', tanda, true);
    SELECT coalesce(sum(jumlah) FILTER (WHERE sisi = 'D'), 0), coalesce(sum(jumlah) FILTER (WHERE sisi = 'K'), 0)
      INTO total_debit, total_kredit
      FROM ledger_barisjurnal WHERE jurnal_id = NEW.jurnal_id;
    IF total_debit <> total_kredit THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format('Jurnal id %s tidak seimbang: debit %s, kredit %s.',
                             NEW.jurnal_id, total_debit, total_kredit);
    END IF;
    RETURN NULL;
END
$fn$
"""

FORWARD = [
    TOLAK_UBAH,
    "CREATE TRIGGER ledger_jurnal_tetap BEFORE UPDATE OR DELETE ON ledger_jurnal "
    "FOR EACH ROW EXECUTE FUNCTION ledger_tolak_ubah()",
    "CREATE TRIGGER ledger_barisjurnal_tetap BEFORE UPDATE OR DELETE ON ledger_barisjurnal "
    "FOR EACH ROW EXECUTE FUNCTION ledger_tolak_ubah()",
    PERIKSA_SEIMBANG,
    "CREATE CONSTRAINT TRIGGER ledger_barisjurnal_seimbang AFTER INSERT ON ledger_barisjurnal "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_periksa_seimbang()",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS ledger_barisjurnal_seimbang ON ledger_barisjurnal",
    "DROP FUNCTION IF EXISTS ledger_periksa_seimbang()",
    "DROP TRIGGER IF EXISTS ledger_barisjurnal_tetap ON ledger_barisjurnal",
    "DROP TRIGGER IF EXISTS ledger_jurnal_tetap ON ledger_jurnal",
    "DROP FUNCTION IF EXISTS ledger_tolak_ubah()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
