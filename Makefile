# Fupin — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.fupin-installed
DEV    := $(VENV)/.fupin-dev-installed

.PHONY: demo test lint check venv dev-venv system-deps messages clean

# Debian's Python lacks `venv` until python3-venv is installed: system-deps.sh adds it (as root),
# and a half-made .venv is removed so the next run starts clean.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		PYTHON=$(PYTHON) $(SHELL) scripts/system-deps.sh venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $(STAMP)

# The demo needs only Fupin itself; tests and lint add the dev extras (pytest, Playwright, PySpark …).
$(DEV): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(DEV)

venv: $(STAMP)
dev-venv: $(DEV)

# Debian's chromium (browser tests) and gettext (message extraction check), when missing and root.
system-deps:
	@$(SHELL) scripts/system-deps.sh

demo: venv
	$(VENV)/bin/fupin demo

test: dev-venv system-deps
	$(PY) scripts/run_tests.py

lint: dev-venv
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/mypy

check: lint test

messages: dev-venv
	$(PY) scripts/messages.py

clean:
	rm -rf $(VENV) var build dist .pytest_cache
