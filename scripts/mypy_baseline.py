#!/usr/bin/env python3
"""Run mypy on the package and hold it to a baseline that can only shrink.

    python scripts/mypy_baseline.py            # what .ci/run runs
    python scripts/mypy_baseline.py --update   # after fixing errors: write the smaller baseline

mypy is not clean yet on all the code (mostly the OCR modules' numpy arrays typed as `object`);
`mypy-baseline.txt` lists the errors that remain, one per line as `file: [code] message`, without
line numbers so that an edit above an error does not move it.  The check fails on any error not
in the baseline (new code must type-check) and on any baseline line mypy no longer reports (the
baseline must then be rewritten smaller, with --update, in the same commit).  --update refuses to
add lines.
"""
from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
_ERROR = re.compile(r"^(?:build/package/budget_declarations/)?(?P<file>[^:]+\.py):\d+: error: (?P<message>.*?)\s*$")


def current() -> Counter[str]:
    """mypy's errors now, as baseline lines (with their counts)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from link_package import link_tree

    link_tree()
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    if run.returncode not in (0, 1) or "error: " not in run.stdout and run.returncode:
        sys.exit(f"mypy did not run: {run.stdout}{run.stderr}")
    found: Counter[str] = Counter()
    for line in run.stdout.splitlines():
        m = _ERROR.match(line)
        if m:
            message = re.sub(r"\s+\[", " [", m["message"])
            code = re.search(r"\[([a-z-]+)\]$", message)
            text = message[: code.start()].strip() if code else message
            found[f"{m['file']}: [{code[1] if code else '?'}] {text}"] += 1
    return found


def baseline() -> Counter[str]:
    lines = BASELINE.read_text(encoding="utf-8").splitlines() if BASELINE.exists() else []
    return Counter(line for line in lines if line.strip() and not line.startswith("#"))


def main(argv: list[str]) -> int:
    now, allowed = current(), baseline()
    new, gone = now - allowed, allowed - now
    if "--update" in argv:
        if new:
            print("refusing to add to the baseline; fix these instead:", *sorted(new), sep="\n  ")
            return 1
        header = ("# mypy errors not fixed yet (scripts/mypy_baseline.py); this list may only shrink\n")
        BASELINE.write_text(header + "".join(f"{line}\n" for line in sorted(now.elements())), encoding="utf-8")
        print(f"{BASELINE.name}: {sum(now.values())} errors")
        return 0
    for line in sorted(new.elements()):
        print(f"new mypy error: {line}")
    for line in sorted(gone.elements()):
        print(f"fixed, remove from {BASELINE.name} (python scripts/mypy_baseline.py --update): {line}")
    print(f"mypy: {sum(now.values())} errors, baseline {sum(allowed.values())}, new {sum(new.values())}, "
          f"fixed {sum(gone.values())}")
    return 1 if new or gone else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
