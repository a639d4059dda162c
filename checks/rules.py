"""What a budget reviewer would flag, one small function per rule.

Sources: docs/reference/taxonomy.md ("taxonomy" below) for the amounts on a Shanghai 申报表, the
department declaration and the indicator generations; 财预〔2021〕101号 for the requirement that
targets be measurable.  Every function takes the rows the pipeline wrote and returns findings;
none of them changes a row.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import regex

from budget_declarations.checks.amounts import stated_amount
from budget_declarations.normalize import taxonomy
from budget_declarations.normalize.dates import make_date

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str  # error | warning | info
    message: str
    project_no: int | None = None
    expected: str | None = None
    actual: str | None = None


def _yuan(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}元"


def _wan(value: Decimal) -> str:
    return f"{(value / 10000).quantize(Decimal('0.0001')).normalize():f}万元"


def _d(value) -> Decimal:
    return ZERO if value is None else Decimal(value)


# -- funds -----------------------------------------------------------------------------------
def funds_total_split(p: dict) -> list[Finding]:
    """项目资金总额 = 其中：财政资金 (财政拨款) + 自有资金 + 其他资金 (taxonomy: amounts on the
    Shanghai 申报表; 万元 layouts add 自有资金)."""
    return _sum_rule(p, "total_funds", ("total_fiscal", "own_funds", "total_other"), "FUNDS_TOTAL_SPLIT",
                     "项目资金总额{total}不等于财政资金、自有资金与其他资金之和{parts}")


def amounts_in_range(p: dict) -> list[Finding]:
    """An amount with more digits than any budget has (a typing error) is left null, and said so."""
    return [Finding("AMOUNT_OUT_OF_RANGE", "error", f"金额“{text}”超出可能范围或无法读作金额（疑似录入错误），已置空", p["project_no"],
                    "小于10¹⁶元", text) for key, text in p.get("_out_of_range", [])]


def _sum_rule(p: dict, total: str, parts: tuple[str, ...], code: str, message: str) -> list[Finding]:
    """A total printed with its parts: the parts add up to it (an empty part counts 0)."""
    if p.get(total) is None or all(p.get(k) is None for k in parts):
        return []
    got = sum((_d(p.get(k)) for k in parts), ZERO)
    if abs(got - p[total]) < CENT:
        return []
    return [Finding(code, "error", message.format(total=_yuan(p[total]), parts=_yuan(got)),
                    p["project_no"], _yuan(got), _yuan(p[total]))]


def funds_transfer_split(p: dict) -> list[Finding]:
    """转移支付 年度金额 = 中央补助 + 地方资金 (+ 其他资金 where printed) (区域绩效目标表).  Judged only
    where the form prints the central or the local share."""
    if p.get("central_funds") is None and p.get("local_funds") is None:
        return []
    return _sum_rule(p, "annual_request", ("central_funds", "local_funds", "annual_other"), "FUNDS_TRANSFER_SPLIT",
                     "年度金额{total}不等于中央补助、地方资金与其他资金之和{parts}")


def funds_expenditure_split(p: dict) -> list[Finding]:
    """部门预算总额 = 基本支出 + 项目支出 (部门整体支出绩效目标申报表)."""
    return _sum_rule(p, "annual_request", ("basic_expenditure", "project_expenditure"), "FUNDS_EXPENDITURE_SPLIT",
                     "预算总额{total}不等于基本支出与项目支出之和{parts}")


def weights_total(p: dict, indicators: list[dict]) -> list[Finding]:
    """Where a layout gives weights (权重/分值), a project's add up to 100, or to the total its 合计
    row or its weight column's header states (`分值权重（90分）`)."""
    weights = [i["weight"] for i in indicators if i.get("weight") is not None]
    if not weights:
        return []
    expected = p.get("weight_total_stated") or 100.0
    got = round(sum(weights), 6)
    if abs(got - expected) < 1e-6:
        return []
    missing = sum(1 for i in indicators if i.get("weight") is None)
    note = f"（另有{missing}个指标未填权重）" if missing else ""
    return [Finding("WEIGHTS_TOTAL", "warning", f"指标权重合计{got:g}，不等于{expected:g}{note}", p["project_no"],
                    f"{expected:g}", f"{got:g}")]


def list_values_agree(project_no: int, conflicts: list[tuple[str, str, str]]) -> list[Finding]:
    """A list table repeats a project's cells on its rows; the repeats must agree (预算数 above all)."""
    labels = {"annual_request": "预算数", "annual_goal": "年度目标", "implementing_unit": "单位名称"}
    return [Finding("LIST_VALUES_DIFFER", "error" if key == "annual_request" else "warning",
                    f"同一项目各行的{labels.get(key, key)}不一致", project_no, first, other)
            for key, first, other in conflicts]


def funds_annual_split(p: dict) -> list[Finding]:
    """年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金, an empty cell counting 0 (taxonomy).
    Judged only where the form prints the year's appropriation or carry-over: a form that splits
    the year's amount otherwise (中央 / 地方 in a transfer table) says nothing this rule can test."""
    if p.get("annual_appropriation") is None and p.get("annual_carryover") is None:
        return []
    return _sum_rule(p, "annual_request", ("annual_appropriation", "annual_carryover", "annual_other"),
                     "FUNDS_ANNUAL_SPLIT", "年度资金申请总额{total}不等于当年财政拨款、上年结转资金与其他资金之和{parts}")


def funds_annual_within_total(p: dict) -> list[Finding]:
    """The year's request never exceeds the project total (taxonomy: 年度资金申请总额 ≤ 项目资金总额)."""
    if p["annual_request"] is None or p["total_funds"] is None or p["annual_request"] <= p["total_funds"]:
        return []
    return [Finding("FUNDS_ANNUAL_EXCEEDS_TOTAL", "error",
                    f"年度资金申请总额{_yuan(p['annual_request'])}超过项目资金总额{_yuan(p['total_funds'])}",
                    p["project_no"], f"≤{_yuan(p['total_funds'])}", _yuan(p["annual_request"]))]


# -- narrative vs form -----------------------------------------------------------------------
def budget_text_matches_form(p: dict) -> list[Finding]:
    """六、年度预算安排 states the money the form requests: its total, or the sum of its items.

    Only amounts in 元/万元/亿元 count (unit prices such as 16元/平/月 and areas do not).  A figure
    with decimals is taken as rounded to its last digit; a whole figure as written.
    """
    if p["annual_request"] is None or not p.get("budget_arrangement"):
        return []
    stated = stated_amount(p["budget_arrangement"])
    if stated is None:
        return [Finding("BUDGET_TEXT_NO_AMOUNT", "info", "年度预算安排未写明金额，无法与申报表核对", p["project_no"],
                        _yuan(p["annual_request"]), None)]
    amount, tolerance, how = stated
    if abs(amount - p["annual_request"]) <= tolerance + CENT:
        return []
    source = "所列合计" if how == "total" else "各项金额合计"
    return [Finding("BUDGET_TEXT_MISMATCH", "warning",
                    f"年度预算安排{source}{_wan(amount)}，与申报表年度资金申请总额{_wan(p['annual_request'])}不一致",
                    p["project_no"], _yuan(p["annual_request"]), _yuan(amount.quantize(CENT)))]


# -- department --------------------------------------------------------------------------------
def is_department_budget(doc: dict) -> bool:
    """A published 部门预算 shows forms or narratives for only some projects (taxonomy)."""
    return bool(regex.search(r"部门预算|预算公开|部门决算", doc.get("title") or ""))


def declared_unread(doc: dict) -> list[Finding]:
    """绩效目标设置情况 names the declared projects, but its count or total could not be read."""
    sentence = doc.get("_declared_unread")
    if not sentence:
        return []
    return [Finding("DECLARED_UNREAD", "info", "绩效目标设置情况所述项目数或金额无法识别，未能核对", None,
                    "编报绩效目标的项目N个，涉及资金X万元", sentence[:120])]


def department_totals(doc: dict, projects: list[dict]) -> list[Finding]:
    """The declared project count and total (绩效目标设置情况) against the projects present.

    Equal in a stand-alone declaration; at most the declared figure in a department budget, which
    shows only some projects (then only `info`).  The total is compared only when every project
    present has its form's 年度资金申请总额.
    """
    findings: list[Finding] = []
    partial = is_department_budget(doc)
    declared_n = doc.get("declared_project_count")
    if declared_n is not None and projects:
        n = len(projects)
        if n != declared_n:
            if partial and n < declared_n:
                findings.append(Finding("DECLARED_COUNT", "info",
                                        f"本文件列示{n}个项目，部门编报绩效目标的项目{declared_n}个（部门预算只公开部分项目）",
                                        None, str(declared_n), str(n)))
            else:
                findings.append(Finding("DECLARED_COUNT", "error",
                                        f"识别出{n}个项目，与绩效目标设置情况所述{declared_n}个不一致", None, str(declared_n), str(n)))
    declared_total = doc.get("declared_total_yuan")
    requests = [p["annual_request"] for p in projects]
    if declared_total is not None and requests and all(r is not None for r in requests):
        total = sum(requests, ZERO)
        if abs(total - declared_total) >= Decimal(100):  # the declared total is shown in 万元 to 2 decimals
            if partial and total < declared_total:
                findings.append(Finding("DECLARED_TOTAL", "info",
                                        f"列示项目年度资金合计{_wan(total)}，部门申报项目预算资金{_wan(declared_total)}（部门预算只公开部分项目）",
                                        None, _yuan(declared_total), _yuan(total)))
            else:
                findings.append(Finding("DECLARED_TOTAL", "error",
                                        f"各项目年度资金申请总额合计{_wan(total)}，与绩效目标设置情况所述{_wan(declared_total)}不一致",
                                        None, _yuan(declared_total), _yuan(total)))
    return findings


# -- dates ------------------------------------------------------------------------------------
_PERIOD_DATES = regex.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(?:(\d{1,2})\s*日?)?")


def plan_dates(p: dict, fiscal_year: int | None) -> list[Finding]:
    """计划开始日期 ≤ 计划完成日期, and the plan covers the budget year."""
    start, end = p.get("plan_start"), p.get("plan_end")
    findings: list[Finding] = []
    if start and end and start > end:
        findings.append(Finding("PLAN_DATES_ORDER", "error", f"计划开始日期{start}晚于计划完成日期{end}",
                                p["project_no"], f"≤{end}", str(start)))
    if fiscal_year and start and end and (start > dt.date(fiscal_year, 12, 31) or end < dt.date(fiscal_year, 1, 1)):
        findings.append(Finding("PLAN_OUTSIDE_YEAR", "warning",
                                f"计划实施期{start}至{end}不覆盖{fiscal_year}预算年度", p["project_no"],
                                f"覆盖{fiscal_year}年", f"{start}至{end}"))
    return findings


def period_covers_year(p: dict, fiscal_year: int | None) -> list[Finding]:
    """五、实施周期 must cover the budget year (a 2026 budget with 实施周期 2025年1月1日-2025年12月31日 is a finding)."""
    text = p.get("implementation_period")
    if not fiscal_year or not text:
        return []
    dates = []
    for y, m, d in _PERIOD_DATES.findall(text):
        when = make_date(int(y), int(m), int(d) if d else None)
        if when:
            dates.append(when)
    if not dates:
        return []
    start, end = min(dates), max(dates)
    if start <= dt.date(fiscal_year, 12, 31) and end >= dt.date(fiscal_year, 1, 1):
        return []
    return [Finding("PERIOD_OUTSIDE_YEAR", "warning", f"实施周期“{text}”不在{fiscal_year}预算年度内",
                    p["project_no"], f"{fiscal_year}年内", text)]


# -- taxonomy ---------------------------------------------------------------------------------
def taxonomy_levels(ind: dict) -> list[Finding]:
    """一级 known; 二级 under its 一级 (either generation); 三级 not a copy of a 二级 label (taxonomy)."""
    findings: list[Finding] = []
    where = f"第{ind['seq']}个指标"
    l1, l2, l3 = ind.get("level1"), ind.get("level2"), ind.get("level3")
    if l1 is not None and l1 not in taxonomy.LEVEL1:
        findings.append(Finding("LEVEL1_UNKNOWN", "warning", f"{where}的一级指标“{l1}”不在指标体系内",
                                ind["project_no"], "/".join(taxonomy.LEVEL1), l1))
    if l1 is None:
        findings.append(Finding("LEVEL1_MISSING", "warning", f"{where}缺少一级指标", ind["project_no"], None, None))
    if l1 in taxonomy.LEVEL1 and l2 is not None:
        parent = taxonomy.LEVEL2_PARENT.get(l2)
        old_ok = taxonomy.OLD_GENERATION_LEVEL2_PARENT.get(l2) == l1
        if parent != l1 and not old_ok:
            findings.append(Finding("LEVEL2_WRONG_PARENT", "warning",
                                    f"{where}的二级指标“{l2}”不属于一级指标“{l1}”", ind["project_no"],
                                    parent or "指标体系内的二级指标", f"{l1}/{l2}"))
    if l3 and taxonomy.canonical(l3):
        findings.append(Finding("LEVEL3_IS_LABEL", "warning", f"{where}的三级指标“{l3}”只是照抄了指标类别名称",
                                ind["project_no"], "具体的三级指标", l3))
    return findings


def indicator_completeness(project_no: int, indicators: list[dict], new_generation: bool) -> list[Finding]:
    """Each project has 产出, 效益 and 满意度 indicators, and 成本 where the form follows 财预〔2021〕101号."""
    present = {i.get("level1") for i in indicators}
    needed = ["产出指标", "效益指标", "满意度指标"] + (["成本指标"] if new_generation else [])
    missing = [n for n in needed if n not in present]
    if not missing:
        return []
    return [Finding("INDICATORS_INCOMPLETE", "warning", f"缺少{'、'.join(missing)}", project_no,
                    "、".join(needed), "、".join(sorted(n for n in present if n)))]


_FORM_FIELDS = ("project_nature", "project_category", "competent_department", "total_funds", "annual_request")
_SECTIONS = {
    "overview": "一、项目概述", "basis": "二、立项依据", "implementer": "三、实施主体",
    "implementation_plan": "四、实施方案", "implementation_period": "五、实施周期",
    "budget_arrangement": "六、年度预算安排", "performance_goal_note": "七、绩效目标",
}


def form_has_indicators(p: dict, indicators: list[dict]) -> list[Finding]:
    """A 申报表 always carries an indicator table; a form without one was cut off or misread."""
    has_form = any(p.get(k) is not None for k in _FORM_FIELDS)
    if not has_form or indicators:
        return []
    return [Finding("FORM_WITHOUT_INDICATORS", "warning", "申报表没有绩效指标（表格可能缺页或未能识别）",
                    p["project_no"], "绩效指标表", None)]


def narrative_sections(p: dict) -> list[Finding]:
    """A 项目经费情况说明 has seven sections, 一、项目概述 to 七、绩效目标."""
    present = [k for k in _SECTIONS if p.get(k)]
    if not present or len(present) == len(_SECTIONS):
        return []
    missing = [label for k, label in _SECTIONS.items() if not p.get(k)]
    return [Finding("SECTIONS_MISSING", "info", f"项目经费情况说明缺少{'、'.join(missing)}", p["project_no"],
                    "七个部分", "、".join(_SECTIONS[k] for k in present))]


# -- targets ----------------------------------------------------------------------------------
_GARBLED = regex.compile(r"[≥≤≧≦><=＝═%％]")


def target_quality(ind: dict, unread_columns: list[str] | tuple[str, ...] = ()) -> list[Finding]:
    """Targets must be assessable (财预〔2021〕101号: 指标值应当可衡量).  A target missing from a table
    with a column nobody could read may be printed there: that is our failure to read
    (TARGET_NOT_READ), not the department's error."""
    where = f"第{ind['seq']}个指标“{ind.get('level3') or ''}”"
    pno = ind["project_no"]
    raw, kind, unit, value = ind.get("target_raw"), ind.get("target_kind"), ind.get("unit"), ind.get("value")
    if not raw and unread_columns:
        columns = "、".join(f"“{c}”" for c in unread_columns)
        return [Finding("TARGET_NOT_READ", "info", f"{where}未读到指标值：表中{columns}一栏未能识别，指标值可能在其中",
                        pno, None, None)]
    if not raw:
        return [Finding("TARGET_EMPTY", "error", f"{where}没有指标值", pno, None, None)]
    findings: list[Finding] = []
    notes = ind.get("_target_notes") or ()
    parts = ind.get("target_parts") or []
    if kind == "multiple":
        # `≥98%；≥95%`: each is read (target_parts), but one indicator should state one target
        findings.append(Finding("TARGET_MULTIPLE_VALUES", "info", f"{where}的指标值“{raw}”含{len(parts)}个指标值，已逐个读出",
                                pno, "一个指标一个值", raw))
    elif "unread_number" in notes and (_GARBLED.search(raw) or "out_of_range" in notes):
        # `290$290%`, or 400 digits: a number mangled on the form
        findings.append(Finding("TARGET_UNPARSED", "warning", f"{where}的指标值“{raw}”无法识别（疑似录入或转换错误）",
                                pno, "比较符+数值+单位", raw))
    elif "unread_number" in notes:  # `7*24小时`, `上限LPR+50BPs`: kept as text, nothing guessed
        findings.append(Finding("TARGET_UNREAD", "info", f"{where}的指标值“{raw}”含数字，但读不出确定的数值，保留原文",
                                pno, "比较符+数值+单位", raw))
    if "impossible_date" in notes:
        findings.append(Finding("TARGET_DATE_IMPOSSIBLE", "warning",
                                f"{where}的指标值“{raw}”写了不存在的日期，按该月最后一天读", pno, "有效日期", raw))
    if kind == "numeric" and unit is None:
        findings.append(Finding("TARGET_NO_UNIT", "info", f"{where}的指标值“{raw}”没有计量单位", pno, "数值+单位", raw))
    percents = [(unit, value)] if kind == "numeric" else [(p.get("unit"), p.get("value")) for p in parts]
    if any(u in ("%", "百分比") and v is not None and v > 100 for u, v in percents):
        findings.append(Finding("TARGET_PERCENT_OVER_100", "warning", f"{where}的指标值“{raw}”超过100%", pno, "≤100%", raw))
    is_satisfaction = ind.get("level1") == "满意度指标" or "满意" in (ind.get("level3") or "")
    if (is_satisfaction and kind == "numeric" and unit in ("%", "百分比") and value is not None and value < 80
            and ind.get("comparator") in (None, ">=", ">", "=")):
        findings.append(Finding("SATISFACTION_BELOW_80", "warning", f"{where}的满意度目标“{raw}”低于80%", pno, "≥80%", raw))
    return findings


# -- self-evaluations -------------------------------------------------------------------------
def scores_total(p: dict, indicators: list[dict]) -> list[Finding]:
    """自评表: the indicators' 得分 and the funds' 得分 add up to the stated 总分."""
    scores = [i["score"] for i in indicators if i.get("score") is not None]
    if p.get("total_score") is None or not scores:
        return []
    got = round(sum(scores) + (p.get("funds_score") or 0.0), 6)
    if abs(got - p["total_score"]) < 0.01:
        return []
    return [Finding("SCORES_TOTAL", "error", f"各项得分合计{got:g}，不等于总分{p['total_score']:g}", p["project_no"],
                    f"{got:g}", f"{p['total_score']:g}")]


def score_within_max(p: dict, indicators: list[dict]) -> list[Finding]:
    """A score never exceeds its 分值 (the funds row's included)."""
    findings = []
    if p.get("funds_score") is not None and p.get("funds_score_max") is not None and p["funds_score"] > p["funds_score_max"]:
        findings.append(Finding("SCORE_OVER_MAX", "error", f"资金执行得分{p['funds_score']:g}超过分值{p['funds_score_max']:g}",
                                p["project_no"], f"≤{p['funds_score_max']:g}", f"{p['funds_score']:g}"))
    for i in indicators:
        if i.get("score") is not None and i.get("score_max") is not None and i["score"] > i["score_max"]:
            findings.append(Finding("SCORE_OVER_MAX", "error",
                                    f"第{i['seq']}个指标“{i.get('level3') or ''}”得分{i['score']:g}超过分值{i['score_max']:g}",
                                    p["project_no"], f"≤{i['score_max']:g}", f"{i['score']:g}"))
    return findings


def execution_rate(p: dict) -> list[Finding]:
    """执行率 = 全年执行数 / 全年预算数, within the rounding of a printed percentage (0.1 point)."""
    if p.get("execution_rate") is None or p.get("executed") is None or not p.get("annual_budget_full"):
        return []
    computed = float(p["executed"] / p["annual_budget_full"] * 100)
    if abs(computed - p["execution_rate"]) <= 0.1:
        return []
    return [Finding("EXECUTION_RATE", "error", f"执行率{p['execution_rate']:g}%与全年执行数/全年预算数{computed:.2f}%不符",
                    p["project_no"], f"{computed:.2f}%", f"{p['execution_rate']:g}%")]


def full_score_missed(ind: dict) -> list[Finding]:
    """An indicator given its full 分值 although its actual misses its target."""
    if ind.get("target_met") is False and ind.get("score") is not None and ind.get("score_max") is not None \
            and ind["score"] >= ind["score_max"]:
        return [Finding("FULL_SCORE_MISSED", "warning",
                        f"第{ind['seq']}个指标“{ind.get('level3') or ''}”未达到指标值（{ind.get('target_raw')}，实际"
                        f"{ind.get('actual_raw')}）却得满分", ind["project_no"], f"<{ind['score_max']:g}", f"{ind['score']:g}")]
    return []


def actual_without_target(ind: dict) -> list[Finding]:
    """An actual reported for an indicator that states no target cannot be assessed."""
    if ind.get("actual_raw") and not ind.get("target_raw"):
        return [Finding("ACTUAL_WITHOUT_TARGET", "warning", f"第{ind['seq']}个指标“{ind.get('level3') or ''}”有实际完成值但没有指标值",
                        ind["project_no"], "指标值", ind.get("actual_raw"))]
    return []
