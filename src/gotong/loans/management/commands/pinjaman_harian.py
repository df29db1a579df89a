"""``manage.py pinjaman_harian [--tanggal YYYY-MM-DD] [--koperasi KODE]``: the daily loan job
(penalties, advances used, automatic debits) for every digital koperasi or one of them."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gotong.loans.tasks import harian_semua
from gotong.tenancy.models import Koperasi


class Command(BaseCommand):
    help = "Jalankan pekerjaan harian pinjaman: denda, titipan angsuran dan potong otomatis dari sukarela."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tanggal", metavar="YYYY-MM-DD", help="Tanggal yang dijalankan (bawaan: hari ini).")
        parser.add_argument("--koperasi", metavar="KODE", help="Satu koperasi saja.")

    def handle(self, *args: Any, **options: Any) -> None:
        tanggal = timezone.localdate()
        if options["tanggal"]:
            try:
                tanggal = dt.date.fromisoformat(options["tanggal"])
            except ValueError as exc:
                raise CommandError("Tulis tanggal sebagai YYYY-MM-DD, misalnya 2026-01-31.") from exc
        kode = options["koperasi"]
        if kode and not Koperasi.objects.filter(kode=kode, digital=True).exists():
            raise CommandError(f"Koperasi {kode} tidak ditemukan (atau belum memakai Gotong).")
        hasil = harian_semua(tanggal=tanggal, kode=kode)
        for k, hitung in hasil.items():
            self.stdout.write(
                f"{k}: {hitung['denda']} angsuran didenda, {hitung['titipan']} titipan dipakai, "
                f"{hitung['autodebet']} potong otomatis"
            )
        self.stdout.write(self.style.SUCCESS(f"Pekerjaan harian pinjaman {tanggal:%d-%m-%Y}: {len(hasil)} koperasi."))
