"""The demo koperasi's RAT material: the board's accountability report of a closed book year and
next year's work plan and budget (RAPBK).

The report is written from the year's own figures (members from the register, income, costs,
SHU and assets from the statements), so it reads as the board of that koperasi would write it.
The RAPBK budget is last year's actual grown at a plausible rate (income +10 %, costs +7 %,
rounded to the thousand rupiah) with one planned equipment purchase. Everything goes through
the RAT and RAPBK services (audited as the ketua's edits); a second run changes nothing.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gotong.core.formatting import rupiah, tanggal
from gotong.core.money import ZERO, round_rupiah
from gotong.reports.anggaran import (
    BAGIAN_BEBAN,
    BAGIAN_INVESTASI,
    BAGIAN_PENDAPATAN,
    akun_anggaran,
    anggaran_simpan,
    bagian_akun,
    realisasi,
    rencana_kerja_simpan,
)
from gotong.reports.models import AnggaranBaris, LaporanPengurus
from gotong.reports.rat import laporan_pengurus_simpan
from gotong.reports.statements import HasilUsaha, Periode, hasil_usaha, posisi_keuangan
from gotong.reports.statistik import StatistikAnggota, statistik_anggota
from gotong.tenancy.models import JenisKoperasi, Koperasi, NamaPeran, Peran

KENAIKAN = {BAGIAN_PENDAPATAN: Decimal("1.10"), BAGIAN_BEBAN: Decimal("1.07")}
PEMBELIAN_ALAT = Decimal("9500000")  # a laptop and a receipt printer for a second counter


def _pengurus(koperasi: Koperasi) -> dict[str, str]:
    rows = Peran.objects.filter(
        koperasi=koperasi, aktif=True, peran__in=(NamaPeran.KETUA, NamaPeran.SEKRETARIS, NamaPeran.BENDAHARA)
    ).select_related("user")
    nama: dict[str, str] = {}
    for p in rows.order_by("pk"):
        nama.setdefault(p.peran, str(p.user))
    return nama


def _susunan(koperasi: Koperasi) -> str:
    nama = _pengurus(koperasi)
    bagian = [f"{nama[p]} sebagai {NamaPeran(p).label.lower()}" for p in NamaPeran if p in nama]
    if not bagian:
        return "Susunan pengurus hasil RAT sebelumnya tidak berubah sepanjang tahun."
    return "Susunan pengurus hasil RAT sebelumnya tidak berubah: " + ", ".join(bagian) + "."


def _organisasi(koperasi: Koperasi, tahun: int, s: StatistikAnggota) -> str:
    return "\n\n".join(
        [
            f"Selama tahun buku {tahun} pengurus {koperasi.nama} mengadakan rapat pengurus setiap bulan "
            "dan rapat gabungan bersama pengawas setiap triwulan. " + _susunan(koperasi),
            f"Pada awal tahun anggota tercatat {s.awal.jumlah} orang. Sepanjang tahun {s.masuk.jumlah} orang "
            f"diterima menjadi anggota baru dan {s.keluar.jumlah} orang keluar, sehingga pada 31 Desember {tahun} "
            f"anggota berjumlah {s.akhir.jumlah} orang ({s.akhir.laki_laki} laki-laki dan "
            f"{s.akhir.perempuan} perempuan). Setiap calon anggota mengikuti pendidikan dasar perkoperasian "
            "sebelum pendaftarannya disetujui pengurus.",
            _keluar(s),
        ]
    )


def _keluar(s: StatistikAnggota) -> str:
    if not s.keluar.jumlah:
        return "Tidak ada anggota yang keluar tahun ini; pengurus berterima kasih atas kesetiaan anggota."
    return (
        "Anggota yang keluar sebagian besar karena pindah tempat tinggal; simpanan mereka telah dikembalikan "
        "setelah dikurangi kewajiban yang masih ada, sesuai anggaran dasar."
    )


def _pendapatan_utama(h: HasilUsaha) -> str:
    rows = sorted(h.pendapatan, key=lambda r: r.jumlah, reverse=True)[:2]
    return " dan ".join(f"{r.label.lower()} {rupiah(r.jumlah)}" for r in rows if r.jumlah > ZERO)


def _usaha(koperasi: Koperasi, tahun: int, h: HasilUsaha) -> str:
    if koperasi.jenis == JenisKoperasi.SIMPAN_PINJAM:
        inti = (
            "Usaha koperasi adalah simpan pinjam: menghimpun simpanan anggota dan menyalurkannya kembali "
            "sebagai pinjaman."
        )
    else:
        inti = "Selain unit usaha utamanya, koperasi melayani simpanan dan pinjaman anggota."
    sejak = f" sejak {tanggal(koperasi.digital_sejak)}" if koperasi.digital_sejak else ""
    utama = _pendapatan_utama(h)
    return "\n\n".join(
        [
            inti + (f" Pendapatan terbesar tahun {tahun} berasal dari {utama}." if utama else ""),
            f"Loket pelayanan buka setiap hari kerja. Pencatatan transaksi memakai Gotong{sejak}, sehingga setiap "
            "setoran dan angsuran langsung tercatat di buku besar, kwitansi tercetak di loket, dan anggota dapat "
            "melihat saldo serta jadwal angsurannya dari telepon.",
            "Petugas lapangan mengunjungi kelompok anggota di desa setiap pekan untuk menerima angsuran dan "
            "menyampaikan informasi koperasi.",
        ]
    )


def _arah(kini: Decimal, lalu: Decimal) -> str:
    if lalu <= ZERO:
        return ""
    tenth = (kini - lalu) * 1000 / lalu
    persen = f"{abs(tenth) / 10:.1f}".replace(".", ",")
    return f", {'naik' if kini >= lalu else 'turun'} {persen}% dibanding tahun sebelumnya"


def _keuangan(koperasi: Koperasi, tahun: int, h: HasilUsaha) -> str:
    aset = posisi_keuangan(koperasi=koperasi, periode=Periode(tahun)).total_aset[0]
    hasil = "SHU" if h.shu >= ZERO else "rugi"
    anggota = round_rupiah(h.shu_anggota)  # the members' part is an exact share; shown to the rupiah
    return "\n\n".join(
        [
            f"Pendapatan tahun {tahun} sebesar {rupiah(h.total_pendapatan)} dan beban {rupiah(h.total_beban)}, "
            f"sehingga {hasil} tahun buku {rupiah(abs(h.shu))}{_arah(h.shu, h.shu_pembanding)}. Dari jumlah itu, "
            f"{rupiah(anggota)} berasal dari transaksi dengan anggota dan {rupiah(h.shu - anggota)} dari "
            "non-anggota; bagian non-anggota tidak dibagikan dan masuk cadangan.",
            f"Jumlah aset per 31 Desember {tahun} {rupiah(aset)}. Laporan keuangan disusun menurut SAK EP "
            "(Permenkop UKM 2/2024), ditutup dengan jurnal penutup tahun buku, dan telah diperiksa pengawas "
            "sebelum disampaikan kepada RAT.",
        ]
    )


KENDALA = (
    "Masih ada anggota yang terlambat membayar angsuran, terutama pada musim tanam ketika penghasilan anggota "
    "petani belum masuk. Pengurus menanganinya dengan kunjungan petugas lapangan, penjadwalan ulang bagi anggota "
    "yang benar-benar kesulitan, dan pengingat angsuran lewat WhatsApp.\n\n"
    "Sebagian anggota belum rutin menyetor simpanan wajib setiap bulan. Pengurus mengingatkan dalam pertemuan "
    "kelompok dan menampilkan tunggakan simpanan wajib pada daftar petugas lapangan."
)


def _rencana(tahun: int) -> str:
    return "\n\n".join(
        [
            f"Untuk tahun {tahun + 1} pengurus mengusulkan program kerja dan anggaran (RAPBK) yang terlampir: "
            "pendapatan direncanakan naik sekitar 10% dan beban sekitar 7% dari realisasi tahun ini.",
            "Pengurus menyarankan RAT menyetujui pembagian SHU sesuai anggaran dasar dan mendorong anggota "
            "memanfaatkan pelayanan koperasi, karena jasa yang diterima anggota mengikuti besarnya transaksi.",
        ]
    )


def _program(tahun: int) -> tuple[str, str]:
    depan = tahun + 1
    program = "\n".join(
        [
            "1. Penyuluhan perkoperasian di setiap desa wilayah kerja (Maret–Mei); penanggung jawab: sekretaris.",
            "2. Pengingat angsuran dan simpanan wajib lewat WhatsApp untuk menekan tunggakan di bawah 5% "
            "(sepanjang tahun); penanggung jawab: manajer.",
            "3. Penambahan anggota baru 10% melalui pendaftaran daring dan pertemuan kelompok; "
            "penanggung jawab: ketua.",
            "4. Pelatihan pengelola tentang laporan keuangan SAK EP (Juli); penanggung jawab: bendahara.",
            "5. Pembelian laptop dan printer kwitansi untuk loket kedua (April); penanggung jawab: bendahara.",
            f"6. RAT tahun buku {depan} paling lambat Maret {depan + 1}.",
        ]
    )
    asumsi = (
        f"Pendapatan naik 10% dan beban naik 7% dari realisasi {tahun}; suku jasa pinjaman dan simpanan tidak berubah; "
        "anggota aktif bertambah sekitar 10%; tunggakan di bawah 5% dari pinjaman beredar."
    )
    return program, asumsi


def _anggaran(koperasi: Koperasi, tahun: int) -> dict[int, object]:
    """Next year's budget: this year's actual grown per section, and one equipment purchase."""
    nyata = realisasi(koperasi=koperasi, tahun=tahun)
    baris: dict[int, object] = {}
    investasi = None
    for a in akun_anggaran(koperasi):
        bagian = bagian_akun(a)
        if bagian == BAGIAN_INVESTASI:
            investasi = investasi or a
            continue
        dasar = nyata.get(a.pk, ZERO)
        if bagian in KENAIKAN and dasar > ZERO:
            baris[a.pk] = round_rupiah(dasar * KENAIKAN[bagian], step=1000)
    if investasi is not None:
        baris[investasi.pk] = PEMBELIAN_ALAT
    return baris


def demo_rat(*, koperasi: Koperasi, tahun: int, actor: Any, hari_ini: dt.date | None = None) -> dict[str, int]:
    """Write the board's report of book year ``tahun`` and the RAPBK of ``tahun + 1``.

    ``hari_ini`` is the demo's today (the RAPBK is for this year or next). Returns how many
    report sections and budget lines were written."""
    today = hari_ini or timezone.localdate()
    s = statistik_anggota(koperasi=koperasi, tahun=tahun)
    h = hasil_usaha(koperasi=koperasi, periode=Periode(tahun))
    data = {
        "organisasi": _organisasi(koperasi, tahun, s),
        "usaha": _usaha(koperasi, tahun, h),
        "keuangan": _keuangan(koperasi, tahun, h),
        "kendala": KENDALA,
        "rencana": _rencana(tahun),
    }
    laporan_pengurus_simpan(koperasi=koperasi, tahun=tahun, data=data, actor=actor, today=today)
    program, asumsi = _program(tahun)
    rencana_kerja_simpan(koperasi=koperasi, tahun=tahun + 1, program=program, asumsi=asumsi, actor=actor, today=today)
    anggaran_simpan(koperasi=koperasi, tahun=tahun + 1, baris=_anggaran(koperasi, tahun), actor=actor, today=today)
    return {
        "bagian_laporan": len(LaporanPengurus.BAGIAN),
        "baris_anggaran": AnggaranBaris.objects.for_koperasi(koperasi).tahun(tahun + 1).count(),
    }
