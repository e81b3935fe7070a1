"""The two lock files: exact pins only, no package in both, the lint tools in the dev one."""

import re

from conftest import REPO_ROOT

ROOT = REPO_ROOT
PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[0-9][0-9A-Za-z.+!-]*$")


def pins(name: str) -> dict[str, str]:
    lines = [line.strip() for line in (ROOT / name).read_text().splitlines() if line.strip()]
    bad = [line for line in lines if not PIN.match(line)]
    assert not bad, f"{name}: not an exact pin: {bad}"
    return {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower(): line.split("==")[1] for line in lines}


def test_runtime_and_dev_locks_are_exact_and_disjoint():
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert not set(runtime) & set(dev), f"pinned in both lock files: {sorted(set(runtime) & set(dev))}"
    assert {"mypy", "ruff", "import-linter", "pytest"} <= set(dev)
    assert {"scrapy", "sqlite-utils", "trafilatura", "chardet"} <= set(runtime)


def test_make_setup_installs_both_locks_and_ci_lints_first():
    makefile = (ROOT / "Makefile").read_text()
    assert "-r requirements.lock -r requirements-dev.lock" in makefile
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert ci.index("make lint") < ci.index("make test")
