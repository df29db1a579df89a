"""The demo's savings history: books that hold, plausible balances, arrears, numbering.

They read the shared demo (``demo`` in conftest.py); that a second seed changes nothing is
checked for the whole demo in test_seed_demo.py (``sidik`` below is the savings part of it)."""

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command

from gotong.core.money import ZERO
from gotong.ledger.models import Jurnal, SaldoBulanan
from gotong.members.models import Anggota, StatusAnggota
from gotong.members.services import anggota_approve
from gotong.savings.models import JenisSimpanan, MutasiSimpanan, RekeningSimpanan, StatusRekening, TagihanWajib
from gotong.savings.wajib import tunggakan_per_anggota
from gotong.tenancy.models import Koperasi, Penomoran
from gotong.web.management.commands.seed_demo import HARI_INI

DIGITAL = ("maju-bersama", "tani-makmur", "sejahtera-mandiri")

pytestmark = pytest.mark.usefixtures("demo")


def sidik() -> dict[str, Any]:
    return {
        "jurnal": Jurnal.objects.count(),
        "mutasi": MutasiSimpanan.objects.count(),
        "rekening": sorted(RekeningSimpanan.objects.values_list("nomor", "saldo", "status")),
        "tagihan": TagihanWajib.objects.count(),
        "saldo": sorted(SaldoBulanan.objects.values_list("akun_id", "tahun", "bulan", "debit", "kredit")),
    }


def test_check_books_passes_for_every_demo_koperasi() -> None:
    out = io.StringIO()
    call_command("check_books", stdout=out, stderr=out)  # raises CommandError when anything breaks
    for kode in DIGITAL:
        assert f"{kode}: beres" in out.getvalue()
        assert MutasiSimpanan.objects.filter(koperasi__kode=kode).count() > 100


def test_every_member_who_is_or_was_active_has_pokok_wajib_and_sukarela() -> None:
    for a in Anggota.objects.filter(status__in=[StatusAnggota.AKTIF, StatusAnggota.KELUAR]):
        jenis = set(a.rekening_simpanan.values_list("jenis", flat=True))
        assert {JenisSimpanan.POKOK, JenisSimpanan.WAJIB, JenisSimpanan.SUKARELA} <= jenis, a.nama
        terbuka = a.rekening_simpanan.filter(status=StatusRekening.AKTIF)
        if a.status == StatusAnggota.KELUAR:
            assert not terbuka.exists(), a.nama  # settled and closed on exit
        elif a.tanggal_masuk != HARI_INI:  # approved today by the demo's activity: pokok still due
            pokok = terbuka.get(jenis=JenisSimpanan.POKOK)
            assert pokok.saldo == pokok.produk.setoran_tetap, a.nama


def test_balances_are_plausible_and_history_spans_years() -> None:
    assert not RekeningSimpanan.objects.filter(saldo__lt=ZERO).exists()
    assert not MutasiSimpanan.objects.filter(saldo_setelah__lt=ZERO).exists()
    tanggal = MutasiSimpanan.objects.values_list("tanggal", flat=True)
    assert min(tanggal) == dt.date(2024, 1, 1) and max(tanggal) <= HARI_INI
    sukarela = RekeningSimpanan.objects.filter(jenis=JenisSimpanan.SUKARELA, status=StatusRekening.AKTIF)
    assert sukarela.filter(saldo__gt=ZERO).count() > sukarela.count() // 2
    setoran = MutasiSimpanan.objects.filter(rekening__jenis=JenisSimpanan.SUKARELA, jenis="setor")
    assert setoran.filter(jumlah__gte=20000, jumlah__lte=2000000).count() > setoran.count() // 2


def test_some_members_are_in_wajib_arrears_but_most_are_not() -> None:
    total, menunggak = 0, 0
    for kop in Koperasi.objects.filter(kode__in=DIGITAL):
        total += RekeningSimpanan.objects.filter(koperasi=kop, jenis=JenisSimpanan.WAJIB, status="aktif").count()
        menunggak += tunggakan_per_anggota(koperasi=kop, per=HARI_INI).count()
    assert 0 < menunggak < total // 2


def test_numbering_continues_after_the_history() -> None:
    kop = Koperasi.objects.get(kode="tani-makmur")
    sp = Penomoran.objects.get(koperasi=kop, seri="rekening-SP").terakhir
    calon = Anggota.objects.filter(koperasi=kop, status=StatusAnggota.CALON).first()
    assert calon is not None
    ketua = kop.peran.filter(peran="ketua").first().user  # type: ignore[union-attr]
    anggota_approve(anggota=calon, actor=ketua, tanggal_masuk=HARI_INI)
    assert RekeningSimpanan.objects.get(anggota=calon, jenis=JenisSimpanan.POKOK).nomor == f"SP-{sp + 1:06d}"
    for tahun in (2024, 2025, 2026):  # the posting service's next entry takes the next number
        n = Jurnal.objects.filter(koperasi=kop, tanggal__year=tahun).count()
        assert Penomoran.objects.get(koperasi=kop, seri=f"jurnal-{tahun}").terakhir == n
        assert Jurnal.objects.filter(koperasi=kop, nomor=f"JU-{tahun}-{n:06d}").exists()
