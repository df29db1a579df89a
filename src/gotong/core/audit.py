"""Writing the audit trail (after zulip's RealmAuditLog): one row per change, same transaction."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from gotong.core.models import AuditLog


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe copy of a model's concrete field values."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        name = field.attname
        if fields is not None and field.name not in fields and name not in fields:
            continue
        data[field.name] = _json_safe(getattr(instance, name))
    return data


def _json_safe(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def audit_changes(
    *, koperasi: Any, aktor: Any, aksi: str, objek: models.Model, sebelum: dict[str, Any], sesudah: dict[str, Any]
) -> AuditLog | None:
    """Record only the fields an edit changed; nothing when nothing changed."""
    changed = [k for k in sesudah if sesudah[k] != sebelum.get(k)]
    if not changed:
        return None
    return audit_record(
        koperasi=koperasi,
        aktor=aktor,
        aksi=aksi,
        objek=objek,
        sebelum={k: sebelum.get(k) for k in changed},
        sesudah={k: sesudah[k] for k in changed},
    )


def audit_record(
    *,
    koperasi: Any,
    aktor: Any,
    aksi: str,
    objek: models.Model,
    sebelum: dict[str, Any] | None = None,
    sesudah: dict[str, Any] | None = None,
) -> AuditLog:
    """Record one change; call inside the transaction that makes the change."""
    return AuditLog.objects.create(
        koperasi=koperasi,
        aktor=aktor if aktor is not None and aktor.pk else None,
        aksi=aksi,
        objek_tipe=objek._meta.label_lower,
        objek_id=str(objek.pk),
        objek_label=str(objek)[:200],
        sebelum=sebelum or {},
        sesudah=sesudah or {},
    )
