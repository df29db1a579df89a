"""The loan pages from the product to the money going out: who may open which page, the
application form's messages (nothing saved on error), the decision by another person,
the disbursement confirmed then posted once, the loan's hub, the public simulator and
the PDFs."""

import io
import re

import pytest
from conftest import login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from gotong.core.models import AuditLog
from gotong.loans import selectors
from gotong.loans.models import Jaminan, Pinjaman, ProdukPinjaman, StatusPinjaman
from gotong.loans.pdf import jadwal_pdf, perjanjian_pdf
from gotong.loans.services import (
    ALASAN_TOLAK,
    BELUM_DISETUJUI,
    JUMLAH_DI_ATAS,
    PLAFON_TERBALIK,
    SETUJUI_SENDIRI,
    TENOR_DI_LUAR,
    pinjaman_setujui,
)
from gotong.loans.tests.helpers_pinjaman import D, ajukan, cair, jejak, produk
from gotong.savings.models import Kwitansi
from gotong.savings.services import LACI_BELUM_DIBUKA, rekening_buka_anggota_baru
from gotong.savings.tests.helpers_loket import laci
from gotong.tenancy.models import NamaPeran, Peran

KODE = "maju-bersama"


@pytest.fixture(autouse=True)
def _satu_persen(maju):
    """The DOMAIN.md example: flat 1% a month."""
    produk(maju, "umum", suku_bunga=D("1"))


@pytest.fixture
def umum(maju) -> ProdukPinjaman:
    return ProdukPinjaman.objects.get(koperasi=maju, kode="umum")


@pytest.fixture
def manajer(maju):
    from conftest import _role, _user

    return _role(_user("maya", "Maya Manajer"), maju, NamaPeran.MANAJER)


def url(name: str, *args: object) -> str:
    return reverse(f"loans:{name}", args=[KODE, *args])


def teks(resp) -> str:
    return resp.content.decode()


def pdf_teks(pdf: bytes) -> str:
    """The strings drawn on the page (uncompressed PDF: ``(text) Tj``)."""
    return " ".join(re.findall(r"\((.*?)\) Tj", pdf.decode("latin-1")))


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, format="PNG")
    return buf.getvalue()


def isian(anggota, umum, **ubah):
    data = {
        "anggota": str(anggota.pk),
        "produk": str(umum.pk),
        "pokok": "9.000.000",
        "tenor": "12",
        "tujuan": "Modal warung",
        "penghasilan_bulanan": "5.000.000",
        "penjamin_nama": "Bambang",
        "penjamin_hubungan": "Suami",
        "penjamin_telepon": "081234567891",
    }
    data.update(ubah)
    return data


# --- Who may open what ---------------------------------------------------------------------


def test_pages_open_for_the_right_roles(maju, ani, budi, pengawas, citra, citra_anggota):
    p = ajukan(citra_anggota, budi)
    halaman = {
        "daftar": url("daftar"),
        "ajukan": url("ajukan"),
        "detail": url("detail", p.pk),
        "analisa": url("analisa", p.pk),
        "cairkan": url("cairkan", p.pk),
        "produk_list": url("produk_list"),
        "produk_baru": url("produk_baru"),
        "pengaturan": url("pengaturan"),
        "saya_ajukan": url("saya_ajukan"),
        "jadwal_pdf": url("jadwal_pdf", p.pk),
    }
    boleh = {
        ani: {
            "daftar",
            "ajukan",
            "detail",
            "analisa",
            "cairkan",
            "produk_list",
            "produk_baru",
            "pengaturan",
            "jadwal_pdf",
        },
        budi: {"daftar", "ajukan", "detail", "analisa", "cairkan", "jadwal_pdf"},
        pengawas: {"daftar", "detail", "analisa", "produk_list", "pengaturan", "jadwal_pdf"},
        citra: {"saya_ajukan", "jadwal_pdf"},
    }
    for user, allowed in boleh.items():
        client = login(user)
        for nama, alamat in halaman.items():
            code = client.get(alamat).status_code
            assert code == (200 if nama in allowed else 404), (user.username, nama, code)


def test_outsider_and_another_koperasis_loan_are_404(maju, tani, ani, budi, dedi, citra_anggota):
    p = ajukan(citra_anggota, budi)
    j = Jaminan.objects.create(pinjaman=p, jenis="emas", uraian="Kalung", nilai_taksiran=D("1000000"))
    as_dedi = login(dedi)
    for alamat in (
        url("daftar"),
        url("ajukan"),
        url("detail", p.pk),
        url("analisa", p.pk),
        url("cairkan", p.pk),
        url("perjanjian_pdf", p.pk),
        url("jadwal_pdf", p.pk),
        url("jaminan_dokumen", j.pk),
        url("produk_list"),
        url("pengaturan"),
    ):
        assert as_dedi.get(alamat).status_code == 404, alamat
    # Dedi in his own koperasi asking for Maju's loan by its number: 404, nothing changes.
    for name in ("detail", "analisa", "cairkan", "jadwal_pdf"):
        assert as_dedi.get(reverse(f"loans:{name}", args=["tani-makmur", p.pk])).status_code == 404
    before = jejak(maju)
    resp = as_dedi.post(reverse("loans:putuskan", args=["tani-makmur", p.pk]), {"keputusan": "setujui"})
    assert resp.status_code == 404
    assert jejak(maju) == before


def test_a_member_sees_only_their_own_loan_documents(maju, ani, budi, citra, citra_anggota):
    from conftest import _role, _user

    from gotong.members.models import Anggota

    lain = Anggota.objects.create(
        koperasi=maju,
        nik="3673014508900011",
        nama="Dewi Lain",
        tanggal_lahir="1991-01-01",
        jenis_kelamin="P",
        kabupaten_kode="36.73",
        status="aktif",
        nomor_anggota="MB-2021-0002",
        tanggal_masuk="2021-03-05",
        tanggal_daftar="2021-03-01",
    )
    _role(_user("dewi", "Dewi Lain"), maju, NamaPeran.ANGGOTA)
    milik_citra = cair(citra_anggota, budi, ani)
    milik_dewi = ajukan(lain, budi)
    client = login(citra)
    assert client.get(url("perjanjian_pdf", milik_citra.pk)).status_code == 200
    assert client.get(url("jadwal_pdf", milik_dewi.pk)).status_code == 404
    assert client.get(url("detail", milik_citra.pk)).status_code == 404


# --- The list ------------------------------------------------------------------------------


def test_list_searches_filters_and_counts_per_status(maju, ani, budi, citra_anggota):
    berjalan = cair(citra_anggota, budi, ani)
    diajukan = ajukan(citra_anggota, budi, pokok="2000000")
    client = login(ani)
    resp = client.get(url("daftar"))
    html = teks(resp)
    assert berjalan.nomor in html and diajukan.nomor in html
    assert reverse("loans:tagihan", args=[KODE]) in html and reverse("loans:produk_list", args=[KODE]) in html
    assert resp.context["page"].paginator.count == 2
    counts = {v: n for v, _label, n in resp.context["status_pilihan"]}
    assert counts["aktif"] == 1 and counts["diajukan"] == 1
    assert list(client.get(url("daftar"), {"status": "diajukan"}).context["page"]) == [diajukan]
    assert client.get(url("daftar"), {"q": "citra"}).context["page"].paginator.count == 2
    assert list(client.get(url("daftar"), {"q": berjalan.nomor}).context["page"]) == [berjalan]
    assert client.get(url("daftar"), {"q": "tidak-ada-siapa"}).context["page"].paginator.count == 0
    assert list(client.get(url("daftar"), {"kol": "1"}).context["page"]) == [berjalan]


# --- The application -----------------------------------------------------------------------


def test_member_search_by_number_opens_the_form(maju, budi, citra_anggota):
    client = login(budi)
    resp = client.get(url("ajukan"), {"q": "MB-2021-0001"})
    assert resp.status_code == 302 and resp["Location"].endswith(f"?anggota={citra_anggota.pk}")
    resp = client.get(url("ajukan"), {"anggota": citra_anggota.pk})
    assert "Citra Lestari" in teks(resp) and "Jadwal angsuran" in teks(resp)


def test_amount_beyond_product_limit_is_refused_and_nothing_saved(maju, budi, citra_anggota, umum):
    before = Pinjaman.objects.count()
    resp = login(budi).post(url("ajukan"), isian(citra_anggota, umum, pokok="50.000.000"))
    assert resp.status_code == 200
    pesan = str(JUMLAH_DI_ATAS).format(maksimum="Rp30.000.000", produk=umum.nama)
    assert resp.context["form"].errors["pokok"] == [pesan]
    assert pesan in teks(resp)
    assert Pinjaman.objects.count() == before


def test_tenor_out_of_range_is_refused_and_nothing_saved(maju, budi, citra_anggota, umum):
    resp = login(budi).post(url("ajukan"), isian(citra_anggota, umum, tenor="60"))
    pesan = str(TENOR_DI_LUAR).format(produk=umum.nama, minimum=3, maksimum=36)
    assert resp.context["form"].errors["tenor"] == [pesan]
    assert not Pinjaman.objects.exists()


def test_bad_input_messages_are_indonesian_and_kept_as_typed(maju, budi, citra_anggota, umum):
    resp = login(budi).post(
        url("ajukan"), isian(citra_anggota, umum, pokok="sembilan juta", tujuan="", penghasilan_bulanan="0")
    )
    errors = resp.context["form"].errors
    assert "tujuan" in errors and "pokok" in errors and "penghasilan_bulanan" in errors
    assert 'value="sembilan juta"' in teks(resp)
    assert not Pinjaman.objects.exists()


def test_collateral_document_must_be_pdf_or_image(maju, budi, citra_anggota, umum):
    data = isian(
        citra_anggota,
        umum,
        jaminan_0_jenis="bpkb",
        jaminan_0_uraian="BPKB Honda Beat 2019",
        jaminan_0_nilai="8.000.000",
        jaminan_0_dokumen=SimpleUploadedFile("bpkb.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
    )
    resp = login(budi).post(url("ajukan"), data)
    assert resp.context["form"].errors["jaminan_0_dokumen"] == ["Dokumen jaminan harus berkas PDF, JPEG atau PNG."]
    assert not Pinjaman.objects.exists() and not Jaminan.objects.exists()


def test_collateral_needed_above_the_product_threshold(maju, budi, citra_anggota, umum):
    resp = login(budi).post(url("ajukan"), isian(citra_anggota, umum, pokok="12.000.000"))
    assert "harus dengan jaminan" in " ".join(resp.context["form"].errors["jaminan_0_uraian"])
    assert not Pinjaman.objects.exists()


def test_schedule_preview_without_javascript_saves_nothing(maju, budi, citra_anggota, umum):
    resp = login(budi).post(url("ajukan"), isian(citra_anggota, umum, pratinjau="1"))
    assert "Rp840.000" in teks(resp)
    assert not Pinjaman.objects.exists()


def test_member_applies_for_themselves(maju, citra, citra_anggota, umum):
    data = isian(citra_anggota, umum)
    data.pop("anggota")
    resp = login(citra).post(url("saya_ajukan"), data)
    assert resp.status_code == 302 and resp["Location"] == url("saya")
    p = Pinjaman.objects.get()
    assert p.oleh_anggota and p.diajukan_oleh == citra and p.anggota == citra_anggota
    assert p.status == StatusPinjaman.DIAJUKAN and p.petugas is None


# --- Decision ------------------------------------------------------------------------------


def test_own_application_cannot_be_approved_by_its_maker(maju, ani, citra_anggota, umum):
    client = login(ani)
    client.post(url("ajukan"), isian(citra_anggota, umum))
    p = Pinjaman.objects.get()
    assert p.diajukan_oleh == ani
    resp = client.post(url("putuskan", p.pk), {"keputusan": "setujui", "catatan": "ok"})
    assert resp.status_code == 200
    assert str(SETUJUI_SENDIRI) in teks(resp)
    p.refresh_from_db()
    assert p.status == StatusPinjaman.DIAJUKAN and p.diputus_oleh is None


def test_rejection_needs_a_reason_and_is_audited(maju, ani, budi, citra_anggota):
    p = ajukan(citra_anggota, budi)
    client = login(ani)
    resp = client.post(url("putuskan", p.pk), {"keputusan": "tolak", "catatan": ""})
    assert resp.context["form"].errors["catatan"] == [str(ALASAN_TOLAK)]
    p.refresh_from_db()
    assert p.status == StatusPinjaman.DIAJUKAN
    resp = client.post(url("putuskan", p.pk), {"keputusan": "tolak", "catatan": "Penghasilan belum cukup"})
    assert resp.status_code == 302
    p.refresh_from_db()
    assert p.status == StatusPinjaman.DITOLAK
    assert AuditLog.objects.filter(aksi="pinjaman.tolak", objek_id=str(p.pk), aktor=ani).exists()
    assert "Penghasilan belum cukup" in teks(client.get(url("detail", p.pk)))


def test_manager_above_limit_gets_the_service_message(maju, budi, manajer, citra_anggota):
    p = ajukan(citra_anggota, budi, pokok="20000000", jaminan=[_jaminan()])
    resp = login(manajer).post(url("putuskan", p.pk), {"keputusan": "setujui"})
    assert "di atas batas persetujuan Anda" in teks(resp)
    p.refresh_from_db()
    assert p.status == StatusPinjaman.DIAJUKAN


def _jaminan():
    from gotong.loans.services import DataJaminan

    return DataJaminan(jenis="sertifikat", uraian="SHM No. 12", nilai_taksiran=D("80000000"))


def test_analysis_shows_ratio_warning_savings_and_other_loans(maju, ani, budi, citra_anggota):
    lama = cair(citra_anggota, budi, ani, pokok="3000000")
    p = ajukan(citra_anggota, budi)
    p.penghasilan_bulanan = D("1500000")
    p.save()
    resp = login(ani).get(url("analisa", p.pk))
    html = teks(resp)
    assert resp.context["rasio"] == D("56.0") and resp.context["rasio_lebih"]
    assert "di atas batas produk 40%" in html
    assert lama.nomor in html and "Rp840.000" in html
    assert resp.context["simpanan"].total == D("2945000")  # the earlier loan went to sukarela
    assert "Rp2.945.000" in html
    assert resp.context["form"] is not None


def test_cancel_needs_reason(maju, ani, budi, citra_anggota):
    p = ajukan(citra_anggota, budi)
    client = login(budi)
    client.post(url("batal", p.pk), {"alasan": ""})
    p.refresh_from_db()
    assert p.status == StatusPinjaman.DIAJUKAN
    client.post(url("batal", p.pk), {"alasan": "Anggota mengurungkan"})
    p.refresh_from_db()
    assert p.status == StatusPinjaman.DIBATALKAN


# --- Disbursement --------------------------------------------------------------------------


def test_disbursing_an_unapproved_loan_is_refused_and_nothing_posted(maju, ani, budi, citra_anggota):
    p = ajukan(citra_anggota, budi)
    laci(maju, budi, timezone.localdate())
    client = login(budi)
    resp = client.get(url("cairkan", p.pk))
    pesan = str(BELUM_DISETUJUI).format(nomor=p.nomor, status="diajukan")
    assert pesan in teks(resp)
    before = jejak(maju)
    kunci = "a" * 32
    resp = client.post(url("cairkan", p.pk), {"kunci": kunci, "cara": "tunai"})
    assert pesan in teks(resp)
    resp = client.post(url("cairkan", p.pk), {"kunci": kunci, "cara": "tunai", "konfirmasi": "1"})
    assert pesan in teks(resp)
    assert jejak(maju) == before


def test_cash_disbursement_needs_the_users_own_drawer(maju, ani, budi, citra_anggota):
    p = ajukan(citra_anggota, budi)
    pinjaman_setujui(pinjaman=p, actor=ani, roles=frozenset({NamaPeran.KETUA}))
    client = login(budi)
    resp = client.get(url("cairkan", p.pk))
    assert reverse("savings:laci", args=[KODE]) in teks(resp)
    before = jejak(maju)
    resp = client.post(url("cairkan", p.pk), {"kunci": "b" * 32, "cara": "tunai"})
    assert str(LACI_BELUM_DIBUKA) in teks(resp)
    assert jejak(maju) == before


def test_happy_path_application_approval_disbursement_detail(maju, ani, budi, citra_anggota, umum):
    petugas = login(budi)
    # 1. Budi (kasir) enters the application with collateral and a scanned document.
    data = isian(
        citra_anggota,
        umum,
        jaminan_0_jenis="bpkb",
        jaminan_0_uraian="BPKB Honda Beat 2019",
        jaminan_0_nilai="8.000.000",
        jaminan_0_dokumen=SimpleUploadedFile("bpkb.png", png_bytes(), content_type="image/png"),
        autodebet="on",
    )
    resp = petugas.post(url("ajukan"), data)
    p = Pinjaman.objects.get()
    assert resp.status_code == 302 and resp["Location"] == url("detail", p.pk)
    assert (p.pokok, p.tenor, p.diajukan_oleh, p.autodebet) == (D("9000000"), 12, budi, True)
    j = p.jaminan.get()
    assert j.dokumen and j.nilai_taksiran == D("8000000")
    dokumen = petugas.get(url("jaminan_dokumen", j.pk))
    assert dokumen.status_code == 200 and b"".join(dokumen.streaming_content).startswith(b"\x89PNG")

    # 2. Budi cannot decide (kasir); Ani (ketua) approves.
    assert petugas.post(url("putuskan", p.pk), {"keputusan": "setujui"}).status_code == 404
    ketua = login(ani)
    resp = ketua.post(url("putuskan", p.pk), {"keputusan": "setujui", "catatan": "Usaha lancar"})
    assert resp.status_code == 302
    p.refresh_from_db()
    assert p.status == StatusPinjaman.DISETUJUI and p.diputus_oleh == ani

    # 3. Budi disburses in cash from his drawer: form → confirmation → posted once.
    laci(maju, budi, timezone.localdate())
    kunci = "c" * 32
    resp = petugas.post(url("cairkan", p.pk), {"kunci": kunci, "cara": "tunai"})
    html = teks(resp)
    assert "Periksa pencairan pinjaman" in html and "Rp8.885.000" in html
    assert "Rp90.000" in html and "Rp25.000" in html  # provisi 1%, administrasi
    resp = petugas.post(url("cairkan", p.pk), {"kunci": kunci, "cara": "tunai", "konfirmasi": "1"})
    assert resp.status_code == 302 and resp["Location"] == url("detail", p.pk)
    again = petugas.post(url("cairkan", p.pk), {"kunci": kunci, "cara": "tunai", "konfirmasi": "1"})
    assert again.status_code == 302  # a double click posts once
    p.refresh_from_db()
    assert p.status == StatusPinjaman.AKTIF and p.sisa_pokok == D("9000000")
    kw = Kwitansi.objects.get(jurnal=p.jurnal_cair)
    assert kw.jumlah == D("8885000")

    # 4. The hub shows the schedule, the receipt and the documents.
    resp = petugas.get(url("detail", p.pk))
    html = teks(resp)
    assert reverse("savings:kwitansi", args=[KODE, kw.pk]) in html
    assert url("perjanjian_pdf", p.pk) in html and url("jadwal_pdf", p.pk) in html
    assert url("bayar", p.pk) in html and url("pelunasan", p.pk) in html
    assert len(resp.context["jadwal"]) == 12
    assert resp.context["ringkasan"].angsuran_berikut.ke == 1
    assert [log.aksi for log in resp.context["jejak"]] == ["pinjaman.ajukan", "pinjaman.setujui", "pinjaman.cair"]
    assert resp.context["ringkasan"].pelunasan is not None
    pdf = petugas.get(url("perjanjian_pdf", p.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_disbursement_to_sukarela_needs_no_drawer(maju, ani, budi, citra_anggota):
    rekening_buka_anggota_baru(anggota=citra_anggota, tanggal=timezone.localdate())
    p = ajukan(citra_anggota, budi)
    pinjaman_setujui(pinjaman=p, actor=ani, roles=frozenset({NamaPeran.KETUA}))
    client = login(budi)
    resp = client.post(url("cairkan", p.pk), {"kunci": "d" * 32, "cara": "sukarela", "konfirmasi": "1"})
    assert resp.status_code == 302
    p.refresh_from_db()
    assert p.status == StatusPinjaman.AKTIF and p.cara_cair == "sukarela"


# --- Simulator -----------------------------------------------------------------------------


def test_public_simulator_shows_840000_for_the_domain_example(maju, umum):
    resp = Client().get(url("simulasi"), {"produk": umum.pk, "pokok": "9.000.000", "tenor": "12"})
    assert resp.status_code == 200
    html = teks(resp)
    assert "Rp840.000" in html and "Rp1.080.000" in html and "Rp10.080.000" in html  # jasa, total
    assert "Flat" in html
    assert len(resp.context["pratinjau"].jadwal.baris) == 12


def test_simulator_fragment_for_htmx_and_limits(maju, umum):
    resp = Client().get(url("simulasi"), {"produk": umum.pk, "pokok": "9000000", "tenor": "99"}, HTTP_HX_REQUEST="true")
    html = teks(resp)
    assert "<html" not in html
    assert str(TENOR_DI_LUAR).format(produk=umum.nama, minimum=3, maksimum=36) in html


def test_simulator_without_input_shows_the_form_only(maju, umum):
    resp = Client().get(url("simulasi"), {"produk": umum.pk})
    assert resp.context["form"].errors == {} and resp.context["pratinjau"].jadwal is None


def test_simulator_of_unknown_koperasi_is_404(db):
    assert Client().get(reverse("loans:simulasi", args=["tidak-ada"])).status_code == 404


# --- Products and settings -----------------------------------------------------------------


def test_product_edit_shows_service_errors_and_saves_when_valid(maju, ani, umum):
    client = login(ani)
    resp = client.get(url("produk_ubah", umum.pk))
    form = resp.context["form"]
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None}
    assert data["suku_bunga"] == "1" and data["plafon_min"] == "500.000"  # shown as people type them
    data.update({"biaya_dipotong": "on", "aktif": "on", "plafon_min": "5.000.000", "plafon_maks": "1.000.000"})
    resp = client.post(url("produk_ubah", umum.pk), data)
    assert resp.context["form"].errors["plafon_maks"] == [str(PLAFON_TERBALIK)]
    umum.refresh_from_db()
    assert umum.plafon_maks == D("30000000")
    data.update({"plafon_min": "1.000.000", "plafon_maks": "40.000.000", "suku_bunga": "1,5"})
    resp = client.post(url("produk_ubah", umum.pk), data)
    assert resp.status_code == 302
    umum.refresh_from_db()
    assert (umum.plafon_min, umum.plafon_maks, umum.suku_bunga) == (D("1000000"), D("40000000"), D("1.5"))
    assert AuditLog.objects.filter(aksi="produk_pinjaman.ubah").exists()


def test_manager_reads_products_but_cannot_change(maju, manajer, umum):
    client = login(manajer)
    assert client.get(url("produk_list")).status_code == 200
    assert client.get(url("produk_ubah", umum.pk)).status_code == 404
    assert client.post(url("pengaturan"), {}).status_code == 404


def test_settings_approval_limits(maju, ani):
    client = login(ani)
    form = client.get(url("pengaturan")).context["form"]
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None and v is not False}
    data.update({"batas_manajer": "15.000.000", "batas_bendahara": "", "tanpa_batas_ketua": "on"})
    data.pop("batas_sekretaris", None)
    data.pop("akrual_bunga", None)
    resp = client.post(url("pengaturan"), data)
    assert resp.status_code == 302, resp.context["form"].errors
    from gotong.loans.services import pengaturan

    batas = pengaturan(maju).batas_persetujuan
    assert batas == {"manajer": "15000000.00", "ketua": None}
    data.update({"hari_kurang_lancar": "200"})
    resp = client.post(url("pengaturan"), data)
    assert "Batas hari harus naik" in teks(resp)


# --- PDFs ----------------------------------------------------------------------------------


def test_agreement_pdf_has_parties_terms_and_signatures(maju, ani, budi, citra_anggota):
    Peran.objects.filter(user=ani).update(aktif=True)
    p = cair(
        citra_anggota,
        budi,
        ani,
        penjamin_nama="Bambang Wijaya",
        penjamin_hubungan="Suami",
        jaminan=[_jaminan()],
        pokok="12000000",
    )
    text = pdf_teks(perjanjian_pdf(p, kompres=False))
    for expected in (
        "KOPERASI MAJU BERSAMA",
        "SURAT PERJANJIAN PINJAMAN",
        p.nomor,
        "Citra Lestari",
        "3673014508900003",
        "MB-2021-0001",
        "Rp12.000.000",
        "Pihak Pertama",
        "Pihak Kedua",
        "Ani Suryani",
        "SHM No. 12",
        "Bambang Wijaya",
        "Denda keterlambatan",
        "Pelunasan dipercepat",
        "Halaman 1 dari",
    ):
        assert expected in text, expected


def test_schedule_pdf_has_rows_and_running_balance(maju, ani, budi, citra_anggota):
    p = cair(citra_anggota, budi, ani)
    text = pdf_teks(jadwal_pdf(p, kompres=False))
    for expected in (
        "JADWAL ANGSURAN",
        p.nomor,
        "Rp840.000",
        "Rp8.250.000",
        "Rp10.080.000",
        "15-02-2026",
        "Sisa pokok",
    ):
        assert expected in text, expected


def test_selectors_summary_for_a_running_loan(maju, ani, budi, citra_anggota):
    import datetime as dt

    p = cair(citra_anggota, budi, ani)
    r = selectors.ringkasan_pinjaman(p, dt.date(2026, 3, 20))
    assert r.angsuran_tertunggak == 2 and r.angsuran_berikut.ke == 1
    assert r.hari_tunggakan == 33
    assert r.pelunasan is not None and r.pelunasan > p.sisa_pokok
    assert selectors.pinjaman_anggota(citra_anggota) == [p]
