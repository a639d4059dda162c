"""A parsed declaration -> rows of the output tables (plain dicts keyed by schema column)."""
from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

import regex

from budget_declarations.normalize.dates import parse_date
from budget_declarations.normalize.attainment import target_met
from budget_declarations.normalize.fields import split_period, strip_code, ticked
from budget_declarations.normalize.keys import name_key, numbered_keys
from budget_declarations.normalize.numbers import fold, parse_amount
from budget_declarations.normalize.target import parse_target
from budget_declarations.normalize.text import clean_text
from budget_declarations.outputs.schema import MONEY_LIMIT
from budget_declarations.parse.model import SECTION_FIELDS, Declaration, ProjectDraft, lowest

MONEY_FIELDS = (
    "total_funds", "total_fiscal", "total_other", "annual_request",
    "annual_appropriation", "annual_carryover", "annual_other",
    "own_funds", "central_funds", "local_funds", "basic_expenditure", "project_expenditure",
)
TEXT_FIELDS = ("project_nature", "project_category", "competent_department", "implementing_unit")
CHOICE_FIELDS = ("project_nature", "project_category")  # printed as ticked boxes on some forms
CODED_FIELDS = ("competent_department", "implementing_unit")  # `[301]某某厅`
FORM_TEXT_FIELDS = ("project_code", "long_term_goal", "plan_text")
LIST_TEXT_FIELDS = ("key_tasks", "funds_sources", "spending_detail")  # one line per printed row, kept
PERSONAL_FIELDS = ("contact_person", "contact_phone")
# Narrative sections some layouts print as form cells (项目概况, 申请理由, 主要内容).
FORM_SECTIONS = ("overview", "basis", "implementation_plan")


def _count(text: str | None) -> int | None:
    m = regex.search(r"\d+", fold(text or ""))
    return int(m.group(0)) if m and len(m.group(0)) <= 7 else None


def _number(text: str | None) -> float | None:
    m = regex.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:%|分|％)?", fold(text or ""))
    return float(m.group(1)) if m else None


def _direction(text: str | None) -> str | None:
    """`正向指标`, `正向` -> 正向; `反向指标` -> 反向; anything else as printed."""
    s = clean_text(text)
    if s is None:
        return None
    for word in ("正向", "反向"):
        if word in s:
            return word
    return s


def fits(amount: Decimal | None) -> bool:
    """Whether an amount fits the money columns (a typo with too many digits does not)."""
    return amount is None or abs(amount) < MONEY_LIMIT


def declared_total_yuan(declaration: Declaration) -> Decimal | None:
    """The 绩效目标设置情况 total ("1234.56万元") in 元; None when it cannot be a real amount."""
    if not declaration.declared_total_text:
        return None
    amount = parse_amount(declaration.declared_total_text)
    return amount if fits(amount) else None


# A self-evaluation's funds matrix (年度资金总额 row) -> columns.
MATRIX_MONEY = {"annual_budget_initial": "matrix.total.initial", "annual_budget_full": "matrix.total.full",
                "executed": "matrix.total.executed"}
MATRIX_NUMBERS = {"execution_rate": "matrix.total.rate", "funds_score_max": "matrix.total.score_max",
                  "funds_score": "matrix.total.score"}


def _percent(text: str | None) -> float | None:
    """`95%`, `95.00%`, `95` -> 95.0; `0.95` (a fraction of one) -> 95.0."""
    m = regex.fullmatch(r"(\d+(?:\.\d+)?)\s*(%?)", fold(text or "").replace("％", "%"))
    if not m:
        return None
    value = float(m.group(1))
    return round(value * 100, 6) if not m.group(2) and value <= 1.0 and "." in m.group(1) else value


def project_row(doc_id: str, fiscal_year: int | None, draft: ProjectDraft, keep_personal: bool = False,
                department: str | None = None) -> dict:
    """One `projects` row.  Personal data printed on a form (负责人, 电话) only with keep_personal."""
    fields = draft.form.fields if draft.form else {}
    sections = draft.narrative.sections if draft.narrative else {}
    narrative_title = draft.narrative.title if draft.narrative else None
    row: dict = {
        "doc_id": doc_id,
        "fiscal_year": fiscal_year,
        "project_no": draft.project_no,
        "project_name": clean_text(fields.get("project_name"))
        or (draft.form.title_name if draft.form else None)
        or narrative_title,
        "narrative_title": narrative_title,
        "plan_start": parse_date(fields.get("plan_start") or split_period(fields.get("plan_period"))[0]),
        "plan_end": parse_date(fields.get("plan_end") or split_period(fields.get("plan_period"))[1], end_of_period=True),
        "overall_goal": clean_text(fields.get("overall_goal")),
        "annual_goal": clean_text(fields.get("annual_goal")),
    }
    for key in TEXT_FIELDS:
        row[key] = clean_text(fields.get(key))
    for key in CHOICE_FIELDS:
        row[key] = ticked(row[key])
    for key in CODED_FIELDS:
        row[key] = strip_code(row[key])
    for key in FORM_TEXT_FIELDS:
        row[key] = clean_text(fields.get(key))
    for key in LIST_TEXT_FIELDS:
        row[key] = fields.get(key)
    for key in PERSONAL_FIELDS:
        row[key] = clean_text(fields.get(key)) if keep_personal else None
    form = draft.form
    row["form_kind"] = form.kind if form else "project_declaration"
    row["template"] = form.template if form else None
    row["funds_unit_source"] = form.money_unit if form and any(fields.get(k) for k in MONEY_FIELDS) else None
    scale = 10_000 if form is not None and form.money_unit == "万元" else 1
    for key in MONEY_FIELDS:
        row[key] = parse_amount(fields.get(key), default_scale=scale)
    for key, source in MATRIX_MONEY.items():
        row[key] = parse_amount(fields.get(source), default_scale=scale)
    row["_unread_columns"] = list(form.unread_columns) if form else []  # for the checks (TARGET_NOT_READ)
    # damage stays in its field: an amount too large for the money columns becomes null and a finding
    row["_out_of_range"] = [(k, fields.get(k) or fields.get(MATRIX_MONEY.get(k, ""))) for k in (*MONEY_FIELDS, *MATRIX_MONEY)
                            if not fits(row[k])]
    for key, _ in row["_out_of_range"]:
        row[key] = None
    row["staff_authorized"] = _count(fields.get("staff_authorized"))
    row["staff_actual"] = _count(fields.get("staff_actual"))
    row["weight_total_stated"] = _number(form.weight_total) if form else None
    row["execution_rate"] = _percent(fields.get(MATRIX_NUMBERS["execution_rate"]))
    row["funds_score_max"] = _number(fields.get(MATRIX_NUMBERS["funds_score_max"]))
    row["funds_score"] = _number(fields.get(MATRIX_NUMBERS["funds_score"]))
    row["goal_expected"] = clean_text(fields.get("goal_expected"))
    row["goal_achieved"] = clean_text(fields.get("goal_achieved"))
    row["total_score"] = _number(fields.get("total_score"))
    row["department"] = department
    row["project_key"] = name_key(row["project_name"])
    for key in SECTION_FIELDS:
        row[key] = sections.get(key)
    for key in FORM_SECTIONS:
        row[key] = row[key] or clean_text(fields.get(key))
    row["ocr_confidence"] = lowest(
        draft.form.confidence if draft.form else None,
        draft.narrative.confidence if draft.narrative else None,
    )
    return row


def indicator_rows(doc_id: str, fiscal_year: int | None, draft: ProjectDraft, department: str | None = None,
                   project_name: str | None = None) -> list[dict]:
    rows: list[dict] = []
    if draft.form is None:
        return rows
    keys = numbered_keys([ind.level3 for ind in draft.form.indicators])
    project_key = name_key(project_name or draft.form.fields.get("project_name") or draft.form.title_name)
    for seq, ind in enumerate(draft.form.indicators, start=1):
        context = f"{ind.level2 or ''}{ind.level3 or ''}"  # 经济成本指标 makes a bare 万 money
        target = parse_target(ind.target_raw, indicator=context, fiscal_year=fiscal_year)
        long_term = parse_target(ind.long_term_target_raw, indicator=context, fiscal_year=fiscal_year)
        actual = parse_target(ind.actual_raw, indicator=context, fiscal_year=fiscal_year)
        direction = _direction(ind.direction)
        rows.append({
            "doc_id": doc_id,
            "fiscal_year": fiscal_year,
            "project_no": draft.project_no,
            "seq": seq,
            "department": department,
            "form_kind": draft.form.kind,
            "project_key": project_key,
            "indicator_key": keys[seq - 1],
            "level1": ind.level1,
            "level2": ind.level2,
            "level3": clean_text(ind.level3),
            "target_raw": target.raw,
            "comparator": target.comparator,
            "value": target.value,
            "unit": target.unit,
            "value_std": target.value_std,
            "unit_std": target.unit_std,
            "target_kind": target.kind,
            "target_text": target.text,
            "target_date": target.date,
            "value_max": target.value_max,
            "target_period": target.period,
            "target_parts": [asdict(part) for part in target.parts] or None,
            "_target_notes": target.notes,  # for the checks (TARGET_UNREAD, TARGET_DATE_IMPOSSIBLE)
            "indicator_nature": clean_text(ind.nature),
            "weight": _number(ind.weight),
            "direction": direction,
            "long_term_target_raw": long_term.raw,
            "long_term_comparator": long_term.comparator,
            "long_term_value": long_term.value,
            "long_term_unit": long_term.unit,
            "actual_raw": actual.raw,
            "actual_value": actual.value,
            "actual_unit": actual.unit,
            "actual_kind": actual.kind,
            "actual_date": actual.date,
            "actual_text": actual.text,
            "score_max": _number(ind.score_max),
            "score": _number(ind.score),
            "deviation_reason": clean_text(ind.deviation),
            "target_met": target_met(target, actual, ind.level1, direction),
            "page": ind.page,
            "ocr_confidence": ind.confidence,
        })
    return rows
