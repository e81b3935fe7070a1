"""Outlet names a user types, checked: an unknown name is refused with the closest known ones suggested.

`--outlet sada` where the outlet is `demo_sada` used to select nothing and report 0 results: a confident
wrong answer. A name is known when the database has documents under it (one indexed lookup) or the
registry lists it; only for an unknown name are the database's outlets listed, by a skip scan of the
outlet index (one lookup per distinct outlet, not a pass over the documents).
"""

from __future__ import annotations

import difflib
from typing import Callable, Iterable

from sqlite_utils import Database


class UnknownOutlet(ValueError):
    """The message is one line: "unknown outlet 'sada'; did you mean demo_sada?"."""


def in_database(db: Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM documents WHERE outlet = ? LIMIT 1", [name]).fetchone() is not None


def database_outlets(db: Database) -> list[str]:
    """Every distinct documents.outlet, by walking the outlet index (min(outlet) > previous)."""
    names: list[str] = []
    last = None
    while True:
        if last is None:
            row = db.execute("SELECT min(outlet) FROM documents WHERE outlet IS NOT NULL").fetchone()
        else:
            row = db.execute("SELECT min(outlet) FROM documents WHERE outlet > ?", [last]).fetchone()
        if row is None or row[0] is None:
            return names
        last = row[0]
        names.append(last)


def suggestions(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known names closest to name: those that contain it as a part (sada -> demo_sada), then the
    most similar spellings."""
    known = sorted(set(known))
    lowered = name.lower()
    parts = [k for k in known if lowered in k.lower().replace("-", "_").split("_") or lowered in k.lower()]
    close = difflib.get_close_matches(name, known, n=n, cutoff=0.6)
    return list(dict.fromkeys(parts + close))[:n]


def unknown_message(name: str, known: Iterable[str]) -> str:
    known = sorted(set(known))
    close = suggestions(name, known)
    if close:
        return f"unknown outlet {name!r}; did you mean {' or '.join(close)}?"
    if not known:
        return f"unknown outlet {name!r}; the database has no outlets yet"
    shown = ", ".join(known[:40]) + (", ..." if len(known) > 40 else "")
    return f"unknown outlet {name!r}; known: {shown}"


def check_outlets(db: Database, names: Iterable[str], registry_names: Callable[[], Iterable[str]] = lambda: ()) -> None:
    """UnknownOutlet for the first name that neither the database nor the registry knows.
    registry_names is called only when a name is not in the database."""
    registry: set[str] | None = None
    for name in names:
        if in_database(db, name):
            continue
        if registry is None:
            registry = set(registry_names())
        if name in registry:
            continue
        raise UnknownOutlet(unknown_message(name, set(database_outlets(db)) | registry))
