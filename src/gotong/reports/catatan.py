"""Catatan atas laporan keuangan (the basic notes to the statements), per SAK EP as
Permenkop UKM 2/2024 asks of koperasi simpan pinjam from book year 2025.

What a board can state from Gotong's own records: who the koperasi is, the basis of
preparation, the accounting policies that follow from its savings and loan products and
its loan settings (collectibility bands and PPAP rates, DOMAIN.md Loans), and the details
of cash and bank, loans by collectibility, savings by kind and equity.
"""

import datetime as dt
from decimal import Decimal

from babel.numbers import format_decimal
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gotong.core import regions
from gotong.core.formatting import tanggal
from gotong.core.money import ZERO
from gotong.ledger import chart
from gotong.loans.models import Kolektibilitas, KolektibilitasBulanan, Pinjaman, ProdukPinjaman, StatusPinjaman
from gotong.loans.services import pengaturan
from gotong.reports import statements as st
from gotong.reports.statements import Periode
from gotong.reports.susunan import (
    SUBTOTAL,
    TOTAL,
    BarisLaporan,
    Cek,
    Laporan,
    Paragraf,
    Tabel,
    nama_bulan,
    teks_periode,
)
from gotong.savings.models import JenisSimpanan, MetodeBunga, ProdukSimpanan
from gotong.tenancy.models import Koperasi

# Permenkop UKM 2/2024: KSP/USP apply SAK EP from book year 2025 (DOMAIN.md, Accounting).
DASAR_SAK_EP = gettext_lazy(
    "Laporan keuangan disusun berdasarkan Standar Akuntansi Keuangan Entitas Privat (SAK EP) "
    "sebagaimana diberlakukan bagi koperasi oleh Peraturan Menteri Koperasi dan Usaha Kecil dan "
    "Menengah Nomor 2 Tahun 2024, dengan dasar akrual dan dalam mata uang rupiah."
)


def _persen(x: Decimal) -> str:
    return format_decimal(x, format="#,##0.###", locale="id_ID") + "%"


def _identitas(k: Koperasi) -> Paragraf:
    alamat = ", ".join(
        x
        for x in (
            k.alamat,
            regions.nama(k.desa_kode),
            regions.nama(k.kecamatan_kode),
            regions.nama(k.kabupaten_kode),
            regions.nama(k.provinsi_kode),
        )
        if x
    )
    badan_hukum = k.nomor_badan_hukum or "-"
    if k.tanggal_badan_hukum:
        badan_hukum += _(" tanggal %(t)s") % {"t": tanggal(k.tanggal_badan_hukum)}
    baris = [
        _("Nama: %(v)s") % {"v": k.nama},
        _("Jenis: koperasi %(jenis)s, pola %(pola)s") % {"jenis": k.get_jenis_display(), "pola": k.get_pola_display()},
        _("Badan hukum: %(v)s") % {"v": badan_hukum},
        _("NIK koperasi: %(v)s") % {"v": k.nik_koperasi or "-"},
        _("Alamat: %(v)s") % {"v": alamat or "-"},
    ]
    if k.kelompok:
        baris.append(_("Kelompok: %(v)s") % {"v": k.kelompok})
    return Paragraf(_("1. Umum"), tuple(baris))


def _dasar(periode: Periode) -> Paragraf:
    return Paragraf(
        _("2. Dasar penyusunan"),
        (
            str(DASAR_SAK_EP),
            _(
                "Laporan ini mencakup periode %(kini)s dan menyajikan periode yang sama tahun sebelumnya "
                "(%(lalu)s) sebagai pembanding."
            )
            % {"kini": teks_periode(periode), "lalu": teks_periode(periode.pembanding)},
            _(
                "Sesuai UU 25/1992 Pasal 45, hasil usaha dari anggota dan dari non-anggota disajikan terpisah; "
                "SHU dari non-anggota tidak dibagikan kepada anggota."
            ),
        ),
    )


def _produk_simpanan(k: Koperasi) -> list[str]:
    rows = []
    for p in ProdukSimpanan.objects.filter(koperasi=k, aktif=True).order_by("jenis", "nama"):
        pos = _("ekuitas") if p.jenis in (JenisSimpanan.POKOK, JenisSimpanan.WAJIB) else _("kewajiban")
        teks = _("%(nama)s (%(jenis)s, dicatat sebagai %(pos)s, akun %(akun)s)") % {
            "nama": p.nama,
            "jenis": p.get_jenis_display().lower(),
            "pos": pos,
            "akun": p.kode_akun_kontrol,
        }
        if p.suku_bunga_tahunan:
            teks += _(": jasa %(r)s per tahun") % {"r": _persen(p.suku_bunga_tahunan)}
            if p.metode_bunga != MetodeBunga.TANPA:
                teks += _(", dihitung dari %(m)s") % {"m": p.get_metode_bunga_display().lower()}
        rows.append("• " + teks)
    return rows or ["• " + _("Belum ada produk simpanan.")]


def _produk_pinjaman(k: Koperasi) -> list[str]:
    rows = []
    for p in ProdukPinjaman.objects.filter(koperasi=k, aktif=True).order_by("nama"):
        rows.append(
            "• "
            + _("%(nama)s: metode %(m)s, jasa %(r)s %(s)s, %(a)s–%(b)s angsuran %(f)s")
            % {
                "nama": p.nama,
                "m": p.get_metode_display().lower(),
                "r": _persen(p.suku_bunga),
                "s": p.get_satuan_bunga_display().lower(),
                "a": p.tenor_min,
                "b": p.tenor_maks,
                "f": p.get_frekuensi_display().lower(),
            }
        )
    return rows or ["• " + _("Belum ada produk pinjaman.")]


def _kebijakan(k: Koperasi) -> Paragraf:
    atur = pengaturan(k)
    jasa = (
        _("Jasa pinjaman diakui secara akrual: jasa jatuh tempo yang belum dibayar dicatat sebagai piutang jasa.")
        if atur.akrual_bunga
        else _("Jasa pinjaman diakui pada saat diterima.")
    )
    kolektibilitas = _(
        "Kolektibilitas pinjaman menurut hari tunggakan angsuran tertua: Lancar sampai %(a)s hari, "
        "Kurang Lancar %(a1)s–%(b)s hari, Diragukan %(b1)s–%(c)s hari, Macet lebih dari %(c)s hari."
    ) % {
        "a": atur.hari_kurang_lancar,
        "a1": atur.hari_kurang_lancar + 1,
        "b": atur.hari_diragukan,
        "b1": atur.hari_diragukan + 1,
        "c": atur.hari_macet,
    }
    ppap = _(
        "Penyisihan penghapusan pinjaman (PPAP) dibentuk dari sisa pokok dikurangi jaminan yang diakui: "
        "Lancar %(l)s, Kurang Lancar %(kl)s, Diragukan %(d)s, Macet %(m)s."
    ) % {
        "l": _persen(atur.ppap_lancar),
        "kl": _persen(atur.ppap_kurang_lancar),
        "d": _persen(atur.ppap_diragukan),
        "m": _persen(atur.ppap_macet),
    }
    teks = [
        _("a. Kas dan bank: uang tunai di kas koperasi dan saldo rekening bank (akun 1.01 dan 1.02)."),
        _("b. Piutang pinjaman anggota dicatat sebesar sisa pokok pinjaman (akun 1.20). ") + jasa,
        kolektibilitas,
        ppap,
        _("Produk pinjaman:"),
        *_produk_pinjaman(k),
        _(
            "c. Simpanan pokok dan simpanan wajib dicatat sebagai ekuitas; simpanan sukarela dan simpanan "
            "berjangka sebagai kewajiban (UU 25/1992 Pasal 41; PP 9/1995)."
        ),
        _("Produk simpanan:"),
        *_produk_simpanan(k),
        _(
            "d. Pendapatan dan beban diakui secara akrual. Pada akhir tahun buku pendapatan dan beban ditutup ke "
            "SHU tahun berjalan (akun 3.99); pembagiannya diputuskan Rapat Anggota Tahunan sesuai AD/ART."
        ),
    ]
    return Paragraf(_("3. Kebijakan akuntansi"), tuple(teks))


def _kas_atau_bank(kode: str) -> bool:
    return any(kode == k or kode.startswith(k + ".") for k in st.KAS_DAN_BANK)


def _rincian_kas(pk: st.PosisiKeuangan, kolom: tuple[str, str]) -> Tabel:
    rows = [b for b in pk.aset_lancar.baris if _kas_atau_bank(b.kode)]
    baris = [BarisLaporan(b.label, (b.jumlah, b.pembanding), b.kode) for b in rows]
    total = (sum((b.jumlah for b in rows), ZERO), sum((b.pembanding for b in rows), ZERO))
    baris.append(BarisLaporan(_("Jumlah kas dan bank"), total, gaya=TOTAL))
    return Tabel(kolom, tuple(baris), judul=_("4. Kas dan bank"), dengan_kode=True)


def _kolektibilitas_bulan(k: Koperasi, per: dt.date) -> dict[int, tuple[int, Decimal, Decimal]] | None:
    """Loans, outstanding principal and required PPAP per collectibility at a month's end: from
    that month's loan month-end run; for the running month, the loans as they stand today;
    ``None`` when the month-end of a past month was not run."""
    rows = (
        KolektibilitasBulanan.objects.filter(pinjaman__koperasi=k, tahun=per.year, bulan=per.month)
        .values("kolektibilitas")
        .annotate(n=Count("id"), sisa=Sum("sisa_pokok"), ppap=Sum("ppap"))
        .order_by()
    )
    hasil = {r["kolektibilitas"]: (r["n"], r["sisa"] or ZERO, r["ppap"] or ZERO) for r in rows}
    if hasil:
        return hasil
    if per >= timezone.localdate().replace(day=1):
        sekarang = (
            Pinjaman.objects.filter(koperasi=k, status=StatusPinjaman.AKTIF)
            .values("kolektibilitas")
            .annotate(n=Count("id"), sisa=Sum("sisa_pokok"), ppap=Sum("ppap"))
            .order_by()
        )
        return {r["kolektibilitas"]: (r["n"], r["sisa"] or ZERO, r["ppap"] or ZERO) for r in sekarang}
    return None


def _rincian_pinjaman(k: Koperasi, periode: Periode, pk: st.PosisiKeuangan) -> tuple[Tabel, list[str], list[Cek]]:
    kini = _kolektibilitas_bulan(k, periode.akhir)
    lalu = _kolektibilitas_bulan(k, periode.pembanding.akhir)
    baris = []
    for kol in Kolektibilitas:
        a, b = (kini or {}).get(kol.value), (lalu or {}).get(kol.value)
        label = _("%(kol)s (%(n)s pinjaman)") % {"kol": kol.label, "n": a[0] if a else 0}
        baris.append(
            BarisLaporan(
                label,
                (
                    a[1] if a else (ZERO if kini is not None else None),
                    a[2] if a else (ZERO if kini is not None else None),
                    b[1] if b else (ZERO if lalu is not None else None),
                    b[2] if b else (ZERO if lalu is not None else None),
                ),
            )
        )
    jumlah = tuple(
        sum((r.nilai[i] or ZERO for r in baris), ZERO) if (kini if i < 2 else lalu) is not None else None
        for i in range(4)
    )
    baris.append(BarisLaporan(_("Jumlah"), jumlah, gaya=SUBTOTAL))
    kolom = (
        _("Sisa pokok %(per)s") % {"per": tanggal(periode.akhir)},
        _("PPAP wajib %(per)s") % {"per": tanggal(periode.akhir)},
        _("Sisa pokok %(per)s") % {"per": tanggal(periode.pembanding.akhir)},
        _("PPAP wajib %(per)s") % {"per": tanggal(periode.pembanding.akhir)},
    )
    catatan, cek = [], []
    buku = {b.kode: (b.jumlah, b.pembanding) for b in pk.aset_lancar.baris}
    piutang = buku.get(chart.PIUTANG_PINJAMAN, (ZERO, ZERO))
    for i, (data, per) in enumerate(((kini, periode.akhir), (lalu, periode.pembanding.akhir))):
        if data is None:
            catatan.append(
                _("Akhir bulan pinjaman %(b)s %(t)s belum dijalankan: rincian kolektibilitas belum tersedia.")
                % {"b": nama_bulan(per.month), "t": per.year}
            )
        else:
            sisa = jumlah[2 * i] or ZERO
            cek.append(
                Cek(
                    _("Sisa pokok per kolektibilitas = piutang pinjaman (1.20) per %(per)s") % {"per": tanggal(per)},
                    sisa,
                    piutang[i],
                )
            )
    tabel = Tabel(kolom, tuple(baris), judul=_("5. Piutang pinjaman anggota menurut kolektibilitas"))
    return tabel, catatan, cek


_JENIS_SIMPANAN = (
    (chart.SIMPANAN_POKOK, JenisSimpanan.POKOK),
    (chart.SIMPANAN_WAJIB, JenisSimpanan.WAJIB),
    (chart.SIMPANAN_SUKARELA, JenisSimpanan.SUKARELA),
    (chart.SIMPANAN_BERJANGKA, JenisSimpanan.BERJANGKA),
)


def _rincian_simpanan(pk: st.PosisiKeuangan, kolom: tuple[str, str]) -> Tabel:
    buku = {b.kode: (b.jumlah, b.pembanding) for bagian in (pk.kewajiban_pendek, pk.ekuitas) for b in bagian.baris}
    baris = []
    for kode, jenis in _JENIS_SIMPANAN:
        nilai = buku.get(kode, (ZERO, ZERO))
        pos = _("ekuitas") if kode.startswith("3") else _("kewajiban")
        baris.append(BarisLaporan(f"{jenis.label} ({pos})", nilai, kode))
    total = tuple(sum((b.nilai[i] or ZERO for b in baris), ZERO) for i in range(2))
    baris.append(BarisLaporan(_("Jumlah simpanan anggota"), total, gaya=TOTAL))
    return Tabel(kolom, tuple(baris), judul=_("6. Simpanan anggota menurut jenis"), dengan_kode=True)


def _rincian_ekuitas(pk: st.PosisiKeuangan, kolom: tuple[str, str]) -> Tabel:
    baris = [BarisLaporan(b.label, (b.jumlah, b.pembanding), b.kode) for b in pk.ekuitas.baris]
    baris.append(BarisLaporan(_("Jumlah ekuitas"), (pk.ekuitas.jumlah, pk.ekuitas.pembanding), gaya=TOTAL))
    return Tabel(kolom, tuple(baris), judul=_("7. Ekuitas"), dengan_kode=True)


def catatan(koperasi: Koperasi, periode: Periode) -> Laporan:
    pk = st.posisi_keuangan(koperasi=koperasi, periode=periode)
    kolom = (tanggal(pk.per), tanggal(pk.per_pembanding))
    pinjaman, tanpa_rincian, cek = _rincian_pinjaman(koperasi, periode, pk)
    isi: list[Tabel | Paragraf] = [
        _identitas(koperasi),
        _dasar(periode),
        _kebijakan(koperasi),
        _rincian_kas(pk, kolom),
        pinjaman,
    ]
    if tanpa_rincian:
        isi.append(Paragraf("", tuple(tanpa_rincian)))
    isi += [_rincian_simpanan(pk, kolom), _rincian_ekuitas(pk, kolom)]
    return Laporan(
        "catatan",
        _("Catatan atas laporan keuangan"),
        periode,
        _("Untuk periode %(kini)s") % {"kini": teks_periode(periode)},
        tuple(isi),
        tuple(cek),
    )
