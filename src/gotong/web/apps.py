from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gotong.web"
    label = "web"
    verbose_name = "Tampilan"
