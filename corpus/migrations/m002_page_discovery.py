"""pages.discovered_from and pages.lastmod: where the crawler found each article URL, and the date that
sitemap/feed gave it (incremental crawls and debugging "why was this fetched?")."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    pages = db.table("pages")
    for column in ("discovered_from", "lastmod"):
        if column not in pages.columns_dict:
            pages.add_column(column, str)
