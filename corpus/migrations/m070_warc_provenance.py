"""pages.warc_file, pages.warc_record_id, pages.warc_offset: where a page imported from a web archive came
from (`corpus import-warc`). NULL for crawled pages. The record id is indexed: a re-import looks each
record up to add nothing twice."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    pages = db.table("pages")
    for column, kind in (("warc_file", str), ("warc_record_id", str), ("warc_offset", int)):
        if column not in pages.columns_dict:
            pages.add_column(column, kind)
    pages.create_index(["warc_record_id"], if_not_exists=True)
