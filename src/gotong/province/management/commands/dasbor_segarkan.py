"""Rebuild the Dinas dashboard's aggregates from the source rows (after bulk loads, and daily:
digital levels move with the clock)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from gotong.province import agregat


class Command(BaseCommand):
    help = "Hitung ulang angka dasbor Dinas (agregat per kabupaten/kota) dari data sumber."

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        kabs = agregat.segarkan_semua()
        self.stdout.write(f"{len(kabs)} kabupaten/kota dihitung ulang dalam {time.perf_counter() - start:.1f} detik.")
