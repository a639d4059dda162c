"""The seed declaration as converter text: every hand-checked field must come out equal."""
from conftest import SEED_TXT
from expected_compare import mismatches, rows_for


def test_seed_counts():
    tables = rows_for(SEED_TXT)
    assert len(tables["projects"]) == 11
    assert len(tables["indicators"]) == 84
    assert tables["documents"][0]["status"] == "ok"


def test_seed_every_expected_field(expected):
    problems = mismatches(rows_for(SEED_TXT), expected)
    assert problems == []
