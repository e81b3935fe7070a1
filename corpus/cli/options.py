"""Options shared by every `corpus` subcommand, written once.

Readers (search, export, stats, report, boilerplate, serve, reclean) take `--db` through db_option: the file
must already be a corpus, else one line naming it and exit 1 (nothing is created or changed). Writers that
may start a corpus (crawl, demo, import-text, ingest) take it through writer_db_option: they create a
missing database and say so, and refuse an unrelated SQLite file. Curation thresholds come in through
curation_options (--config FILE, --set NAME=VALUE) as one CurationSettings.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from corpus.store import DEFAULT_DB, open_db

if TYPE_CHECKING:
    from sqlite_utils import Database

    from corpus.curate import CurationSettings

Result = TypeVar("Result")
Command = TypeVar("Command", bound=Callable[..., Any])  # a command function being given its options


def registry_names() -> list[str]:
    """The outlets the bundled registry and the demo know ([] if they do not load: the database's names still count)."""
    try:
        from corpus.demo.registry import registry_files
        from corpus.registry import load_registry

        return list(load_registry(registry_files()))
    except Exception:  # noqa: BLE001 - only used to widen the known names
        return []


def check_outlet_names(db: Database, names: Iterable[str | None]) -> None:
    """A one-line error for an unknown outlet name, with the closest known ones."""
    from corpus.outlet_names import UnknownOutlet, check_outlets

    given = [n for n in names if n]
    if not given:
        return
    try:
        check_outlets(db, given, registry_names)
    except UnknownOutlet as exc:
        raise click.ClickException(str(exc))


def db_option(fn: Callable[..., Result]) -> Callable[..., Result]:
    """`--db PATH` (default corpus.db in the current directory) of an existing corpus; passes the open,
    migrated Database as `db`, after checking any --outlet / OUTLET names against it."""

    @click.option(
        "--db",
        "db_path",
        default=DEFAULT_DB,
        show_default=True,
        type=click.Path(dir_okay=False),
        help="SQLite corpus database (must exist: made by crawl, demo, import-text or ingest).",
    )
    @functools.wraps(fn)
    def wrapper(*args: Any, db_path: str, **kwargs: Any) -> Result:
        from corpus.dbopen import NotACorpus, open_existing

        try:
            db = open_existing(db_path)
        except NotACorpus as exc:
            raise click.ClickException(str(exc))
        except Exception as exc:  # a clear one-line error, not a traceback
            raise click.ClickException(f"{db_path}: cannot open database: {exc}")
        outlets = kwargs.get("outlets") or ()
        if isinstance(kwargs.get("outlet"), str):
            outlets = (*outlets, kwargs["outlet"])
        check_outlet_names(db, outlets)
        return fn(*args, db=db, **kwargs)

    return wrapper


def announce_new_database(db_path: str | Path) -> None:
    """Said once the command made the database (not before: a refused outlet name creates nothing)."""
    if Path(db_path).exists():
        click.echo(f"{db_path}: created a new corpus database", err=True)


def check_writer_target(db_path: str | Path) -> bool:
    """True when the command will create db_path (call announce_new_database after); a one-line error for
    a file that is not a corpus."""
    from corpus.dbopen import NotACorpus, check_writable_target

    try:
        return check_writable_target(db_path)
    except NotACorpus as exc:
        raise click.ClickException(str(exc))


# `--db PATH` of a command that may create the corpus: writer_db_option, and the commands that check and
# announce the new database themselves (crawl, demo, import-warc, ingest).
new_db_path_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite corpus database (created if missing).",
)
# `--registry FILE` of a command that reads outlets from another registry file instead of the bundled ones.
registry_option = click.option(
    "--registry",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Another outlets.toml instead of the bundled ones (real and demo outlets).",
)
# `--wait/--no-wait` of a command that takes the database's writer lock.
wait_option = click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="When another command is writing the database: wait for it, or exit 1 at once.",
)


def writer_db_option(open_database: bool) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """`--db PATH` for a command that writes: created if missing (and said so). Passes `db` (open) when
    open_database, else `db_path`."""

    def decorate(fn: Callable[..., Result]) -> Callable[..., Result]:
        @new_db_path_option
        @functools.wraps(fn)
        def wrapper(*args: Any, db_path: str, **kwargs: Any) -> Result:
            created = check_writer_target(db_path)
            if "sets" in kwargs:  # a bad threshold is refused before anything is created
                curation_settings(db_path, kwargs.get("config_file"), kwargs["sets"])
            if not open_database:
                try:
                    return fn(*args, db_path=db_path, **kwargs)
                finally:
                    if created:
                        announce_new_database(db_path)
            try:
                db = open_db(db_path)
            except Exception as exc:  # noqa: BLE001
                raise click.ClickException(f"{db_path}: cannot open database: {exc}")
            if created:
                announce_new_database(db_path)
            return fn(*args, db=db, **kwargs)

        return wrapper

    return decorate


def curation_options(fn: Command) -> Command:
    """--config FILE and --set NAME=VALUE for the curation thresholds; passes `config_file` and `sets`
    (turned into settings by curation_settings, which needs the database path)."""
    fn = click.option(
        "--set",
        "sets",
        multiple=True,
        metavar="NAME=VALUE",
        help="A curation threshold for this run, e.g. --set min_words=20 (repeatable; "
        "names in README: Curation settings).",
    )(fn)
    fn = click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Curation settings TOML file (default: <db name>.toml next to the database, if any).",
    )(fn)
    return fn


def curation_settings(
    db_path: str | Path | None, config_file: str | Path | None, sets: Iterable[str]
) -> CurationSettings:
    """One CurationSettings from the config file and --set values, or a one-line error."""
    from corpus.config import ConfigError, load_settings

    try:
        return load_settings(db_path, config_file, sets)
    except ConfigError as exc:
        raise click.ClickException(str(exc))


def outlet_filter_options(fn: Command) -> Command:
    """Filters shared by export, search and stats."""
    fn = click.option("--outlet", "outlets", multiple=True, help="Only these outlets (repeatable).")(fn)
    fn = click.option("--since", help="Published on or after this date (YYYY-MM-DD).")(fn)
    fn = click.option("--until", help="Published on or before this date (YYYY-MM-DD).")(fn)
    fn = click.option("--lang", help="Only this language code, e.g. ar.")(fn)
    return fn
