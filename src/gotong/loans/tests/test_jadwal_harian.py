"""The daily jobs are scheduled: the beat schedule names tasks the worker knows, at night
Jakarta time (a penalty or an automatic debit must not wait for someone to remember)."""

from celery.schedules import crontab
from django.conf import settings

from gotong.config.celery import app


def test_the_daily_loan_job_and_the_dashboard_refresh_are_scheduled_on_registered_tasks() -> None:
    app.loader.import_default_modules()
    jadwal = settings.CELERY_BEAT_SCHEDULE
    assert {j["task"] for j in jadwal.values()} == {"loans.harian", "province.dasbor_segarkan"}
    for j in jadwal.values():
        assert j["task"] in app.tasks
        assert isinstance(j["schedule"], crontab)
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"
