"""Merging the many one-document files of a dataset into a few part files, without losing the
per-document replace and skip that make re-runs idempotent.

After `run_pipeline.py compact`, each table folder holds `part-*.parquet` files with the rows of
many documents, next to the one-document files written since.  `_compacted.json` at the top of
the dataset records which document (key) sits in which part, with its doc_id and parser version,
so that a re-run still skips it and a changed file still replaces its rows: the writer first
drops the document's rows from its part, then writes them anew as a one-document file.

Every step is ordered so that a process killed at any moment leaves a state `reconcile` repairs
(it runs before every compaction and before any write that touches a part): parts are announced
as pending before they are written and rolled back if the announcement was never committed; a
removal is recorded before it is made and re-applied if it was interrupted.  Documents whose
content is identical at two paths share a doc_id and are never merged, because a part's rows are
told apart by doc_id.

Do not run `compact` while a batch writes to the same folder.
"""
from __future__ import annotations

import fcntl
import json
import os
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from budget_declarations.outputs.schema import SCHEMAS
from budget_declarations.outputs.atomic import write_atomic

STATE = "_compacted.json"
LOCK = ".lock"
PART_PREFIX = "part-"


@contextmanager
def locked(out: Path):
    """An exclusive lock on the dataset, for the steps that rewrite parts or the state."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def load_state(out: Path) -> dict:
    path = out / STATE
    if not path.exists():
        return {"parts": {}, "keys": {}, "pending": {}, "removing": {}}
    state = json.loads(path.read_text(encoding="utf-8"))
    for field in ("parts", "keys", "pending", "removing"):
        state.setdefault(field, {})
    return state


def save_state(out: Path, state: dict) -> None:
    tmp = out / f".{STATE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, out / STATE)


def _drop_doc_ids(out: Path, part: str, doc_ids: list[str]) -> None:
    """Rewrite one part in every table without the rows of these doc_ids (idempotent)."""
    for name in SCHEMAS:
        path = out / name / f"{part}.parquet"
        if not path.exists():
            continue
        table = pq.read_table(path)
        keep = pc.invert(pc.is_in(table["doc_id"], value_set=pa.array(doc_ids, pa.string())))
        write_atomic(table.filter(keep), path)


def reconcile(out: Path, state: dict) -> dict:
    """Finish or undo what a killed compaction or replacement left half done (lock held)."""
    for part in list(state["pending"]):
        for name in SCHEMAS:
            (out / name / f"{part}.parquet").unlink(missing_ok=True)
        del state["pending"][part]
    for part, doc_ids in list(state["removing"].items()):
        _drop_doc_ids(out, part, doc_ids)
        del state["removing"][part]
    for key, info in state["keys"].items():
        # still there after its part was committed: a compaction stopped before deleting it
        if (out / "documents" / f"{key}.parquet").exists():
            _delete_key_files(out, key)
        del info
    save_state(out, state)
    return state


def _delete_key_files(out: Path, key: str) -> None:
    for name in [n for n in SCHEMAS if n != "documents"] + ["documents"]:
        (out / name / f"{key}.parquet").unlink(missing_ok=True)


def compacted_document(out: Path, key: str) -> dict | None:
    """What the state knows of a key that lives in a part (doc_id, parser_version), if any."""
    if not (out / STATE).exists():
        return None
    return load_state(out)["keys"].get(key)


def release(out: Path, key: str) -> None:
    """Before a key is written anew: take its rows out of the part that holds them."""
    if not (out / STATE).exists():
        return
    with locked(out):
        state = load_state(out)
        info = state["keys"].get(key)
        if info is None:
            return
        part = info["part"]
        state["removing"].setdefault(part, []).append(info["doc_id"])
        del state["keys"][key]
        state["parts"][part] = [k for k in state["parts"].get(part, []) if k != key]
        save_state(out, state)
        _drop_doc_ids(out, part, state["removing"][part])
        del state["removing"][part]
        save_state(out, state)


@dataclass
class CompactionReport:
    merged_documents: int
    parts_written: int
    kept_apart: int  # documents sharing a doc_id with another path

    def render(self) -> str:
        return (f"compacted {self.merged_documents} documents into {self.parts_written} part file(s) per table"
                + (f"; {self.kept_apart} kept as single files (identical content at several paths)"
                   if self.kept_apart else ""))


def compact(out: Path, documents_per_part: int = 2000) -> CompactionReport:
    """Merge every one-document file into part files, `documents_per_part` documents a part."""
    out = Path(out)
    with locked(out):
        state = reconcile(out, load_state(out))
        files = sorted(p for p in (out / "documents").glob("*.parquet") if not p.name.startswith(PART_PREFIX))
        rows = {}
        for path in files:
            try:
                table_rows = pq.read_table(path).to_pylist()
            except (OSError, pa.ArrowException):
                continue
            if table_rows:
                rows[path.stem] = table_rows[0]
        counts = Counter(r["doc_id"] for r in rows.values())
        counts.update(info["doc_id"] for info in state["keys"].values())
        eligible = [k for k, r in rows.items() if counts[r["doc_id"]] == 1]
        parts = 0
        for start in range(0, len(eligible), documents_per_part):
            chunk = eligible[start:start + documents_per_part]
            part = f"{PART_PREFIX}{uuid.uuid4().hex[:12]}"
            state["pending"][part] = chunk
            save_state(out, state)
            for name, schema in SCHEMAS.items():
                tables = [pq.read_table(out / name / f"{k}.parquet") for k in chunk
                          if (out / name / f"{k}.parquet").exists()]
                merged = pa.concat_tables([t.cast(schema) for t in tables]) if tables else schema.empty_table()
                write_atomic(merged, out / name / f"{part}.parquet")
            del state["pending"][part]
            state["parts"][part] = chunk
            for k in chunk:
                state["keys"][k] = {"part": part, "doc_id": rows[k]["doc_id"],
                                    "parser_version": rows[k]["parser_version"], "source_path": rows[k]["source_path"]}
            save_state(out, state)
            for k in chunk:
                _delete_key_files(out, k)
            parts += 1
        return CompactionReport(len(eligible), parts, len(rows) - len(eligible))
