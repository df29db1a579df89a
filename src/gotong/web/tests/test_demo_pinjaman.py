"""The demo loan book: played through the loan services, books balanced in every koperasi,
a queue to decide (entered and decided by different people), Citra's running loan, the
drawers closed without difference.

It reads the shared demo (``demo`` in conftest.py), whose main koperasi has a bigger book than
the scale gives (DEMO_PINJAMAN_MAJU), so it has macet loans to write off; that a second seed
changes nothing is checked for the whole demo in test_seed_demo.py (``sidik`` below is the loan
part of it)."""

import datetime as dt

from conftest import Demo

from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Jurnal
from gotong.loans.models import PembayaranPinjaman, Pinjaman, StatusPinjaman
from gotong.savings.models import SesiKas
from gotong.tenancy.models import Koperasi
from gotong.web.management.commands import seed_demo


def sidik() -> tuple[int, ...]:
    return (
        Pinjaman.objects.count(),
        PembayaranPinjaman.objects.count(),
        Jurnal.objects.count(),
        SesiKas.objects.count(),
    )


def test_the_loan_book_is_balanced_and_decided_by_two(demo: Demo) -> None:
    assert "pinjaman" in demo.keluaran
    for kop in Koperasi.objects.filter(digital=True):
        assert periksa_buku(kop) == [], kop.kode
        loans = Pinjaman.objects.filter(koperasi=kop)
        assert loans.filter(status=StatusPinjaman.DIAJUKAN).exists(), kop.kode  # the approval queue
        assert loans.filter(status=StatusPinjaman.AKTIF).exists() and loans.filter(status=StatusPinjaman.LUNAS)
        decided = loans.exclude(diputus_oleh=None)
        assert decided.exists()
        assert all(p.diputus_oleh_id != p.diajukan_oleh_id for p in decided), kop.kode
        cair = loans.exclude(tanggal_cair=None)
        assert min(p.tanggal_cair for p in cair) >= dt.date(2024, 1, 1)
        assert max(p.tanggal_cair for p in cair) < seed_demo.HARI_INI.replace(day=1)
    maju = Pinjaman.objects.filter(koperasi__kode="maju-bersama")
    assert maju.filter(status=StatusPinjaman.HAPUS_BUKU).count() >= 2
    assert maju.filter(direstrukturisasi=True).exists()
    assert maju.exclude(petugas=None).exists() and maju.exclude(penjamin_nama="").exists()
    assert maju.filter(jaminan__isnull=False).exists()
    assert PembayaranPinjaman.objects.filter(denda__gt=0).exists()
    assert PembayaranPinjaman.objects.filter(jenis="pelunasan").exists()
    assert max(PembayaranPinjaman.objects.values_list("tanggal", flat=True)) <= seed_demo.HARI_INI
    citra = Pinjaman.objects.filter(anggota__user__username="citra", status=StatusPinjaman.AKTIF)
    assert any(p.pembayaran.exists() for p in citra)
    # every drawer of the history was closed with the exact count
    assert not SesiKas.objects.filter(ditutup_pada=None).exists()
    assert not SesiKas.objects.exclude(selisih=0).exists()
