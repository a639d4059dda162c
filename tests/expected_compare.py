"""Compare pipeline rows with the hand-checked expected JSON, field by field.

Texts in the expected file have all whitespace removed, so both sides are compared that way.
Amounts are compared as numbers, dates as ISO strings.  Every key present in the expected file
is compared; a key the expected file leaves out of an indicator is not asserted.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import regex

from budget_declarations.pipeline.process import process_file

_WS = regex.compile(r"\s+")


def norm(value):
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        return round(float(value), 6)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str):
        return _WS.sub("", value)
    return value


def comparable(tables: dict[str, list[dict]], name: str, drop: tuple[str, ...] = ("doc_id",)) -> list[dict]:
    """A table's rows without the columns that differ by design, texts without whitespace: what
    two renderings of the same content must agree on."""
    return [{k: norm(v) for k, v in row.items() if k not in drop} for row in tables[name]]


def rows_for(path: Path) -> dict[str, list[dict]]:
    result = process_file(path)
    return result.tables


def mismatches(tables: dict[str, list[dict]], expected: dict) -> list[str]:
    """Every field of the expected file that differs, as readable lines (empty when all equal)."""
    problems: list[str] = []
    doc = tables["documents"][0]
    for key, want in expected["document"].items():
        if norm(doc.get(key)) != norm(want):
            problems.append(f"document.{key}: got {doc.get(key)!r}, want {want!r}")
    projects = {p["project_no"]: p for p in tables["projects"]}
    if len(projects) != len(expected["projects"]):
        problems.append(f"project count: got {len(projects)}, want {len(expected['projects'])}")
    for want in expected["projects"]:
        got = projects.get(want["project_no"])
        if got is None:
            problems.append(f"project {want['project_no']} missing")
            continue
        for key, value in want.items():
            if norm(got.get(key)) != norm(value):
                problems.append(f"project {want['project_no']}.{key}: got {got.get(key)!r}, want {value!r}")
    indicators = {(i["project_no"], i["seq"]): i for i in tables["indicators"]}
    if len(indicators) != len(expected["indicators"]):
        problems.append(f"indicator count: got {len(indicators)}, want {len(expected['indicators'])}")
    for want in expected["indicators"]:
        key = (want["project_no"], want["seq"])
        got = indicators.get(key)
        if got is None:
            problems.append(f"indicator {key} missing")
            continue
        for field, value in want.items():
            if norm(got.get(field)) != norm(value):
                problems.append(f"indicator {key}.{field}: got {got.get(field)!r}, want {value!r}")
    return problems


HEADER_FIELDS = (
    "project_name", "project_nature", "project_category", "competent_department", "implementing_unit",
    "plan_start", "plan_end", "total_funds", "total_fiscal", "total_other", "annual_request",
    "annual_appropriation", "annual_carryover", "annual_other",
)
INDICATOR_CELLS = ("level1", "level2", "level3", "target_raw")


def cell_accuracy(tables: dict[str, list[dict]], expected: dict) -> tuple[float, float]:
    """(share of indicator cells equal to expected, share of header and funds fields equal)."""
    got_ind = {(i["project_no"], i["seq"]): i for i in tables["indicators"]}
    ok = total = 0
    for want in expected["indicators"]:
        got = got_ind.get((want["project_no"], want["seq"]), {})
        for key in INDICATOR_CELLS:
            total += 1
            ok += norm(got.get(key)) == norm(want[key])
    indicator_share = ok / total
    got_proj = {p["project_no"]: p for p in tables["projects"]}
    ok = total = 0
    for want in expected["projects"]:
        got = got_proj.get(want["project_no"], {})
        for key in HEADER_FIELDS:
            total += 1
            ok += norm(got.get(key)) == norm(want[key])
    return indicator_share, ok / total


# -- scans: the share of each kind of value read right ----------------------------------------
NARRATIVE_FIELDS = (
    "overall_goal", "annual_goal", "overview", "basis", "implementer", "implementation_plan",
    "implementation_period", "budget_arrangement", "performance_goal_note",
)


def truth_from_expected(expected: dict, project_nos: set[int] | None = None) -> dict:
    """The hand-checked JSON as {projects: {no: fields}, indicators: {(no, seq): fields}}."""
    keep = (lambda n: True) if project_nos is None else (lambda n: n in project_nos)
    return {
        "projects": {p["project_no"]: p for p in expected["projects"] if keep(p["project_no"])},
        "indicators": {(i["project_no"], i["seq"]): i for i in expected["indicators"] if keep(i["project_no"])},
    }


def truth_from_layout(layout: dict) -> dict:
    """A layout document of layout_documents.py in the same shape (indicators numbered in order)."""
    projects = {n: dict(p, project_no=n) for n, p in enumerate(layout["projects"], start=1)}
    indicators: dict[tuple[int, int], dict] = {}
    for row in layout["indicators"]:
        seq = 1 + sum(1 for key in indicators if key[0] == row[0])
        indicators[(row[0], seq)] = dict(zip(("project_no", *INDICATOR_CELLS), row[:5]))
    return {"projects": projects, "indicators": indicators}


# The project fields the hand-checked seed file lists: what a scan is scored on.
PROJECT_FIELDS = (*HEADER_FIELDS, *NARRATIVE_FIELDS)


def truth_from_rows(tables: dict[str, list[dict]]) -> dict:
    """Rows read from an exact rendering (a Word file, checked by hand in its own tests) as the
    truth for scans of its printout, in the shape of truth_from_expected."""
    projects = {p["project_no"]: {k: p.get(k) for k in ("project_no", *PROJECT_FIELDS)} for p in tables["projects"]}
    indicators = {(i["project_no"], i["seq"]): {k: i.get(k) for k in ("project_no", *INDICATOR_CELLS)}
                  for i in tables["indicators"]}
    return {"projects": projects, "indicators": indicators}


def _matched_chars(got: str, want: str) -> int:
    import difflib

    return sum(block.size for block in difflib.SequenceMatcher(None, got, want, autojunk=False).get_matching_blocks())


def _seen(value):
    """A value as a scan shows it: full-width and ASCII forms of a sign or bracket (＝ =, （ () look
    alike on paper, so a scan cannot be held to the one the file used."""
    import unicodedata

    value = norm(value)
    return unicodedata.normalize("NFKC", value) if isinstance(value, str) else value


def scan_scores(tables: dict[str, list[dict]], truth: dict) -> dict[str, tuple[int, int]]:
    """(right, total) for indicator cells, header and funds fields, and narrative characters.

    Projects and indicators are matched by number; a missing one counts every value wrong.
    Texts are compared as a scan shows them (NFKC: full-width and ASCII forms alike)."""
    got_ind = {(i["project_no"], i["seq"]): i for i in tables["indicators"]}
    got_proj = {p["project_no"]: p for p in tables["projects"]}
    cells = [0, 0]
    for key, want in truth["indicators"].items():
        got = got_ind.get(key, {})
        for field in INDICATOR_CELLS:
            cells[1] += 1
            cells[0] += _seen(got.get(field)) == _seen(want.get(field))
    header = [0, 0]
    narrative = [0, 0]
    for no, want in truth["projects"].items():
        got = got_proj.get(no, {})
        for field, value in want.items():
            if field in ("project_no", "narrative_title"):
                continue
            if field in NARRATIVE_FIELDS:
                text = _seen(value) or ""
                narrative[1] += len(text)
                narrative[0] += _matched_chars(_seen(got.get(field)) or "", text)
            else:
                header[1] += 1
                header[0] += _seen(got.get(field)) == _seen(value)
    return {"indicators": tuple(cells), "header": tuple(header), "narrative": tuple(narrative)}
