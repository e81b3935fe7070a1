"""What a worker process works out ahead for the writer (corpus.curate.Measured: language, quality, hashes,
MinHash band keys, line hashes, search index entry) gives exactly the corpus that working it all out in
the writer gives: same rows, removals, signatures, band keys, learned lines and index terms."""

import sqlite3
from pathlib import Path

from conftest import TESTS

from corpus.curate import CurationSettings
from corpus.importer import SourceFile, store_file
from corpus.pages import Cleaned, clean_text_source
from corpus.store import open_db

GOLD = sorted((TESTS / "data" / "seeds" / "gold").glob("*.txt")) + sorted((TESTS / "gold" / "demo").rglob("*.txt"))
SLOGAN = "شاركونا آراءكم عبر صفحتنا"  # a line every page of the outlet carries: learned after 5 pages


def sources() -> list[SourceFile]:
    """Gold texts with a recurring line, exact copies and near copies (a paragraph dropped)."""
    out = []
    for i, path in enumerate(GOLD[:40]):
        text = path.read_text(encoding="utf-8")
        paragraphs = text.split("\n\n")
        variants = [text + "\n\n" + SLOGAN, text]
        if len(paragraphs) > 4:
            variants.append("\n\n".join(paragraphs[:2] + paragraphs[3:]) + "\n\n" + SLOGAN)
        for j, raw in enumerate(variants):
            out.append(SourceFile(Path(f"{i:03d}_{j}.txt"), raw, f"{i * 10 + j:016x}", i * 10 + j))
    return out


def contents(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, documents_fts, row)")
    queries = {
        "documents": "SELECT * FROM documents ORDER BY rowid",
        "removals": "SELECT document_id, rule, stage, text FROM removals ORDER BY id",
        "minhashes": "SELECT document_id, signature FROM minhashes ORDER BY seq",
        "bands": "SELECT band, bucket, signature_seq FROM minhash_bands ORDER BY 1, 2, 3",
        "lines": "SELECT outlet, line_hash, line, pages FROM boilerplate_lines ORDER BY 1, 2",
        "terms": "SELECT term, doc, cnt FROM temp.vocab ORDER BY term",
    }
    found = {}
    for name, query in queries.items():
        cursor = conn.execute(query)
        names = [d[0] for d in cursor.description]
        found[name] = [tuple(v for n, v in zip(names, row) if n != "cleaned_at") for row in cursor]
    conn.close()
    return found


def test_measured_ahead_stores_what_measuring_in_the_writer_stores(tmp_path):
    settings = CurationSettings()
    ahead, here = open_db(tmp_path / "ahead.db"), open_db(tmp_path / "here.db")
    for source in sources():
        cleaned = clean_text_source(source.raw, None, settings)
        assert cleaned.measured is not None and cleaned.measured.index_values
        store_file(ahead, source, cleaned, "outlet", settings)
        store_file(here, source, Cleaned(cleaned.document, None, None), "outlet", settings)
    got, expected = contents(tmp_path / "ahead.db"), contents(tmp_path / "here.db")
    statuses = {row[0] for row in ahead.execute("SELECT status_reason FROM documents WHERE status = 'duplicate'")}
    assert "exact" in statuses and any(reason.startswith("near") for reason in statuses)
    assert any(rule == "learned_boilerplate" for _, rule, *_ in got["removals"])
    for table in expected:
        assert got[table] == expected[table], table
