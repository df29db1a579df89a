"""Savings history for the demo koperasi: accounts, movements and their ledger entries
from 2024 (or the member's join date) to the demo's "today".

Everything is planned in memory from a seeded ``random.Random`` (the same history on
every fresh database), then written with ``bulk_create``: the services post one entry at
a time with row locks, which would take minutes for ~50,000 movements. The rows written
are exactly what the services would have written — one journal entry per counter
transaction (so a single movement can be reversed), numbered in the posting service's
per-year series, the month balances (``SaldoBulanan``) summed from the lines, each
movement with its running balance, and the account and journal number series advanced
so that later real openings and postings continue them. ``check_books`` proves it.

Members who joined before 2024 start with an opening balance (saldo awal) moved from
the old paper books on 1 January 2024. Month-end interest is not generated: the demo's
history has no ``ProsesAkhirBulan`` runs, so a user can run month-end from the screens.
"""

import datetime as dt
import itertools
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone

from gotong.accounts.models import User
from gotong.core.money import ZERO
from gotong.ledger import chart
from gotong.ledger.models import Akun, BarisJurnal, Jurnal, SaldoBulanan, Sisi, SumberJurnal
from gotong.members.models import Anggota, StatusAnggota
from gotong.savings.berjangka import tambah_bulan
from gotong.savings.models import (
    AKUN_KONTROL,
    JenisMutasi,
    JenisSimpanan,
    MutasiSimpanan,
    ProdukSimpanan,
    RekeningSimpanan,
    StatusRekening,
    TagihanWajib,
)
from gotong.savings.services import AWALAN_NOMOR
from gotong.tenancy.models import Koperasi, NamaPeran, Penomoran, Peran

AWAL = dt.date(2024, 1, 1)  # the first day of Gotong's books for the demo
BATCH = 1000
SISIP = 5000  # rows per executemany
D, K = Sisi.DEBIT, Sisi.KREDIT
J = JenisSimpanan
KET_SALDO_AWAL = "Saldo awal pindahan dari buku simpanan lama per 31-12-2023"

# Sukarela habits: (weight, chance of a deposit per month, of a withdrawal, deposit sizes)
KECIL = (20000, 25000, 50000, 50000, 75000, 100000, 100000, 150000, 200000, 250000, 300000)
SEDANG = (100000, 200000, 250000, 300000, 500000, 500000, 750000, 1000000, 1500000, 2000000)
BESAR = (1000000, 2000000, 2500000, 5000000, 7500000, 10000000)


@dataclass(frozen=True)
class Kebiasaan:
    nama: str
    bobot: int
    p_setor: float
    p_tarik: float
    setoran: tuple[int, ...]
    saldo_awal: tuple[int, int]


KEBIASAAN = (
    Kebiasaan("pasif", 30, 0.08, 0.03, KECIL, (0, 200000)),
    Kebiasaan("biasa", 45, 0.45, 0.22, KECIL + SEDANG, (100000, 2000000)),
    Kebiasaan("aktif", 20, 0.85, 0.45, SEDANG, (500000, 5000000)),
    Kebiasaan("besar", 5, 0.6, 0.3, BESAR, (10000000, 50000000)),
)


@dataclass
class Rek:
    """A planned account and its running balance."""

    obj: RekeningSimpanan
    saldo: Decimal = ZERO


@dataclass
class Gerak:
    rek: Rek
    jenis: str
    jumlah: Decimal
    saldo_setelah: Decimal
    keterangan: str


@dataclass
class Kejadian:
    """One journal entry with the movements it records."""

    tanggal: dt.date
    urut: int
    keterangan: str
    sumber: str
    sumber_id: str | Rek
    baris: list[tuple[str, str, Decimal, int | None, str]]
    gerak: list[Gerak] = field(default_factory=list)


def _uang(n: int) -> Decimal:
    return Decimal(n).quantize(Decimal("0.01"))


def _hari(rng: random.Random, tahun: int, bulan: int, awal: int = 1, akhir: int = 28) -> dt.date:
    return dt.date(tahun, bulan, rng.randint(awal, akhir))


def _bulan(mulai: dt.date, akhir: dt.date) -> list[tuple[int, int]]:
    hasil, (y, m) = [], (mulai.year, mulai.month)
    while (y, m) <= (akhir.year, akhir.month):
        hasil.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return hasil


def _akhir_bulan(tanggal: dt.date) -> dt.date:
    return tambah_bulan(tanggal.replace(day=1), 1) - dt.timedelta(days=1)


class Buku:
    """The planned savings books of one koperasi: accounts, entries, wajib bills."""

    def __init__(self, koperasi: Koperasi, hari_ini: dt.date, rng: random.Random) -> None:
        self.koperasi, self.hari_ini, self.rng = koperasi, hari_ini, rng
        self.produk = {p.kode: p for p in ProdukSimpanan.objects.filter(koperasi=koperasi)}
        self.utama = {j: self._produk_utama(j) for j in (J.POKOK, J.WAJIB, J.SUKARELA)}
        self.berjangka = sorted(
            (p for p in self.produk.values() if p.jenis == J.BERJANGKA and p.aktif and p.jangka_bulan),
            key=lambda p: p.jangka_bulan or 0,
        )
        seri = dict(Penomoran.objects.filter(koperasi=koperasi).values_list("seri", "terakhir"))
        self.nomor = {a: seri.get(f"rekening-{a}", 0) for a in AWALAN_NOMOR.values()}
        self.rekening: list[Rek] = []
        self.kejadian: list[Kejadian] = []
        self.tagihan: list[TagihanWajib] = []
        self._urut = itertools.count()

    def _produk_utama(self, jenis: str) -> ProdukSimpanan:
        pilihan = [p for p in self.produk.values() if p.jenis == jenis and p.aktif]
        return self.produk.get(jenis) or min(pilihan, key=lambda p: p.pk)

    def buka(self, anggota: Anggota, produk: ProdukSimpanan, tanggal: dt.date, **lain: object) -> Rek:
        awalan = AWALAN_NOMOR[J(produk.jenis)]
        self.nomor[awalan] += 1
        obj = RekeningSimpanan(
            koperasi=self.koperasi,
            anggota=anggota,
            produk=produk,
            jenis=produk.jenis,
            nomor=f"{awalan}-{self.nomor[awalan]:06d}",
            dibuka=tanggal,
            setoran_wajib=produk.setoran_tetap if produk.jenis == J.WAJIB else ZERO,
            **lain,
        )
        rek = Rek(obj)
        self.rekening.append(rek)
        return rek

    def catat(
        self,
        tanggal: dt.date,
        keterangan: str,
        sumber: str,
        sumber_id: str | Rek,
        baris: Sequence[tuple[str, str, Decimal, int | None, str]],
        gerak: Sequence[tuple[Rek, str, Decimal, str]],
    ) -> Kejadian:
        k = Kejadian(tanggal, next(self._urut), keterangan[:250], sumber, sumber_id, list(baris))
        for rek, jenis, jumlah, ket in gerak:
            rek.saldo += jumlah
            assert rek.saldo >= ZERO, rek.obj.nomor
            k.gerak.append(Gerak(rek, jenis, jumlah, rek.saldo, ket))
        self.kejadian.append(k)
        return k

    def tutup(self, rek: Rek, tanggal: dt.date) -> None:
        rek.obj.status, rek.obj.ditutup = StatusRekening.DITUTUP, tanggal


# --- counter transactions, as the services book them ------------------------------------------


def _kontrol(rek: Rek) -> str:
    return AKUN_KONTROL[J(rek.obj.jenis)]


def setor(b: Buku, rek: Rek, tanggal: dt.date, jumlah: Decimal, *, bank: bool = False) -> None:
    o = rek.obj
    uraian = f"Setoran {o.produk.nama} {o.nomor} a.n. {o.anggota.nama}"
    baris = [(chart.BANK if bank else chart.KAS, D, jumlah, None, ""), (_kontrol(rek), K, jumlah, o.anggota.pk, "")]
    ket = "Setoran transfer bank" if bank else "Setoran tunai"
    b.catat(tanggal, uraian, SumberJurnal.SETORAN, rek, baris, [(rek, JenisMutasi.SETOR, jumlah, ket)])


def tarik(b: Buku, rek: Rek, tanggal: dt.date, jumlah: Decimal) -> None:
    o = rek.obj
    uraian = f"Penarikan {o.produk.nama} {o.nomor} a.n. {o.anggota.nama}"
    baris = [(_kontrol(rek), D, jumlah, o.anggota.pk, ""), (chart.KAS, K, jumlah, None, "")]
    b.catat(tanggal, uraian, SumberJurnal.PENARIKAN, rek, baris, [(rek, JenisMutasi.TARIK, -jumlah, "Penarikan tunai")])


def pindah(b: Buku, src: Rek, dst: Rek, tanggal: dt.date, jumlah: Decimal, sumber: str) -> None:
    a = src.obj.anggota
    uraian = f"Pemindahbukuan {src.obj.nomor} ke {dst.obj.nomor} a.n. {a.nama}"
    baris = [(_kontrol(src), D, jumlah, a.pk, ""), (_kontrol(dst), K, jumlah, a.pk, "")]
    gerak = [
        (src, JenisMutasi.PINDAH_KELUAR, -jumlah, f"Ke {dst.obj.nomor}"),
        (dst, JenisMutasi.PINDAH_MASUK, jumlah, f"Dari {src.obj.nomor}"),
    ]
    b.catat(tanggal, uraian, sumber, src, baris, gerak)


def saldo_awal(b: Buku, anggota: Anggota, saldo: list[tuple[Rek, Decimal]]) -> None:
    """Balances moved from the old books on the first day: Dr Kas / Cr each control account."""
    saldo = [(r, j) for r, j in saldo if j > ZERO]
    if not saldo:
        return
    total = sum((j for _r, j in saldo), ZERO)
    baris = [(chart.KAS, D, total, None, "")] + [(_kontrol(r), K, j, anggota.pk, r.obj.nomor) for r, j in saldo]
    uraian = f"Saldo awal simpanan {anggota.nomor_anggota} a.n. {anggota.nama}"
    gerak = [(r, JenisMutasi.SETOR, j, KET_SALDO_AWAL) for r, j in saldo]
    b.catat(AWAL, uraian, SumberJurnal.SALDO_AWAL, str(anggota.pk), baris, gerak)


def keluar(b: Buku, rng: random.Random, anggota: Anggota, rekening: list[Rek], tanggal: dt.date) -> None:
    """The exit settlement (savings.penyelesaian): one entry to 2.40, every account closed;
    the kasir pays the member out a few days later."""
    isi = [r for r in rekening if r.obj.status == StatusRekening.AKTIF and r.saldo > ZERO]
    total = sum((r.saldo for r in isi), ZERO)
    if isi:
        baris = [(_kontrol(r), D, r.saldo, anggota.pk, r.obj.nomor) for r in isi]
        baris.append((chart.UTANG_ANGGOTA_KELUAR, K, total, anggota.pk, ""))
        uraian = f"Penyelesaian simpanan anggota keluar {anggota.nomor_anggota} a.n. {anggota.nama}"
        ket = "Dikembalikan karena keluar dari koperasi"
        gerak = [(r, JenisMutasi.PENUTUPAN, -r.saldo, ket) for r in isi]
        b.catat(tanggal, uraian, SumberJurnal.PENYELESAIAN_KELUAR, str(anggota.pk), baris, gerak)
    for r in rekening:
        if r.obj.status == StatusRekening.AKTIF:
            b.tutup(r, tanggal)
    bayar = tanggal + dt.timedelta(days=rng.randint(1, 14))
    if total and bayar <= b.hari_ini:
        uraian = f"Pengembalian simpanan anggota keluar {anggota.nomor_anggota} a.n. {anggota.nama}"
        baris2 = [(chart.UTANG_ANGGOTA_KELUAR, D, total, anggota.pk, ""), (chart.KAS, K, total, None, "")]
        b.catat(bayar, uraian, SumberJurnal.PENYELESAIAN_KELUAR, str(anggota.pk), baris2, [])


# --- one member's history ---------------------------------------------------------------------


@dataclass
class Anggotaku:
    """One member being simulated: accounts, habits and the day their history stops."""

    anggota: Anggota
    pokok: Rek
    wajib: Rek
    sukarela: Rek
    kebiasaan: Kebiasaan
    tertib: bool  # pays wajib every month
    batas: dt.date  # last day with activity
    tagihan: list[TagihanWajib] = field(default_factory=list)
    berjangka: list[Rek] = field(default_factory=list)


def _bayar_wajib(b: Buku, m: Anggotaku, tanggal: dt.date, bulan_maks: int) -> None:
    """A wajib payment of the oldest unpaid bills (up to ``bulan_maks`` months of them)."""
    bulan_ini = (tanggal.year, tanggal.month)  # never a bill of a coming month
    terbuka = [t for t in m.tagihan if t.terbayar < t.jumlah and (t.tahun, t.bulan) <= bulan_ini][:bulan_maks]
    jumlah = sum((t.jumlah - t.terbayar for t in terbuka), ZERO)
    if not jumlah:
        return
    for t in terbuka:
        t.terbayar = t.jumlah
    minimum = m.sukarela.obj.produk.saldo_minimum
    if b.rng.random() < 0.1 and m.sukarela.saldo - jumlah >= minimum:
        pindah(b, m.sukarela, m.wajib, tanggal, jumlah, SumberJurnal.PEMINDAHBUKUAN)
    else:
        setor(b, m.wajib, tanggal, jumlah)


def _wajib_bulan(b: Buku, m: Anggotaku, y: int, bln: int, akhir_bulan: bool) -> list[tuple[dt.date, str]]:
    rek = m.wajib.obj
    hari = rek.produk.hari_jatuh_tempo
    jatuh = max(dt.date(y, bln, hari), rek.dibuka)
    if jatuh <= m.batas:
        t = TagihanWajib(koperasi=b.koperasi, rekening=rek, tahun=y, bulan=bln, jatuh_tempo=jatuh)
        t.jumlah, t.terbayar = rek.setoran_wajib, ZERO
        m.tagihan.append(t)
    if m.tertib:  # on time; in the month of joining, on the day of joining
        return [(max(_hari(b.rng, y, bln, 1, 15), rek.dibuka), "wajib")]
    # members in arrears: pay some months, catch up later; the last months mostly unpaid
    if akhir_bulan or b.rng.random() < 0.4:
        return []
    return [(_hari(b.rng, y, bln), "wajib-kejar")]


def _sukarela_bulan(b: Buku, m: Anggotaku, y: int, bln: int) -> list[tuple[dt.date, str]]:
    k, hasil = m.kebiasaan, []
    for _ in range(2 if k.nama == "aktif" else 1):
        if b.rng.random() < k.p_setor:
            hasil.append((_hari(b.rng, y, bln), "setor"))
    if b.rng.random() < k.p_tarik:
        hasil.append((_hari(b.rng, y, bln), "tarik"))
    if b.berjangka and b.rng.random() < (0.02 if k.nama == "besar" else 0.002):
        hasil.append((_hari(b.rng, y, bln), "berjangka"))
    return hasil


def _tarik_sukarela(b: Buku, m: Anggotaku, tanggal: dt.date) -> None:
    bisa = m.sukarela.saldo - m.sukarela.obj.produk.saldo_minimum
    if bisa < 20000:
        return
    persen = b.rng.randint(15, 80)
    jumlah = (bisa * persen / 100 / 10000).to_integral_value() * 10000
    tarik(b, m.sukarela, tanggal, max(_uang(20000), min(jumlah, bisa)).quantize(Decimal("0.01")))


def _tempatkan(b: Buku, m: Anggotaku, tanggal: dt.date) -> None:
    """A term deposit from cash; at month-end of its maturity month it moves to sukarela."""
    produk = b.rng.choice(b.berjangka)
    assert produk.jangka_bulan is not None
    besar = m.kebiasaan.nama == "besar"
    jumlah = _uang(b.rng.randint(4, 100 if besar else 20) * 500000)
    jatuh = tambah_bulan(tanggal, produk.jangka_bulan)
    rek = b.buka(
        m.anggota,
        produk,
        tanggal,
        tanggal_mulai=tanggal,
        tanggal_jatuh_tempo=jatuh,
        suku_bunga_tahunan=produk.suku_bunga_tahunan,
        rekening_pencairan=m.sukarela.obj,
    )
    o = rek.obj
    uraian = f"Penempatan {produk.nama} {o.nomor} a.n. {m.anggota.nama}"
    baris = [(chart.KAS, D, jumlah, None, ""), (chart.SIMPANAN_BERJANGKA, K, jumlah, m.anggota.pk, "")]
    b.catat(tanggal, uraian, SumberJurnal.BERJANGKA, rek, baris, [(rek, JenisMutasi.SETOR, jumlah, "Setoran tunai")])
    m.berjangka.append(rek)


def _jatuh_tempo(b: Buku, m: Anggotaku, sampai: dt.date) -> None:
    """Maturities settled by month-end (dated the month's last day) up to ``sampai``."""
    for rek in m.berjangka:
        o = rek.obj
        assert o.tanggal_jatuh_tempo is not None
        akhir = _akhir_bulan(o.tanggal_jatuh_tempo)
        if o.status == StatusRekening.AKTIF and akhir <= sampai and akhir < m.batas:
            pindah(b, rek, m.sukarela, akhir, rek.saldo, SumberJurnal.BERJANGKA)
            b.tutup(rek, akhir)


def _jalankan(b: Buku, m: Anggotaku, kejadian: list[tuple[dt.date, str]], mulai: dt.date) -> None:
    k = m.kebiasaan
    for tanggal, jenis in sorted(kejadian):
        if not mulai <= tanggal <= m.batas:
            continue
        _jatuh_tempo(b, m, tanggal - dt.timedelta(days=1))
        if jenis == "wajib":
            _bayar_wajib(b, m, tanggal, 1)
        elif jenis == "wajib-kejar":
            _bayar_wajib(b, m, tanggal, b.rng.choice((1, 2, 3, 12)))
        elif jenis == "setor":
            setor(b, m.sukarela, tanggal, _uang(b.rng.choice(k.setoran)), bank=b.rng.random() < 0.1)
        elif jenis == "tarik":
            _tarik_sukarela(b, m, tanggal)
        else:
            _tempatkan(b, m, tanggal)


def _mulai(b: Buku, m: Anggotaku, masuk: dt.date) -> dt.date:
    """Pokok (and the first months of wajib) paid on joining, or the opening balance of 2024."""
    if masuk >= AWAL:
        setor(b, m.pokok, masuk, m.pokok.obj.produk.setoran_tetap)
        return masuk
    bulan_lalu = len(_bulan(masuk, AWAL - dt.timedelta(days=1)))
    if not m.tertib:
        bulan_lalu -= b.rng.randint(0, min(6, bulan_lalu - 1))
    lo, hi = m.kebiasaan.saldo_awal
    sukarela = _uang(b.rng.randint(lo // 1000, hi // 1000) * 1000)
    saldo = [
        (m.pokok, m.pokok.obj.produk.setoran_tetap),
        (m.wajib, m.wajib.obj.setoran_wajib * bulan_lalu),
        (m.sukarela, sukarela if sukarela >= m.sukarela.obj.produk.saldo_minimum else ZERO),
    ]
    saldo_awal(b, m.anggota, saldo)
    return AWAL


def riwayat_anggota(b: Buku, anggota: Anggota) -> None:
    """Open the member's accounts on joining and play their history to today (or their exit)."""
    masuk = anggota.tanggal_masuk
    assert masuk is not None
    keluar_pada = anggota.tanggal_keluar if anggota.status == StatusAnggota.KELUAR else None
    rek = {j: b.buka(anggota, b.utama[j], masuk) for j in (J.POKOK, J.WAJIB, J.SUKARELA)}
    kebiasaan = b.rng.choices(KEBIASAAN, weights=[k.bobot for k in KEBIASAAN])[0]
    batas = keluar_pada - dt.timedelta(days=1) if keluar_pada else b.hari_ini
    m = Anggotaku(anggota, rek[J.POKOK], rek[J.WAJIB], rek[J.SUKARELA], kebiasaan, b.rng.random() >= 0.15, batas)
    if keluar_pada is not None and keluar_pada < AWAL:
        for r in rek.values():
            b.tutup(r, keluar_pada)  # left before the books moved to Gotong: nothing to show
        return
    mulai = _mulai(b, m, masuk)
    bulan = _bulan(mulai, batas)
    kejadian: list[tuple[dt.date, str]] = []
    for i, (y, bln) in enumerate(bulan):
        kejadian += _wajib_bulan(b, m, y, bln, akhir_bulan=len(bulan) - i <= b.rng.randint(1, 4))
        kejadian += _sukarela_bulan(b, m, y, bln)
    _jalankan(b, m, kejadian, mulai)
    _jatuh_tempo(b, m, batas)
    b.tagihan.extend(m.tagihan)
    if keluar_pada is not None:
        keluar(b, b.rng, anggota, [m.pokok, m.wajib, m.sukarela, *m.berjangka], keluar_pada)


# --- writing ---------------------------------------------------------------------------------


def _kasir(koperasi: Koperasi) -> User | None:
    """Who signs the demo's counter transactions: the kasir, else the bendahara, else the ketua."""
    for peran in (NamaPeran.KASIR, NamaPeran.BENDAHARA, NamaPeran.KETUA):
        row = Peran.objects.filter(koperasi=koperasi, peran=peran, aktif=True).select_related("user").first()
        if row is not None:
            return row.user
    return None


def _tulis_rekening(b: Buku) -> None:
    for rek in b.rekening:
        rek.obj.saldo = rek.saldo
    biasa = [r.obj for r in b.rekening if r.obj.jenis != J.BERJANGKA]
    RekeningSimpanan.objects.bulk_create(biasa, batch_size=BATCH)
    # after the sukarela accounts: a term deposit names its payout account
    berjangka = [r.obj for r in b.rekening if r.obj.jenis == J.BERJANGKA]
    RekeningSimpanan.objects.bulk_create(berjangka, batch_size=BATCH)


def _sisipkan(model: type[Model], kolom: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Plain multi-row INSERT: ``bulk_create`` builds a model instance and SQL per row, which
    costs more than the database for 100,000 rows. Values are passed as parameters (the
    backend adapts dates and Decimals); the constraints and triggers of the tables apply."""
    q = connection.ops.quote_name
    cols = ", ".join(q(str(cast("Field[Any, Any]", model._meta.get_field(k)).column)) for k in kolom)
    # only quoted names of our own models are formatted in; the values are parameters
    sql = f"INSERT INTO {q(model._meta.db_table)} ({cols}) VALUES ({', '.join(['%s'] * len(kolom))})"  # noqa: S608
    with connection.cursor() as cursor:
        for i in range(0, len(rows), SISIP):
            cursor.executemany(sql, rows[i : i + SISIP])


class Waktu:
    """A plausible ``dibuat_pada`` for a day's rows (the counter opens at eight), adapted once per day."""

    def __init__(self) -> None:
        self._cache: dict[dt.date, object] = {}

    def __call__(self, tanggal: dt.date) -> object:
        if tanggal not in self._cache:
            aware = timezone.make_aware(dt.datetime.combine(tanggal, dt.time(9, 0)))
            self._cache[tanggal] = connection.ops.adapt_datetimefield_value(aware)
        return self._cache[tanggal]


def _tulis_jurnal(b: Buku, kejadian: list[Kejadian], kasir_id: int | None, waktu: Waktu) -> list[int]:
    """The entries, numbered in the posting service's series per year; returns their ids."""
    seri = dict(Penomoran.objects.filter(koperasi=b.koperasi).values_list("seri", "terakhir"))
    nomor: dict[int, int] = defaultdict(int)
    rows, semua_nomor = [], []
    for k in kejadian:
        tahun = k.tanggal.year
        nomor[tahun] += 1
        teks = f"JU-{tahun}-{seri.get(f'jurnal-{tahun}', 0) + nomor[tahun]:06d}"
        sumber_id = str(k.sumber_id.obj.pk) if isinstance(k.sumber_id, Rek) else k.sumber_id
        rows.append((b.koperasi.pk, teks, k.tanggal, k.keterangan, k.sumber, sumber_id, kasir_id, waktu(k.tanggal)))
        semua_nomor.append(teks)
    kolom = ("koperasi", "nomor", "tanggal", "keterangan", "sumber", "sumber_id", "dibuat_oleh", "dibuat_pada")
    _sisipkan(Jurnal, kolom, rows)
    for tahun, n in nomor.items():
        terakhir = seri.get(f"jurnal-{tahun}", 0) + n
        Penomoran.objects.update_or_create(koperasi=b.koperasi, seri=f"jurnal-{tahun}", defaults={"terakhir": terakhir})
    pk = dict(Jurnal.objects.filter(koperasi=b.koperasi).values_list("nomor", "pk"))
    return [pk[n] for n in semua_nomor]


def _tulis_baris(b: Buku, kejadian: list[Kejadian], jurnal: list[int], kasir_id: int | None, waktu: Waktu) -> None:
    akun = dict(Akun.objects.filter(koperasi=b.koperasi).values_list("kode", "pk"))
    baris, mutasi = [], []
    saldo: dict[tuple[int, int, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    kop = b.koperasi.pk
    for k, j in zip(kejadian, jurnal, strict=True):
        for kode, sisi, jumlah, anggota_id, ket in k.baris:
            baris.append((j, akun[kode], sisi, jumlah, anggota_id, ket))
            per_bulan = saldo[(akun[kode], k.tanggal.year, k.tanggal.month)]
            per_bulan[0 if sisi == D else 1] += jumlah
            if anggota_id is not None:  # the members' part (ledger.models.SaldoBulanan)
                per_bulan[2 if sisi == D else 3] += jumlah
        for g in k.gerak:
            g_row = (kop, g.rek.obj.pk, k.tanggal, g.jenis, g.jumlah, g.saldo_setelah, g.keterangan, j)
            mutasi.append((*g_row, kasir_id, waktu(k.tanggal)))
    _sisipkan(BarisJurnal, ("jurnal", "akun", "sisi", "jumlah", "anggota", "keterangan"), baris)
    kolom = ("koperasi", "rekening", "tanggal", "jenis", "jumlah", "saldo_setelah", "keterangan", "jurnal")
    _sisipkan(MutasiSimpanan, (*kolom, "dibuat_oleh", "dibuat_pada"), mutasi)
    _tulis_saldo_bulanan(b.koperasi, saldo)


def _tulis_saldo_bulanan(koperasi: Koperasi, saldo: dict[tuple[int, int, int], list[Decimal]]) -> None:
    """Add the lines to the maintained month balances (rows a posting made already are kept)."""
    ada = {(s.akun_id, s.tahun, s.bulan): s for s in SaldoBulanan.objects.filter(koperasi=koperasi)}
    ubah, baru = [], []
    kolom = ("debit", "kredit", "debit_anggota", "kredit_anggota")
    for (akun_id, tahun, bulan), jumlah in saldo.items():
        s = ada.get((akun_id, tahun, bulan))
        if s is None:
            nilai = dict(zip(kolom, jumlah, strict=True))
            baru.append(SaldoBulanan(koperasi=koperasi, akun_id=akun_id, tahun=tahun, bulan=bulan, **nilai))
        else:
            for nama, tambah in zip(kolom, jumlah, strict=True):
                setattr(s, nama, getattr(s, nama) + tambah)
            ubah.append(s)
    SaldoBulanan.objects.bulk_create(baru, batch_size=BATCH)
    SaldoBulanan.objects.bulk_update(ubah, list(kolom), batch_size=BATCH)


def _tulis_tagihan(b: Buku) -> None:
    kolom = ("koperasi", "rekening", "tahun", "bulan", "jatuh_tempo", "jumlah", "terbayar")
    rows = [(b.koperasi.pk, t.rekening.pk, t.tahun, t.bulan, t.jatuh_tempo, t.jumlah, t.terbayar) for t in b.tagihan]
    _sisipkan(TagihanWajib, kolom, rows)


def _tulis(b: Buku) -> None:
    kasir = _kasir(b.koperasi)
    kasir_id, waktu = (kasir.pk if kasir else None), Waktu()
    _tulis_rekening(b)
    kejadian = sorted(b.kejadian, key=lambda k: (k.tanggal, k.urut))
    jurnal = _tulis_jurnal(b, kejadian, kasir_id, waktu)
    _tulis_baris(b, kejadian, jurnal, kasir_id, waktu)
    _tulis_tagihan(b)
    for awalan, terakhir in b.nomor.items():
        if terakhir:
            Penomoran.objects.update_or_create(
                koperasi=b.koperasi, seri=f"rekening-{awalan}", defaults={"terakhir": terakhir}
            )


def demo_simpanan(*, koperasi: Koperasi, hari_ini: dt.date, seed: int) -> int:
    """Write the savings history of a digital koperasi whose members were just loaded and
    who have no savings accounts yet; returns the number of movements written."""
    if RekeningSimpanan.objects.filter(koperasi=koperasi).exists():
        return 0
    b = Buku(koperasi, hari_ini, random.Random(f"{seed}-simpanan-{koperasi.kode}"))  # noqa: S311 - demo data
    anggota = (
        Anggota.objects.filter(koperasi=koperasi, status__in=[StatusAnggota.AKTIF, StatusAnggota.KELUAR])
        .exclude(tanggal_masuk__isnull=True)
        .order_by("tanggal_masuk", "id")
    )
    for a in anggota:
        a.koperasi = koperasi
        riwayat_anggota(b, a)
    with transaction.atomic():
        _tulis(b)
    return sum(len(k.gerak) for k in b.kejadian)
