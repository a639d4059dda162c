#!/usr/bin/env python3
"""Turn budget performance declarations (text, Word, Excel, PDF, scans) into Parquet tables.

    python run_pipeline.py [INPUT ...] [--out DIR]
    python run_pipeline.py compact [--out DIR]
    python run_pipeline.py --help

The command line lives in budget_declarations/cli.py (installed as `budget-declarations`); this
script runs it from a source checkout.
"""
from __future__ import annotations

import sys

from budget_declarations.cli import DEFAULT_INPUT, DEFAULT_OUT, build_parser, compact_main, main  # noqa: F401

if __name__ == "__main__":
    sys.exit(main())
