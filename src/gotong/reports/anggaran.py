"""RAPBK: next year's work plan (rencana kerja) and budget (anggaran), and budget against actual.

A budget is one amount per account and year (``AnggaranBaris``) on the koperasi's own income
and expense accounts, and on its fixed-asset accounts for planned purchases (belanja modal).
Only accounts that take postings are budgeted: a parent account's figure is the sum of its
sub-accounts. The RAPBK is drawn up for next year and approved at the RAT; the current year's
plan may still be corrected, a past year's may not.

The actual (realisasi) comes from the statements' movements (``reports.statements.mutasi``,
without the closing entries), on the account's own side: income credit minus debit, expense
debit minus credit, and for a fixed asset its purchases (debits) in the year.
"""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gotong.core.audit import audit_changes, snapshot
from gotong.core.money import ZERO, MoneyError, money, round_rupiah
from gotong.ledger.models import Akun, Sisi, TipeAkun
from gotong.ledger.selectors import kode_key
from gotong.members.export import safe_cell
from gotong.reports.models import AnggaranBaris, RencanaKerja
from gotong.reports.statements import ASET_TIDAK_LANCAR_DARI, Jumlah, Periode, mutasi
from gotong.tenancy.models import Koperasi

ANGGARAN_TIDAK_SAH = _("Tulis anggaran dalam rupiah, misalnya 1.250.000.")
ANGGARAN_NEGATIF = _("Anggaran tidak boleh negatif.")
ANGGARAN_TERLALU_BESAR = _("Anggaran terlalu besar; periksa lagi angkanya.")
AKUN_LAIN_KOPERASI = _("Akun ini bukan milik koperasi ini.")
AKUN_INDUK = _("{akun} adalah akun induk; isi anggaran pada sub-akunnya.")
AKUN_TIDAK_DIANGGARKAN = _("{akun} tidak bisa dianggarkan: pilih akun pendapatan, beban atau aset tetap.")
TAHUN_LEWAT = _(
    "RAPBK tahun {tahun} sudah lewat dan tidak bisa diubah lagi. RAPBK disusun untuk tahun depan; "
    "rencana tahun berjalan masih boleh diperbaiki."
)
TAHUN_TERLALU_JAUH = _("RAPBK hanya disusun untuk tahun berjalan ({ini}) atau tahun depan ({depan}).")
KENAIKAN_TIDAK_SAH = _("Kenaikan ditulis dalam persen, dari -100 sampai 1000, misalnya 10 atau 7,5.")
TIDAK_ADA_REALISASI = _("Tahun {tahun} tidak punya pendapatan, beban atau pembelian aset tetap untuk disalin.")

# Amounts at or above this are typing errors, not budgets (the money fields hold 16 digits).
_BATAS = Decimal("1000000000000000")
_ANGKA = re.compile(r"^(?:rp)?\s*[0-9][0-9.,\s]*$", re.IGNORECASE)

BAGIAN_PENDAPATAN, BAGIAN_BEBAN, BAGIAN_INVESTASI = "pendapatan", "beban", "investasi"
JUDUL_BAGIAN = {
    BAGIAN_PENDAPATAN: _("Pendapatan"),
    BAGIAN_BEBAN: _("Beban"),
    BAGIAN_INVESTASI: _("Belanja modal (aset tetap)"),
}


# --- Which accounts ------------------------------------------------------------------------


def _segmen(kode: str) -> int:
    parts = kode.split(".")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def bagian_akun(a: Akun) -> str | None:
    """The RAPBK section an account belongs to, or None when it is not budgeted (balance-sheet
    accounts other than fixed assets; accumulated depreciation, a contra account)."""
    if a.tipe == TipeAkun.PENDAPATAN:
        return BAGIAN_PENDAPATAN
    if a.tipe == TipeAkun.BEBAN:
        return BAGIAN_BEBAN
    if a.tipe == TipeAkun.ASET and _segmen(a.kode) >= ASET_TIDAK_LANCAR_DARI and a.saldo_normal == Sisi.DEBIT:
        return BAGIAN_INVESTASI
    return None


def akun_anggaran(koperasi: Koperasi) -> list[Akun]:
    """The koperasi's accounts a budget line may name: active, taking postings (no sub-accounts),
    income, expense or fixed assets; in code order."""
    semua = list(Akun.objects.for_koperasi(koperasi))
    induk = {a.induk_id for a in semua if a.induk_id}
    return sorted(
        (a for a in semua if a.aktif and a.pk not in induk and bagian_akun(a) is not None),
        key=lambda a: kode_key(a.kode),
    )


# --- Input -------------------------------------------------------------------------------------


def parse_anggaran(raw: object, field: str) -> Decimal | None:
    """A budget amount typed the Indonesian way (``1.250.000``; ``Rp`` allowed); blank or zero
    is no line (None). Negative, non-numeric and absurd amounts are refused with a message."""
    if raw is None:
        return None
    if isinstance(raw, bool) or isinstance(raw, float):
        raise ValidationError({field: str(ANGGARAN_TIDAK_SAH)})
    if isinstance(raw, Decimal | int):
        amount = Decimal(raw)
    else:
        text = str(raw).strip()
        if not text:
            return None
        if text.lstrip().startswith("-") or text.lower().startswith("rp-"):
            raise ValidationError({field: str(ANGGARAN_NEGATIF)})
        if not _ANGKA.fullmatch(text):
            raise ValidationError({field: str(ANGGARAN_TIDAK_SAH)})
        try:
            amount = money(text.replace(" ", ""))
        except MoneyError as exc:
            raise ValidationError({field: str(ANGGARAN_TIDAK_SAH)}) from exc
    if not amount.is_finite():
        raise ValidationError({field: str(ANGGARAN_TIDAK_SAH)})
    if amount < ZERO:
        raise ValidationError({field: str(ANGGARAN_NEGATIF)})
    if amount >= _BATAS:
        raise ValidationError({field: str(ANGGARAN_TERLALU_BESAR)})
    amount = money(amount)
    return amount if amount > ZERO else None


def periksa_tahun_rapbk(tahun: int, *, today: dt.date) -> None:
    """The RAPBK is for next year; this year's may be corrected; a past year's is history."""
    if tahun < today.year:
        raise ValidationError(str(TAHUN_LEWAT).format(tahun=tahun))
    if tahun > today.year + 1:
        raise ValidationError(str(TAHUN_TERLALU_JAUH).format(ini=today.year, depan=today.year + 1))


def nama_field(akun_pk: int) -> str:
    return f"akun_{akun_pk}"


def _akun_sah(koperasi: Koperasi, pks: list[int]) -> dict[int, Akun]:
    """The named accounts, each checked: of this koperasi, taking postings, budgetable."""
    found = {a.pk: a for a in Akun.objects.filter(pk__in=pks)}
    induk = set(Akun.objects.filter(induk_id__in=pks).values_list("induk_id", flat=True))
    errors: dict[str, list[str]] = {}
    for pk in pks:
        a = found.get(pk)
        if a is None or a.koperasi_id != koperasi.pk:
            errors.setdefault("__all__", []).append(str(AKUN_LAIN_KOPERASI))
        elif pk in induk:
            errors.setdefault(nama_field(pk), []).append(str(AKUN_INDUK).format(akun=f"{a.kode} {a.nama}"))
        elif bagian_akun(a) is None:
            errors.setdefault(nama_field(pk), []).append(str(AKUN_TIDAK_DIANGGARKAN).format(akun=f"{a.kode} {a.nama}"))
    if errors:
        raise ValidationError(errors)
    return found


def _baca_jumlah(baris: Mapping[int, object]) -> dict[int, Decimal | None]:
    out: dict[int, Decimal | None] = {}
    errors: dict[str, list[str]] = {}
    for pk, raw in baris.items():
        try:
            out[pk] = parse_anggaran(raw, nama_field(pk))
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                errors.setdefault(field, []).extend(msgs)
    if errors:
        raise ValidationError(errors)
    return out


# --- Services ----------------------------------------------------------------------------------


def _peta(koperasi: Koperasi, tahun: int) -> dict[str, str]:
    """The year's budget as {account code: amount} for the audit trail."""
    rows = AnggaranBaris.objects.for_koperasi(koperasi).tahun(tahun).select_related("akun")
    return {r.akun.kode: str(r.jumlah) for r in rows}


def _tulis(koperasi: Koperasi, tahun: int, jumlah: Mapping[int, Decimal | None], actor: Any) -> None:
    for pk, amount in jumlah.items():
        if amount is None:
            AnggaranBaris.objects.filter(koperasi=koperasi, tahun=tahun, akun_id=pk).delete()
        else:
            AnggaranBaris.objects.update_or_create(
                koperasi=koperasi,
                tahun=tahun,
                akun_id=pk,
                defaults={"jumlah": amount, "diubah_oleh": actor if actor is not None and actor.pk else None},
            )


def anggaran_simpan(
    *, koperasi: Koperasi, tahun: int, baris: Mapping[int, object], actor: Any, today: dt.date | None = None
) -> list[AnggaranBaris]:
    """Set the budget of the named accounts for ``tahun`` (blank or zero removes a line; the
    accounts not named keep theirs). Every amount and account is checked first: one bad line
    refuses them all. Audited as the year's budget before and after."""
    periksa_tahun_rapbk(tahun, today=today or timezone.localdate())
    jumlah = _baca_jumlah(baris)
    _akun_sah(koperasi, list(jumlah))
    with transaction.atomic():
        rencana = _rencana_lock(koperasi, tahun)
        before = _peta(koperasi, tahun)
        _tulis(koperasi, tahun, jumlah, actor)
        audit_changes(
            koperasi=koperasi,
            aktor=actor,
            aksi="anggaran.ubah",
            objek=rencana,
            sebelum={"anggaran": before},
            sesudah={"anggaran": _peta(koperasi, tahun)},
        )
    return list(AnggaranBaris.objects.for_koperasi(koperasi).tahun(tahun).select_related("akun"))


def _rencana_lock(koperasi: Koperasi, tahun: int) -> RencanaKerja:
    """The year's plan row, locked: budget edits of one year are serialised on it."""
    RencanaKerja.objects.get_or_create(koperasi=koperasi, tahun=tahun)
    return RencanaKerja.objects.select_for_update().get(koperasi=koperasi, tahun=tahun)


def rencana_kerja_simpan(
    *, koperasi: Koperasi, tahun: int, program: str, asumsi: str, actor: Any, today: dt.date | None = None
) -> RencanaKerja:
    """Write the work plan of the RAPBK for ``tahun`` (audited)."""
    periksa_tahun_rapbk(tahun, today=today or timezone.localdate())
    with transaction.atomic():
        rencana = _rencana_lock(koperasi, tahun)
        before = snapshot(rencana, ["program", "asumsi"])
        rencana.program, rencana.asumsi = program.strip(), asumsi.strip()
        rencana.diubah_oleh = actor if actor is not None and actor.pk else None
        rencana.diubah_pada = timezone.now()
        rencana.save()
        audit_changes(
            koperasi=koperasi,
            aktor=actor,
            aksi="rencana_kerja.ubah",
            objek=rencana,
            sebelum=before,
            sesudah=snapshot(rencana, ["program", "asumsi"]),
        )
        return rencana


def parse_kenaikan(raw: object) -> Decimal:
    """A growth rate in percent (``10``, ``7,5``, ``-5``) between -100 and 1000."""
    text = str(raw if raw is not None else "").strip().replace("%", "").replace(",", ".") or "0"
    if not re.fullmatch(r"-?\d{1,4}(\.\d{1,2})?", text):
        raise ValidationError({"kenaikan": str(KENAIKAN_TIDAK_SAH)})
    value = Decimal(text)
    if not Decimal("-100") <= value <= Decimal("1000"):
        raise ValidationError({"kenaikan": str(KENAIKAN_TIDAK_SAH)})
    return value


def realisasi(*, koperasi: Koperasi, tahun: int, bulan_akhir: int = 12) -> dict[int, Decimal]:
    """Each budgetable account's actual for the year (or January to ``bulan_akhir``) on its own side."""
    gerak = mutasi(koperasi=koperasi, periode=Periode(tahun, 1, bulan_akhir))
    akun = {a.pk: a for a in Akun.objects.for_koperasi(koperasi).filter(pk__in=list(gerak))}
    out = {}
    for pk, j in gerak.items():
        a = akun.get(pk)
        if a is not None and (nilai := _nilai(a, j)) != ZERO:
            out[pk] = nilai
    return out


def _nilai(a: Akun, j: Jumlah) -> Decimal:
    bagian = bagian_akun(a)
    if bagian == BAGIAN_PENDAPATAN:
        return j.kredit - j.debit
    if bagian == BAGIAN_BEBAN:
        return j.debit - j.kredit
    if bagian == BAGIAN_INVESTASI:
        return j.debit  # purchases in the year; disposals and depreciation are not spending
    return ZERO


def anggaran_salin_realisasi(
    *,
    koperasi: Koperasi,
    tahun: int,
    actor: Any,
    kenaikan_persen: Decimal = ZERO,
    today: dt.date | None = None,
) -> list[AnggaranBaris]:
    """Fill ``tahun``'s budget from the actuals of the year before, grown by ``kenaikan_persen``
    and rounded to the thousand rupiah. Accounts without actuals keep their lines."""
    hari_ini = today or timezone.localdate()
    periksa_tahun_rapbk(tahun, today=hari_ini)
    dasar = {pk: v for pk, v in realisasi(koperasi=koperasi, tahun=tahun - 1).items() if v > ZERO}
    dipakai = {a.pk for a in akun_anggaran(koperasi)}
    dasar = {pk: v for pk, v in dasar.items() if pk in dipakai}
    if not dasar:
        raise ValidationError(str(TIDAK_ADA_REALISASI).format(tahun=tahun - 1))
    faktor = (Decimal("100") + kenaikan_persen) / Decimal("100")
    baris: dict[int, object] = {pk: round_rupiah(v * faktor, step=1000) for pk, v in dasar.items()}
    return anggaran_simpan(koperasi=koperasi, tahun=tahun, baris=baris, actor=actor, today=hari_ini)


# --- Budget against actual -----------------------------------------------------------------------


@dataclass(frozen=True)
class BarisAnggaran:
    """One account: budget, actual, the difference (actual − budget) and the share realised."""

    kode: str
    nama: str
    anggaran: Decimal
    realisasi: Decimal

    @property
    def selisih(self) -> Decimal:
        return self.realisasi - self.anggaran

    @property
    def persen(self) -> Decimal | None:
        """Realised as a percentage of the budget, one decimal; None without a budget."""
        if self.anggaran == ZERO:
            return None
        return (self.realisasi * 100 / self.anggaran).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class BagianAnggaran:
    kunci: str
    judul: str
    baris: tuple[BarisAnggaran, ...]

    @property
    def total(self) -> BarisAnggaran:
        return BarisAnggaran(
            "",
            str(_("Jumlah {judul}")).format(judul=self.judul.lower()),
            sum((b.anggaran for b in self.baris), ZERO),
            sum((b.realisasi for b in self.baris), ZERO),
        )


@dataclass(frozen=True)
class PerbandinganAnggaran:
    """Budget against actual of one year (to the end of ``bulan_akhir`` for the actual)."""

    tahun: int
    bulan_akhir: int
    bagian: tuple[BagianAnggaran, ...]

    def _bagian(self, kunci: str) -> BagianAnggaran:
        return next(b for b in self.bagian if b.kunci == kunci)

    @property
    def shu(self) -> BarisAnggaran:
        p, b = self._bagian(BAGIAN_PENDAPATAN).total, self._bagian(BAGIAN_BEBAN).total
        return BarisAnggaran("", str(_("SHU (pendapatan − beban)")), p.anggaran - b.anggaran, p.realisasi - b.realisasi)

    @property
    def kosong(self) -> bool:
        return not any(b.baris for b in self.bagian)

    @property
    def ada_anggaran(self) -> bool:
        return any(r.anggaran for b in self.bagian for r in b.baris)


def anggaran_vs_realisasi(
    *, koperasi: Koperasi, tahun: int, bulan_akhir: int = 12, tahun_realisasi: int | None = None
) -> PerbandinganAnggaran:
    """Every account with a budget or an actual in the year, per section, in code order.

    ``tahun_realisasi`` sets the actual beside the budget to another year: the RAPBK for next
    year is shown beside this year's actual, its base."""
    anggaran = {
        r.akun_id: r.jumlah for r in AnggaranBaris.objects.for_koperasi(koperasi).tahun(tahun).only("akun", "jumlah")
    }
    nyata = realisasi(koperasi=koperasi, tahun=tahun_realisasi or tahun, bulan_akhir=bulan_akhir)
    akun = Akun.objects.for_koperasi(koperasi).filter(pk__in=set(anggaran) | set(nyata))
    per_bagian: dict[str, list[BarisAnggaran]] = {k: [] for k in JUDUL_BAGIAN}
    for a in sorted(akun, key=lambda a: kode_key(a.kode)):
        bagian = bagian_akun(a)
        if bagian is not None:
            per_bagian[bagian].append(BarisAnggaran(a.kode, a.nama, anggaran.get(a.pk, ZERO), nyata.get(a.pk, ZERO)))
    return PerbandinganAnggaran(
        tahun=tahun,
        bulan_akhir=bulan_akhir,
        bagian=tuple(BagianAnggaran(k, str(JUDUL_BAGIAN[k]), tuple(v)) for k, v in per_bagian.items()),
    )


# --- Excel -------------------------------------------------------------------------------------------

_RUPIAH = '"Rp"#,##0;("Rp"#,##0)'


def tulis_lembar_anggaran(ws: Any, perbandingan: PerbandinganAnggaran, *, judul: str) -> None:
    """Write budget against actual onto a worksheet (the RAT workbook reuses it)."""
    ws.append([safe_cell(judul)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(
        [
            gettext_now("Kode"),
            gettext_now("Akun"),
            gettext_now("Anggaran"),
            gettext_now("Realisasi"),
            gettext_now("Selisih"),
            gettext_now("% realisasi"),
        ]
    )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for bagian in perbandingan.bagian:
        ws.append([None, safe_cell(bagian.judul)])
        ws.cell(ws.max_row, 2).font = Font(bold=True)
        for b in (*bagian.baris, bagian.total):
            _baris_xlsx(ws, b, tebal=not b.kode)
    _baris_xlsx(ws, perbandingan.shu, tebal=True)
    ws.column_dimensions["A"].width = 11
    ws.column_dimensions["B"].width = 44
    for col in "CDE":
        ws.column_dimensions[col].width = 18
    ws.column_dimensions["F"].width = 12


def _baris_xlsx(ws: Any, b: BarisAnggaran, *, tebal: bool) -> None:
    persen = None if b.persen is None else b.persen / 100
    ws.append([safe_cell(b.kode), safe_cell(b.nama), b.anggaran, b.realisasi, b.selisih, persen])
    row = ws.max_row
    for col in (3, 4, 5):
        ws.cell(row, col).number_format = _RUPIAH
    ws.cell(row, 6).number_format = "0.0%"
    ws.cell(row, 6).alignment = Alignment(horizontal="right")
    if tebal:
        for col in range(1, 7):
            ws.cell(row, col).font = Font(bold=True)


def anggaran_xlsx(*, koperasi: Koperasi, perbandingan: PerbandinganAnggaran) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = gettext_now("Anggaran vs realisasi")[:31]
    judul = gettext_now("{nama} — anggaran dan realisasi tahun {tahun}").format(
        nama=koperasi.nama, tahun=perbandingan.tahun
    )
    tulis_lembar_anggaran(ws, perbandingan, judul=judul)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rencana_kerja_dari(koperasi: Koperasi, tahun: int) -> RencanaKerja | None:
    return RencanaKerja.objects.for_koperasi(koperasi).filter(tahun=tahun).first()
