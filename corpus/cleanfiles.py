"""Clean files on disk (no database): what `corpus clean` does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cleaners
from cleaners.decode import UndecodableText, decode_text
from corpus.errors import CorpusError

HTML_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True)
class CleanResult:
    source: Path
    output: Path | None
    document: cleaners.Document | None
    error: str | None = None


class OutputClash(CorpusError):
    """Two inputs would write the same output file; the message names the file and both inputs."""


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the .txt/.html/.htm files directly inside it, sorted.
    A file given twice (also through its folder) is cleaned once."""
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        found = (
            sorted(p for p in path.iterdir() if p.suffix.lower() in HTML_SUFFIXES | {".txt"})
            if path.is_dir()
            else [path]
        )
        for file in found:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files


def refuse_output_clashes(files: list[Path], out_dir: Path) -> None:
    """OutputClash before anything is written when two inputs share a stem (a/x.txt and b/x.txt, or x.txt
    and x.html): the second would silently overwrite the first's clean text."""
    first: dict[str, Path] = {}
    for file in files:
        other = first.setdefault(file.stem, file)
        if other is not file:
            raise OutputClash(
                f"{out_dir / (file.stem + '.txt')}: two inputs would write it ({other} and {file}); "
                "clean them into separate --out folders"
            )


def clean_file(path: Path) -> cleaners.Document:
    """An .html/.htm file is cleaned as a page, anything else as already-extracted text. Both are read
    with the one decoder; text it cannot decode raises UndecodableText (never written as garbage)."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return cleaners.clean_html(path.read_bytes(), url=None)
    return cleaners.clean_text(decode_text(path.read_bytes(), path.name))


def clean_files(paths: list[Path], out_dir: Path, write_meta: bool = False) -> Iterator[CleanResult]:
    """Yield a CleanResult per input; each clean text goes to OUT/<stem>.txt in the seed shape."""
    files = expand_inputs(paths)
    refuse_output_clashes(files, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in files:
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
