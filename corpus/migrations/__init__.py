"""Registered schema migrations: one module per migration, `mNNN_<what>.py`, each with `apply(db)`.

They run once each, in name order, recorded in the `_migrations` table; each must be safe to re-run
(use if_not_exists / check columns first). Adding a migration = adding a module here.
"""
from __future__ import annotations

import importlib
import pkgutil


def registered_migrations():
    """[(name, apply)] in order."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name[:1] == "m" and m.name[1:4].isdigit())
    return [(name, importlib.import_module(f"{__name__}.{name}").apply) for name in names]
