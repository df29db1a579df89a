"""The Dinas side of the demo: registry details, trainings and mentoring visits (issue 6).

Fills what the provincial workspace shows so the demo tells a story: since when the
three digital koperasi run on Gotong, a contact person and the board (pengurus and
pengawas, 5-year terms) of every koperasi, the registry status of the inactive ones,
trainings and webinars over 2025–2026 organised by the province (``36``) and by Kota
Serang (``36.73``) with their participants, attendance and certificates, and ~15
mentoring visits with findings and follow-ups.

Everything is planned from one seeded ``random.Random`` and one seeded Faker, and
written with the ORM (not the services): history queues no messages and writes no
audit rows, like the rest of the seed. It runs only while no training event exists, so
a second seed changes nothing.
"""

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from gotong.accounts.models import User
from gotong.province import agregat
from gotong.province.models import Jabatan, PengurusKoperasi
from gotong.tenancy.models import JenisKoperasi, Koperasi, NamaPeran, Peran, Pola, StatusKoperasi
from gotong.training.models import (
    JenisKegiatan,
    Kegiatan,
    Pendampingan,
    PeranPeserta,
    Peserta,
    Sertifikat,
    StatusKegiatan,
    StatusTindakLanjut,
    TindakLanjut,
)
from gotong.web.demo_ods import demo_ods

DOMAIN = "demo.gotong.id"
DIGITAL_SEJAK = {
    "maju-bersama": dt.date(2024, 2, 1),
    "tani-makmur": dt.date(2024, 6, 15),
    "sejahtera-mandiri": dt.date(2025, 1, 10),
}
PROVINSI, KOTA_SERANG = "36", "36.73"
PETUGAS = {PROVINSI: "eka", KOTA_SERANG: "dinas.kotaserang"}
PREFIKS_HP = tuple("0812 0813 0821 0822 0852 0853 0857 0877 0878 0895 0896".split())
KOPERASI_LAIN = (
    "Koperasi Karyawan PT Krakatau Steel",
    "KSP Mitra Dhuafa Cabang Serang",
    "Koperasi Mahasiswa UNTIRTA",
    "Calon pendiri koperasi (belum berbadan hukum)",
    "Koperasi Desa Merah Putih (dalam pembentukan)",
)
PERAN_PENGURUS = {NamaPeran.KETUA: Jabatan.KETUA, NamaPeran.SEKRETARIS: Jabatan.SEKRETARIS}
PERAN_PENGURUS |= {NamaPeran.BENDAHARA: Jabatan.BENDAHARA, NamaPeran.PENGAWAS: Jabatan.PENGAWAS}


def waktu(tanggal: dt.date, jam: int, menit: int = 0) -> dt.datetime:
    return dt.datetime.combine(tanggal, dt.time(jam, menit), tzinfo=timezone.get_current_timezone())


class Acak:
    """The seeded choices of this module, in a fixed order."""

    def __init__(self, seed: int, hari_ini: dt.date) -> None:
        self.hari_ini = hari_ini
        self.rng = random.Random(seed * 10 + 6)  # noqa: S311 - demo data, not secrets
        self.fake = Faker("id_ID")
        self.fake.seed_instance(seed * 10 + 6)
        self.hp_dipakai: set[str] = set()

    def hp(self) -> str:
        while True:
            nomor = self.rng.choice(PREFIKS_HP) + "".join(self.rng.choice("0123456789") for _ in range(8))
            if nomor not in self.hp_dipakai:
                self.hp_dipakai.add(nomor)
                return nomor

    def nama(self) -> str:
        perempuan = self.rng.random() < 0.4
        depan = self.fake.first_name_female() if perempuan else self.fake.first_name_male()
        belakang = self.fake.last_name_female() if perempuan else self.fake.last_name_male()
        if self.rng.random() < 0.15:
            depan = ("Hj. " if perempuan else "H. ") + depan
        return f"{depan} {belakang}"

    def tanggal(self, awal: dt.date, akhir: dt.date) -> dt.date:
        return awal + dt.timedelta(days=self.rng.randint(0, max(0, (akhir - awal).days)))


def lima_tahun(mulai: dt.date) -> dt.date:
    return dt.date(mulai.year + 5, mulai.month, min(mulai.day, 28)) - dt.timedelta(days=1)


# --- Registry: since when digital, contact, board, status ---------------------------------------


def pengguna_peran(kop: Koperasi) -> dict[str, list[User]]:
    """Jabatan → the users holding that role on the platform (digital koperasi only)."""
    hasil: dict[str, list[User]] = defaultdict(list)
    rows = Peran.objects.filter(koperasi=kop, aktif=True, peran__in=list(PERAN_PENGURUS)).select_related("user")
    for r in rows.order_by("id"):
        hasil[PERAN_PENGURUS[NamaPeran(r.peran)]].append(r.user)
    return hasil


def isi_registri(a: Acak, koperasi: Sequence[Koperasi], hari_ini: dt.date) -> None:
    for kop in koperasi:
        ubah: list[str] = []
        if kop.kode in DIGITAL_SEJAK and kop.digital_sejak is None:
            kop.digital_sejak, ubah = DIGITAL_SEJAK[kop.kode], [*ubah, "digital_sejak"]
        if not kop.digital and not kop.aktif and kop.status == StatusKoperasi.AKTIF:
            dibubarkan = a.rng.random() < 0.3
            kop.status = StatusKoperasi.DIBUBARKAN if dibubarkan else StatusKoperasi.TIDAK_AKTIF
            ubah.append("status")
        dewan = isi_pengurus(a, kop, hari_ini)
        if not kop.kontak_nama and dewan:
            users = pengguna_peran(kop) if kop.digital else {}
            staf = users.get(Jabatan.SEKRETARIS) or users.get(Jabatan.KETUA)
            if staf:
                kontak = staf[0]
                kop.kontak_nama, kop.kontak_telepon = kontak.nama_lengkap, kontak.telepon
            else:
                kop.kontak_nama, kop.kontak_telepon = dewan[1 if a.rng.random() < 0.5 else 0], a.hp()
            ubah += ["kontak_nama", "kontak_telepon"]
        if ubah:
            kop.save(update_fields=ubah)


def isi_pengurus(a: Acak, kop: Koperasi, hari_ini: dt.date) -> list[str]:
    """Board and supervisors of one koperasi, unless it has some; returns ketua, sekretaris, …"""
    ada = list(PengurusKoperasi.objects.filter(koperasi=kop).order_by("jabatan", "id").values_list("nama", flat=True))
    if ada:
        return ada
    if kop.status == StatusKoperasi.AKTIF:
        # elected at a RAT 2021–2026; a few boards elected in 2019–2020 whose term has run out
        mulai = a.tanggal(dt.date(2019, 3, 1) if a.rng.random() < 0.15 else dt.date(2021, 3, 1), hari_ini)
    else:  # the last board before the koperasi went quiet
        mulai = a.tanggal(dt.date(2008, 3, 1), dt.date(2016, 6, 30))
    mulai = min(mulai, hari_ini - dt.timedelta(days=30))
    akhir = lima_tahun(mulai)
    users = pengguna_peran(kop) if kop.digital else {}
    jumlah_pengawas = a.rng.choice((1, 3)) if kop.digital or a.rng.random() < 0.6 else 1
    jabatan = [Jabatan.KETUA, Jabatan.SEKRETARIS, Jabatan.BENDAHARA] + [Jabatan.PENGAWAS] * jumlah_pengawas
    nama: list[str] = []
    dipakai: dict[str, int] = defaultdict(int)
    for j in jabatan:
        terdaftar = users.get(j, [])
        n = dipakai[j]
        nama.append(terdaftar[n].nama_lengkap if n < len(terdaftar) else a.nama())
        dipakai[j] += 1
    PengurusKoperasi.objects.bulk_create(
        PengurusKoperasi(koperasi=kop, jabatan=j, nama=n, masa_mulai=mulai, masa_akhir=akhir)
        for j, n in zip(jabatan, nama, strict=True)
    )
    return nama


# --- Trainings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Orang:
    """Someone a koperasi sends to trainings (the same person comes back to several)."""

    nama: str
    telepon: str
    email: str
    koperasi: Koperasi | None
    koperasi_lainnya: str
    peran: str


@dataclass(frozen=True)
class RencanaKegiatan:
    jenis: str
    judul: str
    deskripsi: str
    mulai: dt.datetime
    selesai: dt.datetime
    tempat: str
    tautan_daring: str
    kapasitas: int
    sasaran: str
    wilayah_kode: str
    status: str
    peserta: int  # how many registered
    hadir: float  # share of them present (finished events)
    hanya: str = ""  # registry filter: "ksp" (KSP/USP only), or a kabupaten/kota code


def jam(tanggal: dt.date, dari: int, sampai: int) -> tuple[dt.datetime, dt.datetime]:
    return waktu(tanggal, dari), waktu(tanggal, sampai)


def rencana_kegiatan() -> list[RencanaKegiatan]:
    k, w, b = JenisKegiatan.PELATIHAN, JenisKegiatan.WEBINAR, JenisKegiatan.BIMTEK
    selesai, terbuka, draft = StatusKegiatan.SELESAI, StatusKegiatan.TERBUKA, StatusKegiatan.DRAFT
    aula = "Aula Dinas Koperasi dan UKM Provinsi Banten, KP3B, Jl. Syekh Nawawi Al-Bantani, Curug, Kota Serang"
    aula_kota = "Ruang Rapat Dinas Koperasi, UKM, Perindustrian dan Perdagangan Kota Serang, Jl. Jenderal Sudirman"
    zoom = "https://zoom.us/j/8120{}"
    d = dt.date
    return [
        RencanaKegiatan(
            b,
            "Bimtek Digitalisasi Koperasi dengan Gotong",
            "Praktik langsung: mendaftarkan anggota, mencatat simpanan dan pinjaman, dan menutup buku "
            "bulanan di Gotong. Bawa laptop dan data anggota koperasi Anda.",
            *jam(d(2025, 2, 18), 8, 16),
            aula,
            "",
            40,
            "Pengurus dan karyawan koperasi",
            PROVINSI,
            selesai,
            36,
            0.92,
        ),
        RencanaKegiatan(
            k,
            "Pelatihan Penyusunan Laporan RAT",
            "Menyusun laporan pertanggungjawaban pengurus dan pengawas untuk Rapat Anggota Tahunan tahun buku 2024.",
            *jam(d(2025, 3, 12), 9, 15),
            aula_kota,
            "",
            30,
            "Pengurus koperasi di Kota Serang",
            KOTA_SERANG,
            selesai,
            24,
            0.88,
            "36.73",
        ),
        RencanaKegiatan(
            w,
            "Webinar Akuntansi Koperasi SAK EP",
            "Peralihan dari SAK ETAP ke SAK Entitas Privat: laporan posisi keuangan, ekuitas anggota, dan "
            "penyajian SHU koperasi.",
            *jam(d(2025, 6, 24), 9, 12),
            "",
            zoom.format("4417725"),
            150,
            "Pengurus, bendahara dan karyawan bagian keuangan",
            PROVINSI,
            selesai,
            120,
            0.84,
        ),
        RencanaKegiatan(
            b,
            "Bimtek Digitalisasi Koperasi dengan Gotong Angkatan II",
            "Angkatan kedua: dari buku kas ke Gotong, termasuk memindahkan saldo awal simpanan anggota.",
            *jam(d(2025, 9, 16), 8, 16),
            aula,
            "",
            40,
            "Pengurus dan karyawan koperasi",
            PROVINSI,
            selesai,
            38,
            0.9,
        ),
        RencanaKegiatan(
            k,
            "Pelatihan Pengawasan Koperasi bagi Pengawas",
            "Tugas pengawas menurut UU 25/1992, pemeriksaan kas dan pinjaman, dan laporan pengawas untuk RAT.",
            *jam(d(2026, 2, 10), 9, 15),
            aula_kota,
            "",
            30,
            "Pengawas koperasi di Kota Serang",
            KOTA_SERANG,
            selesai,
            18,
            0.83,
            "36.73",
        ),
        RencanaKegiatan(
            w,
            "Webinar Koperasi Syariah: Akad dan Pembiayaan",
            "Murabahah, mudharabah dan ijarah di KSPPS; peran Dewan Pengawas Syariah.",
            *jam(d(2026, 5, 19), 13, 15),
            "",
            zoom.format("5530918"),
            100,
            "Pengurus KSPPS/USPPS dan kopontren",
            PROVINSI,
            selesai,
            64,
            0.8,
        ),
        RencanaKegiatan(
            b,
            "Bimtek Pelaporan ODS dan RAT Tepat Waktu",
            "Mengisi data Online Data System dan menyiapkan RAT sebelum batas waktu; koperasi yang dua "
            "tahun tidak melapor terancam kehilangan NIK koperasi.",
            *jam(d(2026, 9, 8), 8, 15),
            aula_kota,
            "",
            35,
            "Pengurus koperasi di Kota Serang",
            KOTA_SERANG,
            selesai,
            22,
            0.86,
            "36.73",
        ),
        RencanaKegiatan(
            k,
            "Pelatihan Manajemen Risiko KSP",
            "Risiko kredit, likuiditas dan operasional di koperasi simpan pinjam; kolektibilitas pinjaman "
            "dan cadangan penghapusan sesuai Permenkop 8/2023.",
            *jam(d(2026, 12, 8), 8, 16),
            aula,
            "",
            50,
            "Pengurus dan manajer KSP/USP",
            PROVINSI,
            terbuka,
            19,
            0.0,
            "ksp",
        ),
        RencanaKegiatan(
            b,
            "Bimtek Digitalisasi Koperasi dengan Gotong Angkatan III",
            "Angkatan ketiga; diutamakan koperasi yang belum memakai Gotong.",
            *jam(d(2027, 2, 23), 8, 16),
            aula,
            "",
            40,
            "Pengurus dan karyawan koperasi",
            PROVINSI,
            draft,
            0,
            0.0,
        ),
    ]


def kumpulan_orang(a: Acak, koperasi: Sequence[Koperasi]) -> dict[int, list[Orang]]:
    """The people each active koperasi sends: its board from the registry, plus staff."""
    dewan: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for kid, jab, nama in PengurusKoperasi.objects.order_by("koperasi_id", "jabatan", "id").values_list(
        "koperasi_id", "jabatan", "nama"
    ):
        dewan[kid].append((nama, PeranPeserta.PENGAWAS if jab == Jabatan.PENGAWAS else PeranPeserta.PENGURUS))
    hasil: dict[int, list[Orang]] = {}
    for kop in koperasi:
        if kop.status != StatusKoperasi.AKTIF:
            continue
        orang = list(dewan[kop.pk])
        orang += [(a.nama(), PeranPeserta.KARYAWAN) for _ in range(a.rng.randint(1, 3))]
        orang += [(a.nama(), PeranPeserta.ANGGOTA)]
        hasil[kop.pk] = [Orang(nama, a.hp(), email(a, nama), kop, "", peran) for nama, peran in orang]
    return hasil


def email(a: Acak, nama: str) -> str:
    if a.rng.random() > 0.35:
        return ""  # confirmations go by WhatsApp
    return f"{slugify(nama).replace('-', '.')}{a.rng.randint(1, 99)}@peserta.{DOMAIN}"


def pilih_peserta(
    a: Acak, r: RencanaKegiatan, orang: Mapping[int, list[Orang]], koperasi: Sequence[Koperasi]
) -> list[Orang]:
    per_id = {k.pk: k for k in koperasi}
    boleh = [kid for kid in orang if cocok(r, per_id[kid])]
    calon = [o for kid in boleh for o in orang[kid]]
    if r.wilayah_kode == KOTA_SERANG:  # a city event also draws a few from next door
        tetangga = [o for kid in orang if per_id[kid].kabupaten_kode == "36.04" for o in orang[kid]]
        calon += a.rng.sample(tetangga, min(4, len(tetangga)))
    if r.hanya == "ksp":
        calon = [o for o in calon if o.peran != PeranPeserta.ANGGOTA]
    jumlah_lain = 0 if r.wilayah_kode == KOTA_SERANG else max(1, r.peserta // 25)
    jumlah = min(len(calon), r.peserta - jumlah_lain)
    dipilih = a.rng.sample(calon, jumlah)
    for i in range(r.peserta - jumlah):
        nama = a.nama()
        lain = KOPERASI_LAIN[(i + a.rng.randint(0, 4)) % len(KOPERASI_LAIN)]
        dipilih.append(Orang(nama, a.hp(), email(a, nama), None, lain, PeranPeserta.PENGURUS))
    return dipilih


def cocok(r: RencanaKegiatan, kop: Koperasi) -> bool:
    if r.hanya == "ksp":
        return kop.jenis in (JenisKoperasi.SIMPAN_PINJAM, JenisKoperasi.SERBA_USAHA)  # KSP and USP units
    if r.hanya:
        return kop.kabupaten_kode == r.hanya
    if "Syariah" in r.judul:
        return kop.pola == Pola.SYARIAH or kop.jenis == JenisKoperasi.SERBA_USAHA
    return True


def simpan_kegiatan(
    a: Acak, r: RencanaKegiatan, orang: Mapping[int, list[Orang]], koperasi: Sequence[Koperasi], petugas: User
) -> Kegiatan:
    keg = Kegiatan.objects.create(
        jenis=r.jenis,
        judul=r.judul,
        deskripsi=r.deskripsi,
        mulai=r.mulai,
        selesai=r.selesai,
        tempat=r.tempat,
        tautan_daring=r.tautan_daring,
        kapasitas=r.kapasitas,
        sasaran=r.sasaran,
        wilayah_kode=r.wilayah_kode,
        status=r.status,
        dibuat_oleh=petugas,
    )
    dibuka = timezone.localtime(r.mulai).date() - dt.timedelta(days=a.rng.randint(21, 35))
    Kegiatan.objects.filter(pk=keg.pk).update(dibuat=waktu(dibuka, 10))
    if not r.peserta:
        return keg
    dipilih = pilih_peserta(a, r, orang, koperasi)
    hadir = set(a.rng.sample(range(len(dipilih)), round(len(dipilih) * r.hadir)))
    akhir_daftar = min(timezone.localtime(r.mulai).date() - dt.timedelta(days=1), a.hari_ini)
    rows, tanggal_daftar = [], []
    for i, o in enumerate(dipilih):
        rows.append(
            Peserta(
                kegiatan=keg,
                nama=o.nama,
                telepon=o.telepon,
                email=o.email,
                koperasi=o.koperasi,
                koperasi_lainnya=o.koperasi_lainnya,
                peran=o.peran,
                hadir_pada=r.mulai + dt.timedelta(minutes=a.rng.randint(-25, 50)) if i in hadir else None,
                pengingat_pada=r.mulai - dt.timedelta(hours=18) if r.status == StatusKegiatan.SELESAI else None,
            )
        )
        tanggal_daftar.append(waktu(a.tanggal(dibuka, akhir_daftar), a.rng.randint(7, 21), a.rng.randint(0, 59)))
    Peserta.objects.bulk_create(rows, batch_size=500)
    per_waktu: dict[dt.datetime, list[int]] = defaultdict(list)  # daftar_pada is auto_now_add
    for p, t in zip(rows, tanggal_daftar, strict=True):
        per_waktu[t].append(p.pk)
    for t, pks in per_waktu.items():
        Peserta.objects.filter(pk__in=pks).update(daftar_pada=t)
    if r.status == StatusKegiatan.SELESAI:
        terbitkan_sertifikat(keg, r)
    return keg


def terbitkan_sertifikat(keg: Kegiatan, r: RencanaKegiatan) -> None:
    """As ``sertifikat_terbitkan`` numbers them, issued two days after the event."""
    diterbitkan = r.selesai + dt.timedelta(days=2)
    tahun = timezone.localtime(r.mulai).year
    hadir = Peserta.objects.filter(kegiatan=keg, hadir_pada__isnull=False).order_by("nama", "id")
    Sertifikat.objects.bulk_create(
        Sertifikat(peserta=p, nomor=f"{keg.pk:05d}/{keg.jenis.upper()}/{tahun}/{urut:04d}", diterbitkan=diterbitkan)
        for urut, p in enumerate(hadir, start=1)
    )


# --- Mentoring visits ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kunjungan:
    topik: str
    temuan: str
    tindak_lanjut: tuple[tuple[str, int], ...]  # (uraian, days after the visit)


KUNJUNGAN = (
    Kunjungan(
        "Kesiapan digitalisasi: data anggota dan buku simpanan",
        "Data anggota masih di buku induk tulisan tangan; 40% anggota belum punya salinan KTP di berkas. "
        "Buku simpanan dan buku kas sudah rapi sampai bulan lalu.",
        (("Lengkapi salinan KTP dan KK seluruh anggota", 60), ("Ketik ulang buku induk anggota ke templat Excel", 45)),
    ),
    Kunjungan(
        "Persiapan RAT tahun buku berjalan",
        "RAT tahun lalu terlambat empat bulan. Laporan keuangan belum diaudit; pengawas belum membuat laporan.",
        (("Susun jadwal RAT paling lambat bulan Juni", 30), ("Pengawas menyusun laporan pengawasan", 60)),
    ),
    Kunjungan(
        "Pinjaman bermasalah dan kolektibilitas",
        "Pinjaman macet sekitar 12% dari outstanding, sebagian besar dari tiga tahun lalu. Belum ada cadangan "
        "penghapusan pinjaman.",
        (
            ("Buat daftar pinjaman menurut kolektibilitas", 30),
            ("Bentuk cadangan penghapusan pinjaman", 90),
            ("Kunjungi peminjam macet bersama pengawas", 45),
        ),
    ),
    Kunjungan(
        "Pendampingan pemakaian Gotong: simpanan dan tutup buku bulanan",
        "Setoran harian sudah dicatat di Gotong; tutup buku bulanan belum pernah dilakukan, jurnal "
        "penyesuaian masih di Excel.",
        (("Lakukan tutup buku bulanan pertama di Gotong", 30), ("Pindahkan jurnal penyesuaian ke Gotong", 60)),
    ),
    Kunjungan(
        "Kelengkapan legalitas: NIK koperasi dan perubahan anggaran dasar",
        "NIK koperasi belum diperbarui di ODS; anggaran dasar belum disesuaikan dengan ketentuan terbaru.",
        (("Perbarui data koperasi di ODS", 30), ("Ajukan perubahan anggaran dasar ke notaris", 120)),
    ),
    Kunjungan(
        "Tata kelola: pemisahan tugas kasir dan bendahara",
        "Kasir juga memegang buku besar; kas opname terakhir dilakukan enam bulan lalu.",
        (("Tetapkan kasir dan pemegang buku yang berbeda", 14), ("Kas opname bulanan oleh pengawas", 30)),
    ),
    Kunjungan(
        "Kebangkitan koperasi tidak aktif",
        "Kegiatan usaha berhenti sejak pandemi; 60 anggota masih ingin melanjutkan. Pengurus lama sudah "
        "habis masa jabatannya.",
        (("Adakan rapat anggota untuk memilih pengurus baru", 60), ("Susun rencana usaha sederhana", 90)),
    ),
    Kunjungan(
        "Pemasaran produk anggota",
        "Produk anggota (emping, gula aren) dijual lewat tengkulak; koperasi belum punya katalog.",
        (("Foto dan daftar produk anggota untuk katalog", 45),),
    ),
)


def simpan_kunjungan(a: Acak, koperasi: Sequence[Koperasi], petugas: Mapping[str, User], hari_ini: dt.date) -> None:
    aktif = [k for k in koperasi if k.status != StatusKoperasi.DIBUBARKAN]
    kota = [k for k in aktif if k.kabupaten_kode == KOTA_SERANG]
    lain = [k for k in aktif if k.kabupaten_kode != KOTA_SERANG]
    digital = [k for k in aktif if k.digital]
    tanggal = sorted(a.tanggal(dt.date(2025, 1, 6), hari_ini - dt.timedelta(days=3)) for _ in range(15))
    for i, tgl in enumerate(tanggal):
        if i % 3 == 1:
            kop, mentor = a.rng.choice(kota), petugas[KOTA_SERANG]
        else:
            kop, mentor = a.rng.choice(digital if i % 5 == 0 else lain), petugas[PROVINSI]
        pilihan = [k for k in KUNJUNGAN if ("Gotong" in k.topik) == kop.digital]
        if kop.status == StatusKoperasi.TIDAK_AKTIF:
            pilihan = [KUNJUNGAN[6]]
        elif not kop.digital:
            pilihan = [k for k in pilihan if k is not KUNJUNGAN[6]]
        if kop.digital:
            pilihan += [KUNJUNGAN[2], KUNJUNGAN[5]]
        k = a.rng.choice(pilihan)
        v = Pendampingan.objects.create(koperasi=kop, tanggal=tgl, mentor=mentor, topik=k.topik, temuan=k.temuan)
        Pendampingan.objects.filter(pk=v.pk).update(dibuat=waktu(tgl, 16, a.rng.randint(0, 59)))
        rows = []
        for uraian, hari in k.tindak_lanjut:
            jatuh_tempo = tgl + dt.timedelta(days=hari)
            lewat = jatuh_tempo < hari_ini
            selesai = lewat and a.rng.random() < 0.65  # the rest is overdue; future ones are open
            status = StatusTindakLanjut.SELESAI if selesai else StatusTindakLanjut.TERBUKA
            rows.append(TindakLanjut(pendampingan=v, uraian=uraian, jatuh_tempo=jatuh_tempo, status=status))
        TindakLanjut.objects.bulk_create(rows)


# --- Entry point ------------------------------------------------------------------------------------


def demo_dinas(*, koperasi: Mapping[str, Koperasi], users: Mapping[str, User], hari_ini: dt.date, seed: int) -> bool:
    """Fill the Dinas side of the demo once; False (and nothing written) if events exist."""
    if Kegiatan.objects.exists():
        demo_ods(koperasi=koperasi, users=users, hari_ini=hari_ini, seed=seed)  # yearly figures (own guard)
        agregat.segarkan_semua(hari_ini=hari_ini)  # the dashboard's aggregates, after all the demo rows
        return False
    a = Acak(seed, hari_ini)
    semua = [koperasi[kode] for kode in sorted(koperasi)]
    petugas = {wilayah: users[nama] for wilayah, nama in PETUGAS.items()}
    with transaction.atomic():
        isi_registri(a, semua, hari_ini)
        orang = kumpulan_orang(a, semua)
        for r in rencana_kegiatan():
            simpan_kegiatan(a, r, orang, semua, petugas[r.wilayah_kode])
        simpan_kunjungan(a, semua, petugas, hari_ini)
        demo_ods(koperasi=koperasi, users=users, hari_ini=hari_ini, seed=seed)  # after the registry statuses
        agregat.segarkan_semua(hari_ini=hari_ini)  # the dashboard's aggregates, after all the demo rows
    return True
