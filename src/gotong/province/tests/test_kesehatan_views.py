"""Health-assessment screens: the koperasi's own pages, the Dinas's pages, the PDF, scoping."""

import datetime as dt
from typing import Any

from conftest import login
from django.test import Client

from gotong.accounts.models import User
from gotong.province import health, kesehatan
from gotong.province.models import PenilaianKesehatan
from gotong.province.models_kesehatan import StatusPenilaian
from gotong.province.tests.test_kesehatan import rasio_sehat, semua_ya
from gotong.tenancy.models import JenisKoperasi, Koperasi, NamaPeran, Peran, PeranDinas, TingkatDinas

TAHUN = dt.date.today().year - 1
SKEMA = health.PERDEP_06_2016


def _post_data(rasio: dict[str, str], jawaban: dict[str, bool], aksi: str) -> dict[str, str]:
    data = {f"rasio_{k}": v for k, v in rasio.items()}
    data.update({f"q_{k}": "ya" if v else "tidak" for k, v in jawaban.items()})
    return {**data, "aksi": aksi, "tahun": str(TAHUN)}


def test_the_board_computes_from_the_books_answers_and_finalises(as_ani: Client, maju: Koperasi) -> None:
    assert as_ani.get("/k/maju-bersama/kesehatan/").status_code == 200
    r = as_ani.post("/k/maju-bersama/kesehatan/", {"tahun": str(TAHUN)})
    assert r.status_code == 302 and r["Location"].endswith(f"/kesehatan/{TAHUN}/")
    p = PenilaianKesehatan.objects.get(koperasi=maju, tahun=TAHUN)
    assert p.sumber == "buku"
    page = as_ani.get(f"/k/maju-bersama/kesehatan/{TAHUN}/").content.decode()
    assert "Gotong tidak memisahkan biaya karyawan" in page and 'name="q_mu1"' in page
    assert "Dari buku: " in page  # each ratio the books gave is named beside its field
    r = as_ani.post(f"/k/maju-bersama/kesehatan/{TAHUN}/", _post_data(rasio_sehat(), semua_ya(), "final"))
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == StatusPenilaian.FINAL and p.predikat == "sehat" and str(p.total) == "99.00"
    page = as_ani.get(f"/k/maju-bersama/kesehatan/{TAHUN}/").content.decode()
    assert "99,00" in page and "Sehat" in page and 'name="rasio_kas"' not in page  # final: no form


def test_a_bad_ratio_shows_its_message_beside_the_field_and_keeps_what_was_typed(
    as_ani: Client, maju: Koperasi, ani: User
) -> None:
    kesehatan.penilaian_dari_buku(koperasi=maju, tahun=TAHUN, actor=ani)
    before = PenilaianKesehatan.objects.get().rasio
    data = _post_data({**rasio_sehat(), "kas": "banyak"}, semua_ya(), "simpan")
    r = as_ani.post(f"/k/maju-bersama/kesehatan/{TAHUN}/", data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Rasio kas: &#x27;banyak&#x27; bukan angka. Tulis persen seperti 12,5." in html
    assert 'value="banyak"' in html and 'value="3,5"' in html
    assert PenilaianKesehatan.objects.get().rasio == before  # nothing saved


def test_finalising_an_incomplete_questionnaire_is_refused_with_the_count(
    as_ani: Client, maju: Koperasi, ani: User
) -> None:
    kesehatan.penilaian_dari_buku(koperasi=maju, tahun=TAHUN, actor=ani)
    jawaban = semua_ya()
    del jawaban["ma3"]
    r = as_ani.post(f"/k/maju-bersama/kesehatan/{TAHUN}/", _post_data(rasio_sehat(), jawaban, "final"))
    assert r.status_code == 200
    assert str(kesehatan.KUESIONER_BELUM_LENGKAP).format(n=1) in r.content.decode()
    assert PenilaianKesehatan.objects.get().status == StatusPenilaian.DRAFT  # the draft is kept


def test_the_pengawas_reads_but_cannot_change(maju: Koperasi, pengawas: User, ani: User) -> None:
    kesehatan.penilaian_simpan(koperasi=maju, tahun=TAHUN, rasio=rasio_sehat(), jawaban={}, actor=ani)
    as_hadi = login(pengawas)
    assert as_hadi.get(f"/k/maju-bersama/kesehatan/{TAHUN}/").status_code == 200
    r = as_hadi.post(f"/k/maju-bersama/kesehatan/{TAHUN}/", _post_data(rasio_sehat(), semua_ya(), "final"))
    assert r.status_code == 404
    assert PenilaianKesehatan.objects.get().status == StatusPenilaian.DRAFT


def test_the_kasir_and_the_outsider_get_404(budi: User, as_dedi: Client, maju: Koperasi) -> None:
    for client in (login(budi), as_dedi):
        assert client.get("/k/maju-bersama/kesehatan/").status_code == 404
        assert client.get(f"/k/maju-bersama/kesehatan/{TAHUN}/pdf/").status_code == 404


def test_a_produsen_koperasi_is_told_it_is_not_assessed(as_dedi: Client, tani: Koperasi) -> None:
    html = as_dedi.get("/k/tani-makmur/kesehatan/").content.decode()
    assert "hanya untuk koperasi simpan pinjam" in html
    r = as_dedi.post("/k/tani-makmur/kesehatan/", {"tahun": str(TAHUN)})
    assert r.status_code == 200 and not PenilaianKesehatan.objects.exists()
    assert as_dedi.get(f"/k/tani-makmur/kesehatan/{TAHUN}/").status_code == 404  # no assessment, no page


def test_the_pdf_prints_the_score_and_band_or_a_blank_worksheet(as_ani: Client, maju: Koperasi, ani: User) -> None:
    from gotong.province.pdf_kesehatan import penilaian_pdf

    kosong = penilaian_pdf(koperasi=maju, tahun=TAHUN, penilaian=None, kompres=False).decode("latin-1")
    assert "Kertas kerja kosong" in kosong and "Halaman 1 dari" in kosong
    assert as_ani.get(f"/k/maju-bersama/kesehatan/{TAHUN}/pdf/").status_code == 404  # none yet
    p = kesehatan.penilaian_simpan(koperasi=maju, tahun=TAHUN, rasio=rasio_sehat(), jawaban=semua_ya(), actor=ani)
    teks = penilaian_pdf(koperasi=maju, tahun=TAHUN, penilaian=p, kompres=False).decode("latin-1")
    assert "KOPERASI MAJU BERSAMA" in teks and "99,00" in teks and "Sehat" in teks
    r = as_ani.get(f"/k/maju-bersama/kesehatan/{TAHUN}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def _manual(kab: str = "36.02") -> Koperasi:
    return Koperasi.objects.create(
        kode="ksp-sumber-rejeki", nama="KSP Sumber Rejeki", jenis=JenisKoperasi.SIMPAN_PINJAM, kabupaten_kode=kab
    )


def test_the_dinas_enters_a_registry_only_ksp_and_sees_it_in_the_spread(eka: User) -> None:
    manual = _manual()
    as_eka = login(eka)
    url = f"/dinas/koperasi/{manual.pk}/kesehatan/"
    page = as_eka.get(url).content.decode()
    assert "belum memakai Gotong" in page and 'value="hitung"' not in page
    r = as_eka.post(f"{url}?tahun={TAHUN}", _post_data(rasio_sehat(), semua_ya(False), "final"))
    assert r.status_code == 302
    p = PenilaianKesehatan.objects.get(koperasi=manual)
    assert (p.status, p.predikat, p.oleh_dinas, str(p.total)) == ("final", "sehat", True, "84.00")
    html = as_eka.get("/dinas/kesehatan/", {"tahun": TAHUN}).content.decode()
    assert "KSP Sumber Rejeki" in html and 'id="grafik-kesehatan"' in html and "<svg" in html
    xlsx = as_eka.get("/dinas/kesehatan/sebaran.xlsx", {"tahun": TAHUN})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "KSP Sumber Rejeki" in as_eka.get("/dinas/koperasi/", {"kesehatan": "sehat"}).content.decode()
    assert "KSP Sumber Rejeki" not in as_eka.get("/dinas/koperasi/", {"kesehatan": "belum"}).content.decode()
    r = as_eka.post(f"{url}?tahun={TAHUN}", {"aksi": "buka", "tahun": str(TAHUN)})
    assert r.status_code == 302 and PenilaianKesehatan.objects.get().status == StatusPenilaian.DRAFT


def test_a_kabupaten_officer_sees_only_its_own_region(maju: Koperasi, ani: User) -> None:
    lebak = _manual("36.02")
    kesehatan.penilaian_simpan(koperasi=lebak, tahun=TAHUN, rasio=rasio_sehat(), jawaban=semua_ya(), actor=None)
    kesehatan.penilaian_finalkan(penilaian=PenilaianKesehatan.objects.get(), actor=None)
    officer = User.objects.create_user(username="fajar", password="x-" * 8, nama_lengkap="Fajar")
    PeranDinas.objects.create(user=officer, tingkat=TingkatDinas.KABUPATEN, wilayah_kode="36.73")
    as_fajar = login(officer)
    assert as_fajar.get(f"/dinas/koperasi/{lebak.pk}/kesehatan/").status_code == 404
    assert as_fajar.post(f"/dinas/koperasi/{lebak.pk}/kesehatan/", {"aksi": "buka"}).status_code == 404
    assert as_fajar.get(f"/dinas/koperasi/{lebak.pk}/kesehatan/pdf/").status_code == 404
    assert "KSP Sumber Rejeki" not in as_fajar.get("/dinas/kesehatan/", {"tahun": TAHUN}).content.decode()
    assert as_fajar.get(f"/dinas/koperasi/{maju.pk}/kesehatan/").status_code == 200


def test_a_koperasi_officer_has_no_dinas_health_pages(as_ani: Client, maju: Koperasi) -> None:
    assert as_ani.get("/dinas/kesehatan/").status_code == 404
    assert as_ani.get(f"/dinas/koperasi/{maju.pk}/kesehatan/").status_code == 404


def test_the_cooperative_page_shows_its_health_history(eka: User, maju: Koperasi, ani: Any) -> None:
    kesehatan.penilaian_simpan(koperasi=maju, tahun=TAHUN, rasio=rasio_sehat(), jawaban=semua_ya(), actor=ani)
    html = login(eka).get(f"/dinas/koperasi/{maju.pk}/").content.decode()
    assert 'id="kesehatan"' in html and f"/dinas/koperasi/{maju.pk}/kesehatan/" in html


def test_the_manager_may_assess_too(maju: Koperasi, ani: User) -> None:
    kesehatan.penilaian_dari_buku(koperasi=maju, tahun=TAHUN, actor=ani)
    maya = User.objects.create_user(username="maya", password="x-" * 8, nama_lengkap="Maya")
    Peran.objects.create(user=maya, koperasi=maju, peran=NamaPeran.MANAJER)
    r = login(maya).post(f"/k/maju-bersama/kesehatan/{TAHUN}/", _post_data(rasio_sehat(), {}, "simpan"))
    assert r.status_code == 302 and PenilaianKesehatan.objects.filter(koperasi=maju).exists()


def test_the_dashboard_shows_the_bands_and_exports_them(eka: User, maju: Koperasi, ani: User) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    as_eka = login(eka)
    assert "Belum ada penilaian kesehatan" in as_eka.get("/dinas/").content.decode()
    p = kesehatan.penilaian_simpan(koperasi=maju, tahun=TAHUN, rasio=rasio_sehat(), jawaban=semua_ya(), actor=ani)
    kesehatan.penilaian_finalkan(penilaian=p, actor=ani)
    html = as_eka.get("/dinas/").content.decode()
    assert 'id="grafik-kesehatan"' in html and 'id="tabel-kesehatan"' in html and "Belum ada penilaian" not in html
    book = load_workbook(BytesIO(as_eka.get("/dinas/dasbor.xlsx").content))
    rows = [r for r in book["kesehatan"].iter_rows(values_only=True) if r[0] == "Kota Serang"]
    assert rows and rows[0][1] == 1  # one Sehat
