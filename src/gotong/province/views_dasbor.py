"""The Dinas dashboard (``/dinas/``) and its exports: thin views over ``province.dasbor``."""

from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gotong.core import regions
from gotong.province import charts, dasbor, kesehatan, selectors
from gotong.province.dasbor_export import dasbor_pdf, dasbor_xlsx
from gotong.tenancy.models import JenisKoperasi
from gotong.tenancy.scope import DinasRequest, dinas_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_FILTERS = ("q", "digital", "jenis")
CACHE_DETIK = 3600  # a backstop only: the key changes with the aggregates


class _JumlahDiketahui(Paginator):
    """A paginator whose total comes from the aggregates instead of a COUNT over the registry."""

    def __init__(self, object_list: Any, per_page: int, *, jumlah: int | None) -> None:
        super().__init__(object_list, per_page)
        self._jumlah = jumlah

    @cached_property
    def count(self) -> int:
        return self._jumlah if self._jumlah is not None else super().count


def _tahun(request: DinasRequest) -> int | None:
    raw = request.GET.get("tahun", "").strip()
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


def _params(request: DinasRequest) -> dict[str, Any]:
    return {
        "wilayah": request.dinas_wilayah,
        "kabupaten": request.GET.get("kabupaten", "").strip(),
        "tahun": _tahun(request),
        "ukuran": request.GET.get("ukuran", "jumlah"),
    }


def _dasbor(request: DinasRequest) -> dasbor.Dasbor:
    """Every figure, fresh (the exports)."""
    d = dasbor.dasbor(**_params(request))
    dasbor.tambah_pelatihan(d)
    return d


def _kartu(d: dasbor.Dasbor, ekspor: str) -> dict[str, Any]:
    peta_g = dasbor.peta_grafik(d)
    sehat = kesehatan.grafik_dasbor(d.wilayah)
    return {
        "d": d,
        "kesehatan": {"g": sehat, "svg": charts.render(sehat), "tabel": _tabel(sehat, ekspor)},
        "grafik": [{"g": g, "svg": charts.render(g), "tabel": _tabel(g, ekspor)} for g in d.urutan],
        "peta": {
            "g": peta_g,
            "svg": charts.peta(
                id="peta-svg", judul=peta_g.judul, deskripsi=peta_g.deskripsi, nilai=d.peta_nilai, satuan=peta_g.satuan
            ),
            "tabel": _tabel(peta_g, ekspor),
            "kelas": [
                (k.warna, charts.format_nilai(k.dari, peta_g.satuan), charts.format_nilai(k.sampai, peta_g.satuan))
                for k in charts.kelas_peta(list(d.peta_nilai.values()))
            ],
        },
    }


def _bagian_grafik(request: DinasRequest, ekspor: str) -> tuple[dasbor.Dasbor, str]:
    """The charts, the map and the figures, rendered once per version of what they show: the
    key holds the region's aggregates version (``dasbor.versi``, one small query), which also
    moves when the region's trainings or final health assessments change
    (``agregat.versi_baru``), so any change is seen on the next view."""
    p = _params(request)
    kode, _kabs = dasbor.cakupan(p["wilayah"], p["kabupaten"])
    bagian = [str(p["tahun"]), p["ukuran"], get_language() or "", dasbor.versi(kode), ekspor]
    key = ":".join(["dasbor", kode, *bagian])
    found = cache.get(key)
    if found is None:
        d = dasbor.dasbor(**p)
        dasbor.tambah_pelatihan(d)
        html = render_to_string("province/_dasbor_grafik.html", _kartu(d, ekspor), request=request)
        found = (d, html)
        cache.set(key, found, CACHE_DETIK)
    return found


def _register_page(request: DinasRequest, d: dasbor.Dasbor) -> Any:
    filters = {k: request.GET.get(k, "").strip() for k in LIST_FILTERS}
    kab = d.wilayah if "." in d.wilayah else ""
    filters["kabupaten"] = kab
    qs = selectors.registry(wilayah=request.dinas_wilayah, filters=filters).only(
        "pk", "nama", "jenis", "nomor_badan_hukum", "kabupaten_kode", "digital"
    )
    jumlah = None if filters["q"] else dasbor.jumlah_register(d, filters=filters)
    return _JumlahDiketahui(qs, 25, jumlah=jumlah).get_page(request.GET.get("hal")), filters


@dinas_view
def dasbor_view(request: DinasRequest) -> HttpResponse:
    ekspor = _ekspor_query(request)
    d, bagian = _bagian_grafik(request, ekspor)
    page, filters = _register_page(request, d)
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        "d": d,
        "bagian": mark_safe(bagian),  # noqa: S308 - rendered by our own template above
        "wilayah_nama": regions.nama(d.wilayah),
        "provinsi": "." not in request.dinas_wilayah,
        "kabupaten_list": regions.children(request.dinas_wilayah) if "." not in request.dinas_wilayah else [],
        "ukuran_list": list(dasbor.label_ukuran().items()),
        "page": page,
        "register_baris": _register_baris(page),
        "filters": filters,
        "query": query.urlencode(),
        "ekspor_query": ekspor,
        "jenis_list": JenisKoperasi.choices,
    }
    return render(request, "province/dasbor.html", context)


def _register_baris(page: Any) -> SafeString:
    """The register rows, built here (25 rows of a template loop cost more than the query)."""
    base = reverse("province:koperasi_detail", args=[0]).removesuffix("0/")
    # the labels once per page: ``get_jenis_display`` translates every choice for each row
    jenis = {v: str(label) for v, label in JenisKoperasi.choices}
    lencana = {
        True: format_html('<span class="badge digital">{}</span>', _("Digital")),
        False: format_html('<span class="badge manual">{}</span>', _("Manual")),
    }
    rows = [
        format_html(
            '<tr><td><a href="{}{}/">{}</a></td><td class="hide-sm">{}</td><td class="hide-sm">{}</td>'
            "<td>{}</td><td>{}</td></tr>",
            base,
            k.pk,
            k.nama,
            jenis.get(k.jenis, k.jenis),
            k.nomor_badan_hukum,
            regions.nama(k.kabupaten_kode),
            lencana[k.digital],
        )
        for k in page
    ]
    if not rows:
        empty = _("Tidak ada koperasi yang cocok dengan filter.")
        return format_html('<tr><td colspan="5" class="empty">{}</td></tr>', empty)
    return mark_safe("".join(rows))  # noqa: S308 - each row is built by format_html


def _tabel(g: charts.Grafik, ekspor_query: str = "") -> SafeString:
    """The chart's table and its Excel link, built once in Python (fifteen of them per page)."""
    url = reverse("province:dasbor_excel") + "?" + "&".join(q for q in (ekspor_query, f"tabel={g.id}") if q)
    tabel = charts.tabel_html(g, caption=_("Tabel data: %(j)s") % {"j": g.judul}, kosong=_("Belum ada data."))
    return format_html('{}<p><a href="{}">{}</a></p>', tabel, url, _("Unduh tabel ini (Excel)"))


def _ekspor_query(request: DinasRequest) -> str:
    q = request.GET.copy()
    for k in [k for k in q if k not in ("kabupaten", "tahun", "ukuran")]:
        q.pop(k)
    return q.urlencode()


def _semua_grafik(d: dasbor.Dasbor) -> list[charts.Grafik]:
    return [*d.urutan, dasbor.peta_grafik(d), kesehatan.grafik_dasbor(d.wilayah)]


@dinas_view
def dasbor_excel(request: DinasRequest) -> HttpResponse:
    d = _dasbor(request)
    grafik = _semua_grafik(d)
    tabel = request.GET.get("tabel", "")
    if tabel:
        grafik = [g for g in grafik if g.id == tabel]
        if not grafik:
            raise Http404(_("Tabel tidak ditemukan."))
    judul = _("Dasbor koperasi %(w)s — %(d)s") % {"w": regions.nama(d.wilayah), "d": f"{timezone.localdate():%d-%m-%Y}"}
    response = HttpResponse(dasbor_xlsx(grafik, judul=judul), content_type=XLSX)
    nama = f"dasbor-{tabel or 'semua'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


@dinas_view
def dasbor_pdf_view(request: DinasRequest) -> HttpResponse:
    d = _dasbor(request)
    judul = _("Dasbor koperasi %(w)s") % {"w": regions.nama(d.wilayah)}
    response = HttpResponse(
        dasbor_pdf(_semua_grafik(d), judul=judul, ringkas=d.ringkas), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="dasbor-koperasi.pdf"'
    return response
