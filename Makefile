# Two commands on a fresh machine: `make demo` and `make test`.
# Everything installs into .venv/ from requirements.lock (runtime) and requirements-dev.lock
# (tests and lint tools), exact pins.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP_VERSION := 26.3

.PHONY: setup setup-redis setup-browser demo test test-unit lint eval bench lock clean

setup: $(STAMP)

# The stock pip 23.2 cannot resolve lxml[html-clean] (needed by trafilatura),
# so pip is upgraded inside the venv before anything else is installed.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || \
	  $(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: setup
	$(BIN)/corpus demo

test: setup setup-redis setup-browser
	$(BIN)/python -m pytest -q -n 2 tests

# tests/unit only: no server started, nothing crawled (tests/integration has those).
test-unit: setup
	$(BIN)/python -m pytest -q -n 2 tests/unit

# redis-server for the distributed-crawl tests (they start their own on a free port; the system
# service is never started). Debian's package, from the machine's apt sources; nothing if already there.
# policy-rc.d exit 101 keeps the package's postinst from starting the service (a temporary one if the
# machine has none).
setup-redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  POLICY=/usr/sbin/policy-rc.d; TEMP_POLICY=; \
	  if [ ! -e $$POLICY ]; then printf '#!/bin/sh\nexit 101\n' | $$SUDO tee $$POLICY >/dev/null && \
	    $$SUDO chmod +x $$POLICY && TEMP_POLICY=1; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get install -y --no-install-recommends redis-server || \
	    { $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends redis-server; }; \
	  status=$$?; [ -z "$$TEMP_POLICY" ] || $$SUDO rm -f $$POLICY; exit $$status; }
	@redis-server --version

# chromium for the reading-room tests (they drive it headless through Playwright, pointed at
# /usr/bin/chromium: Playwright's own browser download is never used). Debian's package, from the
# machine's apt sources; nothing if already there.
setup-browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core || \
	    { $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core; }; }
	@chromium --version

# Layers point one way (.importlinter), ruff's checks and formatting (pyproject [tool.ruff]), types
# (pyproject [tool.mypy]). `ruff format .` fixes what the format check finds.
lint: setup
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

eval: setup
	$(BIN)/python -m evaluation.extraction

bench: setup
	$(BIN)/python benchmarks/cleaning_speed.py
	$(BIN)/python benchmarks/warc_bench.py

# The corpus at scale against plain sqlite-utils insert + FTS, one table (README "Scale"):
# make bench-scale SIZES="10000 100000" [BENCH_SCALE_ARGS="--crawl-pages 500 --work /tmp/scale"]
.PHONY: bench-scale
SIZES ?= 10000
bench-scale: setup
	$(BIN)/python benchmarks/bench_scale.py $(SIZES) $(BENCH_SCALE_ARGS)

# Re-pin after changing dependencies in pyproject.toml (records versions only, no index URLs).
# Lines already pinned in requirements-dev.lock stay there (edit that file by hand for test/lint tools).
lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i -E '^(pip|setuptools|wheel)==' | \
	  grep -v -i -x -F -f requirements-dev.lock > requirements.lock

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
