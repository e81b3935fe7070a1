"""Cron entries for scheduled incremental crawls."""
from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CRON_MARKER = "# arabic-news-corpus"


@dataclass(frozen=True)
class Schedule:
    outlets: tuple[str, ...]
    every: str = "daily"  # daily or hourly
    at: str = "03:17"  # HH:MM for daily; the minute is used for hourly
    db: Path = Path("corpus.db")
    workdir: Path = Path(".")
    log: Path | None = None


def corpus_executable() -> str:
    """The `corpus` script of this installation (cron has a minimal PATH)."""
    candidate = Path(sys.executable).with_name("corpus")
    return str(candidate) if candidate.exists() else (shutil.which("corpus") or "corpus")


def cron_timing(every: str, at: str) -> str:
    hour, minute = (int(part) for part in at.split(":"))
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"--at {at}: not a time of day (HH:MM)")
    if every == "hourly":
        return f"{minute} * * * *"
    if every == "daily":
        return f"{minute} {hour} * * *"
    raise ValueError(f"--every {every}: use daily or hourly")


def cron_line(schedule: Schedule) -> str:
    """One crontab line; `corpus crawl` takes the database's lock, so runs never overlap."""
    workdir = schedule.workdir.resolve()
    db = (workdir / schedule.db).resolve()
    log = (schedule.log or db.with_suffix(".crawl.log")).resolve()
    command = [corpus_executable(), "crawl", "--db", str(db), *schedule.outlets]
    return (
        f"{cron_timing(schedule.every, schedule.at)} cd {shlex.quote(str(workdir))} && "
        f"{shlex.join(command)} >> {shlex.quote(str(log))} 2>&1 {CRON_MARKER}"
    )


def install_crontab(line: str) -> str:
    """Replace our line in the user's crontab (other lines kept); returns the new crontab."""
    if not shutil.which("crontab"):
        raise RuntimeError("crontab: not installed on this machine; add the printed line to your scheduler by hand")
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    kept = [l for l in current.stdout.splitlines() if CRON_MARKER not in l] if current.returncode == 0 else []
    new = "\n".join(kept + [line]) + "\n"
    subprocess.run(["crontab", "-"], input=new, text=True, check=True)
    return new
