from celery import shared_task

from gotong.notifications.services import pesan_kirim


@shared_task(name="notifications.kirim_pesan", acks_late=True)
def kirim_pesan(pesan_id: int) -> str:
    """Send one outbox message; returns its status (queued, sent or failed)."""
    return str(pesan_kirim(pesan_id=pesan_id).status)
