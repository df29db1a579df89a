"""A pytest plugin loaded before Django starts: tests run on the demo defaults.

Settings refuse to start without SECRET_KEY unless GOTONG_DEBUG=1 (fail loudly in
production); the suite needs neither secrets nor HTTPS redirects.
"""

import os

os.environ.setdefault("GOTONG_DEBUG", "1")
