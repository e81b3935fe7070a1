"""crawls.cleaner_version and import_runs.cleaner_version: the cleaners' version a run cleaned with
(reclean_runs has had it since m011), so every run row says which rules made its texts. NULL for runs
before this migration."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    for table in ("crawls", "import_runs"):
        if table in db.table_names() and "cleaner_version" not in db[table].columns_dict:
            db.table(table).add_column("cleaner_version", str)
