"""Reads for the ledger: balances from the maintained monthly sums, account ledgers."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from gotong.core.money import ZERO
from gotong.ledger.models import Akun, BarisJurnal, SaldoBulanan, Sisi
from gotong.tenancy.models import Koperasi


@dataclass(frozen=True)
class SaldoAkun:
    akun: Akun
    debit: Decimal
    kredit: Decimal

    @property
    def saldo(self) -> Decimal:
        """Balance on the account's normal side (negative when it runs the other way)."""
        if self.akun.saldo_normal == Sisi.DEBIT:
            return self.debit - self.kredit
        return self.kredit - self.debit


def _until(per: dt.date) -> Q:
    return Q(tahun__lt=per.year) | Q(tahun=per.year, bulan__lte=per.month)


def neraca_saldo(*, koperasi: Koperasi, per: dt.date) -> list[SaldoAkun]:
    """Trial balance at the end of ``per``'s month, from maintained monthly balances."""
    sums = (
        SaldoBulanan.objects.filter(_until(per), koperasi=koperasi)
        .values("akun_id")
        .annotate(d=Sum("debit"), k=Sum("kredit"))
    )
    by_akun = {row["akun_id"]: (row["d"] or ZERO, row["k"] or ZERO) for row in sums}
    accounts = Akun.objects.for_koperasi(koperasi).filter(pk__in=by_akun).order_by("kode")
    return [SaldoAkun(a, *by_akun[a.pk]) for a in accounts]


def saldo_akun(*, akun: Akun, per: dt.date) -> Decimal:
    row = SaldoBulanan.objects.filter(_until(per), akun=akun).aggregate(d=Sum("debit"), k=Sum("kredit"))
    return SaldoAkun(akun, row["d"] or ZERO, row["k"] or ZERO).saldo


def saldo_awal_bulan(*, akun: Akun, tanggal: dt.date) -> Decimal:
    """Balance before the first day of ``tanggal``'s month."""
    first = tanggal.replace(day=1) - dt.timedelta(days=1)
    return saldo_akun(akun=akun, per=first)


def baris_akun(*, akun: Akun, dari: dt.date, sampai: dt.date) -> QuerySet[BarisJurnal]:
    """Lines of one account between two dates, oldest first (for the buku besar)."""
    return (
        BarisJurnal.objects.filter(akun=akun, jurnal__tanggal__gte=dari, jurnal__tanggal__lte=sampai)
        .select_related("jurnal", "anggota")
        .order_by("jurnal__tanggal", "jurnal_id", "id")
    )


def saldo_sebelum(*, akun: Akun, tanggal: dt.date) -> Decimal:
    """Balance before ``tanggal``: maintained months before it plus the lines of its month before it."""
    base = saldo_awal_bulan(akun=akun, tanggal=tanggal)
    lines = BarisJurnal.objects.filter(
        akun=akun, jurnal__tanggal__gte=tanggal.replace(day=1), jurnal__tanggal__lt=tanggal
    ).aggregate(d=Sum("jumlah", filter=Q(sisi=Sisi.DEBIT)), k=Sum("jumlah", filter=Q(sisi=Sisi.KREDIT)))
    return base + SaldoAkun(akun, lines["d"] or ZERO, lines["k"] or ZERO).saldo
