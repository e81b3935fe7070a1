"""Curation thresholds a curator controls: a TOML file next to the database (or --config FILE) and --set.

    # corpus.toml, next to corpus.db (a database news.db reads news.toml)
    [curation]
    min_words = 40
    boilerplate_min_pages = 5

Later sources win: defaults < the file < --set NAME=VALUE. Every value is checked when it is read, with a
one-line error naming the file (or --set) and the key, so a typo never reaches a crawl. The result is one
CurationSettings, created here and handed down; each run records it (crawls.settings, reclean_runs.settings).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import tomllib
from pathlib import Path
from typing import Any, Iterable, Mapping

from corpus.curate.settings import CurationSettings
from corpus.errors import ConfigError as CorpusConfigError

CONFIG_SECTION = "curation"
# What a curator may set, with the type a value must have. Left out on purpose: num_perm and shingle_words
# (stored MinHash signatures are only comparable at the values they were made with) and arabic_langs.
CURATOR_SETTINGS: dict[str, type[int] | type[float]] = {
    "min_words": int,
    "min_arabic_ratio": float,
    "near_duplicate_threshold": float,
    "boilerplate_min_pages": int,
    "max_link_line_ratio": float,
    "list_line_max_words": int,
    "min_lines_for_list": int,
    "boilerplate_max_words": int,
    "boilerplate_max_chars": int,
}
SCRAPY_SETTING = "CORPUS_CURATION"  # the same overrides, as a dict, for crawler processes (scrapy/scrapyd)


class ConfigError(CorpusConfigError):
    """A bad config file or --set value: the message is one line naming where and what."""


def config_path_for(db_path: str | Path) -> Path:
    """The config file that goes with a database: same folder, same name, .toml (corpus.db -> corpus.toml)."""
    return Path(db_path).with_suffix(".toml")


def unknown_key_message(where: str, key: str) -> str:
    close = difflib.get_close_matches(key, CURATOR_SETTINGS, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]}?" if close else f"; known: {', '.join(CURATOR_SETTINGS)}"
    return f"{where}: unknown curation setting {key!r}{hint}"


def checked_value(where: str, key: str, value: object) -> int | float:
    """value as the setting's type, or ConfigError."""
    if key not in CURATOR_SETTINGS:
        raise ConfigError(unknown_key_message(where, key))
    kind = CURATOR_SETTINGS[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        wanted = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{where}: {key} must be {wanted}, got {value!r}")
    return kind(value)


def read_config_file(path: Path) -> dict[str, int | float]:
    """The [curation] table of a TOML file, checked."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {CONFIG_SECTION})
    if extra:
        raise ConfigError(f"{path}: unknown table or key {extra[0]!r} (settings go under [{CONFIG_SECTION}])")
    table = data.get(CONFIG_SECTION, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {CONFIG_SECTION} must be a table ([{CONFIG_SECTION}])")
    return {key: checked_value(f"{path}: [{CONFIG_SECTION}]", key, value) for key, value in table.items()}


def parse_set(text: str) -> tuple[str, int | float]:
    """ "min_words=20" -> ("min_words", 20), checked."""
    key, sep, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key or not raw:
        raise ConfigError(f"--set {text!r}: not NAME=VALUE")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return key, checked_value("--set", key, value)


def is_curation_setting(name: str) -> bool:
    """Curation settings are lower case (min_words); Scrapy's are upper case (DOWNLOAD_DELAY). A lower-case
    name that is no curation setting is still taken for one, so a typo gets an error, not a silent no-op."""
    name = name.strip()
    return name in CURATOR_SETTINGS or name != name.upper()


def build_settings(overrides: Mapping[str, Any], where: str = "settings") -> CurationSettings:
    """CurationSettings with these overrides; a range error becomes a one-line ConfigError."""
    try:
        return dataclasses.replace(CurationSettings(), **dict(overrides))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from None


def load_overrides(
    db_path: str | Path | None, config_file: str | Path | None = None, sets: Iterable[str] = ()
) -> tuple[dict[str, int | float], Path | None]:
    """(checked overrides, the config file read or None): --config FILE, else the file next to the database
    if there is one; then --set values on top."""
    path = Path(config_file) if config_file else (config_path_for(db_path) if db_path else None)
    overrides: dict[str, int | float] = {}
    if path is not None and (config_file or path.is_file()):
        if not path.is_file():
            raise ConfigError(f"{path}: no such config file")
        overrides.update(read_config_file(path))
    else:
        path = None
    for text in sets:
        key, value = parse_set(text)
        overrides[key] = value
    build_settings(overrides, str(path) if path else "--set")  # range checks now, not deep inside a run
    return overrides, path


def load_settings(
    db_path: str | Path | None = None, config_file: str | Path | None = None, sets: Iterable[str] = ()
) -> CurationSettings:
    overrides, path = load_overrides(db_path, config_file, sets)
    return build_settings(overrides, str(path) if path else "--set")


def settings_record(settings: CurationSettings) -> str:
    """The curator-controlled values a run used, as the JSON stored in its row."""
    return json.dumps({key: getattr(settings, key) for key in CURATOR_SETTINGS}, sort_keys=True)


def settings_from_scrapy(value: Mapping[str, object] | str | None) -> CurationSettings:
    """The CORPUS_CURATION Scrapy setting (a dict of overrides, or JSON text of one from -s/scrapyd)."""
    if not value:
        return CurationSettings()
    overrides: Any = value
    if isinstance(value, str):
        try:
            overrides = json.loads(value)
        except ValueError:
            raise ConfigError(f"{SCRAPY_SETTING}: not a JSON object: {value!r}") from None
    checked = {key: checked_value(SCRAPY_SETTING, key, v) for key, v in dict(overrides).items()}
    return build_settings(checked, SCRAPY_SETTING)


def defaults_table() -> list[tuple[str, object]]:
    defaults = CurationSettings()
    return [(key, getattr(defaults, key)) for key in CURATOR_SETTINGS]
