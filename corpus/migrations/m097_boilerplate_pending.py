"""boilerplate_pending: documents stored before a line of theirs became learned boilerplate (they still
hold it). Curation queues them when the line reaches its threshold; the end of a crawl, import, ingest
or reclean re-cleans them and empties the queue, so no document keeps a line the corpus has learned."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.table("boilerplate_pending").create(
        {"outlet": str, "document_id": str},
        pk=("outlet", "document_id"),
        if_not_exists=True,
    )
