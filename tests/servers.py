"""Real servers for tests: a free port on 127.0.0.1, and a process served until the block ends."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(command: list[str], port: int, path: str = "/-/versions.json", timeout: float = 60, **popen):
    """Start a server process, wait until http://127.0.0.1:PORT/PATH answers, yield its base URL; always
    stop it (terminate, then kill)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **popen)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                pytest.fail(f"{command[0]} exited with {process.returncode}: {process.stdout.read()}")
            try:
                urllib.request.urlopen(url + path, timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{command[0]} did not answer on port {port} within {timeout:.0f} s")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
