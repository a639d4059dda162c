"""Tables of a PDF page from pdfium's own page objects: pdfplumber's table finder without pdfminer.

pdfplumber needs two things from a page to find and read its tables: the characters (text and
box) and the edges of ruling lines.  It gets them by parsing the page with pdfminer, which is
most of its cost.  pdfium has both at hand: character boxes from its text page (origin and advance; baseline and
font size) and path objects with their segments.  `ObjectsPage` offers them in pdfplumber's shapes, so that pdfplumber's own
`TableFinder`, `Table.extract` and text-line grouping run unchanged on them: the same algorithm,
only the parsing differs.

Paths become edges the way pdfminer classifies them (a painted path split at each move; one
segment a line, an axis-aligned closed four-segment path a rectangle with four edges, anything
else a curve whose consecutive points give edges).  Spaces: pdfium and pdfminer disagree on
space characters (pdfium synthesises some, drops others), so none is passed on; pdfplumber puts
a space wherever glyphs stand apart.  `objects_page()` returns None where this route is not to
be trusted (a rotated page, form XObjects or shadings, Bézier curves, rotated text, characters
pdfium cannot place); the reader then uses pdfplumber itself.  tests/test_pdf_routes.py checks both routes give the same rows.
"""
from __future__ import annotations

import bisect
import ctypes
from functools import lru_cache
from typing import Any

_TOLERANCE = 1e-6


class ObjectsPage:
    """The parts of `pdfplumber.page.Page` that table finding and text lines use."""

    def __init__(self, chars: list[dict], edges: list[dict], width: float, height: float):
        self.chars = chars
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)
        self.width = width
        self.height = height

    def find_tables(self):
        from .plumber_fast import find_tables

        return find_tables(self)

    def filter(self, keep) -> "ObjectsPage":
        return ObjectsPage([c for c in self.chars if keep(c)], self.edges, self.width, self.height)

    def extract_text_lines(self, strip: bool = True, return_chars: bool = False) -> list[dict]:
        from pdfplumber import utils

        textmap = utils.chars_to_textmap(self.chars, layout_bbox=self.bbox, layout_width=self.width,
                                         layout_height=self.height)
        return textmap.extract_text_lines(strip=strip, return_chars=return_chars)

    def close(self) -> None:
        self.chars = []
        self.edges = []


_NOT_PRINTED = frozenset((0, 0x20, 0x0D, 0x0A, 0x09, 0x3000, 0xA0, 0xFFFE, 0xFFFF))
_P, _I = ctypes.c_void_p, ctypes.c_int


@lru_cache(maxsize=None)
def c_function(name: str, restype, *argtypes):
    """A pdfium function taking plain addresses (`handle_address`) instead of pypdfium2's typed
    pointers: half the cost of a call, which matters for the calls made for every character."""
    import pypdfium2.raw as raw

    return ctypes.cast(getattr(raw, name), ctypes.CFUNCTYPE(restype, *argtypes))


def handle_address(handle) -> int:
    """The address of a pypdfium2 handle (`textpage.raw`), for functions from `c_function`."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _object_heights():
    """The font height of a text object in page units (its size times its vertical scale), or
    None for text that is not upright (rotated, mirrored), as a function of the object's address,
    with its ctypes buffers made once per page.

    A character's box is taken from its baseline up by the font size, whatever the font: the
    fonts' own descents differ (CJK and Latin fonts on one line, punctuation drawn from a
    fallback font), and using them would set characters of one printed line at different
    heights.  pdfminer reports the same box for the CJK fonts of our documents.  The object's
    matrix is the one pdfium gives its characters, so one test per object replaces a
    character-angle call per character."""
    import pypdfium2.raw as raw

    size, matrix = ctypes.c_float(), raw.FS_MATRIX()
    size_ref, matrix_ref = ctypes.byref(size), ctypes.byref(matrix)
    font_size = c_function("FPDFTextObj_GetFontSize", _I, _P, _P)
    object_matrix = c_function("FPDFPageObj_GetMatrix", _I, _P, _P)

    def font_height(obj: int) -> float | None:
        if not font_size(obj, size_ref) or not object_matrix(obj, matrix_ref):
            return None
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        if a <= 0 or d <= 0 or abs(b) > 1e-3 * a or abs(c) > 1e-3 * d:
            return None
        return size.value * (c * c + d * d) ** 0.5

    return font_height


def page_chars(page, textpage, edges: list[dict] | None = None) -> list[dict] | None:
    """Every non-space character in top-down coordinates: left and right from pdfium's loose box
    (origin and advance), top and bottom from the baseline and font size; None when some character
    is not upright or cannot be placed (the page is then left to pdfplumber).

    The ctypes calls are most of this function's time: the characters' codes come from one call
    for the page's text (where it has one character per index), functions taking plain
    addresses are bound once, and what is known per text object is asked once per object."""
    import pypdfium2.raw as raw

    height = page.get_height()
    count = raw.FPDFText_CountChars(textpage.raw)
    tp = handle_address(textpage.raw)
    text = textpage.get_text_range() or ""
    codes = [ord(ch) for ch in text] if len(text) == count else None
    rect, ox, oy = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    rect_ref, ox_ref, oy_ref = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
    unicode_of = c_function("FPDFText_GetUnicode", ctypes.c_uint, _P, _I)
    generated = c_function("FPDFText_IsGenerated", _I, _P, _I)
    address_of = c_function("FPDFText_GetTextObject", _P, _P, _I)  # an int: a cheap cache key
    loose_box = c_function("FPDFText_GetLooseCharBox", _I, _P, _I, _P)
    origin = c_function("FPDFText_GetCharOrigin", _I, _P, _I, _P, _P)
    heights: dict[int, float | None] = {}
    clips: dict[int, tuple[float, float, float, float] | None] = {}
    font_height = _object_heights()
    risky = clip_risk(edges or [])
    placed_chars: list[tuple[int, str, float, float, float, float]] = []
    for i in range(count):
        code = codes[i] if codes is not None else unicode_of(tp, i)
        if code in _NOT_PRINTED or generated(tp, i):
            continue
        key = address_of(tp, i)
        if not key:
            return None
        size = heights[key] if key in heights else heights.setdefault(key, font_height(key))
        if size is None:
            return None  # rotated or mirrored text: pdfminer's boxes differ, let pdfplumber read the page
        if not loose_box(tp, i, rect_ref) or not origin(tp, i, ox_ref, oy_ref):
            return None
        try:
            ch = chr(code)
        except ValueError:
            return None
        left, right, bottom = rect.left, rect.right, height - oy.value
        top = bottom - size
        placed_chars.append((key, ch, left, right, top, bottom))
    # where a character may be hidden by its clip (clip_risk)
    asked = {key for key, _, left, right, top, bottom in placed_chars if risky is None or risky(left, right, top, bottom)}
    chars = []
    for key, ch, left, right, top, bottom in placed_chars:
        if key in asked:
            clip = clips[key] if key in clips else clips.setdefault(key, clip_box(key, height))
            if clip is not None:
                placed = _within(clip, left, right, top, bottom)
                if placed is None:
                    continue  # drawn where its clip hides it: no text of this page (a merged cell's other page)
                left, right = placed
        chars.append({
            "object_type": "char", "text": ch, "x0": left, "x1": right, "top": top, "bottom": bottom,
            "doctop": top, "width": right - left, "height": bottom - top, "size": bottom - top, "upright": True,
            "matrix": (1, 0, 0, 1, left, bottom),
        })
    if edges:
        _keep_overflow_in_line(chars, sorted((e["x0"], e["top"], e["bottom"]) for e in edges if e.get("orientation") == "v"))
    return chars


def _keep_overflow_in_line(chars: list[dict], verticals: list[tuple[float, float, float]]) -> None:
    """A character drawn across a column rule with no clip to tell its cell (a goal's last
    character running past its cell, `…专` | `项` over the 一级 cell): cell text never crosses a
    rule and runs left to right, so a character that follows its line's previous one, drawn left
    of the rule, is that cell's.  Without this, its middle decides and `项` is read as the start
    of `项产出指标`."""
    xs = [x for x, _, _ in verticals]
    for i, ch in enumerate(chars):
        left, right = ch["x0"], ch["x1"]
        middle = (ch["top"] + ch["bottom"]) / 2
        k = bisect.bisect_left(xs, left + 0.5)
        while k < len(xs) and xs[k] <= right - 0.5 and not verticals[k][1] <= middle <= verticals[k][2]:
            k += 1  # a rule of another row or table, above or below the character
        if k >= len(xs) or xs[k] > right - 0.5:
            continue
        rule, width = xs[k], right - left
        before = chars[i - 1] if i else None
        if before and _touches(before, ch) and before["x1"] <= rule + 0.5 and (left + right) / 2 > rule:
            ch.update(x0=rule - width, x1=rule, matrix=(1, 0, 0, 1, rule - width, ch["bottom"]))


def _touches(a: dict, b: dict) -> bool:
    """`b` follows `a` on the same line (baselines within a third of a character: `(%)` mixes
    sizes), with no more than half a character's gap."""
    return abs(a["bottom"] - b["bottom"]) < a["height"] / 3 and -0.5 * a["width"] <= b["x0"] - a["x1"] <= 0.5 * a["width"]


@lru_cache(maxsize=1)
def _clip_functions():
    x, y = ctypes.c_float(), ctypes.c_float()
    return (c_function("FPDFPageObj_GetClipPath", _P, _P), c_function("FPDFClipPath_CountPaths", _I, _P),
            c_function("FPDFClipPath_CountPathSegments", _I, _P, _I),
            c_function("FPDFClipPath_GetPathSegment", _P, _P, _I, _I),
            c_function("FPDFPathSegment_GetPoint", _I, _P, _P, _P), ctypes.byref(x), ctypes.byref(y), x, y)


def clip_box(obj: int, height: float) -> tuple[float, float, float, float] | None:
    """The box a page object's clip path leaves visible (x0, top, x1, bottom, top-down), or None
    when it has none: the intersection of its clip paths' bounding boxes."""
    get_clip, count_paths, count_segments, segment, point, x_ref, y_ref, x, y = _clip_functions()
    clip = get_clip(obj)
    if not clip:
        return None
    box: list[float] | None = None
    for p in range(count_paths(clip)):
        xs, ys = [], []
        n = count_segments(clip, p)
        # a rectangle (four or five segments) is known by two opposite corners
        for i in ((0, 2) if n in (4, 5) else range(n)):
            seg = segment(clip, p, i)
            if not seg or not point(seg, x_ref, y_ref):
                return None
            xs.append(x.value)
            ys.append(height - y.value)
        if not xs:
            continue
        part = [min(xs), min(ys), max(xs), max(ys)]
        box = part if box is None else [max(box[0], part[0]), max(box[1], part[1]), min(box[2], part[2]), min(box[3], part[3])]
    return tuple(box) if box is not None else None  # type: ignore[return-value]


def clip_risk(edges: list[dict]):
    """Where a character may be hidden by its clip path: across a ruling line (text overflowing its
    cell), outside the ruled area (a merged cell's text printed again beyond the page's area), or in
    the band of the ruled area's first rows (that text printed again under a header that repeats at
    the top of the next page).  Asking pdfium for the clip of every text object costs as much as
    reading the characters; only these are asked.  None when the page has no ruling lines (then
    every character is asked)."""
    if not edges:
        return None
    verticals = sorted(e["x0"] for e in edges if e.get("orientation") == "v")
    horizontals = sorted(e["top"] for e in edges if e.get("orientation") == "h")
    x0, top = min(e["x0"] for e in edges), min(e["top"] for e in edges)
    x1, bottom = max(e["x1"] for e in edges), max(e["bottom"] for e in edges)
    rules = sorted({round(y) for y in horizontals})
    header_band = rules[min(3, len(rules) - 1)] if rules else top

    def crosses(lines: list[float], a: float, b: float) -> bool:
        i = bisect.bisect_left(lines, a + 0.5)
        return i < len(lines) and lines[i] <= b - 0.5

    def risky(left: float, right: float, char_top: float, char_bottom: float) -> bool:
        cx, cy = (left + right) / 2, (char_top + char_bottom) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom) or cy <= header_band:
            return True
        return crosses(verticals, left, right) or crosses(horizontals, char_top, char_bottom)

    return risky


def _within(clip: tuple[float, float, float, float], left: float, right: float, top: float,
            bottom: float) -> tuple[float, float] | None:
    """A character against its clip box: None when none of it shows, or less than half of its
    height (hidden: a merged cell's text printed again on the next page, outside the page's area);
    else its left and right, moved
    inside the box when it runs past the box's side (text overflowing its cell, `一般性支出情` |
    `况`: the character is its cell's, not the next cell's)."""
    x0, y0, x1, y1 = clip
    pad = 0.5
    if right <= x0 - pad or left >= x1 + pad or not y0 - pad <= (top + bottom) / 2 <= y1 + pad:
        return None  # (a line cut through at the page's top or bottom rule shows less than half: it was read on its page)
    middle = (left + right) / 2
    if middle <= x1 and middle >= x0:
        return left, right
    width = right - left
    if middle > x1:
        return x1 - width, x1
    return x0, x0 + width


def _edge(kind: str, x0: float, x1: float, top: float, bottom: float, orientation: str | None) -> dict[str, Any]:
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _subpaths(obj, height: float) -> list[list[tuple[float, float, bool]]] | None:
    """The path's segments in page coordinates (top-down), split at each move-to."""
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return None
    a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
    out: list[list[tuple[float, float, bool]]] = []  # (x, y, closes the subpath)
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            return None
        kind = raw.FPDFPathSegment_GetType(seg)
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        closes = bool(raw.FPDFPathSegment_GetClose(seg))
        if kind == raw.FPDF_SEGMENT_MOVETO or not out:
            out.append([(px, height - py, closes)])
        elif kind == raw.FPDF_SEGMENT_LINETO:
            out[-1].append((px, height - py, closes))
        else:
            return None  # a Bézier curve: rare in forms, left to pdfplumber
    return out


def _painted(obj) -> bool:
    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return False
    return bool(fill.value) or bool(stroke.value)


def _edges_of(points: list[tuple[float, float, bool]]) -> list[dict]:
    """pdfminer's reading of one subpath: a line, a rectangle or a curve; as pdfplumber edges."""
    pts = [(x, y) for x, y, _ in points]
    closed = points[-1][2]
    if closed and pts[0] != pts[-1]:
        pts.append(pts[0])
    if len(pts) == 2:
        (x0, y0), (x1, y1) = pts
        orientation = "h" if abs(y0 - y1) < _TOLERANCE else "v"
        return [_edge("line", min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1), orientation)]
    if len(pts) == 5 and abs(pts[0][0] - pts[4][0]) < _TOLERANCE and abs(pts[0][1] - pts[4][1]) < _TOLERANCE:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
        is_rect = ((abs(x0 - x1) < _TOLERANCE and abs(y1 - y2) < _TOLERANCE and abs(x2 - x3) < _TOLERANCE
                    and abs(y3 - y0) < _TOLERANCE)
                   or (abs(y0 - y1) < _TOLERANCE and abs(x1 - x2) < _TOLERANCE and abs(y2 - y3) < _TOLERANCE
                       and abs(x3 - x0) < _TOLERANCE))
        if is_rect:
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            return [
                _edge("rect_edge", left, right, top, top, "h"),
                _edge("rect_edge", left, right, bottom, bottom, "h"),
                _edge("rect_edge", left, left, top, bottom, "v"),
                _edge("rect_edge", right, right, top, bottom, "v"),
            ]
    edges = []
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        orientation = "v" if x0 == x1 else ("h" if y0 == y1 else None)
        edges.append(_edge("curve_edge", min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1), orientation))
    return edges


def page_edges(page) -> list[dict] | None:
    """Edges of every painted path on the page; None where the page holds what this route does
    not read the way pdfminer does (form XObjects, Bézier curves, unreadable segments)."""
    import pypdfium2.raw as raw

    height = page.get_height()
    edges: list[dict] = []
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM or kind == raw.FPDF_PAGEOBJ_SHADING:
            return None
        if kind != raw.FPDF_PAGEOBJ_PATH or not _painted(obj):
            continue
        subpaths = _subpaths(obj, height)
        if subpaths is None:
            return None
        for points in subpaths:
            if len(points) >= 2:
                edges.extend(_edges_of(points))
    return edges


def objects_page(page, textpage) -> ObjectsPage | None:
    """The page for pdfplumber's table finder from pdfium alone (`textpage`: the page's open text
    page), or None when it cannot be."""
    if page.get_rotation() % 360:
        return None
    edges = page_edges(page)
    if edges is None:
        return None
    chars = page_chars(page, textpage, edges)
    if chars is None:
        return None
    return ObjectsPage(chars, edges, page.get_width(), page.get_height())
