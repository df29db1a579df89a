"""Reads for the loan pages (application to disbursement, the loan's hub, the member's view).

Small and side-effect free: nothing here writes (penalties in a payoff quotation are
computed, not saved). Other loan pages may import from here:

* ``pinjaman_daftar`` / ``jumlah_per_status`` — the filtered list and its counts;
* ``pinjaman_anggota`` — a member's loans, newest first;
* ``jadwal_aktif`` / ``jadwal_riwayat`` — the current schedule and the older versions;
* ``ringkasan_pinjaman`` — next installment due, arrears, the payoff amount today;
* ``rasio_angsuran`` — installment as a share of the monthly income;
* ``riwayat_kolektibilitas`` — month-end standings of a member's loans;
* ``jejak_audit`` — the audit rows of one loan.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gotong.accounts.models import User
from gotong.core.models import AuditLog
from gotong.core.money import ZERO
from gotong.loans import schedule
from gotong.loans.models import (
    Angsuran,
    Frekuensi,
    KolektibilitasBulanan,
    Pinjaman,
    ProdukPinjaman,
    StatusPinjaman,
)
from gotong.members.models import Anggota
from gotong.tenancy.models import Koperasi, NamaPeran

# Loans still on the book or on the way to it (a member's "other loans").
STATUS_TERBUKA = (StatusPinjaman.DIAJUKAN, StatusPinjaman.DISETUJUI, StatusPinjaman.AKTIF)


def hari_ini() -> dt.date:
    return timezone.localdate()


def pinjaman_daftar(
    *,
    koperasi: Koperasi,
    q: str = "",
    status: str = "",
    produk: ProdukPinjaman | None = None,
    kolektibilitas: int | None = None,
) -> QuerySet[Pinjaman]:
    """The koperasi's loans filtered by a search (member name or number, loan number),
    status, product and collectibility; newest first."""
    qs = Pinjaman.objects.for_koperasi(koperasi).select_related("anggota", "produk")
    q = q.strip()
    if q:
        anggota = Anggota.objects.for_koperasi(koperasi).search(q).values("pk")
        qs = qs.filter(Q(nomor__icontains=q) | Q(anggota__in=anggota))
    if status:
        qs = qs.filter(status=status)
    if produk is not None:
        qs = qs.filter(produk=produk)
    if kolektibilitas:
        qs = qs.filter(kolektibilitas=kolektibilitas, status=StatusPinjaman.AKTIF)
    return qs.order_by("-id")


def jumlah_per_status(*, koperasi: Koperasi) -> dict[str, int]:
    """How many loans of the koperasi are in each status (every status present, 0 if none)."""
    rows = Pinjaman.objects.for_koperasi(koperasi).values("status").annotate(n=Count("id")).order_by()
    counts = {s: 0 for s in StatusPinjaman.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def pinjaman_anggota(anggota: Anggota, *, termasuk_selesai: bool = True) -> list[Pinjaman]:
    """A member's loans, newest first; ``termasuk_selesai=False`` keeps only open ones."""
    qs = Pinjaman.objects.filter(anggota=anggota).select_related("produk")
    if not termasuk_selesai:
        qs = qs.filter(status__in=STATUS_TERBUKA)
    return list(qs.order_by("-id"))


def jadwal_aktif(p: Pinjaman) -> list[Angsuran]:
    """The current schedule version's rows, in order."""
    return list(Angsuran.objects.filter(pinjaman=p, versi=p.versi_jadwal).order_by("ke"))


def jadwal_riwayat(p: Pinjaman) -> list[tuple[int, list[Angsuran]]]:
    """Older schedule versions (after a rescheduling), newest first: [(versi, rows)]."""
    versi: dict[int, list[Angsuran]] = {}
    for a in Angsuran.objects.filter(pinjaman=p, versi__lt=p.versi_jadwal).order_by("-versi", "ke"):
        versi.setdefault(a.versi, []).append(a)
    return list(versi.items())


def jadwal_rencana(p: Pinjaman) -> schedule.Jadwal:
    """The schedule of the loan's terms (before disbursement: without due dates unless given)."""
    return schedule.buat_jadwal(p.syarat(p.tanggal_cair))


@dataclass(frozen=True)
class RingkasanPinjaman:
    """Where a running loan stands on ``tanggal``."""

    tanggal: dt.date
    angsuran_berikut: Angsuran | None  # the oldest unpaid installment
    tunggakan: Decimal  # unpaid amount of installments already due (denda included)
    angsuran_tertunggak: int  # how many installments are overdue
    hari_tunggakan: int  # days since the oldest unpaid installment fell due
    sisa_kewajiban: Decimal  # everything still scheduled
    pelunasan: Decimal | None  # what settling today costs (running loans only)


def ringkasan_pinjaman(p: Pinjaman, tanggal: dt.date | None = None) -> RingkasanPinjaman:
    """Next installment, arrears and the payoff quotation of a loan (read only)."""
    from gotong.loans.pembayaran import pelunasan_hitung

    tanggal = tanggal or hari_ini()
    terbuka = [a for a in jadwal_aktif(p) if a.aktif and a.lunas_pada is None]
    jatuh = [a for a in terbuka if a.jatuh_tempo < tanggal]
    pelunasan = None
    if p.status == StatusPinjaman.AKTIF:
        try:
            pelunasan = pelunasan_hitung(pinjaman=p, tanggal=tanggal).total
        except ValidationError:
            pelunasan = None
    return RingkasanPinjaman(
        tanggal=tanggal,
        angsuran_berikut=terbuka[0] if terbuka else None,
        tunggakan=sum((a.sisa for a in jatuh), ZERO),
        angsuran_tertunggak=len(jatuh),
        hari_tunggakan=(tanggal - jatuh[0].jatuh_tempo).days if jatuh else 0,
        sisa_kewajiban=sum((a.sisa for a in terbuka), ZERO),
        pelunasan=pelunasan,
    )


def angsuran_per_bulan(jadwal: schedule.Jadwal) -> Decimal:
    """The regular installment expressed per month (a weekly one × 52 / 12)."""
    angsuran = jadwal.angsuran_pertama
    if jadwal.syarat.frekuensi == Frekuensi.MINGGUAN:
        return (angsuran * 52 / 12).quantize(Decimal("1"))
    return angsuran


def rasio_angsuran(p: Pinjaman) -> Decimal | None:
    """The installment as a percentage of the monthly income (None without income)."""
    if p.penghasilan_bulanan <= ZERO:
        return None
    per_bulan = angsuran_per_bulan(jadwal_rencana(p))
    return (per_bulan * 100 / p.penghasilan_bulanan).quantize(Decimal("0.1"))


def riwayat_kolektibilitas(anggota: Anggota, *, batas: int = 24) -> list[KolektibilitasBulanan]:
    """The month-end standings of a member's loans, newest first (at most ``batas`` rows)."""
    qs = KolektibilitasBulanan.objects.filter(pinjaman__anggota=anggota).select_related("pinjaman")
    return list(qs.order_by("-tahun", "-bulan", "pinjaman_id")[:batas])


def jejak_audit(p: Pinjaman) -> list[AuditLog]:
    """The audit rows of one loan (application, decision, disbursement, …), oldest first."""
    qs = AuditLog.objects.filter(koperasi_id=p.koperasi_id, objek_tipe="loans.pinjaman", objek_id=str(p.pk))
    return list(qs.select_related("aktor").order_by("waktu", "id"))


def petugas_lapangan(koperasi: Koperasi) -> QuerySet[User]:
    """The koperasi's active field collectors (for the petugas choice)."""
    return User.objects.filter(
        peran__koperasi=koperasi, peran__peran=NamaPeran.PETUGAS_LAPANGAN, peran__aktif=True
    ).order_by("nama_lengkap", "id")


def produk_aktif(koperasi: Koperasi) -> QuerySet[ProdukPinjaman]:
    return ProdukPinjaman.objects.filter(koperasi=koperasi, aktif=True).order_by("nama")


def anggota_pinjaman_lain(p: Pinjaman) -> list[Pinjaman]:
    """The member's other open loans (for the analysis screen)."""
    return [x for x in pinjaman_anggota(p.anggota, termasuk_selesai=False) if x.pk != p.pk]


def total(items: Any, attr: str) -> Decimal:
    return sum((getattr(x, attr) for x in items), ZERO)
