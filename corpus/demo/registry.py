"""The demo outlets' registry file, next to the demo sites, and the registry the `corpus` commands use.

The library loads whatever registry files it is given (corpus.registry.load_registry) and knows only
the production one; the demo layer and the CLI add this file, so `demo_sada` & co. are crawlable by
name, listed by `corpus outlets` and re-cleaned with their overrides.
"""

from __future__ import annotations

from pathlib import Path

from corpus import registry

DEMO_REGISTRY_PATH = Path(__file__).with_name("outlets.toml")


def registry_files(given: str | Path | None = None) -> tuple[Path, ...]:
    """The registry of a command: the file --registry names, else the production outlets plus the demo ones."""
    if given:
        return (Path(given),)
    return (registry.REGISTRY_PATH, DEMO_REGISTRY_PATH)  # read at call time (tests point it elsewhere)
