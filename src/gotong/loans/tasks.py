"""Background work for loans (Celery; in-process without REDIS_URL): the month-end run and
the daily job (penalties, advances used, automatic debits).

The daily job runs at 00:15 Jakarta time from the Celery beat schedule in the settings
(``CELERY_BEAT_SCHEDULE``; ``make worker`` runs beat); ``manage.py pinjaman_harian`` runs it
by hand (e.g. for a missed day with ``--tanggal``).
"""

import datetime as dt

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from gotong.loans import pembayaran
from gotong.loans.models import ProsesAkhirBulanPinjaman
from gotong.loans.month_end import akhir_bulan_pinjaman_jalankan
from gotong.tenancy.models import Koperasi


@shared_task(name="loans.akhir_bulan", acks_late=True)
def akhir_bulan_pinjaman(proses_id: int, actor_id: int | None = None) -> str:
    """Run (or resume) one loan month-end; returns its status. Acknowledged late, so a worker
    that dies midway leaves the run to be handed out again and resumed."""
    proses = ProsesAkhirBulanPinjaman.objects.select_related("koperasi").get(pk=proses_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    hasil = akhir_bulan_pinjaman_jalankan(koperasi=proses.koperasi, tahun=proses.tahun, bulan=proses.bulan, actor=actor)
    return str(hasil.status)


def harian_semua(*, tanggal: dt.date, kode: str | None = None) -> dict[str, dict[str, int]]:
    """The daily loan job for every digital koperasi (or the one with ``kode``)."""
    koperasi = Koperasi.objects.filter(digital=True).order_by("kode")
    if kode:
        koperasi = koperasi.filter(kode=kode)
    return {k.kode: pembayaran.harian_jalankan(koperasi=k, tanggal=tanggal) for k in koperasi}


@shared_task(name="loans.harian", acks_late=True)
def pinjaman_harian(tanggal: str | None = None) -> dict[str, dict[str, int]]:
    """Penalties up to the day, advances used and automatic debits, for every digital
    koperasi; safe to run more than once a day. ``tanggal`` is ISO (default: today, Jakarta)."""
    hari = dt.date.fromisoformat(tanggal) if tanggal else timezone.localdate()
    return harian_semua(tanggal=hari)
