"""Outlet boilerplate learned from the corpus: short lines that recur on many pages of one outlet
(footers, slogans, app prompts) that the rules file does not know.

Counts live in the database: `boilerplate_seen` has one row per (outlet, line, page), so a page that
is crawled again or re-cleaned never counts twice; `boilerplate_lines` holds the per-line totals.

The page on which a line reaches the threshold is the first it is removed from; the pages counted
before it were stored with the line. They are queued in `boilerplate_pending`, and the run's end
re-cleans them (corpus.reclean.reclean_pending), so every document of the outlet loses the line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TypedDict

from sqlite_utils import Database

from cleaners.document import Removal
from corpus.curate import statements as sql
from corpus.curate.dedup import matching_text
from corpus.curate.settings import CurationSettings

RULE = "learned_boilerplate"


def line_hash(line: str) -> str:
    return hashlib.sha256(matching_text(line).encode("utf-8")).hexdigest()[:16]


def is_candidate(line: str, title: str | None, settings: CurationSettings) -> bool:
    """Short-ish, non-empty lines other than the title can be learned."""
    words = line.split()
    if not words or len(words) > settings.boilerplate_max_words or len(line) > settings.boilerplate_max_chars:
        return False
    if not matching_text(line):
        return False  # punctuation or symbols only
    return not (title and matching_text(line) == matching_text(title))


def paragraph_hashes(paragraphs: list[str], title: str | None, settings: CurationSettings) -> tuple[str | None, ...]:
    """line_hash of each paragraph that can be learned, None for the others: worked out once per page
    (in a worker process when there is one), then counted and looked up by the writer."""
    return tuple(line_hash(p) if is_candidate(p, title, settings) else None for p in paragraphs)


def candidate_lines(
    paragraphs: list[str], title: str | None, settings: CurationSettings, hashes: tuple[str | None, ...] | None = None
) -> dict[str, str]:
    """{line_hash: line} of the learnable lines of one page, each once."""
    found: dict[str, str] = {}
    hashes = paragraph_hashes(paragraphs, title, settings) if hashes is None else hashes
    for paragraph, hash_ in zip(paragraphs, hashes):
        if hash_ is not None:
            found.setdefault(hash_, paragraph.strip())
    return found


def record_page(db: Database, outlet: str, document_id: str, lines: dict[str, str]) -> list[str]:
    """Replace what this page contributes to its outlet's line counts: only the lines it gained or
    lost are written, and their totals move by one (indexed, however many pages show a line).

    Plain SQL, no sqlite-utils table writes: those commit, and curation must stay inside the
    caller's transaction (the crawl commits a document's curation, page and row together).
    Returns the hashes of the lines the page gained."""
    previous = {row[0] for row in db.execute(sql.PAGE_LINES, [outlet, document_id])}
    lost = sorted(previous - set(lines))
    gained = sorted(set(lines) - previous)
    db.conn.executemany(sql.DELETE_PAGE_LINE, [(outlet, hash_, document_id) for hash_ in lost])
    db.conn.executemany(sql.LINE_LOST_PAGE, [(outlet, hash_) for hash_ in lost])
    db.conn.executemany(sql.INSERT_PAGE_LINE, [(outlet, hash_, document_id) for hash_ in gained])
    # The first spelling seen stays the shown line.
    db.conn.executemany(sql.LINE_GAINED_PAGE, [(outlet, hash_, lines[hash_]) for hash_ in gained])
    return gained


def queue_earlier_pages(
    db: Database, outlet: str, document_id: str, gained: list[str], settings: CurationSettings
) -> None:
    """Lines this page brought to exactly the threshold: queue the other pages that show them (stored
    before the line was learned, so still holding it) for a re-clean."""
    if not gained:
        return
    crossed = [
        row[0]
        for row in db.execute(
            sql.CROSSED_LINES.format(hashes=sql.marks(len(gained))), [outlet, settings.boilerplate_min_pages, *gained]
        )
    ]
    db.conn.executemany(sql.QUEUE_EARLIER_PAGES, [(outlet, hash_, document_id) for hash_ in crossed])


def active_hashes(db: Database, outlet: str, hashes: Iterable[str], settings: CurationSettings) -> set[str]:
    """Which of these lines have been seen on enough pages of the outlet to be removed."""
    hashes = list(hashes)
    if not hashes:
        return set()
    rows = db.execute(
        sql.ACTIVE_LINES.format(hashes=sql.marks(len(hashes))), [outlet, settings.boilerplate_min_pages, *hashes]
    )
    return {row[0] for row in rows}


def strip_lines(
    paragraphs: list[str],
    active: set[str],
    title: str | None,
    settings: CurationSettings,
    hashes: tuple[str | None, ...] | None = None,
) -> tuple[list[str], list[Removal]]:
    """Drop the paragraphs that are active learned boilerplate; one Removal for each."""
    kept, removed = [], []
    if not active:
        return list(paragraphs), []
    hashes = paragraph_hashes(paragraphs, title, settings) if hashes is None else hashes
    for paragraph, hash_ in zip(paragraphs, hashes):
        if hash_ is not None and hash_ in active:
            removed.append(Removal(rule=RULE, text=paragraph, stage="text"))
        else:
            kept.append(paragraph)
    return kept, removed


def learn_and_strip(
    db: Database,
    outlet: str | None,
    document_id: str,
    title: str | None,
    paragraphs: list[str],
    settings: CurationSettings,
    hashes: tuple[str | None, ...] | None = None,
) -> tuple[list[str], list[Removal]]:
    """Count this page's lines for its outlet, then remove those past the threshold. hashes: the
    paragraphs' paragraph_hashes, if worked out ahead. Returns (kept paragraphs, removals)."""
    if not outlet:
        return list(paragraphs), []
    hashes = paragraph_hashes(paragraphs, title, settings) if hashes is None else hashes
    lines = candidate_lines(paragraphs, title, settings, hashes)
    queue_earlier_pages(db, outlet, document_id, record_page(db, outlet, document_id, lines), settings)
    db.conn.execute(sql.PENDING_DONE, [outlet, document_id])  # every active line is removed below
    return strip_lines(paragraphs, active_hashes(db, outlet, lines, settings), title, settings, hashes)


def forget_page(db: Database, outlet: str | None, document_id: str) -> None:
    """A page that no longer yields an article stops counting for its old lines."""
    if outlet:
        record_page(db, outlet, document_id, {})
        db.conn.execute(sql.PENDING_DONE, [outlet, document_id])


class LearnedLine(TypedDict):
    line: str
    pages: int  # pages of the outlet it was seen on
    active: bool  # seen on enough pages to be removed (boilerplate_min_pages)


def learned_lines(db: Database, outlet: str, settings: CurationSettings, min_pages: int = 2) -> list[LearnedLine]:
    """Lines seen on at least min_pages pages of an outlet, most frequent first: line, pages, active.
    (Every short line of every page is counted; one seen on a single page is not learned anything.)"""
    rows = db.execute(
        "SELECT line, pages FROM boilerplate_lines WHERE outlet = ? AND pages >= ? ORDER BY pages DESC, line",
        [outlet, max(min_pages, 1)],
    ).fetchall()
    return [{"line": line, "pages": pages, "active": pages >= settings.boilerplate_min_pages} for line, pages in rows]
