"""Reader for Word files (.docx; .doc and .wps through LibreOffice) into the block model.

The body is walked in document order straight from the XML, because python-docx's convenience
views lose what the parser needs: `Table.cell()` returns the same merged cell at every grid
position it covers (so its text would repeat), and `Paragraph.text` skips content controls.  Merged
cells become spans: `w:gridSpan` is a colspan, a `w:vMerge` run is a rowspan whose text sits once,
at its first row.

Safety: a .docx is a zip of XML, checked before python-docx opens it (extract/container.py);
python-docx's own parser also runs with `resolve_entities=False`.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.opc.exceptions import PackageNotFoundError

from budget_declarations.extract.container import check_office_zip, read_converted
from budget_declarations.extract.errors import UnreadableFile
from budget_declarations.extract.model import Cell, Document, Table, TextBlock

MAX_COLUMNS = 63  # Word's own limit; a larger gridSpan is hostile or broken
W_P, W_TBL, W_SDT, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tr"), qn("w:tc")
W_SDT_CONTENT = qn("w:sdtContent")
_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}


def _text(element) -> str:
    """Text of a paragraph or any element, in order, with tabs and line breaks."""
    parts: list[str] = []
    for el in element.iter(*_TEXT_TAGS):
        mapped = _TEXT_TAGS[el.tag]
        parts.append(el.text or "" if mapped is None else mapped)
    return "".join(parts)


def _heading_level(paragraph, styles: dict[str, tuple[str, int | None]]) -> int | None:
    """Heading depth from the paragraph style (Heading N / 标题 N) or its outline level."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        return None
    outline = ppr.find(qn("w:outlineLvl"))
    if outline is not None and outline.get(qn("w:val"), "").isdigit() and int(outline.get(qn("w:val"))) < 9:
        return int(outline.get(qn("w:val"))) + 1
    style = ppr.find(qn("w:pStyle"))
    if style is None:
        return None
    name, level = styles.get(style.get(qn("w:val")), ("", None))
    if level is not None:
        return level
    lowered = name.lower()
    for prefix in ("heading ", "标题 ", "标题"):
        if lowered.startswith(prefix) and lowered[len(prefix):].strip().isdigit():
            return int(lowered[len(prefix):].strip())
    if lowered == "title":
        return 1
    return None


def _style_map(document) -> dict[str, tuple[str, int | None]]:
    styles: dict[str, tuple[str, int | None]] = {}
    for style in document.styles:
        try:
            element = style.element
            outline = element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            level = None
            if outline is not None and outline.get(qn("w:val"), "").isdigit():
                level = int(outline.get(qn("w:val"))) + 1 if int(outline.get(qn("w:val"))) < 9 else None
            styles[style.style_id] = (style.name or "", level)
        except (AttributeError, ValueError):
            continue
    return styles


def _row_cells(tr):
    """The w:tc of a row, also those wrapped in content controls."""
    for child in tr:
        if child.tag == W_TC:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _row_cells(content)


def _table(tbl, nested: list) -> Table:
    """Grid positions from gridSpan/gridBefore, vertical merges folded into rowspans."""
    cells: list[Cell] = []
    open_vmerge: dict[int, int] = {}  # column -> index in cells of the merge's first cell
    rows = [tr for tr in tbl.iter(W_TR) if _owning_table(tr) is tbl]
    for r, tr in enumerate(rows):
        col = 0
        trpr = tr.find(qn("w:trPr"))
        if trpr is not None:
            before = trpr.find(qn("w:gridBefore"))
            if before is not None and before.get(qn("w:val"), "0").isdigit():
                col = min(int(before.get(qn("w:val"))), MAX_COLUMNS)
        for tc in _row_cells(tr):
            tcpr = tc.find(qn("w:tcPr"))
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None and gs.get(qn("w:val"), "1").isdigit():
                    span = max(1, min(int(gs.get(qn("w:val"))), MAX_COLUMNS))
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val")) or "continue"
            if vmerge == "continue" and col in open_vmerge:
                i = open_vmerge[col]
                c = cells[i]
                cells[i] = Cell(c.row, c.col, c.text, c.rowspan + 1, c.colspan)
            else:
                paragraphs = []
                for child in tc:
                    if child.tag == W_P:
                        paragraphs.append(_text(child))
                    elif child.tag == W_TBL:
                        nested.append(child)
                    elif child.tag == W_SDT:
                        paragraphs.append(_text(child))
                cells.append(Cell(r, col, "\n".join(paragraphs).strip(), 1, span))
                if vmerge == "restart":
                    open_vmerge[col] = len(cells) - 1
                else:
                    open_vmerge.pop(col, None)
            col += span
    return Table(cells=cells)


def _owning_table(tr):
    parent = tr.getparent()
    while parent is not None and parent.tag != W_TBL:
        parent = parent.getparent()
    return parent


def _walk(container, styles, blocks: list) -> None:
    for child in container:
        if child.tag == W_P:
            text = _text(child).strip()
            if text:
                level = _heading_level(child, styles)
                blocks.append(TextBlock(text, kind="heading" if level else "paragraph", level=level))
        elif child.tag == W_TBL:
            nested: list = []
            blocks.append(_table(child, nested))
            for inner in nested:
                _walk([inner], styles, blocks)
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                _walk(content, styles, blocks)


def read_docx(path: Path) -> Document:
    check_office_zip(path, "word/document.xml", "Word")
    try:
        document = open_docx(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableFile(f"not a valid Word file ({type(exc).__name__}: {exc})") from None
    blocks: list = []
    _walk(document.element.body, _style_map(document), blocks)
    return Document(blocks=blocks, source_format="docx")


def read_legacy(path: Path) -> Document:
    """.doc / .wps / .rtf: converted to .docx by LibreOffice, then read as Word."""
    return read_converted(path, "docx", read_docx, "doc")
