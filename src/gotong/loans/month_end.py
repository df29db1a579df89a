"""Month-end for loans (akhir bulan pinjaman): collectibility, loan-loss provision (PPAP) and
accrued interest of every running loan — safe to run twice, resumable after a crash.

How a run goes (``akhir_bulan_pinjaman_jalankan``), like the savings month-end:

1. The month must be over and its ledger period open; runs go in month order (a month
   cannot start while an earlier one is unfinished, nor after a later one started).
2. The loans are streamed in **chunks** by id (keyset pagination), never all in memory:
   every loan running (``aktif``) and disbursed by the month's last day, plus the loans
   closed (``lunas``/``hapus_buku``) that still hold a provision or accrued interest — they
   get a final row that brings both to zero.
3. Each chunk is one transaction: lock the loans (``select_for_update``), skip those that
   already have a ``KolektibilitasBulanan`` row for the month (done by an earlier run —
   that row, the balances and the entry are written in the same transaction, so a chunk is
   all done or not at all), read the schedules and collateral of the chunk in one query
   each, compute each loan's standing with the pure ``posisi_hitung``, then post ONE
   balanced entry for the chunk with the idempotency key
   ``ppap-{tahun}-{bulan}-{first loan id of the chunk}``:

   * provision increase: Dr 5.40 Beban PPAP / Cr 1.20.99 Penyisihan;
   * provision decrease: Dr 1.20.99 / Cr 5.40;
   * accrual increase: Dr 1.21 Piutang jasa pinjaman / Cr 4.10 Jasa pinjaman; decrease the
     reverse.

   The loans' ``ppap``, ``bunga_akrual``, ``kolektibilitas`` and ``hari_tunggakan`` and the
   month's rows are written in bulk. Everything is dated the **last day of the month**.

The rules (DOMAIN.md, Loans; the numbers are the koperasi's ``PengaturanPinjaman``):

* **Days past due** (``hari_tunggakan``): from the due date of the oldest installment of the
  loan's current schedule (``versi_jadwal``) that was due by the month's last day and not
  paid by then (``lunas_pada`` empty or after the month), to the month's last day; 0 when
  none. The schedule rows are read as they stand when the run happens.
* **Collectibility** by the day bands: Lancar ≤ ``hari_kurang_lancar``, Kurang Lancar ≤
  ``hari_diragukan``, Diragukan ≤ ``hari_macet``, Macet above (defaults 90/180/270).
* **Restructured loans** (``direstrukturisasi`` with ``kolektibilitas_restrukturisasi``)
  are at best the collectibility fixed at restructuring until
  ``angsuran_tepat_restrukturisasi`` installments of the current schedule have been paid on
  or before their due date (and by the month's end); from then on the day bands alone
  decide. A restructured loan that falls behind again gets the worse of the two.
* **PPAP required** = rate of the collectibility % × max(0, outstanding principal −
  eligible collateral), rounded to the rupiah; eligible collateral is the sum of
  ``Jaminan.nilai_diakui`` (estimated value × the share counted for its kind). The entry
  posts the change against the provision the loan holds.
* **Accrued interest** (only when ``akrual_bunga`` is on): a Lancar loan carries the
  unpaid interest of its installments due by the month's end; a loan Kurang Lancar or
  worse is non-accrual, so its accrued interest is reversed to zero. With accrual off the
  balance is left as it is. A closed loan's accrual and provision go to zero.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, F, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_record, snapshot
from gotong.core.money import ZERO, round_rupiah
from gotong.ledger import chart
from gotong.ledger.models import Akun, Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun_banyak, periode_check_open
from gotong.loans.models import (
    PERSEN_DIAKUI,
    Angsuran,
    Jaminan,
    JenisJaminan,
    Kolektibilitas,
    KolektibilitasBulanan,
    PengaturanPinjaman,
    Pinjaman,
    ProsesAkhirBulanPinjaman,
    StatusPinjaman,
)
from gotong.savings.interest import Bulan
from gotong.savings.models import StatusProses
from gotong.tenancy.models import Koperasi

log = logging.getLogger(__name__)

# Loans per chunk: one transaction, one journal entry, about ten queries each.
UKURAN_CHUNK = 2000

BULAN_BELUM_BERAKHIR = _("Bulan {periode} belum berakhir; akhir bulan bisa dijalankan mulai {mulai}.")
BULAN_TIDAK_SAH = _("Pilih bulan 1–12 dan tahun yang benar.")
BULAN_SEBELUMNYA_BELUM_SELESAI = _(
    "Selesaikan dulu akhir bulan pinjaman {periode} sebelum menjalankan bulan berikutnya."
)
BULAN_SESUDAHNYA_SUDAH_JALAN = _(
    "Akhir bulan pinjaman {periode} sudah dijalankan; bulan yang lebih awal tidak bisa dijalankan lagi."
)
KUNCI_SUDAH_DIPAKAI = "jurnal {kunci} sudah ada tetapi pinjamannya belum tercatat: periksa data"
TUTUP = (StatusPinjaman.LUNAS, StatusPinjaman.HAPUS_BUKU)


def _periode(b: Bulan) -> str:
    return f"{b.bulan:02d}/{b.tahun}"


# --- the pure rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Aturan:
    """The koperasi's collectibility bands, PPAP rates (% per collectibility) and accrual flag."""

    hari_kurang_lancar: int = 90
    hari_diragukan: int = 180
    hari_macet: int = 270
    tarif: Mapping[int, Decimal] | None = None
    angsuran_tepat_restrukturisasi: int = 3
    akrual: bool = False

    @classmethod
    def dari(cls, p: PengaturanPinjaman) -> Aturan:
        return cls(
            hari_kurang_lancar=p.hari_kurang_lancar,
            hari_diragukan=p.hari_diragukan,
            hari_macet=p.hari_macet,
            tarif={
                Kolektibilitas.LANCAR: p.ppap_lancar,
                Kolektibilitas.KURANG_LANCAR: p.ppap_kurang_lancar,
                Kolektibilitas.DIRAGUKAN: p.ppap_diragukan,
                Kolektibilitas.MACET: p.ppap_macet,
            },
            angsuran_tepat_restrukturisasi=p.angsuran_tepat_restrukturisasi,
            akrual=p.akrual_bunga,
        )

    def persen(self, kol: int) -> Decimal:
        tarif = self.tarif or TARIF_BAKU
        return tarif[kol]


TARIF_BAKU: Mapping[int, Decimal] = {1: Decimal("0.5"), 2: Decimal("10"), 3: Decimal("50"), 4: Decimal("100")}


def kolektibilitas_hari(hari: int, aturan: Aturan) -> int:
    """The band of ``hari`` days past due: Lancar ≤ KL days < Kurang Lancar ≤ D days < ... ."""
    if hari <= aturan.hari_kurang_lancar:
        return Kolektibilitas.LANCAR
    if hari <= aturan.hari_diragukan:
        return Kolektibilitas.KURANG_LANCAR
    if hari <= aturan.hari_macet:
        return Kolektibilitas.DIRAGUKAN
    return Kolektibilitas.MACET


def kolektibilitas_hitung(
    hari: int, aturan: Aturan, *, restrukturisasi: int | None = None, tepat_waktu: int = 0
) -> int:
    """The collectibility; a restructured loan is at best ``restrukturisasi`` until it paid
    ``aturan.angsuran_tepat_restrukturisasi`` installments of its new schedule on time."""
    kol = kolektibilitas_hari(hari, aturan)
    if restrukturisasi and tepat_waktu < aturan.angsuran_tepat_restrukturisasi:
        kol = max(kol, restrukturisasi)
    return kol


def ppap_wajib(sisa_pokok: Decimal, jaminan_diakui: Decimal, kol: int, aturan: Aturan) -> Decimal:
    """Required provision: rate[kol] % of the principal not covered by eligible collateral."""
    dasar = max(ZERO, sisa_pokok - jaminan_diakui)
    return round_rupiah(dasar * aturan.persen(kol) / 100)


@dataclass(frozen=True)
class Posisi:
    """One loan's standing at the month's end."""

    kolektibilitas: int
    hari_tunggakan: int
    ppap: Decimal
    bunga_akrual: Decimal


def posisi_hitung(
    *,
    akhir: dt.date,
    aturan: Aturan,
    berjalan: bool,
    sisa_pokok: Decimal,
    jaminan_diakui: Decimal,
    tertua_belum_bayar: dt.date | None,
    bunga_jatuh_tempo_belum_dibayar: Decimal,
    bunga_akrual_sekarang: Decimal,
    restrukturisasi: int | None = None,
    tepat_waktu: int = 0,
    kolektibilitas_sekarang: int = Kolektibilitas.LANCAR,
) -> Posisi:
    """Everything the month-end decides for one loan (see the module docstring)."""
    if not berjalan:  # paid off or written off: nothing left to provide for or accrue
        return Posisi(kolektibilitas_sekarang, 0, ZERO, ZERO)
    hari = max(0, (akhir - tertua_belum_bayar).days) if tertua_belum_bayar else 0
    kol = kolektibilitas_hitung(hari, aturan, restrukturisasi=restrukturisasi, tepat_waktu=tepat_waktu)
    ppap = ppap_wajib(sisa_pokok, jaminan_diakui, kol, aturan)
    if not aturan.akrual:
        akrual = bunga_akrual_sekarang
    elif kol == Kolektibilitas.LANCAR:
        akrual = max(ZERO, bunga_jatuh_tempo_belum_dibayar)
    else:
        akrual = ZERO
    return Posisi(kol, hari, ppap, akrual)


# --- starting a run --------------------------------------------------------------------------


def _scope(koperasi: Koperasi, b: Bulan) -> models.QuerySet[Pinjaman]:
    """The loans a month-end touches: running and disbursed by the month's end, and closed
    loans still holding a provision or accrued interest."""
    berjalan = Q(status=StatusPinjaman.AKTIF, tanggal_cair__lte=b.akhir)
    tutup_bersisa = Q(status__in=TUTUP) & (Q(ppap__gt=0) | Q(bunga_akrual__gt=0))
    return Pinjaman.objects.filter(koperasi=koperasi).filter(berjalan | tutup_bersisa)


def _bulan(tahun: Any, bulan: Any) -> Bulan:
    try:
        return Bulan(int(tahun), int(bulan))
    except (TypeError, ValueError) as exc:
        raise ValidationError(str(BULAN_TIDAK_SAH)) from exc


def _check_boleh(koperasi: Koperasi, b: Bulan) -> None:
    """The month is over, its period open, and runs go in month order."""
    if b.akhir >= timezone.localdate():
        mulai = b.berikut().awal
        raise ValidationError(str(BULAN_BELUM_BERAKHIR).format(periode=_periode(b), mulai=mulai.strftime("%d-%m-%Y")))
    periode_check_open(koperasi=koperasi, tanggal=b.akhir)
    runs = ProsesAkhirBulanPinjaman.objects.filter(koperasi=koperasi).order_by("tahun", "bulan")
    later = runs.filter(Q(tahun__gt=b.tahun) | Q(tahun=b.tahun, bulan__gt=b.bulan)).last()
    if later is not None and not runs.filter(tahun=b.tahun, bulan=b.bulan).exists():
        raise ValidationError(str(BULAN_SESUDAHNYA_SUDAH_JALAN).format(periode=f"{later.bulan:02d}/{later.tahun}"))
    earlier = (
        runs.exclude(status=StatusProses.SELESAI)
        .filter(Q(tahun__lt=b.tahun) | Q(tahun=b.tahun, bulan__lt=b.bulan))
        .first()
    )
    if earlier is not None:
        raise ValidationError(
            str(BULAN_SEBELUMNYA_BELUM_SELESAI).format(periode=f"{earlier.bulan:02d}/{earlier.tahun}")
        )


def akhir_bulan_pinjaman_mulai(*, koperasi: Koperasi, tahun: Any, bulan: Any, actor: Any) -> ProsesAkhirBulanPinjaman:
    """Check the month and create (or reopen) its run row; the run itself goes to the Celery
    task after commit (in-process without REDIS_URL). A finished run is returned as it is."""
    b = _bulan(tahun, bulan)
    with transaction.atomic():
        proses = _proses_buka(koperasi, b, actor)
        if proses.status == StatusProses.BERJALAN:
            # robust: a failed run is recorded on its row (status gagal), the request still answers
            transaction.on_commit(lambda: _antre(proses.pk, getattr(actor, "pk", None)), robust=True)
        return proses


def _antre(proses_id: int, actor_id: int | None) -> None:
    from gotong.loans.tasks import akhir_bulan_pinjaman

    akhir_bulan_pinjaman.delay(proses_id, actor_id)


def _proses_buka(koperasi: Koperasi, b: Bulan, actor: Any) -> ProsesAkhirBulanPinjaman:
    existing = ProsesAkhirBulanPinjaman.objects.select_for_update().filter(
        koperasi=koperasi, tahun=b.tahun, bulan=b.bulan
    )
    proses = existing.first()
    if proses is not None and proses.status == StatusProses.SELESAI:
        return proses
    _check_boleh(koperasi, b)
    if proses is None:
        proses = ProsesAkhirBulanPinjaman.objects.create(
            koperasi=koperasi, tahun=b.tahun, bulan=b.bulan, dimulai_oleh=_user(actor), status=StatusProses.BERJALAN
        )
        audit_record(
            koperasi=koperasi, aktor=actor, aksi="akhir_bulan_pinjaman.mulai", objek=proses, sesudah=snapshot(proses)
        )
        return proses
    if proses.status != StatusProses.BERJALAN:
        proses.status, proses.galat = StatusProses.BERJALAN, ""
        proses.save(update_fields=["status", "galat"])
        audit_record(
            koperasi=koperasi, aktor=actor, aksi="akhir_bulan_pinjaman.lanjut", objek=proses, sesudah=snapshot(proses)
        )
    return proses


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


# --- the run -----------------------------------------------------------------------------------


def akhir_bulan_pinjaman_jalankan(
    *, koperasi: Koperasi, tahun: Any, bulan: Any, actor: Any = None, chunk: int = UKURAN_CHUNK
) -> ProsesAkhirBulanPinjaman:
    """Run (or resume) the loan month-end of one koperasi; see the module docstring."""
    b = _bulan(tahun, bulan)
    try:
        with transaction.atomic():
            proses = _proses_buka(koperasi, b, actor)
    except ValidationError as exc:  # e.g. the month was closed after the run was queued
        runs = ProsesAkhirBulanPinjaman.objects.filter(koperasi=koperasi, tahun=b.tahun, bulan=b.bulan)
        runs.filter(status=StatusProses.BERJALAN).update(status=StatusProses.GAGAL, galat=" ".join(exc.messages))
        raise
    if proses.status == StatusProses.SELESAI:
        return proses
    try:
        _jalankan(proses, koperasi, b, actor, chunk)
    except Exception as exc:
        ProsesAkhirBulanPinjaman.objects.filter(pk=proses.pk).update(status=StatusProses.GAGAL, galat=str(exc)[:2000])
        raise
    ProsesAkhirBulanPinjaman.objects.filter(pk=proses.pk).update(status=StatusProses.SELESAI, selesai=timezone.now())
    proses.refresh_from_db()
    return proses


def _jalankan(proses: ProsesAkhirBulanPinjaman, koperasi: Koperasi, b: Bulan, actor: Any, ukuran: int) -> None:
    scope = _scope(koperasi, b)
    ProsesAkhirBulanPinjaman.objects.filter(pk=proses.pk).update(total=scope.count(), diproses=0)
    run = _Run.untuk(proses, b, _user(actor))
    for ids in _chunks(scope, ukuran):
        n = _chunk_proses(run=run, ids=ids)
        ProsesAkhirBulanPinjaman.objects.filter(pk=proses.pk).update(diproses=F("diproses") + n)


def _chunks(scope: models.QuerySet[Pinjaman], ukuran: int) -> Iterator[list[int]]:
    """Loan ids in ascending order, ``ukuran`` at a time (keyset pagination, one small query each)."""
    setelah = 0
    while True:
        ids = list(scope.filter(id__gt=setelah).order_by("id").values_list("id", flat=True)[:ukuran])
        if not ids:
            return
        yield ids
        setelah = ids[-1]


@dataclass(frozen=True)
class _Run:
    """What every chunk of a run shares, fetched once."""

    proses: ProsesAkhirBulanPinjaman
    koperasi: Koperasi
    bulan: Bulan
    actor: Any
    aturan: Aturan
    beban: Akun
    penyisihan: Akun
    piutang_jasa: Akun
    jasa: Akun

    @classmethod
    def untuk(cls, proses: ProsesAkhirBulanPinjaman, b: Bulan, actor: Any) -> _Run:
        from gotong.loans.services import pengaturan

        koperasi = proses.koperasi
        beban, penyisihan, piutang_jasa, jasa = akun_banyak(
            koperasi, chart.BEBAN_PPAP, chart.PENYISIHAN_PINJAMAN, chart.PIUTANG_JASA_PINJAMAN, chart.JASA_PINJAMAN
        )
        aturan = Aturan.dari(pengaturan(koperasi))
        return cls(proses, koperasi, b, actor, aturan, beban, penyisihan, piutang_jasa, jasa)


# --- one chunk ---------------------------------------------------------------------------------

_KOLOM = (
    "id",
    "status",
    "versi_jadwal",
    "sisa_pokok",
    "ppap",
    "bunga_akrual",
    "kolektibilitas",
    "hari_tunggakan",
    "direstrukturisasi",
    "kolektibilitas_restrukturisasi",
)


@dataclass(slots=True)
class _Pinjaman:
    """One locked loan of the chunk and its standing at the month's end."""

    id: int
    status: str
    versi: int
    sisa_pokok: Decimal
    ppap: Decimal
    bunga_akrual: Decimal
    kolektibilitas: int
    hari_tunggakan: int
    direstrukturisasi: bool
    kol_restrukturisasi: int | None
    jaminan: Decimal = ZERO
    posisi: Posisi | None = None


@dataclass(frozen=True)
class _Jadwal:
    tertua: dt.date | None
    bunga: Decimal
    tepat: int


def _chunk_proses(*, run: _Run, ids: Sequence[int]) -> int:
    """One chunk of loans in one transaction; returns the number of loans seen.

    A chunk is the scope's loans with ids from ``ids[0]`` to ``ids[-1]``: the queries filter
    that id range (an index range scan, no long ``IN`` lists) and keep the chunk's loans."""
    b = run.bulan
    lo, hi = ids[0], ids[-1]
    with transaction.atomic():
        rows = (
            _scope(run.koperasi, b)
            .filter(id__gte=lo, id__lte=hi)
            .select_for_update(of=("self",))
            .order_by("id")
            .values_list(*_KOLOM)
        )
        locked = [_Pinjaman(*row) for row in rows]
        sudah = set(
            KolektibilitasBulanan.objects.filter(
                pinjaman_id__gte=lo, pinjaman_id__lte=hi, tahun=b.tahun, bulan=b.bulan
            ).values_list("pinjaman_id", flat=True)
        )
        baru = [p for p in locked if p.id not in sudah]
        if baru:
            _hitung(run, baru)
            jurnal = _posting(run, baru)
            _tulis(run, baru, jurnal)
        return len(locked)


def _hitung(run: _Run, loans: list[_Pinjaman]) -> None:
    """Each loan's standing, from its schedule and collateral (one query each for the chunk)."""
    akhir, aturan = run.bulan.akhir, run.aturan
    lo, hi = loans[0].id, loans[-1].id
    belum = Q(jatuh_tempo__lte=akhir) & (Q(lunas_pada__isnull=True) | Q(lunas_pada__gt=akhir))
    jadwal: dict[tuple[int, int], _Jadwal] = {
        (pid, versi): _Jadwal(tertua, bunga or ZERO, tepat)
        for pid, versi, tertua, bunga, tepat in Angsuran.objects.filter(
            koperasi_id=run.koperasi.pk, pinjaman_id__gte=lo, pinjaman_id__lte=hi, aktif=True
        )
        .filter(Q(jatuh_tempo__lte=akhir) | Q(lunas_pada__lte=akhir))  # the rows the three figures read
        .values("pinjaman_id", "versi")
        .annotate(
            tertua=Min("jatuh_tempo", filter=belum),
            bunga=Sum(F("bunga") - F("bunga_dibebaskan") - F("bunga_dibayar"), filter=Q(jatuh_tempo__lte=akhir)),
            tepat=Count("id", filter=Q(lunas_pada__lte=F("jatuh_tempo")) & Q(lunas_pada__lte=akhir)),
        )
        .order_by()
        .values_list("pinjaman_id", "versi", "tertua", "bunga", "tepat")
    }
    jaminan: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for pid, jenis, nilai in Jaminan.objects.filter(pinjaman_id__gte=lo, pinjaman_id__lte=hi).values_list(
        "pinjaman_id", "jenis", "nilai_taksiran"
    ):
        jaminan[pid] += nilai * PERSEN_DIAKUI.get(JenisJaminan(jenis), ZERO) / 100
    kosong = _Jadwal(None, ZERO, 0)
    for p in loans:
        j = jadwal.get((p.id, p.versi), kosong)
        p.jaminan = round_rupiah(jaminan[p.id])
        p.posisi = posisi_hitung(
            akhir=akhir,
            aturan=aturan,
            berjalan=p.status == StatusPinjaman.AKTIF,
            sisa_pokok=p.sisa_pokok,
            jaminan_diakui=p.jaminan,
            tertua_belum_bayar=j.tertua,
            bunga_jatuh_tempo_belum_dibayar=j.bunga,
            bunga_akrual_sekarang=p.bunga_akrual,
            restrukturisasi=p.kol_restrukturisasi if p.direstrukturisasi else None,
            tepat_waktu=j.tepat,
            kolektibilitas_sekarang=p.kolektibilitas,
        )


def _posting(run: _Run, loans: list[_Pinjaman]) -> Jurnal | None:
    """ONE entry for the chunk: the change of the provision and of the accrued interest."""
    naik = turun = akrual_naik = akrual_turun = ZERO
    for p in loans:
        assert p.posisi is not None
        d = p.posisi.ppap - p.ppap
        if d > ZERO:
            naik += d
        else:
            turun -= d
        a = p.posisi.bunga_akrual - p.bunga_akrual
        if a > ZERO:
            akrual_naik += a
        else:
            akrual_turun -= a
    if not (naik or turun or akrual_naik or akrual_turun):
        return None
    b = run.bulan
    kunci = f"ppap-{b.tahun}-{b.bulan}-{loans[0].id}"
    if Jurnal.objects.filter(koperasi_id=run.koperasi.pk, kunci=kunci).exists():
        # the loans' rows are written in the same transaction as the entry, so this cannot happen
        raise RuntimeError(KUNCI_SUDAH_DIPAKAI.format(kunci=kunci))
    builder = JurnalBuilder(
        koperasi=run.koperasi,
        tanggal=b.akhir,
        keterangan=f"Akhir bulan pinjaman {_periode(b)}: PPAP dan akrual jasa ({len(loans)} pinjaman)",
        sumber=SumberJurnal.PINJAMAN,
        sumber_id=str(run.proses.pk),
        kunci=kunci,
        actor=run.actor,
    )
    if naik:
        builder.debit(run.beban, naik, keterangan="Pembentukan PPAP")
        builder.kredit(run.penyisihan, naik, keterangan="Pembentukan PPAP")
    if turun:
        builder.debit(run.penyisihan, turun, keterangan="Pengurangan PPAP")
        builder.kredit(run.beban, turun, keterangan="Pengurangan PPAP")
    if akrual_naik:
        builder.debit(run.piutang_jasa, akrual_naik, keterangan="Akrual jasa pinjaman")
        builder.kredit(run.jasa, akrual_naik, keterangan="Akrual jasa pinjaman")
    if akrual_turun:
        builder.debit(run.jasa, akrual_turun, keterangan="Pembalikan akrual jasa pinjaman")
        builder.kredit(run.piutang_jasa, akrual_turun, keterangan="Pembalikan akrual jasa pinjaman")
    return builder.post()


# --- writing -----------------------------------------------------------------------------------


def _tulis(run: _Run, loans: list[_Pinjaman], jurnal: Jurnal | None) -> None:
    """The month's rows and the loans' new balances, in bulk (the loans are locked)."""
    b = run.bulan
    jurnal_id = jurnal.pk if jurnal is not None else None
    rows: list[list[Any]] = []
    for p in loans:
        s = p.posisi
        assert s is not None
        rows.append(
            [run.proses.pk, p.id, b.tahun, b.bulan, s.kolektibilitas, s.hari_tunggakan]
            + [p.sisa_pokok, p.jaminan, s.ppap, s.bunga_akrual, jurnal_id]
        )
    kolom = ["proses_id", "pinjaman_id", "tahun", "bulan", "kolektibilitas", "hari_tunggakan", "sisa_pokok"]
    _sisip(KolektibilitasBulanan, [*kolom, "jaminan_diakui", "ppap", "bunga_akrual", "jurnal_id"], rows)
    _pinjaman_simpan(loans)


def _sisip(model: type[models.Model], kolom: list[str], rows: list[list[Any]]) -> None:
    """Insert rows: COPY on PostgreSQL (no model instances), ``bulk_create`` elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**dict(zip(kolom, row, strict=True))) for row in rows])
        return
    connection.ensure_connection()
    table = model._meta.db_table
    with connection.connection.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(kolom)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _pinjaman_simpan(loans: list[_Pinjaman]) -> None:
    """The loans' standing in one statement (``bulk_update``'s CASE is quadratic on PostgreSQL)."""
    table = Pinjaman._meta.db_table
    values: list[tuple[Any, ...]] = []
    for p in loans:
        s = p.posisi
        assert s is not None
        baru = (s.kolektibilitas, s.hari_tunggakan, s.ppap, s.bunga_akrual)
        if baru != (p.kolektibilitas, p.hari_tunggakan, p.ppap, p.bunga_akrual):  # unchanged rows stay as they are
            values.append((p.id, *baru))
    if not values:
        return
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            kolom = list(zip(*values, strict=True))
            cur.execute(
                f"UPDATE {table} AS p SET kolektibilitas = v.kol, hari_tunggakan = v.hari, "  # noqa: S608 - our table
                "ppap = v.ppap, bunga_akrual = v.akrual "
                "FROM unnest(%s::bigint[], %s::smallint[], %s::integer[], %s::numeric[], %s::numeric[]) "
                "AS v(id, kol, hari, ppap, akrual) WHERE p.id = v.id AND p.id BETWEEN %s AND %s",
                [*(list(c) for c in kolom), values[0][0], values[-1][0]],
            )
        else:
            cur.executemany(
                f"UPDATE {table} SET kolektibilitas = %s, hari_tunggakan = %s, ppap = %s, bunga_akrual = %s "  # noqa: S608
                "WHERE id = %s",
                [(kol, hari, ppap, akrual, pid) for pid, kol, hari, ppap, akrual in values],
            )
