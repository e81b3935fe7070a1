"""Indexes that make every lookup curation does for a new document an indexed one (see
corpus/curate/statements.py and tests/unit/corpus/test_curate_plans.py).

- documents(text_hash, status, duplicate_of): the exact-duplicate lookup. With only the one-column
  text_hash and status indexes SQLite planned it on status and read every ok document.
- documents(seq): the next free import number (max(seq)) without reading the table.
"""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    documents = db.table("documents")
    documents.create_index(["text_hash", "status", "duplicate_of"], if_not_exists=True)
    documents.create_index(["seq"], if_not_exists=True)
