"""Real forms of other cities, read as printed: pages cut from the real archive, values checked by eye.

Each `tests/fixtures/archive/X.pdf` holds the pages of one real department budget (../shared/archive/X.pdf)
that print its department and year and its first projects' forms; `X.printed.json` is what a person
read off the rendered pages, and `X.expected.json` the same in our columns (scripts/archive_expected.py
says which label is which column).  Every field is compared: the document's department and year, each
project's header and funds, every indicator row.  At least 0.98 of all fields and 0.95 of each
document's must be right; every miss is printed.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from expected_compare import norm
from budget_declarations.pipeline.process import process_file

FOLDER = Path(__file__).parent / "fixtures" / "archive"
EXPECTED = sorted(FOLDER.glob("*.expected.json"))


@lru_cache(maxsize=None)
def _tables(name: str) -> dict:
    return process_file(FOLDER / name).tables


def compare(path: Path) -> tuple[int, int, list[str]]:
    """(fields right, fields compared, the misses as readable lines) for one document."""
    expected = json.loads(path.read_text(encoding="utf-8"))
    stem = path.name[: -len(".expected.json")]
    tables = _tables(stem + ".pdf")
    misses: list[str] = []
    right = total = 0

    def check(where: str, got, want) -> None:
        nonlocal right, total
        total += 1
        if norm(got) == norm(want) or (isinstance(want, float) and got is not None and abs(float(got) - want) < 1e-6):
            right += 1
        else:
            misses.append(f"{stem} {where}: got {got!r}, want {want!r}")

    doc = tables["documents"][0]
    for key, want in expected["document"].items():
        check(f"document.{key}", doc.get(key), want)
    projects = {p["project_no"]: p for p in tables["projects"]}
    for want in expected["projects"]:
        got = projects.get(want["project_no"], {})
        for key, value in want.items():
            if key != "project_no":
                check(f"project {want['project_no']}.{key}", got.get(key), value)
    indicators = {(i["project_no"], i["seq"]): i for i in tables["indicators"]}
    for want in expected["indicators"]:
        got = indicators.get((want["project_no"], want["seq"]), {})
        for key, value in want.items():
            if key not in ("project_no", "seq"):
                check(f"indicator {want['project_no']}.{want['seq']}.{key}", got.get(key), value)
    counted = {}
    for i in tables["indicators"]:
        counted[i["project_no"]] = counted.get(i["project_no"], 0) + 1
    for want in expected["projects"]:
        no = want["project_no"]
        n = sum(1 for i in expected["indicators"] if i["project_no"] == no)
        check(f"project {no} indicator count", counted.get(no, 0), n)
    return right, total, misses


def test_at_least_fifteen_documents_of_eight_cities():
    cities = {p.name.split("_")[1] for p in EXPECTED}
    assert len(EXPECTED) >= 15 and len(cities) >= 8, (len(EXPECTED), cities)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_each_document_reads_at_least_95_percent(path):
    right, total, misses = compare(path)
    print("\n".join(misses))
    assert right / total >= 0.95, f"{right}/{total} right:\n" + "\n".join(misses)


def test_all_documents_read_at_least_98_percent():
    right = total = 0
    misses: list[str] = []
    for path in EXPECTED:
        r, t, m = compare(path)
        right, total, misses = right + r, total + t, misses + m
    print(f"{right}/{total} fields right")
    print("\n".join(misses))
    assert right / total >= 0.98, f"{right}/{total} right:\n" + "\n".join(misses)
