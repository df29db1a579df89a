"""Background work for the Dinas (Celery; in-process without REDIS_URL).

There is no Celery beat schedule in the settings: the daily rebuild of the dashboard's
aggregates is started by the host's scheduler (cron/systemd timer) with ``manage.py
dasbor_segarkan``, or by the task ``province.dasbor_segarkan`` from a beat schedule.
"""

from celery import shared_task

from gotong.province import agregat


@shared_task(name="province.dasbor_segarkan", acks_late=True)
def dasbor_segarkan() -> list[str]:
    """Rebuild every kabupaten/kota's aggregates (digital levels move with the clock)."""
    return agregat.segarkan_semua()
