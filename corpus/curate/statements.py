"""Every SQL statement curation runs for a document, in one place: tests/unit/corpus/test_curate_plans.py runs
EXPLAIN QUERY PLAN on these exact strings and fails if one of them scans a whole table.

Each one is an indexed lookup (indexes: migrations m001, m010, m040, m041), so the cost of curating
a document does not grow with the corpus. Statements with a list of values take their `?` marks from
`marks(n)`.
"""

from __future__ import annotations


def marks(count: int) -> str:
    """'?, ?, ?' for an IN (...) list of count values."""
    return ", ".join("?" * count)


def band_pairs(count: int) -> str:
    """'(?, ?), (?, ?)' for a VALUES list of count (band, bucket) pairs."""
    return ", ".join(["(?, ?)"] * count)


# --- documents ----------------------------------------------------------------------------------------
STORED_ROWID = "SELECT rowid FROM documents WHERE id = ?"

# Planned on documents(text_hash, status, duplicate_of) (m040): with only the one-column indexes the
# planner picked the status index and read every ok document.
EXACT_ORIGINAL = (
    "SELECT id, cluster_id FROM documents WHERE text_hash = ? AND id != ? AND status = 'ok' "
    "AND duplicate_of IS NULL AND rowid < ? ORDER BY rowid LIMIT 1"
)

# `+status`: the id list decides (primary key); status must not lure the planner onto its index.
EARLIER_ORIGINALS = (
    "SELECT id, rowid FROM documents WHERE id IN ({ids}) AND +status = 'ok' AND duplicate_of IS NULL AND rowid < ?"
)

CLUSTER_OF = "SELECT cluster_id FROM documents WHERE id = ?"

# --- near-duplicate index: signatures and LSH band keys ----------------------------------------------
# A band row points at its signature's seq (an integer, not the 16-character document id: 25 band
# rows per document at the default settings). Removal recomputes the keys from the signature and
# deletes them by primary key, so the table needs no second index.
# A minhashes row written now holds no signature (NULL): it is the MinHash of the document's stored
# text, worked out again from documents.text when it is needed (a candidate, a removal); rows written
# before keep theirs. Only a row without a stored signature reads the text (the CASE).
SIGNATURE_OF = (
    "SELECT m.seq, m.signature, m.num_perm, m.outlet, m.scheme, CASE WHEN m.signature IS NULL THEN d.text END "
    "FROM minhashes m LEFT JOIN documents d ON d.id = m.document_id WHERE m.document_id = ?"
)
DELETE_SIGNATURE = "DELETE FROM minhashes WHERE document_id = ?"
INSERT_SIGNATURE = "INSERT INTO minhashes (document_id, outlet, num_perm, scheme, signature) VALUES (?, ?, ?, ?, NULL)"
INSERT_BAND = "INSERT OR IGNORE INTO minhash_bands (band, bucket, signature_seq) VALUES (?, ?, ?)"
DELETE_BAND = "DELETE FROM minhash_bands WHERE band = ? AND bucket = ? AND signature_seq = ?"

# The signatures of every original sharing at least one band bucket with the new document. A join
# from the keys, not `(band, bucket) IN (VALUES ...)`: SQLite scans the whole table for the latter.
CANDIDATE_SIGNATURES = (
    "WITH keys (band, bucket) AS (VALUES {pairs}) "
    "SELECT m.document_id, m.signature, CASE WHEN m.signature IS NULL THEN d.text END FROM keys "
    "JOIN minhash_bands b ON b.band = keys.band AND b.bucket = keys.bucket "
    "JOIN minhashes m ON m.seq = b.signature_seq LEFT JOIN documents d ON d.id = m.document_id "
    "WHERE m.num_perm = ? AND m.scheme = ?"
)

LAYOUTS = "SELECT bands, rows FROM minhash_layouts WHERE num_perm = ?"
HAS_LAYOUT = "SELECT 1 FROM minhash_layouts WHERE num_perm = ? AND bands = ? AND rows = ?"
ADD_LAYOUT = "INSERT OR IGNORE INTO minhash_layouts (num_perm, bands, rows) VALUES (?, ?, ?)"
# Filling a new layout from the stored signatures, a batch at a time in seq order.
SIGNATURES_AFTER = (
    "SELECT m.seq, m.signature, CASE WHEN m.signature IS NULL THEN d.text END FROM minhashes m "
    "LEFT JOIN documents d ON d.id = m.document_id "
    "WHERE m.seq > ? AND m.num_perm = ? AND m.scheme = ? ORDER BY m.seq LIMIT ?"
)

# --- learned boilerplate ----------------------------------------------------------------------------
PAGE_LINES = "SELECT line_hash FROM boilerplate_seen WHERE outlet = ? AND document_id = ?"
DELETE_PAGE_LINE = "DELETE FROM boilerplate_seen WHERE outlet = ? AND line_hash = ? AND document_id = ?"
INSERT_PAGE_LINE = "INSERT OR IGNORE INTO boilerplate_seen (outlet, line_hash, document_id) VALUES (?, ?, ?)"
# Counts move by one per page that gains or loses a line: never a count(*) over every page showing it.
LINE_GAINED_PAGE = (
    "INSERT INTO boilerplate_lines (outlet, line_hash, line, pages) VALUES (?, ?, ?, 1) "
    "ON CONFLICT (outlet, line_hash) DO UPDATE SET pages = pages + 1"
)
LINE_LOST_PAGE = "UPDATE boilerplate_lines SET pages = max(pages - 1, 0) WHERE outlet = ? AND line_hash = ?"
ACTIVE_LINES = "SELECT line_hash FROM boilerplate_lines WHERE outlet = ? AND pages >= ? AND line_hash IN ({hashes})"
# A line whose count reached the threshold with this page: the pages counted before it still hold it.
CROSSED_LINES = "SELECT line_hash FROM boilerplate_lines WHERE outlet = ? AND pages = ? AND line_hash IN ({hashes})"
QUEUE_EARLIER_PAGES = (
    "INSERT OR IGNORE INTO boilerplate_pending (outlet, document_id) "
    "SELECT outlet, document_id FROM boilerplate_seen WHERE outlet = ? AND line_hash = ? AND document_id != ?"
)
# A document curated now has every active line removed: it no longer waits for a re-clean.
PENDING_DONE = "DELETE FROM boilerplate_pending WHERE outlet = ? AND document_id = ?"
