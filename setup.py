# All packaging metadata is in pyproject.toml. This shim exists because `scrapyd-deploy` builds the
# project's egg with `python setup.py bdist_egg` (and would write a setup.py of its own otherwise).
from setuptools import setup

setup()
