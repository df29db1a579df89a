"""Background work for the Dinas (Celery; in-process without REDIS_URL).

The daily rebuild of the dashboard's aggregates runs from the Celery beat schedule in the
settings (``CELERY_BEAT_SCHEDULE``; ``make worker`` runs beat); ``manage.py dasbor_segarkan``
does the same by hand.
"""

from celery import shared_task

from gotong.province import agregat


@shared_task(name="province.dasbor_segarkan", acks_late=True)
def dasbor_segarkan() -> list[str]:
    """Rebuild every kabupaten/kota's aggregates (digital levels move with the clock) and keep the
    monthly history of the digital ladder (this month, and the month just ended once settled)."""
    return agregat.segarkan_semua()
