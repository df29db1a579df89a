"""People who sign in to Gotong. Roles live in tenancy (per koperasi, per region)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with a login. ``nama_lengkap`` is what every screen shows."""

    nama_lengkap = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    telepon = models.CharField(_("telepon/WhatsApp"), max_length=20, blank=True)

    def __str__(self) -> str:
        return self.nama_lengkap or self.get_username()
