"""Limits on the processes that touch a file's content (docs/safety.md).

In extract/, the layer that opens files, so that both the batch (pipeline/) and the report's
source pictures (outputs/) can run their file work under them without an upward import.

The main process never reads a document: it finds files (names and `stat` only), schedules them
and writes the rows of files whose worker failed.  Everything that opens a file's content —
format detection, counting the pages to OCR, reading, parsing, the report's pictures — runs in a
worker process that carries three limits:

- memory: a watchdog thread reads the worker's resident size every few milliseconds and ends the
  process with `MEMORY_EXIT` past its allowance (`--max-memory`).  It watches what the kernel
  charges, so allocations of C libraries (pdfium, lxml, OpenCV) count as much as Python's; as a
  backstop, RLIMIT_DATA stops an allocation burst between two looks a little above the allowance;
- time: the pool stops a worker past the file's limit (`--timeout`);
- life: a worker is killed with its parent (PR_SET_PDEATHSIG), so none runs on unwatched.
"""
from __future__ import annotations

import os
import threading
import time

# a worker that outgrew its memory allowance exits with this status (sysexits' EX_TEMPFAIL is 75;
# 86 is unused by Python, the C runtime and the signals, so the parent cannot mistake it)
MEMORY_EXIT = 86
_POLL_SECONDS = 0.005
_BACKSTOP_BYTES = 256 * 1024 * 1024
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _data_segment_bytes() -> int:
    """This process's current data segment (VmData), the base the per-file allowance adds to."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def resident_bytes() -> int:
    """This process's resident memory now (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(max_memory_mb: int | None) -> None:
    """Let this process grow by at most `max_memory_mb`: a watchdog on its resident size, and
    RLIMIT_DATA a little above as a backstop."""
    if not max_memory_mb:
        return
    allowance = max_memory_mb * 1024 * 1024
    try:
        import resource

        limit = _data_segment_bytes() + allowance + _BACKSTOP_BYTES
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass
    start_memory_watchdog(resident_bytes() + allowance)


def start_memory_watchdog(ceiling: int) -> None:
    """End this process with MEMORY_EXIT once its resident size passes `ceiling` bytes."""
    if not resident_bytes():
        return  # no /proc: RLIMIT_DATA alone

    def watch() -> None:
        while True:
            if resident_bytes() > ceiling:
                os._exit(MEMORY_EXIT)
            time.sleep(_POLL_SECONDS)

    threading.Thread(target=watch, name="memory-watchdog", daemon=True).start()


def die_with_parent() -> None:
    """Linux: ask the kernel to kill this process when its parent dies (PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def worker_init(max_memory_mb: int | None, threads: int) -> None:
    """Each worker: its share of the cores for OCR, its memory allowance, and its end with the
    main process (killed, a worker gets SIGKILL instead of running on without limits)."""
    os.environ["DECL_OCR_THREADS"] = str(max(1, threads))
    limit_memory(max_memory_mb)
    die_with_parent()


def exit_reason(exitcode: int | None, max_memory_mb: int | None) -> str:
    """What a worker's end by exit status or signal means to a user."""
    memory = f"--max-memory {max_memory_mb} MB" if max_memory_mb else "the machine's memory"
    if exitcode == MEMORY_EXIT or exitcode in (-9, 137):
        return f"ran out of memory ({memory}): the file needs more than that to read"
    return f"the reader crashed on this file (exit code {exitcode})"


class LimitedWorker:
    """One worker process under the batch's limits, for work outside a batch that opens a file's
    content (the report's pictures of source pages): `call` returns the function's result, or
    None when the worker ran out of time or memory or failed (the caller does without)."""

    def __init__(self, max_memory_mb: int = 1024, timeout: float = 60.0) -> None:
        self.max_memory_mb, self.timeout = max_memory_mb, timeout
        self._pool = None

    def call(self, function, *args):
        if self._pool is None:
            from pebble import ProcessPool

            self._pool = ProcessPool(max_workers=1, initializer=worker_init, initargs=(self.max_memory_mb, 1))
        try:
            return self._pool.schedule(function, args=args, timeout=self.timeout).result()
        except Exception:  # noqa: BLE001 - a picture that cannot be made is left out
            return None

    def __enter__(self) -> "LimitedWorker":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
