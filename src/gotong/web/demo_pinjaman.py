"""Loan book for the demo koperasi: applications, decisions, disbursements and payments from
early 2024 to the demo's "today", all through the real loan services.

Unlike the savings history (bulk-written, see ``demo_simpanan``), every money event here goes
through ``loans.services`` and ``loans.pembayaran`` — one balanced entry per disbursement and
per payment, the schedule, the allocation denda → bunga → pokok, the receipts — so the loan
pages show exactly what the counter would have produced. Cash goes through the kasir's drawer:
the history is played day by day in date order; on each day with cash the kasir opens the
drawer with a float that covers the day's disbursements and closes it with the exact count.

Most members pay on the due date; some pay late (partly, with denda); some stopped paying
(months ago: in arrears; more than 270 days ago: macet); a few pay off early. A few
applications still wait for a decision (entered by one officer, to be decided by another),
some are approved and wait for the money, one was rejected. Everything comes from one
seeded ``random.Random`` and a fixed "today", so a fresh database always gets the same book.
"""

import datetime as dt
import heapq
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gotong.accounts.models import User
from gotong.core.money import ZERO
from gotong.loans import pembayaran, restrukturisasi, services
from gotong.loans.models import Angsuran, CaraBayar, JenisJaminan, Pinjaman, ProdukPinjaman, StatusPinjaman
from gotong.loans.month_end import akhir_bulan_pinjaman_jalankan
from gotong.members.models import Anggota, StatusAnggota
from gotong.savings.laci import laci_buka, laci_tutup
from gotong.savings.models import Kwitansi, SesiKas
from gotong.tenancy.models import Koperasi, NamaPeran, Peran

AWAL = dt.date(2024, 1, 8)  # the first disbursement on Gotong
MODAL_LACI = Decimal("2000000")  # the drawer's usual float

# (product code, weight, amounts in Rp100.000 steps (min, max), tenors)
PRODUK = (
    ("umum", 42, (10, 150), (6, 10, 12, 12, 18, 24)),
    ("usaha", 24, (30, 400), (12, 18, 24, 24, 36)),
    ("anuitas", 22, (20, 250), (12, 24, 24, 36)),
    ("mingguan", 12, (5, 50), (10, 12, 15, 20)),
)
# The koperasi pays out loans on fixed days of the month (so installments fall due on them)
# and weekly market loans on Mondays: the counter handles loans on fewer days.
HARI_CAIR = (3, 5, 8, 12, 15, 18, 22, 25)
SENIN = 0
TUJUAN = {
    "umum": (
        "Biaya sekolah anak",
        "Renovasi rumah",
        "Biaya persalinan",
        "Membeli motor bekas untuk kerja",
        "Biaya berobat orang tua",
        "Tambahan modal warung",
    ),
    "usaha": (
        "Modal usaha warung sembako",
        "Membeli mesin jahit",
        "Tambah stok dagangan",
        "Membeli bibit dan pupuk musim tanam",
        "Modal usaha katering",
        "Membeli gerobak dan peralatan dagang",
        "Perluasan kandang kambing",
    ),
    "anuitas": (
        "Membeli motor",
        "Renovasi dapur",
        "Membeli laptop untuk anak kuliah",
        "Biaya pernikahan anak",
        "Membeli kulkas dan perabot",
    ),
    "mingguan": ("Modal dagang di pasar", "Stok sayur dan bumbu", "Modal gorengan", "Stok pakaian untuk dijual"),
}
HUBUNGAN = ("Suami", "Istri", "Saudara kandung", "Orang tua", "Anak")
# behaviour weights: on time, late (partial payments, denda), in arrears lately, macet, paid off early
PERILAKU = {"tepat": 65, "telat": 15, "nunggak": 6, "macet": 7, "lunas_cepat": 7}


@dataclass
class Rencana:
    """One planned loan: who, what, when and how the member pays."""

    anggota: Anggota
    produk: ProdukPinjaman
    pokok: Decimal
    tenor: int
    diajukan: dt.date
    tahap: str  # cair, diajukan, disetujui, ditolak
    perilaku: str
    pembuat: User
    pemutus: User
    peran_pemutus: str
    petugas: User | None
    jaminan: list[services.DataJaminan]
    penjamin: tuple[str, str, str] | None
    tujuan: str
    penghasilan: Decimal
    cair: dt.date | None = None
    henti: int = 0  # installments paid before stopping / paying off
    pinjaman: Pinjaman | None = None
    total_jadwal: Decimal = ZERO
    dibayar: Decimal = ZERO
    selesai: bool = False  # paid off
    versi: int = 1  # the schedule version being paid


@dataclass(order=True)
class Kejadian:
    tanggal: dt.date
    urut: int
    jenis: str = field(compare=False)  # cair, bayar, lunas
    rencana: Rencana = field(compare=False)
    jumlah: Decimal = field(compare=False, default=ZERO)
    cara: str = field(compare=False, default=CaraBayar.LOKET)
    versi: int = field(compare=False, default=1)  # the schedule version a payment was planned on


@dataclass
class Staf:
    kasir: User
    pembuat: list[User]  # who enters applications
    pemutus: list[tuple[User, str, Decimal | None]]  # who decides, their role and limit
    petugas: list[User]
    peran: dict[str, User]  # the first user of each role


def _staf(koperasi: Koperasi) -> Staf | None:
    peran: dict[str, User] = {}
    for r in Peran.objects.filter(koperasi=koperasi, aktif=True).select_related("user").order_by("id"):
        peran.setdefault(r.peran, r.user)
    kasir = peran.get(NamaPeran.KASIR) or peran.get(NamaPeran.BENDAHARA) or peran.get(NamaPeran.KETUA)
    ketua = peran.get(NamaPeran.KETUA)
    if kasir is None or ketua is None:
        return None
    batas = services.pengaturan(koperasi).batas_persetujuan or {}
    pemutus: list[tuple[User, str, Decimal | None]] = []
    for nama in (NamaPeran.KETUA, NamaPeran.MANAJER, NamaPeran.BENDAHARA):
        if nama in peran and nama in batas:
            pemutus.append((peran[nama], nama, None if batas[nama] is None else Decimal(str(batas[nama]))))
    pembuat = [peran[n] for n in (NamaPeran.PETUGAS_LAPANGAN, NamaPeran.MANAJER, NamaPeran.SEKRETARIS) if n in peran]
    petugas = [r.user for r in Peran.objects.filter(koperasi=koperasi, aktif=True, peran=NamaPeran.PETUGAS_LAPANGAN)]
    return Staf(kasir, pembuat or [kasir], pemutus, petugas, peran)


def _bulat(rng: random.Random, lo: int, hi: int, langkah: int = 100000) -> Decimal:
    return Decimal(rng.randint(lo, hi) * langkah)


def _tanggal(rng: random.Random, awal: dt.date, akhir: dt.date) -> dt.date:
    return awal + dt.timedelta(days=rng.randint(0, max(0, (akhir - awal).days)))


class Pembuat:
    def __init__(self, koperasi: Koperasi, hari_ini: dt.date, rng: random.Random, staf: Staf) -> None:
        self.koperasi, self.hari_ini, self.rng, self.staf = koperasi, hari_ini, rng, staf
        self.produk = {p.kode: p for p in services.produk_default_siapkan(koperasi=koperasi)}
        self.nama_lain = list(
            Anggota.objects.filter(koperasi=koperasi).order_by("id").values_list("nama", flat=True)[:400]
        )

    def _pemutus(self, pokok: Decimal, pembuat: User) -> tuple[User, str]:
        boleh = [
            (u, n) for u, n, batas in self.staf.pemutus if u.pk != pembuat.pk and (batas is None or pokok <= batas)
        ]
        # the ketua decides the big ones; smaller ones often the manajer or bendahara
        return boleh[0] if self.rng.random() < 0.5 else self.rng.choice(boleh)

    def rencana(self, anggota: Anggota, tahap: str, diajukan: dt.date, kode: str | None = None) -> Rencana:
        rng = self.rng
        kode = kode or rng.choices([p[0] for p in PRODUK], weights=[p[1] for p in PRODUK])[0]
        _, _, (lo, hi), tenor_pilihan = next(p for p in PRODUK if p[0] == kode)
        produk = self.produk[kode]
        pokok = _bulat(rng, lo, hi)
        tenor = rng.choice(tenor_pilihan)
        pembuat = rng.choice(self.staf.pembuat)
        pemutus, peran = self._pemutus(pokok, pembuat)
        petugas = None
        if self.staf.petugas and (kode == "mingguan" or rng.random() < 0.3):
            petugas = rng.choice(self.staf.petugas)
        jaminan = []
        if pokok > produk.jaminan_di_atas or rng.random() < 0.15:
            jenis = rng.choice((JenisJaminan.BPKB, JenisJaminan.BPKB, JenisJaminan.SERTIFIKAT, JenisJaminan.EMAS))
            uraian = {
                JenisJaminan.BPKB: f"BPKB sepeda motor {rng.choice(('Honda Beat', 'Yamaha Mio', 'Honda Vario'))} "
                f"{rng.randint(2012, 2023)}, A {rng.randint(1000, 9999)} {rng.choice(('BC', 'TA', 'SL', 'XY'))}",
                JenisJaminan.SERTIFIKAT: f"SHM No. {rng.randint(100, 4000)}, tanah dan rumah {rng.randint(60, 300)} m²",
                JenisJaminan.EMAS: f"Emas perhiasan {rng.randint(5, 40)} gram",
            }[jenis]
            nilai = max(pokok * Decimal(rng.choice(("1.5", "2", "3"))), Decimal("5000000"))
            jaminan.append(services.DataJaminan(jenis, uraian, nilai))
        penjamin = None
        if jaminan or rng.random() < 0.3:
            nama = rng.choice(self.nama_lain) if self.nama_lain else "Penjamin"
            penjamin = (nama, rng.choice(HUBUNGAN), f"08{rng.randint(1000000000, 9999999999)}")
        perilaku = rng.choices(list(PERILAKU), weights=list(PERILAKU.values()))[0]
        penghasilan = _bulat(rng, 15, 120)
        return Rencana(
            anggota,
            produk,
            pokok,
            tenor,
            diajukan,
            tahap,
            perilaku,
            pembuat,
            pemutus,
            peran,
            petugas,
            jaminan,
            penjamin,
            rng.choice(TUJUAN[kode]),
            penghasilan,
        )


def _rencana_semua(b: Pembuat, jumlah: int, citra: Anggota | None) -> list[Rencana]:
    """The loans of one koperasi; members can borrow again after their loan ends."""
    rng, hari_ini = b.rng, b.hari_ini
    anggota = list(
        Anggota.objects.filter(koperasi=b.koperasi, status=StatusAnggota.AKTIF)
        .exclude(tanggal_masuk__isnull=True)
        .order_by("id")
    )
    if not anggota:
        return []
    akhir_cair = hari_ini.replace(day=1) - dt.timedelta(days=1)  # last month
    hasil: list[Rencana] = []
    for _ in range(jumlah):
        a = rng.choice(anggota)
        assert a.tanggal_masuk is not None
        awal = max(AWAL, a.tanggal_masuk + dt.timedelta(days=30))
        if awal > akhir_cair:
            continue
        kode = rng.choices([p[0] for p in PRODUK], weights=[p[1] for p in PRODUK])[0]
        cair = _hari_cair(_tanggal(rng, awal, akhir_cair), mingguan=kode == "mingguan")
        if cair > akhir_cair:
            continue
        r = b.rencana(a, "cair", cair - dt.timedelta(days=rng.randint(2, 10)), kode=kode)
        r.cair = cair
        hasil.append(r)
    if citra is not None:  # Citra's running loan: a year, on time, about half paid
        r = b.rencana(citra, "cair", dt.date(hari_ini.year, 5, 4), kode="umum")
        r.pokok, r.tenor, r.cair, r.perilaku = Decimal("6000000"), 12, dt.date(hari_ini.year, 5, 8), "tepat"
        r.tujuan, r.jaminan = "Biaya sekolah anak", []
        hasil.append(r)
    # the queue: waiting for a decision, approved and waiting for the money, one rejected
    tunggu = max(2, jumlah // 40)
    for i, tahap in enumerate(["diajukan"] * tunggu + ["disetujui"] * max(1, tunggu // 2) + ["ditolak"]):
        a = anggota[(i * 37) % len(anggota)]
        hasil.append(b.rencana(a, tahap, hari_ini - dt.timedelta(days=rng.randint(0, 12))))
    return hasil


def _hari_cair(tanggal: dt.date, *, mingguan: bool) -> dt.date:
    """The next payout day on or after ``tanggal``: a Monday for weekly loans, else a fixed day."""
    if mingguan:
        return tanggal + dt.timedelta(days=(SENIN - tanggal.weekday()) % 7)
    while tanggal.day not in HARI_CAIR:
        tanggal += dt.timedelta(days=1)
    return tanggal


def _telat(jatuh: dt.date, hari: int, mingguan: bool) -> dt.date:
    """A late payment ``hari`` days after the due date, on a day the counter handles loans."""
    return _hari_cair(jatuh + dt.timedelta(days=hari), mingguan=mingguan)


def _aware(tanggal: dt.date, jam: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(tanggal, dt.time(jam, tanggal.toordinal() * 7 % 60)))


def _ajukan(r: Rencana) -> Pinjaman:
    penjamin = r.penjamin or ("", "", "")
    p = services.pengajuan_buat(
        koperasi=r.anggota.koperasi,
        anggota=r.anggota,
        produk=r.produk,
        pokok=r.pokok,
        tenor=r.tenor,
        tujuan=r.tujuan,
        penghasilan_bulanan=r.penghasilan,
        actor=r.pembuat,
        jaminan=r.jaminan,
        penjamin_nama=penjamin[0],
        penjamin_hubungan=penjamin[1],
        penjamin_telepon=penjamin[2],
        petugas=r.petugas,
    )
    Pinjaman.objects.filter(pk=p.pk).update(diajukan_pada=_aware(r.diajukan, 10))  # auto_now_add: set after
    return p


def _putuskan(r: Rencana, p: Pinjaman, pada: dt.date) -> Pinjaman:
    roles = frozenset({r.peran_pemutus})
    if r.tahap == "ditolak":
        p = services.pinjaman_tolak(
            pinjaman=p,
            actor=r.pemutus,
            roles=roles,
            alasan="Angsuran melebihi 40% penghasilan; ajukan jumlah yang lebih kecil atau jangka lebih panjang.",
        )
        Pinjaman.objects.filter(pk=p.pk).update(diputus_pada=_aware(pada, 14))
        return p
    catatan = "Disetujui; usaha berjalan dan angsuran sesuai kemampuan."
    return services.pinjaman_setujui(pinjaman=p, actor=r.pemutus, roles=roles, catatan=catatan, pada=_aware(pada, 14))


def _jadwal(r: Rencana) -> list[tuple[dt.date, Decimal]]:
    assert r.cair is not None
    jadwal = services.simulasi(produk=r.produk, pokok=r.pokok, tenor=r.tenor, mulai=r.cair)
    return [(b.jatuh_tempo, b.angsuran) for b in jadwal.baris if b.jatuh_tempo is not None]


def _rencana_bayar(r: Rencana, rng: random.Random, hari_ini: dt.date, urut: Callable[[], int]) -> list[Kejadian]:
    """The payments of one disbursed loan, from its behaviour."""
    jadwal = _jadwal(r)
    r.total_jadwal = sum((t for _, t in jadwal), ZERO)
    cara = CaraBayar.PETUGAS if r.petugas is not None else CaraBayar.LOKET
    mingguan = r.produk.kode == "mingguan"
    n = len(jadwal)
    if r.perilaku == "macet":  # stopped more than 270 days ago
        batas = hari_ini - dt.timedelta(days=rng.randint(300, 420))
        r.henti = sum(1 for d, _ in jadwal if d <= batas) - rng.randint(0, 1)
        if r.henti < 1 or r.henti >= n:
            r.perilaku = "tepat"
    elif r.perilaku == "nunggak":  # stopped 1–8 months ago
        batas = hari_ini - dt.timedelta(days=rng.randint(35, 240))
        r.henti = sum(1 for d, _ in jadwal if d <= batas)
        if r.henti < 1 or r.henti >= n:
            r.perilaku = "telat"
    elif r.perilaku == "lunas_cepat":
        r.henti = rng.randint(1, max(1, n * 2 // 3))
        if jadwal[r.henti - 1][0] + dt.timedelta(days=12) > hari_ini:
            r.perilaku = "tepat"
    hasil: list[Kejadian] = []
    for i, (jatuh, total) in enumerate(jadwal, start=1):
        if r.perilaku in ("macet", "nunggak", "lunas_cepat") and i > r.henti:
            break
        if r.perilaku == "telat" and rng.random() < 0.45:
            tanggal = _telat(jatuh, rng.randint(3, 40), mingguan)
            jumlah = total if rng.random() < 0.6 else (total * Decimal("0.6")).quantize(Decimal("1000"))
        else:
            tanggal, jumlah = jatuh, total
        if tanggal > hari_ini:
            break
        hasil.append(Kejadian(tanggal, urut(), "bayar", r, jumlah, cara))
    if r.perilaku == "lunas_cepat":
        hasil.append(Kejadian(_telat(jadwal[r.henti - 1][0], rng.randint(3, 12), mingguan), urut(), "lunas", r))
    elif r.perilaku == "telat" and jadwal[-1][0] + dt.timedelta(days=50) <= hari_ini:
        # catches up at the end: settles what is left, penalties included
        hasil.append(Kejadian(_telat(jadwal[-1][0], rng.randint(15, 40), mingguan), urut(), "lunas", r))
    return hasil


class Loket:
    """The kasir's drawer for the day being played: opened with a float that covers the day's
    payouts, closed with the exact count (the cash that came in and went out is known here, so
    the close posts no difference). The drawer and its receipts get the day's clock times."""

    def __init__(self, koperasi: Koperasi, kasir: User) -> None:
        self.koperasi, self.kasir = koperasi, kasir
        self.sesi: SesiKas | None = None
        self.kas = ZERO

    def buka(self, tanggal: dt.date, keluar: Decimal) -> None:
        modal = MODAL_LACI + keluar
        self.sesi = laci_buka(koperasi=self.koperasi, kasir=self.kasir, saldo_awal=modal, tanggal=tanggal)
        self.kas = modal

    def tutup(self) -> None:
        sesi = self.sesi
        if sesi is None:
            return
        laci_tutup(sesi=sesi, actor=self.kasir, uang_dihitung=self.kas)
        Kwitansi.objects.filter(koperasi=self.koperasi, kasir=self.kasir, waktu__gte=sesi.dibuka_pada).update(
            waktu=_aware(sesi.tanggal, 10)
        )
        SesiKas.objects.filter(pk=sesi.pk).update(
            dibuka_pada=_aware(sesi.tanggal, 8), ditutup_pada=_aware(sesi.tanggal, 15)
        )
        self.sesi = None


ALASAN_HAPUS_BUKU = "Macet lebih dari 270 hari; anggota pindah tanpa kabar, penagihan dan kunjungan tidak berhasil."
ALASAN_RESTRUKTURISASI = "Usaha anggota sepi; angsuran diringankan dengan jangka lebih panjang (rapat pengurus)."


def _kemalangan(
    rencana: list[Rencana], rng: random.Random, hari_ini: dt.date, urut: Callable[[], int]
) -> list[Kejadian]:
    """Write-offs of the two oldest macet loans (the first recovers part later; the other
    macet loans stay on the books) and the rescheduling of two loans in arrears."""
    hasil: list[Kejadian] = []
    macet = [r for r in rencana if r.perilaku == "macet" and r.anggota.user_id is None][:2]
    for i, r in enumerate(macet):
        tanggal = _hari_cair(hari_ini - dt.timedelta(days=rng.randint(45, 90)), mingguan=False)
        hasil.append(Kejadian(tanggal, urut(), "hapus_buku", r))
        if i == 0:
            pulih = _hari_cair(tanggal + dt.timedelta(days=rng.randint(14, 30)), mingguan=False)
            hasil.append(Kejadian(min(pulih, hari_ini), urut(), "pulih", r))
    # two loans in arrears (or paying late) get a longer schedule
    dijadwal = 0
    for perilaku in ("nunggak", "telat"):
        for r in (r for r in rencana if r.perilaku == perilaku and r.produk.kode != "mingguan" and r.cair):
            jadwal = _jadwal(r)
            ke = r.henti if perilaku == "nunggak" else len(jadwal) // 2
            if dijadwal == 2 or ke < 2 or ke + 2 >= len(jadwal):
                continue
            tanggal = _hari_cair(jadwal[ke - 1][0] + dt.timedelta(days=rng.randint(25, 60)), mingguan=False)
            if tanggal <= hari_ini - dt.timedelta(days=40):
                r.henti = ke
                hasil.append(Kejadian(tanggal, urut(), "restrukturisasi", r))
                dijadwal += 1
    return hasil


class Main:
    """Plays the events of one koperasi's loan book, day by day."""

    def __init__(self, staf: Staf, loket: Loket, antrean: list[Kejadian], urut: Callable[[], int]) -> None:
        self.staf, self.loket, self.antrean, self.urut = staf, loket, antrean, urut
        peran = staf.peran
        self.ketua = peran[NamaPeran.KETUA]
        self.pengusul = peran.get(NamaPeran.MANAJER) or peran.get(NamaPeran.SEKRETARIS) or staf.pembuat[0]
        self.loket_hari_ini = dt.date.max

    def jalankan(self, k: Kejadian) -> bool:
        """Play one event; False if there was nothing left to do."""
        r, kasir, loket = k.rencana, self.loket.kasir, self.loket
        p = r.pinjaman
        assert p is not None
        kunci = f"demo-{k.jenis}-{p.pk}-{k.urut}"
        if k.jenis == "cair":
            cair = services.pinjaman_cairkan(
                pinjaman=p, tanggal=k.tanggal, cara="tunai", actor=kasir, kunci=f"demo-cair-{p.pk}"
            )
            loket.kas -= cair.diterima - (ZERO if p.biaya_dipotong else p.total_biaya)
            return True
        if k.jenis == "hapus_buku":
            return self._hapus_buku(r, p, k.tanggal, kunci)
        if k.jenis == "pulih":
            p.refresh_from_db()
            jumlah = (p.sisa_hapus_buku * Decimal("0.3")).quantize(Decimal("10000"))
            if p.status != StatusPinjaman.HAPUS_BUKU or jumlah <= ZERO:
                return False
            restrukturisasi.pemulihan_bayar(pinjaman=p, jumlah=jumlah, tanggal=k.tanggal, actor=kasir, kunci=kunci)
            loket.kas += jumlah
            return True
        if k.jenis == "restrukturisasi":
            return self._restrukturisasi(r, p, k.tanggal)
        if r.selesai or k.versi != r.versi:  # paid off, or planned on a schedule since replaced
            return False
        if k.jenis == "lunas":
            try:
                quote = pembayaran.pelunasan_hitung(pinjaman=p, tanggal=k.tanggal)
            except ValidationError:  # paid off by its last installment already
                r.selesai = True
                return False
            pembayaran.pelunasan_bayar(
                pinjaman=p, jumlah=quote.total, tanggal=k.tanggal, cara=CaraBayar.LOKET, actor=kasir, kunci=kunci
            )
            loket.kas += quote.total
            r.selesai = True
            return True
        # never more than is left: what is scheduled minus what was paid is at most what is owed
        jumlah = min(k.jumlah, r.total_jadwal - r.dibayar)
        if jumlah <= ZERO:
            return False
        hasil = pembayaran.angsuran_bayar(
            pinjaman=p, jumlah=jumlah, tanggal=k.tanggal, cara=k.cara, actor=kasir, kunci=kunci
        )
        r.dibayar += jumlah
        loket.kas += jumlah
        r.selesai = hasil.pembayaran.pinjaman.status != StatusPinjaman.AKTIF
        return True

    def _hapus_buku(self, r: Rencana, p: Pinjaman, tanggal: dt.date, kunci: str) -> bool:
        if r.selesai:
            return False
        p = restrukturisasi.hapus_buku_usulkan(pinjaman=p, actor=self.pengusul, alasan=ALASAN_HAPUS_BUKU)
        restrukturisasi.hapus_buku_setujui(
            pinjaman=p, actor=self.ketua, roles=frozenset({NamaPeran.KETUA}), tanggal=tanggal, kunci=kunci
        )
        r.selesai = True
        return True

    def _restrukturisasi(self, r: Rencana, p: Pinjaman, tanggal: dt.date) -> bool:
        """A new schedule for what is left (a longer tenor); the member pays it on time after."""
        if r.selesai:
            return False
        sisa = r.tenor - r.henti
        tenor = min(r.produk.tenor_maks, sisa + 6)
        peran = NamaPeran.MANAJER if NamaPeran.MANAJER in self.staf.peran else NamaPeran.KETUA
        hasil = restrukturisasi.restrukturisasi_buat(
            pinjaman=p,
            tenor_baru=tenor,
            tanggal=tanggal,
            actor=self.staf.peran[peran],
            roles=frozenset({peran}),
            alasan=ALASAN_RESTRUKTURISASI,
        )
        baru = list(Angsuran.objects.filter(pk__in=[a.pk for a in hasil.angsuran]).order_by("ke"))
        r.dibayar, r.total_jadwal, r.perilaku = ZERO, sum((a.sisa for a in baru), ZERO), "tepat"
        r.versi += 1  # what was planned on the old schedule is dropped; the new one is paid on time
        for a in baru:
            if a.jatuh_tempo > self.loket_hari_ini:
                break
            k = Kejadian(a.jatuh_tempo, self.urut(), "bayar", r, a.sisa, CaraBayar.LOKET, r.versi)
            heapq.heappush(self.antrean, k)
        return True


@dataclass
class Hasil:
    pinjaman: int = 0
    pembayaran: int = 0
    laci: int = 0
    akhir_bulan: int = 0


def demo_pinjaman(
    *,
    koperasi: Koperasi,
    hari_ini: dt.date,
    seed: int,
    jumlah: int,
    citra: Anggota | None = None,
    utama: bool = False,
    akhir_bulan: bool = True,
) -> Hasil:
    """Write the loan book of a digital koperasi that has none yet (``jumlah`` loans paid out
    since 2024 plus a small queue of applications); ``utama``: the main demo koperasi, which
    also gets write-offs (one with a recovery) and rescheduled loans. ``akhir_bulan``: run the
    loan month-end (collectibility, PPAP, accrual) after each month's payments, from the
    first disbursement to last month, as the bendahara would have."""
    hasil = Hasil()
    if Pinjaman.objects.filter(koperasi=koperasi).exists():
        return hasil
    staf = _staf(koperasi)
    if staf is None:
        return hasil
    rng = random.Random(f"{seed}-pinjaman-{koperasi.kode}")  # noqa: S311 - demo data, not secrets
    b = Pembuat(koperasi, hari_ini, rng, staf)
    rencana = _rencana_semua(b, jumlah, citra)
    rencana.sort(key=lambda r: (r.diajukan, r.anggota.pk))
    hitung = iter(range(10**9))

    def urut() -> int:
        return next(hitung)

    kejadian: list[Kejadian] = []
    with transaction.atomic():
        for r in rencana:  # applications in date order, so the numbers follow the dates
            r.pinjaman = _ajukan(r)
            if r.tahap == "diajukan":
                continue
            putus = min(r.cair or hari_ini, r.diajukan + dt.timedelta(days=rng.randint(1, 3)))
            r.pinjaman = _putuskan(r, r.pinjaman, putus)
            if r.tahap == "cair":
                assert r.cair is not None
                kejadian.append(Kejadian(r.cair, urut(), "cair", r))
                kejadian += _rencana_bayar(r, rng, hari_ini, urut)
        hasil.pinjaman = len(rencana)
        if utama:
            kejadian += _kemalangan(rencana, rng, hari_ini, urut)
        heapq.heapify(kejadian)
        loket = Loket(koperasi, staf.kasir)
        main = Main(staf, loket, kejadian, urut)
        main.loket_hari_ini = hari_ini
        pelaksana = staf.peran.get(NamaPeran.BENDAHARA) or staf.peran[NamaPeran.KETUA]

        def tutup_bulan(y: int, m: int) -> None:
            if akhir_bulan:
                akhir_bulan_pinjaman_jalankan(koperasi=koperasi, tahun=y, bulan=m, actor=pelaksana)
                hasil.akhir_bulan += 1

        bulan_jalan: tuple[int, int] | None = None
        while kejadian:
            tanggal = kejadian[0].tanggal
            bulan = (tanggal.year, tanggal.month)
            if bulan_jalan is not None and bulan != bulan_jalan:
                for y, m in _bulan_antara(bulan_jalan, bulan):
                    tutup_bulan(y, m)
            bulan_jalan = bulan
            hari = []
            while kejadian and kejadian[0].tanggal == tanggal:
                hari.append(heapq.heappop(kejadian))
            keluar = sum((k.rencana.pokok for k in hari if k.jenis == "cair"), ZERO)
            loket.buka(tanggal, keluar)
            hasil.laci += 1
            for k in hari:
                if main.jalankan(k) and k.jenis in ("bayar", "lunas", "pulih"):
                    hasil.pembayaran += 1
            loket.tutup()
        if bulan_jalan is not None:
            for y, m in _bulan_antara(bulan_jalan, (hari_ini.year, hari_ini.month)):
                tutup_bulan(y, m)
    return hasil


def _bulan_antara(dari: tuple[int, int], sampai: tuple[int, int]) -> Sequence[tuple[int, int]]:
    """The months from ``dari`` up to, not including, ``sampai``."""
    hasil, (y, m) = [], dari
    while (y, m) < sampai:
        hasil.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return hasil
