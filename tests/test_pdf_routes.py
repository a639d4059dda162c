"""Form pages read from pdfium's page objects give the same rows as pdfplumber (issue 14).

Every PDF we have (the seed as LibreOffice printed it, the three real 普陀 budgets, and the seven
layout fixtures) is read twice, once with each route, and every table's rows must be equal; so
must they be when the fast route declines every page (the pdfplumber fallback).
"""
from __future__ import annotations

import pytest

from conftest import FIXTURES, SAMPLES
from expected_compare import comparable

from budget_declarations.extract import pdf as pdf_reader
from budget_declarations.extract import pdf_objects
from budget_declarations.pipeline.process import process_file

PDFS = sorted(SAMPLES.glob("*.pdf")) + sorted((FIXTURES / "layouts").glob("*.pdf"))
DROP = ("doc_id", "ingested_at")


def _rows(path, monkeypatch, objects: bool, fallback: bool = False) -> dict:
    with monkeypatch.context() as m:
        m.setattr(pdf_reader, "OBJECTS_ROUTE", objects)
        if fallback:
            m.setattr(pdf_objects, "objects_page", lambda page, textpage: None)
        tables = process_file(path).tables
    return {name: comparable(tables, name, DROP) for name in tables}


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
@pytest.mark.slow
def test_both_routes_give_identical_rows(path, monkeypatch):
    fast = _rows(path, monkeypatch, objects=True)
    plumber = _rows(path, monkeypatch, objects=False)
    assert fast["documents"][0]["status"] in ("ok", "partial", "no_declaration")
    for name in plumber:
        assert fast[name] == plumber[name], name


@pytest.mark.slow
def test_pages_the_fast_route_declines_go_to_pdfplumber(monkeypatch):
    path = SAMPLES / "000_seed.pdf"
    assert _rows(path, monkeypatch, objects=True, fallback=True) == _rows(path, monkeypatch, objects=False)


@pytest.mark.slow
def test_every_form_page_of_our_pdfs_takes_the_fast_route():
    import pypdfium2 as pdfium

    for path in PDFS:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                textpage = page.get_textpage()
                try:
                    assert pdf_objects.objects_page(page, textpage) is not None, (path.name, i + 1)
                finally:
                    textpage.close()
                    page.close()
        finally:
            pdf.close()


@pytest.mark.parametrize("points,kinds", [
    ([(0, 10, False), (100, 10, False)], [("line", "h")]),
    ([(5, 0, False), (5, 80, False)], [("line", "v")]),
    ([(0, 0, False), (50, 0, False), (50, 20, False), (0, 20, True)],
     [("rect_edge", "h"), ("rect_edge", "h"), ("rect_edge", "v"), ("rect_edge", "v")]),
    ([(0, 0, False), (50, 0, False), (60, 20, False)], [("curve_edge", "h"), ("curve_edge", None)]),
])
def test_paths_become_edges_as_pdfminer_classifies_them(points, kinds):
    edges = pdf_objects._edges_of(points)
    assert [(e["object_type"], e["orientation"]) for e in edges] == kinds


def _page_with_text(tmp_path, matrix: tuple[float, ...]):
    """A one-page PDF with one line of text drawn with `matrix` (a, b, c, d, e, f)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(300, 300)
    obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(12))
    text = "Total 100".encode("utf-16-le") + b"\x00\x00"
    raw.FPDFText_SetText(obj, ctypes.cast(ctypes.c_char_p(text), ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFPageObj_Transform(obj, *matrix)
    raw.FPDFPage_InsertObject(page.raw, obj)
    assert raw.FPDFPage_GenerateContent(page.raw)
    path = tmp_path / "text.pdf"
    pdf.save(str(path))
    return path


@pytest.mark.parametrize("matrix,upright", [
    ((1, 0, 0, 1, 50, 150), True),
    ((0, 1, -1, 0, 150, 50), False),  # turned 90°
    ((-1, 0, 0, -1, 250, 150), False),  # upside down
    ((0.98, 0.17, -0.17, 0.98, 50, 150), False),  # turned 10°
])
def test_text_that_is_not_upright_is_left_to_pdfplumber(tmp_path, matrix, upright):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(_page_with_text(tmp_path, matrix)))
    page = pdf[0]
    textpage = page.get_textpage()
    chars = pdf_objects.page_chars(page, textpage)
    assert (chars is not None) == upright
    if upright:
        assert "".join(c["text"] for c in chars) == "Total100"
        assert chars[0]["bottom"] == pytest.approx(300 - 150, abs=0.01)
        assert chars[0]["bottom"] - chars[0]["top"] == pytest.approx(12, abs=0.01)
