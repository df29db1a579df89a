"""Sign-in, lock-out, password reset, hashing, two-factor for staff, sign-out, and
``check --deploy`` with production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD, login
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gotong.accounts.forms import MasukForm
from gotong.accounts.views import b32_secret

pytestmark = pytest.mark.django_db

SALAH_SANDI = str(MasukForm.error_messages["invalid_login"])
TERKUNCI = "Terlalu banyak percobaan masuk"
KODE_SALAH = "Kode salah atau sudah kedaluwarsa"
DASBOR = "/k/maju-bersama/"
BASE_DIR = Path(__file__).resolve().parents[4]


def _sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/masuk/", {"username": username, "password": password})


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _code(device: TOTPDevice, offset_steps: int = 0) -> str:
    value = totp(device.bin_key, device.step, device.t0 - offset_steps * device.step, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def test_wrong_password_shows_the_indonesian_message(ani: Any) -> None:
    client = Client()
    response = _sign_in(client, "ani", "bukan-sandinya")
    assert response.status_code == 200
    assert SALAH_SANDI in response.content.decode()
    assert not _signed_in(client)


def test_right_password_signs_in(ani: Any) -> None:
    client = Client()
    response = _sign_in(client, "ani", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_repeated_failures_lock_the_account_even_for_the_right_password(ani: Any) -> None:
    client = Client()
    limit = django_settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        assert SALAH_SANDI in _sign_in(client, "ani", "tebakan-salah").content.decode()
    _sign_in(client, "ani", "tebakan-salah")  # the limit-th failure locks

    response = _sign_in(client, "ani", PASSWORD)
    assert TERKUNCI in response.content.decode()
    assert response.status_code == 429
    assert not _signed_in(client)


def test_password_reset_by_email_sets_a_new_password_that_signs_in(ani: Any) -> None:
    client = Client()
    response = client.post("/lupa-sandi/", {"email": "ani@contoh.id"})
    assert response.status_code == 302 and response.url == "/lupa-sandi/terkirim/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ani@contoh.id"]
    assert message.subject == "Buat kata sandi baru Gotong"
    link = re.search(r"https?://testserver(/lupa-sandi/[^/\s]+/[^/\s]+/)", message.body)
    assert link, message.body

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    new_password = "Sawah-Hijau-Banten-2024"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302 and done.url == "/lupa-sandi/selesai/"

    ani.refresh_from_db()
    assert ani.password.startswith("argon2")
    fresh = Client()
    assert SALAH_SANDI in _sign_in(fresh, "ani", PASSWORD).content.decode()  # the old one is gone
    assert _sign_in(fresh, "ani", new_password).status_code == 302
    assert _signed_in(fresh)
    # The link works once only.
    assert client.get(link.group(1), follow=True).context["validlink"] is False


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(ani: Any) -> None:
    response = Client().post("/lupa-sandi/", {"email": "tidak-ada@contoh.id"})
    assert response.status_code == 302 and response.url == "/lupa-sandi/terkirim/"
    assert mail.outbox == []


def test_passwords_are_hashed_with_argon2(ani: Any, citra: Any) -> None:
    assert ani.password.startswith("argon2$argon2id$")
    assert citra.password.startswith("argon2")
    assert PASSWORD not in ani.password


def test_staff_must_set_up_two_factor_and_a_valid_code_opens_the_page(settings: Any, ani: Any) -> None:
    settings.GOTONG_REQUIRE_2FA = True
    client = Client()
    assert _sign_in(client, "ani", PASSWORD).status_code == 302

    response = client.get(DASBOR)
    assert response.status_code == 302 and response.url == f"/2fa/?next={DASBOR}"
    assert client.get("/k/maju-bersama/anggota/").url.startswith("/2fa/")

    setup = client.get(response.url)
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=ani)
    assert not device.confirmed
    page = setup.content.decode()
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code, drawn locally
    assert b32_secret(device.bin_key) in page

    verified = client.post("/2fa/", {"kode": _code(device), "next": DASBOR})
    assert verified.status_code == 302 and verified.url == DASBOR
    assert client.get(DASBOR).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_two_factor_code_shows_the_message_and_keeps_the_door_shut(settings: Any, ani: Any) -> None:
    settings.GOTONG_REQUIRE_2FA = True
    client = Client()
    _sign_in(client, "ani", PASSWORD)
    client.get(f"/2fa/?next={DASBOR}")
    device = TOTPDevice.objects.get(user=ani)
    valid_now = {_code(device, offset) for offset in (-1, 0, 1)}  # the tolerance window
    wrong = next(f"{n:06d}" for n in range(1, 1_000_000, 7919) if f"{n:06d}" not in valid_now)

    response = client.post("/2fa/", {"kode": wrong, "next": DASBOR})
    assert response.status_code == 200
    assert KODE_SALAH in response.content.decode()
    assert client.get(DASBOR).url == f"/2fa/?next={DASBOR}"


def test_a_member_without_staff_role_is_not_forced_to_two_factor(settings: Any, citra: Any) -> None:
    settings.GOTONG_REQUIRE_2FA = True
    client = Client()
    assert _sign_in(client, "citra", PASSWORD).status_code == 302
    response = client.get("/k/maju-bersama/saya/")
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=citra).exists()


def test_sign_out_by_post(ani: Any) -> None:
    client = login(ani)
    assert client.get(DASBOR).status_code == 200
    assert client.get("/keluar/").status_code == 405  # a link or prefetch cannot sign anyone out
    assert _signed_in(client)

    response = client.post("/keluar/")
    assert response.status_code == 302 and response.url == "/masuk/"
    assert not _signed_in(client)
    assert client.get(DASBOR).url.startswith("/masuk/")


@pytest.mark.django_db(databases=[])
def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GOTONG_", "DJANGO_", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        GOTONG_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="gotong.example.id",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        GOTONG_VAR_DIR=str(tmp_path / "var"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
