"""Yearly figures (ODS): every rule and its message, the workflow, figures from the books."""

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.ledger.models import Akun, SumberJurnal, TipeAkun
from gotong.ledger.posting import JurnalBuilder
from gotong.members.models import Anggota, StatusAnggota
from gotong.province import ods
from gotong.province.models import CatatanLaporan, LaporanTahunan, StatusLaporan, SumberLaporan
from gotong.tenancy.models import JenisKoperasi, Koperasi, NamaPeran, Peran

pytestmark = pytest.mark.django_db

HARI_INI = dt.date(2026, 11, 30)
_URUT = itertools.count(1)


@pytest.fixture
def manual(db: Any) -> Koperasi:
    return Koperasi.objects.create(
        kode="kud-lebak",
        nama="KUD Lebak Sejahtera",
        jenis=JenisKoperasi.SERBA_USAHA,
        kabupaten_kode="36.02",
        kecamatan_kode="36.02.01",
        nik_koperasi="3602010170000001",
        nomor_badan_hukum="77/BH/2001",
    )


def angka(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "tanggal_rat": dt.date(2026, 3, 15),
        "anggota_pria": 120,
        "anggota_wanita": 135,
        "pengelola": 5,
        "karyawan": 3,
        "aset": Decimal("1250000000"),
        "kewajiban": Decimal("400000000"),
        "modal_sendiri": Decimal("850000000"),
        "modal_luar": Decimal("400000000"),
        "volume_usaha": Decimal("2100000000"),
        "shu": Decimal("95000000"),
    }
    return {**data, **overrides}


def _errors(data: dict[str, Any], tahun: int = 2025, lengkap: bool = True) -> dict[str, list[str]]:
    return ods.periksa_angka(data, tahun, lengkap=lengkap, hari_ini=HARI_INI).errors


def test_good_figures_pass() -> None:
    assert _errors(angka()) == {}


def test_the_balance_message_names_every_figure_and_the_exact_difference() -> None:
    errors = _errors(angka(aset=Decimal("1250500000")))
    assert errors["aset"] == [
        "Aset Rp1.250.500.000 harus sama dengan kewajiban Rp400.000.000 + modal sendiri Rp850.000.000 = "
        "Rp1.250.000.000. Selisihnya Rp500.000 (aset lebih besar)."
    ]
    errors = _errors(angka(aset=Decimal("1249999999.50")))
    assert "Selisihnya Rp0,50 (aset lebih kecil)." in errors["aset"][0]


@pytest.mark.parametrize("name", ["anggota_pria", "anggota_wanita", "pengelola", "karyawan"])
def test_counts_are_not_negative(name: str) -> None:
    assert _errors(angka(**{name: -1}), lengkap=False)[name] == [f"{ods.LABEL[name]} tidak boleh negatif."]


@pytest.mark.parametrize("name", ["aset", "kewajiban", "modal_luar", "volume_usaha"])
def test_amounts_are_not_negative(name: str) -> None:
    assert _errors(angka(**{name: Decimal("-1")}), lengkap=False)[name] == [f"{ods.LABEL[name]} tidak boleh negatif."]


def test_a_loss_and_negative_equity_are_accepted_and_the_loss_is_noted(manual: Koperasi) -> None:
    data = angka(shu=Decimal("-25000000"), modal_sendiri=Decimal("-50000000"), aset=Decimal("350000000"))
    assert _errors(data) == {}
    laporan = ods.laporan_simpan(koperasi=manual, tahun=2025, data=data, actor=None, hari_ini=HARI_INI)
    assert "SHU negatif: koperasi rugi Rp25.000.000 pada tahun buku ini." in ods.catatan_laporan(laporan)


def test_shu_above_volume_usaha_is_noted_not_refused(manual: Koperasi) -> None:
    hasil = ods.periksa_angka(angka(shu=Decimal("3000000000")), 2025, lengkap=True, hari_ini=HARI_INI)
    pesan = (
        "SHU Rp3.000.000.000 lebih besar dari volume usaha Rp2.100.000.000: biasanya SHU adalah pendapatan "
        "dikurangi biaya. Periksa apakah ada pemulihan cadangan atau pendapatan lain yang belum masuk volume usaha."
    )
    assert hasil.errors == {} and hasil.catatan == [pesan]
    data = angka(shu=Decimal("3000000000"))
    laporan = ods.laporan_simpan(koperasi=manual, tahun=2025, data=data, actor=None, hari_ini=HARI_INI)
    assert pesan in ods.catatan_laporan(laporan)


def test_modal_luar_cannot_exceed_kewajiban() -> None:
    errors = _errors(angka(modal_luar=Decimal("500000000")))
    assert "Modal luar Rp500.000.000 melebihi kewajiban Rp400.000.000" in errors["modal_luar"][0]
    assert "UU 25/1992 Pasal 41 ayat 3" in errors["modal_luar"][0]


def test_rat_before_the_book_year_ends_is_refused() -> None:
    errors = _errors(angka(tanggal_rat=dt.date(2025, 12, 31)), lengkap=False)
    assert errors["tanggal_rat"] == [
        "Tanggal RAT 31 Desember 2025 ditolak: RAT tahun buku 2025 diadakan sesudah tahun buku berakhir "
        "(31 Desember 2025)."
    ]
    assert _errors(angka(tanggal_rat=dt.date(2026, 1, 1))) == {}


def test_rat_in_the_future_is_refused() -> None:
    errors = _errors(angka(tanggal_rat=dt.date(2026, 12, 1)), lengkap=False)
    assert errors["tanggal_rat"] == ["Tanggal RAT 1 Desember 2026 belum lewat. Isi sesudah RAT diadakan."]


def test_rat_after_six_months_is_accepted_but_noted_late() -> None:
    on_time = ods.periksa_angka(angka(tanggal_rat=dt.date(2026, 6, 30)), 2025, lengkap=True, hari_ini=HARI_INI)
    assert on_time.errors == {} and on_time.catatan == []
    late = ods.periksa_angka(angka(tanggal_rat=dt.date(2026, 7, 1)), 2025, lengkap=True, hari_ini=HARI_INI)
    assert late.errors == {}
    assert late.catatan == [
        "RAT 1 Juli 2026 lewat dari batas 30 Juni 2026 (paling lambat 6 bulan sesudah tahun buku, UU 25/1992 "
        "Pasal 26 ayat 2): dicatat terlambat."
    ]
    assert not ods.rat_terlambat(2025, dt.date(2026, 6, 30)) and ods.rat_terlambat(2025, dt.date(2026, 7, 1))


def test_submitting_needs_the_rat_date_and_members() -> None:
    errors = _errors(angka(tanggal_rat=None, anggota_pria=0, anggota_wanita=0))
    assert errors["tanggal_rat"] == [str(ods.RAT_WAJIB)]
    assert errors["anggota_pria"] == [str(ods.ANGGOTA_WAJIB)]
    assert _errors(angka(tanggal_rat=None, anggota_pria=0, anggota_wanita=0), lengkap=False) == {}


def test_the_year_must_have_ended(manual: Koperasi) -> None:
    with pytest.raises(ValidationError) as exc:
        ods.laporan_simpan(koperasi=manual, tahun=2026, data=angka(), actor=None, hari_ini=HARI_INI)
    assert exc.value.message_dict["tahun"] == [
        "Tahun buku 2026 belum berakhir; laporannya dibuat sesudah 31 Desember 2026."
    ]
    with pytest.raises(ValidationError) as exc:
        ods.laporan_simpan(koperasi=manual, tahun=1980, data=angka(), actor=None, hari_ini=HARI_INI)
    assert exc.value.message_dict["tahun"] == ["Tahun buku 1980 tidak bisa dilaporkan: pilih tahun 1990 sampai 2025."]


def test_one_report_per_cooperative_and_year_in_the_database(manual: Koperasi) -> None:
    LaporanTahunan.objects.create(koperasi=manual, tahun=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        LaporanTahunan.objects.create(koperasi=manual, tahun=2024)


def test_negative_amounts_are_refused_by_the_database_too(manual: Koperasi) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        LaporanTahunan.objects.create(koperasi=manual, tahun=2024, aset=Decimal("-1"))


# --- workflow ---------------------------------------------------------------------------------


def test_draft_submit_verify_with_who_and_when_audited(manual: Koperasi, eka: User) -> None:
    laporan = ods.laporan_simpan(koperasi=manual, tahun=2025, data=angka(), actor=eka, hari_ini=HARI_INI)
    assert laporan.status == StatusLaporan.DRAFT and laporan.sumber == SumberLaporan.DIISI
    assert laporan.dibuat_oleh == eka
    laporan = ods.laporan_simpan(koperasi=manual, tahun=2025, data={"karyawan": 4}, actor=eka, hari_ini=HARI_INI)
    assert laporan.karyawan == 4 and LaporanTahunan.objects.count() == 1
    laporan = ods.laporan_ajukan(laporan=laporan, actor=eka, hari_ini=HARI_INI)
    assert laporan.status == StatusLaporan.DIAJUKAN and laporan.diajukan_oleh == eka and laporan.diajukan_pada
    laporan = ods.laporan_verifikasi(laporan=laporan, actor=eka, komentar="Sesuai berita acara RAT.")
    assert laporan.status == StatusLaporan.DIVERIFIKASI and laporan.diperiksa_oleh == eka
    assert laporan.catatan == "Sesuai berita acara RAT."
    aksi = list(AuditLog.objects.filter(objek_id=str(laporan.pk)).order_by("pk").values_list("aksi", flat=True))
    assert aksi == ["ods.tambah", "ods.ubah", "ods.ajukan", "ods.verifikasi"]
    assert AuditLog.objects.get(aksi="ods.ubah").sebelum == {"karyawan": 3}
    assert list(CatatanLaporan.objects.values_list("aksi", flat=True)) == ["diajukan", "diverifikasi"]


def test_return_needs_a_comment_then_the_cooperative_fixes_and_resubmits(manual: Koperasi, eka: User) -> None:
    laporan = ods.laporan_simpan(koperasi=manual, tahun=2025, data=angka(), actor=eka, hari_ini=HARI_INI)
    laporan = ods.laporan_ajukan(laporan=laporan, actor=eka, hari_ini=HARI_INI)
    with pytest.raises(ValidationError) as exc:
        ods.laporan_kembalikan(laporan=laporan, actor=eka, komentar="  ")
    assert exc.value.message_dict["komentar"] == [str(ods.KOMENTAR_WAJIB)]
    laporan = ods.laporan_kembalikan(laporan=laporan, actor=eka, komentar="Jumlah karyawan tidak sesuai.")
    assert laporan.status == StatusLaporan.DIKEMBALIKAN and laporan.catatan == "Jumlah karyawan tidak sesuai."
    laporan = ods.laporan_simpan(koperasi=manual, tahun=2025, data={"karyawan": 6}, actor=eka, hari_ini=HARI_INI)
    laporan = ods.laporan_ajukan(laporan=laporan, actor=eka, hari_ini=HARI_INI)
    assert laporan.status == StatusLaporan.DIAJUKAN


def test_submitted_and_verified_reports_cannot_be_edited_or_submitted_again(manual: Koperasi) -> None:
    laporan = ods.laporan_simpan(koperasi=manual, tahun=2025, data=angka(), actor=None, hari_ini=HARI_INI)
    laporan = ods.laporan_ajukan(laporan=laporan, actor=None, hari_ini=HARI_INI)
    with pytest.raises(ValidationError) as exc:
        ods.laporan_simpan(koperasi=manual, tahun=2025, data={"karyawan": 1}, actor=None, hari_ini=HARI_INI)
    assert exc.value.messages == [
        "Laporan berstatus Diajukan tidak bisa diubah lagi. Minta Dinas mengembalikannya dulu."
    ]
    with pytest.raises(ValidationError) as exc:
        ods.laporan_ajukan(laporan=laporan, actor=None, hari_ini=HARI_INI)
    assert exc.value.messages == ["Laporan berstatus Diajukan tidak bisa diajukan."]
    laporan = ods.laporan_verifikasi(laporan=laporan, actor=None)
    with pytest.raises(ValidationError) as exc:
        ods.laporan_kembalikan(laporan=laporan, actor=None, komentar="Terlambat")
    assert exc.value.messages == [
        "Hanya laporan yang diajukan yang bisa diverifikasi atau dikembalikan (status sekarang: Diverifikasi)."
    ]


def test_submit_refuses_an_unbalanced_draft_and_nothing_changes(manual: Koperasi) -> None:
    laporan = ods.laporan_simpan(
        koperasi=manual, tahun=2025, data=angka(aset=Decimal("1")), actor=None, hari_ini=HARI_INI
    )
    with pytest.raises(ValidationError) as exc:
        ods.laporan_ajukan(laporan=laporan, actor=None, hari_ini=HARI_INI)
    assert "Selisihnya" in exc.value.message_dict["aset"][0]
    laporan.refresh_from_db()
    assert laporan.status == StatusLaporan.DRAFT and not CatatanLaporan.objects.exists()


def test_a_draft_with_a_rat_before_year_end_is_not_saved(manual: Koperasi) -> None:
    with pytest.raises(ValidationError):
        ods.laporan_simpan(
            koperasi=manual,
            tahun=2025,
            data=angka(tanggal_rat=dt.date(2025, 6, 1)),
            actor=None,
            hari_ini=HARI_INI,
        )
    assert not LaporanTahunan.objects.exists() and not AuditLog.objects.filter(aksi__startswith="ods.").exists()


# --- from the books ----------------------------------------------------------------------------


def _daun(koperasi: Koperasi, tipe: str) -> Akun:
    akun = Akun.objects.filter(koperasi=koperasi, tipe=tipe, anak__isnull=True, aktif=True).order_by("kode").first()
    assert akun is not None
    return akun


def _jurnal(koperasi: Koperasi, tanggal: dt.date, debit: Akun, kredit: Akun, jumlah: str) -> None:
    JurnalBuilder(koperasi=koperasi, tanggal=tanggal, keterangan="uji", sumber=SumberJurnal.MANUAL).debit(
        debit, jumlah
    ).kredit(kredit, jumlah).post()


def _anggota(koperasi: Koperasi, n: int, jk: str, masuk: dt.date, keluar: dt.date | None = None) -> None:
    for i in range(n):
        Anggota.objects.create(
            koperasi=koperasi,
            nik=f"3673010101{next(_URUT):06d}",
            nomor_kk="3673010101010001",
            nama=f"Anggota {jk}{i}",
            tempat_lahir="Serang",
            tanggal_lahir=dt.date(1990, 1, 1),
            jenis_kelamin=jk,
            alamat="Jl. Uji",
            kabupaten_kode="36.73",
            kecamatan_kode="36.73.01",
            desa_kode="36.73.01.1001",
            telepon="0812",
            pekerjaan="Petani",
            tanggal_daftar=masuk,
            tanggal_masuk=masuk,
            tanggal_keluar=keluar,
            status=StatusAnggota.KELUAR if keluar else StatusAnggota.AKTIF,
            nomor_anggota=f"U-{next(_URUT):05d}",
        )


def test_figures_from_the_books(maju: Koperasi, ani: User, budi: User) -> None:
    aset, kewajiban, ekuitas = (_daun(maju, t) for t in (TipeAkun.ASET, TipeAkun.KEWAJIBAN, TipeAkun.EKUITAS))
    pendapatan, beban = _daun(maju, TipeAkun.PENDAPATAN), _daun(maju, TipeAkun.BEBAN)
    _jurnal(maju, dt.date(2024, 3, 1), aset, ekuitas, "1000000")  # capital paid in 2024
    _jurnal(maju, dt.date(2024, 6, 1), aset, pendapatan, "300000")  # 2024 income (not 2025's volume)
    _jurnal(maju, dt.date(2025, 2, 1), aset, kewajiban, "500000")  # a loan taken
    _jurnal(maju, dt.date(2025, 5, 1), aset, pendapatan, "800000")
    _jurnal(maju, dt.date(2025, 9, 1), beban, aset, "200000")
    _jurnal(maju, dt.date(2026, 1, 5), aset, pendapatan, "999000")  # next year: not counted
    _anggota(maju, 3, "L", dt.date(2023, 1, 1))
    _anggota(maju, 2, "P", dt.date(2025, 12, 31))
    _anggota(maju, 1, "P", dt.date(2026, 1, 2))  # joined after year end
    _anggota(maju, 1, "L", dt.date(2022, 1, 1), keluar=dt.date(2025, 10, 1))  # left before year end
    _anggota(maju, 1, "L", dt.date(2022, 1, 1), keluar=dt.date(2026, 2, 1))  # left after year end
    Peran.objects.create(user=budi, koperasi=maju, peran=NamaPeran.PETUGAS_LAPANGAN)  # one person, two roles

    hasil = ods.hitung_dari_buku(maju, 2025)
    assert hasil["anggota_pria"] == 4 and hasil["anggota_wanita"] == 2
    assert hasil["pengelola"] == 1 and hasil["karyawan"] == 1  # ani (ketua); budi (kasir + petugas)
    assert hasil["aset"] == Decimal("2400000.00")
    assert hasil["kewajiban"] == hasil["modal_luar"] == Decimal("500000.00")
    assert hasil["modal_sendiri"] == Decimal("1900000.00")  # 1,000,000 + 300,000 + 800,000 − 200,000
    assert hasil["volume_usaha"] == Decimal("800000.00")
    assert hasil["shu"] == Decimal("600000.00")
    assert hasil["aset"] == hasil["kewajiban"] + hasil["modal_sendiri"]

    laporan = ods.ods_dari_buku(maju, 2025, actor=ani, hari_ini=HARI_INI)
    assert laporan.status == StatusLaporan.DRAFT and laporan.sumber == SumberLaporan.BUKU
    assert laporan.aset == Decimal("2400000.00") and laporan.tanggal_rat is None
    ods.laporan_simpan(
        koperasi=maju, tahun=2025, data={"tanggal_rat": dt.date(2026, 3, 1)}, actor=ani, hari_ini=HARI_INI
    )
    laporan = ods.ods_dari_buku(maju, 2025, actor=ani, hari_ini=HARI_INI)  # recomputed, RAT date kept
    assert laporan.tanggal_rat == dt.date(2026, 3, 1)
    laporan = ods.laporan_ajukan(laporan=laporan, actor=ani, hari_ini=HARI_INI)
    assert laporan.status == StatusLaporan.DIAJUKAN


def test_a_manual_cooperative_has_no_books_to_compute_from(manual: Koperasi) -> None:
    with pytest.raises(ValidationError) as exc:
        ods.ods_dari_buku(manual, 2025, hari_ini=HARI_INI)
    assert exc.value.messages == [
        "KUD Lebak Sejahtera belum memakai Gotong; isi angkanya pada formulir atau unggah berkas."
    ]


def test_a_contra_asset_counts_against_assets_and_a_released_provision_lifts_shu(maju: Koperasi) -> None:
    kas = _daun(maju, TipeAkun.ASET)
    modal = _daun(maju, TipeAkun.EKUITAS)
    ppap = Akun.objects.get(koperasi=maju, kode="1.20.99")  # aset with a credit normal side
    beban_ppap = Akun.objects.get(koperasi=maju, kode="5.40")
    _jurnal(maju, dt.date(2024, 1, 2), kas, modal, "1000000")
    _jurnal(maju, dt.date(2024, 12, 31), beban_ppap, ppap, "100000")  # provision formed in 2024
    _jurnal(maju, dt.date(2025, 12, 31), ppap, beban_ppap, "40000")  # partly released in 2025
    hasil = ods.hitung_dari_buku(maju, 2025)
    assert hasil["aset"] == Decimal("940000.00")  # 1,000,000 cash − 60,000 provision
    assert hasil["modal_sendiri"] == Decimal("940000.00")
    assert hasil["volume_usaha"] == Decimal("0.00") and hasil["shu"] == Decimal("40000.00")
    data = {**hasil, "tanggal_rat": dt.date(2026, 3, 1), "anggota_wanita": 25}
    cek = ods.periksa_angka(data, 2025, lengkap=True, hari_ini=HARI_INI)
    assert cek.errors == {} and len(cek.catatan) == 1  # SHU above volume usaha: noted
