"""The same declaration in several files (.doc, .pdf, a scan): marked, so money is not counted twice.

Every documents row carries `content_key` (department, year, kind, sorted project names and
amounts; pipeline/process.py).  After a run, the documents sharing a key are ordered by source
path; the first is the original, every other gets `duplicate_of` = the first's `source_key`.
Analysts keep originals with `duplicate_of is null`.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq

from budget_declarations.outputs.schema import SCHEMAS
from budget_declarations.outputs.atomic import write_atomic
from budget_declarations.outputs.writer import to_table


def mark_duplicates(out: Path) -> dict[str, str]:
    """Set `duplicate_of` across the dataset; returns source_key -> the original's source_key."""
    folder = Path(out) / "documents"
    if not folder.is_dir():
        return {}
    rows = ds.dataset(folder, format="parquet", schema=SCHEMAS["documents"]).to_table(
        columns=["source_key", "source_path", "content_key", "duplicate_of"]).to_pylist()
    groups: dict[str, list[dict]] = {}
    for row in rows:
        if row["content_key"]:
            groups.setdefault(row["content_key"], []).append(row)
    wanted: dict[str, str | None] = {}
    for members in groups.values():
        members.sort(key=lambda r: (r["source_path"] or "", r["source_key"] or ""))
        for n, row in enumerate(members):
            wanted[row["source_key"]] = members[0]["source_key"] if n else None
    for row in rows:
        target = wanted.get(row["source_key"])
        if row["duplicate_of"] != target:
            path = folder / f"{row['source_key']}.parquet"
            if path.exists():  # rows merged into a part by `compact` keep their mark until re-read
                stored = pq.read_table(path).to_pylist()
                for r in stored:
                    r["duplicate_of"] = target
                write_atomic(to_table("documents", stored), path)
    return {k: v for k, v in wanted.items() if v}
