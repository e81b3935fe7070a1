"""Shared fixtures: the real demo server, and running the real `corpus` command in a subprocess.

Crawls run in a subprocess because Twisted's reactor can run only once per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent  # tests/: data/, gold/ and the shared helpers
REPO_ROOT = TESTS.parent

# Local servers need no politeness: no delays, no AutoThrottle, many requests at once (robots.txt still obeyed).
FAST_CRAWL_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "false",
    "CONCURRENT_REQUESTS": "64",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "DOWNLOAD_TIMEOUT": "20",
}


@pytest.fixture
def demo_server():
    """A fresh DemoServer for this test (free to add articles and inject faults)."""
    from corpus.demo import DemoServer

    with DemoServer() as server:
        yield server


@pytest.fixture(scope="module")
def module_demo_server():
    """One DemoServer for a whole test module (for expensive crawls read by several tests)."""
    from corpus.demo import DemoServer

    with DemoServer() as server:
        yield server


def subprocess_env() -> dict:
    """The environment for child processes: this checkout importable from any working directory."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def run_corpus(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m corpus ARGS...` in a subprocess (text output captured, never raises on exit code)."""
    return subprocess.run(
        [sys.executable, "-m", "corpus", *map(str, args)],
        cwd=cwd or REPO_ROOT,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def fast_crawl_args() -> list[str]:
    """`--set NAME=VALUE` arguments that make a crawl of a local server quick."""
    return [arg for name, value in FAST_CRAWL_SETTINGS.items() for arg in ("--set", f"{name}={value}")]


@pytest.fixture
def corpus_cli():
    """Run the `corpus` command in a subprocess: corpus_cli("crawl", "demo_sada", ..., cwd=tmp_path)."""
    return run_corpus
