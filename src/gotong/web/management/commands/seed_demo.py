"""Load the demo: three digital koperasi with members, ~60 registry-only koperasi, logins.

Everything comes from one fixed seed (Faker ``id_ID`` and ``random.Random`` both seeded
with 2024) and one fixed "today", so two runs on fresh databases give the same data
(except the secret status/card tokens, which stay random on purpose). Places are real
Kemendagri codes from ``gotong.core.regions``; NIKs follow the Banten shape of
DOMAIN.md (kecamatan of issue, birth date with +40 for women, serial).

The command is idempotent: koperasi are found by ``kode`` and their identity updated;
members are only loaded into a digital koperasi that has none yet; users and roles are
updated or created. Seeded data queues no notifications (we bypass the services on
purpose and write history rows ourselves). The loan book (``web.demo_pinjaman``) is the
exception: it is played through the loan services, only for members loaded in this run.
"""

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from gotong.accounts.models import User
from gotong.core import nik as nik_rules
from gotong.core import regions
from gotong.ledger.services import bagan_akun_siapkan
from gotong.loans.services import produk_default_siapkan as produk_pinjaman_siapkan
from gotong.members.models import (
    Anggota,
    JenisKelamin,
    PengajuanKeluar,
    RiwayatStatus,
    StatusAnggota,
    StatusPengajuanKeluar,
)
from gotong.province import agregat
from gotong.savings.services import produk_default_siapkan
from gotong.tenancy.models import (
    JenisKoperasi,
    Koperasi,
    NamaPeran,
    Penomoran,
    Peran,
    PeranDinas,
    Pola,
    TingkatDinas,
)
from gotong.web.demo_activity import demo_activity
from gotong.web.demo_buku import demo_beban, demo_tutup_bulan, demo_tutup_tahun, demo_waktu_tutup
from gotong.web.demo_dinas import demo_dinas
from gotong.web.demo_kesehatan import demo_kesehatan
from gotong.web.demo_pinjaman import demo_pinjaman
from gotong.web.demo_rat import demo_rat
from gotong.web.demo_shu import demo_shu
from gotong.web.demo_simpanan import demo_simpanan

SEED = 2024
SANDI_DEMO = "gotong-demo"
# A fixed "today" keeps the data identical between runs; the seed was written in late 2026.
HARI_INI = dt.date(2026, 11, 25)
DOMAIN = "demo.gotong.id"
SERI_ANGGOTA = "anggota"  # the series members.services numbers approvals from
USIA_MINIMUM = 17  # members.forms.USIA_MINIMUM
POTONGAN = 500  # bulk_create batch size

S, L = StatusAnggota, JenisKelamin


# --- Plan data -------------------------------------------------------------------------


@dataclass(frozen=True)
class KoperasiDemo:
    """A digital koperasi of the demo with its fixed identity and its size."""

    kode: str
    nama: str
    jenis: str
    kabupaten_kode: str
    tetangga_kode: str  # a neighbouring kabupaten/kota some members live in
    jumlah_anggota: int
    format_nomor_anggota: str
    nomor_badan_hukum: str
    tanggal_badan_hukum: dt.date
    awalan: str  # username prefix of its extra staff, e.g. ``maju`` → ``maju.bendahara``


DIGITAL = (
    KoperasiDemo(
        "maju-bersama",
        "Koperasi Simpan Pinjam Maju Bersama",
        JenisKoperasi.SIMPAN_PINJAM,
        "36.73",
        "36.04",
        400,
        "MB-{tahun}-{urut:04d}",
        "518/BH/XI.3/2012",
        dt.date(2012, 11, 14),
        "maju",
    ),
    KoperasiDemo(
        "tani-makmur",
        "Koperasi Produsen Tani Makmur",
        JenisKoperasi.PRODUSEN,
        "36.01",
        "36.02",
        250,
        "TM-{urut:05d}",
        "231/BH/XI.1/2009",
        dt.date(2009, 5, 20),
        "tani",
    ),
    KoperasiDemo(
        "sejahtera-mandiri",
        "Koperasi Serba Usaha Sejahtera Mandiri",
        JenisKoperasi.SERBA_USAHA,
        "36.03",
        "36.71",
        300,
        "SM.{tahun}.{urut:04d}",
        "AHU-0004127.AH.01.26.Tahun 2017",
        dt.date(2017, 3, 8),
        "sejahtera",
    ),
)


@dataclass(frozen=True)
class Riwayat:
    dari: str
    ke: str
    tanggal: dt.date
    oleh: str | None  # a role in the koperasi (resolved to its user), None = the public form
    catatan: str = ""


@dataclass(frozen=True)
class Keluar:
    alasan: str
    diajukan: dt.date
    diputus: dt.date | None  # None: still open


@dataclass
class RencanaAnggota:
    anggota: Anggota  # unsaved, koperasi set when written
    riwayat: list[Riwayat] = field(default_factory=list)
    keluar: Keluar | None = None


@dataclass
class RencanaKoperasi:
    nilai: dict[str, Any]  # Koperasi field values, ``kode`` included
    anggota: list[RencanaAnggota] = field(default_factory=list)

    @property
    def kode(self) -> str:
        return str(self.nilai["kode"])


@dataclass(frozen=True)
class Akun:
    username: str
    nama: str
    email: str
    telepon: str
    peran: tuple[tuple[str, str], ...] = ()  # (koperasi kode, NamaPeran)
    dinas: tuple[str, str] | None = None  # (TingkatDinas, wilayah_kode)


@dataclass
class Rencana:
    koperasi: list[RencanaKoperasi]
    akun: list[Akun]
    citra_nik: str


# --- Word lists (people and cooperatives; places come from regions) ----------------------

PEKERJAAN_UMUM = {
    "Pedagang": 14,
    "Wiraswasta": 12,
    "Karyawan swasta": 12,
    "Buruh harian lepas": 8,
    "Petani": 8,
    "Guru": 5,
    "PNS": 4,
    "Sopir": 4,
    "Penjahit": 3,
    "Nelayan": 3,
    "Peternak": 3,
    "Tukang ojek": 3,
    "Pensiunan": 2,
    "Perangkat desa": 2,
    "Bidan": 1,
    "Montir": 2,
    "Tukang bangunan": 3,
}
PEKERJAAN_MENURUT_JENIS: dict[str, dict[str, int]] = {
    JenisKoperasi.PRODUSEN: {"Petani": 45, "Peternak": 10, "Buruh tani": 10, "Pekebun": 6, "Nelayan": 4},
    JenisKoperasi.SERBA_USAHA: {"Buruh pabrik": 14, "Karyawan swasta": 10, "Pedagang": 6},
    JenisKoperasi.SIMPAN_PINJAM: {"Pedagang": 10, "Wiraswasta": 6, "PNS": 4},
}
ALASAN_KELUAR = (
    "Pindah domisili ke luar daerah.",
    "Pindah kerja ke Jakarta, tidak bisa lagi ikut kegiatan koperasi.",
    "Butuh dana untuk biaya pendidikan anak.",
    "Usaha sudah tidak berjalan, ingin berhenti menabung wajib.",
    "Alasan kesehatan.",
    "Bergabung dengan koperasi karyawan di tempat kerja yang baru.",
    "Anggota meninggal dunia; diajukan oleh ahli waris.",
)
ALASAN_TOLAK = (
    "Foto KTP tidak terbaca. Silakan daftar ulang dengan foto KTP yang jelas.",
    "Alamat domisili di luar wilayah keanggotaan koperasi menurut AD/ART.",
    "Nomor KK tidak sesuai dengan dokumen yang diserahkan.",
    "Masih ada kewajiban yang belum diselesaikan dari keanggotaan sebelumnya.",
    "Tanggal lahir pada formulir berbeda dengan KTP.",
)
KOTA_LAHIR_LAIN = tuple("Jakarta|Bogor|Bandung|Sukabumi|Cirebon|Brebes|Tegal|Bandar Lampung|Garut|Kuningan".split("|"))
PREFIKS_HP = tuple("0812 0813 0821 0822 0852 0853 0856 0857 0858 0877 0878 0838 0895 0896 0881".split())
KODE_AREA = {
    "36.01": "0253",
    "36.02": "0252",
    "36.03": "021",
    "36.04": "0254",
    "36.71": "021",
    "36.72": "0254",
    "36.73": "0254",
    "36.74": "021",
}

# Registry-only cooperatives per kabupaten/kota (60 in all) and the name templates.
JUMLAH_REGISTRI = {"36.03": 11, "36.04": 9, "36.01": 9, "36.02": 9, "36.71": 7, "36.74": 6, "36.73": 5, "36.72": 4}
KATA = {
    "usaha": tuple(
        "Mulya|Sri Makmur|Karya Bakti|Mekar Sari|Sumber Rezeki|Harapan Jaya|Bina Usaha|Tunas Harapan|"
        "Sinar Jaya|Mitra Usaha|Bangun Desa|Sauyunan|Giri Mukti|Rukun Santosa".split("|")
    ),
    "laut": ("Sejahtera", "Bahari", "Samudera", "Sinar Laut", "Karya Nelayan", "Baruna"),
    "bunga": ("Melati", "Mawar", "Kartini", "Srikandi", "Dahlia", "Anggrek", "Cempaka", "Annisa", "Kenanga"),
    "instansi": ("RSUD", "PDAM", "Setda", "Dinas Kesehatan", "Dinas Pendidikan", "Kantor Kemenag"),
    "syariah": ("Al-Ikhlas", "Al-Falah", "Ukhuwah", "Amanah Ummah", "Nurul Huda", "Al-Barokah", "Insan Mandiri"),
    "pesantren": ("Darul Ulum", "Al-Khairiyah", "Nurul Falah", "Al-Hidayah", "Miftahul Huda", "Darussalam"),
    "komoditas": ("Gula Aren", "Emping Melinjo", "Padi", "Kopi", "Ikan Bandeng", "Sayuran", "Susu Kambing", "Kelapa"),
    "jasa": ("Angkutan", "Wisata Pantai", "Parkir", "Kebersihan", "Ojek"),
}


@dataclass(frozen=True)
class Templat:
    nama: str  # with {usaha}, {laut}, … {kec} (kecamatan), {kab} (kabupaten/kota short name)
    jenis: str
    pola: str = Pola.KONVENSIONAL
    kelompok: str = ""
    desa_saja: bool = False  # only in a kabupaten (rural), not in a kota


TEMPLAT = (
    Templat("KUD {usaha}", JenisKoperasi.SERBA_USAHA, kelompok="KUD", desa_saja=True),
    Templat("KUD Mina {laut}", JenisKoperasi.PRODUSEN, kelompok="KUD", desa_saja=True),
    Templat("Koperasi Wanita {bunga}", JenisKoperasi.SIMPAN_PINJAM, kelompok="Koperasi Wanita"),
    Templat("Koperasi Karyawan {instansi} {kab}", JenisKoperasi.KONSUMEN, kelompok="Koperasi Karyawan"),
    Templat("KPRI Guru {kec}", JenisKoperasi.SIMPAN_PINJAM, kelompok="KPRI"),
    Templat("KSPPS BMT {syariah}", JenisKoperasi.SIMPAN_PINJAM, Pola.SYARIAH),
    Templat("Kopontren {pesantren}", JenisKoperasi.SERBA_USAHA, Pola.SYARIAH, "Koperasi Pondok Pesantren"),
    Templat("Koperasi Produsen {komoditas} {kec}", JenisKoperasi.PRODUSEN, desa_saja=True),
    Templat("Koperasi Pemasaran {komoditas} {kab}", JenisKoperasi.PEMASARAN),
    Templat("Koperasi Jasa {jasa} {kec}", JenisKoperasi.JASA),
    Templat("Koperasi Konsumen {usaha}", JenisKoperasi.KONSUMEN),
    Templat("Koperasi Pedagang Pasar {kec}", JenisKoperasi.SERBA_USAHA, kelompok="Koppas"),
)


# --- Region helpers ----------------------------------------------------------------------


def kecamatan_di(kabupaten_kode: str) -> list[str]:
    return [w.kode for w in regions.children(kabupaten_kode)]


def desa_di(kecamatan_kode: str) -> list[str]:
    return [w.kode for w in regions.children(kecamatan_kode)]


def nama_pendek(kode: str) -> str:
    """``Kabupaten Lebak`` → ``Lebak``, ``Kota Serang`` → ``Serang``."""
    nama = regions.nama(kode)
    for awalan in ("Kabupaten ", "Kota "):
        nama = nama.removeprefix(awalan)
    return nama


def is_kota(kabupaten_kode: str) -> bool:
    return kabupaten_kode.split(".")[1].startswith("7")


def digits(kode: str) -> str:
    return kode.replace(".", "")


# --- The generator -------------------------------------------------------------------------


@dataclass(frozen=True)
class WilayahKerja:
    """Where a koperasi's members live: mostly near the office, a few farther away."""

    kantor: str
    sekitar: tuple[str, ...]
    semua: tuple[str, ...]
    tetangga: tuple[str, ...]


class Pembuat:
    """All random choices, from one seeded Faker and one seeded Random, in a fixed order."""

    def __init__(self) -> None:
        self.fake = Faker("id_ID")
        self.fake.seed_instance(SEED)
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
        self.nik_dipakai: set[str] = set()

    # dates and numbers
    def tanggal(self, awal: dt.date, akhir: dt.date) -> dt.date:
        return awal + dt.timedelta(days=self.rng.randint(0, max(0, (akhir - awal).days)))

    def angka(self, panjang: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(panjang))

    def berbobot(self, bobot: dict[str, int]) -> str:
        return self.rng.choices(list(bobot), weights=list(bobot.values()))[0]

    def hp(self) -> str:
        """A mobile number in the form ``forms.normalise_telepon`` keeps: 08…, 11–12 digits."""
        prefiks = self.rng.choice(PREFIKS_HP)
        return prefiks + self.angka(self.rng.choice((7, 8)))

    def telepon_kantor(self, kabupaten_kode: str) -> str:
        area = KODE_AREA[kabupaten_kode]
        return f"({area}) {self.angka(8 if area == '021' else 6)}"

    # people
    def nama(self, perempuan: bool) -> str:
        fake, r = self.fake, self.rng.random()
        depan = fake.first_name_female() if perempuan else fake.first_name_male()
        if r < 0.08:
            return depan
        belakang = fake.last_name_female() if perempuan else fake.last_name_male()
        if r < 0.2:
            depan = ("Siti " if perempuan else self.rng.choice(("Muhammad ", "Ahmad ", "Muhamad "))) + depan
        return f"{depan} {belakang}"

    def nik(self, kecamatan_kode: str, lahir: dt.date, perempuan: bool) -> str:
        while True:
            nik = nik_rules.build(kecamatan_kode, lahir, perempuan, self.rng.randint(1, 9999))
            if nik not in self.nik_dipakai:
                self.nik_dipakai.add(nik)
                return nik

    def nomor_kk(self, kecamatan_kode: str) -> str:
        terbit = self.tanggal(dt.date(2008, 1, 1), dt.date(2024, 12, 31))
        return f"{digits(kecamatan_kode)}{terbit:%d%m%y}{self.rng.randint(1, 9999):04d}"

    def lahir(self, daftar: dt.date) -> dt.date:
        tujuh_belas = dt.date(daftar.year - USIA_MINIMUM, daftar.month, min(daftar.day, 28))
        batas = min(dt.date(2003, 12, 31), tujuh_belas - dt.timedelta(days=1))
        return self.tanggal(dt.date(1955, 1, 1), batas)

    def tempat_lahir(self, kabupaten_kode: str) -> str:
        r = self.rng.random()
        if r < 0.7:
            return nama_pendek(kabupaten_kode)
        if r < 0.85:
            return nama_pendek(self.rng.choice(regions.kabupaten_banten()).kode)
        return self.rng.choice(KOTA_LAHIR_LAIN)

    def alamat(self, kabupaten_kode: str) -> str:
        rt_rw = f"RT {self.rng.randint(1, 12):03d}/RW {self.rng.randint(1, 8):03d}"
        if not is_kota(kabupaten_kode):
            kampung = regions.nama(self.rng.choice(desa_di(self.rng.choice(kecamatan_di(kabupaten_kode)))))
            return f"Kp. {kampung} {rt_rw}"
        if self.rng.random() < 0.3:
            blok = f"{self.rng.choice('ABCDEFGH')}{self.rng.randint(1, 20)}"
            return f"Perum {self.fake.last_name()} Indah Blok {blok} No. {self.rng.randint(1, 40)}"
        return f"{self.fake.street_name()} No. {self.rng.randint(1, 120)} {rt_rw}"

    def pekerjaan(self, jenis: str, perempuan: bool) -> str:
        if perempuan and self.rng.random() < 0.25:
            return "Ibu rumah tangga"
        bobot = dict(PEKERJAAN_UMUM)
        for nama, tambah in PEKERJAAN_MENURUT_JENIS.get(jenis, {}).items():
            bobot[nama] = bobot.get(nama, 0) + tambah
        return self.berbobot(bobot)

    def email(self, nama: str) -> str:
        if self.rng.random() > 0.15:
            return ""
        return f"{slugify(nama).replace('-', '.')}{self.rng.randint(1, 99)}@anggota.{DOMAIN}"

    def wilayah_kerja(self, kecamatan_kantor: str, kabupaten_kode: str, tetangga_kode: str) -> WilayahKerja:
        semua = kecamatan_di(kabupaten_kode)
        lain = [k for k in semua if k != kecamatan_kantor]
        sekitar = tuple(self.rng.sample(lain, min(3, len(lain))))
        return WilayahKerja(kecamatan_kantor, sekitar, tuple(semua), tuple(kecamatan_di(tetangga_kode)))

    def kecamatan(self, w: WilayahKerja) -> str:
        r = self.rng.random()
        if r < 0.5:
            return w.kantor
        pilihan = w.sekitar if r < 0.8 else w.semua if r < 0.95 else w.tetangga
        return self.rng.choice(pilihan)


# --- Planning: people ----------------------------------------------------------------------


def rencana_orang(p: Pembuat, spec: KoperasiDemo, w: WilayahKerja, daftar: dt.date) -> Anggota:
    """One person (unsaved ``Anggota``) with consistent NIK, KK, address and dates."""
    perempuan = p.rng.random() < 0.48
    kec = p.kecamatan(w)
    kab = kec[:5]
    lahir = p.lahir(daftar)
    nama = p.nama(perempuan)
    return Anggota(
        nik=p.nik(kec, lahir, perempuan),
        nomor_kk=p.nomor_kk(kec),
        nama=nama,
        nama_cari=nama.lower(),
        tempat_lahir=p.tempat_lahir(kab),
        tanggal_lahir=lahir,
        jenis_kelamin=L.PEREMPUAN if perempuan else L.LAKI_LAKI,
        alamat=p.alamat(kab),
        kabupaten_kode=kab,
        kecamatan_kode=kec,
        desa_kode=p.rng.choice(desa_di(kec)),
        telepon=p.hp(),
        email=p.email(nama),
        pekerjaan=p.pekerjaan(spec.jenis, perempuan),
        persetujuan_pada=waktu(daftar, p.rng.randint(7, 21)),
        tanggal_daftar=daftar,
        status=S.CALON,
    )


def waktu(tanggal: dt.date, jam: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(tanggal, dt.time(jam, 0)))


def tanggal_masuk(p: Pembuat) -> dt.date:
    """Join dates 2019–2026, a quarter in 2019 when the old register moved to Gotong."""
    if p.rng.random() < 0.25:
        return p.tanggal(dt.date(2019, 1, 15), dt.date(2019, 12, 31))
    return p.tanggal(dt.date(2020, 1, 1), HARI_INI - dt.timedelta(days=35))


def daftar_sebelum(p: Pembuat, masuk: dt.date) -> dt.date:
    return masuk - dt.timedelta(days=p.rng.randint(2, 14))


def riwayat_daftar(tanggal: dt.date) -> Riwayat:
    return Riwayat("", S.CALON, tanggal, None, "Mendaftar lewat formulir daring.")


def rencana_terdaftar(p: Pembuat, spec: KoperasiDemo, w: WilayahKerja, jumlah: int) -> list[RencanaAnggota]:
    """Members in the register, numbered in join-date order with the koperasi's format."""
    masuk = sorted(tanggal_masuk(p) for _ in range(jumlah))
    hasil = []
    for urut, tgl in enumerate(masuk, start=1):
        a = rencana_orang(p, spec, w, daftar_sebelum(p, tgl))
        a.status, a.tanggal_masuk = S.AKTIF, tgl
        a.nomor_anggota = spec.format_nomor_anggota.format(urut=urut, tahun=tgl.year)
        riwayat = [riwayat_daftar(a.tanggal_daftar), Riwayat(S.CALON, S.AKTIF, tgl, NamaPeran.KETUA)]
        hasil.append(RencanaAnggota(a, riwayat))
    return hasil


def tandai_keluar(p: Pembuat, r: RencanaAnggota) -> None:
    """An exit approved by the board: status keluar, history row, approved request."""
    a = r.anggota
    assert a.tanggal_masuk is not None
    keluar = p.tanggal(a.tanggal_masuk + dt.timedelta(days=200), HARI_INI - dt.timedelta(days=10))
    diajukan = max(a.tanggal_masuk, keluar - dt.timedelta(days=p.rng.randint(3, 30)))
    alasan = p.rng.choice(ALASAN_KELUAR)
    a.status, a.tanggal_keluar = S.KELUAR, keluar
    r.riwayat.append(Riwayat(S.AKTIF, S.KELUAR, keluar, NamaPeran.KETUA, alasan))
    r.keluar = Keluar(alasan, diajukan, keluar)


def tandai_ajukan_keluar(p: Pembuat, r: RencanaAnggota) -> None:
    r.keluar = Keluar(p.rng.choice(ALASAN_KELUAR), HARI_INI - dt.timedelta(days=p.rng.randint(1, 12)), None)


def pilih_keluar(p: Pembuat, terdaftar: list[RencanaAnggota], citra: RencanaAnggota | None) -> None:
    """About 3% exited (approved), one or two open exit requests; never Citra."""
    lama = HARI_INI - dt.timedelta(days=400)
    calon = [r for r in terdaftar if r is not citra and r.anggota.tanggal_masuk and r.anggota.tanggal_masuk <= lama]
    jumlah = max(1, round(len(terdaftar) * 0.03))
    dipilih = p.rng.sample(calon, min(jumlah, len(calon)))
    for r in dipilih:
        tandai_keluar(p, r)
    sisa = [r for r in terdaftar if r is not citra and r.keluar is None]
    for r in p.rng.sample(sisa, min(p.rng.choice((1, 2)), len(sisa))):
        tandai_ajukan_keluar(p, r)


def rencana_calon(p: Pembuat, spec: KoperasiDemo, w: WilayahKerja, jumlah: int) -> list[RencanaAnggota]:
    """Applications waiting for the board, sent in the last weeks."""
    hasil = []
    for daftar in sorted(p.tanggal(HARI_INI - dt.timedelta(days=25), HARI_INI) for _ in range(jumlah)):
        hasil.append(RencanaAnggota(rencana_orang(p, spec, w, daftar), [riwayat_daftar(daftar)]))
    return hasil


def rencana_ditolak(p: Pembuat, spec: KoperasiDemo, w: WilayahKerja, jumlah: int) -> list[RencanaAnggota]:
    hasil = []
    for _ in range(jumlah):
        daftar = p.tanggal(dt.date(2020, 3, 1), HARI_INI - dt.timedelta(days=40))
        a = rencana_orang(p, spec, w, daftar)
        a.status, a.alasan_penolakan = S.DITOLAK, p.rng.choice(ALASAN_TOLAK)
        ditolak = daftar + dt.timedelta(days=p.rng.randint(2, 10))
        riwayat = [riwayat_daftar(daftar), Riwayat(S.CALON, S.DITOLAK, ditolak, NamaPeran.KETUA, a.alasan_penolakan)]
        hasil.append(RencanaAnggota(a, riwayat))
    return hasil


def jadikan_citra(r: RencanaAnggota) -> None:
    """Citra Lestari, the demo member login: an active woman; her NIK stays consistent."""
    a = r.anggota
    a.nama, a.nama_cari, a.email = "Citra Lestari", "citra lestari", f"citra@maju-bersama.{DOMAIN}"


def pilih_citra(terdaftar: list[RencanaAnggota]) -> RencanaAnggota:
    def cocok(r: RencanaAnggota) -> bool:
        a = r.anggota
        muda = a.tanggal_lahir.year >= 1980
        return a.jenis_kelamin == L.PEREMPUAN and a.kabupaten_kode == "36.73" and muda and a.tanggal_masuk is not None

    perempuan = [r for r in terdaftar if cocok(r)]
    tahun_2021 = [r for r in perempuan if r.anggota.tanggal_masuk and r.anggota.tanggal_masuk.year == 2021]
    return (tahun_2021 or perempuan or terdaftar)[0]


# --- Planning: cooperatives ------------------------------------------------------------------


def nik_koperasi(p: Pembuat, kecamatan_kode: str, tahun: int) -> str:
    """16 digits: kecamatan of the office, year of registration, ministry serial."""
    return f"{digits(kecamatan_kode)}{tahun}{p.angka(6)}"


def identitas(p: Pembuat, kabupaten_kode: str, tahun: int) -> dict[str, Any]:
    """Office address (real kecamatan and desa), NIK koperasi and phone."""
    kec = p.rng.choice(kecamatan_di(kabupaten_kode))
    nomor = p.rng.randint(1, 250)
    kota_jalan = is_kota(kabupaten_kode) and p.rng.random() < 0.5
    jalan = f"{p.fake.street_name()} No. {nomor}" if kota_jalan else f"Jl. Raya {regions.nama(kec)} No. {nomor}"
    return {
        "kabupaten_kode": kabupaten_kode,
        "provinsi_kode": regions.BANTEN,
        "kecamatan_kode": kec,
        "desa_kode": p.rng.choice(desa_di(kec)),
        "alamat": jalan,
        "nik_koperasi": nik_koperasi(p, kec, tahun),
        "telepon": p.telepon_kantor(kabupaten_kode),
    }


def rencana_digital(p: Pembuat, spec: KoperasiDemo, skala: float) -> tuple[RencanaKoperasi, RencanaAnggota | None]:
    nilai = {
        "kode": spec.kode,
        "nama": spec.nama,
        "jenis": spec.jenis,
        "pola": Pola.KONVENSIONAL,
        "kelompok": "",
        "nomor_badan_hukum": spec.nomor_badan_hukum,
        "tanggal_badan_hukum": spec.tanggal_badan_hukum,
        "email": f"pengurus@{spec.kode}.{DOMAIN}",
        "digital": True,
        "aktif": True,
        "format_nomor_anggota": spec.format_nomor_anggota,
        **identitas(p, spec.kabupaten_kode, spec.tanggal_badan_hukum.year + 1),
    }
    w = p.wilayah_kerja(nilai["kecamatan_kode"], spec.kabupaten_kode, spec.tetangga_kode)
    terdaftar = rencana_terdaftar(p, spec, w, max(10, round(spec.jumlah_anggota * skala)))
    citra = pilih_citra(terdaftar) if spec.kode == "maju-bersama" else None
    if citra is not None:
        jadikan_citra(citra)
    pilih_keluar(p, terdaftar, citra)
    semua = terdaftar + rencana_calon(p, spec, w, 8) + rencana_ditolak(p, spec, w, 4)
    return RencanaKoperasi(nilai, semua), citra


def nama_registri(p: Pembuat, t: Templat, kab: str, kec: str) -> str:
    isian = {k: p.rng.choice(v) for k, v in KATA.items()}
    return t.nama.format(kec=regions.nama(kec), kab=nama_pendek(kab), **isian)


def badan_hukum(p: Pembuat, kab: str) -> tuple[str, dt.date]:
    """Before 2015 the provincial office's number; since then the AHU number of Kemenkumham."""
    tanggal = p.tanggal(dt.date(1985, 1, 1), dt.date(2023, 12, 31))
    if tanggal.year < 2015:
        return f"{p.rng.randint(10, 999)}/BH/XI.{digits(kab)[2:]}/{tanggal.year}", tanggal
    return f"AHU-{p.angka(7)}.AH.01.26.Tahun {tanggal.year}", tanggal


def nama_unik(p: Pembuat, kab: str, kec: str, dipakai: set[str]) -> tuple[Templat, str]:
    """A name no other registry koperasi has; word lists are short, so retry, then add the kecamatan."""
    pilihan = [t for t in TEMPLAT if not (t.desa_saja and is_kota(kab))]
    for _ in range(20):
        t = p.rng.choice(pilihan)
        nama = nama_registri(p, t, kab, kec)
        if nama not in dipakai:
            break
    else:
        nama = f"{nama} {regions.nama(kec)}"
    dasar, n = nama, 1
    while nama in dipakai:
        n += 1
        nama = f"{dasar} {n}"
    dipakai.add(nama)
    return t, nama


def rencana_satu_registri(p: Pembuat, kab: str, dipakai: set[str]) -> RencanaKoperasi:
    ident = identitas(p, kab, 2000)
    t, nama = nama_unik(p, kab, ident["kecamatan_kode"], dipakai)
    nomor, tanggal = badan_hukum(p, kab)
    aktif = p.rng.random() > 0.15
    ident["nik_koperasi"] = (
        nik_koperasi(p, ident["kecamatan_kode"], max(tanggal.year, 2016)) if aktif and p.rng.random() < 0.8 else ""
    )
    nilai = {
        "nama": nama,
        "jenis": t.jenis,
        "pola": t.pola,
        "kelompok": t.kelompok,
        "nomor_badan_hukum": nomor,
        "tanggal_badan_hukum": tanggal,
        "email": "",
        "digital": False,
        "aktif": aktif,
        **ident,
    }
    return RencanaKoperasi(nilai)


def kode_registri(nama: str, kab: str, dipakai: set[str]) -> str:
    dasar = slugify(nama)
    if len(dasar) > 36:  # kode holds 40; cut at a word, keep room for a "-2"
        dasar = dasar[:37].rpartition("-")[0]
    kode, n = dasar, 1
    while kode in dipakai:
        n += 1
        kode = f"{dasar}-{n}"
    dipakai.add(kode)
    return kode


def rencana_registri(p: Pembuat) -> list[RencanaKoperasi]:
    """~60 cooperatives known to the dinas but not (yet) on Gotong, over all 8 kab/kota."""
    nama_dipakai: set[str] = set()
    kode_dipakai = {d.kode for d in DIGITAL}
    hasil = []
    for kab in (w.kode for w in regions.kabupaten_banten()):
        for _ in range(JUMLAH_REGISTRI[kab]):
            r = rencana_satu_registri(p, kab, nama_dipakai)
            r.nilai["kode"] = kode_registri(r.nilai["nama"], kab, kode_dipakai)
            hasil.append(r)
    return hasil


# --- Planning: logins --------------------------------------------------------------------------

PERAN_TAMBAHAN = {
    "maju-bersama": (
        NamaPeran.SEKRETARIS,
        NamaPeran.BENDAHARA,
        NamaPeran.PENGAWAS,
        NamaPeran.MANAJER,
        NamaPeran.PETUGAS_LAPANGAN,
    ),
    "tani-makmur": (NamaPeran.SEKRETARIS, NamaPeran.BENDAHARA, NamaPeran.PENGAWAS, NamaPeran.PETUGAS_LAPANGAN),
    "sejahtera-mandiri": (
        NamaPeran.KETUA,
        NamaPeran.SEKRETARIS,
        NamaPeran.BENDAHARA,
        NamaPeran.MANAJER,
        NamaPeran.KASIR,
    ),
}
NAMA_USER_PERAN = {NamaPeran.PETUGAS_LAPANGAN: "petugas"}
# Field collectors for the loan book, added after the others with fixed names and phones (so
# the seeded random sequence, and with it everything planned after the staff, stays the same).
PETUGAS_TAMBAHAN = (
    ("maju-bersama", "maju.petugas2", "Yusuf Maulana", "081311220417"),
    ("sejahtera-mandiri", "sejahtera.petugas", "Rudi Hartono", "085711930268"),
)


def akun_utama(p: Pembuat, citra_telepon: str) -> list[Akun]:
    """The fixed cast of ENGINEERING.md: Ani, Budi, Citra, Dedi, Eka."""
    maju, tani = "maju-bersama", "tani-makmur"
    return [
        Akun(
            "ani",
            "Ani Suryani",
            f"ani@{maju}.{DOMAIN}",
            p.hp(),
            ((maju, NamaPeran.KETUA), ("sejahtera-mandiri", NamaPeran.PENGAWAS)),
        ),
        Akun("budi", "Budi Santoso", f"budi@{maju}.{DOMAIN}", p.hp(), ((maju, NamaPeran.KASIR),)),
        Akun("citra", "Citra Lestari", f"citra@{maju}.{DOMAIN}", citra_telepon, ((maju, NamaPeran.ANGGOTA),)),
        Akun("dedi", "Dedi Kurniawan", f"dedi@{tani}.{DOMAIN}", p.hp(), ((tani, NamaPeran.KETUA),)),
        Akun("eka", "Eka Pratiwi", f"eka@dinas.{DOMAIN}", p.hp(), dinas=(TingkatDinas.PROVINSI, regions.BANTEN)),
        Akun(
            "dinas.kotaserang",
            "Hendra Gunawan",
            f"kotaserang@dinas.{DOMAIN}",
            p.hp(),
            dinas=(TingkatDinas.KABUPATEN, "36.73"),
        ),
    ]


def akun_staf(p: Pembuat) -> list[Akun]:
    """Further board and staff per digital koperasi, e.g. ``maju.bendahara``."""
    hasil = []
    for spec in DIGITAL:
        for peran in PERAN_TAMBAHAN[spec.kode]:
            bagian = NAMA_USER_PERAN.get(peran, str(peran))
            nama = p.nama(p.rng.random() < 0.45)
            hasil.append(
                Akun(f"{spec.awalan}.{bagian}", nama, f"{bagian}@{spec.kode}.{DOMAIN}", p.hp(), ((spec.kode, peran),))
            )
    for kode, username, nama, telepon in PETUGAS_TAMBAHAN:
        bagian = username.partition(".")[2]
        hasil.append(Akun(username, nama, f"{bagian}@{kode}.{DOMAIN}", telepon, ((kode, NamaPeran.PETUGAS_LAPANGAN),)))
    return hasil


def rencana(skala: float = 1.0) -> Rencana:
    """The whole demo in memory, always in the same order (so the seed fixes everything)."""
    p = Pembuat()
    koperasi, citra = [], None
    for spec in DIGITAL:
        rk, c = rencana_digital(p, spec, skala)
        koperasi.append(rk)
        citra = citra or c
    assert citra is not None
    akun = akun_utama(p, citra.anggota.telepon) + akun_staf(p)
    koperasi += rencana_registri(p)
    return Rencana(koperasi, akun, citra.anggota.nik)


# --- Writing ------------------------------------------------------------------------------------


def simpan_koperasi(rk: RencanaKoperasi) -> Koperasi:
    nilai = dict(rk.nilai)
    kode = nilai.pop("kode")
    kop, _ = Koperasi.objects.update_or_create(kode=kode, defaults=nilai)
    return kop


def simpan_akun(akun: Akun, sandi_hash: str, koperasi: dict[str, Koperasi]) -> User:
    depan, _, belakang = akun.nama.partition(" ")
    user, _ = User.objects.update_or_create(
        username=akun.username,
        defaults={
            "nama_lengkap": akun.nama,
            "first_name": depan,
            "last_name": belakang,
            "email": akun.email,
            "telepon": akun.telepon,
            "password": sandi_hash,
            "is_active": True,
        },
    )
    for kode, peran in akun.peran:
        Peran.objects.update_or_create(user=user, koperasi=koperasi[kode], peran=peran, defaults={"aktif": True})
    if akun.dinas:
        tingkat, wilayah = akun.dinas
        PeranDinas.objects.update_or_create(
            user=user, wilayah_kode=wilayah, defaults={"tingkat": tingkat, "aktif": True}
        )
    return user


def pengurus(koperasi: Koperasi) -> dict[str, User]:
    """Role → user of a koperasi's staff, to sign history rows and decisions."""
    rows = Peran.objects.filter(koperasi=koperasi, aktif=True).exclude(peran=NamaPeran.ANGGOTA).select_related("user")
    return {r.peran: r.user for r in rows.order_by("id")}


def simpan_riwayat(rencana_anggota: Sequence[RencanaAnggota], staf: dict[str, User]) -> None:
    rows = [
        RiwayatStatus(
            anggota=r.anggota, dari=h.dari, ke=h.ke, tanggal=h.tanggal, oleh=staf.get(h.oleh or ""), catatan=h.catatan
        )
        for r in rencana_anggota
        for h in r.riwayat
    ]
    RiwayatStatus.objects.bulk_create(rows, batch_size=POTONGAN)


def simpan_pengajuan(koperasi: Koperasi, rencana_anggota: Sequence[RencanaAnggota], staf: dict[str, User]) -> None:
    """Exit requests; ``diajukan_pada`` is auto_now_add, so the past date is set after insert."""
    pengaju = staf.get(NamaPeran.SEKRETARIS) or staf[NamaPeran.KETUA]
    for r in (r for r in rencana_anggota if r.keluar):
        k = r.keluar
        assert k is not None
        disetujui = k.diputus is not None
        pk = PengajuanKeluar.objects.create(
            koperasi=koperasi,
            anggota=r.anggota,
            alasan=k.alasan,
            diajukan_oleh=pengaju,
            status=StatusPengajuanKeluar.DISETUJUI if disetujui else StatusPengajuanKeluar.DIAJUKAN,
            diputus_oleh=staf[NamaPeran.KETUA] if disetujui else None,
            diputus_pada=waktu(k.diputus, 10) if k.diputus else None,
            catatan_putusan="Disetujui dalam rapat pengurus." if disetujui else "",
        ).pk
        PengajuanKeluar.objects.filter(pk=pk).update(diajukan_pada=waktu(k.diajukan, 9))


def simpan_anggota(koperasi: Koperasi, rk: RencanaKoperasi) -> bool:
    """Members of one digital koperasi, unless it has members already. True if written."""
    if Anggota.objects.filter(koperasi=koperasi).exists():
        return False
    for r in rk.anggota:
        r.anggota.koperasi = koperasi
    Anggota.objects.bulk_create([r.anggota for r in rk.anggota], batch_size=POTONGAN)
    staf = pengurus(koperasi)
    simpan_riwayat(rk.anggota, staf)
    simpan_pengajuan(koperasi, rk.anggota, staf)
    terakhir = sum(1 for r in rk.anggota if r.anggota.nomor_anggota)
    Penomoran.objects.update_or_create(koperasi=koperasi, seri=SERI_ANGGOTA, defaults={"terakhir": terakhir})
    return True


def hubungkan_citra(koperasi: Koperasi, nik: str, user: User) -> None:
    Anggota.objects.filter(koperasi=koperasi, nik=nik).update(user=user)


@dataclass
class Hasil:
    koperasi: dict[str, Koperasi]
    dimuat: list[str]  # digital koperasi whose members were written in this run
    akun: list[Akun]


def kegiatan_maju_bersama(koperasi: Koperasi) -> None:
    staf = pengurus(koperasi)
    demo_activity(koperasi=koperasi, ketua=staf[NamaPeran.KETUA], manajer=staf.get(NamaPeran.MANAJER), on_date=HARI_INI)


def terapkan(r: Rencana) -> Hasil:
    """Write the plan: koperasi and logins first (history rows name the staff), then members."""
    with transaction.atomic():
        koperasi = {rk.kode: simpan_koperasi(rk) for rk in r.koperasi}
        for kop in koperasi.values():
            if kop.digital:
                bagan_akun_siapkan(koperasi=kop)  # keeps accounts it already has
                produk_default_siapkan(koperasi=kop)  # savings products; keeps edited ones
                produk_pinjaman_siapkan(koperasi=kop)  # loan products and settings, likewise
        sandi_hash = make_password(SANDI_DEMO)  # hashed once, reused for every login
        users = {a.username: simpan_akun(a, sandi_hash, koperasi) for a in r.akun}
        demo_dinas(koperasi=koperasi, users=users, hari_ini=HARI_INI, seed=SEED)  # trainings, visits, boards
        dimuat = [rk.kode for rk in r.koperasi if rk.anggota and simpan_anggota(koperasi[rk.kode], rk)]
        hubungkan_citra(koperasi["maju-bersama"], r.citra_nik, users["citra"])
    return Hasil(koperasi, dimuat, r.akun)


JUMLAH_PINJAMAN = {"maju-bersama": 200, "tani-makmur": 36, "sejahtera-mandiri": 45}  # paid out since 2024


# Book years the demo closes, each with its RAT (date, decision number) in the following March.
TAHUN_DITUTUP = ((2024, dt.date(2025, 3, 15)), (2025, dt.date(2026, 3, 14)))


def buku_tahunan(kop: Koperasi) -> str:
    """Costs and depreciation; each finished year closed, its SHU approved at the RAT and paid
    in cash there, the board's report and next year's RAPBK; this year's months closed."""
    staf = pengurus(kop)
    ketua = staf[NamaPeran.KETUA]
    bendahara = staf.get(NamaPeran.BENDAHARA) or ketua
    beban = demo_beban(koperasi=kop, hari_ini=HARI_INI, seed=SEED, actor=bendahara)
    for tahun, rat in TAHUN_DITUTUP:
        demo_tutup_tahun(koperasi=kop, tahun=tahun, hari_ini=HARI_INI, actor=ketua)
        nomor = f"{rat.day:02d}/RAT/{kop.kode[:3].upper()}/{rat.year}"
        demo_shu(koperasi=kop, tahun=tahun, tanggal_rat=rat, nomor_rat=nomor, actor=ketua, bayar_tunai_pada=rat)
        demo_rat(koperasi=kop, tahun=tahun, actor=ketua, hari_ini=rat)  # written for the RAT
    bulan = demo_tutup_bulan(koperasi=kop, hari_ini=HARI_INI, actor=bendahara)
    demo_waktu_tutup(koperasi=kop)
    ditutup = ", ".join(str(t) for t, _rat in TAHUN_DITUTUP)
    return (
        f"{beban.beban} bulan biaya operasional; tahun buku {ditutup} ditutup, SHU dibagi saat RAT; "
        f"{bulan} bulan tahun ini ditutup."
    )


def buku_pinjaman(kop: Koperasi, skala: float) -> Any:
    citra = Anggota.objects.filter(koperasi=kop, user__username="citra").first()
    jumlah = max(6, round(JUMLAH_PINJAMAN.get(kop.kode, 0) * skala))
    utama = kop.kode == "maju-bersama"
    return demo_pinjaman(koperasi=kop, hari_ini=HARI_INI, seed=SEED, jumlah=jumlah, citra=citra, utama=utama)


# --- Output -------------------------------------------------------------------------------------------


def baris_ringkasan(kop: Koperasi) -> str:
    hitung = Counter(Anggota.objects.filter(koperasi=kop).values_list("status", flat=True))
    return (
        f"  {kop.kode:<20} aktif {hitung[S.AKTIF]:>4} · calon {hitung[S.CALON]:>2} · "
        f"ditolak {hitung[S.DITOLAK]:>2} · keluar {hitung[S.KELUAR]:>3}  ({regions.nama(kop.kabupaten_kode)})"
    )


def baris_login(akun: Sequence[Akun]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for a in akun:
        for kode, peran in a.peran:
            rows.append((a.username, a.nama, str(NamaPeran(peran).label), kode, SANDI_DEMO))
        if a.dinas:
            rows.append((a.username, a.nama, str(TingkatDinas(a.dinas[0]).label), a.dinas[1], SANDI_DEMO))
    return rows


def tabel(rows: Sequence[tuple[str, ...]], judul: tuple[str, ...]) -> list[str]:
    lebar = [max(len(x) for x in kolom) for kolom in zip(judul, *rows, strict=False)]

    def fmt(row: tuple[str, ...]) -> str:
        return "  " + "  ".join(x.ljust(w) for x, w in zip(row, lebar, strict=True)).rstrip()

    return [fmt(judul), "  " + "  ".join("-" * w for w in lebar)] + [fmt(r) for r in rows]


class Command(BaseCommand):
    help = "Muat data demo: 3 koperasi digital dengan anggota, ~60 koperasi registri, dan akun demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skala",
            type=float,
            default=1.0,
            help="Faktor jumlah anggota per koperasi digital (1 = ±400/250/300; tes memakai 0.05).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        skala = float(options["skala"])
        if not 0 < skala <= 10:
            raise CommandError("--skala harus lebih dari 0 dan paling banyak 10.")
        mulai = time.perf_counter()
        with transaction.atomic():  # members and their savings history load together or not at all
            hasil = terapkan(rencana(skala))
            for kode in hasil.dimuat:  # savings history only with members loaded in this run
                gerak = demo_simpanan(koperasi=hasil.koperasi[kode], hari_ini=HARI_INI, seed=SEED)
                self.stdout.write(f"  {kode}: riwayat simpanan {gerak} mutasi sejak 2024.")
            for kode in hasil.dimuat:  # the loan book, through the loan services (after savings)
                awal = time.perf_counter()
                buku = buku_pinjaman(hasil.koperasi[kode], skala)
                self.stdout.write(
                    f"  {kode}: {buku.pinjaman} pinjaman, {buku.pembayaran} pembayaran, "
                    f"{buku.akhir_bulan} akhir bulan pinjaman sejak 2024 ({time.perf_counter() - awal:.1f} detik)."
                )
            for kode in hasil.dimuat:  # running costs, closed years, SHU and the RAT (after the loans)
                self.stdout.write(f"  {kode}: {buku_tahunan(hasil.koperasi[kode])}")
            if hasil.dimuat:  # health of every KSP/USP: from the books, or typed for registry ones
                eka = User.objects.filter(username="eka").first()
                dinilai = demo_kesehatan(
                    tahun_list=range(2021, HARI_INI.year),
                    hari_ini=HARI_INI,
                    actor=eka,
                    draf_terakhir=("sejahtera-mandiri",),
                )
                self.stdout.write(f"  penilaian kesehatan KSP/USP: {dinilai}")
        if hasil.dimuat:  # the Dinas's digital-ladder history, from the rows as they stood each month
            sampai = min(HARI_INI, timezone.localdate())
            bulan = agregat.riwayat_tingkat_isi(sejak=agregat.riwayat_awal(), sampai=sampai)
            self.stdout.write(f"  riwayat tingkat digital: {bulan} bulan.")
        if "maju-bersama" in hasil.dimuat:  # only on the first load: the demo stays idempotent
            kegiatan_maju_bersama(hasil.koperasi["maju-bersama"])
        self.laporan(hasil, time.perf_counter() - mulai)

    def laporan(self, hasil: Hasil, detik: float) -> None:
        tulis: Callable[[str], None] = self.stdout.write
        digital = [hasil.koperasi[d.kode] for d in DIGITAL]
        registri = Koperasi.objects.filter(digital=False).count()
        tulis(self.style.SUCCESS(f"Data demo siap dalam {detik:.1f} detik."))
        for kop in digital:
            status = "dimuat" if kop.kode in hasil.dimuat else "sudah ada, dilewati"
            tulis(f"{baris_ringkasan(kop)}  [anggota {status}]")
        tulis(f"  {registri} koperasi hanya terdaftar (registri), {Koperasi.objects.count()} koperasi seluruhnya.")
        tulis("")
        tulis("Akun demo:")
        for baris in tabel(baris_login(hasil.akun), ("username", "nama", "peran", "koperasi/wilayah", "sandi")):
            tulis(baris)
