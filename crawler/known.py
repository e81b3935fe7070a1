"""What the corpus already has of an outlet, so an incremental crawl fetches only what is new or changed."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from corpus.good_page import good_page_sql, has_good_page


def stored_articles(db_path: str | Path | None, outlet: str) -> dict[str, str]:
    """{document id: fetched_at} of the outlet's articles stored from a good fetch; {} for a new database.

    Read-only and without migrations: the store pipeline opens (and migrates) the database itself."""
    if not db_path or not Path(db_path).exists():
        return {}
    try:
        with sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True, timeout=30) as conn:
            rows = conn.execute(
                "SELECT pages.id, pages.fetched_at FROM pages JOIN documents ON documents.id = pages.id "
                f"WHERE pages.outlet = ? AND {good_page_sql()}",
                [outlet],
            ).fetchall()
    except sqlite3.Error:  # no tables yet
        return {}
    return dict(rows)


def failed_articles(db_path: str | Path | None, outlet: str) -> dict[str, list[str]]:
    """{discovery URL: [article URLs]} of the outlet's pages whose last fetch failed, by where they were
    found: when that sitemap/feed answers 304 its entries are not read again, but failures are retried."""
    rows = _read(
        db_path,
        "SELECT discovered_from, url FROM pages WHERE outlet = ? AND discovered_from IS NOT NULL "
        f"AND NOT {good_page_sql()}",
        [outlet],
    )
    found: dict[str, list[str]] = {}
    for discovered_from, url in rows:
        found.setdefault(discovered_from, []).append(url)
    return found


def discovery_validators(db_path: str | Path | None, outlet: str) -> dict[str, dict[str, str | None]]:
    """{sitemap/feed URL: {"etag", "last_modified"}} from the outlet's last clean crawl."""
    rows = _read(db_path, "SELECT url, etag, last_modified FROM discovery_validators WHERE outlet = ?", [outlet])
    return {url: {"etag": etag, "last_modified": last_modified} for url, etag, last_modified in rows}


def save_discovery_validators(
    db_path: str | Path, outlet: str, validators: dict[str, dict[str, str | None]], checked_at: str
) -> None:
    """Upsert the validators of this crawl's sitemaps/feeds (one transaction)."""
    from corpus.store import (  # migrates: the table exists even if the store pipeline never ran
        open_db,
        write_transaction,
    )

    db = open_db(db_path)
    try:
        with write_transaction(db):
            db["discovery_validators"].upsert_all(
                (
                    {
                        "url": url,
                        "outlet": outlet,
                        "etag": v.get("etag"),
                        "last_modified": v.get("last_modified"),
                        "checked_at": checked_at,
                    }
                    for url, v in validators.items()
                    if v.get("etag") or v.get("last_modified")
                ),
                pk="url",
            )
    finally:
        db.close()


def _read(db_path: str | Path | None, sql: str, params) -> list[tuple]:
    """Rows of a read-only query; [] for a missing database or table (a first crawl)."""
    if not db_path or not Path(db_path).exists():
        return []
    try:
        with closing(sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True, timeout=30)) as conn:
            return conn.execute(sql, params).fetchall()
    except sqlite3.Error:
        return []


def changed_since(lastmod: str | None, fetched_at: str | None) -> bool:
    """Does the sitemap/feed date say the article changed after we fetched it? (no date: assume not)"""
    if not lastmod or not fetched_at:
        return False
    try:
        modified, fetched = (_aware(datetime.fromisoformat(s.replace("Z", "+00:00"))) for s in (lastmod, fetched_at))
    except ValueError:
        return False
    return modified > fetched


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def record_discovery_failure(db_path: str | Path, row: dict) -> None:
    """Keep a failed sitemap/feed/section page in `pages` (row: id, url, outlet, kind, status, error,
    fetched_at, crawl_id). Never over a page fetched fine (an article's id never equals a sitemap's, but
    a section page may have been an article's page too). Its own short transaction: the pipelines commit
    each item before the spider's next callback runs."""
    from corpus.store import open_db, write_transaction  # migrates: pages.kind exists

    db = open_db(db_path)
    try:
        with write_transaction(db):
            if not has_good_page(db, row["id"]):
                db["pages"].upsert(row, pk="id")
    finally:
        db.close()
