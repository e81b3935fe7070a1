"""corpus export: txt (+ manifest.csv), JSONL and Parquet; filters, order, and safe re-export."""

import csv
import json
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import TESTS

import corpus.cli.export  # noqa: F401  registers the command
import corpus.export
from corpus.cli import cli
from corpus.export import ExportOptions, TxtWriter, export_documents
from corpus.search import DocumentFilter
from corpus.store import open_db, save_document

GOLD_DIR = TESTS / "gold" / "demo"
GOLD = [path for outlet in sorted(GOLD_DIR.iterdir()) for path in sorted(outlet.glob("*.txt"))[:2]]  # real texts
TXT_NAME = re.compile(r"^\d{3,}_[0-9a-f]{16}\.txt$")


def hex_id(n: int) -> str:
    return f"{n:016x}"


def make_rows():
    """Realistic texts (the demo gold files) spread over outlets and days, plus rows exports skip."""
    rows = []
    for n, path in enumerate(GOLD):
        text = path.read_text(encoding="utf-8")
        rows.append(
            {
                "id": hex_id(0x1000 + n),
                "url": f"http://{path.parent.name}.test/{path.stem}",
                "outlet": path.parent.name,
                "title": text.split("\n", 1)[0],
                "text": text,
                "published": f"2024-05-{n + 1:02d}T10:00:00+03:00",
                "lang": "ar",
                "status": "ok",
                "word_count": len(text.split()),
                "tags": json.dumps(["وسم", f"tag{n}"], ensure_ascii=False),
                "source_credit": json.dumps(["RT"]),
            }
        )
    rows.append({**rows[0], "id": hex_id(0x2000), "url": "http://sada.test/copy", "duplicate_of": rows[0]["id"]})
    rows.append({**rows[1], "id": hex_id(0x2001), "url": "http://x.test/short", "status": "too_short", "text": "قصير"})
    rows.append({**rows[2], "id": hex_id(0x2002), "url": "http://x.test/en", "lang": "en", "text": "English text"})
    return rows


ROWS = make_rows()
OK_IDS = {r["id"] for r in ROWS if r["status"] == "ok" and not r.get("duplicate_of")}


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "corpus.db"
    db = open_db(path)
    for row in ROWS:
        save_document(db, row)
    db.close()
    return path


def export(db_path, out, *args):
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--out", str(out), *args])
    return result


def read_manifest(folder):
    with open(folder / "manifest.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def stored(db_path):
    return {r["id"]: r for r in open_db(db_path)["documents"].rows}


# --- txt ----------------------------------------------------------------------------------------


def test_txt_export_round_trips_to_the_stored_documents(db_path, tmp_path):
    out = tmp_path / "out"
    result = export(db_path, out, "--format", "txt")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"exported {len(OK_IDS)} document(s) as txt to {out}"
    documents = stored(db_path)
    files = sorted(p.name for p in out.glob("*.txt"))
    assert len(files) == len(OK_IDS) and all(TXT_NAME.match(name) for name in files)
    for name in files:
        doc_id = name[:-4].split("_", 1)[1]
        raw = (out / name).read_bytes()
        assert raw.decode("utf-8") == documents[doc_id]["text"]  # exactly, no trailing newline
        assert not raw.endswith(b"\n")
    assert {name[:-4].split("_", 1)[1] for name in files} == OK_IDS


def test_txt_files_have_the_seed_shape(db_path, tmp_path):
    out = tmp_path / "out"
    export(db_path, out, "--lang", "ar")
    by_text = {p.read_text(encoding="utf-8") for p in GOLD}
    assert {p.read_text(encoding="utf-8") for p in out.glob("*.txt")} == by_text


def test_manifest_lists_every_file_in_order(db_path, tmp_path):
    out = tmp_path / "out"
    export(db_path, out)
    manifest = read_manifest(out)
    assert list(manifest[0]) == ["file", "id", "url", "outlet", "title", "published"]
    assert [m["file"] for m in manifest] == sorted(p.name for p in out.glob("*.txt"))
    assert [m["file"][:3] for m in manifest] == [f"{i:03d}" for i in range(len(manifest))]
    published = [m["published"] for m in manifest]
    assert published == sorted(published)  # crawled documents go by date
    documents = stored(db_path)
    for m in manifest:
        doc = documents[m["id"]]
        assert (m["url"], m["outlet"], m["title"], m["published"]) == (
            doc["url"],
            doc["outlet"],
            doc["title"],
            doc["published"],
        )


def test_imported_documents_keep_their_order_before_crawled_ones(db_path, tmp_path):
    db = open_db(db_path)
    last, first = ROWS[-4]["id"], ROWS[3]["id"]
    db["documents"].update(last, {"seq": 0})
    db["documents"].update(first, {"seq": 1})
    out = tmp_path / "out"
    export(db_path, out)
    assert [m["id"] for m in read_manifest(out)][:2] == [last, first]


def test_number_width_is_at_least_three_and_the_same_for_all_files(tmp_path):
    assert TxtWriter(tmp_path, 1000, [], 10).width == 3
    assert TxtWriter(tmp_path, 1001, [], 10).width == 4
    assert TxtWriter(tmp_path, 0, [], 10).width == 3


# --- selection ----------------------------------------------------------------------------------


def exported_ids(db_path, out, *args):
    result = export(db_path, out, *args)
    assert result.exit_code == 0, result.output
    return {m["id"] for m in read_manifest(out)}


def test_default_selection_is_status_ok_and_one_per_duplicate_cluster(db_path, tmp_path):
    assert exported_ids(db_path, tmp_path / "a") == OK_IDS
    assert exported_ids(db_path, tmp_path / "b", "--keep-duplicates") == OK_IDS | {hex_id(0x2000)}
    assert exported_ids(db_path, tmp_path / "c", "--status", "too_short") == {hex_id(0x2001)}
    assert len(exported_ids(db_path, tmp_path / "d", "--status", "all", "--keep-duplicates")) == len(ROWS)


def test_outlet_date_and_language_filters(db_path, tmp_path):
    assert exported_ids(db_path, tmp_path / "a", "--outlet", "manara") == {
        r["id"] for r in ROWS[: len(GOLD)] if r["outlet"] == "manara"
    }
    # until is inclusive of the whole day, although published carries a time
    assert exported_ids(db_path, tmp_path / "b", "--since", "2024-05-02", "--until", "2024-05-03") == {
        hex_id(0x1001),
        hex_id(0x1002),
        hex_id(0x2002),
    }
    assert exported_ids(db_path, tmp_path / "c", "--lang", "en") == {hex_id(0x2002)}


def test_bad_date_is_a_usage_error(db_path, tmp_path):
    result = export(db_path, tmp_path / "out", "--since", "yesterday")
    assert result.exit_code == 2 and "--since" in result.output
    assert not (tmp_path / "out").exists()


# --- jsonl and parquet --------------------------------------------------------------------------


def test_jsonl_loads_line_by_line_with_real_lists(db_path, tmp_path):
    out = tmp_path / "out"
    assert export(db_path, out, "--format", "jsonl").exit_code == 0
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert {r["id"] for r in records} == OK_IDS
    documents = stored(db_path)
    for record in records:
        doc = documents[record["id"]]
        assert record["text"] == doc["text"] and record["title"] == doc["title"]
        assert record["tags"] == json.loads(doc["tags"]) and isinstance(record["source_credit"], list)
        assert {"url", "outlet", "published", "lang", "word_count"} <= record.keys()
        assert "search_text" not in record
    assert "\\u06" not in lines[0]  # Arabic written as UTF-8, not escaped
    assert [m["file"] for m in read_manifest(out)] == ["documents.jsonl"] * len(records)


def test_parquet_loads_with_pyarrow_with_typed_columns(db_path, tmp_path):
    out = tmp_path / "out"
    assert export(db_path, out, "--format", "parquet").exit_code == 0
    table = pq.read_table(out / "documents.parquet")
    assert table.num_rows == len(OK_IDS)
    assert table.schema.field("tags").type == pa.list_(pa.string())
    assert table.schema.field("word_count").type == pa.int64()
    documents = stored(db_path)
    for record in table.to_pylist():
        assert record["text"] == documents[record["id"]]["text"]
        assert record["tags"] == json.loads(documents[record["id"]]["tags"])


def test_parquet_is_written_in_row_groups(db_path, tmp_path):
    db = open_db(db_path)
    options = ExportOptions(
        "parquet", tmp_path / "out", DocumentFilter(statuses=(), keep_duplicates=True), batch_size=3
    )
    result = export_documents(db, options)
    parquet = pq.ParquetFile(tmp_path / "out" / "documents.parquet")
    assert result.documents == parquet.metadata.num_rows == len(ROWS)
    assert parquet.metadata.num_row_groups == -(-len(ROWS) // 3)


# --- re-export safety ---------------------------------------------------------------------------


def test_reexport_replaces_the_whole_folder(db_path, tmp_path):
    out = tmp_path / "out"
    export(db_path, out)
    assert len(list(out.glob("*.txt"))) == len(OK_IDS)
    result = export(db_path, out, "--outlet", "sada")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    sada = [m["file"] for m in read_manifest(out)]
    assert names == sorted([*sada, "manifest.csv", "README.md"])  # no stale files from the first export
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging or retired folders
    result = export(db_path, out, "--format", "jsonl")  # another format into the same folder
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "documents.jsonl", "manifest.csv"]


def test_refuses_to_replace_a_folder_that_is_not_an_export(db_path, tmp_path):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.txt").write_text("precious", encoding="utf-8")
    result = export(db_path, out)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "not an export folder" in result.output and str(out) in result.output
    assert (out / "chapter1.txt").read_text(encoding="utf-8") == "precious"
    file_out = tmp_path / "file.txt"
    file_out.write_text("x")
    result = export(db_path, file_out)
    assert result.exit_code != 0 and file_out.read_text() == "x"


def test_an_empty_folder_is_fine(db_path, tmp_path):
    (tmp_path / "out").mkdir()
    assert export(db_path, tmp_path / "out").exit_code == 0


def test_an_interrupted_export_leaves_the_previous_one_untouched(db_path, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export(db_path, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    written = []

    def failing_write(self, row):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(row["id"])
        original_write(self, row)

    original_write = corpus.export.TxtWriter.write
    monkeypatch.setattr(corpus.export.TxtWriter, "write", failing_write)
    with pytest.raises(KeyboardInterrupt):
        export_documents(open_db(db_path), ExportOptions("txt", out, DocumentFilter(statuses=())))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # staging folder removed


def test_progress_goes_to_stderr_and_the_summary_to_stdout(db_path, tmp_path):
    result = export(db_path, tmp_path / "out")
    assert "exporting" in result.stderr
    assert result.stdout.startswith("exported ")


def test_exact_duplicates_stored_without_text_export_their_originals_text(db_path, tmp_path):
    db = open_db(db_path)
    original = ROWS[0]
    save_document(
        db,
        {
            **original,
            "id": hex_id(0x2003),
            "url": "http://x.test/exact",
            "text": None,
            "status": "duplicate",
            "duplicate_of": original["id"],
        },
    )
    out = tmp_path / "out"
    assert exported_ids(db_path, out, "--status", "duplicate", "--keep-duplicates") == {hex_id(0x2003)}
    assert next(out.glob("*.txt")).read_text(encoding="utf-8") == original["text"]


def test_refuses_to_replace_an_export_holding_something_else(db_path, tmp_path):
    out = tmp_path / "out"
    export(db_path, out)
    export(db_path, out / "jsonl", "--format", "jsonl")  # an export nested in another one
    result = export(db_path, out)
    assert result.exit_code == 1 and "holds jsonl" in result.output
    assert (out / "jsonl" / "documents.jsonl").exists()
    (out / "jsonl" / "notes.md").write_text("mine")
    result = export(db_path, out / "jsonl", "--format", "jsonl")
    assert result.exit_code == 1 and "holds notes.md" in result.output


def test_progress_counts_up_to_the_total(db_path, tmp_path):
    seen = {}

    class Recorder:
        def __init__(self, total):
            seen["total"], seen["done"] = total, 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def update(self, n):
            seen["done"] += n

    result = export_documents(open_db(db_path), ExportOptions("jsonl", tmp_path / "out"), progress=Recorder)
    assert seen == {"total": result.documents, "done": result.documents} and result.documents == len(OK_IDS)
