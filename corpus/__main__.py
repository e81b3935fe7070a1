from corpus.cli import cli

cli(prog_name="corpus")
