"""crawls.pid and crawls.host: which process runs a crawl, so a run left `running` by a killed process is
recognised (and marked `interrupted`) by the next writer that takes the database's lock.

pages.kind: what a pages row is. NULL (every row before this migration) or "article" is an article page;
"sitemap", "feed" and "section" rows are discovery pages that failed, kept with their reason in
pages.error so a crawl's failed entry points are on record. They never become documents."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    crawls = db.table("crawls")
    if "pid" not in crawls.columns_dict:
        crawls.add_column("pid", int)
    if "host" not in crawls.columns_dict:
        crawls.add_column("host", str)
    pages = db.table("pages")
    if "kind" not in pages.columns_dict:
        pages.add_column("kind", str)
