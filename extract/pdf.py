"""Reader for PDF files (Word/Excel/WPS exports, whole department budgets) into the block model.

Two engines, each where it is best:
- pypdfium2 (ships with pdfplumber) reads every page's text in milliseconds.  That text decides
  which pages can hold a form, and is the text of all other pages (narratives, budget tables).
- pdfplumber's table finder (ruling lines to cells; its cell boxes give the spans) runs only on
  the pages that can hold a form, fed from pdfium's own page objects (extract/pdf_objects.py), so
  pdfminer does not parse the page; pdfplumber itself reads a page that route cannot explain.

A table that continues on the next page stays a separate block with its own page number (so each
indicator row keeps the page it was printed on).  This reader records the cell boxes and how far
each last-row cell's text reaches; extract/tables.py (through extract/assemble.py) uses them to
drop a repeated header row and to rejoin a row the page break split (`其中：财政资` | `金`).

Page numbers, running headers and footers, and table-of-contents lines are kept out of the text.
Every page is closed after use, so memory stays flat on long files.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import regex

from budget_declarations.extract import borderless, pdf_objects, plumber_fast
from budget_declarations.extract.errors import UnreadableFile
from budget_declarations.extract.model import Cell, Document, Table
from budget_declarations.extract.assemble import assemble
from budget_declarations.extract.tables import PositionedTable
from budget_declarations.normalize.text import squash
from budget_declarations.vocabulary import default as vocabulary

_PAGE_NUMBER = regex.compile(
    r"^[-—–·\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[-—–·\s]*$"
)
_TOC_LINE = regex.compile(r"(?:…{2,}|\.{5,}|·{5,}|－{4,}|-{6,})\s*\d*\s*$")
# Form pages are read from pdfium's page objects (no pdfminer); False reads them all with
# pdfplumber, as tests/test_pdf_routes.py does to prove both routes give the same rows.
OBJECTS_ROUTE = True


def _open_pdfium(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise UnreadableFile("encrypted: the PDF needs a password to open") from None
        if "format" in message or "file" in message:
            raise UnreadableFile(f"damaged PDF: it cannot be opened ({exc})") from None
        raise UnreadableFile(f"damaged PDF ({exc})") from None


def page_has_images(page) -> bool:
    """Whether a page paints an image: a page without text is OCR'd only then (an empty page is
    not a scan)."""
    import pypdfium2.raw as raw

    try:
        return any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))
    except Exception:  # noqa: BLE001 - a damaged object list only means "unknown"
        return False


def needs_ocr(page, text: str) -> bool:
    """Whether the reader OCRs a page: its text layer is empty or blanks only, and it paints an
    image.  The one definition: the reader follows it, and so does the batch's time limit, which
    counts these pages before the file is read (`pages_to_ocr`)."""
    return not text.strip() and page_has_images(page)


def pages_to_ocr(path: Path, limit: int = 2000) -> list[int]:
    """The 1-based numbers of the pages `read_pdf` will OCR (`needs_ocr`), among the first `limit`,
    found cheaply: a page's text is fetched only when it has characters and paints an image (a
    text page without images cannot need OCR).  UnreadableFile as `read_pdf` would raise it."""
    pdf = _open_pdfium(path)
    numbers: list[int] = []
    try:
        for i in range(min(len(pdf), limit)):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                try:
                    if textpage.count_chars() == 0:
                        text = ""
                    elif page_has_images(page):
                        text = textpage.get_text_range() or ""
                    else:
                        continue
                finally:
                    textpage.close()
                if needs_ocr(page, text):
                    numbers.append(i + 1)
            finally:
                page.close()
    finally:
        pdf.close()
    return numbers


def _pdfium_pages(pdf) -> tuple[list[str], list[int], dict[int, list[object]]]:
    """Text of every page, the 1-based numbers of pages that are images without text, and the
    items of the form pages read from their page objects (0-based page -> tables and lines),
    with the page and text page already open for the text."""
    texts: list[str] = []
    image_only: list[int] = []
    forms: dict[int, list[object]] = {}
    for i in range(len(pdf)):
        page = pdf[i]
        try:
            textpage = page.get_textpage()
            try:
                text = visual_order(textpage, textpage.get_text_range() or "")
                if OBJECTS_ROUTE and vocabulary().form_hint.search(squash(text)):
                    found = pdf_objects.objects_page(page, textpage)
                    if found is not None:
                        forms[i] = [item for _, item in _form_page_items(found, i + 1)]
            finally:
                textpage.close()
            if needs_ocr(page, text):
                image_only.append(i + 1)
        finally:
            page.close()
        texts.append(text.replace("\r\n", "\n").replace("\r", "\n"))
    return texts, image_only, forms


# Characters a PDF printer may draw from a fallback font, out of stream order.
_FALLBACK_PUNCTUATION = set("“”‘’\"'《》〈〉（）()【】〔〕「」『』≥≤±×÷·…—～")


def _charbox_reader(textpage):
    """`textpage.get_charbox` (left, bottom, right, top) without pypdfium2's wrapper, which makes
    four doubles a call: a rebuilt page asks for every character's box.  A box pdfium cannot
    give is empty, so the character is left out rather than the page failing."""
    import ctypes

    values = [ctypes.c_double() for _ in range(4)]
    left, right, bottom, top = values
    refs = [ctypes.byref(v) for v in values]
    pointer = ctypes.c_void_p
    get = pdf_objects.c_function("FPDFText_GetCharBox", ctypes.c_int, pointer, ctypes.c_int, pointer, pointer, pointer, pointer)
    handle = pdf_objects.handle_address(textpage.raw)

    def charbox(i: int) -> tuple[float, float, float, float]:
        if not get(handle, i, *refs):
            return 0.0, 0.0, 0.0, 0.0
        return left.value, bottom.value, right.value, top.value

    return charbox


def _misplaced_punctuation(textpage, text: str) -> bool:
    """Whether some punctuation mark stands before the character the stream put ahead of it (on
    its line, or on an earlier line): the cheap test that spares most pages the rebuild."""
    previous = None
    charbox = _charbox_reader(textpage)
    for i, ch in enumerate(text):
        if ch in " \r\n":
            continue
        if ch in _FALLBACK_PUNCTUATION and previous is not None:
            left, bottom, right, top = charbox(i)
            pl, pb, pr, pt = charbox(previous)
            if right > left and pr > pl:
                same_line = min(top, pt) - max(bottom, pb) > 0.1
                if (same_line and left < pl - 0.5 * (pr - pl)) or (not same_line and bottom > pt):
                    return True
        previous = i
    return False


def visual_order(textpage, text: str) -> str:
    """The page's text with every line in the order its glyphs are printed.

    pdfium gives characters in content-stream order; a Word document printed by LibreOffice draws
    full-width quotes (and other fallback-font punctuation) after the rest of the line, so
    `做到“及时制止”` reads `做到及时制止“”`.  Where some line's characters run backwards, the page is
    rebuilt from the character boxes: characters grouped into lines by their vertical centre,
    sorted left to right (a character joins the line whose vertical extent it overlaps), lines
    kept in the order the stream first reaches them.  A page whose
    order agrees with its glyphs is returned untouched.
    """
    n = textpage.count_chars()
    if n <= 1 or n != len(text) or not _misplaced_punctuation(textpage, text):
        return text
    chars = []
    charbox = _charbox_reader(textpage)
    for i in range(n):
        ch = text[i]
        if ch in "\r\n":
            continue
        left, bottom, right, top = charbox(i)
        if right <= left and ch != " ":
            continue
        chars.append((i, ch, left, bottom, right, top))
    lines: list[list[tuple]] = []
    bands: list[list[float]] = []  # each line's vertical extent so far (bottom, top)
    for c in chars:
        if c[1] == " ":
            continue
        found = -1
        for k in range(len(lines) - 1, max(-1, len(lines) - 40), -1):
            if min(bands[k][1], c[5]) - max(bands[k][0], c[3]) > 0.1:
                found = k
                break
        if found < 0:
            lines.append([c])
            bands.append([c[3], c[5]])
        else:
            lines[found].append(c)
            bands[found] = [min(bands[found][0], c[3]), max(bands[found][1], c[5])]
    if not any(any(b[2] < a[2] - 0.5 * (a[4] - a[2]) for a, b in zip(line, line[1:])) for line in lines):
        return text
    out = []
    for line in lines:
        line.sort(key=lambda c: c[2])
        pieces = [line[0][1]]
        for a, b in zip(line, line[1:]):
            if a[0] + 1 < n and text[a[0] + 1] == " " and b[0] > a[0]:
                pieces.append(" ")  # a space pdfium saw between the two (words, numbers)
            pieces.append(b[1])
        out.append("".join(pieces))
    return "\n".join(out)


def _extract(found) -> list[list[str | None]]:
    """pdfplumber's Table.extract, the same text, without testing every character of the page
    against every row: characters are looked up by their vertical middle."""
    from bisect import bisect_left

    chars = found.page.chars
    order = sorted(range(len(chars)), key=lambda i: (chars[i]["top"] + chars[i]["bottom"]) / 2)
    mids = [(chars[i]["top"] + chars[i]["bottom"]) / 2 for i in order]

    def inside(ch, x0: float, x1: float) -> bool:
        return x0 <= (ch["x0"] + ch["x1"]) / 2 < x1

    out = []
    for row in found.rows:
        x0, top, x1, bottom = row.bbox
        picked = sorted(order[bisect_left(mids, top):bisect_left(mids, bottom)])
        row_chars = [chars[i] for i in picked if inside(chars[i], x0, x1)]
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cell_chars = [ch for ch in row_chars if inside(ch, cx0, cx1) and ctop <= (ch["top"] + ch["bottom"]) / 2 < cbottom]
            cells.append(plumber_fast.cell_text(cell_chars))
        out.append(cells)
    return out


def _table_from_plumber(found, page, page_no: int) -> PositionedTable:
    rows = found.rows
    texts = _extract(found)
    xs = sorted({c[0] for c in found.cells})
    tops = sorted({c[1] for c in found.cells})
    cells: list[Cell] = []
    result = PositionedTable(Table(cells=cells, page=page_no), top=found.bbox[1])
    last_row_chars = _last_row_chars(page, rows[-1]) if rows else []
    for r, row in enumerate(rows):
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            x0, top, x1, bottom = box
            colspan = max(1, sum(1 for x in xs if x0 - 0.5 <= x < x1 - 0.5))
            rowspan = max(1, sum(1 for t in tops if top - 0.5 <= t < bottom - 0.5))
            text = texts[r][c] if r < len(texts) and c < len(texts[r]) else ""
            cells.append(Cell(r, c, text or "", rowspan, colspan))
            result.boxes[(r, c)] = (x0, x1)
            if r == len(rows) - 1:
                result.fill[(r, c)] = _fill(last_row_chars, box)
    return result


def _text_without_cells(table: PositionedTable, found, chars: list[dict], edges: list[dict]) -> set[int]:
    """Text that lies in a ruled table's rows but in none of its cells, as the cells it is: a list
    table continued on a new page whose project cells lost some rules (no left border, no top line
    over a cell merged across the break), so that the table finder formed no cell around them.

    Inside the table, the text goes to the table's own column under it; left of the table it makes
    leading columns where vertical rules stand in that strip.  Bands are cut by the horizontal
    rules over each column (a project's merged cells end at a rule); each band's text becomes one
    cell at the first row it lies beside, spanning the rows of its band.  Returns the ids of the
    characters used."""
    x_left, top, x_right, bottom = found.bbox
    boxes = [c for c in found.cells if c]
    covered = sum((b[2] - b[0]) * (b[3] - b[1]) for b in boxes)
    if covered >= 0.999 * (x_right - x_left) * (bottom - top) and not any(
            c["x1"] <= x_left + 1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom for c in chars):
        return set()  # the cells tile the whole table and nothing stands beside it
    buckets: dict[int, list] = {}  # cells by the 10-point bands of height they cover
    for b in boxes:
        for k in range(int(b[1] // 10), int(b[3] // 10) + 1):
            buckets.setdefault(k, []).append(b)

    def in_a_cell(c: dict) -> bool:
        return any(_inside(c, b) for b in buckets.get(int((c["top"] + c["bottom"]) / 2 // 10), ()))

    orphans = [c for c in chars if top <= (c["top"] + c["bottom"]) / 2 <= bottom and (c["x0"] + c["x1"]) / 2 <= x_right
               and not in_a_cell(c)]
    if not orphans or not found.rows:
        return set()
    beside = [c for c in orphans if c["x1"] <= x_left + 1]
    own_bounds = sorted({round(b[0], 1) for b in boxes} | {round(x_right, 1)})
    leading: list[float] = []
    if beside:
        left = min(c["x0"] for c in beside) - 1
        verticals = sorted({round(e["x0"], 1) for e in edges if e.get("orientation") == "v" and left < e["x0"] < x_left - 2
                            and e["top"] < bottom and e["bottom"] > top})
        leading = [left, *verticals]
    bounds = [*leading, *own_bounds]
    columns = [(a, b) for a, b in zip(bounds, bounds[1:]) if b - a > 2]
    shift = len([1 for a, b in zip(leading, [*leading[1:], x_left]) if b - a > 2]) if leading else 0
    rows = [(r.bbox[1] + r.bbox[3]) / 2 for r in found.rows]
    new: list[tuple[int, int, str, int, tuple[float, float]]] = []  # (row, col, text, rowspan, box)
    used: set[int] = set()
    for col, (x0, x1) in enumerate(columns):
        here = [c for c in orphans if x0 <= (c["x0"] + c["x1"]) / 2 <= x1]
        if not here:
            continue
        cuts = sorted({e["top"] for e in edges if e.get("orientation") == "h" and top + 2 < e["top"] < bottom - 2
                       and e["x0"] < x1 - 2 and e["x1"] > x0 + 2})
        for band_top, band_bottom in zip([top, *cuts], [*cuts, bottom]):
            inside = [c for c in here if band_top <= (c["top"] + c["bottom"]) / 2 <= band_bottom]
            covered = [r for r, middle in enumerate(rows) if band_top <= middle <= band_bottom]
            if not inside or not covered:
                continue
            lines = borderless.lines_of_chars(inside)
            text = "\n".join(" ".join(run.text for run in line) for line in lines)
            new.append((covered[0], col, text, len(covered), (x0, x1)))
            used |= {id(c) for c in inside}
    if not new:
        return set()
    if shift:
        table.table.cells = [Cell(c.row, c.col + shift, c.text, c.rowspan, c.colspan, c.confidence) for c in table.table.cells]
        table.boxes = {(r, c + shift): box for (r, c), box in table.boxes.items()}
        table.fill = {(r, c + shift): f for (r, c), f in table.fill.items()}
    taken = {(c.row, c.col) for c in table.table.cells}
    for r, c, text, span, box in new:
        if (r, c) in taken:
            continue  # a cell the table has (its text is the table's own)
        table.table.cells.append(Cell(r, c, text, span, 1))
        table.boxes[(r, c)] = box
    return used


def _last_row_chars(page, row) -> list[dict]:
    """The characters whose middle lies in the row's height: all that `_fill` may look at."""
    _, top, _, bottom = row.bbox
    return [ch for ch in page.chars if top <= (ch["top"] + ch["bottom"]) / 2 <= bottom]


def _fill(page_chars: list[dict], box) -> float:
    """How full the cell's last text line is (0 empty, 1 no room for one more character).

    Measured against the width text can use (the cell less its padding, taken as the gap left of
    the text on both sides) and counting the room one more character needs, so that a narrow
    column whose three characters fill the line reads as full, as it is.
    """
    x0, top, x1, bottom = box
    chars = [ch for ch in page_chars if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom]
    if not chars:
        return 0.0
    pad = max(0.0, min(ch["x0"] for ch in chars) - x0)
    usable = max(1.0, x1 - x0 - 2 * pad)
    last_top = max(ch["top"] for ch in chars)
    last = [ch for ch in chars if abs(ch["top"] - last_top) < 2]
    right = max(ch["x1"] for ch in last)
    width = max(ch["x1"] - ch["x0"] for ch in last)
    return min(1.0, (right - x0 - pad + 0.9 * width) / usable)


def _inside(obj, bbox) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _form_page_items(page, page_no: int) -> list[tuple[float, object]]:
    """Tables and the text lines outside them, each with its vertical position.

    Tables come from ruling lines; text outside them that is laid out as a table (a form printed
    without borders) is rebuilt from its alignment (extract/borderless.py)."""
    found = plumber_fast.find_tables(page)
    tables = [_table_from_plumber(t, page, page_no) for t in found]
    items: list[tuple[float, object]] = [(t.bbox[1], table) for t, table in zip(found, tables)]
    boxes = [t.bbox for t in found]
    outside = page.filter(lambda o: o.get("object_type") != "char" or not any(_inside(o, b) for b in boxes))
    taken: set[int] = set()
    for t, table in zip(found, tables):
        taken |= _text_without_cells(table, t, page.chars, page.edges)
    if taken:
        outside = outside.filter(lambda o: id(o) not in taken)
    lines = borderless.lines_of_chars(outside.chars)
    bands = []
    for first, last, table in borderless.find_tables(lines, page_no):
        items.append((table.top, table))
        bands.append((min(r.top for r in lines[first]), max(r.bottom for r in lines[last])))
    if bands:
        outside = outside.filter(lambda o: o.get("object_type") != "char"
                                 or not any(top <= (o["top"] + o["bottom"]) / 2 <= bottom for top, bottom in bands))
    for line in outside.extract_text_lines(return_chars=False):
        items.append((line["top"], line["text"]))
    items.sort(key=lambda item: item[0])
    return items


def _clean_lines(pages: list[list[object]]) -> list[list[object]]:
    """Drop page numbers, TOC lines and running headers/footers.

    A running header or footer is the same line at the top or bottom edge of at least half the
    pages (and of three or more): above everything else on the page, or below it (a caption
    between a title and its table, `单位：万元`, is not at an edge however often it repeats).  Its
    first printing stays (a title printed on every page is still the document's title).  Headings
    that merely start many pages (项目概述) stay.
    """
    edge: Counter = Counter()
    for items in pages:
        # the text at the page's top and bottom edge: a line with no table above it (below it)
        kept = [x for x in items if not isinstance(x, str) or (squash(x) and not _PAGE_NUMBER.match(squash(x)))]
        ends = [kept[0]] if kept else []
        if len(kept) > 1:
            ends.append(kept[-1])
        for line in {squash(x) for x in ends if isinstance(x, str)}:
            edge[line] += 1
    threshold = max(3, (len(pages) + 1) // 2)
    running = {line for line, n in edge.items() if n >= threshold}
    cleaned: list[list[object]] = []
    first_seen: set[str] = set()
    for items in pages:
        kept: list[object] = []
        for x in items:
            if isinstance(x, str):
                s = squash(x)
                if not s or _PAGE_NUMBER.match(s) or _TOC_LINE.search(x.strip()):
                    continue
                if s in running:
                    if s in first_seen:
                        continue
                    first_seen.add(s)  # its first printing stays: a title printed on every page is the document's title
            kept.append(x)
        cleaned.append(kept)
    return cleaned


def read_pdf(path: Path) -> Document:
    pdf = _open_pdfium(path)
    try:
        page_count = len(pdf)
        texts, image_only, forms = _pdfium_pages(pdf)
        pages: list[list[object]] = [forms.get(i, t.split("\n")) for i, t in enumerate(texts)]
        ocr_done = _ocr_pages(pdf, image_only, pages)
    finally:
        pdf.close()
    # form pages the page-object route could not explain (or every one, without that route)
    left = [i for i, t in enumerate(texts) if i not in forms and vocabulary().form_hint.search(squash(t))]
    if left:
        _form_pages_from_plumber(path, left, pages)
    pages = _clean_lines(pages)
    still_without_text = [p for p in image_only if p not in ocr_done]
    document = assemble(pages, "pdf", page_count, still_without_text)
    if still_without_text:
        from budget_declarations.extract.ocr import UNAVAILABLE

        document.warnings.append(UNAVAILABLE)
    document.ocr_pages = ocr_done
    if not _has_eof_marker(path):
        document.warnings.append("the PDF is truncated (no end-of-file marker): content may be missing")
    return document


def _form_pages_from_plumber(path: Path, form_pages: list[int], pages: list[list[object]]) -> None:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(str(path), password="") as plumber:
            for i in form_pages:
                page = plumber.pages[i]
                try:
                    pages[i] = [item for _, item in _form_page_items(page, i + 1)]
                finally:
                    page.close()
    except PDFPasswordIncorrect:
        raise UnreadableFile("encrypted: the PDF needs a password to open") from None


def _ocr_pages(pdf, image_only: list[int], pages: list[list[object]]) -> list[int]:
    """OCR the pages that are images, when the OCR route is installed; their numbers."""
    if not image_only:
        return []
    # imported here, not at the top: the OCR route loads numpy (and OpenCV and onnxruntime when it
    # runs), which a text PDF never needs, and the batch preloads this module in its main process
    from budget_declarations.extract import ocr

    if not ocr.available():
        return []  # the document's row then says which pages need OCR
    done = []
    for number in image_only:
        pages[number - 1] = [item for _, item in ocr.ocr_page(ocr.render_pdf_page(pdf, number - 1), number)]
        done.append(number)
    return done


def _has_eof_marker(path: Path) -> bool:
    with Path(path).open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 2048))
        return b"%%EOF" in fh.read()
