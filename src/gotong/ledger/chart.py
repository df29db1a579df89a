"""The default chart of accounts (bagan akun) of a koperasi.

Codes as in common KSP practice, listed in ../shared/DOMAIN.md (Permenkop UKM 2/2024
context); each koperasi gets its own copy and may edit it.
"""

from dataclasses import dataclass

ASET, KEWAJIBAN, EKUITAS, PENDAPATAN, BEBAN = "aset", "kewajiban", "ekuitas", "pendapatan", "beban"
DEBIT, KREDIT = "D", "K"


@dataclass(frozen=True)
class AkunBaku:
    kode: str
    nama: str
    tipe: str
    saldo_normal: str
    induk: str = ""


def _a(kode: str, nama: str, tipe: str, normal: str | None = None, induk: str | None = None) -> AkunBaku:
    default = DEBIT if tipe in (ASET, BEBAN) else KREDIT
    return AkunBaku(kode, nama, tipe, normal or default, kode.rpartition(".")[0] if induk is None else induk)


DEFAULT_CHART: tuple[AkunBaku, ...] = (
    _a("1", "Aset", ASET),
    _a("1.01", "Kas", ASET),
    _a("1.02", "Bank", ASET),
    _a("1.20", "Piutang pinjaman anggota", ASET),
    # Contra accounts sit beside the account they reduce, not under it: an account with
    # sub-accounts takes no postings, and loans post to 1.20 and fixed assets to 1.40.
    _a("1.20.99", "Penyisihan penghapusan pinjaman", ASET, KREDIT, induk="1"),
    _a("1.21", "Piutang jasa pinjaman", ASET),
    _a("1.30", "Persediaan", ASET),
    _a("1.40", "Aset tetap", ASET),
    _a("1.40.99", "Akumulasi penyusutan", ASET, KREDIT, induk="1"),
    _a("2", "Kewajiban", KEWAJIBAN),
    _a("2.10", "Simpanan sukarela", KEWAJIBAN),
    _a("2.11", "Simpanan berjangka", KEWAJIBAN),
    _a("2.12", "Utang jasa simpanan berjangka", KEWAJIBAN),
    _a("2.13", "Titipan angsuran pinjaman", KEWAJIBAN),
    _a("2.20", "Utang SHU anggota", KEWAJIBAN),
    _a("2.21", "Dana pengurus, karyawan, pendidikan dan sosial", KEWAJIBAN),
    _a("2.30", "Utang pajak", KEWAJIBAN),
    _a("2.31", "Utang premi asuransi pinjaman", KEWAJIBAN),
    _a("2.40", "Utang pengembalian simpanan anggota keluar", KEWAJIBAN),
    _a("3", "Ekuitas", EKUITAS),
    _a("3.10", "Simpanan pokok", EKUITAS),
    _a("3.11", "Simpanan wajib", EKUITAS),
    _a("3.12", "Modal penyertaan", EKUITAS),
    _a("3.13", "Hibah", EKUITAS),
    _a("3.20", "Cadangan", EKUITAS),
    _a("3.99", "SHU tahun berjalan", EKUITAS),
    _a("4", "Pendapatan", PENDAPATAN),
    _a("4.10", "Jasa/bunga pinjaman", PENDAPATAN),
    _a("4.20", "Provisi dan administrasi", PENDAPATAN),
    _a("4.21", "Denda", PENDAPATAN),
    _a("4.30", "Penjualan", PENDAPATAN),
    _a("4.90", "Pendapatan lain-lain", PENDAPATAN),
    _a("5", "Beban", BEBAN),
    _a("5.10", "Beban operasional", BEBAN),
    _a("5.20", "Jasa simpanan", BEBAN),
    _a("5.30", "Penyusutan", BEBAN),
    _a("5.40", "Beban PPAP", BEBAN),
    _a("5.50", "Harga pokok penjualan", BEBAN),
    _a("5.90", "Beban lain-lain", BEBAN),
)

# Accounts the services post to, by role. Kept in one place so a koperasi that renumbers
# its chart changes one mapping, not every service.
KAS = "1.01"
BANK = "1.02"
SIMPANAN_POKOK = "3.10"
SIMPANAN_WAJIB = "3.11"
SIMPANAN_SUKARELA = "2.10"
SIMPANAN_BERJANGKA = "2.11"
UTANG_PAJAK = "2.30"
JASA_SIMPANAN = "5.20"
PENDAPATAN_LAIN = "4.90"
BEBAN_LAIN = "5.90"
SHU_BERJALAN = "3.99"
# SHU (DOMAIN.md, SHU): members' shares owed until paid, the funds for pengurus, karyawan,
# pendidikan and sosial, and the reserve that takes its share, the rounding and non-members' SHU.
UTANG_SHU_ANGGOTA = "2.20"
DANA_SHU = "2.21"
CADANGAN = "3.20"
UTANG_JASA_BERJANGKA = "2.12"
UTANG_ANGGOTA_KELUAR = "2.40"
# Loans (DOMAIN.md, Loans): principal, accrued interest, the provision (PPAP) beside the
# receivable, advances held from overpayments, insurance premiums collected for the insurer.
PIUTANG_PINJAMAN = "1.20"
PENYISIHAN_PINJAMAN = "1.20.99"
PIUTANG_JASA_PINJAMAN = "1.21"
TITIPAN_ANGSURAN = "2.13"
UTANG_ASURANSI = "2.31"
JASA_PINJAMAN = "4.10"
PROVISI_ADMINISTRASI = "4.20"
DENDA = "4.21"
BEBAN_PPAP = "5.40"

# Accounts Gotong posts to by itself: never deactivated or deleted from the screens.
AKUN_SISTEM = frozenset(
    {KAS, BANK, SIMPANAN_POKOK, SIMPANAN_WAJIB, SIMPANAN_SUKARELA, SIMPANAN_BERJANGKA, UTANG_PAJAK}
    | {JASA_SIMPANAN, PENDAPATAN_LAIN, BEBAN_LAIN, SHU_BERJALAN, UTANG_JASA_BERJANGKA, UTANG_ANGGOTA_KELUAR}
    | {UTANG_SHU_ANGGOTA, DANA_SHU, CADANGAN}
    | {PIUTANG_PINJAMAN, PENYISIHAN_PINJAMAN, PIUTANG_JASA_PINJAMAN, TITIPAN_ANGSURAN, UTANG_ASURANSI}
    | {JASA_PINJAMAN, PROVISI_ADMINISTRASI, DENDA, BEBAN_PPAP}
)
