"""The text reader: every table and heading convention converters use, turned into blocks."""
from budget_declarations.extract.model import Table, TextBlock
from budget_declarations.extract.text import parse_text


def _tables(doc):
    return [b for b in doc.blocks if isinstance(b, Table)]


def test_tab_rows_form_one_table_and_dash_rows_are_dropped():
    doc = parse_text("a\tb\tc\n-----\t----\t---\n1\t2\t3\n")
    (table,) = _tables(doc)
    assert table.grid() == [["a", "b", "c"], ["1", "2", "3"]]


def test_pipe_table_with_separator_and_escaped_bar():
    doc = parse_text("| 一级指标 | 指标值 |\n|---|:---:|\n| 产出指标 | a\\|b |\n")
    (table,) = _tables(doc)
    assert [[c.strip() for c in r] for r in table.grid()] == [["一级指标", "指标值"], ["产出指标", "a|b"]]


def test_html_table_spans_and_cell_markup():
    md = (
        "<table><tr><td rowspan=\"2\">绩效指标</td><td>产出指标</td><td>$\\geq 85.00\\%$</td></tr>"
        "<tr><td>x<br>y</td><td><p>a</p><p>b</p></td></tr></table>"
    )
    (table,) = _tables(parse_text(md))
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in table.cells}
    assert spans[(0, 0)] == (2, 1)
    grid = table.grid()
    assert grid[0] == ["绩效指标", "产出指标", "≥85.00%"]
    assert grid[1][0] == "" and grid[1][1] == "x\ny" and grid[1][2].split() == ["a", "b"]


def test_multiline_html_table_between_paragraphs():
    md = "前文\n<table>\n<tr><td>a</td></tr>\n</table>\n后文"
    kinds = [type(b).__name__ for b in parse_text(md).blocks]
    assert kinds == ["TextBlock", "Table", "TextBlock"]


def test_headings_any_level_bold_or_plain():
    doc = parse_text("#### 一、项目概述\n\n**二、立项依据**\n\n三、实施主体\n")
    blocks = doc.blocks
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 4, "一、项目概述"), ("heading", None, "二、立项依据"), ("paragraph", None, "三、实施主体"),
    ]


def test_gbk_text_is_decoded():
    from budget_declarations.extract.text import decode

    assert decode("项目经费情况说明".encode("gb18030")) == "项目经费情况说明"


def test_binary_is_refused():
    import pytest

    from budget_declarations.extract.errors import UnreadableFile
    from budget_declarations.extract.text import decode

    with pytest.raises(UnreadableFile):
        decode(bytes(range(256)) * 20)


def test_inline_bold_is_plain_text():
    (block,) = parse_text("一是**国家政策要求。**二是").blocks
    assert isinstance(block, TextBlock) and block.text == "一是国家政策要求。二是"


def test_hostile_spans_are_bounded():
    """Spans far beyond any form cannot make a table cover millions of positions."""
    cells = "".join("<td rowspan=99999 colspan=99999>x</td>" for _ in range(20))
    (table,) = _tables(parse_text("<table>" + f"<tr>{cells}</tr>" * 20 + "</table>"))
    assert table.n_rows * table.n_cols <= 400_000
