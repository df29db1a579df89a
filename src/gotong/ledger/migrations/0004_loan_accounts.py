"""The accounts loans post to that the first chart did not have: accrued loan interest,
advances from overpaid installments, and insurance premiums collected for the insurer.

Frozen here as written; a koperasi that already has an account with one of these codes keeps it.
"""

from django.db import migrations

# (kode, nama, tipe, saldo_normal, induk)
ACCOUNTS = [
    ("1.21", "Piutang jasa pinjaman", "aset", "D", "1"),
    ("2.13", "Titipan angsuran pinjaman", "kewajiban", "K", "2"),
    ("2.31", "Utang premi asuransi pinjaman", "kewajiban", "K", "2"),
]


def forward(apps, schema_editor):
    Akun = apps.get_model("ledger", "Akun")
    Koperasi = apps.get_model("tenancy", "Koperasi")
    for koperasi in Koperasi.objects.filter(digital=True).order_by("pk").iterator():
        by_code = {
            a.kode: a for a in Akun.objects.filter(koperasi=koperasi, kode__in=["1", "2", "1.21", "2.13", "2.31"])
        }
        if "1" not in by_code:  # no chart yet: the chart is created whole when books start
            continue
        for kode, nama, tipe, normal, induk in ACCOUNTS:
            if kode not in by_code:
                Akun.objects.create(
                    koperasi=koperasi, kode=kode, nama=nama, tipe=tipe, saldo_normal=normal, induk=by_code.get(induk)
                )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_chart_for_every_koperasi")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
