"""``manage.py akhir_bulan_pinjaman --koperasi KODE --tahun Y --bulan M``: run (or resume) the
loan month-end of one koperasi in this process: collectibility, PPAP, accrued interest."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gotong.loans.models import KolektibilitasBulanan
from gotong.loans.month_end import akhir_bulan_pinjaman_jalankan
from gotong.tenancy.models import Koperasi


class Command(BaseCommand):
    help = "Jalankan akhir bulan pinjaman satu koperasi: kolektibilitas, PPAP dan akrual jasa."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--koperasi", metavar="KODE", required=True)
        parser.add_argument("--tahun", type=int, required=True)
        parser.add_argument("--bulan", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        koperasi = Koperasi.objects.filter(kode=options["koperasi"], digital=True).first()
        if koperasi is None:
            raise CommandError(f"Koperasi {options['koperasi']} tidak ditemukan (atau belum memakai Gotong).")
        try:
            proses = akhir_bulan_pinjaman_jalankan(koperasi=koperasi, tahun=options["tahun"], bulan=options["bulan"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        n = KolektibilitasBulanan.objects.filter(proses=proses).count()
        periode = f"{proses.bulan:02d}/{proses.tahun}"
        self.stdout.write(
            self.style.SUCCESS(f"Akhir bulan pinjaman {periode} {koperasi.kode}: {proses.status}, {n} pinjaman.")
        )
