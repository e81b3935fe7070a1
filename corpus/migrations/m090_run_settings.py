"""crawls.settings and reclean_runs.settings: the curation thresholds a run used (JSON of the curator's
settings, corpus.config.settings_record), so a corpus says which minimum length, Arabic ratio, near-duplicate
and boilerplate thresholds made its statuses. NULL for runs before this migration (they used the defaults
of their version)."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    for table in ("crawls", "reclean_runs"):
        if table in db.table_names() and "settings" not in db[table].columns_dict:
            db.table(table).add_column("settings", str)
