"""Template filters: money as Rp1.250.000, dates as 14 Juli 2022 (Asia/Jakarta)."""

import datetime as dt
from decimal import Decimal

from django import template

from gotong.core import formatting, regions

register = template.Library()


@register.filter
def rupiah(value: Decimal | int | None) -> str:
    return formatting.rupiah(value)


@register.filter
def tanggal(value: dt.date | dt.datetime | None) -> str:
    return formatting.tanggal(value)


@register.filter
def waktu(value: dt.datetime | None) -> str:
    return formatting.tanggal_waktu(value)


@register.filter
def wilayah(kode: str | None) -> str:
    return regions.nama(kode)


@register.simple_tag
def query_with(query: str, **kwargs: object) -> str:
    """The current filter query string plus the given parameters (pagination links)."""
    from urllib.parse import parse_qsl, urlencode

    params = dict(parse_qsl(query))
    params.update({k: str(v) for k, v in kwargs.items()})
    return urlencode(params)
