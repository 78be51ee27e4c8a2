# Fupin — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.fupin-installed

.PHONY: demo test lint check venv system-deps messages clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

# Debian's chromium (browser tests) and gettext (message extraction check), when missing and root.
system-deps:
	@$(SHELL) scripts/system-deps.sh

demo: venv
	$(VENV)/bin/fupin demo

test: venv system-deps
	$(PY) scripts/run_tests.py

lint: venv
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/mypy

check: lint test

messages: venv
	$(PY) scripts/messages.py

clean:
	rm -rf $(VENV) var build dist .pytest_cache
