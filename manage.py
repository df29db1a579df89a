#!/usr/bin/env python
"""Django's command-line entry point for Gotong."""

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gotong.config.settings")
    _demo_default()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


def _demo_default() -> None:
    """A checkout with nothing configured runs commands as the demo (like ``make run``).

    Only when none of GOTONG_DEBUG, SECRET_KEY and SECRET_KEY_FILE is set: a production
    environment always sets SECRET_KEY, and the web process (wsgi) never takes this path,
    so it still refuses to start without a secret.
    """
    if not any(os.environ.get(name) for name in ("GOTONG_DEBUG", "SECRET_KEY", "SECRET_KEY_FILE")):
        os.environ["GOTONG_DEBUG"] = "1"
        print("manage.py: tanpa SECRET_KEY/GOTONG_DEBUG — berjalan sebagai demo (GOTONG_DEBUG=1).", file=sys.stderr)


if __name__ == "__main__":
    main()
