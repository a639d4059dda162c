"""OCR route for pages without a text layer (scanned PDFs) and for image files.

Engine: RapidOCR (`rapidocr-onnxruntime`), the PaddleOCR PP-OCRv4 Chinese detection and
recognition models run by ONNX Runtime.  Its wheel carries the models, so nothing is downloaded at
run time, and it reads printed Chinese far better than Tesseract's chi_sim.  OpenCV finds the
table grid from the ruling lines in the image.

Per page: grayscale, denoise, deskew (from the ruling lines, else from the text), find tables
(cells as connected regions between ruling lines, spans from their edges), OCR the page once,
and place every text box in its cell by its centre; text outside tables becomes lines.  Every
cell and line carries the lowest confidence of the text in it.  Domain repairs (labels snapped to
the taxonomy, targets mended) run afterwards on the whole document, once page breaks are repaired
(normalize/ocr_repair.py).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from budget_declarations.extract.errors import NeedsTool, UnreadableFile
from budget_declarations.extract.model import Cell, Document, Table, TextBlock
from budget_declarations.extract.tables import PositionedTable

RENDER_DPI = 200
_ENGINE = None


UNAVAILABLE = (
    "OCR is not available here: install rapidocr-onnxruntime (it comes with this package) and, on "
    "minimal systems, the OpenGL library OpenCV loads (apt-get install libgl1)"
)


def available() -> bool:
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _engine():
    global _ENGINE
    if _ENGINE is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise NeedsTool(UNAVAILABLE) from None
        threads = int(os.environ.get("DECL_OCR_THREADS", "0")) or -1
        _ENGINE = RapidOCR(
            det_limit_side_len=1600, det_limit_type="max", text_score=0.3,
            intra_op_num_threads=threads, inter_op_num_threads=1,
        )
    return _ENGINE


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


# -- image preparation -----------------------------------------------------------------------
def prepare(gray):
    """Denoise JPEG speckle and straighten a slightly rotated scan."""
    import cv2

    gray = cv2.medianBlur(gray, 3)
    angle = skew_angle(gray)
    if abs(angle) >= 0.05:
        h, w = gray.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        gray = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return gray


def skew_angle(gray) -> float:
    """Degrees to rotate by (counter-clockwise positive) so that long lines are horizontal."""
    import cv2
    import numpy as np

    bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    h, w = bw.shape
    lines = cv2.HoughLinesP(bw, 1, np.pi / 3600, threshold=max(100, w // 6), minLineLength=w // 4, maxLineGap=4)
    angles = []
    if lines is not None:
        for x1, y1, x2, y2 in np.asarray(lines).reshape(-1, 4):
            if x2 != x1:
                a = np.degrees(np.arctan2(y2 - y1, x2 - x1))
                if abs(a) < 5:
                    angles.append(a)
    if angles:
        return float(np.median(angles))
    coords = np.column_stack(np.where(bw > 0))
    if len(coords) < 100:
        return 0.0
    rect = cv2.minAreaRect(coords[:, ::-1].astype("float32"))
    a = rect[-1]
    a = a - 90 if a > 45 else a
    return float(a) if abs(a) < 5 else 0.0


def _line_masks(gray):
    import cv2

    import numpy as np

    # Ruling lines are often hairlines, lighter than text: anything clearly darker than the paper.
    paper = float(np.percentile(gray, 90))
    bw = ((gray < paper - 40) * 255).astype("uint8")
    h, w = bw.shape
    horiz = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(25, w // 35), 1)))
    vert = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(25, h // 70))))
    # bridge the gaps JPEG noise and rotation leave in thin lines
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (41, 1)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 41)))
    grid = cv2.bitwise_or(horiz, vert)
    return cv2.dilate(grid, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)), iterations=1)


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


def find_tables(grid) -> list[list[tuple[int, int, int, int]]]:
    """Each table as the boxes (x0, y0, x1, y1) of its cells, from the ruling-line mask."""
    import cv2

    h, w = grid.shape
    contours, _ = cv2.findContours(grid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    tables = []
    for contour in contours:
        x, y, cw, ch = cv2.boundingRect(contour)
        if cw < w * 0.3 or ch < 30:
            continue
        region = 255 - grid[y:y + ch, x:x + cw]
        n, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=4)
        cells = []
        for i in range(1, n):
            cx, cy, cww, chh, area = stats[i]
            if cww < 8 or chh < 8 or area < 100:
                continue
            if cx == 0 or cy == 0 or cx + cww >= cw or cy + chh >= ch:
                continue  # outside the table's outline
            cells.append((x + cx, y + cy, x + cx + cww, y + cy + chh))
        if len(cells) >= 2:
            tables.append(cells)
    return tables


# -- OCR and assembly ------------------------------------------------------------------------
def _ocr_boxes(image) -> list[_Box]:
    import numpy as np

    # Pages are upright once deskewed; the 180° classifier only turns some wide lines upside down.
    result, _ = _engine()(np.ascontiguousarray(image), use_cls=False)
    boxes = []
    for quad, text, score in result or []:
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        boxes.append(_Box(min(xs), min(ys), max(xs), max(ys), str(text), float(score)))
    return boxes


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


def _table_from_cells(cells: list[tuple[int, int, int, int]], boxes: list[_Box], page_no: int) -> tuple[PositionedTable, set[int]]:
    xs = _cluster([c[0] for c in cells] + [c[2] + 4 for c in cells], 12)
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
        col, row = _nearest(xs, x0), _nearest(ys, y0)
        colspan = max(1, _nearest(xs, x1 + 4) - col)
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


def ocr_page(image, page_no: int) -> list[tuple[float, object]]:
    """Tables and text lines of one page image, each with its vertical position."""
    import cv2
    import numpy as np

    gray = np.array(image.convert("L")) if hasattr(image, "convert") else image
    gray = prepare(gray)
    grid = _line_masks(gray)
    tables = find_tables(grid)
    boxes = _ocr_boxes(cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB))
    items: list[tuple[float, object]] = []
    used: set[int] = set()
    for cells in tables:
        positioned, taken = _table_from_cells(cells, [b for n, b in enumerate(boxes) if n not in used], page_no)
        remaining = [n for n in range(len(boxes)) if n not in used]
        used |= {remaining[k] for k in taken}
        items.append((positioned.top, positioned))
    free = [b for n, b in enumerate(boxes) if n not in used]
    for line in _lines_of(free):
        text = "".join(b.text for b in line)
        items.append((min(b.y0 for b in line), TextBlock(text, page=page_no, confidence=min(b.score for b in line))))
    items.sort(key=lambda item: item[0])
    return items


def render_pdf_page(pdf, index: int):
    """A PDF page as a grayscale image at RENDER_DPI."""
    page = pdf[index]
    try:
        return page.render(scale=RENDER_DPI / 72, grayscale=True).to_pil()
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
                pages.append([item for _, item in ocr_page(frame.convert("L"), n)])
    except (UnidentifiedImageError, OSError) as exc:
        raise UnreadableFile(f"not a readable image ({exc})") from None
    document = assemble(pages, source_format="image", page_count=len(pages))
    document.ocr_pages = list(range(1, len(pages) + 1))
    return document
