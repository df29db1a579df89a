"""Rescheduling, write-off with maker-checker approval, and recoveries through the services:
schedule versions kept as history, nothing owed lost, the write-off entry line by line,
recoveries through the kasir's drawer — and every refusal with its message, nothing saved."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from gotong.core.models import AuditLog
from gotong.ledger import chart
from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun_banyak
from gotong.loans import restrukturisasi as r
from gotong.loans import schedule
from gotong.loans.models import Angsuran, JenisPembayaran, Kolektibilitas, Pinjaman, StatusPinjaman
from gotong.loans.pembayaran import denda_hitung
from gotong.loans.tests.helpers_pinjaman import CAIR, D, ajukan, bayar, cair, jejak, kunci, produk
from gotong.savings.laci import laci_tutup
from gotong.savings.models import SesiKas
from gotong.savings.selectors import laci_ringkasan
from gotong.savings.services import LACI_BELUM_DIBUKA
from gotong.savings.tests.helpers_loket import baris, laci
from gotong.tenancy.models import Koperasi, NamaPeran, Peran

KETUA = frozenset({NamaPeran.KETUA})
KASIR = frozenset({NamaPeran.KASIR})
MANAJER = frozenset({NamaPeran.MANAJER})
RESTRUKTUR = dt.date(2026, 4, 20)


@pytest.fixture(autouse=True)
def _satu_persen(maju):
    """The DOMAIN.md example: flat 1% a month, Rp840.000 an installment."""
    produk(maju, "umum", suku_bunga=D("1"))


@pytest.fixture
def maya(maju):
    """A manajer: may reschedule and propose a write-off, not approve one."""
    user = get_user_model().objects.create_user(
        username="maya", password="rahasia-sekali-123", nama_lengkap="Maya Manajer", email="maya@contoh.id"
    )
    Peran.objects.create(user=user, koperasi=maju, peran=NamaPeran.MANAJER)
    return user


def jejak_penuh(koperasi: Koperasi) -> tuple[Any, ...]:
    """jejak() plus the schedule rows, loan terms and the audit trail."""
    return (
        jejak(koperasi),
        sorted(Angsuran.objects.filter(koperasi=koperasi).values_list("pk", "versi", "aktif", "bunga", "denda")),
        sorted(
            Pinjaman.objects.filter(koperasi=koperasi).values_list(
                "pk", "versi_jadwal", "tenor", "suku_bunga", "hapus_buku_diusulkan_oleh", "sisa_hapus_buku"
            )
        ),
        AuditLog.objects.filter(koperasi=koperasi).count(),
    )


def pinjaman_menunggak(citra_anggota, budi, ani) -> Pinjaman:
    """Rp9.000.000 flat 1% over 12 months from 15 Jan 2026; installment 1 paid on time
    (from sukarela), installments 2 (15 Mar) and 3 (15 Apr) unpaid."""
    p = cair(citra_anggota, budi, ani)
    bayar(p, "840000", budi, dt.date(2026, 2, 15), cara="sukarela")
    p.refresh_from_db()
    return p


def terutang(p: Pinjaman, tanggal: dt.date) -> tuple[Decimal, Decimal, Decimal]:
    """Outstanding principal, interest due and unpaid, denda up to ``tanggal``."""
    rows = list(Angsuran.objects.filter(pinjaman=p, aktif=True, versi=p.versi_jadwal))
    denda_hitung(rows, p, tanggal)
    buka = [a for a in rows if a.lunas_pada is None]
    bunga = sum((a.sisa_bunga for a in buka if a.jatuh_tempo <= tanggal), D(0))
    return p.sisa_pokok, bunga, sum((a.sisa_denda for a in buka), D(0))


def restruktur(p: Pinjaman, actor: Any, **kw: Any) -> r.HasilRestrukturisasi:
    args: dict[str, Any] = {
        "tenor_baru": 18,
        "tanggal": RESTRUKTUR,
        "roles": KETUA,
        "alasan": "Warung sepi setelah banjir",
    }
    args.update(kw)
    return r.restrukturisasi_buat(pinjaman=p, actor=actor, **args)


def ppap_bentuk(p: Pinjaman, jumlah: str, akrual: str = "0") -> None:
    """What the month-end would have posted: a provision and accrued interest."""
    beban, penyisihan, piutang_jasa, jasa = akun_banyak(
        p.koperasi, chart.BEBAN_PPAP, chart.PENYISIHAN_PINJAMAN, chart.PIUTANG_JASA_PINJAMAN, chart.JASA_PINJAMAN
    )
    b = JurnalBuilder(
        koperasi=p.koperasi, tanggal=dt.date(2026, 3, 31), keterangan="PPAP", sumber=SumberJurnal.PINJAMAN
    )
    b.debit(beban, D(jumlah)).kredit(penyisihan, D(jumlah))
    if D(akrual):
        b.debit(piutang_jasa, D(akrual)).kredit(jasa, D(akrual))
    b.post()
    Pinjaman.objects.filter(pk=p.pk).update(ppap=D(jumlah), bunga_akrual=D(akrual))
    p.refresh_from_db()


# --- Rescheduling ------------------------------------------------------------------------------


def test_reschedule_writes_new_version_and_keeps_old_rows_as_history(maju, ani, budi, citra_anggota):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    jurnal_sebelum = Jurnal.objects.filter(koperasi=maju).count()
    hasil = restruktur(p, ani, suku_bunga_baru="0,9")
    p.refresh_from_db()
    assert (p.versi_jadwal, p.tenor, p.suku_bunga, p.direstrukturisasi) == (2, 18, D("0.9"), True)
    assert p.kolektibilitas_restrukturisasi == Kolektibilitas.LANCAR
    lama = Angsuran.objects.filter(pinjaman=p, versi=1).order_by("ke")
    assert lama.count() == 12 and not lama.filter(aktif=True).exists()
    assert lama[0].lunas_pada == dt.date(2026, 2, 15)  # what was paid stays paid
    baru = list(Angsuran.objects.filter(pinjaman=p, versi=2, aktif=True).order_by("ke"))
    assert len(baru) == 18 and len(hasil.angsuran) == 18
    assert baru[0].jatuh_tempo == dt.date(2026, 5, 20)
    assert baru[-1].jatuh_tempo == dt.date(2027, 10, 20)
    assert sum(a.pokok for a in baru) == D("8250000") == p.sisa_pokok
    # principal unchanged: no entry posted
    assert Jurnal.objects.filter(koperasi=maju).count() == jurnal_sebelum
    log = AuditLog.objects.get(koperasi=maju, aksi="pinjaman.restrukturisasi")
    assert log.sebelum["tenor"] == 12 and log.sesudah["tenor"] == 18
    assert log.sesudah["alasan"] == "Warung sepi setelah banjir"
    assert periksa_buku(maju) == []


def test_reschedule_loses_nothing_owed(maju, ani, budi, citra_anggota):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    pokok, bunga, denda = terutang(p, RESTRUKTUR)
    # installments 2 and 3 due: 2 × Rp90.000 interest; denda 36 and 5 days × 0,1% × 840.000
    assert (pokok, bunga, denda) == (D("8250000"), D("180000"), D("30240") + D("4200"))
    hasil = restruktur(p, ani)
    assert (hasil.rencana.bunga_dibawa, hasil.rencana.denda_dibawa) == (bunga, denda)
    baru = list(Angsuran.objects.filter(pinjaman=p, versi=2).order_by("ke"))
    jadwal = schedule.buat_jadwal(
        schedule.Syarat(pokok=pokok, tenor=18, metode="flat", suku_bunga=D("1"), pembulatan=100, mulai=RESTRUKTUR)
    )
    bunga_terjadwal = jadwal.total_bunga
    total_baru = sum((a.pokok + a.bunga + a.denda for a in baru), D(0))
    # everything owed before = everything owed after, apart from the new schedule's interest
    assert total_baru - bunga_terjadwal == pokok + bunga + denda
    assert baru[0].bunga == jadwal.baris[0].bunga + bunga and baru[0].denda == denda
    assert all(a.denda == 0 for a in baru[1:])
    assert periksa_buku(maju) == []


def test_preview_saves_nothing(maju, ani, budi, citra_anggota):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    before = jejak_penuh(maju)
    rencana = r.restrukturisasi_pratinjau(
        pinjaman=p, tenor_baru="18", tanggal=RESTRUKTUR, roles=KETUA, alasan="Warung sepi"
    )
    assert rencana.jadwal.total_pokok == D("8250000") and len(rencana.jadwal.baris) == 18
    assert rencana.bunga_dibawa == D("180000") and rencana.denda_dibawa == D("34440")
    assert rencana.angsuran_pertama == rencana.jadwal.baris[0].angsuran + D("214440")
    assert jejak_penuh(maju) == before


@pytest.mark.parametrize(("kode", "tenor_baru"), [("usaha", 24), ("anuitas", 20), ("mingguan", 30)])
def test_reschedule_keeps_each_method_and_rounding(maju, ani, budi, citra_anggota, kode, tenor_baru):
    pokok = "3000000" if kode == "mingguan" else "6000000"
    if kode == "anuitas":  # fees paid separately: in cash to the disbursing pengurus's drawer
        laci(maju, ani, CAIR)
    p = cair(citra_anggota, budi, ani, kode=kode, pokok=pokok, tenor=12)
    tanggal = dt.date(2026, 3, 20)
    restruktur(p, ani, tenor_baru=tenor_baru, tanggal=tanggal)
    p.refresh_from_db()
    baru = list(Angsuran.objects.filter(pinjaman=p, versi=2).order_by("ke"))
    assert len(baru) == tenor_baru and sum(a.pokok for a in baru) == p.sisa_pokok
    assert p.metode == p.produk.metode
    step = p.pembulatan
    # every regular installment (not the first, which carries arrears, nor the last) is on the rounding step
    assert all((a.pokok + a.bunga) % step == 0 for a in baru[1:-1])
    assert periksa_buku(maju) == []


def test_payments_after_reschedule_follow_the_new_schedule(maju, ani, budi, citra_anggota):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    restruktur(p, ani)
    pertama = Angsuran.objects.get(pinjaman=p, versi=2, ke=1)
    hasil = bayar(p, str(pertama.sisa), budi, dt.date(2026, 5, 20), cara="sukarela", untuk_angsuran=1)
    assert hasil.pembayaran.denda == D("34440") and hasil.pembayaran.bunga == pertama.bunga
    pertama.refresh_from_db()
    assert pertama.lunas_pada == dt.date(2026, 5, 20)
    # the old version's unpaid rows are history: not paid, not penalised, not owed
    assert not Angsuran.objects.filter(pinjaman=p, versi=1, denda_dibayar__gt=0).exists()
    assert periksa_buku(maju) == []


def test_second_reschedule_starts_version_three(maju, ani, budi, citra_anggota, maya):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    restruktur(p, ani)
    restruktur(p, maya, tenor_baru=24, tanggal=dt.date(2026, 6, 1), roles=MANAJER)
    p.refresh_from_db()
    assert p.versi_jadwal == 3
    assert Angsuran.objects.filter(pinjaman=p, aktif=True).count() == 24
    assert set(Angsuran.objects.filter(pinjaman=p, aktif=True).values_list("versi", flat=True)) == {3}
    assert periksa_buku(maju) == []


def test_reschedule_of_a_screen_already_stale_is_refused(maju, ani, budi, citra_anggota):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    restruktur(p, ani, versi=1)
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        restruktur(p, ani, versi=1)
    assert str(r.JADWAL_SUDAH_BERUBAH).split("{")[0] in str(err.value)
    assert jejak_penuh(maju) == before


@pytest.mark.parametrize(
    ("ubah", "field", "message"),
    [
        ({"tenor_baru": "dua belas"}, "tenor_baru", r.TENOR_BARU_TIDAK_SAH),
        ({"tenor_baru": 0}, "tenor_baru", r.TENOR_BARU_TIDAK_SAH),
        ({"tenor_baru": "-3"}, "tenor_baru", r.TENOR_BARU_TIDAK_SAH),
        ({"tenor_baru": 37}, "tenor_baru", r.TENOR_BARU_DI_ATAS),
        ({"suku_bunga_baru": "satu"}, "suku_bunga_baru", r.SUKU_BARU_TIDAK_SAH),
        ({"suku_bunga_baru": "120"}, "suku_bunga_baru", r.SUKU_BARU_TIDAK_SAH),
        ({"alasan": "  "}, "alasan", r.ALASAN_RESTRUKTURISASI),
        ({"tanggal": dt.date(2026, 2, 10)}, "tanggal", r.TANGGAL_SEBELUM),
    ],
)
def test_reschedule_bad_input_refused_nothing_saved(maju, ani, budi, citra_anggota, ubah, field, message):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        restruktur(p, ani, **ubah)
    assert str(message).split("{")[0] in " ".join(err.value.message_dict[field])
    assert jejak_penuh(maju) == before


def test_reschedule_by_kasir_refused(maju, ani, budi, citra_anggota):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        restruktur(p, budi, roles=KASIR)
    assert str(r.RESTRUKTURISASI_TIDAK_BERWENANG) in str(err.value)
    assert jejak_penuh(maju) == before


def test_reschedule_of_a_loan_not_running_refused(maju, ani, budi, citra_anggota):
    p = ajukan(citra_anggota, budi)
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        restruktur(p, ani)
    assert str(r.TIDAK_BERJALAN).split("{")[0] in str(err.value)
    assert "dijadwal ulang" in str(err.value)
    assert jejak_penuh(maju) == before


# --- Write-off ---------------------------------------------------------------------------------


def test_write_off_maker_checker_and_entry_lines(maju, ani, budi, citra_anggota, maya):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    ppap_bentuk(p, "500000", akrual="90000")
    r.hapus_buku_usulkan(pinjaman=p, actor=maya, alasan="Anggota pindah tanpa kabar, jaminan tidak ada")
    hasil = r.hapus_buku_setujui(pinjaman=p, actor=ani, roles=KETUA, tanggal=RESTRUKTUR, kunci=kunci())
    assert baris(hasil.jurnal) == [
        ("1.20.99", "D", D("500000")),
        ("5.40", "D", D("7750000")),
        ("4.10", "D", D("90000")),
        ("1.20", "K", D("8250000")),
        ("1.21", "K", D("90000")),
    ]
    assert hasil.jurnal.sumber == SumberJurnal.PINJAMAN and hasil.jurnal.sumber_id == str(p.pk)
    p.refresh_from_db()
    assert p.status == StatusPinjaman.HAPUS_BUKU and p.tanggal_hapus_buku == RESTRUKTUR
    assert (p.sisa_hapus_buku, p.sisa_pokok, p.ppap, p.bunga_akrual) == (D("8250000"), 0, 0, 0)
    # the unpaid installments stay as a memo of what the member still owes
    assert Angsuran.objects.filter(pinjaman=p, aktif=True, lunas_pada__isnull=True).count() == 11
    assert AuditLog.objects.filter(koperasi=maju, aksi="pinjaman.hapus_buku").exists()
    assert periksa_buku(maju) == []


def test_write_off_releases_provision_above_the_principal(maju, ani, budi, citra_anggota, maya):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    ppap_bentuk(p, "9000000")
    r.hapus_buku_usulkan(pinjaman=p, actor=maya, alasan="Usaha tutup")
    hasil = r.hapus_buku_setujui(pinjaman=p, actor=ani, roles=KETUA, tanggal=RESTRUKTUR, kunci=kunci())
    assert baris(hasil.jurnal) == [
        ("1.20.99", "D", D("9000000")),
        ("1.20", "K", D("8250000")),
        ("5.40", "K", D("750000")),
    ]
    assert periksa_buku(maju) == []


def test_write_off_approval_is_idempotent(maju, ani, budi, citra_anggota, maya):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    r.hapus_buku_usulkan(pinjaman=p, actor=maya, alasan="Usaha tutup")
    k = kunci()
    pertama = r.hapus_buku_setujui(pinjaman=p, actor=ani, roles=KETUA, tanggal=RESTRUKTUR, kunci=k)
    kedua = r.hapus_buku_setujui(pinjaman=p, actor=ani, roles=KETUA, tanggal=RESTRUKTUR, kunci=k)
    assert pertama.jurnal.pk == kedua.jurnal.pk
    assert Jurnal.objects.filter(koperasi=maju, sumber_id=str(p.pk), keterangan__startswith="Hapus buku").count() == 1


def test_proposer_cannot_approve_own_write_off(maju, ani, budi, citra_anggota):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    r.hapus_buku_usulkan(pinjaman=p, actor=ani, alasan="Usaha tutup", roles=KETUA)
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        r.hapus_buku_setujui(pinjaman=p, actor=ani, roles=KETUA, tanggal=RESTRUKTUR, kunci=kunci())
    assert str(r.SETUJUI_USUL_SENDIRI) in str(err.value)
    assert jejak_penuh(maju) == before


def test_non_pengurus_cannot_approve_write_off(maju, ani, budi, citra_anggota, maya):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    r.hapus_buku_usulkan(pinjaman=p, actor=ani, alasan="Usaha tutup", roles=KETUA)
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        r.hapus_buku_setujui(pinjaman=p, actor=maya, roles=MANAJER, tanggal=RESTRUKTUR, kunci=kunci())
    assert str(r.SETUJUI_TIDAK_BERWENANG) in str(err.value)
    assert jejak_penuh(maju) == before


def test_kasir_cannot_propose_write_off(maju, ani, budi, citra_anggota):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        r.hapus_buku_usulkan(pinjaman=p, actor=budi, alasan="Usaha tutup")  # roles read from budi's Peran
    assert str(r.USUL_TIDAK_BERWENANG) in str(err.value)
    assert jejak_penuh(maju) == before


def test_write_off_needs_reason_and_a_proposal(maju, ani, budi, citra_anggota, maya):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        r.hapus_buku_usulkan(pinjaman=p, actor=maya, alasan=" ")
    assert str(r.ALASAN_HAPUS_BUKU) in err.value.message_dict["alasan"]
    with pytest.raises(ValidationError) as err:
        r.hapus_buku_setujui(pinjaman=p, actor=ani, roles=KETUA, tanggal=RESTRUKTUR, kunci=kunci())
    assert str(r.BELUM_DIUSULKAN).split("{")[0] in str(err.value)
    assert jejak_penuh(maju) == before


def test_second_proposal_refused_and_rejection_clears_it(maju, ani, budi, citra_anggota, maya):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    r.hapus_buku_usulkan(pinjaman=p, actor=maya, alasan="Usaha tutup")
    with pytest.raises(ValidationError) as err:
        r.hapus_buku_usulkan(pinjaman=p, actor=ani, alasan="Usaha tutup", roles=KETUA)
    assert "Maya Manajer" in str(err.value)
    r.hapus_buku_tolak(pinjaman=p, actor=ani, roles=KETUA, alasan="Anggota masih bisa dihubungi")
    p.refresh_from_db()
    assert p.hapus_buku_diusulkan_oleh is None and p.status == StatusPinjaman.AKTIF
    assert periksa_buku(maju) == []


def test_write_off_refused_while_advance_held(maju, ani, budi, citra_anggota, maya):
    p = cair(citra_anggota, budi, ani)
    bayar(p, "1000000", budi, dt.date(2026, 2, 10), cara="sukarela")  # nothing due yet: all advance
    r.hapus_buku_usulkan(pinjaman=p, actor=maya, alasan="Usaha tutup")
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        r.hapus_buku_setujui(pinjaman=p, actor=ani, roles=KETUA, tanggal=dt.date(2026, 2, 11), kunci=kunci())
    assert str(r.MASIH_ADA_TITIPAN).split("{")[0] in str(err.value)
    assert "Rp1.000.000" in str(err.value)
    assert jejak_penuh(maju) == before


def test_written_off_loan_cannot_be_rescheduled_or_written_off_again(maju, ani, budi, citra_anggota, maya):
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    r.hapus_buku_usulkan(pinjaman=p, actor=maya, alasan="Usaha tutup")
    r.hapus_buku_setujui(pinjaman=p, actor=ani, roles=KETUA, tanggal=RESTRUKTUR, kunci=kunci())
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        restruktur(p, ani, tanggal=dt.date(2026, 5, 1))
    assert "hapus buku" in str(err.value)
    with pytest.raises(ValidationError):
        r.hapus_buku_usulkan(pinjaman=p, actor=maya, alasan="Lagi")
    assert jejak_penuh(maju) == before


# --- Recovery ----------------------------------------------------------------------------------


def _dihapusbukukan(citra_anggota, budi, ani, maya) -> Pinjaman:
    p = pinjaman_menunggak(citra_anggota, budi, ani)
    r.hapus_buku_usulkan(pinjaman=p, actor=maya, alasan="Usaha tutup")
    r.hapus_buku_setujui(pinjaman=p, actor=ani, roles=KETUA, tanggal=RESTRUKTUR, kunci=kunci())
    p.refresh_from_db()
    return p


def test_recovery_through_the_drawer_with_a_receipt(maju, ani, budi, citra_anggota, maya):
    p = _dihapusbukukan(citra_anggota, budi, ani, maya)
    hari = dt.date(2026, 7, 1)
    sesi = laci(maju, budi, hari)
    hasil = r.pemulihan_bayar(pinjaman=p, jumlah="1.000.000", tanggal=hari, actor=budi, kunci=kunci())
    assert baris(hasil.pembayaran.jurnal) == [("1.01", "D", D("1000000")), ("4.90", "K", D("1000000"))]
    b = hasil.pembayaran
    assert (b.jenis, b.jumlah, b.pokok, b.bunga, b.denda, b.sisa_pokok_setelah) == (
        JenisPembayaran.PEMULIHAN,
        D("1000000"),
        0,
        0,
        0,
        0,
    )
    assert hasil.kwitansi is not None and hasil.kwitansi.jumlah == D("1000000")
    assert laci_ringkasan(sesi=sesi).masuk == D("1000000")
    p.refresh_from_db()
    assert p.sisa_hapus_buku == D("7250000") and p.status == StatusPinjaman.HAPUS_BUKU
    assert periksa_buku(maju) == []
    # the same confirmation again posts nothing new
    k = b.jurnal.kunci
    again = r.pemulihan_bayar(pinjaman=p, jumlah="1000000", tanggal=hari, actor=budi, kunci=k)
    assert again.pembayaran.pk == b.pk


def test_recovery_up_to_what_was_written_off(maju, ani, budi, citra_anggota, maya):
    p = _dihapusbukukan(citra_anggota, budi, ani, maya)
    hari = dt.date(2026, 7, 1)
    laci(maju, budi, hari)
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        r.pemulihan_bayar(pinjaman=p, jumlah="8250001", tanggal=hari, actor=budi, kunci=kunci())
    assert str(r.PEMULIHAN_MELEBIHI).split("{")[0] in " ".join(err.value.message_dict["jumlah"])
    assert jejak_penuh(maju) == before
    r.pemulihan_bayar(pinjaman=p, jumlah="8250000", tanggal=hari, actor=budi, kunci=kunci())
    with pytest.raises(ValidationError) as err:
        r.pemulihan_bayar(pinjaman=p, jumlah="1000", tanggal=hari, actor=budi, kunci=kunci())
    assert str(r.PEMULIHAN_LUNAS).split("{")[0] in str(err.value)
    assert periksa_buku(maju) == []


def test_recovery_needs_open_drawer_and_a_written_off_loan(maju, ani, budi, citra_anggota, maya):
    p = _dihapusbukukan(citra_anggota, budi, ani, maya)
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        r.pemulihan_bayar(pinjaman=p, jumlah="100000", tanggal=dt.date(2026, 7, 1), actor=budi, kunci=kunci())
    assert str(LACI_BELUM_DIBUKA) in str(err.value)
    assert jejak_penuh(maju) == before
    lain = cair(citra_anggota, budi, ani, tanggal=dt.date(2026, 6, 1))
    laci(maju, budi, dt.date(2026, 7, 1))
    before = jejak_penuh(maju)
    with pytest.raises(ValidationError) as err:
        r.pemulihan_bayar(pinjaman=lain, jumlah="100000", tanggal=dt.date(2026, 7, 1), actor=budi, kunci=kunci())
    assert str(r.BUKAN_HAPUS_BUKU).split("{")[0] in str(err.value)
    assert jejak_penuh(maju) == before
    sesi = SesiKas.objects.get(kasir=budi, ditutup_pada__isnull=True)
    laci_tutup(sesi=sesi, actor=budi, uang_dihitung=D("500000"))
    assert periksa_buku(maju) == []
