"""What the corpus already has of an outlet, so an incremental crawl fetches only what is new or changed."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path


def stored_articles(db_path: str | Path | None, outlet: str) -> dict[str, str]:
    """{document id: fetched_at} of the outlet's articles stored from a good fetch; {} for a new database.

    Read-only and without migrations: the store pipeline opens (and migrates) the database itself."""
    if not db_path or not Path(db_path).exists():
        return {}
    try:
        with sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True, timeout=30) as conn:
            rows = conn.execute(
                "SELECT pages.id, pages.fetched_at FROM pages JOIN documents ON documents.id = pages.id "
                "WHERE pages.outlet = ? AND pages.error IS NULL AND pages.status BETWEEN 200 AND 299",
                [outlet],
            ).fetchall()
    except sqlite3.Error:  # no tables yet
        return {}
    return dict(rows)


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
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
