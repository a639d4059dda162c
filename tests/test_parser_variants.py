"""Heading forms, labels and layouts seen in real files other than the seed, hand-checked."""
import datetime as dt
from decimal import Decimal

from budget_declarations.extract.text import parse_text
from budget_declarations.outputs.records import indicator_rows, project_row
from budget_declarations.parse.declarations import parse_declaration

DOC = """上海市某区某局2025年部门预算

预算主管部门：上海市某区某局

编报绩效目标的项目2个，涉及项目预算资金300万元。

甲工程项目经费情况说明

项目概况

甲工程的概况文字。

立项依据：依据文件。

实施主体

某局。

实施方案

分步实施。

实施周期

2025年全年。

年度预算安排

全年100万元。

绩效目标

建成甲工程。

乙服务专项经费情况说明

一、项目概述
“乙服务”项目：提供乙服务。
二、立项依据
依据。
三、实施主体
某中心。
四、实施方案
方案。
五、实施周期
2025年1月1日至2025年12月31日
六、年度预算安排
200万元。
七、绩效目标
见申报表。

财政项目支出绩效目标申报表
项目名称\t乙服务\t项目性质\t阶段性项目\t项目类别\t特定目标类
主管部门\t上海市某区某局\t实施单位\t某中心\t\t
计划开始日期\t2025/1/1\t计划完成日期\t2027年12月31日\t\t
项目资金(元)\t项目资金总额\t6,000,000.00\t年度资金申请总额\t2,000,000.00\t
\t其中：财政资金\t6,000,000.00\t其中：当年财政拨款\t1,500,000.00\t
\t\t\t上年结转资金\t500,000.00\t
\t其他资金\t\t其他资金\t\t
项目绩效目标\t项目总体目标\t三年完成乙服务。\t年度总体目标\t今年完成一期。\t
\t一级指标\t二级指标\t三级指标\t指标值\t
绩效指\t产出指\t数量指标\t服务人次\t≥1000人次\t
标\t标\t质量指标\t合格率\t≥95%\t

\t\t时效指标\t完成时间\t2025年12月底前\t
\t\t社会效益指标\t群众受益\t提升\t
\t服务对象满意度指标\t满意度\t≥90%\t
"""


def _parsed():
    return parse_declaration(parse_text(DOC))


def test_document_facts():
    d = _parsed()
    assert (d.department, d.fiscal_year, d.declared_project_count, d.declared_total_text) == (
        "上海市某区某局", 2025, 2, "300万元")


def test_heading_forms_and_unnumbered_sections():
    d = _parsed()
    assert [p.project_no for p in d.projects] == [1, 2]
    first, second = d.projects
    assert first.narrative.title == "甲工程" and first.form is None
    s = first.narrative.sections
    assert s["overview"] == "甲工程的概况文字。"
    assert s["basis"] == "依据文件。"
    assert s["implementation_period"] == "2025年全年。"
    assert s["performance_goal_note"] == "建成甲工程。"
    assert len(s) == 7
    # one rule (issue 14): the name is what precedes 经费情况说明 / 项目经费情况说明, so 专项 stays
    assert second.narrative.title == "乙服务专项" and second.form is not None


def test_form_fields_dates_and_multi_year_funds():
    d = _parsed()
    row = project_row("x", d.fiscal_year, d.projects[1])
    assert row["project_name"] == "乙服务" and row["project_nature"] == "阶段性项目"
    assert (row["plan_start"], row["plan_end"]) == (dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    assert row["total_funds"] == Decimal("6000000.00") and row["annual_request"] == Decimal("2000000.00")
    assert row["annual_carryover"] == Decimal("500000.00")
    assert row["total_other"] is None and row["annual_other"] is None
    assert row["overall_goal"] == "三年完成乙服务。" and row["annual_goal"] == "今年完成一期。"


def test_indicator_rows_rebuilt():
    d = _parsed()
    rows = indicator_rows("x", d.fiscal_year, d.projects[1])
    got = [(r["level1"], r["level2"], r["level3"], r["target_raw"]) for r in rows]
    assert got == [
        ("产出指标", "数量指标", "服务人次", "≥1000人次"),
        ("产出指标", "质量指标", "合格率", "≥95%"),
        ("产出指标", "时效指标", "完成时间", "2025年12月底前"),
        ("效益指标", "社会效益指标", "群众受益", "提升"),
        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
    ]
    assert rows[2]["target_kind"] == "date" and rows[2]["target_date"] == dt.date(2025, 12, 31)


SPLIT_CELLS = """某局2025年财政项目支出绩效目标申报表

财政项目支出绩效目标申报表 1
项目名称\t丙项目\t项目性质\t经常性项目
\t一级指标\t二级指标\t三级指标\t指标值
绩效指标\t产出指标\t数量指标\t培训\t
\t\t\t\t≥200人次

\t\t质量指标\t培训合格率达到\t≥95%
\t\t\t规定标准\t
\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%
"""


def test_cells_a_page_break_split_are_rejoined():
    """A target that went to the next row, and a 三级指标 that ran on in its own column."""
    d = parse_declaration(parse_text(SPLIT_CELLS))
    rows = indicator_rows("x", d.fiscal_year, d.projects[0])
    got = [(r["level2"], r["level3"], r["target_raw"]) for r in rows]
    assert got == [
        ("数量指标", "培训", "≥200人次"),
        ("质量指标", "培训合格率达到规定标准", "≥95%"),
        ("服务对象满意度指标", "学员满意度", "≥90%"),
    ]


def test_a_short_row_keeps_its_ocr_confidences_beside_its_cells():
    """A row shorter than the indicator header is aligned to the side its cells fit (here the
    right: it lost its leading empty cells); the cells' OCR confidences and spans move with them.  They
    were once aligned on their own, by reading the numbers as text, which failed a whole scan."""
    from budget_declarations import vocabulary
    from budget_declarations.parse.columns import Columns
    from budget_declarations.parse.indicator_table import _Reader, _Row, _State

    cols = Columns(roles={0: "level1", 1: "level2", 2: "level3", 3: "comparator", 4: "target"}, width=5)
    reader = _Reader(vocabulary.default(), cols, _State(), [])
    row = reader._aligned(_Row(["数量指标", "管护面积", "≥", "3.2"], [0.99, 0.98, 0.9, 0.97], 1, [1, 1, 1, 1]))
    assert row.texts == ["", "数量指标", "管护面积", "≥", "3.2"]
    assert row.confidences == [None, 0.99, 0.98, 0.9, 0.97]
    assert row.spans == [-1, 1, 1, 1, 1]  # the lost leading cell: no cell there
    row = reader._aligned(_Row(["产出指标", "数量指标", "管护面积"], [0.9, 0.8, 0.7], 1))
    assert row.texts == ["产出指标", "数量指标", "管护面积", "", ""] and row.confidences == [0.9, 0.8, 0.7, None, None]
    assert row.spans is None


def test_section_numbering_a_scan_garbled():
    """The 、 after a section's number read from a noisy scan as 。 or · or lost (issue 24): the
    section name right after the number still makes the line a heading."""
    text = """丙服务项目经费情况说明

一、项目概况

丙服务的概况。

二~立项依据

依据文件。

三、实施主体

某街道办事处。

四实施方案

委托第三方实施。

五。实施周期

2026年全年。

六·年度预算安排

补贴86万元。

七、绩效目标

服务不少于6万人次。
"""
    d = parse_declaration(parse_text(text))
    s = d.projects[0].narrative.sections
    assert s["implementer"] == "某街道办事处。"
    assert s["implementation_plan"] == "委托第三方实施。"
    assert s["implementation_period"] == "2026年全年。"
    assert s["budget_arrangement"] == "补贴86万元。"
    assert len(s) == 7


def _form_with_funds_row(funds_row: list[str]):
    from budget_declarations.extract.model import Cell, Document, Table, TextBlock

    rows = [
        ["项目名称", "示例项目", "", "主管部门", "示例局", ""],
        funds_row,
        ["项目资金(元)", "其中：财政拨款", "145,000.00", "其中：当年财政拨款", "145,000.00", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", ""],
        ["绩效指标", "产出指标", "数量指标", "活动场次", "≥4(次)", ""],
    ]
    table = Table([Cell(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row)], page=1)
    (project,) = parse_declaration(Document(blocks=[TextBlock("财政项目支出绩效目标申报表", kind="heading"), table])).projects
    return project.form.fields


def test_a_label_cell_that_took_in_its_value_gives_it_back():
    """A scan lost the rule between `年度资金申请总额` (wrapped) and its value: the recogniser read
    `年度资金申145,000.00` / `请总额` as one cell, beside an empty one."""
    fused = ["项目资金(元)", "项目资金总额", "145,000.00", "年度资金申145,000.00\n请总额", "", ""]
    fields = _form_with_funds_row(fused)
    assert fields["annual_request"] == "145,000.00" and fields["total_funds"] == "145,000.00"
    # a year in a label is no amount, and a value cell already filled is left alone
    year = _form_with_funds_row(["项目资金(元)", "项目资金总额", "145,000.00", "2026年度资金申请总额", "", ""])
    assert not year.get("annual_request")
    kept = _form_with_funds_row(["项目资金(元)", "项目资金总额", "145,000.00", "年度资金申请总额", "120,000.00", ""])
    assert kept["annual_request"] == "120,000.00"


def test_a_scanned_target_split_by_a_page_break_is_mended_once_joined():
    """`≤2025年` closes one page and `15月` opens the next (a speck before 5 read as 1): each
    fragment alone is a possible reading; joined, a 15th month is not, and the speck goes.  The
    same text from a PDF's own text layer is left exactly as printed."""
    from budget_declarations.extract.model import Cell, Document, Table, TextBlock

    def target(confidence: float | None) -> str | None:
        first = [
            ["项目名称", "示例项目", "主管部门", "示例局", ""],
            ["一级指标", "二级指标", "三级指标", "指标值", "权重"],
            ["产出指标", "数量指标", "培训人次", "≥300人次", "10"],
            ["产出指标", "时效指标", "完成时间", "≤2025年", "10"],
        ]
        second = [["", "", "", "15月", ""], ["效益指标", "社会效益指标", "覆盖街道", "≥5个", "10"]]
        tables = [Table([Cell(r, c, t, confidence=confidence) for r, row in enumerate(rows) for c, t in enumerate(row)],
                        page=page) for page, rows in ((1, first), (2, second))]
        doc = Document(blocks=[TextBlock("财政项目支出绩效目标申报表", kind="heading"), *tables])
        (project,) = parse_declaration(doc).projects
        return {i.level3: i.target_raw for i in project.form.indicators}["完成时间"]

    assert target(0.95) == "≤2025年5月"
    assert target(None) == "≤2025年15月"
