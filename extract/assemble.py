"""Pages of positioned items (tables and text lines) into the ordered blocks of a Document."""
from __future__ import annotations

from budget_declarations.extract.model import Cell, Document, Table, TextBlock
from budget_declarations.extract.tables import PositionedTable, align_columns, repair_continuation
from budget_declarations.normalize.ocr_repair import repair_cell, repair_text


def _repair_ocr_table(table: Table) -> None:
    """Domain repairs on OCR'd cells, after page breaks were mended (a fragment stays a fragment)."""
    table.cells = [
        Cell(c.row, c.col, repair_cell(c.text) if c.confidence is not None else c.text, c.rowspan, c.colspan,
             c.confidence)
        for c in table.cells
    ]


def assemble(pages: list[list[object]], source_format: str, page_count: int | None = None,
             pages_without_text: list[int] | None = None) -> Document:
    """Blocks in reading order; a table that opens a page after one that closed the previous page
    is treated as its continuation and repaired."""
    blocks: list = []
    previous: PositionedTable | None = None
    for i, items in enumerate(pages):
        for n, item in enumerate(items):
            if isinstance(item, PositionedTable):
                if previous is not None and n == 0 and previous.table.page == i:
                    align_columns(previous, item)
                    repair_continuation(previous, item)
                blocks.append(item.table)
                previous = item
            elif isinstance(item, TextBlock):
                if item.confidence is not None:
                    item.text = repair_text(item.text)
                blocks.append(item)
                previous = None
            else:
                blocks.append(TextBlock(str(item).strip(), page=i + 1))
                previous = None
    for block in blocks:
        if isinstance(block, Table) and any(c.confidence is not None for c in block.cells):
            _repair_ocr_table(block)
    return Document(blocks=blocks, source_format=source_format, page_count=page_count,
                    pages_without_text=pages_without_text or [])
