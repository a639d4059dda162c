"""Print our own documents in other provinces' layouts (tests/layout_documents.py) four ways.

    python scripts/render_layouts.py [--out tests/fixtures/layouts] [--no-pdf]

Writes `<layout>.txt` (converter text: tab-separated rows, merged cells blank beyond their first
position), `<layout>.docx` (Word tables with merged cells), `<layout>.xlsx` (merged ranges, amounts as
numbers) and `<layout>.pdf` (the .docx printed by LibreOffice, tables running over page breaks).
The files are committed; tests read them and compare with the hand-written expected values.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

from layout_documents import LAYOUTS  # noqa: E402
from render_docx import _merged_table  # noqa: E402
from render_samples import place  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "layouts"


def _expand(rows, width: int) -> list[list[str]]:
    out = [["" for _ in range(width)] for _ in rows]
    for r, col, text, _, _ in place(rows):
        out[r][col] = text
    return out


def write_text(layout: dict, target: Path) -> None:
    lines: list[str] = []
    for kind, *rest in layout["blocks"](False):
        if kind == "table":
            rows, width = rest
            lines += ["\t".join(row) for row in _expand(rows, width)]
            lines.append("")
        else:
            lines += [rest[0], ""]
    target.write_text("\n".join(lines), encoding="utf-8")


def write_docx(layout: dict, target: Path) -> None:
    document = Document()
    document.styles["Normal"].font.size = Pt(9 if layout["name"] == "list_table" else 10.5)
    if layout["name"] == "list_table":
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for kind, *rest in layout["blocks"](True):
        if kind == "title":
            document.add_heading(rest[0], level=1)
        elif kind == "para":
            document.add_paragraph(rest[0])
        else:
            rows, width = rest
            _merged_table(document, rows, width)
    document.save(target)


def _number(text: str):
    try:
        return float(text) if text and text.replace(".", "", 1).isdigit() else text
    except ValueError:
        return text


def write_xlsx(layout: dict, target: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标表"
    r0 = 1
    for kind, *rest in layout["blocks"](True):
        if kind != "table":
            sheet.cell(row=r0, column=1, value=rest[0])
            sheet.merge_cells(start_row=r0, start_column=1, end_row=r0, end_column=6)
            r0 += 1
            continue
        rows, width = rest
        for r, col, text, rs, cs in place(rows):
            cell = sheet.cell(row=r0 + r, column=col + 1, value=_number(text) if text else None)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # `=100%` typed as text (a leading apostrophe in Excel), not a formula
            if rs > 1 or cs > 1:
                sheet.merge_cells(start_row=r0 + r, start_column=col + 1, end_row=r0 + r + rs - 1, end_column=col + cs)
        r0 += len(rows) + 1
    workbook.save(target)


def write_pdf(docx: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(docx.parent), str(docx)],
            check=True, capture_output=True, timeout=300,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for layout in LAYOUTS:
        name = layout["name"]
        write_text(layout, args.out / f"{name}.txt")
        write_docx(layout, args.out / f"{name}.docx")
        write_xlsx(layout, args.out / f"{name}.xlsx")
        if not args.no_pdf:
            write_pdf(args.out / f"{name}.docx")


if __name__ == "__main__":
    main()
