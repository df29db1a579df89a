from django.apps import AppConfig


class ShuConfig(AppConfig):
    name = "gotong.shu"
    label = "shu"
    verbose_name = "Sisa hasil usaha (SHU)"
