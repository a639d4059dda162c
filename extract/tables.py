"""Tables placed on a page, and the repair of a table that a page break cut in two.

Shared by the PDF reader (cells from ruling lines) and the OCR reader (cells from lines found in
the image).  A table that continues on the next page stays a separate block with its own page
number, so each indicator row keeps the page it was printed on; what the break did is repaired:
a repeated header row is dropped, and a row split in two (`其中：财政资` | `金`, `产出指` | `标`) is
rejoined when the cell above was filled to its right edge, i.e. its text ran on.  A piece that
stands on its own (`财政拨款`, `00`) continues the cell above only where the two together are one
item again (`其中：当年财政拨款`, `4,800,000.00`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from budget_declarations.extract.model import Cell, Table
from budget_declarations.normalize import taxonomy
from budget_declarations.normalize.target import is_value
from budget_declarations.normalize.text import label_key, squash
from budget_declarations.vocabulary import default as vocabulary

RIGHT_EDGE_FILL = 0.8  # a cell whose last line reaches this share of its width ran on


@dataclass
class PositionedTable:
    """A table with what the cross-page repair needs: cell boxes and how full each last-row cell was."""

    table: Table
    top: float
    boxes: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)  # (row, col) -> x0, x1
    fill: dict[tuple[int, int], float] = field(default_factory=dict)


def is_complete_item(text: str) -> bool:
    """Text that stands on its own in a form: a label, a taxonomy name, a number or target."""
    return is_label_or_value(text) or bool(taxonomy.canonical(label_key(text)))


def is_label_or_value(text: str) -> bool:
    """A form's label, or a number or target: never the rest of another cell's text (a taxonomy
    word such as `数量` can be: `免疫畜禽` | `数量`)."""
    vocab = vocabulary()
    return bool(vocab.field_of(text) or vocab.goal_of(text)) or is_value(text)


def is_column_header(text: str) -> bool:
    """A column header of an indicator table (`实际完成值`, `权重（%）`).  Used to join a header
    wrapped over two lines, not to keep text apart: some headers (`项目`, `目标`) are also words
    that end other cells' lines."""
    return vocabulary().column_role(text) is not None


def _replace(cells: list[Cell], texts: dict[int, str]) -> list[Cell]:
    return [
        Cell(c.row, c.col, texts.get(id(c), c.text), c.rowspan, c.colspan, c.confidence)
        for c in cells
    ]


def _column_lefts(table: PositionedTable) -> dict[int, float]:
    lefts: dict[int, float] = {}
    for (_, col), (x0, _) in table.boxes.items():
        lefts[col] = min(x0, lefts.get(col, x0))
    return lefts


def align_columns(prev: PositionedTable, cur: PositionedTable) -> None:
    """Number the continuation's columns as the table above numbers them, by their left edges:
    the rest of a table on a new page may lack some of its columns (a table rebuilt from text
    alignment knows only the columns that have text there), and a form reads some columns by
    their position under the header.

    Where the continuation has a column the table above lacks (its later rows, a section of
    their own such as the indicator table under a funds block, divide the width differently),
    only its first rows are renumbered: those whose text all stands in columns the table above
    has, up to the first row that does not."""
    above, below = _column_lefts(prev), _column_lefts(cur)
    if not above or not below:
        return
    mapping: dict[int, int] = {}
    starts = sorted(above.values())
    for col, x0 in below.items():
        nearest = min(above, key=lambda c: abs(above[c] - x0))
        width = min((x1 - a for (_, c), (a, x1) in prev.boxes.items() if c == nearest), default=0.0)
        if abs(above[nearest] - x0) <= 0.25 * max(width, 1.0):
            mapping[col] = nearest
            continue
        if col != min(below):
            continue
        # the continuation's first column drawn narrower (text beside its table, no rule to start it):
        # the column above whose span holds its middle
        right = max((x1 for (_, c), (_, x1) in cur.boxes.items() if c == col), default=x0)
        middle = (x0 + right) / 2
        holding = [c for c, a in above.items() if a <= middle and all(b <= a or b > middle for b in starts if b != a)]
        if holding:
            mapping[col] = holding[0]
    order = [mapping[c] for c in sorted(mapping)]
    if not mapping or order != sorted(set(order)) or all(c == n for c, n in mapping.items()):
        return
    if len(mapping) == len(below):
        rows = {c.row for c in cur.table.cells}
    else:
        rows = _leading_rows_within(cur, mapping)
        if not rows:
            return
    _renumber(cur, mapping, rows)


def _leading_rows_within(cur: PositionedTable, mapping: dict[int, int]) -> set[int]:
    """The continuation's first rows whose text all stands in mapped columns."""
    texts: dict[int, set[int]] = {}
    for c in cur.table.cells:
        texts.setdefault(c.row, set())
        if c.text.strip():
            texts[c.row].add(c.col)
    rows: set[int] = set()
    for row in sorted(texts):
        if not texts[row] <= mapping.keys():
            break
        rows.add(row)
    return rows


def _renumber(cur: PositionedTable, mapping: dict[int, int], rows: set[int]) -> None:
    """Give the cells of `rows` the mapped column numbers (a span keeps the columns it covers;
    an empty cell in a column the table above lacks is dropped)."""
    cells = []
    for c in cur.table.cells:
        if c.row not in rows:
            cells.append(c)
            continue
        covered = [mapping[k] for k in range(c.col, c.col + c.colspan) if k in mapping]
        if not covered:
            continue  # empty (rows are taken only when their text is in mapped columns)
        cells.append(Cell(c.row, covered[0], c.text, c.rowspan, covered[-1] - covered[0] + 1, c.confidence))
    cur.table.cells = cells
    cur.boxes = {(r, mapping[c] if r in rows else c): box for (r, c), box in cur.boxes.items()
                 if r not in rows or c in mapping}
    cur.fill = {(r, mapping[c] if r in rows else c): f for (r, c), f in cur.fill.items() if r not in rows or c in mapping}


def repair_continuation(prev: PositionedTable, cur: PositionedTable) -> None:
    """Drop a repeated header row; rejoin the halves of a row the page break cut."""
    prev_rows = prev.table.grid()
    cur_cells = cur.table.cells
    first = [c for c in cur_cells if c.row == 0]
    first_texts = [squash(c.text) for c in first if c.text.strip()]
    if first_texts and any(first_texts == [squash(t) for t in row if t.strip()] for row in prev_rows):
        cur.table.cells = _replace(cur_cells, {id(c): "" for c in first})
        return
    last_row = max((c.row for c in prev.table.cells), default=-1)
    above = {c.col: c for c in prev.table.cells if c.row == last_row}
    joins: list[tuple[Cell, Cell]] = []
    for c in first:
        if not c.text.strip():
            continue
        x0, x1 = cur.boxes.get((0, c.col), (0.0, 0.0))
        target, best = None, None
        for col, cell in above.items():  # the cell above: the most overlap, then the same left edge
            px0, px1 = prev.boxes.get((last_row, col), (0.0, 0.0))
            share = (min(x1, px1) - max(x0, px0)) / max(1e-6, min(x1 - x0, px1 - px0))
            if share > 0.5 and (best is None or (share, -abs(px0 - x0)) > best):
                target, best = cell, (share, -abs(px0 - x0))
        if (target is None or not target.text.strip() or prev.fill.get((last_row, target.col), 0) < RIGHT_EDGE_FILL
                or (is_complete_item(c.text) and not is_complete_item(squash(target.text) + squash(c.text)))):
            return  # one cell that does not continue means the row is a new row
        joins.append((target, c))
    if not joins:
        return
    prev.table.cells = _replace(prev.table.cells, {id(t): t.text + s.text for t, s in joins})
    cur.table.cells = _replace(cur_cells, {id(s): "" for _, s in joins})
