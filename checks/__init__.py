"""Consistency checks over the rows of one document: the `checks` table."""
from __future__ import annotations

from budget_declarations.checks import rules
from budget_declarations.checks.rules import Finding


def run_checks(doc: dict, projects: list[dict], indicators: list[dict],
               conflicts: dict[int, list[tuple[str, str, str]]] | None = None) -> list[Finding]:
    """Every rule over one document's rows, document-level findings first.  `conflicts`: per
    project, the cells a list table repeated with different values (field, first, other)."""
    fy = doc.get("fiscal_year")
    findings: list[Finding] = list(rules.department_totals(doc, projects)) + rules.declared_unread(doc)
    new_generation = any(i.get("level1") == "成本指标" for i in indicators)
    by_project: dict[int, list[dict]] = {}
    for ind in indicators:
        by_project.setdefault(ind["project_no"], []).append(ind)
    for p in projects:
        findings += rules.amounts_in_range(p)
        findings += rules.funds_total_split(p)
        findings += rules.funds_annual_split(p)
        findings += rules.funds_annual_within_total(p)
        findings += rules.funds_transfer_split(p)
        findings += rules.funds_expenditure_split(p)
        findings += rules.execution_rate(p)
        findings += rules.list_values_agree(p["project_no"], (conflicts or {}).get(p["project_no"], []))
        findings += rules.budget_text_matches_form(p)
        findings += rules.plan_dates(p, fy)
        findings += rules.period_covers_year(p, fy)
        findings += rules.narrative_sections(p)
        own = by_project.get(p["project_no"], [])
        findings += rules.form_has_indicators(p, own)
        # a table printed without 一级/二级 columns (指标名称 | 指标值 …) classifies none of its rows: the
        # taxonomy's rules have nothing to judge there
        levelled = any(i.get("level1") or i.get("level2") for i in own)
        if own and levelled:
            findings += rules.indicator_completeness(p["project_no"], own, new_generation)
            findings += rules.weights_total(p, own)
            findings += rules.scores_total(p, own)
            findings += rules.score_within_max(p, own)
        for ind in own:
            if levelled:
                findings += rules.taxonomy_levels(ind)
            findings += rules.target_quality(ind, p.get("_unread_columns") or ())
            findings += rules.full_score_missed(ind)
            findings += rules.actual_without_target(ind)
    return findings


def check_rows(doc: dict, projects: list[dict], indicators: list[dict],
               conflicts: dict[int, list[tuple[str, str, str]]] | None = None) -> list[dict]:
    """Findings as rows of the `checks` table."""
    return [
        {
            "doc_id": doc["doc_id"],
            "fiscal_year": doc.get("fiscal_year"),
            "project_no": f.project_no,
            "check": f.check,
            "severity": f.severity,
            "message": f.message,
            "expected": f.expected,
            "actual": f.actual,
        }
        for f in run_checks(doc, projects, indicators, conflicts)
    ]


__all__ = ["Finding", "check_rows", "run_checks"]
