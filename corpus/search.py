"""Arabic-aware full-text search over corpus.db: queries, the document filter, snippets.

The index itself (documents_fts, what it holds and how it is kept in step) is corpus/search_index.py.
This module is on the path of `corpus search`: keep its imports light (no Scrapy, no curation).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from corpus.search_index import FTS_TABLE, clitic_forms, fold, fold_word, is_word_char, word_spans

# --- filters shared by search, export and stats -------------------------------------------------


@dataclass(frozen=True)
class DocumentFilter:
    """Which documents a command works on; `where()` turns it into SQL."""

    outlets: tuple[str, ...] = ()
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive (the whole day)
    lang: str | None = None
    statuses: tuple[str, ...] = ("ok",)  # empty: any status
    keep_duplicates: bool = False  # False: one document per duplicate cluster (duplicate_of IS NULL)

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"--{name}: expected a date YYYY-MM-DD, got {value!r}") from None

    def where(self, table: str = "documents") -> tuple[str, list[str]]:
        """The SQL condition this filter sets on `table` and its parameters."""
        clauses: list[str] = []
        params: list[str] = []
        if self.outlets:
            clauses.append(f"{table}.outlet IN ({','.join('?' * len(self.outlets))})")
            params += list(self.outlets)
        if self.since:
            clauses.append(f"{table}.published >= ?")
            params.append(self.since)
        if self.until:  # published may carry a time: compare with the start of the next day
            clauses.append(f"{table}.published < ?")
            params.append((date.fromisoformat(self.until) + timedelta(days=1)).isoformat())
        if self.lang:
            clauses.append(f"{table}.lang = ?")
            params.append(self.lang)
        if self.statuses:
            clauses.append(f"{table}.status IN ({','.join('?' * len(self.statuses))})")
            params += list(self.statuses)
        if not self.keep_duplicates:
            clauses.append(f"{table}.duplicate_of IS NULL")
        return (" AND ".join(clauses) or "1"), params


# --- queries ------------------------------------------------------------------------------------

_PREFIX_TERM = re.compile(r"(\S+?)\*$")

# Bounds on one query. Why: FTS5 ranks (bm25) by walking every instance of every phrase in each matching
# document, merging the phrases' position lists one step at a time over all of them, so its cost grows
# with the square of the number of phrases; a plain word is up to ~4 phrases (its proclitic-free forms).
# A 10,000-word query ran 200 s before these bounds; now it is refused at once.
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 32  # distinct words (a repeated word counts once: it is matched once)
QUERY_TIME_LIMIT_S = 10.0
_FTS5_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


class QueryBoundExceeded(ValueError):
    """A query beyond one of the bounds above, or one that ran past its time limit; the message is one line."""


def query_terms(query: str) -> list[tuple[str, bool]]:
    """[(folded term, is_prefix)]: the distinct words of a user query as the index sees them, in order."""
    terms = []
    for raw in query.split():
        prefix = bool(_PREFIX_TERM.match(raw))
        words = [fold(raw[start:end]) for start, end in word_spans(raw.rstrip("*"))]
        words = [w for w in words if w]
        terms += [(w, prefix and i == len(words) - 1) for i, w in enumerate(words)]
    return list(dict.fromkeys(terms))


def check_query_bounds(query: str, raw: bool = False) -> None:
    """Raise QueryBoundExceeded if the query is longer than MAX_QUERY_CHARS or has more than
    MAX_QUERY_TERMS distinct words (in raw mode: distinct words outside the FTS5 operators)."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryBoundExceeded(
            f"query too long: {len(query):,} characters (at most {MAX_QUERY_CHARS:,}); search for fewer words"
        )
    words: set[str] | set[tuple[str, bool]]
    if raw:
        words = {fold(query[s:e]) for s, e in word_spans(query) if query[s:e] not in _FTS5_OPERATORS}
    else:
        words = set(query_terms(query))
    if len(words) > MAX_QUERY_TERMS:
        raise QueryBoundExceeded(
            f"query has {len(words):,} distinct words (at most {MAX_QUERY_TERMS}); search for fewer words"
        )


@contextmanager
def time_limit(
    db: sqlite_utils.Database, seconds: float | None = QUERY_TIME_LIMIT_S, what: str = "query"
) -> Iterator[None]:
    """Interrupt the SQL run on db inside the block once it has run `seconds` (sqlite's progress handler,
    checked every few thousand virtual-machine steps): QueryBoundExceeded. None or 0: no limit."""
    if not seconds:
        yield
        return
    deadline = time.monotonic() + seconds
    db.conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" not in str(exc) or time.monotonic() <= deadline:
            raise
        raise QueryBoundExceeded(
            f"{what} stopped after {seconds:g} s (the time limit); use fewer or rarer words, or narrow it with filters"
        ) from None
    finally:
        db.conn.set_progress_handler(None, 0)


def _term_match(term: str, prefix: bool) -> str:
    if prefix:
        return f'"{term}"*'
    return "(" + " OR ".join(f'"{form}"' for form in (term, *clitic_forms(term))) + ")"


def snippet_terms(query: str) -> list[tuple[str, bool]]:
    """The terms a snippet marks: the query's words and, for plain words, their forms without proclitics."""
    terms = query_terms(query)
    return terms + [(form, False) for term, prefix in terms if not prefix for form in clitic_forms(term)]


def fts_match(query: str, raw: bool = False) -> str:
    """The FTS5 MATCH expression for a user query, folded like the index. It matches in both columns:
    the folded text and the folded forms without proclitics (a query never holds an unfolded letter,
    so the as-written spellings there do not disturb it).

    Plain mode quotes every folded word (all must occur; `word*` is a prefix search); a word typed
    with proclitics also matches without them ("الطاقة" finds "طاقة" too). Raw mode keeps
    FTS5 syntax (OR, NOT, NEAR, "phrases") and folds only the Arabic/non-ASCII runs.
    Raises QueryBoundExceeded for a query beyond MAX_QUERY_CHARS / MAX_QUERY_TERMS.
    """
    check_query_bounds(query, raw)
    if raw:
        expr = re.sub(r"[^\x00-\x7f]+", lambda m: fold(m.group()), query)
    else:
        # An explicit AND: FTS5 (SQLite 3.40) refuses an implicit AND next to a parenthesised group.
        expr = " AND ".join(_term_match(term, prefix) for term, prefix in query_terms(query))
    if not expr.strip():
        raise ValueError("empty query: give at least one word")
    return expr


@dataclass
class Hit:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    score: float
    snippet: list[tuple[str, bool]] = field(default_factory=list)  # (text, is_match) segments

    def snippet_text(self, mark: Callable[[str], str] = lambda s: f"[{s}]") -> str:
        return "".join(mark(text) if hit else text for text, hit in self.snippet)


# How far `corpus search` counts: beyond this it says "more than N" instead of counting every match.
COUNT_AT_MOST = 1000
_BATCH = 256  # candidate rowids checked against the filter per query
# How many matches `corpus search` ranks: the RANK_WINDOW most recently stored documents that match
# and pass the filter, by bm25 (None: every match). Why: FTS5 ranks (ORDER BY rank) by scoring and
# sorting every match, so a common word's query grew with the corpus (206 ms at 100k documents, 96k
# matches). A window is read newest first (the doclist by rowid DESC) and stops, so the rows scored
# do not grow with the matches. The scores are FTS5's own bm25 (idf from the whole index), so a query
# with at most RANK_WINDOW matches ranks exactly as ranking every match does. bm25's idf counts the
# documents holding each phrase once per query: a walk of the phrase's doclist inside FTS5 (about
# 3 ms per 100,000 documents holding it here), the one part that still follows the corpus.
RANK_WINDOW = 2000


def _batches(cursor: sqlite3.Cursor, size: int | None = None) -> Iterator[list[Any]]:
    while True:
        rows = cursor.fetchmany(size or _BATCH)
        if not rows:
            return
        yield rows


def _passing(db: sqlite_utils.Database, rowids: list[int], flt: DocumentFilter) -> set[int]:
    """Which of these documents pass the filter (rowid lookups: the cost follows the batch, not the corpus).
    NOT INDEXED: left to itself SQLite plans this on documents_selection (status, duplicate_of) and
    reads every ok original for each batch; the rowids are what narrow it."""
    where, params = flt.where()
    marks = ",".join("?" * len(rowids))
    sql = f"SELECT rowid FROM documents NOT INDEXED WHERE rowid IN ({marks}) AND {where}"
    return {row[0] for row in db.execute(sql, [*rowids, *params])}


def count_matches(
    db: sqlite_utils.Database, query: str, flt: DocumentFilter, raw: bool = False, at_most: int | None = None
) -> int:
    """Matching documents that pass the filter; with at_most, stops at at_most + 1 ("more than at_most")."""
    cursor = db.conn.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", [fts_match(query, raw)])
    total = 0
    for batch in _batches(cursor, 4 * _BATCH):
        total += len(_passing(db, [rowid for (rowid,) in batch], flt))
        if at_most is not None and total > at_most:
            cursor.close()
            return at_most + 1
    return total


@dataclass
class Ranked:
    """What a search returns: the hits, and whether ranking stopped at the window (more matches
    passing the filter were left unranked: older ones)."""

    hits: list[Hit]
    window_full: bool = False


def search(
    db: sqlite_utils.Database,
    query: str,
    flt: DocumentFilter,
    limit: int = 20,
    raw: bool = False,
    window: int | None = RANK_WINDOW,
) -> list[Hit]:
    """ranked_search(...).hits."""
    return ranked_search(db, query, flt, limit, raw, window).hits


def ranked_search(
    db: sqlite_utils.Database,
    query: str,
    flt: DocumentFilter,
    limit: int = 20,
    raw: bool = False,
    window: int | None = RANK_WINDOW,
) -> Ranked:
    """Best matches first by bm25, each with a snippet of its original text: among the `window` most
    recently stored documents that match and pass the filter (see RANK_WINDOW), or among every match
    (window None). Only the hits' rows of documents are read whole."""
    match = fts_match(query, raw)
    if window is None:
        best, full = _best_of_every_match(db, match, flt, limit), False
    else:
        best, full = _best_of_newest(db, match, flt, limit, window)
    return Ranked(_hits(db, query, best), full)


def newest_matches(flt: DocumentFilter, window: int) -> tuple[str, list[object]]:
    """(SQL, parameters after the MATCH expression): the `window` + 1 newest matches passing the filter
    with their bm25. The doclist is read newest first (FTS5 gives rowid DESC order itself: no sort),
    each match's documents row looked up by rowid (NOT INDEXED: not planned on a filter index), and
    the read stops at the limit."""
    where, params = flt.where("d")
    sql = (
        f"SELECT {FTS_TABLE}.rowid, bm25({FTS_TABLE}) FROM {FTS_TABLE} "
        f"JOIN documents d NOT INDEXED ON d.rowid = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH ? AND {where} ORDER BY {FTS_TABLE}.rowid DESC LIMIT ?"
    )
    return sql, [*params, window + 1]


def _best_of_newest(
    db: sqlite_utils.Database, match: str, flt: DocumentFilter, limit: int, window: int
) -> tuple[list[tuple[int, float]], bool]:
    """([(rowid, bm25)] best first, whether the window filled: older matches passing the filter were left)."""
    sql, params = newest_matches(flt, window)
    scored = db.execute(sql, [match, *params]).fetchall()
    full = len(scored) > window
    scored = sorted(scored[:window], key=lambda item: (item[1], -item[0]))  # bm25: lower is better; newer first
    return scored[:limit], full


def _best_of_every_match(
    db: sqlite_utils.Database, match: str, flt: DocumentFilter, limit: int
) -> list[tuple[int, float]]:
    """FTS5 ranks every match by itself (ORDER BY rank, in C); we walk that order and keep the first
    `limit` that pass the filter. The cost follows the number of matches."""
    cursor = db.conn.execute(f"SELECT rowid, rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? ORDER BY rank", [match])
    best: list[tuple[int, float]] = []
    for batch in _batches(cursor):
        passing = _passing(db, [rowid for rowid, _ in batch], flt)
        best += [(rowid, score) for rowid, score in batch if rowid in passing][: limit - len(best)]
        if len(best) >= limit:
            cursor.close()
            break
    return best


def _hits(db: sqlite_utils.Database, query: str, best: list[tuple[int, float]]) -> list[Hit]:
    terms = snippet_terms(query)
    verdicts: dict[str, bool] = {}  # shared by the hits: news texts share most of their words
    hits = []
    for rowid, score in best:
        doc_id, title, outlet, published, url, text = db.execute(
            "SELECT id, title, outlet, published, url, text FROM documents WHERE rowid = ?", [rowid]
        ).fetchone()
        hits.append(
            Hit(doc_id, title, outlet, published, url, score, make_snippet(text or "", terms, verdicts=verdicts))
        )
    return hits


# --- snippets from the original text ------------------------------------------------------------
# FTS5's snippet() could only quote the normalized column (no diacritics, ة written ه), which reads
# badly. So we find the matches again in the original text: split it into words the way the index
# does (marks and tatweel stay inside their word), fold each word, and compare with the folded terms.


def _matches(word: str, terms: list[tuple[str, bool]]) -> bool:
    """Whether the index finds this word for these terms: its folded form or one without proclitics."""
    folded = fold_word(word)
    return any(
        form.startswith(term) if prefix else form == term
        for form in (folded, *clitic_forms(folded))
        for term, prefix in terms
    )


def make_snippet(
    text: str, terms: list[tuple[str, bool]], words: int = 24, verdicts: dict[str, bool] | None = None
) -> list[tuple[str, bool]]:
    """The `words`-word window of `text` with the most matches, as (text, is_match) segments.
    verdicts: {word: whether it matches these terms}, kept across calls for the same terms."""
    spans = list(word_spans(text))
    if not spans:
        return []
    if verdicts is None:
        verdicts = {}  # a text repeats its words: judge each distinct word once
    hits = []
    for s, e in spans:
        word = text[s:e]
        verdict = verdicts.get(word)
        if verdict is None:
            verdict = verdicts[word] = _matches(word, terms)
        hits.append(verdict)
    best_start, best_count, running = 0, -1, 0
    for i, hit in enumerate(hits):  # sliding window over word positions
        running += hit
        if i >= words:
            running -= hits[i - words]
        if running > best_count:
            best_count, best_start = running, max(0, i - words + 1)
    first = best_start
    if best_count > 0:  # start two words before the first match so it has some context
        first = max(0, next(i for i in range(best_start, len(hits)) if hits[i]) - 2)
    last = min(len(spans), first + words) - 1
    segments: list[tuple[str, bool]] = [("…", False)] if first > 0 else []
    cursor = spans[first][0]
    for i in range(first, last + 1):
        s, e = spans[i]
        if s > cursor:
            segments.append((re.sub(r"\s+", " ", text[cursor:s]), False))
        segments.append((text[s:e], hits[i]))
        cursor = e
    tail = cursor  # keep the punctuation closing the last word ("…ستوقّع.")
    while tail < len(text) and not text[tail].isspace() and not is_word_char(text[tail]):
        tail += 1
    if tail > cursor:
        segments.append((text[cursor:tail], False))
    if last < len(spans) - 1:
        segments.append((" …", False))
    return _merge_plain(segments)


def _merge_plain(segments: Iterable[tuple[str, bool]]) -> list[tuple[str, bool]]:
    merged: list[tuple[str, bool]] = []
    for text, hit in segments:
        if merged and not hit and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + text, False)
        else:
            merged.append((text, hit))
    return merged
