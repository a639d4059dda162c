"""extract/plumber_fast.py gives exactly pdfplumber's results (issue 14: the speed without a
single character changed): on random input and on every page of the sample PDFs."""
from __future__ import annotations

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber import utils
from pdfplumber.table import TableFinder, edges_to_intersections
from pdfplumber.table import intersections_to_cells as plumber_cells

from conftest import FIXTURES, SAMPLES

from budget_declarations.extract import plumber_fast

# Coordinates on a coarse grid so that ties, equal tops and the 3 pt tolerances all occur.
_coord = st.integers(0, 60).map(lambda v: v / 2)


@st.composite
def _chars(draw) -> list[dict]:
    chars = []
    for _ in range(draw(st.integers(0, 25))):
        x0, top = draw(_coord), draw(_coord)
        width, height = draw(st.sampled_from([0.0, 1.5, 3.0, 5.0])), draw(st.sampled_from([2.0, 6.0]))
        text = draw(st.sampled_from(list("标准元%≥(") + [" ", "ﬁ", "5"]))
        chars.append({"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + height,
                      "doctop": top, "upright": True, "size": height})
    return chars


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(_chars())
def test_cell_text_is_pdfplumbers_extract_text(chars):
    assert plumber_fast.cell_text(chars) == utils.extract_text(chars)


def test_cell_text_hands_rotated_characters_to_pdfplumber():
    chars = [{"text": t, "x0": 0.0, "x1": 5.0, "top": 10.0 * i, "bottom": 10.0 * i + 5, "doctop": 10.0 * i,
              "upright": False, "size": 5.0} for i, t in enumerate("竖排")]
    assert plumber_fast.cell_text(chars) == utils.extract_text(chars)


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "orientation": "h" if top == bottom else "v"}


@st.composite
def _edges(draw) -> list[dict]:
    """Ruling lines of a grid with some segments missing (merged cells) and some stray ones."""
    xs = sorted(set(draw(st.lists(st.integers(0, 12), min_size=2, max_size=6))))
    ys = sorted(set(draw(st.lists(st.integers(0, 12), min_size=2, max_size=6))))
    edges = []
    for y in ys:
        for a, b in zip(xs, xs[1:]):
            if draw(st.booleans()) or y in (ys[0], ys[-1]):
                edges.append(_edge(a * 10, y * 10, b * 10, y * 10))
    for x in xs:
        for a, b in zip(ys, ys[1:]):
            if draw(st.integers(0, 3)):
                edges.append(_edge(x * 10, a * 10, x * 10, b * 10))
    return edges


@settings(max_examples=300, deadline=None)
@given(_edges())
def test_cells_are_pdfplumbers_cells(edges):
    intersections = edges_to_intersections(edges, 3, 3)
    assert plumber_fast.intersections_to_cells(intersections) == plumber_cells(intersections)


PDFS = sorted(SAMPLES.glob("*.pdf")) + sorted((FIXTURES / "layouts").glob("*.pdf"))


@pytest.mark.parametrize("path", PDFS[:4], ids=lambda p: p.name)
def test_tables_and_cell_text_of_real_pages(path):
    from budget_declarations.extract.pdf import _extract

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[-6:]:
            ours = plumber_fast.find_tables(page)
            theirs = TableFinder(page).tables
            assert [t.cells for t in ours] == [t.cells for t in theirs]
            assert [_extract(t) for t in ours] == [t.extract() for t in theirs]
