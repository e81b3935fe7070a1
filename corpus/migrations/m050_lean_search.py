"""Lean search: documents_fts indexes title + text without a stored copy (see corpus/search_index.py).

Before: documents.search_text and search_plain held two normalized copies of every text, and an
external-content FTS5 table over them was kept in sync by sqlite-utils triggers. After: the same
FTS5 table name and declaration (content=[documents], the same two columns, so sqlite-utils and
Datasette still find it), filled from Python; the two columns stay (a public interface) but NULL.

Steps, each safe to repeat: drop the old triggers and the old index, drop the partial index that
found rows without search columns (it would now cover every row), empty the two columns, create the
new, empty index and its state table. Filling it is the live code's job: the index records no
normalizer fingerprint yet, so the next open (corpus.store.open_db -> ensure_index_current) indexes
every document from its title and text in batches (memory stays flat). The SQL is copied here, not
imported, so this migration means the same thing whatever the live code becomes.
The space the copies took is free pages inside the file afterwards; `sqlite-utils vacuum corpus.db`
(optional, needs the database's size again in free disk) gives it back to the file system.
"""

import sqlite_utils

FTS_TABLE = "documents_fts"
SEARCH_COLUMNS = ("search_text", "search_plain")
STATE_TABLE = "search_index_state"
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS [{FTS_TABLE}] USING FTS5 ([search_text], [search_plain], "
    "tokenize='unicode61 remove_diacritics 2', content=[documents])"
)

OLD_TRIGGERS = ("documents_ai", "documents_ad", "documents_au")


def is_lean(db: sqlite_utils.Database) -> bool:
    """The new index is in place: our declaration and no copying triggers."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [FTS_TABLE]).fetchone()
    triggers = {t.name for t in db.table("documents").triggers}
    return row is not None and row[0] == CREATE_FTS.replace(" IF NOT EXISTS", "") and not triggers & set(OLD_TRIGGERS)


def apply(db: sqlite_utils.Database) -> None:
    if is_lean(db):
        create_index(db)  # the state table, if an earlier run stopped before it
        return
    for trigger in OLD_TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
    db.execute(f"DROP TABLE IF EXISTS [{FTS_TABLE}]")
    db.execute("DROP INDEX IF EXISTS documents_search_missing")
    columns = set(db["documents"].columns_dict)
    for column in SEARCH_COLUMNS:
        if column not in columns:
            db.table("documents").add_column(column, str)
    db.execute(
        f"UPDATE documents SET {', '.join(f'{c} = NULL' for c in SEARCH_COLUMNS)} "
        f"WHERE {' OR '.join(f'{c} IS NOT NULL' for c in SEARCH_COLUMNS)}"
    )
    create_index(db)
    db.execute(f"DELETE FROM [{STATE_TABLE}] WHERE key = 'fingerprint'")  # empty: the live code fills it


def create_index(db: sqlite_utils.Database) -> None:
    db.execute(CREATE_FTS)
    db.execute(f"CREATE TABLE IF NOT EXISTS [{STATE_TABLE}] (key TEXT PRIMARY KEY, value TEXT)")
