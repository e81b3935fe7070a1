"""`corpus outlets`: list the outlet registry (corpus/outlets.toml and the demo outlets, corpus/demo/outlets.toml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from corpus.cli import cli
from corpus.cli.options import registry_option

if TYPE_CHECKING:
    from corpus.registry import Outlet


def outlet_record(outlet: Outlet) -> dict[str, Any]:
    return {
        "name": outlet.name,
        "display_name": outlet.display_name,
        "demo": outlet.demo,
        "domains": list(outlet.domains),
        "sitemaps": list(outlet.sitemaps),
        "feeds": list(outlet.feeds),
        "sections": list(outlet.sections),
        "article_pattern": outlet.article_pattern,
        "country": outlet.country,
        "verified": outlet.verified,
    }


def outlet_line(outlet: Outlet) -> str:
    where = "demo site (needs --base-url)" if outlet.demo else ", ".join(outlet.domains)
    entry = f"{len(outlet.sitemaps)} sitemap(s), {len(outlet.feeds)} feed(s), {len(outlet.sections)} section(s)"
    return f"{outlet.name:<17} {outlet.display_name:<18} {where:<32} {entry:<40} {verified_label(outlet)}"


def verified_label(outlet: Outlet) -> str:
    if outlet.demo:
        return "bundled demo"
    return f"verified {outlet.verified}" if outlet.verified else "unverified"


@cli.command("outlets")
@registry_option
@click.option(
    "--demo/--no-demo", "with_demo", default=True, show_default=True, help="Include the bundled demo outlets."
)
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON.")
def outlets_command(registry: Path | None, with_demo: bool, as_json: bool) -> None:
    """List the outlets `corpus crawl` knows (corpus/outlets.toml and the demo outlets).

    Adding an outlet is adding an entry to the registry; see the comment at its top.

    \b
    Example:
        corpus outlets
        corpus outlets --no-demo --json
    """
    from corpus.demo.registry import registry_files
    from corpus.registry import RegistryError, load_registry

    try:
        outlets = [o for o in load_registry(registry_files(registry)).values() if with_demo or not o.demo]
    except RegistryError as exc:
        raise click.ClickException(str(exc))
    if as_json:
        click.echo(json.dumps([outlet_record(o) for o in outlets], ensure_ascii=False, indent=2))
        return
    for outlet in outlets:
        click.echo(outlet_line(outlet))
    unverified = sum(1 for o in outlets if not o.demo and not o.verified)
    if unverified:
        click.echo(
            f"{unverified} real outlet(s) unverified: their entry points were written without network "
            'access; check them in a browser and set `verified = "YYYY-MM-DD"` in the registry',
            err=True,
        )
