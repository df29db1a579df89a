"""Health assessments of KSP/USP (Perdep 06/Per/Dep.6/IV/2016): figures from the books,
services that save and finalise an assessment, and the Dinas's reads (history, bands).

The scoring itself is the pure ``province.health``; this module feeds it and stores the
result (``PenilaianKesehatan``). Rules, each message a constant the tests assert:

* Who is assessed: a koperasi simpan pinjam (KSP) or a koperasi serba usaha, taken to run a
  unit simpan pinjam (USP) — the Perdep covers KSP and USP only. Other kinds are refused.
  A serba usaha without a USP simply is not assessed; the registry does not say which has one.
* Which year: a book year that has ended (the assessment reads the year-end balances).
* Ratios are percent numbers; a ratio that cannot be negative (loans, cash, participation)
  is refused below 0. A draft may leave ratios and questions empty (scored 0, listed);
  finalising needs every ratio and every question answered. A final assessment is not edited;
  the Dinas may reopen it (audited).
* Digital cooperatives get their ratios from the books (:func:`angka_dari_buku`); two
  figures Gotong does not keep — staff costs (efisiensi pelayanan) and members' economic
  benefit at the time of transaction (promosi ekonomi anggota) — are typed by the user.
  Registry-only cooperatives get every ratio typed by the Dinas.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core import regions
from gotong.core.audit import audit_changes, audit_record, snapshot
from gotong.core.money import ZERO
from gotong.ledger.models import Sisi, TipeAkun
from gotong.loans.models import Kolektibilitas, KolektibilitasBulanan, Pinjaman
from gotong.members.models import StatusAnggota
from gotong.province import agregat, charts, health
from gotong.province.models_kesehatan import PenilaianKesehatan, StatusPenilaian, SumberPenilaian
from gotong.reports.statements import Periode, akun_koperasi, hasil_usaha, posisi_keuangan, saldo_akhir
from gotong.tenancy.models import JenisKoperasi, Koperasi, KoperasiQuerySet

TAHUN_PERTAMA = 2016  # the Perdep's year; earlier years used Permen 14/2009's bands
JENIS_DINILAI = (JenisKoperasi.SIMPAN_PINJAM, JenisKoperasi.SERBA_USAHA)
SEN = Decimal("0.01")
BATAS_RASIO = Decimal("100000")  # percent; anything beyond is a typing slip
# DOMAIN.md default allocation: jasa anggota is 40 % of the members' SHU ("SHU bagian anggota").
BAGIAN_JASA_ANGGOTA = Decimal("0.40")

BUKAN_KSP_USP = _(
    "{nama} berjenis {jenis}: penilaian kesehatan (Perdep 06/Per/Dep.6/IV/2016) hanya untuk koperasi simpan "
    "pinjam dan koperasi serba usaha yang punya unit simpan pinjam."
)
TAHUN_MASA_DEPAN = _("Tahun {tahun} belum datang. Pilih tahun buku yang sudah berakhir.")
TAHUN_BELUM_BERAKHIR = _("Tahun buku {tahun} belum berakhir; nilai kesehatannya sesudah 31 Desember {tahun}.")
TAHUN_TERLALU_LAMA = _("Tahun {tahun} tidak bisa dinilai dengan pedoman ini: pilih tahun {awal} atau sesudahnya.")
RASIO_BUKAN_ANGKA = _("{nama}: '{nilai}' bukan angka. Tulis persen seperti 12,5.")
RASIO_NEGATIF = _("{nama} tidak mungkin negatif.")
RASIO_TERLALU_BESAR = _("{nama}: {nilai}% terlalu besar; periksa lagi angkanya.")
PERTANYAAN_TIDAK_DIKENAL = _("Pertanyaan {kode} tidak ada di pedoman ini.")
SUDAH_FINAL = _("Penilaian tahun {tahun} sudah final dan tidak bisa diubah lagi. Minta Dinas membukanya kembali.")
BELUM_FINAL = _("Penilaian tahun {tahun} masih draf.")
RASIO_BELUM_LENGKAP = _("Belum bisa difinalkan: isi dulu {nama}.")
KUESIONER_BELUM_LENGKAP = _("Belum bisa difinalkan: {n} pertanyaan manajemen belum dijawab.")
BUKAN_DIGITAL = _("{nama} belum memakai Gotong; rasionya diisi pada formulir.")
SUDAH_ADA = _("Penilaian tahun {tahun} untuk {nama} sudah ada; ubah penilaian itu.")

# What the form says beside a ratio the books cannot give (or only partly).
CATATAN_BUKU = {
    "efisiensi_pelayanan": _("Gotong tidak memisahkan biaya karyawan: hitung biaya karyawan ÷ volume pinjaman."),
    "promosi_ekonomi": _(
        "Diisi dari SHU bagian anggota saja; tambahkan manfaat ekonomi saat transaksi (selisih jasa "
        "lebih murah dari pasar) bila ada."
    ),
    "beban_operasi_anggota": _("Perkiraan: beban dibagi menurut porsi pendapatan dari anggota."),
    "kecukupan_modal": _("Bobot modal dan risiko aset menurut tabel pedoman, dari saldo akun."),
}


def _fmt(template: Any, **kwargs: object) -> str:
    return str(template).format(**kwargs)


# --- checks ------------------------------------------------------------------------------------


def boleh_dinilai(koperasi: Koperasi) -> bool:
    return koperasi.jenis in JENIS_DINILAI


def periksa_koperasi(koperasi: Koperasi) -> None:
    if not boleh_dinilai(koperasi):
        raise ValidationError(_fmt(BUKAN_KSP_USP, nama=koperasi.nama, jenis=koperasi.get_jenis_display()))


def periksa_tahun(tahun: int, *, hari_ini: dt.date) -> str | None:
    if tahun > hari_ini.year:
        return _fmt(TAHUN_MASA_DEPAN, tahun=tahun)
    if tahun == hari_ini.year:
        return _fmt(TAHUN_BELUM_BERAKHIR, tahun=tahun)
    if tahun < TAHUN_PERTAMA:
        return _fmt(TAHUN_TERLALU_LAMA, tahun=tahun, awal=TAHUN_PERTAMA)
    return None


def tahun_pilihan(hari_ini: dt.date, n: int = 6) -> list[int]:
    """The book years offered on the screens, newest first."""
    return [t for t in range(hari_ini.year - 1, hari_ini.year - 1 - n, -1) if t >= TAHUN_PERTAMA]


def baca_rasio(teks: Any) -> Decimal | None:
    """A percent as typed: ``12,5`` or ``12.5`` or ``12,5%``; empty → None."""
    if teks is None:
        return None
    if isinstance(teks, Decimal):
        return teks
    s = str(teks).strip().replace("%", "").replace(" ", "")
    if not s:
        return None
    if "," in s:
        s = s.replace(".", "").replace(",", ".")
    try:
        nilai = Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(s) from exc
    if not nilai.is_finite():
        raise ValueError(s)
    return nilai


def periksa_rasio(skema: health.Skema, masukan: Mapping[str, Any]) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    """Parse and check every ratio of the scheme. Errors are keyed ``rasio_<kode>`` (form fields)."""
    hasil: dict[str, Decimal | None] = {}
    salah: dict[str, str] = {}
    for k in skema.komponen_rasio:
        teks = masukan.get(k.kode)
        try:
            nilai = baca_rasio(teks)
        except ValueError:
            salah[f"rasio_{k.kode}"] = _fmt(RASIO_BUKAN_ANGKA, nama=k.nama, nilai=str(teks).strip())
            continue
        if nilai is not None and nilai < 0 and not k.boleh_negatif:
            salah[f"rasio_{k.kode}"] = _fmt(RASIO_NEGATIF, nama=k.nama)
        elif nilai is not None and abs(nilai) > BATAS_RASIO:
            salah[f"rasio_{k.kode}"] = _fmt(RASIO_TERLALU_BESAR, nama=k.nama, nilai=nilai)
        else:
            hasil[k.kode] = None if nilai is None else nilai.quantize(Decimal("0.01"))
    return hasil, salah


def periksa_jawaban(skema: health.Skema, jawaban: Mapping[str, Any]) -> dict[str, bool]:
    kode = {p.kode for p in skema.pertanyaan}
    asing = sorted(set(jawaban) - kode)
    if asing:
        raise ValidationError(_fmt(PERTANYAAN_TIDAK_DIKENAL, kode=", ".join(asing)))
    return {k: bool(v) for k, v in jawaban.items() if v is not None}


# --- from the books ---------------------------------------------------------------------------


def _sisi(a: Any) -> str:
    return Sisi.DEBIT if a.tipe in (TipeAkun.ASET, TipeAkun.BEBAN) else Sisi.KREDIT


def _awalan(kode: str, awalan: tuple[str, ...]) -> bool:
    return any(kode == x or kode.startswith(x + ".") for x in awalan)


# Perdep/Permen 14/2009 weights for the capital adequacy ratio (from memory; see health.py):
# modal tertimbang — simpanan pokok/wajib, hibah, cadangan 100 %; modal penyertaan and SHU not
# yet distributed 50 %. ATMR — kas 0 %, bank 20 %, aset tetap 70 %, every other asset 100 %.
BOBOT_MODAL = {"3.10": 100, "3.11": 100, "3.12": 50, "3.13": 100, "3.20": 100, "3.99": 50}
BOBOT_ASET = {"1.01": 0, "1.02": 20, "1.40": 70, "1.40.99": 70}


def _posisi_pinjaman(koperasi: Koperasi, tahun: int) -> dict[str, Decimal]:
    """Outstanding loans at the last month end of the year the loan month-end recorded:
    per collectibility, and without adequate collateral (eligible collateral below principal)."""
    qs = KolektibilitasBulanan.objects.filter(pinjaman__koperasi=koperasi, tahun=tahun)
    bulan = qs.order_by("-bulan").values_list("bulan", flat=True).first()
    hasil = {"diberikan": ZERO, "berisiko": ZERO, "kl": ZERO, "d": ZERO, "m": ZERO, "bulan": Decimal(bulan or 0)}
    if bulan is None:
        return hasil
    kolom: dict[int, str] = {
        Kolektibilitas.KURANG_LANCAR: "kl",
        Kolektibilitas.DIRAGUKAN: "d",
        Kolektibilitas.MACET: "m",
    }
    for kol, sisa, jaminan in qs.filter(bulan=bulan).values_list("kolektibilitas", "sisa_pokok", "jaminan_diakui"):
        hasil["diberikan"] += sisa
        if kol in kolom:
            hasil[kolom[kol]] += sisa
        if jaminan < sisa:
            hasil["berisiko"] += sisa
    return hasil


def _volume_pinjaman(koperasi: Koperasi, tahun: int) -> tuple[Decimal, Decimal]:
    qs = Pinjaman.objects.filter(koperasi=koperasi, tanggal_cair__year=tahun)
    total = qs.aggregate(s=Sum("pokok"))["s"] or ZERO
    # a loan to an applicant not yet admitted (calon anggota) is a loan to a non-member
    bukan = qs.filter(anggota__status=StatusAnggota.CALON).aggregate(s=Sum("pokok"))["s"] or ZERO
    return total, total - bukan


def _saldo_per_kode(koperasi: Koperasi, tahun: int) -> dict[str, tuple[str, Decimal]]:
    """Account code → (type, year-end balance on the type's own side: a contra account is negative)."""
    akun = akun_koperasi(koperasi)
    out: dict[str, tuple[str, Decimal]] = {}
    for pk, j in saldo_akhir(koperasi=koperasi, tahun=tahun, bulan=12).items():
        a = akun.get(pk)
        if a is not None:
            out[a.kode] = (str(a.tipe), j.saldo(_sisi(a)))
    return out


def _bobot_aset(kode: str) -> int:
    for awalan in sorted(BOBOT_ASET, key=len, reverse=True):
        if _awalan(kode, (awalan,)):
            return BOBOT_ASET[awalan]
    return 100


def angka_dari_buku(koperasi: Koperasi, tahun: int) -> health.AngkaKeuangan:
    """The Perdep's figures of one book year from the ledger (year-end balances, the year's
    income statement with its member / non-member split) and the loan month-end."""
    periode = Periode(tahun)
    pk = posisi_keuangan(koperasi=koperasi, periode=periode)
    hu = hasil_usaha(koperasi=koperasi, periode=periode)
    saldo = _saldo_per_kode(koperasi, tahun)

    def jumlah(*awalan: str) -> Decimal:
        return sum((v for k, (_t, v) in saldo.items() if _awalan(k, awalan)), ZERO)

    def per_tipe(tipe: str) -> Decimal:
        return sum((v for t, v in saldo.values() if t == tipe), ZERO)

    # SHU not yet distributed: closed into 3.99 plus the result not yet closed
    belum_ditutup = per_tipe(TipeAkun.PENDAPATAN) - per_tipe(TipeAkun.BEBAN)
    shu_belum_dibagi = jumlah("3.99") + belum_ditutup
    modal_tertimbang = sum((jumlah(k) * b / 100 for k, b in BOBOT_MODAL.items()), ZERO)
    modal_tertimbang += belum_ditutup * BOBOT_MODAL["3.99"] / 100
    atmr = sum((v * _bobot_aset(k) / 100 for k, (t, v) in saldo.items() if t == TipeAkun.ASET), ZERO)
    pinjaman = _posisi_pinjaman(koperasi, tahun)
    if pinjaman["bulan"] == 0:  # the loan month-end never ran that year: the receivable, all current
        pinjaman["diberikan"] = jumlah("1.20") - jumlah("1.20.99")
    volume, volume_anggota = _volume_pinjaman(koperasi, tahun)
    pendapatan, beban = hu.total_pendapatan, hu.total_beban
    porsi = hu.pendapatan_anggota / pendapatan if pendapatan else Decimal(1)
    beban_pokok = sum((b.jumlah for b in hu.beban if _awalan(b.kode, ("5.20", "5.50"))), ZERO)
    shu_bagian_anggota = hu.shu_anggota * BAGIAN_JASA_ANGGOTA
    modal_sendiri = pk.ekuitas.jumlah
    return health.AngkaKeuangan(
        total_aset=pk.total_aset[0],
        modal_sendiri=modal_sendiri,
        modal_tertimbang=modal_tertimbang,
        atmr=atmr,
        pinjaman_diberikan=pinjaman["diberikan"],
        pinjaman_berisiko=pinjaman["berisiko"],
        volume_pinjaman=volume,
        volume_pinjaman_anggota=volume_anggota,
        pinjaman_kurang_lancar=pinjaman["kl"],
        pinjaman_diragukan=pinjaman["d"],
        pinjaman_macet=pinjaman["m"],
        cadangan_risiko=-jumlah("1.20.99"),  # the provision, a contra asset, is negative on the debit side
        kas_bank=jumlah("1.01", "1.02"),
        kewajiban_lancar=pk.kewajiban_pendek.jumlah,
        # dana yang diterima: equity without the undistributed SHU, savings, long-term borrowing
        dana_diterima=modal_sendiri - shu_belum_dibagi + jumlah("2.10", "2.11") + pk.kewajiban_panjang.jumlah,
        partisipasi_bruto=hu.pendapatan_anggota,
        beban_operasi_anggota=beban * porsi,
        beban_usaha=beban - beban_pokok,
        shu_kotor=pendapatan - beban_pokok,
        shu_sebelum_pajak=hu.shu,
        shu_bagian_anggota=shu_bagian_anggota,
        partisipasi_neto=hu.pendapatan_anggota - beban_pokok * porsi,
        beban_usaha_perkoperasian=beban - beban_pokok,
        pendapatan=pendapatan,
        simpanan_pokok_wajib=jumlah("3.10", "3.11"),
        biaya_karyawan=None,
        promosi_ekonomi_anggota=max(shu_bagian_anggota, ZERO),
    )


def angka_json(a: health.AngkaKeuangan) -> dict[str, str | None]:
    return {k: (None if v is None else str(v)) for k, v in asdict(a).items()}


def angka_dari_json(data: Mapping[str, Any]) -> health.AngkaKeuangan | None:
    nama = [f.name for f in fields(health.AngkaKeuangan)]
    if not data or any(n not in data for n in nama):
        return None
    nilai = {n: None if data[n] is None else Decimal(data[n]) for n in nama}
    return health.AngkaKeuangan(**nilai)  # type: ignore[arg-type]  # the two optional figures may be None


# --- scoring and services ---------------------------------------------------------------------


def rasio_tersimpan(p: PenilaianKesehatan) -> dict[str, Decimal | None]:
    return {k: (None if v is None else Decimal(str(v))) for k, v in (p.rasio or {}).items()}


def hasil(p: PenilaianKesehatan) -> health.Hasil:
    """The scored result of a stored assessment (pure: no query)."""
    return health.nilai_skema(p.skema_data, rasio=rasio_tersimpan(p), jawaban=p.jawaban or {})


def rasio_buku(p: PenilaianKesehatan) -> dict[str, Decimal | None]:
    """The ratios as the books gave them (empty for an assessment typed in)."""
    angka = angka_dari_json(p.angka or {})
    return health.rasio_dari_angka(angka) if angka is not None else {}


def _terapkan_skor(p: PenilaianKesehatan) -> health.Hasil:
    h = hasil(p)
    # exact already (nilai × bobot / 100 and ya × 3 / n end within two decimals); fixed to 2 for display
    p.skor_aspek = {k: str(v.quantize(SEN)) for k, v in h.skor_aspek().items()}
    p.total = h.total.quantize(SEN)
    p.predikat = h.predikat.kode
    return h


def _aktor(actor: Any) -> Any:
    return actor if actor is not None and actor.pk else None


AUDIT_FIELDS = ["rasio", "jawaban", "total", "predikat", "status", "catatan", "sumber"]


def _simpan(p: PenilaianKesehatan, *, baru: bool, sebelum: dict[str, Any], actor: Any, aksi: str) -> None:
    _terapkan_skor(p)
    p.diubah_pada = timezone.now()
    try:
        with transaction.atomic():
            p.save()
    except IntegrityError as exc:  # another user created the same year meanwhile
        raise ValidationError(_fmt(SUDAH_ADA, tahun=p.tahun, nama=p.koperasi.nama)) from exc
    sesudah = snapshot(p, AUDIT_FIELDS)
    if baru:
        audit_record(koperasi=p.koperasi, aktor=actor, aksi=aksi, objek=p, sesudah=sesudah)
    else:
        audit_changes(koperasi=p.koperasi, aktor=actor, aksi=aksi, objek=p, sebelum=sebelum, sesudah=sesudah)


def _ambil(koperasi: Koperasi, tahun: int, skema: str, actor: Any) -> tuple[PenilaianKesehatan, bool]:
    p = PenilaianKesehatan.objects.select_for_update().filter(koperasi=koperasi, tahun=tahun, skema=skema).first()
    if p is None:
        return PenilaianKesehatan(koperasi=koperasi, tahun=tahun, skema=skema, dibuat_oleh=_aktor(actor)), True
    if p.status == StatusPenilaian.FINAL:
        raise ValidationError(_fmt(SUDAH_FINAL, tahun=tahun))
    return p, False


def _periksa_awal(koperasi: Koperasi, tahun: int, hari_ini: dt.date | None) -> None:
    periksa_koperasi(koperasi)
    salah = periksa_tahun(tahun, hari_ini=hari_ini or timezone.localdate())
    if salah:
        raise ValidationError({"tahun": salah})


def penilaian_simpan(
    *,
    koperasi: Koperasi,
    tahun: int,
    rasio: Mapping[str, Any],
    jawaban: Mapping[str, Any],
    actor: Any,
    oleh_dinas: bool = False,
    catatan: str = "",
    skema: str = health.SKEMA_BAKU,
    hari_ini: dt.date | None = None,
) -> PenilaianKesehatan:
    """Create or edit the draft of one year from what was typed: every ratio (percent text or
    Decimal) and the questionnaire's answers (question code → ya). Nothing is saved on any error.
    On an assessment computed from the books, the ratios that differ from the books are
    recorded as typed (``rasio_diisi``)."""
    _periksa_awal(koperasi, tahun, hari_ini)
    sk = health.SKEMA[skema]
    nilai, salah = periksa_rasio(sk, rasio)
    if salah:
        raise ValidationError(salah)
    dijawab = periksa_jawaban(sk, jawaban)
    with transaction.atomic():
        p, baru = _ambil(koperasi, tahun, skema, actor)
        sebelum = snapshot(p, AUDIT_FIELDS)
        buku = rasio_buku(p)
        p.rasio = {k: (None if v is None else str(v)) for k, v in nilai.items()}
        p.rasio_diisi = sorted(k for k, v in nilai.items() if not buku or buku.get(k) != v)
        p.jawaban = dijawab
        p.catatan = catatan.strip()
        p.oleh_dinas = p.oleh_dinas or oleh_dinas
        if baru:
            p.sumber = SumberPenilaian.DIISI
        _simpan(p, baru=baru, sebelum=sebelum, actor=actor, aksi="kesehatan.simpan")
        return p


def penilaian_dari_buku(
    *,
    koperasi: Koperasi,
    tahun: int,
    actor: Any,
    oleh_dinas: bool = False,
    skema: str = health.SKEMA_BAKU,
    hari_ini: dt.date | None = None,
) -> PenilaianKesehatan:
    """Compute a digital cooperative's ratios from its books into the year's draft. Answers
    and the ratios the user typed (``rasio_diisi``) are kept; the others are replaced."""
    _periksa_awal(koperasi, tahun, hari_ini)
    if not koperasi.digital:
        raise ValidationError(_fmt(BUKAN_DIGITAL, nama=koperasi.nama))
    angka = angka_dari_buku(koperasi, tahun)
    dari_buku = health.rasio_dari_angka(angka)
    with transaction.atomic():
        p, baru = _ambil(koperasi, tahun, skema, actor)
        sebelum = snapshot(p, AUDIT_FIELDS)
        lama = rasio_tersimpan(p)
        diisi = set(p.rasio_diisi or []) if not baru else set()
        rasio = {k: (lama.get(k) if k in diisi else v) for k, v in dari_buku.items()}
        p.rasio = {k: (None if v is None else str(v)) for k, v in rasio.items()}
        p.rasio_diisi = sorted(diisi)
        p.angka = angka_json(angka)
        p.sumber = SumberPenilaian.BUKU
        p.oleh_dinas = p.oleh_dinas or oleh_dinas
        _simpan(p, baru=baru, sebelum=sebelum, actor=actor, aksi="kesehatan.dari_buku")
        return p


def penilaian_finalkan(*, penilaian: PenilaianKesehatan, actor: Any) -> PenilaianKesehatan:
    """draft → final, when every ratio is given and every question answered."""
    with transaction.atomic():
        p = PenilaianKesehatan.objects.select_for_update().select_related("koperasi").get(pk=penilaian.pk)
        if p.status == StatusPenilaian.FINAL:
            raise ValidationError(_fmt(SUDAH_FINAL, tahun=p.tahun))
        h = hasil(p)
        errors: list[str] = []
        if h.rasio_kosong:
            nama = {k.kode: str(k.nama) for k in p.skema_data.komponen}
            errors.append(_fmt(RASIO_BELUM_LENGKAP, nama=", ".join(nama[k] for k in h.rasio_kosong)))
        if h.pertanyaan_kosong:
            errors.append(_fmt(KUESIONER_BELUM_LENGKAP, n=len(h.pertanyaan_kosong)))
        if errors:
            raise ValidationError(errors)
        sebelum = snapshot(p, AUDIT_FIELDS)
        p.status = StatusPenilaian.FINAL
        p.difinalkan_oleh = _aktor(actor)
        p.difinalkan_pada = timezone.now()
        _simpan(p, baru=False, sebelum=sebelum, actor=actor, aksi="kesehatan.final")
        agregat.versi_baru(p.koperasi.kabupaten_kode)
        return p


def penilaian_buka(*, penilaian: PenilaianKesehatan, actor: Any) -> PenilaianKesehatan:
    """final → draft again (the Dinas, to correct an assessment; audited)."""
    with transaction.atomic():
        p = PenilaianKesehatan.objects.select_for_update().select_related("koperasi").get(pk=penilaian.pk)
        if p.status != StatusPenilaian.FINAL:
            raise ValidationError(_fmt(BELUM_FINAL, tahun=p.tahun))
        sebelum = snapshot(p, AUDIT_FIELDS)
        p.status = StatusPenilaian.DRAFT
        p.difinalkan_oleh, p.difinalkan_pada = None, None
        _simpan(p, baru=False, sebelum=sebelum, actor=actor, aksi="kesehatan.buka")
        agregat.versi_baru(p.koperasi.kabupaten_kode)
        return p


# --- reads ------------------------------------------------------------------------------------


def riwayat(koperasi: Koperasi) -> QuerySet[PenilaianKesehatan]:
    return PenilaianKesehatan.objects.filter(koperasi=koperasi).order_by("-tahun", "skema")


def penilaian_tahun(koperasi: Koperasi, tahun: int, skema: str = health.SKEMA_BAKU) -> PenilaianKesehatan | None:
    return PenilaianKesehatan.objects.filter(koperasi=koperasi, tahun=tahun, skema=skema).first()


def penilaian_wilayah(wilayah: str) -> QuerySet[PenilaianKesehatan]:
    """Assessments of the officer's region only (provincial: all of Banten; kab/kota: its own)."""
    if "." not in wilayah:
        return PenilaianKesehatan.objects.filter(koperasi__provinsi_kode=wilayah)
    return PenilaianKesehatan.objects.filter(koperasi__kabupaten_kode=wilayah)


def koperasi_dinilai(*, wilayah: str, pk: int) -> Koperasi:
    return get_object_or_404(Koperasi.objects.in_region(wilayah), pk=pk)


def tahun_terakhir(wilayah: str) -> int | None:
    """The latest book year with a final assessment in the region."""
    return (
        penilaian_wilayah(wilayah)
        .filter(status=StatusPenilaian.FINAL)
        .order_by("-tahun")
        .values_list("tahun", flat=True)
        .first()
    )


def sebaran(*, wilayah: str, tahun: int, kabupaten: str = "") -> list[dict[str, Any]]:
    """Final assessments of the year per kabupaten/kota and band, one grouped query.

    Each row: ``kabupaten_kode``, ``nama``, ``jumlah`` (band code → count) and ``total``."""
    qs = penilaian_wilayah(wilayah).filter(tahun=tahun, status=StatusPenilaian.FINAL, skema=health.SKEMA_BAKU)
    if kabupaten:
        qs = qs.filter(koperasi__kabupaten_kode=kabupaten)
    rows = qs.values("koperasi__kabupaten_kode", "predikat").annotate(n=Count("pk")).order_by()
    per_kab: dict[str, dict[str, int]] = {}
    for r in rows:
        per_kab.setdefault(r["koperasi__kabupaten_kode"], {})[r["predikat"]] = r["n"]
    return [
        {"kabupaten_kode": kab, "nama": regions.nama(kab), "jumlah": jumlah, "total": sum(jumlah.values())}
        for kab, jumlah in sorted(per_kab.items())
    ]


def grafik_sebaran(rows: list[dict[str, Any]], *, tahun: int | None) -> charts.Grafik:
    """Stacked bars: one bar per kabupaten/kota, one segment per band (its table and export)."""
    predikat = health.PREDIKAT
    return charts.Grafik(
        id="kesehatan",
        judul=_fmt(_("Predikat kesehatan KSP/USP per kabupaten/kota, tahun buku {t}"), t=tahun or "—"),
        deskripsi=str(
            _("Jumlah penilaian kesehatan final menurut predikat (Perdep 06/Per/Dep.6/IV/2016), per kabupaten/kota.")
        ),
        jenis="tumpuk",
        kategori=tuple(r["nama"] for r in rows),
        seri=tuple(charts.Seri(str(p.nama), tuple(r["jumlah"].get(p.kode, 0) for r in rows)) for p in predikat),
        kepala=str(_("Kabupaten/kota")),
        kolom_total=True,
    )


def dengan_predikat(qs: KoperasiQuerySet) -> KoperasiQuerySet:
    """Annotate ``kes_predikat`` and ``kes_tahun``: the band and year of each cooperative's most
    recent final assessment (one correlated subquery; the registry filters on it)."""
    terakhir = PenilaianKesehatan.objects.filter(
        koperasi=OuterRef("pk"), status=StatusPenilaian.FINAL, skema=health.SKEMA_BAKU
    ).order_by("-tahun")
    return qs.annotate(
        kes_predikat=Subquery(terakhir.values("predikat")[:1]), kes_tahun=Subquery(terakhir.values("tahun")[:1])
    )


BELUM_DINILAI = "belum"


def filter_predikat(qs: KoperasiQuerySet, kode: str) -> KoperasiQuerySet:
    """Registry filter: cooperatives whose latest final band is ``kode`` (``belum``: KSP/USP
    without any final assessment)."""
    if kode == BELUM_DINILAI:
        return dengan_predikat(qs.filter(jenis__in=JENIS_DINILAI)).filter(Q(kes_predikat__isnull=True))
    if health.PERDEP_06_2016.predikat_kode(kode) is None:
        return qs
    return dengan_predikat(qs).filter(Q(kes_predikat=kode))


def pilihan_predikat() -> list[tuple[str, str]]:
    return [(p.kode, str(p.nama)) for p in health.PREDIKAT] + [(BELUM_DINILAI, str(_("Belum dinilai (KSP/USP)")))]


def grafik_dasbor(kode: str) -> charts.Grafik:
    """The dashboard's health chart for a region code (province or kabupaten/kota as the
    dashboard resolved it): the latest year with final assessments. Two small queries."""
    tahun = tahun_terakhir(kode)
    rows = sebaran(wilayah=kode, tahun=tahun) if tahun else []
    return grafik_sebaran(rows, tahun=tahun)
