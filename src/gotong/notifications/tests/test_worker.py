"""A queued message goes through Redis to a real Celery worker process and is sent.

The worker is ``.venv/bin/celery -A gotong.config worker`` pointed at the test
database pytest-django created (SQLite file or PostgreSQL ``test_…``), so the row
must be committed: ``transaction=True``. E-mail goes to files the test can read.
"""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection

from gotong.notifications.models import Pesan, Saluran, StatusPesan

pytestmark = pytest.mark.redis

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DB = int(os.environ.get("GOTONG_TEST_REDIS_DB", "15"))
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
CELERY = Path(sys.executable).parent / "celery"
TASK_TIMEOUT = 60.0
TASK_NAME = "notifications.kirim_pesan"


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        reason = f"Redis tidak bisa dihubungi di {REDIS_HOST}:{REDIS_PORT} ({exc}); jalankan redis-server."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true dan {reason}")
        pytest.skip(reason)


def _test_database_url() -> str:
    """The URL of the database pytest-django created, for the worker process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"], safe="")
        host = db.get("HOST") or "127.0.0.1"
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgresql://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"
    raise AssertionError(f"basis data {connection.vendor} belum didukung tes ini")


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    queue: str
    mail_dir: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def worker(transactional_db: Any, tmp_path: Path) -> Iterator[Worker]:
    """A real worker on its own queue (so no other worker on this Redis takes the task)."""
    _redis_or_skip()
    queue = f"gotong-test-{uuid.uuid4().hex[:12]}"
    mail_dir = tmp_path / "mail"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gotong.config.settings",
        "GOTONG_DEBUG": "1",
        "REDIS_URL": REDIS_URL,
        "DATABASE_URL": _test_database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    command = [
        str(CELERY),
        "-A",
        "gotong.config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-l",
        "warning",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        yield Worker(process=process, queue=queue, mail_dir=mail_dir, log=log)
    finally:
        process.terminate()  # warm shutdown: finishes the task in hand, then exits
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait(result: Any, worker: Worker) -> Any:
    """The task's return value; fails early, with the worker's log, if the worker dies."""
    deadline = time.monotonic() + TASK_TIMEOUT
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(f"worker Celery berhenti (kode {worker.process.returncode}):\n{worker.output()}")
        if result.ready():
            return result.get(timeout=1)
        time.sleep(0.2)
    pytest.fail(f"tugas tidak selesai dalam {TASK_TIMEOUT:.0f} detik; log worker:\n{worker.output()}")


@pytest.mark.django_db(transaction=True)
def test_queued_email_is_sent_by_a_real_worker_through_redis(worker: Worker) -> None:
    pesan = Pesan.objects.create(
        saluran=Saluran.EMAIL,
        tujuan="sri@contoh.id",
        subjek="Pendaftaran Anda sudah kami terima",
        isi="Halo Sri, pendaftaran Anda sedang diperiksa pengurus.",
    )
    # A Celery app of this test process, talking only to Redis: the task can only run
    # in the worker (this process's own app is eager, without REDIS_URL).
    client = Celery("gotong-test-client", broker=REDIS_URL, backend=REDIS_URL)
    try:
        started = time.monotonic()
        result = client.send_task(TASK_NAME, args=[pesan.pk], queue=worker.queue)
        assert _wait(result, worker) == StatusPesan.TERKIRIM
        elapsed = time.monotonic() - started
    finally:
        client.close()

    pesan.refresh_from_db()
    assert pesan.status == StatusPesan.TERKIRIM, pesan.galat_terakhir
    assert pesan.percobaan == 1 and pesan.dikirim_pada is not None and pesan.galat_terakhir == ""
    files = sorted(worker.mail_dir.glob("*.log"))
    assert len(files) == 1, f"berkas e-mail di {worker.mail_dir}: {files}; log worker:\n{worker.output()}"
    mail = files[0].read_text()
    assert "To: sri@contoh.id" in mail and "Subject: Pendaftaran Anda sudah kami terima" in mail
    assert elapsed < TASK_TIMEOUT
