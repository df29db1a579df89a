from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gotong.members"
    label = "members"
    verbose_name = "Anggota"
