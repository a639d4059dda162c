"""The reviewer's report: one self-contained HTML file from a dataset written by the pipeline.

    python run_pipeline.py report [--out DIR] [--pictures N]

Everything is inline (styles, the script, SVG charts, JPEG pictures as data URIs) and a Content
Security Policy forbids the page any request, so the file can be e-mailed and opened offline.
What needs a person comes first: the files that failed or were read in part, grouped by reason
(in Chinese, outputs/wording.py), the files that hold no declaration as one count, and the batch
by department (and year).  Findings are counted by rule with the rule's meaning, then the projects
with the most serious ones first.  The project cards, the ranking and the full list of findings
are drawn by the page's script from embedded JSON (rows as arrays, field names once), 50 cards at
a time, so a batch of 20,000 projects opens in about a second (benchmarks/README.md).
Duplicates (documents.duplicate_of set) are shown, marked, but not counted.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from html import escape
from pathlib import Path

from budget_declarations.outputs import report_page, svg_charts, wording

SEVERITIES = ("error", "warning", "info")
PROBLEM_STATUSES = ("failed", "partial")  # the files a person must look at, in this order
NO_DEPARTMENT = "（未识别部门）"
PER_PAGE = 50  # cards drawn at a time (the page's PER_PAGE)
DEFAULT_PICTURES = 300  # project cards that get a source picture (each adds ~40-200 KB)
DEFAULT_PICTURE_SECONDS = 12.0  # and no more pictures after this long drawing them (0.13-0.25 s each)


def _read(out_dir: Path, name: str, columns) -> list[dict]:
    """A table's rows as JSON-friendly dicts, read with Arrow (fast at hundreds of thousands of
    rows): money as exact decimal text, dates as ISO text, NaN as null."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    from budget_declarations.outputs.schema import SCHEMAS

    schema, folder = SCHEMAS[name], Path(out_dir) / name
    present = [c for c in columns if c in schema.names]
    table = (ds.dataset(folder, format="parquet", schema=schema).to_table(columns=present) if folder.is_dir()
             else schema.empty_table().select(present))
    arrays = []
    for field, column in zip(table.schema, table.columns):
        if pa.types.is_decimal(field.type) or pa.types.is_temporal(field.type):
            column = pc.cast(column, pa.string())
        elif pa.types.is_floating(field.type):
            column = pc.if_else(pc.is_nan(column), pa.scalar(None, field.type), column)
        arrays.append(column)
    return pa.table(arrays, names=present).to_pylist()


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


CARD_PROJECT_FIELDS = tuple(f for f in PROJECT_FIELDS if f not in ("doc_id", "department", "fiscal_year"))
CARD_INDICATOR_FIELDS = tuple(f for f in INDICATOR_FIELDS if f not in ("doc_id", "project_no"))


def _row(record: dict, fields: tuple[str, ...]) -> list:
    """A record as an array in `fields` order, trailing empties dropped (the page reads a missing
    position as empty): a batch's JSON names its fields once, not on every row."""
    values = [record.get(f) for f in fields]
    while values and values[-1] is None:
        values.pop()
    return values


def build(out_dir: Path, target: Path | None = None, pictures: int = DEFAULT_PICTURES,
          picture_seconds: float = DEFAULT_PICTURE_SECONDS) -> Path:
    """Write `report.html` for the dataset in `out_dir` and return its path."""
    from budget_declarations.outputs.tables import load

    if not (Path(out_dir) / "documents").is_dir():
        load(out_dir)  # says there is no dataset there
    target = target or Path(out_dir) / "report.html"
    docs = _read(out_dir, "documents", ("doc_id", "source_key", "source_path", "source_format", "page_count",
                                       "department", "fiscal_year", "doc_kind", "template", "status", "error",
                                       "duplicate_of", "project_count", "indicator_count"))
    docs.sort(key=lambda d: (d["source_path"] or "", d["doc_id"] or ""))
    doc_index = {d["doc_id"]: n for n, d in enumerate(docs)}
    by_doc = {d["doc_id"]: d for d in docs}
    duplicate_docs = {d["doc_id"] for d in docs if d["duplicate_of"]}
    projects = _read(out_dir, "projects", PROJECT_FIELDS)
    indicators = _read(out_dir, "indicators", INDICATOR_FIELDS)
    checks = _read(out_dir, "checks", ("doc_id", "project_no", "check", "severity", "message"))
    years = sorted({d["fiscal_year"] for d in docs if d["fiscal_year"] is not None})
    by_year = len(years) > 1

    ind_by_project: dict[str, list[dict]] = defaultdict(list)
    for row in indicators:
        ind_by_project[_card_key(row["doc_id"], row["project_no"])].append(row)
    checks_by_project: dict[str, list[dict]] = defaultdict(list)
    doc_findings = []
    for row in checks:
        if row["project_no"] is None:
            doc_findings.append([doc_index.get(row["doc_id"]), row["check"], row["severity"], row["message"]])
        else:
            checks_by_project[_card_key(row["doc_id"], row["project_no"])].append(row)

    cards, pages_of = [], {}
    for p in sorted(projects, key=lambda r: (by_doc.get(r["doc_id"], {}).get("source_path") or "", r["project_no"] or 0)):
        k = _card_key(p["doc_id"], p["project_no"])
        inds = sorted(ind_by_project.get(k, []), key=lambda r: r["seq"] or 0)
        pages_of[k] = tuple(sorted({i["page"] for i in inds if i.get("page")}))
        cards.append([
            k, _row(p, CARD_PROJECT_FIELDS), [_row(i, CARD_INDICATOR_FIELDS) for i in inds],
            [[c["check"], c["severity"], c["message"]] for c in checks_by_project.get(k, [])],
            doc_index.get(p["doc_id"]), int(p["doc_id"] in duplicate_docs), 0,
        ])
    pictures_by_key = _pictures(cards, docs, pages_of, pictures, picture_seconds)

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
    kind_counts = Counter(wording.label(wording.KIND, d["doc_kind"], "（未识别）")
                          for d in docs if d["status"] in ("ok", "partial"))
    severity_counts = Counter(c["severity"] for c in counted_checks)

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
        svg_charts.bar_chart("指标值·按类型", list(Counter(wording.label(wording.TARGET_KIND, i["target_kind"], "")
                                                       for i in counted_indicators).items())),
    ]

    departments = _department_rows(docs, counted_projects, counted_indicators, counted_checks, by_doc, by_year)
    rules = _rule_rows(counted_checks)
    # the first page of cards as the page opens (duplicates hidden) comes in a small block of its
    # own, drawn before the browser has read the rest of the batch
    first_cards = [c for c in cards if not c[5]][:PER_PAGE]
    first_keys = {c[0] for c in first_cards}
    first = {
        "cards": first_cards, "pictures": {k: v for k, v in pictures_by_key.items() if k in first_keys},
        "docs": [[d["source_path"], wording.label(wording.FORMAT, d["source_format"], ""), d["department"] or NO_DEPARTMENT,
                  d["fiscal_year"], int(d["doc_id"] in duplicate_docs)] for d in docs],
        "fields": {"p": CARD_PROJECT_FIELDS, "i": CARD_INDICATOR_FIELDS},
        "labels": {"severity": wording.SEVERITY, "targetKind": wording.TARGET_KIND, "comparator": wording.COMPARATOR,
                   "rules": {code: wording.rule_name(code) for code in sorted({c["check"] for c in checks})}},
    }
    page_data = {
        "cards": cards, "summary": summary, "byYear": by_year, "docFindings": doc_findings,
        "pictures": {k: v for k, v in pictures_by_key.items() if k not in first_keys},
    }
    dept_names = sorted({d["department"] or NO_DEPARTMENT for d in docs})
    html = report_page.render(
        generated=escape(dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
        dataset=escape(str(out_dir)),
        n_documents=summary["documents"], n_duplicates=summary["duplicates"], n_projects=summary["projects"],
        n_projects_all=summary["projects_all"], n_indicators=summary["indicators"], n_findings=summary["findings"],
        money_wan=summary["money_wan"],
        status_rows=_count_rows(Counter({wording.label(wording.STATUS, k): v for k, v in status_counts.items()}), "status"),
        kind_rows=_count_rows(kind_counts, "kind"),
        severity_rows=_count_rows(Counter({wording.SEVERITY[s]: severity_counts.get(s, 0) for s in SEVERITIES}), "severity"),
        attention=_attention_html(docs),
        department_head=_department_head(by_year),
        department_rows=_department_html(departments, by_year),
        rule_rows=_rule_html(rules),
        charts="".join(f'<figure>{svg}</figure>' for svg in charts),
        department_options="".join(f'<option value="{escape(d)}">{escape(d)}</option>' for d in dept_names),
        year_options="".join(f'<option value="{y}">{y}年</option>' for y in years),
        year_hidden="" if by_year else " hidden",
        rule_options="".join(f'<option value="{escape(r["code"])}">{escape(r["name"])}</option>'
                             for r in sorted({r["code"]: r for r in rules}.values(), key=lambda r: r["name"])),
        first=_json(first), data=_json(page_data),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(target)
    return target


def _pictures(cards: list[list], docs: list[dict], pages_of: dict[str, tuple], limit: int,
              seconds: float = DEFAULT_PICTURE_SECONDS) -> dict[str, str]:
    """Pictures of the source pages for at most `limit` cards of PDF and scanned sources, drawn
    for at most `seconds` (an archive's report is built in seconds, not minutes): the projects
    with the most serious findings first (where a reviewer will look), then in order; duplicates
    last.  The same pages of the same file are drawn once."""
    import time

    from budget_declarations.outputs.source_pictures import picture
    from budget_declarations.extract.limits import LimitedWorker

    def rank(card):
        severities = Counter(f[1] for f in card[3])
        return (card[5], -severities["error"], -severities["warning"], -severities["info"])

    candidates = [c for c in cards if pages_of.get(c[0]) and c[4] is not None
                  and docs[c[4]]["source_format"] in ("pdf", "image") and docs[c[4]]["source_path"]]
    out: dict[str, str] = {}
    if not candidates or limit <= 0:
        return out
    rendered: dict[tuple, str | None] = {}
    deadline = time.monotonic() + seconds
    with LimitedWorker() as worker:  # source pages are rendered under a worker's limits, not here
        for card in sorted(candidates, key=rank):  # stable: source order within a rank
            if len(out) >= limit or time.monotonic() > deadline:
                break
            source, pages = Path(docs[card[4]]["source_path"]), pages_of[card[0]]
            if (source, pages) not in rendered:
                rendered[(source, pages)] = worker.call(picture, source, list(pages)) if source.is_file() else None
            drawn = rendered[(source, pages)]
            if drawn is not None:
                out[card[0]] = drawn
                card[6] = 1
    return out


def _json(value) -> str:
    """JSON for a <script type="application/json"> block (no `</` can end it early)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def _count_rows(counts: Counter, kind: str) -> str:
    return "".join(f'<tr><td>{escape(str(k))}</td><td class="num" data-{kind}="{escape(str(k))}">{v}</td></tr>'
                   for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))


# -- the files that need a person ------------------------------------------------------------
def _attention_html(docs: list[dict]) -> str:
    """Failed and partial files first, grouped by reason (failed groups before partial ones, the
    largest first); then the files without a declaration as one line that opens into a list."""
    problems = [d for d in docs if d["status"] in PROBLEM_STATUSES]
    groups: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for d in problems:
        groups[(PROBLEM_STATUSES.index(d["status"]), wording.reason_group(d["status"], d["error"]))].append(d)
    rows = []
    for (rank, group), items in sorted(groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])):
        status = PROBLEM_STATUSES[rank]
        rows.append(f'<tr class="reason-group" data-status="{status}"><th colspan="4">'
                    f'{escape(wording.STATUS[status])}：{escape(group)}（{len(items)}个文件）</th></tr>')
        for d in items:
            rows.append(
                f'<tr class="doc-problem" data-status="{escape(d["status"])}"><td class="file">{escape(d["source_path"] or "")}</td>'
                f'<td>{escape(d["department"] or "")}</td><td>{escape(wording.STATUS[d["status"]])}</td>'
                f'<td class="reason">{escape(wording.reason_text(d["error"]) or "（未说明原因）")}</td></tr>')
    table = ('<table id="problems"><tr><th>文件</th><th>部门</th><th>状态</th><th>原因</th></tr>'
             + ("".join(rows) or '<tr><td colspan="4">无：每个文件都已完整读取</td></tr>') + "</table>")
    empty = [d for d in docs if d["status"] == "no_declaration"]
    listing = "".join(f'<li class="file">{escape(d["source_path"] or "")}</li>' for d in empty)
    line = (f'<details id="no-declaration"><summary>另有 <b id="count-no-declaration">{len(empty)}</b> 个文件'
            f'{escape(wording.GROUP_NO_DECLARATION)}（多为只有预算表的部门预算），无需审阅</summary>'
            f'<ul class="files">{listing}</ul></details>') if empty else \
        '<p id="no-declaration" class="muted">每个文件都含有申报内容（<b id="count-no-declaration">0</b> 个文件无申报内容）</p>'
    return table + line


# -- by department -----------------------------------------------------------------------------
DEPARTMENT_COLUMNS = (  # (key, header, numeric)
    ("department", "部门", False), ("year", "年度", True), ("documents", "文件", True),
    ("no_declaration", "无申报内容", True), ("failed", "未能读取", True), ("partial", "部分读取", True),
    ("projects", "项目", True), ("indicators", "指标", True), ("money", "资金申请额（万元）", True),
    ("error", "错误", True), ("warning", "警告", True), ("info", "提示", True),
)


def _department_rows(docs, counted_projects, counted_indicators, counted_checks, by_doc, by_year) -> list[dict]:
    """One row per department (and year when the batch spans several): files by status, and the
    projects, indicators, money and findings of its documents (duplicates not counted)."""
    rows: dict[tuple, dict] = {}

    def row(doc: dict) -> dict:
        key = (doc.get("department") or NO_DEPARTMENT, doc.get("fiscal_year") if by_year else None)
        if key not in rows:
            rows[key] = {"department": key[0], "year": key[1], "money_yuan": 0.0,
                         **{c: 0 for c, _, numeric in DEPARTMENT_COLUMNS if numeric and c not in ("year", "money")}}
        return rows[key]

    for d in docs:
        r = row(d)
        r["documents"] += 1
        if d["status"] in ("no_declaration", "failed", "partial"):
            r[d["status"]] += 1
    for p in counted_projects:
        r = row(by_doc.get(p["doc_id"], {}))
        r["projects"] += 1
        r["money_yuan"] += _yuan(p["annual_request"])
    for i in counted_indicators:
        row(by_doc.get(i["doc_id"], {}))["indicators"] += 1
    for c in counted_checks:
        r = row(by_doc.get(c["doc_id"], {}))
        if c["severity"] in SEVERITIES:
            r[c["severity"]] += 1
    for r in rows.values():
        r["money"] = _wan(r.pop("money_yuan"))
    # what needs a person first: files not read, then errors, then warnings
    return sorted(rows.values(), key=lambda r: (-(r["failed"] + r["partial"]), -r["error"], -r["warning"],
                                                 r["department"], r["year"] or 0))


def _department_head(by_year: bool) -> str:
    return "".join(f'<th data-col="{c}" data-type="{"num" if numeric else "text"}" title="点击排序">{escape(h)}</th>'
                   for c, h, numeric in DEPARTMENT_COLUMNS if by_year or c != "year")


def _department_html(rows: list[dict], by_year: bool) -> str:
    """The rows, kept small (a batch has hundreds of departments): a cell's column is its header's
    (th[data-col]) and the page sorts on the cell's text."""
    columns = [(c, numeric) for c, _, numeric in DEPARTMENT_COLUMNS if by_year or c != "year"]
    out = []
    for r in rows:
        cells = []
        for c, numeric in columns:
            value = r[c]
            shown = "" if value is None else (f"{value}年" if c == "year" else value)
            css = "num a" if c in ("failed", "partial", "error") and value else ("num" if numeric else "")
            cells.append(f'<td class="{css}">{escape(str(shown))}</td>' if css else f"<td>{escape(str(shown))}</td>")
        year = "" if r["year"] is None else r["year"]
        out.append(f'<tr class="dept" data-dept="{escape(r["department"])}" data-year="{year}">{"".join(cells)}</tr>')
    return "".join(out) or f'<tr><td colspan="{len(columns)}">无</td></tr>'


# -- findings by rule ----------------------------------------------------------------------------
def _rule_rows(checks: list[dict]) -> list[dict]:
    counts: Counter = Counter()
    projects: dict[tuple, set] = defaultdict(set)
    for c in checks:
        key = (c["check"], c["severity"])
        counts[key] += 1
        if c["project_no"] is not None:
            projects[key].add((c["doc_id"], c["project_no"]))
    rank = {s: n for n, s in enumerate(SEVERITIES)}
    return [{"code": code, "severity": severity, "name": wording.rule_name(code), "meaning": wording.rule_meaning(code),
             "count": n, "projects": len(projects[(code, severity)])}
            for (code, severity), n in sorted(counts.items(), key=lambda kv: (rank.get(kv[0][1], 9), -kv[1], kv[0][0]))]


def _rule_html(rules: list[dict]) -> str:
    return "".join(
        f'<tr class="rule sev-{escape(r["severity"] or "")}" data-rule="{escape(r["code"])}" data-severity="{escape(r["severity"] or "")}"'
        f' title="点击只看此规则的发现"><td>{escape(wording.label(wording.SEVERITY, r["severity"]))}</td><td>{escape(r["name"])}</td>'
        f'<td class="meaning">{escape(r["meaning"])}</td><td class="num" data-col="count">{r["count"]}</td>'
        f'<td class="num" data-col="projects">{r["projects"]}</td></tr>' for r in rules
    ) or '<tr><td colspan="5">没有发现问题。</td></tr>'
