"""Exact and near duplicates.

Exact: documents whose normalized text is the same share `text_hash`.
Near:  MinHash of word shingles of the normalized text, looked up in an LSH index. Signatures persist
       in the `minhashes` table; `NearDuplicateIndex` rebuilds the in-memory LSH from that table once
       (no re-reading of texts) and then inserts as documents arrive.
"""
from __future__ import annotations

import hashlib
import re
import weakref

import numpy as np
from datasketch import MinHash, MinHashLSH

try:
    from cleaners.normalize import normalize_for_matching
except ImportError:  # the cleaners package is built in parallel; same fold, minus the details
    import unicodedata

    def normalize_for_matching(text: str) -> str:
        folded = unicodedata.normalize("NFKC", text or "")
        folded = re.sub(r"[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]", "", folded)
        folded = folded.translate(str.maketrans("أإآٱىئؤة", "ااااييوه"))
        return " ".join(folded.casefold().split())


WORD = re.compile(r"\w+")
# Fixed seed and permutation scheme: signatures stored in the database must stay comparable across
# runs and datasketch upgrades (the scheme is stored with each signature; others are ignored).
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"


def matching_text(text: str) -> str:
    """The normalized text duplicates are judged on: folded spelling, punctuation ignored."""
    return " ".join(WORD.findall(normalize_for_matching(text or "")))


def text_hash(text: str) -> str | None:
    """Hash of the normalized text (16 hex digits), None for an empty text."""
    normalized = matching_text(text)
    if not normalized:
        return None
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]


def shingles(text: str, size: int) -> set[str]:
    words = matching_text(text).split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash_of(text: str, num_perm: int, shingle_words: int) -> MinHash:
    minhash = MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text, shingle_words)])
    return minhash


def signature_blob(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def minhash_from_blob(blob: bytes, num_perm: int) -> MinHash:
    values = np.frombuffer(blob, dtype=np.uint64)
    return MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, hashvalues=values)


NOT_STORED = 2**63 - 1  # rowid of a document not saved yet: every stored document came before it


def stored_rowid(db, doc_id: str) -> int:
    """When the document was first stored (upserts keep the rowid), NOT_STORED if it is new."""
    row = db.execute("SELECT rowid FROM documents WHERE id = ?", [doc_id]).fetchone()
    return row[0] if row else NOT_STORED


def find_exact_original(db, row_id: str, hash_: str | None) -> dict | None:
    """The first stored original (ok, not itself a duplicate) with the same normalized text, stored
    before this document: re-curating an original never makes it a duplicate of a later copy."""
    if not hash_:
        return None
    rows = db.execute(
        "SELECT id, cluster_id FROM documents WHERE text_hash = ? AND id != ? AND status = 'ok' "
        "AND duplicate_of IS NULL AND rowid < ? ORDER BY rowid LIMIT 1",
        [hash_, row_id, stored_rowid(db, row_id)],
    ).fetchall()
    return {"id": rows[0][0], "cluster_id": rows[0][1] or rows[0][0]} if rows else None


def earlier_originals(db, doc_id: str, candidates: list[str]) -> dict[str, int]:
    """{id: rowid} of the candidates that are still originals (ok, not a duplicate; another process
    may have changed them) and were stored before doc_id."""
    if not candidates:
        return {}
    marks = ",".join("?" * len(candidates))
    rows = db.execute(
        f"SELECT id, rowid FROM documents WHERE id IN ({marks}) AND status = 'ok' AND duplicate_of IS NULL "
        "AND rowid < ?",
        [*candidates, stored_rowid(db, doc_id)],
    )
    return dict(rows.fetchall())


class NearDuplicateIndex:
    """In-memory MinHash LSH over the `minhashes` table. Holds only originals (status ok, not a
    duplicate), so a near duplicate always points at a cluster's representative.

    Open once per process with `NearDuplicateIndex.for_db(db, settings)`; signatures written by other
    processes since the last look-up are picked up by their seq before each query; ones they removed
    are filtered out by checking the candidates' rows (earlier_originals)."""

    _open: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

    def __init__(self, db, num_perm: int, threshold: float):
        self.db = db
        self.num_perm = num_perm
        self.threshold = threshold
        # Only the LSH band hashes live in memory; candidates' signatures are read back from the table
        # when scoring (a handful per query), which also drops ones another process has deleted.
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.last_seq = 0
        self.sync()

    @classmethod
    def for_db(cls, db, settings) -> "NearDuplicateIndex":
        """The index for this database object and these settings, built on first use."""
        key = (settings.num_perm, settings.near_duplicate_threshold)
        per_db = cls._open.setdefault(db, {})
        if key not in per_db:
            per_db[key] = cls(db, settings.num_perm, settings.near_duplicate_threshold)
        return per_db[key]

    def sync(self) -> None:
        """Load signatures stored since the last sync (by this or any other process)."""
        rows = self.db.execute(
            "SELECT seq, document_id, signature FROM minhashes WHERE seq > ? AND num_perm = ? AND scheme = ? "
            "ORDER BY seq",
            [self.last_seq, self.num_perm, MINHASH_SCHEME],
        ).fetchall()
        for seq, doc_id, blob in rows:
            self._insert_memory(doc_id, minhash_from_blob(blob, self.num_perm))
            self.last_seq = max(self.last_seq, seq)

    def _insert_memory(self, doc_id: str, minhash: MinHash) -> None:
        self._remove_memory(doc_id)
        self.lsh.insert(doc_id, minhash)

    def _remove_memory(self, doc_id: str) -> None:
        if doc_id in self.lsh:
            self.lsh.remove(doc_id)

    def stored_signatures(self, doc_ids: list[str]) -> dict[str, MinHash]:
        if not doc_ids:
            return {}
        marks = ",".join("?" * len(doc_ids))
        rows = self.db.execute(
            f"SELECT document_id, signature FROM minhashes WHERE document_id IN ({marks}) AND num_perm = ? AND scheme = ?",
            [*doc_ids, self.num_perm, MINHASH_SCHEME],
        )
        return {doc_id: minhash_from_blob(blob, self.num_perm) for doc_id, blob in rows}

    def best_match(self, doc_id: str, minhash: MinHash) -> tuple[str, float] | None:
        """The most similar earlier original at or above the threshold (the earliest on a tie)."""
        self.sync()
        candidates = [key for key in self.lsh.query(minhash) if key != doc_id]
        scored = {key: stored.jaccard(minhash) for key, stored in self.stored_signatures(candidates).items()}
        scored = {key: score for key, score in scored.items() if score >= self.threshold}
        rowids = earlier_originals(self.db, doc_id, list(scored))
        if not rowids:
            return None
        key = max(rowids, key=lambda k: (scored[k], -rowids[k]))
        return key, round(scored[key], 4)

    def add(self, doc_id: str, outlet: str | None, minhash: MinHash) -> None:
        """Index an original, in memory and in the table (replacing any older signature)."""
        # Plain SQL: stays inside the caller's transaction (sqlite-utils' insert would commit it).
        self.db.execute("DELETE FROM minhashes WHERE document_id = ?", [doc_id])
        self.db.execute(
            "INSERT INTO minhashes (document_id, outlet, num_perm, scheme, signature) VALUES (?, ?, ?, ?, ?)",
            [doc_id, outlet, self.num_perm, MINHASH_SCHEME, signature_blob(minhash)],
        )
        # Into memory directly, last_seq untouched: the row is not committed yet, and if the caller
        # rolls back, its seq is handed out again and must still be read by the next sync.
        self._insert_memory(doc_id, minhash)

    def discard(self, doc_id: str) -> None:
        """Take a document out of the index (it became a duplicate or lost its ok status)."""
        self.db.execute("DELETE FROM minhashes WHERE document_id = ?", [doc_id])
        self._remove_memory(doc_id)
