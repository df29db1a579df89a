from django.apps import AppConfig


class SavingsConfig(AppConfig):
    name = "gotong.savings"
    label = "savings"
    verbose_name = "Simpanan"
