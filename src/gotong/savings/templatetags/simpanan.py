"""Template helpers for savings: statement amounts, rates, and the savings sections shown
on the member pages (``{% simpanan_anggota anggota %}`` for staff, ``{% simpanan_saya anggota %}``
for the member)."""

from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from django import template

from gotong.members.models import Anggota
from gotong.savings import selectors
from gotong.savings.statement import rupiah_kurung as _rupiah_kurung
from gotong.tenancy.models import PENGURUS, NamaPeran

register = template.Library()

TELLER = PENGURUS | {NamaPeran.KASIR, NamaPeran.MANAJER}
PEMBACA = TELLER | {NamaPeran.PENGAWAS}


@register.filter
def rupiah_kurung(value: Decimal | None) -> str:
    """``Rp50.000``, or ``(Rp50.000)`` for money going out (statements, UX.md)."""
    return "" if value is None else _rupiah_kurung(Decimal(value))


@register.filter
def persen(value: Decimal | None) -> str:
    """``5,5%`` (Indonesian decimal comma, no trailing zeros)."""
    if value is None:
        return ""
    return format_decimal(Decimal(value), format="#,##0.###", locale="id_ID") + "%"


@register.inclusion_tag("savings/_simpanan_anggota.html", takes_context=True)
def simpanan_anggota(context: Any, anggota: Anggota) -> dict[str, Any]:
    """The member's savings on the staff profile: balances, statements, the exit settlement."""
    request = context["request"]
    roles: frozenset[str] = getattr(request, "roles", frozenset())
    boleh = bool(roles & PEMBACA)
    return {
        "request": request,
        "anggota": anggota,
        "boleh": boleh,
        "teller": bool(roles & TELLER),
        "ringkasan": selectors.ringkasan_anggota(anggota=anggota, termasuk_ditutup=True) if boleh else None,
        "penyelesaian": selectors.penyelesaian_anggota(anggota=anggota) if boleh else None,
    }


@register.inclusion_tag("savings/_simpanan_saya.html", takes_context=True)
def simpanan_saya(context: Any, anggota: Anggota) -> dict[str, Any]:
    """The member's own balances and links to their own statements (members/saya.html)."""
    return {
        "request": context["request"],
        "anggota": anggota,
        "ringkasan": selectors.ringkasan_anggota(anggota=anggota, termasuk_ditutup=True),
        "penyelesaian": selectors.penyelesaian_anggota(anggota=anggota),
    }
