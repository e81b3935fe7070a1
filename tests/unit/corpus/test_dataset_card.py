"""`corpus export` writes a dataset card (README.md) that agrees with the files it sits beside."""

from __future__ import annotations

import csv
import sqlite3

from click.testing import CliRunner
from conftest import TESTS

from corpus.cli import cli

SEEDS = TESTS / "data" / "seeds" / "raw"


def test_export_writes_a_card_describing_what_it_holds(tmp_path):
    db = tmp_path / "corpus.db"
    assert CliRunner().invoke(cli, ["import-text", str(SEEDS), "--outlet", "seeds", "--db", str(db)]).exit_code == 0
    conn = sqlite3.connect(db)
    ids = [row[0] for row in conn.execute("SELECT id FROM documents WHERE status = 'ok' ORDER BY id")]
    conn.execute("UPDATE documents SET published = '2001-02-01T10:00:00+03:00' WHERE id = ?", [ids[0]])
    conn.execute("UPDATE documents SET published = '2031-07-09' WHERE id = ?", [ids[-1]])
    version = conn.execute("SELECT cleaner_version FROM documents LIMIT 1").fetchone()[0]
    conn.commit()
    conn.close()
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    card = (out / "README.md").read_text(encoding="utf-8")
    with open(out / "manifest.csv", encoding="utf-8") as fh:
        exported = len(list(csv.DictReader(fh)))
    assert f"{exported:,} clean news documents" in card
    assert f"| seeds | {exported:,} |" in card
    assert "published 2001-02-01 to 2031-07-09" in card
    assert f"Cleaner version: {version}" in card
    assert "Languages: ar" in card
    assert "belong to their outlets" in card
    assert "Selection: status ok" in card
    # the card is part of the export: exporting again into the folder is allowed and replaces it
    again = CliRunner().invoke(cli, ["export", "--out", str(out), "--db", str(db), "--format", "jsonl"])
    assert again.exit_code == 0, again.output
    assert "as jsonl" in (out / "README.md").read_text(encoding="utf-8")
