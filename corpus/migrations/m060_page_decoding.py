"""pages.encoding_source: how the one decoder (cleaners.decode) chose pages.encoding for the body: "bom",
"utf-16", "header", "meta", "repaired" (a label overridden by the content) or "detected". NULL on rows
stored before it; reclean decodes from the stored headers either way."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    pages = db.table("pages")
    if "encoding_source" not in pages.columns_dict:
        pages.add_column("encoding_source", str)
