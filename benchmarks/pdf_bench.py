#!/usr/bin/env python3
"""PDF speed and memory: the whole pipeline against bare pdfplumber, in the same run.

    python benchmarks/pdf_bench.py [--rounds 5]

Two groups: form-only PDFs (the seed as LibreOffice printed it and the seven layout fixtures:
every page a form) and department budgets (the three real 普陀 PDFs).  Baseline ("bare
pdfplumber"): open each PDF, then `extract_text()` and `extract_tables()` on every page.
Pipeline: read, parse, normalize and write Parquet for the same files, with the default workers
(one per core) and with one worker.  Rounds alternate (baseline, pipeline, …) so that all see the
same machine state; the median of the per-round ratios is reported.  Then every PDF is read with
both table routes (pdfium page objects, pdfplumber) and the rows compared.

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


def groups() -> dict[str, list[Path]]:
    budgets = sorted((ROOT / "samples").glob("shanghai_*.pdf"))
    forms = [p for p in sample_pdfs() if p not in budgets] + sorted((ROOT / "tests" / "fixtures" / "layouts").glob("*.pdf"))
    return {"form-only PDFs": forms, "department budgets": budgets}


def identical_rows(files: list[Path]) -> tuple[int, list[str]]:
    """Read every file with both table routes; the files whose rows differ."""
    sys.path.insert(0, str(ROOT / "tests"))
    from expected_compare import comparable

    from budget_declarations.extract import pdf as reader
    from budget_declarations.pipeline.process import process_file

    differ = []
    for path in files:
        runs = []
        for objects in (True, False):
            reader.OBJECTS_ROUTE = objects
            tables = process_file(path).tables
            runs.append({name: comparable(tables, name, ("doc_id", "ingested_at")) for name in tables})
        reader.OBJECTS_ROUTE = True
        if runs[0] != runs[1]:
            differ.append(path.name)
    return len(files), differ


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


def pipeline(files: list[Path], out: Path, workers: int | None = None) -> None:
    from budget_declarations.pipeline.batch import BatchOptions, run_batch

    options = BatchOptions(out=out, force=True, progress=False)
    if workers is not None:
        options.workers = workers
    run_batch(files, options)


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
    with tempfile.TemporaryDirectory() as tmp:
        for name, files in groups().items():
            pages = page_count(files)
            bare_times, pipe_times, one_times = [], [], []
            for r in range(args.rounds):
                t0 = time.perf_counter()
                bare_pdfplumber(files)
                t1 = time.perf_counter()
                pipeline(files, Path(tmp) / f"{name}{r}")
                t2 = time.perf_counter()
                pipeline(files, Path(tmp) / f"{name}{r}-1", workers=1)
                t3 = time.perf_counter()
                bare_times.append(t1 - t0)
                pipe_times.append(t2 - t1)
                one_times.append(t3 - t2)
            ratios = [p / b for p, b in zip(pipe_times, bare_times)]
            ratios_one = [p / b for p, b in zip(one_times, bare_times)]
            print(f"{name}: {len(files)} files, {pages} pages, {args.rounds} alternating rounds")
            print(f"  bare pdfplumber: median {statistics.median(bare_times):.2f} s "
                  f"({pages / statistics.median(bare_times):.1f} pages/s)")
            print(f"  pipeline, default workers: median {statistics.median(pipe_times):.2f} s; ratio "
                  f"{statistics.median(ratios):.3f} (rounds: {', '.join(f'{x:.3f}' for x in ratios)})")
            print(f"  pipeline, one worker:      median {statistics.median(one_times):.2f} s; ratio "
                  f"{statistics.median(ratios_one):.3f} (rounds: {', '.join(f'{x:.3f}' for x in ratios_one)})")
    checked, differ = identical_rows([p for files in groups().values() for p in files])
    print(f"identical rows from both table routes: {checked - len(differ)} of {checked} PDFs"
          + (f" (differ: {', '.join(differ)})" if differ else ""))
    small, large = peak_mb(1), peak_mb(10)
    print(f"peak memory, pipeline on the sample PDFs: 1x batch {small:.0f} MB, 10x batch {large:.0f} MB, "
          f"ratio {large / small:.2f}")


if __name__ == "__main__":
    main()
