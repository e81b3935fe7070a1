"""Gold (clean) text of every demo article: `python -m corpus.demo.gold` rewrites tests/gold/demo/.

The gold text is the article as the corpus should hold it: title, subtitle, then each body paragraph
and subheading (without "## "), one blank line between, no trailing newline. It has no outlet house
line (site.toml `house_line`): the corpus's learned boilerplate removes that. `page_gold_text` is what
a cleaner reading one page alone should return: the same with the house line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from corpus.demo.articles import Article, Site, collapse, load_sites

GOLD_ROOT = Path(__file__).resolve().parents[2] / "tests" / "gold" / "demo"


def gold_text(article: Article) -> str:
    parts = [article.title, article.subtitle] + [block.text for block in article.blocks]
    return "\n\n".join(collapse(part) for part in parts if part)


def page_gold_text(site: Site, article: Article) -> str:
    """The gold text plus the outlet's house line where the page prints it (first or last in the body).
    One page does not tell a house line from the article's own last paragraph; the cleaners keep it and
    the corpus's learned boilerplate, which sees every page of the outlet, removes it."""
    if not site.house_line:
        return gold_text(article)
    head = [article.title, article.subtitle]
    body = [block.text for block in article.blocks]
    body = [site.house_line, *body] if site.house_line_at == "start" else [*body, site.house_line]
    return "\n\n".join(collapse(part) for part in head + body if part)


def write_gold(out: Path = GOLD_ROOT, root: Path | None = None) -> list[Path]:
    """Write out/<site>/<id>.txt for every article and delete gold files no article backs any more."""
    written: list[Path] = []
    for name, site in load_sites(root).items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        fresh = {folder / f"{article.id}.txt": gold_text(article) for article in site.articles}
        for stale in set(folder.glob("*.txt")) - set(fresh):
            stale.unlink()
        for path, text in fresh.items():
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GOLD_ROOT, help="gold folder (default: tests/gold/demo)")
    parser.add_argument("--root", type=Path, default=None, help="sites folder (default: the bundled one)")
    args = parser.parse_args(argv)
    written = write_gold(args.out, args.root)
    print(f"wrote {len(written)} gold files under {args.out}")


if __name__ == "__main__":
    main()
