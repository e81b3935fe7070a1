"""`corpus schedule`: print or install the cron entry for scheduled incremental crawls."""

from __future__ import annotations

from pathlib import Path

import click

from corpus.cli import cli
from corpus.cli.options import registry_option


def check_outlets(outlets: tuple[str, ...], registry: Path | None) -> None:
    """Every outlet is in the registry and crawlable unattended (a demo outlet needs a live demo server)."""
    from corpus.demo.registry import registry_files
    from corpus.registry import RegistryError, load_registry

    try:
        known = load_registry(registry_files(registry))
    except RegistryError as exc:
        raise click.ClickException(str(exc))
    unknown = [name for name in outlets if name not in known]
    if unknown:
        from corpus.outlet_names import unknown_message

        raise click.ClickException(unknown_message(unknown[0], known) + " (list them with `corpus outlets`)")
    demo = [name for name in outlets if known[name].demo]
    if demo:
        raise click.ClickException(
            f"{', '.join(demo)}: demo outlets are served only while `corpus demo` runs; schedule real outlets"
        )


@cli.command("schedule")
@click.argument("outlets", nargs=-1, required=True)
@click.option("--every", type=click.Choice(["daily", "hourly"]), default="daily", show_default=True)
@click.option("--at", "at", default="03:17", show_default=True, help="HH:MM (hourly uses the minute).")
@click.option(
    "--db", "db_path", default="corpus.db", show_default=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--log",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Log file the runs append to (default: the db's name with .crawl.log, e.g. corpus.crawl.log).",
)
@registry_option
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="SETTING=VALUE",
    help="Scrapy setting override for the scheduled crawls (repeatable), as in `corpus crawl --set`.",
)
@click.option("--install", is_flag=True, help="Add the line to your crontab (replacing the earlier one for this db).")
def schedule_command(
    outlets: tuple[str, ...],
    every: str,
    at: str,
    db_path: Path,
    log: Path | None,
    registry: Path | None,
    settings: tuple[str, ...],
    install: bool,
) -> None:
    """Print (or --install) a cron entry for an incremental crawl of OUTLETS.

    The line runs this installation's `corpus crawl` with absolute paths and
    appends its output to a log file. Each run takes the database's lock file
    (<db>.lock), so two runs never overlap: a run that finds the lock taken
    writes one line to the log and exits 1 without crawling. One schedule per
    database: --install replaces the earlier line for the same database.

    \b
    Example:
        corpus schedule rt_arabic aljazeera --every hourly --at 00:05
        corpus schedule rt_arabic bbc_arabic --install
    """
    from corpus.schedule import Schedule, cron_line, install_crontab

    for setting in settings:
        if "=" not in setting or not setting.partition("=")[0].strip():
            raise click.BadParameter(f"{setting!r} is not SETTING=VALUE", param_hint="--set")
    check_outlets(outlets, registry)
    try:
        line = cron_line(
            Schedule(
                tuple(outlets),
                every=every,
                at=at,
                db=db_path,
                workdir=Path("."),
                log=log,
                registry=registry,
                settings=tuple(settings),
            )
        )
    except ValueError as exc:
        raise click.ClickException(str(exc))
    click.echo(line)
    if install:
        try:
            install_crontab(line)
        except RuntimeError as exc:
            raise click.ClickException(str(exc))
        click.echo("installed in your crontab (crontab -l shows it)", err=True)
