"""Live progress only on a terminal: a status line redrawn on stderr when it is a TTY, plain lines under cron
(a pipe); and an unreachable outlet or a busy port is one line, no traceback."""

from __future__ import annotations

import os
import pty
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

from click.testing import CliRunner
from conftest import TESTS, run_corpus, subprocess_env

from corpus.cli import cli

SEEDS = TESTS / "data" / "seeds" / "raw"
SLOWISH = ["--set", "DOWNLOAD_DELAY=0.1", "--set", "AUTOTHROTTLE_ENABLED=false", "--set", "RETRY_TIMES=0"]


def run_with_terminal_stderr(args, cwd: Path, timeout: float = 300) -> tuple[int, str, str]:
    """`python -m corpus ARGS` with stderr on a pseudo-terminal: (exit code, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "corpus", *map(str, args)],
        cwd=cwd,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=slave,
        text=True,
    )
    os.close(slave)
    chunks: list[bytes] = []

    def read_terminal():
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    out, _ = proc.communicate(timeout=timeout)
    reader.join(timeout=10)
    os.close(master)
    return proc.returncode, out, b"".join(chunks).decode("utf-8", "replace")


def test_crawl_draws_a_status_line_on_a_terminal_only(tmp_path, demo_server):
    base = f"sada={demo_server.base_urls['sada']}"
    code, out, terminal = run_with_terminal_stderr(
        ["crawl", "demo_sada", "--base-url", base, "--db", tmp_path / "tty.db", *SLOWISH], tmp_path
    )
    assert code == 0, terminal[-2000:]
    assert "\rcrawling: demo_sada " in terminal.replace("\x1b[K", "")
    assert " stored" in terminal and "pages" in terminal
    assert re.match(r"demo_sada: \d+ article URLs found, 12 stored", out)  # the summary itself is plain lines on stdout

    piped = run_corpus("crawl", "demo_sada", "--base-url", base, "--db", tmp_path / "pipe.db", *SLOWISH, cwd=tmp_path)
    assert piped.returncode == 0, piped.stderr[-2000:]
    assert "\r" not in piped.stderr and "crawling:" not in piped.stderr


def test_import_and_export_progress_is_plain_lines_in_a_pipe(tmp_path):
    result = run_corpus("import-text", SEEDS, "--outlet", "seeds", "--db", tmp_path / "c.db", cwd=tmp_path)
    assert result.returncode == 0 and "\r" not in result.stderr
    assert "importing" in result.stderr  # the label, once, as a line
    result = run_corpus("export", "--out", tmp_path / "out", "--db", tmp_path / "c.db", cwd=tmp_path)
    assert result.returncode == 0 and "\r" not in result.stderr


def test_export_progress_bar_on_a_terminal(tmp_path):
    assert (
        CliRunner().invoke(cli, ["import-text", str(SEEDS), "--outlet", "s", "--db", str(tmp_path / "c.db")]).exit_code
        == 0
    )
    code, _, terminal = run_with_terminal_stderr(
        ["export", "--out", tmp_path / "out", "--db", tmp_path / "c.db"], tmp_path
    )
    assert code == 0 and "exporting" in terminal and "100%" in terminal


def test_unreachable_outlet_is_one_summary_line_and_one_error(tmp_path):
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = run_corpus(
        "crawl",
        "demo_sada",
        "--base-url",
        f"sada=http://127.0.0.1:{port}",
        "--db",
        tmp_path / "c.db",
        "--set",
        "RETRY_TIMES=0",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stdout.strip().splitlines() == [
        f"demo_sada: unreachable: none of {result.stdout.split('none of ')[1].split(' ')[0]} requests got an answer "
        "(download:DownloadConnectionRefusedError 7)  [NOT OK]"
    ]
    errors = [line for line in result.stderr.strip().splitlines() if "created a new corpus database" not in line]
    assert errors == ["Error: some outlets could not be crawled (see above)"]


def test_busy_port_is_one_line_for_serve_and_demo_serve(tmp_path):
    db = tmp_path / "c.db"
    assert CliRunner().invoke(cli, ["import-text", str(SEEDS), "--outlet", "s", "--db", str(db)]).exit_code == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        serve = run_corpus("serve", "--db", db, "--port", port, cwd=tmp_path, timeout=60)
        demo = run_corpus("demo", "--serve", "--port", port, cwd=tmp_path, timeout=60)
    assert serve.returncode == 1
    assert serve.stderr.strip().splitlines() == [
        f"Error: 127.0.0.1:{port}: port already in use (choose another with --port, or 0 for any free one)"
    ]
    assert demo.returncode == 1
    lines = demo.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: 127.0.0.1:{port}: cannot serve the demo sites"), lines
    assert "Address already in use" in lines[0]
