"""m050_lean_search on a database made by the code before it: two stored copies + triggers -> one index."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import sqlite_utils
from test_search import index_is_exact

from corpus.migrations import m050_lean_search, registered_migrations
from corpus.search import DocumentFilter, search
from corpus.search_index import ensure_index_current, fold, searchable_source, strip_marks
from corpus.store import migrate, now_iso, open_db, save_document

DOCUMENTS = 700  # more than one batch of the migration


def number_word(n: int) -> str:
    """A word only document n contains: Arabic letters for its digits (unicode61 keeps it one token)."""
    return "رقم" + "".join("صفثجدهوزحط"[int(d)] for d in str(n))


def old_style_row(n: int) -> dict:
    title = f"خبر {number_word(n)}"
    text = f"{title}\n\nوقّعت الحكومة الاتفاقيّة الجديدة مع الشركاء {number_word(n)} اليوم."
    return {
        "id": f"{n:016x}",
        "title": title,
        "text": text,
        "outlet": "sada",
        "status": "ok",
        "lang": "ar",
        "published": "2024-05-01",
    }


def make_old_database(path: Path) -> None:
    """The schema up to m030 and rows written the way save_document wrote them before m050: both
    normalized copies in the row, the sqlite-utils triggers copying them into documents_fts."""
    db = sqlite_utils.Database(path)
    db.enable_wal()
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
    for name, apply in registered_migrations():
        if name < "m050":
            with db.conn:
                apply(db)
                db["_migrations"].insert({"name": name, "applied_at": now_iso()})
    with db.conn:
        for n in range(DOCUMENTS):
            row = old_style_row(n)
            source = searchable_source(row["title"], row["text"])
            db["documents"].upsert({**row, "search_text": fold(source), "search_plain": strip_marks(source)}, pk="id")
    assert db.execute("SELECT count(*) FROM documents_fts_docsize").fetchone()[0] == DOCUMENTS  # the old triggers ran
    db.close()


def test_migration_converts_an_old_database_and_every_document_is_still_found(tmp_path):
    path = tmp_path / "corpus.db"
    make_old_database(path)
    size_before = path.stat().st_size  # closed: the WAL is checkpointed into the file

    db = sqlite_utils.Database(path)
    applied = migrate(db)
    assert "m050_lean_search" in applied  # and whatever later steps the old database lacked
    assert all(name >= "m050" for name in applied), applied
    assert migrate(db) == []  # recorded: nothing applied twice
    assert not db["_migrations"].exists()  # the old records moved to sqlite-utils' own table
    recorded = [r["name"] for r in db["_sqlite_migrations"].rows_where("migration_set = 'corpus'")]
    assert recorded == [name for name, _ in registered_migrations()]
    assert ensure_index_current(db)  # the live code fills the index the migration left empty
    assert (
        db.execute(
            "SELECT count(*) FROM documents WHERE search_text IS NOT NULL OR search_plain IS NOT NULL"
        ).fetchone()[0]
        == 0
    )
    assert {t.name for t in db["documents"].triggers} == set()
    assert "documents_search_missing" not in {i.name for i in db["documents"].indexes}
    assert db["documents"].detect_fts() == "documents_fts"
    assert index_is_exact(db)
    for n in range(DOCUMENTS):  # every document, through sqlite-utils' own search (detect_fts + MATCH)
        found = [row["id"] for row in db["documents"].search(number_word(n), columns=["id"])]
        assert found == [f"{n:016x}"], n
    assert [h.id for h in search(db, number_word(7), DocumentFilter())] == [f"{7:016x}"]

    m050_lean_search.apply(db)  # re-running the step itself changes nothing
    assert index_is_exact(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("VACUUM")  # optional after the migration: gives the copies' pages back
    db.close()
    assert path.stat().st_size < size_before * 0.85  # short texts: the copies weigh less than in news

    exe = shutil.which("sqlite-utils", path=str(Path(sys.executable).parent))
    out = subprocess.run(
        [exe, "search", str(path), "documents", "الاتفاقية", "-c", "id", "--limit", "3"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert len(json.loads(out.stdout)) == 3  # typed with ة, stored as "الاتفاقيّة"


def test_a_migrated_database_keeps_its_index_in_step_with_new_writes(tmp_path):
    path = tmp_path / "corpus.db"
    make_old_database(path)
    db = open_db(path)
    save_document(db, {**old_style_row(3), "title": "خبر آخر", "text": "خبر آخر\n\nنص جديد كليا عن بيلاروس."})
    save_document(db, old_style_row(DOCUMENTS))
    assert [row["id"] for row in db["documents"].search(number_word(3))] == []
    assert [row["id"] for row in db["documents"].search("بيلاروس")] == [f"{3:016x}"]
    assert [row["id"] for row in db["documents"].search(number_word(DOCUMENTS))] == [f"{DOCUMENTS:016x}"]
    assert index_is_exact(db)


def test_an_index_built_by_another_normalizer_is_rebuilt_when_the_database_is_opened(tmp_path, capsys):
    path = tmp_path / "corpus.db"
    db = open_db(path)
    for n in range(3):
        save_document(db, old_style_row(n))
    with db.conn:  # as if an older fold had built it: other tokens, another fingerprint
        db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('delete-all')")
        db.execute("INSERT INTO documents_fts (rowid, search_text, search_plain) VALUES (1, 'رقمص قديم', '')")
        db.execute("UPDATE search_index_state SET value = 'older' WHERE key = 'fingerprint'")
    db.close()
    db = open_db(path)
    assert (
        "search index is missing or was built by another normalizer; rebuilding it (3 documents)"
        in capsys.readouterr().err
    )
    assert index_is_exact(db)
    db.close()
    open_db(path).close()
    assert capsys.readouterr().err == ""  # once


def test_migrations_never_import_live_code():
    """A migration must mean the same thing whatever the live code becomes: only stdlib and sqlite_utils."""
    import ast

    import corpus.migrations

    folder = Path(corpus.migrations.__file__).parent
    for module in sorted(folder.glob("m[0-9][0-9][0-9]_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        live = {name for name in imported if name.split(".")[0] in ("corpus", "cleaners", "crawler")}
        assert not live, f"{module.name} imports {sorted(live)}"
