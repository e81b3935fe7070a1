"""The full-text index of documents (documents_fts), holding no second copy of the text.

Why normalized text at all: SQLite's FTS5 tokenizer (unicode61) treats Arabic diacritics as
separators, so it indexes "وقّع" as two tokens and "محمد" never finds "مُحمّد". A custom tokenizer
is impossible from Python and invisible to the sqlite-utils CLI and Datasette, so we feed the index
text that is already normalized, computed here from title + text on every write:

- search_text:  the folded text (diacritics, tatweel, bidi and zero-width marks stripped AND letters
                folded: أ إ آ ٱ → ا, ى → ي, ة → ه). `corpus search` folds the query the same way.
- search_plain: the other forms a query may be typed in, once each: words as written (marks stripped)
                whose folded form differs (اتفاقية, إعلان ...), and every word without the proclitics
                Arabic attaches to it (و ف ب ل ك ال and their combinations: بالقانون → قانون), as
                written and folded. Datasette's search box and `sqlite-utils search` cannot fold or
                strip the query, so this lets "اتفاقية" typed with ة, or "قانون", find them too.

Why no stored copy: documents_fts is declared `content="documents"` over the columns search_text and
search_plain, which exist in documents but stay NULL. sqlite-utils and Datasette detect the index by
that declaration; MATCH, rank and bm25() work from the index alone. We write the index from Python
(no triggers) and remove a row's old entry with FTS5's 'delete' command fed the same values
recomputed from the old title/text, so the index never needs the content. Only FTS5's 'rebuild'
(and snippet()/highlight()) read the content columns: never run `sqlite-utils rebuild-fts` on it
(`corpus search --reindex` rebuilds it from the texts).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator

import sqlite_utils

FTS_TABLE = "documents_fts"
FOLDED_COLUMN = "search_text"
PLAIN_COLUMN = "search_plain"
SEARCH_COLUMNS = (FOLDED_COLUMN, PLAIN_COLUMN)
TOKENIZE = "unicode61 remove_diacritics 2"
# The declaration sqlite-utils' enable_fts writes, so its detect_fts (and Datasette's) find the index.
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS [{FTS_TABLE}] USING FTS5 ([{FOLDED_COLUMN}], [{PLAIN_COLUMN}], "
    f"tokenize='{TOKENIZE}', content=[documents])"
)
# FTS5's own table of indexed rowids (one row per indexed document, keyed by rowid).
INDEXED_ROWIDS = f"{FTS_TABLE}_docsize"
# Characters that glue a word together without being letters: tatweel, zero-width (non-)joiners, bidi marks.
_GLUE = frozenset("\u0640\u200c\u200d\u200e\u200f\u061c")
# A word of text whose marks are stripped: letters and digits, as FTS5's unicode61 tokenizer sees it.
_PLAIN_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """The matching form of Arabic text (imported lazily: cleaners is a sibling package)."""
    from cleaners.normalize import normalize_for_matching

    return normalize_for_matching(text)


@functools.lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """fold() of one word, remembered: a corpus repeats the same few thousand words."""
    return fold(word)


@functools.lru_cache(maxsize=1)
def _categorized() -> dict[int, str]:
    """Unicode category of the code points that can carry marks in text we index: Latin to Arabic,
    Indic and general punctuation (bidi and zero-width marks), and the presentation forms, variation
    selectors and BOM at the end of the BMP. A few ms once, instead of the whole of Unicode."""
    ranges = (range(0x3000), range(0xFB00, 0x10000))
    return {cp: unicodedata.category(chr(cp)) for r in ranges for cp in r}


def _codepoints(categories: tuple[str, ...]) -> list[int]:
    return [cp for cp, category in _categorized().items() if category.startswith(categories)]


def _char_class(codepoints: Iterable[int]) -> str:
    """A regex character class body for these code points, as ranges."""
    parts: list[str] = []
    run: list[int] = []
    for cp in sorted(set(codepoints)):
        if run and cp == run[-1] + 1:
            run.append(cp)
            continue
        if run:
            parts.append(re.escape(chr(run[0])) + (f"-{re.escape(chr(run[-1]))}" if len(run) > 1 else ""))
        run = [cp]
    if run:
        parts.append(re.escape(chr(run[0])) + (f"-{re.escape(chr(run[-1]))}" if len(run) > 1 else ""))
    return "".join(parts)


@functools.lru_cache(maxsize=1)
def _marks_pattern() -> re.Pattern[str]:
    """Diacritics and other non-spacing/enclosing marks, invisible format characters, tatweel and glue."""
    return re.compile(f"[{_char_class([*_codepoints(('Mn', 'Me', 'Cf')), *map(ord, _GLUE)])}]+")


@functools.lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern[str]:
    """A word: a run of letters, digits, combining marks and glue (marks stay inside their word)."""
    return re.compile(f"(?:[^\\W_]|[{_char_class([*_codepoints(('M',)), *map(ord, _GLUE)])}])+")


def strip_marks(text: str) -> str:
    """Text without diacritics/tatweel/invisible marks, letters kept as written."""
    return _marks_pattern().sub("", unicodedata.normalize("NFKC", text))


def is_word_char(ch: str) -> bool:
    return ch in _GLUE or unicodedata.category(ch)[0] in "LNM"


def word_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each word: maximal runs of letters, digits and combining marks."""
    return (m.span() for m in _word_pattern().finditer(text))


def searchable_source(title: str | None, text: str | None) -> str:
    """Title + text, without indexing the title twice (text normally starts with the title line)."""
    text = text or ""
    if title and not text.startswith(title):
        return f"{title}\n\n{text}"
    return text


# Proclitics Arabic writes attached to a word (and, or, with, for, like, the, and their combinations),
# longest first. "لل" is ل + ال (للقانون: for the law). Nothing shorter than _MIN_STEM letters is kept,
# so و/ل/ب at the start of a short word (ولد, لبن) are not taken for clitics.
_PROCLITICS = tuple("وبال وكال فبال فكال ولل فلل وال فال بال كال لل ال و ف ب ل ك".split())
_MIN_STEM = 3


@functools.lru_cache(maxsize=1 << 16)
def clitic_forms(word: str) -> tuple[str, ...]:
    """The word without the proclitics it may carry: بالقانون → (القانون, قانون), للقانون → (قانون,
    القانون), التوترات → (توترات,). Every possible reading: the index cannot tell a clitic from a root
    letter, so و in "وزير" also gives "زير" (a small loss of precision, measured in the README)."""
    forms = []
    for clitic in _PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= _MIN_STEM:
            rest = word[len(clitic) :]
            forms.append(rest)
            if clitic.endswith("لل"):
                forms.append("ال" + rest)
    return tuple(dict.fromkeys(forms))


def index_values(title: str | None, text: str | None) -> tuple[str, str]:
    """(search_text, search_plain) for a document: what the index holds for it.

    search_plain holds, once each, the forms a query may be typed in that the folded text lacks: each
    word as written (marks stripped) and each word without its proclitics, as written and folded."""
    return _source_values(searchable_source(title, text))


# (title, text, index_values(title, text)) worked out ahead, where there is no database (a worker
# process): the writer uses the values when the row it indexes still has that title and text.
KnownEntry = tuple[str | None, str | None, tuple[str, str]]


def _values_for(title: str | None, text: str | None, known: KnownEntry | None) -> tuple[str, str]:
    if known is not None and known[0] == title and known[1] == text:
        return known[2][0], known[2][1]
    return index_values(title, text)


def _source_values(source: str) -> tuple[str, str]:
    folded = fold(source)
    folded_words = set(_PLAIN_WORD.findall(folded))
    other_forms: dict[str, None] = {}  # distinct, in order of appearance: deterministic for 'delete'
    for word in dict.fromkeys(_PLAIN_WORD.findall(strip_marks(source))):
        for spelling, token in _query_forms(word):
            if token not in folded_words:
                other_forms[spelling] = None
    return folded, " ".join(other_forms)


@functools.lru_cache(maxsize=1 << 16)
def _query_forms(word: str) -> tuple[tuple[str, str], ...]:
    """(spelling, the token FTS5 makes of it) for the word and its forms without proclitics, each as
    written and folded: worked out once per distinct word of the corpus, not once per document."""
    spellings = dict.fromkeys(s for form in (word, *clitic_forms(word)) for s in (form, fold_word(form)))
    return tuple((spelling, spelling.casefold()) for spelling in spellings)


# --- keeping the index in step with documents -----------------------------------------------------


def indexed_source(db: sqlite_utils.Database, doc_id: str) -> tuple[int, str | None, str | None] | None:
    """(rowid, title, text) of a stored document if the index holds it, else None: what to delete."""
    pending = _pending.get(db)
    if pending and doc_id in pending.doc_ids:
        pending.flush()  # the index must show this document's earlier write before it is asked about it
    found: tuple[int, str | None, str | None] | None = db.execute(
        f"SELECT d.rowid, d.title, d.text FROM documents d JOIN {INDEXED_ROWIDS} s ON s.id = d.rowid WHERE d.id = ?",
        [doc_id],
    ).fetchone()
    return found


ADD_ENTRY = f"INSERT INTO {FTS_TABLE} (rowid, {FOLDED_COLUMN}, {PLAIN_COLUMN}) VALUES (?, ?, ?)"
DELETE_ENTRY = (
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, {FOLDED_COLUMN}, {PLAIN_COLUMN}) VALUES ('delete', ?, ?, ?)"
)


def add_to_index(
    db: sqlite_utils.Database,
    rowid: int,
    title: str | None,
    text: str | None,
    doc_id: str | None = None,
    known: KnownEntry | None = None,
) -> None:
    _write_entry(db, ADD_ENTRY, [rowid, *_values_for(title, text, known)], doc_id)


def remove_from_index(
    db: sqlite_utils.Database, rowid: int, title: str | None, text: str | None, doc_id: str | None = None
) -> None:
    """FTS5 removes exactly the tokens it is given: the values must be those that were indexed."""
    _write_entry(db, DELETE_ENTRY, [rowid, *index_values(title, text)], doc_id)


def _write_entry(db: sqlite_utils.Database, statement: str, values: list[object], doc_id: str | None) -> None:
    pending = _pending.get(db)
    if pending is None:
        db.execute(statement, values)
    else:
        pending.add(statement, values, doc_id)


class PendingEntries:
    """Index writes held back until the end of a batch (see batched_index), in order."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.entries: list[tuple[str, list[object]]] = []  # (statement, its parameters)
        self.doc_ids: set[str | None] = set()

    def add(self, statement: str, values: list[object], doc_id: str | None) -> None:
        self.entries.append((statement, values))
        self.doc_ids.add(doc_id)

    def flush(self) -> None:
        for statement, run in itertools.groupby(self.entries, key=lambda entry: entry[0]):
            self.db.conn.executemany(statement, [values for _, values in run])
        self.entries.clear()
        self.doc_ids.clear()


_pending: weakref.WeakKeyDictionary[sqlite_utils.Database, PendingEntries] = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def batched_index(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Inside one write transaction: hold this block's index writes and make them together at its end
    (still inside the transaction). FTS5 writes out what it buffered at every savepoint, so indexing
    document by document between the savepoints of the following documents' writes leaves one small
    index segment per document to merge; held back, a batch makes one. A write that raises inside
    the block must fail the whole transaction (corpus.workers.write_in_batches): the held entries are
    dropped with it."""
    if db in _pending:
        yield db
        return
    pending = _pending[db] = PendingEntries(db)
    try:
        yield db
    finally:
        del _pending[db]
    pending.flush()


def reindex_document(
    db: sqlite_utils.Database,
    doc_id: str,
    before: tuple[int, str | None, str | None] | None = None,
    known: KnownEntry | None = None,
) -> None:
    """After a write of document `doc_id`: replace its index entry. `before` is indexed_source() taken
    before the write (None: it was not indexed); `known`, the new entry if it was worked out ahead.
    Call inside the write's transaction."""
    after = db.execute("SELECT rowid, title, text FROM documents WHERE id = ?", [doc_id]).fetchone()
    if before is not None and after is not None and tuple(before) == tuple(after):
        return  # same rowid, title and text: the entry is already right
    if before is not None:
        old_rowid, old_title, old_text = before
        remove_from_index(db, old_rowid, old_title, old_text, doc_id=doc_id)
    if after is not None:
        rowid, title, text = after
        add_to_index(db, rowid, title, text, doc_id=doc_id, known=known)


def unindex_document(db: sqlite_utils.Database, doc_id: str) -> None:
    """Before deleting document `doc_id`: take it out of the index."""
    before = indexed_source(db, doc_id)
    if before is not None:
        remove_from_index(db, *before, doc_id=doc_id)


def create_index(db: sqlite_utils.Database) -> None:
    db.execute(CREATE_FTS)
    db.execute(f"CREATE TABLE IF NOT EXISTS [{STATE_TABLE}] (key TEXT PRIMARY KEY, value TEXT)")


# --- the index must have been built by today's index_values ------------------------------------------
# Removing a document's entry recomputes what was indexed for it, so a change to the normalizer
# (cleaners.normalize) or to index_values would make later deletes miss tokens. The index records a
# fingerprint of index_values on a probe text; a database opened with another one is reindexed.

STATE_TABLE = "search_index_state"
_PROBE = ("بالإتفاقيّة", "بالإتفاقيّة\n\nوقّع الرئيسُ ـ مُحمّد على الاتفاقيـــة للمستشفى في ٢٠٢٤ ﻻ Putin آمنة ئ ؤ ک ی\u200f.")


def fingerprint() -> str:
    import hashlib

    return hashlib.sha256("\x00".join(index_values(*_PROBE)).encode("utf-8")).hexdigest()[:16]


def record_fingerprint(db: sqlite_utils.Database) -> None:
    db.execute(f"INSERT OR REPLACE INTO [{STATE_TABLE}] (key, value) VALUES ('fingerprint', ?)", [fingerprint()])


def index_is_current(db: sqlite_utils.Database) -> bool:
    row = db.execute(f"SELECT value FROM [{STATE_TABLE}] WHERE key = 'fingerprint'").fetchone()
    return row is not None and row[0] == fingerprint()


def ensure_index_current(db: sqlite_utils.Database, on_rebuild: Callable[[int], object] = lambda total: None) -> bool:
    """Rebuild the index if today's index_values would not reproduce it; True if it did.
    One small query when nothing changed; on_rebuild(total documents) is told before a rebuild."""
    if index_is_current(db):
        return False
    from corpus.transaction import write_transaction

    on_rebuild(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    with write_transaction(db):
        rebuild_index(db)
        record_fingerprint(db)
    return True


def index_unindexed(db: sqlite_utils.Database, batch: int = 500) -> int:
    """Index rows written by code that bypassed save_document (appended rows: rowids above the last
    indexed one, found through the rowid, so the cost is the number of such rows, not the corpus)."""
    from corpus.transaction import write_transaction

    done = 0
    while True:
        last = db.execute(f"SELECT coalesce(max(id), 0) FROM {INDEXED_ROWIDS}").fetchone()[0]
        rows = db.execute(
            "SELECT rowid, title, text FROM documents WHERE rowid > ? ORDER BY rowid LIMIT ?", [last, batch]
        ).fetchall()
        if not rows:
            return done
        with write_transaction(db):
            for row in rows:
                add_to_index(db, *row)
        done += len(rows)


def rebuild_index(
    db: sqlite_utils.Database, batch: int = 500, on_batch: Callable[[int, int], object] = lambda done, total: None
) -> int:
    """Empty the index and index every document again from its title and text (after a normalizer
    change), in batches read by rowid; the caller decides the transaction. on_batch(done, total)."""
    total = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    db.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")
    done, last = 0, 0
    while True:
        rows = db.execute(
            "SELECT rowid, title, text FROM documents WHERE rowid > ? ORDER BY rowid LIMIT ?", [last, batch]
        ).fetchall()
        if not rows:
            return done
        for row in rows:
            add_to_index(db, *row)
        done += len(rows)
        last = rows[-1][0]
        on_batch(done, total)
