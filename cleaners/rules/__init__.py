"""Load the marker rules (ar.toml + per-outlet overrides) into one immutable, cached `Rules` object.

The rules file is data (see the header comment of ar.toml); this module only compiles it:
phrases are normalized with the same function the cleaners match with, so one rule covers every
spelling of a phrase.
"""

from __future__ import annotations

import json
import re
import tomllib
import weakref
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from cleaners.normalize import clear_with_foldings, normalize_for_matching

__all__ = ["Rule", "Rules", "load_rules", "rules_for", "RULES_PATH"]

RULES_PATH = Path(__file__).with_name("ar.toml")

ACTIONS = ("cut_after", "inline_teaser", "drop_line", "prompt", "footer", "nav", "metadata_label")
MATCH_MODES = ("line", "start", "anywhere")
METADATA_FIELDS = ("tags", "source_credit", "author", "section")
DELIMITERS = r"[:：\-–—|/»>«]"
_WORD = re.compile(r"[^\W_]+")
_CREDIT_JOINER = re.compile(r"\s*[-–—/,،+|]\s*|\s+و\s*")  # "رويترز - أ ف ب", "سانا و وكالات"
_CREDIT_PREFIX = re.compile(r"^(?:(?:نقلا|بتصرف|نقل)\s+)?(?:عن|من)\s*[:：\-–—]?\s*(?=\S)")


@dataclass(frozen=True)
class Rule:
    name: str
    action: str
    match: str
    regex: re.Pattern[str]
    max_words: int
    delimiter: bool = False
    dom_box: bool = False
    field: str | None = None
    label_regex: re.Pattern[str] | None = None  # the marker alone on a line: how it heads an HTML box
    ends_article: bool = False  # cut_after only: everything after the heading goes (a comment section)

    @property
    def reason(self) -> str:
        return f"{self.action}:{self.name}"

    def search(self, norm: str, words: int | None = None) -> re.Match[str] | None:
        """Match a normalized line (its word count may be given to skip the regex on long lines)."""
        if (words if words is not None else len(norm.split())) > self.max_words:
            return None
        return self.regex.search(norm)


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    agencies: frozenset[str]
    section_words: frozenset[str]
    given_names: frozenset[str]
    credit_patterns: tuple[re.Pattern[str], ...]
    outlet_patterns: tuple[re.Pattern[str], ...]
    class_id_pattern: re.Pattern[str] | None
    drop_tags: tuple[str, ...]
    title_separators: tuple[str, ...]
    settings: tuple[tuple[str, int], ...]
    drop_selectors: tuple[str, ...] = ()
    title_affixes: tuple[str, ...] = ()  # outlet display name and title suffixes, normalized
    agency_pattern: re.Pattern[str] | None = None  # agency names by shape ("وكالة الأنباء الجزائرية")
    glued_markers: tuple[tuple[str, ...], ...] = ()  # teaser markers glued to a paragraph's end, as words
    # Every rule a folded line matches, remembered: a page's passes ask about the same line again and
    # again (metadata block, extracted line, each text step). Bounded; cleared with the foldings.
    _matches: dict[str, tuple[tuple[Rule, re.Match[str]], ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        _WITH_MATCH_MEMO.add(self)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without what it remembered (match objects do not pickle)."""
        return {**self.__dict__, "_matches": {}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        _WITH_MATCH_MEMO.add(self)

    @cached_property
    def _settings_by_key(self) -> dict[str, int]:
        return dict(self.settings)

    def setting(self, key: str, default: int = 0) -> int:
        return self._settings_by_key.get(key, default)

    def by_action(self, action: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.action == action)

    def matches(self, norm: str) -> tuple[tuple[Rule, re.Match[str]], ...]:
        """Every rule matching a normalized line, with its match, in the rules' order."""
        found = self._matches.get(norm)
        if found is None:
            words = len(norm.split())
            found = tuple(
                (rule, match)
                for rule in self.rules  # Rule.search, inlined: called very often
                if words <= rule.max_words and (match := rule.regex.search(norm))
            )
            if len(self._matches) >= _MATCH_MEMO_SIZE:
                self._matches.clear()
            self._matches[norm] = found
        return found

    def first_match(self, norm: str, actions: Iterable[str] | None = None) -> tuple[Rule, re.Match[str]] | None:
        for rule, match in self.matches(norm):
            if actions is None or rule.action in actions:
                return rule, match
        return None

    @cached_property
    def dom_box_rules(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.dom_box)

    def dom_box_label(self, norm: str) -> Rule | None:
        """The rule whose marker is this block label (for pruning an HTML box), or None."""
        words = len(norm.split())
        for rule in self.dom_box_rules:
            if words <= rule.max_words and rule.regex.search(norm):  # Rule.search, inlined
                return rule
        return None

    def is_agency_line(self, norm: str) -> bool:
        """A whole line made only of agency/wire names ("وكالات", "(رويترز)", "رويترز - أ ف ب")."""
        core = norm.strip(" -–—_()[]{}.:،,*•|/\"'«»")
        if not core or len(core.split()) > 8:
            return False
        core = _CREDIT_PREFIX.sub("", core)  # "نقلا عن رويترز", "عن وكالة سبأ"
        if self._is_agency(core):
            return True
        parts = [p.strip(" ()[]-.") for p in _CREDIT_JOINER.split(core)]
        parts = [p for p in parts if p]
        # joined credits: every part an agency, or an agency plus other short sources ("وكالات + تلفزيون سوريا")
        return len(parts) > 1 and (
            all(self._is_agency(p) for p in parts)
            or (any(self._is_agency(p) for p in parts) and all(len(p.split()) <= 3 for p in parts))
        )

    def _is_agency(self, name: str) -> bool:
        if name.startswith("وكاله ") and name[6:] in self.agencies:  # "وكالة سانا", "وكالة سبأ"
            return True
        return name in self.agencies or bool(self.agency_pattern and self.agency_pattern.fullmatch(name))


_MATCH_MEMO_SIZE = 4096
_WITH_MATCH_MEMO: weakref.WeakSet[Rules] = weakref.WeakSet()


def _clear_match_memos() -> None:
    for rules in list(_WITH_MATCH_MEMO):
        rules._matches.clear()


clear_with_foldings(_clear_match_memos)


# --------------------------------------------------------------------------- compiling


def _alternation(phrases: Iterable[str], patterns: Iterable[str]) -> str:
    literal = sorted({normalize_for_matching(p) for p in phrases if p.strip()}, key=len, reverse=True)
    parts = [re.escape(p).replace(r"\ ", r"\s+") for p in literal] + [f"(?:{p})" for p in patterns]
    return "|".join(parts)


def _compile_regex(mode: str, alternation: str, delimiter: bool) -> re.Pattern[str]:
    label = f"(?P<label>{alternation})"
    if mode == "line":
        return re.compile(rf"^[\W_]*{label}[\W_]*$")
    if mode == "start":
        sep = rf"\s*{DELIMITERS}+\s*" if delimiter else rf"(?:\s*{DELIMITERS}+\s*|\s+)"
        return re.compile(rf"^[\W_]*{label}{sep}(?P<value>\S.*)$")
    return re.compile(rf"(?<![^\W_]){label}(?![^\W_])")


def _compile_rule(raw: dict[str, Any]) -> Rule:
    action = raw.get("action")
    mode = raw.get("match", "line")
    if action not in ACTIONS or mode not in MATCH_MODES:
        raise ValueError(f"rule {raw.get('name')!r}: unknown action {action!r} or match {mode!r}")
    field = raw.get("field")
    if action == "metadata_label" and field not in METADATA_FIELDS:
        raise ValueError(f"rule {raw.get('name')!r}: metadata_label needs field in {METADATA_FIELDS}")
    alternation = _alternation(raw.get("phrases", ()), raw.get("patterns", ()))
    if not alternation:
        raise ValueError(f"rule {raw.get('name')!r} has no phrases or patterns")
    delimiter = bool(raw.get("delimiter", False))
    return Rule(
        name=str(raw["name"]),
        action=action,
        match=mode,
        regex=_compile_regex(mode, alternation, delimiter),
        max_words=int(raw.get("max_words", 12)),
        delimiter=delimiter,
        dom_box=bool(raw.get("dom_box", False)),
        field=field,
        label_regex=_compile_regex("line", alternation, False),
        ends_article=bool(raw.get("ends_article", False)),
    )


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """extra_markers has the rules file's shape: lists are appended, tables merged one level deep."""
    merged = dict(base)
    for key, value in (extra or {}).items():
        if isinstance(value, list):
            merged[key] = list(base.get(key, [])) + value
        elif isinstance(value, dict):
            table = dict(base.get(key, {}))
            for sub, subvalue in value.items():
                table[sub] = list(table.get(sub, [])) + subvalue if isinstance(subvalue, list) else subvalue
            merged[key] = table
        else:
            merged[key] = value
    return merged


def _build(data: dict[str, Any], drop_selectors: tuple[str, ...] = (), title_affixes: tuple[str, ...] = ()) -> Rules:
    dom = data.get("dom", {})
    class_patterns = dom.get("class_id_patterns", [])
    return Rules(
        rules=tuple(_compile_rule(r) for r in data.get("rule", [])),
        agencies=frozenset(normalize_for_matching(a) for a in data.get("agencies", {}).get("names", [])),
        agency_pattern=re.compile("|".join(f"(?:{p})" for p in data.get("agencies", {}).get("patterns", [])))
        if data.get("agencies", {}).get("patterns")
        else None,
        section_words=frozenset(normalize_for_matching(w) for w in data.get("sections", {}).get("words", [])),
        given_names=frozenset(normalize_for_matching(w) for w in data.get("tags", {}).get("given_names", [])),
        credit_patterns=tuple(re.compile(p, re.I) for p in data.get("footer", {}).get("credit_patterns", [])),
        outlet_patterns=tuple(re.compile(p, re.I) for p in data.get("footer", {}).get("outlet_patterns", [])),
        class_id_pattern=re.compile("|".join(f"(?:{p})" for p in class_patterns)) if class_patterns else None,
        drop_tags=tuple(dom.get("drop_tags", [])),
        title_separators=tuple(dom.get("title_separators", [])),
        settings=tuple(
            sorted(
                [(k, int(v)) for k, v in data.get("settings", {}).items()]
                + [("glued_teaser_max_words", int(data.get("glued_teaser", {}).get("max_teaser_words", 25)))]
            )
        ),
        drop_selectors=drop_selectors,
        title_affixes=title_affixes,
        glued_markers=tuple(
            sorted(
                {
                    tuple(normalize_for_matching(m).split())
                    for m in data.get("glued_teaser", {}).get("markers", [])
                    if m.strip()
                },
                key=len,
                reverse=True,
            )
        ),
    )


@lru_cache(maxsize=1)
def _base_data() -> dict[str, Any]:
    if not RULES_PATH.is_file():  # imported from a zip (the egg scrapyd runs): read through the import system
        return tomllib.loads(resources.files(__name__).joinpath(RULES_PATH.name).read_text(encoding="utf-8"))
    with RULES_PATH.open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The bundled rules, compiled once."""
    return _build(_base_data())


@lru_cache(maxsize=256)
def _rules_for_key(key: str) -> Rules:
    outlet = json.loads(key)
    data = _merge(_base_data(), outlet.get("extra_markers") or {})
    affixes = [outlet.get("display_name") or "", *(outlet.get("title_suffixes") or [])]
    return _build(
        data,
        drop_selectors=tuple(str(s) for s in outlet.get("drop_selectors") or ()),
        title_affixes=tuple(a for a in (normalize_for_matching(x) for x in affixes) if a),
    )


def rules_for(outlet: dict[str, Any] | None) -> Rules:
    """The rules with one outlet's overrides applied (cached per distinct override); None: the bundled
    rules. A malformed override raises ValueError, so a registry typo fails loudly."""
    if not outlet:
        return load_rules()
    if not isinstance(outlet, dict):
        raise ValueError("outlet must be a dict of overrides or None")
    try:
        return _rules_for_key(json.dumps(outlet, sort_keys=True, ensure_ascii=False, default=str))
    except ValueError:
        raise
    except (TypeError, KeyError, AttributeError, IndexError, re.error) as exc:  # a table of the wrong shape
        raise ValueError(f"cleaning overrides: {type(exc).__name__}: {exc}") from None
