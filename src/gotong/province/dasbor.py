"""Reads for the Dinas dashboard: every figure comes from the maintained aggregates
(``models_agregat``), so the page reads a few hundred rows whatever the number of
cooperatives; trainings and mentoring are read directly (they grow with the office's work,
not with the registry).

A kabupaten/kota officer's ``wilayah`` is its own code and every read here is limited to it;
a provincial officer may narrow the dashboard to one kabupaten/kota with ``kabupaten``.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from gotong.core import regions
from gotong.core.formatting import tanggal
from gotong.province import digital, rat, riwayat
from gotong.province.agregat import rat_batas
from gotong.province.charts import Angka, Grafik, Seri
from gotong.province.models_agregat import AgregatKabupaten, AgregatRegister, AgregatTahunan, RiwayatTingkat
from gotong.tenancy.models import JenisKoperasi, StatusKoperasi
from gotong.training.models import Kegiatan, StatusKegiatan

UKURAN_PETA = ("jumlah", "digital_persen", "anggota", "aset", "volume_usaha", "shu", "rat_persen")


def label_ukuran() -> dict[str, str]:
    return {
        "jumlah": _("Jumlah koperasi"),
        "digital_persen": _("% memakai Gotong"),
        "anggota": _("Anggota"),
        "aset": _("Aset"),
        "volume_usaha": _("Volume usaha"),
        "shu": _("SHU"),
        "rat_persen": _("% RAT tepat waktu"),
    }


SATUAN_UKURAN = {
    "jumlah": "angka",
    "digital_persen": "persen",
    "anggota": "angka",
    "aset": "rupiah",
    "volume_usaha": "rupiah",
    "shu": "rupiah",
    "rat_persen": "persen",
}


@dataclass
class Dasbor:
    wilayah: str
    kabupaten: list[regions.Wilayah]
    tahun: int | None
    tahun_list: list[int]
    ringkas: dict[str, Any]
    grafik: dict[str, Grafik] = field(default_factory=dict)
    peta_nilai: dict[str, Angka] = field(default_factory=dict)
    ukuran: str = "jumlah"
    diperbarui: Any = None
    hitung: dict[tuple[bool, str], int] = field(default_factory=dict)  # (digital, jenis) -> count

    @property
    def urutan(self) -> list[Grafik]:
        return list(self.grafik.values())


def cakupan(wilayah: str, kabupaten: str = "") -> tuple[str, list[regions.Wilayah]]:
    """The region shown and its kabupaten/kota: a provincial officer may narrow to one of
    the province's; anything else (another province's code, a neighbour of a kabupaten
    officer) is ignored and the officer's own region is shown."""
    if "." in wilayah:
        w = regions.get(wilayah)
        return wilayah, [w] if w else []
    semua = regions.children(wilayah)
    pilih = [w for w in semua if w.kode == kabupaten]
    return (kabupaten, pilih) if pilih else (wilayah, semua)


def _region_q(kode: str) -> Q:
    return Q(kabupaten_kode=kode) if "." in kode else Q(kabupaten_kode__startswith=kode + ".")


def register_rows(kode: str) -> QuerySet[AgregatRegister]:
    return AgregatRegister.objects.filter(_region_q(kode))


def tahunan_rows(kode: str) -> QuerySet[AgregatTahunan]:
    return AgregatTahunan.objects.filter(_region_q(kode))


def riwayat_rows(kode: str) -> QuerySet[RiwayatTingkat]:
    return RiwayatTingkat.objects.filter(_region_q(kode))


def jumlah_register(d: "Dasbor", *, filters: dict[str, str]) -> int:
    """The registry's count for the dashboard's list filters (jenis, digital), from the
    aggregates already read for the charts: no COUNT over the registry."""
    digital = {"1": True, "0": False}.get(filters.get("digital", ""))
    return sum(
        n
        for (dig, jenis), n in d.hitung.items()
        if (digital is None or dig == digital) and (not filters.get("jenis") or jenis == filters["jenis"])
    )


def _per_kab(kabs: list[regions.Wilayah], rows: Iterable[Any], key: str) -> list[Angka]:
    got = {r["kabupaten_kode"]: r[key] for r in rows}
    return [got.get(w.kode) or 0 for w in kabs]


def _pendek(w: regions.Wilayah) -> str:
    return w.nama.replace("Kabupaten ", "Kab. ")


def _persen(a: Angka, b: Angka) -> Decimal:
    return (Decimal(a) * 100 / Decimal(b)).quantize(Decimal("0.1")) if b else Decimal(0)


def dasbor(*, wilayah: str, kabupaten: str = "", tahun: int | None = None, ukuran: str = "jumlah") -> Dasbor:
    kode, kabs = cakupan(wilayah, kabupaten)
    reg = register_rows(kode)
    th_rows = tahunan_rows(kode)
    tahun_list = sorted(set(th_rows.filter(laporan__gt=0).values_list("tahun", flat=True)), reverse=True)
    if tahun not in tahun_list:
        tahun = tahun_list[0] if tahun_list else None
    d = Dasbor(wilayah=kode, kabupaten=kabs, tahun=tahun, tahun_list=tahun_list, ringkas={})
    d.ukuran = ukuran if ukuran in UKURAN_PETA else "jumlah"
    d.diperbarui = AgregatKabupaten.objects.filter(_region_q(kode)).aggregate(t=Max("diperbarui"))["t"]
    nama = [_pendek(w) for w in kabs]
    per_kab = list(
        reg.values("kabupaten_kode").annotate(
            total=Sum("jumlah"),
            dig=Sum("jumlah", filter=Q(digital=True)),
            aktif=Sum("jumlah", filter=Q(status=StatusKoperasi.AKTIF)),
        )
    )
    total, dig = _per_kab(kabs, per_kab, "total"), _per_kab(kabs, per_kab, "dig")
    manual = [t - g for t, g in zip(total, dig, strict=True)]
    aktif = _per_kab(kabs, per_kab, "aktif")
    _grafik_register(d, reg, nama, kabs, total, dig, manual)
    th = _grafik_tahunan(d, th_rows, nama, kabs)
    _grafik_tren(d, reg, th_rows)
    _grafik_tren_tingkat(d, riwayat_rows(kode))
    jumlah, n_dig = sum(total), sum(dig)
    d.ringkas.update(
        total=jumlah, digital=n_dig, manual=jumlah - n_dig, digital_persen=_persen(n_dig, jumlah), aktif=sum(aktif)
    )
    d.peta_nilai = _peta(d.ukuran, kabs, total, dig, th)
    return d


def _grafik_register(
    d: Dasbor,
    reg: QuerySet[AgregatRegister],
    nama: list[str],
    kabs: list[regions.Wilayah],
    total: list[Angka],
    dig: list[Angka],
    manual: list[Angka],
) -> None:
    kab_kepala = _("Kabupaten/kota")
    d.grafik["kabupaten"] = Grafik(
        id="kabupaten",
        judul=_("Koperasi per kabupaten/kota: digital dan manual"),
        deskripsi=_("Batang bertumpuk: koperasi yang memakai Gotong dan yang masih manual di tiap kabupaten/kota."),
        jenis="tumpuk",
        kategori=tuple(nama),
        seri=(Seri(_("Digital (Gotong)"), tuple(dig)), Seri(_("Manual"), tuple(manual))),
        kepala=kab_kepala,
        kolom_total=True,
    )
    d.hitung = {(r["digital"], r["jenis"]): r["n"] for r in reg.values("digital", "jenis").annotate(n=Sum("jumlah"))}
    by_jenis: dict[str, int] = defaultdict(int)
    for (_dig, jenis), n in d.hitung.items():
        by_jenis[jenis] += n
    d.grafik["jenis"] = Grafik(
        id="jenis",
        judul=_("Koperasi per jenis"),
        deskripsi=_("Jumlah koperasi terdaftar menurut jenisnya (UU 25/1992)."),
        jenis="batang",
        kategori=tuple(str(label) for _v, label in JenisKoperasi.choices),
        seri=(Seri(_("Koperasi"), tuple(by_jenis.get(v, 0) for v, _l in JenisKoperasi.choices)),),
        kepala=_("Jenis"),
    )
    by_status = dict(reg.values_list("status").annotate(n=Sum("jumlah")).values_list("status", "n"))
    d.grafik["status"] = Grafik(
        id="status",
        judul=_("Koperasi per status"),
        deskripsi=_("Jumlah koperasi terdaftar menurut status di register Dinas."),
        jenis="batang",
        kategori=tuple(str(label) for _v, label in StatusKoperasi.choices),
        seri=(Seri(_("Koperasi"), tuple(by_status.get(v, 0) for v, _l in StatusKoperasi.choices)),),
        kepala=_("Status"),
    )
    levels: dict[str, list[int]] = defaultdict(lambda: [0] * len(digital.LEVELS))
    for r in reg.values("kabupaten_kode", "tingkat").annotate(n=Sum("jumlah")):
        levels[r["kabupaten_kode"]][r["tingkat"]] += r["n"]
    d.grafik["tingkat"] = Grafik(
        id="tingkat",
        judul=_("Tingkat digital per kabupaten/kota"),
        deskripsi=_(
            "Tangga tingkat digital 0 (manual) sampai 4 (penuh), dihitung dari data di Gotong, per kabupaten/kota."
        ),
        jenis="tumpuk",
        kategori=tuple(nama),
        seri=tuple(
            Seri(
                _("Tingkat %(n)d: %(label)s") % {"n": n, "label": digital.LABEL[n]},
                tuple(levels[w.kode][n] for w in kabs),
            )
            for n in digital.LEVELS
        ),
        kepala=_("Kabupaten/kota"),
        kolom_total=True,
        catatan=_(
            "Tingkat digital dihitung ulang setiap hari dan setiap kali data koperasinya berubah. "
            "Tingkat 2 butuh mutasi simpanan dan pinjaman (pencairan atau angsuran) dalam 90 hari terakhir. "
            "Tingkat 4 butuh paket RAT dari Gotong dan produk dijual lewat Gotong; penjualan produk "
            "belum tersedia di Gotong."
        ),
    )


def _grafik_tahunan(
    d: Dasbor, th_rows: QuerySet[AgregatTahunan], nama: list[str], kabs: list[regions.Wilayah]
) -> dict[str, list[Angka]]:
    """Members, money and RAT compliance of the chosen year, per kabupaten/kota."""
    rows = list(
        th_rows.filter(tahun=d.tahun or 0)
        .values("kabupaten_kode")
        .annotate(
            pria=Sum("anggota_pria"),
            wanita=Sum("anggota_wanita"),
            aset_s=Sum("aset"),
            volume_s=Sum("volume_usaha"),
            shu_s=Sum("shu"),
            wajib_s=Sum("wajib"),
            tepat=Sum("rat_tepat"),
            lapor=Sum("rat_lapor"),
            dua=Sum("rat_dua_tahun"),
        )
    )
    col = {k: _per_kab(kabs, rows, k) for k in ("pria", "wanita", "aset_s", "volume_s", "shu_s")}
    col |= {k: _per_kab(kabs, rows, k) for k in ("wajib_s", "tepat", "lapor", "dua")}
    th = d.tahun or "—"
    sumber = _("Dari laporan tahunan (ODS) tahun buku %(t)s yang sudah diajukan atau diverifikasi.") % {"t": th}
    kab_kepala = _("Kabupaten/kota")
    d.grafik["anggota"] = Grafik(
        id="anggota",
        judul=_("Anggota menurut jenis kelamin, tahun buku %(t)s") % {"t": th},
        deskripsi=_("Batang bertumpuk: anggota laki-laki dan perempuan per kabupaten/kota.") + " " + sumber,
        jenis="tumpuk",
        kategori=tuple(nama),
        seri=(Seri(_("Laki-laki"), tuple(col["pria"])), Seri(_("Perempuan"), tuple(col["wanita"]))),
        kepala=kab_kepala,
        kolom_total=True,
        catatan=sumber,
    )
    for key, src, judul in (
        ("aset", "aset_s", _("Aset")),
        ("volume_usaha", "volume_s", _("Volume usaha")),
        ("shu", "shu_s", _("SHU")),
    ):
        d.grafik[key] = Grafik(
            id=key,
            judul=_("%(x)s per kabupaten/kota, tahun buku %(t)s") % {"x": judul, "t": th},
            deskripsi=_("Jumlah %(x)s koperasi per kabupaten/kota.") % {"x": judul.lower()} + " " + sumber,
            jenis="batang",
            kategori=tuple(nama),
            seri=(Seri(judul, tuple(col[src])),),
            satuan="rupiah",
            kepala=kab_kepala,
            catatan=sumber,
        )
    tepat, wajib = col["tepat"], col["wajib_s"]
    telat = [int(x) - int(t) for x, t in zip(col["lapor"], tepat, strict=True)]
    # Not reported this year: two years running (``rat.DUA_TAHUN``, the NIK-certificate risk)
    # and the rest (``rat.BELUM``), as the compliance list classifies them.
    dua = [int(x) for x in col["dua"]]
    belum = [max(0, int(w) - int(x) - u) for w, x, u in zip(wajib, col["lapor"], dua, strict=True)]
    batas = rat_batas(d.tahun).strftime("%d-%m-%Y") if d.tahun else "—"
    d.grafik["rat"] = Grafik(
        id="rat",
        judul=_("Kepatuhan RAT tahun buku %(t)s") % {"t": th},
        deskripsi=_(
            "Tepat waktu: RAT paling lambat 6 bulan setelah tahun buku berakhir (UU 25/1992), yaitu %(b)s. "
            "Dihitung atas koperasi yang wajib melapor (tidak dibubarkan, berbadan hukum sebelum akhir "
            "tahun buku); belum melapor: tanpa laporan tahunan yang diajukan; 2 tahun berturut-turut: "
            "juga tanpa laporan tahun sebelumnya, sehingga sertifikat NIK (berlaku 2 tahun) terancam."
        )
        % {"b": batas},
        jenis="tumpuk",
        kategori=tuple(nama),
        seri=(
            Seri(_("Tepat waktu"), tuple(tepat)),
            Seri(_("Terlambat"), tuple(telat)),
            Seri(_("Belum melapor"), tuple(belum)),
            Seri(str(rat.KELAS[rat.DUA_TAHUN]), tuple(dua)),
        ),
        kepala=kab_kepala,
        kolom_total=True,
    )
    jumlah_pria, jumlah_wanita = sum(col["pria"]), sum(col["wanita"])
    d.ringkas.update(
        anggota=jumlah_pria + jumlah_wanita,
        aset=sum(col["aset_s"], Decimal(0)),
        volume_usaha=sum(col["volume_s"], Decimal(0)),
        shu=sum(col["shu_s"], Decimal(0)),
        rat_tepat=sum(tepat),
        rat_terlambat=sum(telat),
        rat_belum=sum(belum),
        rat_dua_tahun=sum(dua),
    )
    return {
        "anggota": [int(p) + int(w) for p, w in zip(col["pria"], col["wanita"], strict=True)],
        "aset": col["aset_s"],
        "volume_usaha": col["volume_s"],
        "shu": col["shu_s"],
        "rat_persen": [_persen(t, w) for t, w in zip(tepat, wajib, strict=True)],
    }


def _grafik_tren(d: Dasbor, reg: QuerySet[AgregatRegister], th_rows: QuerySet[AgregatTahunan]) -> None:
    sekarang = timezone.localdate().year
    masuk = dict(
        reg.filter(digital=True, tahun_digital__gt=0)
        .values_list("tahun_digital")
        .annotate(n=Sum("jumlah"))
        .values_list("tahun_digital", "n")
    )
    if masuk:
        tahun = list(range(min(masuk), sekarang + 1))
        kumulatif, jalan = [], 0
        for t in tahun:
            jalan += masuk.get(t, 0)
            kumulatif.append(jalan)
        d.grafik["tren_digital"] = Grafik(
            id="tren_digital",
            judul=_("Koperasi di Gotong dari tahun ke tahun"),
            deskripsi=_(
                "Garis: jumlah koperasi yang memakai Gotong pada akhir tiap tahun (dari tanggal mulai memakai)."
            ),
            jenis="garis",
            kategori=tuple(str(t) for t in tahun),
            seri=(Seri(_("Koperasi di Gotong"), tuple(kumulatif)),),
            kepala=_("Tahun"),
            total=False,
        )
    per_tahun = list(
        th_rows.values("tahun")
        .annotate(n=Sum("laporan"), pria=Sum("anggota_pria"), wanita=Sum("anggota_wanita"), aset_s=Sum("aset"))
        .filter(n__gt=0)
        .order_by("tahun")
    )
    if per_tahun:
        kat = tuple(str(r["tahun"]) for r in per_tahun)
        d.grafik["tren_anggota"] = Grafik(
            id="tren_anggota",
            judul=_("Anggota dari tahun ke tahun"),
            deskripsi=_(
                "Garis: anggota laki-laki dan perempuan menurut laporan tahunan yang diajukan, per tahun buku."
            ),
            jenis="garis",
            kategori=kat,
            seri=(
                Seri(_("Laki-laki"), tuple(r["pria"] for r in per_tahun)),
                Seri(_("Perempuan"), tuple(r["wanita"] for r in per_tahun)),
            ),
            kepala=_("Tahun buku"),
            total=False,
        )
        d.grafik["tren_aset"] = Grafik(
            id="tren_aset",
            judul=_("Aset dari tahun ke tahun"),
            deskripsi=_("Garis: jumlah aset koperasi menurut laporan tahunan yang diajukan, per tahun buku."),
            jenis="garis",
            kategori=kat,
            seri=(Seri(_("Aset"), tuple(r["aset_s"] for r in per_tahun)),),
            satuan="rupiah",
            kepala=_("Tahun buku"),
            total=False,
        )


def _grafik_tren_tingkat(d: Dasbor, rows: QuerySet[RiwayatTingkat]) -> None:
    """The ladder over time: levels 0..4 at each quarter-end and at the latest month, read from
    the monthly snapshot (``province.riwayat``): one grouped query whatever the registry's size."""
    tren = riwayat.tren(rows)
    if not tren:
        return
    d.grafik["tren_tingkat"] = Grafik(
        id="tren_tingkat",
        judul=_("Tingkat digital dari waktu ke waktu"),
        deskripsi=_(
            "Batang bertumpuk: koperasi per tingkat digital 0 (manual) sampai 4 (penuh) pada akhir tiap "
            "triwulan dan pada bulan terakhir, dihitung dari data di Gotong sebagaimana adanya saat itu."
        ),
        jenis="tumpuk",
        kategori=tuple(f"{str(MONTHS_3[p.bulan]).title()} {p.tahun}" for p in tren),
        seri=tuple(
            Seri(_("Tingkat %(n)d: %(label)s") % {"n": n, "label": digital.LABEL[n]}, tuple(p.levels[n] for p in tren))
            for n in digital.LEVELS
        ),
        kepala=_("Akhir bulan"),
        kolom_total=True,
        total=False,
        catatan=_(
            "Riwayat bulanan disimpan setiap hari untuk bulan berjalan; bulan yang sudah lewat dihitung "
            "pada akhir bulannya. Bulan terakhir: keadaan per %(t)s."
        )
        % {"t": tanggal(tren[-1].per)},
    )


def versi(kode: str) -> str:
    """The aggregates' version for a region: changes whenever one of its kabupaten/kota is
    rebuilt or its trainings or final health assessments change (``agregat.versi_baru``), so
    a cache of the charts keyed by it is never stale."""
    rows = AgregatKabupaten.objects.filter(_region_q(kode)).order_by("pk").values_list("pk", "diperbarui")
    return hashlib.sha256("|".join(f"{k}:{t.isoformat()}" for k, t in rows).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class AngkaPelatihan:
    """Trainings held and people trained per year, of a region."""

    kegiatan: tuple[tuple[int, int], ...]
    hadir: tuple[tuple[int, int], ...]


def pelatihan_angka(kode: str) -> AngkaPelatihan:
    """Read directly (one small grouped query) when the charts are rendered: they change with
    the office's work, not with the registry; a change gives the region a new aggregates
    version (``agregat.versi_baru``), so the charts' cache is never stale."""
    rows = (
        Kegiatan.objects.for_wilayah(kode)
        .filter(status=StatusKegiatan.SELESAI)
        .values("mulai__year")
        .annotate(n=Count("id", distinct=True), hadir=Count("peserta", filter=Q(peserta__hadir_pada__isnull=False)))
        .order_by("mulai__year")
    )
    per_tahun = [(r["mulai__year"], r["n"], r["hadir"]) for r in rows]
    return AngkaPelatihan(
        kegiatan=tuple((t, n) for t, n, _h in per_tahun),
        hadir=tuple((t, h) for t, _n, h in per_tahun),
    )


def tambah_pelatihan(d: Dasbor) -> None:
    """Add the trainings charts and figures."""
    angka = pelatihan_angka(d.wilayah)
    per_tahun, hadir = dict(angka.kegiatan), dict(angka.hadir)
    tahun = sorted(set(per_tahun) | set(hadir))
    kat = tuple(str(t) for t in tahun)
    d.grafik["pelatihan"] = Grafik(
        id="pelatihan",
        judul=_("Pelatihan, webinar dan bimtek yang terlaksana"),
        deskripsi=_("Batang: jumlah kegiatan yang selesai per tahun."),
        jenis="batang",
        kategori=kat,
        seri=(Seri(_("Kegiatan"), tuple(per_tahun.get(t, 0) for t in tahun)),),
        kepala=_("Tahun"),
    )
    d.grafik["peserta"] = Grafik(
        id="peserta",
        judul=_("Orang yang dilatih"),
        deskripsi=_("Batang: peserta yang hadir di kegiatan yang selesai, per tahun."),
        jenis="batang",
        kategori=kat,
        seri=(Seri(_("Peserta hadir"), tuple(hadir.get(t, 0) for t in tahun)),),
        kepala=_("Tahun"),
    )
    d.ringkas.update(
        kegiatan=sum(per_tahun.values()),
        dilatih=sum(hadir.values()),
    )


def _peta(
    ukuran: str, kabs: list[regions.Wilayah], total: list[Angka], dig: list[Angka], th: dict[str, list[Angka]]
) -> dict[str, Angka]:
    if ukuran == "jumlah":
        values = total
    elif ukuran == "digital_persen":
        values = [_persen(g, t) for g, t in zip(dig, total, strict=True)]
    else:
        values = th[ukuran]
    return {w.kode: v for w, v in zip(kabs, values, strict=True)}


def peta_grafik(d: Dasbor) -> Grafik:
    """The tile map's table as a chart object (for the table and the exports)."""
    label = label_ukuran()[d.ukuran]
    return Grafik(
        id="peta",
        judul=_("Peta Banten: %(x)s per kabupaten/kota") % {"x": label},
        deskripsi=_("Peta petak 8 kabupaten/kota Banten; warna lebih gelap berarti nilai lebih besar."),
        jenis="peta",
        kategori=tuple(_pendek(w) for w in d.kabupaten),
        seri=(Seri(label, tuple(d.peta_nilai.get(w.kode, 0) for w in d.kabupaten)),),
        satuan=SATUAN_UKURAN[d.ukuran],
        kepala=_("Kabupaten/kota"),
    )
