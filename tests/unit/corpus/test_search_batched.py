"""Index writes held back to the end of a batch (search_index.batched_index, used by write_in_batches):
the index ends exactly as if each document had been indexed at once, and a failed batch leaves nothing."""

from __future__ import annotations

import pytest
from test_search import DOCUMENTS, doc, index_is_exact

from corpus.search_index import INDEXED_ROWIDS
from corpus.store import open_db, save_document
from corpus.workers import write_in_batches


def matches(db, word: str) -> set[str]:
    return {
        row[0]
        for row in db.execute(
            "SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid WHERE documents_fts MATCH ?", [word]
        )
    }


def test_a_batch_that_rewrites_a_document_twice_indexes_its_last_text(tmp_path):
    db = open_db(tmp_path / "corpus.db")
    first = DOCUMENTS[0]
    rows = [
        first,
        DOCUMENTS[1],
        doc(first["id"], "عنوان جديد", "نص مختلف تماما عن الأول."),
        DOCUMENTS[2],
        doc(first["id"], "عنوان أخير", "كلمات البطريق في النهاية."),
    ]
    write_in_batches(db, rows, lambda row: save_document(db, row), batch_size=10)
    assert matches(db, "البطريق") == {first["id"]}
    assert matches(db, "مختلف") == set()  # the second text's entry was replaced inside the batch
    assert index_is_exact(db)
    assert db.execute(f"SELECT count(*) FROM {INDEXED_ROWIDS}").fetchone()[0] == 3


def test_a_failed_batch_leaves_no_index_entry_and_the_next_one_indexes(tmp_path):
    db = open_db(tmp_path / "corpus.db")

    def write(row):
        if row["id"] == DOCUMENTS[3]["id"]:
            raise RuntimeError("cannot store this one")
        save_document(db, row)

    with pytest.raises(RuntimeError):
        write_in_batches(db, DOCUMENTS[:5], write, batch_size=2)
    assert {row[0] for row in db.execute("SELECT id FROM documents")} == {d["id"] for d in DOCUMENTS[:2]}
    assert index_is_exact(db)
    write_in_batches(db, DOCUMENTS[3:], lambda row: save_document(db, row), batch_size=2)
    assert index_is_exact(db)
    assert matches(db, "الشراكة") == {DOCUMENTS[3]["id"]}
