"""The near-duplicate index moves into the database: LSH band keys in `minhash_bands` instead of an
in-memory datasketch MinHashLSH rebuilt from `minhashes` by every process at start-up.

minhash_bands(band, bucket, signature_seq): one row per band of each original's signature, pointing at
its `minhashes.seq`; the primary key (band, bucket, signature_seq) is the lookup index, and a removal
recomputes the keys from the signature, so no second index is needed.
minhash_layouts(num_perm, bands, rows): the band layouts written (one per threshold in use).
Existing signatures are filled in by the live code (NearDuplicateIndex.ensure_layout) the first time
curation uses a layout, a batch at a time: a migration carries its own SQL and imports no live code.
"""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS minhash_bands (band INTEGER NOT NULL, bucket INTEGER NOT NULL, "
        "signature_seq INTEGER NOT NULL, PRIMARY KEY (band, bucket, signature_seq)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS minhash_layouts (num_perm INTEGER NOT NULL, bands INTEGER NOT NULL, "
        "rows INTEGER NOT NULL, PRIMARY KEY (num_perm, bands, rows))"
    )
