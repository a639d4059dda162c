"""Turn budget performance declarations (text, Word, PDF) into Parquet tables.

    budget-declarations INPUT ... [--out DIR]
    budget-declarations compact [--out DIR]
    budget-declarations report [--out DIR] [--pictures N]

INPUT is any number of files or folders (searched recursively).  Installed, the command behaves
like a tool: INPUT is required (there is no folder it could sensibly guess) and `--out` defaults
to `outputs/data` under the working directory — never a place computed from where the code is, so
nothing is ever written inside the installed package.  `run_pipeline.py` in a checkout is the same
command with the checkout's `samples/` as the default input.
Exit status: 0 when every input was read, 1 when some failed (their documents rows say why),
2 for a usage error.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from typing import Any, NoReturn

from budget_declarations.outputs.writer import DEFAULT_OUT, OutputError, display_path
from budget_declarations.pipeline.batch import BatchOptions, discover_inputs, run_batch

PROG = "budget-declarations"

__all__ = ["DEFAULT_OUT", "PROG", "build_parser", "compact_main", "main", "report_main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line and exit status 2, never a traceback nor a screenful of usage."""
        self.exit(2, f"{self.prog}: error: {message} (--help lists the options)\n")


def build_parser(prog: str = PROG, default_input: Path | None = None) -> argparse.ArgumentParser:
    """The options; `default_input` is what runs with no INPUT (none: INPUT is required)."""
    p = _Parser(
        prog=prog,
        description="Extract projects, narratives and indicators from budget performance "
        "declarations into Parquet (documents/, projects/, indicators/, checks/ under --out). "
        f"`{prog} compact --help` merges a dataset's small files; `{prog} report --help` "
        "writes an HTML page for reviewers.",
    )
    default = f"default: {display_path(default_input)}" if default_input else "at least one"
    p.add_argument("inputs", nargs="*", metavar="INPUT", help=f"files or folders ({default})")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                   help="output folder (default: outputs/data under the working directory)")
    p.add_argument("--force", action="store_true", help="re-process documents already in --out")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--no-retry", action="store_true",
                   help="skip files that failed in an earlier run into --out (by default they are read again)")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="follow symbolic links that lead out of an input folder (off: they are refused)")
    p.add_argument("--keep-personal", action="store_true",
                   help="also write the names and phone numbers of 负责人/联系人 printed on some forms (off by default)")
    p.add_argument("--workers", type=_non_negative, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: the CPU count; 0 runs in this process, without limits)")
    p.add_argument("--timeout", type=_positive_float, default=120.0, metavar="SECONDS",
                   help="seconds one file may take before it is stopped and marked failed (default 120)")
    p.add_argument("--max-memory", type=_positive, default=2048, metavar="MB",
                   help="memory one file may take in a worker, in MB; a file needing more is marked failed (default 2048)")
    p.add_argument("--wait", type=_non_negative_float, nargs="?", const=0.0, default=None, metavar="SECONDS",
                   help="when another run is writing to --out, wait for it (up to SECONDS; no number: as long as "
                        "it takes) instead of stopping with exit status 2")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local worker processes, or an existing Dask cluster (with --scheduler)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask)")
    return p


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be a number of seconds, 0 or more")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _dataset_command(prog: str, name: str, description: str, argv: list[str],
                     *options: tuple[str, dict[str, Any]]) -> argparse.Namespace | None:
    """Parse a subcommand that works on an existing dataset (--out DIR plus `options`); None, after
    one line on stderr, when DIR holds no dataset."""
    p = _Parser(prog=f"{prog} {name}", description=description)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                   help="the dataset folder (default: outputs/data under the working directory)")
    for flag, kwargs in options:
        p.add_argument(flag, **kwargs)
    args = p.parse_args(argv)
    if not (args.out / "documents").is_dir():
        print(f"{prog} {name}: error: no dataset in {display_path(args.out)} "
              f"(run `{prog} INPUT --out {display_path(args.out)}` first)", file=sys.stderr)
        return None
    return args


def compact_main(argv: list[str], prog: str = PROG) -> int:
    """`compact`: merge the one-document files of a dataset into part files."""
    from budget_declarations.outputs.compaction import compact

    args = _dataset_command(
        prog, "compact", "Merge the dataset's one-document Parquet files into a few part files per table; re-runs "
        "still skip and replace documents one by one. Not while a batch runs.", argv,
        ("--documents-per-part", dict(type=_positive, default=2000, metavar="N",
                                      help="documents a part file holds (default 2000)")))
    if args is None:
        return 2
    from budget_declarations.outputs.integrity import dataset_lock, quarantine_damaged

    try:
        with dataset_lock(args.out):
            moved = quarantine_damaged(args.out)
            if moved:
                print(f"damaged files moved to {args.out}/_quarantine: {', '.join(moved)}", file=sys.stderr)
            print(compact(args.out, args.documents_per_part).render())
    except OutputError as exc:
        print(f"{prog} compact: error: {exc}", file=sys.stderr)
        return 2
    return 0


def report_main(argv: list[str], prog: str = PROG) -> int:
    """`report`: one self-contained HTML page for reviewers, from a dataset."""
    from budget_declarations.outputs.report import DEFAULT_PICTURE_SECONDS, DEFAULT_PICTURES, build

    args = _dataset_command(
        prog, "report", "Write DIR/report.html: batch summary, findings, charts and one card per project (with a "
        "picture of the source page for PDF and scanned sources). One file, no network needed.", argv,
        ("--pictures", dict(type=_non_negative, default=DEFAULT_PICTURES, metavar="N",
                            help=f"project cards that get a source picture (default {DEFAULT_PICTURES}; "
                                 "each adds 40-200 KB); the projects with the most serious findings first")),
        ("--picture-seconds", dict(type=_non_negative_float, default=DEFAULT_PICTURE_SECONDS, metavar="S",
                                   help=f"stop drawing pictures after S seconds (default {DEFAULT_PICTURE_SECONDS:g}): "
                                        "a large batch's report is built in seconds")))
    if args is None:
        return 2
    try:
        path = build(args.out, pictures=args.pictures, picture_seconds=args.picture_seconds)
    except OSError as exc:
        print(f"{prog} report: error: cannot write the report: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"report: {display_path(path)} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def main(argv: list[str] | None = None, *, prog: str = PROG, default_input: Path | None = None) -> int:
    """The command line; `default_input` is read when no INPUT is given (run_pipeline.py passes
    the checkout's samples/), and without one INPUT is required."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["compact"] and not Path("compact").exists():
        return compact_main(argv[1:], prog)
    if argv[:1] == ["report"] and not Path("report").exists():
        return report_main(argv[1:], prog)
    parser = build_parser(prog, default_input)
    args = parser.parse_args(argv)
    if args.engine == "dask" and not args.scheduler:
        parser.error("--engine dask needs --scheduler ADDRESS")
    inputs = [Path(i) for i in args.inputs]
    if not inputs:
        if default_input is None:
            parser.error("no INPUT given: name the files or folders to read")
        inputs = [default_input]
    missing = [str(i) for i in inputs if not i.exists()]
    if missing:
        print(f"{prog}: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    found = discover_inputs(inputs, follow_symlinks=args.follow_symlinks)
    files = found.files
    if not files and not found.refused:
        print(f"{prog}: error: no input files found", file=sys.stderr)
        return 2
    if args.out.exists() and not args.out.is_dir():
        print(f"{prog}: error: --out {display_path(args.out)} is a file, not a folder", file=sys.stderr)
        return 2
    options = BatchOptions(
        out=args.out, force=args.force, progress=not args.quiet, workers=args.workers, timeout=args.timeout,
        max_memory_mb=args.max_memory, engine=args.engine, scheduler=args.scheduler,
        keep_personal=args.keep_personal, retry_failed=not args.no_retry, wait=args.wait,
    )
    try:
        summary = run_batch(files, options, found.refused)
    except OutputError as exc:
        from budget_declarations.outputs.integrity import DatasetBusy

        tail = "" if isinstance(exc, DatasetBusy) else "; documents written so far are complete, run again to go on"
        print(f"{prog}: error: {exc}{tail}", file=sys.stderr)
        return 2
    print(summary.render())
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
