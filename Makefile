# Two commands do all the set-up: `make run` and `make test`. Both create .venv when it is
# missing and reinstall only when pyproject.toml has changed, so a second run starts in seconds.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000
WORKERS ?= 2
PYTEST_ARGS ?=
# The suite runs in one process per core (pytest-xdist), each test module whole on one of
# them (the access matrix shares one world across its tests), the modules marked long first;
# TEST_WORKERS=0 runs it here.
TEST_WORKERS ?= auto
# Links in emails and feeds are built on the public address: by default, where make run serves.
CONSULT_PUBLIC_URL ?= http://$(HOST):$(PORT)

.PHONY: run test clean-venv translations translations-check browser-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

# The search indexer (`search watch`) runs beside the web server so that published input is
# searchable within seconds even when nothing else is written; Ctrl-C stops both.
# Emails are printed to this output (CONSULT_MAIL_BACKEND=log); `mail outbox` lists them.
# The secret key is made on first run in instance/secret_key unless CONSULT_SECRET_KEY is set.
# consult/devserver.py: the access log, and a loud warning on stderr when the development
# configuration is served beyond this machine (HOST other than loopback).
ifeq ($(DEBUG),1)
SERVER = $(BIN)/python consult/devserver.py $(HOST); $(FLASK) run --debug --host $(HOST) --port $(PORT)
else
SERVER = $(BIN)/gunicorn -c consult/devserver.py --workers $(WORKERS) --bind $(HOST):$(PORT) wsgi:app
endif

run: export CONSULT_PUBLIC_URL := $(CONSULT_PUBLIC_URL)
run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@$(FLASK) search watch & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null; wait $$watcher 2>/dev/null' EXIT INT TERM; \
	$(SERVER)

test: $(VENV)/.installed-dev browser-tools
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# axe-core and the Nu HTML Checker for the browser tests (package.json, pinned in
# package-lock.json). Without npm the step is skipped and so are the checks that need them,
# unless CONSULT_REQUIRE_BROWSER=1 (.ci/run), which makes their absence a failure.
browser-tools:
	@if [ -d node_modules/axe-core ] && [ -d node_modules/vnu-jar ]; then :; \
	elif command -v npm >/dev/null; then npm ci --no-audit --no-fund --ignore-scripts --silent; \
	else echo "npm not found: the accessibility checks of the browser tests will be skipped"; fi

clean-venv:
	rm -rf $(VENV)

# Languages: extract every marked string into the template catalogue, merge it into each
# locale's catalogue (new strings arrive empty, to be translated), compile the .mo files the
# site reads. Commit the .pot, .po and .mo files. `make translations-check` lists what is
# missing. A new locale: `make translations NEW_LOCALE=ar` starts its catalogue.
PYBABEL  := $(BIN)/pybabel
I18N_DIR := consult/translations
NEW_LOCALE ?=

translations: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg -o $(I18N_DIR)/messages.pot --no-wrap --sort-by-file \
		--add-location=file --ignore-dirs=".* node_modules" --project=Consult --copyright-holder="Consult contributors" \
		-k _l -k lazy_gettext -k lazy_ngettext:1,2 -k _ -k gettext -k ngettext:1,2 .
ifneq ($(NEW_LOCALE),)
	$(PYBABEL) init -i $(I18N_DIR)/messages.pot -d $(I18N_DIR) -l $(NEW_LOCALE) --no-wrap
endif
	$(PYBABEL) update -i $(I18N_DIR)/messages.pot -d $(I18N_DIR) --no-wrap \
		--no-fuzzy-matching --ignore-obsolete
	$(PYBABEL) compile -d $(I18N_DIR) --statistics

translations-check: $(VENV)/.installed-dev
	$(BIN)/pytest -q tests/test_translations.py
