from django.apps import AppConfig


class SavingsConfig(AppConfig):
    name = "gotong.savings"
    label = "savings"
    verbose_name = "Simpanan"

    def ready(self) -> None:
        # check_books: the savings subledger must equal its control accounts
        from gotong.ledger.checks import register_subledger_check
        from gotong.ledger.sources import register_source_links
        from gotong.savings.checks import simpanan_cocok_kontrol, simpanan_cocok_mutasi
        from gotong.savings.selectors import tautan_jurnal

        register_subledger_check(simpanan_cocok_kontrol)
        register_subledger_check(simpanan_cocok_mutasi)
        # the journal entry page links to the receipt, statements and drawer it records
        register_source_links(tautan_jurnal)
