"""``manage.py kirim_pengingat_pelatihan``: queue H-1 reminders (run once a day, e.g. by cron).

Each participant gets one reminder however often the command runs.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gotong.training.services import pengingat_antrikan


class Command(BaseCommand):
    help = "Antrekan pengingat untuk peserta kegiatan yang dimulai besok (WIB)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tanggal", type=dt.date.fromisoformat, help="Hari ini (YYYY-MM-DD); bawaan: hari ini WIB."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hari_ini = options["tanggal"] or timezone.localdate()
        jumlah = pengingat_antrikan(besok=hari_ini + dt.timedelta(days=1))
        self.stdout.write(f"{jumlah} pengingat diantrekan.")
