"""`corpus clean`: clean files directly, without a database."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from corpus.cli import cli


@cli.command("clean")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the cleaned <stem>.txt files.",
)
@click.option(
    "--meta/--no-meta", default=False, help="Also write <stem>.meta.json with the metadata moved out of the text."
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the summary.")
def clean_command(inputs: tuple[Path, ...], out_dir: Path, meta: bool, quiet: bool) -> None:
    """Clean .html pages or extracted .txt files into the seed shape.

    An .html/.htm input is cleaned as a page; any other input as already-extracted
    text. A folder stands for the .txt/.html files in it.

    \b
    Example:
        corpus clean raw/*.txt page.html --out clean/ --meta
    """
    from corpus.cleanfiles import clean_files

    removed: Counter[str] = Counter()
    written = failed = 0
    for result in clean_files(list(inputs), out_dir, write_meta=meta):
        if result.error:
            failed += 1
            click.echo(f"{result.source}: not cleaned: {result.error}", err=True)
            continue
        assert result.document is not None  # a file cleaned without an error has its document
        written += 1
        removed.update(r.rule for r in result.document.removed)
        if not quiet:
            click.echo(
                f"{result.source} -> {result.output} ({result.document.word_count} words, "
                f"{len(result.document.removed)} pieces removed)"
            )
    top = ", ".join(f"{rule} {n}" for rule, n in removed.most_common(5))
    click.echo(f"cleaned {written} file(s) into {out_dir}" + (f"; removed: {top}" if top else ""))
    if failed:
        raise click.ClickException(f"{failed} file(s) could not be cleaned (see above)")
