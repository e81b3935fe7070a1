"""Core tables: documents, pages, removals, crawls."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.table("documents").create(
        {
            "id": str,  # 16 hex digits: hash of the canonical URL (or of the text for imports)
            "url": str,
            "canonical_url": str,
            "outlet": str,
            "title": str,
            "text": str,  # the seed shape: title line, blank line, paragraphs
            "published": str,
            "author": str,
            "section": str,
            "tags": str,  # JSON list
            "source_credit": str,  # JSON list
            "outlet_name": str,  # how the page names its outlet
            "lang": str,
            "lang_prob": float,
            "arabic_ratio": float,
            "word_count": int,
            "status": str,  # ok, not_arabic, too_short, low_arabic, duplicate, ...
            "status_reason": str,
            "text_hash": str,  # hash of the normalized text: exact duplicates share it
            "duplicate_of": str,
            "cluster_id": str,
            "origin": str,  # crawl, import, clean
            "fetched_at": str,
            "cleaned_at": str,
            "cleaner_version": str,
        },
        pk="id",
        if_not_exists=True,
        not_null={"id"},
    )
    db.table("pages").create(
        {
            "id": str,  # same id as the document made from it
            "url": str,  # as requested
            "final_url": str,  # after redirects
            "outlet": str,
            "status": int,
            "headers": str,  # JSON
            "html": bytes,  # zlib-compressed response body
            "encoding": str,
            "encoding_fix": str,  # what the encoding guard did, if anything
            "fetched_at": str,
            "crawl_id": int,
            "error": str,  # why no document came of this page (named reason)
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("removals").create(
        {"id": int, "document_id": str, "rule": str, "stage": str, "text": str, "removed_at": str},
        pk="id",
        if_not_exists=True,
    )
    db.table("crawls").create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "outlets": str,  # JSON list
            "status": str,  # running, finished, failed, interrupted
            "stats": str,  # JSON: requests, responses by status, items by outcome, ...
            "duration_s": float,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("documents").create_index(["outlet"], if_not_exists=True)
    db.table("documents").create_index(["text_hash"], if_not_exists=True)
    db.table("documents").create_index(["published"], if_not_exists=True)
    db.table("removals").create_index(["document_id"], if_not_exists=True)
    db.table("removals").create_index(["rule"], if_not_exists=True)
