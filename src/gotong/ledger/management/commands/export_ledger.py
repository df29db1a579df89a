"""``manage.py export_ledger --koperasi KODE --format hledger [--output FILE]``.

Writes a journal that hledger reads (``hledger -f FILE balance``), for an auditor or a
second opinion on Gotong's trial balance.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gotong.ledger.export import hledger_journal
from gotong.tenancy.models import Koperasi

FORMATS = ("hledger",)


class Command(BaseCommand):
    help = "Ekspor buku besar satu koperasi sebagai jurnal hledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--koperasi", metavar="KODE", required=True)
        parser.add_argument("--format", choices=FORMATS, default="hledger")
        parser.add_argument("--output", metavar="FILE", help="Tulis ke berkas ini (bawaan: layar).")

    def handle(self, *args: Any, **options: Any) -> None:
        koperasi = Koperasi.objects.filter(kode=options["koperasi"]).first()
        if koperasi is None:
            raise CommandError(f"Koperasi dengan kode {options['koperasi']!r} tidak ada.")
        if not options["output"]:
            hledger_journal(koperasi=koperasi, out=self.stdout, dibuat=timezone.localdate())
            return
        with open(options["output"], "w", encoding="utf-8") as out:
            count = hledger_journal(koperasi=koperasi, out=out, dibuat=timezone.localdate())
        self.stderr.write(f"{count} jurnal {koperasi.kode} ditulis ke {options['output']}.")
