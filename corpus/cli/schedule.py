"""`corpus schedule`: print or install the cron entry for scheduled incremental crawls."""
from __future__ import annotations

from pathlib import Path

import click

from corpus.cli import cli
from corpus.schedule import Schedule, cron_line, install_crontab


@cli.command("schedule")
@click.argument("outlets", nargs=-1, required=True)
@click.option("--every", type=click.Choice(["daily", "hourly"]), default="daily", show_default=True)
@click.option("--at", "at", default="03:17", show_default=True, help="HH:MM (hourly uses the minute).")
@click.option("--db", "db_path", default="corpus.db", show_default=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--log", type=click.Path(dir_okay=False, path_type=Path), help="Log file (default: <db>.crawl.log).")
@click.option("--install", is_flag=True, help="Add the line to your crontab (replacing an earlier one of ours).")
def schedule_command(outlets, every, at, db_path, log, install):
    """Print (or --install) a cron entry for an incremental crawl of OUTLETS.

    Each run takes the database's lock file (<db>.lock), so two runs never overlap:
    a run that finds the lock taken exits with a one-line message.

    \b
    Example:
        corpus schedule rt_arabic aljazeera --every hourly --at 00:05
        corpus schedule rt_arabic bbc_arabic --install
    """
    try:
        line = cron_line(Schedule(tuple(outlets), every=every, at=at, db=db_path, workdir=Path("."), log=log))
    except ValueError as exc:
        raise click.ClickException(str(exc))
    click.echo(line)
    if install:
        try:
            install_crontab(line)
        except RuntimeError as exc:
            raise click.ClickException(str(exc))
        click.echo("installed in your crontab", err=True)
