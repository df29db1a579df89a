"""Marks for the dashboard's aggregates (``province.agregat``): any save or delete of a
cooperative or of its yearly figures marks its kabupaten/kota, inside the same transaction;
a change to a region's trainings figures (``training.signals.angka_berubah``) gives its
kabupaten/kota a new version.

Signals rather than calls in each service: cooperatives are saved by the registry, the
sign-up and the invitation flows of several apps, and the aggregates must follow all of them.
This is bookkeeping of a read model, not a business rule (ENGINEERING.md rule 7).
"""

from typing import Any

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from gotong.province import agregat
from gotong.province.models import LaporanTahunan
from gotong.tenancy.models import Koperasi
from gotong.training.signals import angka_berubah


@receiver(post_init, sender=Koperasi, dispatch_uid="agregat_koperasi_init")
def _ingat_kabupaten(sender: Any, instance: Koperasi, **kwargs: Any) -> None:
    # __dict__ so that a deferred field is not fetched just to remember it.
    instance._agregat_kab = instance.__dict__.get("kabupaten_kode", "")  # type: ignore[attr-defined]


@receiver(post_save, sender=Koperasi, dispatch_uid="agregat_koperasi_simpan")
def _koperasi_disimpan(sender: Any, instance: Koperasi, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    agregat.tandai({getattr(instance, "_agregat_kab", ""), instance.kabupaten_kode})
    instance._agregat_kab = instance.kabupaten_kode  # type: ignore[attr-defined]


@receiver(post_delete, sender=Koperasi, dispatch_uid="agregat_koperasi_hapus")
def _koperasi_dihapus(sender: Any, instance: Koperasi, **kwargs: Any) -> None:
    agregat.tandai({instance.kabupaten_kode})


def _kab_laporan(laporan: LaporanTahunan) -> set[str]:
    return set(Koperasi.objects.filter(pk=laporan.koperasi_id).values_list("kabupaten_kode", flat=True))


@receiver(post_save, sender=LaporanTahunan, dispatch_uid="agregat_laporan_simpan")
def _laporan_disimpan(sender: Any, instance: LaporanTahunan, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        agregat.tandai(_kab_laporan(instance))


@receiver(post_delete, sender=LaporanTahunan, dispatch_uid="agregat_laporan_hapus")
def _laporan_dihapus(sender: Any, instance: LaporanTahunan, **kwargs: Any) -> None:
    agregat.tandai(_kab_laporan(instance))


@receiver(angka_berubah, dispatch_uid="agregat_pelatihan")
def _pelatihan_berubah(sender: Any, wilayah_kode: str, **kwargs: Any) -> None:
    agregat.versi_baru(wilayah_kode)
