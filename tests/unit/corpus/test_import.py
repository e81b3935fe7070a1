"""corpus import-text: a folder of extracted texts in, the seed shape and file names out again."""

from pathlib import Path

import pytest
from conftest import TESTS

from corpus.export import ExportOptions, export_documents
from corpus.ids import doc_id_for_text
from corpus.importer import import_text
from corpus.store import open_db

SEEDS = TESTS / "data" / "seeds"
RAW, GOLD = SEEDS / "raw", SEEDS / "gold"


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "corpus.db")


def gold_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(GOLD.glob("*.txt"))}


def exported_texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def test_seed_files_keep_their_ids_order_and_names(db):
    report = import_text(db, RAW, "seeds")
    assert (report.imported, report.failed) == (5, [])
    rows = list(db.query("SELECT id, seq, source_name, origin, outlet FROM documents ORDER BY seq"))
    assert [f"{r['seq']:03d}_{r['id']}.txt" for r in rows] == sorted(p.name for p in RAW.glob("*.txt"))
    assert {r["origin"] for r in rows} == {"import"} and {r["outlet"] for r in rows} == {"seeds"}
    assert [r["source_name"] for r in rows] == sorted(p.name for p in RAW.glob("*.txt"))


def test_import_then_export_reproduces_the_gold_files(db, tmp_path):
    report = import_text(db, RAW, "seeds")
    assert report.by_status == {"ok": 5}
    export_documents(db, ExportOptions("txt", tmp_path / "out"))
    assert exported_texts(tmp_path / "out") == gold_texts()


def test_importing_twice_updates_the_same_rows(db):
    import_text(db, RAW, "seeds")
    report = import_text(db, RAW, "seeds")
    assert report.imported == 5 and db["documents"].count == 5
    assert db.execute("SELECT count(*) FROM documents WHERE status = 'duplicate'").fetchone()[0] == 0


def test_other_file_names_get_content_ids_and_the_next_numbers(db, tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    raw_texts = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))[:2]]
    (folder / "b.txt").write_text(raw_texts[1], encoding="utf-8")
    (folder / "a.txt").write_text(raw_texts[0], encoding="utf-8")
    (folder / "notes.md").write_text("not a text file", encoding="utf-8")
    import_text(db, folder, "misc")
    rows = list(db.query("SELECT id, seq, source_name FROM documents ORDER BY seq"))
    assert rows == [
        {"id": doc_id_for_text(raw_texts[0]), "seq": 0, "source_name": "a.txt"},
        {"id": doc_id_for_text(raw_texts[1]), "seq": 1, "source_name": "b.txt"},
    ]
    import_text(db, folder, "misc")  # numbers are stable across re-imports
    assert list(db.query("SELECT id, seq, source_name FROM documents ORDER BY seq")) == rows


def test_a_bad_file_is_reported_by_name_and_the_rest_imported(db, tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "000_0000000000000001.txt").write_bytes(b"\xff\xfe\x00bad")
    (folder / "001_0000000000000002.txt").write_text(
        (RAW / "000_f6534bd217cba463.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = import_text(db, folder, "misc")
    assert report.imported == 1
    assert [(p.name, reason.split(" (")[0]) for p, reason in report.failed] == [
        ("000_0000000000000001.txt", "not UTF-8 text")
    ]


def test_imported_texts_can_be_recleaned(db):
    from corpus.reclean import reclean

    import_text(db, RAW, "seeds")
    first = sorted(GOLD.glob("*.txt"))[0]
    doc_id = first.stem.split("_")[1]
    db["documents"].update(doc_id, {"text": "نص قديم"})
    report = reclean(db, workers=1, overrides={})
    assert (report.total, report.changed) == (5, 1)
    assert db["documents"].get(doc_id)["text"] == first.read_text(encoding="utf-8")
    assert db["documents"].get(doc_id)["seq"] == 0


def test_raw_texts_are_kept_compressed_and_older_plain_rows_still_reclean(db):
    """New imports keep the raw text zlib-compressed (raw_zlib); a row imported before m100 has it in raw."""
    import zlib

    from corpus.reclean import reclean

    import_text(db, RAW, "seeds")
    rows = list(db.query("SELECT id, source_name, raw, raw_zlib FROM imported_texts ORDER BY seq"))
    assert all(row["raw"] is None for row in rows)
    for row in rows:
        assert zlib.decompress(row["raw_zlib"]).decode("utf-8") == (RAW / row["source_name"]).read_text(
            encoding="utf-8"
        )
    stored = sum(len(row["raw_zlib"]) for row in rows)
    assert stored < 0.6 * sum(len((RAW / row["source_name"]).read_bytes()) for row in rows)
    older = rows[0]  # as an older release stored it: plain text, nothing compressed
    db.execute(
        "UPDATE imported_texts SET raw = ?, raw_zlib = NULL WHERE id = ?",
        [zlib.decompress(older["raw_zlib"]).decode("utf-8"), older["id"]],
    )
    db["documents"].update(older["id"], {"text": "نص قديم"})
    report = reclean(db, workers=1, overrides={})
    assert (report.total, report.changed) == (5, 1)
    assert db["documents"].get(older["id"])["text"] == (GOLD / older["source_name"]).read_text(encoding="utf-8")


# --- the command ---------------------------------------------------------------------------------


def run_cli(*args):
    from click.testing import CliRunner

    from corpus.cli import cli

    return CliRunner().invoke(cli, list(args))


def test_cli_imports_a_folder(tmp_path):
    db_path = tmp_path / "c.db"
    result = run_cli("import-text", str(RAW), "--outlet", "seeds", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert f"imported 5 file(s) from {RAW} as seeds (ok 5)" in result.output
    assert open_db(db_path)["documents"].count == 5


def test_cli_names_the_bad_file_and_fails_only_when_nothing_was_imported(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "x.txt").write_bytes(b"\xff\xfe\x00bad")
    result = run_cli("import-text", str(folder), "--outlet", "misc", "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 1
    assert f"{folder / 'x.txt'}: not imported: not UTF-8 text" in result.output
    assert "none of 1 file(s) could be imported" in result.output


def test_cli_requires_an_existing_folder_and_an_outlet(tmp_path):
    assert (
        run_cli("import-text", str(tmp_path / "missing"), "--outlet", "x", "--db", str(tmp_path / "c.db")).exit_code
        == 2
    )
    assert run_cli("import-text", str(RAW), "--db", str(tmp_path / "c.db")).exit_code == 2


def test_cli_help_has_an_example():
    result = run_cli("import-text", "--help")
    assert result.exit_code == 0 and "corpus import-text seeds/raw --outlet seeds" in result.output


def test_cli_on_a_folder_without_text_files_says_so(tmp_path):
    result = run_cli("import-text", str(tmp_path), "--outlet", "x", "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 0 and f"{tmp_path}: no .txt files to import" in result.output
