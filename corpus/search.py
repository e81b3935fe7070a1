"""Arabic-aware full-text search over corpus.db, usable from sqlite-utils and Datasette too.

Why two extra columns: SQLite's FTS5 tokenizer (unicode61) treats Arabic diacritics as separators,
so it indexes "وقّع" as two tokens and "محمد" never finds "مُحمّد". Instead of a custom tokenizer
(impossible from Python, and invisible to the sqlite-utils CLI and Datasette) we index text that is
already normalized, in ordinary columns of `documents`, filled on every write by save_document:

- search_text:  normalize_for_matching(title + text): diacritics, tatweel, bidi and zero-width
                marks stripped AND letters folded (أ إ آ ٱ → ا, ى → ي, ة → ه). `corpus search` folds
                the query the same way, so every spelling variant meets every other.
- search_plain: the same text with only the marks stripped, letters as written. Datasette's search
                box and `sqlite-utils search` cannot fold the query, so people type "اتفاقية" (with
                ة); this column lets that plain spelling match, whatever diacritics the text carries.

documents_fts (FTS5, external content = documents, sqlite-utils' triggers) indexes both columns, so
`sqlite-utils search corpus.db documents محمد` and Datasette's `_search=` work as-is.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlite_utils

FTS_TABLE = "documents_fts"
FOLDED_COLUMN = "search_text"
PLAIN_COLUMN = "search_plain"
SEARCH_COLUMNS = (FOLDED_COLUMN, PLAIN_COLUMN)
# Characters that glue a word together without being letters: tatweel, zero-width (non-)joiners, bidi marks.
_GLUE = frozenset("\u0640\u200c\u200d\u200e\u200f\u061c")


def fold(text: str) -> str:
    """The matching form of Arabic text (imported lazily: cleaners is a sibling package)."""
    from cleaners.normalize import normalize_for_matching

    return normalize_for_matching(text)


def strip_marks(text: str) -> str:
    """Text without diacritics/tatweel/invisible marks, letters kept as written (search_plain)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not _is_mark(ch))


@functools.lru_cache(maxsize=4096)
def _is_mark(ch: str) -> bool:
    return ch in _GLUE or unicodedata.category(ch) in ("Mn", "Me", "Cf")


def searchable_source(title: str | None, text: str | None) -> str:
    """Title + text, without indexing the title twice (text normally starts with the title line)."""
    text = text or ""
    if title and not text.startswith(title):
        return f"{title}\n\n{text}"
    return text


def search_columns(title: str | None, text: str | None) -> dict:
    source = searchable_source(title, text)
    return {FOLDED_COLUMN: fold(source), PLAIN_COLUMN: strip_marks(source)}


def with_search_columns(row: dict) -> dict:
    """The row plus its search columns; rows that do not carry text (status updates) are left alone."""
    if "text" not in row:
        return row
    return {**row, **search_columns(row.get("title"), row.get("text"))}


def fill_missing_search_columns(db: sqlite_utils.Database, batch: int = 500) -> int:
    """Compute search columns for rows written without them (e.g. by code bypassing save_document)."""
    filled = 0
    while True:
        rows = db.execute(
            f"SELECT id, title, text FROM documents WHERE {FOLDED_COLUMN} IS NULL AND text IS NOT NULL LIMIT ?",
            [batch],
        ).fetchall()
        if not rows:
            return filled
        with db.conn:
            for doc_id, title, text in rows:
                db["documents"].update(doc_id, search_columns(title, text))
        filled += len(rows)


def rebuild_search_index(db: sqlite_utils.Database, on_batch=lambda done, total: None) -> int:
    """Recompute every row's search columns and rebuild documents_fts (after a normalizer change).

    Works in batches of 500 rows, one transaction each; on_batch(done, total) reports progress."""
    ids = [row[0] for row in db.execute("SELECT id FROM documents WHERE text IS NOT NULL")]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        with db.conn:
            for doc_id, title, text in db.execute(
                f"SELECT id, title, text FROM documents WHERE id IN ({marks})", chunk
            ).fetchall():
                db["documents"].update(doc_id, search_columns(title, text))
        on_batch(min(start + 500, len(ids)), len(ids))
    with db.conn:
        db.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")
    return len(ids)


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

    def __post_init__(self):
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"--{name}: expected a date YYYY-MM-DD, got {value!r}") from None

    def where(self, table: str = "documents") -> tuple[str, list]:
        clauses, params = [], []
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


def query_terms(query: str) -> list[tuple[str, bool]]:
    """[(folded term, is_prefix)]: the words of a user query as the index sees them."""
    terms = []
    for raw in query.split():
        prefix = bool(_PREFIX_TERM.match(raw))
        words = [fold(raw[start:end]) for start, end in word_spans(raw.rstrip("*"))]
        words = [w for w in words if w]
        terms += [(w, prefix and i == len(words) - 1) for i, w in enumerate(words)]
    return terms


def fts_match(query: str, raw: bool = False) -> str:
    """The FTS5 MATCH expression for a user query, restricted to the folded column.

    Plain mode quotes every folded word (all must occur; `word*` is a prefix search). Raw mode keeps
    FTS5 syntax (OR, NOT, NEAR, "phrases") and folds only the Arabic/non-ASCII runs.
    """
    if raw:
        expr = re.sub(r"[^\x00-\x7f]+", lambda m: fold(m.group()), query)
    else:
        expr = " ".join(f'"{term}"' + ("*" if prefix else "") for term, prefix in query_terms(query))
    if not expr.strip():
        raise ValueError("empty query: give at least one word")
    return f"{FOLDED_COLUMN} : ({expr})"


@dataclass
class Hit:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    score: float
    snippet: list[tuple[str, bool]] = field(default_factory=list)  # (text, is_match) segments

    def snippet_text(self, mark=lambda s: f"[{s}]") -> str:
        return "".join(mark(text) if hit else text for text, hit in self.snippet)


def count_matches(db: sqlite_utils.Database, query: str, flt: DocumentFilter, raw: bool = False) -> int:
    where, params = flt.where()
    # The IN form probes documents' filter index once per match: ~20x faster than a join here.
    sql = (
        f"SELECT count(*) FROM documents WHERE rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?) "
        f"AND {where}"
    )
    return db.execute(sql, [fts_match(query, raw), *params]).fetchone()[0]


def search(
    db: sqlite_utils.Database, query: str, flt: DocumentFilter, limit: int = 20, raw: bool = False
) -> list[Hit]:
    """Best matches first (bm25 over the folded column), each with a snippet of its original text."""
    where, params = flt.where()
    sql = (
        f"SELECT documents.id, documents.title, documents.outlet, documents.published, documents.url, "
        f"documents.text, bm25({FTS_TABLE}) AS score "
        # CROSS JOIN keeps the FTS scan outside: SQLite must not loop over documents and re-run the
        # match per row (minutes on a large corpus).
        f"FROM {FTS_TABLE} CROSS JOIN documents ON documents.rowid = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH ? AND {where} ORDER BY score, documents.id LIMIT ?"
    )
    terms = query_terms(query)
    hits = []
    for doc_id, title, outlet, published, url, text, score in db.execute(sql, [fts_match(query, raw), *params, limit]):
        hits.append(Hit(doc_id, title, outlet, published, url, score, make_snippet(text or "", terms)))
    return hits


# --- snippets from the original text ------------------------------------------------------------
# FTS5's snippet() could only quote the normalized column (no diacritics, ة written ه), which reads
# badly. So we find the matches again in the original text: split it into words the way the index
# does (marks and tatweel stay inside their word), fold each word, and compare with the folded terms.


@functools.lru_cache(maxsize=4096)
def _is_word_char(ch: str) -> bool:
    return ch in _GLUE or unicodedata.category(ch)[0] in "LNM"


def word_spans(text: str):
    """(start, end) of each word: maximal runs of letters, digits and combining marks."""
    start = None
    for i, ch in enumerate(text):
        if _is_word_char(ch):
            if start is None:
                start = i
        elif start is not None:
            yield start, i
            start = None
    if start is not None:
        yield start, len(text)


def _matches(word: str, terms: list[tuple[str, bool]]) -> bool:
    folded = fold(word)
    return any(folded.startswith(term) if prefix else folded == term for term, prefix in terms)


def make_snippet(text: str, terms: list[tuple[str, bool]], words: int = 24) -> list[tuple[str, bool]]:
    """The `words`-word window of `text` with the most matches, as (text, is_match) segments."""
    spans = list(word_spans(text))
    if not spans:
        return []
    hits = [_matches(text[s:e], terms) for s, e in spans]
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
    while tail < len(text) and not text[tail].isspace() and not _is_word_char(text[tail]):
        tail += 1
    if tail > cursor:
        segments.append((text[cursor:tail], False))
    if last < len(spans) - 1:
        segments.append((" …", False))
    return _merge_plain(segments)


def _merge_plain(segments):
    merged = []
    for text, hit in segments:
        if merged and not hit and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + text, False)
        else:
            merged.append((text, hit))
    return merged
