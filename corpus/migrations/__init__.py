"""The corpus schema's migrations, run by sqlite-utils' own `Migrations` (recorded in `_sqlite_migrations`
under the set name "corpus", so `sqlite-utils migrate`-style tools and users see them).

One module per migration, `mNNN_<what>.py`, each with `apply(db)`; they run once each, in name order,
each in its own transaction together with its record. Adding a migration = adding a module here.
A migration never imports live code (corpus.*): the schema it writes must not change when the code
does, so each one carries its own SQL. Data the live code derives (the search index) is rebuilt by
the live code when it finds it missing or stale (corpus.search_index.ensure_index_current).

Databases made before this switch recorded their migrations in `_migrations`; those names are
carried over once (`adopt_legacy_records`), so nothing is applied twice.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

import sqlite_utils
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "corpus"
LEGACY_TABLE = "_migrations"


def registered_migrations() -> list[tuple[str, Callable[[sqlite_utils.Database], None]]]:
    """[(name, apply)] in order."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name[:1] == "m" and m.name[1:4].isdigit())
    return [(name, importlib.import_module(f"{__name__}.{name}").apply) for name in names]


def corpus_migrations() -> Migrations:
    """A fresh sqlite-utils migration set holding every module above (built per call: no global state)."""
    migrations = Migrations(MIGRATION_SET)
    for name, apply in registered_migrations():
        migrations(name=name)(apply)
    return migrations


def adopt_legacy_records(db: sqlite_utils.Database, migrations: Migrations) -> None:
    """Record in `_sqlite_migrations` what an older release recorded in `_migrations`, then drop that table."""
    if not db[LEGACY_TABLE].exists():
        return
    with db.atomic():
        migrations.ensure_migrations_table(db)
        known = {name for name, _ in registered_migrations()}
        for row in db.execute(f"SELECT name, applied_at FROM [{LEGACY_TABLE}] ORDER BY name").fetchall():
            if row[0] in known:
                db.execute(
                    f"INSERT OR IGNORE INTO [{migrations.migrations_table}] (migration_set, name, applied_at) "
                    "VALUES (?, ?, ?)",
                    [MIGRATION_SET, row[0], row[1]],
                )
        db.execute(f"DROP TABLE [{LEGACY_TABLE}]")
