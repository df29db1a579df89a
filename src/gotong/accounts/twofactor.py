"""Who must use two-factor: every staff role (pengurus, pengawas, staf, kasir, petugas,
Dinas) when ``GOTONG_REQUIRE_2FA`` is on; plain members do not."""

from typing import Any

from django.conf import settings

from gotong.tenancy.models import NamaPeran, PeranDinas


def is_staff_person(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if user.peran.filter(aktif=True).exclude(peran=NamaPeran.ANGGOTA).exists():
        return True
    return PeranDinas.objects.filter(user=user, aktif=True).exists()


def needs_second_factor(user: Any) -> bool:
    return bool(settings.GOTONG_REQUIRE_2FA) and is_staff_person(user) and not user.is_verified()
