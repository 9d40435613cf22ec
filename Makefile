# listguard — two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench setup clean

setup: $(STAMP)

# Create .venv if absent and install the project with its test tools. Re-runs when
# pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	@LISTGUARD_DB=$${LISTGUARD_DB:-$(CURDIR)/.listguard/demo.sqlite} $(BIN)/python examples/demo.py

test: $(STAMP)
	$(BIN)/python -m pytest -n 2
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .listguard .pytest_cache .mypy_cache .ruff_cache
