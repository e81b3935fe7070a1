"""The near-duplicate index moves into the database: LSH band keys in `minhash_bands` instead of an
in-memory datasketch MinHashLSH rebuilt from `minhashes` by every process at start-up.

minhash_bands(band, bucket, signature_seq): one row per band of each original's signature, pointing at
its `minhashes.seq`; the primary key (band, bucket, signature_seq) is the lookup index, and a removal
recomputes the keys from the signature, so no second index is needed.
minhash_layouts(num_perm, bands, rows): the band layouts written (one per threshold in use).
Existing signatures are filled in for the default settings' layout, a batch at a time.
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
    # Imported here, not at module level: every open_db imports all migration modules, and commands
    # that never curate (search, export) should not pay for numpy and datasketch.
    from corpus.curate.dedup import band_layout, fill_layout
    from corpus.curate.settings import CurationSettings

    defaults = CurationSettings()
    bands, rows = band_layout(defaults.near_duplicate_threshold, defaults.num_perm)
    if not db.execute("SELECT 1 FROM minhash_layouts WHERE num_perm = ? AND bands = ? AND rows = ?",
                      [defaults.num_perm, bands, rows]).fetchone():
        fill_layout(db, defaults.num_perm, bands, rows)
