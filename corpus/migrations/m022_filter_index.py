"""A covering index for the selection every command applies (status, duplicates, outlet, lang, date):
counting search matches or export rows then reads this small index instead of the article rows."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.table("documents").create_index(
        ["status", "duplicate_of", "outlet", "lang", "published"], index_name="documents_selection", if_not_exists=True
    )
