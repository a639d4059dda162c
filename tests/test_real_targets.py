"""712 distinct real 指标值 strings, each labelled by hand: the table the normalizer is judged on.

`tests/fixtures/targets/real_targets.jsonl` holds cells of the archive (`../shared/archive`, 42
documents of 11 cities), of `docs/reference/value-formats.md` and of the seed, each with the reading
a person wrote down from the rules in docs/schema.md ("How 指标值 cells are read"), not from the
parser: kind, comparator, value, range end, unit as written, period of a rate, date, and for a cell
holding several targets each of them.  `adjudicated` marks the rows where two labellers' readings
differed and the rule was settled (the reason is in `note`).  The 110 `archive holdout` rows come
from documents the rules were never developed on.
"""
import json
from pathlib import Path

from budget_declarations.normalize.target import parse_target

TABLE = Path(__file__).parent / "fixtures" / "targets" / "real_targets.jsonl"
FIELDS = ("kind", "comparator", "value", "value_max", "unit", "period", "date", "parts")


def _rows() -> list[dict]:
    return [json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _read(raw: str) -> dict:
    t = parse_target(raw, fiscal_year=2026)
    parts = [[p.comparator, p.value, p.value_max, p.unit, p.period, p.date.isoformat() if p.date else None]
             for p in t.parts]
    return {
        "kind": t.kind, "comparator": t.comparator, "value": t.value, "value_max": t.value_max, "unit": t.unit,
        "period": t.period, "date": t.date.isoformat() if t.date else None, "parts": parts or None,
    }


def _misses(rows: list[dict]) -> list[str]:
    misses = []
    for row in rows:
        got = _read(row["raw"])
        for name in FIELDS:
            want = row.get(name)
            if want != got[name]:  # 90 == 90.0: JSON numbers compare as floats
                misses.append(f"{row['raw']!r} {name}: expected {want!r}, read {got[name]!r}")
    return misses


def test_the_table_is_large_and_distinct():
    rows = _rows()
    raws = [r["raw"] for r in rows]
    assert len(raws) == len(set(raws)) >= 400
    assert {r["kind"] for r in rows} >= {"numeric", "date", "qualitative", "multiple", "not_applicable"}


def test_real_targets_read_as_labelled():
    rows = _rows()
    misses = _misses(rows)
    fields = len(rows) * len(FIELDS)
    right = 1 - len(misses) / fields
    print(f"{fields - len(misses)} of {fields} fields right ({right:.4f}) over {len(rows)} cells")
    for miss in misses:
        print("MISS", miss)
    assert right >= 0.99, "\n".join(misses)
    cells_right = 1 - len({m.split(" ", 1)[0] for m in misses}) / len(rows)
    assert cells_right >= 0.99


def test_holdout_cells_read_as_labelled():
    """The cells of documents never looked at while writing the rules, on their own."""
    rows = [r for r in _rows() if r["source"] == "archive holdout"]
    assert len(rows) >= 100
    misses = _misses(rows)
    assert len(misses) <= len(rows) * len(FIELDS) * 0.01, "\n".join(misses)
