"""Writes for tenancy: numbering, roles and koperasi settings."""

from typing import Any

from django.db import transaction

from gotong.core.audit import audit_changes, snapshot
from gotong.tenancy.models import Koperasi, Penomoran


def nomor_next(*, koperasi: Koperasi, seri: str) -> int:
    """Take the next number in a series; the row lock serialises concurrent takers."""
    with transaction.atomic():
        Penomoran.objects.get_or_create(koperasi=koperasi, seri=seri)
        row = Penomoran.objects.select_for_update().get(koperasi=koperasi, seri=seri)
        row.terakhir += 1
        row.save(update_fields=["terakhir"])
        return row.terakhir


KOPERASI_SETTINGS_FIELDS = [
    "nama",
    "alamat",
    "telepon",
    "email",
    "nomor_badan_hukum",
    "tanggal_badan_hukum",
    "nik_koperasi",
    "format_nomor_anggota",
]


def koperasi_update_settings(*, koperasi: Koperasi, actor: Any, data: dict[str, Any]) -> Koperasi:
    """Change a koperasi's identity/settings; audited with before and after."""
    with transaction.atomic():
        locked = Koperasi.objects.select_for_update().get(pk=koperasi.pk)
        before = snapshot(locked, KOPERASI_SETTINGS_FIELDS)
        for field in KOPERASI_SETTINGS_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        locked.full_clean()
        locked.save()
        audit_changes(
            koperasi=locked,
            aktor=actor,
            aksi="koperasi.pengaturan",
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked, KOPERASI_SETTINGS_FIELDS),
        )
        return locked
