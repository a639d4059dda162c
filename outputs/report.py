"""The reviewer's report: one self-contained HTML file from a dataset written by the pipeline.

    python run_pipeline.py report [--out DIR] [--pictures N]

Everything is inline (styles, the script, SVG charts, JPEG pictures as data URIs) and a Content
Security Policy forbids the page any request, so the file can be e-mailed and opened offline.
The summary, findings and charts are written as HTML; the project cards are rendered by the
page's script from embedded JSON, 50 at a time, so a batch of thousands of projects opens fast.
Duplicates (documents.duplicate_of set) are shown, marked, but not counted in the summary.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter, defaultdict
from decimal import Decimal
from html import escape
from pathlib import Path

import pandas as pd

from budget_declarations.outputs import svg_charts
from budget_declarations.outputs import report_page

SEVERITIES = ("error", "warning", "info")
DEFAULT_PICTURES = 300  # project cards that get a source picture (each adds ~40-80 KB)


def _plain(value):
    """A JSON-friendly value: NA to None, Decimal to str (exact), dates to ISO."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(frame, columns):
    present = [c for c in columns if c in frame.columns]
    return [{c: _plain(v) for c, v in zip(present, row)} for row in frame[present].itertuples(index=False, name=None)]


def _card_key(doc_id: str | None, project_no) -> str:
    """A project's card id in the page (anchors, finding links, filters)."""
    return f"{(doc_id or '')[:16]}-{project_no}"


def _yuan(value) -> float:
    return float(value) if value not in (None, "") else 0.0


def _wan(value: float) -> str:
    return f"{value / 10000:,.2f}"


PROJECT_FIELDS = (
    "doc_id", "project_no", "project_name", "department", "fiscal_year", "form_kind", "template", "project_code",
    "project_nature", "project_category", "competent_department", "implementing_unit", "plan_start", "plan_end",
    "total_funds", "total_fiscal", "total_other", "annual_request", "annual_appropriation", "annual_carryover",
    "annual_other", "funds_unit_source", "long_term_goal", "overall_goal", "annual_goal", "goal_expected",
    "goal_achieved", "total_score", "executed", "execution_rate", "ocr_confidence",
)
INDICATOR_FIELDS = (
    "doc_id", "project_no", "seq", "level1", "level2", "level3", "target_raw", "comparator", "value", "unit",
    "target_kind", "weight", "actual_raw", "score_max", "score", "target_met", "page", "ocr_confidence",
)


def build(out_dir: Path, target: Path | None = None, pictures: int = DEFAULT_PICTURES) -> Path:
    """Write `report.html` for the dataset in `out_dir` and return its path."""
    from budget_declarations.extract.limits import LimitedWorker
    from budget_declarations.outputs.source_pictures import picture
    from budget_declarations.outputs.tables import load

    tables = load(out_dir)
    target = target or Path(out_dir) / "report.html"
    docs = _records(tables.documents, ("doc_id", "source_key", "source_path", "source_format", "page_count",
                                       "department", "fiscal_year", "doc_kind", "template", "status", "error",
                                       "duplicate_of", "project_count", "indicator_count"))
    docs.sort(key=lambda d: (d["source_path"] or "", d["doc_id"] or ""))
    by_doc = {d["doc_id"]: d for d in docs}
    duplicate_docs = {d["doc_id"] for d in docs if d["duplicate_of"]}
    projects = _records(tables.projects, PROJECT_FIELDS)
    indicators = _records(tables.indicators, INDICATOR_FIELDS)
    checks = _records(tables.checks, ("doc_id", "project_no", "check", "severity", "message", "expected", "actual"))

    ind_by_project: dict[str, list[dict]] = defaultdict(list)
    for row in indicators:
        ind_by_project[_card_key(row["doc_id"], row["project_no"])].append(row)
    checks_by_project: dict[str, list[dict]] = defaultdict(list)
    for row in checks:
        checks_by_project[_card_key(row["doc_id"], row["project_no"])].append(row)

    cards = []
    drawn = 0
    with LimitedWorker() as pictures_worker:  # source pages are rendered under a worker's limits, not here
        for p in sorted(projects, key=lambda r: (by_doc.get(r["doc_id"], {}).get("source_path") or "", r["project_no"] or 0)):
            k = _card_key(p["doc_id"], p["project_no"])
            doc = by_doc.get(p["doc_id"], {})
            inds = sorted(ind_by_project.get(k, []), key=lambda r: r["seq"] or 0)
            pic = None
            if drawn < pictures and doc.get("source_format") in ("pdf", "image") and doc.get("source_path"):
                pages = sorted({i["page"] for i in inds if i.get("page")})
                source = Path(doc["source_path"])
                if pages and source.is_file():
                    pic = pictures_worker.call(picture, source, pages)
                    drawn += pic is not None
            cards.append({
                "key": k, "p": {f: p.get(f) for f in PROJECT_FIELDS}, "indicators": inds,
                "findings": checks_by_project.get(k, []), "source": doc.get("source_path"),
                "format": doc.get("source_format"), "duplicate": p["doc_id"] in duplicate_docs,
                "picture": pic,
            })

    counted_projects = [p for p in projects if p["doc_id"] not in duplicate_docs]
    counted_indicators = [i for i in indicators if i["doc_id"] not in duplicate_docs]
    counted_checks = [c for c in checks if c["doc_id"] not in duplicate_docs]
    money = sum(_yuan(p["annual_request"]) for p in counted_projects)
    summary = {
        "documents": len(docs), "duplicates": len(duplicate_docs), "projects": len(counted_projects),
        "projects_all": len(projects), "indicators": len(counted_indicators), "findings": len(counted_checks),
        "money_wan": _wan(money),
    }

    status_counts = Counter(d["status"] for d in docs)
    kind_counts = Counter(d["doc_kind"] or "（未识别）" for d in docs if d["status"] in ("ok", "partial"))
    severity_counts = Counter(c["severity"] for c in counted_checks)
    problems = [d for d in docs if d["status"] not in ("ok",)]

    money_by_dept: dict[str, float] = defaultdict(float)
    money_by_cat: dict[str, float] = defaultdict(float)
    for p in counted_projects:
        money_by_dept[p["department"] or ""] += _yuan(p["annual_request"]) / 10000
        money_by_cat[p["project_category"] or ""] += _yuan(p["annual_request"]) / 10000
    charts = [
        svg_charts.bar_chart("资金申请额·按部门", list(money_by_dept.items()), "万元"),
        svg_charts.bar_chart("资金申请额·按项目类别", list(money_by_cat.items()), "万元"),
        svg_charts.bar_chart("指标数·按一级指标", list(Counter(i["level1"] or "" for i in counted_indicators).items())),
        svg_charts.bar_chart("指标数·按二级指标", list(Counter(i["level2"] or "" for i in counted_indicators).items())),
        svg_charts.bar_chart("指标值·按类型", list(Counter(i["target_kind"] or "" for i in counted_indicators).items())),
    ]

    findings_html = _findings_html(counted_checks, {c["key"]: c for c in cards})
    departments = sorted({p["department"] for p in projects if p["department"]})
    html = report_page.render(
        generated=escape(dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
        dataset=escape(str(out_dir)),
        n_documents=summary["documents"], n_duplicates=summary["duplicates"], n_projects=summary["projects"],
        n_projects_all=summary["projects_all"], n_indicators=summary["indicators"], n_findings=summary["findings"],
        money_wan=summary["money_wan"],
        status_rows=_count_rows(status_counts, "status"), kind_rows=_count_rows(kind_counts, "kind"),
        severity_rows=_count_rows(Counter({s: severity_counts.get(s, 0) for s in SEVERITIES}), "severity"),
        problem_rows="".join(
            f'<tr class="doc-problem"><td>{escape(d["source_path"] or "")}</td><td>{escape(d["status"] or "")}</td>'
            f'<td>{escape(d["error"] or "")}</td></tr>' for d in problems) or '<tr><td colspan="3">无</td></tr>',
        findings=findings_html,
        charts="".join(f'<figure>{svg}</figure>' for svg in charts),
        department_options="".join(f'<option value="{escape(d)}">{escape(d)}</option>' for d in departments),
        data=json.dumps({"cards": cards, "summary": summary}, ensure_ascii=False).replace("</", "<\\/"),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(target)
    return target


def _count_rows(counts: Counter, kind: str) -> str:
    return "".join(f'<tr><td>{escape(str(k))}</td><td class="num" data-{kind}="{escape(str(k))}">{v}</td></tr>'
                   for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def _findings_html(checks: list[dict], cards: dict[str, dict]) -> str:
    """Findings grouped by severity, then rule; each links to its project's card."""
    if not checks:
        return "<p>没有发现问题。</p>"
    parts = []
    for severity in SEVERITIES:
        rows = [c for c in checks if c["severity"] == severity]
        if not rows:
            continue
        parts.append(f'<details class="sev sev-{severity}" open><summary>{severity}（{len(rows)}）</summary>')
        by_rule: dict[str, list[dict]] = defaultdict(list)
        for c in rows:
            by_rule[c["check"]].append(c)
        for rule, items in sorted(by_rule.items()):
            parts.append(f'<h4>{escape(rule)}（{len(items)}）</h4><ul>')
            for c in items[:500]:
                k = _card_key(c["doc_id"], c["project_no"])
                card = cards.get(k)
                name = card["p"]["project_name"] if card else None
                link = (f'<a href="#p-{escape(k)}" class="finding-link" data-key="{escape(k)}">{escape(name or "项目")}</a>'
                        if card else "（文件级）")
                parts.append(f'<li class="finding" data-severity="{severity}">{link}：{escape(c["message"] or "")}</li>')
            if len(items) > 500:
                parts.append(f"<li>…另有{len(items) - 500}条，见 checks 表</li>")
            parts.append("</ul>")
        parts.append("</details>")
    return "".join(parts)
