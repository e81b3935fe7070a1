"""`corpus demo`: the bundled offline outlets, crawled end to end (or only served, with --serve)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from corpus.cli import cli
from corpus.cli.options import announce_new_database, check_writer_target, curation_options, new_db_path_option

if TYPE_CHECKING:
    from corpus.demo.run import DemoResult

DEFAULT_EXPORT = "demo-export"


def demo_summary(result: DemoResult) -> list[str]:
    """The few lines a newcomer reads after `make demo`."""
    lines = ["documents per outlet:"]
    for outlet, statuses in result.documents.items():
        detail = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items(), key=lambda kv: -kv[1]))
        lines.append(f"  {outlet:<13} {sum(statuses.values()):>3}  ({detail})")
    total = sum(n for _, n in result.removals)
    lines.append(f"noise removed: {total} pieces ({result.removed_chars:,} characters); most frequent rules:")
    for rule, n in result.removals[:6]:
        lines.append(f"  {rule:<28} {n:>4}")
    lines += learned_summary(result)
    failures: dict[str, int] = {}
    for outlet in result.crawl["outlets"].values():
        for reason, n in outlet["failures"].items():
            failures[reason] = failures.get(reason, 0) + n
    if failures:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(failures.items()))
        lines.append(f"failed pages: {reasons} (kept in the pages table with their reason)")
    lines.append(f"database: {result.db_path.resolve()}  (try: sqlite-utils tables {result.db_path} --counts)")
    if result.export_dir is not None:
        lines.append(f"exported: {result.exported} .txt files + manifest.csv in {Path(result.export_dir).resolve()}")
    return lines


def learned_summary(result: DemoResult) -> list[str]:
    """The outlets' own recurring lines that curation learned and removed (not in any rules file)."""
    if not result.learned:
        return []
    lines = [
        f"learned boilerplate: an outlet's line on {result.boilerplate_min_pages}+ of its pages, "
        "removed from all of them:"
    ]
    for outlet, learned in result.learned.items():
        lines += [f"  {outlet:<13} {entry['pages']:>3} pages  {entry['line']}" for entry in learned]
    recleaned = sum(outlet.get("boilerplate_recleaned", 0) for outlet in result.crawl["outlets"].values())
    if recleaned:
        lines.append(f"  ({recleaned} documents stored before their line was learned were re-cleaned)")
    return lines


def demo_curation(db_path: str, config_file: Path | None, sets: tuple[str, ...]) -> dict[str, int | float]:
    """The curation overrides of the user's config file and --set values (the demo runs with the defaults)."""
    from corpus.config import ConfigError, load_overrides

    try:
        overrides, _ = load_overrides(db_path, config_file, sets)
    except ConfigError as exc:
        raise click.ClickException(str(exc))
    return overrides


@cli.command("demo")
@new_db_path_option
@click.option(
    "--export-dir",
    default=DEFAULT_EXPORT,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where the demo outlets' clean documents are exported as .txt files.",
)
@click.option("--no-export", is_flag=True, help="Crawl into the database only.")
@click.option("--serve", is_flag=True, help="Only serve the demo sites and print their URLs until Ctrl-C.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    help="With --serve: first port (sites get consecutive ports); 0 = any free port.",
)
@curation_options
def demo_command(
    db_path: str,
    export_dir: str,
    no_export: bool,
    serve: bool,
    port: int,
    config_file: Path | None,
    sets: tuple[str, ...],
) -> None:
    """Crawl the bundled offline demo news sites into the database and export them.

    Starts the four demo outlets on 127.0.0.1, crawls them with the real spider
    (sitemaps, feeds, section pages, robots.txt), cleans and curates every
    article into --db, stops the server, exports the clean texts and prints a
    summary. Running it again updates the same rows.

    \b
    Example:
        corpus demo
        corpus demo --db demo.db --export-dir demo-txt
        corpus demo --serve --port 8101
    """
    from corpus.demo.server import serve as serve_sites

    if serve:
        try:
            serve_sites(print=click.echo, base_port=port)
        except OSError as exc:  # a busy port: one line, no traceback
            raise click.ClickException(
                f"127.0.0.1:{port}: cannot serve the demo sites (they take ports {port} "
                f"to {port + 3}): {exc.strerror or exc}; try another --port"
            )
        return
    created = check_writer_target(db_path)
    curation = demo_curation(db_path, config_file, sets)
    from corpus.demo.run import run_demo
    from corpus.locking import AlreadyRunning
    from crawler.runner import CrawlError

    try:
        result = run_demo(db_path, None if no_export else export_dir, curation=curation)
    except (CrawlError, AlreadyRunning) as exc:
        raise click.ClickException(str(exc))
    if created:
        announce_new_database(db_path)
    for line in demo_summary(result):
        click.echo(line)
    if not result.crawl["ok"]:
        raise click.ClickException("the demo crawl did not complete (see above)")
