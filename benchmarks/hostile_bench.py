"""A hostile batch end to end, as a user would run it: every failure in the summary, no traceback.

    python benchmarks/hostile_bench.py [--keep DIR]

Builds a folder of trouble (GBK and overlong names, a link out of the folder, broken and empty
files, a bomb image, pathological text, an amount with too many digits, stray bytes, UTF-16),
runs `run_pipeline.py` on it in a subprocess, kills a second run with SIGKILL halfway and runs
again, starts two runs on one `--out` at once, damages a Parquet file and runs again.  It prints
what each step printed and checks: no Python traceback anywhere, the dataset readable, every
input with exactly one `documents` row, and the summary naming every failure.

Then (`--limits-only` for this part alone) each file built to hurt (tests/hostile_files.py: fan-out
PDFs, a content stream inflating to 2 GB, 100,000 empty pages, XML nested 100,000 deep, a sheet of
17 billion cells, a JPEG 2000 bomb, 1,000 blank frames, a named pipe) is run on its own at the
default limits, with the main process's peak memory read from /proc: every case must end by itself
with a documents row saying why, the main process under 1 GB.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GOOD = [ROOT / "samples" / "000_3be96d4e675c0c12.txt", ROOT / "tests" / "fixtures" / "layouts" / "transfer.txt",
        ROOT / "tests" / "fixtures" / "layouts" / "list_table.xlsx"]


def build(folder: Path) -> int:
    """The hostile inputs; returns how many files a run should account for."""
    folder.mkdir(parents=True)
    for path in GOOD:
        shutil.copy(path, folder / path.name)
    with open(os.path.join(os.fsencode(folder), "绩效目标表.txt".encode("gbk")), "wb") as fh:
        fh.write(GOOD[1].read_bytes())
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (folder / "not_a_docx.docx").write_text("hello", encoding="utf-8")
    (folder / "heading_spaces.txt").write_text("# 项目经费情况说明" + " " * 200_000 + "x\n", encoding="utf-8")
    (folder / "toc.txt").write_text("一、项目概述" + "." * 200_000 + "3\n", encoding="utf-8")
    text = GOOD[1].read_text(encoding="utf-8")
    (folder / "huge_amount.txt").write_text(text.replace("\t56800\t", "\t5680000000000000000000\t", 1), encoding="utf-8")
    data = GOOD[1].read_bytes()
    (folder / "stray_byte.txt").write_bytes(data[:200] + b"\xff\xfe\x80" + data[200:])
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "link.txt").symlink_to("/etc/passwd")
    bulk = folder / "bulk"  # enough work for a run to be killed in the middle of
    bulk.mkdir()
    for n in range(40):
        shutil.copy(GOOD[0], bulk / f"copy_{n:02d}.txt")
    return len([p for p in folder.iterdir() if p.name != "bulk"]) + 40


def run(inputs: Path, out: Path, *extra: str, wait: bool = True):
    cmd = [sys.executable, str(ROOT / "run_pipeline.py"), str(inputs), "--out", str(out), "--workers", "2", *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if not wait:
        return proc
    stdout, stderr = proc.communicate(timeout=900)
    return proc.returncode, stdout, stderr


# -- issue 23: files built to hurt, each in a run of its own at the default limits ----------------
def limit_cases(folder: Path) -> list[tuple[str, Path]]:
    """(what it is, the file) for every case; builders in tests/hostile_files.py."""
    sys.path.insert(0, str(ROOT / "tests"))
    import hostile_files as H

    folder.mkdir(parents=True, exist_ok=True)
    return [
        ("fan-out PDF, 10 draws × 9 levels (10⁹)", H.fan_out_pdf(folder / "fan_9x10.pdf")),
        ("fan-out PDF, 10 draws × 12 levels (10¹²)", H.fan_out_pdf(folder / "fan_12x10.pdf", depth=12)),
        ("fan-out PDF, 1000 draws × 3 levels (10⁹)", H.fan_out_pdf(folder / "fan_3x1000.pdf", depth=3, width=1000)),
        ("PDF content stream inflating to 2 GB", H.inflating_pdf(folder / "inflate_2gb.pdf")),
        ("PDF of 100,000 empty pages", H.many_pages_pdf(folder / "pages_100k.pdf")),
        (".docx whose XML nests 100,000 levels", H.deep_docx(folder / "deep.docx")),
        (".xlsx filling A1 and XFD1048576 (17·10⁹ cells)", H.billion_cell_xlsx(folder / "cells.xlsx")),
        ("JPEG 2000 declaring 100,000 × 100,000 pixels", H.jpeg2000_bomb(folder / "bomb.jp2")),
        ("TIFF of 1,000 blank frames", H.blank_tiff(folder / "blank_1000.tiff")),
        ("a named pipe (FIFO) given as input", _fifo(folder / "pipe.pdf")),
    ]


def _fifo(path: Path) -> Path:
    if not path.exists():
        os.mkfifo(path)
    return path


def run_limit_cases(root: Path) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    import hostile_files as H

    problems = []
    print("\n| case | file size | seconds | main process peak (MB) | status | documents row says |")
    print("|---|---|---|---|---|---|")
    for what, path in limit_cases(root / "limits"):
        out = root / "limits_out" / path.stem
        cmd = [sys.executable, str(ROOT / "run_pipeline.py"), str(path), "--out", str(out), "--quiet"]
        peak, seconds, code, _ = H.main_process_peak(cmd, limit=900)
        try:
            docs = pd.read_parquet(out / "documents")
            status, error = docs.status.iloc[0], docs.error.iloc[0]
        except (OSError, IndexError, ValueError):
            status, error = "—", "no row"
            problems.append(f"{what}: no documents row")
        size = path.stat().st_size if path.is_file() else 0
        print(f"| {what} | {size:,} B | {seconds:.1f} | {peak} | {status} | {error} |", flush=True)
        if peak >= 1024:
            problems.append(f"{what}: the main process reached {peak} MB")
        if code not in (0, 1):
            problems.append(f"{what}: exit status {code}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build the batch here and keep it")
    ap.add_argument("--limits-only", action="store_true", help="only the files built to hurt (issue 23)")
    args = ap.parse_args()
    if args.limits_only:
        root = args.keep or Path(tempfile.mkdtemp())
        problems = run_limit_cases(root)
        print("\n".join(["PROBLEMS:"] + problems) if problems else "all checks held")
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        return 1 if problems else 0
    root = args.keep or Path(tempfile.mkdtemp())
    inputs, out = root / "hostile", root / "out"
    expected = build(inputs)
    problems: list[str] = []

    def step(name: str, code: int, stdout: str, stderr: str) -> None:
        print(f"== {name}: exit {code}\n{stdout}{stderr}")
        if "Traceback" in stdout + stderr:
            problems.append(f"{name}: a traceback was printed")

    start = time.perf_counter()
    step("first run", *run(inputs, out))
    print(f"({time.perf_counter() - start:.1f} s)")
    docs = pd.read_parquet(out / "documents")
    if len(docs) != expected:
        problems.append(f"{len(docs)} documents rows for {expected} inputs")

    proc = run(inputs, root / "killed", wait=False)
    time.sleep(2.0)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    step("after kill -9, again", *run(inputs, root / "killed"))
    if len(pd.read_parquet(root / "killed" / "documents")) != expected:
        problems.append("the re-run after kill -9 did not give one row per input")
    leftovers = list((root / "killed").glob("*/.*.tmp"))
    if leftovers:
        problems.append(f"temporary files left after the re-run: {leftovers[:3]}")

    first, second = run(inputs, root / "twice", "--force", wait=False), run(inputs, root / "twice", "--force", wait=False)
    for name, proc in (("concurrent run A", first), ("concurrent run B", second)):
        stdout, stderr = proc.communicate(timeout=900)
        step(name, proc.returncode, stdout, stderr)
    if {first.returncode, second.returncode} - {0, 1, 2} or 2 not in {first.returncode, second.returncode}:
        problems.append("two writers on one folder were not told apart")

    victim = sorted((out / "projects").glob("*.parquet"))[0]
    victim.write_bytes(b"PAR1 broken")
    step("damaged parquet, again", *run(inputs, out))
    pd.read_parquet(out / "projects")  # readable again

    problems += run_limit_cases(root)

    print("\n".join(["PROBLEMS:"] + problems) if problems else "all checks held")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
