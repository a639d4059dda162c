"""Writing one Parquet file atomically: the one primitive every writer of the dataset shares.

A module of its own so that writer.py (documents) and compaction.py (part files), which call each
other's ideas, both stand on it instead of importing one another.
"""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_atomic(table: pa.Table, target: Path) -> None:
    """Write `table` to `target` under a temporary name, then rename: readers see the old file or
    the new one, never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, target)
    except BaseException:
        try:
            tmp.unlink()  # nothing half written stays behind (a full disk, an interrupt)
        except OSError:
            pass
        raise
