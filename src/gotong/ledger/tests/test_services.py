"""Ledger services beyond posting: the chart, reversals, proposals' amounts, month close."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from gotong.accounts.models import User
from gotong.ledger import chart
from gotong.ledger.models import Akun, Jurnal, SumberJurnal
from gotong.ledger.posting import BarisUsulan, akun
from gotong.ledger.selectors import saldo_akun, usulan_total
from gotong.ledger.services import (
    AKUN_INDUK_BERTRANSAKSI,
    AKUN_PUNYA_SUB,
    TANGGAL_BALIK_TERLALU_AWAL,
    akun_delete,
    akun_tambah,
    bagan_akun_siapkan,
    jurnal_balik,
    usulan_jurnal_buat,
    usulan_jurnal_setujui,
)
from gotong.ledger.tests.helpers import manajer, post
from gotong.tenancy.models import JenisKoperasi, Koperasi

TODAY = timezone.localdate()


def test_the_default_chart_is_added_once_with_its_tree(maju: Koperasi) -> None:
    assert bagan_akun_siapkan(koperasi=maju) == 0  # the fixture already gave Maju its books
    assert Akun.objects.filter(koperasi=maju).count() == len(chart.DEFAULT_CHART)
    assert akun(maju, chart.KAS).induk == akun(maju, "1")
    assert akun(maju, "1.20.99").induk == akun(maju, "1")
    assert not akun(maju, "1.20").anak.exists()  # loans post to 1.20
    assert akun(maju, "1.20.99").saldo_normal == "K"


def test_a_koperasi_missing_some_accounts_gets_only_those(maju: Koperasi) -> None:
    Akun.objects.filter(koperasi=maju, kode__in=["5.90", "4.90"]).delete()
    Akun.objects.filter(koperasi=maju, kode=chart.KAS).update(nama="Kas kecil")
    assert bagan_akun_siapkan(koperasi=maju) == 2
    assert akun(maju, "5.90").induk == akun(maju, "5")
    assert akun(maju, chart.KAS).nama == "Kas kecil"


@pytest.mark.django_db
def test_the_data_migration_gives_every_digital_koperasi_its_chart_and_moves_contra_accounts() -> None:
    migration = importlib.import_module("gotong.ledger.migrations.0003_chart_for_every_koperasi")
    digital = Koperasi.objects.create(
        kode="baru", nama="Baru", jenis=JenisKoperasi.JASA, kabupaten_kode="36.73", digital=True
    )
    manual = Koperasi.objects.create(kode="lama", nama="Lama", jenis=JenisKoperasi.JASA, kabupaten_kode="36.73")
    # The first chart put the contra account under 1.20; the migration moves it beside 1.20.
    aset = Akun.objects.create(koperasi=digital, kode="1", nama="Aset", tipe="aset", saldo_normal="D")
    piutang = Akun.objects.create(
        koperasi=digital, kode="1.20", nama="Piutang", tipe="aset", saldo_normal="D", induk=aset
    )
    Akun.objects.create(koperasi=digital, kode="1.20.99", nama="PPAP", tipe="aset", saldo_normal="K", induk=piutang)
    migration.forward(apps, None)
    loan_accounts = importlib.import_module("gotong.ledger.migrations.0004_loan_accounts")
    loan_accounts.forward(apps, None)
    assert Akun.objects.filter(koperasi=digital).count() == len(chart.DEFAULT_CHART)
    assert akun(digital, "1.20.99").induk == aset and akun(digital, "1.20.99").nama == "PPAP"
    assert akun(digital, chart.TITIPAN_ANGSURAN).induk == akun(digital, "2")
    assert not Akun.objects.filter(koperasi=manual).exists()
    # the two migrations together give exactly today's default chart
    frozen = {row[0] for row in migration.CHART} | {row[0] for row in loan_accounts.ACCOUNTS}
    assert frozen == {a.kode for a in chart.DEFAULT_CHART}


def test_an_account_with_postings_gets_no_sub_account(maju: Koperasi, ani: User) -> None:
    post(maju, TODAY, "1.30", "4.90", "5000")
    with pytest.raises(ValidationError) as caught:
        akun_tambah(induk=akun(maju, "1.30"), kode="1.30.01", nama="Pupuk", saldo_normal=None, actor=ani)
    assert caught.value.message_dict["induk"] == [str(AKUN_INDUK_BERTRANSAKSI).format(akun=akun(maju, "1.30"))]


def test_a_parent_is_deleted_only_after_its_sub_accounts(maju: Koperasi, ani: User) -> None:
    baru = akun_tambah(induk=akun(maju, "3.13"), kode="3.13.01", nama="Hibah desa", saldo_normal=None, actor=ani)
    with pytest.raises(ValidationError) as caught:
        akun_delete(akun=akun(maju, "3.13"), actor=ani)
    assert caught.value.messages == [str(AKUN_PUNYA_SUB).format(akun=akun(maju, "3.13"))]
    akun_delete(akun=baru, actor=ani)
    akun_delete(akun=akun(maju, "3.13"), actor=ani)
    assert not Akun.objects.filter(koperasi=maju, kode__startswith="3.13").exists()


def test_a_contra_sub_account_may_run_against_its_parent(maju: Koperasi, ani: User) -> None:
    baru = akun_tambah(induk=akun(maju, "4.30"), kode="4.30.99", nama="Retur penjualan", saldo_normal="D", actor=ani)
    assert (baru.tipe, baru.saldo_normal) == ("pendapatan", "D")


def test_a_proposal_keeps_its_amounts_exactly_through_approval(maju: Koperasi, ani: User) -> None:
    rows = [
        BarisUsulan(akun(maju, "5.10").pk, "D", Decimal("1250000.50")),
        BarisUsulan(akun(maju, chart.KAS).pk, "K", Decimal("1250000.50")),
    ]
    usulan = usulan_jurnal_buat(koperasi=maju, tanggal=TODAY, keterangan="Listrik", baris=rows, actor=ani)
    assert usulan_total(usulan) == Decimal("1250000.50")
    usulan_jurnal_setujui(usulan=usulan, actor=manajer(maju))
    assert saldo_akun(akun=akun(maju, "5.10"), per=TODAY) == Decimal("1250000.50")


def test_a_reversal_is_not_dated_before_its_entry(maju: Koperasi, ani: User) -> None:
    jurnal = post(maju, TODAY, chart.BANK, chart.KAS, "1000")
    with pytest.raises(ValidationError) as caught:
        jurnal_balik(jurnal=jurnal, tanggal=TODAY - dt.timedelta(days=1), alasan="salah", actor=ani)
    assert "tanggal" in caught.value.message_dict
    assert str(TANGGAL_BALIK_TERLALU_AWAL).split("(")[0] in caught.value.message_dict["tanggal"][0]
    assert not Jurnal.objects.filter(sumber=SumberJurnal.PEMBALIKAN).exists()
