"""Reads for the SHU: the year's settings, each member's volume (Va) and savings (Sa), the
preview computed by ``reports.shu`` and the approved distribution.

Who takes part (decision, after UU 25/1992 Pasal 45 "sebanding dengan jasa usaha"): the members
of the koperasi at the end of the book year — active members who had joined by 31 December, and
members who left after 31 December (they were members the whole year). Members who left during
the year take no share; their volume and savings are left out of VUK and TMS too, so nothing of
theirs stays undistributed. Only members with some volume or savings get a row.
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from gotong.core.money import ZERO, money
from gotong.ledger.models import BarisJurnal, SaldoBulanan, Sisi, SumberJurnal
from gotong.members.models import Anggota, StatusAnggota
from gotong.reports.models import TahunBuku
from gotong.reports.shu import DataAnggota, HasilSHU, Persentase, hitung_shu
from gotong.reports.statements import HasilUsaha, Periode, hasil_usaha
from gotong.savings.models import JenisSimpanan, MutasiSimpanan, RekeningSimpanan, StatusRekening
from gotong.shu.models import BagianSHUAnggota, DasarModal, PembagianSHU, PengaturanSHU, StatusBagian
from gotong.tenancy.models import Koperasi

SHU_DISETUJUI_TIDAK_DIBUKA = _(
    "SHU tahun buku {tahun} sudah disetujui RAT dan dibukukan; tahun buku ini tidak bisa dibuka kembali."
)

PENGATURAN_FIELDS = [
    "persen_cadangan",
    "persen_jasa_anggota",
    "persen_dana_pengurus",
    "persen_dana_karyawan",
    "persen_dana_pendidikan",
    "persen_dana_sosial",
    "persen_jua",
    "persen_jma",
    "akun_volume",
    "dasar_modal",
    "termasuk_sukarela",
    "satuan_pembulatan",
]


def akhir_tahun(tahun: int) -> dt.date:
    return dt.date(tahun, 12, 31)


# --- Settings ----------------------------------------------------------------------------------


def pengaturan_shu(*, koperasi: Koperasi, tahun: int) -> PengaturanSHU:
    """The year's settings: as saved, else (unsaved) those of the latest earlier year, else the
    defaults of DOMAIN.md. Reading never writes."""
    ada = PengaturanSHU.objects.for_koperasi(koperasi).filter(tahun=tahun).first()
    if ada is not None:
        return ada
    baru = PengaturanSHU(koperasi=koperasi, tahun=tahun)
    lalu = PengaturanSHU.objects.for_koperasi(koperasi).filter(tahun__lt=tahun).order_by("-tahun").first()
    if lalu is not None:
        for name in PENGATURAN_FIELDS:
            setattr(baru, name, getattr(lalu, name))
    return baru


def persentase(p: PengaturanSHU) -> Persentase:
    return Persentase(
        cadangan=p.persen_cadangan,
        jasa_anggota=p.persen_jasa_anggota,
        dana_pengurus=p.persen_dana_pengurus,
        dana_karyawan=p.persen_dana_karyawan,
        dana_pendidikan=p.persen_dana_pendidikan,
        dana_sosial=p.persen_dana_sosial,
        jua=p.persen_jua,
        jma=p.persen_jma,
    )


# --- Members, volume and savings ---------------------------------------------------------------


def anggota_peserta(*, koperasi: Koperasi, tahun: int) -> QuerySet[Anggota]:
    """Members at the end of the year (see the module docstring)."""
    akhir = akhir_tahun(tahun)
    masuk = Q(tanggal_masuk__lte=akhir) | Q(tanggal_masuk__isnull=True)
    anggota = Q(status=StatusAnggota.AKTIF) | Q(status=StatusAnggota.KELUAR, tanggal_keluar__gt=akhir)
    return Anggota.objects.filter(koperasi=koperasi).filter(masuk & anggota)


def _akun_q(kode: list[str]) -> Q:
    """The accounts with these codes and their sub-accounts (a koperasi may split 4.10)."""
    q = Q(pk__in=[])
    for k in kode:
        q |= Q(akun__kode=k) | Q(akun__kode__startswith=f"{k}.")
    return q


def volume_anggota(*, koperasi: Koperasi, tahun: int, akun_volume: list[str]) -> dict[int, Decimal]:
    """Each member's volume Va: credits less debits (a reversal takes its payment back) of the
    member's lines on the chosen income accounts in the year, without the closing entries."""
    if not akun_volume:
        return {}
    rows = (
        BarisJurnal.objects.filter(
            _akun_q(akun_volume),
            jurnal__koperasi=koperasi,
            jurnal__tanggal__year=tahun,
            anggota__isnull=False,
        )
        .exclude(jurnal__sumber=SumberJurnal.TUTUP_BUKU)
        .values("anggota_id")
        .annotate(k=Sum("jumlah", filter=Q(sisi=Sisi.KREDIT)), d=Sum("jumlah", filter=Q(sisi=Sisi.DEBIT)))
        .order_by()
    )
    hasil = {r["anggota_id"]: (r["k"] or ZERO) - (r["d"] or ZERO) for r in rows}
    return {pk: v for pk, v in hasil.items() if v > ZERO}


def jenis_modal(p: PengaturanSHU) -> list[str]:
    """Savings that count for jasa modal: pokok + wajib (equity), and sukarela if chosen."""
    jenis = [JenisSimpanan.POKOK.value, JenisSimpanan.WAJIB.value]
    return [*jenis, JenisSimpanan.SUKARELA.value] if p.termasuk_sukarela else jenis


def simpanan_anggota(*, koperasi: Koperasi, tahun: int, jenis: list[str], dasar: str) -> dict[int, Decimal]:
    """Each member's savings Sa from the savings subledger (``MutasiSimpanan``).

    ``dasar_modal = rata_rata`` (default, DOMAIN.md): the average of the twelve month-end
    balances of the year — a simple, checkable stand-in for the daily average balance, rounded
    to the cent by ``core.money``. ``akhir_tahun``: the balance on 31 December.
    """
    mutasi = MutasiSimpanan.objects.filter(koperasi=koperasi, rekening__jenis__in=jenis)
    awal: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for r in (
        mutasi.filter(tanggal__lt=dt.date(tahun, 1, 1))
        .values("rekening__anggota_id")
        .annotate(s=Sum("jumlah"))
        .order_by()
    ):
        awal[r["rekening__anggota_id"]] = r["s"] or ZERO
    per_bulan: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for r in (
        mutasi.filter(tanggal__year=tahun)
        .annotate(bulan=ExtractMonth("tanggal"))
        .values("rekening__anggota_id", "bulan")
        .annotate(s=Sum("jumlah"))
        .order_by()
    ):
        per_bulan[r["rekening__anggota_id"]][r["bulan"]] = r["s"] or ZERO
    hasil = {}
    for pk in set(awal) | set(per_bulan):
        saldo, akhir_bulan = awal[pk], []
        for bulan in range(1, 13):
            saldo += per_bulan[pk].get(bulan, ZERO)
            akhir_bulan.append(saldo)
        nilai = saldo if dasar == DasarModal.AKHIR_TAHUN else money(sum(akhir_bulan, ZERO) / 12)
        if nilai > ZERO:
            hasil[pk] = nilai
    return hasil


def data_anggota(*, koperasi: Koperasi, tahun: int, pengaturan: PengaturanSHU) -> list[DataAnggota]:
    """Va and Sa of every member taking part who had either, in member order."""
    volume = volume_anggota(koperasi=koperasi, tahun=tahun, akun_volume=list(pengaturan.akun_volume))
    simpanan = simpanan_anggota(
        koperasi=koperasi, tahun=tahun, jenis=jenis_modal(pengaturan), dasar=pengaturan.dasar_modal
    )
    peserta = anggota_peserta(koperasi=koperasi, tahun=tahun).values_list("pk", flat=True).order_by("pk")
    return [
        DataAnggota(pk, volume.get(pk, ZERO), simpanan.get(pk, ZERO))
        for pk in peserta.iterator(chunk_size=2000)
        if pk in volume or pk in simpanan
    ]


# --- The preview -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PratinjauSHU:
    """The year's SHU as it would be divided today. ``sementara`` while the year is open (the
    figures can still change); once approved the stored distribution is what counts."""

    tahun: int
    ditutup: bool
    pengaturan: PengaturanSHU
    hasil_usaha: HasilUsaha
    hasil: HasilSHU

    @property
    def sementara(self) -> bool:
        return not self.ditutup


def pratinjau(*, koperasi: Koperasi, tahun: int, pengaturan: PengaturanSHU | None = None) -> PratinjauSHU:
    """Compute the year's SHU: from the closed year's result (``TahunBuku.shu``, what 3.99
    holds) or, for an open year, from the income statement so far."""
    p = pengaturan or pengaturan_shu(koperasi=koperasi, tahun=tahun)
    hu = hasil_usaha(koperasi=koperasi, periode=Periode(tahun))
    tb = TahunBuku.objects.for_koperasi(koperasi).ditutup().filter(tahun=tahun).first()
    shu = tb.shu if tb is not None else hu.shu
    hasil = hitung_shu(
        shu=shu,
        shu_anggota=hu.shu_anggota,
        persen=persentase(p),
        anggota=data_anggota(koperasi=koperasi, tahun=tahun, pengaturan=p),
        satuan=p.satuan_pembulatan,
    )
    return PratinjauSHU(tahun, tb is not None, p, hu, hasil)


def sidik_pratinjau(pratinjau: PratinjauSHU) -> str:
    """A fingerprint of the figures a preview shows (allocation and every member's share): the
    approval page carries it, so that what is posted is what the pengurus looked at."""
    a, hasil = pratinjau.hasil.alokasi, pratinjau.hasil
    bagian = ";".join(f"{b.anggota_id}:{b.jasa_usaha}:{b.jasa_modal}" for b in hasil.bagian)
    teks = f"{pratinjau.tahun}|{a!r}|{hasil.vuk}|{hasil.tms}|{bagian}"
    return hashlib.sha256(teks.encode()).hexdigest()[:32]


# --- Years and the approved distribution -------------------------------------------------------


@dataclass(frozen=True)
class TahunSHU:
    tahun: int
    ditutup: bool
    shu: Decimal | None
    pembagian: PembagianSHU | None


def tahun_daftar(*, koperasi: Koperasi) -> list[TahunSHU]:
    """Book years with postings or an approved SHU, newest first, each with its state."""
    dengan_buku = set(
        SaldoBulanan.objects.filter(koperasi=koperasi).values_list("tahun", flat=True).distinct().order_by()
    )
    pembagian = {p.tahun: p for p in PembagianSHU.objects.for_koperasi(koperasi)}
    tutup = {t.tahun: t for t in TahunBuku.objects.for_koperasi(koperasi).ditutup()}
    return [
        TahunSHU(y, y in tutup, tutup[y].shu if y in tutup else None, pembagian.get(y))
        for y in sorted(dengan_buku | set(pembagian), reverse=True)
    ]


def tahun_ada(*, koperasi: Koperasi, tahun: int) -> bool:
    """The koperasi has books for the year (or an approved SHU for it)."""
    return (
        SaldoBulanan.objects.filter(koperasi=koperasi, tahun=tahun).exists()
        or PembagianSHU.objects.for_koperasi(koperasi).filter(tahun=tahun).exists()
    )


def pembagian_tahun(*, koperasi: Koperasi, tahun: int) -> PembagianSHU | None:
    """The approved SHU of the year (the RAT package reads it), or None before approval."""
    return (
        PembagianSHU.objects.for_koperasi(koperasi)
        .filter(tahun=tahun)
        .select_related("pengaturan", "jurnal", "disetujui_oleh")
        .first()
    )


def bagian_daftar(*, pembagian: PembagianSHU, q: str = "", status: str = "") -> QuerySet[BagianSHUAnggota]:
    """The members' shares of an approved SHU (distribution list), by member number and name."""
    rows = BagianSHUAnggota.objects.filter(pembagian=pembagian).select_related("anggota")
    if q:
        rows = rows.filter(anggota__in=Anggota.objects.filter(koperasi_id=pembagian.koperasi_id).search(q))
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("anggota__nomor_anggota", "anggota__nama", "id")


@dataclass(frozen=True)
class RingkasanBayar:
    dibayar: int
    belum: int
    jumlah_dibayar: Decimal
    jumlah_belum: Decimal


def ringkasan_bayar(pembagian: PembagianSHU) -> RingkasanBayar:
    rows = BagianSHUAnggota.objects.filter(pembagian=pembagian, total__gt=0)
    agg: dict[str, Any] = rows.aggregate(
        n_dibayar=Count("id", filter=Q(status=StatusBagian.DIBAYAR)),
        n_belum=Count("id", filter=Q(status=StatusBagian.BELUM)),
        dibayar=Sum("total", filter=Q(status=StatusBagian.DIBAYAR)),
        belum=Sum("total", filter=Q(status=StatusBagian.BELUM)),
    )
    return RingkasanBayar(agg["n_dibayar"], agg["n_belum"], agg["dibayar"] or ZERO, agg["belum"] or ZERO)


def bagian_anggota_saya(*, anggota: Anggota) -> QuerySet[BagianSHUAnggota]:
    """A member's own shares over the years, newest first."""
    return BagianSHUAnggota.objects.filter(anggota=anggota).select_related("pembagian").order_by("-pembagian__tahun")


def sukarela_aktif(anggota: Anggota) -> RekeningSimpanan | None:
    """The member's active sukarela account (where a share is paid), or None."""
    return (
        RekeningSimpanan.objects.filter(anggota=anggota, jenis=JenisSimpanan.SUKARELA, status=StatusRekening.AKTIF)
        .order_by("id")
        .first()
    )


def penghalang_buka(koperasi: Koperasi, tahun: int) -> str | None:
    """Registered with ``reports.penutupan``: a year whose SHU the RAT approved stays closed."""
    if PembagianSHU.objects.for_koperasi(koperasi).filter(tahun=tahun).exists():
        return str(SHU_DISETUJUI_TIDAK_DIBUKA).format(tahun=tahun)
    return None
