from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gotong.reports"
    label = "reports"
    verbose_name = "Laporan dan tutup buku"
