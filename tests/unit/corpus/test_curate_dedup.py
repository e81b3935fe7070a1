"""Duplicates: canonical URLs, exact duplicates across outlets, near duplicates with a MinHash LSH
index kept in the database."""

import pytest
from conftest import TESTS
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cleaners.document import Document
from corpus.curate import CurationSettings, NearDuplicateIndex, curate
from corpus.curate.dedup import matching_text, text_hash
from corpus.ids import canonical_url, doc_id_for_url
from corpus.store import document_row, open_db, save_document

GOLD = TESTS / "data" / "seeds" / "gold"


def gold(name: str) -> list[str]:
    return (GOLD / name).read_text(encoding="utf-8").split("\n\n")


STORY = gold("002_276ed4953a8c982a.txt")
OTHER = gold("004_be1bbb69dc93f222.txt")


def store(db, paragraphs, url, outlet, settings=CurationSettings()):
    document = Document(title=paragraphs[0], paragraphs=paragraphs[1:])
    doc_id = doc_id_for_url(url)
    row = document_row(document, id=doc_id, url=url, canonical_url=canonical_url(url), outlet=outlet)
    row, removals = curate(db, row, document, settings)
    save_document(db, row, list(document.removed) + removals)
    return db["documents"].get(doc_id)


def syndicated_copy(paragraphs):
    """The wire story as another outlet runs it: a few words changed, one sentence dropped."""
    edited = list(paragraphs)
    edited[1] = edited[1].replace("روسيا", "موسكو", 1).replace("في", "ب", 1)
    edited[2] = edited[2] + " وفق ما نقلت وكالات الأنباء."
    del edited[3]
    return edited


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "corpus.db")


# --- canonical URLs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "http://example.com/news/1",
        "https://www.example.com/news/1",
        "https://EXAMPLE.com/news/1/",
        "https://example.com/news/1#comments",
        "https://example.com/news/1?utm_source=fb&utm_medium=social&fbclid=abc",
        "https://example.com/news/1/amp",
        "https://example.com/news/1/amp/",
        "https://example.com/amp/news/1",
        "https://example.com/news/1?amp=1",
        "https://example.com/news/1?outputType=amp",
        "https://example.com/news//1",
        "https://example.com:443/news/1",
    ],
)
def test_url_variants_are_one_document(variant):
    assert canonical_url(variant) == "https://example.com/news/1"
    assert doc_id_for_url(variant) == doc_id_for_url("https://example.com/news/1")


def test_meaningful_query_parameters_are_kept_and_sorted():
    assert (
        canonical_url("https://example.com/article?id=7&p=2&utm_campaign=x") == "https://example.com/article?id=7&p=2"
    )
    assert canonical_url("https://example.com/article?p=2&id=7") == canonical_url(
        "https://example.com/article?id=7&p=2"
    )
    assert doc_id_for_url("https://example.com/article?id=7") != doc_id_for_url("https://example.com/article?id=8")


def test_same_url_twice_is_one_row(db):
    store(db, STORY, "https://www.sada.test/news/1?utm_source=x", "sada")
    store(db, STORY, "http://sada.test/news/1/amp/", "sada")
    assert db["documents"].count == 1
    assert db["documents"].get(doc_id_for_url("https://sada.test/news/1"))["status"] == "ok"


# --- exact duplicates --------------------------------------------------------------------------------


def test_normalized_text_ignores_spelling_variants():
    assert matching_text("إعلان  أمريكا، مُستشفى") == matching_text("اعلان امريكا مستشفي")
    assert text_hash("وزارة الدفاع") == text_hash("وزاره الدفاع")
    assert text_hash("") is None


def test_exact_duplicate_across_outlets_is_linked_not_stored_twice(db):
    first = store(db, STORY, "https://sada.test/a", "sada")
    # Same text with tatweel, diacritics and a hamza variant: still the same normalized text.
    respelled = [STORY[0].replace("ا", "أ", 1)] + [p.replace("ل", "لـ", 1) for p in STORY[1:]]
    second = store(db, respelled, "https://manara.test/b", "manara")
    assert second["status"] == "duplicate" and second["status_reason"] == "exact"
    assert second["duplicate_of"] == first["id"] and second["cluster_id"] == first["id"]
    assert second["text"] is None  # the original holds the text; this page's raw HTML stays in pages
    assert second["text_hash"] == first["text_hash"]
    assert first["text"] == "\n\n".join(STORY) and first["status"] == "ok"


def test_third_copy_points_to_the_first_document(db):
    first = store(db, STORY, "https://sada.test/a", "sada")
    store(db, STORY, "https://manara.test/b", "manara")
    third = store(db, STORY, "https://qafila.test/c", "qafila")
    assert third["duplicate_of"] == first["id"]


def test_recurating_the_original_does_not_make_it_its_own_duplicate(db):
    first = store(db, STORY, "https://sada.test/a", "sada")
    store(db, STORY, "https://manara.test/b", "manara")
    again = store(db, STORY, "https://sada.test/a", "sada")
    assert again["status"] == "ok" and again["duplicate_of"] is None and again["cluster_id"] == first["id"]


# --- near duplicates ---------------------------------------------------------------------------------


def test_syndicated_copy_with_small_edits_joins_the_cluster(db):
    first = store(db, STORY, "https://sada.test/a", "sada")
    copy = store(db, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    assert copy["status"] == "duplicate" and copy["status_reason"].startswith("near ")
    assert copy["duplicate_of"] == first["id"] and copy["cluster_id"] == first["id"]
    assert copy["text"] == "\n\n".join(syndicated_copy(STORY))  # a different text: kept


def test_different_stories_on_the_same_topic_are_not_clustered(db):
    store(db, STORY, "https://sada.test/a", "sada")
    other = store(db, OTHER, "https://manara.test/b", "manara")
    assert other["status"] == "ok" and other["cluster_id"] == other["id"]


def test_the_five_seed_articles_are_distinct(db):
    rows = [
        store(db, gold(p.name), f"https://seed.test/{i}", f"o{i}") for i, p in enumerate(sorted(GOLD.glob("*.txt")))
    ]
    assert [r["status"] for r in rows] == ["ok"] * 5


def test_the_index_persists_across_processes(tmp_path):
    path = tmp_path / "corpus.db"
    first = store(open_db(path), STORY, "https://sada.test/a", "sada")
    fresh = open_db(path)  # a new crawl: the band keys are in the database, not rebuilt from texts
    assert fresh["minhash_bands"].count == 25
    copy = store(fresh, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    assert copy["duplicate_of"] == first["id"]
    assert fresh["minhashes"].count == 1  # only originals are indexed


def test_a_candidate_is_scored_on_the_signature_of_its_stored_text(db):
    """Signatures are not stored: a band hit is scored on the MinHash of the candidate's stored text,
    which is what its band keys were made of; a candidate whose text is gone is no match."""
    first = store(db, STORY, "https://sada.test/a", "sada")
    assert db.execute("SELECT signature FROM minhashes").fetchall() == [(None,)]
    copy = store(db, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    assert (copy["status"], copy["duplicate_of"]) == ("duplicate", first["id"])
    db.execute("UPDATE documents SET text = NULL WHERE id = ?", [first["id"]])
    assert store(db, syndicated_copy(STORY), "https://qafila.test/y", "qafila")["status"] == "ok"


def test_signatures_written_by_another_connection_are_seen(tmp_path):
    path = tmp_path / "corpus.db"
    reader = open_db(path)
    NearDuplicateIndex.for_db(reader, CurationSettings())  # opened before the other writer stores
    first = store(open_db(path), STORY, "https://sada.test/a", "sada")
    copy = store(reader, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    assert copy["duplicate_of"] == first["id"]


def test_a_document_that_stops_being_ok_leaves_the_index(db):
    first = store(db, STORY, "https://sada.test/a", "sada")
    store(db, STORY[:2], "https://sada.test/a", "sada", CurationSettings(min_words=1000))
    assert db["minhashes"].count == 0
    copy = store(db, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    assert copy["status"] == "ok" and first["id"] != copy["id"]


def test_threshold_is_a_setting(db):
    store(db, STORY, "https://sada.test/a", "sada")
    strict = CurationSettings(near_duplicate_threshold=0.95)
    copy = store(db, syndicated_copy(STORY), "https://mawja.test/x", "mawja", strict)
    assert copy["status"] == "ok"


def test_export_filter_sees_one_document_per_cluster(db):
    store(db, STORY, "https://sada.test/a", "sada")
    store(db, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    store(db, STORY, "https://manara.test/b", "manara")
    store(db, OTHER, "https://qafila.test/c", "qafila")
    exported = db.execute("SELECT count(*) FROM documents WHERE status = 'ok' AND duplicate_of IS NULL").fetchone()[0]
    clusters = db.execute("SELECT count(DISTINCT cluster_id) FROM documents").fetchone()[0]
    assert exported == clusters == 2


def test_recurating_the_first_document_never_makes_it_a_copy_of_a_later_one(db):
    first = store(db, STORY, "https://sada.test/a", "sada")
    # Pretend the first page was once cleaned badly: the copy was stored as an original meanwhile.
    db["documents"].update(first["id"], {"status": "too_short"})
    db.execute("DELETE FROM minhashes WHERE document_id = ?", [first["id"]])
    later = store(db, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    exact = store(db, STORY, "https://manara.test/b", "manara")
    assert later["status"] == "ok" and exact["duplicate_of"] == later["id"]
    again = store(db, STORY, "https://sada.test/a", "sada")  # re-cleaned, fine now
    assert again["status"] == "ok" and again["duplicate_of"] is None
    # Re-curating the rest in stored order (what reclean does) links them to the first document.
    assert store(db, syndicated_copy(STORY), "https://mawja.test/x", "mawja")["duplicate_of"] == first["id"]
    assert store(db, STORY, "https://manara.test/b", "manara")["duplicate_of"] == first["id"]


def test_signatures_stored_after_a_delete_are_seen_by_an_index_opened_earlier(tmp_path):
    path = tmp_path / "corpus.db"
    writer, reader = open_db(path), open_db(path)
    store(writer, OTHER, "https://sada.test/a", "sada")
    NearDuplicateIndex.for_db(reader, CurationSettings())  # has seen the first signature
    store(writer, OTHER, "https://sada.test/a", "sada", CurationSettings(min_words=10_000))  # leaves the index
    first = store(writer, STORY, "https://sada.test/b", "sada")  # a plain rowid would reuse the freed slot
    copy = store(reader, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    assert copy["duplicate_of"] == first["id"]


def test_candidates_that_lost_their_row_are_ignored(db):
    first = store(db, STORY, "https://sada.test/a", "sada")
    db.execute("DELETE FROM documents WHERE id = ?", [first["id"]])  # a crawl that never saved it
    copy = store(db, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    assert copy["status"] == "ok"


def test_a_rolled_back_signature_does_not_hide_the_next_one(tmp_path):
    path = tmp_path / "corpus.db"
    reader, writer = open_db(path), open_db(path)
    document = Document(title=OTHER[0], paragraphs=OTHER[1:])
    reader.conn.execute("BEGIN")
    curate(reader, document_row(document, id="f" * 16, outlet="sada"), document)
    reader.conn.rollback()  # the crawl failed to store it: its seq will be handed out again
    first = store(writer, STORY, "https://sada.test/b", "sada")
    copy = store(reader, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    assert copy["duplicate_of"] == first["id"]


@hsettings(max_examples=50, deadline=None)
@given(
    st.lists(st.sampled_from(["\u064e", "\u0651", "\u0640", "\u200f", "\u200c"]), min_size=1, max_size=20), st.randoms()
)
def test_text_hash_ignores_diacritics_tatweel_and_bidi_marks(marks, rnd):
    text = STORY[1]
    chars = list(text)
    for mark in marks:  # sprinkled after Arabic letters only, where a writer or a CMS would put them
        positions = [i for i, c in enumerate(chars) if "\u0621" <= c <= "\u064a"]
        chars.insert(rnd.choice(positions) + 1, mark)
    assert text_hash("".join(chars)) == text_hash(text)


# --- the index lives in the database ----------------------------------------------------------------


def test_band_keys_are_in_the_table_and_leave_with_the_document(db):
    from corpus.curate.dedup import band_layout

    first = store(db, STORY, "https://sada.test/a", "sada")
    bands, _ = band_layout(0.5, 128)
    assert db["minhash_bands"].count == bands == 25  # datasketch's choice for 0.5 / 128
    store(db, STORY[:2], "https://sada.test/a", "sada", CurationSettings(min_words=1000))  # not ok now
    assert db["minhash_bands"].count == 0 and db["minhashes"].count == 0
    assert first["status"] == "ok"


def test_a_new_threshold_fills_its_layout_once_from_the_stored_signatures(db):
    store(db, STORY, "https://sada.test/a", "sada")
    store(db, OTHER, "https://sada.test/b", "sada")
    loose = CurationSettings(near_duplicate_threshold=0.3)  # 37 bands of 3 rows: another layout
    assert db["minhash_layouts"].count == 1
    copy = store(db, syndicated_copy(STORY), "https://mawja.test/x", "mawja", loose)
    assert copy["status"] == "duplicate"
    assert db["minhash_layouts"].count == 2
    third = store(db, gold("000_f6534bd217cba463.txt"), "https://sada.test/c", "sada")  # default settings
    # Originals added later are indexed under every layout in use: 25 + 37 keys, minus shared ones.
    keys = db.execute(
        "SELECT count(*) FROM minhash_bands b JOIN minhashes m ON m.seq = b.signature_seq WHERE m.document_id = ?",
        [third["id"]],
    ).fetchone()[0]
    assert 37 <= keys <= 25 + 37


def test_an_existing_database_gets_its_bands_from_the_stored_signatures(tmp_path, monkeypatch):
    """Migration m041 on a database that has signatures but no band table: filled in batches at first use."""
    import corpus.curate.dedup as dedup

    path = tmp_path / "corpus.db"
    db = open_db(path)
    first = store(db, STORY, "https://sada.test/a", "sada")
    for i, name in enumerate(["000_f6534bd217cba463.txt", "001_260b10cfabfba221.txt", "003_aa3a63d05b18ffe0.txt"]):
        store(db, gold(name), f"https://sada.test/{i}", "sada")
    db.execute("DROP TABLE minhash_bands")
    db.execute("DROP TABLE minhash_layouts")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm041_minhash_bands'")
    db.conn.commit()
    monkeypatch.setattr(dedup, "FILL_BATCH", 3)  # several batches for four signatures
    migrated = open_db(path)
    assert migrated["minhash_bands"].count == 0  # the migration makes the tables; curation fills them
    copy = store(migrated, syndicated_copy(STORY), "https://mawja.test/x", "mawja")
    assert copy["duplicate_of"] == first["id"]
    assert migrated["minhash_bands"].count == 4 * 25  # the copy is a duplicate: not an original


def test_signatures_equal_the_ones_datasketch_makes():
    """Stored signatures stay comparable: corpus.curate.minhash makes datasketch's own (seed, scheme)."""
    from datasketch import MinHash

    from corpus.curate.dedup import MINHASH_SCHEME, MINHASH_SEED, minhash_of, shingles

    text = "\n\n".join(STORY)
    fresh = MinHash(num_perm=128, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    fresh.update_batch([s.encode("utf-8") for s in shingles(text, 3)])
    assert (minhash_of(text, 128, 3) == fresh.hashvalues).all()


@pytest.mark.parametrize("width", ["<u4", "<u8"])
def test_signatures_stored_by_older_releases_still_match(db, width):
    """Older releases stored each signature, as uint32 or before that uint64 values: such a row is still a
    near-duplicate target (its blob is used, not the text), and is still taken out of the index when it
    stops being one."""
    import numpy as np

    from corpus.curate.dedup import minhash_of

    settings = CurationSettings()
    original = store(db, STORY, "https://a.example/1", "a")
    values = minhash_of("\n\n".join(STORY), settings.num_perm, settings.shingle_words)
    older = np.asarray(values).astype(width).tobytes()
    db.execute("UPDATE minhashes SET signature = ? WHERE document_id = ?", [older, original["id"]])
    db.execute("UPDATE documents SET text = 'نص آخر' WHERE id = ?", [original["id"]])  # the blob decides
    copy = store(db, syndicated_copy(STORY), "https://b.example/2", "b")
    assert (copy["status"], copy["duplicate_of"]) == ("duplicate", original["id"])
    NearDuplicateIndex.for_db(db, settings).discard(original["id"])
    assert db.execute("SELECT count(*) FROM minhash_bands").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM minhashes").fetchone()[0] == 0


def test_recurating_an_unchanged_original_leaves_its_signature_and_bands_alone(db):
    """A reclean re-curates every document; one whose text did not change keeps its index rows as they
    are (no 25 band deletes and inserts per document), and a changed one gets new ones."""
    first = store(db, STORY, "https://a.example/1", "a")
    before = db.execute("SELECT seq FROM minhashes WHERE document_id = ?", [first["id"]]).fetchone()
    bands = db.execute("SELECT band, bucket, signature_seq FROM minhash_bands ORDER BY 1, 2").fetchall()
    store(db, STORY, "https://a.example/1", "a")
    assert db.execute("SELECT seq FROM minhashes WHERE document_id = ?", [first["id"]]).fetchone() == before
    assert db.execute("SELECT band, bucket, signature_seq FROM minhash_bands ORDER BY 1, 2").fetchall() == bands
    store(db, OTHER, "https://a.example/1", "a")  # the same page, now another text
    assert db.execute("SELECT seq FROM minhashes WHERE document_id = ?", [first["id"]]).fetchone() != before
    assert db.execute("SELECT count(*) FROM minhash_bands").fetchone()[0] == len(bands)
