"""Curation storage: MinHash signatures (near-duplicate index), learned outlet boilerplate counts,
import order columns and the imported raw texts (so imports can be re-cleaned like crawled pages)."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    # One signature per original document (status ok, not a duplicate); rebuilt into an LSH per process.
    db.table("minhashes").create(
        {"document_id": str, "outlet": str, "num_perm": int, "scheme": str, "signature": bytes},
        pk="document_id",
        if_not_exists=True,
    )
    # Per outlet: which page showed which short line (a page counts once, however often re-cleaned) ...
    db.table("boilerplate_seen").create(
        {"outlet": str, "line_hash": str, "document_id": str},
        pk=("outlet", "line_hash", "document_id"),
        if_not_exists=True,
    )
    db.table("boilerplate_seen").create_index(["outlet", "document_id"], if_not_exists=True)
    # ... and the totals: a line is removed once `pages` reaches CurationSettings.boilerplate_min_pages.
    db.table("boilerplate_lines").create(
        {"outlet": str, "line_hash": str, "line": str, "pages": int},
        pk=("outlet", "line_hash"),
        if_not_exists=True,
    )
    # Imported text files: their raw text (to re-clean), file name and position in the import.
    db.table("imported_texts").create(
        {"id": str, "source_name": str, "seq": int, "raw": str, "imported_at": str},
        pk="id",
        if_not_exists=True,
    )
    documents = db.table("documents")
    for column, kind in (("seq", int), ("source_name", str)):
        if column not in documents.columns_dict:
            documents.add_column(column, kind)
    documents.create_index(["cluster_id"], if_not_exists=True)
    documents.create_index(["status"], if_not_exists=True)
    db.table("removals").create_index(["removed_at"], if_not_exists=True)
