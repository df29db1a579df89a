"""Builders shared by the loan tests: products, an application by Budi approved by Ani,
a disbursed loan, payments, and a snapshot of what a refused action must leave as it was."""

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gotong.ledger.models import BarisJurnal, Jurnal
from gotong.loans.models import Angsuran, PembayaranPinjaman, Pinjaman, ProdukPinjaman
from gotong.loans.pembayaran import HasilBayar, angsuran_bayar
from gotong.loans.services import pengajuan_buat, pinjaman_cairkan, pinjaman_setujui, produk_default_siapkan
from gotong.members.models import Anggota
from gotong.tenancy.models import Koperasi, NamaPeran

D = Decimal
CAIR = dt.date(2026, 1, 15)
_kunci = itertools.count(1)


def kunci() -> str:
    return f"pinjam-{next(_kunci)}"


def produk(koperasi: Koperasi, kode: str = "umum", **ubah: Any) -> ProdukPinjaman:
    produk_default_siapkan(koperasi=koperasi)
    p = ProdukPinjaman.objects.get(koperasi=koperasi, kode=kode)
    if ubah:
        for k, v in ubah.items():
            setattr(p, k, v)
        p.save()
    return p


def ajukan(
    anggota: Anggota, oleh: Any, *, pokok: str = "9000000", tenor: int = 12, kode: str = "umum", **kw: Any
) -> Pinjaman:
    return pengajuan_buat(
        koperasi=anggota.koperasi,
        anggota=anggota,
        produk=produk(anggota.koperasi, kode),
        pokok=D(pokok),
        tenor=tenor,
        tujuan="Modal warung",
        penghasilan_bulanan=D("5000000"),
        actor=oleh,
        **kw,
    )


def cair(
    anggota: Anggota, pembuat: Any, penyetuju: Any, *, tanggal: dt.date = CAIR, cara: str = "sukarela", **kw: Any
) -> Pinjaman:
    """An application by ``pembuat``, approved by ``penyetuju`` (as ketua), disbursed."""
    p = ajukan(anggota, pembuat, **kw)
    pada = timezone.make_aware(dt.datetime.combine(tanggal, dt.time(9)))
    pinjaman_setujui(pinjaman=p, actor=penyetuju, roles=frozenset({NamaPeran.KETUA}), pada=pada)
    from gotong.savings.services import rekening_buka_anggota_baru

    rekening_buka_anggota_baru(anggota=anggota, tanggal=tanggal)
    hasil = pinjaman_cairkan(pinjaman=p, tanggal=tanggal, cara=cara, actor=penyetuju, kunci=kunci())
    return hasil.pinjaman


def bayar(p: Pinjaman, jumlah: str, kasir: Any, tanggal: dt.date, **kw: Any) -> HasilBayar:
    return angsuran_bayar(
        pinjaman=p, jumlah=D(jumlah), tanggal=tanggal, cara=kw.pop("cara", "loket"), actor=kasir, kunci=kunci(), **kw
    )


def jejak(koperasi: Koperasi) -> tuple[Any, ...]:
    """Counts and balances a refused action must leave as they were."""
    return (
        Jurnal.objects.filter(koperasi=koperasi).count(),
        BarisJurnal.objects.filter(jurnal__koperasi=koperasi).count(),
        PembayaranPinjaman.objects.filter(koperasi=koperasi).count(),
        sorted(
            Pinjaman.objects.filter(koperasi=koperasi).values_list(
                "pk", "status", "sisa_pokok", "titipan", "ppap", "bunga_akrual"
            )
        ),
        sorted(
            Angsuran.objects.filter(koperasi=koperasi).values_list(
                "pk", "pokok_dibayar", "bunga_dibayar", "denda_dibayar", "lunas_pada"
            )
        ),
    )
