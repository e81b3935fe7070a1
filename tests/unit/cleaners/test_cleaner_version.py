"""CLEANER_VERSION changes whenever the cleaning code or the rules change: a fingerprint of both is
recorded beside each version in cleaners/versions.toml, and this test recomputes it."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import cleaners

PACKAGE = Path(cleaners.__file__).parent


def cleaning_sources() -> list[Path]:
    """What decides a cleaning: every module but __init__ (it holds the version) and the rules data."""
    return sorted(
        [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE]
        + list((PACKAGE / "rules").glob("*.toml"))
    )


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in cleaning_sources():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()[:16]


def recorded() -> dict[str, str]:
    return tomllib.loads((PACKAGE / "versions.toml").read_text(encoding="utf-8"))["versions"]


def test_the_current_version_was_cut_from_exactly_this_code_and_these_rules():
    versions = recorded()
    assert cleaners.CLEANER_VERSION in versions, f"add {cleaners.CLEANER_VERSION!r} to cleaners/versions.toml"
    assert versions[cleaners.CLEANER_VERSION] == fingerprint(), (
        f"the cleaning code or rules changed since cleaner {cleaners.CLEANER_VERSION}: add a new version "
        f'line `"X.Y.Z" = "{fingerprint()}"` to cleaners/versions.toml and set CLEANER_VERSION to it'
    )


def test_the_current_version_is_the_latest_and_no_fingerprint_has_two_versions():
    versions = recorded()
    assert list(versions)[-1] == cleaners.CLEANER_VERSION
    prints = [p for p in versions.values() if p != "unrecorded"]
    assert len(prints) == len(set(prints))


def test_the_fingerprint_sees_a_rules_change(tmp_path, monkeypatch):
    before = fingerprint()
    rules = PACKAGE / "rules" / "ar.toml"
    original = rules.read_bytes()
    copy = tmp_path / "cleaners"
    import shutil

    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "rules" / "ar.toml").write_bytes(original + b"\n# one more comment\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", copy)
    assert fingerprint() != before
