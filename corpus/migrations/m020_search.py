"""Arabic-aware full-text search: normalized search columns on documents and documents_fts over them.

See corpus/search.py for why the index holds normalized text rather than documents.text.
"""
import sqlite_utils

from corpus.search import FOLDED_COLUMN, FTS_TABLE, SEARCH_COLUMNS, fill_missing_search_columns

# Narrower than sqlite-utils' own documents_au: re-index only when the indexed columns change, so
# curation updating status/duplicate_of on every row does not re-tokenize the whole corpus.
# Same trigger name, so sqlite-utils' disable_fts/enable_fts(replace=True) still recognise it.
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
    documents = db["documents"]
    for column in SEARCH_COLUMNS:
        if column not in documents.columns_dict:
            documents.add_column(column, str)
    fill_missing_search_columns(db)  # rows saved before this migration
    if not db[FTS_TABLE].exists():
        documents.enable_fts(list(SEARCH_COLUMNS), create_triggers=True, tokenize="unicode61 remove_diacritics 2")
        db.executescript(UPDATE_TRIGGER)
    # Finds rows written without search columns instantly (they are filled before searching).
    db.execute(
        f"CREATE INDEX IF NOT EXISTS documents_search_missing ON documents(id) WHERE {FOLDED_COLUMN} IS NULL"
    )
    # Lets export stream in (published, id) order straight off an index, without a sort.
    documents.create_index(["published", "id"], if_not_exists=True)
