"""No source file of the product over 400 lines (issue 12's gate): a file that grows past it is split by job."""

from conftest import REPO_ROOT

MAX_LINES = 400


def test_no_source_file_is_over_400_lines():
    sources = [p for folder in ("cleaners", "corpus", "crawler") for p in (REPO_ROOT / folder).rglob("*.py")]
    assert len(sources) > 50
    too_long = {
        str(p.relative_to(REPO_ROOT)): n
        for p in sources
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
