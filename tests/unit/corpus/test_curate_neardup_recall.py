"""The near-duplicate index in the database finds what the in-memory datasketch LSH it replaced
found: recall and precision of both, computed side by side on the labelled set (tests/neardup_set.py)."""

import pytest
from neardup_set import base_texts, db_index_predictions, labelled_queries, old_lsh_predictions, score

from corpus.curate import CurationSettings
from corpus.store import open_db


@pytest.mark.parametrize("threshold", [0.5, 0.8])
def test_band_table_recall_and_precision_match_the_in_memory_lsh(tmp_path, threshold):
    bases = base_texts()[::3]  # seeds and demo stories alike, a third of them: 18 bases, 576 queries
    settings = CurationSettings(near_duplicate_threshold=threshold)
    queries = labelled_queries(bases, settings.shingle_words)
    old = score(old_lsh_predictions(bases, queries, settings), queries, threshold)
    new = score(db_index_predictions(open_db(tmp_path / "set.db"), bases, queries, settings), queries, threshold)
    assert new["recall"] >= old["recall"] and new["precision"] >= old["precision"], (old, new)
    # The set is a real test: positives and negatives at every level, and both indexes mostly right.
    assert 0.2 < old["positives"] / old["queries"] < 0.8
    assert old["recall"] > 0.75 and old["precision"] > 0.75, old
