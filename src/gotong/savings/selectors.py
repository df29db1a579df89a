"""Reads for savings: finding a member at the counter, accounts and balances, the buku
simpanan, the cash drawer's day, receipts and the exit settlement."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from gotong.core.money import ZERO
from gotong.ledger import chart
from gotong.ledger.models import Akun, BarisJurnal, Jurnal, Sisi, SumberJurnal
from gotong.ledger.sources import Tautan
from gotong.members.models import Anggota, AnggotaQuerySet, StatusAnggota
from gotong.savings.models import (
    JenisMutasi,
    JenisSimpanan,
    Kwitansi,
    MutasiSimpanan,
    ProdukSimpanan,
    RekeningSimpanan,
    SesiKas,
    StatusRekening,
)
from gotong.tenancy.models import Koperasi

# The card's QR holds /k/<kode>/kartu/<token>/; a USB scanner types it into the search box.
_KARTU_URL = re.compile(r"/k/(?P<kode>[\w-]+)/kartu/(?P<token>[\w-]+)")
_TOKEN = re.compile(r"[\w-]{20,40}")
CARI_BATAS = 20
AKUN_UTANG_KELUAR = chart.UTANG_ANGGOTA_KELUAR  # 2.40 Utang pengembalian simpanan anggota keluar


@dataclass(frozen=True)
class HasilCari:
    """Members found at the counter; ``tepat`` when the search named exactly one (card,
    NIK or member number), so the counter opens that member at once."""

    anggota: list[Anggota]
    tepat: Anggota | None = None
    kartu_lain: bool = False  # a card of another koperasi was scanned


def _terdaftar(koperasi: Koperasi) -> AnggotaQuerySet:
    return Anggota.objects.for_koperasi(koperasi).terdaftar()


def anggota_cari_loket(*, koperasi: Koperasi, q: str) -> HasilCari:
    """Find a member by member number, NIK, name or the member card's QR (URL or token)."""
    q = q.strip()
    if not q:
        return HasilCari([])
    base = _terdaftar(koperasi)
    kartu = _KARTU_URL.search(q)
    if kartu is not None:
        if kartu["kode"] != koperasi.kode:
            return HasilCari([], kartu_lain=True)
        found = base.filter(token_kartu=kartu["token"]).first()
        return HasilCari([found] if found else [], found)
    exact = base.filter(Q(nomor_anggota__iexact=q) | Q(nik=q))
    if _TOKEN.fullmatch(q):
        exact = base.filter(Q(nomor_anggota__iexact=q) | Q(nik=q) | Q(token_kartu=q))
    tepat = list(exact[:2])
    if len(tepat) == 1:
        return HasilCari(tepat, tepat[0])
    return HasilCari(list(base.search(q).order_by("nama", "id")[:CARI_BATAS]))


def rekening_anggota(*, anggota: Anggota, termasuk_ditutup: bool = False) -> list[RekeningSimpanan]:
    """A member's accounts as the counter shows them: open first, then pokok, wajib, sukarela, berjangka."""
    qs = RekeningSimpanan.objects.filter(anggota=anggota).select_related("produk")
    if not termasuk_ditutup:
        qs = qs.filter(status=StatusRekening.AKTIF)
    urutan = {jenis: i for i, jenis in enumerate(JenisSimpanan.values)}
    return sorted(qs, key=lambda r: (r.status != StatusRekening.AKTIF, urutan[r.jenis], r.pk))


@dataclass(frozen=True)
class RingkasanAnggota:
    rekening: list[RekeningSimpanan]
    total: Decimal
    pokok_sisa: Decimal  # pokok still to pay (0 when paid)


def ringkasan_anggota(*, anggota: Anggota, termasuk_ditutup: bool = False) -> RingkasanAnggota:
    rekening = rekening_anggota(anggota=anggota, termasuk_ditutup=termasuk_ditutup)
    aktif = [r for r in rekening if r.status == StatusRekening.AKTIF]
    sisa = sum(
        (max(r.produk.setoran_tetap - r.saldo, ZERO) for r in aktif if r.jenis == JenisSimpanan.POKOK),
        ZERO,
    )
    return RingkasanAnggota(rekening, sum((r.saldo for r in aktif), ZERO), sisa)


def produk_berjangka(*, koperasi: Koperasi) -> QuerySet[ProdukSimpanan]:
    return ProdukSimpanan.objects.filter(koperasi=koperasi, jenis=JenisSimpanan.BERJANGKA, aktif=True).order_by(
        "jangka_bulan", "id"
    )


def produk_daftar(*, koperasi: Koperasi) -> QuerySet[ProdukSimpanan]:
    return ProdukSimpanan.objects.filter(koperasi=koperasi).order_by("jenis", "jangka_bulan", "nama")


# --- Buku simpanan -------------------------------------------------------------------------


def mutasi_rekening(
    *, rekening: RekeningSimpanan, dari: dt.date | None = None, sampai: dt.date | None = None
) -> QuerySet[MutasiSimpanan]:
    """Movements of one account in posting order (the order ``saldo_setelah`` was kept in:
    month-end interest dated the last day may be posted after a deposit of the next day)."""
    qs = MutasiSimpanan.objects.filter(rekening=rekening)
    if dari:
        qs = qs.filter(tanggal__gte=dari)
    if sampai:
        qs = qs.filter(tanggal__lte=sampai)
    return qs.order_by("id")


def saldo_sebelum(*, rekening: RekeningSimpanan, dari: dt.date | None) -> Decimal:
    """The balance before the first movement of a period (0 when there is none before)."""
    if dari is None:
        return ZERO
    first = MutasiSimpanan.objects.filter(rekening=rekening, tanggal__gte=dari).order_by("id").first()
    if first is not None:
        return first.saldo_setelah - first.jumlah
    last = MutasiSimpanan.objects.filter(rekening=rekening, tanggal__lt=dari).order_by("-id").first()
    return last.saldo_setelah if last is not None else ZERO


@dataclass(frozen=True)
class JumlahPeriode:
    masuk: Decimal
    keluar: Decimal


def jumlah_periode(mutasi: QuerySet[MutasiSimpanan]) -> JumlahPeriode:
    row = mutasi.order_by().aggregate(m=Sum("jumlah", filter=Q(jumlah__gt=0)), k=Sum("jumlah", filter=Q(jumlah__lt=0)))
    return JumlahPeriode(row["m"] or ZERO, -(row["k"] or ZERO))


# --- Receipts ------------------------------------------------------------------------------


class Arah:
    MASUK = "masuk"  # money received from the member
    KELUAR = "keluar"  # money paid to the member
    PINDAH = "pindah"  # no money over the counter (a transfer between accounts)


def kwitansi_arah(kwitansi: Kwitansi) -> str:
    """Whether a receipt is for money received, paid out, or a transfer (from its entry's cash/bank lines)."""
    lines = BarisJurnal.objects.filter(jurnal_id=kwitansi.jurnal_id, akun__kode__in=[chart.KAS, chart.BANK])
    sides = set(lines.values_list("sisi", flat=True))
    if Sisi.DEBIT in sides:
        return Arah.MASUK
    if Sisi.KREDIT in sides:
        return Arah.KELUAR
    return Arah.PINDAH


def kwitansi_rekening(kwitansi: Kwitansi) -> list[MutasiSimpanan]:
    return list(MutasiSimpanan.objects.filter(kwitansi=kwitansi).select_related("rekening__produk").order_by("id"))


# --- Cash drawer ---------------------------------------------------------------------------


def laci_terbuka(*, koperasi: Koperasi, kasir: Any) -> SesiKas | None:
    return SesiKas.objects.filter(koperasi=koperasi, kasir=kasir, ditutup_pada__isnull=True).order_by("-id").first()


@dataclass(frozen=True)
class BarisLaci:
    kwitansi: Kwitansi
    masuk: Decimal
    keluar: Decimal


@dataclass(frozen=True)
class RingkasanLaci:
    """A drawer's day: every cash receipt of the kasir while it was open, totals, and the
    cash that should be in it (float + in − out)."""

    sesi: SesiKas
    baris: list[BarisLaci] = field(default_factory=list)

    @property
    def masuk(self) -> Decimal:
        return sum((b.masuk for b in self.baris), ZERO)

    @property
    def keluar(self) -> Decimal:
        return sum((b.keluar for b in self.baris), ZERO)

    @property
    def seharusnya(self) -> Decimal:
        return self.sesi.saldo_awal + self.masuk - self.keluar


def laci_ringkasan(*, sesi: SesiKas) -> RingkasanLaci:
    """The movements of a drawer are the kasir's receipts with cash lines while it was open.

    Every cash service locks the open drawer before it writes its receipt, and closing
    locks it too, so the window [opened, closed] holds exactly the drawer's movements.
    """
    kas = Akun.objects.filter(koperasi_id=sesi.koperasi_id, kode=chart.KAS).first()
    if kas is None:
        return RingkasanLaci(sesi)
    rows = Kwitansi.objects.filter(koperasi_id=sesi.koperasi_id, kasir_id=sesi.kasir_id, waktu__gte=sesi.dibuka_pada)
    if sesi.ditutup_pada is not None:
        rows = rows.filter(waktu__lte=sesi.ditutup_pada)
    rows = (
        rows.annotate(
            kas_masuk=Sum("jurnal__baris__jumlah", filter=Q(jurnal__baris__akun=kas, jurnal__baris__sisi=Sisi.DEBIT)),
            kas_keluar=Sum("jurnal__baris__jumlah", filter=Q(jurnal__baris__akun=kas, jurnal__baris__sisi=Sisi.KREDIT)),
        )
        .filter(Q(kas_masuk__gt=0) | Q(kas_keluar__gt=0))
        .select_related("anggota")
        .order_by("waktu", "id")
    )
    return RingkasanLaci(sesi, [BarisLaci(k, k.kas_masuk or ZERO, k.kas_keluar or ZERO) for k in rows])


def laci_daftar(*, koperasi: Koperasi, kasir: Any = None) -> QuerySet[SesiKas]:
    qs = SesiKas.objects.filter(koperasi=koperasi).select_related("kasir")
    if kasir is not None:
        qs = qs.filter(kasir=kasir)
    return qs.order_by("-tanggal", "-id")


# --- Exit settlement -----------------------------------------------------------------------


def _baris_utang_keluar(anggota: Anggota) -> QuerySet[BarisJurnal]:
    return BarisJurnal.objects.filter(
        akun__koperasi_id=anggota.koperasi_id, akun__kode=AKUN_UTANG_KELUAR, anggota=anggota
    )


def pengembalian_terutang(*, anggota: Anggota) -> Decimal:
    """What the koperasi still owes a member who left (credit − debit on 2.40 for the member)."""
    row = _baris_utang_keluar(anggota).aggregate(
        k=Sum("jumlah", filter=Q(sisi=Sisi.KREDIT)), d=Sum("jumlah", filter=Q(sisi=Sisi.DEBIT))
    )
    return (row["k"] or ZERO) - (row["d"] or ZERO)


@dataclass(frozen=True)
class Penyelesaian:
    """The exit settlement as shown to the member and the board: what each account returned,
    what was offset, what is payable, what the kasir paid and what is left."""

    jurnal: Jurnal
    rekening: list[MutasiSimpanan]
    potongan: list[BarisJurnal]
    dikembalikan: Decimal
    dibayar: list[Kwitansi]
    sisa: Decimal

    @property
    def rincian(self) -> list[tuple[str, Decimal]]:
        """Each closed account with what it returned."""
        return [(f"{m.rekening.nomor} · {m.rekening.produk.nama}", -m.jumlah) for m in self.rekening]

    @property
    def total_simpanan(self) -> Decimal:
        return sum((-m.jumlah for m in self.rekening), ZERO)

    @property
    def total_potongan(self) -> Decimal:
        return sum((b.jumlah for b in self.potongan), ZERO)


def penyelesaian_anggota(*, anggota: Anggota) -> Penyelesaian | None:
    if anggota.status != StatusAnggota.KELUAR:
        return None
    jurnal = Jurnal.objects.filter(
        koperasi_id=anggota.koperasi_id, sumber=SumberJurnal.PENYELESAIAN_KELUAR, kunci=f"keluar-{anggota.pk}"
    ).first()
    if jurnal is None:
        return None
    mutasi = list(
        MutasiSimpanan.objects.filter(jurnal=jurnal, jenis=JenisMutasi.PENUTUPAN)
        .select_related("rekening__produk")
        .order_by("id")
    )
    lines = list(jurnal.baris.select_related("akun").order_by("id"))
    potongan = [b for b in lines if b.sisi == Sisi.KREDIT and b.akun.kode != AKUN_UTANG_KELUAR]
    dikembalikan = sum((b.jumlah for b in lines if b.sisi == Sisi.KREDIT and b.akun.kode == AKUN_UTANG_KELUAR), ZERO)
    bayar = _baris_utang_keluar(anggota).filter(sisi=Sisi.DEBIT).values_list("jurnal_id", flat=True)
    dibayar = list(Kwitansi.objects.filter(jurnal_id__in=bayar).select_related("kasir").order_by("waktu"))
    return Penyelesaian(jurnal, mutasi, potongan, dikembalikan, dibayar, pengembalian_terutang(anggota=anggota))


def hari_ini() -> dt.date:
    return timezone.localdate()


def tautan_jurnal(jurnal: Jurnal) -> list[Tautan]:
    """Links from a journal entry to what it records in savings (registered with
    ``ledger.sources`` for the entry page): its receipt, the accounts' statements, the drawer."""
    kode = jurnal.koperasi.kode
    links = [
        Tautan(f"Kwitansi {k.nomor}", reverse("savings:kwitansi", args=[kode, k.pk]))
        for k in Kwitansi.objects.filter(jurnal=jurnal).order_by("id")
    ]
    seen: set[int] = set()
    for m in jurnal.mutasi_simpanan.select_related("rekening").order_by("id"):
        if m.rekening_id not in seen:
            seen.add(m.rekening_id)
            links.append(
                Tautan(f"Buku simpanan {m.rekening.nomor}", reverse("savings:buku", args=[kode, m.rekening_id]))
            )
    for sesi in SesiKas.objects.filter(jurnal_selisih=jurnal).select_related("kasir"):
        links.append(
            Tautan(
                f"Laci kas {sesi.kasir} {sesi.tanggal:%d-%m-%Y}", reverse("savings:laci_laporan", args=[kode, sesi.pk])
            )
        )
    return links
