"""Loan payments: daily late penalties (denda), the allocation denda → bunga → pokok oldest
installment first (DOMAIN.md, Loans), advances (titipan) from overpayments, automatic
debit from sukarela, and early payoff (pelunasan dipercepat).

Every payment locks the loan row, brings the penalties up to the payment date, allocates
the money over the due installments (and the advance the loan already holds), posts ONE
balanced entry and records the allocation — in one transaction, idempotent by the
caller's key. What is left after every due installment is paid is held as an advance
(2.13 Titipan angsuran) and used automatically when the next installments fall due.

Accounting: Dr Kas / 2.10 sukarela (what comes in) · Dr 2.13 (advance used) /
Cr 4.21 denda · Cr 1.21 accrued interest (up to what was accrued) and 4.10 the rest of
the interest · Cr 1.20 principal · Cr 2.13 (new advance). Denda is income when paid
(non-interest income; it is accrued on the schedule only as a memo).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gotong.core.formatting import rupiah
from gotong.core.formatting import tanggal as tgl
from gotong.core.money import ZERO, money, round_rupiah
from gotong.ledger import chart
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun_banyak
from gotong.loans.models import (
    Angsuran,
    BungaPelunasan,
    CaraBayar,
    JenisPembayaran,
    PembayaranPinjaman,
    Pinjaman,
    StatusPinjaman,
)
from gotong.savings.models import JenisMutasi, Kwitansi, RekeningSimpanan
from gotong.savings.services import (
    KUNCI_WAJIB,
    check_kunci,
    jumlah_sah,
    kwitansi_buat,
    mutasi_catat,
    rekening_kunci,
    rekening_sukarela,
    sesi_kas_terbuka,
    uang_laci_sah,
)

PINJAMAN_TIDAK_BERJALAN = _("Pinjaman {nomor} sudah {status}; tidak ada lagi yang bisa dibayar.")
ANGSURAN_SUDAH_DIBAYAR = _(
    "Angsuran ke-{ke} pinjaman {nomor} sudah dibayar (lunas {tanggal}); "
    "muat ulang halaman untuk melihat tagihan terbaru."
)
# A payment may be at most what settles the loan today (the payoff amount): more would leave
# an advance larger than anything the loan can still ask for once its later interest is waived.
MELEBIHI_KEWAJIBAN = _(
    "Pembayaran {jumlah} melebihi jumlah pelunasan hari ini {sisa}; bayar paling banyak {sisa}, "
    "atau lunasi pinjaman lewat Pelunasan."
)
PELUNASAN_BEDA = _("Jumlah pelunasan hari ini {jumlah}; tulis jumlah itu persis (sudah dikurangi titipan).")
SALDO_SUKARELA_KURANG = _("Saldo sukarela yang bisa dipakai {tersedia}, kurang dari {jumlah}.")
CARA_TIDAK_SAH = _("Pilih cara bayar: tunai di loket, petugas lapangan atau simpanan sukarela.")
PINJAMAN_LAIN_KOPERASI = _("Pinjaman ini bukan milik koperasi ini.")


# --- Penalties ---------------------------------------------------------------------------------


def denda_hitung(angsuran: list[Angsuran], p: Pinjaman, sampai: dt.date) -> list[Angsuran]:
    """Accrue the late penalty of each overdue installment up to ``sampai`` (in memory;
    returns the rows that changed). Denda per day = unpaid pokok+bunga × the loan's daily
    rate, at most the loan's cap (% of the installment), rounded to the rupiah."""
    changed = []
    rate, cap = p.denda_persen_harian / 100, p.denda_maks_persen / 100
    for a in angsuran:
        if a.lunas_pada is not None or a.jatuh_tempo >= sampai:
            continue
        dari = max(a.jatuh_tempo, a.denda_dihitung_sampai or a.jatuh_tempo)
        hari = (sampai - dari).days
        if hari <= 0:
            continue
        terutang = a.sisa_pokok + a.sisa_bunga
        batas = round_rupiah(a.total * cap)
        tambah = round_rupiah(terutang * rate * hari)
        baru = min(a.denda + tambah, batas) if terutang > ZERO else a.denda
        a.denda_dihitung_sampai = sampai
        if baru > a.denda:
            a.denda = baru
        changed.append(a)
    return changed


def _simpan_denda(rows: list[Angsuran]) -> None:
    if rows:
        Angsuran.objects.bulk_update(rows, ["denda", "denda_dihitung_sampai"])


# --- Allocation --------------------------------------------------------------------------------


@dataclass
class Bagian:
    angsuran: Angsuran
    denda: Decimal = ZERO
    bunga: Decimal = ZERO
    pokok: Decimal = ZERO


@dataclass
class Alokasi:
    bagian: list[Bagian] = field(default_factory=list)
    sisa: Decimal = ZERO  # held as advance

    @property
    def denda(self) -> Decimal:
        return sum((b.denda for b in self.bagian), ZERO)

    @property
    def bunga(self) -> Decimal:
        return sum((b.bunga for b in self.bagian), ZERO)

    @property
    def pokok(self) -> Decimal:
        return sum((b.pokok for b in self.bagian), ZERO)


def alokasikan(angsuran: list[Angsuran], dana: Decimal, tanggal: dt.date, *, semua: bool = False) -> Alokasi:
    """Spread ``dana`` over the installments due by ``tanggal`` (``semua``: every one), oldest
    first, each denda → bunga → pokok; the remainder is the advance. Updates the rows in memory."""
    hasil = Alokasi()
    for a in sorted(angsuran, key=lambda x: x.ke):
        if dana <= ZERO:
            break
        if a.lunas_pada is not None or (not semua and a.jatuh_tempo > tanggal):
            continue
        b = Bagian(a)
        b.denda = min(dana, a.sisa_denda)
        dana -= b.denda
        b.bunga = min(dana, a.sisa_bunga)
        dana -= b.bunga
        b.pokok = min(dana, a.sisa_pokok)
        dana -= b.pokok
        a.denda_dibayar += b.denda
        a.bunga_dibayar += b.bunga
        a.pokok_dibayar += b.pokok
        if a.sisa == ZERO:
            a.lunas_pada = tanggal
        if b.denda or b.bunga or b.pokok:
            hasil.bagian.append(b)
    hasil.sisa = dana
    return hasil


def _aktif(p: Pinjaman) -> list[Angsuran]:
    return list(Angsuran.objects.filter(pinjaman=p, aktif=True, versi=p.versi_jadwal).order_by("ke"))


def sisa_kewajiban(angsuran: list[Angsuran]) -> Decimal:
    """Everything still scheduled: principal, interest not waived, denda so far."""
    return sum((a.sisa for a in angsuran if a.lunas_pada is None), ZERO)


def _lock(pinjaman: Pinjaman) -> Pinjaman:
    return (
        Pinjaman.objects.select_for_update(of=("self",))
        .select_related("anggota", "koperasi")
        .get(pk=pinjaman.pk, koperasi_id=pinjaman.koperasi_id)
    )


def _sukarela_kunci(pinjaman: Pinjaman) -> RekeningSimpanan:
    """Lock the borrower's sukarela account BEFORE the loan row: a member's exit locks the
    savings accounts, then the loans (savings.penyelesaian); taking them the other way round
    deadlocks a payment from sukarela with the exit on PostgreSQL."""
    return rekening_kunci(rekening_sukarela(pinjaman.anggota))


def _sukarela_cukup(rekening: RekeningSimpanan, jumlah: Decimal) -> RekeningSimpanan:
    """The member's sukarela account (locked) if it can pay ``jumlah`` above its minimum."""
    tersedia = rekening.saldo - rekening.produk.saldo_minimum
    if jumlah > tersedia:
        raise ValidationError(
            {"jumlah": str(SALDO_SUKARELA_KURANG).format(tersedia=rupiah(max(tersedia, ZERO)), jumlah=rupiah(jumlah))}
        )
    return rekening


def _check_berjalan(p: Pinjaman) -> None:
    if p.status != StatusPinjaman.AKTIF:
        raise ValidationError(str(PINJAMAN_TIDAK_BERJALAN).format(nomor=p.nomor, status=p.get_status_display().lower()))


# --- Posting -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HasilBayar:
    pembayaran: PembayaranPinjaman
    kwitansi: Kwitansi | None


def jurnal_kunci(p: Pinjaman, kunci: str) -> Jurnal | None:
    """The entry already posted with ``kunci`` for this loan (a retried request), or None. A
    key that posted something else (another loan, another kind of entry) is refused: returning
    that entry would tell the teller this loan's action was done when nothing was posted."""
    jurnal = Jurnal.objects.filter(koperasi_id=p.koperasi_id, kunci=kunci).first()
    if jurnal is not None and (jurnal.sumber != SumberJurnal.PINJAMAN or jurnal.sumber_id != str(p.pk)):
        raise ValidationError(str(KUNCI_WAJIB))
    return jurnal


def _already(p: Pinjaman, kunci: str) -> HasilBayar | None:
    jurnal = jurnal_kunci(p, kunci)
    if jurnal is None:
        return None
    bayar = PembayaranPinjaman.objects.filter(jurnal=jurnal).first()
    if bayar is None:  # this loan's entry of another kind (its disbursement, its write-off)
        raise ValidationError(str(KUNCI_WAJIB))
    return HasilBayar(bayar, bayar.kwitansi)


def _posting(
    *,
    p: Pinjaman,
    angsuran: list[Angsuran],
    alokasi: Alokasi,
    masuk: Decimal,
    titipan_dipakai: Decimal,
    tanggal: dt.date,
    jenis: str,
    cara: str,
    actor: Any,
    kunci: str | None,
    uraian: str,
    dikembalikan: tuple[str, Decimal] | None = None,
) -> tuple[PembayaranPinjaman, Jurnal]:
    """Post the entry of an allocation and save the rows; ``masuk`` is the new money (Kas or
    sukarela, by ``cara``), ``titipan_dipakai`` the advance it used. ``dikembalikan``: (account
    code, amount) of an advance left over after a payoff, credited there (the member's, not
    the loan's: a closed loan holds no advance) instead of kept on 2.13."""
    koperasi = p.koperasi
    if dikembalikan is not None:
        alokasi.sisa -= dikembalikan[1]
    kas, sukarela, titipan, denda, akrual, jasa, piutang = akun_banyak(
        koperasi,
        chart.KAS,
        chart.SIMPANAN_SUKARELA,
        chart.TITIPAN_ANGSURAN,
        chart.DENDA,
        chart.PIUTANG_JASA_PINJAMAN,
        chart.JASA_PINJAMAN,
        chart.PIUTANG_PINJAMAN,
    )
    builder = JurnalBuilder(
        koperasi=koperasi,
        tanggal=tanggal,
        keterangan=uraian,
        sumber=SumberJurnal.PINJAMAN,
        sumber_id=str(p.pk),
        kunci=kunci,
        actor=actor,
    )
    if masuk > ZERO:
        if cara == CaraBayar.SUKARELA:
            builder.debit(sukarela, masuk, anggota=p.anggota, keterangan=f"Potong sukarela untuk {p.nomor}")
        else:
            builder.debit(kas, masuk)
    # the advance changes by what is newly held minus what was used: one line either way
    selisih_titipan = alokasi.sisa - titipan_dipakai
    if selisih_titipan < ZERO:
        builder.debit(titipan, -selisih_titipan, anggota=p.anggota, keterangan="Titipan angsuran dipakai")
    if alokasi.denda > ZERO:
        builder.kredit(denda, alokasi.denda, anggota=p.anggota, keterangan=f"Denda {p.nomor}")
    bunga_akrual = min(alokasi.bunga, p.bunga_akrual)
    if bunga_akrual > ZERO:
        builder.kredit(akrual, bunga_akrual, anggota=p.anggota, keterangan=f"Jasa {p.nomor} (akrual)")
    if alokasi.bunga - bunga_akrual > ZERO:
        builder.kredit(jasa, alokasi.bunga - bunga_akrual, anggota=p.anggota, keterangan=f"Jasa {p.nomor}")
    if alokasi.pokok > ZERO:
        builder.kredit(piutang, alokasi.pokok, anggota=p.anggota, keterangan=f"Pokok {p.nomor}")
    if selisih_titipan > ZERO:
        builder.kredit(titipan, selisih_titipan, anggota=p.anggota, keterangan="Titipan angsuran")
    if dikembalikan is not None and dikembalikan[1] > ZERO:
        kembali = akun_banyak(koperasi, dikembalikan[0])[0]
        builder.kredit(kembali, dikembalikan[1], anggota=p.anggota, keterangan=f"Sisa titipan {p.nomor} dikembalikan")
    jurnal = builder.post()
    bayar = catat_pembayaran(
        p=p,
        angsuran=angsuran,
        alokasi=alokasi,
        jurnal=jurnal,
        jumlah=masuk + titipan_dipakai if jenis == JenisPembayaran.TITIPAN else masuk,
        titipan_dipakai=titipan_dipakai,
        tanggal=tanggal,
        jenis=jenis,
        cara=cara,
        actor=actor,
    )
    return bayar, jurnal


def catat_pembayaran(
    *,
    p: Pinjaman,
    angsuran: list[Angsuran],
    alokasi: Alokasi,
    jurnal: Jurnal,
    jumlah: Decimal,
    titipan_dipakai: Decimal,
    tanggal: dt.date,
    jenis: str,
    cara: str,
    actor: Any,
) -> PembayaranPinjaman:
    """Apply a posted allocation to the locked loan and its rows, and record the payment (the
    entry was posted by the caller: here, or the exit settlement that offsets the savings)."""
    bunga_akrual = min(alokasi.bunga, p.bunga_akrual)
    selisih_titipan = alokasi.sisa - titipan_dipakai
    p.sisa_pokok -= alokasi.pokok
    p.bunga_akrual -= bunga_akrual
    p.titipan += selisih_titipan
    fields = ["sisa_pokok", "bunga_akrual", "titipan"]
    if p.sisa_pokok == ZERO and sisa_kewajiban(angsuran) == ZERO:
        p.status, p.tanggal_lunas = StatusPinjaman.LUNAS, tanggal
        fields += ["status", "tanggal_lunas"]
    p.save(update_fields=fields)
    Angsuran.objects.bulk_update(
        [b.angsuran for b in alokasi.bagian],
        ["denda_dibayar", "bunga_dibayar", "pokok_dibayar", "lunas_pada", "bunga_dibebaskan"],
    )
    return PembayaranPinjaman.objects.create(
        koperasi_id=p.koperasi_id,
        pinjaman=p,
        tanggal=tanggal,
        jenis=jenis,
        cara=cara,
        jumlah=jumlah,
        denda=alokasi.denda,
        bunga=alokasi.bunga,
        pokok=alokasi.pokok,
        titipan=selisih_titipan,
        sisa_pokok_setelah=p.sisa_pokok,
        jurnal=jurnal,
        dibuat_oleh=actor if actor is not None and getattr(actor, "pk", None) else None,
    )


def _kwitansi_dan_mutasi(
    *,
    p: Pinjaman,
    bayar: PembayaranPinjaman,
    jurnal: Jurnal,
    jumlah: Decimal,
    uraian: str,
    actor: Any,
    tanggal: dt.date,
    rekening: RekeningSimpanan | None,
    sesi: Any,
    keterangan: str,
) -> Kwitansi:
    """The receipt of money taken in for a loan, and the sukarela movement when it came from there."""
    kw = kwitansi_buat(
        koperasi=p.koperasi,
        anggota=p.anggota,
        jumlah=jumlah,
        uraian=uraian,
        kasir=actor,
        jurnal=jurnal,
        tanggal=tanggal,
    )
    bayar.kwitansi = kw
    bayar.save(update_fields=["kwitansi"])
    if rekening is not None:
        mutasi_catat(
            rekening=rekening,
            tanggal=tanggal,
            jenis=JenisMutasi.TARIK,
            jumlah=-jumlah,
            jurnal=jurnal,
            keterangan=keterangan,
            actor=actor,
            kwitansi=kw,
            sesi_kas=sesi,
        )
    return kw


def angsuran_bayar(
    *,
    pinjaman: Pinjaman,
    jumlah: object,
    tanggal: dt.date,
    cara: str,
    actor: Any,
    kunci: str,
    untuk_angsuran: int | None = None,
) -> HasilBayar:
    """A member pays: at the counter or to the field collector (cash, with a receipt, through
    the kasir's drawer) or from their sukarela. ``untuk_angsuran`` is the installment the
    teller saw as the next one due: if another counter paid it meanwhile, the payment is
    refused instead of silently paying the next one."""
    jumlah_bayar = jumlah_sah(jumlah)
    check_kunci(kunci)
    if cara not in (CaraBayar.LOKET, CaraBayar.PETUGAS, CaraBayar.SUKARELA):
        raise ValidationError({"cara": str(CARA_TIDAK_SAH)})
    with transaction.atomic():
        rekening = _sukarela_kunci(pinjaman) if cara == CaraBayar.SUKARELA else None
        p = _lock(pinjaman)
        done = _already(p, kunci)
        if done is not None:
            return done
        _check_berjalan(p)
        angsuran = _aktif(p)
        if untuk_angsuran is not None:
            target = next((a for a in angsuran if a.ke == untuk_angsuran), None)
            if target is not None and target.lunas_pada is not None:
                raise ValidationError(
                    str(ANGSURAN_SUDAH_DIBAYAR).format(ke=target.ke, nomor=p.nomor, tanggal=tgl(target.lunas_pada))
                )
        _simpan_denda(denda_hitung(angsuran, p, tanggal))
        sisa = pelunasan_dari_baris(p, angsuran, tanggal).total
        if jumlah_bayar > sisa:
            raise ValidationError(
                {"jumlah": str(MELEBIHI_KEWAJIBAN).format(jumlah=rupiah(jumlah_bayar), sisa=rupiah(sisa))}
            )
        sesi = None
        if rekening is not None:
            _sukarela_cukup(rekening, jumlah_bayar)
        else:
            sesi = sesi_kas_terbuka(koperasi=p.koperasi, kasir=actor, tanggal=tanggal)
        titipan_lama = p.titipan
        alokasi = alokasikan(angsuran, jumlah_bayar + titipan_lama, tanggal)
        uraian = f"Angsuran pinjaman {p.nomor} a.n. {p.anggota.nama}"
        bayar, jurnal = _posting(
            p=p,
            angsuran=angsuran,
            alokasi=alokasi,
            masuk=jumlah_bayar,
            titipan_dipakai=titipan_lama,
            tanggal=tanggal,
            jenis=JenisPembayaran.ANGSURAN,
            cara=cara,
            actor=actor,
            kunci=kunci,
            uraian=uraian,
        )
        kw = _kwitansi_dan_mutasi(
            p=p,
            bayar=bayar,
            jurnal=jurnal,
            jumlah=jumlah_bayar,
            uraian=uraian,
            actor=actor,
            tanggal=tanggal,
            rekening=rekening,
            sesi=sesi,
            keterangan=f"Angsuran pinjaman {p.nomor}",
        )
        return HasilBayar(bayar, kw)


def titipan_terapkan(*, pinjaman: Pinjaman, tanggal: dt.date, actor: Any = None) -> PembayaranPinjaman | None:
    """Use the loan's advance for the installments due by ``tanggal`` (daily job); once per
    loan and day (idempotency key)."""
    with transaction.atomic():
        p = _lock(pinjaman)
        if p.status != StatusPinjaman.AKTIF or p.titipan <= ZERO:
            return None
        kunci = f"titipan-{p.pk}-{tanggal.isoformat()}"
        done = _already(p, kunci)
        if done is not None:
            return done.pembayaran
        angsuran = _aktif(p)
        _simpan_denda(denda_hitung(angsuran, p, tanggal))
        titipan_lama = p.titipan
        alokasi = alokasikan(angsuran, titipan_lama, tanggal)
        if not alokasi.bagian:
            return None
        bayar, _jurnal = _posting(
            p=p,
            angsuran=angsuran,
            alokasi=alokasi,
            masuk=ZERO,
            titipan_dipakai=titipan_lama,
            tanggal=tanggal,
            jenis=JenisPembayaran.TITIPAN,
            cara=CaraBayar.TITIPAN,
            actor=actor,
            kunci=kunci,
            uraian=f"Titipan dipakai untuk angsuran {p.nomor} a.n. {p.anggota.nama}",
        )
        return bayar


def autodebet_jalankan(*, pinjaman: Pinjaman, tanggal: dt.date) -> PembayaranPinjaman | None:
    """Debit the member's sukarela for what is due by ``tanggal`` (member setting), as far as
    the balance above the product minimum allows; once per loan and day."""
    with transaction.atomic():
        try:
            rekening = _sukarela_kunci(pinjaman)
        except ValidationError:
            return None
        p = _lock(pinjaman)
        if p.status != StatusPinjaman.AKTIF or not p.autodebet:
            return None
        kunci = f"autodebet-{p.pk}-{tanggal.isoformat()}"
        done = _already(p, kunci)
        if done is not None:
            return done.pembayaran
        angsuran = _aktif(p)
        _simpan_denda(denda_hitung(angsuran, p, tanggal))
        jatuh = sum((a.sisa for a in angsuran if a.lunas_pada is None and a.jatuh_tempo <= tanggal), ZERO)
        jatuh -= p.titipan
        if jatuh <= ZERO:
            return None
        dipakai = min(jatuh, rekening.saldo - rekening.produk.saldo_minimum)
        if dipakai <= ZERO:
            return None
        titipan_lama = p.titipan
        alokasi = alokasikan(angsuran, dipakai + titipan_lama, tanggal)
        uraian = f"Potong otomatis sukarela untuk angsuran {p.nomor} a.n. {p.anggota.nama}"
        bayar, jurnal = _posting(
            p=p,
            angsuran=angsuran,
            alokasi=alokasi,
            masuk=dipakai,
            titipan_dipakai=titipan_lama,
            tanggal=tanggal,
            jenis=JenisPembayaran.AUTODEBET,
            cara=CaraBayar.SUKARELA,
            actor=None,
            kunci=kunci,
            uraian=uraian,
        )
        mutasi_catat(
            rekening=rekening,
            tanggal=tanggal,
            jenis=JenisMutasi.TARIK,
            jumlah=-dipakai,
            jurnal=jurnal,
            keterangan=f"Angsuran otomatis pinjaman {p.nomor}",
        )
        return bayar


# --- Early payoff ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pelunasan:
    """What settling the loan today costs."""

    sisa_pokok: Decimal
    bunga_tertunggak: Decimal  # interest of installments already due
    bunga_berjalan: Decimal  # interest charged for the current period by the product rule
    denda: Decimal
    titipan: Decimal
    bunga_dibebaskan: Decimal  # scheduled interest the member no longer pays

    @property
    def total(self) -> Decimal:
        return self.sisa_pokok + self.bunga_tertunggak + self.bunga_berjalan + self.denda - self.titipan


def _dibebaskan(p: Pinjaman, depan: list[Angsuran]) -> list[Decimal]:
    """Per installment not yet due, the interest an early payoff waives: the current period's
    interest stays (if the rule charges it), every later installment's interest is forgiven —
    except interest in arrears that a rescheduling carried into the row (already earned)."""
    waived = []
    for i, a in enumerate(depan):
        if p.bunga_pelunasan == BungaPelunasan.SELURUH or (
            p.bunga_pelunasan == BungaPelunasan.PERIODE_BERJALAN and i == 0
        ):
            waived.append(ZERO)
        else:
            dibawa = max(a.bunga_dibawa - a.bunga_dibayar, ZERO)
            waived.append(max(a.sisa_bunga - dibawa, ZERO))
    return waived


def pelunasan_dari_baris(p: Pinjaman, angsuran: list[Angsuran], tanggal: dt.date) -> Pelunasan:
    """The payoff of ``tanggal`` from schedule rows already read (penalties brought up to the
    day): the one rule behind the quotation, the payment cap and the member's pages."""
    terbuka = [a for a in angsuran if a.lunas_pada is None]
    jatuh = [a for a in terbuka if a.jatuh_tempo <= tanggal]
    depan = [a for a in terbuka if a.jatuh_tempo > tanggal]
    dibebaskan = sum(_dibebaskan(p, depan), ZERO)
    return Pelunasan(
        sisa_pokok=p.sisa_pokok,
        bunga_tertunggak=sum((a.sisa_bunga for a in jatuh), ZERO),
        bunga_berjalan=sum((a.sisa_bunga for a in depan), ZERO) - dibebaskan,
        denda=sum((a.sisa_denda for a in terbuka), ZERO),
        titipan=p.titipan,
        bunga_dibebaskan=dibebaskan,
    )


def bunga_depan_bebaskan(p: Pinjaman, angsuran: list[Angsuran], tanggal: dt.date) -> list[Angsuran]:
    """Waive on the rows what the payoff rule does not charge (``_dibebaskan``). Returns the
    installments not yet due."""
    depan = [a for a in angsuran if a.lunas_pada is None and a.jatuh_tempo > tanggal]
    for a, waived in zip(depan, _dibebaskan(p, depan), strict=True):
        a.bunga_dibebaskan += waived
    return depan


def alokasi_pelunasan(angsuran: list[Angsuran], depan: list[Angsuran], dana: Decimal, tanggal: dt.date) -> Alokasi:
    """Allocate a payoff over every installment; rows whose only change is the waiver are
    included so that they are saved too."""
    alokasi = alokasikan(angsuran, dana, tanggal, semua=True)
    disentuh = {b.angsuran.pk for b in alokasi.bagian}
    for a in depan:
        if a.pk not in disentuh:
            if a.sisa == ZERO:
                a.lunas_pada = tanggal
            alokasi.bagian.append(Bagian(a))
    return alokasi


def pelunasan_hitung(*, pinjaman: Pinjaman, tanggal: dt.date) -> Pelunasan:
    """The payoff quotation for ``tanggal`` (read only: penalties computed, not saved)."""
    p = Pinjaman.objects.get(pk=pinjaman.pk)
    _check_berjalan(p)
    angsuran = _aktif(p)
    denda_hitung(angsuran, p, tanggal)
    return pelunasan_dari_baris(p, angsuran, tanggal)


def pelunasan_bayar(
    *, pinjaman: Pinjaman, jumlah: object, tanggal: dt.date, cara: str, actor: Any, kunci: str
) -> HasilBayar:
    """Settle the loan early at the quoted amount: the interest beyond the product's payoff
    rule is waived on the schedule, every installment is closed, the loan is paid off."""
    # zero is a valid payoff when the advance the loan holds covers it exactly
    jumlah_bayar = money(uang_laci_sah(jumlah, "jumlah"))
    check_kunci(kunci)
    if cara not in (CaraBayar.LOKET, CaraBayar.SUKARELA):
        raise ValidationError({"cara": str(CARA_TIDAK_SAH)})
    with transaction.atomic():
        rekening = _sukarela_kunci(pinjaman) if cara == CaraBayar.SUKARELA and jumlah_bayar else None
        p = _lock(pinjaman)
        done = _already(p, kunci)
        if done is not None:
            return done
        _check_berjalan(p)
        angsuran = _aktif(p)
        _simpan_denda(denda_hitung(angsuran, p, tanggal))
        quote = pelunasan_dari_baris(p, angsuran, tanggal)
        if jumlah_bayar != quote.total:
            raise ValidationError({"jumlah": str(PELUNASAN_BEDA).format(jumlah=rupiah(quote.total))})
        depan = bunga_depan_bebaskan(p, angsuran, tanggal)
        sesi = None
        if rekening is not None:
            _sukarela_cukup(rekening, jumlah_bayar)
        elif jumlah_bayar:
            sesi = sesi_kas_terbuka(koperasi=p.koperasi, kasir=actor, tanggal=tanggal)
        titipan_lama = p.titipan
        alokasi = alokasi_pelunasan(angsuran, depan, jumlah_bayar + titipan_lama, tanggal)
        uraian = f"Pelunasan pinjaman {p.nomor} a.n. {p.anggota.nama}"
        bayar, jurnal = _posting(
            p=p,
            angsuran=angsuran,
            alokasi=alokasi,
            masuk=jumlah_bayar,
            titipan_dipakai=titipan_lama,
            tanggal=tanggal,
            jenis=JenisPembayaran.PELUNASAN,
            cara=cara,
            actor=actor,
            kunci=kunci,
            uraian=uraian,
        )
        if not jumlah_bayar:  # settled from the advance alone: no money moves, no receipt
            return HasilBayar(bayar, None)
        kw = _kwitansi_dan_mutasi(
            p=p,
            bayar=bayar,
            jurnal=jurnal,
            jumlah=jumlah_bayar,
            uraian=uraian,
            actor=actor,
            tanggal=tanggal,
            rekening=rekening,
            sesi=sesi,
            keterangan=f"Pelunasan pinjaman {p.nomor}",
        )
        return HasilBayar(bayar, kw)


# --- The daily job -----------------------------------------------------------------------------


def harian_jalankan(*, koperasi: Any, tanggal: dt.date) -> dict[str, int]:
    """Once a day per koperasi: penalties up to today, advances used, automatic debits.
    Safe to run more than once a day (keys per loan and day)."""
    hitung = {"denda": 0, "titipan": 0, "autodebet": 0}
    terlambat = (
        Pinjaman.objects.filter(
            koperasi=koperasi,
            status=StatusPinjaman.AKTIF,
            angsuran__aktif=True,
            angsuran__lunas_pada__isnull=True,
            angsuran__jatuh_tempo__lte=tanggal,
        )
        .distinct()
        .order_by("pk")
    )
    for p in terlambat.iterator(chunk_size=500):
        with transaction.atomic():
            locked = _lock(p)
            rows = denda_hitung(_aktif(locked), locked, tanggal)
            _simpan_denda(rows)
            hitung["denda"] += len(rows)
        if p.titipan > ZERO and titipan_terapkan(pinjaman=p, tanggal=tanggal) is not None:
            hitung["titipan"] += 1
        if p.autodebet and autodebet_jalankan(pinjaman=p, tanggal=tanggal) is not None:
            hitung["autodebet"] += 1
    return hitung
