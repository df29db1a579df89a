"""The one way money reaches the books: build an entry, then post it.

After django-ledger's IOBluePrint and beancount's validation: a ``JurnalBuilder``
collects ``debit``/``kredit`` lines and ``post()`` refuses anything but a balanced
entry of positive amounts on active accounts of the same koperasi, dated in an open
month. An idempotency key makes a retried request return the first entry instead of
posting twice. Posting also adds the lines to the month's maintained balances.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from gotong.core.money import ZERO, money
from gotong.ledger.models import Akun, BarisJurnal, Jurnal, Periode, SaldoBulanan, Sisi, SumberJurnal
from gotong.tenancy.models import Koperasi
from gotong.tenancy.services import nomor_next

TIDAK_SEIMBANG = _("Jurnal tidak seimbang: debit {debit} tidak sama dengan kredit {kredit}.")
JUMLAH_TIDAK_POSITIF = _("Setiap baris jurnal harus berjumlah lebih dari nol.")
JURNAL_KOSONG = _("Jurnal harus punya paling sedikit satu baris debit dan satu baris kredit.")
AKUN_LAIN_KOPERASI = _("Akun {akun} bukan milik koperasi ini.")
AKUN_TIDAK_AKTIF = _("Akun {akun} tidak aktif; aktifkan dulu atau pilih akun lain.")
AKUN_INDUK = _("Akun {akun} adalah akun induk; posting ke salah satu sub-akunnya.")
PERIODE_DITUTUP = _("Bulan {periode} sudah ditutup; transaksi bertanggal di bulan itu tidak bisa dibukukan.")
AKUN_TIDAK_ADA = _("Akun {kode} tidak ada di bagan akun koperasi ini.")


def _dengan_anak() -> Any:
    # Whether the account has sub-accounts, read with the account: posting refuses a parent
    # account, and this spares ``post()`` a query per account.
    return Akun.objects.annotate(punya_anak=Exists(Akun.objects.filter(induk=OuterRef("pk"))))


def akun(koperasi: Koperasi, kode: str) -> Akun:
    """The koperasi's account with this code (see ``ledger.chart`` for the roles)."""
    try:
        return _dengan_anak().get(koperasi=koperasi, kode=kode)  # type: ignore[no-any-return]
    except Akun.DoesNotExist as exc:
        raise ValidationError(str(AKUN_TIDAK_ADA).format(kode=kode)) from exc


def akun_banyak(koperasi: Koperasi, *kode: str) -> list[Akun]:
    """The koperasi's accounts with these codes, in the order asked, read in one query."""
    per_kode = {a.kode: a for a in _dengan_anak().filter(koperasi=koperasi, kode__in=kode)}
    for k in kode:
        if k not in per_kode:
            raise ValidationError(str(AKUN_TIDAK_ADA).format(kode=k))
    return [per_kode[k] for k in kode]


@dataclass(frozen=True)
class BarisUsulan:
    """One line of a proposed manual entry, as stored until it is approved."""

    akun_id: int
    sisi: str
    jumlah: Decimal
    keterangan: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"akun_id": self.akun_id, "sisi": self.sisi, "jumlah": str(self.jumlah), "keterangan": self.keterangan}

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> "BarisUsulan":
        # Stored as str(Decimal) ("150000.00"): parse it as a Decimal, not as typed Indonesian
        # text, where the dot would be a thousands separator.
        return cls(int(row["akun_id"]), row["sisi"], money(Decimal(row["jumlah"])), row.get("keterangan", ""))


@dataclass
class _Baris:
    akun: Akun
    sisi: str
    jumlah: Decimal
    anggota: Any = None
    keterangan: str = ""


@dataclass
class JurnalBuilder:
    """Collects the lines of one entry; ``post()`` checks and writes it."""

    koperasi: Koperasi
    tanggal: dt.date
    keterangan: str
    sumber: str
    sumber_id: str = ""
    kunci: str | None = None
    actor: Any = None
    membalik: Jurnal | None = None
    disetujui_oleh: Any = None
    baris: list[_Baris] = field(default_factory=list)

    def debit(
        self, akun: Akun, jumlah: Decimal | int | str, *, anggota: Any = None, keterangan: str = ""
    ) -> "JurnalBuilder":
        self.baris.append(_Baris(akun, Sisi.DEBIT, money(jumlah), anggota, keterangan))
        return self

    def kredit(
        self, akun: Akun, jumlah: Decimal | int | str, *, anggota: Any = None, keterangan: str = ""
    ) -> "JurnalBuilder":
        self.baris.append(_Baris(akun, Sisi.KREDIT, money(jumlah), anggota, keterangan))
        return self

    def post(self) -> Jurnal:
        """Write the entry once; with a key already used, return the first entry."""
        if self.kunci:
            existing = Jurnal.objects.filter(koperasi=self.koperasi, kunci=self.kunci).first()
            if existing is not None:
                return existing
        self._check()
        # No savepoint of its own: inside the caller's transaction the entry commits or rolls
        # back with it; called outside one, this block is the transaction.
        with transaction.atomic(savepoint=False):
            jurnal, baru = self._write_jurnal()
            if baru:
                self._write_lines(jurnal)
            return jurnal

    def _write_jurnal(self) -> tuple[Jurnal, bool]:
        """The entry's header with its number; with a key a concurrent request used first, that entry."""
        try:
            # The savepoint gives back the number (gapless) if the insert fails.
            with transaction.atomic():
                return self._insert_jurnal(), True
        except IntegrityError:
            # A concurrent request with the same key committed first: return its entry.
            if self.kunci:
                existing = Jurnal.objects.filter(koperasi=self.koperasi, kunci=self.kunci).first()
                if existing is not None:
                    return existing, False
            raise

    def check(self) -> None:
        """Refuse an unbalanced entry, bad amounts, foreign/inactive accounts, a closed month."""
        self._check()

    def _check(self) -> None:
        debit = sum((b.jumlah for b in self.baris if b.sisi == Sisi.DEBIT), ZERO)
        kredit = sum((b.jumlah for b in self.baris if b.sisi == Sisi.KREDIT), ZERO)
        if debit == ZERO or kredit == ZERO:
            raise ValidationError(str(JURNAL_KOSONG))
        if any(b.jumlah <= ZERO for b in self.baris):
            raise ValidationError(str(JUMLAH_TIDAK_POSITIF))
        if debit != kredit:
            raise ValidationError(str(TIDAK_SEIMBANG).format(debit=debit, kredit=kredit))
        per_pk = {b.akun.pk: b.akun for b in self.baris}  # each account once, not once per line
        induk = _induk(list(per_pk.values()))
        for a in per_pk.values():
            self._check_akun(a, induk)
        periode_check_open(koperasi=self.koperasi, tanggal=self.tanggal, sumber=self.sumber)

    def _check_akun(self, a: Akun, induk: set[int]) -> None:
        if a.koperasi_id != self.koperasi.pk:
            raise ValidationError(str(AKUN_LAIN_KOPERASI).format(akun=a))
        # The year's closing entry (and its reversal) zeroes every income and expense account
        # with a result, also one switched off during the year.
        if not a.aktif and self.sumber != SumberJurnal.TUTUP_BUKU:
            raise ValidationError(str(AKUN_TIDAK_AKTIF).format(akun=a))
        if a.pk in induk:
            raise ValidationError(str(AKUN_INDUK).format(akun=a))

    def _insert_jurnal(self) -> Jurnal:
        urut = nomor_next(koperasi=self.koperasi, seri=f"jurnal-{self.tanggal.year}")
        return Jurnal.objects.create(
            koperasi=self.koperasi,
            nomor=f"JU-{self.tanggal.year}-{urut:06d}",
            tanggal=self.tanggal,
            keterangan=self.keterangan[:250],
            sumber=self.sumber,
            sumber_id=self.sumber_id,
            kunci=self.kunci,
            membalik=self.membalik,
            dibuat_oleh=self.actor if self.actor is not None and self.actor.pk else None,
            disetujui_oleh=self.disetujui_oleh,
        )

    def _write_lines(self, jurnal: Jurnal) -> None:
        BarisJurnal.objects.bulk_create(
            BarisJurnal(
                jurnal=jurnal,
                akun=b.akun,
                sisi=b.sisi,
                jumlah=b.jumlah,
                anggota=b.anggota,
                keterangan=b.keterangan[:250],
            )
            for b in self.baris
        )
        # One balance update per account, not per line (a month-end entry has a line per member),
        # in account order so that concurrent postings lock the balance rows in the same order.
        per_akun: dict[int, Jumlah] = {}
        for b in self.baris:
            row = per_akun.setdefault(b.akun.pk, Jumlah(b.akun))
            row.tambah(b.sisi, b.jumlah, anggota=b.anggota is not None)
        _add_to_balances(self.koperasi, self.tanggal, [per_akun[pk] for pk in sorted(per_akun)])


@dataclass
class Jumlah:
    """An entry's debits and credits on one account, and the part of them on members' lines."""

    akun: Akun
    debit: Decimal = ZERO
    kredit: Decimal = ZERO
    debit_anggota: Decimal = ZERO
    kredit_anggota: Decimal = ZERO

    def tambah(self, sisi: str, jumlah: Decimal, *, anggota: bool) -> None:
        if sisi == Sisi.DEBIT:
            self.debit += jumlah
            self.debit_anggota += jumlah if anggota else ZERO
        else:
            self.kredit += jumlah
            self.kredit_anggota += jumlah if anggota else ZERO


def _induk(akun_list: list[Akun]) -> set[int]:
    """The pks of these accounts that have sub-accounts: read with the account when it was, else one query."""
    induk = {a.pk for a in akun_list if getattr(a, "punya_anak", False)}
    unknown = [a.pk for a in akun_list if not hasattr(a, "punya_anak")]
    if unknown:
        induk.update(Akun.objects.filter(induk_id__in=unknown).values_list("induk_id", flat=True).distinct())
    return induk


_KOLOM = ("debit", "kredit", "debit_anggota", "kredit_anggota")


def _add_to_balances(koperasi: Koperasi, tanggal: dt.date, rows: list[Jumlah]) -> None:
    """Add an entry's lines to the accounts' month balances (an atomic increment, no lost update).

    One ``INSERT … ON CONFLICT DO UPDATE`` for all the accounts (PostgreSQL, SQLite ≥ 3.24);
    ``rows`` come in account order, so concurrent postings lock the balance rows in the same order.
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        for row in rows:
            _add_to_balance(koperasi, tanggal, row)
        return
    table = SaldoBulanan._meta.db_table
    # SQLite keeps decimals as NUMERIC: cast the sum as Django's ORM does for DecimalField arithmetic.
    cast = "CAST(({t}.{c} + excluded.{c}) AS NUMERIC)" if connection.vendor == "sqlite" else "{t}.{c} + excluded.{c}"
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    params: list[Any] = []
    for r in rows:
        params += [koperasi.pk, r.akun.pk, tanggal.year, tanggal.month, r.debit, r.kredit]
        params += [r.debit_anggota, r.kredit_anggota]
    updates = ", ".join(f"{c} = {cast.format(t=table, c=c)}" for c in _KOLOM)
    with connection.cursor() as cursor:
        cursor.execute(
            # only the model's table and column names and placeholders are formatted in; the values are params
            f"INSERT INTO {table} (koperasi_id, akun_id, tahun, bulan, {', '.join(_KOLOM)}) VALUES {values} "  # noqa: S608
            f"ON CONFLICT (akun_id, tahun, bulan) DO UPDATE SET {updates}",
            params,
        )


def _add_to_balance(koperasi: Koperasi, tanggal: dt.date, r: Jumlah) -> None:
    """Add an entry's lines to the account's month balance (an atomic increment, no lost update)."""
    SaldoBulanan.objects.get_or_create(koperasi=koperasi, akun=r.akun, tahun=tanggal.year, bulan=tanggal.month)
    SaldoBulanan.objects.filter(akun=r.akun, tahun=tanggal.year, bulan=tanggal.month).update(
        **{c: F(c) + getattr(r, c) for c in _KOLOM}
    )


def kunci_bulan(koperasi: Koperasi, tahun: int, bulan: int, *, eksklusif: bool) -> None:
    """Hold one month of one koperasi until the transaction ends (PostgreSQL advisory lock).

    A posting holds its month shared (any number at once); closing the month or the year holds
    it exclusively. So a close waits for the postings already past their period check, and they
    are in its figures; a posting that comes after waits for the close, then finds the month
    closed. SQLite needs none: its write transactions take the database's write lock when they
    begin (``transaction_mode`` IMMEDIATE in settings), one at a time.
    """
    if connection.vendor != "postgresql":
        return
    fungsi = "pg_advisory_xact_lock" if eksklusif else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {fungsi}(%s, %s)", [koperasi.pk, tahun * 100 + bulan])


def periode_check_open(*, koperasi: Koperasi, tanggal: dt.date, sumber: str = "") -> None:
    # The year's closing entry is the last act of closing the year (reports.penutupan): it is
    # dated 31 December, a month that is usually closed by then, and nothing else may post there.
    if sumber == SumberJurnal.TUTUP_BUKU:
        return
    kunci_bulan(koperasi, tanggal.year, tanggal.month, eksklusif=False)
    if Periode.objects.filter(koperasi=koperasi, tahun=tanggal.year, bulan=tanggal.month, ditutup=True).exists():
        raise ValidationError(str(PERIODE_DITUTUP).format(periode=f"{tanggal.month:02d}/{tanggal.year}"))


def jurnal_reverse(*, jurnal: Jurnal, tanggal: dt.date, actor: Any, alasan: str) -> Jurnal:
    """Correct a posted entry with a new one that swaps every line's side."""
    builder = JurnalBuilder(
        koperasi=jurnal.koperasi,
        tanggal=tanggal,
        keterangan=f"Pembalikan {jurnal.nomor}: {alasan}",
        sumber="pembalikan",
        sumber_id=str(jurnal.pk),
        kunci=f"balik-{jurnal.pk}",
        actor=actor,
        membalik=jurnal,
    )
    for b in jurnal.baris.select_related("akun"):
        if b.sisi == Sisi.DEBIT:
            builder.kredit(b.akun, b.jumlah, anggota=b.anggota, keterangan=b.keterangan)
        else:
            builder.debit(b.akun, b.jumlah, anggota=b.anggota, keterangan=b.keterangan)
    return builder.post()
