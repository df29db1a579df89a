"""Inviting a registry-only cooperative onto Gotong (ISSUES #6 "Registry"): the pengurus gets
a sign-up link; the same Koperasi row goes digital and keeps its history."""

import datetime as dt
import re
from typing import Any

import pytest
from conftest import login
from django.test import Client
from django.utils import timezone

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.ledger.models import Akun
from gotong.loans.models import ProdukPinjaman
from gotong.notifications.models import Pesan, Saluran
from gotong.province import services
from gotong.province.models import Jabatan, LaporanTahunan, PengurusKoperasi, UndanganKoperasi
from gotong.savings.models import ProdukSimpanan
from gotong.tenancy.models import JenisKoperasi, Koperasi, NamaPeran, Peran, PeranDinas, StatusKoperasi, TingkatDinas
from gotong.training.models import Pendampingan

SANDI = "Sawah-Hijau-2024!"
DATA = {"nama": "Haji Slamet", "email": "slamet@contoh.id", "telepon": "081298765432", "peran": "ketua"}


@pytest.fixture
def manual(db: Any) -> Koperasi:
    """A registry-only KUD in Kabupaten Lebak with a board, a yearly report and a visit."""
    return Koperasi.objects.create(
        kode="kud-lebak",
        nama="KUD Lebak Sejahtera",
        jenis=JenisKoperasi.SERBA_USAHA,
        kabupaten_kode="36.02",
        provinsi_kode="36",
        digital=False,
    )


@pytest.fixture
def riwayat(manual: Koperasi, eka: User) -> dict[str, Any]:
    return {
        "pengurus": PengurusKoperasi.objects.create(koperasi=manual, jabatan=Jabatan.KETUA, nama="Haji Slamet"),
        "laporan": LaporanTahunan.objects.create(koperasi=manual, tahun=2023, anggota_pria=40),
        "kunjungan": Pendampingan.objects.create(
            koperasi=manual, tanggal=dt.date(2024, 3, 1), mentor=eka, topik="Pembukuan"
        ),
    }


def _officer(username: str, wilayah: str) -> User:
    user = User.objects.create_user(username=username, password="x-" * 8, nama_lengkap=username.title())
    PeranDinas.objects.create(user=user, tingkat=TingkatDinas.KABUPATEN, wilayah_kode=wilayah)
    return user


def _undang(koperasi: Koperasi, actor: User, **kw: Any) -> UndanganKoperasi:
    return services.undangan_buat(koperasi=koperasi, wilayah="36", data={**DATA, **kw}, actor=actor)


def _terima(token: str, **kw: Any) -> User:
    data = {"username": "slamet", "password": SANDI, "nama_lengkap": "Haji Slamet", "email": "slamet@contoh.id"}
    return services.undangan_terima(token=token, **{**data, **kw})


def _snapshot() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Peran.objects.count(),
        Akun.objects.count(),
        ProdukSimpanan.objects.count(),
        ProdukPinjaman.objects.count(),
        AuditLog.objects.count(),
        Pesan.objects.count(),
    )


def _assert_still_manual(koperasi: Koperasi) -> None:
    koperasi.refresh_from_db()
    assert not koperasi.digital and koperasi.digital_sejak is None
    assert not Akun.objects.filter(koperasi=koperasi).exists()
    assert not ProdukSimpanan.objects.filter(koperasi=koperasi).exists()
    assert not ProdukPinjaman.objects.filter(koperasi=koperasi).exists()
    assert not Peran.objects.filter(koperasi=koperasi).exists()


# --- the happy path, through the pages ------------------------------------------------------


def test_dinas_invites_and_the_pengurus_signs_up_and_opens_the_koperasi(
    eka: User, manual: Koperasi, riwayat: dict[str, Any], client: Client
) -> None:
    as_eka = login(eka)
    html = as_eka.get(f"/dinas/koperasi/{manual.pk}/").content.decode()
    assert "Undang ke Gotong" in html and 'value="Haji Slamet"' in html  # prefilled from the registry

    response = as_eka.post(f"/dinas/koperasi/{manual.pk}/undangan/", DATA)
    assert response.status_code == 302 and response["Location"] == f"/dinas/koperasi/{manual.pk}/"
    undangan = UndanganKoperasi.objects.get(koperasi=manual)
    assert undangan.dibuat_oleh == eka and undangan.peran == NamaPeran.KETUA and undangan.terbuka()
    assert undangan.kedaluwarsa_pada - undangan.dibuat_pada == dt.timedelta(days=14)
    assert AuditLog.objects.filter(aksi="registry.undangan_buat", objek_id=str(undangan.pk)).exists()

    pesan = {p.saluran: p for p in Pesan.objects.filter(koperasi=manual)}
    assert set(pesan) == {Saluran.EMAIL, Saluran.WHATSAPP}
    assert pesan[Saluran.EMAIL].tujuan == "slamet@contoh.id" and pesan[Saluran.WHATSAPP].tujuan == "081298765432"
    link = re.search(r"https?://\S+/undangan/(\S+)/", pesan[Saluran.EMAIL].isi)
    assert link and link.group(1) == undangan.token

    html = as_eka.get(f"/dinas/koperasi/{manual.pk}/").content.decode()
    assert f"/undangan/{undangan.token}/" in html and "Batalkan undangan" in html

    page = client.get(f"/undangan/{undangan.token}/")
    assert page.status_code == 200 and "KUD Lebak Sejahtera" in page.content.decode()
    form = {
        "nama_lengkap": "Haji Slamet",
        "email": "slamet@contoh.id",
        "username": "slamet",
        "password": SANDI,
        "password2": SANDI,
    }
    response = client.post(f"/undangan/{undangan.token}/", form)
    assert response.status_code == 302 and response["Location"] == "/k/kud-lebak/"
    assert client.get("/k/kud-lebak/").status_code == 200  # signed in as the new ketua

    koperasi = Koperasi.objects.get(pk=manual.pk)  # the same row
    assert koperasi.digital and koperasi.digital_sejak == timezone.localdate()
    user = User.objects.get(username="slamet")
    assert user.check_password(SANDI) and user.nama_lengkap == "Haji Slamet"
    assert list(Peran.objects.filter(koperasi=koperasi).values_list("user__username", "peran")) == [
        ("slamet", NamaPeran.KETUA)
    ]
    assert Akun.objects.filter(koperasi=koperasi).count() > 10
    assert ProdukSimpanan.objects.filter(koperasi=koperasi).exists()
    assert ProdukPinjaman.objects.filter(koperasi=koperasi).exists()
    # the registry history stays with the cooperative
    assert PengurusKoperasi.objects.get(pk=riwayat["pengurus"].pk).koperasi_id == manual.pk
    assert LaporanTahunan.objects.get(pk=riwayat["laporan"].pk).koperasi_id == manual.pk
    assert Pendampingan.objects.get(pk=riwayat["kunjungan"].pk).koperasi_id == manual.pk
    undangan.refresh_from_db()
    assert undangan.dipakai_pada is not None and undangan.dipakai_oleh == user
    assert AuditLog.objects.filter(aksi="registry.undangan_terima", koperasi=koperasi).exists()
    # the link is spent
    html = client.get(f"/undangan/{undangan.token}/").content.decode()
    assert str(services.UNDANGAN_TERPAKAI) in html
    assert "Koperasi ini sudah memakai Gotong" in as_eka.get(f"/dinas/koperasi/{manual.pk}/").content.decode()


def test_the_chosen_role_and_e_mail_only(eka: User, manual: Koperasi) -> None:
    undangan = _undang(manual, eka, peran="bendahara", telepon="")
    assert list(Pesan.objects.values_list("saluran", flat=True)) == [Saluran.EMAIL]
    user = _terima(undangan.token)
    assert Peran.objects.get(user=user).peran == NamaPeran.BENDAHARA


def test_a_kabupaten_officer_invites_a_koperasi_of_its_own_kabupaten(manual: Koperasi) -> None:
    officer = _officer("fajar", "36.02")
    response = login(officer).post(f"/dinas/koperasi/{manual.pk}/undangan/", DATA)
    assert response.status_code == 302
    assert UndanganKoperasi.objects.get(koperasi=manual).dibuat_oleh == officer


def test_the_dinas_cancels_the_open_invitation(eka: User, manual: Koperasi, client: Client) -> None:
    undangan = _undang(manual, eka)
    as_eka = login(eka)
    assert as_eka.get(f"/dinas/koperasi/{manual.pk}/undangan/batal/").status_code == 200
    response = as_eka.post(f"/dinas/koperasi/{manual.pk}/undangan/batal/")
    assert response.status_code == 302
    undangan.refresh_from_db()
    assert undangan.dibatalkan and not undangan.terbuka()
    assert AuditLog.objects.filter(aksi="registry.undangan_batal").exists()
    html = client.get(f"/undangan/{undangan.token}/").content.decode()
    assert str(services.UNDANGAN_DIBATALKAN) in html and 'name="username"' not in html
    # a new invitation may be made once the old one is cancelled
    assert _undang(manual, eka).pk != undangan.pk


# --- refusals: a clear message and nothing saved --------------------------------------------


def _refused_on_the_page(client: Client, undangan: UndanganKoperasi, pesan: str, **kw: Any) -> str:
    before = _snapshot()
    form = {"nama_lengkap": "Haji Slamet", "email": "", "username": "slamet", "password": SANDI, "password2": SANDI}
    response = client.post(f"/undangan/{undangan.token}/", {**form, **kw})
    assert response.status_code == 200
    html = response.content.decode()
    assert str(pesan) in html, html
    assert _snapshot() == before
    _assert_still_manual(undangan.koperasi)
    assert not client.get("/k/kud-lebak/").status_code == 200
    return html


def test_an_expired_invitation_is_refused(eka: User, manual: Koperasi, client: Client) -> None:
    undangan = _undang(manual, eka)
    UndanganKoperasi.objects.filter(pk=undangan.pk).update(kedaluwarsa_pada=timezone.now() - dt.timedelta(minutes=1))
    pesan = services.UNDANGAN_KEDALUWARSA.format(hari=14)
    assert pesan in client.get(f"/undangan/{undangan.token}/").content.decode()
    _refused_on_the_page(client, undangan, pesan)
    with pytest.raises(services.ValidationError, match="kedaluwarsa"):
        _terima(undangan.token)
    _assert_still_manual(manual)


def test_a_used_invitation_is_refused(eka: User, manual: Koperasi, client: Client) -> None:
    undangan = _undang(manual, eka)
    _terima(undangan.token)
    before = _snapshot()
    with pytest.raises(services.ValidationError) as exc:
        _terima(undangan.token, username="orang-lain")
    assert exc.value.messages == [services.UNDANGAN_TERPAKAI]
    assert _snapshot() == before
    html = client.get(f"/undangan/{undangan.token}/").content.decode()
    assert str(services.UNDANGAN_TERPAKAI) in html and 'name="username"' not in html


def test_a_revoked_invitation_is_refused(eka: User, manual: Koperasi, client: Client) -> None:
    undangan = services.undangan_batal(undangan=_undang(manual, eka), actor=eka)
    _refused_on_the_page(client, undangan, services.UNDANGAN_DIBATALKAN)
    with pytest.raises(services.ValidationError, match="dibatalkan"):
        _terima(undangan.token)
    with pytest.raises(services.ValidationError, match="tidak terbuka"):
        services.undangan_batal(undangan=undangan, actor=eka)


def test_an_unknown_token_is_404_and_refused(client: Client, manual: Koperasi) -> None:
    assert client.get("/undangan/tidak-ada/").status_code == 404
    assert client.post("/undangan/tidak-ada/", {"username": "x"}).status_code == 404
    with pytest.raises(services.ValidationError, match="tidak ditemukan"):
        _terima("tidak-ada")


def test_a_taken_username_is_refused_and_nothing_is_saved(
    eka: User, manual: Koperasi, client: Client, dedi: User
) -> None:
    undangan = _undang(manual, eka)
    _refused_on_the_page(client, undangan, services.NAMA_PENGGUNA_DIPAKAI, username="Dedi")
    undangan.refresh_from_db()
    assert undangan.terbuka()  # still usable with another name
    _terima(undangan.token, username="slamet")


def test_a_weak_password_is_refused_and_nothing_is_saved(eka: User, manual: Koperasi, client: Client) -> None:
    undangan = _undang(manual, eka)
    _refused_on_the_page(client, undangan, "terlalu umum", password="12345678", password2="12345678")
    with pytest.raises(services.ValidationError) as exc:
        _terima(undangan.token, password="slamet")
    assert "password" in exc.value.error_dict
    _assert_still_manual(manual)
    assert UndanganKoperasi.objects.get(pk=undangan.pk).terbuka()


def test_a_failure_half_way_rolls_everything_back(eka: User, manual: Koperasi, monkeypatch: pytest.MonkeyPatch) -> None:
    undangan = _undang(manual, eka)
    before = _snapshot()

    def rusak(**kw: Any) -> None:
        raise RuntimeError("rusak")

    monkeypatch.setattr(services.loans_services, "produk_default_siapkan", rusak)
    with pytest.raises(RuntimeError):
        _terima(undangan.token)
    assert _snapshot() == before
    _assert_still_manual(manual)
    assert UndanganKoperasi.objects.get(pk=undangan.pk).terbuka()


def test_a_digital_koperasi_is_not_invited(eka: User, maju: Koperasi) -> None:
    before = _snapshot()
    response = login(eka).post(f"/dinas/koperasi/{maju.pk}/undangan/", DATA)
    assert response.status_code == 200 and str(services.UNDANGAN_SUDAH_DIGITAL) in response.content.decode()
    with pytest.raises(services.ValidationError, match="sudah memakai Gotong"):
        _undang(maju, eka)
    assert _snapshot() == before and not UndanganKoperasi.objects.exists()


def test_an_inactive_koperasi_is_not_invited(eka: User, manual: Koperasi) -> None:
    Koperasi.objects.filter(pk=manual.pk).update(status=StatusKoperasi.TIDAK_AKTIF, aktif=False)
    manual.refresh_from_db()
    with pytest.raises(services.ValidationError, match="status aktif"):
        _undang(manual, eka)
    assert not UndanganKoperasi.objects.exists()


def test_a_second_open_invitation_is_refused(eka: User, manual: Koperasi) -> None:
    _undang(manual, eka)
    before = _snapshot()
    response = login(eka).post(f"/dinas/koperasi/{manual.pk}/undangan/", DATA)
    assert response.status_code == 200 and str(services.UNDANGAN_MASIH_ADA) in response.content.decode()
    assert _snapshot() == before and UndanganKoperasi.objects.count() == 1


def test_an_invitation_needs_an_e_mail_or_whatsapp(eka: User, manual: Koperasi) -> None:
    response = login(eka).post(f"/dinas/koperasi/{manual.pk}/undangan/", {**DATA, "email": "", "telepon": ""})
    assert str(services.UNDANGAN_TANPA_KONTAK) in response.content.decode()
    assert not UndanganKoperasi.objects.exists() and not Pesan.objects.exists()


def test_another_kabupaten_officer_gets_404(manual: Koperasi) -> None:
    as_serang = login(_officer("fajar", "36.73"))
    for url in (f"/dinas/koperasi/{manual.pk}/undangan/", f"/dinas/koperasi/{manual.pk}/undangan/batal/"):
        assert as_serang.get(url).status_code == 404, url
        assert as_serang.post(url, DATA).status_code == 404, url
    with pytest.raises(services.ValidationError, match="wilayah"):
        services.undangan_buat(koperasi=manual, wilayah="36.73", data=DATA, actor=None)
    assert not UndanganKoperasi.objects.exists() and not Pesan.objects.exists()


def test_the_outsider_gets_404(eka: User, dedi: User, manual: Koperasi) -> None:
    undangan = _undang(manual, eka)
    as_dedi = login(dedi)
    for url in (f"/dinas/koperasi/{manual.pk}/undangan/", f"/dinas/koperasi/{manual.pk}/undangan/batal/"):
        assert as_dedi.get(url).status_code == 404, url
        assert as_dedi.post(url, DATA).status_code == 404, url
    undangan.refresh_from_db()
    assert undangan.terbuka() and UndanganKoperasi.objects.count() == 1
