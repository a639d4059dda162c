"""Tables printed without ruling lines, rebuilt from where their text stands.

A form printed with its borders switched off (or scanned so faintly that no rule survives) reaches
the readers as lines of text: `项目名称 高标准农田 项目性质 …` then `建设管护 项目`.  With no
rules, a cell's wrapped second line and a new row look alike; what tells them apart is how the
form was typeset, which holds for any department's form:

- a cell's text starts at its left edge, so the columns are where the runs of text start (left
  edges seen on lines that hold two or more runs);
- a cell wraps only when the next word does not fit, so a run continues the cell above it only if
  that cell's last line left no room for the run's first word (a character, or a Latin word);
- text that stands on its own (a form label, an indicator level, a number or target) does not
  continue a cell, and a cell that already stands on its own is not continued, unless the two
  together are such an item again (`其中：当年` + `财政拨款`, `经济成本指` + `标`);
- cells start at the top of their row, so a row's first line holds every cell that has text.

The result is the grid a ruled table gives, without spans (a merged cell's text sits in the column
where it starts), which the content-first form parser reads as it reads any converter's grid.  The
same code serves the PDF route (runs from character boxes) and the OCR route (runs from detected
text boxes), so both fall back to text layout the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Iterable

import regex

from budget_declarations.extract.model import Cell, Table
from budget_declarations.extract.tables import PositionedTable, is_column_header, is_complete_item, is_label_or_value
from budget_declarations.normalize import taxonomy
from budget_declarations.normalize.text import squash

GAP_EM = 0.6  # a gap wider than this share of the character height separates two cells
SPACE_EM = 0.25  # a narrower gap than GAP_EM but wider than this is a space inside the cell
ROW_GAP_EM = 2.5  # lines further apart than this are not one table


@dataclass(frozen=True)
class Run:
    """Text on one line with no cell-wide gap in it: one cell's share of that line."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float | None = None

    @property
    def size(self) -> float:
        return self.bottom - self.top


Line = list[Run]


def lines_of_chars(chars: Iterable[dict]) -> list[Line]:
    """Characters (pdfplumber's dicts) into lines of runs, top to bottom, runs left to right."""
    rows: list[list[dict]] = []
    top = bottom = 0.0
    for ch in sorted((c for c in chars if c["text"].strip()), key=lambda c: (c["top"], c["x0"])):
        if rows and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom:
            rows[-1].append(ch)
            top, bottom = min(top, ch["top"]), max(bottom, ch["bottom"])
            continue
        rows.append([ch])
        top, bottom = ch["top"], ch["bottom"]
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        size = median(c["bottom"] - c["top"] for c in row)
        runs: list[list[dict]] = [[row[0]]]
        for a, b in zip(row, row[1:]):
            if b["x0"] - a["x1"] > GAP_EM * size:
                runs.append([b])
            else:
                runs[-1].append(b)
        lines.append([_run_of(chars, size) for chars in runs])
    return lines


_HAN = regex.compile(r"^\p{Han}$")


def _spaced_out_joined(line: Line) -> Line:
    """A label spaced out to fill its cell (`项　目　名　称`, `单　位`, distributed alignment)
    as one run: single Chinese characters at even gaps whose text together is a form label, a
    column header or an indicator level.  Other single characters stay apart (a `是`/`否`
    column, `年 月 日` of a date line)."""
    out: Line = []
    i = 0
    while i < len(line):
        j = i
        while j + 1 < len(line) and _HAN.match(line[j].text) and _HAN.match(line[j + 1].text):
            j += 1
        group = line[i:j + 1]
        gaps = [b.x0 - a.x1 for a, b in zip(group, group[1:])]
        size = max(r.size for r in group)
        text = "".join(r.text for r in group)
        if (len(group) >= 2 and max(gaps) - min(gaps) <= 0.25 * size and max(gaps) <= 4 * size
                and (is_complete_item(text) or is_column_header(text))):
            out.append(Run(text, group[0].x0, group[-1].x1, min(r.top for r in group), max(r.bottom for r in group),
                           _lowest(*(r.confidence for r in group))))
            i = j + 1
        else:
            out.append(line[i])
            i += 1
    return out


def _run_of(chars: list[dict], size: float) -> Run:
    """Characters of one run, a space where the gap between two is a space's width."""
    text = chars[0]["text"] + "".join((" " if b["x0"] - a["x1"] > SPACE_EM * size else "") + b["text"]
                                      for a, b in zip(chars, chars[1:]))
    return Run(text, min(c["x0"] for c in chars), max(c["x1"] for c in chars),
               min(c["top"] for c in chars), max(c["bottom"] for c in chars))


@dataclass
class _Columns:
    starts: list[float]
    limits: list[float]  # right edge text can reach in each column
    tolerance: float
    em: float

    def of(self, x: float) -> int:
        """The column a position falls in: the rightmost start at or left of it."""
        col = 0
        for i, start in enumerate(self.starts):
            if start <= x + self.tolerance:
                col = i
        return col

    def aligned(self, x: float) -> bool:
        """Whether a run starting at `x` starts where its column does."""
        return abs(x - self.starts[self.of(x)]) <= self.tolerance

    def below(self, last: Run, following: Run) -> bool:
        """Whether `following` can be the next line of the cell `last` ends: on the next line, and
        no wider than the cell (a paragraph below the table is neither)."""
        limit = self.limits[self.of(last.x1)]
        return following.x1 <= limit + 0.5 * self.em and following.top - last.bottom < self.em

    def ran_on(self, last: Run, following: Run) -> bool:
        """Whether `last` ended its line only because the first word of `following` did not fit
        (a Chinese character with the punctuation that may not open a line, or a Latin word or
        number, which does not break)."""
        room = self.limits[self.of(last.x1)] - last.x1
        return _lead_width(following) + _autospace(last.text, following.text) * self.em > room + 0.02 * self.em


# A line's first unbreakable piece: a Latin word or number, or one character, with what may not
# end a line before it (opening brackets and quotes: `（只）`) and what may not open a line
# after it (closing punctuation, a slash or percent sign: `元/亩`, `度。`).
_LEAD = regex.compile(r"^[（《「『“‘(\[]*(?:[A-Za-z0-9.,%:/+\-]+|.)[，。、；：？！）》」』”’,.;:)%/‰·]*")


def _autospace(before: str, after: str) -> float:
    """Space (in characters) a word processor adds where Chinese meets Latin letters or digits."""
    if not before or not after:
        return 0.0
    a, b = before[-1], after[0]
    return 0.25 if a.isascii() and a.isalnum() and not b.isascii() or b.isascii() and b.isalnum() and not a.isascii() else 0.0


def units(text: str) -> float:
    """Width of a text in Chinese characters (a Latin letter, digit or space counts half)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _lead_width(run: Run) -> float:
    """Width of the run's first unbreakable piece, in proportion to its share of the run's text."""
    lead = _LEAD.match(run.text)
    piece = lead.group(0) if lead else run.text[:1]
    return (run.x1 - run.x0) * units(piece) / max(units(run.text), 0.5)


def _columns(lines: list[Line]) -> _Columns:
    runs = [r for line in lines for r in line]
    em = median(r.size for r in runs)
    tolerance = 0.5 * em
    starts: list[float] = []
    for x in sorted(r.x0 for line in lines if len(line) > 1 for r in line):
        if not starts or x - starts[-1] > tolerance:
            starts.append(x)
    gaps = [b.x0 - a.x1 for line in lines for a, b in zip(line, line[1:])]
    padding = min(max(min(gaps, default=em), 0.3 * em), 2 * em)
    right = max(r.x1 for r in runs)
    limits = [start - padding for start in starts[1:]] + [right]
    return _Columns(starts, limits, tolerance, em)


def _table_runs(lines: list[Line]) -> list[tuple[int, int]]:
    """Index ranges [first, last] of lines that may form a table: from a line of two or more
    runs to the last such line, single-run lines between them kept while lines stay close."""
    spans: list[tuple[int, int]] = []
    first = last = None
    for i, line in enumerate(lines):
        if first is not None:
            em = median(r.size for r in line)
            gap = min(r.top for r in line) - max(r.bottom for r in lines[i - 1])
            if gap > ROW_GAP_EM * em:
                spans.append((first, last))
                first = last = None
        if len(line) > 1:
            if first is None:
                first = i
            last = i
    if first is not None:
        spans.append((first, last))
    return spans


def _inside_a_column(run: Run, columns: _Columns) -> bool:
    """A run that starts at a column's start and stays in that column (or, for a column right of
    the first, runs on into the next ones, as a merged cell does)."""
    if not columns.aligned(run.x0):
        return False
    return columns.of(run.x0) > 0 or run.x1 <= columns.limits[0] + 0.5 * columns.em


def _stretches(lines: list[Line]) -> list[tuple[int, int]]:
    """`_table_runs` split at lines of running text: a single run that starts at the table's left
    and is wider than its first column (a narrative paragraph between two forms)."""
    out = []
    for first, last in _table_runs(lines):
        columns = _columns(lines[first:last + 1])
        start = first
        for i in range(first, last + 2):
            if i > last or (len(lines[i]) == 1 and not _inside_a_column(lines[i][0], columns)):
                multi = [j for j in range(start, i) if len(lines[j]) > 1]
                if multi:
                    out.append((multi[0], multi[-1]))
                start = i + 1
    return out


def _by_column(line: Line, columns: _Columns) -> dict[int, Run]:
    """The line's runs by column; runs of one column on one line read as one run."""
    out: dict[int, Run] = {}
    for run in line:
        col = columns.of(run.x0)
        prev = out.get(col)
        out[col] = run if prev is None else Run(f"{prev.text} {run.text}", prev.x0, run.x1, min(prev.top, run.top),
                                                 max(prev.bottom, run.bottom), _lowest(prev.confidence, run.confidence))
    return out


def _lowest(*values: float | None) -> float | None:
    """The lowest of the confidences that exist (as parse.model.lowest, which extract/ does not import)."""
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _carries_on(run: Run, cell: list[Run], columns: _Columns, alone: bool) -> bool:
    """Whether the run is the next line of the cell: the cell's last line was full (or the run is
    the only text on its line, as a cell's next paragraph is), and the run does not stand on its
    own where the cell did not already (a label is not continued by a value).  A word that
    could stand alone (`数量`) still continues unfinished text whose line it did not fit on
    (`免疫畜禽` | `数量`)."""
    if not cell or not columns.below(cell[-1], run):
        return False
    ran_on = columns.ran_on(cell[-1], run)
    if not (alone or ran_on):
        return False
    text = "".join(r.text for r in cell)
    whole = text + run.text
    if is_complete_item(whole) or is_column_header(whole):
        return True
    if is_complete_item(text):
        return False
    return not is_complete_item(run.text) or (ran_on and not is_label_or_value(run.text))


def _row_level_columns(lines: list[Line], columns: _Columns) -> set[int]:
    """Columns whose cells never span rows: those right of the last column that holds indicator
    levels (三级指标, 指标值, units, weights …).  Columns holding levels, and those left of them
    (a project's name, budget and goal in a list table), may be cells merged over many rows.
    A table without indicator levels is read as having no merged cells."""
    levels = {columns.of(run.x0) for line in lines for run in line if taxonomy.canonical(squash(run.text))}
    return set(range(max(levels) + 1 if levels else 0, len(columns.starts)))


def _rows(lines: list[Line], columns: _Columns, trailing_from: int) -> tuple[list[dict[int, list[Run]]], int]:
    """Lines grouped into rows of cells (column -> the runs of its lines); how many lines were
    used (single-run lines after the last multi-run line are used only where they continue).

    Each column has an open cell (the last one begun in it).  A line whose every run carries on
    its column's open cell adds to those cells; so does a line whose other runs carry on and
    whose runs that cannot fall in columns still empty in the current row, or that stand higher
    than the line above ends, which no new row does (a label centred vertically in a taller row
    starts below its first line, or half a line down beside a two-line value; not in an
    indicator table's columns right of its levels, where a line that does not fit is the next
    row's first).  Otherwise the leftmost run that cannot carry on begins a new row: runs left
    of it still carry on their cells (cells merged over several rows, a project's name beside
    its indicators), runs from it rightwards, and runs in columns whose cells never span rows,
    begin the new row's cells.
    """
    rows: list[dict[int, list[Run]]] = []
    open_cells: dict[int, list[Run]] = {}
    row_level = _row_level_columns(lines, columns)
    # an indicator table's columns right of its levels (targets, units, weights): never centred
    value_columns = row_level if len(row_level) < len(columns.starts) else set()
    used = 0
    for i, line in enumerate(lines):
        runs = _by_column(line, columns)
        fresh = [col for col, run in runs.items()
                 if not _carries_on(run, open_cells.get(col, []), columns, alone=len(runs) == 1)]
        overlaps_above = i > 0 and min(runs[col].top for col in fresh or runs) < max(r.bottom for r in lines[i - 1]) - 0.1 * columns.em
        if (fresh and rows and (len(fresh) < len(runs) or overlaps_above)
                and not any(col in rows[-1] or col in value_columns for col in fresh)):
            # the rest of the line carries on the current row, and these columns are still empty
            # in it: cells centred (or set low) in a row taller than they are, not a new row
            for col in fresh:
                open_cells[col] = rows[-1].setdefault(col, [])
            fresh = []
        if fresh and i >= trailing_from:
            break
        start = min(fresh + [col for col in runs if col in row_level]) if fresh else len(columns.starts)
        if fresh:
            rows.append({})
            for col in range(start, len(columns.starts)):
                open_cells[col] = rows[-1].setdefault(col, []) if col in runs else []
        for col, run in runs.items():
            open_cells[col].append(run)
        used = i + 1
    return rows, used


def _table(rows: list[dict[int, list[Run]]], columns: _Columns, page_no: int | None) -> PositionedTable:
    cells: list[Cell] = []
    top = min(r.top for row in rows for runs in row.values() for r in runs)
    positioned = PositionedTable(Table(cells=cells, page=page_no), top=top)
    width = len(columns.starts)
    last = len(rows) - 1
    for r, row in enumerate(rows):
        for c in range(width):
            runs = row.get(c, [])
            confidences = [run.confidence for run in runs if run.confidence is not None]
            cells.append(Cell(r, c, "\n".join(run.text for run in runs), confidence=min(confidences) if confidences else None))
            positioned.boxes[(r, c)] = (columns.starts[c], columns.limits[c])
            if r == last and runs:
                positioned.fill[(r, c)] = (runs[-1].x1 - columns.starts[c]) / max(1.0, columns.limits[c] - columns.starts[c])
    return positioned


def find_tables(lines: list[Line], page_no: int | None = None) -> list[tuple[int, int, PositionedTable]]:
    """Tables among the page's lines: (first line, last line, table) for each, lines inclusive.

    A stretch counts as a table when two of its columns each hold text in two rows of two or more
    cells, or, at the top of the page, one row holds three or more; anything less (a `单位：元
    日期` line, a title, running text with a wide gap) stays text.
    """
    lines = [_spaced_out_joined(line) for line in lines]
    found = []
    for n, (first, last) in enumerate(_stretches(lines)):
        end = last + 1
        while end < len(lines) and len(lines[end]) == 1:
            end += 1  # single-run lines after the table: kept only where they continue a cell
        columns = _columns(lines[first:last + 1])
        if len(columns.starts) < 2:
            continue
        if n == 0 and all(_inside_a_column(line[0], columns) for line in lines[:first]):
            first = 0  # the page opens inside the table: a cell carried over from the page before
        stretch = lines[first:end]
        # the last column reaches as far as any line of the stretch that starts at a column
        columns.limits[-1] = max([columns.limits[-1]] + [r.x1 for line in stretch for r in line if columns.aligned(r.x0)])
        rows, used = _rows(stretch, columns, last + 1 - first)
        wide = [row for row in rows if len(row) > 1]
        aligned = sum(1 for col in range(len(columns.starts)) if sum(1 for row in wide if col in row) >= 2)
        # a first row of three or more cells is enough where the page opens with it (the rest of
        # a table from the page before); elsewhere two rows, two columns of which line up
        if not (aligned >= 2 or (first == 0 and wide and len(wide[0]) >= 3)):
            continue
        found.append((first, first + used - 1, _table(rows, columns, page_no)))
    return found
