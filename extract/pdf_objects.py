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

import ctypes
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
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(None)).tables

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


def _char(text: str, left: float, right: float, top: float, bottom: float) -> dict[str, Any]:
    return {
        "object_type": "char", "text": text, "x0": left, "x1": right, "top": top, "bottom": bottom,
        "doctop": top, "width": right - left, "height": bottom - top, "size": bottom - top, "upright": True,
        "matrix": (1, 0, 0, 1, left, bottom),
    }


def _font_height(obj, cache: dict) -> float:
    """The font size of one text object in page units (its size times its vertical scale).

    A character's box is taken from its baseline up by the font size, whatever the font: the
    fonts' own descents differ (CJK and Latin fonts on one line, punctuation drawn from a
    fallback font), and using them would set characters of one printed line at different
    heights.  pdfminer reports the same box for the CJK fonts of our documents."""
    import pypdfium2.raw as raw

    key = ctypes.cast(obj, ctypes.c_void_p).value
    if key not in cache:
        size = ctypes.c_float()
        matrix = raw.FS_MATRIX()
        raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
        raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
        cache[key] = size.value * (matrix.c ** 2 + matrix.d ** 2) ** 0.5
    return cache[key]


def page_chars(page, textpage) -> list[dict] | None:
    """Every non-space character in top-down coordinates: left and right from pdfium's loose box
    (origin and advance), top and bottom from the baseline and font size; None when some character
    is rotated or cannot be placed (the page is then left to pdfplumber)."""
    import pypdfium2.raw as raw

    height = page.get_height()
    count = textpage.count_chars()
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    fonts: dict = {}
    chars = []
    for i in range(count):
        code = raw.FPDFText_GetUnicode(textpage.raw, i)
        if code in (0, 0x20, 0x0D, 0x0A, 0x09, 0x3000, 0xA0, 0xFFFE, 0xFFFF):
            continue
        if raw.FPDFText_IsGenerated(textpage.raw, i):
            continue
        if raw.FPDFText_GetCharAngle(textpage.raw, i) > 1e-3:
            return None  # rotated text: pdfminer's boxes differ, let pdfplumber read the page
        obj = raw.FPDFText_GetTextObject(textpage.raw, i)
        if (not obj or not raw.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect))
                or not raw.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(ox), ctypes.byref(oy))):
            return None
        try:
            text = chr(code)
        except ValueError:
            return None
        size = _font_height(obj, fonts)
        chars.append(_char(text, rect.left, rect.right, height - (oy.value + size), height - oy.value))
    return chars


def _edge(kind: str, x0: float, x1: float, top: float, bottom: float, orientation: str | None) -> dict[str, Any]:
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _subpaths(obj, height: float) -> list[list[tuple[float, float, bool]]] | None:
    """The path's segments in page coordinates (top-down), split at each move-to."""
    import pypdfium2.raw as raw

    m = obj.get_matrix()
    a, b, c, d, e, f = m.get()
    out: list[list[tuple[float, float, bool]]] = []  # (x, y, closes the subpath)
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(raw.FPDFPath_CountSegments(obj.raw)):
        seg = raw.FPDFPath_GetPathSegment(obj.raw, i)
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
    if not raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke)):
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
    for obj in page.get_objects(max_depth=1):
        if obj.type == raw.FPDF_PAGEOBJ_FORM or obj.type == raw.FPDF_PAGEOBJ_SHADING:
            return None
        if obj.type != raw.FPDF_PAGEOBJ_PATH or not _painted(obj):
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
    chars = page_chars(page, textpage)
    if chars is None:
        return None
    return ObjectsPage(chars, edges, page.get_width(), page.get_height())
