"""Pictures of the source page region a project's values came from, for the reviewer's report.

The page is rendered from the source file (PDF pages with pdfium, image files as they are), its
table cells are found the way the scan route finds them (ruling lines) and outlined, and the
picture is cropped to the tables (the whole page when none is found) and stored as a small JPEG
data URI.  Every failure (file moved, damaged, unreadable) gives no picture, never an error.
"""
from __future__ import annotations

import base64
import io
from pathlib import Path

DPI = 110
MAX_WIDTH = 900


def _page_image(path: Path, page: int):
    """RGB array of page `page` (1-based) of a PDF or image file, or None."""
    import numpy as np

    suffix = path.suffix.lower()
    if suffix == ".pdf":
        import pypdfium2 as pdfium

        from budget_declarations.extract.ocr import render_pdf_page

        pdf = pdfium.PdfDocument(str(path))
        try:
            return render_pdf_page(pdf, page - 1, DPI).copy() if 1 <= page <= len(pdf) else None
        finally:
            pdf.close()
    from PIL import Image, ImageSequence

    with Image.open(path) as image:
        for n, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if n == page:
                frame = frame.convert("RGB")
                scale = min(1.0, MAX_WIDTH * 1.5 / frame.width)
                if scale < 1:
                    frame = frame.resize((int(frame.width * scale), int(frame.height * scale)))
                return np.array(frame)
    return None


def _outlined(rgb):
    """The page with its table cells outlined, cropped to the tables."""
    import cv2

    from budget_declarations.extract import scan_image

    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    tables = scan_image.table_cells(gray)
    out = rgb.copy()
    if not tables:
        return out
    for cells in tables:
        for x0, y0, x1, y1 in cells:
            cv2.rectangle(out, (x0 + 1, y0 + 1), (x1 - 1, y1 - 1), (220, 60, 40), 1)
    x0 = min(c[0] for t in tables for c in t)
    y0 = min(c[1] for t in tables for c in t)
    x1 = max(c[2] for t in tables for c in t)
    y1 = max(c[3] for t in tables for c in t)
    pad = 12
    return out[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad]


def picture(path: Path, pages: list[int]) -> str | None:
    """A JPEG data URI showing the given pages' tables one below the other, or None."""
    import numpy as np

    try:
        parts = [p for p in (_page_image(path, n) for n in pages[:2]) if p is not None]
        if not parts:
            return None
        parts = [_outlined(p) for p in parts]
        width = max(p.shape[1] for p in parts)
        padded = [np.pad(p, ((0, 8), (0, width - p.shape[1]), (0, 0)), constant_values=255) for p in parts]
        from PIL import Image

        image = Image.fromarray(np.vstack(padded))
        if image.width > MAX_WIDTH:
            image = image.resize((MAX_WIDTH, int(image.height * MAX_WIDTH / image.width)))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=70)
        return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    except Exception:  # noqa: BLE001 - a picture is a convenience; the report goes on without it
        return None
