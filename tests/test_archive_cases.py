"""Hard spots of real forms, on pages cut from the real archive (tests/fixtures/archive_cases/),
each value checked by eye on the rendered page.

- 北京's list tables merge a project's name, amount and goal over its indicator rows; where such a
  cell runs past the page's end, its text goes on on the next page (a name cut in two, an amount
  printed only on the next page), and a budget line can begin in the page's last rows.
- A goal's last character overflowing into the 一级 cell (no clip path to say whose it is).
- 泉州's 部门整体 form labels its first rows with a 一级/二级 outside the taxonomy.
- 西安's forms leave an empty 一级 cell of its own under a 二级 of another 一级, and state the
  weights' total in the header (`分值权重（90分）`).
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from budget_declarations.pipeline.process import process_file

FOLDER = Path(__file__).parent / "fixtures" / "archive_cases"


@lru_cache(maxsize=None)
def _tables(name: str) -> dict:
    return process_file(FOLDER / name).tables


def _projects(name: str) -> list[tuple]:
    """(code, name, indicator rows) per project, in order."""
    tables = _tables(name)
    rows = Counter(i["project_no"] for i in tables["indicators"])
    return [(p.get("project_code"), p["project_name"], rows[p["project_no"]]) for p in tables["projects"]]


def _checks(name: str) -> set[tuple[int, str]]:
    return {(c["project_no"], c["check"]) for c in _tables(name)["checks"] if c["severity"] != "info"}


def test_a_name_and_amount_cut_by_the_page_end_stay_one_project():
    """p.27 prints `11000022T00000045 / 4178-市管企业共性 / 问题、违规经营性投`, p.28 goes on with
    `资责任追究及审计监督检查`; the amount's text layer on p.27 lost its point (`264 640000`) and
    p.28 shows the amount again cut in half at the page's top."""
    name = "002_北京_8ded0203.p17_27-28.pdf"
    projects = _projects(name)
    assert projects[1] == ("11000022T000000454178", "市管企业共性问题违规经营性投资责任追究及审计监督检查", 8)
    assert projects[2] == ("11000022T000000454405", "法制建设工作经费", 6)
    assert len(projects) == 3  # no project named `264.640000`, none named by the rest of a name
    amounts = [p["annual_request"] for p in _tables(name)["projects"]]
    assert amounts[1] in (None, Decimal("2646400.00"))  # never 2,646,400,000,000
    assert amounts[2] == Decimal("962400.00")


def test_a_name_whose_code_and_amount_are_on_the_next_page():
    """p.43 ends with `11000022T00000048`, p.44 begins `7475-产业发展趋势…` beside 54.000000 (its
    amount cells have no cell on p.43); p.47 ends `…2465-航空铁路等无`, p.48 begins
    `线电监测、检测业务频率保障费` with its amount cells empty."""
    projects = _projects("002_北京_eace7c2b.p43-44_47-48.pdf")
    assert ("11000022T000000487475", "产业发展趋势预测及企业、社会组织联系服务", 19) in projects
    assert ("11000022T000000492465", "航空铁路等无线电监测、检测业务频率保障费", 9) in projects
    names = [n for _, n, _ in projects]
    assert "11000022T00000048" not in names and "线电监测、检测业务频率保障费" not in names


def test_a_budget_line_that_begins_in_the_page_last_rows():
    """p.30's last 13 rows sit in an amount cell that opens there and runs on to p.31, where the
    name 2166 and 78.524200 are printed: they are that line's, not the line above (438.525000)."""
    name = "002_北京_8b7bb978.p30-32.pdf"
    projects = _projects(name)
    assert projects[5] == ("11000026T000003742166", "就业管理咨询与评审服务项目", 14)
    assert projects[6] == ("11000026T000003742166", "就业管理咨询与评审服务项目", 50)
    amounts = [p["annual_request"] for p in _tables(name)["projects"]]
    assert amounts[5:7] == [Decimal("4385250.00"), Decimal("785242.00")]


def test_a_character_overflowing_into_the_next_cell_stays_in_its_own():
    """p.32: the goal `…公共就业服务专` runs its `项` across the rule into the 一级 cell."""
    tables = _tables("002_北京_8b7bb978.p30-32.pdf")
    goals = [p["annual_goal"] or "" for p in tables["projects"]]
    assert any("公共就业服务专项活动，免费提供职业招聘洽谈和政策咨询服务。" in g for g in goals)
    assert {i["level1"] for i in tables["indicators"]} <= {"产出指标", "效益指标", "成本指标", "满意度指标"}


def test_level_names_outside_the_taxonomy_in_their_columns():
    """泉州 部门整体支出绩效目标表: 一般性支出情况 | 一般性支出情况 merged over three rows; the
    chapter after the table (八、其他重要事项说明) is no row of it."""
    name = "021_泉州_6bcadf36.p52-53.pdf"
    tables = _tables(name)
    (project,) = tables["projects"]
    assert project["form_kind"] == "department_overall"
    assert project["competent_department"] == "泉州市公安局"
    assert project["annual_request"] == Decimal("815625600.00")
    assert project["basic_expenditure"] == Decimal("520477400.00")
    assert project["project_expenditure"] == Decimal("295148200.00")
    rows = [(i["level1"], i["level2"], i["level3"], i["target_raw"]) for i in tables["indicators"]]
    assert rows[:4] == [
        ("一般性支出情况", "一般性支出情况", "“三公”经费控制率", "≤100%"),
        ("一般性支出情况", "一般性支出情况", "“三公”经费违规使用次数", "≤0次"),
        ("一般性支出情况", "一般性支出情况", "会议费、差旅费超标准使用次数", "≤0次"),
        ("成本指标", "经济成本指标", "成本使用率", "≤85%"),
    ]
    assert rows[-1] == ("满意度指标", "服务对象满意度指标", "服务对象满意度指标", "≥94%")
    assert len(rows) == 9
    assert (1, "LEVEL1_MISSING") not in _checks(name)
    assert (1, "LEVEL1_UNKNOWN") in _checks(name)  # what the form prints is kept, and said to be unusual


def test_an_empty_level1_cell_of_its_own_and_weights_stated_in_the_header():
    """西安 信访局 p.34: 社会效益指标 under an empty 一级 cell of its own (not 产出指标 carried down);
    p.37: 分值权重（90分） with weights adding up to 90 (执行率分值 is the other 10)."""
    name = "020_西安_2a350279.p34_37.pdf"
    tables = _tables(name)
    first = [(i["level1"], i["level2"]) for i in tables["indicators"] if i["project_no"] == 1]
    assert first == [("成本指标", "经济成本指标"), ("产出指标", "数量指标"), ("产出指标", "质量指标"),
                     ("产出指标", "时效指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    second = [i["weight"] for i in tables["indicators"] if i["project_no"] == 2]
    assert second == [10.0, 8.0, 8.0, 8.0, 8.0, 8.0, 20.0, 10.0, 10.0]
    assert [p["weight_total_stated"] for p in tables["projects"]] == [90.0, 90.0]
    checks = _checks(name)
    assert not {c for _, c in checks} & {"WEIGHTS_TOTAL", "LEVEL2_WRONG_PARENT", "TARGET_UNPARSED"}
    target = next(i for i in tables["indicators"] if i["level3"] == "合同、文件审查完成时间")
    assert (target["comparator"], target["value"], target["unit"]) == ("<=", 5.0, "个工作日")


def test_a_unit_row_naming_itself_in_brackets_heads_the_projects_below():
    """广州 p.26: `广州市环境技术中心（广州市美丽城市建设中心） | 811.59 | 798.19 | | 13.40` with no goal and
    no indicators is the unit's subtotal row; 机构运行辅助经费 below it is that unit's project."""
    tables = _tables("005_广州_69435bae.p26.pdf")
    assert [(p["project_name"], p["annual_request"], p["implementing_unit"]) for p in tables["projects"]] == [
        ("广州市固体废物管理中心2026—2027年信息化运维项目", Decimal("110300.00"), None),
        ("机构运行辅助经费", Decimal("630000.00"), "广州市环境技术中心（广州市美丽城市建设中心）"),
    ]
    assert [n for _, _, n in _projects("005_广州_69435bae.p26.pdf")] == [8, 6]
    assert not _checks("005_广州_69435bae.p26.pdf")
