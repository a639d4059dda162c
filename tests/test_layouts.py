"""Every layout description on our own documents, in every rendering (issue 10).

The documents and their hand-written expected values are in layout_documents.py; the renderings
(converter text, Word, Excel, PDF printed by LibreOffice) in fixtures/layouts/, made by
scripts/render_layouts.py.
"""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from expected_compare import norm, rows_for
from layout_documents import LAYOUTS, RENDERINGS

LAYOUT_FILES = FIXTURES / "layouts"
CASES = [(layout["name"], fmt) for layout in LAYOUTS for fmt in RENDERINGS]
_BY_NAME = {layout["name"]: layout for layout in LAYOUTS}
_CACHE: dict[tuple[str, str], dict] = {}


def _tables(name: str, fmt: str) -> dict:
    if (name, fmt) not in _CACHE:
        _CACHE[(name, fmt)] = rows_for(LAYOUT_FILES / f"{name}.{fmt}")
    return _CACHE[(name, fmt)]


_INDICATOR_FIELDS = {
    "list_table": ("project_no", "level1", "level2", "level3", "target_raw", "comparator", "value", "unit", "weight",
                   "direction"),
    "label_value_wan": ("project_no", "level1", "level2", "level3", "target_raw", "comparator", "value", "unit",
                        "long_term_target_raw", "long_term_value"),
    "transfer": ("project_no", "level1", "level2", "level3", "target_raw", "comparator", "value", "unit"),
    "department_overall": ("project_no", "level1", "level2", "level3", "target_raw"),
    "application": ("project_no", "level1", "level2", "level3", "target_raw"),
    "self_evaluation": ("project_no", "level1", "level2", "level3", "target_raw", "actual_raw", "score_max", "score",
                        "target_met"),
    "self_evaluation_weighted": ("project_no", "level1", "level2", "level3", "target_raw", "actual_raw", "score_max",
                                 "score", "target_met"),
}


@pytest.mark.parametrize("name,fmt", CASES)
def test_document_facts(name, fmt):
    tables = _tables(name, fmt)
    (doc,) = tables["documents"]
    expected = _BY_NAME[name]["document"]
    assert doc["status"] == "ok", doc["error"]
    got = {k: doc[k] for k in expected}
    assert got == expected


@pytest.mark.parametrize("name,fmt", CASES)
def test_every_project_field(name, fmt):
    projects = _tables(name, fmt)["projects"]
    expected = _BY_NAME[name]["projects"]
    assert len(projects) == len(expected)
    for row, want in zip(projects, expected):
        got = {k: norm(row[k]) for k in want}
        assert got == {k: norm(v) for k, v in want.items()}, row["project_name"]


@pytest.mark.parametrize("name,fmt", CASES)
def test_every_indicator(name, fmt):
    indicators = _tables(name, fmt)["indicators"]
    fields = _INDICATOR_FIELDS[name]
    got = [tuple(norm(i[f]) for f in fields) for i in indicators]
    want = [tuple(norm(v) for v in row) for row in _BY_NAME[name]["indicators"]]
    assert got == want


def test_a_table_of_each_layout_runs_over_a_page_break():
    """The PDFs hold at least one indicator table split across pages, the repair's real test."""
    for layout in LAYOUTS:
        pages = {(i["project_no"], i["page"]) for i in _tables(layout["name"], "pdf")["indicators"]}
        by_project: dict[int, set[int]] = {}
        for project, page in pages:
            by_project.setdefault(project, set()).add(page)
        assert any(len(p) > 1 for p in by_project.values()), layout["name"]
