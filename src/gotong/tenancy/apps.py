from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "gotong.tenancy"
    label = "tenancy"
    verbose_name = "Koperasi dan peran"
