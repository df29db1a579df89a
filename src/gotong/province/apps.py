from django.apps import AppConfig


class ProvinceConfig(AppConfig):
    name = "gotong.province"
    label = "province"
    verbose_name = "Dinas"

    def ready(self) -> None:
        from gotong.province import signals  # noqa: F401 - connects the dashboard aggregates
