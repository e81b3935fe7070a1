"""`corpus demo` as a library function: serve the demo sites, crawl them, export, summarize.

from corpus.demo.run import run_demo
result = run_demo("corpus.db", export_dir="demo-export")
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from corpus.config import settings_from_scrapy
from corpus.curate import CurationSettings
from corpus.curate.boilerplate import LearnedLine, learned_lines
from corpus.demo.registry import registry_files
from corpus.demo.server import DemoServer
from corpus.export import ExportOptions, export_documents
from corpus.registry import Outlet, load_registry
from corpus.search import DocumentFilter
from corpus.store import open_db
from crawler.runner import DEMO_PREFIX, LOCAL_SERVER_SETTINGS, CrawlOptions, run_crawl


@dataclass
class DemoResult:
    db_path: Path
    crawl: dict[str, Any]  # run_crawl's stats
    documents: dict[str, dict[str, int]] = field(default_factory=dict)  # outlet -> status -> count
    removals: list[tuple[str, int]] = field(default_factory=list)  # (rule, count), most frequent first
    removed_chars: int = 0
    export_dir: Path | None = None
    exported: int = 0
    # outlet -> the active learned boilerplate lines (corpus.curate.boilerplate.learned_lines entries)
    learned: dict[str, list[LearnedLine]] = field(default_factory=dict)
    boilerplate_min_pages: int = 0  # the threshold the crawl applied


def remembered_ports(db: sqlite_utils.Database) -> dict[str, int]:
    """The port each demo site had in the latest earlier demo crawl of this db.

    The demo sites are served on ephemeral ports, and a document's id is the hash of its URL: serving a
    site on the port it had before keeps the URLs, so running the demo again updates the same rows."""
    if not db["pages"].exists():
        return {}
    ports = {}
    rows = db.execute(
        "SELECT outlet, url FROM pages WHERE outlet LIKE ? ESCAPE '\\' ORDER BY fetched_at",
        [DEMO_PREFIX.replace("_", "\\_") + "%"],
    )
    for outlet, url in rows:
        port = urlsplit(url or "").port
        if port:
            ports[outlet[len(DEMO_PREFIX) :]] = port  # the latest wins
    return ports


def demo_documents(db: sqlite_utils.Database) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for outlet, status, n in db.execute(
        "SELECT outlet, status, count(*) FROM documents WHERE outlet LIKE ? ESCAPE '\\' GROUP BY 1, 2 ORDER BY 1, 2",
        [DEMO_PREFIX.replace("_", "\\_") + "%"],
    ):
        counts.setdefault(outlet, {})[status or "?"] = n
    return counts


def demo_removals(db: sqlite_utils.Database) -> tuple[list[tuple[str, int]], int]:
    rows = db.execute(
        """SELECT removals.rule, count(*), sum(length(removals.text)) FROM removals
           JOIN documents ON documents.id = removals.document_id
           WHERE documents.outlet LIKE ? ESCAPE '\\' GROUP BY 1 ORDER BY 2 DESC, 1""",
        [DEMO_PREFIX.replace("_", "\\_") + "%"],
    ).fetchall()
    return [(rule, n) for rule, n, _ in rows], sum(chars or 0 for _, _, chars in rows)


def demo_outlet_names(server: DemoServer, registry: Mapping[str, Outlet]) -> list[str]:
    """The registry's demo outlets for the sites this DemoServer serves ("sada" -> "demo_sada")."""
    return [
        DEMO_PREFIX + site
        for site in server.base_urls
        if registry.get(DEMO_PREFIX + site, None) and registry[DEMO_PREFIX + site].demo
    ]


def crawl_demo(
    db_path: str | Path,
    server: DemoServer,
    settings: Mapping[str, object] | None = None,
    *,
    options: CrawlOptions | None = None,
) -> dict[str, Any]:
    """Crawl every demo outlet the running DemoServer serves, in ONE CrawlerProcess run, fast (no delays:
    the sites are local; robots.txt is still obeyed; only warnings logged unless options say otherwise).
    The registry is the production one plus the demo outlets' file unless options name one. Returns
    run_crawl's stats. Once per process (the reactor cannot restart)."""
    options = options or CrawlOptions(log_level="WARNING")
    if not options.registry:
        options = replace(options, registry=registry_files())
    base_urls = {DEMO_PREFIX + site: url for site, url in server.base_urls.items()}
    names = demo_outlet_names(server, load_registry(options.registry))
    return run_crawl(
        names,
        db_path,
        {n: base_urls[n] for n in names},
        {**LOCAL_SERVER_SETTINGS, **dict(settings or {})},
        options=options,
    )


def demo_learned(
    db: sqlite_utils.Database, outlets: tuple[str, ...], settings: CurationSettings
) -> dict[str, list[LearnedLine]]:
    """The lines each demo outlet's pages repeat that curation now removes as that outlet's boilerplate."""
    learned = {outlet: [line for line in learned_lines(db, outlet, settings) if line["active"]] for outlet in outlets}
    return {outlet: lines for outlet, lines in learned.items() if lines}


def run_demo(
    db_path: str | Path, export_dir: str | Path | None = None, curation: Mapping[str, int | float] | None = None
) -> DemoResult:
    """Serve every demo site on 127.0.0.1, crawl them with the real spider into db_path, stop the server,
    then export the demo outlets' clean documents as seed-shaped .txt files (unless export_dir is None)."""
    db_path = Path(db_path)
    db = open_db(db_path)
    ports = remembered_ports(db)
    db.close()
    with DemoServer(ports=ports) as server:
        stats = crawl_demo(db_path, server, {"CORPUS_CURATION": dict(curation or {})})
    db = open_db(db_path)
    result = DemoResult(db_path=db_path, crawl=stats, documents=demo_documents(db))
    result.removals, result.removed_chars = demo_removals(db)
    outlets = tuple(sorted(result.documents))
    settings = settings_from_scrapy(curation)
    result.learned, result.boilerplate_min_pages = demo_learned(db, outlets, settings), settings.boilerplate_min_pages
    if export_dir is not None and outlets:
        options = ExportOptions("txt", Path(export_dir), DocumentFilter(outlets=outlets))
        exported = export_documents(db, options)
        result.export_dir, result.exported = exported.out_dir, exported.documents
    db.close()
    return result
