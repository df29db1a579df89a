"""Reads for the ledger: balances from the maintained monthly sums, account ledgers."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    RowRange,
    Sum,
    When,
    Window,
)
from django.db.models.functions import ExtractMonth, ExtractYear

from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO
from gotong.ledger.models import Akun, BarisJurnal, Jurnal, Periode, SaldoBulanan, Sisi, StatusUsulan, UsulanJurnal
from gotong.ledger.posting import BarisUsulan
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


# --- Screens ------------------------------------------------------------------------------

_MONEY = DecimalField(max_digits=MONEY_MAX_DIGITS + 4, decimal_places=MONEY_DECIMAL_PLACES)


def kode_key(kode: str) -> tuple[tuple[int, str], ...]:
    """Sort 1.2 before 1.10 (codes are dotted numbers; anything else sorts after)."""
    return tuple((int(part), "") if part.isdigit() else (1 << 30, part) for part in kode.split("."))


@dataclass(frozen=True)
class BarisBagan:
    """One account in the chart tree, with its sub-accounts' amounts rolled up."""

    akun: Akun
    tingkat: int
    debit_bulan: Decimal
    kredit_bulan: Decimal
    saldo: Decimal
    punya_sub: bool
    dipakai: bool


def _sums(rows: QuerySet[SaldoBulanan]) -> dict[int, tuple[Decimal, Decimal]]:
    grouped = rows.values("akun_id").annotate(d=Sum("debit"), k=Sum("kredit")).order_by()
    return {r["akun_id"]: (r["d"] or ZERO, r["k"] or ZERO) for r in grouped}


def _on_side(akun: Akun, debit: Decimal, kredit: Decimal) -> Decimal:
    return SaldoAkun(akun, debit, kredit).saldo


def bagan_akun_saldo(*, koperasi: Koperasi, per: dt.date) -> list[BarisBagan]:
    """The chart as a tree (depth-first by code) with each account's balance at the end of
    ``per``'s month and that month's debits and credits, parents including their sub-accounts."""
    accounts = {a.pk: a for a in Akun.objects.for_koperasi(koperasi)}
    base = SaldoBulanan.objects.filter(koperasi=koperasi)
    cumulative = _sums(base.filter(_until(per)))
    month = _sums(base.filter(tahun=per.year, bulan=per.month))
    used = set(base.values_list("akun_id", flat=True).distinct())
    total_cum: dict[int, list[Decimal]] = {pk: [ZERO, ZERO] for pk in accounts}
    total_month: dict[int, list[Decimal]] = {pk: [ZERO, ZERO] for pk in accounts}
    children: dict[int | None, list[Akun]] = {}
    for a in accounts.values():
        parent = a.induk_id if a.induk_id in accounts else None
        children.setdefault(parent, []).append(a)
        for totals, own in ((total_cum, cumulative), (total_month, month)):
            d, k = own.get(a.pk, (ZERO, ZERO))
            node: Akun | None = a
            while node is not None:  # add to the account and every ancestor
                totals[node.pk][0] += d
                totals[node.pk][1] += k
                node = accounts.get(node.induk_id) if node.induk_id else None
    rows: list[BarisBagan] = []

    def walk(parent: int | None, depth: int) -> None:
        for a in sorted(children.get(parent, []), key=lambda x: kode_key(x.kode)):
            rows.append(
                BarisBagan(
                    akun=a,
                    tingkat=depth,
                    debit_bulan=total_month[a.pk][0],
                    kredit_bulan=total_month[a.pk][1],
                    saldo=_on_side(a, *total_cum[a.pk]),
                    punya_sub=a.pk in children,
                    dipakai=a.pk in used,
                )
            )
            walk(a.pk, depth + 1)

    walk(None, 0)
    return rows


def jurnal_cari(
    *,
    koperasi: Koperasi,
    dari: dt.date,
    sampai: dt.date,
    sumber: str = "",
    akun: Akun | None = None,
    q: str = "",
) -> QuerySet[Jurnal]:
    """Entries of a date range, newest first, narrowed by source, account and text."""
    qs = Jurnal.objects.for_koperasi(koperasi).filter(tanggal__gte=dari, tanggal__lte=sampai)
    if sumber:
        qs = qs.filter(sumber=sumber)
    if akun is not None:
        qs = qs.filter(Exists(BarisJurnal.objects.filter(jurnal=OuterRef("pk"), akun=akun)))
    if q:
        qs = qs.filter(Q(nomor__icontains=q) | Q(keterangan__icontains=q))
    return qs.order_by("-tanggal", "-id")


def jurnal_dengan_jumlah(qs: QuerySet[Jurnal], akun: Akun | None = None) -> QuerySet[Jurnal]:
    """Each entry with its total (its debits); with ``akun``, that account's debit and credit too."""
    qs = qs.annotate(total=Sum("baris__jumlah", filter=Q(baris__sisi=Sisi.DEBIT)))
    if akun is not None:
        qs = qs.annotate(
            akun_debit=Sum("baris__jumlah", filter=Q(baris__sisi=Sisi.DEBIT, baris__akun=akun)),
            akun_kredit=Sum("baris__jumlah", filter=Q(baris__sisi=Sisi.KREDIT, baris__akun=akun)),
        )
    return qs


@dataclass(frozen=True)
class TotalJurnal:
    debit: Decimal
    kredit: Decimal


def jurnal_total(qs: QuerySet[Jurnal], akun: Akun | None = None) -> TotalJurnal:
    """Debits and credits of the entries found (of ``akun``'s lines only when given)."""
    lines = BarisJurnal.objects.filter(jurnal__in=qs.order_by().values("pk"))
    if akun is not None:
        lines = lines.filter(akun=akun)
    row = lines.aggregate(
        d=Sum("jumlah", filter=Q(sisi=Sisi.DEBIT)),
        k=Sum("jumlah", filter=Q(sisi=Sisi.KREDIT)),
    )
    return TotalJurnal(row["d"] or ZERO, row["k"] or ZERO)


def jurnal_baris_ekspor(qs: QuerySet[Jurnal]) -> QuerySet[BarisJurnal]:
    """Every line of the entries found, in date order, for the Excel export."""
    return (
        BarisJurnal.objects.filter(jurnal__in=qs.order_by().values("pk"))
        .select_related("jurnal", "akun", "anggota")
        .order_by("jurnal__tanggal", "jurnal_id", "id")
    )


@dataclass(frozen=True)
class BukuBesar:
    """One account between two dates: opening balance, lines with running balance, closing."""

    akun: Akun
    saldo_awal: Decimal
    debit: Decimal
    kredit: Decimal
    baris: QuerySet[BarisJurnal]

    @property
    def saldo_akhir(self) -> Decimal:
        return self.saldo_awal + _on_side(self.akun, self.debit, self.kredit)


def buku_besar(*, akun: Akun, dari: dt.date, sampai: dt.date) -> BukuBesar:
    """The account ledger; each line carries ``berjalan``, the movement since ``dari`` up to it."""
    signed = Case(
        When(sisi=akun.saldo_normal, then=F("jumlah")),
        default=ExpressionWrapper(-F("jumlah"), output_field=_MONEY),
        output_field=_MONEY,
    )
    order = [F("jurnal__tanggal").asc(), F("jurnal_id").asc(), F("id").asc()]
    lines = baris_akun(akun=akun, dari=dari, sampai=sampai).annotate(
        berjalan=Window(Sum(signed), order_by=order, frame=RowRange(start=None, end=0))
    )
    totals = BarisJurnal.objects.filter(akun=akun, jurnal__tanggal__gte=dari, jurnal__tanggal__lte=sampai).aggregate(
        d=Sum("jumlah", filter=Q(sisi=Sisi.DEBIT)), k=Sum("jumlah", filter=Q(sisi=Sisi.KREDIT))
    )
    return BukuBesar(akun, saldo_sebelum(akun=akun, tanggal=dari), totals["d"] or ZERO, totals["k"] or ZERO, lines)


@dataclass(frozen=True)
class HariKas:
    tanggal: dt.date
    masuk: Decimal
    keluar: Decimal
    saldo: Decimal


def buku_kas(*, akun: Akun, dari: dt.date, sampai: dt.date) -> tuple[Decimal, list[HariKas]]:
    """Cash in and out per day with the balance at each day's end; returns (opening, days)."""
    awal = saldo_sebelum(akun=akun, tanggal=dari)
    per_day = (
        BarisJurnal.objects.filter(akun=akun, jurnal__tanggal__gte=dari, jurnal__tanggal__lte=sampai)
        .values("jurnal__tanggal")
        .annotate(d=Sum("jumlah", filter=Q(sisi=Sisi.DEBIT)), k=Sum("jumlah", filter=Q(sisi=Sisi.KREDIT)))
        .order_by("jurnal__tanggal")
    )
    days, saldo = [], awal
    for row in per_day:
        masuk, keluar = row["d"] or ZERO, row["k"] or ZERO
        saldo += _on_side(akun, masuk, keluar)
        days.append(HariKas(row["jurnal__tanggal"], masuk, keluar, saldo))
    return awal, days


@dataclass(frozen=True)
class BulanBuku:
    tahun: int
    bulan: int
    jumlah_jurnal: int
    periode: Periode | None

    @property
    def ditutup(self) -> bool:
        return self.periode is not None and self.periode.ditutup

    @property
    def awal(self) -> dt.date:
        return dt.date(self.tahun, self.bulan, 1)


def daftar_bulan(*, koperasi: Koperasi, sampai: dt.date) -> list[BulanBuku]:
    """Every month from the first entry (or closed month) up to ``sampai``'s, newest first."""
    periods = {(p.tahun, p.bulan): p for p in Periode.objects.filter(koperasi=koperasi).select_related("ditutup_oleh")}
    counts = {
        (r["tahun"], r["bulan"]): r["n"]
        for r in Jurnal.objects.for_koperasi(koperasi)
        .values(tahun=ExtractYear("tanggal"), bulan=ExtractMonth("tanggal"))
        .annotate(n=Count("id"))
        .order_by()
    }
    last = (sampai.year, sampai.month)
    first = min([*periods, *counts, last])
    months = []
    tahun, bulan = last
    while (tahun, bulan) >= first:
        months.append(BulanBuku(tahun, bulan, counts.get((tahun, bulan), 0), periods.get((tahun, bulan))))
        tahun, bulan = (tahun, bulan - 1) if bulan > 1 else (tahun - 1, 12)
    return months


@dataclass(frozen=True)
class BarisTampil:
    """A proposed line with its account looked up (None if the account was deleted since)."""

    akun: Akun | None
    sisi: str
    jumlah: Decimal
    keterangan: str


def usulan_baris(usulan: UsulanJurnal) -> list[BarisTampil]:
    rows = [BarisUsulan.from_json(row) for row in usulan.baris]
    accounts = Akun.objects.filter(koperasi_id=usulan.koperasi_id, pk__in=[r.akun_id for r in rows]).in_bulk()
    return [BarisTampil(accounts.get(r.akun_id), r.sisi, r.jumlah, r.keterangan) for r in rows]


def usulan_total(usulan: UsulanJurnal) -> Decimal:
    rows = (BarisUsulan.from_json(row) for row in usulan.baris)
    return sum((r.jumlah for r in rows if r.sisi == Sisi.DEBIT), ZERO)


def usulan_daftar(*, koperasi: Koperasi, status: str) -> QuerySet[UsulanJurnal]:
    qs = UsulanJurnal.objects.filter(koperasi=koperasi, status=status)
    order = ["dibuat_pada", "id"] if status == StatusUsulan.MENUNGGU else ["-diputus_pada", "-id"]
    return qs.select_related("dibuat_oleh", "diputus_oleh", "jurnal").order_by(*order)


def akun_pilihan(*, koperasi: Koperasi) -> list[Akun]:
    """Accounts a manual entry may use: active accounts without sub-accounts, in code order."""
    accounts = list(Akun.objects.for_koperasi(koperasi).aktif().filter(anak__isnull=True))
    return sorted(accounts, key=lambda a: kode_key(a.kode))
