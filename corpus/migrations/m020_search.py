"""Arabic-aware full-text search, first form: the columns search_text/search_plain on documents and
documents_fts over them, kept in sync by triggers.

Superseded by m050_lean_search (the index holds no stored copy any more; the columns stay, NULL).
Kept as it was, self-contained, so databases made before m050 and new ones pass through the same
history; on a new database m050 replaces this index before any document is written.
"""

import sqlite_utils

FTS_TABLE = "documents_fts"
SEARCH_COLUMNS = ("search_text", "search_plain")

# Narrower than sqlite-utils' own documents_au: re-index only when the indexed columns change.
UPDATE_TRIGGER = f"""
DROP TRIGGER IF EXISTS documents_au;
CREATE TRIGGER documents_au AFTER UPDATE OF {", ".join(SEARCH_COLUMNS)} ON documents BEGIN
  INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, {", ".join(SEARCH_COLUMNS)})
    VALUES('delete', old.rowid, {", ".join("old." + c for c in SEARCH_COLUMNS)});
  INSERT INTO {FTS_TABLE} (rowid, {", ".join(SEARCH_COLUMNS)})
    VALUES (new.rowid, {", ".join("new." + c for c in SEARCH_COLUMNS)});
END;
"""


def apply(db: sqlite_utils.Database) -> None:
    documents = db.table("documents")
    for column in SEARCH_COLUMNS:
        if column not in documents.columns_dict:
            documents.add_column(column, str)
    if not db[FTS_TABLE].exists():
        documents.enable_fts(list(SEARCH_COLUMNS), create_triggers=True, tokenize="unicode61 remove_diacritics 2")
        db.executescript(UPDATE_TRIGGER)
    db.execute(
        f"CREATE INDEX IF NOT EXISTS documents_search_missing ON documents(id) WHERE {SEARCH_COLUMNS[0]} IS NULL"
    )
    # Lets export stream in (published, id) order straight off an index, without a sort.
    documents.create_index(["published", "id"], if_not_exists=True)
