"""Health assessment (penilaian kesehatan) of a KSP or a USP koperasi: the pure scoring core.

No ORM, no queries: ratios (percent, ``Decimal``) and questionnaire answers in, a score per
component, per aspect, a total and a band (predikat) out. Everything a regulation fixes —
aspects, components, weights (bobot), the value tables (rasio → nilai), the questionnaire and
the bands — is DATA below (frozen dataclasses), so a second scheme is another :class:`Skema`
value fed to the same :func:`nilai_skema`.

Scheme implemented: **Peraturan Deputi Bidang Pengawasan Kementerian Koperasi dan UKM Nomor
06/Per/Dep.6/IV/2016** tentang Pedoman Penilaian Kesehatan Koperasi Simpan Pinjam dan Unit
Simpan Pinjam Koperasi. It keeps the seven aspects and ratio tables of Permen KUKM
14/Per/M.KUKM/XII/2009 and sets the bands Sehat 80–100, Cukup Sehat 66–<80, Dalam Pengawasan
51–<66, Dalam Pengawasan Khusus <51. Score of a component = nilai × bobot / 100; total = Σ.

Where each value comes from (checked in this session against published worked examples and
theses that quote the tables of Permen 14/2009 as used under Perdep 06/2016; the regulation's
own PDF was not reachable, so "verified" means "matches a second-hand copy of the table"):

* verified: the weights of every aspect and component; rasio risiko pinjaman bermasalah
  (0 → 100, ≤10 → 80, ≤20 → 60, ≤30 → 40, ≤40 → 20, ≤45 → 10, >45 → 0); rasio cadangan
  risiko (steps of 10 up to 100); rasio pinjaman berisiko (<21 → 100, 21–<26 → 75, 26–30 →
  50, >30 → 25); rasio kas (≤10 → 25, >10–15 → 100, >15–20 → 50, >20 → 25); rentabilitas
  modal sendiri (<3 → 25, 3–<4 → 50, 4–<5 → 75, ≥5 → 100); kemandirian operasional
  (≤100 → 25, >100 → 100); partisipasi bruto (<25 → 25, 25–<50 → 50, 50–<75 → 75, ≥75 → 100);
  12 questions of 0,25 for manajemen umum; the bands.
* from memory, consistent with a published worksheet (66 % → 50; 99 % → 100; 138 % → 100):
  modal sendiri / total aset (0–20 → 25, >20–40 → 50, >40–60 → 100, >60–80 → 50, >80 → 25),
  modal sendiri / pinjaman berisiko (steps of 10 like cadangan risiko), kecukupan modal
  (<4 → 25, 4–<6 → 50, 6–<8 → 75, ≥8 → 100), volume pinjaman anggota (<25 → 0, 25–<50 → 50,
  50–<75 → 75, ≥75 → 100).
* from memory only (check against the Perdep's annex before relying on a borderline
  result): beban operasi anggota / partisipasi bruto, beban usaha / SHU kotor, efisiensi
  pelayanan, pinjaman / dana yang diterima, rentabilitas aset, promosi ekonomi anggota, and
  the question counts 6/5/10/5 of the other management components.

Our own rules where the tables are silent: a negative modal sendiri scores 0 (the table
starts above 0); a ratio that cannot be computed (its denominator is 0) stays empty and the
user types it. The questions are written in our own words after the Perdep's topics.

The newer framework (Permenkop 9/2020: tata kelola, profil risiko, kinerja keuangan,
permodalan) would be a second :class:`Skema`; its tables are not implemented yet.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Teks = str | Promise
NOL = Decimal("0")
SERATUS = Decimal("100")


# --- value tables -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rentang:
    """One row of a value table: ``bawah < x ≤ atas`` (each end open, closed or absent)."""

    nilai: Decimal
    bawah: Decimal | None = None
    atas: Decimal | None = None
    bawah_termasuk: bool = False
    atas_termasuk: bool = True

    def cocok(self, x: Decimal) -> bool:
        if self.bawah is not None and (x < self.bawah or (x == self.bawah and not self.bawah_termasuk)):
            return False
        return not (self.atas is not None and (x > self.atas or (x == self.atas and not self.atas_termasuk)))

    def teks(self) -> str:
        """``"> 10 – ≤ 15"`` for the printed table."""
        bagian = []
        if self.bawah is not None:
            bagian.append(f"{'≥' if self.bawah_termasuk else '>'} {_angka(self.bawah)}")
        if self.atas is not None:
            bagian.append(f"{'≤' if self.atas_termasuk else '<'} {_angka(self.atas)}")
        if self.bawah is not None and self.bawah == self.atas:
            return f"= {_angka(self.bawah)}"
        return " – ".join(bagian) or "—"


def _angka(x: Decimal) -> str:
    return f"{x.normalize():f}".replace(".", ",")


@dataclass(frozen=True)
class TabelNilai:
    """Ratio (percent) → nilai 0..100. The rows cover every real number exactly once."""

    baris: tuple[Rentang, ...]

    def nilai(self, x: Decimal) -> Decimal:
        for r in self.baris:
            if r.cocok(x):
                return r.nilai
        raise ValueError(f"Tabel nilai tidak mencakup rasio {x}")  # a data error: tests forbid gaps


def _d(x: str | int) -> Decimal:
    return Decimal(str(x))


def naik(batas: list[str | int], nilai: list[int], *, bawah_termasuk: bool = True) -> TabelNilai:
    """Rising steps: ``x < b0 → n0``, ``b0 ≤ x < b1 → n1``, …, ``x ≥ b_last → n_last``
    (``bawah_termasuk=False`` gives ``x ≤ b0 → n0``, ``b0 < x ≤ b1 → n1`` … instead)."""
    assert len(nilai) == len(batas) + 1
    b = [_d(x) for x in batas]
    rows = []
    for i, n in enumerate(nilai):
        bawah = b[i - 1] if i > 0 else None
        atas = b[i] if i < len(b) else None
        rows.append(Rentang(_d(n), bawah, atas, bawah_termasuk=bawah_termasuk, atas_termasuk=not bawah_termasuk))
    return TabelNilai(tuple(rows))


def _persepuluh() -> TabelNilai:
    """0 → 0; 0 < x ≤ 10 → 10; … 90 < x ≤ 100 → 100; above 100 → 100 (negative → 0)."""
    rows = [Rentang(NOL, None, NOL, atas_termasuk=True)]
    rows += [Rentang(_d(10 * (i + 1)), _d(10 * i), _d(10 * (i + 1))) for i in range(10)]
    rows.append(Rentang(SERATUS, SERATUS, None))
    return TabelNilai(tuple(rows))


# --- scheme shapes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pertanyaan:
    kode: str
    teks: Teks


@dataclass(frozen=True)
class Komponen:
    """One scored component: a ratio with its table, or a yes/no questionnaire.

    ``rumus`` is the ratio's definition as printed; ``boleh_negatif`` says whether the ratio
    can honestly be below zero (a loss, negative equity) — otherwise a negative input is
    refused. Questionnaire components score ``ya / jumlah pertanyaan × bobot``."""

    kode: str
    nama: Teks
    bobot: Decimal
    rumus: Teks = ""
    tabel: TabelNilai | None = None
    pertanyaan: tuple[Pertanyaan, ...] = ()
    boleh_negatif: bool = False

    @property
    def kuesioner(self) -> bool:
        return bool(self.pertanyaan)


@dataclass(frozen=True)
class Aspek:
    kode: str
    nama: Teks
    komponen: tuple[Komponen, ...]

    @property
    def bobot(self) -> Decimal:
        return sum((k.bobot for k in self.komponen), NOL)


@dataclass(frozen=True)
class Predikat:
    """A band: totals from ``batas_bawah`` (inclusive) up to the next band's lower bound."""

    kode: str
    nama: Teks
    batas_bawah: Decimal


@dataclass(frozen=True)
class Skema:
    """A health-assessment scheme: aspects (with components), bands high to low."""

    kode: str
    nama: Teks
    dasar_hukum: Teks
    aspek: tuple[Aspek, ...]
    predikat: tuple[Predikat, ...]

    @property
    def komponen(self) -> tuple[Komponen, ...]:
        return tuple(k for a in self.aspek for k in a.komponen)

    @property
    def komponen_rasio(self) -> tuple[Komponen, ...]:
        return tuple(k for k in self.komponen if not k.kuesioner)

    @property
    def pertanyaan(self) -> tuple[Pertanyaan, ...]:
        return tuple(p for k in self.komponen for p in k.pertanyaan)

    def predikat_untuk(self, total: Decimal) -> Predikat:
        for p in self.predikat:
            if total >= p.batas_bawah:
                return p
        return self.predikat[-1]

    def predikat_kode(self, kode: str) -> Predikat | None:
        return next((p for p in self.predikat if p.kode == kode), None)


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HasilKomponen:
    komponen: Komponen
    rasio: Decimal | None  # percent; None when not given (or a questionnaire)
    nilai: Decimal | None  # 0..100
    skor: Decimal | None  # nilai × bobot / 100
    ya: int = 0  # questionnaire: answers "ya"
    dijawab: int = 0  # questionnaire: answers given


@dataclass(frozen=True)
class HasilAspek:
    aspek: Aspek
    komponen: tuple[HasilKomponen, ...]

    @property
    def skor(self) -> Decimal:
        return sum((k.skor or NOL for k in self.komponen), NOL)

    @property
    def persen(self) -> Decimal:
        """The aspect's score as a share of its weight (0..100), for reading aspects side by side."""
        return self.skor * SERATUS / self.aspek.bobot if self.aspek.bobot else NOL


@dataclass(frozen=True)
class Hasil:
    skema: Skema
    aspek: tuple[HasilAspek, ...]
    rasio_kosong: tuple[str, ...] = field(default=())  # component codes without a ratio
    pertanyaan_kosong: tuple[str, ...] = field(default=())  # question codes without an answer

    @property
    def total(self) -> Decimal:
        return sum((a.skor for a in self.aspek), NOL)

    @property
    def lengkap(self) -> bool:
        return not self.rasio_kosong and not self.pertanyaan_kosong

    @property
    def predikat(self) -> Predikat:
        return self.skema.predikat_untuk(self.total)

    def skor_aspek(self) -> dict[str, Decimal]:
        return {a.aspek.kode: a.skor for a in self.aspek}


def _nilai_kuesioner(k: Komponen, jawaban: Mapping[str, bool]) -> HasilKomponen:
    dijawab = [p.kode for p in k.pertanyaan if p.kode in jawaban]
    ya = sum(1 for p in k.pertanyaan if jawaban.get(p.kode) is True)
    n = len(k.pertanyaan)
    skor = k.bobot * ya / n  # exact for the Perdep's counts (3/12, 3/6, 3/5, 3/10)
    return HasilKomponen(k, None, ya * SERATUS / n, skor, ya=ya, dijawab=len(dijawab))


def _nilai_rasio(k: Komponen, rasio: Decimal | None) -> HasilKomponen:
    if rasio is None:
        return HasilKomponen(k, None, None, None)
    assert k.tabel is not None
    nilai = k.tabel.nilai(rasio)
    return HasilKomponen(k, rasio, nilai, nilai * k.bobot / SERATUS)


def nilai_skema(skema: Skema, *, rasio: Mapping[str, Decimal | None], jawaban: Mapping[str, bool]) -> Hasil:
    """Score every component from the ratios (percent) and the answers (question code → ya).

    A missing ratio or answer scores 0 and is listed in ``rasio_kosong``/``pertanyaan_kosong``:
    a draft shows its partial score; a final assessment must be ``lengkap``."""
    aspek = []
    for a in skema.aspek:
        rows = tuple(
            _nilai_kuesioner(k, jawaban) if k.kuesioner else _nilai_rasio(k, rasio.get(k.kode)) for k in a.komponen
        )
        aspek.append(HasilAspek(a, rows))
    kosong = tuple(k.kode for k in skema.komponen_rasio if rasio.get(k.kode) is None)
    tanpa_jawaban = tuple(p.kode for p in skema.pertanyaan if p.kode not in jawaban)
    return Hasil(skema, tuple(aspek), kosong, tanpa_jawaban)


# --- ratios from figures --------------------------------------------------------------------


def persen(pembilang: Decimal, penyebut: Decimal) -> Decimal | None:
    """``pembilang / penyebut × 100`` to two decimals; None when the denominator is 0.
    (Scores, not money: rounded here for display and storage, half up.)"""
    if penyebut == NOL:
        return None
    return (pembilang * SERATUS / penyebut).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class AngkaKeuangan:
    """The figures the Perdep's ratios are built from, for one book year (rupiah).

    ``None`` marks a figure the books do not hold (the user types the ratio instead)."""

    total_aset: Decimal
    modal_sendiri: Decimal
    modal_tertimbang: Decimal
    atmr: Decimal  # aset tertimbang menurut risiko
    pinjaman_diberikan: Decimal  # outstanding principal at year end
    pinjaman_berisiko: Decimal  # outstanding principal without adequate collateral
    volume_pinjaman: Decimal  # principal disbursed in the year
    volume_pinjaman_anggota: Decimal
    pinjaman_kurang_lancar: Decimal
    pinjaman_diragukan: Decimal
    pinjaman_macet: Decimal
    cadangan_risiko: Decimal  # PPAP + cadangan tujuan risiko
    kas_bank: Decimal
    kewajiban_lancar: Decimal
    dana_diterima: Decimal
    partisipasi_bruto: Decimal  # members' income (jasa pinjaman etc. from members)
    beban_operasi_anggota: Decimal
    beban_usaha: Decimal
    shu_kotor: Decimal
    shu_sebelum_pajak: Decimal
    shu_bagian_anggota: Decimal
    partisipasi_neto: Decimal
    beban_usaha_perkoperasian: Decimal
    pendapatan: Decimal  # all income of the year (partisipasi bruto + non-members + other)
    simpanan_pokok_wajib: Decimal
    biaya_karyawan: Decimal | None = None
    promosi_ekonomi_anggota: Decimal | None = None

    @property
    def risiko_pinjaman_bermasalah(self) -> Decimal:
        """DOMAIN.md: 50 % × Kurang Lancar + 75 % × Diragukan + 100 % × Macet."""
        return (
            self.pinjaman_kurang_lancar * Decimal("0.50")
            + self.pinjaman_diragukan * Decimal("0.75")
            + self.pinjaman_macet
        )


def rasio_dari_angka(a: AngkaKeuangan) -> dict[str, Decimal | None]:
    """Every ratio of :data:`PERDEP_06_2016` from the figures (None: not computable)."""
    rpm = a.risiko_pinjaman_bermasalah
    return {
        "modal_aset": persen(a.modal_sendiri, a.total_aset),
        "modal_pinjaman_berisiko": persen(a.modal_sendiri, a.pinjaman_berisiko)
        if a.pinjaman_berisiko
        else (SERATUS if a.modal_sendiri > NOL else None),  # no risky loans: fully covered
        "kecukupan_modal": persen(a.modal_tertimbang, a.atmr),
        "pinjaman_anggota": persen(a.volume_pinjaman_anggota, a.volume_pinjaman),
        "pinjaman_bermasalah": persen(rpm, a.pinjaman_diberikan),
        # no problem loans: nothing to cover, the best value (our rule; the table is silent)
        "cadangan_risiko": persen(a.cadangan_risiko, rpm) if rpm else SERATUS,
        "pinjaman_berisiko": persen(a.pinjaman_berisiko, a.pinjaman_diberikan),
        "beban_operasi_anggota": persen(a.beban_operasi_anggota, a.partisipasi_bruto),
        "beban_usaha_shu_kotor": persen(a.beban_usaha, a.shu_kotor),
        "efisiensi_pelayanan": None if a.biaya_karyawan is None else persen(a.biaya_karyawan, a.volume_pinjaman),
        "kas": persen(a.kas_bank, a.kewajiban_lancar),
        "pinjaman_dana": persen(a.pinjaman_diberikan, a.dana_diterima),
        "rentabilitas_aset": persen(a.shu_sebelum_pajak, a.total_aset),
        "rentabilitas_modal": persen(a.shu_bagian_anggota, a.modal_sendiri),
        "kemandirian_operasional": persen(a.partisipasi_neto, a.beban_usaha_perkoperasian),
        "partisipasi_bruto": persen(a.partisipasi_bruto, a.pendapatan),
        "promosi_ekonomi": None
        if a.promosi_ekonomi_anggota is None
        else persen(a.promosi_ekonomi_anggota, a.simpanan_pokok_wajib),
    }


# --- Perdep 06/Per/Dep.6/IV/2016 ------------------------------------------------------------


def _q(prefix: str, teks: list[Teks]) -> tuple[Pertanyaan, ...]:
    return tuple(Pertanyaan(f"{prefix}{i}", t) for i, t in enumerate(teks, start=1))


MANAJEMEN_UMUM = _q(
    "mu",
    [
        _("Visi, misi dan tujuan koperasi tertulis dan dipahami pengurus serta pengelola."),
        _("Ada rencana kerja jangka panjang (paling sedikit 3 tahun) yang dipakai sebagai acuan."),
        _("Rencana kerja dan anggaran tahun ini disahkan RAT."),
        _("Keputusan pengurus dicatat tertulis dan dapat ditelusuri."),
        _("Tugas pengurus, pengawas dan pengelola diuraikan tertulis."),
        _("Pengurus rapat berkala dan membuat notulen."),
        _("Pengawas memeriksa berkala dan melaporkan hasilnya secara tertulis."),
        _("Pengelola menyampaikan laporan keuangan kepada pengurus setiap bulan."),
        _("Pembukuan menghasilkan laporan yang tepat waktu dan dapat diperiksa."),
        _("RAT tahun buku lalu diadakan tepat waktu."),
        _("Pengurus dan pengelola mengikuti pelatihan simpan pinjam dalam 2 tahun terakhir."),
        _("Ada cara tertulis menangani keluhan anggota."),
    ],
)
KELEMBAGAAN = _q(
    "kl",
    [
        _("Anggaran dasar dan anggaran rumah tangga sesuai aturan dan memuat usaha simpan pinjam."),
        _("Struktur organisasi tertulis memisahkan pengurus, pengawas dan pengelola."),
        _("Ada prosedur kerja (SOP) simpan pinjam tertulis yang dijalankan."),
        _("Ada pengendalian internal: pemisahan tugas dan persetujuan berjenjang."),
        _("Izin usaha simpan pinjam masih berlaku."),
        _("Koperasi punya kantor tetap dan sarana kerja yang memadai."),
    ],
)
MANAJEMEN_PERMODALAN = _q(
    "mp",
    [
        _("Modal sendiri bertambah dibanding tahun buku lalu."),
        _("Simpanan anggota (sukarela dan berjangka) bertambah dibanding tahun buku lalu."),
        _("Sebagian SHU disisihkan menjadi cadangan sesuai AD/ART."),
        _("Simpanan wajib dipungut teratur dari setiap anggota."),
        _("Pinjaman dari pihak luar sesuai rencana dan batas yang disetujui RAT."),
    ],
)
MANAJEMEN_AKTIVA = _q(
    "ma",
    [
        _("Ada kebijakan pinjaman tertulis: plafon, jangka waktu, jasa dan jaminan."),
        _("Kelayakan setiap pinjaman dianalisis sebelum diputus."),
        _("Yang memutus pinjaman bukan orang yang mengajukan atau menganalisisnya."),
        _("Pinjaman besar diputus pengurus sesuai batas kewenangan."),
        _("Setiap pinjaman punya perjanjian tertulis."),
        _("Jaminan dinilai dan disimpan dengan tertib."),
        _("Kolektibilitas pinjaman dinilai setiap akhir bulan."),
        _("Penyisihan penghapusan pinjaman dibentuk sesuai kolektibilitas."),
        _("Pinjaman yang menunggak ditagih dengan langkah tertulis."),
        _("Pinjaman kepada pengurus, pengawas dan pengelola bersyarat sama dengan anggota lain."),
    ],
)
MANAJEMEN_LIKUIDITAS = _q(
    "ml",
    [
        _("Ada batas minimal kas dan bank yang tertulis."),
        _("Posisi kas dan bank dipantau setiap hari."),
        _("Ada rencana penerimaan dan pengeluaran kas bulanan."),
        _("Ada sumber dana cadangan (fasilitas pinjaman lembaga lain) untuk kebutuhan mendesak."),
        _("Penarikan simpanan anggota selalu dapat dilayani tepat waktu."),
    ],
)


def _k(kode: str, nama: Teks, bobot: int, rumus: Teks, tabel: TabelNilai, *, boleh_negatif: bool = False) -> Komponen:
    return Komponen(kode, nama, Decimal(bobot), rumus, tabel, boleh_negatif=boleh_negatif)


def _kuesioner(kode: str, nama: Teks, pertanyaan: tuple[Pertanyaan, ...]) -> Komponen:
    return Komponen(kode, nama, Decimal(3), _("Jumlah jawaban ya × nilai per jawaban"), None, pertanyaan)


# modal sendiri / total aset: the middle band is best (too little: thin buffer; too much: idle capital)
TABEL_MODAL_ASET = TabelNilai(
    (
        Rentang(NOL, None, NOL),
        Rentang(_d(25), NOL, _d(20)),
        Rentang(_d(50), _d(20), _d(40)),
        Rentang(_d(100), _d(40), _d(60)),
        Rentang(_d(50), _d(60), _d(80)),
        Rentang(_d(25), _d(80), None),
    )
)
TABEL_PINJAMAN_BERMASALAH = TabelNilai(
    (
        Rentang(_d(100), None, NOL),  # = 0 (a negative ratio cannot occur; refused on input)
        Rentang(_d(80), NOL, _d(10)),
        Rentang(_d(60), _d(10), _d(20)),
        Rentang(_d(40), _d(20), _d(30)),
        Rentang(_d(20), _d(30), _d(40)),
        Rentang(_d(10), _d(40), _d(45)),
        Rentang(NOL, _d(45), None),
    )
)
# < 21 → 100; 21–<26 → 75; 26–30 → 50 (30 included); > 30 → 25
TABEL_PINJAMAN_BERISIKO = TabelNilai(
    (
        Rentang(_d(100), None, _d(21), atas_termasuk=False),
        Rentang(_d(75), _d(21), _d(26), bawah_termasuk=True, atas_termasuk=False),
        Rentang(_d(50), _d(26), _d(30), bawah_termasuk=True, atas_termasuk=True),
        Rentang(_d(25), _d(30), None),
    )
)
TABEL_KAS = TabelNilai(
    (
        Rentang(_d(25), None, _d(10)),
        Rentang(_d(100), _d(10), _d(15)),
        Rentang(_d(50), _d(15), _d(20)),
        Rentang(_d(25), _d(20), None),
    )
)
TABEL_BEBAN_OPERASI_ANGGOTA = TabelNilai(
    (
        Rentang(_d(100), None, _d(70)),
        Rentang(_d(75), _d(70), _d(85)),
        Rentang(_d(50), _d(85), _d(100)),
        Rentang(_d(25), _d(100), None),
    )
)
TABEL_BEBAN_USAHA_SHU_KOTOR = TabelNilai(
    (
        Rentang(_d(100), None, _d(40)),
        Rentang(_d(75), _d(40), _d(60)),
        Rentang(_d(50), _d(60), _d(80)),
        Rentang(_d(25), _d(80), None),
    )
)
TABEL_EFISIENSI_PELAYANAN = TabelNilai(
    (
        Rentang(_d(100), None, _d(5), atas_termasuk=False),
        Rentang(_d(75), _d(5), _d(10), bawah_termasuk=True, atas_termasuk=False),
        Rentang(_d(50), _d(10), _d(15), bawah_termasuk=True, atas_termasuk=True),
        Rentang(_d(25), _d(15), None),
    )
)
TABEL_KEMANDIRIAN = TabelNilai((Rentang(_d(25), None, SERATUS), Rentang(SERATUS, SERATUS, None)))

PERDEP_06_2016 = Skema(
    kode="perdep06-2016",
    nama=_("Penilaian kesehatan KSP/USP koperasi"),
    dasar_hukum=_("Peraturan Deputi Bidang Pengawasan Kementerian Koperasi dan UKM Nomor 06/Per/Dep.6/IV/2016"),
    aspek=(
        Aspek(
            "permodalan",
            _("Permodalan"),
            (
                _k(
                    "modal_aset",
                    _("Rasio modal sendiri terhadap total aset"),
                    6,
                    _("Modal sendiri ÷ total aset × 100%"),
                    TABEL_MODAL_ASET,
                    boleh_negatif=True,
                ),
                _k(
                    "modal_pinjaman_berisiko",
                    _("Rasio modal sendiri terhadap pinjaman diberikan yang berisiko"),
                    6,
                    _("Modal sendiri ÷ pinjaman berisiko (tanpa jaminan memadai) × 100%"),
                    _persepuluh(),
                    boleh_negatif=True,
                ),
                _k(
                    "kecukupan_modal",
                    _("Rasio kecukupan modal sendiri"),
                    3,
                    _("Modal tertimbang ÷ aset tertimbang menurut risiko (ATMR) × 100%"),
                    naik(["4", "6", "8"], [25, 50, 75, 100]),
                    boleh_negatif=True,
                ),
            ),
        ),
        Aspek(
            "aktiva",
            _("Kualitas aktiva produktif"),
            (
                _k(
                    "pinjaman_anggota",
                    _("Rasio volume pinjaman pada anggota terhadap volume pinjaman diberikan"),
                    10,
                    _("Pinjaman dicairkan kepada anggota dalam tahun ÷ semua pinjaman dicairkan × 100%"),
                    naik(["25", "50", "75"], [0, 50, 75, 100]),
                ),
                _k(
                    "pinjaman_bermasalah",
                    _("Rasio risiko pinjaman bermasalah terhadap pinjaman yang diberikan"),
                    5,
                    _("(50% kurang lancar + 75% diragukan + 100% macet) ÷ pinjaman yang diberikan × 100%"),
                    TABEL_PINJAMAN_BERMASALAH,
                ),
                _k(
                    "cadangan_risiko",
                    _("Rasio cadangan risiko terhadap risiko pinjaman bermasalah"),
                    5,
                    _("(Penyisihan penghapusan pinjaman + cadangan tujuan risiko) ÷ risiko pinjaman bermasalah × 100%"),
                    _persepuluh(),
                ),
                _k(
                    "pinjaman_berisiko",
                    _("Rasio pinjaman yang berisiko terhadap pinjaman yang diberikan"),
                    5,
                    _("Pinjaman tanpa jaminan memadai ÷ pinjaman yang diberikan × 100%"),
                    TABEL_PINJAMAN_BERISIKO,
                ),
            ),
        ),
        Aspek(
            "manajemen",
            _("Manajemen"),
            (
                _kuesioner("manajemen_umum", _("Manajemen umum"), MANAJEMEN_UMUM),
                _kuesioner("kelembagaan", _("Kelembagaan"), KELEMBAGAAN),
                _kuesioner("manajemen_permodalan", _("Manajemen permodalan"), MANAJEMEN_PERMODALAN),
                _kuesioner("manajemen_aktiva", _("Manajemen aktiva"), MANAJEMEN_AKTIVA),
                _kuesioner("manajemen_likuiditas", _("Manajemen likuiditas"), MANAJEMEN_LIKUIDITAS),
            ),
        ),
        Aspek(
            "efisiensi",
            _("Efisiensi"),
            (
                _k(
                    "beban_operasi_anggota",
                    _("Rasio beban operasi anggota terhadap partisipasi bruto"),
                    4,
                    _("Beban operasi untuk anggota ÷ partisipasi bruto × 100%"),
                    TABEL_BEBAN_OPERASI_ANGGOTA,
                ),
                _k(
                    "beban_usaha_shu_kotor",
                    _("Rasio beban usaha terhadap SHU kotor"),
                    4,
                    _("Beban usaha ÷ SHU kotor × 100%"),
                    TABEL_BEBAN_USAHA_SHU_KOTOR,
                    boleh_negatif=True,
                ),
                _k(
                    "efisiensi_pelayanan",
                    _("Rasio efisiensi pelayanan"),
                    2,
                    _("Biaya karyawan ÷ volume pinjaman × 100%"),
                    TABEL_EFISIENSI_PELAYANAN,
                ),
            ),
        ),
        Aspek(
            "likuiditas",
            _("Likuiditas"),
            (
                _k(
                    "kas",
                    _("Rasio kas"),
                    10,
                    _("(Kas + bank) ÷ kewajiban lancar × 100%"),
                    TABEL_KAS,
                ),
                _k(
                    "pinjaman_dana",
                    _("Rasio pinjaman yang diberikan terhadap dana yang diterima"),
                    5,
                    _("Pinjaman yang diberikan ÷ dana yang diterima × 100%"),
                    naik(["50", "75", "100"], [25, 50, 75, 100]),
                ),
            ),
        ),
        Aspek(
            "kemandirian",
            _("Kemandirian dan pertumbuhan"),
            (
                _k(
                    "rentabilitas_aset",
                    _("Rentabilitas aset"),
                    3,
                    _("SHU sebelum pajak ÷ total aset × 100%"),
                    naik(["5", "7.5", "10"], [25, 50, 75, 100]),
                    boleh_negatif=True,
                ),
                _k(
                    "rentabilitas_modal",
                    _("Rentabilitas modal sendiri"),
                    3,
                    _("SHU bagian anggota ÷ total modal sendiri × 100%"),
                    naik(["3", "4", "5"], [25, 50, 75, 100]),
                    boleh_negatif=True,
                ),
                _k(
                    "kemandirian_operasional",
                    _("Kemandirian operasional pelayanan"),
                    4,
                    _("Partisipasi neto ÷ (beban usaha + beban perkoperasian) × 100%"),
                    TABEL_KEMANDIRIAN,
                    boleh_negatif=True,
                ),
            ),
        ),
        Aspek(
            "jatidiri",
            _("Jatidiri koperasi"),
            (
                _k(
                    "partisipasi_bruto",
                    _("Rasio partisipasi bruto"),
                    7,
                    _("Partisipasi bruto ÷ (partisipasi bruto + pendapatan dari non-anggota dan lain-lain) × 100%"),
                    naik(["25", "50", "75"], [25, 50, 75, 100]),
                ),
                _k(
                    "promosi_ekonomi",
                    _("Rasio promosi ekonomi anggota (PEA)"),
                    3,
                    _("(Manfaat ekonomi saat transaksi + SHU bagian anggota) ÷ (simpanan pokok + wajib) × 100%"),
                    naik(["5", "7.5", "10"], [25, 50, 75, 100]),
                ),
            ),
        ),
    ),
    predikat=(
        Predikat("sehat", _("Sehat"), Decimal(80)),
        Predikat("cukup_sehat", _("Cukup Sehat"), Decimal(66)),
        Predikat("dalam_pengawasan", _("Dalam Pengawasan"), Decimal(51)),
        Predikat("pengawasan_khusus", _("Dalam Pengawasan Khusus"), NOL),
    ),
)

SKEMA: dict[str, Skema] = {PERDEP_06_2016.kode: PERDEP_06_2016}
SKEMA_BAKU = PERDEP_06_2016.kode
PREDIKAT = PERDEP_06_2016.predikat  # the bands the Dinas filters and charts by
