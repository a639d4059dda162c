"""Forms printed without ruling lines: tables rebuilt from where their text stands (issue 13).

Hand-built lines check each typesetting rule the reader relies on; the seed and our layout
documents printed without borders (tests/fixtures/borderless, made by
scripts/render_borderless.py) are read against the hand-checked values.
"""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from expected_compare import mismatches, rows_for, scan_scores, truth_from_layout
from layout_documents import LAYOUTS
from budget_declarations.extract import borderless
from budget_declarations.extract.borderless import Run

EM = 10.0
BORDERLESS = FIXTURES / "borderless"


def _line(y: float, *cells: tuple[float, str]) -> list[Run]:
    """One printed line: (left edge, text) per cell; Chinese characters EM wide, Latin half."""
    return [Run(text, x, x + borderless.units(text) * EM, y, y + EM) for x, text in cells]


def _grid(lines, page_no=1):
    found = borderless.find_tables(lines, page_no)
    assert len(found) == 1, found
    return found[0], found[0][2].table.grid()


# Columns at 0, 60, 120, 180: five characters fit a column (50 wide, 10 of padding).
def test_a_wrapped_cell_stays_in_its_row_and_a_new_label_starts_a_row():
    lines = [
        _line(0, (0, "项目名称"), (60, "松江区长三"), (120, "项目性质"), (180, "其他一次性")),
        _line(12, (60, "角G60科创"), (180, "项目")),
        _line(24, (60, "平台")),
        _line(36, (0, "主管部门"), (60, "某区科技局"), (120, "实施单位"), (180, "某区科技局")),
    ]
    (first, last, _), grid = _grid(lines)
    assert (first, last) == (0, 3)
    assert grid == [["项目名称", "松江区长三\n角G60科创\n平台", "项目性质", "其他一次性\n项目"],
                    ["主管部门", "某区科技局", "实施单位", "某区科技局"]]


def test_a_line_that_is_not_full_ends_its_cell():
    lines = [
        _line(0, (0, "成本指标"), (60, "经济成本指"), (120, "平均单价"), (180, "≤13.80(万)")),
        _line(12, (60, "标"), (120, "人均费用")),  # 平均单价 had room left: 人均费用 is a new 三级
    ]
    (_, _, _), grid = _grid(lines + [_line(24, (60, "数量指标"), (120, "培训人次"), (180, "≥300(人次)"))])
    assert grid[0][:3] == ["成本指标", "经济成本指\n标", "平均单价"]
    assert grid[1][2] == "人均费用"


def test_a_label_is_not_continued_by_its_value():
    lines = [
        _line(0, (0, "项目绩效目"), (60, "项目总目标"), (120, "年度总体目标")),
        _line(12, (0, "标"), (120, "建设综合性功能平台，集聚")),
        _line(24, (120, "各类资源。")),
        _line(36, (0, "绩效指标"), (60, "一级指标"), (120, "三级指标")),
        _line(48, (60, "产出指标"), (120, "培训人次")),
    ]
    _, grid = _grid(lines)
    assert grid[0] == ["项目绩效目\n标", "项目总目标", "年度总体目标"]
    assert grid[1] == ["", "", "建设综合性功能平台，集聚\n各类资源。"]


def test_a_label_split_in_two_is_joined():
    """`其中：当年` + `财政拨款` is one label, though `财政拨款` alone is a label too."""
    lines = [
        _line(0, (0, "其中：财政"), (60, "100.00"), (120, "其中：当年"), (180, "100.00")),
        _line(12, (0, "资金"), (120, "财政拨款")),
        _line(24, (0, "其他资金"), (60, "0.00"), (120, "其他资金"), (180, "0.00")),
    ]
    _, grid = _grid(lines)
    assert grid[0] == ["其中：财政\n资金", "100.00", "其中：当年\n财政拨款", "100.00"]


def test_a_latin_word_wraps_whole():
    """`率达到` has room for one more character, not for `95%`: the line ran on."""
    lines = [
        _line(0, (0, "产出指标"), (60, "完好率达到"), (120, "质量指标"), (180, "≥95%")),
        _line(12, (60, "以上的设施")),
        _line(24, (0, "效益指标"), (60, "灌溉面积"), (120, "社会效益"), (180, "提高")),
    ]
    _, grid = _grid(lines)
    assert grid[0][1] == "完好率达到\n以上的设施"
    lines = [
        _line(0, (0, "产出指标"), (60, "完好率达到"), (120, "质量指标"), (180, "≥95%")),
        _line(12, (0, "效益指标"), (60, "率达到"), (120, "质量指标"), (180, "≥95%")),
        _line(24, (60, "95%以"), (120, "时效指标"), (180, "及时")),
    ]
    _, grid = _grid(lines)
    assert grid[1][1] == "率达到" and grid[2][1:] == ["95%以", "时效指标", "及时"]  # 95% had room
    lines[1] = _line(12, (0, "效益指标"), (60, "率达到的"), (120, "质量指标"), (180, "≥95%"))
    _, grid = _grid(lines)
    assert grid[1][1] == "率达到的\n95%以"  # one character of room: 95% did not fit


def test_cells_merged_over_rows_keep_their_text_while_indicator_rows_start():
    """A list table: project name and goal run down beside several indicator rows."""
    lines = [
        _line(0, (0, "高标准农"), (60, "完成3.2"), (120, "产出指标"), (180, "管护面积"), (240, "≥3.2万亩")),
        _line(12, (0, "田建设管"), (60, "万亩高标"), (120, "数量指标"), (180, "维修渠道"), (240, "≥18公里")),
        _line(24, (0, "护"), (60, "准农田管"), (120, "质量指标"), (180, "完好率"), (240, "≥95%")),
        _line(36, (60, "护。"), (120, "成本指标"), (180, "亩均成本"), (240, "≤73.9元")),
        _line(48, (0, "人居环境"), (60, "完成12个"), (120, "产出指标"), (180, "覆盖村数"), (240, "=12个")),
    ]
    (_, _, table), grid = _grid(lines)
    # column 0/1 widths from the lines above: four characters; the fifth would not fit
    assert [row[0] for row in grid] == ["高标准农\n田建设管\n护", "", "", "", "人居环境"]
    assert [row[1] for row in grid] == ["完成3.2\n万亩高标\n准农田管\n护。", "", "", "", "完成12个"]
    assert [row[3] for row in grid] == ["管护面积", "维修渠道", "完好率", "亩均成本", "覆盖村数"]


def test_a_paragraph_after_the_table_stays_text():
    lines = [
        _line(0, (0, "满意度指标"), (60, "服务对象满"), (120, "单位满意度"), (180, "≥90%")),
        _line(12, (60, "意度指标")),
        _line(24, (0, "产出指标"), (60, "数量指标"), (120, "平台建设数"), (180, "=1个")),
        _line(48, (0, "项目经费情况说明")),
        _line(60, (0, "按照区级相关规定和内控要求，合理合规使用经费。")),
    ]
    (first, last, _), grid = _grid(lines)
    assert (first, last) == (0, 2)
    assert grid[0][1] == "服务对象满\n意度指标"


def test_running_text_between_two_forms_splits_them():
    def form(y):
        return [_line(y, (0, "项目名称"), (60, "某项目"), (120, "项目类别"), (180, "运转类")),
                _line(y + 12, (0, "主管部门"), (60, "某局"), (120, "实施单位"), (180, "某局"))]

    text = [_line(24, (0, "项目概述：本项目用于保障日常运转所需的各项支出。"))]
    found = borderless.find_tables(form(0) + text + form(36), 1)
    assert [(a, b) for a, b, _ in found] == [(0, 1), (3, 4)]


def test_a_page_that_opens_inside_a_table():
    """The rest of a cell from the page before, above the table's next row, belongs to the table."""
    lines = [
        _line(0, (120, "廊影响力")),
        _line(12, (0, "满意度指标"), (60, "服务对象满"), (120, "各方满意度"), (180, "≥85%")),
        _line(24, (60, "意度指标")),
    ]
    (first, last, _), grid = _grid(lines)
    assert (first, last) == (0, 2)
    assert grid == [["", "", "廊影响力", ""], ["满意度指标", "服务对象满\n意度指标", "各方满意度", "≥85%"]]


def test_a_title_and_a_date_line_are_not_a_table():
    lines = [_line(0, (60, "财政项目支出绩效目标申报表")), _line(12, (0, "单位：元"), (180, "2026年1月"))]
    assert borderless.find_tables(lines, 1) == []


# -- our own documents printed without borders -----------------------------------------------
def test_seed_printed_without_rules_reads_every_expected_field(expected):
    tables = rows_for(BORDERLESS / "000_seed.pdf")
    assert tables["documents"][0]["status"] == "ok"
    assert mismatches(tables, expected) == []


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout["name"])
def test_layouts_printed_without_rules(layout):
    """Every indicator cell, header and funds field and narrative character as printed."""
    scores = scan_scores(rows_for(BORDERLESS / f"{layout['name']}.pdf"), truth_from_layout(layout))
    assert all(ok == total for ok, total in scores.values()), scores


def test_an_opening_bracket_goes_to_the_next_line_with_what_it_opens():
    """`（` may not end a line: after `万头数` there was room for `（` but not for `（只）`."""
    lines = [
        _line(0, (0, "数量指标"), (60, "免疫畜禽数"), (120, "≥52"), (180, "万头数"), (240, "20")),
        _line(12, (60, "量"), (180, "（只）")),
        _line(24, (0, "质量指标"), (60, "抗体合格率"), (120, "≥70"), (180, "%"), (240, "20")),
    ]
    _, grid = _grid(lines)
    assert grid[0] == ["数量指标", "免疫畜禽数\n量", "≥52", "万头数\n（只）", "20"]
    assert grid[1][1] == "抗体合格率"


def test_a_level_word_continues_a_full_line_but_a_value_never_does():
    """`免疫的畜禽` filled its line, so `数量` under it is the rest of the name, though `数量` could
    be a name of its own; under a full `全年预算数（A）` a number is the value of a new row."""
    lines = [
        _line(0, (0, "资金情况"), (60, "全年预算数"), (120, "全年执行数"), (180, "执行率")),
        _line(12, (60, "1280.5"), (120, "1152.45"), (180, "90.00%")),
        _line(24, (0, "数量指标"), (60, "免疫的畜禽"), (120, "≥52"), (180, "万头")),
        _line(36, (60, "数量")),
    ]
    _, grid = _grid(lines)
    assert grid[1][1:] == ["1280.5", "1152.45", "90.00%"]
    assert grid[2][1] == "免疫的畜禽\n数量"


def test_a_column_header_wrapped_over_two_lines_is_one_header():
    """`实际完成` is a label of its own (a self-evaluation's row), but `实际完成值` is the
    column header it was cut from."""
    lines = [
        _line(0, (0, "指标名称"), (60, "指标值"), (120, "实际完成"), (180, "指标权重")),
        _line(12, (120, "值")),
        _line(24, (0, "清淤长度"), (60, "≥15"), (120, "15.6"), (180, "10")),
    ]
    _, grid = _grid(lines)
    assert grid[0] == ["指标名称", "指标值", "实际完成\n值", "指标权重"]


def test_a_continuation_with_a_column_the_page_above_lacks_renumbers_its_first_rows():
    """Self-evaluation printed without rules, page break inside the funds block: the new page's
    indicator rows add a column (二级指标) the funds rows above never had.  The funds rows that
    open the page take the columns of the page above by their left edges; the indicator table
    below its own header keeps its numbering."""
    from budget_declarations.extract.model import Cell, Table
    from budget_declarations.extract.tables import PositionedTable, align_columns

    def table(rows: list[list[str]], lefts: list[float], page: int) -> PositionedTable:
        positioned = PositionedTable(Table([Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)], page), top=0)
        positioned.boxes = {(r, c): (lefts[c], lefts[c] + 40) for r in range(len(rows)) for c in range(len(lefts))}
        return positioned

    above = table([["项目资金", "", "年初预算数", "全年预算数", "执行率"]], [90, 138, 234, 282, 330], page=2)
    below = table([["", "年度资金总额", "", "45.8", "50.8", "95%"],
                   ["", "其他资金", "", "", "", "—"],
                   ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值"]],
                  [90, 138, 186, 234, 282, 330], page=3)
    align_columns(above, below)
    grid = below.table.grid()
    assert grid[0][:5] == ["", "年度资金总额", "45.8", "50.8", "95%"]
    assert grid[1][:5] == ["", "其他资金", "", "", "—"]
    assert grid[2] == ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值"]


def test_a_label_spaced_out_to_fill_its_cell_is_one_cell():
    """`项　目　名　称` and `单　位` (full-width spaces, or Word's distributed alignment) read as the
    label, in one column; single characters that do not make a label stay apart."""
    lines = [
        _line(0, (0, "项"), (13, "目"), (26, "名"), (39, "称"), (60, "河道清淤"), (120, "主管部门"), (180, "水利局")),
        _line(12, (0, "单"), (40, "位"), (60, "某某河道"), (120, "是"), (180, "否")),
        _line(24, (0, "实施单位"), (60, "某某中心"), (120, "联系电话"), (180, "略")),
    ]
    _, grid = _grid(lines)
    assert grid[0] == ["项目名称", "河道清淤", "主管部门", "水利局"]
    assert grid[1] == ["单位", "某某河道", "是", "否"]
    assert borderless._spaced_out_joined(_line(0, (0, "年"), (15, "月"), (30, "日")))[0].text == "年"


def test_labels_centred_vertically_in_a_taller_row_stay_in_that_row():
    """Word's "centre" cell alignment: beside a three-line value the label sits on the middle
    line, below the row's first line, while the value's lines carry on around it."""
    lines = [
        _line(0, (60, "松江区长三"), (180, "其他一次性")),
        _line(12, (0, "项目名称"), (60, "角G60科创"), (120, "项目性质"), (180, "项目")),
        _line(24, (60, "平台")),
        _line(36, (0, "主管部门"), (60, "某区科技局"), (120, "实施单位"), (180, "某区科技局")),
    ]
    _, grid = _grid(lines)
    assert grid == [["项目名称", "松江区长三\n角G60科创\n平台", "项目性质", "其他一次性\n项目"],
                    ["主管部门", "某区科技局", "实施单位", "某区科技局"]]


def test_a_label_centred_beside_a_two_line_value_stays_in_its_row():
    """Centred beside two lines, a label stands half a line down: a line of its own, but one that
    starts above where the line before it ends, which a new row never does."""
    lines = [
        _line(0, (60, "松江区长三"), (180, "某区科技局")),
        _line(6, (0, "项目名称"), (120, "实施单位")),
        _line(12, (60, "角平台")),
        _line(24, (0, "主管部门"), (60, "某区科技局"), (120, "项目性质"), (180, "其他")),
    ]
    _, grid = _grid(lines)
    assert grid == [["项目名称", "松江区长三\n角平台", "实施单位", "某区科技局"],
                    ["主管部门", "某区科技局", "项目性质", "其他"]]
