"""discovery_validators: the ETag / Last-Modified a sitemap or feed URL last answered with, so the next
crawl asks "changed since?" (If-None-Match / If-Modified-Since) and a 304 costs no parsing and no
article requests. Written only when a crawl of that outlet finished cleanly: an interrupted crawl must
not mark a sitemap as seen while some of its articles were never fetched."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.table("discovery_validators").create(
        {"url": str, "outlet": str, "etag": str, "last_modified": str, "checked_at": str},
        pk="url",
        if_not_exists=True,
    )
