"""``manage.py check_books [--koperasi KODE]``: prove the books hold, or say what breaks.

Exits non-zero (CommandError) when any invariant of ``gotong.ledger.checks`` fails.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from gotong.ledger.checks import SUBLEDGER_CHECKS, periksa_buku
from gotong.ledger.models import Akun, Jurnal
from gotong.tenancy.models import Koperasi


class Command(BaseCommand):
    help = (
        "Periksa buku besar: jurnal seimbang, saldo bulanan sama dengan barisnya, "
        "buku pembantu sama dengan akun kontrol."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--koperasi", metavar="KODE", help="Periksa satu koperasi saja.")

    def handle(self, *args: Any, **options: Any) -> None:
        rusak = 0
        daftar = list(_koperasi(options["koperasi"]))
        for koperasi in daftar:
            problems = periksa_buku(koperasi)
            for problem in problems:
                self.stderr.write(f"{koperasi.kode}: {problem}")
            if problems:
                rusak += len(problems)
            else:
                self.stdout.write(_ringkasan(koperasi))
        if rusak:
            raise CommandError(f"Buku tidak beres: {rusak} masalah ditemukan.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Buku beres: {len(daftar)} koperasi diperiksa, "
                f"{len(SUBLEDGER_CHECKS)} pemeriksaan buku pembantu terdaftar."
            )
        )


def _koperasi(kode: str | None) -> QuerySet[Koperasi]:
    if kode:
        found = Koperasi.objects.filter(kode=kode)
        if not found.exists():
            raise CommandError(f"Koperasi dengan kode {kode!r} tidak ada.")
        return found
    return Koperasi.objects.filter(pk__in=Akun.objects.values("koperasi_id")).order_by("kode")


def _ringkasan(koperasi: Koperasi) -> str:
    jurnal = Jurnal.objects.filter(koperasi=koperasi).count()
    akun = Akun.objects.filter(koperasi=koperasi).count()
    return f"{koperasi.kode}: beres — {jurnal} jurnal, {akun} akun."
