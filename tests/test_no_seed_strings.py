"""Logic must generalize: nothing in the library code names a project, amount or unit of the seed."""
import json

import regex

from conftest import EXPECTED_JSON, ROOT

PACKAGES = ["extract", "normalize", "outputs", "parse", "pipeline"]


def _seed_specifics() -> set[str]:
    data = json.loads(EXPECTED_JSON.read_text(encoding="utf-8"))
    names = {data["document"]["department"], "松江", "科创发展", "G60"}
    for p in data["projects"]:
        names |= {p["project_name"], p["narrative_title"]}
        names |= {f"{p[k]:,.2f}" for k in ("total_funds", "annual_request") if p[k]}
        names |= {str(int(p[k])) for k in ("total_funds",) if p[k] and p[k] >= 100000}
    names.add("847.68")
    return {n for n in names if n}


def test_library_code_does_not_name_the_seed():
    specifics = _seed_specifics()
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            text = regex.sub(r"\s+", "", path.read_text(encoding="utf-8"))
            offenders += [f"{path.relative_to(ROOT)}: {s}" for s in specifics if s in text]
    assert offenders == []
