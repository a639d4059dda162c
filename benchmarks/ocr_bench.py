#!/usr/bin/env python3
"""OCR accuracy and speed on the team's own scan of the seed.

    python benchmarks/ocr_bench.py [--dpi 200] [--angle 0.5] [--quality 75]

Makes the scan (each page of samples/000_seed.pdf rendered to a grayscale JPEG at --dpi, rotated
by --angle degrees, wrapped in a PDF), runs the whole pipeline on it, and prints the share of
indicator cells (一级, 二级, 三级, 指标值) and of header and funds fields equal to the hand-checked
expected JSON, the time per page and the whole run.  tests/test_ocr.py asserts the same figures
at the floor the test states.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]


def main() -> None:
    import json
    import os

    from expected_compare import cell_accuracy, rows_for
    from make_scan import make_scan

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--angle", type=float, default=0.5)
    ap.add_argument("--quality", type=int, default=75)
    args = ap.parse_args()
    expected = json.loads((ROOT / "tests" / "fixtures" / "000_3be96d4e675c0c12.expected.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        scan = make_scan(ROOT / "samples" / "000_seed.pdf", Path(tmp) / "scan.pdf", args.dpi, args.angle, args.quality)
        start = time.perf_counter()
        tables = rows_for(scan)
        seconds = time.perf_counter() - start
    pages = tables["documents"][0]["page_count"]
    indicator_share, header_share = cell_accuracy(tables, expected)
    low = sum(1 for i in tables["indicators"] if (i["ocr_confidence"] or 1) < 0.8)
    print(f"machine: {os.cpu_count()} CPUs; scan: {pages} pages, {args.dpi} dpi, grayscale JPEG q{args.quality}, "
          f"rotated {args.angle}°")
    print(f"projects {len(tables['projects'])}/11, indicators {len(tables['indicators'])}/84")
    print(f"indicator cells equal to expected: {indicator_share:.3f}")
    print(f"header and funds fields equal to expected: {header_share:.3f}")
    print(f"indicator rows with ocr_confidence < 0.8: {low}")
    print(f"whole scan: {seconds:.1f} s ({seconds / pages:.1f} s per page)")


if __name__ == "__main__":
    main()
