"""OCR route for pages without a text layer (scanned PDFs) and for image files.

Engine: RapidOCR (`rapidocr-onnxruntime`), the PaddleOCR PP-OCRv4 Chinese detection and
recognition models run by ONNX Runtime.  Its wheel carries the models, so nothing is downloaded at
run time, and it reads printed Chinese far better than Tesseract's chi_sim.  OpenCV finds the
table grid from the ruling lines in the image.

Per page: grayscale (a red seal lifted out), a dark margin made paper, deskew (scan_image.py), detect text
lines once, turn a sideways or upside-down page upright, recognise every line once
(ocr_engine.py), find tables (cells as connected regions between ruling lines, spans from their
edges) and place every text box in its cell by its centre; on a form page, text outside those
tables that is laid out as a table (a form printed without rules) is rebuilt from its alignment
(borderless.py, as the PDF route does); other text becomes lines.  Every
cell and line carries the lowest confidence of the text in it.  Domain repairs (labels snapped to
the taxonomy, targets mended) run afterwards on the whole document, once page breaks are repaired
(normalize/ocr_repair.py).
"""
from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass
from pathlib import Path

from budget_declarations.extract import borderless, ocr_engine, scan_image, sign_shapes
from budget_declarations.extract.errors import UnreadableFile
from budget_declarations.extract.model import Cell, Document, Table, TextBlock
from budget_declarations.extract.tables import PositionedTable
from budget_declarations.normalize.text import squash
from budget_declarations.vocabulary import default as vocabulary

RENDER_DPI = 200
UNAVAILABLE = ocr_engine.UNAVAILABLE
available = ocr_engine.available
skew_angle = scan_image.skew_angle


@dataclass
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


# -- orientation and reading -----------------------------------------------------------------
def _sideways(lines: list[ocr_engine.Line]) -> bool:
    """True when most detected lines run top to bottom: the page was fed turned by 90°."""
    across = sum(line.width for line in lines if line.width > 2 * line.height)
    down = sum(line.height for line in lines if line.height > 2 * line.width)
    return down > across


def _turn_180(lines: list[ocr_engine.Line], shape) -> None:
    h, w = shape[:2]
    for line in lines:
        q = line.quad
        q[:, 0] = w - 1 - q[:, 0]
        q[:, 1] = h - 1 - q[:, 1]
        line.quad = q[[2, 3, 0, 1]]  # top left is again first


def _rgb(gray):
    import cv2

    return cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB)


def _split_at_cells(lines: list[ocr_engine.Line], tables: list[list[tuple[int, int, int, int]]]) -> list[ocr_engine.Line]:
    """Lines cut where they run from one table cell into the next: the detector, looking at a
    reduced page, joins the text of neighbouring cells across a hairline."""
    import numpy as np

    cells = [cell for table in tables for cell in table]
    out: list[ocr_engine.Line] = []
    for line in lines:
        x0, y0, x1, y1 = line.bbox
        cy, margin = (y0 + y1) / 2, max(6.0, 0.3 * (y1 - y0))
        spans = sorted((max(x0, cx0), min(x1, cx1)) for cx0, cy0, cx1, cy1 in cells
                       if cy0 <= cy <= cy1 and min(x1, cx1) - max(x0, cx0) >= margin)
        if len(spans) < 2:
            out.append(line)
            continue
        for left, right in spans:
            quad = np.array([[left, y0], [right, y0], [right, y1], [left, y1]], dtype=np.float32)
            out.append(ocr_engine.Line(quad))
    return out


RULE_OVERSHOOT = 0.35  # share of a line's height its box may reach past its cell's rule to be cut back


def _signs_between_rules(rgb, lines: list[ocr_engine.Line], crops: list, tables: list[list[tuple[int, int, int, int]]]) -> None:
    """A lone glyph read without confidence, looked at again as a sign cut to the cell it is in
    where its box reaches a little over the cell's top or bottom rule: the detector boxes a small
    glyph in a tight cell with a margin that takes in the rules, and the reader then sees three
    bars (≥ read `三` at 0.53 between its cell's rules).  Only such doubtful glyphs: a box cut
    back reads other text differently (a speck at the new edge read as a point, `12` as `1.2`).
    `crops`: the lines as they were read."""
    for line, crop in zip(lines, crops):
        x0, y0, x1, y1 = line.bbox
        cx, cy, height = (x0 + x1) / 2, (y0 + y1) / 2, y1 - y0
        if x1 - x0 > 2 * height or line.text in sign_shapes.SIGNS:
            continue
        cell = next((c for table in tables for c in table if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]), None)
        if cell is None:
            continue
        top = cell[1] if 0 < cell[1] - y0 <= RULE_OVERSHOOT * height else y0
        bottom = cell[3] if 0 < y1 - cell[3] <= RULE_OVERSHOOT * height else y1
        if (top, bottom) == (y0, y1):
            continue
        if not ocr_engine.doubtful(crop, line.text, line.score):
            continue
        inside = _box_line(x0, top, x1, bottom)
        sign = sign_shapes.read_sign(ocr_engine.crop(rgb, inside))
        if sign:
            line.quad, line.text, line.score = inside.quad, sign, ocr_engine.SIGN_SCORE


def _split_at_gaps(ink, lines: list[ocr_engine.Line]) -> list[ocr_engine.Line]:
    """Lines cut at a blank stretch about a character wide (three quarters of the line's height):
    text within a cell has no such gap, but two cells of a form printed without rules are that
    far apart, and the detector joins them into one line."""
    import numpy as np

    out: list[ocr_engine.Line] = []
    for line in lines:
        x0, y0, x1, y1 = (int(round(v)) for v in line.bbox)
        x0, y0 = max(0, x0), max(0, y0)
        height = y1 - y0
        dark = ink[y0:y1, x0:x1]
        if dark.size == 0 or x1 - x0 < 3 * height:
            out.append(line)
            continue
        # a ruling line crossing the line (ink from top to bottom, a few pixels wide) is no text
        rule = dark.mean(axis=0) >= 0.95
        inked = np.flatnonzero(dark.any(axis=0) & ~(rule & ~_widened(rule, 5)))
        if inked.size == 0:
            out.append(line)
            continue
        wide = np.flatnonzero(np.diff(inked) > 0.75 * height)
        cuts = [(int(inked[k]), int(inked[k + 1])) for k in wide]
        if not cuts:
            out.append(line)
            continue
        left = x0
        for a, b in cuts:
            out.append(_box_line(left, y0, x0 + a + 4, y1))
            left = x0 + b - 4
        out.append(_box_line(left, y0, x1, y1))
        for piece in out[-len(cuts):]:
            piece.joins_previous = True
    return out


MAX_UNREAD_GLYPHS = 60  # more glyph-sized blots than a form has lone signs: speckle, not signs
REREAD_SURE = 0.8  # a line read again whole replaces the first reading only at this confidence

# Punctuation drawn at one side of its square: `》（` leaves a character's width of paper.
_OPENS_GAP = tuple("，。、；：？！）》」』”’).·")
_CLOSES_GAP = tuple("（《「『“‘(")


def _rejoin_punctuation(lines: list[ocr_engine.Line]) -> list[ocr_engine.Line]:
    """Pieces of one detected line put back together where the gap was punctuation's white."""
    import numpy as np

    out: list[ocr_engine.Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if not (line.joins_previous and prev is not None and prev.text):
            out.append(line)
            continue
        quad = np.concatenate([prev.quad, line.quad])
        x0, y0 = quad.min(axis=0)
        x1, y1 = quad.max(axis=0)
        joined = _box_line(x0, y0, x1, y1).quad
        if line.text and (prev.text.endswith(_OPENS_GAP) or line.text.startswith(_CLOSES_GAP)) \
                and line.score >= ocr_engine.MIN_SCORE:
            out[-1] = ocr_engine.Line(joined, prev.text + line.text, min(prev.score, line.score), prev.joins_previous)
        elif line.score < ocr_engine.MIN_SCORE and line.width <= 1.5 * line.height:
            # a lone mark cut off (`》` then `。`, a full-width mark's white between them) and
            # unreadable alone: the line takes it back and is read again whole (read_lines)
            out[-1] = ocr_engine.Line(joined, prev.text, prev.score, prev.joins_previous, absorbed=True)
        else:
            out.append(line)
    return out


def _read_again_whole(rgb, lines: list[ocr_engine.Line]) -> None:
    """Lines that took back an unreadable mark, read again as one: the reading is kept when it is
    sure and extends what was read before (`…办法》` becomes `…办法》。`)."""
    again = [line for line in lines if line.absorbed]
    if not again:
        return
    crops = []
    for line in again:  # the detector's box may end inside the mark: give the reader its margin
        x0, y0, x1, y1 = line.bbox
        crops.append(ocr_engine.crop(rgb, _box_line(x0, y0, min(rgb.shape[1] - 1, x1 + 0.4 * (y1 - y0)), y1)))
    for line, (text, score) in zip(again, ocr_engine.recognise(crops)):
        if score >= REREAD_SURE and squash(text).startswith(squash(line.text)) and len(squash(text)) > len(squash(line.text)):
            line.text, line.score = text, min(line.score, score)


def _widened(columns, width: int):
    """Columns inside a run of `columns` longer than `width` (a glyph's dark stretch, not a rule)."""
    import numpy as np

    out = np.zeros_like(columns)
    start = None
    for i, on in enumerate(list(columns) + [False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            if i - start > width:
                out[start:i] = True
            start = None
    return out


def _box_line(x0: float, y0: float, x1: float, y1: float) -> ocr_engine.Line:
    import numpy as np

    return ocr_engine.Line(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32))


def _unread_cells(ink, lines: list[ocr_engine.Line], tables: list) -> list[ocr_engine.Line]:
    """A line for each table cell that holds ink but no detected text: a lone sign (≥, ≤, ＝) or
    digit in a narrow cell is often too small for the detector, not for the recogniser."""
    import numpy as np

    centres = [((x0 + x1) / 2, (y0 + y1) / 2) for x0, y0, x1, y1 in (l.bbox for l in lines)]
    inset = 5
    out = []
    for cells in tables:
        for x0, y0, x1, y1 in cells:
            if x1 - x0 <= 2 * inset + 4 or y1 - y0 <= 2 * inset + 4:
                continue
            if any(x0 <= cx <= x1 and y0 <= cy <= y1 for cx, cy in centres):
                continue
            inside = ink[y0 + inset:y1 - inset, x0 + inset:x1 - inset]
            if np.count_nonzero(inside) < 20:
                continue
            extent = _glyph_extent(inside)
            if extent is None:
                continue
            (c0, r0), (c1, r1) = extent
            if r1 - r0 < 4 or c1 - c0 < 4:
                continue
            left, right = x0 + inset + c0 - 4, x0 + inset + c1 + 5
            top, bottom = y0 + inset + r0 - 4, y0 + inset + r1 + 5
            quad = np.array([[left, top], [right, top], [right, bottom], [left, bottom]], dtype=np.float32)
            out.append(ocr_engine.Line(quad))
    return out


SPECK_SHARE = 0.1  # an ink piece this small beside a cell's largest is a speck, not part of a glyph


def _glyph_extent(inside) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(left, top), (right, bottom) of the ink in a cell, specks left out: a faint ≥ with the
    black dots of impulse noise under it, boxed with them, was cut twice as tall as wide and read
    turned (ocr_engine.crop stands tall crops on their side).  Pieces of one or two pixels, or of
    far less ink than the largest, are specks; a glyph's pieces lie within its box anyway."""
    import cv2
    import numpy as np

    n, _, stats, _ = cv2.connectedComponentsWithStats(inside.astype(np.uint8), connectivity=8)
    if n <= 1:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = stats[1:][areas >= max(3, SPECK_SHARE * areas.max())]
    x0, y0 = keep[:, 0].min(), keep[:, 1].min()
    x1 = (keep[:, 0] + keep[:, 2]).max() - 1
    y1 = (keep[:, 1] + keep[:, 3]).max() - 1
    return (int(x0), int(y0)), (int(x1), int(y1))


def read_lines(gray, bilevel: bool = False) -> tuple[object, list[ocr_engine.Line], list]:
    """The upright, straightened page, its text lines (each read once) and its tables' cells.

    Detection runs once; a page fed sideways (most lines vertical) is turned by 90°, straightened
    and detected again; a sample of its longest lines, read both ways, tells upright from upside
    down (the page and the boxes are turned by 180° without a new detection)."""
    import numpy as np

    rgb = _rgb(scan_image.for_models(gray, bilevel))  # what the models see, made once per turn of the page
    lines = ocr_engine.detect(rgb)
    if lines and _sideways(lines):
        gray = np.ascontiguousarray(np.rot90(gray, k=-1))
        gray = scan_image.rotate(gray, scan_image.skew_angle(gray))
        rgb = _rgb(scan_image.for_models(gray, bilevel))
        lines = ocr_engine.detect(rgb)
    if not lines:
        return gray, [], scan_image.table_cells(gray)
    longest = sorted((l for l in lines if l.width > 3 * l.height), key=lambda l: -l.width)[:6]
    if ocr_engine.upside_down([ocr_engine.crop(rgb, l) for l in longest]):
        gray = np.ascontiguousarray(np.rot90(gray, k=2))
        rgb = _rgb(scan_image.for_models(gray, bilevel))
        _turn_180(lines, gray.shape)
    tables = scan_image.table_cells(gray)
    ink = scan_image.ink(gray)
    lines = _split_at_gaps(ink, _split_at_cells(lines, tables))
    lines += _unread_cells(ink, lines, tables)
    crops = [ocr_engine.crop(rgb, l) for l in lines]
    for line, (text, score) in zip(lines, ocr_engine.recognise_with_context(crops)):
        line.text, line.score = text, score
    _signs_between_rules(rgb, lines, crops, tables)
    lines = _rejoin_punctuation(lines)
    _read_again_whole(rgb, lines)
    return gray, [line for line in lines if line.score >= ocr_engine.MIN_SCORE and line.text.strip()], tables


def _boxes(lines: list[ocr_engine.Line]) -> list[_Box]:
    return [_Box(*l.bbox, l.text, l.score) for l in lines]


def _cluster(values: list[float], tolerance: float) -> list[float]:
    """Sorted boundary positions: values within `tolerance` of each other are one boundary."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _nearest(boundaries: list[float], value: float) -> int:
    return min(range(len(boundaries)), key=lambda i: abs(boundaries[i] - value))


def _lines_of(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into text lines (overlapping vertically), each line left to right."""
    lines: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if lines:
            last = lines[-1]
            top = min(b.y0 for b in last)
            bottom = max(b.y1 for b in last)
            if box.cy <= bottom and box.cy >= top - 0.2 * (bottom - top):
                last.append(box)
                continue
        lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _lean(cells: list[tuple[int, int, int, int]]) -> tuple[float, float] | None:
    """How far the table's vertical rules lean (x moved per pixel down, as a + b·x), from cells
    stacked on one another: a phone's perspective that deskewing cannot undo leans the left
    border one way and the right one the other.  None when they stand upright."""
    samples: list[tuple[float, float]] = []
    by_top = sorted(cells, key=lambda c: c[1])
    tops = [c[1] for c in by_top]
    for upper in cells:
        for lower in by_top[bisect.bisect_left(tops, upper[3] - 8):bisect.bisect_right(tops, upper[3] + 8)]:
            dy = (lower[1] + lower[3] - upper[1] - upper[3]) / 2
            if dy <= 0:
                continue
            for edge in (0, 2):
                dx = lower[edge] - upper[edge]
                if abs(dx) <= max(4.0, 0.05 * dy):
                    samples.append(((upper[edge] + lower[edge]) / 2, dx / dy))
    if len(samples) < 6:
        return None
    xs, slopes = [x for x, _ in samples], [v for _, v in samples]
    try:
        b, a = statistics.linear_regression(xs, slopes)
    except statistics.StatisticsError:  # every sample on one rule: one lean for all
        b, a = 0.0, statistics.fmean(slopes)
    left, right = min(c[0] for c in cells), max(c[2] for c in cells)
    if max(abs(a + b * left), abs(a + b * right)) < 0.004:
        return None
    return a, b


def _upright_edges(cells: list[tuple[int, int, int, int]]) -> list[tuple[float, float]]:
    """Each cell's left and right edge where they would be with the rules upright (at the table's
    middle height), so that a tall merged cell, whose box reaches as far as its leaning border
    does, stays in the column of the short cells beside it."""
    lean = _lean(cells)
    if lean is None:
        return [(float(c[0]), float(c[2])) for c in cells]
    a, b = lean
    middle = (min(c[1] for c in cells) + max(c[3] for c in cells)) / 2

    def upright(x: float, top: float, bottom: float, leftmost: bool) -> float:
        slope = a + b * x
        # a box edge is the border's extreme over the cell's height: its top or its bottom
        at = bottom if (slope < 0) == leftmost else top
        return x - slope * (at - middle)

    return [(upright(x0, y0, y1, True), upright(x1, y0, y1, False)) for x0, y0, x1, y1 in cells]


def _strokes_taken_for_rules(cells: list[tuple[int, int, int, int]], line_height: float) -> list[tuple[int, int, int, int]]:
    """Cells of a row thinner than a line of text joined again where they were split by a border
    no other row has.  Such a row is the sliver a page break leaves at a page's top: its text
    fills it from rule to rule, and an upright stroke (the 寸 of 时) reaches both rules and is
    taken for a border between two cells."""
    cells = list(cells)
    while (pair := _split_by_a_stroke(cells, line_height)) is not None:
        a, b = pair
        cells = [c for c in cells if c is not a and c is not b] + [(a[0], min(a[1], b[1]), b[2], max(a[3], b[3]))]
    return cells


def _split_by_a_stroke(cells: list[tuple[int, int, int, int]], line_height: float):
    """Two cells side by side in a row thinner than a line of text whose border runs on through
    no other row (a border that does is a rule), or None."""
    for a in cells:
        if a[3] - a[1] >= line_height:
            continue
        for b in cells:
            if b is a or abs(b[1] - a[1]) > 3 or abs(b[3] - a[3]) > 3 or not 0 <= b[0] - a[2] <= 8:
                continue
            if not any(abs(c[0] - x) <= 12 or abs(c[2] - x) <= 12
                       for c in cells if c is not a and c is not b for x in (a[2], b[0])):
                return a, b
    return None


def _table_from_cells(cells: list[tuple[int, int, int, int]], boxes: list[_Box], page_no: int) -> tuple[PositionedTable, set[int]]:
    heights = [b.y1 - b.y0 for b in boxes if len(b.text.strip()) >= 2]
    if heights:
        cells = _strokes_taken_for_rules(cells, statistics.median(heights))
    edges = _upright_edges(cells)
    xs = _cluster([e[0] for e in edges] + [e[1] + 4 for e in edges], 12)
    ys = _cluster([c[1] for c in cells] + [c[3] + 4 for c in cells], 12)
    placed: dict[int, list[_Box]] = {i: [] for i in range(len(cells))}
    used: set[int] = set()
    for n, box in enumerate(boxes):
        for i, (x0, y0, x1, y1) in enumerate(cells):
            if x0 - 2 <= box.cx <= x1 + 2 and y0 - 2 <= box.cy <= y1 + 2:
                placed[i].append(box)
                used.add(n)
                break
    out: list[Cell] = []
    positioned = PositionedTable(Table(cells=out, page=page_no), top=min(c[1] for c in cells))
    last_row = max(_nearest(ys, c[1]) for c in cells)
    for i, (x0, y0, x1, y1) in enumerate(cells):
        col, row = _nearest(xs, edges[i][0]), _nearest(ys, y0)
        colspan = max(1, _nearest(xs, edges[i][1] + 4) - col)
        rowspan = max(1, _nearest(ys, y1 + 4) - row)
        lines = _lines_of(placed[i])
        text = "\n".join("".join(b.text for b in line) for line in lines)
        confidence = min((b.score for b in placed[i]), default=None)
        out.append(Cell(row, col, text, rowspan, colspan, confidence))
        positioned.boxes[(row, col)] = (float(x0), float(x1))
        if row + rowspan - 1 >= last_row and lines:
            positioned.fill[(row, col)] = (max(b.x1 for b in lines[-1]) - x0) / max(1.0, x1 - x0)
    # rows are listed top to bottom, cells left to right, as the grid expects
    out.sort(key=lambda c: (c.row, c.col))
    positioned.fill = {k: v for k, v in positioned.fill.items() if k[0] == last_row}
    return positioned, used


def _character_width(boxes: list[_Box]) -> float:
    """The page's width of one Chinese character, from boxes of unbroken text."""
    widths = sorted((b.x1 - b.x0) / borderless.units(b.text) for b in boxes
                    if " " not in b.text.strip() and borderless.units(b.text) >= 2)
    return widths[len(widths) // 2] if widths else 0.0


def _run(ink, box: _Box) -> borderless.Run:
    """A detected box as a run, its left and right edges moved to where its ink is: the detector's
    box may reach a character's width into the paper beside the text, enough to make a column."""
    import numpy as np

    x0, x1 = int(max(0, box.x0)), int(box.x1)
    band = ink[int(max(0, box.y0)):int(box.y1), x0:x1]
    inked = np.flatnonzero(band.any(axis=0)) if band.size else np.array([])
    left, right = (x0 + inked[0], x0 + inked[-1] + 1) if inked.size else (box.x0, box.x1)
    return borderless.Run(box.text.strip(), float(left), float(right), box.y0, box.y1, box.score)


def _joined(runs: list[borderless.Run], unit: float) -> list[borderless.Run]:
    """Neighbouring boxes that nearly touch are one run (the detector splits a line where Latin
    and Chinese characters meet: `覆盖5G` | `基站的行政村`); two cells are further apart."""
    out: list[borderless.Run] = []
    for run in runs:
        prev = out[-1] if out else None
        if prev is not None and 0 <= run.x0 - prev.x1 < 0.3 * unit:  # overlap: a loose box, not one text
            out[-1] = borderless.Run(prev.text + run.text, prev.x0, max(prev.x1, run.x1), min(prev.top, run.top),
                                     max(prev.bottom, run.bottom), min(prev.confidence, run.confidence))
        else:
            out.append(run)
    return out


def _unread_glyphs(gray, ink, lines: list[ocr_engine.Line]) -> list[ocr_engine.Line]:
    """Lone signs the detector missed on a form without ruling lines (where no empty cell can
    point at them): a glyph-sized blob of ink on a text row, outside every detected line, read
    beside a line already read with confidence (ocr_engine.recognise_with_context)."""
    import cv2
    import numpy as np

    if not lines:
        return []
    size = float(np.median([l.height for l in lines]))
    dark = (ink * 255).astype("uint8")
    # the two bars of ＝ (or the parts of ≥) as one blob
    merged = cv2.dilate(dark, cv2.getStructuringElement(cv2.MORPH_RECT, (3, max(3, int(size / 3)))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(merged, connectivity=8)
    covered = np.zeros_like(dark)
    for line in lines:
        x0, y0, x1, y1 = (int(round(v)) for v in line.bbox)
        covered[max(0, y0):y1, max(0, x0):x1] = 1
    found = []
    least_ink = 0.03 * size * size  # a sign's strokes; a speck of scanner noise has less
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if not (0.3 * size <= max(w, h) and w <= 1.5 * size and h <= 1.3 * size):
            continue
        if covered[y:y + h, x:x + w].any() or np.count_nonzero(dark[y:y + h, x:x + w]) < least_ink:
            continue
        cy = y + h / 2
        if not any(l.bbox[1] <= cy <= l.bbox[3] for l in lines):
            continue  # not on a row of text: a mark, not a sign
        found.append(_box_line(x - 4, y - 4, x + w + 4, y + h + 4))
    if not found or len(found) > MAX_UNREAD_GLYPHS:
        return []  # none, or so many that they are the page's noise, not lone signs
    rgb = _rgb(gray)
    sure = [l for l in lines if l.score >= 0.98 and l.text.strip().replace(".", "").isdigit()][:3] or \
        [l for l in lines if l.score >= 0.98][:3]
    results = ocr_engine.recognise_with_context([ocr_engine.crop(rgb, l) for l in found + sure])
    for line, (text, score) in zip(found, results):
        line.text, line.score = text, score
    return [l for l in found if l.score >= ocr_engine.MIN_SCORE and l.text.strip() and not l.text.strip().isalnum()]


def _looks_like_form(boxes: list[_Box]) -> bool:
    return bool(vocabulary().form_hint.search(squash("".join(b.text for b in boxes))))


def ocr_page(image, page_no: int) -> list[tuple[float, object]]:
    """Tables and text lines of one page image, each with its vertical position (none for a
    page without ink, which no model is asked to read)."""
    if scan_image.is_blank(image):
        return []
    gray = scan_image.to_gray(image)
    bilevel = scan_image.is_bilevel(gray)
    gray = scan_image.clean(gray)
    gray = scan_image.rotate(gray, scan_image.skew_angle(gray))
    gray, lines, tables = read_lines(gray, bilevel)
    boxes = _boxes(lines)
    ink = None  # the page's ink mask, made when a form without rules needs it
    if not tables and _looks_like_form(boxes):
        ink = scan_image.ink(gray)
        boxes += _boxes(_unread_glyphs(gray, ink, lines))
    items: list[tuple[float, object]] = []
    used: set[int] = set()
    for cells in tables:
        positioned, taken = _table_from_cells(cells, [b for n, b in enumerate(boxes) if n not in used], page_no)
        remaining = [n for n in range(len(boxes)) if n not in used]
        used |= {remaining[k] for k in taken}
        items.append((positioned.top, positioned))
    free = _lines_of([b for n, b in enumerate(boxes) if n not in used])
    taken = set()
    if _looks_like_form([b for line in free for b in line]):  # a form printed without rules
        ink = scan_image.ink(gray) if ink is None else ink
        unit = _character_width([b for line in free for b in line])
        runs = [_joined([_run(ink, b) for b in line], unit) for line in free]
        for first, last, positioned in borderless.find_tables(runs, page_no):
            items.append((positioned.top, positioned))
            taken.update(range(first, last + 1))
    for n, line in enumerate(free):
        if n not in taken:
            text = "".join(b.text for b in line)
            items.append((min(b.y0 for b in line), TextBlock(text, page=page_no, confidence=min(b.score for b in line))))
    items.sort(key=lambda item: item[0])
    return items


def render_pdf_page(pdf, index: int, dpi: int = RENDER_DPI):
    """A PDF page as an RGB array at `dpi`, in colour so that a red seal can be told from text."""
    page = pdf[index]
    try:
        return page.render(scale=dpi / 72, rev_byteorder=True).to_numpy()[:, :, :3]
    finally:
        page.close()


def read_image(path: Path) -> Document:
    """PNG, JPEG or TIFF (every frame): each image one page."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from budget_declarations.extract.assemble import assemble

    try:
        with Image.open(path) as image:
            pages = []
            for n, frame in enumerate(ImageSequence.Iterator(image), start=1):
                pages.append([item for _, item in ocr_page(frame, n)])
    except (UnidentifiedImageError, OSError) as exc:
        raise UnreadableFile(f"not a readable image ({exc})") from None
    document = assemble(pages, source_format="image", page_count=len(pages))
    document.ocr_pages = list(range(1, len(pages) + 1))
    return document
