#!/usr/bin/env bash
# The whole suite: lint, types, tests on SQLite, on PostgreSQL, and in Chromium.
# Where PostgreSQL, Redis or Chromium cannot be had, say so and skip just that part;
# with CI=true a skip is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export GOTONG_DEBUG=1
PG_URL="${TEST_DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/gotong}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
failed=()
skipped=()

step() { printf '\n=== %s ===\n' "$1"; }
run() { local name=$1; shift; step "$name"; "$@" || failed+=("$name"); }

run "ruff" "$BIN/ruff" check .
run "ruff format" "$BIN/ruff" format --check .
run "mypy" "$BIN/mypy" src bench

have_pg() { "$BIN/python" - "$PG_URL" <<'PY'
import sys, psycopg
from urllib.parse import urlsplit, urlunsplit
u = urlsplit(sys.argv[1])
try:
    psycopg.connect(urlunsplit(u._replace(path="/postgres")), connect_timeout=5).close()
except Exception as exc:
    print(f"PostgreSQL tidak terjangkau: {exc}")
    sys.exit(1)
PY
}
have_redis() { "$BIN/python" -c "import redis; redis.Redis.from_url('redis://127.0.0.1:6379/0', socket_connect_timeout=3).ping()" 2>/dev/null; }

MARK_SQLITE="not browser and not postgres"
if ! have_redis; then
  echo "Redis tidak terjangkau di 127.0.0.1:6379: tes worker Celery dilewati."
  skipped+=("redis")
  MARK_SQLITE="$MARK_SQLITE and not redis"
fi
# With -n 2, conftest.py sends the tests on the seeded demo ([demo] in their ids) to one worker,
# which seeds it once.
run "pytest (SQLite)" "$BIN/pytest" -m "$MARK_SQLITE" -n 2 -q

if have_pg; then
  MARK_PG="not browser"
  [ " ${skipped[*]} " == *" redis "* ] && MARK_PG="$MARK_PG and not redis"
  run "pytest (PostgreSQL)" env DATABASE_URL="$PG_URL" "$BIN/pytest" -m "$MARK_PG" -n 2 -q
else
  echo "PostgreSQL tidak tersedia ($PG_URL): tes PostgreSQL dilewati."
  skipped+=("postgresql")
fi

if [ -x "$CHROMIUM" ]; then
  run "pytest (Chromium)" "$BIN/pytest" -m browser -q -p no:xdist
else
  echo "Chromium tidak ada di $CHROMIUM: tes browser dilewati (apt-get install chromium)."
  skipped+=("chromium")
fi

echo
if [ ${#skipped[@]} -gt 0 ]; then
  echo "Dilewati: ${skipped[*]}"
  if [ "${CI:-}" = "true" ]; then failed+=("skip di CI: ${skipped[*]}"); fi
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "GAGAL: ${failed[*]}"
  exit 1
fi
echo "Semua tes lulus."
