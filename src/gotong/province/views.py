from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from gotong.core import regions
from gotong.province import selectors
from gotong.tenancy.models import JenisKoperasi
from gotong.tenancy.scope import DinasRequest, dinas_view


@dinas_view
def dasbor(request: DinasRequest) -> HttpResponse:
    wilayah = request.dinas_wilayah
    filters = {k: request.GET.get(k, "") for k in ("kabupaten", "digital", "jenis", "q")}
    rows = selectors.per_kabupaten(wilayah=wilayah)
    page = Paginator(selectors.registry(wilayah=wilayah, filters=filters), 25).get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        "wilayah_nama": regions.nama(wilayah),
        "rows": rows,
        "total": sum(r["total"] for r in rows),
        "total_digital": sum(r["digital"] for r in rows),
        "total_manual": sum(r["manual"] for r in rows),
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "kabupaten_list": regions.children(wilayah) if wilayah.count(".") == 0 else [],
        "jenis_list": JenisKoperasi.choices,
    }
    return render(request, "province/dasbor.html", context)
