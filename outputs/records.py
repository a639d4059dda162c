"""A parsed declaration -> rows of the output tables (plain dicts keyed by schema column)."""
from __future__ import annotations

from decimal import Decimal

from normalize.dates import parse_date
from normalize.numbers import parse_amount
from normalize.target import parse_target
from normalize.text import clean_text
from parse.model import SECTION_FIELDS, Declaration, ProjectDraft, lowest

MONEY_FIELDS = (
    "total_funds", "total_fiscal", "total_other", "annual_request",
    "annual_appropriation", "annual_carryover", "annual_other",
)
TEXT_FIELDS = ("project_nature", "project_category", "competent_department", "implementing_unit")


def declared_total_yuan(declaration: Declaration) -> Decimal | None:
    """The 绩效目标设置情况 total ("1234.56万元") in 元."""
    if not declaration.declared_total_text:
        return None
    return parse_amount(declaration.declared_total_text)


def project_row(doc_id: str, fiscal_year: int | None, draft: ProjectDraft) -> dict:
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
        "plan_start": parse_date(fields.get("plan_start")),
        "plan_end": parse_date(fields.get("plan_end"), end_of_period=True),
        "overall_goal": clean_text(fields.get("overall_goal")),
        "annual_goal": clean_text(fields.get("annual_goal")),
    }
    for key in TEXT_FIELDS:
        row[key] = clean_text(fields.get(key))
    scale = 10_000 if draft.form is not None and draft.form.money_unit == "万元" else 1
    for key in MONEY_FIELDS:
        row[key] = parse_amount(fields.get(key), default_scale=scale)
    for key in SECTION_FIELDS:
        row[key] = sections.get(key)
    row["ocr_confidence"] = lowest(
        draft.form.confidence if draft.form else None,
        draft.narrative.confidence if draft.narrative else None,
    )
    return row


def indicator_rows(doc_id: str, fiscal_year: int | None, draft: ProjectDraft) -> list[dict]:
    rows = []
    if draft.form is None:
        return rows
    for seq, ind in enumerate(draft.form.indicators, start=1):
        context = f"{ind.level2 or ''}{ind.level3 or ''}"  # 经济成本指标 makes a bare 万 money
        target = parse_target(ind.target_raw, indicator=context, fiscal_year=fiscal_year)
        rows.append({
            "doc_id": doc_id,
            "fiscal_year": fiscal_year,
            "project_no": draft.project_no,
            "seq": seq,
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
            "page": ind.page,
            "ocr_confidence": ind.confidence,
        })
    return rows
