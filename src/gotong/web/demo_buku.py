"""The demo koperasi's running costs, fixed assets and closed book years.

After the savings history and the loan book, a koperasi also pays its staff, its electricity and
its stationery, owns a computer and a motorbike that depreciate, closes its months as the
bendahara would, and closes each finished book year — so the statements, the SHU and the RAT
package have real figures to show. Every entry goes through the posting service.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from gotong.core.money import ZERO, round_rupiah
from gotong.ledger import chart
from gotong.ledger.models import Akun, Periode, SaldoBulanan, SumberJurnal, TipeAkun
from gotong.ledger.posting import JurnalBuilder, akun
from gotong.ledger.services import akun_tambah, periode_tutup
from gotong.reports.models import TahunBuku
from gotong.reports.penutupan import tahun_buku_tutup
from gotong.tenancy.models import Koperasi

# Running costs as sub-accounts of 5.10 Beban operasional, with their share of the month's costs.
BEBAN = (
    ("5.10.01", "Gaji dan honor pengelola", Decimal("0.58")),
    ("5.10.02", "Listrik, air dan telepon", Decimal("0.08")),
    ("5.10.03", "Alat tulis dan cetak", Decimal("0.06")),
    ("5.10.04", "Transportasi petugas lapangan", Decimal("0.10")),
    ("5.10.05", "Rapat pengurus dan RAT", Decimal("0.08")),
    ("5.10.06", "Pemeliharaan kantor", Decimal("0.10")),
)
# Costs run at about this share of the month's income (a lean KSP; the rest is SHU), with a
# floor so that a quiet month still pays its staff.
RASIO_BEBAN = (500, 640)  # per mille
BEBAN_MINIMUM = Decimal("400000")
# A koperasi's fixed assets follow its size: full price at Rp300 juta of income over the
# demo's history, a fifth for the small ones.
PENDAPATAN_PENUH = Decimal("300000000")
# Fixed assets: (months after the first posting month, name, cost, useful life in months).
ASET = (
    (0, "Komputer, printer dan UPS", Decimal("11750000"), 48),
    (1, "Lemari arsip dan brankas", Decimal("6400000"), 96),
    (17, "Sepeda motor petugas lapangan", Decimal("21500000"), 96),
)


@dataclass
class HasilBuku:
    beban: int = 0
    penyusutan: int = 0
    tahun_ditutup: int = 0
    bulan_ditutup: int = 0


def _bulan(koperasi: Koperasi, sampai: tuple[int, int]) -> list[tuple[int, int]]:
    rows = SaldoBulanan.objects.filter(koperasi=koperasi).values_list("tahun", "bulan").distinct()
    return sorted({(y, m) for y, m in rows if (y, m) < sampai})


def _pendapatan_bulan(koperasi: Koperasi) -> dict[tuple[int, int], Decimal]:
    rows = (
        SaldoBulanan.objects.filter(koperasi=koperasi, akun__tipe=TipeAkun.PENDAPATAN)
        .values("tahun", "bulan")
        .annotate(k=Sum("kredit"), d=Sum("debit"))
        .order_by()
    )
    return {(r["tahun"], r["bulan"]): (r["k"] or ZERO) - (r["d"] or ZERO) for r in rows}


def _akun_beban(koperasi: Koperasi, actor: object) -> dict[str, Akun]:
    induk = akun(koperasi, "5.10")
    ada = {a.kode: a for a in Akun.objects.filter(koperasi=koperasi, kode__startswith="5.10.")}
    for kode, nama, _bagian in BEBAN:
        if kode not in ada:
            ada[kode] = akun_tambah(induk=induk, kode=kode, nama=nama, saldo_normal=None, actor=actor)
    return ada


def _akhir_bulan(y: int, m: int) -> dt.date:
    nxt = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
    return nxt - dt.timedelta(days=1)


def _post_beban(koperasi: Koperasi, y: int, m: int, total: Decimal, akun_beban: dict[str, Akun], actor: object) -> None:
    kas = akun(koperasi, chart.KAS)
    builder = JurnalBuilder(
        koperasi=koperasi,
        tanggal=dt.date(y, m, 25),
        keterangan=f"Biaya operasional bulan {m:02d}/{y}",
        sumber=SumberJurnal.MANUAL,
        kunci=f"demo-beban-{y}-{m}",
        actor=actor,
    )
    dibayar = ZERO
    for kode, nama, bagian in BEBAN:
        jumlah = round_rupiah(total * bagian, 1000)
        if jumlah > ZERO:
            builder.debit(akun_beban[kode], jumlah, keterangan=nama)
            dibayar += jumlah
    builder.kredit(kas, dibayar, keterangan="Dibayar tunai")
    builder.post()


def _post_aset(koperasi: Koperasi, tanggal: dt.date, nama: str, harga: Decimal, actor: object) -> None:
    (
        JurnalBuilder(
            koperasi=koperasi,
            tanggal=tanggal,
            keterangan=f"Pembelian aset tetap: {nama}",
            sumber=SumberJurnal.MANUAL,
            kunci=f"demo-aset-{nama}",
            actor=actor,
        )
        .debit(akun(koperasi, "1.40"), harga, keterangan=nama)
        .kredit(akun(koperasi, chart.KAS), harga, keterangan=nama)
        .post()
    )


def _post_penyusutan(koperasi: Koperasi, y: int, m: int, jumlah: Decimal, actor: object) -> None:
    (
        JurnalBuilder(
            koperasi=koperasi,
            tanggal=_akhir_bulan(y, m),
            keterangan=f"Penyusutan aset tetap bulan {m:02d}/{y} (garis lurus)",
            sumber=SumberJurnal.MANUAL,
            kunci=f"demo-susut-{y}-{m}",
            actor=actor,
        )
        .debit(akun(koperasi, "5.30"), jumlah)
        .kredit(akun(koperasi, "1.40.99"), jumlah)
        .post()
    )


def _post_jasa_giro(koperasi: Koperasi, y: int, m: int, jumlah: Decimal, actor: object) -> None:
    """The bank's monthly interest on the koperasi's current account: income from a non-member."""
    (
        JurnalBuilder(
            koperasi=koperasi,
            tanggal=_akhir_bulan(y, m),
            keterangan=f"Jasa giro bank bulan {m:02d}/{y}",
            sumber=SumberJurnal.MANUAL,
            kunci=f"demo-giro-{y}-{m}",
            actor=actor,
        )
        .debit(akun(koperasi, chart.BANK), jumlah)
        .kredit(akun(koperasi, chart.PENDAPATAN_LAIN), jumlah, keterangan="Jasa giro")
        .post()
    )


def demo_beban(*, koperasi: Koperasi, hari_ini: dt.date, seed: int, actor: object) -> HasilBuku:
    """Costs, fixed assets and depreciation for every month with postings before this month."""
    hasil = HasilBuku()
    bulan = _bulan(koperasi, (hari_ini.year, hari_ini.month))
    if not bulan:
        return hasil
    rng = random.Random(f"{seed}-beban-{koperasi.kode}")  # noqa: S311 - demo data, not secrets
    pendapatan = _pendapatan_bulan(koperasi)
    with transaction.atomic():
        akun_beban = _akun_beban(koperasi, actor)
        beli = {i: (nama, harga, umur) for i, nama, harga, umur in ASET}
        dimiliki: list[tuple[Decimal, int, int]] = []  # (cost, life, month index bought)
        skala = min(Decimal(1), max(Decimal("0.2"), sum(pendapatan.values(), ZERO) / PENDAPATAN_PENUH))
        for i, (y, m) in enumerate(bulan):
            if i in beli:
                nama, harga, umur = beli[i]
                harga = round_rupiah(harga * skala, 1000)
                _post_aset(koperasi, dt.date(y, m, 10), nama, harga, actor)
                dimiliki.append((harga, umur, i))
            rasio = Decimal(rng.randint(*RASIO_BEBAN)) / 1000
            _post_beban(koperasi, y, m, max(BEBAN_MINIMUM, pendapatan.get((y, m), ZERO) * rasio), akun_beban, actor)
            hasil.beban += 1
            _post_jasa_giro(koperasi, y, m, round_rupiah(Decimal(rng.randint(60, 180)) * 1000 * skala, 100), actor)
            susut = sum((round_rupiah(h / u) for h, u, b in dimiliki if i - b < u), ZERO)
            if susut > ZERO:
                _post_penyusutan(koperasi, y, m, susut, actor)
                hasil.penyusutan += 1
    return hasil


def demo_tutup_tahun(*, koperasi: Koperasi, tahun: int, hari_ini: dt.date, actor: object) -> None:
    """Close a finished book year (closing entry into 3.99, its months closed)."""
    tahun_buku_tutup(koperasi=koperasi, tahun=tahun, actor=actor, today=hari_ini)


def _pada(tanggal: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(tanggal, dt.time(15, 0)))


def demo_waktu_tutup(*, koperasi: Koperasi) -> None:
    """Give the demo's closes the dates a bendahara would have closed them on (a month on the
    10th of the next month, a year on 20 February), not the moment the demo was loaded: the
    Dinas's digital-level history reads when the books were closed."""
    for per in Periode.objects.filter(koperasi=koperasi, ditutup=True):
        nxt = dt.date(per.tahun + 1, 1, 10) if per.bulan == 12 else dt.date(per.tahun, per.bulan + 1, 10)
        Periode.objects.filter(pk=per.pk).update(ditutup_pada=_pada(nxt))
    for tb in TahunBuku.objects.filter(koperasi=koperasi, ditutup=True):
        TahunBuku.objects.filter(pk=tb.pk).update(ditutup_pada=_pada(dt.date(tb.tahun + 1, 2, 20)))


def demo_tutup_bulan(*, koperasi: Koperasi, hari_ini: dt.date, actor: object) -> int:
    """Close this year's months before last month, as a bendahara who closes monthly would."""
    n = 0
    for m in range(1, hari_ini.month - 1):
        if not Periode.objects.filter(koperasi=koperasi, tahun=hari_ini.year, bulan=m, ditutup=True).exists():
            periode_tutup(koperasi=koperasi, tahun=hari_ini.year, bulan=m, actor=actor)
            n += 1
    return n
