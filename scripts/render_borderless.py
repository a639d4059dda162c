"""Print our own Word files with every table border switched off, as a department might.

    python scripts/render_borderless.py [--out tests/fixtures/borderless]

Each source (the seed's Word rendering and the layout documents of tests/fixtures/layouts) is
restyled on A4 with no ruling lines (make_scan.restyle_docx) and printed by LibreOffice.  The
PDFs are committed; tests/test_borderless.py reads them against the hand-checked values.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from make_scan import print_pdf, restyle_docx  # noqa: E402

SOURCES = [ROOT / "samples" / "000_seed.docx", *sorted((ROOT / "tests" / "fixtures" / "layouts").glob("*.docx"))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "borderless")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for source in SOURCES:
            print(print_pdf(restyle_docx(source, Path(tmp) / f"{source.stem}.docx", "A4", None), args.out))


if __name__ == "__main__":
    main()
