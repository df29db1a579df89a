"""The RAT package of one book year: what the annual members' meeting receives (DOMAIN.md, RAT
and government reporting): the financial statements, the SHU allocation and its distribution
per member, member statistics, the board's accountability report, next year's work plan and
budget (RAPBK), and the figures the koperasi reports to the ministry's ODS afterwards.

``paket_rat`` gathers them and names what is still missing (year not closed, SHU not approved,
board report empty, RAPBK empty): the package warns, it does not block — a koperasi may hold
its RAT on figures it then corrects. The board's report is written through
``laporan_pengurus_simpan`` (pengurus, audited).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_changes, audit_record, snapshot
from gotong.core.formatting import rupiah, tanggal
from gotong.core.money import ZERO
from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Periode as Periode_
from gotong.ledger.models import SaldoBulanan, TipeAkun
from gotong.members.models import Anggota
from gotong.province import ods
from gotong.province.models import LaporanTahunan
from gotong.reports import penutupan
from gotong.reports.anggaran import PerbandinganAnggaran, anggaran_vs_realisasi, rencana_kerja_dari
from gotong.reports.models import AnggaranBaris, LaporanPengurus, RencanaKerja, TahunBuku
from gotong.reports.statements import Periode
from gotong.reports.statistik import StatistikAnggota, statistik_anggota
from gotong.shu import selectors as shu_selectors
from gotong.tenancy.models import Koperasi

TAHUN_PERTAMA = 1990
TEKS_MAKS = 20_000

TAHUN_LAPORAN_TIDAK_SAH = _("Laporan pengurus ditulis untuk tahun buku {awal} sampai {akhir}.")
TEKS_TERLALU_PANJANG = _("Tulisan ini terlalu panjang (paling banyak {maks} huruf); ringkas atau bagi ke bagian lain.")

# What the package says is missing (warnings; the package is built anyway).
BELUM_DITUTUP = _("Tahun buku {tahun} belum ditutup: angka laporan keuangan masih bisa berubah.")
SHU_BELUM_DIHITUNG = _("SHU tahun buku {tahun} belum dihitung.")
SHU_BELUM_DISETUJUI = _("Pembagian SHU tahun buku {tahun} belum disetujui.")
LAPORAN_PENGURUS_KOSONG = _("Laporan pertanggungjawaban pengurus tahun {tahun} belum ditulis.")
RAPBK_KOSONG = _("RAPBK tahun {tahun} belum diisi: rencana kerja dan anggaran belum ada.")
RAPBK_TANPA_ANGGARAN = _("RAPBK tahun {tahun} belum punya baris anggaran.")
RAPBK_TANPA_PROGRAM = _("Rencana kerja (program) tahun {tahun} belum ditulis.")

JUDUL_BAGIAN_PENGURUS = {
    "organisasi": _("Organisasi dan keanggotaan"),
    "usaha": _("Kegiatan usaha"),
    "keuangan": _("Keuangan"),
    "kendala": _("Kendala dan permasalahan"),
    "rencana": _("Rencana dan saran"),
}


# --- Book years ----------------------------------------------------------------------------------


def tahun_dengan_buku(koperasi: Koperasi) -> list[int]:
    """The years the koperasi has postings in (from the monthly balances), newest first."""
    tahun = set(SaldoBulanan.objects.filter(koperasi=koperasi).values_list("tahun", flat=True).distinct())
    return sorted(tahun, reverse=True)


@dataclass(frozen=True)
class BarisTahunBuku:
    """One book year on the year-close page."""

    tahun: int
    tahun_buku: TahunBuku | None
    shu: Decimal  # closed: as the closing entry moved it; open: income less expense so far
    bulan_ditutup: int
    berakhir: bool
    terakhir_ditutup: bool = False
    penghalang_buka: str = ""  # why the last closed year may not be reopened (SHU approved …)

    @property
    def ditutup(self) -> bool:
        return self.tahun_buku is not None and self.tahun_buku.ditutup

    @property
    def bisa_ditutup(self) -> bool:
        return self.berakhir and not self.ditutup

    @property
    def bisa_dibuka(self) -> bool:
        return self.ditutup and self.terakhir_ditutup and not self.penghalang_buka


def _hasil_per_tahun(koperasi: Koperasi) -> dict[int, Decimal]:
    """Income less expense per year from the balances (an open year has no closing entry, or a
    closing entry and its reversal, which cancel)."""
    rows = (
        SaldoBulanan.objects.filter(koperasi=koperasi, akun__tipe__in=(TipeAkun.PENDAPATAN, TipeAkun.BEBAN))
        .values("tahun")
        .annotate(d=Sum("debit"), k=Sum("kredit"))
        .order_by()
    )
    return {r["tahun"]: (r["k"] or ZERO) - (r["d"] or ZERO) for r in rows}


def _penghalang_buka(koperasi: Koperasi, tahun: int) -> str:
    for penghalang in penutupan.PENGHALANG_BUKA:
        pesan = penghalang(koperasi, tahun)
        if pesan:
            return str(pesan)
    return ""


def daftar_tahun_buku(*, koperasi: Koperasi, today: dt.date) -> list[BarisTahunBuku]:
    """Every year with postings or a book-year row, newest first."""
    tb = {t.tahun: t for t in TahunBuku.objects.for_koperasi(koperasi).select_related("ditutup_oleh")}
    hasil = _hasil_per_tahun(koperasi)
    bulan = dict(
        Periode_.objects.filter(koperasi=koperasi, ditutup=True)
        .values("tahun")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("tahun", "n")
    )
    ditutup = [t for t, row in tb.items() if row.ditutup]
    terakhir = max(ditutup) if ditutup else None
    out = []
    for tahun in sorted(set(tahun_dengan_buku(koperasi)) | set(tb), reverse=True):
        row = tb.get(tahun)
        shu = row.shu if row is not None and row.ditutup else hasil.get(tahun, ZERO)
        out.append(
            BarisTahunBuku(
                tahun=tahun,
                tahun_buku=row,
                shu=shu,
                bulan_ditutup=bulan.get(tahun, 0),
                berakhir=today > dt.date(tahun, 12, 31),
                terakhir_ditutup=tahun == terakhir,
                penghalang_buka=_penghalang_buka(koperasi, tahun) if tahun == terakhir else "",
            )
        )
    return out


@dataclass(frozen=True)
class Syarat:
    """One check before a year is closed, shown on the confirmation page."""

    label: str
    lolos: bool
    keterangan: str = ""


def syarat_tutup(*, koperasi: Koperasi, tahun: int, today: dt.date) -> list[Syarat]:
    """What ``penutupan.tahun_buku_tutup`` will check, shown before the pengurus confirms."""
    tertutup = set(TahunBuku.objects.for_koperasi(koperasi).ditutup().values_list("tahun", flat=True))
    terbuka = sorted(t for t in tahun_dengan_buku(koperasi) if t < tahun and t not in tertutup)
    masalah = periksa_buku(koperasi)
    bulan_terbuka = 12 - Periode_.objects.filter(koperasi=koperasi, tahun=tahun, ditutup=True).count()
    return [
        Syarat(
            str(_("Tahun buku sudah berakhir (31 Desember {tahun})")).format(tahun=tahun),
            today > dt.date(tahun, 12, 31),
        ),
        Syarat(
            str(_("Tahun buku sebelumnya sudah ditutup")),
            not terbuka,
            str(_("Masih terbuka: {daftar}")).format(daftar=", ".join(map(str, terbuka))) if terbuka else "",
        ),
        Syarat(
            str(_("Pemeriksaan buku besar bersih (jurnal seimbang, saldo bulanan dan buku pembantu cocok)")),
            not masalah,
            "; ".join(masalah[:3]),
        ),
        Syarat(
            str(_("Bulan yang masih terbuka akan ditutup sekaligus")),
            True,
            str(_("{n} bulan masih terbuka")).format(n=bulan_terbuka)
            if bulan_terbuka
            else str(_("Semua bulan sudah ditutup")),
        ),
    ]


def tahun_ada(koperasi: Koperasi, tahun: int) -> bool:
    """The koperasi has something for the book year: postings, a book-year row or a board report.
    Pages of a year with nothing in it answer 404, as a month-end page of a month never run does."""
    return (
        SaldoBulanan.objects.filter(koperasi=koperasi, tahun=tahun).exists()
        or TahunBuku.objects.for_koperasi(koperasi).filter(tahun=tahun).exists()
        or LaporanPengurus.objects.for_koperasi(koperasi).filter(tahun=tahun).exists()
    )


def rapbk_ada(koperasi: Koperasi, tahun: int, *, today: dt.date) -> bool:
    """A RAPBK page opens for this year and next (to write the plan), and for any year with a plan,
    budget lines or postings (to read it and its actual)."""
    if today.year <= tahun <= today.year + 1:
        return True
    return (
        RencanaKerja.objects.for_koperasi(koperasi).filter(tahun=tahun).exists()
        or AnggaranBaris.objects.for_koperasi(koperasi).filter(tahun=tahun).exists()
        or SaldoBulanan.objects.filter(koperasi=koperasi, tahun=tahun).exists()
    )


def tahun_sah(tahun: int, *, today: dt.date) -> bool:
    """A book year a RAT page may be opened for: from 1990 to the current year."""
    return TAHUN_PERTAMA <= tahun <= today.year


# --- The board's report ---------------------------------------------------------------------


def laporan_pengurus_dari(koperasi: Koperasi, tahun: int) -> LaporanPengurus | None:
    return LaporanPengurus.objects.for_koperasi(koperasi).filter(tahun=tahun).first()


def _periksa_laporan(tahun: int, data: Mapping[str, str], today: dt.date) -> dict[str, str]:
    if not tahun_sah(tahun, today=today):
        raise ValidationError(str(TAHUN_LAPORAN_TIDAK_SAH).format(awal=TAHUN_PERTAMA, akhir=today.year))
    bersih = {name: str(data.get(name) or "").strip() for name in LaporanPengurus.BAGIAN}
    errors = {
        name: str(TEKS_TERLALU_PANJANG).format(maks=f"{TEKS_MAKS:,}".replace(",", "."))
        for name, text in bersih.items()
        if len(text) > TEKS_MAKS
    }
    if errors:
        raise ValidationError(errors)
    return bersih


def laporan_pengurus_simpan(
    *, koperasi: Koperasi, tahun: int, data: Mapping[str, str], actor: Any, today: dt.date | None = None
) -> LaporanPengurus:
    """Write the board's report of a book year (sections ``LaporanPengurus.BAGIAN``); the audit
    trail keeps the text before and after each edit."""
    bersih = _periksa_laporan(tahun, data, today or timezone.localdate())
    with transaction.atomic():
        laporan, baru = LaporanPengurus.objects.select_for_update().get_or_create(koperasi=koperasi, tahun=tahun)
        before = snapshot(laporan, list(LaporanPengurus.BAGIAN))
        for name, text in bersih.items():
            setattr(laporan, name, text)
        laporan.diubah_oleh = actor if actor is not None and actor.pk else None
        laporan.diubah_pada = timezone.now()
        laporan.save()
        after = snapshot(laporan, list(LaporanPengurus.BAGIAN))
        if baru:
            audit_record(koperasi=koperasi, aktor=actor, aksi="laporan_pengurus.tulis", objek=laporan, sesudah=after)
        else:
            audit_changes(
                koperasi=koperasi,
                aktor=actor,
                aksi="laporan_pengurus.ubah",
                objek=laporan,
                sebelum=before,
                sesudah=after,
            )
        return laporan


# --- SHU (from the shu app) --------------------------------------------------------------------


@dataclass(frozen=True)
class AlokasiShu:
    label: str
    persen: Decimal | None  # of the members' SHU; None for the non-members' part
    jumlah: Decimal


@dataclass(frozen=True)
class ShuAnggota:
    nomor: str
    nama: str
    jasa_usaha: Decimal
    jasa_modal: Decimal

    @property
    def jumlah(self) -> Decimal:
        return self.jasa_usaha + self.jasa_modal


@dataclass(frozen=True)
class BagianShu:
    """The year's SHU as the RAT sees it: the allocation and each member's share."""

    status: str
    disetujui: bool
    shu: Decimal
    alokasi: tuple[AlokasiShu, ...]
    anggota: tuple[ShuAnggota, ...]
    catatan: tuple[str, ...] = ()

    @property
    def total_anggota(self) -> Decimal:
        return sum((a.jumlah for a in self.anggota), ZERO)


def _alokasi(persen: Any, a: Any) -> tuple[AlokasiShu, ...]:
    """The allocation lines from the settings' percentages (of the members' SHU) and the amounts
    (an approved ``PembagianSHU`` and a preview's ``Alokasi`` have the same names). The lines add
    up to the year's SHU; the rounding remainder is a note (it also goes to cadangan)."""
    jasa = persen.persen_jasa_anggota
    return (
        AlokasiShu(str(_("Cadangan")), persen.persen_cadangan, a.cadangan_persen),
        AlokasiShu(str(_("SHU dari non-anggota (ke cadangan)")), None, a.shu_non_anggota),
        AlokasiShu(str(_("Jasa usaha anggota (JUA)")), jasa * persen.persen_jua / 100, a.jua),
        AlokasiShu(str(_("Jasa modal anggota (JMA)")), jasa * persen.persen_jma / 100, a.jma),
        AlokasiShu(str(_("Dana pengurus")), persen.persen_dana_pengurus, a.dana_pengurus),
        AlokasiShu(str(_("Dana karyawan")), persen.persen_dana_karyawan, a.dana_karyawan),
        AlokasiShu(str(_("Dana pendidikan")), persen.persen_dana_pendidikan, a.dana_pendidikan),
        AlokasiShu(str(_("Dana sosial")), persen.persen_dana_sosial, a.dana_sosial),
    )


def _catatan_sisa(a: Any) -> tuple[str, ...]:
    if not a.sisa_pembulatan:
        return ()
    teks = _("Jasa anggota yang tidak terbagi (sisa pembulatan) {sisa} masuk cadangan; cadangan seluruhnya {cadangan}.")
    return (str(teks).format(sisa=rupiah(a.sisa_pembulatan), cadangan=rupiah(a.cadangan)),)


def _shu_disetujui(pembagian: Any) -> BagianShu:
    anggota = tuple(
        ShuAnggota(b.anggota.nomor_anggota or "", b.anggota.nama, b.jasa_usaha, b.jasa_modal)
        for b in shu_selectors.bagian_daftar(pembagian=pembagian)
    )
    status = str(_("Disetujui RAT {tanggal}, keputusan nomor {nomor}")).format(
        tanggal=tanggal(pembagian.tanggal_rat), nomor=pembagian.nomor_rat
    )
    alokasi = _alokasi(pembagian.pengaturan, pembagian)
    return BagianShu(status, True, pembagian.shu, alokasi, anggota, _catatan_sisa(pembagian))


def _shu_pratinjau(koperasi: Koperasi, tahun: int) -> BagianShu:
    p = shu_selectors.pratinjau(koperasi=koperasi, tahun=tahun)
    orang = {
        a.pk: a
        for a in Anggota.objects.filter(pk__in=[b.anggota_id for b in p.hasil.bagian]).only("nomor_anggota", "nama")
    }
    anggota = tuple(
        ShuAnggota(orang[b.anggota_id].nomor_anggota or "", orang[b.anggota_id].nama, b.jasa_usaha, b.jasa_modal)
        for b in sorted(p.hasil.bagian, key=lambda b: (orang[b.anggota_id].nomor_anggota or "", b.anggota_id))
    )
    catatan: tuple[str, ...] = (str(_("Tahun buku belum ditutup: angka SHU sementara.")),) if p.sementara else ()
    catatan += _catatan_sisa(p.hasil.alokasi)
    status = str(_("Pratinjau, belum disetujui RAT"))
    return BagianShu(status, False, p.hasil.alokasi.shu, _alokasi(p.pengaturan, p.hasil.alokasi), anggota, catatan)


def shu_tahun(koperasi: Koperasi, tahun: int) -> BagianShu | None:
    """The year's SHU from the shu app: the approved distribution, else the preview; None when
    the year has no books."""
    pembagian = shu_selectors.pembagian_tahun(koperasi=koperasi, tahun=tahun)
    if pembagian is not None:
        return _shu_disetujui(pembagian)
    if not SaldoBulanan.objects.filter(koperasi=koperasi, tahun=tahun).exists():
        return None
    return _shu_pratinjau(koperasi, tahun)


# --- ODS -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AngkaOds:
    """The ODS figures of a book year (DOMAIN.md), ready to report."""

    tahun: int
    identitas: tuple[tuple[str, str], ...]
    angka: tuple[tuple[str, Decimal | int, bool], ...]  # (label, value, is a count)
    laporan: LaporanTahunan | None


def angka_ods(*, koperasi: Koperasi, tahun: int) -> AngkaOds:
    """The province app's computation from the books (``province.ods.hitung_dari_buku``: members
    at 31 December by sex, managers and staff, the balance sheet and the year's result from the
    statements), with the identity fields ODS publishes beside them."""
    data = ods.hitung_dari_buku(koperasi, tahun)
    laporan = LaporanTahunan.objects.filter(koperasi=koperasi, tahun=tahun).first()
    identitas = (
        (str(_("Status")), str(_("Aktif")) if koperasi.aktif else str(_("Tidak aktif"))),
        (str(_("NIK koperasi")), koperasi.nik_koperasi or "—"),
        (str(_("Jenis")), koperasi.get_jenis_display()),
        (str(_("Kelompok")), koperasi.kelompok or "—"),
        (str(_("RAT tahun buku")), str(tahun)),
    )
    angka = tuple((str(ods.LABEL[k]), data[k], k in ods.JUMLAH) for k in ods.ANGKA)
    return AngkaOds(tahun=tahun, identitas=identitas, angka=angka, laporan=laporan)


# --- The package -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kekurangan:
    kunci: str
    pesan: str


@dataclass(frozen=True)
class PaketRat:
    koperasi: Koperasi
    tahun: int
    tahun_buku: TahunBuku | None
    statistik: StatistikAnggota
    laporan_pengurus: LaporanPengurus | None
    rencana: RencanaKerja | None
    rapbk: PerbandinganAnggaran
    ods: AngkaOds
    shu: BagianShu | None
    kekurangan: tuple[Kekurangan, ...] = field(default=())

    @property
    def ditutup(self) -> bool:
        return self.tahun_buku is not None and self.tahun_buku.ditutup

    @property
    def tahun_rapbk(self) -> int:
        return self.tahun + 1

    @property
    def periode(self) -> Periode:
        return Periode(self.tahun)

    @property
    def bagian_pengurus(self) -> list[tuple[str, str]]:
        """The board's report as (heading, text), the written sections only."""
        lap = self.laporan_pengurus
        if lap is None:
            return []
        return [(str(JUDUL_BAGIAN_PENGURUS[n]), getattr(lap, n)) for n in LaporanPengurus.BAGIAN if getattr(lap, n)]


def _kekurangan(
    tahun: int,
    tb: TahunBuku | None,
    shu: BagianShu | None,
    laporan: LaporanPengurus | None,
    rencana: RencanaKerja | None,
    rapbk: PerbandinganAnggaran,
) -> tuple[Kekurangan, ...]:
    out = []
    if tb is None or not tb.ditutup:
        out.append(Kekurangan("tutup", str(BELUM_DITUTUP).format(tahun=tahun)))
    if shu is None:
        out.append(Kekurangan("shu", str(SHU_BELUM_DIHITUNG).format(tahun=tahun)))
    elif not shu.disetujui:
        out.append(Kekurangan("shu", str(SHU_BELUM_DISETUJUI).format(tahun=tahun)))
    if laporan is None or laporan.kosong:
        out.append(Kekurangan("pengurus", str(LAPORAN_PENGURUS_KOSONG).format(tahun=tahun)))
    ada_anggaran, ada_program = rapbk.ada_anggaran, rencana is not None and bool(rencana.program.strip())
    if not ada_anggaran and not ada_program:
        out.append(Kekurangan("rapbk", str(RAPBK_KOSONG).format(tahun=tahun + 1)))
    elif not ada_anggaran:
        out.append(Kekurangan("rapbk", str(RAPBK_TANPA_ANGGARAN).format(tahun=tahun + 1)))
    elif not ada_program:
        out.append(Kekurangan("rapbk", str(RAPBK_TANPA_PROGRAM).format(tahun=tahun + 1)))
    return tuple(out)


def paket_rat(*, koperasi: Koperasi, tahun: int) -> PaketRat:
    """Everything of the RAT of book year ``tahun`` and what is still missing."""
    tb = TahunBuku.objects.for_koperasi(koperasi).filter(tahun=tahun).select_related("ditutup_oleh").first()
    shu = shu_tahun(koperasi, tahun)
    laporan = laporan_pengurus_dari(koperasi, tahun)
    rencana = rencana_kerja_dari(koperasi, tahun + 1)
    rapbk = anggaran_vs_realisasi(koperasi=koperasi, tahun=tahun + 1, tahun_realisasi=tahun)
    return PaketRat(
        koperasi=koperasi,
        tahun=tahun,
        tahun_buku=tb,
        statistik=statistik_anggota(koperasi=koperasi, tahun=tahun),
        laporan_pengurus=laporan,
        rencana=rencana,
        rapbk=rapbk,
        ods=angka_ods(koperasi=koperasi, tahun=tahun),
        shu=shu,
        kekurangan=_kekurangan(tahun, tb, shu, laporan, rencana, rapbk),
    )
