"""The SHU as an Excel workbook (openpyxl through ``loans.laporan.xlsx``: formula-safe text,
money as numbers): the allocation per fund, the per-member distribution list, the settings.
A preview of an open or unapproved year says "sementara" in its title."""

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from gotong.loans.laporan import TEKS, UANG, Lembar, xlsx
from gotong.members.models import Anggota
from gotong.reports.shu import Alokasi
from gotong.shu.models import BagianSHUAnggota, PembagianSHU, PengaturanSHU
from gotong.shu.pdf import dasar_teks, status_teks
from gotong.shu.selectors import PratinjauSHU, bagian_daftar
from gotong.tenancy.models import Koperasi

KOLOM_BAGIAN = [
    ("Nomor anggota", TEKS),
    ("Nama anggota", TEKS),
    ("Volume usaha (Va)", UANG),
    ("Simpanan (Sa)", UANG),
    ("Jasa usaha", UANG),
    ("Jasa modal", UANG),
    ("SHU diterima", UANG),
    ("Pembayaran", TEKS),
]


def alokasi_baris(a: Alokasi | PembagianSHU) -> list[tuple[str, Decimal]]:
    """The year's SHU and where it goes, in the order the RAT reads it."""
    return [
        ("SHU tahun buku", a.shu),
        ("  dari anggota", a.shu_anggota),
        ("  dari non-anggota (ke cadangan)", a.shu_non_anggota),
        ("Cadangan menurut persentase", a.cadangan_persen),
        ("Jasa anggota", a.jasa_anggota),
        ("  jasa usaha anggota (JUA)", a.jua),
        ("  jasa modal anggota (JMA)", a.jma),
        ("Dana pengurus", a.dana_pengurus),
        ("Dana karyawan", a.dana_karyawan),
        ("Dana pendidikan", a.dana_pendidikan),
        ("Dana sosial", a.dana_sosial),
        ("Sisa pembulatan (ke cadangan)", a.sisa_pembulatan),
        ("Cadangan seluruhnya (3.20)", a.cadangan_persen + a.sisa_pembulatan + a.shu_non_anggota),
    ]


def _lembar_alokasi(a: Alokasi | PembagianSHU, vuk: Decimal, tms: Decimal) -> Lembar:
    rows: list[list[Any]] = [[label, jumlah] for label, jumlah in alokasi_baris(a)]
    rows += [["Volume usaha seluruh anggota (VUK)", vuk], ["Total simpanan anggota (TMS)", tms]]
    return Lembar("Alokasi", [("Uraian", TEKS), ("Jumlah", UANG)], rows)


def _lembar_pengaturan(p: PengaturanSHU) -> Lembar:
    teks = dasar_teks(p)
    rows = [
        ["Pembagian menurut AD/ART", teks["alokasi"]],
        ["Volume usaha (Va)", teks["volume"]],
        ["Simpanan untuk jasa modal (Sa)", teks["simpanan"]],
        ["Pembulatan", teks["pembulatan"]],
    ]
    return Lembar("Pengaturan", [("Pengaturan", TEKS), ("Isi", TEKS)], rows)


def _baris_disetujui(rows: Iterable[BagianSHUAnggota]) -> Iterator[list[Any]]:
    for b in rows:
        a = b.anggota
        yield [a.nomor_anggota or "", a.nama, b.volume, b.simpanan, b.jasa_usaha, b.jasa_modal, b.total, status_teks(b)]


def pembagian_xlsx(p: PembagianSHU) -> bytes:
    judul = f"{p.koperasi.nama} — pembagian SHU tahun buku {p.tahun} (RAT No. {p.nomor_rat})"
    rows = bagian_daftar(pembagian=p).select_related("kwitansi").iterator(chunk_size=2000)
    return xlsx(
        judul,
        [
            _lembar_alokasi(p, p.vuk, p.tms),
            Lembar("Pembagian per anggota", KOLOM_BAGIAN, _baris_disetujui(rows)),
            _lembar_pengaturan(p.pengaturan),
        ],
    )


def pratinjau_xlsx(koperasi: Koperasi, pr: PratinjauSHU) -> bytes:
    keadaan = "sementara, tahun buku belum ditutup" if pr.sementara else "belum disetujui RAT"
    judul = f"{koperasi.nama} — perhitungan SHU tahun buku {pr.tahun} ({keadaan})"
    ids = [b.anggota_id for b in pr.hasil.bagian]
    nama = {a.pk: a for a in Anggota.objects.filter(pk__in=ids).only("pk", "nama", "nomor_anggota")}
    rows = (
        [nama[b.anggota_id].nomor_anggota or "", nama[b.anggota_id].nama, b.volume, b.simpanan]
        + [b.jasa_usaha, b.jasa_modal, b.total, "Belum disetujui"]
        for b in pr.hasil.bagian
    )
    return xlsx(
        judul,
        [
            _lembar_alokasi(pr.hasil.alokasi, pr.hasil.vuk, pr.hasil.tms),
            Lembar("Pembagian per anggota", KOLOM_BAGIAN, rows),
            _lembar_pengaturan(pr.pengaturan),
        ],
    )
