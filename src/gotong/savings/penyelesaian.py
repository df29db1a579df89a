"""The exit settlement (penyelesaian anggota keluar).

On exit, pokok + wajib + sukarela + berjangka are returned, less what the member owes
the koperasi (UU 25/1992; DOMAIN.md "On exit"). Gotong books it in one entry on the day the
exit is approved: Dr each savings control account / Cr 2.40 Utang pengembalian simpanan
anggota keluar (and Cr whatever is offset); every account is closed with a PENUTUPAN
movement to zero. The kasir pays the payable out at the counter later (Dr 2.40 / Cr Kas)
with a receipt.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gotong.core.formatting import rupiah
from gotong.core.money import ZERO
from gotong.ledger import chart
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun
from gotong.members.models import Anggota, StatusAnggota
from gotong.savings.models import JenisMutasi, Kwitansi, RekeningSimpanan, StatusRekening
from gotong.savings.selectors import AKUN_UTANG_KELUAR, pengembalian_terutang
from gotong.savings.services import (
    REKENING_LAIN_KOPERASI,
    check_kunci,
    kwitansi_buat,
    mutasi_catat,
    rekening_tutup,
    sesi_kas_terbuka,
)
from gotong.tenancy.models import Koperasi

POTONGAN_MELEBIHI_SIMPANAN = _(
    "Kewajiban anggota ({potongan}) lebih besar dari simpanannya ({simpanan}); selesaikan dulu sebelum keluar."
)
TIDAK_ADA_PENGEMBALIAN = _("Tidak ada pengembalian simpanan yang belum dibayar untuk {nama}.")
BUKAN_ANGGOTA_KELUAR = _("Pengembalian simpanan hanya untuk anggota yang sudah keluar.")


@dataclass(frozen=True)
class Potongan:
    """An amount the member owes, offset against the savings in the settlement entry."""

    akun_kode: str
    jumlah: Decimal
    keterangan: str
    # called with the settlement entry once it is posted (the loans mark the loan paid off)
    setelah: Callable[[Jurnal], None] | None = None


# What a leaving member still owes, registered by other apps (loans: gotong.loans.keluar —
# the outstanding principal, interest and denda of every running loan, credited to 1.20,
# 4.10/1.21 and 4.21). A hook may raise ValidationError to refuse the exit while a loan cannot
# be offset (DOMAIN.md: no exit with an outstanding loan unless settled or offset).
POTONGAN_KELUAR: list[Callable[[Anggota, dt.date], list[Potongan]]] = []


def _potongan(anggota: Anggota, tanggal: dt.date) -> list[Potongan]:
    return [p for hook in POTONGAN_KELUAR for p in hook(anggota, tanggal) if p.jumlah > ZERO]


def penyelesaian_keluar_catat(*, anggota: Anggota, tanggal: dt.date, actor: Any) -> Jurnal | None:
    """Return every savings account of a member who leaves, in one entry, and close them all.

    Call inside the transaction that records the exit (members.services.keluar_approve),
    with the member row locked. Returns the entry, or None when there was nothing to return.
    """
    koperasi = anggota.koperasi
    rekening = list(
        RekeningSimpanan.objects.select_for_update(of=("self",))
        .select_related("produk")
        .filter(anggota=anggota, status=StatusRekening.AKTIF)
        .order_by("pk")  # the teller's lock order
    )
    simpanan = sum((r.saldo for r in rekening), ZERO)
    potongan = _potongan(anggota, tanggal)
    total_potongan = sum((p.jumlah for p in potongan), ZERO)
    if total_potongan > simpanan:
        raise ValidationError(
            str(POTONGAN_MELEBIHI_SIMPANAN).format(potongan=rupiah(total_potongan), simpanan=rupiah(simpanan))
        )
    jurnal = _post(koperasi, anggota, tanggal, actor, rekening, potongan) if simpanan else None
    for p in potongan:
        if p.setelah is not None:
            assert jurnal is not None, "an offset is only posted with savings to offset against"
            p.setelah(jurnal)
    for r in rekening:
        if r.saldo:
            assert jurnal is not None
            mutasi_catat(
                rekening=r,
                tanggal=tanggal,
                jenis=JenisMutasi.PENUTUPAN,
                jumlah=-r.saldo,
                jurnal=jurnal,
                keterangan="Dikembalikan karena keluar dari koperasi",
                actor=actor,
            )
        rekening_tutup(rekening=r, tanggal=tanggal)
    return jurnal


def _post(
    koperasi: Koperasi,
    anggota: Anggota,
    tanggal: dt.date,
    actor: Any,
    rekening: list[RekeningSimpanan],
    potongan: list[Potongan],
) -> Jurnal:
    builder = JurnalBuilder(
        koperasi=koperasi,
        tanggal=tanggal,
        keterangan=f"Penyelesaian simpanan anggota keluar {anggota.nomor_anggota} a.n. {anggota.nama}",
        sumber=SumberJurnal.PENYELESAIAN_KELUAR,
        sumber_id=str(anggota.pk),
        kunci=f"keluar-{anggota.pk}",
        actor=actor,
    )
    for r in rekening:
        if r.saldo:
            builder.debit(akun(koperasi, r.produk.kode_akun_kontrol), r.saldo, anggota=anggota, keterangan=r.nomor)
    for p in potongan:
        builder.kredit(akun(koperasi, p.akun_kode), p.jumlah, anggota=anggota, keterangan=p.keterangan)
    bersih = sum((r.saldo for r in rekening), ZERO) - sum((p.jumlah for p in potongan), ZERO)
    if bersih:
        builder.kredit(akun(koperasi, AKUN_UTANG_KELUAR), bersih, anggota=anggota)
    return builder.post()


def pengembalian_bayar(*, koperasi: Koperasi, anggota: Anggota, tanggal: dt.date, kasir: Any, kunci: str) -> Kwitansi:
    """The kasir pays a member who left what the koperasi owes them: Dr 2.40 / Cr Kas, with a receipt."""
    check_kunci(kunci)
    if anggota.koperasi_id != koperasi.pk:
        raise ValidationError(str(REKENING_LAIN_KOPERASI))
    with transaction.atomic():
        member = Anggota.objects.select_for_update().get(pk=anggota.pk)
        done = Jurnal.objects.filter(koperasi=koperasi, kunci=kunci).first()
        if done is not None:
            return Kwitansi.objects.get(jurnal=done)
        if member.status != StatusAnggota.KELUAR:
            raise ValidationError(str(BUKAN_ANGGOTA_KELUAR))
        terutang = pengembalian_terutang(anggota=member)
        if terutang <= ZERO:
            raise ValidationError(str(TIDAK_ADA_PENGEMBALIAN).format(nama=member.nama))
        sesi_kas_terbuka(koperasi=koperasi, kasir=kasir, tanggal=tanggal)
        uraian = f"Pengembalian simpanan anggota keluar {member.nomor_anggota} a.n. {member.nama}"
        jurnal = (
            JurnalBuilder(
                koperasi=koperasi,
                tanggal=tanggal,
                keterangan=uraian,
                sumber=SumberJurnal.PENYELESAIAN_KELUAR,
                sumber_id=str(member.pk),
                kunci=kunci,
                actor=kasir,
            )
            .debit(akun(koperasi, AKUN_UTANG_KELUAR), terutang, anggota=member)
            .kredit(akun(koperasi, chart.KAS), terutang)
            .post()
        )
        return kwitansi_buat(
            koperasi=koperasi,
            anggota=member,
            jumlah=terutang,
            uraian=uraian,
            kasir=kasir,
            jurnal=jurnal,
            tanggal=tanggal,
        )
