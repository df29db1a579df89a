from django.apps import AppConfig


class ShuConfig(AppConfig):
    name = "gotong.shu"
    label = "shu"
    verbose_name = "Sisa hasil usaha (SHU)"

    def ready(self) -> None:
        # A year whose SHU the RAT approved (and that was posted) may not be reopened.
        from gotong.reports.penutupan import register_penghalang_buka
        from gotong.shu.selectors import penghalang_buka

        register_penghalang_buka(penghalang_buka)

        from gotong.ledger.checks import register_subledger_check
        from gotong.shu.checks import utang_shu_cocok

        register_subledger_check(utang_shu_cocok)
