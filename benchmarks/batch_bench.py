#!/usr/bin/env python3
"""Batch throughput with 1 and 2 workers, and memory as the batch grows tenfold.

    python benchmarks/batch_bench.py [--copies 12] [--rounds 3]

The samples (text, Markdown, Word, PDF) are copied `--copies` times under distinct names (at
least 100 documents), and the CLI runs over them with `--workers 1` and `--workers 2`, alternating,
into fresh output folders.  Memory: the summed RSS of the CLI and all its workers, sampled every
50 ms, for the batch and for the batch ten times larger.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".txt", ".md", ".pdf", ".docx"}


def make_batch(folder: Path, copies: int) -> tuple[int, int]:
    """Copies of every sample; returns (documents, pages) where pages counts PDF pages."""
    import pypdfium2 as pdfium

    samples = [p for p in sorted((ROOT / "samples").iterdir()) if p.suffix in SUFFIXES]
    pages = 0
    for sample in samples:
        n_pages = 1
        if sample.suffix == ".pdf":
            pdf = pdfium.PdfDocument(str(sample))
            n_pages = len(pdf)
            pdf.close()
        for n in range(copies):
            shutil.copyfile(sample, folder / f"{n:04d}_{sample.name}")
            pages += n_pages
    return len(samples) * copies, pages


def run(inputs: Path, out: Path, workers: int) -> tuple[float, float]:
    """Seconds and peak summed RSS (MB) of one CLI run."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "run_pipeline.py"), str(inputs), "--out", str(out),
                             "--workers", str(workers), "--quiet"], stdout=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [parent] + parent.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"run failed with exit code {proc.returncode}")
    return time.perf_counter() - start, peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=12)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small", Path(tmp) / "large"
        small.mkdir()
        large.mkdir()
        docs, pages = make_batch(small, args.copies)
        times: dict[int, list[float]] = {1: [], 2: []}
        for r in range(args.rounds):
            for workers in (1, 2):
                seconds, _ = run(small, Path(tmp) / f"out_{r}_{workers}", workers)
                times[workers].append(seconds)
        _, peak_small = run(small, Path(tmp) / "mem_small", 2)
        docs_large, _ = make_batch(large, args.copies * 10)
        _, peak_large = run(large, Path(tmp) / "mem_large", 2)
    t1, t2 = statistics.median(times[1]), statistics.median(times[2])
    print(f"machine: {os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.0f} GiB, Python {sys.version.split()[0]}")
    print(f"batch: {docs} documents ({pages} pages), {args.rounds} alternating rounds")
    print(f"1 worker:  median {t1:.1f} s, {docs / t1:.1f} docs/s, {pages / t1:.1f} pages/s  (runs: {', '.join(f'{x:.1f}' for x in times[1])})")
    print(f"2 workers: median {t2:.1f} s, {docs / t2:.1f} docs/s, {pages / t2:.1f} pages/s  (runs: {', '.join(f'{x:.1f}' for x in times[2])})")
    print(f"throughput 2 workers / 1 worker: {t1 / t2:.2f}x")
    print(f"peak memory (CLI + workers, 2 workers): {docs} docs {peak_small:.0f} MB, {docs_large} docs {peak_large:.0f} MB, ratio {peak_large / peak_small:.2f}")


if __name__ == "__main__":
    main()
