"""Yearly figures for the ministry's Online Data System (ODS), one report per cooperative per
book year (DOMAIN.md "RAT and government reporting").

Rules (each message below is a constant the tests assert):

* Balance: aset = kewajiban + modal sendiri, to the rupiah (PSAK/SAK ETAP balance sheet).
* Counts and amounts are not negative; SHU may be negative (a loss, *rugi*), modal sendiri too
  (accumulated losses beyond the members' capital). SHU above volume usaha is noted, not
  refused (SHU is income minus costs, but a released provision can lift it). Modal luar is part of kewajiban (UU 25/1992
  Pasal 41 ayat 3: modal pinjaman), so it cannot exceed it.
* RAT: the meeting that approves the book year is held after the year ends and at the latest
  6 months after it (UU 25/1992 Pasal 26 ayat 2). Before 1 January of the next year is refused;
  after 30 June it is accepted and recorded as late. A RAT date in the future is refused.
* Workflow: draf → diajukan → diverifikasi, or dikembalikan with a comment (then edited and
  submitted again). Only draf and dikembalikan may be edited. A report is submitted after its
  RAT, so submitting needs the RAT date and at least one member.

Cooperatives on Gotong get their figures from the books (:func:`hitung_dari_buku`); manual ones
type them on a form or upload a spreadsheet (:func:`periksa_berkas`, all rows or none).
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from gotong.core.audit import audit_changes, audit_record, snapshot
from gotong.core.formatting import rupiah, tanggal
from gotong.core.money import MoneyError, money
from gotong.members.models import Anggota, JenisKelamin, StatusAnggota
from gotong.province import agregat
from gotong.province.models import CatatanLaporan, LaporanTahunan, StatusLaporan, SumberLaporan
from gotong.province.registry import (
    BERKAS_KOSONG,
    BERKAS_RUSAK,
    BERKAS_TIDAK_DIKENAL,
    _rows_csv,
    _rows_xlsx,
    _text,
    parse_tanggal,
)
from gotong.reports.statements import Periode, hasil_usaha, posisi_keuangan
from gotong.tenancy.models import PENGURUS, Koperasi, NamaPeran, Peran

ZERO = Decimal("0.00")
TAHUN_PERTAMA = 1990
BATAS_RAT_BULAN = 6  # UU 25/1992 Pasal 26 ayat 2

NERACA_TIDAK_SEIMBANG = _(
    "Aset {aset} harus sama dengan kewajiban {kewajiban} + modal sendiri {modal} = {jumlah}. "
    "Selisihnya {selisih} ({arah})."
)
ASET_LEBIH = _("aset lebih besar")
ASET_KURANG = _("aset lebih kecil")
TIDAK_NEGATIF = _("{label} tidak boleh negatif.")
MODAL_LUAR_LEBIH = _(
    "Modal luar {modal_luar} melebihi kewajiban {kewajiban}: modal luar (modal pinjaman, UU 25/1992 "
    "Pasal 41 ayat 3) adalah bagian dari kewajiban."
)
SHU_LEBIH_DARI_VOLUME = _(
    "SHU {shu} lebih besar dari volume usaha {volume}: biasanya SHU adalah pendapatan dikurangi biaya. "
    "Periksa apakah ada pemulihan cadangan atau pendapatan lain yang belum masuk volume usaha."
)
RAT_SEBELUM_TAHUN_BERAKHIR = _(
    "Tanggal RAT {tanggal} ditolak: RAT tahun buku {tahun} diadakan sesudah tahun buku berakhir (31 Desember {tahun})."
)
RAT_BELUM_TERJADI = _("Tanggal RAT {tanggal} belum lewat. Isi sesudah RAT diadakan.")
RAT_TERLAMBAT = _(
    "RAT {tanggal} lewat dari batas {batas} (paling lambat 6 bulan sesudah tahun buku, UU 25/1992 "
    "Pasal 26 ayat 2): dicatat terlambat."
)
RAT_WAJIB = _("Isi tanggal RAT: laporan tahunan diajukan sesudah RAT yang mengesahkannya.")
ANGGOTA_WAJIB = _("Jumlah anggota laki-laki dan perempuan masih 0. Isi jumlah anggota pada akhir tahun buku.")
TAHUN_TIDAK_SAH = _("Tahun buku {tahun} tidak bisa dilaporkan: pilih tahun {awal} sampai {akhir}.")
TAHUN_BELUM_BERAKHIR = _("Tahun buku {tahun} belum berakhir; laporannya dibuat sesudah 31 Desember {tahun}.")
LAPORAN_SUDAH_ADA = _("Laporan tahun {tahun} untuk {nama} sudah ada; ubah laporan itu.")
TIDAK_BISA_DIUBAH = _("Laporan berstatus {status} tidak bisa diubah lagi. Minta Dinas mengembalikannya dulu.")
TIDAK_BISA_DIAJUKAN = _("Laporan berstatus {status} tidak bisa diajukan.")
TIDAK_BISA_DIPERIKSA = _(
    "Hanya laporan yang diajukan yang bisa diverifikasi atau dikembalikan (status sekarang: {status})."
)
KOMENTAR_WAJIB = _("Tulis alasan pengembalian agar koperasi tahu apa yang harus diperbaiki.")
BUKAN_DIGITAL = _("{nama} belum memakai Gotong; isi angkanya pada formulir atau unggah berkas.")

LABEL = {
    "anggota_pria": _("Anggota laki-laki"),
    "anggota_wanita": _("Anggota perempuan"),
    "pengelola": _("Pengurus/pengelola"),
    "karyawan": _("Karyawan"),
    "modal_sendiri": _("Modal sendiri"),
    "modal_luar": _("Modal luar"),
    "aset": _("Aset"),
    "kewajiban": _("Kewajiban"),
    "volume_usaha": _("Volume usaha"),
    "shu": _("SHU"),
}
JUMLAH = ["anggota_pria", "anggota_wanita", "pengelola", "karyawan"]
UANG = ["modal_sendiri", "modal_luar", "aset", "kewajiban", "volume_usaha", "shu"]
UANG_TIDAK_NEGATIF = ["modal_luar", "aset", "kewajiban", "volume_usaha"]
ANGKA = [*JUMLAH, *UANG]
FIELDS = ["tanggal_rat", *ANGKA]


def _fmt(template: Any, **kwargs: object) -> str:
    return str(template).format(**kwargs)


# --- RAT window -----------------------------------------------------------------------------


def akhir_tahun_buku(tahun: int) -> dt.date:
    return dt.date(tahun, 12, 31)


def batas_rat(tahun: int) -> dt.date:
    """The last day a book year's RAT is on time: 6 months after 31 December (30 June)."""
    return dt.date(tahun + 1, BATAS_RAT_BULAN, 30)


def rat_terlambat(tahun: int, tanggal_rat: dt.date | None) -> bool:
    return tanggal_rat is not None and tanggal_rat > batas_rat(tahun)


# --- Validation -----------------------------------------------------------------------------


@dataclass
class Pemeriksaan:
    """Errors per field (refuse) and notes (accepted, shown: late RAT, loss)."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    catatan: list[str] = field(default_factory=list)

    def tambah(self, kunci: str, pesan: str) -> None:
        self.errors.setdefault(kunci, []).append(pesan)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def periksa_tahun(tahun: int, *, hari_ini: dt.date) -> str | None:
    if not TAHUN_PERTAMA <= tahun <= hari_ini.year:
        return _fmt(TAHUN_TIDAK_SAH, tahun=tahun, awal=TAHUN_PERTAMA, akhir=hari_ini.year - 1)
    if tahun >= hari_ini.year:
        return _fmt(TAHUN_BELUM_BERAKHIR, tahun=tahun)
    return None


def periksa_angka(data: dict[str, Any], tahun: int, *, lengkap: bool, hari_ini: dt.date) -> Pemeriksaan:
    """Every rule of a report's figures. ``lengkap`` adds what a submitted report needs
    (RAT date, members, a balanced balance sheet); a draft may still be incomplete."""
    hasil = Pemeriksaan()
    for name in ANGKA:
        nilai = data.get(name)
        if nilai is not None and name not in ("modal_sendiri", "shu") and nilai < 0:
            hasil.tambah(name, _fmt(TIDAK_NEGATIF, label=LABEL[name]))
    tgl = data.get("tanggal_rat")
    if tgl is not None:
        if tgl <= akhir_tahun_buku(tahun):
            hasil.tambah("tanggal_rat", _fmt(RAT_SEBELUM_TAHUN_BERAKHIR, tanggal=tanggal(tgl), tahun=tahun))
        elif tgl > hari_ini:
            hasil.tambah("tanggal_rat", _fmt(RAT_BELUM_TERJADI, tanggal=tanggal(tgl)))
        elif rat_terlambat(tahun, tgl):
            hasil.catatan.append(_fmt(RAT_TERLAMBAT, tanggal=tanggal(tgl), batas=tanggal(batas_rat(tahun))))
    if not lengkap:
        return hasil
    u = {name: data.get(name) or ZERO for name in UANG}
    if tgl is None:
        hasil.tambah("tanggal_rat", str(RAT_WAJIB))
    if not (data.get("anggota_pria") or 0) + (data.get("anggota_wanita") or 0):
        hasil.tambah("anggota_pria", str(ANGGOTA_WAJIB))
    jumlah = u["kewajiban"] + u["modal_sendiri"]
    if u["aset"] != jumlah:
        selisih = u["aset"] - jumlah
        hasil.tambah(
            "aset",
            _fmt(
                NERACA_TIDAK_SEIMBANG,
                aset=rupiah(u["aset"]),
                kewajiban=rupiah(u["kewajiban"]),
                modal=rupiah(u["modal_sendiri"]),
                jumlah=rupiah(jumlah),
                selisih=rupiah(abs(selisih)),
                arah=ASET_LEBIH if selisih > 0 else ASET_KURANG,
            ),
        )
    if u["modal_luar"] > u["kewajiban"] >= 0 and "modal_luar" not in hasil.errors:
        hasil.tambah(
            "modal_luar", _fmt(MODAL_LUAR_LEBIH, modal_luar=rupiah(u["modal_luar"]), kewajiban=rupiah(u["kewajiban"]))
        )
    if u["shu"] > u["volume_usaha"] >= 0:  # possible (a provision released), so noted, not refused
        hasil.catatan.append(_fmt(SHU_LEBIH_DARI_VOLUME, shu=rupiah(u["shu"]), volume=rupiah(u["volume_usaha"])))
    return hasil


def catatan_laporan(laporan: LaporanTahunan) -> list[str]:
    """Notes shown beside an accepted report (late RAT, a loss)."""
    notes = []
    if rat_terlambat(laporan.tahun, laporan.tanggal_rat):
        assert laporan.tanggal_rat is not None
        notes.append(_fmt(RAT_TERLAMBAT, tanggal=tanggal(laporan.tanggal_rat), batas=tanggal(batas_rat(laporan.tahun))))
    if laporan.shu > laporan.volume_usaha >= 0:
        notes.append(_fmt(SHU_LEBIH_DARI_VOLUME, shu=rupiah(laporan.shu), volume=rupiah(laporan.volume_usaha)))
    if laporan.shu < 0:
        notes.append(_fmt(_("SHU negatif: koperasi rugi {rugi} pada tahun buku ini."), rugi=rupiah(-laporan.shu)))
    return notes


# --- From the books ----------------------------------------------------------------------------


def hitung_dari_buku(koperasi: Koperasi, tahun: int) -> dict[str, Any]:
    """The ODS figures of a platform cooperative for one book year, from its own rows.

    * Members: active at 31 December (joined on or before, not left by then), by sex.
    * Pengurus/pengelola: people holding ketua, sekretaris, bendahara or manajer now;
      karyawan: other staff (kasir, petugas lapangan). Roles carry no end date yet, so
      these are today's counts.
    * Balance sheet at 31 December from the statements (``reports.statements.posisi_keuangan``):
      aset, kewajiban; modal sendiri = ekuitas incl. the not yet closed result, so
      aset = kewajiban + modal sendiri whenever the books balance. Modal luar = kewajiban (all
      borrowed capital, UU 25/1992 Pasal 41 ayat 3).
    * Volume usaha = pendapatan of the year; SHU = pendapatan − beban of the year, both from
      ``hasil_usaha``, which leaves the year's closing entry out.
    """
    akhir = akhir_tahun_buku(tahun)
    anggota = (
        Anggota.objects.filter(koperasi=koperasi, status__in=[StatusAnggota.AKTIF, StatusAnggota.KELUAR])
        .filter(Q(tanggal_masuk__lte=akhir) | Q(tanggal_masuk__isnull=True, tanggal_daftar__lte=akhir))
        .filter(Q(tanggal_keluar__isnull=True) | Q(tanggal_keluar__gt=akhir))
        .aggregate(
            pria=Count("pk", filter=Q(jenis_kelamin=JenisKelamin.LAKI_LAKI)),
            wanita=Count("pk", filter=Q(jenis_kelamin=JenisKelamin.PEREMPUAN)),
        )
    )
    peran = Peran.objects.filter(koperasi=koperasi, aktif=True)
    pengelola_ids = set(peran.filter(peran__in=PENGURUS | {NamaPeran.MANAJER}).values_list("user_id", flat=True))
    karyawan_ids = set(
        peran.filter(peran__in=[NamaPeran.KASIR, NamaPeran.PETUGAS_LAPANGAN]).values_list("user_id", flat=True)
    )
    posisi = posisi_keuangan(koperasi=koperasi, periode=Periode(tahun))
    hasil = hasil_usaha(koperasi=koperasi, periode=Periode(tahun))
    aset, kewajiban = posisi.total_aset[0], posisi.total_kewajiban[0]
    return {
        "anggota_pria": anggota["pria"],
        "anggota_wanita": anggota["wanita"],
        "pengelola": len(pengelola_ids),
        "karyawan": len(karyawan_ids - pengelola_ids),
        "aset": aset,
        "kewajiban": kewajiban,
        "modal_luar": max(kewajiban, ZERO),
        "modal_sendiri": posisi.ekuitas.jumlah,
        "volume_usaha": max(hasil.total_pendapatan, ZERO),
        "shu": hasil.shu,
    }


# --- Services ----------------------------------------------------------------------------------


def _simpan_catatan(laporan: LaporanTahunan, aksi: str, teks: str, actor: Any) -> None:
    CatatanLaporan.objects.create(
        laporan=laporan, aksi=aksi, teks=teks, oleh=actor if actor is not None and actor.pk else None
    )


def _boleh_diubah(laporan: LaporanTahunan) -> None:
    if laporan.status not in (StatusLaporan.DRAFT, StatusLaporan.DIKEMBALIKAN):
        raise ValidationError(_fmt(TIDAK_BISA_DIUBAH, status=laporan.get_status_display()))


def _aktor(actor: Any) -> Any:
    return actor if actor is not None and actor.pk else None


def laporan_simpan(
    *,
    koperasi: Koperasi,
    tahun: int,
    data: dict[str, Any],
    actor: Any,
    sumber: str = SumberLaporan.DIISI,
    hari_ini: dt.date | None = None,
) -> LaporanTahunan:
    """Create or edit the draft of one book year (audited). Hard rules only; the rest at submit."""
    hari_ini = hari_ini or timezone.localdate()
    salah_tahun = periksa_tahun(tahun, hari_ini=hari_ini)
    if salah_tahun:
        raise ValidationError({"tahun": salah_tahun})
    periksa_angka(data, tahun, lengkap=False, hari_ini=hari_ini).raise_if_any()
    with transaction.atomic():
        laporan = LaporanTahunan.objects.select_for_update().filter(koperasi=koperasi, tahun=tahun).first()
        baru = laporan is None
        if laporan is None:
            laporan = LaporanTahunan(koperasi=koperasi, tahun=tahun, dibuat_oleh=_aktor(actor))
        else:
            _boleh_diubah(laporan)
        before = snapshot(laporan, [*FIELDS, "status", "sumber"])
        for name in FIELDS:
            if name in data:
                value = data[name]
                setattr(laporan, name, value if value is not None or name == "tanggal_rat" else 0)
        laporan.sumber = sumber
        laporan.diubah_pada = timezone.now()
        laporan.full_clean(exclude=["koperasi", "tahun"] if baru else None, validate_unique=False)
        try:
            with transaction.atomic():
                laporan.save()
        except IntegrityError as exc:  # another officer created the same year meanwhile
            raise ValidationError({"tahun": _fmt(LAPORAN_SUDAH_ADA, tahun=tahun, nama=koperasi.nama)}) from exc
        after = snapshot(laporan, [*FIELDS, "status", "sumber"])
        if baru:
            audit_record(koperasi=koperasi, aktor=actor, aksi="ods.tambah", objek=laporan, sesudah=after)
        else:
            audit_changes(koperasi=koperasi, aktor=actor, aksi="ods.ubah", objek=laporan, sebelum=before, sesudah=after)
        return laporan


def laporan_data(laporan: LaporanTahunan) -> dict[str, Any]:
    return {name: getattr(laporan, name) for name in FIELDS}


def laporan_ajukan(
    *, laporan: LaporanTahunan, actor: Any, komentar: str = "", hari_ini: dt.date | None = None
) -> LaporanTahunan:
    """draf/dikembalikan → diajukan, after every rule passes."""
    hari_ini = hari_ini or timezone.localdate()
    with transaction.atomic():
        locked = LaporanTahunan.objects.select_for_update().get(pk=laporan.pk)
        if locked.status not in (StatusLaporan.DRAFT, StatusLaporan.DIKEMBALIKAN):
            raise ValidationError(_fmt(TIDAK_BISA_DIAJUKAN, status=locked.get_status_display()))
        salah_tahun = periksa_tahun(locked.tahun, hari_ini=hari_ini)
        if salah_tahun:
            raise ValidationError({"tahun": salah_tahun})
        periksa_angka(laporan_data(locked), locked.tahun, lengkap=True, hari_ini=hari_ini).raise_if_any()
        before = snapshot(locked, ["status"])
        locked.status = StatusLaporan.DIAJUKAN
        locked.diajukan_oleh = _aktor(actor)
        locked.diajukan_pada = timezone.now()
        locked.save()
        _simpan_catatan(locked, StatusLaporan.DIAJUKAN, komentar.strip(), actor)
        audit_changes(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi="ods.ajukan",
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked, ["status"]),
        )
        return locked


def _periksa(*, laporan: LaporanTahunan, actor: Any, komentar: str, status: str, aksi: str) -> LaporanTahunan:
    with transaction.atomic():
        locked = LaporanTahunan.objects.select_for_update().get(pk=laporan.pk)
        if locked.status != StatusLaporan.DIAJUKAN:
            raise ValidationError(_fmt(TIDAK_BISA_DIPERIKSA, status=locked.get_status_display()))
        before = snapshot(locked, ["status", "catatan"])
        locked.status = status
        locked.catatan = komentar.strip()
        locked.diperiksa_oleh = _aktor(actor)
        locked.diperiksa_pada = timezone.now()
        locked.save()
        _simpan_catatan(locked, status, komentar.strip(), actor)
        audit_changes(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi=aksi,
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked, ["status", "catatan"]),
        )
        return locked


def laporan_verifikasi(*, laporan: LaporanTahunan, actor: Any, komentar: str = "") -> LaporanTahunan:
    """diajukan → diverifikasi (Dinas of the cooperative's region; the view scopes it)."""
    return _periksa(
        laporan=laporan, actor=actor, komentar=komentar, status=StatusLaporan.DIVERIFIKASI, aksi="ods.verifikasi"
    )


def laporan_kembalikan(*, laporan: LaporanTahunan, actor: Any, komentar: str) -> LaporanTahunan:
    """diajukan → dikembalikan with the reason, so the cooperative can fix and resubmit."""
    if not komentar.strip():
        raise ValidationError({"komentar": str(KOMENTAR_WAJIB)})
    return _periksa(
        laporan=laporan, actor=actor, komentar=komentar, status=StatusLaporan.DIKEMBALIKAN, aksi="ods.kembalikan"
    )


def ods_dari_buku(
    koperasi: Koperasi, tahun: int, *, actor: Any = None, hari_ini: dt.date | None = None
) -> LaporanTahunan:
    """Compute a platform cooperative's figures from its books into the year's draft (kept RAT
    date, if one was typed). The cooperative or the Dinas then checks and submits it."""
    if not koperasi.digital:
        raise ValidationError(_fmt(BUKAN_DIGITAL, nama=koperasi.nama))
    data = hitung_dari_buku(koperasi, tahun)
    return laporan_simpan(
        koperasi=koperasi, tahun=tahun, data=data, actor=actor, sumber=SumberLaporan.BUKU, hari_ini=hari_ini
    )


# --- Spreadsheet upload -----------------------------------------------------------------------

KOLOM = ["nik_koperasi", "nomor_badan_hukum", "nama", "tahun", *FIELDS]
KOLOM_WAJIB = ["tahun", "tanggal_rat", *ANGKA]
CONTOH = {
    "nik_koperasi": "3673010170001234",
    "nomor_badan_hukum": "518/12/BH/XI/2016",
    "nama": "Koperasi Serba Usaha Sejahtera",
    "tahun": "2025",
    "tanggal_rat": "15-03-2026",
    "anggota_pria": "120",
    "anggota_wanita": "135",
    "pengelola": "5",
    "karyawan": "3",
    "modal_sendiri": "850000000",
    "modal_luar": "400000000",
    "aset": "1250000000",
    "kewajiban": "400000000",
    "volume_usaha": "2100000000",
    "shu": "95000000",
}
KOLOM_KURANG = _("Kolom {kolom} tidak ada di baris pertama. Pakai templat laporan tahunan.")
KOPERASI_TIDAK_DITEMUKAN = _(
    "Koperasi dengan NIK '{nik}' atau nomor badan hukum '{bh}' tidak ada di register wilayah Anda."
)
KOPERASI_DIGITAL = _("{nama} memakai Gotong: angkanya dihitung dari bukunya, tidak diunggah.")
ANGKA_TIDAK_SAH = _("{label} '{nilai}' bukan angka.")
JUMLAH_TIDAK_BULAT = _("{label} '{nilai}' harus bilangan bulat.")
TANGGAL_RAT_TIDAK_SAH = _("Tanggal RAT '{nilai}' tidak bisa dibaca; tulis seperti 15-03-2026.")
GANDA_DI_BERKAS = _("{nama} tahun {tahun} juga ada di baris {baris}.")
SUDAH_DIAJUKAN = _("Laporan {nama} tahun {tahun} sudah berstatus {status}; tidak bisa ditimpa.")
IMPOR_TIDAK_LENGKAP = _("Unggahan dibatalkan: {n} baris tidak lolos pemeriksaan ulang. Periksa lagi berkasnya.")


@dataclass
class BarisSalah:
    baris: int
    nama: str
    pesan: list[str] = field(default_factory=list)


@dataclass
class BarisBaik:
    baris: int
    koperasi: Koperasi
    tahun: int
    data: dict[str, Any]
    catatan: list[str]


def templat_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Laporan tahunan"
    ws.append(KOLOM)
    ws.append([CONTOH[k] for k in KOLOM])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for cell in ws[2]:
        cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def baca_berkas(nama_berkas: str, isi: bytes) -> list[dict[str, str]]:
    lower = nama_berkas.lower()
    if not lower.endswith((".xlsx", ".csv")):
        raise ValidationError(BERKAS_TIDAK_DIKENAL)
    try:
        raw = _rows_xlsx(isi) if lower.endswith(".xlsx") else _rows_csv(isi)
    except Exception as exc:  # a broken upload is the user's to fix, whatever the parser says
        raise ValidationError(BERKAS_RUSAK) from exc
    if not raw:
        raise ValidationError(BERKAS_KOSONG)
    header = [_text(h).lower() for h in raw[0]]
    missing = [k for k in KOLOM_WAJIB if k not in header]
    if "nik_koperasi" not in header and "nomor_badan_hukum" not in header:
        missing.insert(0, "nik_koperasi/nomor_badan_hukum")
    if missing:
        raise ValidationError(_fmt(KOLOM_KURANG, kolom=", ".join(missing)))
    rows = []
    for values in raw[1:]:
        texts = [_text(v) for v in values]
        if any(texts):
            rows.append({k: (texts[i] if i < len(texts) else "") for i, k in enumerate(header) if k in KOLOM})
    if not rows:
        raise ValidationError(BERKAS_KOSONG)
    return rows


def _baca_uang(teks: str) -> Decimal:
    negatif = teks.startswith("-")
    nilai = money(teks.lstrip("-").strip() or "0")
    return -nilai if negatif else nilai


def _baca_baris(row: dict[str, str]) -> tuple[dict[str, Any], int | None, list[str]]:
    errors: list[str] = []
    data: dict[str, Any] = {}
    tahun_teks = row.get("tahun", "").strip()
    tahun = int(tahun_teks) if tahun_teks.isdigit() else None
    if tahun is None:
        errors.append(_fmt(ANGKA_TIDAK_SAH, label=_("Tahun"), nilai=tahun_teks))
    teks = row.get("tanggal_rat", "").strip()
    data["tanggal_rat"] = None
    if teks:
        data["tanggal_rat"] = parse_tanggal(teks)
        if data["tanggal_rat"] is None:
            errors.append(_fmt(TANGGAL_RAT_TIDAK_SAH, nilai=teks))
    for name in ANGKA:
        teks = row.get(name, "").strip() or "0"
        try:
            nilai = _baca_uang(teks)
        except MoneyError:
            errors.append(_fmt(ANGKA_TIDAK_SAH, label=LABEL[name], nilai=teks))
            continue
        if name in JUMLAH:
            if nilai != nilai.to_integral_value():
                errors.append(_fmt(JUMLAH_TIDAK_BULAT, label=LABEL[name], nilai=teks))
                continue
            data[name] = int(nilai)
        else:
            data[name] = nilai
    return data, tahun, errors


def periksa_berkas(
    rows: list[dict[str, str]], *, wilayah: str, hari_ini: dt.date | None = None
) -> tuple[list[BarisBaik], list[BarisSalah]]:
    """The dry run: every row either ready (with its notes) or refused with all of its reasons.
    Cooperatives are found by NIK koperasi or badan hukum number, within the officer's region."""
    hari_ini = hari_ini or timezone.localdate()
    register = list(
        Koperasi.objects.in_region(wilayah)
        .exclude(nik_koperasi="", nomor_badan_hukum="")
        .only("pk", "nama", "digital", "nik_koperasi", "nomor_badan_hukum")
    )
    by_nik = {k.nik_koperasi: k for k in register if k.nik_koperasi}
    by_bh = {k.nomor_badan_hukum: k for k in register if k.nomor_badan_hukum}
    ada = {
        (r["koperasi_id"], r["tahun"]): r["status"]
        for r in LaporanTahunan.objects.filter(koperasi__in=[k.pk for k in register]).values(
            "koperasi_id", "tahun", "status"
        )
    }
    good: list[BarisBaik] = []
    bad: list[BarisSalah] = []
    dilihat: dict[tuple[int, int], int] = {}
    for i, row in enumerate(rows, start=2):
        nik = row.get("nik_koperasi", "").replace(" ", "").replace(".", "")
        bh = row.get("nomor_badan_hukum", "").strip()
        kop = by_nik.get(nik) if nik else None
        kop = kop or (by_bh.get(bh) if bh else None)
        nama = kop.nama if kop else row.get("nama", "")
        data, tahun, salah_baca = _baca_baris(row)
        errors: list[str] = []
        if kop is None:
            errors.append(_fmt(KOPERASI_TIDAK_DITEMUKAN, nik=nik, bh=bh))
        elif kop.digital:
            errors.append(_fmt(KOPERASI_DIGITAL, nama=kop.nama))
        errors += salah_baca
        catatan: list[str] = []
        if tahun is not None:
            salah = periksa_tahun(tahun, hari_ini=hari_ini)
            if salah:
                errors.append(salah)
            elif not salah_baca:
                hasil = periksa_angka(data, tahun, lengkap=True, hari_ini=hari_ini)
                errors += [p for pesan in hasil.errors.values() for p in pesan]
                catatan = hasil.catatan
            if kop is not None:
                kunci = (kop.pk, tahun)
                status = ada.get(kunci)
                if status in (StatusLaporan.DIAJUKAN, StatusLaporan.DIVERIFIKASI):
                    errors.append(_fmt(SUDAH_DIAJUKAN, nama=kop.nama, tahun=tahun, status=StatusLaporan(status).label))
                if kunci in dilihat:
                    errors.append(_fmt(GANDA_DI_BERKAS, nama=kop.nama, tahun=tahun, baris=dilihat[kunci]))
                else:
                    dilihat[kunci] = i
        if errors or kop is None or tahun is None:
            bad.append(BarisSalah(baris=i, nama=nama, pesan=errors))
        else:
            good.append(BarisBaik(baris=i, koperasi=kop, tahun=tahun, data=data, catatan=catatan))
    return good, bad


def unggah_simpan(
    *, rows: list[dict[str, str]], wilayah: str, actor: Any, hari_ini: dt.date | None = None
) -> list[LaporanTahunan]:
    """Write every row or none, checked again (the registry or reports may have changed since
    the dry run). Each report is saved and submitted (diajukan) for the Dinas to verify.
    The dashboard's aggregates are rebuilt once per kabupaten/kota at the end (agregat.tunda)."""
    with transaction.atomic(), agregat.tunda():
        good, bad = periksa_berkas(rows, wilayah=wilayah, hari_ini=hari_ini)
        if bad or len(good) != len(rows):
            raise ValidationError(_fmt(IMPOR_TIDAK_LENGKAP, n=len(bad)))
        saved = []
        for b in good:
            laporan = laporan_simpan(
                koperasi=b.koperasi,
                tahun=b.tahun,
                data=b.data,
                actor=actor,
                sumber=SumberLaporan.DIUNGGAH,
                hari_ini=hari_ini,
            )
            saved.append(laporan_ajukan(laporan=laporan, actor=actor, hari_ini=hari_ini))
        return saved


# --- Reads -------------------------------------------------------------------------------------


def laporan_wilayah(wilayah: str) -> QuerySet[LaporanTahunan]:
    """Reports of the officer's region only (provincial: all of Banten; kab/kota: its own)."""
    if wilayah.count(".") == 0:
        return LaporanTahunan.objects.filter(koperasi__provinsi_kode=wilayah)
    return LaporanTahunan.objects.filter(koperasi__kabupaten_kode=wilayah)


def laporan_of_region(*, wilayah: str, pk: int) -> LaporanTahunan:
    return get_object_or_404(laporan_wilayah(wilayah).select_related("koperasi"), pk=pk)


def laporan_daftar(*, wilayah: str, tahun: int, status: str = "", kabupaten: str = "") -> QuerySet[LaporanTahunan]:
    qs = laporan_wilayah(wilayah).filter(tahun=tahun)
    if kabupaten:
        qs = qs.filter(koperasi__kabupaten_kode=kabupaten)
    if status in StatusLaporan.values:
        qs = qs.filter(status=status)
    return qs.select_related("koperasi").order_by("koperasi__kabupaten_kode", "koperasi__nama")


def laporan_per_status(*, wilayah: str, tahun: int, kabupaten: str = "") -> list[dict[str, Any]]:
    qs = laporan_wilayah(wilayah).filter(tahun=tahun)
    if kabupaten:
        qs = qs.filter(koperasi__kabupaten_kode=kabupaten)
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [{"status": s, "label": label, "jumlah": counts.get(s, 0)} for s, label in StatusLaporan.choices]
