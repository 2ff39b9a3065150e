# Vänort: two commands from a fresh clone — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
MANAGE := $(PY) manage.py

.PHONY: run test test-browser test-redis test-postgres test-extension lint fmt install migrate demo messages clean vnu

# The Nu HTML Checker (vnu-jar from the npm registry, run with the machine's Java),
# pinned by version and by the checksum of its package.
VNU_VERSION := 26.9.27
VNU_SHA256 := 5970d3ffca91a627cf0965e5d91bb2e4242307c29292998de0b419d6a901b2b7
VNU_DIR := var/vnu-$(VNU_VERSION)
VNU_JAR := $(VNU_DIR)/vnu.jar

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
	# The demo site's address from WAGTAILADMIN_BASE_URL, so absolute links work.
	DJANGO_SETTINGS_MODULE=website.settings.dev $(MANAGE) vanort_setup --site-address

run: demo
	@DJANGO_SETTINGS_MODULE=website.settings.dev $(MANAGE) create_local_admin
	@echo "Serving the site on http://127.0.0.1:8000 (Ctrl-C stops it)"
	DJANGO_SETTINGS_MODULE=website.settings.dev $(MANAGE) runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest --ignore=tests/browser --ignore=tests/redis --numprocesses 2

test-browser: install $(VNU_JAR)
	VNU_JAR=$(CURDIR)/$(VNU_JAR) $(PY) -m pytest tests/browser

# Needs npm (for the download) and Java 11 or later (apt-get install -y npm default-jre-headless).
$(VNU_JAR):
	@mkdir -p $(VNU_DIR)
	cd $(VNU_DIR) && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null
	echo "$(VNU_SHA256)  $(VNU_DIR)/vnu-jar-$(VNU_VERSION).tgz" | sha256sum --check --quiet
	tar -xzf $(VNU_DIR)/vnu-jar-$(VNU_VERSION).tgz -C $(VNU_DIR) --strip-components=3 package/build/dist/vnu.jar
	rm $(VNU_DIR)/vnu-jar-$(VNU_VERSION).tgz

vnu: $(VNU_JAR)

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
