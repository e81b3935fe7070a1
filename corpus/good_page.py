"""The one answer to "is this a good page?", in Python and in SQL.

A good page was fetched without an error and answered 2xx with something to read (not 204 No Content).
Only good pages reach the cleaners (and have their rel=canonical read), a stored good page is never
replaced by a later failed fetch, and an incremental crawl counts only good pages as already had.
A page whose fetch failed is stored with its reason in `pages.error`, so a stored page is good exactly
when `is_good_page(status, error)` holds for its row, which is what GOOD_PAGE_SQL tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the predicate itself needs no database library (corpus.warc_read uses it)
    import sqlite3

    from sqlite_utils import Database


def is_good_page(status: int | None, error: str | None = None) -> bool:
    """A fetched page the cleaners read: no fetch error, a 2xx status other than 204."""
    return not error and status is not None and 200 <= status < 300 and status != 204


def good_page_sql(table: str = "pages") -> str:
    """is_good_page over the `status` and `error` columns of `table` (never NULL: a row without a
    status is not good, and so is NOT good_page_sql())."""
    status, error = f"{table}.status", f"{table}.error"
    return f"({error} IS NULL AND {status} IS NOT NULL AND {status} BETWEEN 200 AND 299 AND {status} <> 204)"


def has_good_page(db: Database | sqlite3.Connection, page_id: str) -> bool:
    """Does the pages table hold a good page under this id?"""
    return db.execute(f"SELECT 1 FROM pages WHERE id = ? AND {good_page_sql()}", [page_id]).fetchone() is not None
