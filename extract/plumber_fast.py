"""Two of pdfplumber's algorithms, the same results in less time.

On a form page most of the reading time after parsing goes to two pdfplumber functions that
redo work in inner loops: `intersections_to_cells` builds the set of edge boxes of both points
every time it asks whether two points are joined by an edge, and `utils.extract_text` runs its
general word extractor (any direction, rotated text, layout mode) for every table cell.  These
are the same algorithms with the work done once: the results are identical (tests compare both
on random input and on every sample PDF), only the time differs.  pdfplumber's own functions
stay in use for anything outside these defaults (rotated characters, other settings).
"""
from __future__ import annotations

from operator import itemgetter
from typing import Any

_TOLERANCE = 3  # pdfplumber's DEFAULT_X_TOLERANCE and DEFAULT_Y_TOLERANCE
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

Point = tuple[float, float]
Box = tuple[float, float, float, float]


def intersections_to_cells(intersections: dict[Point, dict[str, list[dict[str, Any]]]]) -> list[Box]:
    """pdfplumber.table.intersections_to_cells: the smallest cell whose top-left corner is each
    point, with each point's edge boxes made into sets once instead of at every comparison."""
    bbox = itemgetter("x0", "top", "x1", "bottom")
    vertical = {p: {bbox(e) for e in found["v"]} for p, found in intersections.items()}
    horizontal = {p: {bbox(e) for e in found["h"]} for p, found in intersections.items()}

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]):
            return True
        return p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])

    points = sorted(intersections)
    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for p in points:  # sorted, so each list is in the order pdfplumber scans `rest`
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)
    cells = []
    for pt in points[:-1]:
        below = [p for p in by_x[pt[0]] if p > pt]
        right = [p for p in by_y[pt[1]] if p > pt]
        cell = _smallest_cell(pt, below, right, intersections, connects)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(pt: Point, below: list[Point], right: list[Point], intersections, connects) -> Box | None:
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


def _clusters(values: list[float]) -> dict[float, int]:
    """pdfplumber's make_cluster_dict: sorted distinct values chained while each is within the
    tolerance of the one before."""
    index: dict[float, int] = {}
    group, last = -1, None
    for v in sorted(set(values)):
        if last is None or v > last + _TOLERANCE:
            group += 1
        index[v] = group
        last = v
    return index


def _by_line(objs: list[dict], key: str) -> list[list[dict]]:
    """pdfplumber's cluster_objects on `key` (stable: objects keep their order within a line)."""
    index = _clusters([o[key] for o in objs])
    lines: dict[int, list[dict]] = {}
    for o in sorted(objs, key=lambda o: index[o[key]]):
        lines.setdefault(index[o[key]], []).append(o)
    return list(lines.values())


def cell_text(chars: list[dict]) -> str:
    """pdfplumber.utils.extract_text(chars) with its defaults, for upright characters.

    Lines by the characters' tops, characters left to right, a word broken where a character
    starts left of the one before, more than 3 pt right of its end or 3 pt above or below it;
    words grouped into lines again by their tops and joined by spaces.  Falls back to pdfplumber
    for anything else (rotated characters)."""
    if not chars:
        return ""
    if not all(c["upright"] for c in chars):
        from pdfplumber import utils

        return utils.extract_text(chars)
    words: list[dict] = []
    for line in _by_line(chars, "top"):
        line.sort(key=itemgetter("x0"))
        word: list[dict] = []
        for ch in line:
            text = ch["text"]
            if text.isspace():
                _close(word, words)
                word = []
                continue
            if word:
                prev = word[-1]
                if ch["x0"] < prev["x0"] or ch["x0"] > prev["x1"] + _TOLERANCE or abs(ch["top"] - prev["top"]) > _TOLERANCE:
                    _close(word, words)
                    word = []
            word.append(ch)
        _close(word, words)
    return "\n".join(" ".join(w["text"] for w in line) for line in _by_line(words, "top"))


def _close(word: list[dict], words: list[dict]) -> None:
    if word:
        words.append({"text": "".join(_LIGATURES.get(c["text"], c["text"] or "") for c in word),
                      "top": min(c["top"] for c in word)})


def find_tables(page) -> list:
    """pdfplumber's `page.find_tables()` (default settings) with the cells found as above."""
    from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections

    finder = TableFinder.__new__(TableFinder)
    finder.page = page
    finder.settings = TableSettings.resolve(None)
    finder.edges = finder.get_edges()
    finder.intersections = edges_to_intersections(finder.edges, finder.settings.intersection_x_tolerance,
                                                  finder.settings.intersection_y_tolerance)
    finder.cells = intersections_to_cells(finder.intersections)
    return [Table(page, group) for group in cells_to_tables(finder.cells)]
