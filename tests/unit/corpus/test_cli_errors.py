"""The CLI's one error boundary: library errors are one line and exit 1; --debug shows the traceback."""

import sqlite3

import click
import pytest
from click.testing import CliRunner

from corpus.cli import cli
from corpus.errors import ConfigError, CorpusError, DatabaseUnavailable
from corpus.export import ExportError
from corpus.locking import AlreadyRunning
from corpus.reclean import RegistryUnavailable
from corpus.registry import RegistryError


def test_every_error_the_library_reports_shares_one_base():
    for error in (ExportError, AlreadyRunning, RegistryUnavailable, RegistryError, ConfigError, DatabaseUnavailable):
        assert issubclass(error, CorpusError), error


@pytest.fixture
def failing_command():
    @cli.command("explode-for-test", hidden=True)
    @click.argument("kind")
    def explode(kind):
        if kind == "corpus":
            raise ConfigError("settings.toml: [curation]: unknown key 'min_wrods'")
        if kind == "sqlite":
            raise sqlite3.DatabaseError("file is not a database")
        raise KeyError("a bug")

    yield
    cli.commands.pop("explode-for-test")


def test_a_corpus_error_is_one_line_and_exit_1(failing_command):
    result = CliRunner().invoke(cli, ["explode-for-test", "corpus"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: settings.toml: [curation]: unknown key 'min_wrods'"
    assert "Traceback" not in result.output


def test_a_database_error_is_one_line(failing_command):
    result = CliRunner().invoke(cli, ["explode-for-test", "sqlite"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: database error: file is not a database"


def test_debug_lets_the_traceback_through(failing_command):
    result = CliRunner().invoke(cli, ["--debug", "explode-for-test", "corpus"])
    assert isinstance(result.exception, ConfigError)


def test_a_bug_is_not_disguised_as_a_user_error(failing_command):
    result = CliRunner().invoke(cli, ["explode-for-test", "bug"])
    assert isinstance(result.exception, KeyError)


def test_a_file_that_is_not_a_database_is_one_line(tmp_path):
    notadb = tmp_path / "notadb"
    notadb.write_text("hello, this is not SQLite\n" * 100)
    result = CliRunner().invoke(cli, ["stats", "--db", str(notadb)])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "Traceback" not in result.output
