"""The `corpus` command: a thin click layer over the library.

Each subcommand lives in its own module here and registers itself on `cli`.
"""
from __future__ import annotations

import importlib

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="arabic-news-corpus")
def cli():
    """Crawl Arabic news outlets, clean and curate the text, export a corpus.

    \b
    Example:
        corpus demo
        corpus export --format txt --out out/txt
    """


# Command modules, in the order they appear in --help. A module missing here is a bug, not an option.
COMMAND_MODULES = [
    "demo", "crawl", "ingest", "outlets", "schedule", "clean", "reclean", "import_text", "boilerplate",
    "search", "export", "stats", "report",
]

for _name in COMMAND_MODULES:
    importlib.import_module(f"corpus.cli.{_name}")
