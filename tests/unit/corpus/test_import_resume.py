"""An import-text killed halfway (a real SIGKILL) is marked interrupted and resumed after its last file."""

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT, TESTS, run_corpus, subprocess_env

from corpus.cli import cli
from corpus.store import open_db

SEED = next((TESTS / "data" / "seeds" / "raw").glob("*.txt")).read_text(encoding="utf-8")
FILES = 400


def write_texts(folder: Path, count: int = FILES) -> list[str]:
    """`count` distinct article texts (a numbered sentence makes each one its own document)."""
    folder.mkdir()
    names = [f"{i:04d}.txt" for i in range(count)]
    for i, name in enumerate(names):
        (folder / name).write_text(f"{SEED}\n\nهذا هو الخبر رقم {i} من الأرشيف.\n", encoding="utf-8")
    return names


def read_only(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)


def import_runs(db_path: Path) -> list[dict]:
    with read_only(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("SELECT * FROM import_runs ORDER BY id")]


def kill_import_halfway(folder: Path, db_path: Path, after: int = 10) -> None:
    """Start `corpus import-text` and SIGKILL it once it has finished `after` files."""
    process = subprocess.Popen(
        [sys.executable, "-m", "corpus", "import-text", str(folder), "--outlet", "archive", "--db", str(db_path)],
        cwd=REPO_ROOT,
        env=subprocess_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            try:
                runs = import_runs(db_path)
            except sqlite3.OperationalError:  # not created or migrated yet
                runs = []
            if runs and runs[-1]["imported"] >= after:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the import ended before it could be killed: give it more files"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def test_a_killed_import_is_marked_interrupted_and_resumed_after_its_last_file(tmp_path):
    folder, db_path = tmp_path / "texts", tmp_path / "corpus.db"
    names = write_texts(folder)
    kill_import_halfway(folder, db_path)

    (killed,) = import_runs(db_path)
    assert killed["status"] == "running" and killed["finished_at"] is None
    done = killed["imported"]
    assert 10 <= done < FILES and killed["last_file"] == names[done - 1]
    with read_only(db_path) as conn:
        stored = {name: stamp for name, stamp in conn.execute("SELECT source_name, imported_at FROM imported_texts")}
    # the file being stored when it died may be in the database without being recorded: at most one
    assert set(names[:done]) <= set(stored) <= set(names[: done + 1])

    result = run_corpus("import-text", folder, "--outlet", "archive", "--db", db_path, timeout=600)
    assert result.returncode == 0, result.stderr
    assert (
        f"resuming import run {killed['id']} after {names[done - 1]} ({done} of {FILES} files already done)"
        in result.stderr
    )
    assert f"imported {FILES - done:,} file(s)" in result.stdout

    first, resumed = import_runs(db_path)
    assert first["status"] == "interrupted" and first["finished_at"]  # marked by the command that took the lock
    assert (resumed["status"], resumed["resumed_from"], resumed["files"], resumed["imported"]) == (
        "finished",
        first["id"],
        FILES - done,
        FILES - done,
    )
    db = open_db(db_path)
    assert db["documents"].count == FILES
    again = {
        row["source_name"]: row["imported_at"]
        for row in db.query("SELECT source_name, imported_at FROM imported_texts")
    }
    # the files finished before the kill were not read or cleaned again
    assert all(again[name] == stored[name] for name in names[:done])


def test_a_resume_retries_the_files_the_interrupted_run_could_not_import(tmp_path):
    folder, db_path = tmp_path / "texts", tmp_path / "corpus.db"
    names = write_texts(folder, 6)
    (folder / names[1]).write_bytes(b"\xff\xfe\x00not text")  # fails in the first run
    db = open_db(db_path)
    db["import_runs"].insert(
        {
            "folder": str(folder.resolve()),
            "outlet": "archive",
            "status": "interrupted",
            "last_file": names[3],
            "imported": 3,
            "failed": 1,
            "failures": json.dumps([[names[1], "not UTF-8 text (byte 0)"]]),
        },
        pk="id",
    )
    (folder / names[1]).write_text(SEED, encoding="utf-8")  # repaired since
    result = CliRunner().invoke(cli, ["import-text", str(folder), "--outlet", "archive", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert {row["source_name"] for row in db.query("SELECT source_name FROM imported_texts")} == {
        names[1],
        names[4],
        names[5],
    }
    assert db.execute("SELECT failures, resumed_from FROM import_runs WHERE id = 2").fetchone() == ("[]", 1)


@pytest.mark.parametrize("status", ["finished", "running"])
def test_only_an_interrupted_run_is_resumed_and_from_start_imports_everything(tmp_path, status):
    folder, db_path = tmp_path / "texts", tmp_path / "corpus.db"
    names = write_texts(folder, 4)
    db = open_db(db_path)
    interrupted = {"folder": str(folder.resolve()), "outlet": "archive", "status": "interrupted", "last_file": names[1]}
    db["import_runs"].insert(interrupted, pk="id")
    db["import_runs"].insert({**interrupted, "status": status, "pid": None}, pk="id")  # the latest run counts
    result = CliRunner().invoke(cli, ["import-text", str(folder), "--outlet", "archive", "--db", str(db_path)])
    assert "resuming" not in result.output and "imported 4 file(s)" in result.output
    db["import_runs"].insert(interrupted, pk="id")
    result = CliRunner().invoke(
        cli, ["import-text", str(folder), "--outlet", "archive", "--from-start", "--db", str(db_path)]
    )
    assert "resuming" not in result.output and "imported 4 file(s)" in result.output
    result = CliRunner().invoke(cli, ["import-text", str(folder), "--outlet", "other", "--db", str(db_path)])
    assert "resuming" not in result.output  # another outlet: another import
