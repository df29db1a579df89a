"""Correcting a savings movement by reversal (koreksi): UX.md, "a mistake is corrected by a
reversal, never by editing".

``mutasi_balik`` reverses the whole journal entry the movement was posted with
(``ledger.posting.jurnal_reverse``: every line on the other side, dated the day of the
correction) and records a compensating PEMBALIKAN movement on every savings account the
entry touched — a transfer touches two. Maker-checker: only pengurus or the manajer may
reverse, and never the person who made the movement.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_record
from gotong.core.formatting import rupiah
from gotong.core.money import ZERO
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import jurnal_reverse, periode_check_open
from gotong.savings.models import JenisMutasi, MutasiSimpanan, RekeningSimpanan, StatusRekening
from gotong.savings.services import REKENING_LAIN_KOPERASI, REKENING_TIDAK_AKTIF, mutasi_catat
from gotong.tenancy.models import PENGURUS, Koperasi, NamaPeran, Peran

# Who may reverse (the checker): the board and the manajer, never the kasir alone.
PEMBALIK = PENGURUS | {NamaPeran.MANAJER}

BUKAN_PEMBALIK = _("Hanya pengurus atau manajer yang boleh membalik transaksi.")
PEMBUAT_SENDIRI = _("Transaksi ini Anda sendiri yang mencatat; pembalikan harus dilakukan orang lain.")
SUDAH_DIBALIK = _("Transaksi ini sudah dibalik dengan jurnal {nomor}.")
PEMBALIKAN_TIDAK_DIBALIK = _("Pembalikan tidak bisa dibalik lagi; catat transaksi yang benar.")
SALDO_JADI_NEGATIF = _("Pembalikan ditolak: saldo rekening {nomor} {saldo} tidak cukup untuk dikurangi {jumlah}.")
ALASAN_WAJIB = _("Tulis alasan pembalikan.")
TANGGAL_SEBELUM_TRANSAKSI = _("Tanggal pembalikan tidak boleh sebelum tanggal transaksinya ({tanggal}).")
DIKOREKSI_DI_MODULNYA = _(
    "Transaksi dari sumber “{sumber}” tidak dibalik dari buku simpanan, agar buku pembantunya tetap sama "
    "dengan buku besar."
)
# Entries whose own subledger would be left behind by a reversal from here: a paid SHU share
# stays paid while 2.20 grows again; a loan disbursed to or paid from sukarela keeps its
# schedule and payments while 1.20 moves; an exit settlement, a month-end interest chunk and a
# year's closing entry belong to their own runs. Each is corrected in its own module.
SUMBER_MODUL_LAIN = frozenset(
    {
        SumberJurnal.SHU,
        SumberJurnal.PINJAMAN,
        SumberJurnal.PENYELESAIAN_KELUAR,
        SumberJurnal.JASA_SIMPANAN,
        SumberJurnal.TUTUP_BUKU,
    }
)


def _check_pembalik(koperasi: Koperasi, mutasi: MutasiSimpanan, actor: Any) -> None:
    if actor is None or not actor.pk:
        raise ValidationError(str(BUKAN_PEMBALIK))
    peran = set(Peran.objects.filter(koperasi=koperasi, user=actor, aktif=True).values_list("peran", flat=True))
    if not peran & PEMBALIK:
        raise ValidationError(str(BUKAN_PEMBALIK))
    if mutasi.dibuat_oleh_id is not None and mutasi.dibuat_oleh_id == actor.pk:
        raise ValidationError(str(PEMBUAT_SENDIRI))


def _check_jurnal(jurnal: Jurnal) -> None:
    if jurnal.sumber in SUMBER_MODUL_LAIN:
        raise ValidationError(str(DIKOREKSI_DI_MODULNYA).format(sumber=jurnal.get_sumber_display()))
    if jurnal.membalik_id is not None:
        raise ValidationError(str(PEMBALIKAN_TIDAK_DIBALIK))
    sudah = Jurnal.objects.filter(membalik=jurnal).first()
    if sudah is not None:
        raise ValidationError(str(SUDAH_DIBALIK).format(nomor=sudah.nomor))


def _per_rekening(jurnal: Jurnal) -> dict[int, Decimal]:
    """What the entry did to each savings account (signed), from its movements."""
    total: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for rekening_id, jumlah in MutasiSimpanan.objects.filter(jurnal=jurnal).values_list("rekening_id", "jumlah"):
        total[rekening_id] += jumlah
    return {pk: j for pk, j in total.items() if j}


def _lock_all(ids: list[int]) -> dict[int, RekeningSimpanan]:
    """Lock the accounts in id order (the tellers' order: no deadlock)."""
    rows = RekeningSimpanan.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
    locked = {r.pk: r for r in rows.select_related("produk")}
    for r in locked.values():
        if r.status != StatusRekening.AKTIF:
            raise ValidationError(str(REKENING_TIDAK_AKTIF).format(nomor=r.nomor))
    return locked


def _check_saldo(locked: dict[int, RekeningSimpanan], efek: dict[int, Decimal]) -> None:
    for pk, jumlah in efek.items():
        r = locked[pk]
        if r.saldo - jumlah < ZERO:
            raise ValidationError(
                str(SALDO_JADI_NEGATIF).format(nomor=r.nomor, saldo=rupiah(r.saldo), jumlah=rupiah(jumlah))
            )


def mutasi_balik(*, koperasi: Koperasi, mutasi: MutasiSimpanan, actor: Any, alasan: str, tanggal: dt.date) -> Jurnal:
    """Reverse the entry of a savings movement and every movement it recorded; returns the
    reversal entry. Refuses a second reversal, a closed period, a balance that would go
    negative, a closed account, and a reverser who is not pengurus/manajer or who made it."""
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": str(ALASAN_WAJIB)})
    if mutasi.koperasi_id != koperasi.pk:
        raise ValidationError(str(REKENING_LAIN_KOPERASI))
    if mutasi.jenis == JenisMutasi.PEMBALIKAN:
        raise ValidationError(str(PEMBALIKAN_TIDAK_DIBALIK))
    _check_pembalik(koperasi, mutasi, actor)
    with transaction.atomic():
        jurnal = Jurnal.objects.select_for_update().get(pk=mutasi.jurnal_id)
        if tanggal < jurnal.tanggal:
            raise ValidationError(str(TANGGAL_SEBELUM_TRANSAKSI).format(tanggal=jurnal.tanggal.strftime("%d-%m-%Y")))
        _check_jurnal(jurnal)
        periode_check_open(koperasi=koperasi, tanggal=tanggal)
        efek = _per_rekening(jurnal)
        locked = _lock_all(sorted(efek))
        _check_saldo(locked, efek)
        balik = jurnal_reverse(jurnal=jurnal, tanggal=tanggal, actor=actor, alasan=alasan)
        for pk, jumlah in efek.items():
            mutasi_catat(
                rekening=locked[pk],
                tanggal=tanggal,
                jenis=JenisMutasi.PEMBALIKAN,
                jumlah=-jumlah,
                jurnal=balik,
                keterangan=f"Pembalikan {jurnal.nomor}: {alasan}",
                actor=actor,
            )
        audit_record(
            koperasi=koperasi,
            aktor=actor,
            aksi="simpanan.pembalikan",
            objek=mutasi,
            sesudah={"jurnal": jurnal.nomor, "pembalikan": balik.nomor, "alasan": alasan, "tanggal": str(tanggal)},
        )
        return balik
