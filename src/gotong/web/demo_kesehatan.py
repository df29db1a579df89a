"""Health assessments (Perdep 06/Per/Dep.6/IV/2016) of the demo province, so the Dinas's health
view tells a story: every band represented, cooperatives improving or slipping over the years.

* Digital cooperatives that are KSP or serba usaha (Maju Bersama, Sejahtera Mandiri; Tani Makmur
  is a produsen cooperative and is not assessed): each year with books is computed from them
  through the services (``penilaian_dari_buku``); the two figures Gotong does not keep and the
  management questionnaire are filled in plausibly; then finalised. A year before the books
  began is typed like a manual one. The last year of a cooperative that runs on Gotong stays a
  draft when ``draf_terakhir`` names it.
* Registry-only KSP/USP (active or inactive, not dissolved): typed ratios for every year, from a
  quality level per cooperative (assigned in turn so all four bands occur) with a trend and a
  little noise; written with ``bulk_create`` (no audit rows, as for the other demo data).

Seeded and idempotent: an existing assessment of a year is left as it is.
"""

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gotong.province import agregat, health, kesehatan
from gotong.province.models_kesehatan import PenilaianKesehatan, StatusPenilaian, SumberPenilaian
from gotong.tenancy.models import Koperasi, StatusKoperasi

SEED = 2024
SKEMA = health.PERDEP_06_2016
# Each ratio between a weak and a sound cooperative (percent): the level q ∈ [0, 1] picks a point.
PROFIL: dict[str, tuple[str, str]] = {
    "modal_aset": ("8", "50"),
    "modal_pinjaman_berisiko": ("12", "115"),
    "kecukupan_modal": ("3", "14"),
    "pinjaman_anggota": ("35", "97"),
    "pinjaman_bermasalah": ("38", "2"),
    "cadangan_risiko": ("15", "96"),
    "pinjaman_berisiko": ("42", "12"),
    "beban_operasi_anggota": ("112", "64"),
    "beban_usaha_shu_kotor": ("95", "35"),
    "efisiensi_pelayanan": ("17", "4"),
    "kas": ("34", "13"),
    "pinjaman_dana": ("45", "104"),
    "rentabilitas_aset": ("-1", "11"),
    "rentabilitas_modal": ("1", "6"),
    "kemandirian_operasional": ("85", "140"),
    "partisipasi_bruto": ("30", "91"),
    "promosi_ekonomi": ("2", "11"),
}
# Levels handed out in turn to the registry's KSP/USP: about a third sound, a quarter under
# supervision, the rest in between, a few under special supervision.
LEVEL = (0.9, 0.68, 0.82, 0.45, 0.62, 0.18, 0.86, 0.58, 0.38, 0.75, 0.28, 0.7)
TREN = (0.04, 0.02, -0.03, 0.0)  # a year's change of level, per cooperative in turn
CATATAN = (
    "Dinilai bersama pengurus saat pendampingan; angka dari laporan keuangan yang disahkan RAT.",
    "Rasio dari neraca dan perhitungan hasil usaha tahun buku; kuesioner dijawab ketua dan manajer.",
    "Perlu perbaikan penagihan pinjaman bermasalah dan pembentukan cadangan risiko.",
)


def _titik(q: float, rng: random.Random) -> float:
    return min(1.0, max(0.0, q + rng.uniform(-0.12, 0.12)))


def profil_rasio(q: float, rng: random.Random) -> dict[str, Decimal]:
    """Plausible ratios for a cooperative of level ``q`` (0 weak … 1 sound)."""
    out = {}
    for kode, (buruk, baik) in PROFIL.items():
        b, g = Decimal(buruk), Decimal(baik)
        t = Decimal(str(round(_titik(q, rng), 3)))
        out[kode] = (b + (g - b) * t).quantize(Decimal("0.01"))
    return out


def profil_jawaban(q: float, rng: random.Random) -> dict[str, bool]:
    peluang = 0.2 + 0.75 * q
    return {p.kode: rng.random() < peluang for p in SKEMA.pertanyaan}


def _level(i: int, tahun: int, tahun_list: Sequence[int]) -> float:
    urut = sorted(tahun_list).index(tahun)
    return min(0.97, max(0.05, LEVEL[i % len(LEVEL)] + TREN[i % len(TREN)] * urut))


def _registri(koperasi: Sequence[Koperasi], tahun_list: Sequence[int], hari_ini: dt.date) -> int:
    ada = set(
        PenilaianKesehatan.objects.filter(koperasi__in=koperasi, skema=SKEMA.kode).values_list("koperasi_id", "tahun")
    )
    pada = timezone.make_aware(dt.datetime.combine(hari_ini, dt.time(10)))
    rows = []
    for i, k in enumerate(koperasi):
        rng = random.Random(f"{SEED}-kesehatan-{k.kode}")
        for tahun in sorted(tahun_list):
            if (k.pk, tahun) in ada or kesehatan.periksa_tahun(tahun, hari_ini=hari_ini):
                continue
            q = _level(i, tahun, tahun_list)
            p = PenilaianKesehatan(
                koperasi=k,
                tahun=tahun,
                skema=SKEMA.kode,
                sumber=SumberPenilaian.DIISI,
                rasio={c: str(v) for c, v in profil_rasio(q, rng).items()},
                rasio_diisi=sorted(PROFIL),
                jawaban=profil_jawaban(q, rng),
                status=StatusPenilaian.FINAL,
                oleh_dinas=True,
                catatan=CATATAN[(i + tahun) % len(CATATAN)],
                dibuat_pada=pada,
                diubah_pada=pada,
                difinalkan_pada=pada,
            )
            h = kesehatan.hasil(p)
            p.skor_aspek = {a: str(v.quantize(kesehatan.SEN)) for a, v in h.skor_aspek().items()}
            p.total, p.predikat = h.total.quantize(kesehatan.SEN), h.predikat.kode
            rows.append(p)
    PenilaianKesehatan.objects.bulk_create(rows, batch_size=500)
    for kab in sorted({p.koperasi.kabupaten_kode for p in rows}):  # bulk_create sends no signal
        agregat.versi_baru(kab)
    return len(rows)


def _digital(k: Koperasi, tahun_list: Sequence[int], hari_ini: dt.date, actor: Any, *, draf_terakhir: bool) -> int:
    rng = random.Random(f"{SEED}-kesehatan-{k.kode}")
    n = 0
    for tahun in sorted(tahun_list):
        if kesehatan.penilaian_tahun(k, tahun) is not None or kesehatan.periksa_tahun(tahun, hari_ini=hari_ini):
            continue
        q = 0.72 + 0.04 * sorted(tahun_list).index(tahun)  # a digital cooperative improves year by year
        dari_buku: dict[str, Any] = {}
        if kesehatan.angka_dari_buku(k, tahun).total_aset > 0:
            p = kesehatan.penilaian_dari_buku(koperasi=k, tahun=tahun, actor=actor, hari_ini=hari_ini)
            # a ratio the books cannot give (negative cash in a demo with a very large loan book)
            # is left to the typed profile, as a bendahara would correct it on the form
            dari_buku = {c: v for c, v in kesehatan.rasio_tersimpan(p).items() if v is not None and v >= 0}
        rasio = {**profil_rasio(q, rng), **dari_buku}  # the books win; the profile fills the rest
        p = kesehatan.penilaian_simpan(
            koperasi=k,
            tahun=tahun,
            rasio=rasio,
            jawaban=profil_jawaban(min(q + 0.1, 1.0), rng),
            catatan=CATATAN[1],
            actor=actor,
            hari_ini=hari_ini,
        )
        if not (draf_terakhir and tahun == max(tahun_list)):
            kesehatan.penilaian_finalkan(penilaian=p, actor=actor)
        n += 1
    return n


def demo_kesehatan(
    *, tahun_list: Sequence[int], hari_ini: dt.date, actor: Any = None, draf_terakhir: Sequence[str] = ()
) -> dict[str, int]:
    """Assess the demo province for ``tahun_list`` (book years before ``hari_ini``). Call it after
    the digital cooperatives' books are written. Returns the number of assessments written
    (``digital`` through the services, ``registri`` typed)."""
    semua = Koperasi.objects.filter(jenis__in=kesehatan.JENIS_DINILAI).exclude(status=StatusKoperasi.DIBUBARKAN)
    with transaction.atomic():
        digital = sum(
            _digital(k, tahun_list, hari_ini, actor, draf_terakhir=k.kode in draf_terakhir)
            for k in semua.filter(digital=True).order_by("kode")
        )
        registri = _registri(list(semua.filter(digital=False).order_by("kode")), tahun_list, hari_ini)
    return {"digital": digital, "registri": registri}
