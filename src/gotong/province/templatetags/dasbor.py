"""Template filters of the Dinas dashboard."""

from decimal import Decimal

from django import template

from gotong.province.charts import format_nilai

register = template.Library()


@register.filter
def angka(value: int | Decimal | None) -> str:
    """``12.345``: a count with the Indonesian thousands separator."""
    return format_nilai(value or 0, "angka")
