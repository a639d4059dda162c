"""The notebook API: `read(paths)` and `load(out_dir)` give the four tables as pandas DataFrames.

    import budget_declarations as bd
    t = bd.read("archive/2026/")          # in memory, nothing written
    t = bd.load("outputs/data")           # a dataset written by run_pipeline.py
    t.projects[t.projects.duplicate_of.isna()]

Both return the same rows the Parquet files hold, with the types analysts expect: nullable
integers (`Int32`, so `project_no` stays 5, not 5.0, where some rows have none), nullable
booleans (`target_met`), `Decimal` money (exact 元), `datetime.date` dates, UTC timestamps.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from budget_declarations.outputs.schema import SCHEMAS
from budget_declarations.outputs.tables import Tables, frame, load

__all__ = ["Tables", "load", "read"]


def read(paths: str | Path | Iterable[str | Path], keep_personal: bool = False) -> Tables:
    """Read files or folders in this process and return their tables; nothing is written.

    Every file gives a documents row, also when it cannot be read (its `status` and `error` say
    why), exactly as in a batch run.
    """
    from budget_declarations.outputs.writer import document_key, to_table
    from budget_declarations.pipeline.batch import discover_inputs
    from budget_declarations.pipeline.process import failed_row, process_file

    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    found = discover_inputs([Path(p) for p in items])
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    for path in found.files:
        result = process_file(path, keep_personal=keep_personal)
        for name in SCHEMAS:
            for row in result.tables.get(name, []):
                row["source_key"] = document_key(path)
                rows[name].append(row)
    for path, reason in found.refused:
        row = failed_row(path, "", reason)
        row["source_key"] = document_key(path)
        rows["documents"].append(row)
    return Tables(**{name: frame(to_table(name, rows[name])) for name in SCHEMAS})
