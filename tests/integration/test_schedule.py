"""`corpus schedule`: the cron line it prints, the line run the way cron runs it, and --install.

This machine has no cron daemon and no `crontab` binary, so:
- "run by cron" means: the command part of the printed line (after the five time fields, cron's
  `\\%` escapes undone) run by /bin/sh from an empty HOME with cron's minimal environment
  (PATH=/usr/bin:/bin, no venv, no PYTHONPATH) — what cron itself would execute;
- --install is tested against a stand-in `crontab` put first on PATH: a small file-backed script
  implementing the two calls we make (`crontab -l`, `crontab -`), with crontab(1)'s behaviour for
  "no crontab yet" (exit 1, "no crontab for USER" on stderr).
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FAST_CRAWL_SETTINGS, REPO_ROOT

from corpus.cli import cli
from corpus.ids import doc_id_for_url
from corpus.locking import exclusive_lock, lock_path_for
from corpus.schedule import corpus_command

VENV_CORPUS = Path(sys.executable).with_name("corpus")
CRON_ENV_PATH = "/usr/bin:/bin"


def schedule(*args: str):
    return CliRunner().invoke(cli, ["schedule", *args])


def split_line(line: str) -> tuple[list[str], list[str]]:
    """(the five time fields, the shell words of the command up to its comment)."""
    fields = line.split(None, 5)
    return fields[:5], shlex.split(fields[5], comments=True)


def run_like_cron(line: str, home: Path) -> subprocess.CompletedProcess:
    """What cron executes for LINE: its command, with \\% turned back into %, by /bin/sh, from HOME,
    with cron's environment (the tests' venv is not on PATH)."""
    command = line.split(None, 5)[5].replace("\\%", "%")
    env = {"PATH": CRON_ENV_PATH, "HOME": str(home), "SHELL": "/bin/sh", "LOGNAME": "cron"}
    return subprocess.run(["/bin/sh", "-c", command], cwd=home, env=env, capture_output=True, text=True, timeout=180)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder.resolve()


# ---------------------------------------------------------------------- the printed line


@pytest.mark.parametrize(
    "args, timing",
    [
        ([], ["17", "3", "*", "*", "*"]),  # the default: daily at 03:17
        (["--every", "daily", "--at", "23:59"], ["59", "23", "*", "*", "*"]),
        (["--every", "daily", "--at", "0:00"], ["0", "0", "*", "*", "*"]),
        (["--every", "hourly", "--at", "00:05"], ["5", "*", "*", "*", "*"]),
        (["--every", "hourly", "--at", "14:30"], ["30", "*", "*", "*", "*"]),  # hourly uses the minute only
    ],
)
def test_cron_line_timing(workdir, args, timing):
    result = schedule("rt_arabic", *args)
    assert result.exit_code == 0, result.output
    fields, _ = split_line(result.stdout.strip())
    assert fields == timing


def test_cron_line_runs_the_venv_corpus_with_absolute_paths_and_a_log(workdir):
    result = schedule("rt_arabic", "aljazeera", "--db", "news.db", "--every", "hourly", "--at", "00:05")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1  # one line, nothing else on stdout
    line = result.stdout.strip()
    _, words = split_line(line)
    assert words[:3] == ["cd", str(workdir), "&&"]
    command, redirect = words[3:-3], words[-3:]
    assert command == [
        str(VENV_CORPUS),
        "crawl",
        "--no-wait",
        "--db",
        str(workdir / "news.db"),
        "rt_arabic",
        "aljazeera",
    ]
    assert VENV_CORPUS.is_absolute() and os.access(VENV_CORPUS, os.X_OK)
    assert redirect == [">>", str(workdir / "news.crawl.log"), "2>&1"]  # appends stdout and stderr
    assert line.endswith(f"# arabic-news-corpus db={workdir / 'news.db'}")


def test_cron_line_passes_log_registry_and_settings_as_absolute_paths(workdir):
    registry = workdir / "mine.toml"
    registry.write_text((REPO_ROOT / "corpus" / "outlets.toml").read_text(encoding="utf-8"), encoding="utf-8")
    result = schedule(
        "bbc_arabic",
        "--registry",
        "mine.toml",
        "--log",
        "logs/crawl.log",
        "--set",
        "DOWNLOAD_DELAY=2",
        "--db",
        "/tmp/elsewhere/x.db",
    )
    assert result.exit_code == 0, result.output
    _, words = split_line(result.stdout.strip())
    assert words[3:-3] == [
        str(VENV_CORPUS),
        "crawl",
        "--no-wait",
        "--db",
        "/tmp/elsewhere/x.db",
        "--registry",
        str(registry),
        "--set",
        "DOWNLOAD_DELAY=2",
        "bbc_arabic",
    ]
    assert words[-2] == str(workdir / "logs" / "crawl.log")


def test_percent_signs_are_escaped_for_cron(workdir):
    result = schedule("rt_arabic", "--db", "100%.db")
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert "\\%" in line and "%" not in line.replace("\\%", "")  # cron would make a bare % a newline


def test_corpus_command_falls_back_to_python_m_corpus(tmp_path, monkeypatch):
    python = tmp_path / "bin" / "python3"  # no `corpus` script beside it
    monkeypatch.setattr(sys, "executable", str(python))
    assert corpus_command() == [str(python), "-m", "corpus"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["rt_arabic", "--at", "24:00"], "--at 24:00: not a time of day"),
        (["rt_arabic", "--at", "12:60"], "--at 12:60: not a time of day"),
        (["rt_arabic", "--at", "7"], "--at 7: not a time of day"),
        (["rt_arabic", "--at", "ab:cd"], "--at ab:cd: not a time of day"),
        (["rt_arabic", "no_such_outlet"], "unknown outlet 'no_such_outlet'"),
        (["demo_sada"], "demo_sada: demo outlets are served only while `corpus demo` runs"),
    ],
)
def test_bad_input_is_a_one_line_error(workdir, args, message):
    result = schedule(*args)
    assert result.exit_code == 1
    assert result.stdout == ""  # no line printed for a schedule that could never run
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ") and message in result.stderr


def test_malformed_set_is_a_usage_error(workdir):
    result = schedule("rt_arabic", "--set", "DOWNLOAD_DELAY")
    assert result.exit_code == 2 and "SETTING=VALUE" in result.stderr


# ---------------------------------------------------------------------- the line, run as cron runs it


@pytest.mark.slow
def test_scheduled_line_crawls_and_a_second_run_while_one_holds_the_lock_does_not(demo_server, workdir, tmp_path):
    """The printed line crawls a (local) outlet as cron would run it; while a crawl holds the database's
    lock, the same line writes the one-line "another run holds the lock" message to the log, exits 1
    (documented in `corpus schedule --help`) and does not crawl."""
    base = demo_server.base_urls["sada"]
    (workdir / "outlets.toml").write_text(
        textwrap.dedent(f"""
        [local_sada]
        display_name = "صدى اليوم"
        domains = ["127.0.0.1"]
        sitemaps = ["{base}/sitemap.xml"]
        feeds = ["{base}/rss.xml"]
        sections = ["{base}/", "{base}/news/world/", "{base}/news/arab/", "{base}/news/economy/", "{base}/news/tech/"]
        article_pattern = '^/news/([a-z-]+/\\d+-[^/]+/|\\d+)$'
        [local_sada.cleaning]
        title_suffixes = ["| صدى اليوم"]
    """),
        encoding="utf-8",
    )
    fast = [arg for name, value in FAST_CRAWL_SETTINGS.items() for arg in ("--set", f"{name}={value}")]
    result = schedule("local_sada", "--registry", "outlets.toml", "--db", "corpus.db", *fast)
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    home = tmp_path / "home"
    home.mkdir()
    db, log = workdir / "corpus.db", workdir / "corpus.crawl.log"

    first = run_like_cron(line, home)
    assert first.returncode == 0, log.read_text(encoding="utf-8")[-3000:]
    assert first.stdout == first.stderr == ""  # everything went to the log
    articles = demo_server.articles("sada")
    summary = log.read_text(encoding="utf-8")
    assert "local_sada: " in summary and f"stored ({len(articles)} new," in summary, summary
    with sqlite3.connect(db) as conn:
        stored = {row[0] for row in conn.execute("select id from documents where outlet = 'local_sada'")}
        crawls = conn.execute("select count(*) from crawls").fetchone()[0]
    assert stored == {doc_id_for_url(article.url) for article in articles}
    assert crawls == 1

    log_before = log.read_text(encoding="utf-8")
    requests_before = len(demo_server.requests)
    with exclusive_lock(lock_path_for(db)):  # a crawl of this database is running
        second = run_like_cron(line, home)
    assert second.returncode == 1
    added = log.read_text(encoding="utf-8")[len(log_before) :]
    assert added == f"Error: {db}.lock: another run holds the lock (pid {os.getpid()})\n"
    assert len(demo_server.requests) == requests_before  # not one request
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from crawls").fetchone()[0] == 1  # no second crawl recorded


# ---------------------------------------------------------------------- --install


FAKE_CRONTAB = """#!/bin/sh
# Stand-in for crontab(1) (no cron on this machine): the user's crontab is the file {store}.
case "$1" in
  -l) if [ -f '{store}' ]; then cat '{store}'; else echo "no crontab for $(id -un)" >&2; exit 1; fi ;;
  -)  cat > '{store}' ;;
  *)  echo "usage: crontab [-l | -]" >&2; exit 1 ;;
esac
"""


@pytest.fixture
def crontab(tmp_path, monkeypatch):
    """A file-backed `crontab` first on PATH; returns the file that holds the user's crontab."""
    bin_dir, store = tmp_path / "fakebin", tmp_path / "crontab.txt"
    bin_dir.mkdir()
    script = bin_dir / "crontab"
    script.write_text(FAKE_CRONTAB.format(store=store), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return store


def test_install_adds_the_line_once_keeping_the_rest_of_the_crontab(workdir, crontab):
    crontab.write_text("MAILTO=curator@example.org\n0 1 * * * /usr/local/bin/backup\n", encoding="utf-8")
    result = schedule("rt_arabic", "bbc_arabic", "--install")
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert crontab.read_text(encoding="utf-8").splitlines() == [
        "MAILTO=curator@example.org",
        "0 1 * * * /usr/local/bin/backup",
        line,
    ]
    assert "installed in your crontab" in result.stderr


def test_installing_again_replaces_the_line_for_the_same_database(workdir, crontab):
    crontab.write_text("0 1 * * * /usr/local/bin/backup\n", encoding="utf-8")
    assert schedule("rt_arabic", "--install").exit_code == 0
    again = schedule("rt_arabic", "aljazeera", "--every", "hourly", "--at", "00:05", "--install")
    assert again.exit_code == 0, again.output
    lines = crontab.read_text(encoding="utf-8").splitlines()
    assert lines == ["0 1 * * * /usr/local/bin/backup", again.stdout.strip()]  # replaced, not duplicated
    assert lines[1].startswith("5 * * * * ") and "rt_arabic aljazeera" in lines[1]
    other_db = schedule("bbc_arabic", "--db", "other.db", "--install")  # another database: its own line
    assert other_db.exit_code == 0
    assert crontab.read_text(encoding="utf-8").splitlines() == lines + [other_db.stdout.strip()]


def test_install_into_an_empty_crontab(workdir, crontab):
    assert not crontab.exists()  # `crontab -l` says "no crontab for USER" and exits 1
    result = schedule("rt_arabic", "--install")
    assert result.exit_code == 0, result.output
    assert crontab.read_text(encoding="utf-8") == result.stdout


def test_missing_crontab_is_a_one_line_error(workdir, tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = schedule("rt_arabic", "--install")
    assert result.exit_code == 1
    assert result.stdout.startswith("17 3 * * * ")  # the line is still printed, to add by hand
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: crontab: not installed on this machine")


def test_a_crontab_that_cannot_be_read_is_not_overwritten(workdir, tmp_path, monkeypatch):
    bin_dir, written = tmp_path / "brokenbin", tmp_path / "written"
    bin_dir.mkdir()
    script = bin_dir / "crontab"
    script.write_text(
        f"#!/bin/sh\n[ \"$1\" = - ] && touch '{written}'\n"
        "echo 'crontab: cannot open your crontab: Permission denied' >&2\nexit 1\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    result = schedule("rt_arabic", "--install")
    assert result.exit_code == 1
    assert result.stderr == "Error: crontab -l: crontab: cannot open your crontab: Permission denied\n"
    assert not written.exists()  # never replaced a crontab it could not read
