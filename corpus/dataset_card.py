"""The dataset card an export carries: README.md in the export folder, saying what the files hold.

What, how many per outlet, the date range, cleaner version(s), languages, how the texts were cleaned and
selected, and that the texts belong to their outlets. Computed inside the export's read snapshot, with one
aggregate query over the same selection the export writes, so the card and the files always agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from corpus.search import DocumentFilter

CARD_NAME = "README.md"

FORMAT_LINES = {
    "txt": "One UTF-8 file per document, `NNN_<16 hex id>.txt`: the title line, a blank line, then the "
    "paragraphs separated by one blank line (no trailing newline). `manifest.csv` lists file, id, url, "
    "outlet, title and published date in export order.",
    "jsonl": "`documents.jsonl`: one JSON object per document (tags and source_credit as lists); "
    "`manifest.csv` lists the documents in the same order.",
    "parquet": "`documents.parquet`: one row per document (tags and source_credit as lists); "
    "`manifest.csv` lists the documents in the same order.",
}


def card_facts(db: Database, flt: DocumentFilter) -> dict[str, Any]:
    """Counts per outlet, date range, languages, cleaner versions of the selected documents."""
    where, params = flt.where()
    per_outlet = db.execute(
        f"SELECT coalesce(outlet, '?'), count(*), sum(coalesce(word_count, 0)), min(published), max(published) "
        f"FROM documents WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1",
        params,
    ).fetchall()
    langs = db.execute(
        f"SELECT coalesce(lang, '?'), count(*) FROM documents WHERE {where} GROUP BY 1 ORDER BY 2 DESC", params
    ).fetchall()
    versions = db.execute(
        f"SELECT DISTINCT coalesce(cleaner_version, '?') FROM documents WHERE {where} ORDER BY 1", params
    ).fetchall()
    dates = [d for row in per_outlet for d in row[3:5] if d]
    return {
        "outlets": [(outlet, n, words, first, last) for outlet, n, words, first, last in per_outlet],
        "documents": sum(row[1] for row in per_outlet),
        "words": sum(row[2] or 0 for row in per_outlet),
        "first": min(dates)[:10] if dates else None,
        "last": max(dates)[:10] if dates else None,
        "langs": langs,
        "cleaner_versions": [v for (v,) in versions],
    }


def selection_text(flt: DocumentFilter) -> str:
    parts = [f"status {', '.join(flt.statuses)}" if flt.statuses else "any status"]
    if flt.outlets:
        parts.append(f"outlets {', '.join(flt.outlets)}")
    if flt.since or flt.until:
        parts.append(f"published {flt.since or '…'} to {flt.until or '…'}")
    if flt.lang:
        parts.append(f"language {flt.lang}")
    parts.append("duplicates kept" if flt.keep_duplicates else "one document per duplicate cluster")
    return "; ".join(parts)


def render_card(facts: dict[str, Any], fmt: str, flt: DocumentFilter) -> str:
    date_range = f"{facts['first']} to {facts['last']}" if facts["first"] else "no publication dates"
    lines = [
        "# Arabic news corpus export",
        "",
        f"{facts['documents']:,} clean news documents ({facts['words']:,} words), published {date_range}, "
        f"exported {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} as {fmt}.",
        "",
        f"- Selection: {selection_text(flt)}.",
        f"- Languages: {', '.join(f'{lang} {n:,}' for lang, n in facts['langs']) or 'none'}.",
        f"- Cleaner version: {', '.join(facts['cleaner_versions']) or 'none'}.",
        f"- Files: {FORMAT_LINES[fmt]}",
        "",
        "## Documents per outlet",
        "",
        "| outlet | documents | words | first published | last published |",
        "|---|---:|---:|---|---|",
    ]
    for outlet, n, words, first, last in facts["outlets"]:
        lines.append(f"| {outlet} | {n:,} | {words or 0:,} | {(first or '')[:10]} | {(last or '')[:10]} |")
    lines += [
        "",
        "## How the texts were made",
        "",
        "Pages were fetched from each outlet's sitemaps, feeds and section pages (obeying robots.txt), or "
        "imported from text files. The article text was extracted and cleaned of boilerplate: navigation, "
        '"read also" teasers, related-article lists, tags, share and follow prompts, footers and lines '
        "learned as an outlet's recurring boilerplate; every removal is recorded in the corpus database "
        "(`removals`). Curation marked each document with a status: not Arabic, too short, a link list, "
        "exact or near duplicate; only the selection above is exported. The stored text keeps each "
        "article's own spelling (no normalization).",
        "",
        "## Licence",
        "",
        "The texts belong to their outlets and authors; they are not relicensed by this export. Use them "
        "within what the law where you work allows for research (e.g. text and data mining), cite the "
        "outlet and the URL given for each document, and do not republish the articles.",
        "",
    ]
    return "\n".join(lines)


def write_card(db: Database, folder: Path, fmt: str, flt: DocumentFilter) -> Path:
    path = Path(folder) / CARD_NAME
    path.write_text(render_card(card_facts(db, flt), fmt, flt), encoding="utf-8")
    return path
