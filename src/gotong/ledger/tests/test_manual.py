"""Manual entries (jurnal umum) through the screens: propose, a second person approves or rejects,
every bad input refused with a clear message and nothing posted; month close and reopen."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from conftest import login
from django.test import Client
from django.utils import timezone

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.ledger import chart
from gotong.ledger.forms import (
    AKUN_BUKAN_MILIK,
    BARIS_KURANG,
    JUMLAH_BUKAN_ANGKA,
    JUMLAH_DESIMAL,
    JUMLAH_NEGATIF,
    JUMLAH_NOL,
    JUMLAH_TITIK_DESIMAL,
    SATU_SISI,
    TIDAK_SEIMBANG,
    parse_jumlah,
)
from gotong.ledger.models import Jurnal, Periode, StatusUsulan, UsulanJurnal
from gotong.ledger.posting import AKUN_INDUK, AKUN_TIDAK_AKTIF, PERIODE_DITUTUP, akun
from gotong.ledger.selectors import saldo_akun
from gotong.ledger.services import (
    PEMBUAT_TIDAK_BOLEH_MENYETUJUI,
    PERIODE_BELUM_BERJALAN,
    TANGGAL_MASA_DEPAN,
    periode_tutup,
)
from gotong.ledger.tests.helpers import manajer, post
from gotong.tenancy.models import Koperasi

BASE = "/k/maju-bersama/buku-besar/"
NEW = f"{BASE}usulan/baru/"
TODAY = timezone.localdate()
BULAN_LALU = TODAY.replace(day=1) - dt.timedelta(days=1)


def _form(koperasi: Koperasi, lines: list[tuple[Any, str, str]], **overrides: Any) -> dict[str, Any]:
    """The manual-entry form as a browser posts it: six lines, the first ones filled."""
    data: dict[str, Any] = {
        "tanggal": TODAY.isoformat(),
        "keterangan": "Bayar listrik kantor",
        "baris-TOTAL_FORMS": "6",
        "baris-INITIAL_FORMS": "0",
        "baris-MIN_NUM_FORMS": "0",
        "baris-MAX_NUM_FORMS": "40",
    }
    for i in range(6):
        data.update(
            {f"baris-{i}-akun": "", f"baris-{i}-sisi": "D", f"baris-{i}-jumlah": "", f"baris-{i}-keterangan": ""}
        )
    for i, (target, sisi, jumlah) in enumerate(lines):
        pk = target.pk if hasattr(target, "pk") else target
        data.update({f"baris-{i}-akun": str(pk), f"baris-{i}-sisi": sisi, f"baris-{i}-jumlah": jumlah})
    data.update(overrides)
    return data


def _listrik(koperasi: Koperasi, jumlah: str = "150.000", kredit: str | None = None) -> list[tuple[Any, str, str]]:
    return [(akun(koperasi, "5.10"), "D", jumlah), (akun(koperasi, chart.KAS), "K", kredit or jumlah)]


def _assert_nothing_proposed() -> None:
    assert not UsulanJurnal.objects.exists()
    assert not Jurnal.objects.exists()
    assert not AuditLog.objects.exists()


# --- propose, approve, reject -------------------------------------------------------------


def test_the_form_offers_six_lines_of_active_postable_accounts(as_ani: Client, maju: Koperasi) -> None:
    html = as_ani.get(NEW).content.decode()
    assert html.count('name="baris-') >= 6 * 4 and 'value="6"' in html
    assert f'<option value="{akun(maju, chart.KAS).pk}">1.01 Kas</option>' in html
    assert f'<option value="{akun(maju, "1").pk}">' not in html  # a parent takes no postings


def test_a_proposal_is_recorded_and_posts_nothing_until_approved(as_ani: Client, maju: Koperasi) -> None:
    response = as_ani.post(NEW, _form(maju, _listrik(maju, "1.250.000,50")))
    usulan = UsulanJurnal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}usulan/{usulan.pk}/"
    assert usulan.status == StatusUsulan.MENUNGGU and len(usulan.baris) == 2
    assert usulan.baris[0]["jumlah"] == "1250000.50"
    assert not Jurnal.objects.exists()
    html = as_ani.get(f"{BASE}usulan/").content.decode()
    assert "Bayar listrik kantor" in html and "Rp1.250.000,50" in html


def test_the_maker_cannot_approve_and_a_manajer_can(as_ani: Client, maju: Koperasi) -> None:
    as_ani.post(NEW, _form(maju, _listrik(maju)))
    usulan = UsulanJurnal.objects.get()
    page = as_ani.get(f"{BASE}usulan/{usulan.pk}/").content.decode()
    assert "Anda yang membuat usulan ini" in page and "Setujui dan bukukan" not in page
    refused = as_ani.post(f"{BASE}usulan/{usulan.pk}/setujui/", follow=True)
    assert str(PEMBUAT_TIDAK_BOLEH_MENYETUJUI) in refused.content.decode()
    assert not Jurnal.objects.exists()

    maya = manajer(maju)
    as_maya = login(maya)
    assert "Setujui dan bukukan" in as_maya.get(f"{BASE}usulan/{usulan.pk}/").content.decode()
    response = as_maya.post(f"{BASE}usulan/{usulan.pk}/setujui/")
    jurnal = Jurnal.objects.get()
    assert response["Location"] == f"{BASE}jurnal/{jurnal.pk}/"
    assert (jurnal.dibuat_oleh.username, jurnal.disetujui_oleh, jurnal.sumber) == ("ani", maya, "manual")
    assert saldo_akun(akun=akun(maju, "5.10"), per=TODAY) == Decimal("150000")
    detail = as_maya.get(f"{BASE}jurnal/{jurnal.pk}/").content.decode()
    assert f"{BASE}usulan/{usulan.pk}/" in detail and "Balik jurnal ini" not in detail  # the manajer does not reverse
    assert as_maya.post(f"{BASE}usulan/{usulan.pk}/setujui/").status_code == 302
    assert Jurnal.objects.count() == 1


def test_a_rejection_needs_a_reason_and_posts_nothing(as_ani: Client, maju: Koperasi) -> None:
    as_ani.post(NEW, _form(maju, _listrik(maju)))
    usulan = UsulanJurnal.objects.get()
    as_maya = login(manajer(maju))
    response = as_maya.post(f"{BASE}usulan/{usulan.pk}/tolak/", {"alasan": ""}, follow=True)
    assert "Tulis alasan penolakan jurnal." in response.content.decode()
    as_maya.post(f"{BASE}usulan/{usulan.pk}/tolak/", {"alasan": "Kuitansi belum ada"})
    usulan.refresh_from_db()
    assert (usulan.status, usulan.alasan_tolak) == (StatusUsulan.DITOLAK, "Kuitansi belum ada")
    assert not Jurnal.objects.exists()
    assert "Kuitansi belum ada" in as_ani.get(f"{BASE}usulan/{usulan.pk}/").content.decode()
    assert "Bayar listrik" in as_ani.get(f"{BASE}usulan/", {"status": "ditolak"}).content.decode()


def test_an_empty_queue_says_what_to_do_next(as_ani: Client, maju: Koperasi) -> None:
    html = as_ani.get(f"{BASE}usulan/").content.decode()
    assert "Tidak ada jurnal umum yang menunggu persetujuan." in html and "Buat jurnal umum" in html


def test_htmx_adds_a_line_and_moves_the_form_count_on(as_ani: Client, maju: Koperasi) -> None:
    html = as_ani.get(f"{BASE}usulan/baris/", {"n": 6}, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="baris-6-akun"' in html and "Baris 7" in html
    assert 'id="id_baris-TOTAL_FORMS" hx-swap-oob="true"' in html and 'value="7"' in html
    assert as_ani.get(f"{BASE}usulan/baris/", {"n": 40}).status_code == 204


def test_eight_lines_are_accepted_when_the_count_says_so(as_ani: Client, maju: Koperasi) -> None:
    lines = [(akun(maju, "5.10"), "D", "1.000")] * 7 + [(akun(maju, chart.KAS), "K", "7.000")]
    data = _form(maju, [])
    data["baris-TOTAL_FORMS"] = "8"
    for i, (target, sisi, jumlah) in enumerate(lines):
        data.update({f"baris-{i}-akun": str(target.pk), f"baris-{i}-sisi": sisi, f"baris-{i}-jumlah": jumlah})
    assert as_ani.post(NEW, data).status_code == 302
    assert len(UsulanJurnal.objects.get().baris) == 8


# --- bad input: each a clear message, nothing proposed --------------------------------------


@pytest.mark.parametrize(
    ("jumlah", "message"),
    [
        ("0", JUMLAH_NOL),
        ("-150.000", JUMLAH_NEGATIF),
        ("seratus ribu", JUMLAH_BUKAN_ANGKA),
        ("150000,123", JUMLAH_DESIMAL),
        ("150000.50", JUMLAH_TITIK_DESIMAL),
    ],
)
def test_a_bad_amount_is_refused_beside_the_line(as_ani: Client, maju: Koperasi, jumlah: str, message: Any) -> None:
    response = as_ani.post(NEW, _form(maju, _listrik(maju, jumlah, kredit="150.000")))
    assert response.status_code == 400
    assert str(message) in response.content.decode()
    _assert_nothing_proposed()


def test_an_unbalanced_entry_is_refused_with_both_totals(as_ani: Client, maju: Koperasi) -> None:
    response = as_ani.post(NEW, _form(maju, _listrik(maju, "150.000", kredit="145.000")))
    expected = str(TIDAK_SEIMBANG).format(debit="Rp150.000", kredit="Rp145.000", selisih="Rp5.000")
    assert response.status_code == 400 and expected in response.content.decode()
    assert 'value="Bayar listrik kantor"' in response.content.decode()  # the rest of the form is kept
    _assert_nothing_proposed()


def test_one_line_or_one_side_only_is_refused(as_ani: Client, maju: Koperasi) -> None:
    one = as_ani.post(NEW, _form(maju, [(akun(maju, "5.10"), "D", "1.000")]))
    assert str(BARIS_KURANG) in one.content.decode()
    debits = as_ani.post(NEW, _form(maju, [(akun(maju, "5.10"), "D", "1.000"), (akun(maju, "5.90"), "D", "1.000")]))
    assert str(SATU_SISI) in debits.content.decode()
    _assert_nothing_proposed()


def test_a_line_without_an_account_or_amount_is_named(as_ani: Client, maju: Koperasi) -> None:
    data = _form(maju, _listrik(maju))
    data["baris-2-jumlah"] = "5.000"
    html = as_ani.post(NEW, data).content.decode()
    assert "Pilih akun untuk baris ini." in html
    data = _form(maju, _listrik(maju))
    data["baris-2-akun"] = str(akun(maju, "5.90").pk)
    assert "Isi jumlah untuk baris ini." in as_ani.post(NEW, data).content.decode()
    _assert_nothing_proposed()


def test_a_closed_month_is_refused_beside_the_date(as_ani: Client, ani: User, maju: Koperasi) -> None:
    periode_tutup(koperasi=maju, tahun=BULAN_LALU.year, bulan=BULAN_LALU.month, actor=ani)
    AuditLog.objects.all().delete()
    response = as_ani.post(NEW, _form(maju, _listrik(maju), tanggal=BULAN_LALU.isoformat()))
    periode = f"{BULAN_LALU.month:02d}/{BULAN_LALU.year}"
    assert response.status_code == 400 and str(PERIODE_DITUTUP).format(periode=periode) in response.content.decode()
    _assert_nothing_proposed()


def test_a_future_date_is_refused(as_ani: Client, maju: Koperasi) -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    response = as_ani.post(NEW, _form(maju, _listrik(maju), tanggal=tomorrow.isoformat()))
    assert str(TANGGAL_MASA_DEPAN) in response.content.decode()
    _assert_nothing_proposed()


def test_an_inactive_account_is_refused(as_ani: Client, maju: Koperasi) -> None:
    hibah = akun(maju, "3.13")
    hibah.aktif = False
    hibah.save()
    response = as_ani.post(NEW, _form(maju, [(akun(maju, chart.KAS), "D", "1.000"), (hibah, "K", "1.000")]))
    assert str(AKUN_TIDAK_AKTIF).format(akun=hibah) in response.content.decode()
    _assert_nothing_proposed()


def test_a_parent_account_is_refused(as_ani: Client, maju: Koperasi) -> None:
    parent = akun(maju, "5")
    response = as_ani.post(NEW, _form(maju, [(parent, "D", "1.000"), (akun(maju, chart.KAS), "K", "1.000")]))
    assert str(AKUN_INDUK).format(akun=parent) in response.content.decode()
    _assert_nothing_proposed()


def test_another_koperasis_account_or_a_made_up_id_is_refused(as_ani: Client, maju: Koperasi, tani: Koperasi) -> None:
    for foreign in (akun(tani, "5.10").pk, 999999, "abc"):
        response = as_ani.post(NEW, _form(maju, [(foreign, "D", "1.000"), (akun(maju, chart.KAS), "K", "1.000")]))
        assert response.status_code == 400
        assert str(AKUN_BUKAN_MILIK) in response.content.decode()
    _assert_nothing_proposed()


def test_an_account_deactivated_after_the_proposal_stops_the_approval(as_ani: Client, maju: Koperasi) -> None:
    as_ani.post(NEW, _form(maju, _listrik(maju)))
    usulan = UsulanJurnal.objects.get()
    beban = akun(maju, "5.10")
    beban.aktif = False
    beban.save()
    response = login(manajer(maju)).post(f"{BASE}usulan/{usulan.pk}/setujui/", follow=True)
    assert str(AKUN_TIDAK_AKTIF).format(akun=beban) in response.content.decode()
    assert not Jurnal.objects.exists()
    assert UsulanJurnal.objects.get().status == StatusUsulan.MENUNGGU


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.250.000", "1250000"),
        ("Rp1.250.000", "1250000"),
        ("Rp 1.250.000,50", "1250000.50"),
        ("1250000", "1250000"),
        ("1250000,5", "1250000.50"),
        ("1.500", "1500"),
        (" 007 ", "7"),
    ],
)
def test_amounts_are_read_the_indonesian_way(raw: str, value: str) -> None:
    assert parse_jumlah(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["1,250,000", "12.34.567", "1.2345", "1e6", "Rp", ",5", "1.250.000,", "NaN"])
def test_ambiguous_or_odd_amounts_are_refused(raw: str) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        parse_jumlah(raw)


# --- months -------------------------------------------------------------------------------


def test_the_ketua_closes_a_month_and_postings_into_it_are_refused(as_ani: Client, maju: Koperasi) -> None:
    post(maju, BULAN_LALU, chart.KAS, "4.90", "10000")
    months = as_ani.get(f"{BASE}periode/").context["page"]
    assert [(m.tahun, m.bulan) for m in months][:2] == [(TODAY.year, TODAY.month), (BULAN_LALU.year, BULAN_LALU.month)]
    assert months[1].jumlah_jurnal == 1
    response = as_ani.post(f"{BASE}periode/tutup/", {"tahun": BULAN_LALU.year, "bulan": BULAN_LALU.month}, follow=True)
    assert "ditutup" in response.content.decode()
    assert Periode.objects.get().ditutup
    assert AuditLog.objects.filter(aksi="periode.tutup").count() == 1
    html = as_ani.post(NEW, _form(maju, _listrik(maju), tanggal=BULAN_LALU.isoformat())).content.decode()
    assert "sudah ditutup" in html


def test_reopening_needs_a_reason_and_is_audited(as_ani: Client, ani: User, maju: Koperasi) -> None:
    periode_tutup(koperasi=maju, tahun=BULAN_LALU.year, bulan=BULAN_LALU.month, actor=ani)
    target = {"tahun": BULAN_LALU.year, "bulan": BULAN_LALU.month}
    refused = as_ani.post(f"{BASE}periode/buka/", {**target, "alasan": " "}, follow=True)
    assert "Tulis alasan membuka kembali bulan ini." in refused.content.decode()
    assert Periode.objects.get().ditutup
    as_ani.post(f"{BASE}periode/buka/", {**target, "alasan": "Koreksi penyusutan"})
    assert not Periode.objects.get().ditutup
    assert AuditLog.objects.get(aksi="periode.buka").sesudah["alasan"] == "Koreksi penyusutan"


def test_a_month_not_yet_begun_or_a_made_up_month_cannot_be_closed(as_ani: Client, maju: Koperasi) -> None:
    nanti = (TODAY.replace(day=28) + dt.timedelta(days=7)).replace(day=1)
    response = as_ani.post(f"{BASE}periode/tutup/", {"tahun": nanti.year, "bulan": nanti.month}, follow=True)
    periode = f"{nanti.month:02d}/{nanti.year}"
    assert str(PERIODE_BELUM_BERJALAN).format(periode=periode) in response.content.decode()
    response = as_ani.post(f"{BASE}periode/tutup/", {"tahun": "2025", "bulan": "13"}, follow=True)
    assert "Pilih bulan dari daftar." in response.content.decode()
    assert not Periode.objects.filter(ditutup=True).exists()
