"""The demo's RAT material: the board's report from the year's figures and next year's RAPBK."""

import datetime as dt
from decimal import Decimal
from typing import Any

from gotong.core.models import AuditLog
from gotong.ledger.tests.helpers import post
from gotong.reports import rat
from gotong.reports.models import AnggaranBaris, LaporanPengurus, RencanaKerja
from gotong.tenancy.models import Koperasi
from gotong.web.demo_rat import demo_rat

HARI_INI = dt.date(2026, 11, 25)


def _buku(koperasi: Koperasi, anggota: Any) -> None:
    post(koperasi, dt.date(2025, 1, 5), "1.01", "3.12", "10000000")
    post(koperasi, dt.date(2025, 3, 1), "1.01", "4.10", "600000", anggota=anggota)
    post(koperasi, dt.date(2025, 4, 1), "1.01", "4.90", "200000")
    post(koperasi, dt.date(2025, 12, 20), "5.10", "1.01", "300000")


def test_the_demo_writes_a_board_report_from_the_years_figures(maju: Koperasi, citra_anggota: Any, ani: Any) -> None:
    _buku(maju, citra_anggota)

    demo_rat(koperasi=maju, tahun=2025, actor=ani, hari_ini=HARI_INI)

    lap = LaporanPengurus.objects.get(koperasi=maju, tahun=2025)
    assert all(getattr(lap, n).count("\n\n") >= 1 for n in LaporanPengurus.BAGIAN)  # several paragraphs each
    teks = " ".join(getattr(lap, n) for n in LaporanPengurus.BAGIAN)
    assert "lorem" not in teks.lower()
    assert "Ani Suryani sebagai ketua" in teks
    assert "anggota berjumlah 1 orang (0 laki-laki dan 1 perempuan)" in teks
    assert "sehingga SHU tahun buku Rp500.000" in teks and "Rp125.000 dari non-anggota" in teks


def test_the_demo_rapbk_grows_the_actuals_and_plans_one_purchase(maju: Koperasi, citra_anggota: Any, ani: Any) -> None:
    _buku(maju, citra_anggota)

    hasil = demo_rat(koperasi=maju, tahun=2025, actor=ani, hari_ini=HARI_INI)

    lines = {r.akun.kode: r.jumlah for r in AnggaranBaris.objects.filter(koperasi=maju, tahun=2026)}
    assert lines == {
        "4.10": Decimal("660000"),
        "4.90": Decimal("220000"),
        "5.10": Decimal("321000"),
        "1.40": Decimal("9500000"),
    }
    assert hasil == {"bagian_laporan": 5, "baris_anggaran": 4}
    assert "laptop" in RencanaKerja.objects.get(koperasi=maju, tahun=2026).program
    kekurangan = [k.kunci for k in rat.paket_rat(koperasi=maju, tahun=2025).kekurangan]
    assert "pengurus" not in kekurangan and "rapbk" not in kekurangan


def test_running_the_demo_twice_changes_nothing(maju: Koperasi, citra_anggota: Any, ani: Any) -> None:
    _buku(maju, citra_anggota)
    demo_rat(koperasi=maju, tahun=2025, actor=ani, hari_ini=HARI_INI)
    audit = AuditLog.objects.count()

    demo_rat(koperasi=maju, tahun=2025, actor=ani, hari_ini=HARI_INI)

    assert AuditLog.objects.count() == audit
    assert AnggaranBaris.objects.filter(koperasi=maju).count() == 4
