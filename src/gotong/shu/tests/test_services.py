"""SHU services on real books: figures from the ledger and savings, approval, posting, payouts."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import BarisJurnal, Jurnal, Sisi, SumberJurnal
from gotong.ledger.posting import akun
from gotong.ledger.selectors import saldo_akun
from gotong.ledger.tests.helpers import post, staff
from gotong.members.models import Anggota
from gotong.reports import penutupan
from gotong.savings.laci import laci_buka
from gotong.savings.models import JenisSimpanan, Kwitansi, MutasiSimpanan, RekeningSimpanan
from gotong.shu import selectors, services
from gotong.shu.models import BagianSHUAnggota, CaraBayarSHU, PembagianSHU, PengaturanSHU, StatusBagian
from gotong.shu.tests.helpers import HARI_INI, TAHUN, TANGGAL_RAT, Buku, buku_2025, tutup
from gotong.tenancy.models import Koperasi, NamaPeran

D = Decimal


@pytest.fixture
def buku(maju: Koperasi, citra_anggota: Anggota, ani: User, budi: User) -> Buku:
    return buku_2025(maju, citra_anggota, budi)


@pytest.fixture
def ditutup(buku: Buku, ani: User) -> Buku:
    tutup(buku, ani)
    return buku


def _setujui(buku: Buku, actor: User, **kw: Any) -> PembagianSHU:
    values: dict[str, Any] = {"tanggal_rat": TANGGAL_RAT, "nomor_rat": "05/RAT/II/2026", "today": HARI_INI}
    values.update(kw)
    return services.shu_setujui(koperasi=buku.koperasi, tahun=TAHUN, actor=actor, **values)


def _bagian(p: PembagianSHU, anggota: Anggota) -> BagianSHUAnggota:
    return BagianSHUAnggota.objects.get(pembagian=p, anggota=anggota)


# --- figures -----------------------------------------------------------------------------------


def test_volume_counts_the_members_interest_and_fees_and_leaves_out_denda_by_default(buku: Buku) -> None:
    p = selectors.pengaturan_shu(koperasi=buku.koperasi, tahun=TAHUN)
    volume = selectors.volume_anggota(koperasi=buku.koperasi, tahun=TAHUN, akun_volume=p.akun_volume)

    assert volume[buku.citra.pk] == D("600000")
    assert volume[buku.dodi.pk] == D("400000")  # 300.000 jasa + 100.000 provisi
    assert buku.fitri.pk not in volume  # denda (4.21) is not counted unless chosen


def test_a_reversed_payment_is_taken_out_of_the_volume(buku: Buku) -> None:
    post(buku.koperasi, dt.date(2025, 6, 1), "4.10", "1.01", "100000", anggota=buku.citra)

    volume = selectors.volume_anggota(koperasi=buku.koperasi, tahun=TAHUN, akun_volume=["4.10"])
    assert volume[buku.citra.pk] == D("500000")


def test_savings_for_jasa_modal_are_the_average_of_twelve_month_end_balances(buku: Buku) -> None:
    sa = selectors.simpanan_anggota(koperasi=buku.koperasi, tahun=TAHUN, jenis=["pokok", "wajib"], dasar="rata_rata")

    assert sa[buku.citra.pk] == D("160000")  # 100.000 × 6 + 220.000 × 6, over 12
    assert sa[buku.dodi.pk] == D("150000")
    assert sa[buku.fitri.pk] == D("50000")  # joined in July


def test_savings_may_be_the_year_end_balance_including_sukarela(buku: Buku) -> None:
    sa = selectors.simpanan_anggota(
        koperasi=buku.koperasi, tahun=TAHUN, jenis=["pokok", "wajib", "sukarela"], dasar="akhir_tahun"
    )

    assert sa[buku.citra.pk] == D("1220000")


def test_a_member_who_left_during_the_year_takes_no_share(buku: Buku) -> None:
    p = selectors.pengaturan_shu(koperasi=buku.koperasi, tahun=TAHUN)
    data = selectors.data_anggota(koperasi=buku.koperasi, tahun=TAHUN, pengaturan=p)

    assert {d.anggota_id for d in data} == {buku.citra.pk, buku.dodi.pk, buku.fitri.pk}


def test_the_preview_of_an_open_year_is_marked_provisional_and_computes_the_shares(buku: Buku) -> None:
    pr = selectors.pratinjau(koperasi=buku.koperasi, tahun=TAHUN)
    a = pr.hasil.alokasi
    bagian = {b.anggota_id: b for b in pr.hasil.bagian}

    assert pr.sementara
    assert (a.shu, a.shu_anggota, a.shu_non_anggota) == (D("1100000"), D("833333"), D("266667"))
    assert (a.jua, a.jma) == (D("233333"), D("100000"))
    assert (bagian[buku.citra.pk].jasa_usaha, bagian[buku.citra.pk].jasa_modal) == (D("139999"), D("44444"))
    assert (bagian[buku.dodi.pk].jasa_usaha, bagian[buku.dodi.pk].jasa_modal) == (D("93333"), D("41666"))
    assert bagian[buku.fitri.pk].total == D("13888")
    assert a.sisa_pembulatan == D("6") and a.cadangan == D("600006")


# --- settings ----------------------------------------------------------------------------------


def test_settings_start_from_the_domain_defaults_and_reading_saves_nothing(maju: Koperasi) -> None:
    p = selectors.pengaturan_shu(koperasi=maju, tahun=TAHUN)

    assert p.pk is None
    assert (p.persen_cadangan, p.persen_jasa_anggota, p.persen_dana_sosial) == (D("40"), D("40"), D("5"))
    assert (p.persen_jua, p.persen_jma) == (D("70"), D("30"))
    assert p.akun_volume == ["4.10", "4.20"] and p.dasar_modal == "rata_rata" and not p.termasuk_sukarela
    assert not PengaturanSHU.objects.exists()


def test_pengurus_saves_the_settings_and_the_change_is_audited(maju: Koperasi, ani: User) -> None:
    data = {"persen_cadangan": D("35"), "persen_jasa_anggota": D("45"), "akun_volume": ["4.30", "4.10"]}
    p = services.pengaturan_shu_simpan(koperasi=maju, tahun=TAHUN, actor=ani, data=data)

    assert p.pk and p.persen_cadangan == D("35") and p.akun_volume == ["4.10", "4.30"]
    assert AuditLog.objects.filter(aksi="shu.pengaturan").exists()
    assert selectors.pengaturan_shu(koperasi=maju, tahun=TAHUN + 1).persen_cadangan == D("35")  # next year copies


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        ({"persen_cadangan": D("45")}, "harus tepat 100%"),
        ({"persen_cadangan": D("-5"), "persen_jasa_anggota": D("85")}, "tidak boleh negatif"),
        ({"persen_cadangan": D("39.995"), "persen_jasa_anggota": D("40.005")}, "dua angka di belakang koma"),
        ({"persen_jua": D("75")}, "JUA"),
        ({"akun_volume": []}, "paling sedikit satu"),
        ({"akun_volume": ["5.10"]}, "tidak dikenal"),
    ],
)
def test_bad_settings_are_refused_with_a_message_and_nothing_saved(
    maju: Koperasi, ani: User, data: dict[str, Any], pesan: str
) -> None:
    with pytest.raises(ValidationError, match=pesan):
        services.pengaturan_shu_simpan(koperasi=maju, tahun=TAHUN, actor=ani, data=data)
    assert not PengaturanSHU.objects.exists()


def test_only_pengurus_may_change_the_settings(maju: Koperasi, budi: User) -> None:
    with pytest.raises(ValidationError, match=re.escape(str(services.BUKAN_PENGURUS))):
        services.pengaturan_shu_simpan(koperasi=maju, tahun=TAHUN, actor=budi, data={})


# --- approval and posting ----------------------------------------------------------------------


def test_approval_posts_one_balanced_entry_on_the_rat_date(ditutup: Buku, ani: User) -> None:
    p = _setujui(ditutup, ani)
    j = p.jurnal
    assert j is not None and j.sumber == SumberJurnal.SHU and j.tanggal == TANGGAL_RAT
    baris = list(BarisJurnal.objects.filter(jurnal=j).select_related("akun"))
    per_akun: dict[str, Decimal] = {}
    for b in baris:
        per_akun[b.akun.kode + b.sisi] = per_akun.get(b.akun.kode + b.sisi, D("0")) + b.jumlah

    assert per_akun == {
        "3.99D": D("1100000"),
        "3.20K": D("600006"),  # 333.333 + 6 rounding + 266.667 from non-members
        "2.21K": D("166664"),  # four funds of 41.666
        "2.20K": D("333330"),
    }
    dana = [b.keterangan for b in baris if b.akun.kode == "2.21"]
    assert len(dana) == 4 and any("Dana pendidikan" in k for k in dana)
    utang = {b.anggota_id: b.jumlah for b in baris if b.akun.kode == "2.20"}
    assert utang == {ditutup.citra.pk: D("184443"), ditutup.dodi.pk: D("134999"), ditutup.fitri.pk: D("13888")}
    assert saldo_akun(akun=akun(ditutup.koperasi, "3.99"), per=TANGGAL_RAT) == 0
    assert periksa_buku(ditutup.koperasi) == []


def test_approval_stores_each_members_share_and_is_audited(ditutup: Buku, ani: User) -> None:
    p = _setujui(ditutup, ani)
    citra = _bagian(p, ditutup.citra)

    assert (citra.volume, citra.simpanan) == (D("600000"), D("160000"))
    assert (citra.jasa_usaha, citra.jasa_modal, citra.total) == (D("139999"), D("44444"), D("184443"))
    assert citra.status == StatusBagian.BELUM
    assert (p.vuk, p.tms, p.nomor_rat) == (D("1000000"), D("360000"), "05/RAT/II/2026")
    assert AuditLog.objects.filter(aksi="shu.setujui", objek_id=str(p.pk)).exists()


def test_approval_needs_a_closed_year(buku: Buku, ani: User) -> None:
    with pytest.raises(ValidationError, match="Tutup buku tahun 2025 dulu"):
        _setujui(buku, ani)
    assert not PembagianSHU.objects.exists() and not PengaturanSHU.objects.exists()


def test_approving_twice_is_refused(ditutup: Buku, ani: User) -> None:
    _setujui(ditutup, ani)
    with pytest.raises(ValidationError, match="sudah disetujui"):
        _setujui(ditutup, ani)
    assert Jurnal.objects.filter(sumber=SumberJurnal.SHU).count() == 1


@pytest.mark.parametrize(
    ("kw", "pesan"),
    [
        ({"tanggal_rat": dt.date(2025, 12, 31)}, "sesudah akhir tahun buku"),
        ({"tanggal_rat": dt.date(2026, 3, 2)}, "tidak boleh sesudah hari ini"),
        ({"nomor_rat": "  "}, "nomor keputusan RAT"),
    ],
)
def test_a_bad_rat_decision_is_refused_and_nothing_saved(
    ditutup: Buku, ani: User, kw: dict[str, Any], pesan: str
) -> None:
    with pytest.raises(ValidationError, match=pesan):
        _setujui(ditutup, ani, **kw)
    assert not PembagianSHU.objects.exists() and not Jurnal.objects.filter(sumber=SumberJurnal.SHU).exists()


def test_only_pengurus_may_approve(ditutup: Buku, budi: User) -> None:
    with pytest.raises(ValidationError, match=re.escape(str(services.BUKAN_PENGURUS))):
        _setujui(ditutup, budi)


def test_settings_are_frozen_after_approval(ditutup: Buku, ani: User) -> None:
    _setujui(ditutup, ani)
    with pytest.raises(ValidationError, match="tidak bisa diubah lagi"):
        services.pengaturan_shu_simpan(
            koperasi=ditutup.koperasi, tahun=TAHUN, actor=ani, data={"persen_cadangan": D("40")}
        )


def test_a_year_with_approved_shu_cannot_be_reopened(ditutup: Buku, ani: User) -> None:
    _setujui(ditutup, ani)
    with pytest.raises(ValidationError, match="SHU tahun buku 2025 sudah disetujui RAT"):
        penutupan.tahun_buku_buka(koperasi=ditutup.koperasi, tahun=TAHUN, actor=ani, alasan="Koreksi")
    assert penutupan.tahun_ditutup(koperasi=ditutup.koperasi, tahun=TAHUN)


def test_a_loss_year_is_approved_without_any_entry_or_share(maju: Koperasi, citra_anggota: Anggota, ani: User) -> None:
    post(maju, dt.date(2025, 3, 1), "1.01", "4.10", "100000", anggota=citra_anggota)
    post(maju, dt.date(2025, 4, 1), "5.10", "1.01", "300000")
    penutupan.tahun_buku_tutup(koperasi=maju, tahun=TAHUN, actor=ani, today=HARI_INI)

    p = services.shu_setujui(
        koperasi=maju, tahun=TAHUN, tanggal_rat=TANGGAL_RAT, nomor_rat="1/RAT", actor=ani, today=HARI_INI
    )

    assert p.shu == D("-200000") and p.jurnal is None and not p.dibagi
    assert all(b.total == 0 for b in p.bagian.all())


# --- payouts -----------------------------------------------------------------------------------


def _sukarela(anggota: Anggota) -> RekeningSimpanan:
    return RekeningSimpanan.objects.get(anggota=anggota, jenis=JenisSimpanan.SUKARELA)


def test_a_share_paid_into_sukarela_moves_the_savings_subledger_with_the_ledger(ditutup: Buku, ani: User) -> None:
    p = _setujui(ditutup, ani)
    sebelum = _sukarela(ditutup.citra).saldo

    b = services.bagian_bayar_sukarela(bagian=_bagian(p, ditutup.citra), tanggal=HARI_INI, actor=ani)

    assert (b.status, b.cara_bayar, b.tanggal_bayar) == (StatusBagian.DIBAYAR, CaraBayarSHU.SUKARELA, HARI_INI)
    assert _sukarela(ditutup.citra).saldo == sebelum + D("184443")
    m = MutasiSimpanan.objects.get(jurnal=b.jurnal_bayar)
    assert m.jumlah == D("184443") and "SHU tahun buku 2025" in m.keterangan
    assert periksa_buku(ditutup.koperasi) == []


def test_paying_a_share_twice_is_refused(ditutup: Buku, ani: User) -> None:
    p = _setujui(ditutup, ani)
    services.bagian_bayar_sukarela(bagian=_bagian(p, ditutup.citra), tanggal=HARI_INI, actor=ani)
    with pytest.raises(ValidationError, match="sudah dibayar"):
        services.bagian_bayar_sukarela(bagian=_bagian(p, ditutup.citra), tanggal=HARI_INI, actor=ani)
    assert MutasiSimpanan.objects.filter(keterangan__contains="SHU").count() == 1


def test_a_share_is_not_paid_before_the_rat_decision(ditutup: Buku, ani: User) -> None:
    p = _setujui(ditutup, ani)
    with pytest.raises(ValidationError, match="paling cepat pada tanggal keputusan RAT"):
        services.bagian_bayar_sukarela(bagian=_bagian(p, ditutup.citra), tanggal=dt.date(2026, 2, 1), actor=ani)


def test_a_member_or_the_pengawas_cannot_pay_out(ditutup: Buku, ani: User, citra: User) -> None:
    p = _setujui(ditutup, ani)
    pengawas = staff(ditutup.koperasi, "hadi", NamaPeran.PENGAWAS)
    for orang in (citra, pengawas):
        with pytest.raises(ValidationError, match=re.escape(str(services.BUKAN_PEMBAYAR))):
            services.bagian_bayar_sukarela(bagian=_bagian(p, ditutup.citra), tanggal=HARI_INI, actor=orang)
    assert _bagian(p, ditutup.citra).status == StatusBagian.BELUM


def test_cash_at_the_counter_needs_the_kasirs_open_drawer_and_gives_a_receipt(
    ditutup: Buku, ani: User, budi: User
) -> None:
    p = _setujui(ditutup, ani)
    with pytest.raises(ValidationError, match="Buka laci kas dulu"):
        services.bagian_bayar_tunai(bagian=_bagian(p, ditutup.dodi), tanggal=HARI_INI, actor=budi)

    laci_buka(koperasi=ditutup.koperasi, kasir=budi, saldo_awal=D("500000"), tanggal=HARI_INI)
    b = services.bagian_bayar_tunai(bagian=_bagian(p, ditutup.dodi), tanggal=HARI_INI, actor=budi)

    assert b.cara_bayar == CaraBayarSHU.TUNAI and b.kwitansi is not None
    assert Kwitansi.objects.get(pk=b.kwitansi.pk).jumlah == D("134999")
    kas = BarisJurnal.objects.get(jurnal=b.jurnal_bayar, akun__kode="1.01")
    assert (kas.sisi, kas.jumlah) == (Sisi.KREDIT, D("134999"))


def test_everything_unpaid_goes_to_sukarela_in_one_go_skipping_who_has_no_account(ditutup: Buku, ani: User) -> None:
    p = _setujui(ditutup, ani)
    RekeningSimpanan.objects.filter(anggota=ditutup.fitri, jenis=JenisSimpanan.SUKARELA).update(status="ditutup")

    hasil = services.shu_bayar_semua_sukarela(pembagian=p, tanggal=HARI_INI, actor=ani)

    assert hasil.dibayar == 2 and hasil.jumlah == D("319442") and len(hasil.jurnal) == 1
    assert hasil.dilewati == ["Fitri Handayani"]
    assert _bagian(p, ditutup.fitri).status == StatusBagian.BELUM
    assert periksa_buku(ditutup.koperasi) == []
    with pytest.raises(ValidationError, match="Buka laci kas dulu"):  # Fitri is paid in cash instead
        services.bagian_bayar_tunai(bagian=_bagian(p, ditutup.fitri), tanggal=HARI_INI, actor=ani)


def test_paying_everything_again_finds_nothing_left(ditutup: Buku, ani: User) -> None:
    p = _setujui(ditutup, ani)
    services.shu_bayar_semua_sukarela(pembagian=p, tanggal=HARI_INI, actor=ani)
    with pytest.raises(ValidationError, match="Tidak ada bagian SHU yang belum dibayar"):
        services.shu_bayar_semua_sukarela(pembagian=p, tanggal=HARI_INI, actor=ani)


def test_cash_at_the_rat_is_one_entry_for_the_listed_members(ditutup: Buku, ani: User) -> None:
    p = _setujui(ditutup, ani)

    hasil = services.shu_bayar_tunai_rat(
        pembagian=p, tanggal=TANGGAL_RAT, actor=ani, anggota_ids=[ditutup.citra.pk, ditutup.dodi.pk]
    )

    (j,) = hasil.jurnal
    assert hasil.dibayar == 2 and hasil.jumlah == D("319442")
    assert BarisJurnal.objects.filter(jurnal=j, akun__kode="2.20", sisi=Sisi.DEBIT).count() == 2
    assert BarisJurnal.objects.get(jurnal=j, akun__kode="1.01").jumlah == D("319442")
    assert _bagian(p, ditutup.citra).cara_bayar == CaraBayarSHU.TUNAI_RAT
    assert _bagian(p, ditutup.fitri).status == StatusBagian.BELUM
    assert saldo_akun(akun=akun(ditutup.koperasi, "2.20"), per=TANGGAL_RAT) == D("13888")


def test_the_kasir_cannot_record_cash_at_the_rat(ditutup: Buku, ani: User, budi: User) -> None:
    p = _setujui(ditutup, ani)
    with pytest.raises(ValidationError, match=re.escape(str(services.BUKAN_PENGURUS))):
        services.shu_bayar_tunai_rat(pembagian=p, tanggal=TANGGAL_RAT, actor=budi)
