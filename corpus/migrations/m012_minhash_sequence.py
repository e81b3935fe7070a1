"""minhashes gets an AUTOINCREMENT `seq`: processes pick up new signatures by "seq > last seen",
and a plain rowid can be reused after a delete (a replaced signature would then go unseen)."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    if "seq" in db["minhashes"].columns_dict:
        return
    db.execute(
        "CREATE TABLE minhashes_v2 (seq INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL UNIQUE, "
        "outlet TEXT, num_perm INTEGER, scheme TEXT, signature BLOB)"
    )
    db.execute(
        "INSERT INTO minhashes_v2 (document_id, outlet, num_perm, scheme, signature) "
        "SELECT document_id, outlet, num_perm, scheme, signature FROM minhashes ORDER BY rowid"
    )
    db.execute("DROP TABLE minhashes")
    db.execute("ALTER TABLE minhashes_v2 RENAME TO minhashes")
