"""`corpus work`: clean the sources `corpus reclean --redis` and `corpus import-text --redis` pushed."""

from __future__ import annotations

import json
import signal
from types import FrameType

import click

from corpus.cli import cli


@cli.command("work")
@click.option(
    "--redis",
    "redis_url",
    required=True,
    metavar="URL",
    help="The Redis the sources were pushed to (redis://HOST:PORT/N).",
)
@click.option("--follow", is_flag=True, help="Keep waiting for sources when the list is empty (until Ctrl-C).")
@click.option("--prefix", default="corpus", show_default=True, help="Redis key prefix.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def work_command(redis_url: str, follow: bool, prefix: str, as_json: bool) -> None:
    """Decode, clean and measure pushed sources on this machine (no database).

    Pops the sources that `corpus reclean --redis` and `corpus import-text
    --redis` pushed, runs the CPU half (decode, clean, language, MinHash) and
    pushes the results for `corpus ingest`, the database's one writer, which
    curates and stores them. Run any number, on any machine; each exits when
    the list is empty (--follow: keeps waiting until Ctrl-C). A worker that
    dies loses nothing: its source goes back on the list.

    \b
    Example:
        corpus reclean --redis redis://queue-host:6379/0 --db corpus.db
        corpus work --redis redis://queue-host:6379/0        # on each machine
        corpus ingest --redis redis://queue-host:6379/0 --db corpus.db
    """
    from corpus.redis_jobs import safe_url, work

    stop = {"now": False}

    def on_signal(signum: int, frame: FrameType | None) -> None:  # finish the source in hand, then stop
        stop["now"] = True

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)} if follow else {}
    try:
        counts = work(redis_url, prefix, follow=follow, should_stop=lambda: stop["now"])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if as_json:
        click.echo(json.dumps(counts))
        return
    line = f"{counts['sources']:,} source(s) cleaned from {safe_url(redis_url)} in {counts['seconds']:.1f} s"
    if counts["bad"]:
        line += f"; {counts['bad']} unreadable entries moved to {prefix}:sources:bad"
    click.echo(line)
