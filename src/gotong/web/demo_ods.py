"""Yearly figures (ODS) of the demo province, 2021–2025, so RAT compliance tells a story.

* Registry (manual) cooperatives: figures typed or uploaded, growing 3–12 % a year from a size
  that fits their jenis; most years verified, RATs mostly before 30 June (some late); for the
  last book year a mix of verified, submitted, draft and returned (with the officer's comment),
  some that have not reported, and some that have not reported two years running. Inactive
  cooperatives stopped reporting in 2022 or 2023; dissolved ones have no reports.
* Digital cooperatives: their books exist only after the seed's members, savings and loans are
  written, which ``seed_demo`` does after ``demo_dinas``. So their reports are written when the
  seed's transaction commits (``transaction.on_commit``): years since joining Gotong computed
  from the books (``ods.hitung_dari_buku``), earlier years typed, scaled back from the first book
  year. A koperasi without books (or with empty ones) gets typed figures like a manual one.

Seeded, ORM only (no audit rows, no messages), written only while no report exists, so a
second seed changes nothing.
"""

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gotong.accounts.models import User
from gotong.province import agregat, ods
from gotong.province.models import CatatanLaporan, LaporanTahunan, StatusLaporan, SumberLaporan
from gotong.tenancy.models import JenisKoperasi, Koperasi, StatusKoperasi

TAHUN = (2021, 2022, 2023, 2024, 2025)
RIBU = Decimal("1000")
KOTA_SERANG = "36.73"

# members at the start and the rupiah of assets per member, by jenis
UKURAN = {
    JenisKoperasi.SIMPAN_PINJAM: ((60, 700), (3_000_000, 9_000_000), (0.15, 0.30)),
    JenisKoperasi.KONSUMEN: ((25, 300), (800_000, 2_500_000), (1.2, 2.5)),
    JenisKoperasi.PRODUSEN: ((20, 250), (1_500_000, 4_000_000), (0.8, 1.6)),
    JenisKoperasi.PEMASARAN: ((20, 150), (1_000_000, 3_000_000), (1.5, 3.0)),
    JenisKoperasi.JASA: ((20, 120), (1_000_000, 3_500_000), (0.5, 1.2)),
    JenisKoperasi.SERBA_USAHA: ((40, 900), (1_200_000, 4_000_000), (0.6, 1.5)),
}
KOMENTAR_KEMBALI = (
    "Aset di neraca tidak sama dengan lampiran laporan keuangan; mohon cek kembali.",
    "Jumlah anggota berbeda dengan buku daftar anggota; lampirkan rekap per 31 Desember.",
    "Tanggal RAT tidak sesuai berita acara; mohon unggah berita acara RAT.",
)


def _ribu(x: float) -> Decimal:
    return (Decimal(str(round(x))) / RIBU).quantize(Decimal("1")) * RIBU


def _waktu(tanggal: dt.date, jam: int) -> dt.datetime:
    return dt.datetime.combine(tanggal, dt.time(jam, 0), tzinfo=timezone.get_current_timezone())


class Rencana:
    """One cooperative's typed figures year by year, from a seeded random start."""

    def __init__(self, rng: random.Random, jenis: str) -> None:
        (a0, a1), (p0, p1), (v0, v1) = UKURAN.get(JenisKoperasi(jenis), UKURAN[JenisKoperasi.SERBA_USAHA])
        self.rng = rng
        self.anggota = rng.randint(a0, a1)
        self.wanita = rng.uniform(0.3, 0.65)
        self.per_anggota = rng.uniform(p0, p1)
        self.putaran = rng.uniform(v0, v1)
        self.modal = rng.uniform(0.35, 0.8)
        self.pengelola = rng.randint(3, 7)
        self.karyawan = rng.randint(0, 3) + self.anggota // 120

    def tahun_berikut(self) -> None:
        self.anggota = max(20, round(self.anggota * self.rng.uniform(0.98, 1.12)))
        self.per_anggota *= self.rng.uniform(1.0, 1.08)
        self.modal = min(0.9, max(0.25, self.modal + self.rng.uniform(-0.04, 0.04)))
        if self.rng.random() < 0.15:
            self.karyawan += 1

    def angka(self) -> dict[str, Any]:
        aset = _ribu(self.anggota * self.per_anggota)
        modal_sendiri = _ribu(float(aset) * self.modal)
        kewajiban = aset - modal_sendiri
        volume = _ribu(float(aset) * self.putaran)
        margin = self.rng.uniform(-0.03, 0.08) if self.rng.random() < 0.12 else self.rng.uniform(0.015, 0.07)
        pria = round(self.anggota * (1 - self.wanita))
        return {
            "anggota_pria": pria,
            "anggota_wanita": self.anggota - pria,
            "pengelola": self.pengelola,
            "karyawan": self.karyawan,
            "aset": aset,
            "kewajiban": kewajiban,
            "modal_sendiri": modal_sendiri,
            "modal_luar": _ribu(float(kewajiban) * self.rng.uniform(0.5, 1.0)),
            "volume_usaha": volume,
            "shu": _ribu(float(volume) * margin),
        }


def _rat(rng: random.Random, tahun: int, telat: bool) -> dt.date:
    if telat:
        return dt.date(tahun + 1, 7, 1) + dt.timedelta(days=rng.randint(0, 100))
    return dt.date(tahun + 1, 2, 1) + dt.timedelta(days=rng.randint(0, 148))  # 1 February – 29 June


def _laporan(
    kop: Koperasi,
    tahun: int,
    data: dict[str, Any],
    status: str,
    rat: dt.date | None,
    sumber: str,
    pemeriksa: User,
    rng: random.Random,
    hari_ini: dt.date,
) -> tuple[LaporanTahunan, list[CatatanLaporan]]:
    dibuat = min((rat or dt.date(tahun + 1, 4, 1)) + dt.timedelta(days=rng.randint(3, 25)), hari_ini)
    lap = LaporanTahunan(koperasi=kop, tahun=tahun, tanggal_rat=rat, status=status, sumber=sumber, **data)
    lap.dibuat_pada = lap.diubah_pada = _waktu(dibuat, 10)
    catatan: list[CatatanLaporan] = []
    if status != StatusLaporan.DRAFT:
        lap.diajukan_pada = _waktu(dibuat, 11)
        catatan.append(CatatanLaporan(laporan=lap, aksi=StatusLaporan.DIAJUKAN, waktu=lap.diajukan_pada))
    if status in (StatusLaporan.DIVERIFIKASI, StatusLaporan.DIKEMBALIKAN):
        diperiksa = min(dibuat + dt.timedelta(days=rng.randint(2, 21)), hari_ini)
        lap.diperiksa_oleh, lap.diperiksa_pada = pemeriksa, _waktu(diperiksa, 14)
        teks = rng.choice(KOMENTAR_KEMBALI) if status == StatusLaporan.DIKEMBALIKAN else ""
        lap.catatan = teks
        catatan.append(CatatanLaporan(laporan=lap, aksi=status, teks=teks, oleh=pemeriksa, waktu=lap.diperiksa_pada))
    return lap, catatan


def _simpan(rows: Sequence[tuple[LaporanTahunan, list[CatatanLaporan]]]) -> int:
    saved = LaporanTahunan.objects.bulk_create([lap for lap, _ in rows])
    for lap, catatan in zip(saved, (c for _, c in rows), strict=True):
        for c in catatan:
            c.laporan = lap
    CatatanLaporan.objects.bulk_create([c for _, cs in rows for c in cs])
    return len(saved)


def _status_terakhir(rng: random.Random) -> str | None:
    """The last book year of an active manual cooperative: mostly verified, some still moving,
    some not reported (None)."""
    r = rng.random()
    if r < 0.58:
        return StatusLaporan.DIVERIFIKASI
    if r < 0.70:
        return StatusLaporan.DIAJUKAN
    if r < 0.76:
        return StatusLaporan.DRAFT
    if r < 0.82:
        return StatusLaporan.DIKEMBALIKAN
    return None


def rencana_manual(
    rng: random.Random, kop: Koperasi, pemeriksa: User, hari_ini: dt.date
) -> list[tuple[LaporanTahunan, list[CatatanLaporan]]]:
    if kop.status == StatusKoperasi.DIBUBARKAN:
        return []
    rencana = Rencana(rng, kop.jenis)
    berhenti = TAHUN[-1] + 1
    if kop.status == StatusKoperasi.TIDAK_AKTIF:
        berhenti = rng.choice((2022, 2023))
    terakhir = _status_terakhir(rng)
    lewati_2024 = terakhir is None and rng.random() < 0.45  # two years running without a report
    rajin = rng.random() < 0.75  # holds RAT on time nearly every year
    rows = []
    for tahun in TAHUN:
        if kop.tanggal_badan_hukum and kop.tanggal_badan_hukum.year > tahun:
            continue
        if tahun >= berhenti or (tahun == 2025 and terakhir is None) or (tahun == 2024 and lewati_2024):
            rencana.tahun_berikut()
            continue
        status = terakhir if tahun == TAHUN[-1] else StatusLaporan.DIVERIFIKASI
        assert status is not None
        telat = rng.random() < (0.08 if rajin else 0.4)
        rat: dt.date | None = _rat(rng, tahun, telat)
        if status == StatusLaporan.DRAFT and rng.random() < 0.5:
            rat = None
        sumber = SumberLaporan.DIUNGGAH if rng.random() < 0.3 else SumberLaporan.DIISI
        rows.append(_laporan(kop, tahun, rencana.angka(), status, rat, sumber, pemeriksa, rng, hari_ini))
        rencana.tahun_berikut()
    return rows


def _dari_buku(kop: Koperasi, tahun: int) -> dict[str, Any] | None:
    hasil = ods.hitung_dari_buku(kop, tahun)
    if not hasil["aset"] or not (hasil["anggota_pria"] + hasil["anggota_wanita"]):
        return None
    if ods.periksa_angka({**hasil, "tanggal_rat": None}, tahun, lengkap=False, hari_ini=dt.date.max).errors:
        return None
    return hasil


def _mundur(data: dict[str, Any], faktor: float) -> dict[str, Any]:
    """A typed year before joining Gotong: the first book year scaled back, still balanced."""
    hasil = dict(data)
    for k in ("anggota_pria", "anggota_wanita"):
        hasil[k] = max(10, round(data[k] * faktor))
    for k in ("aset", "modal_sendiri", "volume_usaha", "shu"):
        hasil[k] = _ribu(float(data[k]) * faktor)
    hasil["kewajiban"] = hasil["aset"] - hasil["modal_sendiri"]
    if hasil["kewajiban"] < 0:
        hasil["kewajiban"], hasil["modal_sendiri"] = Decimal(0), hasil["aset"]
    hasil["modal_luar"] = hasil["kewajiban"]
    hasil["shu"] = min(hasil["shu"], hasil["volume_usaha"])
    return hasil


STATUS_DIGITAL_TERAKHIR = {
    "maju-bersama": StatusLaporan.DIVERIFIKASI,
    "tani-makmur": StatusLaporan.DIAJUKAN,
    "sejahtera-mandiri": StatusLaporan.DRAFT,
}


def rencana_digital(
    rng: random.Random, kop: Koperasi, pemeriksa: User, hari_ini: dt.date
) -> list[tuple[LaporanTahunan, list[CatatanLaporan]]]:
    mulai = kop.digital_sejak.year if kop.digital_sejak else TAHUN[-1]
    buku = {t: _dari_buku(kop, t) for t in TAHUN if t >= mulai}
    pertama = next((t for t in TAHUN if buku.get(t)), None)
    if pertama is None:
        return rencana_manual(rng, kop, pemeriksa, hari_ini)
    dasar = buku[pertama]
    assert dasar is not None
    rows = []
    for tahun in TAHUN:
        if kop.tanggal_badan_hukum and kop.tanggal_badan_hukum.year > tahun:
            continue
        status = StatusLaporan.DIVERIFIKASI
        if tahun == TAHUN[-1]:
            status = STATUS_DIGITAL_TERAKHIR.get(kop.kode, StatusLaporan.DIAJUKAN)
        data, sumber = buku.get(tahun), SumberLaporan.BUKU
        if data is None:
            data = _mundur(dasar, 0.9 ** (pertama - tahun)) if tahun < pertama else dasar
            sumber = SumberLaporan.DIISI
        rat = _rat(rng, tahun, telat=False)
        rows.append(_laporan(kop, tahun, data, status, rat, sumber, pemeriksa, rng, hari_ini))
    return rows


def _pemeriksa(kop: Koperasi, users: Mapping[str, User]) -> User:
    if kop.kabupaten_kode == KOTA_SERANG and "dinas.kotaserang" in users:
        return users["dinas.kotaserang"]
    return users["eka"]


def demo_ods(*, koperasi: Mapping[str, Koperasi], users: Mapping[str, User], hari_ini: dt.date, seed: int) -> int:
    """Reports of the registry cooperatives now, of the digital ones when the seed commits.
    Returns the number written now (0 when reports exist already)."""
    if LaporanTahunan.objects.exists() or "eka" not in users:
        return 0
    rng = random.Random(seed * 10 + 7)  # noqa: S311 - demo data, not secrets
    semua = [koperasi[kode] for kode in sorted(koperasi)]
    rows = [r for kop in semua if not kop.digital for r in rencana_manual(rng, kop, _pemeriksa(kop, users), hari_ini)]
    n = _simpan(rows)
    digital = [kop for kop in semua if kop.digital]

    def dari_buku() -> None:
        with transaction.atomic():
            if LaporanTahunan.objects.filter(koperasi__in=digital).exists():
                return
            r = random.Random(seed * 10 + 8)  # noqa: S311 - demo data, not secrets
            _simpan([x for kop in digital for x in rencana_digital(r, kop, _pemeriksa(kop, users), hari_ini)])
            agregat.segarkan({kop.kabupaten_kode for kop in digital}, hari_ini=hari_ini)  # bulk_create sends no signal

    transaction.on_commit(dari_buku)
    return n
