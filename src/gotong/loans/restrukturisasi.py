"""Rescheduling (restrukturisasi), write-off (hapus buku) with pengurus approval, and later
recoveries (pemulihan) of written-off loans.

Each write locks the loan row, checks every rule under the lock, and saves, posts and
audits in one transaction; a refusal is a ``ValidationError`` in Bahasa Indonesia that
says what to fix, and leaves nothing behind.

**Rescheduling** gives a running loan a new schedule for its outstanding principal
(``sisa_pokok``) from the rescheduling date, with the loan's method and rounding, a new
tenor and optionally a new rate. The old schedule rows stay as history (``aktif=False``,
their ``versi``); nothing is deleted. So that nothing owed disappears, the interest and
the penalty still unpaid on installments already due are carried into installment 1 of
the new version (added to its ``bunga`` and ``denda``); the scheduled interest of the
installments not yet due is replaced by the new schedule's interest. The principal does
not change, so no journal entry is posted: 1.20 (and 1.21, 2.13, 1.20.99) keep their
balances. A restructured loan remembers its collectibility at the time
(``kolektibilitas_restrukturisasi``); the month-end keeps it from improving until enough
installments are paid on time (a setting). The new schedule has no grace period.

**Write-off** is proposed by any staff member except the kasir, and approved by a
pengurus who is not the proposer (maker-checker). It posts one entry:
Dr 1.20.99 the loan's provision (PPAP) · Dr 5.40 Beban PPAP the principal the provision
does not cover (or Cr 5.40 the provision left over when it exceeds the principal) /
Cr 1.20 the outstanding principal; accrued interest, if any, is reversed in the same entry
(Dr 4.10 / Cr 1.21). A loan still holding an advance (titipan) is refused: the advance
is the member's money and must first pay the installments due (the daily job does it).
The unpaid installments stay on the schedule as a memo of what the member still owes.

**Recovery**: cash received later at the counter for a written-off loan, through the
kasir's open drawer with a receipt: Dr 1.01 Kas / Cr 4.90 Pendapatan lain-lain, at most
the principal written off and not yet recovered (``sisa_hapus_buku``).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_record
from gotong.core.formatting import rupiah
from gotong.core.formatting import tanggal as tgl
from gotong.core.money import ZERO, money
from gotong.ledger import chart
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun_banyak, periode_check_open
from gotong.loans import schedule
from gotong.loans.models import (
    Angsuran,
    CaraBayar,
    JenisPembayaran,
    PembayaranPinjaman,
    Pinjaman,
    StatusPinjaman,
)
from gotong.loans.pembayaran import HasilBayar, _already, denda_hitung, jurnal_kunci
from gotong.loans.services import jadwal_tulis
from gotong.savings.services import KUNCI_WAJIB, check_kunci, jumlah_sah, kwitansi_buat, sesi_kas_terbuka
from gotong.tenancy.models import PENGURUS, STAF, NamaPeran
from gotong.tenancy.scope import roles_of

# Who may reschedule, propose and approve a write-off.
PENJADWAL = PENGURUS | {NamaPeran.MANAJER}
PENGUSUL_HAPUS_BUKU = STAF - {NamaPeran.KASIR}
PENYETUJU_HAPUS_BUKU = PENGURUS

TIDAK_BERJALAN = _("Pinjaman {nomor} sudah {status}; hanya pinjaman yang berjalan yang bisa {aksi}.")
RESTRUKTURISASI_TIDAK_BERWENANG = _(
    "Hanya pengurus (ketua, sekretaris, bendahara) atau manajer yang bisa menjadwal ulang pinjaman."
)
ALASAN_RESTRUKTURISASI = _("Tulis alasan penjadwalan ulang, misalnya usaha anggota sedang turun.")
TENOR_BARU_TIDAK_SAH = _("Tulis jangka waktu baru sebagai bilangan bulat lebih dari nol, misalnya 12.")
TENOR_BARU_DI_ATAS = _("Jangka waktu baru paling lama {maksimum} angsuran (batas produk {produk}).")
SUKU_BARU_TIDAK_SAH = _("Tulis suku bunga baru sebagai angka antara 0 dan 100, misalnya 1,25; atau kosongkan.")
TANGGAL_SEBELUM = _("Tanggal tidak boleh sebelum {tanggal} ({apa}).")
POKOK_SUDAH_NOL = _("Sisa pokok pinjaman {nomor} sudah nol; tidak ada yang perlu dijadwal ulang.")
JADWAL_SUDAH_BERUBAH = _("Jadwal pinjaman {nomor} baru saja diubah orang lain; muat ulang halaman dan periksa lagi.")
USUL_TIDAK_BERWENANG = _("Kasir dan anggota tidak bisa mengusulkan hapus buku; minta staf lain mengusulkan.")
ALASAN_HAPUS_BUKU = _("Tulis alasan hapus buku, misalnya anggota meninggal atau usaha tutup dan jaminan tidak ada.")
SUDAH_DIUSULKAN = _("Hapus buku pinjaman {nomor} sudah diusulkan oleh {nama}; tunggu keputusan pengurus.")
BELUM_DIUSULKAN = _("Belum ada usulan hapus buku untuk pinjaman {nomor}; usulkan dulu dengan alasannya.")
SETUJUI_TIDAK_BERWENANG = _("Hanya pengurus (ketua, sekretaris, bendahara) yang bisa memutuskan hapus buku.")
SETUJUI_USUL_SENDIRI = _("Anda yang mengusulkan hapus buku ini; persetujuan harus oleh pengurus lain (empat mata).")
MASIH_ADA_TITIPAN = _(
    "Pinjaman {nomor} masih memegang titipan angsuran {jumlah}. Pakai titipan itu untuk angsuran "
    "yang jatuh tempo dulu (proses harian memakainya otomatis), baru hapus buku."
)
ALASAN_TOLAK = _("Tulis alasan usulan hapus buku ditolak.")
BUKAN_HAPUS_BUKU = _(
    "Pinjaman {nomor} tidak dihapusbukukan (status: {status}); pemulihan hanya untuk pinjaman hapus buku."
)
PEMULIHAN_MELEBIHI = _("Pemulihan {jumlah} melebihi sisa pinjaman yang dihapusbukukan ({sisa}).")
PEMULIHAN_LUNAS = _("Pinjaman {nomor} yang dihapusbukukan sudah pulih seluruhnya; tidak ada lagi yang bisa diterima.")


def _lock(pinjaman: Pinjaman) -> Pinjaman:
    return (
        Pinjaman.objects.select_for_update(of=("self",))
        .select_related("anggota", "produk", "koperasi")
        .get(pk=pinjaman.pk, koperasi_id=pinjaman.koperasi_id)
    )


def _check_berjalan(p: Pinjaman, aksi: str) -> None:
    if p.status != StatusPinjaman.AKTIF:
        raise ValidationError(
            str(TIDAK_BERJALAN).format(nomor=p.nomor, status=p.get_status_display().lower(), aksi=aksi)
        )


def _check_tanggal(p: Pinjaman, tanggal: dt.date) -> None:
    """Not before the disbursement nor before the last payment already recorded."""
    if p.tanggal_cair and tanggal < p.tanggal_cair:
        raise ValidationError({"tanggal": str(TANGGAL_SEBELUM).format(tanggal=tgl(p.tanggal_cair), apa=_("pencairan"))})
    terakhir = PembayaranPinjaman.objects.filter(pinjaman=p).aggregate(t=Max("tanggal"))["t"]
    if terakhir and tanggal < terakhir:
        raise ValidationError(
            {"tanggal": str(TANGGAL_SEBELUM).format(tanggal=tgl(terakhir), apa=_("pembayaran terakhir"))}
        )


def _aktif(p: Pinjaman) -> list[Angsuran]:
    return list(Angsuran.objects.filter(pinjaman=p, aktif=True, versi=p.versi_jadwal).order_by("ke"))


# --- Rescheduling ------------------------------------------------------------------------------


def tenor_sah(raw: object) -> int:
    """A new tenor: a whole number above zero."""
    if isinstance(raw, bool):
        raise ValidationError({"tenor_baru": str(TENOR_BARU_TIDAK_SAH)})
    try:
        n = int(str(raw).strip())
    except (TypeError, ValueError) as exc:
        raise ValidationError({"tenor_baru": str(TENOR_BARU_TIDAK_SAH)}) from exc
    if n < 1:
        raise ValidationError({"tenor_baru": str(TENOR_BARU_TIDAK_SAH)})
    return n


def suku_sah(raw: object) -> Decimal | None:
    """A new rate in percent (``1,25`` or ``1.25``), or None for the loan's current rate."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError({"suku_bunga_baru": str(SUKU_BARU_TIDAK_SAH)}) from exc
    if not value.is_finite() or not ZERO <= value <= 100 or value != value.quantize(Decimal("0.001")):
        raise ValidationError({"suku_bunga_baru": str(SUKU_BARU_TIDAK_SAH)})
    return value.quantize(Decimal("0.001"))


@dataclass(frozen=True)
class RencanaRestrukturisasi:
    """A new schedule and what is carried into its first installment (nothing saved)."""

    jadwal: schedule.Jadwal
    bunga_dibawa: Decimal  # unpaid interest of installments already due
    denda_dibawa: Decimal  # unpaid penalty of installments already due
    pokok_tertunggak: Decimal  # principal already due and unpaid (rescheduled with the rest)
    bunga_lama_batal: Decimal  # scheduled interest of installments not yet due, replaced

    @property
    def angsuran_pertama(self) -> Decimal:
        b = self.jadwal.baris[0]
        return b.pokok + b.bunga + self.bunga_dibawa + self.denda_dibawa

    @property
    def total_baru(self) -> Decimal:
        """Everything the member pays under the new schedule (penalty carried included)."""
        return self.jadwal.total + self.bunga_dibawa + self.denda_dibawa


def _rencana(
    p: Pinjaman, angsuran: list[Angsuran], tenor: int, suku: Decimal, tanggal: dt.date
) -> RencanaRestrukturisasi:
    if p.sisa_pokok <= ZERO:
        raise ValidationError(str(POKOK_SUDAH_NOL).format(nomor=p.nomor))
    syarat = schedule.Syarat(
        pokok=p.sisa_pokok,
        tenor=tenor,
        metode=p.metode,
        suku_bunga=suku,
        satuan_bunga=p.satuan_bunga,
        frekuensi=p.frekuensi,
        masa_tenggang=0,
        pembulatan=p.pembulatan,
        mulai=tanggal,
    )
    try:
        schedule.periksa(syarat)
        jadwal = schedule.buat_jadwal(syarat)
    except schedule.JadwalError as exc:
        raise ValidationError({"tenor_baru": str(exc)}) from exc
    terbuka = [a for a in angsuran if a.lunas_pada is None]
    jatuh = [a for a in terbuka if a.jatuh_tempo <= tanggal]
    return RencanaRestrukturisasi(
        jadwal=jadwal,
        bunga_dibawa=sum((a.sisa_bunga for a in jatuh), ZERO),
        denda_dibawa=sum((a.sisa_denda for a in terbuka), ZERO),
        pokok_tertunggak=sum((a.sisa_pokok for a in jatuh), ZERO),
        bunga_lama_batal=sum((a.sisa_bunga for a in terbuka if a.jatuh_tempo > tanggal), ZERO),
    )


def _periksa_restrukturisasi(
    p: Pinjaman, *, tenor_baru: object, suku_bunga_baru: object, tanggal: dt.date, roles: frozenset[str], alasan: str
) -> tuple[int, Decimal]:
    if not roles & PENJADWAL:
        raise ValidationError(str(RESTRUKTURISASI_TIDAK_BERWENANG))
    _check_berjalan(p, str(_("dijadwal ulang")))
    errors: dict[str, str] = {}
    tenor: int | None = None
    suku: Decimal | None = None
    try:
        tenor = tenor_sah(tenor_baru)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    try:
        suku = suku_sah(suku_bunga_baru)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if tenor is not None and tenor > p.produk.tenor_maks:
        errors["tenor_baru"] = str(TENOR_BARU_DI_ATAS).format(maksimum=p.produk.tenor_maks, produk=p.produk.nama)
    if not (alasan or "").strip():
        errors["alasan"] = str(ALASAN_RESTRUKTURISASI)
    if errors:
        raise ValidationError(errors)
    assert tenor is not None
    _check_tanggal(p, tanggal)
    # no entry is posted, but the schedule and the penalties carried change as of ``tanggal``
    periode_check_open(koperasi=p.koperasi, tanggal=tanggal)
    return tenor, p.suku_bunga if suku is None else suku


def restrukturisasi_pratinjau(
    *,
    pinjaman: Pinjaman,
    tenor_baru: object,
    suku_bunga_baru: object = None,
    tanggal: dt.date,
    roles: frozenset[str],
    alasan: str,
) -> RencanaRestrukturisasi:
    """What rescheduling would give (read only: the penalties up to ``tanggal`` are computed,
    not saved); the same checks as ``restrukturisasi_buat``."""
    p = Pinjaman.objects.select_related("produk", "anggota").get(pk=pinjaman.pk, koperasi_id=pinjaman.koperasi_id)
    tenor, suku = _periksa_restrukturisasi(
        p, tenor_baru=tenor_baru, suku_bunga_baru=suku_bunga_baru, tanggal=tanggal, roles=roles, alasan=alasan
    )
    angsuran = _aktif(p)
    denda_hitung(angsuran, p, tanggal)
    return _rencana(p, angsuran, tenor, suku, tanggal)


@dataclass(frozen=True)
class HasilRestrukturisasi:
    pinjaman: Pinjaman
    rencana: RencanaRestrukturisasi
    angsuran: list[Angsuran]


def restrukturisasi_buat(
    *,
    pinjaman: Pinjaman,
    tenor_baru: object,
    suku_bunga_baru: object = None,
    tanggal: dt.date,
    actor: Any,
    roles: frozenset[str],
    alasan: str,
    versi: int | None = None,
) -> HasilRestrukturisasi:
    """Reschedule a running loan (pengurus or manajer): a new schedule version for the
    outstanding principal from ``tanggal``, ``tenor_baru`` installments at
    ``suku_bunga_baru`` (the loan's rate if None), the loan's method and rounding.

    The old rows are kept as history (``aktif=False``). The interest and penalty still
    unpaid on installments due by ``tanggal`` (penalties brought up to that day first) are
    carried into installment 1 of the new version, so nothing owed disappears. The
    principal is unchanged, so no journal entry is posted. ``versi``: the schedule version
    the user saw; if someone rescheduled meanwhile, the request is refused instead of
    rescheduling twice.
    """
    with transaction.atomic():
        p = _lock(pinjaman)
        if versi is not None and p.versi_jadwal != versi:
            raise ValidationError(str(JADWAL_SUDAH_BERUBAH).format(nomor=p.nomor))
        tenor, suku = _periksa_restrukturisasi(
            p, tenor_baru=tenor_baru, suku_bunga_baru=suku_bunga_baru, tanggal=tanggal, roles=roles, alasan=alasan
        )
        lama = _aktif(p)
        berubah = denda_hitung(lama, p, tanggal)
        rencana = _rencana(p, lama, tenor, suku, tanggal)
        if berubah:
            Angsuran.objects.bulk_update(berubah, ["denda", "denda_dihitung_sampai"])
        Angsuran.objects.filter(pinjaman=p, versi=p.versi_jadwal).update(aktif=False)
        sebelum = {
            "versi_jadwal": p.versi_jadwal,
            "tenor": p.tenor,
            "suku_bunga": str(p.suku_bunga),
            "masa_tenggang": p.masa_tenggang,
            "kolektibilitas": p.kolektibilitas,
            "sisa_pokok": str(p.sisa_pokok),
        }
        p.versi_jadwal += 1
        p.direstrukturisasi = True
        p.kolektibilitas_restrukturisasi = p.kolektibilitas
        p.tenor, p.suku_bunga, p.masa_tenggang = tenor, suku, 0
        p.save(
            update_fields=[
                "versi_jadwal",
                "direstrukturisasi",
                "kolektibilitas_restrukturisasi",
                "tenor",
                "suku_bunga",
                "masa_tenggang",
            ]
        )
        baru = jadwal_tulis(p, tanggal, p.versi_jadwal, syarat=rencana.jadwal.syarat)
        pertama = min(baru, key=lambda a: a.ke)
        if rencana.bunga_dibawa or rencana.denda_dibawa:
            pertama.bunga += rencana.bunga_dibawa
            pertama.bunga_dibawa = rencana.bunga_dibawa
            pertama.denda += rencana.denda_dibawa
            pertama.denda_dihitung_sampai = tanggal
            Angsuran.objects.filter(pk=pertama.pk).update(
                bunga=pertama.bunga,
                bunga_dibawa=pertama.bunga_dibawa,
                denda=pertama.denda,
                denda_dihitung_sampai=tanggal,
            )
        audit_record(
            koperasi=p.koperasi,
            aktor=actor,
            aksi="pinjaman.restrukturisasi",
            objek=p,
            sebelum=sebelum,
            sesudah={
                "versi_jadwal": p.versi_jadwal,
                "tenor": tenor,
                "suku_bunga": str(suku),
                "tanggal": tanggal.isoformat(),
                "bunga_dibawa": str(rencana.bunga_dibawa),
                "denda_dibawa": str(rencana.denda_dibawa),
                "alasan": alasan.strip()[:300],
            },
        )
        return HasilRestrukturisasi(p, rencana, sorted(baru, key=lambda a: a.ke))


# --- Write-off ---------------------------------------------------------------------------------


def hapus_buku_usulkan(*, pinjaman: Pinjaman, actor: Any, alasan: str, roles: frozenset[str] | None = None) -> Pinjaman:
    """Propose writing off a running loan (any staff member but the kasir), with the reason;
    nothing is posted until a pengurus other than the proposer approves."""
    if not (alasan or "").strip():
        raise ValidationError({"alasan": str(ALASAN_HAPUS_BUKU)})
    with transaction.atomic():
        p = _lock(pinjaman)
        peran = roles if roles is not None else roles_of(actor, p.koperasi)
        if not peran & PENGUSUL_HAPUS_BUKU:
            raise ValidationError(str(USUL_TIDAK_BERWENANG))
        _check_berjalan(p, str(_("dihapusbukukan")))
        if p.hapus_buku_diusulkan_oleh_id is not None:
            pengusul = p.hapus_buku_diusulkan_oleh
            nama = getattr(pengusul, "nama_lengkap", "") or str(pengusul)
            raise ValidationError(str(SUDAH_DIUSULKAN).format(nomor=p.nomor, nama=nama))
        p.hapus_buku_diusulkan_oleh = actor
        p.hapus_buku_alasan = alasan.strip()[:300]
        p.save(update_fields=["hapus_buku_diusulkan_oleh", "hapus_buku_alasan"])
        audit_record(
            koperasi=p.koperasi,
            aktor=actor,
            aksi="pinjaman.hapus_buku_usul",
            objek=p,
            sesudah={"alasan": p.hapus_buku_alasan, "sisa_pokok": str(p.sisa_pokok), "ppap": str(p.ppap)},
        )
        return p


def hapus_buku_tolak(*, pinjaman: Pinjaman, actor: Any, roles: frozenset[str], alasan: str) -> Pinjaman:
    """A pengurus turns the proposal down (the loan keeps running); the proposer may withdraw it."""
    if not (alasan or "").strip():
        raise ValidationError({"alasan": str(ALASAN_TOLAK)})
    with transaction.atomic():
        p = _lock(pinjaman)
        if p.hapus_buku_diusulkan_oleh_id is None or p.status != StatusPinjaman.AKTIF:
            raise ValidationError(str(BELUM_DIUSULKAN).format(nomor=p.nomor))
        if not roles & PENYETUJU_HAPUS_BUKU and p.hapus_buku_diusulkan_oleh_id != actor.pk:
            raise ValidationError(str(SETUJUI_TIDAK_BERWENANG))
        sebelum = {"pengusul": p.hapus_buku_diusulkan_oleh_id, "alasan_usul": p.hapus_buku_alasan}
        p.hapus_buku_diusulkan_oleh = None
        p.hapus_buku_alasan = ""
        p.save(update_fields=["hapus_buku_diusulkan_oleh", "hapus_buku_alasan"])
        audit_record(
            koperasi=p.koperasi,
            aktor=actor,
            aksi="pinjaman.hapus_buku_tolak",
            objek=p,
            sebelum=sebelum,
            sesudah={"alasan": alasan.strip()[:300]},
        )
        return p


@dataclass(frozen=True)
class HasilHapusBuku:
    pinjaman: Pinjaman
    jurnal: Jurnal


AKUN_HAPUS_BUKU = (
    chart.PENYISIHAN_PINJAMAN,
    chart.BEBAN_PPAP,
    chart.JASA_PINJAMAN,
    chart.PIUTANG_PINJAMAN,
    chart.PIUTANG_JASA_PINJAMAN,
)


@dataclass(frozen=True)
class BarisHapusBuku:
    kode: str
    sisi: str  # "D" or "K"
    jumlah: Decimal
    keterangan: str


def hapus_buku_rincian(p: Pinjaman) -> list[BarisHapusBuku]:
    """The lines a write-off of ``p`` posts, in order (the screen shows them before approval)."""
    pokok, ppap, akrual = p.sisa_pokok, p.ppap, p.bunga_akrual
    rows: list[BarisHapusBuku] = []
    if ppap > ZERO:
        rows.append(BarisHapusBuku(chart.PENYISIHAN_PINJAMAN, "D", ppap, f"PPAP {p.nomor} dipakai"))
    if pokok > ppap:
        rows.append(BarisHapusBuku(chart.BEBAN_PPAP, "D", pokok - ppap, f"Kekurangan PPAP {p.nomor}"))
    if akrual > ZERO:
        rows.append(BarisHapusBuku(chart.JASA_PINJAMAN, "D", akrual, f"Batal jasa akrual {p.nomor}"))
    if pokok > ZERO:
        rows.append(BarisHapusBuku(chart.PIUTANG_PINJAMAN, "K", pokok, f"Pokok {p.nomor} dihapusbukukan"))
    if ppap > pokok:
        rows.append(BarisHapusBuku(chart.BEBAN_PPAP, "K", ppap - pokok, f"Kelebihan PPAP {p.nomor}"))
    if akrual > ZERO:
        rows.append(BarisHapusBuku(chart.PIUTANG_JASA_PINJAMAN, "K", akrual, f"Jasa akrual {p.nomor}"))
    return rows


def hapus_buku_setujui(
    *, pinjaman: Pinjaman, actor: Any, roles: frozenset[str], tanggal: dt.date, kunci: str
) -> HasilHapusBuku:
    """Approve a proposed write-off (a pengurus, not the proposer) and post it in ONE entry:
    Dr 1.20.99 the provision · Dr 5.40 the principal it does not cover (Cr 5.40 a provision
    left over) / Cr 1.20 the outstanding principal · Dr 4.10 / Cr 1.21 accrued interest.
    The loan becomes ``hapus_buku``; its unpaid installments stay as a memo."""
    check_kunci(kunci)
    with transaction.atomic():
        if not roles & PENYETUJU_HAPUS_BUKU:
            raise ValidationError(str(SETUJUI_TIDAK_BERWENANG))
        p = _lock(pinjaman)
        done = jurnal_kunci(p, kunci)
        if done is not None:  # the same approval again (a double click): the entry already posted
            if p.status != StatusPinjaman.HAPUS_BUKU:  # this loan's entry of another kind
                raise ValidationError(str(KUNCI_WAJIB))
            return HasilHapusBuku(p, done)
        _check_berjalan(p, str(_("dihapusbukukan")))
        if p.hapus_buku_diusulkan_oleh_id is None:
            raise ValidationError(str(BELUM_DIUSULKAN).format(nomor=p.nomor))
        if p.hapus_buku_diusulkan_oleh_id == actor.pk:
            raise ValidationError(str(SETUJUI_USUL_SENDIRI))
        if p.titipan > ZERO:
            raise ValidationError(str(MASIH_ADA_TITIPAN).format(nomor=p.nomor, jumlah=rupiah(p.titipan)))
        _check_tanggal(p, tanggal)
        koperasi = p.koperasi
        builder = JurnalBuilder(
            koperasi=koperasi,
            tanggal=tanggal,
            keterangan=f"Hapus buku pinjaman {p.nomor} a.n. {p.anggota.nama}",
            sumber=SumberJurnal.PINJAMAN,
            sumber_id=str(p.pk),
            kunci=kunci,
            actor=actor,
        )
        akun = dict(zip(AKUN_HAPUS_BUKU, akun_banyak(koperasi, *AKUN_HAPUS_BUKU), strict=True))
        for b in hapus_buku_rincian(p):
            anggota = p.anggota if b.kode != chart.BEBAN_PPAP else None
            if b.sisi == "D":
                builder.debit(akun[b.kode], b.jumlah, anggota=anggota, keterangan=b.keterangan)
            else:
                builder.kredit(akun[b.kode], b.jumlah, anggota=anggota, keterangan=b.keterangan)
        pokok = p.sisa_pokok
        jurnal = builder.post()
        sebelum = {
            "status": p.status,
            "sisa_pokok": str(p.sisa_pokok),
            "ppap": str(p.ppap),
            "bunga_akrual": str(p.bunga_akrual),
        }
        p.status = StatusPinjaman.HAPUS_BUKU
        p.tanggal_hapus_buku = tanggal
        p.sisa_hapus_buku = pokok
        p.sisa_pokok = p.ppap = p.bunga_akrual = ZERO
        p.save(update_fields=["status", "tanggal_hapus_buku", "sisa_hapus_buku", "sisa_pokok", "ppap", "bunga_akrual"])
        audit_record(
            koperasi=koperasi,
            aktor=actor,
            aksi="pinjaman.hapus_buku",
            objek=p,
            sebelum=sebelum,
            sesudah={
                "status": p.status,
                "tanggal": tanggal.isoformat(),
                "dihapusbukukan": str(pokok),
                "pengusul": p.hapus_buku_diusulkan_oleh_id,
                "alasan": p.hapus_buku_alasan,
                "jurnal": jurnal.nomor,
            },
        )
        return HasilHapusBuku(p, jurnal)


# --- Recovery ----------------------------------------------------------------------------------


def pemulihan_periksa(p: Pinjaman, jumlah: Decimal, tanggal: dt.date) -> None:
    """The rules of a recovery (the screen checks them before the confirmation)."""
    if p.status != StatusPinjaman.HAPUS_BUKU:
        raise ValidationError(str(BUKAN_HAPUS_BUKU).format(nomor=p.nomor, status=p.get_status_display().lower()))
    if p.sisa_hapus_buku <= ZERO:
        raise ValidationError(str(PEMULIHAN_LUNAS).format(nomor=p.nomor))
    if jumlah > p.sisa_hapus_buku:
        raise ValidationError(
            {"jumlah": str(PEMULIHAN_MELEBIHI).format(jumlah=rupiah(jumlah), sisa=rupiah(p.sisa_hapus_buku))}
        )
    if p.tanggal_hapus_buku and tanggal < p.tanggal_hapus_buku:
        raise ValidationError(
            {"tanggal": str(TANGGAL_SEBELUM).format(tanggal=tgl(p.tanggal_hapus_buku), apa=_("hapus buku"))}
        )


def pemulihan_bayar(*, pinjaman: Pinjaman, jumlah: object, tanggal: dt.date, actor: Any, kunci: str) -> HasilBayar:
    """Cash received for a written-off loan at the counter, through the kasir's open drawer,
    with a receipt: Dr 1.01 Kas / Cr 4.90 Pendapatan lain-lain (recovery of written-off
    loans); at most what is still written off (``sisa_hapus_buku``)."""
    jumlah_terima = money(jumlah_sah(jumlah))
    check_kunci(kunci)
    with transaction.atomic():
        p = _lock(pinjaman)
        done = _already(p, kunci)
        if done is not None:
            return done
        pemulihan_periksa(p, jumlah_terima, tanggal)
        sesi_kas_terbuka(koperasi=p.koperasi, kasir=actor, tanggal=tanggal)
        kas, lain = akun_banyak(p.koperasi, chart.KAS, chart.PENDAPATAN_LAIN)
        uraian = f"Pemulihan pinjaman hapus buku {p.nomor} a.n. {p.anggota.nama}"
        jurnal = (
            JurnalBuilder(
                koperasi=p.koperasi,
                tanggal=tanggal,
                keterangan=uraian,
                sumber=SumberJurnal.PINJAMAN,
                sumber_id=str(p.pk),
                kunci=kunci,
                actor=actor,
            )
            .debit(kas, jumlah_terima)
            .kredit(lain, jumlah_terima, anggota=p.anggota, keterangan=f"Pemulihan {p.nomor}")
            .post()
        )
        kw = kwitansi_buat(
            koperasi=p.koperasi,
            anggota=p.anggota,
            jumlah=jumlah_terima,
            uraian=uraian,
            kasir=actor,
            jurnal=jurnal,
            tanggal=tanggal,
        )
        sebelum = str(p.sisa_hapus_buku)
        p.sisa_hapus_buku -= jumlah_terima
        p.save(update_fields=["sisa_hapus_buku"])
        bayar = PembayaranPinjaman.objects.create(
            koperasi_id=p.koperasi_id,
            pinjaman=p,
            tanggal=tanggal,
            jenis=JenisPembayaran.PEMULIHAN,
            cara=CaraBayar.LOKET,
            jumlah=jumlah_terima,
            sisa_pokok_setelah=ZERO,
            jurnal=jurnal,
            kwitansi=kw,
            dibuat_oleh=actor,
        )
        audit_record(
            koperasi=p.koperasi,
            aktor=actor,
            aksi="pinjaman.pemulihan",
            objek=p,
            sebelum={"sisa_hapus_buku": sebelum},
            sesudah={"sisa_hapus_buku": str(p.sisa_hapus_buku), "jumlah": str(jumlah_terima), "kwitansi": kw.nomor},
        )
        return HasilBayar(bayar, kw)
