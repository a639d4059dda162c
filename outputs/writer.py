"""Writing the dataset: one Parquet file per document per table, each written atomically.

Layout: `<out>/<table>/<key>.parquet`, where key is derived from the source path.  One folder per
table is what pandas (`read_parquet(out/"indicators")`), pyarrow.dataset, DuckDB
(`read_parquet('out/indicators/*.parquet')`) and Polars read directly.  A file is written under a
hidden temporary name and renamed into place, so a run killed at any moment leaves either the old
file or the new one, never half of one; readers ignore the hidden names.  The documents file is
written last and marks a document as complete.
"""
from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from budget_declarations.outputs.atomic import write_atomic
from budget_declarations.outputs.compaction import compacted_document, release
from budget_declarations.outputs.schema import SCHEMAS

# relative to the working directory, like any tool's output: never beside the code, which may be
# an installed, read-only site-packages
DEFAULT_OUT = Path("outputs", "data")


class OutputError(Exception):
    """The dataset folder itself cannot be written (disk full, read-only, not a folder): the run
    stops with one line, because every later document would fail the same way."""


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR}


def output_error(exc: OSError, out: Path) -> OutputError:
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    return OutputError(f"cannot write to the output folder {display_path(out)}: {reason}")


def display_path(path: str | Path) -> str:
    """A path as text that can be printed and stored: a name that is not UTF-8 (a GBK name from an
    unpacked Chinese zip) is decoded as GB18030, else with replacement characters."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", errors="replace")


def document_key(source_path: str | Path) -> str:
    """A stable file name for a source path: the same path always maps to the same files."""
    try:
        resolved = Path(source_path).resolve()
    except (OSError, RuntimeError):  # a name too long to resolve, a symlink loop
        resolved = Path(os.path.abspath(source_path))
    return hashlib.sha256(os.fsencode(resolved)).hexdigest()[:20]


def to_table(name: str, rows: list[dict]) -> pa.Table:
    schema = SCHEMAS[name]
    columns = {f.name: [row.get(f.name) for row in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def write_document(out: Path, key: str, tables: dict[str, list[dict]]) -> None:
    """Write every table's rows for one document; documents last, as the completion mark.

    A document that an earlier `compact` merged into a part file is first taken out of it, so
    its rows are replaced, never doubled (outputs/compaction.py).  Every row carries `source_key`
    (this key), which tells apart the same content read at two paths.  A failure of the folder
    itself raises OutputError.
    """
    for rows in tables.values():
        for row in rows:
            row["source_key"] = key
    names = [n for n in SCHEMAS if n != "documents"] + ["documents"]
    try:
        release(Path(out), key)
        for name in names:
            write_atomic(to_table(name, tables.get(name, [])), Path(out) / name / f"{key}.parquet")
    except OSError as exc:
        if exc.errno in _OUTPUT_ERRNOS:
            raise output_error(exc, Path(out)) from None
        raise


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
        return compacted_document(Path(out), key)
    try:
        rows = pq.read_table(path).to_pylist()
    except (OSError, pa.ArrowException):
        return None
    return rows[0] if rows else None
