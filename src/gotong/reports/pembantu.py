"""Subsidiary ledgers (buku pembantu) at a date: each member's savings accounts with their
balances, and each loan's outstanding principal — with the totals they must agree with in the
general ledger (savings by kind against 3.10/3.11/2.10/2.11, loans against 1.20).

Balances at a past date are rebuilt from the movements (savings movements dated up to that
day; disbursed principal less principal paid up to that day, nothing for a loan written off
by then), aggregated in the database per page; never one query per row.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO
from gotong.ledger import chart
from gotong.ledger.models import Sisi
from gotong.loans.models import PembayaranPinjaman, Pinjaman
from gotong.reports import statements as st
from gotong.savings.models import AKUN_KONTROL, JenisSimpanan, MutasiSimpanan, RekeningSimpanan
from gotong.tenancy.models import Koperasi

_UANG = DecimalField(max_digits=MONEY_MAX_DIGITS + 4, decimal_places=MONEY_DECIMAL_PLACES)
NOL = Value(ZERO, output_field=_UANG)


@dataclass(frozen=True)
class Kontrol:
    """A subsidiary ledger's total beside its control account in the general ledger."""

    label: str
    kode: str
    pembantu: Decimal
    buku_besar: Decimal

    @property
    def ok(self) -> bool:
        return self.pembantu == self.buku_besar

    @property
    def selisih(self) -> Decimal:
        return self.pembantu - self.buku_besar


def _saldo_kontrol(koperasi: Koperasi, per: dt.date) -> dict[str, Decimal]:
    """Each account's balance on its normal side at the end of ``per``'s month, by code."""
    akun = st.akun_koperasi(koperasi)
    saldo = st.saldo_akhir(koperasi=koperasi, tahun=per.year, bulan=per.month)
    return {a.kode: saldo.get(pk, st.Jumlah()).saldo(a.saldo_normal or Sisi.DEBIT) for pk, a in akun.items()}


def _cari(q: str) -> Q:
    return Q(anggota__nama__icontains=q) | Q(anggota__nomor_anggota__icontains=q) | Q(nomor__icontains=q)


# --- Savings ----------------------------------------------------------------------------------


def _saldo_rekening(per: dt.date) -> Subquery:
    # A correlated sum, worked out only for the rows of the page (index rekening, tanggal).
    return Subquery(
        MutasiSimpanan.objects.filter(rekening=OuterRef("pk"), tanggal__lte=per)
        .values("rekening")
        .annotate(s=Sum("jumlah"))
        .values("s")
    )


def rekening_per(*, koperasi: Koperasi, per: dt.date, q: str = "", jenis: str = "") -> QuerySet[RekeningSimpanan]:
    """Savings accounts open at ``per`` (or still holding money) with ``saldo_per``, their balance
    from the movements dated up to that day; by member name."""
    rows = (
        RekeningSimpanan.objects.filter(koperasi=koperasi, dibuka__lte=per)
        .exclude(ditutup__lte=per)
        .select_related("anggota", "produk")
        .annotate(saldo_per=Coalesce(_saldo_rekening(per), NOL))
    )
    if jenis in JenisSimpanan.values:
        rows = rows.filter(jenis=jenis)
    if q:
        rows = rows.filter(
            Q(anggota__nama__icontains=q) | Q(anggota__nomor_anggota__icontains=q) | Q(nomor__icontains=q)
        )
    return rows.order_by("anggota__nama", "anggota_id", "nomor")


def simpanan_kontrol(*, koperasi: Koperasi, per: dt.date) -> list[Kontrol]:
    """The savings of every member per kind at ``per`` beside the kind's control account."""
    rows = (
        MutasiSimpanan.objects.filter(koperasi=koperasi, tanggal__lte=per)
        .values("rekening__jenis")
        .annotate(s=Sum("jumlah"))
        .order_by()
    )
    per_jenis = {r["rekening__jenis"]: r["s"] or ZERO for r in rows}
    buku = _saldo_kontrol(koperasi, per)
    return [
        Kontrol(
            str(jenis.label), AKUN_KONTROL[jenis], per_jenis.get(jenis.value, ZERO), buku.get(AKUN_KONTROL[jenis], ZERO)
        )
        for jenis in JenisSimpanan
    ]


# --- Loans ------------------------------------------------------------------------------------


def _pinjaman_berjalan(koperasi: Koperasi, per: dt.date) -> QuerySet[Pinjaman]:
    # A loan written off by ``per`` left 1.20 in the write-off entry (loans.restrukturisasi).
    return Pinjaman.objects.filter(koperasi=koperasi, tanggal_cair__lte=per).exclude(tanggal_hapus_buku__lte=per)


def pinjaman_per(*, koperasi: Koperasi, per: dt.date, q: str = "") -> QuerySet[Pinjaman]:
    """Loans with principal outstanding at ``per`` (``sisa_per``: principal disbursed less the
    principal of the payments dated up to that day); by member name."""
    dibayar = Coalesce(Sum("pembayaran__pokok", filter=Q(pembayaran__tanggal__lte=per)), NOL)
    rows = (
        _pinjaman_berjalan(koperasi, per)
        .select_related("anggota", "produk")
        .annotate(sisa_per=ExpressionWrapper(F("pokok") - dibayar, output_field=_UANG))
        .filter(sisa_per__gt=0)
    )
    if q:
        rows = rows.filter(
            Q(anggota__nama__icontains=q) | Q(anggota__nomor_anggota__icontains=q) | Q(nomor__icontains=q)
        )
    return rows.order_by("anggota__nama", "anggota_id", "nomor")


def pinjaman_kontrol(*, koperasi: Koperasi, per: dt.date) -> Kontrol:
    """All loans' principal outstanding at ``per`` beside 1.20 Piutang pinjaman anggota."""
    berjalan = _pinjaman_berjalan(koperasi, per)
    cair = berjalan.aggregate(s=Coalesce(Sum("pokok"), NOL))["s"]
    bayar = PembayaranPinjaman.objects.filter(pinjaman__in=berjalan, tanggal__lte=per).aggregate(
        s=Coalesce(Sum("pokok"), NOL)
    )["s"]
    buku = _saldo_kontrol(koperasi, per).get(chart.PIUTANG_PINJAMAN, ZERO)
    return Kontrol(str(_("Piutang pinjaman anggota")), chart.PIUTANG_PINJAMAN, cair - bayar, buku)
