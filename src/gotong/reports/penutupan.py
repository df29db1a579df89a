"""Year close (tutup buku) and its reopening.

Closing a book year posts one closing entry dated 31 December that moves every income and
expense account's result for the year into SHU tahun berjalan (3.99) and closes the year's
twelve months. Reopening (pengurus, with a reason, audited) reverses that entry; the months
stay closed until a pengurus reopens the one that needs a correction. Statements leave the
closing entries out of the income statement (``reports.statements``), so every report can be
run for any period, closed or open.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_record, snapshot
from gotong.core.money import ZERO
from gotong.ledger import chart
from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Akun, Jurnal, Periode, SaldoBulanan, Sisi, SumberJurnal, TipeAkun
from gotong.ledger.posting import JurnalBuilder, akun, kunci_bulan
from gotong.reports.models import TahunBuku
from gotong.tenancy.models import Koperasi

TAHUN_BELUM_BERAKHIR = _("Tahun buku {tahun} belum berakhir; tutup buku bisa dilakukan mulai 1 Januari {berikut}.")
TAHUN_SUDAH_DITUTUP = _("Tahun buku {tahun} sudah ditutup.")
TAHUN_BELUM_DITUTUP = _("Tahun buku {tahun} belum ditutup.")
TAHUN_SEBELUMNYA_TERBUKA = _("Tutup dulu tahun buku {tahun}: tahun buku ditutup berurutan.")
TAHUN_SESUDAHNYA_DITUTUP = _("Buka dulu tahun buku {tahun}: tahun buku dibuka kembali dari yang terakhir.")
BUKU_TIDAK_SEIMBANG = _(
    "Buku belum bisa ditutup karena pemeriksaan buku menemukan {jumlah} masalah, misalnya: {contoh} "
    "Perbaiki dulu, lalu tutup buku lagi."
)
ALASAN_WAJIB = _("Tulis alasan membuka kembali tahun buku ini.")

# Reasons a closed year may not be reopened, registered by the apps that build on a closed
# year (the SHU app refuses once the year's SHU is approved). Each returns a message or None.
PenghalangBuka = Callable[[Koperasi, int], str | None]
PENGHALANG_BUKA: list[PenghalangBuka] = []


def register_penghalang_buka(check: PenghalangBuka) -> PenghalangBuka:
    if check not in PENGHALANG_BUKA:
        PENGHALANG_BUKA.append(check)
    return check


def hasil_tahun(*, koperasi: Koperasi, tahun: int) -> dict[int, Decimal]:
    """Each income and expense account's result for the year on the credit side (income
    positive, expense negative), before the closing entry, from the maintained balances."""
    rows = (
        SaldoBulanan.objects.filter(
            koperasi=koperasi, tahun=tahun, akun__tipe__in=(TipeAkun.PENDAPATAN, TipeAkun.BEBAN)
        )
        .values("akun_id")
        .annotate(d=Sum("debit"), k=Sum("kredit"))
        .order_by()
    )
    hasil = {r["akun_id"]: (r["k"] or ZERO) - (r["d"] or ZERO) for r in rows}
    # A closed year's own closing entry already moved these amounts out: add them back.
    for akun_id, sisi, jumlah in _baris_penutup(koperasi, tahun):
        hasil[akun_id] = hasil.get(akun_id, ZERO) + (jumlah if sisi == Sisi.DEBIT else -jumlah)
    return {pk: v for pk, v in hasil.items() if v != ZERO}


def _baris_penutup(koperasi: Koperasi, tahun: int) -> list[tuple[int, str, Decimal]]:
    from gotong.ledger.models import BarisJurnal

    return list(
        BarisJurnal.objects.filter(
            jurnal__koperasi=koperasi,
            jurnal__sumber=SumberJurnal.TUTUP_BUKU,
            jurnal__tanggal__year=tahun,
            akun__tipe__in=(TipeAkun.PENDAPATAN, TipeAkun.BEBAN),
        ).values_list("akun_id", "sisi", "jumlah")
    )


def _tahun_terbuka_sebelum(koperasi: Koperasi, tahun: int) -> int | None:
    """The earliest year before ``tahun`` that has postings and is not closed."""
    dengan_buku = set(
        SaldoBulanan.objects.filter(koperasi=koperasi, tahun__lt=tahun).values_list("tahun", flat=True).distinct()
    )
    tertutup = set(TahunBuku.objects.for_koperasi(koperasi).ditutup().values_list("tahun", flat=True))
    terbuka = sorted(dengan_buku - tertutup)
    return terbuka[0] if terbuka else None


def _check_bisa_ditutup(koperasi: Koperasi, tahun: int, today: dt.date) -> None:
    if today <= dt.date(tahun, 12, 31):
        raise ValidationError(str(TAHUN_BELUM_BERAKHIR).format(tahun=tahun, berikut=tahun + 1))
    sebelum = _tahun_terbuka_sebelum(koperasi, tahun)
    if sebelum is not None:
        raise ValidationError(str(TAHUN_SEBELUMNYA_TERBUKA).format(tahun=sebelum))
    masalah = periksa_buku(koperasi)
    if masalah:
        raise ValidationError(str(BUKU_TIDAK_SEIMBANG).format(jumlah=len(masalah), contoh=masalah[0]))


def _lock(koperasi: Koperasi, tahun: int) -> TahunBuku:
    TahunBuku.objects.get_or_create(koperasi=koperasi, tahun=tahun)
    return TahunBuku.objects.select_for_update().get(koperasi=koperasi, tahun=tahun)


def _jurnal_penutup(koperasi: Koperasi, tahun: int, hasil: dict[int, Decimal], actor: Any) -> Jurnal | None:
    if not hasil:
        return None
    per_pk = Akun.objects.in_bulk(list(hasil))
    # A year closed, reopened and closed again gets a new key each time (the earlier entries stay).
    sebelumnya = Jurnal.objects.filter(koperasi=koperasi, sumber=SumberJurnal.TUTUP_BUKU, sumber_id=str(tahun)).count()
    builder = JurnalBuilder(
        koperasi=koperasi,
        tanggal=dt.date(tahun, 12, 31),
        keterangan=f"Penutupan tahun buku {tahun}: pendapatan dan beban ke SHU tahun berjalan",
        sumber=SumberJurnal.TUTUP_BUKU,
        sumber_id=str(tahun),
        kunci=f"tutup-buku-{tahun}-{sebelumnya}",
        actor=actor,
    )
    for pk in sorted(hasil, key=lambda pk: per_pk[pk].kode):
        jumlah = hasil[pk]
        # Income (a credit result) is debited to zero it, expense (a debit result) credited.
        if jumlah > ZERO:
            builder.debit(per_pk[pk], jumlah, keterangan="Penutupan")
        else:
            builder.kredit(per_pk[pk], -jumlah, keterangan="Penutupan")
    shu = sum(hasil.values(), ZERO)
    shu_akun = akun(koperasi, chart.SHU_BERJALAN)
    if shu > ZERO:
        builder.kredit(shu_akun, shu, keterangan=f"SHU tahun buku {tahun}")
    elif shu < ZERO:
        builder.debit(shu_akun, -shu, keterangan=f"Rugi tahun buku {tahun}")
    return builder.post()


def _tutup_bulan(koperasi: Koperasi, tahun: int, actor: Any) -> None:
    now = timezone.now()
    for bulan in range(1, 13):
        Periode.objects.get_or_create(koperasi=koperasi, tahun=tahun, bulan=bulan)
    Periode.objects.filter(koperasi=koperasi, tahun=tahun, ditutup=False).update(
        ditutup=True, ditutup_oleh=actor, ditutup_pada=now
    )


def tahun_buku_tutup(*, koperasi: Koperasi, tahun: int, actor: Any, today: dt.date | None = None) -> TahunBuku:
    """Close a book year: the closing entry into SHU tahun berjalan, then its twelve months closed."""
    _check_bisa_ditutup(koperasi, tahun, today or timezone.localdate())
    with transaction.atomic():
        tb = _lock(koperasi, tahun)
        if tb.ditutup:
            raise ValidationError(str(TAHUN_SUDAH_DITUTUP).format(tahun=tahun))
        for bulan in range(1, 13):  # postings in flight land first and count; later ones are refused
            kunci_bulan(koperasi, tahun, bulan, eksklusif=True)
        hasil = hasil_tahun(koperasi=koperasi, tahun=tahun)
        tb.jurnal_penutup = _jurnal_penutup(koperasi, tahun, hasil, actor)
        tb.shu = sum(hasil.values(), ZERO)
        tb.ditutup, tb.ditutup_oleh, tb.ditutup_pada = True, actor, timezone.now()
        tb.save()
        _tutup_bulan(koperasi, tahun, actor)
        audit_record(koperasi=koperasi, aktor=actor, aksi="tahun_buku.tutup", objek=tb, sesudah=snapshot(tb))
        return tb


def _check_bisa_dibuka(koperasi: Koperasi, tb: TahunBuku, alasan: str) -> None:
    if not alasan.strip():
        raise ValidationError({"alasan": str(ALASAN_WAJIB)})
    if not tb.ditutup:
        raise ValidationError(str(TAHUN_BELUM_DITUTUP).format(tahun=tb.tahun))
    sesudah = TahunBuku.objects.for_koperasi(koperasi).ditutup().filter(tahun__gt=tb.tahun).order_by("-tahun").first()
    if sesudah is not None:
        raise ValidationError(str(TAHUN_SESUDAHNYA_DITUTUP).format(tahun=sesudah.tahun))
    for penghalang in PENGHALANG_BUKA:
        pesan = penghalang(koperasi, tb.tahun)
        if pesan:
            raise ValidationError(pesan)


def _balik_penutup(jurnal: Jurnal, actor: Any, alasan: str) -> Jurnal:
    # Dated like the closing entry and of the same source, so that the statements leave both out.
    builder = JurnalBuilder(
        koperasi=jurnal.koperasi,
        tanggal=jurnal.tanggal,
        keterangan=f"Pembukaan kembali tahun buku {jurnal.tanggal.year}: {alasan}"[:250],
        sumber=SumberJurnal.TUTUP_BUKU,
        sumber_id=jurnal.sumber_id,
        kunci=f"buka-buku-{jurnal.pk}",
        actor=actor,
        membalik=jurnal,
    )
    for b in jurnal.baris.select_related("akun"):
        (builder.kredit if b.sisi == Sisi.DEBIT else builder.debit)(b.akun, b.jumlah, keterangan="Pembukaan kembali")
    return builder.post()


def tahun_buku_buka(*, koperasi: Koperasi, tahun: int, actor: Any, alasan: str) -> TahunBuku:
    """Reopen a closed year (pengurus only, checked by the view): its closing entry is reversed."""
    with transaction.atomic():
        tb = _lock(koperasi, tahun)
        _check_bisa_dibuka(koperasi, tb, alasan)
        before = snapshot(tb)
        if tb.jurnal_penutup is not None:
            _balik_penutup(tb.jurnal_penutup, actor, alasan.strip())
        tb.ditutup, tb.jurnal_penutup, tb.shu = False, None, ZERO
        tb.ditutup_oleh, tb.ditutup_pada = None, None
        tb.save()
        audit_record(
            koperasi=koperasi,
            aktor=actor,
            aksi="tahun_buku.buka",
            objek=tb,
            sebelum=before,
            sesudah={**snapshot(tb), "alasan": alasan.strip()},
        )
        return tb


def tahun_ditutup(*, koperasi: Koperasi, tahun: int) -> bool:
    return TahunBuku.objects.for_koperasi(koperasi).ditutup().filter(tahun=tahun).exists()
