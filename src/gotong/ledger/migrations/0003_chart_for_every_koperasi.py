"""Every digital koperasi gets books: the default chart of accounts (DOMAIN.md, Accounting).

The chart is frozen here as it stood when this migration was written, so later edits to
``gotong.ledger.chart`` do not change what this migration does. Accounts a koperasi already
has are kept. Contra accounts created under 1.20/1.40 by the first version of the chart are
moved beside them, so that 1.20 and 1.40 can take postings.
"""

from django.db import migrations

# (kode, nama, tipe, saldo_normal, induk)
CHART = [
    ('1', 'Aset', 'aset', 'D', ''),
    ('1.01', 'Kas', 'aset', 'D', '1'),
    ('1.02', 'Bank', 'aset', 'D', '1'),
    ('1.20', 'Piutang pinjaman anggota', 'aset', 'D', '1'),
    ('1.20.99', 'Penyisihan penghapusan pinjaman', 'aset', 'K', '1'),
    ('1.30', 'Persediaan', 'aset', 'D', '1'),
    ('1.40', 'Aset tetap', 'aset', 'D', '1'),
    ('1.40.99', 'Akumulasi penyusutan', 'aset', 'K', '1'),
    ('2', 'Kewajiban', 'kewajiban', 'K', ''),
    ('2.10', 'Simpanan sukarela', 'kewajiban', 'K', '2'),
    ('2.11', 'Simpanan berjangka', 'kewajiban', 'K', '2'),
    ('2.12', 'Utang jasa simpanan berjangka', 'kewajiban', 'K', '2'),
    ('2.20', 'Utang SHU anggota', 'kewajiban', 'K', '2'),
    ('2.21', 'Dana pengurus, karyawan, pendidikan dan sosial', 'kewajiban', 'K', '2'),
    ('2.30', 'Utang pajak', 'kewajiban', 'K', '2'),
    ('2.40', 'Utang pengembalian simpanan anggota keluar', 'kewajiban', 'K', '2'),
    ('3', 'Ekuitas', 'ekuitas', 'K', ''),
    ('3.10', 'Simpanan pokok', 'ekuitas', 'K', '3'),
    ('3.11', 'Simpanan wajib', 'ekuitas', 'K', '3'),
    ('3.12', 'Modal penyertaan', 'ekuitas', 'K', '3'),
    ('3.13', 'Hibah', 'ekuitas', 'K', '3'),
    ('3.20', 'Cadangan', 'ekuitas', 'K', '3'),
    ('3.99', 'SHU tahun berjalan', 'ekuitas', 'K', '3'),
    ('4', 'Pendapatan', 'pendapatan', 'K', ''),
    ('4.10', 'Jasa/bunga pinjaman', 'pendapatan', 'K', '4'),
    ('4.20', 'Provisi dan administrasi', 'pendapatan', 'K', '4'),
    ('4.21', 'Denda', 'pendapatan', 'K', '4'),
    ('4.30', 'Penjualan', 'pendapatan', 'K', '4'),
    ('4.90', 'Pendapatan lain-lain', 'pendapatan', 'K', '4'),
    ('5', 'Beban', 'beban', 'D', ''),
    ('5.10', 'Beban operasional', 'beban', 'D', '5'),
    ('5.20', 'Jasa simpanan', 'beban', 'D', '5'),
    ('5.30', 'Penyusutan', 'beban', 'D', '5'),
    ('5.40', 'Beban PPAP', 'beban', 'D', '5'),
    ('5.50', 'Harga pokok penjualan', 'beban', 'D', '5'),
    ('5.90', 'Beban lain-lain', 'beban', 'D', '5'),
]
CONTRA = {"1.20.99": "1.20", "1.40.99": "1.40"}


def _siapkan(Akun, koperasi):
    by_code = {a.kode: a for a in Akun.objects.filter(koperasi=koperasi)}
    for kode, nama, tipe, normal, induk in CHART:
        if kode not in by_code:
            by_code[kode] = Akun.objects.create(
                koperasi=koperasi, kode=kode, nama=nama, tipe=tipe, saldo_normal=normal, induk=by_code.get(induk)
            )
    for kode, old_parent in CONTRA.items():
        contra, old, root = by_code.get(kode), by_code.get(old_parent), by_code.get("1")
        if contra is not None and old is not None and root is not None and contra.induk_id == old.pk:
            Akun.objects.filter(pk=contra.pk).update(induk=root)


def forward(apps, schema_editor):
    Akun = apps.get_model("ledger", "Akun")
    Koperasi = apps.get_model("tenancy", "Koperasi")
    for koperasi in Koperasi.objects.filter(digital=True).order_by("pk").iterator():
        _siapkan(Akun, koperasi)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_posted_entries_immutable_and_balanced"), ("tenancy", "0001_initial")]

    # Backwards: the accounts stay (they may carry postings by then).
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
