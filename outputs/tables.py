"""A written dataset read back as pandas DataFrames with the types analysts expect.

Nullable integers (`Int32`, so `project_no` stays 5, not 5.0, where some rows have none), nullable
booleans (`target_met`), `Decimal` money (exact 元), `datetime.date` dates, UTC timestamps.  Here
rather than in the notebook API (budget_declarations.api re-exports it) so that the report, in this
layer, reads the dataset without importing the layers above.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from budget_declarations.outputs.schema import SCHEMAS

__all__ = ["Tables", "frame", "load"]

_NULLABLE = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
             pa.string(): pd.StringDtype()}


@dataclass
class Tables:
    """The four tables of the data dictionary (docs/schema.md)."""

    documents: pd.DataFrame
    projects: pd.DataFrame
    indicators: pd.DataFrame
    checks: pd.DataFrame


def frame(table: pa.Table) -> pd.DataFrame:
    """One table as pandas with the nullable and exact types above."""
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
        frames[name] = frame(table)
    return Tables(**frames)
