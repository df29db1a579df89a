from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "gotong.training"
    label = "training"
    verbose_name = "Pelatihan dan pendampingan"
