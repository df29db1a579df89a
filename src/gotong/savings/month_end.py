"""Month-end for savings (akhir bulan): interest, PP 15/2009 withholding, berjangka
maturities, and next month's wajib bills — safe to run twice, resumable after a crash.

How a run goes (``akhir_bulan_jalankan``):

1. The month must be over and its ledger period open; runs go in month order (a month
   cannot start while an earlier one is unfinished, nor after a later one started).
2. The active sukarela and berjangka accounts are streamed in **chunks of members**
   (keyset pagination on ``anggota_id``, accounts in id order within), never all in
   memory. Chunks follow members, not bare account ids, because the tax threshold of
   PP 15/2009 is per member over all their accounts: a member's accounts are always
   credited together.
3. Each chunk is one transaction: lock the accounts (``select_for_update``), skip the
   accounts that already have a ``JasaSimpanan`` row for the month (done by an earlier
   run — that row and the postings are written in the same transaction, so a chunk is
   all done or not at all), read the month's movements in one query, compute each
   account's gross interest with ``savings.interest``, the member's tax, then post ONE
   balanced journal entry for the chunk (Dr 5.20 Jasa simpanan gross / Cr 2.30 Utang
   pajak tax per member / Cr the control account net per account, members on the lines)
   with the idempotency key ``jasa-{tahun}-{bulan}-{first credited account id}``, the
   movements (JASA +gross, PAJAK −tax) and the detail rows, in bulk.
4. Berjangka maturities of the month are settled in the same chunk, in a second entry
   (key ``jatuh-tempo-{tahun}-{bulan}-{first matured account id}``).
5. Finally next month's wajib bills are created (``savings.wajib``), so they exist before
   their due date; the month-end page also has a button to bill any month by hand.

Decisions (DOMAIN.md leaves them open):

* Everything the run posts is dated the **last day of the month**, and interest is
  computed from the movements as they stood before the run: a maturity payout credited
  by the run starts earning next month.
* Accounts closed before the month ends earn nothing for that month; accounts opened in
  it earn from the day of their first deposit (saldo terendah: from the next full month).
* **Berjangka** earns its own rate (``rekening.suku_bunga_tahunan``, else the product's)
  by daily balance, actual/365, up to the day before maturity; the net interest is paid
  **monthly** to the deposit's ``rekening_pencairan`` (Cr 2.10), else to the member's
  sukarela account, else it is added to the deposit (Cr 2.11, compounding).
* **Maturity**: ``ke_sukarela`` moves the principal to the same target and closes the
  deposit (Dr 2.11 / Cr 2.10); without a sukarela account the deposit stays open,
  waiting at the counter. ``perpanjang`` rolls over for the same term at the product's
  current rate; a deposit that rolls over earns the whole month.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_record, snapshot
from gotong.core.money import ZERO
from gotong.ledger import chart
from gotong.ledger.models import Akun, Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun, periode_check_open
from gotong.members.models import Anggota
from gotong.savings import interest
from gotong.savings.interest import Bulan, Metode, Mutasi, RiwayatSaldo, tambah_bulan
from gotong.savings.models import (
    AksiJatuhTempo,
    JasaSimpanan,
    JenisMutasi,
    JenisSimpanan,
    MetodeBunga,
    MutasiSimpanan,
    ProdukSimpanan,
    ProsesAkhirBulan,
    RekeningQuerySet,
    RekeningSimpanan,
    StatusProses,
    StatusRekening,
)
from gotong.tenancy.models import Koperasi

log = logging.getLogger(__name__)

# Members per chunk: one transaction, one journal entry, a handful of queries each.
UKURAN_CHUNK = 1000

BULAN_BELUM_BERAKHIR = _("Bulan {periode} belum berakhir; akhir bulan bisa dijalankan mulai {mulai}.")
BULAN_TIDAK_SAH = _("Pilih bulan 1–12 dan tahun yang benar.")
BULAN_SEBELUMNYA_BELUM_SELESAI = _("Selesaikan dulu akhir bulan {periode} sebelum menjalankan bulan berikutnya.")
BULAN_SESUDAHNYA_SUDAH_JALAN = _(
    "Akhir bulan {periode} sudah dijalankan; bulan yang lebih awal tidak bisa dijalankan lagi."
)
SUMBER_JASA = SumberJurnal.JASA_SIMPANAN
KUNCI_SUDAH_DIPAKAI = "jurnal {kunci} sudah ada tetapi rekeningnya belum tercatat: periksa data"


def _periode(b: Bulan) -> str:
    return f"{b.bulan:02d}/{b.tahun}"


def _scope(koperasi: Koperasi) -> RekeningQuerySet:
    """The accounts a month-end touches: active sukarela (interest, payout targets) and berjangka."""
    return (
        RekeningSimpanan.objects.for_koperasi(koperasi)
        .aktif()
        .filter(jenis__in=[JenisSimpanan.SUKARELA, JenisSimpanan.BERJANGKA])
    )


# --- starting a run --------------------------------------------------------------------------


def _bulan(tahun: int, bulan: int) -> Bulan:
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
    runs = ProsesAkhirBulan.objects.filter(koperasi=koperasi).order_by("tahun", "bulan")
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


def akhir_bulan_mulai(*, koperasi: Koperasi, tahun: int, bulan: int, actor: Any) -> ProsesAkhirBulan:
    """Check the month and create (or reopen) its run row; the run itself goes to the
    Celery task after commit (in-process without REDIS_URL). A finished run is returned
    as it is: the month posts once."""
    b = _bulan(tahun, bulan)
    with transaction.atomic():
        proses = _proses_buka(koperasi, b, actor)
        if proses.status == StatusProses.BERJALAN:
            # robust: a failed run is recorded on its row (status gagal), the request still answers
            transaction.on_commit(lambda: _antre(proses.pk, getattr(actor, "pk", None)), robust=True)
        return proses


def _antre(proses_id: int, actor_id: int | None) -> None:
    from gotong.savings.tasks import akhir_bulan

    akhir_bulan.delay(proses_id, actor_id)


def _proses_buka(koperasi: Koperasi, b: Bulan, actor: Any) -> ProsesAkhirBulan:
    existing = ProsesAkhirBulan.objects.select_for_update().filter(koperasi=koperasi, tahun=b.tahun, bulan=b.bulan)
    proses = existing.first()
    if proses is not None and proses.status == StatusProses.SELESAI:
        return proses
    _check_boleh(koperasi, b)
    if proses is None:
        proses = ProsesAkhirBulan.objects.create(
            koperasi=koperasi, tahun=b.tahun, bulan=b.bulan, dimulai_oleh=_user(actor)
        )
        audit_record(koperasi=koperasi, aktor=actor, aksi="akhir_bulan.mulai", objek=proses, sesudah=snapshot(proses))
        return proses
    if proses.status != StatusProses.BERJALAN:
        proses.status, proses.galat = StatusProses.BERJALAN, ""
        proses.save(update_fields=["status", "galat"])
        audit_record(koperasi=koperasi, aktor=actor, aksi="akhir_bulan.lanjut", objek=proses, sesudah=snapshot(proses))
    return proses


def _user(actor: Any) -> Any:
    return actor if actor is not None and actor.pk else None


# --- the run -----------------------------------------------------------------------------------


def akhir_bulan_jalankan(
    *, koperasi: Koperasi, tahun: int, bulan: int, actor: Any, ukuran_chunk: int = UKURAN_CHUNK
) -> ProsesAkhirBulan:
    """Run (or resume) the month-end of one koperasi; see the module docstring."""
    from gotong.savings.wajib import tagihan_wajib_buat

    b = _bulan(tahun, bulan)
    try:
        with transaction.atomic():
            proses = _proses_buka(koperasi, b, actor)
    except ValidationError as exc:  # e.g. the month was closed after the run was queued
        runs = ProsesAkhirBulan.objects.filter(koperasi=koperasi, tahun=b.tahun, bulan=b.bulan)
        runs.filter(status=StatusProses.BERJALAN).update(status=StatusProses.GAGAL, galat=" ".join(exc.messages))
        raise
    if proses.status == StatusProses.SELESAI:
        return proses
    try:
        _jalankan(proses, koperasi, b, actor, ukuran_chunk)
        tagihan_wajib_buat(koperasi=koperasi, tahun=b.berikut().tahun, bulan=b.berikut().bulan)
    except Exception as exc:
        ProsesAkhirBulan.objects.filter(pk=proses.pk).update(status=StatusProses.GAGAL, galat=str(exc)[:2000])
        raise
    ProsesAkhirBulan.objects.filter(pk=proses.pk).update(status=StatusProses.SELESAI, selesai=timezone.now())
    proses.refresh_from_db()
    return proses


def _jalankan(proses: ProsesAkhirBulan, koperasi: Koperasi, b: Bulan, actor: Any, ukuran: int) -> None:
    scope = _scope(koperasi)
    ProsesAkhirBulan.objects.filter(pk=proses.pk).update(total=scope.count(), diproses=0)
    run = _Run.untuk(proses, b, _user(actor))
    for anggota_ids in _chunks(scope, ukuran):
        n = _chunk_proses(run=run, anggota_ids=anggota_ids)
        ProsesAkhirBulan.objects.filter(pk=proses.pk).update(diproses=F("diproses") + n)


def _chunks(scope: RekeningQuerySet, ukuran: int) -> Iterator[list[int]]:
    """Member ids in ascending order, ``ukuran`` at a time (keyset pagination, one small query each)."""
    setelah = 0
    while True:
        ids = list(
            scope.filter(anggota_id__gt=setelah)
            .order_by("anggota_id")
            .values_list("anggota_id", flat=True)
            .distinct()[:ukuran]
        )
        if not ids:
            return
        yield ids
        setelah = ids[-1]


@dataclass(frozen=True)
class _Run:
    """What every chunk of a run shares: the month, the ledger accounts it posts to and the
    koperasi's products, fetched once."""

    proses: ProsesAkhirBulan
    koperasi: Koperasi
    bulan: Bulan
    actor: Any
    jasa: Akun
    pajak: Akun
    kontrol: dict[str, Akun]
    produk: dict[int, ProdukSimpanan]

    @classmethod
    def untuk(cls, proses: ProsesAkhirBulan, b: Bulan, actor: Any) -> _Run:
        koperasi = proses.koperasi
        kontrol: dict[str, Akun] = {
            JenisSimpanan.SUKARELA: akun(koperasi, chart.SIMPANAN_SUKARELA),
            JenisSimpanan.BERJANGKA: akun(koperasi, chart.SIMPANAN_BERJANGKA),
        }
        produk = {p.pk: p for p in ProdukSimpanan.objects.filter(koperasi=koperasi)}
        jasa, pajak = akun(koperasi, chart.JASA_SIMPANAN), akun(koperasi, chart.UTANG_PAJAK)
        return cls(proses, koperasi, b, actor, jasa, pajak, kontrol, produk)


# --- one chunk ---------------------------------------------------------------------------------

# The columns a chunk reads of each account: plain rows, not model instances (a chunk holds
# a thousand accounts; building models for them cost more than the interest itself).
_KOLOM = (
    "id",
    "anggota_id",
    "produk_id",
    "jenis",
    "nomor",
    "saldo",
    "rekening_pencairan_id",
    "tanggal_mulai",
    "tanggal_jatuh_tempo",
    "suku_bunga_tahunan",
    "dibuka",
)


@dataclass(slots=True)
class _Rek:
    """One locked account of the chunk, as the run reads and changes it."""

    id: int
    anggota_id: int
    produk: ProdukSimpanan
    jenis: str
    nomor: str
    saldo: Decimal
    pencairan_id: int | None
    mulai: dt.date | None
    jatuh_tempo: dt.date | None
    suku_bunga: Decimal | None
    dibuka: dt.date
    ditutup: bool = False


@dataclass
class _Kredit:
    """One account's interest this month and where its net goes."""

    rekening: _Rek
    tujuan: _Rek
    hasil: interest.HasilJasa
    pajak: Decimal = ZERO


@dataclass
class _Chunk:
    """The locked accounts of a chunk of members and what the run writes for them."""

    run: _Run
    rekening: list[_Rek]
    mutasi: list[tuple[str, _Rek, str, Decimal, Decimal, str]] = field(default_factory=list)
    diubah: dict[int, _Rek] = field(default_factory=dict)  # new balances
    berjangka: list[_Rek] = field(default_factory=list)  # closed or rolled over

    def catat(self, entry: str, rek: _Rek, jenis: str, jumlah: Decimal, keterangan: str) -> None:
        """The bulk twin of ``services.mutasi_catat`` on a row locked by this chunk: like the
        counter, ``saldo_setelah`` is the balance in posting order (a run after the month may
        post after deposits of the next month; the statement reads in posting order)."""
        rek.saldo += jumlah
        self.diubah[rek.id] = rek
        self.mutasi.append((entry, rek, jenis, jumlah, rek.saldo, keterangan[:200]))

    def milik(self, anggota_id: int) -> list[_Rek]:
        return [r for r in self.rekening if r.anggota_id == anggota_id]


def _chunk_proses(*, run: _Run, anggota_ids: Sequence[int]) -> int:
    """Credit one chunk of members in one transaction; returns the number of accounts seen."""
    b = run.bulan
    with transaction.atomic():
        rows = (
            _scope(run.koperasi)
            .filter(anggota_id__in=anggota_ids)
            .select_for_update()
            .order_by("anggota_id", "id")
            .values_list(*_KOLOM)
        )
        rekening = [_Rek(i, a, run.produk[p], *rest) for i, a, p, *rest in rows]
        chunk = _Chunk(run, rekening)
        kredit = _hitung(chunk)
        anggota = {aid: _anggota_ref(aid) for aid in anggota_ids}
        jurnal = _posting_jasa(chunk, kredit, anggota)
        tempo = _jatuh_tempo(chunk, anggota)
        _tulis(chunk, {"jasa": jurnal, "tempo": tempo})
        if jurnal is not None:
            kolom = ["proses_id", "rekening_id", "tahun", "bulan", "dasar", "bruto", "pajak", "neto", "jurnal_id"]
            _sisip(
                JasaSimpanan,
                kolom,
                [
                    [run.proses.pk, k.rekening.id, b.tahun, b.bulan, k.hasil.dasar, k.hasil.bruto, k.pajak]
                    + [k.hasil.bruto - k.pajak, jurnal.pk]
                    for k in kredit
                ],
            )
        return len(rekening)


def _anggota_ref(anggota_id: int) -> Anggota:
    """A member known only by id, for the journal lines' ``anggota`` (no query, no defaults:
    ``from_db`` leaves every other field deferred)."""
    return Anggota.from_db(None, ["id"], [anggota_id])


def _hitung(chunk: _Chunk) -> list[_Kredit]:
    """Gross interest of every account not yet credited this month, and each member's tax."""
    b = chunk.run.bulan
    ids = [r.id for r in chunk.rekening]
    sudah: dict[int, tuple[Decimal, Decimal]] = {
        rid: (bruto, pajak)
        for rid, bruto, pajak in JasaSimpanan.objects.filter(
            rekening_id__in=ids, tahun=b.tahun, bulan=b.bulan
        ).values_list("rekening_id", "bruto", "pajak")
    }
    sejak: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for rid, tanggal, jumlah in MutasiSimpanan.objects.filter(rekening_id__in=ids, tanggal__gte=b.awal).values_list(
        "rekening_id", "tanggal", "jumlah"
    ):
        sejak[rid].append((tanggal, jumlah))
    hasil: list[_Kredit] = []
    per_anggota: dict[int, list[_Rek]] = defaultdict(list)
    for r in chunk.rekening:
        per_anggota[r.anggota_id].append(r)
    for milik in per_anggota.values():
        hasil.extend(_hitung_anggota(b, milik, sudah, sejak))
    return hasil


def _hitung_anggota(
    b: Bulan,
    milik: list[_Rek],
    sudah: dict[int, tuple[Decimal, Decimal]],
    sejak: dict[int, list[tuple[dt.date, Decimal]]],
) -> list[_Kredit]:
    """One member: gross per new account, then PP 15/2009 over the member's whole month."""
    baru: list[_Kredit] = []
    for r in milik:
        if r.id in sudah:
            continue
        hasil = _jasa_rekening(b, r, sejak.get(r.id, []))
        if hasil.bruto > ZERO:
            baru.append(_Kredit(r, _tujuan(r, milik), hasil))
    if not baru:
        return []
    lama = [sudah[r.id] for r in milik if r.id in sudah]
    pajak = interest.jasa_anggota(
        [k.hasil.bruto for k in baru],
        bruto_sebelumnya=sum((x[0] for x in lama), ZERO),
        pajak_sebelumnya=sum((x[1] for x in lama), ZERO),
    )
    for k, bagian in zip(baru, pajak.pajak_per_rekening, strict=True):
        k.pajak = bagian
    return baru


def _jasa_rekening(b: Bulan, r: _Rek, sejak: list[tuple[dt.date, Decimal]]) -> interest.HasilJasa:
    """The month's gross interest of one account, from its balance now and the movements since
    the month began (so the opening balance needs no search back through history)."""
    produk = r.produk
    if r.jenis == JenisSimpanan.BERJANGKA:
        metode, rate = Metode.SALDO_HARIAN, r.suku_bunga or produk.suku_bunga_tahunan
        sampai = _berjangka_sampai(b, r)
    else:
        metode, rate, sampai = Metode(produk.metode_bunga), produk.suku_bunga_tahunan, None
    if metode == MetodeBunga.TANPA or not rate:
        return interest.NOL
    saldo_awal = r.saldo - sum((j for _t, j in sejak), ZERO)
    riwayat = RiwayatSaldo(b, saldo_awal, tuple(Mutasi(t, j) for t, j in sejak if t <= b.akhir), sampai=sampai)
    return interest.jasa_bulanan(riwayat, metode=metode, suku_bunga_tahunan=rate, saldo_minimum=produk.saldo_minimum)


def _berjangka_sampai(b: Bulan, r: _Rek) -> dt.date | None:
    """A deposit earns up to the day before it matures, unless it rolls over (then all month)."""
    jt = r.jatuh_tempo
    if jt is None or jt > b.akhir or r.produk.aksi_jatuh_tempo == AksiJatuhTempo.PERPANJANG:
        return None
    return jt - dt.timedelta(days=1)


def _tujuan(r: _Rek, milik: list[_Rek]) -> _Rek:
    """Where a deposit's interest and principal go: its payout account if it is one of the
    member's active sukarela accounts, else the member's first sukarela, else itself."""
    if r.jenis != JenisSimpanan.BERJANGKA:
        return r
    sukarela = [x for x in milik if x.jenis == JenisSimpanan.SUKARELA]
    for x in sukarela:
        if x.id == r.pencairan_id:
            return x
    return sukarela[0] if sukarela else r


def _builder(run: _Run, kunci: str, keterangan: str, sumber: str) -> JurnalBuilder:
    if Jurnal.objects.filter(koperasi_id=run.koperasi.pk, kunci=kunci).exists():
        # the key's account is credited in the same transaction as its entry, so this cannot happen
        raise RuntimeError(KUNCI_SUDAH_DIPAKAI.format(kunci=kunci))
    return JurnalBuilder(
        koperasi=run.koperasi,
        tanggal=run.bulan.akhir,
        keterangan=keterangan,
        sumber=sumber,
        sumber_id=str(run.proses.pk),
        kunci=kunci,
        actor=run.actor,
    )


def _posting_jasa(chunk: _Chunk, kredit: list[_Kredit], anggota: dict[int, Anggota]) -> Jurnal | None:
    """One entry for the chunk: Dr 5.20 gross / Cr 2.30 tax per member / Cr control net per account."""
    if not kredit:
        return None
    run, b = chunk.run, chunk.run.bulan
    first = min(k.rekening.id for k in kredit)
    builder = _builder(
        run, f"jasa-{b.tahun}-{b.bulan}-{first}", f"Jasa simpanan {_periode(b)} ({len(kredit)} rekening)", SUMBER_JASA
    )
    builder.debit(run.jasa, sum((k.hasil.bruto for k in kredit), ZERO), keterangan=f"Jasa simpanan {_periode(b)}")
    pajak_anggota: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for k in kredit:
        neto = k.hasil.bruto - k.pajak
        builder.kredit(
            run.kontrol[k.tujuan.jenis], neto, anggota=anggota[k.rekening.anggota_id], keterangan=k.rekening.nomor
        )
        if k.pajak:
            pajak_anggota[k.rekening.anggota_id] += k.pajak
        _catat_jasa(chunk, k)
    for anggota_id, pajak in pajak_anggota.items():
        builder.kredit(run.pajak, pajak, anggota=anggota[anggota_id], keterangan="PPh final jasa simpanan (PP 15/2009)")
    return builder.post()


def _catat_jasa(chunk: _Chunk, k: _Kredit) -> None:
    periode = _periode(chunk.run.bulan)
    asal = "" if k.tujuan is k.rekening else f" {k.rekening.nomor}"
    chunk.catat("jasa", k.tujuan, JenisMutasi.JASA, k.hasil.bruto, f"Jasa simpanan{asal} {periode}")
    if k.pajak:
        ket = f"PPh final 10% jasa simpanan{asal} {periode} (PP 15/2009)"
        chunk.catat("jasa", k.tujuan, JenisMutasi.PAJAK, -k.pajak, ket)


# --- berjangka maturities ------------------------------------------------------------------------


def _jatuh_tempo(chunk: _Chunk, anggota: dict[int, Anggota]) -> Jurnal | None:
    """Deposits due this month: pay out to sukarela and close (one entry), or roll over."""
    run, b = chunk.run, chunk.run.bulan
    due = [
        r for r in chunk.rekening if r.jenis == JenisSimpanan.BERJANGKA and r.jatuh_tempo and r.jatuh_tempo <= b.akhir
    ]
    bayar: list[tuple[_Rek, _Rek]] = []
    for r in due:
        if r.produk.aksi_jatuh_tempo == AksiJatuhTempo.PERPANJANG:
            _perpanjang(chunk, r)
            continue
        tujuan = _tujuan(r, chunk.milik(r.anggota_id))
        if tujuan is r:
            log.warning("berjangka %s jatuh tempo tanpa rekening sukarela; menunggu pencairan di kasir", r.nomor)
        elif r.saldo > ZERO:
            bayar.append((r, tujuan))
    if not bayar:
        return None
    builder = _builder(
        run,
        f"jatuh-tempo-{b.tahun}-{b.bulan}-{min(r.id for r, _t in bayar)}",
        f"Pencairan simpanan berjangka jatuh tempo {_periode(b)} ({len(bayar)} rekening)",
        SumberJurnal.BERJANGKA,
    )
    for r, tujuan in bayar:
        pokok, pemilik = r.saldo, anggota[r.anggota_id]
        builder.debit(run.kontrol[JenisSimpanan.BERJANGKA], pokok, anggota=pemilik, keterangan=r.nomor)
        builder.kredit(run.kontrol[JenisSimpanan.SUKARELA], pokok, anggota=pemilik, keterangan=tujuan.nomor)
        chunk.catat("tempo", r, JenisMutasi.PINDAH_KELUAR, -pokok, f"Jatuh tempo, ke {tujuan.nomor}")
        chunk.catat("tempo", tujuan, JenisMutasi.PINDAH_MASUK, pokok, f"Pencairan berjangka {r.nomor} jatuh tempo")
        r.ditutup = True
        chunk.berjangka.append(r)
    return builder.post()


def _perpanjang(chunk: _Chunk, r: _Rek) -> None:
    """Roll a deposit over for the same term at the product's current rate (no money moves)."""
    assert r.jatuh_tempo is not None
    bulan_jangka = r.produk.jangka_bulan or _bulan_antara(r.mulai or r.dibuka, r.jatuh_tempo) or 1
    while r.jatuh_tempo <= chunk.run.bulan.akhir:
        r.mulai = r.jatuh_tempo
        r.jatuh_tempo = tambah_bulan(r.jatuh_tempo, bulan_jangka)
    r.suku_bunga = r.produk.suku_bunga_tahunan
    chunk.berjangka.append(r)


def _bulan_antara(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


# --- writing -----------------------------------------------------------------------------------


def _tulis(chunk: _Chunk, jurnal: dict[str, Jurnal | None]) -> None:
    """Movements and balances of the chunk in bulk (the accounts are locked by this transaction)."""
    run, now = chunk.run, timezone.now()
    actor_id = run.actor.pk if run.actor is not None else None
    rows = []
    for entry, rek, jenis, jumlah, saldo, keterangan in chunk.mutasi:
        posted = jurnal[entry]
        assert posted is not None
        rows.append(
            [run.koperasi.pk, rek.id, run.bulan.akhir, jenis, jumlah, saldo, keterangan, posted.pk, actor_id, now]
        )
    kolom = ["koperasi_id", "rekening_id", "tanggal", "jenis", "jumlah", "saldo_setelah", "keterangan"]
    _sisip(MutasiSimpanan, [*kolom, "jurnal_id", "dibuat_oleh_id", "dibuat_pada"], rows)
    _saldo_simpan(list(chunk.diubah.values()))
    for r in chunk.berjangka:  # maturities: few, and each changes several fields
        RekeningSimpanan.objects.filter(pk=r.id).update(
            status=StatusRekening.DITUTUP if r.ditutup else StatusRekening.AKTIF,
            ditutup=run.bulan.akhir if r.ditutup else None,
            tanggal_mulai=r.mulai,
            tanggal_jatuh_tempo=r.jatuh_tempo,
            suku_bunga_tahunan=r.suku_bunga,
        )


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


def _saldo_simpan(rows: list[_Rek]) -> None:
    """Write the new balances in one statement. Django's ``bulk_update`` builds a CASE with a
    branch per row, which PostgreSQL evaluates per row: quadratic in the chunk size."""
    if not rows:
        return
    table = RekeningSimpanan._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                f"UPDATE {table} AS r SET saldo = v.saldo "  # noqa: S608 - the table name is ours
                "FROM unnest(%s::bigint[], %s::numeric[]) AS v(id, saldo) WHERE r.id = v.id",
                [[r.id for r in rows], [r.saldo for r in rows]],
            )
        else:
            cur.executemany(f"UPDATE {table} SET saldo = %s WHERE id = %s", [(r.saldo, r.id) for r in rows])  # noqa: S608
