"""Background work for savings: the month-end run (Celery; in-process without REDIS_URL)."""

from celery import shared_task
from django.contrib.auth import get_user_model

from gotong.savings.models import ProsesAkhirBulan
from gotong.savings.month_end import akhir_bulan_jalankan


@shared_task(name="savings.akhir_bulan", acks_late=True)
def akhir_bulan(proses_id: int, actor_id: int | None = None) -> str:
    """Run (or resume) one month-end; returns its status. A worker that dies midway leaves
    the run resumable: the task is acknowledged late, so the broker hands it out again."""
    proses = ProsesAkhirBulan.objects.select_related("koperasi").get(pk=proses_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    hasil = akhir_bulan_jalankan(koperasi=proses.koperasi, tahun=proses.tahun, bulan=proses.bulan, actor=actor)
    return str(hasil.status)
