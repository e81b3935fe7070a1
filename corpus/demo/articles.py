"""Load the bundled demo outlets: each site's site.toml and its article files (see FORMAT.md)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

SITES_ROOT = Path(__file__).parent / "sites"

# Header keys an article file may carry; anything else is a typo worth failing on.
HEADER_KEYS = {
    "id",
    "title",
    "subtitle",
    "section",
    "published",
    "author",
    "tags",
    "source_credit",
    "lang",
    "wire",
    "print_twice",
}
REQUIRED_KEYS = ("id", "title", "section", "published")
TRUE_WORDS = {"yes", "true", "1", "نعم"}


@dataclass(frozen=True)
class Section:
    slug: str
    name: str


@dataclass(frozen=True)
class Block:
    """One body paragraph, or an in-body subheading (a `## ` line in the file)."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class Article:
    site: str
    id: int
    title: str
    section: str
    published: datetime  # naive clock reading as written in the file (UTC when it had an offset)
    blocks: tuple[Block, ...]
    slug: str = "article"  # ASCII, from the file name `<id>-<slug>.txt`
    subtitle: str = ""
    author: str = ""
    tags: tuple[str, ...] = ()
    source_credit: str = ""
    lang: str = "ar"
    wire: str = ""
    print_twice: bool = False
    url: str = ""  # absolute canonical URL; filled in by the server that serves the article


@dataclass
class Site:
    name: str
    display_name: str
    layout: str
    encoding: str
    sections: tuple[Section, ...]
    articles: list[Article] = field(default_factory=list)
    # A line the outlet prints inside every article body (a house slogan): not article text, and no
    # generic rule knows it; curation learns it as this outlet's boilerplate (see FORMAT.md).
    house_line: str = ""
    house_line_at: str = "end"  # "start" or "end" of the body

    def section(self, slug: str) -> Section:
        for section in self.sections:
            if section.slug == slug:
                return section
        raise KeyError(slug)


def site_names(root: Path | None = None) -> list[str]:
    """Every folder under root that holds a site.toml, sorted."""
    root = Path(root or SITES_ROOT)
    return sorted(p.parent.name for p in root.glob("*/site.toml"))


def load_site(name: str, root: Path | None = None) -> Site:
    """A site's settings plus every article file in its articles/ folder, newest first."""
    folder = Path(root or SITES_ROOT) / name
    settings = tomllib.loads((folder / "site.toml").read_text(encoding="utf-8"))
    site = Site(
        name=settings["name"],
        display_name=settings["display_name"],
        layout=settings["layout"],
        encoding=settings.get("encoding", "utf-8"),
        sections=tuple(Section(s["slug"], s["name"]) for s in settings["sections"]),
        house_line=collapse(settings.get("house_line", "")),
        house_line_at=settings.get("house_line_at", "end"),
    )
    if site.house_line_at not in ("start", "end"):
        raise ValueError(f"{folder / 'site.toml'}: house_line_at must be start or end, got {site.house_line_at!r}")
    for path in sorted((folder / "articles").glob("*.txt")):
        try:
            article = read_article(site.name, path)
            check_article(site, article)
        except (ValueError, KeyError) as exc:
            raise ValueError(f"{path}: {exc}") from None
        site.articles.append(article)
    check_unique_ids(site)
    site.articles.sort(key=newest_first)
    return site


def load_sites(root: Path | None = None) -> dict[str, Site]:
    return {name: load_site(name, root) for name in site_names(root)}


def newest_first(article: Article) -> tuple[float, int]:
    return (-article.published.timestamp(), -article.id)


def read_article(site: str, path: Path) -> Article:
    """Parse `<id>-<slug>.txt`: header lines, `---`, body."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise ValueError("no '---' line between header and body")
    header = parse_header(head)
    slug = path.stem.split("-", 1)[1] if "-" in path.stem else ""
    return make_article(site, header, body, slug)


def parse_header(head: str) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in head.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"header line without ':': {line!r}")
        header[key.strip().lower()] = value.strip()
    return header


def make_article(site: str, header: dict[str, str], body: str, slug: str = "") -> Article:
    """An Article from header strings and a body; shared by the file loader and `add_article`."""
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise ValueError(f"unknown header keys {sorted(unknown)}")
    missing = [key for key in REQUIRED_KEYS if not header.get(key)]
    if missing:
        raise ValueError(f"missing header keys {missing}")
    blocks = parse_body(body)
    if not blocks:
        raise ValueError("empty body")
    return Article(
        site=site,
        id=int(header["id"]),
        title=collapse(header["title"]),
        section=header["section"],
        published=parse_published(header["published"]),
        blocks=blocks,
        slug=ascii_slug(slug),
        subtitle=collapse(header.get("subtitle", "")),
        author=collapse(header.get("author", "")),
        tags=split_tags(header.get("tags", "")),
        source_credit=collapse(header.get("source_credit", "")),
        lang=header.get("lang") or "ar",
        wire=header.get("wire", ""),
        print_twice=header.get("print_twice", "").lower() in TRUE_WORDS,
    )


def parse_body(body: str) -> tuple[Block, ...]:
    """Paragraphs are separated by blank lines; lines inside one paragraph are joined with a space."""
    blocks = []
    for chunk in re.split(r"\n[ \t\u00a0]*\n", body.strip()):
        text = collapse(chunk)
        if not text:
            continue
        if text.startswith("## "):
            blocks.append(Block(collapse(text[3:]), heading=True))
        else:
            blocks.append(Block(text))
    return tuple(blocks)


def parse_published(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def split_tags(value: str) -> tuple[str, ...]:
    """Tags are comma separated; writers of Arabic also use the Arabic comma."""
    return tuple(t for t in (collapse(part) for part in re.split(r"[,،]", value)) if t)


def ascii_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"


def collapse(text: str) -> str:
    """Runs of whitespace (NBSP and newlines included) become one space."""
    return re.sub(r"\s+", " ", text).strip()


def check_article(site: Site, article: Article) -> None:
    slugs = [section.slug for section in site.sections]
    if article.section not in slugs:
        raise ValueError(f"section {article.section!r} is not in site.toml (one of {slugs})")


def check_unique_ids(site: Site) -> None:
    seen: set[int] = set()
    for article in site.articles:
        if article.id in seen:
            raise ValueError(f"site {site.name}: duplicate article id {article.id}")
        seen.add(article.id)
