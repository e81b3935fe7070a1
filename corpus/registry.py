"""The outlet registry: every crawlable outlet as one declarative record in a registry file.

Adding an outlet is adding an entry to corpus/outlets.toml (the bundled production outlets), not
writing a spider: the generic `outlet` spider reads the entry's entry points (sitemaps, feeds, section
pages), follows only URLs the outlet owns and fetches as articles only the URLs its `article_pattern`
accepts. load_registry() reads the bundled file; load_registry(files) reads and merges the given files
(the CLI adds the demo outlets' file, corpus/demo/outlets.toml, which this library does not know).

Demo outlets (`demo = true`) list root-relative entry points ("/sitemap.xml") and own no domain
until `Outlet.with_base_url("http://127.0.0.1:PORT")` gives them the demo server's address.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping, NoReturn, Sequence
from urllib.parse import urljoin, urlsplit

from cleaners.rules import rules_for
from corpus.errors import ConfigError

REGISTRY_PATH = Path(__file__).with_name("outlets.toml")
# The `outlet` dict the cleaners take (cleaners.clean_html): name, display_name and the entry's cleaning table.
CleaningOptions = dict[str, Any]
# What names the registry to load: nothing (the bundled file), one file, or several merged in order.
RegistryFiles = str | Path | Sequence[str | Path] | None

ENTRY_POINT_KINDS = ("sitemaps", "feeds", "sections")
CLEANING_KEYS = {"extra_markers": dict, "drop_selectors": list, "title_suffixes": list}
POLITENESS_KEYS = {"download_delay": (int, float), "concurrency": int}
REQUIRED_KEYS = ("display_name", "article_pattern")
OPTIONAL_KEYS: dict[str, type] = {
    "domains": list,
    "sitemaps": list,
    "feeds": list,
    "sections": list,
    "exclude_pattern": str,
    "pagination": str,
    "max_pages": int,
    "demo": bool,
    "country": str,
    "timezone": str,
    "notes": str,
    "verified": str,
    "cleaning": dict,
    "politeness": dict,
}
DEFAULT_MAX_PAGES = 5  # section pages followed per section (page 1 included)


class RegistryError(ConfigError):
    """An invalid registry: the message is one line naming the file and the entry."""


@dataclass(frozen=True)
class Outlet:
    """One news outlet as data. URLs in sitemaps/feeds/sections are absolute, or root-relative for demo outlets."""

    name: str
    display_name: str
    article_pattern: str  # regex searched in the URL's path (+ "?query"), e.g. r"^/news/\d+"
    domains: tuple[str, ...] = ()  # hosts it owns; subdomains included ("rt.com" owns "arabic.rt.com")
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    exclude_pattern: str | None = None  # paths the article pattern accepts that are not articles
    pagination: str | None = None  # appended to a section URL for page n when no "next" link is found: "?page={n}"
    max_pages: int = DEFAULT_MAX_PAGES
    cleaning: Mapping[str, Any] = field(default_factory=dict, hash=False)
    download_delay: float | None = None
    concurrency: int | None = None
    demo: bool = False
    base_url: str | None = None  # set by with_base_url: where a demo outlet is served
    country: str | None = None
    timezone: str | None = None  # IANA zone of the times the outlet prints: published gets its UTC offset
    notes: str | None = None
    verified: str | None = None  # ISO date a person last saw its entry points and articles work

    # ---- addressing

    def with_base_url(self, base_url: str) -> Outlet:
        """This outlet served from base_url: entry points rebased onto it, and it owns only that host:port.

        For demo outlets (root-relative entry points) and for pointing a real outlet at a local mirror."""
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{self.name}: base URL {base_url!r} is not an http(s) URL")
        base = f"{parts.scheme}://{parts.netloc}"
        rebase = lambda url: urljoin(base + "/", _path_and_query(url) or "/")  # noqa: E731
        return replace(
            self,
            base_url=base,
            domains=(parts.netloc.lower(),),
            sitemaps=tuple(map(rebase, self.sitemaps)),
            feeds=tuple(map(rebase, self.feeds)),
            sections=tuple(map(rebase, self.sections)),
        )

    @property
    def needs_base_url(self) -> bool:
        return self.demo and self.base_url is None

    def entry_points(self) -> list[tuple[str, str]]:
        """[(kind, absolute URL)] with kind "sitemap", "feed" or "section"."""
        if self.needs_base_url:
            raise ValueError(
                f"{self.name}: demo outlet needs a base URL (e.g. --base-url {self.name}=http://127.0.0.1:PORT)"
            )
        return (
            [("sitemap", u) for u in self.sitemaps]
            + [("feed", u) for u in self.feeds]
            + [("section", u) for u in self.sections]
        )

    # ---- what belongs to the outlet

    def owns(self, url: str) -> bool:
        """Is the URL on one of the outlet's hosts? (a demo outlet owns exactly its base URL's host:port)"""
        if self.needs_base_url:
            raise ValueError(f"{self.name}: demo outlet needs a base URL before it owns anything")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        host = parts.hostname.lower()
        netloc = f"{host}:{parts.port}" if parts.port else host
        for domain in self.domains:
            if ":" in domain:  # host:port (demo servers): exact
                if netloc == domain:
                    return True
            elif host == domain or host.endswith("." + domain):
                return True
        return False

    def is_article_url(self, url: str) -> bool:
        """An article page of this outlet (not a section, tag, author or index page)?"""
        if not self.owns(url):
            return False
        target = _path_and_query(url)
        if self._exclude_re and self._exclude_re.search(target):
            return False
        return bool(self._article_re.search(target))

    @cached_property
    def _article_re(self) -> re.Pattern[str]:
        return re.compile(self.article_pattern)

    @cached_property
    def _exclude_re(self) -> re.Pattern[str] | None:
        return re.compile(self.exclude_pattern) if self.exclude_pattern else None

    # ---- what other components get

    def cleaning_options(self) -> CleaningOptions:
        """The `outlet` dict for cleaners.clean_html: name, display_name and the entry's cleaning table."""
        return {"name": self.name, "display_name": self.display_name, **copy.deepcopy(dict(self.cleaning))}

    def page_url(self, section_url: str, page: int) -> str | None:
        """Page n of a section from the pagination hint ("?page={n}", "&page={n}", "page/{n}/"), if any."""
        if not self.pagination or page < 2:
            return None
        suffix = self.pagination.format(n=page)
        if suffix.startswith("?") and "?" in section_url:
            suffix = "&" + suffix[1:]
        if not suffix.startswith(("?", "&", "/")) and not section_url.endswith("/"):
            suffix = "/" + suffix
        return section_url + suffix


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --------------------------------------------------------------------------- loading and validation


def load_registry(files: RegistryFiles = None) -> dict[str, Outlet]:
    """{name: Outlet} from the bundled outlets.toml, or from FILES (one path or several, merged in order;
    a name defined twice is an error). Each file is parsed once per version and validated strictly."""
    paths = registry_paths(files)
    if not paths:
        return dict(_load_bundled() if not REGISTRY_PATH.parent.is_dir() else _load_file(REGISTRY_PATH))
    merged: dict[str, Outlet] = {}
    defined_in: dict[str, Path] = {}
    for path in paths:
        for name, outlet in _load_file(path).items():
            if name in merged:
                raise RegistryError(f"{path}: [{name}]: already defined in {defined_in[name]}")
            merged[name], defined_in[name] = outlet, path
    return merged


def registry_paths(files: RegistryFiles) -> tuple[Path, ...]:
    """The files a RegistryFiles value names; () for the bundled registry."""
    if not files:
        return ()
    if isinstance(files, (str, Path)):
        return (Path(files),)
    return tuple(Path(f) for f in files)


def _load_file(path: Path) -> Mapping[str, Outlet]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the outlet registry: {exc.strerror or exc}") from None
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime_ns: int, _size: int) -> Mapping[str, Outlet]:
    """Keyed on mtime and size so an edited registry is read again."""
    return _parse_registry(Path(path).read_text(encoding="utf-8"), path)


@lru_cache(maxsize=1)
def _load_bundled() -> Mapping[str, Outlet]:
    """The bundled registry when the package is imported from a zip (the egg scrapyd runs): there is no
    file to stat or open, so it is read through the import system."""
    text = resources.files(__package__).joinpath(REGISTRY_PATH.name).read_text(encoding="utf-8")
    return _parse_registry(text, str(REGISTRY_PATH))


def _parse_registry(text: str, path: str) -> Mapping[str, Outlet]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML: {exc}") from None
    if not data:
        raise RegistryError(f"{path}: no outlets defined")
    return MappingProxyType({name: outlet_from_entry(name, entry, source=path) for name, entry in data.items()})


def outlet_from_entry(name: str, entry: Any, source: str = "outlets.toml") -> Outlet:
    """Validate one registry entry into an Outlet; RegistryError names the file and the entry."""

    def fail(problem: str) -> NoReturn:  # a name that is not printable is quoted, so the message stays one line
        raise RegistryError(f"{source}: [{name if name.isprintable() else repr(name)}]: {problem}")

    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        fail("outlet names are lower-case letters, digits and _ (they are table keys and CLI arguments)")
    if not isinstance(entry, dict):
        fail("must be a table of fields")
    for key in REQUIRED_KEYS:
        if not entry.get(key):
            fail(f"missing required field '{key}'")
    for key, value in entry.items():
        expected = str if key in REQUIRED_KEYS else OPTIONAL_KEYS.get(key)
        if expected is None:
            fail(f"unknown field '{key}' (known: {', '.join([*REQUIRED_KEYS, *OPTIONAL_KEYS])})")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            fail(f"field '{key}' must be {_type_name(expected)}, not {type(value).__name__}")
        if expected is list and isinstance(value, list) and not all(isinstance(item, str) and item for item in value):
            fail(f"field '{key}' must be a list of non-empty strings")

    demo = entry.get("demo", False)
    for key in ("article_pattern", "exclude_pattern"):
        if key in entry:
            try:
                re.compile(entry[key])
            except re.error as exc:
                fail(f"{key} is not a valid regex: {exc}")
    domains = tuple(d.lower() for d in entry.get("domains", ()))
    if not demo and not domains:
        fail("missing required field 'domains' (hosts the outlet owns)")
    if demo and domains:
        fail("a demo outlet owns no domains: its host is the base URL given at run time")
    if any("/" in d or d.startswith(".") for d in domains):
        fail("domains are bare host names like 'arabic.rt.com' (no scheme, no path)")
    if not any(entry.get(kind) for kind in ENTRY_POINT_KINDS):
        fail("needs at least one entry point: sitemaps, feeds or sections")
    for kind in ENTRY_POINT_KINDS:
        for url in entry.get(kind, ()):
            _check_entry_url(url, kind, demo, fail)
    pagination = entry.get("pagination")
    if pagination is not None and "{n}" not in pagination:
        fail("pagination must contain {n}, e.g. '?page={n}'")
    if entry.get("max_pages", 1) < 1:
        fail("max_pages must be at least 1")

    politeness = entry.get("politeness", {})
    _check_table(politeness, POLITENESS_KEYS, "politeness", fail)
    if any(v <= 0 for k, v in politeness.items() if k == "concurrency") or politeness.get("download_delay", 0) < 0:
        fail("politeness values must be positive")
    cleaning = entry.get("cleaning", {})
    _check_table(cleaning, CLEANING_KEYS, "cleaning", fail)
    for key in ("drop_selectors", "title_suffixes"):
        if not all(isinstance(s, str) and s for s in cleaning.get(key, ())):
            fail(f"cleaning.{key} must be a list of non-empty strings")
    for selector in cleaning.get("drop_selectors", ()):
        problem = selector_problem(selector)
        if problem:
            fail(f"cleaning.drop_selectors: {selector!r} is not a valid {problem}")
    verified = entry.get("verified")
    if verified is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", verified):
        fail(f"verified must be a date like '2026-12-01', not {verified!r}")
    if cleaning:  # compile the overrides now, so a bad one is refused here, naming the file and entry
        try:
            rules_for({"name": name, "display_name": entry["display_name"], **cleaning})
        except ValueError as exc:
            fail(f"cleaning: {exc}")

    return Outlet(
        name=name,
        display_name=entry["display_name"],
        article_pattern=entry["article_pattern"],
        domains=domains,
        sitemaps=tuple(entry.get("sitemaps", ())),
        feeds=tuple(entry.get("feeds", ())),
        sections=tuple(entry.get("sections", ())),
        exclude_pattern=entry.get("exclude_pattern"),
        pagination=pagination,
        max_pages=entry.get("max_pages", DEFAULT_MAX_PAGES),
        cleaning=MappingProxyType(copy.deepcopy(cleaning)),
        download_delay=politeness.get("download_delay"),
        concurrency=politeness.get("concurrency"),
        demo=demo,
        country=entry.get("country"),
        timezone=checked_timezone(entry.get("timezone"), fail),
        notes=entry.get("notes"),
        verified=verified,
    )


def selector_problem(selector: str) -> str | None:
    """None if the cleaners can use the selector; else what it failed to be ("XPath" or "CSS selector").
    Same rule as the HTML stage: one starting with "/" or "(" is XPath, anything else CSS."""
    from lxml import etree
    from lxml.cssselect import CSSSelector

    try:
        if selector.startswith(("/", "(")):
            etree.XPath(selector)
        else:
            CSSSelector(selector)
    except Exception:  # lxml's XPathSyntaxError and cssselect's SelectorSyntaxError/ExpressionError
        return "XPath" if selector.startswith(("/", "(")) else "CSS selector"
    return None


def checked_timezone(name: str | None, fail: Callable[[str], NoReturn]) -> str | None:
    if name is None:
        return None
    from corpus.published import check_zone

    try:
        check_zone(name)
    except ValueError as exc:
        fail(f"timezone: {exc}")
    return name


def _check_entry_url(url: str, kind: str, demo: bool, fail: Callable[[str], NoReturn]) -> None:
    parts = urlsplit(url)
    if demo:
        if parts.scheme or parts.netloc or not url.startswith("/"):
            fail(f"{kind}: demo outlets list root-relative paths like '/sitemap.xml', not {url!r}")
    elif parts.scheme not in ("http", "https") or not parts.hostname:
        fail(f"{kind}: {url!r} is not an absolute http(s) URL")


def _check_table(table: dict[str, Any], known: dict[str, Any], label: str, fail: Callable[[str], NoReturn]) -> None:
    for key, value in table.items():
        if key not in known:
            fail(f"unknown field '{label}.{key}' (known: {', '.join(known)})")
        if not isinstance(value, known[key]) or isinstance(value, bool):
            fail(f"field '{label}.{key}' must be {_type_name(known[key])}")


def _type_name(expected: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        list: "a list",
        dict: "a table",
        bool: "true or false",
        int: "an integer",
        float: "a number",
    }
    if isinstance(expected, tuple):
        return "a number"
    return names.get(expected, expected.__name__)
