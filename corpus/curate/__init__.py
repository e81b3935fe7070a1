"""Curation: language, quality status, exact and near duplicates, learned outlet boilerplate.

Nothing is ever dropped: every document gets a row and a `status` saying why it is (not) in the corpus.

Status values (documents.status), checked in this order; status_reason says more:
  rejected    the cleaner found no article (reason: the cleaner's own, e.g. "empty")
  empty       nothing left after curation (e.g. only learned boilerplate)
  not_arabic  langdetect's best language is not Arabic (reason: "lang=en p=0.99")
  too_short   fewer than min_words words
  low_arabic  too small a share of Arabic-script letters
  link_list   mostly list/link lines (headline lists, menus)
  duplicate   same normalized text as an earlier document (text stored empty, duplicate_of set),
              or a near duplicate (text kept, duplicate_of = the most similar original, cluster_id)
  ok          in the corpus
Exports take status = 'ok' by default; clusters: cluster_id is the representative's id (every ok
document is its own cluster's representative: cluster_id = id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from sqlite_utils import Database

from cleaners.document import Document, Removal
from corpus.curate import boilerplate, dedup, language, quality
from corpus.curate.settings import CurationSettings
from corpus.search_index import KnownEntry, index_values
from corpus.transaction import write_transaction

if TYPE_CHECKING:
    from corpus.curate.dedup import Signature
    from corpus.store import Row

OK = "ok"
REJECTED = "rejected"
EMPTY = "empty"
NOT_ARABIC = "not_arabic"
TOO_SHORT = "too_short"
LOW_ARABIC = "low_arabic"
LINK_LIST = "link_list"
DUPLICATE = "duplicate"
STATUSES = (OK, REJECTED, EMPTY, NOT_ARABIC, TOO_SHORT, LOW_ARABIC, LINK_LIST, DUPLICATE)

__all__ = ["CurationSettings", "curate", "measure", "Measured", "write_transaction", "STATUSES", "NearDuplicateIndex"]
NearDuplicateIndex = dedup.NearDuplicateIndex


class Language(TypedDict):
    """The language columns of a documents row."""

    lang: str | None
    lang_prob: float | None
    arabic_ratio: float


@dataclass(frozen=True)
class Measured:
    """The CPU half of curation and storing for one document (language, quality, hash, MinHash and its
    band keys, its lines' hashes, its search index entry), computed where there is no database (a
    worker process) with `settings`. The writer uses it while the document's text is still this text
    and the settings are the same, and works each part out again otherwise."""

    text: str
    title: str | None
    settings: CurationSettings
    language: Language
    word_count: int
    quality: tuple[str, str | None]  # quality_status: (status, reason) before duplicates
    text_hash: str | None
    minhash: Signature  # corpus.curate.dedup.minhash_of
    band_keys: tuple[tuple[int, int], ...]  # of the minhash, in the settings' band layout
    line_hashes: tuple[str | None, ...]  # boilerplate.paragraph_hashes of the paragraphs
    index_values: tuple[str, str]  # search_index.index_values(title, text)

    def holds_for(self, text: str, settings: CurationSettings) -> bool:
        return self.text == text and self.settings == settings

    def known_index(self) -> KnownEntry:
        return self.title, self.text, (self.index_values[0], self.index_values[1])

    def hashes_for(self, document: Document, settings: CurationSettings) -> tuple[str | None, ...] | None:
        """The line hashes, if they were taken of this document with these settings."""
        if not self.holds_for(document.text, settings) or self.title != document.title:
            return None
        return tuple(self.line_hashes)


def measure(document: Document, settings: CurationSettings = CurationSettings()) -> Measured:
    text, title = document.text, document.title
    language = measure_language(text)
    word_count = len(text.split())
    minhash = dedup.minhash_of(text, settings.num_perm, settings.shingle_words)
    bands, rows = dedup.band_layout(settings.near_duplicate_threshold, settings.num_perm)
    return Measured(
        text,
        title,
        settings,
        language,
        word_count,
        quality_status({**language, "text": text, "word_count": word_count}, title, settings),
        dedup.text_hash(text),
        minhash,
        tuple(dedup.band_keys(minhash, settings.num_perm, bands, rows)),
        boilerplate.paragraph_hashes(list(document.paragraphs), title, settings),
        index_values(title, text),
    )


def curate(
    db: Database,
    row: Row,
    document: Document,
    settings: CurationSettings = CurationSettings(),
    measured: Measured | None = None,
) -> tuple[Row, list[Removal]]:
    """Fill row's lang, lang_prob, arabic_ratio, status, status_reason, text_hash, duplicate_of and
    cluster_id; remove learned outlet boilerplate from its text (returned as extra Removals).

    row is the documents row about to be stored (id, url, canonical_url, outlet, text, title,
    word_count, ...); document is the cleaners.Document it came from. Updates the persistent
    indexes (boilerplate counts, MinHash signatures) with plain SQL inside the caller's write_transaction
    (a savepoint: it never commits the caller's); the caller saves the row and removals (corpus.store.save_document), which
    commits all of it. See corpus.store.write_transaction. Called outside one, it commits its own writes."""
    with write_transaction(db):
        return _curate(db, dict(row), document, settings, measured)


def _curate(
    db: Database, row: Row, document: Document, settings: CurationSettings, measured: Measured | None
) -> tuple[Row, list[Removal]]:
    row.setdefault("text", document.text)
    if document.rejected:
        boilerplate.forget_page(db, row.get("outlet"), row["id"])
        return forget_signature(db, with_rejection(row, document.rejected), settings), []
    title = document.title
    paragraphs, removals = boilerplate.learn_and_strip(
        db,
        row.get("outlet"),
        row["id"],
        title,
        list(document.paragraphs),
        settings,
        measured.hashes_for(document, settings) if measured else None,
    )
    if removals:
        row["text"] = "\n\n".join(([title] if title else []) + paragraphs)
    text = row.get("text") or ""
    if measured is not None and not measured.holds_for(text, settings):
        measured = None  # learned boilerplate changed the text (or other settings): measure it here
    row["word_count"] = measured.word_count if measured else len(text.split())
    row.update(measured.language if measured else measure_language(text))
    row["text_hash"] = measured.text_hash if measured else dedup.text_hash(text)
    row.update(duplicate_of=None, cluster_id=None)
    status, reason = measured.quality if measured else quality_status(row, title, settings)
    row.update(status=status, status_reason=reason)
    if status == OK:
        row = resolve_duplicates(
            db, row, settings, measured.minhash if measured else None, measured.band_keys if measured else None
        )
    else:
        row = forget_signature(db, row, settings)
    return row, removals


def with_rejection(row: Row, reason: str) -> Row:
    row.update(
        status=REJECTED,
        status_reason=reason,
        lang=None,
        lang_prob=None,
        arabic_ratio=language.arabic_ratio(row.get("text") or ""),
        text_hash=None,
        duplicate_of=None,
        cluster_id=None,
    )
    return row


def measure_language(text: str) -> Language:
    lang, prob = language.detect_language(text)
    return {"lang": lang, "lang_prob": prob, "arabic_ratio": language.arabic_ratio(text)}


def quality_status(row: Row, title: str | None, settings: CurationSettings) -> tuple[str, str | None]:
    """The first rule a document fails, or ok. Language before length: a short English page is
    `not_arabic` first of all."""
    text = row.get("text") or ""
    if not text.strip():
        return EMPTY, "no text left after curation"
    if row["lang"] not in settings.arabic_langs:
        return NOT_ARABIC, f"lang={row['lang']} p={row['lang_prob']}"
    checks = (
        (TOO_SHORT, quality.too_short(row["word_count"], settings)),
        (LOW_ARABIC, quality.low_arabic(row["arabic_ratio"], settings)),
        (LINK_LIST, quality.link_list(text, title, settings)),
    )
    for status, reason in checks:
        if reason:
            return status, reason
    return OK, None


def resolve_duplicates(
    db: Database,
    row: Row,
    settings: CurationSettings,
    minhash: Signature | None = None,
    keys: tuple[tuple[int, int], ...] | None = None,
) -> Row:
    """Exact duplicate -> linked with an empty text; near duplicate -> linked, text kept;
    otherwise the document is an original and joins the near-duplicate index. keys: the minhash's
    band keys in the settings' layout, if worked out ahead."""
    index = dedup.NearDuplicateIndex.for_db(db, settings)
    original = dedup.find_exact_original(db, row["id"], row["text_hash"])
    if original:
        index.discard(row["id"])
        # Linked, not stored twice: the original holds the text; this page's raw HTML stays in `pages`.
        row.update(
            status=DUPLICATE,
            status_reason="exact",
            duplicate_of=original["id"],
            cluster_id=original["cluster_id"],
            text=None,
        )
        return row
    if minhash is None:
        minhash = dedup.minhash_of(row["text"], settings.num_perm, settings.shingle_words)
    match = index.best_match(row["id"], minhash, keys)
    if match:
        original_id, similarity = match
        index.discard(row["id"])
        row.update(
            status=DUPLICATE,
            status_reason=f"near {similarity:.2f}",
            duplicate_of=original_id,
            cluster_id=cluster_of(db, original_id),
        )
        return row
    index.add(row["id"], row.get("outlet"), minhash, keys, row["text"])
    row["cluster_id"] = row["id"]
    return row


cluster_of = dedup.cluster_of  # kept here for callers of corpus.curate.cluster_of


def forget_signature(db: Database, row: Row, settings: CurationSettings) -> Row:
    """A document that is no longer ok must not stay a near-duplicate target."""
    dedup.NearDuplicateIndex.for_db(db, settings).discard(row["id"])
    return row
