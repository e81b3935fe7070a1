"""The Datasette view of corpus.db, the "reading room": metadata, a plugin and templates (all shipped
in the package) and how to launch them.

metadata.json describes the tables, facets documents by outlet/status/lang/month, points the search box
at documents_fts, lists canned queries and configures the plugin (plugins/reading_room.py: right-to-left
text cells, machinery columns left out, the ranked search's SQL functions, the month facet).
templates/ gives a document's row page its reading layout. Datasette keys metadata by database name
(the file stem), so for a database not named corpus.db the launcher writes a copy under the right name.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

METADATA_PATH = Path(__file__).with_name("metadata.json")
PLUGINS_DIR = Path(__file__).with_name("plugins")
TEMPLATES_DIR = Path(__file__).with_name("templates")
PACKAGED_DATABASE = "corpus"
# Long article texts would make every table page a wall of text; the row page still shows them whole.
SETTINGS = {
    "truncate_cells_html": "300",
    "facet_time_limit_ms": "2000",  # outlet/lang/status facets over a large corpus need more than 200 ms
    # Any SQL a visitor types runs on the server: stop it after 1 s (Datasette's default), so one query
    # cannot hold a shared server's CPU; facet queries get at most this too.
    "sql_time_limit_ms": "1000",
    "suggest_facets": "off",  # suggesting facets scans every column, article text included
}


def metadata_for(database_name: str) -> dict[str, Any]:
    metadata: dict[str, Any] = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if database_name != PACKAGED_DATABASE and PACKAGED_DATABASE in databases:
        databases[database_name] = databases.pop(PACKAGED_DATABASE)
    return metadata


def serve_args(db_path: Path, metadata_path: Path, host: str, port: int, extra: tuple[str, ...] = ()) -> list[str]:
    """The arguments of `datasette` that serve this database with our metadata and settings."""
    args = [
        "serve",
        str(db_path),
        "--metadata",
        str(metadata_path),
        "--host",
        host,
        "--port",
        str(port),
        "--plugins-dir",
        str(PLUGINS_DIR),
        "--template-dir",
        str(TEMPLATES_DIR),
    ]
    for name, value in SETTINGS.items():
        args += ["--setting", name, value]
    return args + list(extra)


def datasette_command(
    db_path: Path, metadata_path: Path, host: str, port: int, extra: tuple[str, ...] = ()
) -> list[str]:
    """The same as a command line, run with the current interpreter (the venv's datasette)."""
    return [sys.executable, "-m", "datasette", *serve_args(db_path, metadata_path, host, port, extra)]
