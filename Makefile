# Two entry points: `make demo` and `make test`. Each creates .venv when missing and
# installs the project with its test extras; nothing else needs to be set up by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test bench system-deps clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# GNU gettext (msgfmt, msgmerge, msgcat) judges our PO files in the tests.
system-deps:
	@bash .ci/system-deps

demo: $(STAMP)
	@bash demo/run.sh

test: $(STAMP) system-deps
	$(BIN)/ruff check --select F,E9 l10n tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: $(STAMP) system-deps
	$(BIN)/python bench/ingest_vs_msgmerge.py

clean:
	rm -rf $(VENV) out .l10n .pytest_cache .hypothesis
