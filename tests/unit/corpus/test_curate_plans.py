"""Every statement curation runs for a new document is an indexed lookup: EXPLAIN QUERY PLAN of the
exact strings in corpus/curate/statements.py against a real migrated database, before and after
ANALYZE (statistics must not lure the planner onto a scan either)."""

import re

import pytest
from conftest import TESTS

from cleaners.document import Document
from corpus.curate import CurationSettings, curate
from corpus.curate import statements as sql
from corpus.store import document_row, open_db, save_document

GOLD = TESTS / "data" / "seeds" / "gold"
# The tables that grow with the corpus (minhash_layouts holds a row per threshold ever used).
WATCHED = ("documents", "minhashes", "minhash_bands", "boilerplate_seen", "boilerplate_lines", "boilerplate_pending")


def statements() -> dict[str, str]:
    """Every statement in the module, list placeholders filled with a few values."""
    found = {}
    for name in dir(sql):
        text = getattr(sql, name)
        if name.isupper() and isinstance(text, str):
            found[name] = text.format(ids=sql.marks(3), hashes=sql.marks(3), pairs=sql.band_pairs(9))
    return found


def plan(db, statement: str) -> list[str]:
    params = ["x"] * statement.count("?")
    return [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()]


def full_scans(details: list[str]) -> list[str]:
    """Plan steps that read a whole watched table (or all of one of its indexes)."""
    return [d for d in details if d.startswith("SCAN ") and d.split()[1] in WATCHED]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A migrated database holding some curated documents (so ANALYZE has something to count)."""
    db = open_db(tmp_path_factory.mktemp("plans") / "corpus.db")
    for i, path in enumerate(sorted(GOLD.glob("*.txt"))):
        title, *paragraphs = path.read_text(encoding="utf-8").split("\n\n")
        for copy in range(3):  # originals and exact duplicates, in two outlets
            document = Document(title=title, paragraphs=paragraphs + ["تابعونا على تويتر"])
            row = document_row(document, id=f"{i:08d}{copy:08d}", outlet=f"o{copy % 2}")
            row, removals = curate(db, row, document, CurationSettings())
            save_document(db, row, removals)
    return db


def test_the_module_holds_the_statements_curation_runs():
    names = statements()
    assert {
        "EXACT_ORIGINAL",
        "STORED_ROWID",
        "EARLIER_ORIGINALS",
        "CLUSTER_OF",
        "CANDIDATE_SIGNATURES",
        "PAGE_LINES",
        "ACTIVE_LINES",
        "LINE_GAINED_PAGE",
        "DELETE_BAND",
    } <= set(names)


@pytest.mark.parametrize("analyzed", [False, True], ids=["no-stats", "analyzed"])
def test_no_statement_scans_a_whole_table(db, analyzed):
    if analyzed:
        db.execute("ANALYZE")
    scanning = {name: full_scans(plan(db, text)) for name, text in statements().items()}
    assert {name: steps for name, steps in scanning.items() if steps} == {}


@pytest.mark.parametrize("analyzed", [False, True], ids=["no-stats", "analyzed"])
def test_exact_duplicate_lookup_uses_the_text_hash_index(db, analyzed):
    if analyzed:
        db.execute("ANALYZE")
    details = plan(db, sql.EXACT_ORIGINAL)
    assert any(d.startswith("SEARCH documents USING") and "text_hash=?" in d for d in details), details
    assert not any("TEMP B-TREE" in d for d in details), details  # rowid order comes from the index


def test_candidate_lookup_searches_bands_then_signatures(db):
    details = plan(db, statements()["CANDIDATE_SIGNATURES"])
    assert any(d.startswith("SEARCH b USING PRIMARY KEY (band=? AND bucket=?)") for d in details), details
    assert any(d.startswith("SEARCH m USING INTEGER PRIMARY KEY (rowid=?)") for d in details), details


def test_the_check_catches_the_plan_it_exists_for(tmp_path):
    """Without m040's index, and with statistics, SQLite plans the exact-duplicate lookup on the status
    index (every ok document read per new one): the assertions above would fail."""
    db = open_db(tmp_path / "old.db")
    db.execute("DROP INDEX idx_documents_text_hash_status_duplicate_of")
    db.conn.commit()
    db = open_db(tmp_path / "old.db")  # a fresh connection: no statement planned on the dropped index
    db.execute("ANALYZE")
    assert not any("text_hash=?" in d for d in plan(db, sql.EXACT_ORIGINAL))
    assert full_scans(plan(db, "SELECT id FROM documents WHERE title = ?"))


VALUE = r"(?:'(?:[^']|'')*'|-?[0-9.e+]+|NULL|[xX]'[0-9a-fA-F]*')"
LISTS = {
    "ids": f"{VALUE}(?:, {VALUE})*",
    "hashes": f"{VALUE}(?:, {VALUE})*",
    "pairs": rf"\({VALUE}, {VALUE}\)(?:, \({VALUE}, {VALUE}\))*",
}


def statement_pattern(template: str) -> re.Pattern:
    """A statement as SQLite's trace shows it: every ? expanded to its value, lists of any length."""
    parts = re.split(r"\{(\w+)\}", template)
    pattern = "".join(LISTS[part] if i % 2 else re.escape(part).replace(r"\?", VALUE) for i, part in enumerate(parts))
    return re.compile(pattern + r"\s*$")


def test_curation_runs_only_the_checked_statements(tmp_path):
    """Trace every statement curate() runs (new original, exact and near copy, a page that lost its
    article, a re-curated original): each is one of statements.py's, the ones whose plans are checked."""
    db = open_db(tmp_path / "corpus.db")
    known = [
        statement_pattern(getattr(sql, name))
        for name in dir(sql)
        if name.isupper() and isinstance(getattr(sql, name), str)
    ]
    title, *paragraphs = (GOLD / "002_276ed4953a8c982a.txt").read_text(encoding="utf-8").split("\n\n")
    near = paragraphs[:2] + paragraphs[3:]
    documents = [
        ("a", Document(title=title, paragraphs=paragraphs + ["تابعونا على تويتر"])),
        ("b", Document(title=title, paragraphs=paragraphs)),
        ("c", Document(title=title, paragraphs=near)),
        ("d", Document(title=title, paragraphs=[], rejected="no_article_text")),
        ("a", Document(title=title, paragraphs=paragraphs)),
    ]
    traced = []
    for doc_id, document in documents:
        row = document_row(document, id=doc_id * 16, outlet="o")
        db.conn.set_trace_callback(traced.append)
        try:
            row, removals = curate(db, row, document, CurationSettings())
        finally:
            db.conn.set_trace_callback(None)
        save_document(db, row, removals)
    ran = [t for t in traced if not re.match(r"(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", t)]
    assert len(ran) > 20 and any("minhash_bands" in t for t in ran)
    assert [t for t in ran if not any(p.match(t) for p in known)] == []


def test_next_import_number_reads_the_seq_index(db):
    details = plan(db, "SELECT coalesce(max(seq), -1) + 1 FROM documents")
    assert not full_scans(details), details
