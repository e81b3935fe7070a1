"""Cron entries for scheduled incremental crawls.

The line runs `corpus crawl` with absolute paths (cron's PATH is minimal and its working directory is
your home), appends everything it prints to a log file, and relies on the crawl's own lock
(`<db>.lock`, corpus.locking): a run that starts while the previous one is still going writes one
line to the log ("... another run holds the lock (pid N)") and exits 1 without crawling.

One scheduled crawl per database: installing a schedule for a database replaces the earlier line for
that database (matched by the marker comment naming it); other lines of the crontab are kept.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

CRON_MARKER = "# arabic-news-corpus"
TIME_OF_DAY = re.compile(r"(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class Schedule:
    outlets: tuple[str, ...]
    every: str = "daily"  # daily or hourly
    at: str = "03:17"  # HH:MM for daily; the minute is used for hourly
    db: Path = Path("corpus.db")
    workdir: Path = Path(".")
    log: Path | None = None
    registry: Path | None = None  # another outlets.toml
    settings: tuple[str, ...] = field(default=())  # SETTING=VALUE overrides passed to `corpus crawl --set`


def corpus_command() -> list[str]:
    """The `corpus` command of this installation as absolute argv (cron has a minimal PATH):
    the `corpus` script next to this Python, else this Python running `-m corpus`."""
    script = Path(sys.executable).with_name("corpus")
    if script.is_file():
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "corpus"]


def cron_timing(every: str, at: str) -> str:
    match = TIME_OF_DAY.fullmatch(at.strip())
    hour, minute = (int(match.group(1)), int(match.group(2))) if match else (-1, -1)
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"--at {at}: not a time of day (HH:MM, e.g. 03:17)")
    if every == "hourly":
        return f"{minute} * * * *"
    if every == "daily":
        return f"{minute} {hour} * * *"
    raise ValueError(f"--every {every}: use daily or hourly")


def marker_for(db: Path) -> str:
    """The comment that ends our line for this database (how --install finds the line it replaces)."""
    return f"{CRON_MARKER} db={db}"


def cron_escape(text: str) -> str:
    """cron turns an unescaped % into a newline."""
    return text.replace("%", r"\%")


def crawl_command(schedule: Schedule) -> list[str]:
    """argv of the scheduled crawl, every path absolute."""
    workdir = schedule.workdir.resolve()
    # --no-wait: a run that finds the previous one still going exits instead of queueing behind it
    command = [*corpus_command(), "crawl", "--no-wait", "--db", str((workdir / schedule.db).resolve())]
    if schedule.registry:
        command += ["--registry", str((workdir / schedule.registry).resolve())]
    for setting in schedule.settings:
        command += ["--set", setting]
    return command + list(schedule.outlets)


def cron_line(schedule: Schedule) -> str:
    """One crontab line; `corpus crawl` takes the database's lock, so runs never overlap."""
    workdir = schedule.workdir.resolve()
    db = (workdir / schedule.db).resolve()
    log = (workdir / schedule.log).resolve() if schedule.log else db.with_suffix(".crawl.log")
    shell = (
        f"cd {shlex.quote(str(workdir))} && {shlex.join(crawl_command(schedule))} "
        f">> {shlex.quote(str(log))} 2>&1 {marker_for(db)}"
    )
    return f"{cron_timing(schedule.every, schedule.at)} {cron_escape(shell)}"


def line_database(line: str) -> str | None:
    """The database a line of ours schedules (None for any other line)."""
    head, sep, tail = line.rpartition(f"{CRON_MARKER} db=")
    return tail if sep else (None if CRON_MARKER not in line else "")


def install_crontab(line: str) -> str:
    """Put LINE in the user's crontab, replacing our earlier line for the same database (other lines
    kept); returns the new crontab. RuntimeError with a one-line message when crontab is missing or fails."""
    if not shutil.which("crontab"):
        raise RuntimeError("crontab: not installed on this machine; add the printed line to your scheduler by hand")
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    if current.returncode == 0:
        lines = current.stdout.splitlines()
    elif "no crontab" in current.stderr.lower():
        lines = []
    else:  # never overwrite a crontab we could not read
        raise RuntimeError(f"crontab -l: {first_line(current.stderr) or f'exit status {current.returncode}'}")
    database = line_database(line)
    kept = [
        entry for entry in lines if line_database(entry) not in (database, "")
    ]  # "": an older line of ours, no db named
    new = "\n".join(kept + [line]) + "\n"
    written = subprocess.run(["crontab", "-"], input=new, capture_output=True, text=True)
    if written.returncode != 0:
        raise RuntimeError(f"crontab -: {first_line(written.stderr) or f'exit status {written.returncode}'}")
    return new


def first_line(text: str) -> str:
    return next((row.strip() for row in text.splitlines() if row.strip()), "")
