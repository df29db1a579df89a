"""NIK (Nomor Induk Kependudukan) rules.

16 digits: 6-digit kecamatan code of issue, birth date as DDMMYY with 40 added to the
day for women, then a 4-digit serial (UU 24/2013 Administrasi Kependudukan practice;
see docs/domain). Every check has its own message so the applicant knows what to fix.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gotong.core import regions

NIK_BUKAN_16_ANGKA = _("NIK harus 16 angka, tanpa spasi atau titik.")
NIK_WILAYAH_TIDAK_DIKENAL = _(
    "Enam angka pertama NIK harus kode kecamatan yang ada (misalnya 360405 untuk "
    "Kramatwatu, Kab. Serang). Periksa kembali NIK pada KTP."
)
NIK_TANGGAL_TIDAK_SAH = _("Angka ke-7 sampai ke-12 NIK harus tanggal lahir (DDMMYY).")
NIK_TANGGAL_TIDAK_COCOK = _(
    "Tanggal lahir pada NIK ({nik_date}) tidak cocok dengan tanggal lahir yang diisi "
    "({birth_date}). Periksa NIK atau tanggal lahir."
)
NIK_JENIS_KELAMIN_TIDAK_COCOK = _(
    "NIK menunjukkan jenis kelamin {nik_sex}, padahal yang diisi {chosen}. Pada NIK "
    "perempuan, tanggal lahir ditambah 40."
)
NIK_URUT_NOL = _("Empat angka terakhir NIK (nomor urut) tidak boleh 0000.")
KK_BUKAN_16_ANGKA = _("Nomor KK harus 16 angka, tanpa spasi atau titik.")


class NikError(ValueError):
    """A NIK that breaks one of the rules; ``message`` says what to fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NikParts:
    kecamatan_kode: str
    hari: int
    bulan: int
    tahun2: int
    perempuan: bool
    urut: str


def parse(nik: str) -> NikParts:
    """Split a NIK into its parts; raises ``NikError`` for shape and region errors."""
    if len(nik) != 16 or not (nik.isascii() and nik.isdigit()):  # str.isdigit() accepts '９'
        raise NikError(str(NIK_BUKAN_16_ANGKA))
    kec = regions.kecamatan_from_nik_digits(nik[:6])
    if kec is None or kec.tingkat != 3:
        raise NikError(str(NIK_WILAYAH_TIDAK_DIKENAL))
    hari, bulan, tahun2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    perempuan = hari > 40
    if perempuan:
        hari -= 40
    try:  # a real calendar date; 2000+YY is a leap year exactly when 1900+YY may be
        dt.date(2000 + tahun2, bulan, hari)
    except ValueError:
        raise NikError(str(NIK_TANGGAL_TIDAK_SAH)) from None
    if nik[12:] == "0000":
        raise NikError(str(NIK_URUT_NOL))
    return NikParts(kec.kode, hari, bulan, tahun2, perempuan, nik[12:])


def validate(nik: str, *, tanggal_lahir: dt.date | None, jenis_kelamin: str | None) -> NikParts:
    """Check a NIK against the applicant's birth date and sex (``L``/``P``)."""
    parts = parse(nik)
    if tanggal_lahir is not None:
        same = (parts.hari, parts.bulan, parts.tahun2) == (
            tanggal_lahir.day,
            tanggal_lahir.month,
            tanggal_lahir.year % 100,
        )
        if not same:
            nik_date = f"{parts.hari:02d}-{parts.bulan:02d}-{parts.tahun2:02d}"
            raise NikError(
                str(NIK_TANGGAL_TIDAK_COCOK).format(nik_date=nik_date, birth_date=tanggal_lahir.strftime("%d-%m-%y"))
            )
    if jenis_kelamin in ("L", "P") and (jenis_kelamin == "P") != parts.perempuan:
        label = {"L": str(_("laki-laki")), "P": str(_("perempuan"))}
        raise NikError(
            str(NIK_JENIS_KELAMIN_TIDAK_COCOK).format(
                nik_sex=label["P" if parts.perempuan else "L"], chosen=label[jenis_kelamin]
            )
        )
    return parts


def build(kecamatan_kode: str, tanggal_lahir: dt.date, perempuan: bool, urut: int) -> str:
    """Compose a NIK (demo and test data) from its parts."""
    hari = tanggal_lahir.day + (40 if perempuan else 0)
    digits = kecamatan_kode.replace(".", "")
    return f"{digits}{hari:02d}{tanggal_lahir.month:02d}{tanggal_lahir.year % 100:02d}{urut:04d}"
