# Two commands on a fresh machine: `make demo` and `make test`.
# Everything installs into .venv/ from requirements.lock (exact pins).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP_VERSION := 26.3

.PHONY: setup demo test eval bench lock clean

setup: $(STAMP)

# The stock pip 23.2 cannot resolve lxml[html-clean] (needed by trafilatura),
# so pip is upgraded inside the venv before anything else is installed.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || \
	  $(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: setup
	$(BIN)/corpus demo

test: setup
	$(BIN)/python -m pytest -q -n 2 tests

eval: setup
	$(BIN)/python -m corpus.evaluate

bench: setup
	$(BIN)/python -m corpus.bench

# Re-pin after changing dependencies in pyproject.toml (records versions only, no index URLs).
lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i -E '^(pip|setuptools|wheel)==' > requirements.lock

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
