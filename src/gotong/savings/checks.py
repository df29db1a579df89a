"""The savings subledger against the ledger, for ``manage.py check_books``.

Per kind, the sum of the account balances (every account, closed ones at zero) equals the
balance of the kind's control account; per account, the kept balance equals the sum of
its movements and the running balance of its last movement.
"""

from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gotong.core.formatting import rupiah
from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO
from gotong.ledger.checks import bandingkan_kontrol
from gotong.savings.models import AKUN_KONTROL, JenisSimpanan, MutasiSimpanan, RekeningSimpanan
from gotong.tenancy.models import Koperasi

SALDO_BEDA_MUTASI = _("Rekening {nomor}: saldo {saldo}, jumlah mutasinya {mutasi}.")
SALDO_BEDA_TERAKHIR = _("Rekening {nomor}: saldo {saldo}, saldo pada mutasi terakhirnya {terakhir}.")
_MONEY = DecimalField(max_digits=MONEY_MAX_DIGITS + 4, decimal_places=MONEY_DECIMAL_PLACES)


def simpanan_cocok_kontrol(koperasi: Koperasi) -> list[str]:
    """Each kind's accounts add up to its control account (2.10, 2.11, 3.10, 3.11)."""
    totals = dict(
        RekeningSimpanan.objects.filter(koperasi=koperasi)
        .values("jenis")
        .annotate(s=Sum("saldo"))
        .order_by()
        .values_list("jenis", "s")
    )
    problems: list[str] = []
    for jenis in JenisSimpanan:
        problems += bandingkan_kontrol(
            koperasi=koperasi, kode=AKUN_KONTROL[jenis], nama=str(jenis.label), pembantu=totals.get(jenis.value) or ZERO
        )
    return problems


def simpanan_cocok_mutasi(koperasi: Koperasi) -> list[str]:
    """Each account's balance equals the sum of its movements and its last running balance."""
    last = MutasiSimpanan.objects.filter(rekening=OuterRef("pk")).order_by("-id").values("saldo_setelah")[:1]
    rows = (
        RekeningSimpanan.objects.filter(koperasi=koperasi)
        .annotate(
            total=Coalesce(Sum("mutasi__jumlah"), ZERO, output_field=_MONEY),
            terakhir=Coalesce(Subquery(last), ZERO, output_field=_MONEY),
        )
        .filter(~Q(saldo=F("total")) | ~Q(saldo=F("terakhir")))
        .order_by("nomor")
    )
    problems: list[str] = []
    for r in rows:
        if r.saldo != r.total:
            problems.append(str(SALDO_BEDA_MUTASI).format(nomor=r.nomor, saldo=rupiah(r.saldo), mutasi=rupiah(r.total)))
        if r.saldo != r.terakhir:
            problems.append(
                str(SALDO_BEDA_TERAKHIR).format(nomor=r.nomor, saldo=rupiah(r.saldo), terakhir=rupiah(r.terakhir))
            )
    return problems
