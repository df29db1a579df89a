"""The demo's statements hold for every demo koperasi and every year with books: the balance
sheet balances, the cash flow ties to the change in cash, each equity column ties (and the
total to the balance sheet), the trial balance balances, the notes' loans by collectibility
agree with 1.20, and the subsidiary ledgers agree with their control accounts — with or
without the demo's expenses and year closes.

It reads the shared demo (``demo`` in conftest.py), the one the other demo tests read."""

import pytest

from gotong.ledger.models import SaldoBulanan
from gotong.reports import catatan, pembantu, susunan
from gotong.reports.forms import periode_baku
from gotong.reports.statements import Periode
from gotong.tenancy.models import Koperasi


def _tidak_cocok(laporan: susunan.Laporan) -> list[str]:
    return [f"{laporan.judul}: {c.label} ({c.kiri} ≠ {c.kanan})" for c in laporan.cek if not c.ok]


@pytest.mark.usefixtures("demo")
def test_every_demo_statement_balances_in_every_year_with_books() -> None:
    digital = list(Koperasi.objects.filter(digital=True).order_by("kode"))
    assert digital
    masalah: list[str] = []
    diperiksa = 0
    for kop in digital:
        tahun = sorted(set(SaldoBulanan.objects.filter(koperasi=kop).values_list("tahun", flat=True)))
        assert tahun, kop.kode
        baku = periode_baku()
        for periode in {*(Periode(t) for t in tahun), baku}:
            for penyusun in (
                susunan.posisi_keuangan,
                susunan.arus_kas,
                susunan.perubahan_ekuitas,
                susunan.neraca_saldo,
                susunan.hasil_usaha,
                catatan.catatan,  # loans by collectibility against 1.20
            ):
                laporan = penyusun(kop, periode)
                masalah += [f"{kop.kode} {periode}: {m}" for m in _tidak_cocok(laporan)]
                diperiksa += 1
            per = periode.akhir
            kontrol = pembantu.simpanan_kontrol(koperasi=kop, per=per)
            kontrol.append(pembantu.pinjaman_kontrol(koperasi=kop, per=per))
            for k in kontrol:
                if not k.ok:
                    masalah.append(f"{kop.kode} {per}: buku pembantu {k.label} {k.pembantu} ≠ {k.kode} {k.buku_besar}")
    assert masalah == []
    assert diperiksa >= 6 * len(digital)
