"""Reader for Excel workbooks (.xlsx; .xls and WPS .et through LibreOffice) into the block model.

Many departments fill the 申报表 in Excel.  Every sheet becomes blocks: merged ranges become spans
(the text at the range's first cell, as on paper), numbers keep the digits a person sees
(`125000` for 125,000.00, not `125000.0`), dates become ISO dates; a line of text alone in the
first column (a title across the sheet, or a narrative kept in a one-column sheet) is a paragraph.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from budget_declarations.extract.container import check_office_zip, read_converted
from budget_declarations.extract.errors import UnreadableFile
from budget_declarations.extract.model import Cell, Document, Table, TextBlock

MAX_MERGED_AREA = 10_000  # per range, for spans; larger ranges are ignored
# positions walked in one sheet: rows holding a value times the width of the columns used.  A form
# is a few thousand; a sheet of values at both far corners is 17 billion (a hostile file).
MAX_SHEET_POSITIONS = 20_000_000


class _Empty:
    """A position of a row that holds no cell: the walk does not create one (openpyxl would)."""

    value = None
    number_format = None

    def __init__(self, row: int, column: int) -> None:
        self.row, self.column = row, column


def _rows(sheet, rows_used: int, width: int, formulas: dict | None):
    """The rows that hold something, each as its cells (or _Empty) over the used width; refused
    when that walk is larger than any form."""
    present = getattr(sheet, "_cells", None)
    if not present:  # a read-only or unknown sheet type: its dimension
        if rows_used * width > MAX_SHEET_POSITIONS:
            raise UnreadableFile(_too_large(sheet, rows_used, width))
        yield from sheet.iter_rows(min_row=1, max_row=max(1, rows_used), max_col=max(1, width))
        return
    rows = {r for (r, _), cell in present.items() if cell.value not in (None, "")} | {r for r, _ in formulas or {}}
    if len(rows) * width > MAX_SHEET_POSITIONS:
        raise UnreadableFile(_too_large(sheet, len(rows), width))
    for r in sorted(rows):
        yield [present.get((r, c)) or _Empty(r, c) for c in range(1, max(1, width) + 1)]


def _too_large(sheet, rows: int, width: int) -> str:
    return (f"refused: sheet “{sheet.title}” holds values across {rows:,} rows and {width:,} columns "
            f"(more than {MAX_SHEET_POSITIONS:,} cells to walk; no form is that large)")
MAX_FILE_MERGED_AREA = 1_000_000  # openpyxl materialises every merged cell: refuse beyond this
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >]")
_MERGE_REF = re.compile(rb'<mergeCell[^>]*ref="([A-Z]{1,3}\d{1,7}):([A-Z]{1,3}\d{1,7})"')


def cell_text(value, number_format: str | None = None) -> str:
    """The text a person sees in the cell: a percent-formatted 0.955 is `95.5%`, a stored 1 `100%`."""
    if value is None:
        return ""
    if number_format and "%" in number_format and isinstance(value, (int, float)) and not isinstance(value, bool):
        return cell_text(round(value * 100, 6)) + "%"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def _used_extent(sheet, merged: dict, formulas: dict | None) -> tuple[int, int]:
    """Rows and columns that hold values (or merged origins or evaluated formulas): a sheet's
    recorded dimension counts styled empty cells, and one at the far corner would make us walk
    a million rows."""
    max_row = max_col = 0
    for (r, c), cell in getattr(sheet, "_cells", {}).items():
        if cell.value not in (None, "") or (r, c) in merged or (formulas and (r, c) in formulas):
            max_row, max_col = max(max_row, r), max(max_col, c)
    if not getattr(sheet, "_cells", None) and sheet.max_row:
        return sheet.max_row, sheet.max_column  # a read-only or unknown sheet type: its dimension
    return max_row, max_col


def _sheet_blocks(sheet, formulas: dict | None = None) -> list:
    """A sheet as blocks: a line of text in the first column alone (a title, or narrative text in a
    one-column sheet) is a paragraph; runs of other rows are tables."""
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in sheet.merged_cells.ranges:
        if (rng.max_row - rng.min_row + 1) * (rng.max_col - rng.min_col + 1) > MAX_MERGED_AREA:
            continue  # no form merges that much; a hostile or broken range is ignored
        merged[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        covered.update((r, c) for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1)
                       if (r, c) != (rng.min_row, rng.min_col))
    rows_used, width = _used_extent(sheet, merged, formulas)
    blocks: list = []
    cells: list[Cell] = []
    r = 0

    def flush() -> None:
        nonlocal cells, r
        if cells:
            blocks.append(Table(cells=cells))
        cells, r = [], 0

    for row in _rows(sheet, rows_used, width, formulas):
        filled = [c for c in row if (c.value not in (None, "") or (formulas and (c.row, c.column) in formulas))
                  and (c.row, c.column) not in covered]
        if not filled:
            continue
        if len(filled) == 1 and filled[0].column == 1:
            span = merged.get((filled[0].row, 1), (1, 1))[1]
            if width == 1 or span * 2 >= width:
                flush()
                blocks.append(TextBlock(cell_text(filled[0].value if filled[0].value is not None
                                                  else (formulas or {}).get((filled[0].row, 1)))))
                continue
        for c, cell in enumerate(row):
            key = (cell.row, cell.column)
            if key in covered:
                continue
            rowspan, colspan = merged.get(key, (1, 1))
            value = cell.value
            if value is None and formulas and key in formulas:
                value = formulas[key]
            cells.append(Cell(r, c, cell_text(value, getattr(cell, "number_format", None)), rowspan, colspan))
        r += 1
    flush()
    return blocks


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with zf.open(name) as fh:
                    if _FORMULA.search(fh.read()):
                        return True
    return False


def _uncached_formulas(path: Path, cached_workbook) -> tuple[dict[str, dict], list[str]]:
    """Formula cells that carry no cached value (files written by programs, not by Excel):
    simple arithmetic and SUM are evaluated; anything else is reported missing."""
    from openpyxl import load_workbook

    from budget_declarations.extract.formulas import FormulaError, evaluate

    workbook = load_workbook(str(path), data_only=False)
    values: dict[str, dict] = {}
    missing: list[str] = []
    try:
        for sheet in workbook.worksheets:
            cached = cached_workbook[sheet.title]
            found: dict = {}
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type != "f" or cached.cell(cell.row, cell.column).value is not None:
                        continue
                    try:
                        found[(cell.row, cell.column)] = evaluate(str(cell.value), sheet, cached)
                    except FormulaError:
                        missing.append(f"{sheet.title}!{cell.coordinate} ({cell.value})")
            if found:
                values[sheet.title] = found
    finally:
        workbook.close()
    return values, missing


def _check_merged_ranges(path: Path) -> None:
    """openpyxl creates an object for every cell of a merged range when it loads a sheet, so a
    tiny file declaring `A1:XFD1048576` would take hours: such a file is refused first."""
    from openpyxl.utils import range_boundaries

    total = 0
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with zf.open(name) as fh:
                data = fh.read()
            for first, last in _MERGE_REF.findall(data):
                min_col, min_row, max_col, max_row = range_boundaries(f"{first.decode()}:{last.decode()}")
                total += (max_row - min_row + 1) * (max_col - min_col + 1)
                if total > MAX_FILE_MERGED_AREA:
                    raise UnreadableFile(
                        f"refused: merged cell ranges cover over {MAX_FILE_MERGED_AREA:,} cells "
                        "(no form does; the file is broken or hostile)"
                    )


def read_xlsx(path: Path) -> Document:
    check_office_zip(path, "xl/workbook.xml", "Excel")
    _check_merged_ranges(path)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(str(path), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile(f"not a valid Excel file ({type(exc).__name__}: {exc})") from None
    blocks: list = []
    warnings: list[str] = []
    try:
        formulas: dict[str, dict] = {}
        if _has_formulas(path):
            formulas, missing = _uncached_formulas(path, workbook)
            if missing:
                warnings.append("formula cells without a stored value that could not be evaluated: "
                                + ", ".join(missing[:10]))
        for sheet in workbook.worksheets:
            blocks.extend(_sheet_blocks(sheet, formulas.get(sheet.title)))
    finally:
        workbook.close()
    return Document(blocks=blocks, source_format="xlsx", warnings=warnings)


def read_legacy_excel(path: Path) -> Document:
    """.xls / .et: converted to .xlsx by LibreOffice, then read as Excel."""
    return read_converted(path, "xlsx", read_xlsx, "xls")
