"""imported_texts.raw_zlib: an imported file's raw text, zlib-compressed (UTF-8), as pages.html holds a
page's body. New imports fill raw_zlib and leave raw NULL (the raw text was the largest table of an
imported corpus: ~3x smaller compressed); rows imported before keep their text in raw. Readers take
whichever is set (corpus.store.imported_raw)."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    if "imported_texts" in db.table_names() and "raw_zlib" not in db["imported_texts"].columns_dict:
        db.table("imported_texts").add_column("raw_zlib", bytes)
