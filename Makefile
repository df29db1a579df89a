# Gotong — two commands: `make run` (demo at http://127.0.0.1:8000) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export GOTONG_DEBUG ?= 1

.PHONY: run test worker bench lint fmt migrate demo clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	@echo "Gotong berjalan di http://127.0.0.1:$(PORT)  (Ctrl+C untuk berhenti)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: $(VENV)/.installed
	@test -n "$$REDIS_URL" || (echo "REDIS_URL belum diisi, misalnya REDIS_URL=redis://127.0.0.1:6379/0 make worker"; exit 2)
	$(VENV)/bin/celery -A gotong.config worker -B -l info

test: $(VENV)/.installed-test
	bash scripts/test.sh

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy src

fmt: $(VENV)/.installed-test
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

bench: $(VENV)/.installed-test
	$(PY) bench/members.py
	$(PY) bench/posting.py
	$(PY) bench/month_end.py
	$(PY) bench/dashboard.py
	$(PY) bench/loans_month_end.py
	$(PY) bench/reports.py

clean:
	rm -rf var/gotong.sqlite3* var/test-gotong* var/static artifacts
