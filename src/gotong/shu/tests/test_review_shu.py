"""Review of the SHU money paths: a paid share stays paid in both books, and what the pengurus
approves is the distribution they were shown."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gotong.accounts.models import User
from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Jurnal
from gotong.ledger.tests.helpers import staff
from gotong.members.models import Anggota
from gotong.savings.koreksi import mutasi_balik
from gotong.savings.models import MutasiSimpanan
from gotong.shu import selectors, services
from gotong.shu.models import BagianSHUAnggota, PembagianSHU, StatusBagian
from gotong.shu.tests.helpers import HARI_INI, TAHUN, TANGGAL_RAT, Buku, buku_2025, tutup
from gotong.tenancy.models import Koperasi, NamaPeran


@pytest.fixture
def ditutup(maju: Koperasi, citra_anggota: Anggota, ani: User, budi: User) -> Buku:
    buku = buku_2025(maju, citra_anggota, budi)
    tutup(buku, ani)
    return buku


def _setujui(buku: Buku, actor: User, **kw: Any) -> PembagianSHU:
    return services.shu_setujui(
        koperasi=buku.koperasi,
        tahun=TAHUN,
        tanggal_rat=TANGGAL_RAT,
        nomor_rat="05/RAT/II/2026",
        actor=actor,
        today=HARI_INI,
        **kw,
    )


def test_a_share_paid_into_sukarela_is_not_undone_from_the_savings_statement(ditutup: Buku, ani: User) -> None:
    # The savings koreksi reverses a movement's whole entry: for an SHU payout that would put
    # the amount back into utang SHU anggota (2.20) while the share stays marked as paid.
    p = _setujui(ditutup, ani)
    b = services.bagian_bayar_sukarela(
        bagian=BagianSHUAnggota.objects.get(pembagian=p, anggota=ditutup.citra), tanggal=HARI_INI, actor=ani
    )
    setoran = MutasiSimpanan.objects.get(jurnal=b.jurnal_bayar)
    manajer = staff(ditutup.koperasi, "maya", NamaPeran.MANAJER)
    jurnal_sebelum = Jurnal.objects.filter(koperasi=ditutup.koperasi).count()

    with pytest.raises(ValidationError) as err:
        mutasi_balik(
            koperasi=ditutup.koperasi,
            mutasi=setoran,
            actor=manajer,
            alasan="Salah anggota",
            tanggal=HARI_INI + dt.timedelta(days=1),
        )

    assert "Pembagian SHU" in err.value.messages[0]
    assert Jurnal.objects.filter(koperasi=ditutup.koperasi).count() == jurnal_sebelum
    b.refresh_from_db()
    assert b.status == StatusBagian.DIBAYAR
    assert periksa_buku(ditutup.koperasi) == []


def test_approval_refuses_figures_that_changed_since_the_preview(ditutup: Buku, ani: User) -> None:
    dilihat = selectors.pratinjau(koperasi=ditutup.koperasi, tahun=TAHUN)
    # Another pengurus changes the settings while the approval page is open.
    services.pengaturan_shu_simpan(
        koperasi=ditutup.koperasi,
        tahun=TAHUN,
        actor=ani,
        data={"persen_cadangan": Decimal("50"), "persen_jasa_anggota": Decimal("30")},
    )

    with pytest.raises(ValidationError) as err:
        _setujui(ditutup, ani, sidik=selectors.sidik_pratinjau(dilihat))

    assert str(services.PRATINJAU_BERUBAH) in err.value.messages
    assert not PembagianSHU.objects.filter(koperasi=ditutup.koperasi).exists()


def test_approval_of_the_figures_shown_posts_exactly_those(ditutup: Buku, ani: User) -> None:
    dilihat = selectors.pratinjau(koperasi=ditutup.koperasi, tahun=TAHUN)

    p = _setujui(ditutup, ani, sidik=selectors.sidik_pratinjau(dilihat))

    a = dilihat.hasil.alokasi
    assert (p.shu, p.cadangan, p.jasa_anggota, p.total_bagian) == (
        a.shu,
        a.cadangan,
        a.jasa_anggota,
        dilihat.hasil.total_bagian,
    )


def test_the_approval_page_sends_back_its_figures_and_a_change_meanwhile_is_shown_not_posted(
    as_ani: Client, ditutup: Buku, ani: User
) -> None:
    url = "/k/maju-bersama/shu/2025/setujui/"
    html = as_ani.get(url).content.decode()
    sidik = re.search(r'name="sidik" value="([0-9a-f]+)"', html)
    assert sidik is not None
    services.pengaturan_shu_simpan(koperasi=ditutup.koperasi, tahun=TAHUN, actor=ani, data={"satuan_pembulatan": 100})

    response = as_ani.post(url, {"tanggal_rat": "2026-02-20", "nomor_rat": "5/RAT", "sidik": sidik.group(1)})

    html = response.content.decode()
    assert response.status_code == 200 and "Angka SHU berubah sejak halaman ini dibuka" in html
    assert not PembagianSHU.objects.exists()
    baru = re.search(r'name="sidik" value="([0-9a-f]+)"', html)
    assert baru is not None and baru.group(1) != sidik.group(1)
    # Approving the figures now on the page goes through.
    response = as_ani.post(url, {"tanggal_rat": "2026-02-20", "nomor_rat": "5/RAT", "sidik": baru.group(1)})
    assert response.status_code == 302 and PembagianSHU.objects.filter(koperasi=ditutup.koperasi).exists()
