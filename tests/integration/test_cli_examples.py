"""Every `corpus ...` example in README.md and in every command's --help runs as written, in a shell, against
the demo database, and exits 0 without a traceback. An example that cannot run offline is listed in SKIPPED
with the reason; a SKIPPED rule that no longer matches any example fails, so the list cannot go stale."""

from __future__ import annotations

import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT, subprocess_env

from corpus.cli import cli

README = REPO_ROOT / "README.md"
SEEDS = REPO_ROOT / "tests" / "data" / "seeds" / "raw"
DEMO_PORT = 8101  # the README's `corpus demo --serve --port 8101`, which the crawl example points at

# (pattern, why it is not run here)
SKIPPED = [
    (r"^corpus crawl (?!demo_)", "crawls real outlets over the internet (tests are offline)"),
    (r"--redis ", "needs a Redis server (tests/integration/test_distributed.py runs these with its own)"),
    (r"^corpus schedule .*--install", "edits the user's crontab (tests/integration/test_schedule.py uses a fake one)"),
    (r"^corpus schedule my_outlet", "needs the user's own registry mine.toml"),
    (r"^corpus demo --serve", "serves until Ctrl-C (tests/integration/test_cli_demo.py runs it)"),
    (r"^corpus serve(?! --metadata-path)", "serves until Ctrl-C (tests/integration/test_datasette.py runs it)"),
]


def readme_examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip().startswith("corpus ")]


def help_examples() -> list[str]:
    examples = []
    for name in [None, *sorted(cli.commands)]:
        output = CliRunner().invoke(cli, [name, "--help"] if name else ["--help"]).output
        after = output.split("Example:", 1)[1] if "Example:" in output else ""
        examples += [line.strip() for line in after.splitlines() if line.strip().startswith("corpus ")]
    return examples


def same_command(example: str) -> tuple[str, ...]:
    """The words of an example without its comment and without `--db corpus.db` (the default), so the
    README and --help copies of one command run once."""
    words = shlex.split(example, comments=True)
    for i in range(len(words) - 1):
        if words[i : i + 2] == ["--db", "corpus.db"]:
            return tuple(words[:i] + words[i + 2 :])
    return tuple(words)


def all_examples() -> list[str]:
    unique: dict[tuple[str, ...], str] = {}
    for example in readme_examples() + help_examples():
        unique.setdefault(same_command(example), example)
    return list(unique.values())


def skip_reason(example: str) -> str | None:
    return next((reason for pattern, reason in SKIPPED if re.search(pattern, example)), None)


def run_in_shell(example: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """The example as a user types it (globs, quotes), `corpus` being this checkout's command."""
    script = f'corpus() {{ "{sys.executable}" -m corpus "$@"; }}\n{example}\n'
    return subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=subprocess_env(), capture_output=True, text=True, timeout=timeout
    )


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def prepare_folder(work: Path) -> None:
    """What the examples expect around them: the demo database (made by the first example, `corpus demo`),
    a page and text files for `corpus clean`, and seed folders for `corpus import-text`."""
    result = run_in_shell("corpus demo", work)
    assert result.returncode == 0, result.stderr[-3000:]
    (work / "raw").mkdir()
    for source in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(source, work / "raw" / source.name)
    conn = sqlite3.connect(work / "corpus.db")  # an article page as the demo crawl fetched it
    html = conn.execute(
        "SELECT html FROM pages WHERE html IS NOT NULL AND kind IS NULL OR kind = 'article' ORDER BY url LIMIT 1"
    ).fetchone()[0]
    conn.close()
    (work / "page.html").write_bytes(zlib.decompress(html))
    shutil.copytree(SEEDS, work / "seeds" / "raw")
    shutil.copytree(SEEDS, work.parent / "seeds" / "raw")
    # web archives and registries the `corpus import-warc` examples name (CC-NEWS-like: hosts no outlet owns)
    archive = write_archive(work / "crawl.warc.gz", zlib.decompress(html))
    for name in (
        "CC-NEWS-20240101000000-00000.warc.gz",
        "CC-NEWS-20240101120000-00000.warc.gz",
        "cc.warc.gz",
        "more/part.warc.gz",
        "archives/part.warc.gz",
    ):
        (work / name).parent.mkdir(exist_ok=True)
        shutil.copy(archive, work / name)
    for name in ("my_outlets.toml", "outlets.toml"):
        shutil.copy(REPO_ROOT / "corpus" / "outlets.toml", work / name)


def write_archive(path: Path, html: bytes) -> Path:
    """A one-response WARC.gz of an article page on a host no registry outlet owns."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://news.example.org/2024/01/01/a.html", "response", payload=BytesIO(html), http_headers=http
            )
        )
    return path


def test_every_skip_rule_still_matches_an_example():
    examples = all_examples()
    for pattern, reason in SKIPPED:
        assert any(re.search(pattern, e) for e in examples), f"no example matches {pattern!r} ({reason}): drop it"


@pytest.mark.timeout(1800)  # some 30 commands, each a fresh process, two of them demo crawls
def test_every_example_runs_as_written(tmp_path):
    from corpus.demo import DemoServer

    work = tmp_path / "work"
    work.mkdir()
    prepare_folder(work)
    failures, ran = [], 0
    for example in all_examples():
        if same_command(example) == ("corpus", "demo") or skip_reason(example):
            continue
        if f"127.0.0.1:{DEMO_PORT}" in example:
            if not port_free(DEMO_PORT):
                continue  # someone else serves there; the crawl itself is covered by tests/integration/test_crawl.py
            with DemoServer(sites=["sada"], base_port=DEMO_PORT):
                result = run_in_shell(example, work)
        else:
            result = run_in_shell(example, work)
        ran += 1
        if result.returncode != 0 or "Traceback" in result.stderr:
            failures.append(f"{example}\n  exit {result.returncode}: {(result.stderr or result.stdout)[-600:]}")
    assert not failures, "\n".join(failures)
    assert ran >= 20
