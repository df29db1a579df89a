"""The invariants of the books, as plain functions that return what breaks (``check_books``).

Each check returns a list of problems in Bahasa Indonesia; an empty list means the books
hold. Apps with a subledger (savings, loans, stock) register a check in their
``AppConfig.ready()``::

    from gotong.ledger.checks import register_subledger_check, bandingkan_kontrol

    def simpanan_cocok(koperasi):
        total = RekeningSimpanan.objects.filter(...).aggregate(s=Sum("saldo"))["s"] or ZERO
        return bandingkan_kontrol(koperasi=koperasi, kode=chart.SIMPANAN_SUKARELA,
                                  nama="Simpanan sukarela", pembantu=total)

    register_subledger_check(simpanan_cocok)
"""

from collections.abc import Callable
from decimal import Decimal

from django.db.models import DecimalField, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from gotong.core.formatting import rupiah
from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO
from gotong.ledger.models import Akun, BarisJurnal, Jurnal, SaldoBulanan, Sisi
from gotong.tenancy.models import Koperasi

JURNAL_TIDAK_SEIMBANG = _("Jurnal {nomor} tidak seimbang: debit {debit}, kredit {kredit}.")
JURNAL_TANPA_BARIS = _("Jurnal {nomor} tidak punya baris.")
BARIS_AKUN_LAIN = _("Jurnal {nomor} memakai akun {akun} milik koperasi lain.")
SALDO_BULANAN_BEDA = _(
    "Saldo bulanan akun {akun} bulan {periode} tercatat debit {debit_saldo}, kredit {kredit_saldo}; "
    "jumlah baris jurnalnya debit {debit_baris}, kredit {kredit_baris}."
)
SALDO_ANGGOTA_BEDA = _(
    "Bagian anggota saldo bulanan akun {akun} bulan {periode} tercatat debit {debit_saldo}, kredit {kredit_saldo}; "
    "baris jurnal yang menyebut anggota berjumlah debit {debit_baris}, kredit {kredit_baris}."
)
SALDO_BULANAN_HILANG = _(
    "Akun {akun} punya baris jurnal bulan {periode} (debit {debit}, kredit {kredit}) tetapi tidak punya saldo bulanan."
)
NERACA_SALDO_TIDAK_SEIMBANG = _("Neraca saldo tidak seimbang: total debit {debit}, total kredit {kredit}.")
BUKU_PEMBANTU_BEDA = _(
    "{nama}: buku pembantu {pembantu} tidak sama dengan saldo akun kontrol {akun} {kontrol} (selisih {selisih})."
)
AKUN_KONTROL_TIDAK_ADA = _("{nama}: akun kontrol {kode} tidak ada di bagan akun.")
PEMERIKSAAN_GAGAL = _("Pemeriksaan {nama} gagal dijalankan: {galat}")

SubledgerCheck = Callable[[Koperasi], list[str]]
# Filled by the apps' AppConfig.ready(); each callable returns its problems for one koperasi.
SUBLEDGER_CHECKS: list[SubledgerCheck] = []

_MONEY = DecimalField(max_digits=MONEY_MAX_DIGITS + 4, decimal_places=MONEY_DECIMAL_PLACES)


def register_subledger_check(check: SubledgerCheck) -> SubledgerCheck:
    """Add a subledger check once (``ready()`` may run twice in tests); usable as a decorator."""
    if check not in SUBLEDGER_CHECKS:
        SUBLEDGER_CHECKS.append(check)
    return check


def _sum(sisi: str, field: str = "jumlah", *, anggota: bool = False) -> Coalesce:
    kondisi = Q(sisi=sisi, anggota__isnull=False) if anggota else Q(sisi=sisi)
    return Coalesce(Sum(field, filter=kondisi), ZERO, output_field=_MONEY)


def jurnal_seimbang(koperasi: Koperasi) -> list[str]:
    """Every entry has lines, its debits equal its credits, and it uses only its koperasi's accounts."""
    problems: list[str] = []
    unbalanced = (
        BarisJurnal.objects.filter(jurnal__koperasi=koperasi)
        .values("jurnal_id", "jurnal__nomor")
        .annotate(d=_sum(Sisi.DEBIT), k=_sum(Sisi.KREDIT))
        .exclude(d=F("k"))
        .order_by("jurnal_id")
    )
    for row in unbalanced:
        debit, kredit = rupiah(row["d"]), rupiah(row["k"])
        problems.append(str(JURNAL_TIDAK_SEIMBANG).format(nomor=row["jurnal__nomor"], debit=debit, kredit=kredit))
    for nomor in Jurnal.objects.filter(koperasi=koperasi, baris__isnull=True).values_list("nomor", flat=True):
        problems.append(str(JURNAL_TANPA_BARIS).format(nomor=nomor))
    foreign = BarisJurnal.objects.filter(jurnal__koperasi=koperasi).exclude(akun__koperasi=koperasi)
    for nomor, kode in foreign.values_list("jurnal__nomor", "akun__kode"):
        problems.append(str(BARIS_AKUN_LAIN).format(nomor=nomor, akun=kode))
    return problems


def saldo_bulanan_cocok(koperasi: Koperasi) -> list[str]:
    """Every maintained monthly balance equals the sum of its account's lines in that month."""
    lines = (
        BarisJurnal.objects.filter(jurnal__koperasi=koperasi)
        .values("akun_id", tahun=ExtractYear("jurnal__tanggal"), bulan=ExtractMonth("jurnal__tanggal"))
        .annotate(
            d=_sum(Sisi.DEBIT),
            k=_sum(Sisi.KREDIT),
            da=_sum(Sisi.DEBIT, anggota=True),
            ka=_sum(Sisi.KREDIT, anggota=True),
        )
        .order_by()
    )
    from_lines = {(r["akun_id"], r["tahun"], r["bulan"]): (r["d"], r["k"]) for r in lines}
    anggota_lines = {(r["akun_id"], r["tahun"], r["bulan"]): (r["da"], r["ka"]) for r in lines}
    kept = list(SaldoBulanan.objects.filter(Q(koperasi=koperasi) | Q(akun__koperasi=koperasi)))
    from_saldo = {(s.akun_id, s.tahun, s.bulan): (s.debit, s.kredit) for s in kept}
    anggota_saldo = {(s.akun_id, s.tahun, s.bulan): (s.debit_anggota, s.kredit_anggota) for s in kept}
    names = dict(Akun.objects.filter(koperasi=koperasi).values_list("pk", "kode"))
    problems: list[str] = []
    for key in sorted(set(from_lines) | set(from_saldo)):
        akun_id, tahun, bulan = key
        akun, periode = names.get(akun_id, str(akun_id)), f"{bulan:02d}/{tahun}"
        baris = from_lines.get(key, (ZERO, ZERO))
        if key not in from_saldo:
            problems.append(
                str(SALDO_BULANAN_HILANG).format(
                    akun=akun, periode=periode, debit=rupiah(baris[0]), kredit=rupiah(baris[1])
                )
            )
        elif from_saldo[key] != baris:
            saldo = from_saldo[key]
            problems.append(
                str(SALDO_BULANAN_BEDA).format(
                    akun=akun,
                    periode=periode,
                    debit_saldo=rupiah(saldo[0]),
                    kredit_saldo=rupiah(saldo[1]),
                    debit_baris=rupiah(baris[0]),
                    kredit_baris=rupiah(baris[1]),
                )
            )
        elif anggota_saldo[key] != anggota_lines.get(key, (ZERO, ZERO)):
            saldo, baris = anggota_saldo[key], anggota_lines.get(key, (ZERO, ZERO))
            problems.append(
                str(SALDO_ANGGOTA_BEDA).format(
                    akun=akun,
                    periode=periode,
                    debit_saldo=rupiah(saldo[0]),
                    kredit_saldo=rupiah(saldo[1]),
                    debit_baris=rupiah(baris[0]),
                    kredit_baris=rupiah(baris[1]),
                )
            )
    totals = SaldoBulanan.objects.filter(koperasi=koperasi).aggregate(d=Sum("debit"), k=Sum("kredit"))
    if (totals["d"] or ZERO) != (totals["k"] or ZERO):
        problems.append(str(NERACA_SALDO_TIDAK_SEIMBANG).format(debit=rupiah(totals["d"]), kredit=rupiah(totals["k"])))
    return problems


def saldo_kontrol(*, koperasi: Koperasi, kode: str) -> Decimal | None:
    """Balance of a control account on its normal side, from the maintained balances (None if missing)."""
    akun = Akun.objects.filter(koperasi=koperasi, kode=kode).first()
    if akun is None:
        return None
    row = SaldoBulanan.objects.filter(akun=akun).aggregate(d=Sum("debit"), k=Sum("kredit"))
    debit, kredit = row["d"] or ZERO, row["k"] or ZERO
    return debit - kredit if akun.saldo_normal == Sisi.DEBIT else kredit - debit


def bandingkan_kontrol(*, koperasi: Koperasi, kode: str, nama: str, pembantu: Decimal) -> list[str]:
    """Compare a subledger total with its control account; a helper for subledger checks."""
    kontrol = saldo_kontrol(koperasi=koperasi, kode=kode)
    if kontrol is None:
        return [str(AKUN_KONTROL_TIDAK_ADA).format(nama=nama, kode=kode)]
    if kontrol == pembantu:
        return []
    return [
        str(BUKU_PEMBANTU_BEDA).format(
            nama=nama,
            pembantu=rupiah(pembantu),
            akun=kode,
            kontrol=rupiah(kontrol),
            selisih=rupiah(pembantu - kontrol),
        )
    ]


def buku_pembantu_cocok(koperasi: Koperasi) -> list[str]:
    """Every registered subledger equals its control account."""
    problems: list[str] = []
    for check in SUBLEDGER_CHECKS:
        try:
            problems.extend(check(koperasi))
        except Exception as exc:  # a check that crashes must fail the run, not pass it
            nama = getattr(check, "__qualname__", repr(check))
            problems.append(str(PEMERIKSAAN_GAGAL).format(nama=nama, galat=exc))
    return problems


CHECKS: tuple[SubledgerCheck, ...] = (jurnal_seimbang, saldo_bulanan_cocok, buku_pembantu_cocok)


def periksa_buku(koperasi: Koperasi) -> list[str]:
    """All the invariants of one koperasi's books; an empty list means they hold."""
    return [problem for check in CHECKS for problem in check(koperasi)]
