#!/usr/bin/env python3
"""Turn budget performance declarations (text, Word, Excel, PDF, scans) into Parquet tables.

    python run_pipeline.py [INPUT ...] [--out DIR]
    python run_pipeline.py compact [--out DIR]
    python run_pipeline.py --help

The command line lives in budget_declarations/cli.py (installed as `budget-declarations`); this
script runs it from a source checkout, where one default makes sense that an installed command
cannot have: with no INPUT it reads the checkout's samples/.  `--out` defaults to outputs/data
under the working directory, as for the installed command.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from budget_declarations import cli
from budget_declarations.cli import DEFAULT_OUT, compact_main  # noqa: F401 - re-exported for callers

PROG = "run_pipeline.py"
DEFAULT_INPUT = Path(__file__).resolve().parent / "samples"


def build_parser() -> argparse.ArgumentParser:
    """The checkout's parser: samples/ as the default input."""
    return cli.build_parser(PROG, DEFAULT_INPUT)


def main(argv: list[str] | None = None) -> int:
    """`budget-declarations` with the checkout's samples/ read when no INPUT is given."""
    return cli.main(argv, prog=PROG, default_input=DEFAULT_INPUT)


if __name__ == "__main__":
    sys.exit(main())
