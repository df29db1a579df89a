"""manage.py in an unconfigured checkout runs as the demo; the web process never does."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def _env_without_config() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GOTONG_DEBUG", "SECRET_KEY", "SECRET_KEY_FILE")}
    env["DATABASE_URL"] = "sqlite:///:memory:"
    return env


def test_manage_py_without_any_configuration_runs_as_the_demo_and_says_so() -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=_env_without_config(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "berjalan sebagai demo" in done.stderr


def test_the_web_process_still_refuses_to_start_without_a_secret() -> None:
    code = "import gotong.config.wsgi"
    env = {**_env_without_config(), "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert "SECRET_KEY belum diisi" in done.stderr
