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

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from budget_declarations.outputs.schema import SCHEMAS

__all__ = ["Tables", "load", "read"]

_NULLABLE = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
             pa.string(): pd.StringDtype()}


@dataclass
class Tables:
    """The four tables of the data dictionary (docs/schema.md)."""

    documents: pd.DataFrame
    projects: pd.DataFrame
    indicators: pd.DataFrame
    checks: pd.DataFrame


def _frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=_NULLABLE.get, date_as_object=True)


def load(out_dir: str | Path = "outputs/data") -> Tables:
    """A dataset written by `run_pipeline.py --out DIR` (one-document and compacted files alike)."""
    out = Path(out_dir)
    if not (out / "documents").is_dir():
        raise FileNotFoundError(f"no dataset in {out} (run `python run_pipeline.py --out {out}` first)")
    frames = {}
    for name, schema in SCHEMAS.items():
        folder = out / name
        table = ds.dataset(folder, format="parquet", schema=schema).to_table() if folder.is_dir() else schema.empty_table()
        frames[name] = _frame(table)
    return Tables(**frames)


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
    return Tables(**{name: _frame(to_table(name, rows[name])) for name in SCHEMAS})
