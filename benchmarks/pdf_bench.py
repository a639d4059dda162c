#!/usr/bin/env python3
"""PDF speed and memory: the whole pipeline against bare pdfplumber, in the same run.

    python benchmarks/pdf_bench.py [--rounds 5]

Baseline ("bare pdfplumber"): open each sample PDF, then `extract_text()` and `extract_tables()`
on every page.  Pipeline: read, parse, normalize and write Parquet for the same files.  Rounds
alternate (baseline, pipeline, baseline, …) so that both see the same machine state; the median
of the per-round ratios is reported.

Memory: the pipeline runs in a fresh child process on the batch and on the same batch ten times
larger (copies under distinct names); each child reports its own peak RSS.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sample_pdfs() -> list[Path]:
    return sorted((ROOT / "samples").glob("*.pdf"))


def bare_pdfplumber(files: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for path in files:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                page.close()
                pages += 1
    return pages


def pipeline(files: list[Path], out: Path) -> None:
    from budget_declarations.pipeline.batch import BatchOptions, run_batch

    run_batch(files, BatchOptions(out=out, force=True, progress=False))


def page_count(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for path in files:
        pdf = pdfium.PdfDocument(str(path))
        total += len(pdf)
        pdf.close()
    return total


def child(copies: int) -> None:
    """Run the pipeline on `copies` copies of the sample PDFs and print peak RSS in MB."""
    with tempfile.TemporaryDirectory() as tmp:
        batch = []
        for n in range(copies):
            for path in sample_pdfs():
                target = Path(tmp) / "in" / f"{n:03d}_{path.name}"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                batch.append(target)
        pipeline(batch, Path(tmp) / "out")
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def peak_mb(copies: int) -> float:
    out = subprocess.run([sys.executable, __file__, "--child", str(copies)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    files = sample_pdfs()
    pages = page_count(files)
    ratios, bare_times, pipe_times = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            t0 = time.perf_counter()
            bare_pdfplumber(files)
            t1 = time.perf_counter()
            pipeline(files, Path(tmp) / f"out{r}")
            t2 = time.perf_counter()
            bare_times.append(t1 - t0)
            pipe_times.append(t2 - t1)
            ratios.append((t2 - t1) / (t1 - t0))
    small, large = peak_mb(1), peak_mb(10)
    print(f"sample PDFs: {len(files)} files, {pages} pages, {args.rounds} alternating rounds")
    print(f"bare pdfplumber: median {statistics.median(bare_times):.2f} s ({pages / statistics.median(bare_times):.1f} pages/s)")
    print(f"pipeline:        median {statistics.median(pipe_times):.2f} s ({pages / statistics.median(pipe_times):.1f} pages/s)")
    print(f"time ratio pipeline / bare pdfplumber: median {statistics.median(ratios):.3f} "
          f"(rounds: {', '.join(f'{x:.3f}' for x in ratios)})")
    print(f"peak memory, pipeline: 1x batch {small:.0f} MB, 10x batch {large:.0f} MB, ratio {large / small:.2f}")


if __name__ == "__main__":
    main()
