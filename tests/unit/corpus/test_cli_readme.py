"""Every `corpus` command is registered, documented in README.md and shows an example in --help."""

import re

import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT

import corpus.cli
from corpus.cli import cli

README = REPO_ROOT / "README.md"
# The modules of the querying/export commands (corpus/cli/<module>.py) and what they register.
QUERY_COMMANDS = {"search": ["search", "serve"], "export": ["export"], "stats": ["stats"], "report": ["report"]}


@pytest.mark.parametrize("module", sorted(QUERY_COMMANDS))
def test_query_command_modules_are_registered(module):
    assert module in corpus.cli.COMMAND_MODULES, f"add {module!r} to COMMAND_MODULES in corpus/cli/__init__.py"
    for name in QUERY_COMMANDS[module]:
        assert name in cli.commands


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme(name):
    readme = README.read_text(encoding="utf-8")
    assert re.search(rf"\bcorpus {re.escape(name)}\b", readme), f"README.md never shows `corpus {name}`"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_help_has_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"corpus {name}" in result.output
