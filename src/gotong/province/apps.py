from django.apps import AppConfig


class ProvinceConfig(AppConfig):
    name = "gotong.province"
    label = "province"
    verbose_name = "Dinas"
