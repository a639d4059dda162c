#!/usr/bin/env python3
"""Turn budget performance declarations (text, Word, PDF) into Parquet tables.

    python run_pipeline.py [INPUT ...] [--out DIR]

INPUT is any number of files or folders (searched recursively); with none, samples/ is read.
Exit status: 0 when every input was read, 1 when some failed (their documents rows say why),
2 for a usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.batch import BatchOptions, discover, run_batch

ROOT = Path(__file__).resolve().parent
DEFAULT_INPUT = ROOT / "samples"
DEFAULT_OUT = ROOT / "outputs" / "data"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line and exit 2, never a traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="run_pipeline.py",
        description="Extract projects, narratives and indicators from budget performance "
        "declarations into Parquet (documents/, projects/, indicators/ under --out).",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders (default: samples/)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: outputs/data)")
    p.add_argument("--force", action="store_true", help="re-process documents already in --out")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    inputs = [Path(i) for i in args.inputs] or [DEFAULT_INPUT]
    missing = [str(i) for i in inputs if not i.exists()]
    if missing:
        print(f"run_pipeline.py: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    files = discover(inputs)
    if not files:
        print("run_pipeline.py: error: no input files found", file=sys.stderr)
        return 2
    options = BatchOptions(out=args.out, force=args.force, progress=not args.quiet)
    summary = run_batch(files, options)
    print(summary.render())
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
