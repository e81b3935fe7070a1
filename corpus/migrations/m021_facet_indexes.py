"""Indexes behind the Datasette facets (outlet and status have theirs already) and the stats queries."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.table("documents").create_index(["lang"], if_not_exists=True)
    db.table("documents").create_index(["outlet", "status"], if_not_exists=True)
