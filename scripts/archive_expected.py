#!/usr/bin/env python3
"""Hand-checked transcriptions of real forms into the expected rows the archive test compares.

    python scripts/archive_expected.py            # tests/fixtures/archive/*.printed.json -> *.expected.json

Each `X.printed.json` was written by a person from the rendered pages of `X.pdf` (the pages cut from a
document of `../shared/archive/`): the labels and values of each project's header as printed, its
indicator table's columns and cells as printed.  This script only says, once and by hand, which
printed label is which column of our tables; it never runs the pipeline.  The decisions:

- funds follow the label's words: 资金总额 / 实施期资金总额 / 项目资金总额 are the project's total
  (`total_funds`, with 财政拨款 / 其他资金 below it as `total_fiscal` / `total_other`); 年度… / 当年… are the
  year's (`annual_request`, with `annual_appropriation` / `annual_other`); the money columns of a table
  listing projects (项目总额, 总计, 资金总额, 财政资金, 财政拨款, 其他资金) are the year's budget, the table
  being one year's budget.  Amounts in 元 (万元 × 10000).
- a project name that starts with a long code (`11000022T000000489978-…`) is that code and the name; a
  title `301007_单位_项目绩效目标表` names the unit and the project (no 项目名称 cell is printed there).
- a code in front of a department (`228_烟台市财政局`) is not part of its name.
- 一级 / 二级 names are the taxonomy's (`经济成本` is 经济成本指标); 三级 names and targets as printed.
- a target printed in three cells is joined (`≥` | `1` | `份` → `≥1份`) and its comparator, value and
  unit are compared too (but for a month, `≤` | `9` | `月`: a deadline, read as a date); 定性 / 定量 in
  that column is the indicator's nature; a row that prints only its 一级 / 二级 (no name, no target) is
  no indicator.
"""
from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import regex

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "archive"

LEVEL_NAMES = {"经济成本": "经济成本指标", "社会效益": "社会效益指标", "可持续影响": "可持续影响指标",
               "服务对象满意度": "服务对象满意度指标"}

# printed header label (whitespace removed) -> projects column; None: printed but not a column of ours
HEADER_LABELS: dict[str, str | None] = {
    "项目名称": "project_name", "专项资金名称": "project_name", "专项名称": "project_name",
    "项目名称（资金使用单位）": "project_name", "单位（项目）名称": "project_name",
    "主管部门": "competent_department", "主管部门及代码": "competent_department",
    "单位名称": "competent_department", "单位名称：": "competent_department",
    "部门（单位）名称": "competent_department",
    "实施单位": "implementing_unit", "资金使用单位": "implementing_unit",
    "资金总额": "total_funds", "资金总额：": "total_funds", "实施期资金总额：": "total_funds",
    "年度预算资金总额：": "annual_request", "年度预算资金（万元）": "annual_request", "当年预算": "annual_request",
    "基本支出": "basic_expenditure", "项目支出": "project_expenditure",
}
# labels whose field depends on the side the funds block puts them on
SIDED = {"财政拨款": ("total_fiscal", "annual_appropriation"), "财政拨款：": ("total_fiscal", "annual_appropriation"),
         "其中：财政拨款": ("total_fiscal", "annual_appropriation"), "其他资金": ("total_other", "annual_other"),
         "其他资金：": ("total_other", "annual_other")}
# a table that lists projects: its money columns are the year's budget
LIST_COLUMNS = {"项目总额": "annual_request", "总计：": "annual_request", "其中：财政资金": "annual_appropriation",
                "其中：其他资金": "annual_other", "财政拨款": "annual_appropriation", "其他资金": "annual_other",
                "当年财政拨款预算金额": "annual_appropriation"}
NOT_COMPARED = {"绩效目标", "年度目标", "总体目标", "项目实施期目标", "当年绩效目标", "当年整体绩效目标", "年度总体目标",
                "项目概况", "主要政策任务：", "专项资金情况（万元）", "项目资金（万元）", "资金金额(万元)", "资金金额（万元）",
                "执行率分值（10分）", "市级支出", "补助区县", "序号", "单位编码", "财政专户拨款", "部门预算编码",
                "年度预算申请", "按收入性质分", "按支出性质分", "政府性基金拨款", "财政专户管理资金", "预期目标",
                "目标实际完成情况", "财政资金安排和使用情况", "预算安排", "拨付情况", "结余情况", "整体绩效目标"}
# 部门整体自评表's funds grid: its 合计 row
MATRIX = {"合计年初部门预算安排金额（含历年结余结转）①": ("annual_budget_initial", "money"),
          "合计小计③=①+②": ("annual_budget_full", "money"), "合计年度拨付金额④": ("executed", "money"),
          "合计支出实现率(%)⑤=④/③": ("execution_rate", "float"), "合计分值": ("funds_score_max", "float"),
          "合计得分": ("funds_score", "float")}

# printed indicator column -> role
COLUMNS = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "level3", "指标名称": "level3",
    "指标值": "target", "目标值": "target", "本年绩效指标值": "target", "年度指标值": "target",
    "绩效指标性质": "comparator", "指标性质": "comparator", "指标值类型": "comparator",
    "绩效度量单位": "unit", "计量单位": "unit", "度量单位": "unit",
    "分值权重（90分）": "weight", "指标权重(%)": "weight", "实施周期指标值": "long_term_target",
    "实际完成值": "actual", "指标分值": "score_max", "自评得分": "score", "偏差原因分析及改进措施": "deviation",
}
WEIGHTS_UNDER_NOTE = {"015_长沙_4a8c7eea"}  # its 备注 column holds the weights (checked on the page)
_COMPARATORS = {"≥": ">=", "≧": ">=", "≤": "<=", "≦": "<=", "＝": "=", "=": "=", ">": ">", "<": "<"}
_LEADING_CODE = regex.compile(r"^(?P<code>[0-9A-Z]{12,})[-－](?P<name>.+)$")
_TITLE_UNIT = regex.compile(r"^\d+_(?P<unit>[^_]+)_(?P<name>.+?)(?:项目)?绩效目标表$")
_DEPT_CODE = regex.compile(r"^\d+_")


def money(text: str, unit: str) -> float | None:
    text = text.replace(",", "").strip()
    if not text:
        return None
    value = Decimal(text) * (10000 if unit == "万元" else 1)
    return float(value.quantize(Decimal("0.01")))


def project_fields(stem: str, project: dict, unit: str) -> dict:
    fields: dict = {}
    header = [(label, value) for label, value in project["header"]]
    # the project's own columns of a table that lists projects
    listed = any(label in ("项目总额", "总计：", "当年财政拨款预算金额", "单位（项目）名称", "项目名称（资金使用单位）")
                 for label, _ in header)
    side = "total"
    for label, value in header:
        if label in NOT_COMPARED:
            if not value and regex.match(r"^(?:年度|当年|本年)", label):
                side = "annual"  # a group label (年度预算申请) over the amounts: they are the year's
            continue
        if listed and label in LIST_COLUMNS:
            fields[LIST_COLUMNS[label]] = money(value, unit)
            continue
        if (listed or side == "annual") and label == "资金总额":
            fields["annual_request"] = money(value, unit)
            continue
        if label in MATRIX:
            name, kind = MATRIX[label]
            fields[name] = money(value, unit) if kind == "money" else (float(value) if value else None)
            continue
        if label in SIDED:
            fields[SIDED[label][0 if side == "total" else 1]] = money(value, unit)
            continue
        if label == "一般公共预算":
            fields["annual_appropriation"] = money(value, unit)
            continue
        if label.startswith(("合计", "财政资金小计", "①", "②", "③", "其他资金小计")):
            continue  # the funds grid's other rows and columns
        name = HEADER_LABELS.get(label)
        if name is None:
            raise SystemExit(f"{stem}: header label {label!r} has no decision; add it above")
        if name in ("total_funds",):
            side = "total"
        if name == "annual_request":
            side = "annual"
        if name.endswith(("_funds", "_request", "_expenditure")):
            value = money(value, unit)
        elif name in ("competent_department",):
            value = _DEPT_CODE.sub("", value) or None
        else:
            value = value or None
        fields[name] = value
    if "project_name" in fields and fields["project_name"]:
        m = _LEADING_CODE.match(fields["project_name"])
        if m:
            fields["project_name"], fields["project_code"] = m.group("name"), m.group("code")
    m = _TITLE_UNIT.match(project.get("title") or "")
    if m and "project_name" not in fields:
        fields["project_name"], fields["implementing_unit"] = m.group("name"), m.group("unit")
    elif "project_name" not in fields and (project.get("title") or "").endswith("项目绩效目标表") and not listed:
        fields["project_name"] = project["title"][: -len("项目绩效目标表")]
    fields.setdefault("project_name", None)  # a department's form names no project: none invented
    return fields


def _level(name: str) -> str | None:
    return LEVEL_NAMES.get(name, name) or None


def indicator_rows(stem: str, project: dict) -> list[dict]:
    columns = [COLUMNS.get(c) for c in project["indicator_columns"]]
    if stem in WEIGHTS_UNDER_NOTE:
        columns = ["weight" if c == "备注" else r for c, r in zip(project["indicator_columns"], columns)]
    rows = []
    for cells in project["indicators"]:
        got = {role: text for role, text in zip(columns, cells) if role}
        if not got.get("level3") and not got.get("target"):
            continue  # a row that prints only its 一级 / 二级
        row = {"level1": _level(got.get("level1", "")), "level2": _level(got.get("level2", "")),
               "level3": got.get("level3") or None}
        cmp_, value, unit = got.get("comparator", ""), got.get("target", ""), got.get("unit", "")
        if "comparator" in got or "unit" in got:
            sign = cmp_ if cmp_ in _COMPARATORS else ""
            joined = sign + value + (unit if regex.search(r"\d$", value) else "")
            row["target_raw"] = joined or None
            if cmp_ in ("定性", "定量"):
                row["indicator_nature"] = cmp_
            if sign and regex.fullmatch(r"\d+(?:\.\d+)?", value) and unit != "月":  # `≤ 9 月` is a deadline
                row["comparator"] = _COMPARATORS[sign]
                row["value"] = float(value)
                row["unit"] = unit or None
        else:
            row["target_raw"] = value or None
        if "weight" in got:
            row["weight"] = float(got["weight"]) if got["weight"] else None
        if "long_term_target" in got:
            row["long_term_target_raw"] = got["long_term_target"] or None
        for role, name in (("actual", "actual_raw"), ("deviation", "deviation_reason")):
            if role in got:
                row[name] = got[role] or None
        for role in ("score_max", "score"):
            if role in got:
                row[role] = float(got[role]) if got[role] else None
        rows.append(row)
    return rows


def expected(path: Path) -> dict:
    printed = json.loads(path.read_text(encoding="utf-8"))
    stem = path.name[: -len(".printed.json")]
    unit = printed.get("money_unit", "元")
    out: dict = {"source": printed["source"], "fixture_pages": printed["fixture_pages"],
                 "document": {"department": printed["department"], "fiscal_year": printed["fiscal_year"]},
                 "projects": [], "indicators": []}
    for n, project in enumerate(printed["projects"], start=1):
        out["projects"].append({"project_no": n, **project_fields(stem, project, unit)})
        for seq, row in enumerate(indicator_rows(stem, project), start=1):
            out["indicators"].append({"project_no": n, "seq": seq, **row})
    return out


def main() -> int:
    for path in sorted(FOLDER.glob("*.printed.json")):
        target = path.with_name(path.name.replace(".printed.json", ".expected.json"))
        target.write_text(json.dumps(expected(path), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(target.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
