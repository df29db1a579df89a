"""Savings products: the defaults every koperasi starts from, edits audited, bad settings refused;
and the subledger checks check_books runs."""

import pytest
from django.core.exceptions import ValidationError

from gotong.core.models import AuditLog
from gotong.ledger.checks import SUBLEDGER_CHECKS
from gotong.savings.checks import SALDO_BEDA_MUTASI, simpanan_cocok_kontrol, simpanan_cocok_mutasi
from gotong.savings.models import AksiJatuhTempo, MetodeBunga, ProdukSimpanan, RekeningSimpanan
from gotong.savings.services import (
    DENDA_TIDAK_SAH,
    JANGKA_WAJIB,
    SETORAN_TETAP_WAJIB,
    produk_default_siapkan,
    produk_ubah,
)
from gotong.savings.tests.helpers_loket import D, buku_beres, laci, rekening, setor


def _row(p: ProdukSimpanan) -> tuple:
    return (
        p.kode,
        p.jenis,
        p.setoran_tetap,
        p.hari_jatuh_tempo,
        p.metode_bunga,
        p.suku_bunga_tahunan,
        p.saldo_minimum,
        p.jangka_bulan,
        p.aksi_jatuh_tempo,
        p.denda_cair_awal_persen,
    )


def test_the_default_products_follow_the_koperasi_defaults(maju) -> None:
    rows = [_row(p) for p in ProdukSimpanan.objects.filter(koperasi=maju).order_by("id")]
    T, H, K = MetodeBunga.TANPA, MetodeBunga.SALDO_HARIAN, AksiJatuhTempo.KE_SUKARELA
    assert rows == [
        ("pokok", "pokok", D("100000"), 10, T, D("0"), D("0"), None, K, D("0")),
        ("wajib", "wajib", D("25000"), 10, T, D("0"), D("0"), None, K, D("0")),
        ("sukarela", "sukarela", D("0"), 10, H, D("3"), D("10000"), None, K, D("0")),
        ("berjangka-3", "berjangka", D("0"), 10, T, D("5"), D("0"), 3, K, D("1")),
        ("berjangka-6", "berjangka", D("0"), 10, T, D("5.5"), D("0"), 6, K, D("1")),
        ("berjangka-12", "berjangka", D("0"), 10, T, D("6"), D("0"), 12, K, D("1")),
    ]


def test_setting_up_again_keeps_what_the_koperasi_edited(maju, ani) -> None:
    wajib = ProdukSimpanan.objects.get(koperasi=maju, kode="wajib")
    produk_ubah(produk=wajib, actor=ani, data={"setoran_tetap": D("30000")})
    produk_default_siapkan(koperasi=maju)
    assert ProdukSimpanan.objects.filter(koperasi=maju).count() == 6
    assert ProdukSimpanan.objects.get(pk=wajib.pk).setoran_tetap == D("30000")


def test_an_edit_is_audited_with_only_the_fields_that_changed(maju, ani) -> None:
    sukarela = ProdukSimpanan.objects.get(koperasi=maju, kode="sukarela")
    produk_ubah(produk=sukarela, actor=ani, data={"suku_bunga_tahunan": D("3.5"), "saldo_minimum": D("10000")})
    audit = AuditLog.objects.get(aksi="produk_simpanan.ubah")
    assert (audit.sebelum, audit.sesudah) == ({"suku_bunga_tahunan": "3.000"}, {"suku_bunga_tahunan": "3.500"})
    produk_ubah(produk=sukarela, actor=ani, data={"suku_bunga_tahunan": D("3.5")})
    assert AuditLog.objects.filter(aksi="produk_simpanan.ubah").count() == 1


@pytest.mark.parametrize(
    ("kode", "data", "field", "message"),
    [
        ("wajib", {"setoran_tetap": D("0")}, "setoran_tetap", SETORAN_TETAP_WAJIB),
        ("berjangka-3", {"jangka_bulan": None}, "jangka_bulan", JANGKA_WAJIB),
        ("berjangka-3", {"denda_cair_awal_persen": D("120")}, "denda_cair_awal_persen", DENDA_TIDAK_SAH),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(maju, ani, kode, data, field, message) -> None:
    produk = ProdukSimpanan.objects.get(koperasi=maju, kode=kode)
    with pytest.raises(ValidationError) as caught:
        produk_ubah(produk=produk, actor=ani, data=data)
    assert caught.value.message_dict == {field: [str(message)]}
    assert _row(ProdukSimpanan.objects.get(pk=produk.pk)) == _row(produk)
    assert not AuditLog.objects.exists()


# --- check_books ---------------------------------------------------------------------------


def test_the_savings_checks_are_registered_for_check_books() -> None:
    assert simpanan_cocok_kontrol in SUBLEDGER_CHECKS and simpanan_cocok_mutasi in SUBLEDGER_CHECKS


def test_the_checks_find_an_account_changed_behind_the_ledgers_back(maju, budi, citra_anggota) -> None:
    akun = rekening(citra_anggota)
    laci(maju, budi)
    setor(akun["sukarela"], "150000", budi)
    assert buku_beres(maju) == []
    RekeningSimpanan.objects.filter(pk=akun["sukarela"].pk).update(saldo=D("160000"))
    problems = buku_beres(maju)
    assert (
        str(SALDO_BEDA_MUTASI).format(nomor=akun["sukarela"].nomor, saldo="Rp160.000", mutasi="Rp150.000") in problems
    )
    assert any("Simpanan sukarela" in p and "Rp160.000" in p for p in problems)
