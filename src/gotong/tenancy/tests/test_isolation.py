"""Tenancy isolation over every URL pattern (ENGINEERING.md rule 6).

The patterns are read from the resolver, not listed by hand: a new page under
``/k/<kode>/`` or ``/dinas/`` is walked as soon as it is added, and fails here unless it
answers an outsider with 404. Only the public pages below may be reached without a role.
"""

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from conftest import login
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.ledger import chart
from gotong.ledger.models import Akun, Jurnal, Periode, StatusUsulan, SumberJurnal, UsulanJurnal
from gotong.ledger.posting import JurnalBuilder, akun
from gotong.ledger.services import bagan_akun_siapkan
from gotong.loans.models import Angsuran, Jaminan, JenisJaminan, PembayaranPinjaman, Pinjaman, ProdukPinjaman
from gotong.loans.services import (
    DataJaminan,
    pengajuan_buat,
    pinjaman_cairkan,
    pinjaman_setujui,
    produk_default_siapkan,
)
from gotong.members.models import Anggota, PengajuanKeluar, StatusAnggota, StatusPengajuanKeluar
from gotong.members.tests.helpers import make_anggota
from gotong.notifications.models import Pesan, Saluran, StatusPesan
from gotong.province.tests.helpers import laporan_values
from gotong.savings.laci import laci_buka
from gotong.savings.models import Kwitansi, ProdukSimpanan, RekeningSimpanan, SesiKas
from gotong.savings.services import rekening_buka_anggota_baru, simpanan_setor
from gotong.tenancy.models import JenisKoperasi, Koperasi, NamaPeran, Peran, PeranDinas, TingkatDinas
from gotong.training.tests.helpers import pelatihan_values

KOPERASI_PREFIX = "k/<slug:kode>/"
DINAS_PREFIX = "dinas/"
# Public pages of a digital koperasi: the application form, the applicant's status page and
# the card verification page. Each finds its row by a token *within* the koperasi in the URL.
PUBLIC = {
    "k/<slug:kode>/daftar/",
    "k/<slug:kode>/daftar/status/<str:token>/",
    "k/<slug:kode>/kartu/<str:token>/",
    "k/<slug:kode>/kwitansi/<str:token>/",  # the receipt's QR: number, date, amount, koperasi
    "k/<slug:kode>/simulasi-pinjaman/",  # the loan simulator: the koperasi's products, no member data
}
# Public training pages (no login): each finds its row by a random token.
PUBLIC_PELATIHAN = {
    "pelatihan/<str:token>/",
    "pelatihan/peserta/<str:token>/",
    "pelatihan/peserta/<str:token>/sertifikat.pdf",
    "pelatihan/sertifikat/<str:token>/",
}
# The public sign-up page of an invitation onto Gotong (no login): found by a random token;
# an unknown token is 404.
PUBLIC_UNDANGAN = {"undangan/<str:token>/"}
_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        else:
            yield route, entry


def _routes(prefix: str) -> dict[str, URLPattern]:
    return {route: p for route, p in _walk(get_resolver().url_patterns) if route.startswith(prefix)}


def _params(route: str) -> list[str]:
    return [m.group("name") for m in _PARAM.finditer(route)]


def _urls(route: str, values: dict[str, list[str]]) -> list[str]:
    """Every URL for a route, one per candidate value of each path parameter."""
    urls = ["/" + route]
    for name in _params(route):
        if name not in values:
            pytest.fail(f"{route}: no test value for <{name}>; add real rows for it to this test")
        pattern = re.compile(r"<(?:[^>:]+:)?" + re.escape(name) + ">")
        urls = [pattern.sub(value, url, count=1) for url in urls for value in values[name]]
    return urls


@pytest.fixture
def maju_rows(maju: Koperasi, ani: User) -> dict[str, Any]:
    """Real rows of Koperasi Maju Bersama that an outsider could try to reach by number."""
    aktif = make_anggota(maju, nama="Sri Aktif")
    calon = make_anggota(maju, nama="Tono Calon", status=StatusAnggota.CALON)
    pengajuan = PengajuanKeluar.objects.create(koperasi=maju, anggota=aktif, alasan="Pindah", diajukan_oleh=ani)
    pesan = Pesan.objects.create(
        koperasi=maju,
        saluran=Saluran.WHATSAPP,
        tujuan="081234567890",
        subjek="Keputusan",
        isi="…",
        status=StatusPesan.GAGAL,
        galat_terakhir="Gateway WhatsApp belum dipasang",
    )
    rows = {"aktif": aktif, "calon": calon, "pengajuan": pengajuan, "pesan": pesan, **_ledger_rows(maju, ani)}
    rows = {**rows, **_simpanan_rows(aktif, ani)}
    return {
        **rows,
        **_pinjaman_rows(aktif, ani),
        "audit": AuditLog.objects.count(),
        "kwitansi_n": Kwitansi.objects.count(),
    }


def _ledger_rows(koperasi: Koperasi, actor: User) -> dict[str, Any]:
    """An account, a posted entry and a pending manual entry (ledger URLs take <akun_pk> etc.)."""
    bagan_akun_siapkan(koperasi=koperasi)
    kas, bank = akun(koperasi, chart.KAS), akun(koperasi, chart.BANK)
    jurnal = JurnalBuilder(
        koperasi=koperasi, tanggal=dt.date(2024, 1, 10), keterangan="Setor ke bank", sumber=SumberJurnal.MANUAL
    )
    jurnal.debit(bank, "50000").kredit(kas, "50000")
    baris = [{"akun_id": kas.pk, "sisi": "D", "jumlah": "1000"}, {"akun_id": bank.pk, "sisi": "K", "jumlah": "1000"}]
    usulan = UsulanJurnal.objects.create(
        koperasi=koperasi, tanggal=dt.date(2024, 1, 11), keterangan="Koreksi", baris=baris, dibuat_oleh=actor
    )
    return {"akun": kas, "jurnal": jurnal.post(), "usulan": usulan}


def _simpanan_rows(anggota: Anggota, kasir: User) -> dict[str, Any]:
    """Savings rows (savings URLs take <anggota>, <rekening>, <kwitansi>, <sesi>, <produk>, <mutasi>)."""
    tanggal = dt.date(2024, 1, 12)
    rekening = rekening_buka_anggota_baru(anggota=anggota, tanggal=tanggal)[-1]  # sukarela
    sesi = laci_buka(koperasi=anggota.koperasi, kasir=kasir, saldo_awal=Decimal("0"), tanggal=tanggal)
    hasil = simpanan_setor(
        koperasi=anggota.koperasi,
        rekening=rekening,
        jumlah=Decimal("50000"),
        tanggal=tanggal,
        kasir=kasir,
        kunci=f"isolasi-{anggota.pk}",
    )
    rekening.refresh_from_db()
    rows = {"rekening": rekening, "kwitansi": hasil.kwitansi, "sesi": sesi, "produk": rekening.produk}
    return {**rows, "mutasi": hasil.mutasi}


def _pinjaman_rows(anggota: Anggota, kasir: User) -> dict[str, Any]:
    """A disbursed loan with collateral and its document (loan URLs take <pinjaman>,
    <jaminan>, <produk_pinjaman>, <tahun>/<bulan>). Entered by ``kasir``, approved by
    another officer, paid out in cash from the drawer ``_simpanan_rows`` opened."""
    koperasi = anggota.koperasi
    tanggal = dt.date(2024, 1, 12)
    produk = {p.kode: p for p in produk_default_siapkan(koperasi=koperasi)}["umum"]
    pemutus = User.objects.create_user(username=f"pemutus-{koperasi.kode}", password="x-" * 8, nama_lengkap="Pemutus")
    Peran.objects.create(user=pemutus, koperasi=koperasi, peran=NamaPeran.KETUA)
    dokumen = ContentFile(b"%PDF-1.4 BPKB", name="bpkb.pdf")
    pinjaman = pengajuan_buat(
        koperasi=koperasi,
        anggota=anggota,
        produk=produk,
        pokok=Decimal("5000000"),
        tenor=12,
        tujuan="Modal warung",
        penghasilan_bulanan=Decimal("4000000"),
        actor=kasir,
        jaminan=[DataJaminan(JenisJaminan.BPKB, "BPKB motor A 1234 BC", Decimal("8000000"), dokumen)],
    )
    pada = timezone.make_aware(dt.datetime.combine(tanggal, dt.time(9)))
    pinjaman_setujui(pinjaman=pinjaman, actor=pemutus, roles=frozenset({NamaPeran.KETUA}), pada=pada)
    hasil = pinjaman_cairkan(pinjaman=pinjaman, tanggal=tanggal, cara="tunai", actor=kasir, kunci=f"cair-{pinjaman.pk}")
    jaminan = Jaminan.objects.get(pinjaman=pinjaman)
    assert jaminan.dokumen
    return {"pinjaman": hasil.pinjaman, "jaminan": jaminan, "produk_pinjaman": produk}


def _values(kode: str, rows: dict[str, Any]) -> dict[str, list[str]]:
    pks = {str(rows[k].pk) for k in ("aktif", "calon", "pengajuan", "pesan")}
    tokens = [rows["aktif"].token_status, rows["aktif"].token_kartu, rows["calon"].token_status]
    tokens.append(rows["kwitansi"].token)
    ledger = {f"{k}_pk": [str(rows[k].pk)] for k in ("akun", "jurnal", "usulan")}
    simpanan = {k: [str(rows[k].pk)] for k in ("rekening", "kwitansi", "sesi", "produk", "mutasi")}
    simpanan["anggota"] = sorted({str(rows["aktif"].pk), str(rows["calon"].pk)})
    pinjaman = {k: [str(rows[k].pk)] for k in ("pinjaman", "jaminan", "produk_pinjaman")}
    bulan = {"tahun": ["2024"], "bulan": ["1"]}  # the month the loan was paid out
    return {"kode": [kode], "pk": sorted(pks), "token": tokens, **ledger, **simpanan, **pinjaman, **bulan}


def _assert_untouched(rows: dict[str, Any]) -> None:
    for key in ("aktif", "calon"):
        before = rows[key]
        after = Anggota.objects.get(pk=before.pk)
        assert (after.status, after.nama, after.nomor_anggota) == (before.status, before.nama, before.nomor_anggota)
    assert PengajuanKeluar.objects.get(pk=rows["pengajuan"].pk).status == StatusPengajuanKeluar.DIAJUKAN
    assert Pesan.objects.get(pk=rows["pesan"].pk).status == StatusPesan.GAGAL
    assert UsulanJurnal.objects.get(pk=rows["usulan"].pk).status == StatusUsulan.MENUNGGU
    assert not Jurnal.objects.filter(membalik=rows["jurnal"]).exists() and not Periode.objects.exists()
    assert Akun.objects.get(pk=rows["akun"].pk).aktif
    assert RekeningSimpanan.objects.get(pk=rows["rekening"].pk).saldo == rows["rekening"].saldo
    assert SesiKas.objects.get(pk=rows["sesi"].pk).ditutup_pada is None
    assert Kwitansi.objects.count() == rows["kwitansi_n"] and ProdukSimpanan.objects.get(pk=rows["produk"].pk).aktif
    before = rows["pinjaman"]
    after = Pinjaman.objects.get(pk=before.pk)
    assert (after.status, after.sisa_pokok, after.titipan, after.ppap, after.versi_jadwal) == (
        before.status,
        before.sisa_pokok,
        before.titipan,
        before.ppap,
        before.versi_jadwal,
    )
    assert (after.kolektibilitas, after.direstrukturisasi, after.petugas_id) == (
        before.kolektibilitas,
        before.direstrukturisasi,
        before.petugas_id,
    )
    assert not PembayaranPinjaman.objects.exists()
    assert not Angsuran.objects.filter(pinjaman=after).exclude(lunas_pada=None).exists()
    assert Jaminan.objects.get(pk=rows["jaminan"].pk).dokumen
    produk = ProdukPinjaman.objects.get(pk=rows["produk_pinjaman"].pk)
    assert (produk.aktif, produk.suku_bunga) == (rows["produk_pinjaman"].aktif, rows["produk_pinjaman"].suku_bunga)
    assert AuditLog.objects.count() == rows["audit"]


# --- the walk itself ----------------------------------------------------------------------


def test_the_walk_finds_the_koperasi_and_dinas_pages() -> None:
    routes = _routes(KOPERASI_PREFIX)
    assert PUBLIC <= set(routes), "an allow-listed public page no longer exists; update PUBLIC"
    assert "k/<slug:kode>/anggota/<int:pk>/" in routes
    assert "k/<slug:kode>/pengaturan/" in routes
    assert len(routes) >= 20
    assert _routes(DINAS_PREFIX)


def test_every_koperasi_view_is_scoped_and_only_the_allow_list_is_public() -> None:
    scopes = {route: getattr(p.callback, "gotong_scope", None) for route, p in _routes(KOPERASI_PREFIX).items()}
    unscoped = sorted(route for route, scope in scopes.items() if scope not in ("koperasi", "public"))
    assert unscoped == [], "views under /k/<kode>/ must use koperasi_view or public_koperasi"
    assert {route for route, scope in scopes.items() if scope == "public"} == PUBLIC


def test_only_the_allow_listed_training_pages_are_public() -> None:
    routes = _routes("pelatihan/")
    assert set(routes) == PUBLIC_PELATIHAN
    assert all(getattr(p.callback, "gotong_scope", None) == "public" for p in routes.values())


def test_only_the_allow_listed_invitation_page_is_public(client: Client, db: Any) -> None:
    routes = _routes("undangan/")
    assert set(routes) == PUBLIC_UNDANGAN
    assert all(getattr(p.callback, "gotong_scope", None) == "public" for p in routes.values())
    for route in sorted(PUBLIC_UNDANGAN):
        for url in _urls(route, {"token": ["tidak-ada", "x" * 43]}):
            assert client.get(url).status_code == 404, url
            assert client.post(url).status_code == 404, url


def test_every_dinas_view_is_scoped() -> None:
    for route, p in _routes(DINAS_PREFIX).items():
        assert getattr(p.callback, "gotong_scope", None) == "dinas", route


# --- the outsider -------------------------------------------------------------------------


def test_the_outsider_gets_404_on_every_private_koperasi_page(as_dedi: Client, maju_rows: dict[str, Any]) -> None:
    values = _values("maju-bersama", maju_rows)
    checked = []
    for route in sorted(set(_routes(KOPERASI_PREFIX)) - PUBLIC):
        for url in _urls(route, values):
            for method in ("get", "post"):
                response = getattr(as_dedi, method)(url)
                assert response.status_code == 404, f"{method.upper()} {url} answered {response.status_code}"
                checked.append(url)
    assert len(checked) >= 2 * 20
    _assert_untouched(maju_rows)


def test_the_outsider_gets_404_for_another_koperasis_rows_under_his_own_koperasi(
    as_dedi: Client, tani: Koperasi, maju_rows: dict[str, Any]
) -> None:
    values = _values("tani-makmur", maju_rows)
    routes = [r for r in sorted(set(_routes(KOPERASI_PREFIX)) - PUBLIC) if _params(r) != ["kode"]]
    assert routes, "expected pages that take a row number"
    for route in routes:
        for url in _urls(route, values):
            # A POST-only page may refuse GET with 405 before it looks at the row: that says
            # nothing about the row. POST must find nothing.
            assert as_dedi.get(url).status_code in (404, 405), f"GET {url}"
            assert as_dedi.post(url).status_code == 404, f"POST {url}"
    _assert_untouched(maju_rows)


def test_the_outsider_can_still_use_his_own_koperasi(as_dedi: Client, tani: Koperasi) -> None:
    assert as_dedi.get("/k/tani-makmur/").status_code == 200
    assert as_dedi.get("/k/tani-makmur/anggota/").status_code == 200


def test_public_pages_answer_404_for_a_token_of_another_koperasi(
    client: Client, maju_rows: dict[str, Any], tani: Koperasi
) -> None:
    other = make_anggota(tani, nama="Orang Tani")
    other_kwitansi = _simpanan_rows(other, User.objects.get(username="ani"))["kwitansi"]
    own = maju_rows["aktif"]
    for route in sorted(r for r in PUBLIC if "token" in _params(r)):
        theirs = [other.token_status, other.token_kartu, other_kwitansi.token]
        foreign = _urls(route, {"kode": ["maju-bersama"], "token": theirs})
        for url in foreign:
            assert client.get(url).status_code == 404, url
        ours = [own.token_status, own.token_kartu, maju_rows["kwitansi"].token]
        mine = _urls(route, {"kode": ["maju-bersama"], "token": ours})
        assert any(client.get(url).status_code == 200 for url in mine), route


def test_the_public_form_is_open_to_anyone_of_a_digital_koperasi(
    client: Client, as_dedi: Client, maju: Koperasi
) -> None:
    assert client.get("/k/maju-bersama/daftar/").status_code == 200
    assert as_dedi.get("/k/maju-bersama/daftar/").status_code == 200


def test_an_unknown_koperasi_is_404_on_every_page(as_ani: Client, maju_rows: dict[str, Any]) -> None:
    values = _values("tidak-ada", maju_rows)
    for route in sorted(_routes(KOPERASI_PREFIX)):
        for url in _urls(route, values):
            assert as_ani.get(url).status_code == 404, url


# --- anonymous visitors -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_on_every_private_koperasi_page(
    client: Client, maju_rows: dict[str, Any]
) -> None:
    values = _values("maju-bersama", maju_rows)
    for route in sorted(set(_routes(KOPERASI_PREFIX)) - PUBLIC):
        for url in _urls(route, values):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code == 302, f"{method.upper()} {url}"
                assert response["Location"].startswith("/masuk/?next="), url
    _assert_untouched(maju_rows)


# --- registry-only cooperatives -----------------------------------------------------------


def test_a_registry_only_koperasi_has_no_pages_not_even_the_public_form(client: Client, ani: User) -> None:
    manual = Koperasi.objects.create(
        kode="kud-manual", nama="KUD Manual", jenis=JenisKoperasi.SERBA_USAHA, kabupaten_kode="36.02", digital=False
    )
    Peran.objects.create(user=ani, koperasi=manual, peran=NamaPeran.KETUA)
    rows = {
        "aktif": make_anggota(manual, nama="Anggota Manual"),
        "calon": make_anggota(manual, nama="Calon Manual", status=StatusAnggota.CALON),
    }
    rows["pengajuan"] = PengajuanKeluar.objects.create(
        koperasi=manual, anggota=rows["aktif"], alasan="-", diajukan_oleh=ani
    )
    rows["pesan"] = Pesan.objects.create(koperasi=manual, saluran=Saluran.EMAIL, tujuan="a@b.id", subjek="s", isi="i")
    rows.update(_ledger_rows(manual, ani))
    rows.update(_simpanan_rows(rows["aktif"], ani))
    rows.update(_pinjaman_rows(rows["aktif"], ani))
    values = _values("kud-manual", rows)
    as_ketua = login(ani)
    for route in sorted(_routes(KOPERASI_PREFIX)):
        for url in _urls(route, values):
            assert as_ketua.get(url).status_code == 404, url
    for route in sorted(PUBLIC):
        for url in _urls(route, values):
            assert client.get(url).status_code == 404, url
            assert client.post(url).status_code == 404, url
    assert Anggota.objects.filter(koperasi=manual).count() == 2


# --- roles within the koperasi ------------------------------------------------------------


def test_the_kasir_gets_404_on_board_only_pages(budi: User, maju_rows: dict[str, Any]) -> None:
    as_budi = login(budi)
    calon, pesan = maju_rows["calon"], maju_rows["pesan"]
    board_only = [
        ("post", f"/k/maju-bersama/pendaftaran/{calon.pk}/setujui/", {"tanggal_masuk": "2024-05-06"}),
        ("post", f"/k/maju-bersama/pendaftaran/{calon.pk}/tolak/", {"alasan": "Tidak lengkap"}),
        ("get", f"/k/maju-bersama/pendaftaran/{calon.pk}/", {}),
        ("get", "/k/maju-bersama/pendaftaran/", {}),
        ("get", "/k/maju-bersama/pengaturan/", {}),
        ("post", "/k/maju-bersama/pengaturan/", {"nama": "Diambil alih", "format_nomor_anggota": "{urut}"}),
        ("get", "/k/maju-bersama/audit/", {}),
        ("get", "/k/maju-bersama/pesan/", {}),
        ("post", f"/k/maju-bersama/pesan/{pesan.pk}/ulang/", {}),
        ("post", f"/k/maju-bersama/keluar/{maju_rows['pengajuan'].pk}/putusan/", {"putusan": "setujui"}),
        ("get", f"/k/maju-bersama/anggota/{maju_rows['aktif'].pk}/ubah/", {}),
    ]
    for method, url, data in board_only:
        assert getattr(as_budi, method)(url, data).status_code == 404, f"{method.upper()} {url}"
    _assert_untouched(maju_rows)
    assert Koperasi.objects.get(kode="maju-bersama").nama == "Koperasi Maju Bersama"


def test_the_kasir_may_read_the_register(budi: User, maju_rows: dict[str, Any]) -> None:
    as_budi = login(budi)
    assert as_budi.get("/k/maju-bersama/anggota/").status_code == 200
    assert as_budi.get(f"/k/maju-bersama/anggota/{maju_rows['aktif'].pk}/").status_code == 200


def test_a_member_gets_404_on_the_register_but_sees_her_own_page(citra: User, maju_rows: dict[str, Any]) -> None:
    as_citra = login(citra)
    for url in (
        "/k/maju-bersama/anggota/",
        "/k/maju-bersama/anggota/ekspor.xlsx",
        f"/k/maju-bersama/anggota/{maju_rows['aktif'].pk}/",
        f"/k/maju-bersama/anggota/{maju_rows['aktif'].pk}/kartu.pdf",
        "/k/maju-bersama/pendaftaran/",
    ):
        assert as_citra.get(url).status_code == 404, url
    assert as_citra.get("/k/maju-bersama/saya/").status_code == 200


def test_an_inactive_role_opens_nothing(ani: User, maju: Koperasi) -> None:
    Peran.objects.filter(user=ani, koperasi=maju).update(aktif=False)
    assert login(ani).get("/k/maju-bersama/anggota/").status_code == 404


# --- the Dinas ----------------------------------------------------------------------------


def _dinas_urls(koperasi: Koperasi) -> list[str]:
    """Registry pages take <pk> of a cooperative; training pages take their own rows."""
    values = {"pk": [str(koperasi.pk)], **pelatihan_values(koperasi), **laporan_values(koperasi)}
    urls = [url for route in sorted(_routes(DINAS_PREFIX)) for url in _urls(route, values)]
    assert urls
    return urls


def test_every_dinas_page_is_404_for_a_koperasi_officer(ani: User, maju: Koperasi) -> None:
    as_ani = login(ani)
    for url in _dinas_urls(maju):
        assert as_ani.get(url).status_code == 404, url
        assert as_ani.post(url).status_code == 404, url


def test_every_dinas_page_opens_for_the_dinas_officer(eka: User, maju: Koperasi) -> None:
    as_eka = login(eka)
    for url in _dinas_urls(maju):
        assert as_eka.get(url).status_code == 200, url


def test_every_dinas_page_sends_anonymous_visitors_to_sign_in(client: Client, maju: Koperasi) -> None:
    for url in _dinas_urls(maju):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/"), url


def test_the_dinas_officer_has_no_koperasi_pages(eka: User, maju_rows: dict[str, Any]) -> None:
    as_eka = login(eka)
    for url in ("/k/maju-bersama/", "/k/maju-bersama/anggota/", f"/k/maju-bersama/anggota/{maju_rows['aktif'].pk}/"):
        assert as_eka.get(url).status_code == 404, url


def test_a_kabupaten_officer_sees_only_cooperatives_of_that_kabupaten(maju: Koperasi, tani: Koperasi) -> None:
    officer = User.objects.create_user(username="fajar", password="x-" * 8, nama_lengkap="Fajar")
    PeranDinas.objects.create(user=officer, tingkat=TingkatDinas.KABUPATEN, wilayah_kode="36.73")
    html = login(officer).get("/dinas/").content.decode()
    assert "Koperasi Maju Bersama" in html  # Kota Serang
    assert "Koperasi Tani Makmur" not in html  # Kabupaten Pandeglang


def test_a_kabupaten_officer_gets_404_on_every_page_of_another_kabupatens_koperasi(
    maju: Koperasi, tani: Koperasi
) -> None:
    officer = User.objects.create_user(username="fajar", password="x-" * 8, nama_lengkap="Fajar")
    PeranDinas.objects.create(user=officer, tingkat=TingkatDinas.KABUPATEN, wilayah_kode="36.73")
    as_fajar = login(officer)
    routes = [r for r in sorted(_routes(DINAS_PREFIX + "koperasi/")) if "pk" in _params(r)]
    assert routes
    for route in routes:
        for url in _urls(route, {"pk": [str(tani.pk)]}):
            assert as_fajar.get(url).status_code == 404, url
            assert as_fajar.post(url, {"nama": "Diambil alih"}).status_code == 404, url
        for url in _urls(route, {"pk": [str(maju.pk)]}):
            assert as_fajar.get(url).status_code == 200, url
    assert Koperasi.objects.get(pk=tani.pk).nama == "Koperasi Tani Makmur"
