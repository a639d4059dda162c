"""Every consistency rule with a passing and a failing case; the seed's findings exactly."""
import datetime as dt
from dataclasses import asdict
from decimal import Decimal as D

import pytest

from budget_declarations.checks import rules, run_checks
from budget_declarations.checks.amounts import stated_amount
from budget_declarations.normalize.target import parse_target
from conftest import SAMPLES, SEED_TXT
from expected_compare import rows_for


def project(**kw):
    base = dict(project_no=1, total_funds=D("100.00"), total_fiscal=D("100.00"), total_other=None,
                annual_request=D("100.00"), annual_appropriation=D("100.00"), annual_carryover=D("0.00"),
                annual_other=D("0.00"), budget_arrangement=None, plan_start=dt.date(2026, 1, 1),
                plan_end=dt.date(2026, 12, 31), implementation_period=None)
    base.update(kw)
    return base


def codes(findings):
    return [f.check for f in findings]


# -- funds -------------------------------------------------------------------------------------
def test_funds_total_split():
    assert rules.funds_total_split(project()) == []
    assert rules.funds_total_split(project(total_fiscal=D("60"), total_other=D("40"))) == []
    bad = rules.funds_total_split(project(total_fiscal=D("60"), total_other=D("30")))
    assert codes(bad) == ["FUNDS_TOTAL_SPLIT"] and bad[0].severity == "error" and bad[0].actual == "100.00元"


def test_funds_annual_split_empty_cells_count_zero():
    assert rules.funds_annual_split(project(annual_carryover=None, annual_other=None)) == []
    bad = rules.funds_annual_split(project(annual_appropriation=D("80"), annual_carryover=D("10")))
    assert codes(bad) == ["FUNDS_ANNUAL_SPLIT"] and bad[0].expected == "90.00元"


def test_annual_within_total():
    assert rules.funds_annual_within_total(project(total_funds=D("300"), total_fiscal=D("300"))) == []
    assert codes(rules.funds_annual_within_total(project(annual_request=D("120")))) == ["FUNDS_ANNUAL_EXCEEDS_TOTAL"]


# -- narrative vs form -----------------------------------------------------------------------
@pytest.mark.parametrize("text,yuan", [
    ("软件开发费44.72万元", D("447200")),
    ("宣传阵地建设20万元，宣传资料制作等30万元", D("500000")),
    ("(1)采购计算机48000元；(2)差旅费60000元(估)", D("108000")),
    ("推进活动等14.5万。", D("145000")),
    # a unit price and an area are not money; a 合计 inside an item is a subtotal
    ("(1)面积1469平方米，物业费按16元/平/月，每年合计44.07万元，(2)水电费20万元（估），(3)保洁33.2万元。", D("972700")),
    # a stated total wins over the items
    ("合计100万元，其中设备60万元、服务40万元", D("1000000")),
    ("按照2.5万/人/年计算，共35人", None),
])
def test_stated_amount(text, yuan):
    got = stated_amount(text)
    assert (got[0] if got else None) == yuan


def test_budget_text_matches_form():
    ok = project(annual_request=D("447200.00"), budget_arrangement="软件开发费44.72万元")
    assert rules.budget_text_matches_form(ok) == []
    rounded = project(annual_request=D("447230.00"), budget_arrangement="软件开发费44.72万元")
    assert rules.budget_text_matches_form(rounded) == []  # within half of the last shown digit
    bad = project(annual_request=D("2298500.00"), budget_arrangement="管理服务180万元，更新改造50万元。")
    (f,) = rules.budget_text_matches_form(bad)
    assert (f.check, f.severity, f.expected, f.actual) == ("BUDGET_TEXT_MISMATCH", "warning", "2,298,500.00元", "2,300,000.00元")
    assert "230万元" in f.message and "229.85万元" in f.message
    none = project(budget_arrangement="按合同条款按时拨付资金。")
    assert codes(rules.budget_text_matches_form(none)) == ["BUDGET_TEXT_NO_AMOUNT"]


# -- department ---------------------------------------------------------------------------------
def test_department_totals_stand_alone():
    doc = {"title": "某局2026年财政支出项目绩效目标申报表", "declared_project_count": 2, "declared_total_yuan": D("300")}
    ps = [project(annual_request=D("100")), project(project_no=2, annual_request=D("200"))]
    assert rules.department_totals(doc, ps) == []
    bad = rules.department_totals(doc, ps[:1])
    assert codes(bad) == ["DECLARED_COUNT", "DECLARED_TOTAL"] and {f.severity for f in bad} == {"error"}


def test_department_totals_in_a_department_budget_are_upper_bounds():
    doc = {"title": "上海市某区2025年区级部门预算", "declared_project_count": 49, "declared_total_yuan": D("88259800")}
    found = rules.department_totals(doc, [project(annual_request=D("600000"))])
    assert codes(found) == ["DECLARED_COUNT", "DECLARED_TOTAL"] and {f.severity for f in found} == {"info"}
    over = rules.department_totals(doc, [project(project_no=n) for n in range(50)])
    assert over[0].severity == "error"


# -- dates ------------------------------------------------------------------------------------
def test_plan_dates():
    assert rules.plan_dates(project(), 2026) == []
    assert codes(rules.plan_dates(project(plan_start=dt.date(2027, 1, 1)), 2026)) == ["PLAN_DATES_ORDER", "PLAN_OUTSIDE_YEAR"]
    multi = project(plan_start=dt.date(2025, 1, 1), plan_end=dt.date(2027, 12, 31))
    assert rules.plan_dates(multi, 2026) == []


def test_period_covers_year():
    assert rules.period_covers_year(project(implementation_period="2026年1月1日至2026年12月31日"), 2026) == []
    bad = rules.period_covers_year(project(implementation_period="2025年1月1日-2025年12月31日"), 2026)
    assert codes(bad) == ["PERIOD_OUTSIDE_YEAR"] and bad[0].severity == "warning"
    assert rules.period_covers_year(project(implementation_period="2025全年度。"), 2026) == []  # nothing to read


# -- taxonomy ---------------------------------------------------------------------------------
def ind(**kw):
    base = dict(project_no=1, seq=1, level1="产出指标", level2="数量指标", level3="培训人次", target_raw="≥100人次",
                target_kind="numeric", comparator=">=", value=100.0, unit="人次")
    base.update(kw)
    return base


def read(cell: str) -> dict:
    """An indicator row whose target columns are those the pipeline writes for `cell` (outputs/records.py)."""
    t = parse_target(cell, fiscal_year=2026)
    return ind(**dict(target_raw=t.raw, target_kind=t.kind, comparator=t.comparator, value=t.value, unit=t.unit,
                  target_parts=[asdict(p) for p in t.parts] or None, _target_notes=t.notes))


def test_taxonomy_levels():
    assert rules.taxonomy_levels(ind()) == []
    assert rules.taxonomy_levels(ind(level2="成本指标")) == []  # older generation: 成本 under 产出
    assert codes(rules.taxonomy_levels(ind(level1="过程指标"))) == ["LEVEL1_UNKNOWN"]
    assert codes(rules.taxonomy_levels(ind(level1="效益指标"))) == ["LEVEL2_WRONG_PARENT"]
    assert codes(rules.taxonomy_levels(ind(level3="数量指标"))) == ["LEVEL3_IS_LABEL"]
    assert codes(rules.taxonomy_levels(ind(level1=None, level2=None))) == ["LEVEL1_MISSING"]


def test_completeness():
    full = [ind(level1=l1) for l1 in ("成本指标", "产出指标", "效益指标", "满意度指标")]
    assert rules.indicator_completeness(1, full, new_generation=True) == []
    assert rules.indicator_completeness(1, full[1:], new_generation=False) == []
    (f,) = rules.indicator_completeness(1, full[1:3], new_generation=True)
    assert f.check == "INDICATORS_INCOMPLETE" and f.message == "缺少满意度指标、成本指标"


def test_form_has_indicators():
    assert rules.form_has_indicators(project(), [ind()]) == []
    narrative_only = {k: None for k in project()} | {"project_no": 1, "overview": "概述"}
    assert rules.form_has_indicators(narrative_only, []) == []
    assert codes(rules.form_has_indicators(project(), [])) == ["FORM_WITHOUT_INDICATORS"]


def test_narrative_sections():
    seven = dict(overview="a", basis="b", implementer="c", implementation_plan="d", implementation_period="e",
                 budget_arrangement="f", performance_goal_note="g")
    assert rules.narrative_sections(project(**seven)) == []
    assert rules.narrative_sections(project()) == []  # no narrative at all
    (f,) = rules.narrative_sections(project(**dict(seven, basis=None, implementer=None)))
    assert f.check == "SECTIONS_MISSING" and f.message == "项目经费情况说明缺少二、立项依据、三、实施主体"


# -- targets -------------------------------------------------------------------------------
def test_target_quality():
    assert rules.target_quality(ind()) == []
    assert rules.target_quality(ind(target_raw="及时", target_kind="qualitative", value=None, unit=None)) == []
    assert codes(rules.target_quality(ind(target_raw=None, target_kind=None))) == ["TARGET_EMPTY"]
    assert codes(rules.target_quality(read("290$290%"))) == ["TARGET_UNPARSED"]
    # several well-formed targets in one cell are read one by one and said once, not as unreadable
    assert codes(rules.target_quality(read("≥98%；≥95%"))) == ["TARGET_MULTIPLE_VALUES"]
    assert codes(rules.target_quality(read("≤1次；≤1次"))) == ["TARGET_MULTIPLE_VALUES"]
    assert codes(rules.target_quality(read("≥98%；≥195%"))) == ["TARGET_MULTIPLE_VALUES", "TARGET_PERCENT_OVER_100"]
    # digits that are no certain value: kept as text, said as info; an impossible day: a warning
    (unread,) = rules.target_quality(read("上限LPR+50BPs"))
    assert (unread.check, unread.severity, unread.actual) == ("TARGET_UNREAD", "info", "上限LPR+50BPs")
    assert codes(rules.target_quality(read("2026年9月31日前"))) == ["TARGET_DATE_IMPOSSIBLE"]
    assert rules.target_quality(read("不适用")) == [] and rules.target_quality(read("不低于上年")) == []
    assert codes(rules.target_quality(ind(target_raw="100", unit=None))) == ["TARGET_NO_UNIT"]
    assert codes(rules.target_quality(ind(target_raw="≥120%", unit="%", value=120.0))) == ["TARGET_PERCENT_OVER_100"]
    sat = ind(level1="满意度指标", level2="服务对象满意度指标", level3="群众满意度", unit="%")
    assert rules.target_quality(dict(sat, value=85.0, target_raw="≥85%")) == []
    assert codes(rules.target_quality(dict(sat, value=75.0, target_raw="≥75%"))) == ["SATISFACTION_BELOW_80"]


# -- whole documents ---------------------------------------------------------------------------
def test_seed_findings_exactly():
    """The seed: three amount findings, the department total (847.68万) and count (11) match."""
    tables = rows_for(SEED_TXT)
    got = sorted((c["project_no"], c["check"], c["expected"], c["actual"]) for c in tables["checks"])
    assert got == [
        (5, "BUDGET_TEXT_MISMATCH", "1,130,000.00元", "1,112,000.00元"),  # 82.4 + 28.8 = 111.2万 vs 113万
        (7, "BUDGET_TEXT_MISMATCH", "2,298,500.00元", "2,300,000.00元"),  # 180 + 50 = 230万 vs 229.85万
        (8, "BUDGET_TEXT_MISMATCH", "978,000.00元", "972,700.00元"),  # 44.07 + 20 + 33.2 = 97.27万 vs 97.8万
    ]
    # no other finding: every other rule passes on the seed (funds add up, dates in 2026, taxonomy, targets)


def test_checks_never_change_exit_status(tmp_path, capsys):
    import run_pipeline

    assert run_pipeline.main([str(SEED_TXT), "--out", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "findings: 3 (0 error, 3 warning, 0 info)" in out  # counted, exit 0


def test_real_department_budget_gets_info_only():
    tables = rows_for(SAMPLES / "shanghai_putuo_zhengfuban_2025_dept_budget.pdf")
    assert [(c["check"], c["severity"]) for c in tables["checks"]] == [("DECLARED_COUNT", "info")]


def test_run_checks_orders_document_findings_first():
    doc = {"title": "x", "fiscal_year": 2026, "declared_project_count": 3, "declared_total_yuan": None}
    found = run_checks(doc, [project(total_other=D("5"))], [])
    assert [(f.project_no, f.check) for f in found] == [
        (None, "DECLARED_COUNT"), (1, "FUNDS_TOTAL_SPLIT"), (1, "FORM_WITHOUT_INDICATORS")]


def _form_with_columns(tmp_path, header: str, rows: list[str]):
    from budget_declarations.pipeline.process import process_file

    text = "\n".join(["某某项目支出绩效目标申报表", "项目名称\t某某项目\t项目类别\t其他", header, *rows]) + "\n"
    path = tmp_path / "form.txt"
    path.write_text(text, encoding="utf-8")
    return process_file(path)


def test_an_empty_target_is_an_error_only_where_the_form_prints_none(tmp_path):
    """A column nobody recognised may hold the targets: rows without one are our reading gap
    (TARGET_NOT_READ, info) and the document is partial, naming the header; where every column was
    read, an empty 指标值 is the form's own (TARGET_EMPTY, error)."""
    unread = _form_with_columns(tmp_path, "一级指标\t二级指标\t三级指标\t预计达到\t权重",
                                ["产出指标\t数量指标\t培训人次\t≥300人次\t50", "效益指标\t社会效益指标\t知晓率\t≥90%\t50"])
    doc = unread.document
    assert doc["status"] == "partial" and "预计达到" in doc["error"]
    found = {(c["check"], c["severity"]) for c in unread.tables["checks"]}
    assert ("TARGET_NOT_READ", "info") in found and not any(c == "TARGET_EMPTY" for c, _ in found)

    read = _form_with_columns(tmp_path, "一级指标\t二级指标\t三级指标\t指标值\t权重",
                              ["产出指标\t数量指标\t培训人次\t\t50", "效益指标\t社会效益指标\t知晓率\t≥90%\t50"])
    checks = [(c["check"], c["severity"]) for c in read.tables["checks"]]
    assert checks.count(("TARGET_EMPTY", "error")) == 1 and ("TARGET_NOT_READ", "info") not in checks
    assert [i["target_raw"] for i in read.tables["indicators"]] == [None, "≥90%"]
