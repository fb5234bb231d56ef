# The commands the README names. `make run` and `make test` each install what they need
# into a project-local virtual environment (.venv) from the pinned lock file first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Where `make run` is reached: links in feeds, mails, calendars and the API name it.
RUN_ADDRESS = $(or $(PUBLIC_BASE_URL),http://$(HOST):$(PORT))
PG_URL ?= postgres://postgres@127.0.0.1:5432/nrm_portal

.PHONY: install bench-tools run demo demo-fixture test test-sqlite test-postgres test-browser lint format check messages compilemessages lock clean

$(STAMP): requirements/lock.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements/lock.txt
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(PY) manage.py migrate --noinput
	PUBLIC_BASE_URL=$(RUN_ADDRESS) $(PY) manage.py load_demo_content

# After a change to the demo builder, a migration or Wagtail: rebuild the fixture that
# load_demo_content loads into a new database (portal/demo/fixture/), and commit it.
demo-fixture: install
	$(PY) manage.py demo_fixture

# The task worker (search index, purges, mail) runs beside the server and stops with it.
# Visitors get the site's own error pages (DEBUG off, static files served by runserver);
# `DEBUG=1 make run` shows Django's debug pages instead.
run: demo
	@echo
	@echo "  NRM Portal: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/,"
	@echo "  user $${DEMO_ADMIN_USER:-admin}, password $${DEMO_ADMIN_PASSWORD:-nrm-demo-admin})"
	@echo
	export DEBUG=$${DEBUG:-0} PUBLIC_BASE_URL=$(RUN_ADDRESS); trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
		$(PY) manage.py db_worker --no-reload & $(PY) manage.py runserver --insecure $(HOST):$(PORT)

# The whole suite: lint, Django's checks, the tests on SQLite and on PostgreSQL, and the
# browser tests (every test marked `browser`, once, on SQLite; they need Chromium, by default
# Debian's /usr/bin/chromium; each worker runs its own portal server and Chromium). They run
# side by side: the browser tests spend much of their time waiting for Chromium and their
# servers, and the other suites fill those waits. Each part's output is printed whole when
# it ends; `make test-sqlite` (or another part) runs one part alone.
test: install
	@echo "Running lint, checks and the SQLite, PostgreSQL and browser suites side by side…"
	@$(MAKE) --no-print-directory -j --output-sync=target lint check test-sqlite test-postgres test-browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run

# Two worker processes (pytest-xdist): one per core of the reference machine.
WORKERS ?= 2

test-sqlite: install
	DATABASE_URL=sqlite:///:memory: $(VENV)/bin/pytest -m "not browser" -n $(WORKERS) $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -m "not browser" -n $(WORKERS) $(PYTEST_ARGS)

test-browser: install
	DATABASE_URL=sqlite:///:memory: $(VENV)/bin/pytest -m browser -n $(WORKERS) tests $(PYTEST_ARGS)

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Interface strings: refresh the catalogues from the code, then compile them.
messages: install
	$(PY) manage.py makemessages -l bg -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks

compilemessages: install
	touch locale/*/LC_MESSAGES/django.po  # compilemessages skips catalogues whose .mo looks newer
	$(PY) manage.py compilemessages --ignore=.venv

# Re-pin every dependency after editing pyproject.toml.
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra dev --python-version 3.11 \
		--generate-hashes --no-header -o requirements/lock.txt

# The servers and the load generator benchmarks/load.py drives (Debian's packages; run as
# root). Only the binaries are used: the script starts them with its own configuration.
bench-tools:
	apt-get install -y varnish nginx wrk

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache .ruff_cache
