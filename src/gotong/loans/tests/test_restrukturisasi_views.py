"""The rescheduling, write-off and recovery pages through the test client: who may open
them (others get 404, like another koperasi's page), and each flow end to end."""

import datetime as dt
import uuid

import pytest
from conftest import login
from django.contrib.auth import get_user_model
from django.urls import reverse

from gotong.ledger.checks import periksa_buku
from gotong.loans import restrukturisasi as r
from gotong.loans.models import Angsuran, JenisPembayaran, PembayaranPinjaman, Pinjaman, StatusPinjaman
from gotong.loans.tests.helpers_pinjaman import D, bayar, cair, kunci, produk
from gotong.savings import selectors
from gotong.savings.tests.helpers_loket import laci
from gotong.tenancy.models import NamaPeran, Peran

KETUA = frozenset({NamaPeran.KETUA})


@pytest.fixture(autouse=True)
def _satu_persen(maju):
    produk(maju, "umum", suku_bunga=D("1"))


@pytest.fixture
def maya(maju):
    user = get_user_model().objects.create_user(
        username="maya", password="rahasia-sekali-123", nama_lengkap="Maya Manajer", email="maya@contoh.id"
    )
    Peran.objects.create(user=user, koperasi=maju, peran=NamaPeran.MANAJER)
    return user


@pytest.fixture
def pinjaman(maju, ani, budi, citra_anggota) -> Pinjaman:
    p = cair(citra_anggota, budi, ani)
    bayar(p, "840000", budi, dt.date(2026, 2, 15), cara="sukarela")
    p.refresh_from_db()
    return p


def url(name: str, p: Pinjaman) -> str:
    return reverse(f"loans:{name}", kwargs={"kode": p.koperasi.kode, "pinjaman": p.pk})


def _hapus_buku(p: Pinjaman, pengusul, penyetuju) -> Pinjaman:
    r.hapus_buku_usulkan(pinjaman=p, actor=pengusul, alasan="Usaha tutup")
    r.hapus_buku_setujui(pinjaman=p, actor=penyetuju, roles=KETUA, tanggal=dt.date(2026, 4, 20), kunci=kunci())
    p.refresh_from_db()
    return p


# --- Who may open what -------------------------------------------------------------------------


def test_pengurus_opens_every_page(pinjaman, ani):
    c = login(ani)
    for name in ("restrukturisasi", "hapus_buku", "pemulihan"):
        assert c.get(url(name, pinjaman)).status_code == 200, name


def test_kasir_opens_only_recovery(pinjaman, budi):
    c = login(budi)
    assert c.get(url("restrukturisasi", pinjaman)).status_code == 404
    assert c.get(url("hapus_buku", pinjaman)).status_code == 404
    assert c.post(url("hapus_buku_setujui", pinjaman), {"kunci": uuid.uuid4().hex}).status_code == 404
    assert c.get(url("pemulihan", pinjaman)).status_code == 200


def test_outsider_and_member_get_404(pinjaman, dedi, citra):
    for user in (dedi, citra):
        c = login(user)
        for name in ("restrukturisasi", "hapus_buku", "pemulihan"):
            assert c.get(url(name, pinjaman)).status_code == 404, (user, name)
        assert c.post(url("hapus_buku_setujui", pinjaman), {"kunci": uuid.uuid4().hex}).status_code == 404
    pinjaman.refresh_from_db()
    assert pinjaman.status == StatusPinjaman.AKTIF


def test_approve_is_post_only(pinjaman, ani):
    assert login(ani).get(url("hapus_buku_setujui", pinjaman)).status_code == 405


# --- Rescheduling ------------------------------------------------------------------------------


def test_reschedule_preview_then_confirm(maju, pinjaman, ani):
    c = login(ani)
    data = {"tenor_baru": "18", "suku_bunga_baru": "", "alasan": "Warung sepi setelah banjir", "versi": "1"}
    preview = c.post(url("restrukturisasi", pinjaman), data)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Periksa jadwal baru" in html and "Ya, jadwal ulang pinjaman" in html
    assert "Rp8.250.000" in html  # the principal rescheduled
    pinjaman.refresh_from_db()
    assert pinjaman.versi_jadwal == 1  # the preview saves nothing
    done = c.post(url("restrukturisasi", pinjaman), {**data, "konfirmasi": "1"})
    assert done.status_code == 302 and done["Location"] == url("restrukturisasi", pinjaman)
    pinjaman.refresh_from_db()
    assert (pinjaman.versi_jadwal, pinjaman.tenor) == (2, 18)
    assert Angsuran.objects.filter(pinjaman=pinjaman, versi=2, aktif=True).count() == 18
    # a second click on the same confirmation is refused, not rescheduled twice
    again = c.post(url("restrukturisasi", pinjaman), {**data, "konfirmasi": "1"})
    assert str(r.JADWAL_SUDAH_BERUBAH).split("{")[0] in again.content.decode()
    pinjaman.refresh_from_db()
    assert pinjaman.versi_jadwal == 2
    page = c.get(url("restrukturisasi", pinjaman)).content.decode()
    assert "Riwayat penjadwalan ulang" in page and "Warung sepi setelah banjir" in page
    assert "Versi 1" in page and "Versi 2" in page
    assert periksa_buku(maju) == []


def test_reschedule_bad_input_shows_message_beside_field(pinjaman, ani):
    c = login(ani)
    resp = c.post(url("restrukturisasi", pinjaman), {"tenor_baru": "60", "alasan": "Usaha turun", "versi": "1"})
    assert resp.status_code == 200
    assert "paling lama 36 angsuran" in resp.content.decode()
    resp = c.post(url("restrukturisasi", pinjaman), {"tenor_baru": "12", "alasan": "", "versi": "1"})
    assert str(r.ALASAN_RESTRUKTURISASI) in resp.content.decode()
    resp = c.post(url("restrukturisasi", pinjaman), {"tenor_baru": "", "alasan": "Usaha turun", "versi": "1"})
    assert str(r.TENOR_BARU_TIDAK_SAH) in resp.content.decode()
    pinjaman.refresh_from_db()
    assert pinjaman.versi_jadwal == 1


# --- Write-off ---------------------------------------------------------------------------------


def test_write_off_propose_then_other_pengurus_approves(maju, pinjaman, ani, maya):
    m = login(maya)
    assert m.post(url("hapus_buku", pinjaman), {"aksi": "usul", "usul-alasan": "Anggota pindah"}).status_code == 302
    pinjaman.refresh_from_db()
    assert pinjaman.hapus_buku_diusulkan_oleh == maya
    page = m.get(url("hapus_buku", pinjaman)).content.decode()
    assert "Usulan menunggu persetujuan" in page and "Setujui hapus buku" not in page
    a = login(ani)
    page = a.get(url("hapus_buku", pinjaman)).content.decode()
    assert "Setujui hapus buku" in page and "Rp8.250.000" in page
    k = uuid.uuid4().hex
    resp = a.post(url("hapus_buku_setujui", pinjaman), {"kunci": k}, follow=True)
    assert resp.status_code == 200
    pinjaman.refresh_from_db()
    assert pinjaman.status == StatusPinjaman.HAPUS_BUKU and pinjaman.sisa_hapus_buku == D("8250000")
    assert "dihapusbukukan" in resp.content.decode()
    # the same approval posted again changes nothing
    a.post(url("hapus_buku_setujui", pinjaman), {"kunci": k})
    assert periksa_buku(maju) == []


def test_proposer_approving_own_write_off_sees_the_message(pinjaman, ani):
    a = login(ani)
    a.post(url("hapus_buku", pinjaman), {"aksi": "usul", "usul-alasan": "Usaha tutup"})
    page = a.get(url("hapus_buku", pinjaman)).content.decode()
    assert "Setujui hapus buku" not in page
    resp = a.post(url("hapus_buku_setujui", pinjaman), {"kunci": uuid.uuid4().hex}, follow=True)
    assert str(r.SETUJUI_USUL_SENDIRI) in resp.content.decode()
    pinjaman.refresh_from_db()
    assert pinjaman.status == StatusPinjaman.AKTIF


def test_write_off_proposal_without_reason_and_rejection(pinjaman, ani, maya):
    m = login(maya)
    resp = m.post(url("hapus_buku", pinjaman), {"aksi": "usul", "usul-alasan": ""})
    assert resp.status_code == 200
    pinjaman.refresh_from_db()
    assert pinjaman.hapus_buku_diusulkan_oleh is None
    m.post(url("hapus_buku", pinjaman), {"aksi": "usul", "usul-alasan": "Usaha tutup"})
    a = login(ani)
    assert (
        a.post(url("hapus_buku", pinjaman), {"aksi": "tolak", "tolak-alasan": "Masih bisa ditagih"}).status_code == 302
    )
    pinjaman.refresh_from_db()
    assert pinjaman.hapus_buku_diusulkan_oleh is None and pinjaman.status == StatusPinjaman.AKTIF


# --- Recovery ----------------------------------------------------------------------------------


def test_recovery_confirm_then_receipt(maju, pinjaman, ani, budi, maya):
    p = _hapus_buku(pinjaman, maya, ani)
    laci(maju, budi, selectors.hari_ini())
    c = login(budi)
    form = c.get(url("pemulihan", p))
    assert form.status_code == 200 and "Laci kas terbuka" in form.content.decode()
    k = uuid.uuid4().hex
    confirm = c.post(url("pemulihan", p), {"jumlah": "500.000", "kunci": k})
    assert confirm.status_code == 200 and "Periksa pemulihan pinjaman" in confirm.content.decode()
    done = c.post(url("pemulihan", p), {"jumlah": "500.000", "kunci": k, "konfirmasi": "1"})
    bayar_ = PembayaranPinjaman.objects.get(pinjaman=p, jenis=JenisPembayaran.PEMULIHAN)
    assert done.status_code == 302
    assert done["Location"] == reverse("savings:kwitansi", kwargs={"kode": maju.kode, "kwitansi": bayar_.kwitansi_id})
    p.refresh_from_db()
    assert p.sisa_hapus_buku == D("7750000")
    page = login(ani).get(url("hapus_buku", p)).content.decode()
    assert "Rp7.750.000" in page and bayar_.kwitansi.nomor in page
    assert periksa_buku(maju) == []


def test_recovery_above_what_was_written_off_or_without_drawer(maju, pinjaman, ani, budi, maya):
    p = _hapus_buku(pinjaman, maya, ani)
    c = login(budi)
    resp = c.post(url("pemulihan", p), {"jumlah": "100.000", "kunci": uuid.uuid4().hex})
    assert "Buka laci kas dulu" in resp.content.decode()
    laci(maju, budi, selectors.hari_ini())
    resp = c.post(url("pemulihan", p), {"jumlah": "9.000.000", "kunci": uuid.uuid4().hex})
    assert str(r.PEMULIHAN_MELEBIHI).split("{")[0] in resp.content.decode()
    assert not PembayaranPinjaman.objects.filter(pinjaman=p, jenis=JenisPembayaran.PEMULIHAN).exists()
