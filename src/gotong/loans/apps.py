from django.apps import AppConfig


class LoansConfig(AppConfig):
    name = "gotong.loans"
    label = "loans"
    verbose_name = "Pinjaman"

    def ready(self) -> None:
        # check_books: principal, accrued interest, provision and advances equal their control accounts
        from gotong.ledger.checks import register_subledger_check
        from gotong.loans.checks import pinjaman_cocok_angsuran, pinjaman_cocok_kontrol

        register_subledger_check(pinjaman_cocok_kontrol)
        register_subledger_check(pinjaman_cocok_angsuran)
        # a member who leaves with a running loan: the loan is offset against the savings returned
        from gotong.loans.keluar import potongan_pinjaman
        from gotong.savings.penyelesaian import POTONGAN_KELUAR

        if potongan_pinjaman not in POTONGAN_KELUAR:
            POTONGAN_KELUAR.append(potongan_pinjaman)
