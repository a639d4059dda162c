"""Variations of other provinces' forms, each a small hand-checked case (issue 10), and the checks,
personal-data rule and unknown-layout report that go with the layout descriptions."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import FIXTURES
from budget_declarations.extract.text import parse_text
from budget_declarations.outputs.records import indicator_rows, project_row
from budget_declarations.outputs.schema import project_fields
from budget_declarations.parse.declarations import parse_declaration
from budget_declarations import vocabulary
from budget_declarations.pipeline.process import process_file

LAYOUT_FILES = FIXTURES / "layouts"


def _rows(text: str, keep_personal: bool = False):
    declaration = parse_declaration(parse_text(text))
    projects = [project_row("x", declaration.fiscal_year, p, keep_personal) for p in declaration.projects]
    indicators = [r for p in declaration.projects for r in indicator_rows("x", declaration.fiscal_year, p)]
    return declaration, projects, indicators


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- one 指标类型 column, separate comparator / value / unit cells, 无, slips kept as printed ---------
INDICATOR_TYPE_COLUMN = """某市某局2024年项目绩效目标表
项目名称\t城市道路照明维护\t\t\t\t
主管部门\t某市城市管理局\t实施单位\t某市路灯管理所\t\t
年度目标\t全年维护路灯2.1万盏，亮灯率保持在98%以上。\t\t\t\t
指标类型\t指标名称\t符号\t指标值\t计量单位\t权重
产出类指标\t维护路灯数量\t≥\t2.1\t万盏\t30
产出类指标\t亮灯率\t≥\t98\t%\t30
效益类指标\t夜间出行安全\t无\t明显改善\t无\t20
满意度类指标\t市民满意度\t≧\t85\t%\t10
管理类指标\t资金使用合规性\t\t合规\t\t10
"""


def test_indicator_type_column_and_three_cell_targets():
    declaration, (p,), indicators = _rows(INDICATOR_TYPE_COLUMN)
    assert p["project_name"] == "城市道路照明维护" and p["implementing_unit"] == "某市路灯管理所"
    got = [(i["level1"], i["level2"], i["level3"], i["target_raw"], i["comparator"], i["value"], i["unit"], i["weight"])
           for i in indicators]
    assert got == [
        ("产出指标", None, "维护路灯数量", "≥2.1万盏", ">=", 2.1, "万盏", 30.0),
        ("产出指标", None, "亮灯率", "≥98%", ">=", 98.0, "%", 30.0),
        ("效益指标", None, "夜间出行安全", "明显改善", None, None, None, 20.0),
        ("满意度指标", None, "市民满意度", "≧85%", ">=", 85.0, "%", 10.0),
        ("管理类指标", None, "资金使用合规性", "合规", None, None, None, 10.0),  # outside the taxonomy: as printed
    ]


SLIP_AND_NO_LEVEL3 = """某县某局2025年项目支出绩效目标表
项目名称\t乡村学校少年宫运行\t\t\t\t
一级指标\t二级指标\t三级指标\t指标值\t度量单位\t权重
产出指标\t数量指标\t开展活动次数\t≥48\t次\t30
效益指标\t质量指标\t学生参与率\t≥80\t%\t30
\t社会效益指标\t\t明显提升\t\t20
满意度指标\t服务对象满意度指标\t学生满意度\t≥90\t%\t20
"""


def test_slips_kept_as_printed_and_a_level2_without_level3():
    _, _, indicators = _rows(SLIP_AND_NO_LEVEL3)
    got = [(i["level1"], i["level2"], i["level3"], i["target_raw"]) for i in indicators]
    assert got == [
        ("产出指标", "数量指标", "开展活动次数", "≥48次"),
        ("效益指标", "质量指标", "学生参与率", "≥80%"),  # the form's own slip, kept
        ("效益指标", "社会效益指标", None, "明显提升"),  # a 二级 with no 三级
        ("满意度指标", "服务对象满意度指标", "学生满意度", "≥90%"),
    ]


def test_units_glued_to_words_two_values_and_units_in_the_name():
    text = """某区某局2025年项目支出绩效目标表
项目名称\t困难群众救助\t\t\t
一级指标\t二级指标\t三级指标\t指标值\t
产出指标\t数量指标\t救助人数\t1600人、200人\t
产出指标\t数量指标\t培训人数（人）\t300\t
产出指标\t质量指标\t低保标准\t≥190元每人每月\t
效益指标\t社会效益指标\t服务户数\t不低于60户/人.月\t
效益指标\t社会效益指标\t救助水平\t不低于上年度水平\t
满意度指标\t服务对象满意度指标\t受助群众满意度\t≥90%\t
"""
    _, _, ind = _rows(text)
    by_name = {i["level3"]: i for i in ind}
    two = by_name["救助人数"]  # two values: each read, in order, none guessed into the row's value
    assert (two["target_kind"], two["value"]) == ("multiple", None)
    assert [(p["value"], p["unit"]) for p in two["target_parts"]] == [(1600.0, "人"), (200.0, "人")]
    assert (by_name["培训人数（人）"]["value"], by_name["培训人数（人）"]["unit"]) == (300.0, "人")
    low = by_name["低保标准"]
    assert (low["comparator"], low["value"], low["unit"], low["unit_std"]) == (">=", 190.0, "元每人每月", "元/人/月")
    per = by_name["服务户数"]
    assert (per["comparator"], per["value"], per["unit_std"]) == (">=", 60.0, "户/人/月")
    assert by_name["救助水平"]["target_kind"] == "qualitative"


def test_two_values_in_one_cell_are_reported(tmp_path):
    text = INDICATOR_TYPE_COLUMN.replace("明显改善", "1600人、200人")
    checks = process_file(_write(tmp_path, "a.txt", text)).tables["checks"]
    assert ("TARGET_MULTIPLE_VALUES", "info") in {(c["check"], c["severity"]) for c in checks}


# -- label/value forms: split labels, dates without separators, codes, ticked boxes ----------------
SPLIT_LABELS = """项目支出绩效目标表
（2024年度）
项目名称\t老旧小区改造\t\t\t
主管部门及代码\t[203]某市住房和城乡建设局\t项目实施单位\t某市城市更新中心\t
项目起\t2024.6-\t项目属性\t□新增 √延续\t
止时间\t2025.6\t\t\t
项目资金（万元）\t资金总额\t860\t\t
\t其中：财政拨款\t800\t\t
\t自有资金\t60\t\t
长期目标\t\t年度目标\t\t
完成12个小区改造。\t\t完成8个小区改造。\t\t
绩效指标\t一级指标\t二级指标\t三级指标\t指标值
\t产出指标\t数量指标\t改造小区数\t≥8个
\t满意度指标\t服务对象满意度指标\t居民满意度\t≥90%
"""


def test_split_label_period_code_and_ticked_box():
    declaration, (p,), indicators = _rows(SPLIT_LABELS)
    assert declaration.fiscal_year == 2024
    assert (p["plan_start"], p["plan_end"]) == (dt.date(2024, 6, 1), dt.date(2025, 6, 30))
    assert p["competent_department"] == "某市住房和城乡建设局" and p["project_nature"] == "延续"
    assert (p["total_funds"], p["total_fiscal"], p["own_funds"]) == (
        Decimal("8600000.00"), Decimal("8000000.00"), Decimal("600000.00"))
    assert p["funds_unit_source"] == "万元" and p["template"] == "label_value_wan"
    assert (p["long_term_goal"], p["annual_goal"]) == ("完成12个小区改造。", "完成8个小区改造。")
    assert [i["level3"] for i in indicators] == ["改造小区数", "居民满意度"]


def test_unit_in_the_title_line_applies_to_a_list_table():
    text = """某县某局2025年部门预算项目绩效目标表（单位：万元）
项目名称\t预算数\t年度目标\t一级指标\t二级指标\t三级指标\t指标值
道路养护\t12.5\t养护道路40公里\t产出指标\t数量指标\t养护里程\t≥40公里
\t\t\t满意度指标\t服务对象满意度指标\t群众满意度\t≥90%
"""
    _, (p,), _ = _rows(text)
    assert p["annual_request"] == Decimal("125000.00") and p["funds_unit_source"] == "万元"


# -- personal data -------------------------------------------------------------------------------
def test_personal_data_is_not_written_unless_asked():
    path = LAYOUT_FILES / "label_value_wan.txt"
    tables = process_file(path).tables
    rows = tables["projects"]
    assert {r["contact_person"] for r in rows} == {None} and {r["contact_phone"] for r in rows} == {None}
    everything = repr(tables)
    assert "王某某" not in everything and "0731-84561234" not in everything
    kept = process_file(path, keep_personal=True).tables["projects"]
    assert (kept[0]["contact_person"], kept[0]["contact_phone"]) == ("王某某", "0731-84561234")


# -- checks that follow the layouts -----------------------------------------------------------------
def _checks(path: Path) -> list[tuple]:
    return sorted((c["project_no"], c["check"], c["severity"]) for c in process_file(path).tables["checks"])


@pytest.mark.parametrize("name", ["list_table", "label_value_wan", "transfer", "department_overall", "application"])
def test_fixtures_add_up(name):
    """Our fixtures' funds and weights add up: no error or warning from any funds or weights rule."""
    bad = [c for c in _checks(LAYOUT_FILES / f"{name}.txt")
           if c[1].startswith(("FUNDS", "WEIGHTS", "LIST_VALUES")) and c[2] != "info"]
    assert bad == []


def test_weights_not_adding_up(tmp_path):
    text = (LAYOUT_FILES / "list_table.txt").read_text(encoding="utf-8").replace("\t15\t正向指标", "\t25\t正向指标", 1)
    assert (1, "WEIGHTS_TOTAL", "warning") in _checks(_write(tmp_path, "w.txt", text))


def test_list_amount_differing_between_rows(tmp_path):
    lines = (LAYOUT_FILES / "list_table.txt").read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if "维修灌溉渠道" in line)
    cells = lines[n].split("\t")
    cells[1], cells[2] = "高标准农田建设管护", "263.50"  # the project repeated with another 预算数
    lines[n] = "\t".join(cells)
    assert (1, "LIST_VALUES_DIFFER", "error") in _checks(_write(tmp_path, "l.txt", "\n".join(lines)))


def test_transfer_and_department_splits(tmp_path):
    transfer = (LAYOUT_FILES / "transfer.txt").read_text(encoding="utf-8").replace("\t4800\t", "\t4900\t")
    assert (1, "FUNDS_TRANSFER_SPLIT", "error") in _checks(_write(tmp_path, "t.txt", transfer))
    dept = (LAYOUT_FILES / "department_overall.txt").read_text(encoding="utf-8").replace("\t3440\t", "\t3400\t")
    assert (1, "FUNDS_EXPENDITURE_SPLIT", "error") in _checks(_write(tmp_path, "d.txt", dept))


# -- an unknown layout is reported, never silent ------------------------------------------------------
def test_unknown_layout_is_partial_with_the_missing_labels(tmp_path):
    text = """某某单位2025年绩效目标
工程名称：某某工程
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t完成工程量\t≥10项
满意度指标\t服务对象满意度指标\t满意度\t≥90%
"""
    doc = process_file(_write(tmp_path, "u.txt", text)).document
    assert doc["status"] == "partial" and doc["indicator_count"] == 2
    assert "项目名称" in doc["error"] and "templates.md" in doc["error"]


# -- the descriptions themselves --------------------------------------------------------------------
def test_every_description_loads_and_names_a_known_kind():
    layouts = vocabulary.default().layouts
    names = [t.name for t in layouts]
    assert names[0] == "shanghai" and len(set(names)) == len(names) >= 6
    for t in layouts:
        assert t.titles and t.doc_kind in ("project_declaration", "department_overall", "transfer", "self_evaluation")


def _vocabulary_copy(tmp_path):
    import shutil

    folder = tmp_path / "vocab"
    shutil.copytree(vocabulary.FOLDER, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def test_a_broken_description_says_what_is_wrong(tmp_path):
    folder = _vocabulary_copy(tmp_path)
    (folder / "layouts" / "bad.toml").write_text('name = "x"\ndoc_kind = "budget"\n', encoding="utf-8")
    with pytest.raises(vocabulary.VocabularyError, match="doc_kind"):
        vocabulary.load(folder)


@pytest.mark.parametrize("where, old, new, message", [
    ("words.toml", "project_name = [", "project_nmae = [", "project_nmae"),
    ("words.toml", 'role = "unit"', 'role = "units"', "units"),
    ("words.toml", 'field = "total_funds"', 'field = "total_fund"', "total_fund"),
    ("layouts/transfer.toml", 'annual_request = ["资金总额"]', 'annual_requets = ["资金总额"]', "annual_requets"),
    ("layouts/transfer.toml", 'department_field = "implementing_unit"', 'department_field = "implementing"', "implementing"),
    ("words.toml", "form_hints = [", "form_hint = [", "form_hint"),
    ("words.toml", 'role = "deviation"\n', 'role = "deviation"\nsections = []\n', "unknown keys"),
])
def test_a_typo_in_a_field_or_role_fails_at_load(tmp_path, where, old, new, message):
    """A misspelt field would silently drop every value its labels name: loading refuses it."""
    folder = _vocabulary_copy(tmp_path)
    path = folder / where
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(vocabulary.VocabularyError, match=message):
        vocabulary.load(folder, fields=project_fields())  # as the pipeline loads it (checked_vocabulary)


def test_editing_the_vocabulary_changes_the_parser_version(tmp_path):
    folder = _vocabulary_copy(tmp_path)
    before = vocabulary.load(folder).digest
    path = folder / "words.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert vocabulary.load(folder).digest != before == vocabulary.default().digest


def test_two_row_list_header_without_an_amount_column():
    text = """某县教育局2024年部门预算项目绩效目标表
单位：万元
单位名称\t项目名称\t年度目标\t绩效指标\t\t\t\t\t\t\t
\t\t\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t权重\t指标方向性
某县教育局\t营养改善计划\t为1.2万名学生提供营养膳食补助\t产出指标\t数量指标\t受益学生数\t≥\t1.2\t万人\t30\t正向指标
\t\t\t满意度指标\t服务对象满意度指标\t家长满意度\t≥\t90\t%\t70\t正向指标
\t校舍维修\t维修校舍5000平方米\t产出指标\t数量指标\t维修面积\t≥\t5000\t平方米\t100\t正向指标
"""
    declaration, projects, indicators = _rows(text)
    assert declaration.template == "list_table"
    assert [(p["project_name"], p["implementing_unit"], p["annual_goal"]) for p in projects] == [
        ("营养改善计划", "某县教育局", "为1.2万名学生提供营养膳食补助"), ("校舍维修", "某县教育局", "维修校舍5000平方米")]
    assert [(i["project_no"], i["level3"], i["target_raw"], i["weight"]) for i in indicators] == [
        (1, "受益学生数", "≥1.2万人", 30.0), (1, "家长满意度", "≥90%", 70.0), (2, "维修面积", "≥5000平方米", 100.0)]


def test_central_template_with_medium_term_goals_and_targets():
    text = """项目支出绩效目标申报表
（2024年度）
项目名称\t智慧水务平台建设\t\t\t\t
主管部门及代码\t[118]某市水务局\t\t实施单位\t某市水务信息中心\t
项目属性\t新增项目\t\t项目期\t3年\t
项目资金（万元）\t中期资金总额：\t900\t\t年度资金总额：\t300
\t其中：财政拨款\t900\t\t其中：财政拨款\t300
\t其他资金\t0\t\t其他资金\t0
总体目标\t中期目标（2024年—2026年）\t\t\t年度目标\t
\t建成覆盖全市的智慧水务平台。\t\t\t完成平台一期建设。\t
绩效指标\t一级指标\t二级指标\t三级指标\t中期指标值\t年度指标值
\t产出指标\t数量指标\t接入监测点\t≥2000个\t≥800个
\t满意度指标\t服务对象满意度指标\t用户满意度\t≥90%\t≥85%
"""
    _, (p,), indicators = _rows(text)
    assert (p["long_term_goal"], p["annual_goal"], p["overall_goal"]) == ("建成覆盖全市的智慧水务平台。", "完成平台一期建设。", None)
    assert (p["total_funds"], p["total_fiscal"], p["annual_request"], p["annual_appropriation"]) == (
        Decimal("9000000.00"), Decimal("9000000.00"), Decimal("3000000.00"), Decimal("3000000.00"))
    assert [(i["target_raw"], i["long_term_target_raw"]) for i in indicators] == [("≥800个", "≥2000个"), ("≥85%", "≥90%")]


DEPARTMENT_SELF_EVALUATION = """某区卫生健康委员会2024年度部门整体支出绩效自评表
部门整体支出绩效自评表
部门（单位）名称\t某区卫生健康委员会\t\t\t\t\t\t\t
年度预算（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\t
\t年度资金总额\t5200\t5600\t5488\t10\t98.00%\t9.8\t
\t其中：基本支出\t3100\t3100\t3100\t—\t—\t—\t
\t项目支出\t2100\t2500\t2388\t—\t—\t—\t
年度总体目标\t预期目标\t\t\t\t实际完成情况\t\t\t
\t保障全区公共卫生服务\t\t\t\t全面完成公共卫生服务任务\t\t\t
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标\t数量指标\t家庭医生签约人数\t≥12万人\t12.6万人\t30\t30\t
\t效益指标\t社会效益指标\t传染病报告及时率\t=100%\t100%\t30\t30\t
\t满意度指标\t服务对象满意度指标\t居民满意度\t≥85%\t83%\t30\t27\t宣传不到位
总分\t\t\t\t\t\t100\t96.8\t
"""


def test_a_department_self_evaluation_reads_without_a_project_name():
    declaration, (p,), indicators = _rows(DEPARTMENT_SELF_EVALUATION)
    assert (declaration.doc_kind, declaration.template, declaration.warnings) == (
        "self_evaluation", "self_evaluation_department", [])
    assert (p["project_name"], p["competent_department"], p["annual_budget_full"], p["executed"], p["execution_rate"]) == (
        None, "某区卫生健康委员会", Decimal("56000000.00"), Decimal("54880000.00"), 98.0)
    assert (p["funds_score"], p["total_score"], p["goal_achieved"]) == (9.8, 96.8, "全面完成公共卫生服务任务")
    assert [(i["actual_raw"], i["score"], i["target_met"]) for i in indicators] == [
        ("12.6万人", 30.0, True), ("100%", 30.0, True), ("83%", 27.0, False)]
