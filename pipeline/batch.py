"""Many files into one dataset: discovery, worker processes, time and memory limits, progress.

Each document is processed and written by a worker (`ingest_one`), so a file that hangs or
crashes takes down only its worker: the pool replaces it, the file's `documents` row says what
happened, and the batch goes on.  Workers write their own rows (atomically, see outputs/writer.py),
so the parent only schedules and counts; the same function runs on a Dask cluster.
"""
from __future__ import annotations

import os
import sys
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from budget_declarations.outputs.duplicates import mark_duplicates
from budget_declarations.outputs.integrity import dataset_lock, quarantine_damaged
from budget_declarations.outputs.writer import OutputError, document_key, read_document_row, remove_stale_temp_files, write_document
from budget_declarations.extract import ocr_page_count
from budget_declarations.extract.limits import exit_reason, worker_init
from budget_declarations.pipeline.process import (
    Result, failed_row, file_digest, not_a_regular_file, parser_version, preload, process_file,
)

SUFFIXES = {".txt", ".md", ".markdown", ".pdf", ".docx", ".doc", ".wps", ".rtf", ".xlsx", ".xls", ".et",
            ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".jp2", ".j2k"}


@dataclass
class Discovery:
    """What the inputs hold: files to read, and entries refused with the reason (each becomes a
    `documents` row, so nothing a user gave disappears without a word)."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def discover_inputs(inputs: list[Path], follow_symlinks: bool = False) -> Discovery:
    """Named files as given; folders searched recursively for the formats we read.

    Inside a folder, a symbolic link that leads out of it is not followed unless asked (input
    folders are often shared drops; a link to /etc/passwd must not become a document); entries
    that cannot be read (a path longer than the system allows, no permission) are reported.
    """
    found = Discovery()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError) as exc:
            found.refused.append((path, f"cannot open this path: {getattr(exc, 'strerror', None) or exc}"))
            return
        problem = not_a_regular_file(path)  # a pipe would block the run, a device never end
        if problem:
            found.refused.append((path, problem))
            return
        if resolved not in seen:
            seen.add(resolved)
            found.files.append(path)

    for item in inputs:
        if not item.is_dir():
            add(item)
            continue
        root = item.resolve()

        def onerror(exc: OSError) -> None:
            found.refused.append((Path(exc.filename or item), f"cannot read this folder entry: {exc.strerror or exc}"))

        for folder, dirs, names in os.walk(item, onerror=onerror, followlinks=follow_symlinks):
            base = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for d in list(dirs):
                try:
                    outside = not follow_symlinks and (base / d).is_symlink() and not _inside(base / d, root)
                except OSError as exc:  # a path longer than the system allows
                    found.refused.append((base / d, f"cannot read this folder entry: {exc.strerror or exc}"))
                    dirs.remove(d)
                    continue
                if outside:
                    found.refused.append((base / d, "refused: a symbolic link to a folder outside the input "
                                                   "folder (--follow-symlinks reads it)"))
                    dirs.remove(d)
            for name in sorted(names):
                path = base / name
                if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                    continue
                try:
                    link = path.is_symlink()
                    if link and not follow_symlinks and not _inside(path, root):
                        found.refused.append((path, "refused: a symbolic link to a file outside the input folder "
                                                    "(--follow-symlinks reads it)"))
                        continue
                except OSError as exc:
                    found.refused.append((path, f"cannot read this folder entry: {exc.strerror or exc}"))
                    continue
                add(path)
    return found


def discover(inputs: list[Path]) -> list[Path]:
    """The files `discover_inputs` finds (refused entries left out)."""
    return discover_inputs(inputs).files


@dataclass
class BatchOptions:
    out: Path
    force: bool = False
    progress: bool = True
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float | None = 120.0
    max_memory_mb: int | None = 2048
    engine: str = "local"
    scheduler: str | None = None
    keep_personal: bool = False  # write 负责人/联系人 names and phone numbers printed on forms
    retry_failed: bool = True  # a file that failed before is read again (--no-retry skips it)
    wait: float | None = None  # seconds to wait for another run's lock on `out` (0: as long as it takes)


@dataclass
class Summary:
    documents: int = 0
    skipped: int = 0
    projects: int = 0
    indicators: int = 0
    statuses: Counter = field(default_factory=Counter)
    severities: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    failed_before: int = 0  # failures left in the dataset by an earlier run and not retried
    duplicates: int = 0  # documents in the dataset whose content repeats an earlier file's
    by_source: dict = field(default_factory=dict)  # source_key -> findings by severity (this run)
    quarantined: list[str] = field(default_factory=list)
    seconds: float = 0.0
    out: Path | None = None

    @property
    def failed(self) -> int:
        return self.statuses.get("failed", 0) + self.failed_before

    def add(self, outcome: dict) -> None:
        if outcome.get("skipped"):
            self.skipped += 1
            row = outcome.get("document") or {}
            if row.get("status") == "failed":
                self.failed_before += 1
                self.failures.append((row.get("source_path") or "", (row.get("error") or "unknown error")
                                      + " (failed in an earlier run; not retried: --no-retry)"))
            return
        row = outcome["document"]
        self.severities.update(outcome.get("severities", {}))
        if row.get("source_key"):
            self.by_source[row["source_key"]] = Counter(outcome.get("severities", {}))
        self.documents += 1
        self.projects += row.get("project_count") or 0
        self.indicators += row.get("indicator_count") or 0
        self.statuses[row["status"]] += 1
        if row["status"] == "failed":
            self.failures.append((row["source_path"], row.get("error") or "unknown error"))

    def render(self) -> str:
        parts = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        lines = [
            f"documents read: {self.documents} ({parts or 'none'})"
            + (f"; {self.skipped} unchanged since an earlier run, skipped (--force reads them again)"
               if self.skipped else ""),
            f"projects: {self.projects}",
            f"indicators: {self.indicators}",
            f"failures: {self.failed}" + (f" ({self.failed_before} from earlier runs)" if self.failed_before else ""),
            *([f"duplicates: {self.duplicates} (the same department, year, projects and amounts as an earlier "
                "file; keep documents where duplicate_of is null; their findings are not counted below)"]
              if self.duplicates else []),
            f"findings: {sum(self.severities.values())} ("
            + ", ".join(f"{self.severities.get(s, 0)} {s}" for s in ("error", "warning", "info"))
            + ") — see the checks table",
        ]
        lines += [f"  {path}: {reason}" for path, reason in self.failures[:20]]
        if len(self.failures) > 20:
            lines.append(f"  … and {len(self.failures) - 20} more (see the documents table)")
        if self.quarantined:
            lines.append(f"damaged dataset files moved to {self.out}/_quarantine, their documents read again: "
                         + ", ".join(self.quarantined[:10]) + (" …" if len(self.quarantined) > 10 else ""))
        lines.append(f"output: {self.out} ({self.seconds:.1f}s)")
        return "\n".join(lines)


# -- the unit of work ------------------------------------------------------------------------
def _outcome(result: Result) -> dict:
    return {
        "document": result.document,
        "severities": dict(Counter(c["severity"] for c in result.tables.get("checks", []))),
    }


def ingest_one(path: str, out: str, force: bool = False, keep_personal: bool = False, retry_failed: bool = True,
               digest: str | None = None) -> dict:
    """Process one file and write its rows; skip it when the same content is already in `out`
    (unless it failed there and failures are retried)."""
    source, target = Path(path), Path(out)
    key = document_key(source)
    if digest is None:
        try:
            digest = file_digest(source)
        except OSError:
            digest = None
    if not force and digest:
        done = read_document_row(target, key)
        if (done and done.get("doc_id") == digest and done.get("parser_version") == parser_version()
                and not (retry_failed and done.get("status") == "failed")):
            return {"skipped": True, "document": done}
    result = process_file(source, doc_id=digest, keep_personal=keep_personal)
    write_document(target, key, result.tables)
    if result.detail:
        with (target / "errors.log").open("a", encoding="utf-8") as fh:
            fh.write(f"== {source}\n{result.detail}\n")
    return _outcome(result)


def survey(path: str) -> tuple[str | None, int]:
    """In a worker, before a file is read: its digest and the pages it will OCR (they set its time
    limit).  Both open the file's content, so neither runs in the main process.  A file that cannot
    be opened is left to the reading, whose row says why."""
    try:
        digest = file_digest(Path(path))
    except OSError:
        return None, 0
    return digest, ocr_page_count(Path(path))


def _write_failure(path: Path, out: Path, reason: str, doc_id: str = "") -> dict:
    """The row for a file whose worker was stopped or died, or that was refused: written by the
    main process, which never opens the file (its digest comes from the worker's survey, if any)."""
    row = failed_row(path, doc_id, reason)
    write_document(out, document_key(path), {"documents": [row]})
    return {"document": row, "severities": {}}


# -- progress --------------------------------------------------------------------------------
class Progress:
    """A tqdm bar on a terminal; plain lines every few seconds otherwise (logs, CI)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.enabled = enabled
        self.start = self.last = time.monotonic()
        self.bar = None
        if enabled and sys.stderr.isatty():
            try:
                from tqdm import tqdm

                self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)
            except ImportError:
                self.bar = None

    def update(self, outcome: dict) -> None:
        self.done += 1
        if outcome.get("document", {}).get("status") == "failed" and not outcome.get("skipped"):
            self.failed += 1
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(failed=self.failed, refresh=False)
            return
        now = time.monotonic()
        if now - self.last >= 5 or self.done == self.total:
            rate = self.done / max(now - self.start, 1e-9)
            print(f"[{self.done}/{self.total}] {100 * self.done / self.total:.0f}% "
                  f"{rate:.1f} docs/s, {self.failed} failed", file=sys.stderr, flush=True)
            self.last = now

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# -- engines ---------------------------------------------------------------------------------
def _run_inline(files: list[Path], options: BatchOptions, progress: Progress, summary: Summary) -> None:
    for path in files:
        outcome = ingest_one(str(path), str(options.out), options.force, options.keep_personal, options.retry_failed)
        summary.add(outcome)
        progress.update(outcome)


def _failure(exc: BaseException, path: Path, limit: float | None, options: BatchOptions, stage: str) -> str:
    """The documents row's reason for a worker that did not come back."""
    from pebble.common import ProcessExpired

    if isinstance(exc, FutureTimeout):
        return (f"stopped after {limit:g} s {stage}(--timeout {options.timeout:g} s per file and per page to OCR): "
                "the file took too long to read")
    if isinstance(exc, ProcessExpired):
        return exit_reason(exc.exitcode, options.max_memory_mb)
    if isinstance(exc, MemoryError):
        return exit_reason(-9, options.max_memory_mb)
    _log_error(options.out, path, exc)
    return "internal error while reading this file; the details are in errors.log in the output folder"


def _log_error(out: Path, path: Path, exc: BaseException) -> None:
    import traceback

    detail = getattr(exc, "traceback", None) or "".join(traceback.format_exception(exc))
    try:
        with (Path(out) / "errors.log").open("a", encoding="utf-8") as fh:
            fh.write(f"== {path}\n{detail}\n")
    except OSError:
        pass


def _run_local(files: list[Path], options: BatchOptions, progress: Progress, summary: Summary) -> None:
    from pebble import ProcessPool

    _poll_pool_often()
    preload()  # workers are forked from this process: they inherit the imports
    workers = max(1, min(options.workers, len(files)))
    threads = (os.cpu_count() or 1) // workers
    with ProcessPool(max_workers=workers, initializer=worker_init, initargs=(options.max_memory_mb, threads)) as pool:
        # first a survey of each file in a worker (digest, pages to OCR: its time limit), then the file
        surveys = {pool.schedule(survey, args=(str(p),), timeout=options.timeout): p for p in files}
        readings: dict = {}
        limits: dict[Path, float | None] = {}
        digests: dict[Path, str] = {}
        pending = set(surveys)

        def returned(future, path: Path, stage: str):
            """The worker's result, or None once the file's failure row is written."""
            try:
                return future.result()
            except OutputError:
                pool.stop()
                raise
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # noqa: BLE001 - one file never stops the batch
                reason = _failure(exc, path, limits.get(path, options.timeout), options, stage)
                outcome = _write_failure(path, options.out, reason, digests.get(path) or "")
                summary.add(outcome)
                progress.update(outcome)
                return None

        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                if future in surveys:
                    path = surveys.pop(future)
                    surveyed = returned(future, path, "while opening it ")
                    if surveyed is None:
                        continue
                    digests[path], to_ocr = surveyed
                    limits[path] = _limit(options.timeout, to_ocr)
                    reading = pool.schedule(ingest_one, args=(str(path), str(options.out), options.force,
                                                              options.keep_personal, options.retry_failed,
                                                              digests[path]), timeout=limits[path])
                    readings[reading] = path
                    pending.add(reading)
                    continue
                path = readings.pop(future)
                outcome = returned(future, path, "")
                if outcome is not None:
                    summary.add(outcome)
                    progress.update(outcome)


def _poll_pool_often() -> None:
    """pebble's pool threads poll every 0.1 s, so closing a pool costs about 0.1 s whatever the
    work: a run of a few small PDFs spent a sixth of its time there.  Every 10 ms costs nothing
    measurable and still checks time limits far finer than anyone sets them."""
    try:
        from pebble.common import CONSTS

        CONSTS.sleep_unit = min(CONSTS.sleep_unit, 0.01)
    except (ImportError, AttributeError):
        pass


def time_limit(path: Path, timeout: float | None) -> float | None:
    """--timeout is per unit of work: once for the file, and once more for every page it must
    OCR, so a long scan that is progressing is not stopped (a 21-page scan gets 22 × 120 s).
    Counting the pages opens the file: the batch does it in a worker (`survey`)."""
    return _limit(timeout, ocr_page_count(path) if timeout else 0)


def _limit(timeout: float | None, to_ocr: int) -> float | None:
    return timeout * (1 + to_ocr) if timeout else timeout


def _run_dask(files: list[Path], options: BatchOptions, progress: Progress, summary: Summary) -> None:
    """The same per-document work on an existing dask.distributed cluster.

    Every worker writes to `options.out`, so that folder must be reachable by all of them.  Dask
    cannot stop a running task, so `--timeout` here marks the file failed and moves on; the task
    keeps its worker thread until it ends.
    """
    from dask.distributed import Client, as_completed

    with Client(options.scheduler, timeout="30s") as client:
        futures = client.map(ingest_one, [str(p) for p in files], out=str(options.out), force=options.force, keep_personal=options.keep_personal,
                             retry_failed=options.retry_failed, pure=False)
        paths = dict(zip((f.key for f in futures), files))
        for future in as_completed(futures):
            path = paths[future.key]
            try:
                outcome = future.result()
            except OutputError:
                raise
            except Exception as exc:  # noqa: BLE001
                outcome = _write_failure(path, options.out, f"the worker failed on this file ({type(exc).__name__})")
            summary.add(outcome)
            progress.update(outcome)


def run_batch(files: list[Path], options: BatchOptions, refused: list[tuple[Path, str]] | None = None) -> Summary:
    """Process files with the chosen engine; every file ends with a documents row.

    The run holds the dataset's lock (a second writer is told, not let in), checks the files
    already in `--out` first (a damaged one is quarantined and its document read again), and
    stops with OutputError when the folder itself cannot be written.
    """
    start = time.perf_counter()
    options.out = Path(options.out)
    summary = Summary(out=options.out)
    def waiting(holder: str) -> None:
        limit = f" for up to {options.wait:g} s" if options.wait else ""
        print(f"waiting{limit} for another run to finish writing to {options.out} ({holder})", file=sys.stderr,
              flush=True)

    with dataset_lock(options.out, options.wait, waiting):
        remove_stale_temp_files(options.out)
        summary.quarantined = quarantine_damaged(options.out)
        progress = Progress(len(files) + len(refused or []), options.progress)
        try:
            for path, reason in refused or []:
                outcome = _write_failure(path, options.out, reason)
                summary.add(outcome)
                progress.update(outcome)
            if options.engine == "dask":
                _run_dask(files, options, progress, summary)
            elif options.workers <= 0 or len(files) == 1 and not options.timeout:
                _run_inline(files, options, progress, summary)
            else:
                _run_local(files, options, progress, summary)
        finally:
            progress.close()
        duplicates = mark_duplicates(options.out)
        summary.duplicates = len(duplicates)
        for key in duplicates:
            summary.severities.subtract(summary.by_source.get(key, Counter()))
    summary.seconds = time.perf_counter() - start
    return summary
