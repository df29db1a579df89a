"""Fill the digital ladder's monthly history from the rows as they stood at each month-end
(``province.agregat.riwayat_tingkat_isi``): after going live, after a bulk load, or to redo it."""

import datetime as dt
import re
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gotong.province import agregat

BULAN_SALAH = gettext_lazy("Tulis bulan sebagai TTTT-BB, misalnya 2024-01.")


def bulan(teks: str) -> dt.date:
    """``2024-01`` as the first day of that month."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", teks.strip())
    if not m or not 1 <= int(m[2]) <= 12 or int(m[1]) < 1900:
        raise CommandError(str(BULAN_SALAH))
    return dt.date(int(m[1]), int(m[2]), 1)


class Command(BaseCommand):
    help = "Isi riwayat bulanan tingkat digital per kabupaten/kota dari data sumber pada tiap akhir bulan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sejak",
            help="Bulan pertama (TTTT-BB); bawaan: bulan koperasi pertama mulai memakai Gotong.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sejak = bulan(options["sejak"]) if options.get("sejak") else agregat.riwayat_awal()
        start = time.perf_counter()
        try:
            n = agregat.riwayat_tingkat_isi(sejak=sejak, sampai=timezone.localdate())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        detik = time.perf_counter() - start
        self.stdout.write(
            _("Riwayat tingkat digital %(n)d bulan sejak %(s)s diisi dalam %(d).1f detik.")
            % {"n": n, "s": f"{sejak:%m-%Y}", "d": detik}
        )
