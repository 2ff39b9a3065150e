# Vänort: two commands from a fresh clone — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
MANAGE := $(PY) manage.py

.PHONY: run test test-browser test-redis test-postgres test-extension lint fmt install migrate demo messages clean

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --requirement requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

migrate: install
	DJANGO_SETTINGS_MODULE=website.settings.dev $(MANAGE) migrate --no-input

demo: migrate
	DJANGO_SETTINGS_MODULE=website.settings.dev $(MANAGE) load_demo

run: demo
	@DJANGO_SETTINGS_MODULE=website.settings.dev $(MANAGE) create_local_admin
	@echo "Serving the site on http://127.0.0.1:8000 (Ctrl-C stops it)"
	DJANGO_SETTINGS_MODULE=website.settings.dev $(MANAGE) runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest --ignore=tests/browser --ignore=tests/redis --numprocesses 2

test-browser: install
	$(PY) -m pytest tests/browser

# Needs redis-server on the PATH (apt-get install -y redis-server); CI installs it.
test-redis: install
	$(PY) -m pytest tests/redis

# The apps' wheel in a fresh `wagtail start` site, following the README's "Install into
# an existing Wagtail site" (needs python3.11; installs from the package index).
test-extension:
	bash .ci/test-extension

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext; the compiled catalogues are committed, so running does not.
# One catalogue per app (shipped in the wheel) and one for the host.
messages: install
	for app in partnerships inventory; do \
	  (cd $$app && PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=website.settings.dev \
	    $(CURDIR)/$(VENV)/bin/django-admin makemessages --locale sv --no-obsolete) ; \
	done
	$(MANAGE) makemessages --locale sv --ignore '.venv/*' --ignore 'tests/*' --ignore 'benchmarks/*' --ignore 'build/*' --ignore 'partnerships/*' --ignore 'inventory/*' --no-obsolete
	$(MANAGE) compilemessages --locale sv --ignore '.venv/*'

clean:
	rm -rf $(VENV) var media static .pytest_cache .ruff_cache
