"""Columns known by what they are: head words for real headers, cells that confirm or correct them.

The headers here are printed in real budgets of other cities (../shared/archive, the README's table);
the small documents are written as converter text (tab-separated), so each rule is seen on its own.
"""
from __future__ import annotations

import pytest

from budget_declarations import vocabulary
from budget_declarations.normalize import taxonomy
from budget_declarations.parse.columns import build_columns, header_roles
from budget_declarations.parse.declarations import _cover
from budget_declarations.parse.model import Line
from budget_declarations.parse.packed import is_packed, split_packed
from budget_declarations.parse.titles import title_parts
from budget_declarations.pipeline.process import parser_version, process_file

V = vocabulary.default()


@pytest.mark.parametrize("header, role", [
    ("本年绩效指标值", "target"), ("年度指标值", "target"), ("目标值", "target"), ("指标值", "target"),
    ("实施周期指标值", "long_term_target"), ("长期指标值", "long_term_target"),
    ("绩效指标性质", "nature"), ("指标性质", "nature"), ("指标值类型", "comparator"), ("符号", "comparator"),
    ("绩效度量单位", "unit"), ("计量\n单位", "unit"), ("度量单位", "unit"),
    ("分值权重\n（90分）", "weight"), ("指标权重(%)", "weight"), ("权重（%）", "weight"),
    ("指标名称", "level3"), ("三级指标", "level3"), ("一级指标", "level1"), ("二级指标", "level2"),
    ("是否核心", "ignore"), ("评（扣）分标准", "ignore"), ("指标值内容", "ignore"), ("指标解释", "ignore"),
    ("实际完成值", "actual"), ("自评得分", "score"), ("偏差原因分析及改进措施", "deviation"),
    ("项目名称（资金使用单位）", "project.project_name"), ("单位（项目）名称", "project.project_name"),
    ("项目总额", "project.annual_request"), ("总计：", "project.annual_request"),
    ("当年财政拨\n款预算金额", "project.annual_appropriation"), ("财政专户拨款", "project.funds_source"),
    ("绩效指标", "indicators"),
])
def test_a_real_header_by_its_head_word(header, role):
    assert V.column_role(header) == role


@pytest.mark.parametrize("header", ["项目负责人项目属性", "执行率分值（10分）", "年度目标实际完成", "备注说明文字很长的一段"])
def test_words_that_only_contain_a_head_word_are_no_column(header):
    """Head words are anchored: two labels a rebuilt table joined are not a column header."""
    assert V.column_role(header) not in ("nature", "weight", "actual", "target")


def _roles(header: list[str], rows: list[list[str]], spans=None) -> dict[int, str]:
    return build_columns([header], [spans], rows, V).roles


def test_cells_correct_the_header():
    """指标性质 holding ≥ ≤ ＝ is the comparator column; 备注 holding small numbers holds the weights;
    a frame label over empty cells holds nothing."""
    header = ["绩效指标", "指标名称", "指标性质", "指标值", "计量单位", "备注"]
    rows = [["", "续建大中型水库", "≥", "27", "座", "20"], ["", "受益人口", "≥", "150", "万人次", "20"],
            ["", "年度预算执行率", "=", "100", "%", "10"]]
    assert _roles(header, rows) == {1: "level3", 2: "comparator", 3: "target", 4: "unit", 5: "weight"}


def test_a_column_of_signs_and_qualitative_marks_under_an_unread_header_holds_comparators():
    """A scan's header 播标性质 (指标性质 with 指 misread) over ≥ ＝ and 定性: the cells say it is the
    comparator column (the list form prints 定性 where a target has no sign)."""
    header = ["三级指标", "播标性质", "指标值", "度量单位"]
    rows = [["管护面积", "≥", "3.2", "万亩"], ["维修灌溉渠道", "≥", "18", "公里"], ["灌溉设施完好率", "≥", "95", "%"],
            ["亩均管护成本", "≤", "73.9", "元/亩"], ["农田设施使用年限", "定性", "长期", ""],
            ["覆盖行政村数", "＝", "12", "个"], ["村容村貌", "定性", "明显改善", ""]]
    assert _roles(header, rows) == {0: "level3", 1: "comparator", 2: "target", 3: "unit"}


def test_level_columns_under_unread_headers_are_known_by_their_names():
    """A speckled scan reads 二级指标 as `厂二级搭标1` and 一级指标 as `—级措标`: columns of 数量指标,
    质量指标 … (产出指标, 效益指标 …) are the level columns; a level already named keeps its column."""
    header = ["—级措标", "厂二级搭标1", "三级指标", "指标值"]
    rows = [["产出指标", "数量指标", "管护面积", "≥3.2万亩"], ["产出指标", "质量指标", "完好率", "≥95%"],
            ["效益指标", "经济效益指标", "增产", "≥50公斤"], ["满意度指标", "服务对象满意度指标", "满意度", "≥90%"]]
    assert _roles(header, rows) == {0: "level1", 1: "level2", 2: "level3", 3: "target"}
    named = ["一级指标", "二级指标", "厂二级搭标1", "三级指标", "指标值"]
    rows2 = [[r[0], r[1], r[1], r[2], r[3]] for r in rows]
    assert _roles(named, rows2)[1] == "level2" and 2 not in _roles(named, rows2)


def test_a_header_merged_over_two_grid_columns_owns_both():
    """西安: 三级指标 spread over two grid columns; the second holds the targets when no other column
    does (a converter without spans); with spans and a 指标值 of its own, the owned column is nothing
    (the weight is never taken for the target)."""
    header = ["一级指标", "二级指标", "三级指标", "", "分值权重（90分）"]
    rows = [["成本指标", "经济成本指标", "法律顾问服务成本（万元）", "≤5", "10"],
            ["产出指标", "数量指标", "法律顾问服务人数（人）", "3", "9"]]
    assert _roles(header, rows) == {0: "level1", 1: "level2", 2: "level3", 3: "target", 4: "weight"}
    spanned = build_columns([["一级指标", "二级指标", "三级指标", "", "指标值", "分值权重（90分）"]],
                            [[1, 1, 2, 0, 1, 1]], [["成本指标", "经济成本", "法律顾问服务成本（万元）", "", "≤5", "10"]], V)
    assert spanned.roles == {0: "level1", 1: "level2", 2: "level3", 4: "target", 5: "weight"}  # 3: empty, owned


def test_an_unknown_header_over_content_is_reported_not_dropped_silently():
    cols = build_columns([["一级指标", "二级指标", "三级指标", "预计达到", "权重"]], [None],
                         [["产出指标", "数量指标", "培训人次", "≥300人次", "50"]], V)
    assert cols.unread == ["预计达到"] and 3 not in cols.roles


def test_a_header_row_is_known_by_its_roles():
    assert header_roles(["绩效指标", "指标名称", "指标性质", "指标值", "计量单位", "指标权重(%)", "是否核心"], V)
    assert header_roles(["项目名称（资金使用单位）", "总计：", "财政拨款", "其他资金", "绩效目标", "绩效指标"], V)
    assert not header_roles(["项目名称", "项目类别", "合计", "财政拨款", "单位资金"], V)  # a budget table


def _read(tmp_path, text: str):
    path = tmp_path / "form.txt"
    path.write_text(text, encoding="utf-8")
    return process_file(path)


def test_a_department_table_without_levels_gives_rows(tmp_path):
    """重庆 部门整体绩效目标表: 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) | 是否核心, no 一级/二级: rows
    with null levels, comparator, value and unit joined, weights read, never zero rows."""
    result = _read(tmp_path, "\n".join([
        "2026年部门整体绩效目标表", "单位名称：某某市水利局",
        "当年整体绩效目标", "完善全市水网建设布局。",
        "绩效指标\t指标名称\t指标性质\t指标值\t计量单位\t指标权重(%)\t是否核心",
        "\t续建大中型水库\t≥\t27\t座\t20\t是", "\t农村饮水项目受益人口\t≥\t150\t万人次\t20\t是",
        "\t年度预算执行率\t=\t100\t%\t10\t否"]) + "\n")
    rows = [(i["level1"], i["level3"], i["target_raw"], i["weight"]) for i in result.tables["indicators"]]
    assert rows == [(None, "续建大中型水库", "≥27座", 20.0), (None, "农村饮水项目受益人口", "≥150万人次", 20.0),
                    (None, "年度预算执行率", "=100%", 10.0)]
    (project,) = result.tables["projects"]
    assert project["competent_department"] == "某某市水利局" and project["form_kind"] == "department_overall"
    # the table classifies no row: the taxonomy's rules have nothing to judge, no finding says it lacks levels
    assert not {c["check"] for c in result.tables["checks"]} & {"LEVEL1_MISSING", "INDICATORS_INCOMPLETE"}


GUANGZHOU = ("1.1－产出指标，11－数量指标，项目专职环保员数量；实施周期指标值：≦核定人数，年度指标值：≦核定人数；"
             "2、1－产出指标，12－质量指标，专职环保员队伍管理规范化；实施周期指标值：考察是否符合规范，合规得满分，不合规不得分。"
             "年度指标值：是；3、3－满意度指标，31－服务对象满意度，办公场所人员满意度；实施周期指标值》90%，年度指标值》90%;")


def test_indicators_packed_into_one_cell_are_split():
    assert is_packed(GUANGZHOU) and not is_packed("完成空气重污染企业绩效评级评审，年度指标值提升")
    assert [(x.level1, x.level2, x.level3, x.target, x.long_term_target) for x in split_packed(GUANGZHOU)] == [
        ("产出指标", "数量指标", "项目专职环保员数量", "≦核定人数", "≦核定人数"),
        ("产出指标", "质量指标", "专职环保员队伍管理规范化", "是", "考察是否符合规范，合规得满分，不合规不得分。"),
        ("满意度指标", "服务对象满意度", "办公场所人员满意度", "》90%", "》90%"),
    ]


def test_a_packed_list_table_gives_one_project_per_row_under_its_unit(tmp_path):
    result = _read(tmp_path, "\n".join([
        "某某市生态环境局2026年项目支出绩效目标表（含转移支付项目）", "部门名称：某某市生态环境局 单位：万元",
        "项目名称（资金使用单位）\t总计：\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标",
        "合计：\t900.00\t900.00\t\t\t\t",
        "某某市生态环境局第一环保所\t500.00\t500.00\t\t\t\t",
        f"其他运行经费\t500.00\t500.00\t\t\t保障运转。\t{GUANGZHOU}",
        "某某市生态环境局第二环保所\t400.00\t400.00\t\t\t\t",
        f"其他运行经费\t400.00\t400.00\t\t\t保障运转。\t{GUANGZHOU}"]) + "\n")
    projects = result.tables["projects"]
    assert [(p["project_name"], p["implementing_unit"], float(p["annual_request"])) for p in projects] == [
        ("其他运行经费", "某某市生态环境局第一环保所", 5000000.0), ("其他运行经费", "某某市生态环境局第二环保所", 4000000.0)]
    assert result.document["department"] == "某某市生态环境局"
    assert len(result.tables["indicators"]) == 6 and result.tables["indicators"][0]["long_term_target_raw"] == "≦核定人数"


@pytest.mark.parametrize("lines, department, year", [
    (["2026 年度", "福州经济技术开发区生态", "环境局", "单位预算"], "福州经济技术开发区生态环境局", 2026),
    (["— 1 —", "重庆市水利局 2026 年部门预算情况说明", "一、单位基本情况"], "重庆市水利局", 2026),
    (["西安市财政局（汇总）", "2026年部门预算公开说明"], "西安市财政局", 2026),
    (["2026年中共烟台市委宣传部部门", "预算"], "中共烟台市委宣传部", 2026),
    (["2026 年度", "泉州市人民政府办公室", "（本级）", "单位预算"], "泉州市人民政府办公室", 2026),
    (["部门整体绩效自评表", "（2024年度）"], None, None),
    (["预算01表 收支总表", "金额单位：万元"], None, None),
])
def test_the_department_a_cover_names(lines, department, year):
    assert _cover([Line("paragraph", t, page=1) for t in lines]) == (department, year)


@pytest.mark.parametrize("title, parts", [
    ("301007_泉州市公安局晋江国际机场分局_机场公安综合修缮改造项目绩效目标表", ("机场公安综合修缮改造", "泉州市公安局晋江国际机场分局")),
    ("2026年医疗服务与保障能力提升补助资金项目绩效目标表", ("2026年医疗服务与保障能力提升补助资金", None)),
    ("政策和项目预算绩效目标表", (None, None)), ("部门专项业务经费绩效目标表", (None, None)),
    ("2026年市级重点专项资金绩效目标表（一级项目）", (None, None)), ("某县教育局2024年部门预算项目绩效目标表", (None, None)),
])
def test_what_a_title_says_about_its_project(title, parts):
    assert title_parts(title) == parts


def test_the_parser_version_follows_the_vocabulary():
    assert parser_version().endswith("+" + V.digest[:12])


@pytest.mark.parametrize("cell,name", [
    ("服务对象满意度指标", "服务对象满意度指标"),
    ("服务对象满意度", "服务对象满意度指标"),  # printed without its 指标
    ("服务对象满意度指", "服务对象满意度指标"),  # cut by its cell's border (北京 教委 p.57)
    ("产出", "产出指标"),
    ("效益指", None),  # three characters: too short to complete on its own
    ("一般性支出情况", None),  # a label outside the taxonomy stays itself (the caller keeps the text)
])
def test_a_level_cell_by_the_taxonomy(cell, name):
    assert taxonomy.canonical_in_column(cell) == name
