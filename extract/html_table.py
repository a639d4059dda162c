"""HTML `<table>` markup (what MinerU and similar converters write) into a Table with spans."""
from __future__ import annotations

from html.parser import HTMLParser

from budget_declarations.extract.markup import strip_inline_markup
from budget_declarations.extract.model import Cell, Table

MAX_SPAN = 200  # no form merges more rows or columns; a larger span is hostile or broken markup
MAX_AREA = 200_000  # grid positions one table may cover; past it, spans are ignored


class _TableCollector(HTMLParser):
    """Collects rows of (raw inner html, rowspan, colspan); nested tables are flattened into text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.rows: list[list[tuple[str, int, int]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth > 1 and self._cell is not None:
                self._cell.append("\n")
            return
        if self._depth > 1:
            if tag in ("td", "th") and self._cell is not None:
                self._cell.append(" ")
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            a = dict(attrs)
            self._span = (_span(a.get("rowspan")), _span(a.get("colspan")))
            self._cell = []
        elif self._cell is not None:
            self._cell.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth -= 1
            return
        if self._depth > 1:
            return
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(("".join(self._cell), *self._span))
            self._cell = None
        elif self._cell is not None:
            self._cell.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


def parse_html_table(markup: str, page: int | None = None) -> Table:
    """Place each cell on the grid, skipping positions that a rowspan from above already covers."""
    collector = _TableCollector()
    collector.feed(markup)
    collector.close()
    occupied: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, row in enumerate(collector.rows):
        c = 0
        for raw, rowspan, colspan in row:
            while (r, c) in occupied:
                c += 1
            if len(occupied) + rowspan * colspan > MAX_AREA:
                rowspan = colspan = 1
            cells.append(Cell(r, c, strip_inline_markup(raw), rowspan, colspan))
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.add((r + dr, c + dc))
            c += colspan
    return Table(cells=cells, page=page)
