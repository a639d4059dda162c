"""The dataset folder at the start of a run: one writer at a time, nothing damaged left in place.

A run holds `<out>/.run.lock` (an exclusive, non-blocking `flock`) from start to end; a second
run or a `compact` on the same folder is told who holds it and stops, instead of deleting the
first run's temporary files under it.  Before any document is read, every Parquet file's footer
is checked and `_compacted.json` parsed: a damaged file is moved to `<out>/_quarantine/` with the
other tables' files of the same document, so that document is read again (when its source is
among the inputs) instead of the dataset staying unreadable; an interrupted `compact` is finished
or undone.
"""
from __future__ import annotations

from collections.abc import Callable

import fcntl
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path

import pyarrow.parquet as pq

from budget_declarations.outputs.compaction import PART_PREFIX, STATE, load_state, locked, reconcile, save_state
from budget_declarations.outputs.schema import SCHEMAS
from budget_declarations.outputs.writer import OutputError, display_path, output_error

RUN_LOCK = ".run.lock"
QUARANTINE = "_quarantine"


class DatasetBusy(OutputError):
    """Another run or compaction is writing to the same folder."""


@contextmanager
def dataset_lock(out: Path, wait: float | None = None, on_wait: Callable[[str], None] | None = None):
    """Hold the dataset for this process; DatasetBusy when another holds it, OutputError when the
    folder cannot be written at all.  With `wait` (seconds, 0 for as long as it takes) a held
    dataset is waited for, `on_wait` told once who holds it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fh = open(out / RUN_LOCK, "a+", encoding="utf-8")
    except OSError as exc:
        raise output_error(exc, out) from None
    try:
        deadline = None if not wait else time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                if wait is None or deadline is not None and time.monotonic() >= deadline:
                    waited = f" (waited {wait:g} s)" if wait else ""
                    raise DatasetBusy(f"another run is writing to {display_path(out)} ({holder}){waited}; "
                                      "wait for it to finish (--wait) or choose another --out") from None
                if not told and on_wait is not None:
                    on_wait(holder)
                    told = True
                time.sleep(0.2)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}")
            fh.flush()
        except OSError as exc:
            raise output_error(exc, out) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    finally:
        fh.close()


def _move(path: Path, out: Path) -> None:
    target = out / QUARANTINE / path.parent.name / f"{path.name}.{int(time.time())}"
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, target)


def _readable(path: Path) -> bool:
    try:
        pq.read_metadata(path)
        return True
    except Exception:  # noqa: BLE001 - any failure to read the footer means damaged
        return False


def quarantine_damaged(out: Path) -> list[str]:
    """Move damaged files aside (their documents are then read again); names of what moved."""
    moved: list[str] = []
    if not out.exists():
        return moved
    state_path = out / STATE
    if state_path.exists():
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
            if not isinstance(state, dict) or not isinstance(state.get("keys", {}), dict):
                raise ValueError("not a compaction state")
        except (ValueError, OSError, UnicodeDecodeError):
            _move(state_path, out)
            moved.append(STATE)
            for name in SCHEMAS:  # without the state, part files cannot be kept apart from new rows
                for part in (out / name).glob(f"{PART_PREFIX}*.parquet"):
                    _move(part, out)
            moved.append("all part files")
        else:
            with locked(out):
                reconcile(out, load_state(out))  # an interrupted compact: finished or undone
    damaged_keys: set[str] = set()
    damaged_parts: set[str] = set()
    for name in SCHEMAS:
        for path in sorted((out / name).glob("*.parquet")):
            if not _readable(path):
                (damaged_parts if path.stem.startswith(PART_PREFIX) else damaged_keys).add(path.stem)
    for key in sorted(damaged_keys):
        for name in SCHEMAS:
            path = out / name / f"{key}.parquet"
            if path.exists():
                _move(path, out)
        moved.append(f"{key}.parquet")
    if damaged_parts:
        with locked(out):
            state = load_state(out)
            for part in sorted(damaged_parts):
                for name in SCHEMAS:
                    path = out / name / f"{part}.parquet"
                    if path.exists():
                        _move(path, out)
                for key in state["parts"].pop(part, []):
                    state["keys"].pop(key, None)
                moved.append(f"{part}.parquet")
            save_state(out, state)
    return moved
