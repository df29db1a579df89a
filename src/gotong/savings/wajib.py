"""Monthly simpanan wajib (UU 25/1992 Pasal 41): bills, deposits paying the oldest bill
first, and the arrears lists per member and per desa.

* **Billing** (``tagihan_wajib_buat``): one ``TagihanWajib`` per active wajib account per
  month, for ``rekening.setoran_wajib`` (the product's ``setoran_tetap`` when the account
  has none), due on the product's ``hari_jatuh_tempo``; idempotent (unique per account
  and month). The month-end run of month M bills month M+1, so bills exist before they
  fall due; the month-end page also has a button to bill a chosen month by hand (a
  koperasi that starts mid-year bills its current month that way). An account opened
  after the due day is billed from its opening day; one opened after the month is not.
* **Paying** (``tagihan_wajib_lunasi``): the teller's wajib deposit calls it inside the
  deposit's transaction; it pays the oldest unpaid bills first. Money left over pays the
  coming months in advance: their bills are created, already (partly) paid, up to
  ``BULAN_DI_MUKA_MAKS`` months ahead, so a member who pays ahead never shows in arrears.
* **Arrears** (``tunggakan_*``): bills past their due date and not fully paid, of
  accounts still active.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db import transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Min, QuerySet, Sum
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from gotong.core import regions
from gotong.core.audit import audit_record
from gotong.core.money import ZERO
from gotong.members.export import safe_cell
from gotong.savings.interest import Bulan
from gotong.savings.models import JenisSimpanan, RekeningSimpanan, StatusRekening, TagihanWajib
from gotong.tenancy.models import Koperasi

BULAN_DI_MUKA_MAKS = 24
_BATCH = 2000


def _jumlah(rekening_setoran: Decimal, produk_setoran: Decimal) -> Decimal:
    return rekening_setoran if rekening_setoran > ZERO else produk_setoran


def _jatuh_tempo(b: Bulan, hari: int, dibuka: dt.date) -> dt.date:
    return max(dt.date(b.tahun, b.bulan, min(hari, 28)), dibuka)


def tagihan_wajib_buat(*, koperasi: Koperasi, tahun: int, bulan: int, actor: Any = None) -> int:
    """Bill every active wajib account for one month; returns how many bills were new.
    Streams the accounts in batches; safe to run again (existing bills are kept). Billing
    by hand (``actor`` given) is audited."""
    b = Bulan(tahun, bulan)
    accounts = (
        RekeningSimpanan.objects.for_koperasi(koperasi)
        .aktif()
        .filter(jenis=JenisSimpanan.WAJIB, dibuka__lte=b.akhir)
        .order_by("id")
        .values_list("id", "setoran_wajib", "produk__setoran_tetap", "produk__hari_jatuh_tempo", "dibuka")
    )
    dibuat = 0
    for batch in _batches(accounts.iterator(chunk_size=_BATCH), _BATCH):
        dibuat += _tagih_batch(koperasi, b, batch)
    if actor is not None:
        sesudah = {"tahun": b.tahun, "bulan": b.bulan, "tagihan_baru": dibuat}
        audit_record(koperasi=koperasi, aktor=actor, aksi="tagihan_wajib.buat", objek=koperasi, sesudah=sesudah)
    return dibuat


def _batches(rows: Iterator[Any], n: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


def _tagih_batch(koperasi: Koperasi, b: Bulan, batch: Sequence[Any]) -> int:
    ids = [row[0] for row in batch]
    with transaction.atomic():
        ada = set(
            TagihanWajib.objects.filter(rekening_id__in=ids, tahun=b.tahun, bulan=b.bulan).values_list(
                "rekening_id", flat=True
            )
        )
        baru = [
            TagihanWajib(
                koperasi=koperasi,
                rekening_id=rid,
                tahun=b.tahun,
                bulan=b.bulan,
                jatuh_tempo=_jatuh_tempo(b, hari, dibuka),
                jumlah=_jumlah(setoran, tetap),
            )
            for rid, setoran, tetap, hari, dibuka in batch
            if rid not in ada and _jumlah(setoran, tetap) > ZERO
        ]
        # a concurrent run may have billed some meanwhile: the unique constraint keeps one
        TagihanWajib.objects.bulk_create(baru, ignore_conflicts=True)
        return len(baru)


@dataclass(frozen=True)
class AlokasiWajib:
    """What a wajib deposit paid: the bills touched (oldest first, advance months last)
    and the part no bill took (beyond ``BULAN_DI_MUKA_MAKS`` months ahead)."""

    tagihan: tuple[TagihanWajib, ...]
    sisa: Decimal


def tagihan_wajib_lunasi(
    *, rekening: RekeningSimpanan, jumlah: Decimal, tanggal: dt.date | None = None
) -> AlokasiWajib:
    """Apply a wajib deposit of ``jumlah`` to the account's bills, oldest unpaid first, then
    to the coming months in advance. Call it inside the deposit's transaction (the bills are
    row-locked). ``tanggal`` is the deposit date (default today): advance billing starts in
    its month when the account has no bill yet."""
    tanggal = tanggal or timezone.localdate()
    with transaction.atomic():
        terbuka = list(
            TagihanWajib.objects.select_for_update()
            .filter(rekening=rekening, terbayar__lt=F("jumlah"))
            .order_by("tahun", "bulan")
        )
        sisa, dibayar = jumlah, []
        for t in terbuka:
            if sisa <= ZERO:
                break
            bayar = min(sisa, t.jumlah - t.terbayar)
            t.terbayar += bayar
            sisa -= bayar
            dibayar.append(t)
        TagihanWajib.objects.bulk_update(dibayar, ["terbayar"])
        if sisa > ZERO:
            di_muka, sisa = _bayar_di_muka(rekening, sisa, tanggal)
            dibayar.extend(di_muka)
        return AlokasiWajib(tuple(dibayar), sisa)


def _bayar_di_muka(rekening: RekeningSimpanan, sisa: Decimal, tanggal: dt.date) -> tuple[list[TagihanWajib], Decimal]:
    """Bills of the coming months, created already paid (the last one maybe in part)."""
    produk = rekening.produk
    per_bulan = _jumlah(rekening.setoran_wajib, produk.setoran_tetap)
    if per_bulan <= ZERO:
        return [], sisa
    last = TagihanWajib.objects.filter(rekening=rekening).aggregate(t=Max(F("tahun") * 100 + F("bulan")))["t"]
    b = Bulan(last // 100, last % 100).berikut() if last else Bulan(tanggal.year, tanggal.month)
    batas = Bulan(tanggal.year, tanggal.month)
    for _ in range(BULAN_DI_MUKA_MAKS):
        batas = batas.berikut()
    baru = []
    while sisa > ZERO and (b.tahun, b.bulan) <= (batas.tahun, batas.bulan):
        bayar = min(sisa, per_bulan)
        baru.append(
            TagihanWajib(
                koperasi_id=rekening.koperasi_id,
                rekening=rekening,
                tahun=b.tahun,
                bulan=b.bulan,
                jatuh_tempo=_jatuh_tempo(b, produk.hari_jatuh_tempo, rekening.dibuka),
                jumlah=per_bulan,
                terbayar=bayar,
            )
        )
        sisa -= bayar
        b = b.berikut()
    TagihanWajib.objects.bulk_create(baru)
    return baru, sisa


# --- arrears (reads) -----------------------------------------------------------------------------

_SISA = ExpressionWrapper(F("jumlah") - F("terbayar"), output_field=DecimalField(max_digits=18, decimal_places=2))


def _tunggak(koperasi: Koperasi, per: dt.date) -> QuerySet[TagihanWajib]:
    return TagihanWajib.objects.filter(
        koperasi=koperasi,
        jatuh_tempo__lt=per,
        terbayar__lt=F("jumlah"),
        rekening__status=StatusRekening.AKTIF,
    )


def tunggakan_per_anggota(*, koperasi: Koperasi, per: dt.date, desa: str = "") -> QuerySet[Any]:
    """Members in arrears on ``per``: unpaid months, amount, oldest due date (oldest first)."""
    rows = _tunggak(koperasi, per)
    if desa:
        rows = rows.filter(rekening__anggota__desa_kode=desa)
    return (
        rows.values(
            "rekening__anggota_id",
            "rekening__anggota__nama",
            "rekening__anggota__nomor_anggota",
            "rekening__anggota__desa_kode",
        )
        .annotate(bulan_tunggak=Count("id"), jumlah_tunggak=Sum(_SISA), tertua=Min("jatuh_tempo"))
        .order_by("tertua", "rekening__anggota__nama", "rekening__anggota_id")
    )


def tunggakan_per_desa(*, koperasi: Koperasi, per: dt.date) -> QuerySet[Any]:
    """Arrears per desa/kelurahan: members in arrears, unpaid months, amount (largest first)."""
    return (
        _tunggak(koperasi, per)
        .values("rekening__anggota__desa_kode")
        .annotate(
            anggota=Count("rekening__anggota_id", distinct=True),
            bulan_tunggak=Count("id"),
            jumlah_tunggak=Sum(_SISA),
            tertua=Min("jatuh_tempo"),
        )
        .order_by("-jumlah_tunggak", "rekening__anggota__desa_kode")
    )


HEADERS_ANGGOTA = [
    "Nomor anggota",
    "Nama",
    "Desa/kelurahan",
    "Bulan menunggak",
    "Jumlah tunggakan",
    "Jatuh tempo tertua",
]
HEADERS_DESA = ["Desa/kelurahan", "Kode desa", "Anggota menunggak", "Bulan menunggak", "Jumlah tunggakan"]


def _baris_anggota(row: dict[str, Any]) -> list[object]:
    return [
        row["rekening__anggota__nomor_anggota"],
        row["rekening__anggota__nama"],
        regions.nama(row["rekening__anggota__desa_kode"]),
        row["bulan_tunggak"],
        row["jumlah_tunggak"],
        row["tertua"],
    ]


def _baris_desa(row: dict[str, Any]) -> list[object]:
    kode = row["rekening__anggota__desa_kode"]
    return [regions.nama(kode), kode, row["anggota"], row["bulan_tunggak"], row["jumlah_tunggak"]]


def tunggakan_xlsx(rows: Iterable[dict[str, Any]], *, per_desa: bool, judul: str) -> bytes:
    """The arrears list as Excel (write-only, streams any length); text is formula-safe."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tunggakan wajib")
    ws.freeze_panes = "A3"
    title = WriteOnlyCell(ws, value=safe_cell(judul))
    title.font = Font(bold=True, size=13)
    ws.append([title])
    ws.append([_bold(ws, h) for h in (HEADERS_DESA if per_desa else HEADERS_ANGGOTA)])
    for row in rows:
        ws.append([_cell(ws, v) for v in (_baris_desa(row) if per_desa else _baris_anggota(row))])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _bold(ws: Any, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = Font(bold=True)
    return cell


def _cell(ws: Any, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=safe_cell(value))
    if isinstance(value, dt.date):
        cell.number_format = "DD-MM-YYYY"
    elif isinstance(value, Decimal):
        cell.number_format = "#,##0"
    return cell
