"""A member who leaves with a running loan: the loan is offset against the savings returned
(DOMAIN.md, On exit: "offset = savings applied to the loan, one journal entry, shown to the
member").

Registered as a hook of ``savings.penyelesaian`` (``POTONGAN_KELUAR``). For each running loan
the payoff amount of the exit date is computed by the product's payoff rule
(``pembayaran.pelunasan_hitung``); an advance the loan holds is applied first (its own entry:
Dr 2.13); what remains is credited in the settlement entry — principal to 1.20, interest to
1.21 (as far as accrued) and 4.10, denda to 4.21 — and, once that entry is posted, the loan's
schedule is marked paid and the loan paid off, with a payment row pointing to the entry.
When the savings do not cover the loans, the settlement refuses the exit with its message.
"""

import datetime as dt
from decimal import Decimal

from gotong.core.money import ZERO
from gotong.ledger import chart
from gotong.ledger.models import Jurnal
from gotong.loans.models import CaraBayar, JenisPembayaran, Pinjaman, StatusPinjaman
from gotong.loans.pembayaran import (
    _aktif,
    _lock,
    _posting,
    _simpan_denda,
    alokasi_pelunasan,
    bunga_depan_bebaskan,
    catat_pembayaran,
    denda_hitung,
)
from gotong.members.models import Anggota
from gotong.savings.penyelesaian import Potongan


def _titipan_pakai(p: Pinjaman, tanggal: dt.date) -> None:
    """Use the loan's advance for everything it owes, before the savings are offset."""
    angsuran = _aktif(p)
    depan = bunga_depan_bebaskan(p, angsuran, tanggal)
    alokasi = alokasi_pelunasan(angsuran, depan, p.titipan, tanggal)
    # An advance above the payoff (the waived interest was paid ahead) is the member's: it is
    # payable with the savings returned (2.40), so the closed loan keeps nothing on 2.13.
    _posting(
        p=p,
        angsuran=angsuran,
        alokasi=alokasi,
        masuk=ZERO,
        titipan_dipakai=p.titipan,
        tanggal=tanggal,
        jenis=JenisPembayaran.TITIPAN,
        cara=CaraBayar.TITIPAN,
        actor=None,
        kunci=f"keluar-titipan-{p.pk}",
        uraian=f"Titipan dipakai untuk pelunasan {p.nomor} (anggota keluar) a.n. {p.anggota.nama}",
        dikembalikan=(chart.UTANG_ANGGOTA_KELUAR, alokasi.sisa),
    )


def _potongan_satu(p: Pinjaman, tanggal: dt.date) -> list[Potongan]:
    angsuran = _aktif(p)
    _simpan_denda(denda_hitung(angsuran, p, tanggal))
    if p.titipan > ZERO:
        _titipan_pakai(p, tanggal)
        p.refresh_from_db()
        if p.status != StatusPinjaman.AKTIF:
            return []
        angsuran = _aktif(p)
    depan = bunga_depan_bebaskan(p, angsuran, tanggal)
    total = sum((a.sisa for a in angsuran if a.lunas_pada is None), ZERO)
    alokasi = alokasi_pelunasan(angsuran, depan, total, tanggal)
    akrual = min(alokasi.bunga, p.bunga_akrual)

    def setelah(jurnal: Jurnal) -> None:
        catat_pembayaran(
            p=p,
            angsuran=angsuran,
            alokasi=alokasi,
            jurnal=jurnal,
            jumlah=total,
            titipan_dipakai=ZERO,
            tanggal=tanggal,
            jenis=JenisPembayaran.PELUNASAN,
            cara=CaraBayar.SUKARELA,
            actor=None,
        )

    baris: list[tuple[str, Decimal, str]] = [
        (chart.PIUTANG_PINJAMAN, alokasi.pokok, f"Sisa pokok pinjaman {p.nomor}"),
        (chart.PIUTANG_JASA_PINJAMAN, akrual, f"Jasa pinjaman {p.nomor} (akrual)"),
        (chart.JASA_PINJAMAN, alokasi.bunga - akrual, f"Jasa pinjaman {p.nomor}"),
        (chart.DENDA, alokasi.denda, f"Denda pinjaman {p.nomor}"),
    ]
    potongan = [Potongan(kode, jumlah, ket) for kode, jumlah, ket in baris if jumlah > ZERO]
    if potongan:  # the loan is marked paid once, after the entry
        first = potongan[0]
        potongan[0] = Potongan(first.akun_kode, first.jumlah, first.keterangan, setelah=setelah)
    return potongan


def potongan_pinjaman(anggota: Anggota, tanggal: dt.date) -> list[Potongan]:
    """What the member's running loans take from the savings returned on exit."""
    potongan: list[Potongan] = []
    for p in Pinjaman.objects.filter(anggota=anggota, status=StatusPinjaman.AKTIF).order_by("pk"):
        potongan += _potongan_satu(_lock(p), tanggal)
    return potongan
