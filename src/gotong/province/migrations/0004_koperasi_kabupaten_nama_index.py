"""An index for the dashboard's register list (``ORDER BY kabupaten_kode, nama LIMIT 25``):
without it PostgreSQL sorts every cooperative of the province on each dashboard view, which
grows with the registry (bench/dashboard.py). Raw SQL because the table belongs to tenancy."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("province", "0003_agregat_dasbor"), ("tenancy", "0003_koperasi_nik_badan_hukum_unik")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS province_koperasi_kab_nama ON tenancy_koperasi (kabupaten_kode, nama)",
            "DROP INDEX IF EXISTS province_koperasi_kab_nama",
        )
    ]
