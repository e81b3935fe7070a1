"""Clean files on disk (no database): what `corpus clean` does."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cleaners
from cleaners.decode import UndecodableText, decode_text

HTML_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True)
class CleanResult:
    source: Path
    output: Path | None
    document: cleaners.Document | None
    error: str | None = None


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the .txt/.html/.htm files directly inside it, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.iterdir()) if p.suffix.lower() in HTML_SUFFIXES | {".txt"})
        else:
            files.append(path)
    return files


def clean_file(path: Path) -> cleaners.Document:
    """An .html/.htm file is cleaned as a page, anything else as already-extracted text. Both are read
    with the one decoder; text it cannot decode raises UndecodableText (never written as garbage)."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return cleaners.clean_html(path.read_bytes(), url=None)
    return cleaners.clean_text(decode_text(path.read_bytes(), path.name))


def clean_files(paths: list[Path], out_dir: Path, write_meta: bool = False) -> Iterator[CleanResult]:
    """Yield a CleanResult per input; each clean text goes to OUT/<stem>.txt in the seed shape."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in expand_inputs(paths):
        try:
            document = clean_file(path)
        except OSError as exc:
            yield CleanResult(path, None, None, exc.strerror or str(exc))
            continue
        except UndecodableText as exc:  # "NAME: reason": the caller names the path itself
            yield CleanResult(path, None, None, str(exc).removeprefix(f"{path.name}: "))
            continue
        if document.rejected or not document.text:
            yield CleanResult(path, None, document, document.rejected or "no_article_text")
            continue
        output = out_dir / f"{path.stem}.txt"
        output.write_text(document.text, encoding="utf-8")
        if write_meta:
            meta = json.dumps(document.metadata(), ensure_ascii=False, indent=1)
            (out_dir / f"{path.stem}.meta.json").write_text(meta, encoding="utf-8")
        yield CleanResult(path, output, document)
