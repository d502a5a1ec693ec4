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

.PHONY: run test clean-venv

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
ifeq ($(DEBUG),1)
SERVER = $(FLASK) run --debug --host $(HOST) --port $(PORT)
else
SERVER = $(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - wsgi:app
endif

run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@$(FLASK) search watch & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null; wait $$watcher 2>/dev/null' EXIT INT TERM; \
	$(SERVER)

test: $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

clean-venv:
	rm -rf $(VENV)
