"""The intermediate model every reader produces and the declaration parser consumes.

Readers differ in what they can see (a PDF knows pages, a text file does not), so the model keeps
only what the parser needs: blocks in reading order, tables as grids of cells with their spans, and
the page each block came from.  The parser never looks at a file format.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union


@dataclass(frozen=True)
class Cell:
    """One table cell at its origin position; a merged cell covers rowspan x colspan positions."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    confidence: float | None = None  # OCR confidence (0-1); None for a text layer


@dataclass
class Table:
    """A table as cells with spans; `grid()` gives the expanded view the parser reads."""

    cells: list[Cell]
    page: int | None = None

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def confidence_grid(self) -> list[list[float | None]]:
        """OCR confidence at each cell's origin, in the shape of `grid()`."""
        n_rows, n_cols = self.n_rows, self.n_cols
        rows: list[list[float | None]] = [[None] * n_cols for _ in range(n_rows)]
        for c in self.cells:
            rows[c.row][c.col] = c.confidence
        return rows

    def span_grid(self) -> list[list[int]]:
        """How many grid columns the cell starting at each position covers, in the shape of
        `grid()`: 0 where a merged cell from above or the left covers the position, -1 where no
        cell does (a cell the table could not close, running past the page's end).  A header merged
        over two columns owns both; a row where a merged column starts afresh starts a new item."""
        n_rows, n_cols = self.n_rows, self.n_cols
        rows = [[-1] * n_cols for _ in range(n_rows)]
        for c in self.cells:
            if c.rowspan > 1 or c.colspan > 1:
                for r in range(c.row, min(n_rows, c.row + c.rowspan)):
                    rows[r][c.col:min(n_cols, c.col + c.colspan)] = [0] * (min(n_cols, c.col + c.colspan) - c.col)
        for c in self.cells:
            rows[c.row][c.col] = c.colspan
        return rows

    def grid(self) -> list[list[str]]:
        """Rows of strings; a merged cell's text sits at its origin and its other positions are ''.

        This is the shape a printed form has once its ruling lines are gone, which is also what
        text converters write, so one parser serves every format.
        """
        n_rows, n_cols = self.n_rows, self.n_cols
        rows = [[""] * n_cols for _ in range(n_rows)]
        for c in self.cells:
            rows[c.row][c.col] = c.text
        return rows

    @classmethod
    def from_rows(cls, rows: list[list[str]], page: int | None = None) -> "Table":
        """Build a span-free table from plain rows (tab-separated text, pipe tables)."""
        cells = [Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
        return cls(cells=cells, page=page)


@dataclass
class TextBlock:
    """A heading or a paragraph.  `level` is the heading depth when the source says so."""

    text: str
    kind: Literal["heading", "paragraph"] = "paragraph"
    level: int | None = None
    page: int | None = None
    confidence: float | None = None  # OCR confidence (0-1); None for a text layer


Block = Union[TextBlock, Table]


@dataclass
class Document:
    """What a reader returns: ordered blocks plus facts about the file the parser cannot infer."""

    blocks: list[Block] = field(default_factory=list)
    source_format: str = ""
    page_count: int | None = None
    pages_without_text: list[int] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
