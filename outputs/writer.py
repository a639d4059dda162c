"""Writing the dataset: one Parquet file per document per table, each written atomically.

Layout: `<out>/<table>/<key>.parquet`, where key is derived from the source path.  One folder per
table is what pandas (`read_parquet(out/"indicators")`), pyarrow.dataset, DuckDB
(`read_parquet('out/indicators/*.parquet')`) and Polars read directly.  A file is written under a
hidden temporary name and renamed into place, so a run killed at any moment leaves either the old
file or the new one, never half of one; readers ignore the hidden names.  The documents file is
written last and marks a document as complete.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from outputs.schema import SCHEMAS

DEFAULT_OUT = Path(__file__).resolve().parent / "data"


def document_key(source_path: str | Path) -> str:
    """A stable file name for a source path: the same path always maps to the same files."""
    resolved = str(Path(source_path).resolve())
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:20]


def to_table(name: str, rows: list[dict]) -> pa.Table:
    schema = SCHEMAS[name]
    columns = {f.name: [row.get(f.name) for row in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def write_atomic(table: pa.Table, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, target)


def write_document(out: Path, key: str, tables: dict[str, list[dict]]) -> None:
    """Write every table's rows for one document; documents last, as the completion mark.

    A document that an earlier `compact` merged into a part file is first taken out of it, so
    its rows are replaced, never doubled (outputs/compaction.py).
    """
    from outputs.compaction import release

    release(Path(out), key)
    names = [n for n in SCHEMAS if n != "documents"] + ["documents"]
    for name in names:
        write_atomic(to_table(name, tables.get(name, [])), Path(out) / name / f"{key}.parquet")


def remove_stale_temp_files(out: Path) -> None:
    """Temporary files a killed run left behind (readers ignore them; this keeps the folder tidy)."""
    for tmp in Path(out).glob("*/.*.tmp"):
        try:
            tmp.unlink()
        except OSError:
            pass


def read_document_row(out: Path, key: str) -> dict | None:
    """The stored documents row for a key, or None if that document was never completed."""
    path = Path(out) / "documents" / f"{key}.parquet"
    if not path.exists():
        from outputs.compaction import compacted_document

        return compacted_document(Path(out), key)
    try:
        rows = pq.read_table(path).to_pylist()
    except (OSError, pa.ArrowException):
        return None
    return rows[0] if rows else None
