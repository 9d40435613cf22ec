# listguard — two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench setup clean sysdeps

setup: $(STAMP)

# PyICU (ICU transliteration) builds from source: it needs ICU's headers, pkg-config and a
# C++ compiler. As root with apt-get (CI, a fresh container) they are installed; otherwise
# this says what to install and stops. The tests also start a PostgreSQL server of their own
# (tests/pg_server.py): its binaries are installed the same way, or named if missing; so are
# Chromium and chromedriver, which the web app's browser tests (tests/web) drive, and Java,
# which the Spark engine's tests (tests/spark, on local[2]) need.
sysdeps:
	@if pkg-config --exists icu-uc 2>/dev/null && command -v c++ >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing pkg-config, libicu-dev and g++ (needed to build PyICU)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    pkg-config libicu-dev g++ >/dev/null; \
	else \
	  echo "listguard needs ICU headers, pkg-config and a C++ compiler to build PyICU:"; \
	  echo "  Debian/Ubuntu: sudo apt-get install pkg-config libicu-dev g++"; \
	  echo "  macOS: brew install icu4c pkg-config (and put icu4c's pkgconfig on PKG_CONFIG_PATH)"; \
	  exit 1; \
	fi
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; \
	then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing postgresql (the tests start a PostgreSQL server of their own)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    postgresql >/dev/null; \
	else \
	  echo "note: the tests run every registry test on PostgreSQL too and need its server"; \
	  echo "  (initdb, pg_ctl); without it those fail. Debian/Ubuntu: sudo apt-get install"; \
	  echo "  postgresql; macOS: brew install postgresql"; \
	fi
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium and chromium-driver (the web app's tests drive a real browser)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver fonts-wqy-microhei >/dev/null; \
	else \
	  echo "note: the web app's tests (tests/web) drive Chromium through chromedriver and fail"; \
	  echo "  without them. Debian/Ubuntu: sudo apt-get install chromium chromium-driver"; \
	fi
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing default-jre-headless (Java, for the Spark engine and tests/spark)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    default-jre-headless >/dev/null; \
	else \
	  echo "note: the Spark engine (listguard[spark]) and its tests (tests/spark) need Java"; \
	  echo "  17 or newer and fail without it. Debian/Ubuntu: sudo apt-get install"; \
	  echo "  default-jre-headless; macOS: brew install openjdk@17"; \
	fi

# Create .venv if absent and install the project with its test tools. Re-runs when
# pyproject.toml changes.
$(STAMP): pyproject.toml | sysdeps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	@LISTGUARD_DB=$${LISTGUARD_DB:-$(CURDIR)/.listguard/demo.sqlite} $(BIN)/python examples/demo.py

test: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	$(BIN)/python -m pytest -n 2
	$(BIN)/ruff check src tests benchmarks examples tools
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples tools
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,spark,bench]'
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .listguard .pytest_cache .mypy_cache .ruff_cache
