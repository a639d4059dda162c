"""The printed labels of a 申报表, and the key they are compared by.

Domain vocabulary shared by the parser and by readers that repair tables (a PDF reader must know
that `其中：财政资金` is a whole label and not half of one).
"""
from __future__ import annotations

import regex

from budget_declarations.normalize.text import squash

# Printed labels (whitespace, "其中：", "(元)" and colons removed) -> field.
FIELD_LABELS = {
    "项目名称": "project_name",
    "项目性质": "project_nature",
    "项目类别": "project_category",
    "项目类型": "project_category",
    "主管部门": "competent_department",
    "预算主管部门": "competent_department",
    "实施单位": "implementing_unit",
    "项目实施单位": "implementing_unit",
    "计划开始日期": "plan_start",
    "项目开始日期": "plan_start",
    "开始日期": "plan_start",
    "计划完成日期": "plan_end",
    "计划结束日期": "plan_end",
    "项目完成日期": "plan_end",
    "完成日期": "plan_end",
    "项目资金总额": "total_funds",
    "项目总金额": "total_funds",
    "财政资金": "total_fiscal",
    "其他资金": "other_funds",  # total or annual side: decided by column
    "年度资金申请总额": "annual_request",
    "年度资金总额": "annual_request",
    "年度申请资金总额": "annual_request",
    "当年财政拨款": "annual_appropriation",
    "本年财政拨款": "annual_appropriation",
    "上年结转资金": "annual_carryover",
    "上年结转": "annual_carryover",
}
GOAL_LABELS = {
    "项目总目标": "overall_goal",
    "项目总体目标": "overall_goal",
    "总体目标": "overall_goal",
    "年度总体目标": "annual_goal",
    "年度目标": "annual_goal",
    "年度绩效目标": "annual_goal",
}
_LABEL_NOISE = regex.compile(r"^其中[:：]?|[(（](?:元|万元)[)）]|[:：]$")


def label_key(text: str) -> str:
    return _LABEL_NOISE.sub("", squash(text))
