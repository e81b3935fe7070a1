"""Exact and near duplicates.

Exact: documents whose normalized text is the same share `text_hash`.
Near:  MinHash of word shingles of the normalized text, looked up by LSH band keys kept in the
       database (`minhash_bands`): a new document's keys are looked up in one indexed query and
       inserted; nothing is held in memory or rebuilt at start-up, and every process sees the others'
       inserts and removals as soon as they commit. `minhashes` has a row per indexed original; its
       signature is not stored (512 bytes a document) but worked out again from the document's
       stored text, which it was computed from, when a band lookup finds it (rare) or it is removed.
"""

from __future__ import annotations

import functools
import hashlib
import re
import weakref
from collections.abc import Iterable

import numpy as np
from sqlite_utils import Database

from cleaners.normalize import normalize_for_matching
from corpus.curate import minhash as signatures
from corpus.curate import statements as sql
from corpus.curate.settings import CurationSettings

WORD = re.compile(r"\w+")
# Fixed seed and permutation scheme: signatures stored in the database must stay comparable across
# runs and datasketch upgrades (the scheme is stored with each signature; others are ignored).
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
FILL_BATCH = 1000  # signatures read at a time when a band layout is filled from `minhashes`


@functools.lru_cache(maxsize=8)
def matching_text(text: str) -> str:
    """The normalized text duplicates are judged on: folded spelling, punctuation ignored. Cached for
    the last few texts: curation hashes and shingles the same text one after the other."""
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


def shingle_bytes(text: str, size: int) -> set[bytes]:
    """shingles() as UTF-8 bytes, each word encoded once rather than once per shingle it is in."""
    words = matching_text(text).encode("utf-8").split(b" ")
    if words == [b""]:
        return set()
    if len(words) <= size:
        return {b" ".join(words)}
    return {b" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


Signature = np.ndarray  # a MinHash signature: num_perm uint64 values below 2**32 (corpus.curate.minhash)


def minhash_of(text: str, num_perm: int, shingle_words: int) -> Signature:
    """datasketch's MinHash of the shingles (its default sha1_hash32 of each, scheme affine32, our fixed
    seed), computed by corpus.curate.minhash from one joined buffer of the 32-bit hashes."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(s).digest()[:4] for s in shingle_bytes(text, shingle_words)])
    return signatures.signature(np.frombuffer(digests, dtype="<u4"), num_perm, MINHASH_SEED)


def signature_blob(minhash: Signature) -> bytes:
    """The signature as stored: 4 bytes per value (the affine32 scheme's values are below 2**32).
    Signatures stored before took 8 bytes per value; both are read."""
    return np.asarray(minhash, dtype="<u4").tobytes()


def signature_values(blob: bytes, num_perm: int) -> Signature:
    """A stored signature as uint64 values, whichever width it was stored with."""
    if len(blob) == 4 * num_perm:
        return np.frombuffer(blob, dtype="<u4").astype(np.uint64)
    return np.frombuffer(blob, dtype=np.uint64)


def indexed_signature(blob: bytes | None, text: str | None, num_perm: int, shingle_words: int) -> Signature | None:
    """The signature a minhashes row stands for: its blob (rows written before signatures stopped being
    stored), else the MinHash of the document's stored text; None if the document row is gone."""
    if blob is not None:
        return signature_values(blob, num_perm)
    if text is None:
        return None
    return minhash_of(text, num_perm, shingle_words)


def estimated_jaccard(values: np.ndarray, other: np.ndarray) -> float:
    """MinHash.jaccard of two signatures of the same seed and length, without building MinHash objects."""
    return float(np.count_nonzero(values == other)) / len(values)


# --- LSH band keys ------------------------------------------------------------------------------------

band_layout = signatures.band_layout  # (bands, rows) as datasketch's MinHashLSH(threshold, num_perm) chooses


def band_keys(values: Iterable[int] | np.ndarray, num_perm: int, bands: int, rows: int) -> list[tuple[int, int]]:
    """[(band, bucket)] of a signature: bucket is a 48-bit hash of the band's `rows` hash values (six
    bytes on disk; a chance collision only costs a candidate that fails the Jaccard check), so two
    signatures share a bucket when datasketch's LSH would put them in the same one. num_perm and rows
    are hashed in: layouts of other sizes never meet; ones with the same rows share bands."""
    return list(_band_keys(np.asarray(values, dtype=np.uint64).tobytes(), num_perm, bands, rows))


@functools.lru_cache(maxsize=16)  # a new document's keys are looked up, then inserted: worked out once
def _band_keys(signature: bytes, num_perm: int, bands: int, rows: int) -> tuple[tuple[int, int], ...]:
    values = np.frombuffer(signature, dtype=np.uint64)
    prefix = f"{num_perm}/{rows}/".encode()
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(prefix + band.to_bytes(2, "little") + chunk, digest_size=6).digest()
        keys.append((band, int.from_bytes(digest, "little")))
    return tuple(keys)


def fill_layout(db: Database, num_perm: int, bands: int, rows: int, shingle_words: int) -> int:
    """Register a band layout and write its keys for every indexed original of this num_perm, reading
    FILL_BATCH at a time (memory stays flat however large the table). Returns how many."""
    db.execute(sql.ADD_LAYOUT, [num_perm, bands, rows])
    last_seq, filled = 0, 0
    while True:
        batch = db.execute(sql.SIGNATURES_AFTER, [last_seq, num_perm, MINHASH_SCHEME, FILL_BATCH]).fetchall()
        if not batch:
            return filled
        signatures = [(seq, indexed_signature(blob, text, num_perm, shingle_words)) for seq, blob, text in batch]
        db.conn.executemany(
            sql.INSERT_BAND,
            [
                (band, bucket, seq)
                for seq, values in signatures
                if values is not None
                for band, bucket in band_keys(values, num_perm, bands, rows)
            ],
        )
        last_seq, filled = batch[-1][0], filled + len(batch)


# --- lookups a new document makes (each an indexed lookup: see statements.py) -------------------------

NOT_STORED = 2**63 - 1  # rowid of a document not saved yet: every stored document came before it


def stored_rowid(db: Database, doc_id: str) -> int:
    """When the document was first stored (upserts keep the rowid), NOT_STORED if it is new."""
    row = db.execute(sql.STORED_ROWID, [doc_id]).fetchone()
    return row[0] if row else NOT_STORED


def find_exact_original(db: Database, row_id: str, hash_: str | None) -> dict[str, str] | None:
    """{"id", "cluster_id"} of the first stored original (ok, not itself a duplicate) with the same normalized
    text, stored before this document: re-curating an original never makes it a duplicate of a later copy."""
    if not hash_:
        return None
    rows = db.execute(sql.EXACT_ORIGINAL, [hash_, row_id, stored_rowid(db, row_id)]).fetchall()
    return {"id": rows[0][0], "cluster_id": rows[0][1] or rows[0][0]} if rows else None


def earlier_originals(db: Database, doc_id: str, candidates: list[str]) -> dict[str, int]:
    """{id: rowid} of the candidates that are still originals (ok, not a duplicate; another process
    may have changed them) and were stored before doc_id."""
    if not candidates:
        return {}
    rows = db.execute(
        sql.EARLIER_ORIGINALS.format(ids=sql.marks(len(candidates))), [*candidates, stored_rowid(db, doc_id)]
    )
    return dict(rows.fetchall())


def cluster_of(db: Database, document_id: str) -> str:
    """The cluster a document belongs to (its own id if it has none)."""
    found = db.execute(sql.CLUSTER_OF, [document_id]).fetchone()
    return (found[0] if found else None) or document_id


# A SIGNATURE_OF row: (seq, signature blob or None, num_perm, outlet, scheme, text when the blob is None)
StoredRow = tuple[int, bytes | None, int, str | None, str, str | None]


class NearDuplicateIndex:
    """MinHash LSH over the database: band keys in `minhash_bands`, one `minhashes` row per indexed
    document (its signature: the MinHash of its stored text, see indexed_signature). Holds only originals (status ok, not a duplicate), so a near duplicate always points at a cluster's
    representative.

    Nothing lives in memory: a query reads the current tables, so signatures other processes added
    or removed are seen as soon as they commit, and a rolled-back insert leaves nothing behind.
    Candidates are re-checked against their documents rows (earlier_originals)."""

    # per database: {(num_perm, threshold, shingle_words): its index}
    _open: weakref.WeakKeyDictionary[Database, dict[tuple[int, float, int], NearDuplicateIndex]] = (
        weakref.WeakKeyDictionary()
    )

    def __init__(self, db: Database, num_perm: int, threshold: float, shingle_words: int):
        self.db = db
        self.num_perm = num_perm
        self.threshold = threshold
        self.shingle_words = shingle_words
        self.bands, self.rows = band_layout(threshold, num_perm)

    @classmethod
    def for_db(cls, db: Database, settings: CurationSettings) -> NearDuplicateIndex:
        """The index for this database object and these settings (cheap: no table is read)."""
        key = (settings.num_perm, settings.near_duplicate_threshold, settings.shingle_words)
        per_db = cls._open.setdefault(db, {})
        if key not in per_db:
            per_db[key] = cls(db, *key)
        return per_db[key]

    def ensure_layout(self) -> None:
        """The first use of a new threshold (or num_perm) on a database fills its band layout once from
        the stored signatures; after that, every original is indexed under every layout at insert."""
        if not self.db.execute(sql.HAS_LAYOUT, [self.num_perm, self.bands, self.rows]).fetchone():
            fill_layout(self.db, self.num_perm, self.bands, self.rows, self.shingle_words)

    def keys_of(
        self, minhash: Signature, bands: int, rows: int, known: tuple[tuple[int, int], ...] | None
    ) -> list[tuple[int, int]]:
        """The signature's band keys in a layout: `known` (worked out ahead in this index's own layout)
        when given, else computed."""
        if known is not None and (bands, rows) == (self.bands, self.rows):
            return list(known)
        return band_keys(minhash, self.num_perm, bands, rows)

    def candidates(
        self, minhash: Signature, known: tuple[tuple[int, int], ...] | None = None, exclude: str | None = None
    ) -> dict[str, np.ndarray]:
        """{document_id: signature} of the originals sharing a band bucket with this signature (those
        whose document row is gone are left out), but `exclude` (a re-curated original finds itself:
        its signature is not worked out for nothing). A candidate sharing several bands is one row
        per band: its signature is worked out once."""
        keys = self.keys_of(minhash, self.bands, self.rows, known)
        query = sql.CANDIDATE_SIGNATURES.format(pairs=sql.band_pairs(len(keys)))
        params = [*(value for key in keys for value in key), self.num_perm, MINHASH_SCHEME]
        rows = {doc_id: (blob, text) for doc_id, blob, text in self.db.execute(query, params) if doc_id != exclude}
        found = {
            doc_id: indexed_signature(blob, text, self.num_perm, self.shingle_words)
            for doc_id, (blob, text) in rows.items()
        }
        return {doc_id: values for doc_id, values in found.items() if values is not None}

    def best_match(
        self, doc_id: str, minhash: Signature, known: tuple[tuple[int, int], ...] | None = None
    ) -> tuple[str, float] | None:
        """The most similar earlier original at or above the threshold (the earliest on a tie)."""
        self.ensure_layout()
        values = np.asarray(minhash, dtype=np.uint64)
        scored = {
            key: estimated_jaccard(values, stored)
            for key, stored in self.candidates(minhash, known, exclude=doc_id).items()
        }
        scored = {key: score for key, score in scored.items() if score >= self.threshold}
        rowids = earlier_originals(self.db, doc_id, list(scored))
        if not rowids:
            return None
        key = max(rowids, key=lambda k: (scored[k], -rowids[k]))
        return key, round(scored[key], 4)

    def layouts(self) -> list[tuple[int, int]]:
        return self.db.execute(sql.LAYOUTS, [self.num_perm]).fetchall()

    def add(
        self,
        doc_id: str,
        outlet: str | None,
        minhash: Signature,
        known: tuple[tuple[int, int], ...] | None = None,
        text: str | None = None,
    ) -> None:
        """Index an original: its minhashes row and its band keys under every layout of this num_perm
        (replacing older ones). Call before its documents row is written: the row still holds the text
        the old keys came from. `text` is the text minhash was taken of (the one about to be stored).
        Plain SQL: stays inside the caller's transaction. A document indexed under this very signature
        (re-curated, unchanged: most of a reclean) is left as it is."""
        self.ensure_layout()
        stored = self.db.execute(sql.SIGNATURE_OF, [doc_id]).fetchone()
        if stored and stored[2:5] == (self.num_perm, outlet, MINHASH_SCHEME) and self._unchanged(stored, minhash, text):
            return
        if stored:
            self._remove(doc_id, stored)
        seq = self.db.execute(sql.INSERT_SIGNATURE, [doc_id, outlet, self.num_perm, MINHASH_SCHEME]).lastrowid
        self.db.conn.executemany(
            sql.INSERT_BAND,
            [
                (band, bucket, seq)
                for bands, rows in self.layouts()
                for band, bucket in self.keys_of(minhash, bands, rows, known)
            ],
        )

    def _unchanged(self, stored: StoredRow, minhash: Signature, text: str | None) -> bool:
        """Whether the stored row stands for this signature: the same stored text gives the same one."""
        _, blob, num_perm, _, _, stored_text = stored
        if blob is None and text is not None and stored_text == text:
            return True
        values = indexed_signature(blob, stored_text, num_perm, self.shingle_words)
        return values is not None and np.array_equal(values, np.asarray(minhash, dtype=np.uint64))

    def discard(self, doc_id: str) -> None:
        """Take a document out of the index (it became a duplicate or lost its ok status): its band
        keys, recomputed from its signature (call before its documents row is rewritten), then its row."""
        stored = self.db.execute(sql.SIGNATURE_OF, [doc_id]).fetchone()
        if stored:
            self._remove(doc_id, stored)

    def _remove(self, doc_id: str, stored: StoredRow) -> None:
        """Delete the document's minhashes row (its SIGNATURE_OF row) and its band keys under every
        layout. Keys that cannot be worked out (the documents row is gone) stay behind, harmless: a
        band row whose minhashes row is gone never yields a candidate."""
        seq, blob, num_perm, _, _, text = stored
        values = indexed_signature(blob, text, num_perm, self.shingle_words)
        if values is not None:
            self.db.conn.executemany(
                sql.DELETE_BAND,
                [
                    (band, bucket, seq)
                    for bands, rows in self.db.execute(sql.LAYOUTS, [num_perm]).fetchall()
                    for band, bucket in band_keys(values, num_perm, bands, rows)
                ],
            )
        self.db.execute(sql.DELETE_SIGNATURE, [doc_id])
