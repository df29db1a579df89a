"""Each statement laid out once, as titled tables of labelled amounts with their check lines,
so that the screen, the PDF and the Excel workbook print exactly the same lines.

The figures come from ``reports.statements``; this module only orders and labels them. A
statement's check lines (assets = liabilities + equity, opening cash + flows = closing cash,
each equity column ties) are computed here from the printed figures and always shown —
an unbalanced statement says so, it is never hidden.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gotong.core.formatting import tanggal
from gotong.core.money import ZERO
from gotong.ledger.selectors import kode_key
from gotong.reports import statements as st
from gotong.reports.forms import NAMA_BULAN
from gotong.reports.statements import Periode
from gotong.tenancy.models import Koperasi

Nilai = Decimal | None

# Row styles: a heading without figures, an ordinary line, a subtotal, a total.
JUDUL, BIASA, SUBTOTAL, TOTAL = "judul", "", "subtotal", "total"


@dataclass(frozen=True)
class BarisLaporan:
    label: str
    nilai: tuple[Nilai, ...] = ()
    kode: str = ""
    gaya: str = BIASA
    tingkat: int = 0
    akun_pk: int | None = None  # the trial balance links each account to its general ledger


@dataclass(frozen=True)
class Tabel:
    kolom: tuple[str, ...]  # the amount columns' headings
    baris: tuple[BarisLaporan, ...]
    judul: str = ""
    dengan_kode: bool = False
    jenis: str = "tabel"


@dataclass(frozen=True)
class Paragraf:
    judul: str
    teks: tuple[str, ...]
    jenis: str = "paragraf"


@dataclass(frozen=True)
class Cek:
    """One check line: two figures that must be equal (``kiri`` = ``kanan``)."""

    label: str
    kiri: Decimal
    kanan: Decimal

    @property
    def ok(self) -> bool:
        return self.kiri == self.kanan

    @property
    def selisih(self) -> Decimal:
        return self.kiri - self.kanan


@dataclass(frozen=True)
class Laporan:
    kunci: str
    judul: str
    periode: Periode
    keterangan: str
    isi: tuple[Tabel | Paragraf, ...]
    cek: tuple[Cek, ...] = field(default=())

    @property
    def seimbang(self) -> bool:
        return all(c.ok for c in self.cek)

    @property
    def tabel(self) -> list[Tabel]:
        return [b for b in self.isi if isinstance(b, Tabel)]


# --- Period words -----------------------------------------------------------------------------


def nama_bulan(bulan: int) -> str:
    return str(dict(NAMA_BULAN)[bulan])


def label_periode(p: Periode) -> str:
    """A column heading: ``2025``, ``Juni 2025`` or ``Januari–Juni 2025``."""
    if (p.bulan_awal, p.bulan_akhir) == (1, 12):
        return str(p.tahun)
    if p.bulan_awal == p.bulan_akhir:
        return f"{nama_bulan(p.bulan_awal)} {p.tahun}"
    return f"{nama_bulan(p.bulan_awal)}–{nama_bulan(p.bulan_akhir)} {p.tahun}"


def teks_periode(p: Periode) -> str:
    """``1 Januari 2025 s.d. 31 Desember 2025``."""
    return _("%(awal)s s.d. %(akhir)s") % {"awal": tanggal(p.awal), "akhir": tanggal(p.akhir)}


def _keterangan_arus(p: Periode) -> str:
    return _("Untuk periode %(kini)s, dengan pembanding %(lalu)s") % {
        "kini": teks_periode(p),
        "lalu": teks_periode(p.pembanding),
    }


def _keterangan_per(p: Periode) -> str:
    return _("Per %(kini)s, dengan pembanding per %(lalu)s") % {
        "kini": tanggal(p.akhir),
        "lalu": tanggal(p.pembanding.akhir),
    }


# --- Neraca saldo -----------------------------------------------------------------------------


def neraca_saldo(koperasi: Koperasi, periode: Periode) -> Laporan:
    rows = st.neraca_saldo(koperasi=koperasi, periode=periode)
    pk = {a.kode: a.pk for a in st.akun_koperasi(koperasi).values()}
    baris = [
        BarisLaporan(r.label, (r.debit, r.kredit, r.debit_pembanding, r.kredit_pembanding), r.kode, akun_pk=pk[r.kode])
        for r in rows
    ]
    total = tuple(sum((b.nilai[i] or ZERO for b in baris), ZERO) for i in range(4))
    baris.append(BarisLaporan(_("Jumlah"), total, gaya=TOTAL))
    kini, lalu = tanggal(periode.akhir), tanggal(periode.pembanding.akhir)
    kolom = (
        _("Debit %(per)s") % {"per": kini},
        _("Kredit %(per)s") % {"per": kini},
        _("Debit %(per)s") % {"per": lalu},
        _("Kredit %(per)s") % {"per": lalu},
    )
    cek = (
        Cek(_("Jumlah debit = jumlah kredit per %(per)s") % {"per": kini}, total[0], total[1]),
        Cek(_("Jumlah debit = jumlah kredit per %(per)s") % {"per": lalu}, total[2], total[3]),
    )
    return Laporan(
        "neraca-saldo",
        _("Neraca saldo"),
        periode,
        _keterangan_per(periode),
        (Tabel(kolom, tuple(baris), dengan_kode=True),),
        cek,
    )


# --- Laporan posisi keuangan ------------------------------------------------------------------


def _bagian(bagian: st.Bagian, jumlah_label: str, tingkat: int = 1) -> list[BarisLaporan]:
    rows = [BarisLaporan(bagian.judul, gaya=JUDUL, tingkat=tingkat)]
    rows += [BarisLaporan(b.label, (b.jumlah, b.pembanding), b.kode, tingkat=tingkat + 1) for b in bagian.baris]
    rows.append(BarisLaporan(jumlah_label, (bagian.jumlah, bagian.pembanding), gaya=SUBTOTAL, tingkat=tingkat))
    return rows


def posisi_keuangan(koperasi: Koperasi, periode: Periode) -> Laporan:
    pk = st.posisi_keuangan(koperasi=koperasi, periode=periode)
    aset, kewajiban, ke = pk.total_aset, pk.total_kewajiban, pk.total_kewajiban_ekuitas
    baris = [
        BarisLaporan(_("ASET"), gaya=JUDUL),
        *_bagian(pk.aset_lancar, _("Jumlah aset lancar")),
        *_bagian(pk.aset_tidak_lancar, _("Jumlah aset tidak lancar")),
        BarisLaporan(_("JUMLAH ASET"), aset, gaya=TOTAL),
        BarisLaporan(_("KEWAJIBAN DAN EKUITAS"), gaya=JUDUL),
        *_bagian(pk.kewajiban_pendek, _("Jumlah kewajiban jangka pendek")),
        *_bagian(pk.kewajiban_panjang, _("Jumlah kewajiban jangka panjang")),
        BarisLaporan(_("Jumlah kewajiban"), kewajiban, gaya=SUBTOTAL),
        *_bagian(pk.ekuitas, _("Jumlah ekuitas")),
        BarisLaporan(_("JUMLAH KEWAJIBAN DAN EKUITAS"), ke, gaya=TOTAL),
    ]
    kolom = (tanggal(pk.per), tanggal(pk.per_pembanding))
    cek = tuple(Cek(_("Aset = kewajiban + ekuitas per %(per)s") % {"per": kolom[i]}, aset[i], ke[i]) for i in range(2))
    return Laporan(
        "posisi-keuangan",
        _("Laporan posisi keuangan"),
        periode,
        _keterangan_per(periode),
        (Tabel(kolom, tuple(baris)),),
        cek,
    )


# --- Laporan perhitungan hasil usaha ----------------------------------------------------------


def _pendapatan(rows: list[st.BarisHasil]) -> list[BarisLaporan]:
    return [BarisLaporan(r.label, (r.anggota, r.non_anggota, r.jumlah, r.pembanding), r.kode, tingkat=1) for r in rows]


def _beban(rows: list[st.BarisHasil]) -> list[BarisLaporan]:
    # Costs serve members and non-members alike: they are shared in proportion to income
    # (``statements.HasilUsaha``), so only the SHU line carries the split, not each cost.
    return [BarisLaporan(r.label, (None, None, r.jumlah, r.pembanding), r.kode, tingkat=1) for r in rows]


def _jumlah(rows: list[BarisLaporan], label: str) -> BarisLaporan:
    kolom = range(len(rows[0].nilai)) if rows else range(4)
    nilai: list[Nilai] = []
    for i in kolom:
        angka = [v for r in rows if (v := r.nilai[i]) is not None]
        nilai.append(sum(angka, ZERO) if angka or not rows else None)
    return BarisLaporan(label, tuple(nilai), gaya=SUBTOTAL)


PEMBAGIAN_SHU = gettext_lazy(
    "Pendapatan dipisah menurut partisipasi anggota dan non-anggota (baris jurnal yang menyebut anggota). "
    "Beban dibagi sebanding dengan pendapatan, sehingga SHU bagian anggota = SHU × pendapatan dari anggota ÷ "
    "jumlah pendapatan. SHU dari non-anggota tidak dibagikan kepada anggota (UU 25/1992 Pasal 45)."
)


def hasil_usaha(koperasi: Koperasi, periode: Periode) -> Laporan:
    hu = st.hasil_usaha(koperasi=koperasi, periode=periode)
    lalu = st.hasil_usaha(koperasi=koperasi, periode=periode.pembanding)
    pendapatan_baris, beban_baris = _pendapatan(hu.pendapatan), _beban(hu.beban)
    pendapatan = _jumlah(pendapatan_baris, _("Jumlah pendapatan"))
    beban = _jumlah(beban_baris, _("Jumlah beban"))
    selisih = [(pendapatan.nilai[i] or ZERO) - (beban.nilai[i] or ZERO) for i in (2, 3)]
    baris = [
        BarisLaporan(_("PENDAPATAN"), gaya=JUDUL),
        *pendapatan_baris,
        pendapatan,
        BarisLaporan(_("BEBAN"), gaya=JUDUL),
        *beban_baris,
        beban,
        BarisLaporan(
            _("SISA HASIL USAHA (SHU)"), (hu.shu_anggota, hu.shu_non_anggota, hu.shu, hu.shu_pembanding), gaya=TOTAL
        ),
        BarisLaporan(_("SHU bagian anggota"), (None, None, hu.shu_anggota, lalu.shu_anggota), tingkat=1),
        BarisLaporan(_("SHU bagian non-anggota"), (None, None, hu.shu_non_anggota, lalu.shu_non_anggota), tingkat=1),
        BarisLaporan(
            _("Penghasilan komprehensif lain"),
            (None, None, hu.penghasilan_komprehensif_lain, lalu.penghasilan_komprehensif_lain),
        ),
        BarisLaporan(
            _("JUMLAH PENGHASILAN KOMPREHENSIF"),
            (None, None, hu.total_penghasilan_komprehensif, lalu.total_penghasilan_komprehensif),
            gaya=TOTAL,
        ),
    ]
    kolom = (_("Partisipasi anggota"), _("Non-anggota"), label_periode(periode), label_periode(periode.pembanding))
    cek = (
        Cek(_("Jumlah pendapatan − jumlah beban = SHU %(p)s") % {"p": kolom[2]}, selisih[0], hu.shu),
        Cek(_("Jumlah pendapatan − jumlah beban = SHU %(p)s") % {"p": kolom[3]}, selisih[1], hu.shu_pembanding),
        Cek(
            _("SHU anggota + SHU non-anggota = SHU %(p)s") % {"p": kolom[2]},
            hu.shu_anggota + hu.shu_non_anggota,
            hu.shu,
        ),
    )
    return Laporan(
        "hasil-usaha",
        _("Laporan perhitungan hasil usaha"),
        periode,
        _keterangan_arus(periode),
        (Tabel(kolom, tuple(baris)), Paragraf("", (str(PEMBAGIAN_SHU),))),
        cek,
    )


# --- Laporan perubahan ekuitas ----------------------------------------------------------------

_KOLOM_EKUITAS = (
    gettext_lazy("Saldo awal"),
    gettext_lazy("Penambahan"),
    gettext_lazy("Pengurangan"),
    gettext_lazy("SHU periode"),
    gettext_lazy("Saldo akhir"),
)


def _tabel_ekuitas(judul: str, kolom: list[st.KolomEkuitas]) -> Tabel:
    baris = [BarisLaporan(k.label, (k.awal, k.tambah, -k.kurang, k.shu_periode, k.akhir), k.kode) for k in kolom]
    total = tuple(sum((b.nilai[i] or ZERO for b in baris), ZERO) for i in range(5))
    baris.append(BarisLaporan(_("Jumlah ekuitas"), total, gaya=TOTAL))
    return Tabel(tuple(str(k) for k in _KOLOM_EKUITAS), tuple(baris), judul=judul, dengan_kode=True)


def _cek_ekuitas(kolom: list[st.KolomEkuitas], posisi: Decimal, per: str) -> list[Cek]:
    cek = [
        Cek(
            _("%(akun)s: saldo awal + penambahan − pengurangan + SHU = saldo akhir") % {"akun": k.label},
            k.awal + k.tambah - k.kurang + k.shu_periode,
            k.akhir,
        )
        for k in kolom
    ]
    akhir = sum((k.akhir for k in kolom), ZERO)
    cek.append(Cek(_("Jumlah ekuitas = ekuitas laporan posisi keuangan per %(per)s") % {"per": per}, akhir, posisi))
    return cek


def perubahan_ekuitas(koperasi: Koperasi, periode: Periode) -> Laporan:
    pe = st.perubahan_ekuitas(koperasi=koperasi, periode=periode)
    pk = st.posisi_keuangan(koperasi=koperasi, periode=periode)
    kini, lalu = label_periode(periode), label_periode(periode.pembanding)
    cek = _cek_ekuitas(pe.kolom, pk.ekuitas.jumlah, tanggal(pk.per))
    cek += _cek_ekuitas(pe.pembanding, pk.ekuitas.pembanding, tanggal(pk.per_pembanding))
    return Laporan(
        "perubahan-ekuitas",
        _("Laporan perubahan ekuitas"),
        periode,
        _keterangan_arus(periode),
        (_tabel_ekuitas(kini, pe.kolom), _tabel_ekuitas(lalu, pe.pembanding)),
        tuple(cek),
    )


# --- Laporan arus kas -------------------------------------------------------------------------

_KEGIATAN = (
    (
        "operasi",
        gettext_lazy("Arus kas dari aktivitas operasi"),
        gettext_lazy("Arus kas bersih dari aktivitas operasi"),
    ),
    (
        "investasi",
        gettext_lazy("Arus kas dari aktivitas investasi"),
        gettext_lazy("Arus kas bersih dari aktivitas investasi"),
    ),
    (
        "pendanaan",
        gettext_lazy("Arus kas dari aktivitas pendanaan"),
        gettext_lazy("Arus kas bersih dari aktivitas pendanaan"),
    ),
)


def _gabung(kini: Iterable[st.BarisArusKas], lalu: Iterable[st.BarisArusKas]) -> list[BarisLaporan]:
    """Receipts and payments per counter-account (direct method), this period beside last year's."""
    a = {r.kode: r for r in kini}
    b = {r.kode: r for r in lalu}
    rows = []
    for kode in sorted(set(a) | set(b), key=kode_key):
        r_kini, r_lalu = a.get(kode), b.get(kode)
        label = (r_kini or r_lalu).label  # type: ignore[union-attr]
        masuk = (r_kini.masuk if r_kini else ZERO, r_lalu.masuk if r_lalu else ZERO)
        keluar = (r_kini.keluar if r_kini else ZERO, r_lalu.keluar if r_lalu else ZERO)
        if any(masuk):
            rows.append(BarisLaporan(_("Penerimaan: %(akun)s") % {"akun": label}, masuk, kode, tingkat=1))
        if any(keluar):
            rows.append(
                BarisLaporan(_("Pengeluaran: %(akun)s") % {"akun": label}, (-keluar[0], -keluar[1]), kode, tingkat=1)
            )
    return rows


def arus_kas(koperasi: Koperasi, periode: Periode) -> Laporan:
    ak = st.arus_kas(koperasi=koperasi, periode=periode)
    kini, lalu = ak.kini, ak.pembanding
    baris: list[BarisLaporan] = []
    for kunci, judul, bersih in _KEGIATAN:
        baris.append(BarisLaporan(str(judul), gaya=JUDUL))
        baris += _gabung(getattr(kini, kunci), getattr(lalu, kunci))
        nilai = (getattr(kini, f"bersih_{kunci}"), getattr(lalu, f"bersih_{kunci}"))
        baris.append(BarisLaporan(str(bersih), nilai, gaya=SUBTOTAL))
    baris += [
        BarisLaporan(_("Kenaikan (penurunan) bersih kas dan bank"), (kini.kenaikan, lalu.kenaikan), gaya=SUBTOTAL),
        BarisLaporan(_("Kas dan bank awal periode"), (kini.kas_awal, lalu.kas_awal)),
        BarisLaporan(_("KAS DAN BANK AKHIR PERIODE"), (kini.kas_akhir, lalu.kas_akhir), gaya=TOTAL),
    ]
    kolom = (label_periode(periode), label_periode(periode.pembanding))
    cek = tuple(
        Cek(_("Kas awal + arus kas bersih = kas akhir %(p)s") % {"p": kolom[i]}, x.kas_awal + x.kenaikan, x.kas_akhir)
        for i, x in enumerate((kini, lalu))
    )
    return Laporan(
        "arus-kas",
        _("Laporan arus kas"),
        periode,
        _keterangan_arus(periode) + ". " + _("Aktivitas operasi disajikan dengan metode langsung."),
        (Tabel(kolom, tuple(baris)),),
        cek,
    )


Penyusun = Callable[[Koperasi, Periode], Laporan]
