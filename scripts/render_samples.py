#!/usr/bin/env python3
"""Render the seed declaration's hand-checked content into other layouts, as test samples.

The content comes from tests/fixtures/000_3be96d4e675c0c12.expected.json (hand-checked values), so
every rendering carries exactly the same projects, sections, goals and indicators as the seed,
and a reader that gets them back proves it reads that layout.

    python scripts/render_samples.py            # writes the Markdown renderings into samples/
    python scripts/render_samples.py --docx     # also the Word samples (needs python-docx)
    python scripts/render_samples.py --xlsx     # also the seed as an Excel workbook
    python scripts/render_samples.py --docx --pdf   # and samples/000_seed.pdf from the seed .docx:
        soffice --headless --convert-to pdf --outdir samples samples/000_seed.docx

Layouts:
- `000_seed_html.md`: Markdown with HTML `<table>` forms, merged cells as rowspan/colspan (what
  MinerU writes), `#` headings at several levels;
- `000_seed_pipe.md`: Markdown pipe tables with merged cells left blank (what most converters
  write), `**bold**` and unmarked headings.
"""
from __future__ import annotations

import argparse
import html
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "fixtures" / "000_3be96d4e675c0c12.expected.json"
SAMPLES = ROOT / "samples"

SECTIONS = [
    ("一、项目概述", "overview"),
    ("二、立项依据", "basis"),
    ("三、实施主体", "implementer"),
    ("四、实施方案", "implementation_plan"),
    ("五、实施周期", "implementation_period"),
    ("六、年度预算安排", "budget_arrangement"),
    ("七、绩效目标", "performance_goal_note"),
]


def load(path: Path = EXPECTED) -> dict:
    content = json.loads(path.read_text(encoding="utf-8"))
    by_project: dict[int, list[dict]] = {}
    for ind in content["indicators"]:
        by_project.setdefault(ind["project_no"], []).append(ind)
    for project in content["projects"]:
        project["indicators"] = sorted(by_project.get(project["project_no"], []), key=lambda i: i["seq"])
    return content


def money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def wan(value: float) -> str:
    return f"{value / 10000:.2f}".rstrip("0").rstrip(".")


def title(content: dict) -> str:
    doc = content["document"]
    return f"{doc['department']}{doc['fiscal_year']}年财政支出项目绩效目标申报表"


def preamble(content: dict) -> str:
    doc = content["document"]
    return (
        f"按照本市预算绩效管理工作的总体要求，本部门1个预算单位开展了{doc['fiscal_year']}年项目预算绩效目标编报工作，"
        f"编报绩效目标的项目{doc['declared_project_count']}个，涉及项目预算资金{wan(doc['declared_total_yuan'])}万元。"
    )


def runs(values: list[str | None]) -> list[int]:
    """Length of each run of equal values starting at each index (0 inside a run)."""
    spans = [0] * len(values)
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        spans[i] = j - i + 1
        i = j + 1
    return spans


def form_grid(project: dict) -> list[list[tuple[str, int, int]]]:
    """The form as rows of (text, rowspan, colspan) origin cells, six columns wide."""
    p = project
    inds = p["indicators"]
    rows: list[list[tuple[str, int, int]]] = [
        [("项目名称", 1, 1), (p["project_name"], 1, 1), ("项目性质", 1, 1), (p["project_nature"], 1, 1),
         ("项目类别", 1, 1), (p["project_category"], 1, 1)],
        [("主管部门", 1, 1), (p["competent_department"], 1, 1), ("实施单位", 1, 1), (p["implementing_unit"], 1, 3)],
        [("计划开始日期", 1, 1), (p["plan_start"], 1, 1), ("计划完成日期", 1, 1), (p["plan_end"], 1, 3)],
        [("项目资金(元)", 4, 1), ("项目资金总额", 1, 1), (money(p["total_funds"]), 1, 1),
         ("年度资金申请总额", 1, 1), (money(p["annual_request"]), 1, 2)],
        [("其中：财政资金", 1, 1), (money(p["total_fiscal"]), 1, 1),
         ("其中：当年财政拨款", 1, 1), (money(p["annual_appropriation"]), 1, 2)],
        [("", 1, 2), ("上年结转资金", 1, 1), (money(p["annual_carryover"]), 1, 2)],
        [("其他资金", 1, 1), (money(p["total_other"]), 1, 1), ("其他资金", 1, 1), (money(p["annual_other"]), 1, 2)],
        [("项目绩效目标", 2, 1), ("项目总目标", 1, 2), ("年度总体目标", 1, 3)],
        [(p["overall_goal"] or "", 1, 2), (p["annual_goal"] or "", 1, 3)],
        [("绩效指标", len(inds) + 1, 1), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1),
         ("年度(/项目)指标值", 1, 2)],
    ]
    l1_runs = runs([i["level1"] for i in inds])
    l2_runs = runs([(i["level1"], i["level2"]) for i in inds])
    for n, ind in enumerate(inds):
        row: list[tuple[str, int, int]] = []
        if l1_runs[n]:
            row.append((ind["level1"], l1_runs[n], 1))
        if l2_runs[n]:
            row.append((ind["level2"], l2_runs[n], 1))
        row += [(ind["level3"], 1, 1), (ind["target_raw"], 1, 2)]
        rows.append(row)
    return rows


def place(grid: list[list[tuple[str, int, int]]]):
    """(row, col, text, rowspan, colspan) of each origin cell, skipping positions merges cover."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            yield r, c, text, rs, cs
            taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            c += cs


def expand(grid: list[list[tuple[str, int, int]]], width: int = 6) -> list[list[str]]:
    """Origin cells onto a plain grid, merged positions blank: what a pipe-table converter writes."""
    out = [["" for _ in range(width)] for _ in grid]
    for r, c, text, _, _ in place(grid):
        out[r][c] = text
    return out


def html_table(grid: list[list[tuple[str, int, int]]]) -> str:
    lines = ["<table>"]
    for row in grid:
        cells = []
        for text, rs, cs in row:
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            cells.append(f"<td{attrs}>{html.escape(text)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def pipe_table(grid: list[list[tuple[str, int, int]]]) -> str:
    rows = expand(grid)
    out = ["| " + " | ".join(c.replace("|", "\\|") for c in rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows[1:]]
    return "\n".join(out)


def render_markdown(content: dict, style: str) -> str:
    """style 'html': HTML tables and # headings; 'pipe': pipe tables, **bold** and bare headings."""
    year = content["document"]["fiscal_year"]
    parts = [f"# {title(content)}", "", "## 绩效目标设置情况" if style == "html" else "**绩效目标设置情况**", "",
             preamble(content), ""]
    for p in content["projects"]:
        no = p["project_no"]
        heading = f"项目经费情况说明 {no}"
        parts += [f"## {heading}" if style == "html" else f"**{heading}**", ""]
        for k, (label, key) in enumerate(SECTIONS):
            if style == "html":
                parts.append(("### " if k % 2 == 0 else "#### ") + label)
            else:
                parts.append(label)
            parts += ["", p[key] or "", ""]
        form_title = f"财政项目支出绩效目标申报表 {no}"
        parts += [f"## {form_title}" if style == "html" else f"**{form_title}**", "", f"({year}年度)", ""]
        grid = form_grid(p)
        parts += [html_table(grid) if style == "html" else pipe_table(grid), ""]
    return "\n".join(parts)


def write_xlsx(content: dict, target: Path) -> None:
    """The forms as an Excel workbook, one sheet per project, merged cells as in the Word sample;
    the narratives as a first sheet of text rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    narratives = workbook.active
    narratives.title = "项目经费情况说明"
    narratives.append([title(content)])
    narratives.append([preamble(content)])
    for p in content["projects"]:
        narratives.append([f"项目经费情况说明 {p['project_no']}"])
        for label, key in SECTIONS:
            narratives.append([label])
            narratives.append([p[key] or ""])
    for p in content["projects"]:
        sheet = workbook.create_sheet(f"绩效目标申报表{p['project_no']}")
        sheet.append([f"财政项目支出绩效目标申报表 {p['project_no']}"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
        for r, c, text, rs, cs in place(form_grid(p)):
            value: object = text
            if text and text.replace(",", "").replace(".", "").isdigit() and "," in text:
                value = float(text.replace(",", ""))  # amounts as numbers, as Excel keeps them
            cell = sheet.cell(row=r + 2, column=c + 1, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # `=1.00(个)` is text typed into the cell, not a formula
            if rs > 1 or cs > 1:
                sheet.merge_cells(start_row=r + 2, start_column=c + 1, end_row=r + 1 + rs, end_column=c + cs)
    workbook.save(target)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=SAMPLES)
    ap.add_argument("--docx", action="store_true", help="also write the Word samples")
    ap.add_argument("--pdf", action="store_true", help="also make 000_seed.pdf with LibreOffice")
    ap.add_argument("--xlsx", action="store_true", help="also write 000_seed.xlsx (one sheet per form)")
    args = ap.parse_args()
    content = load()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "000_seed_html.md").write_text(render_markdown(content, "html"), encoding="utf-8")
    (args.out / "000_seed_pipe.md").write_text(render_markdown(content, "pipe"), encoding="utf-8")
    if args.docx:
        from render_docx import write_samples  # type: ignore[import-not-found]

        write_samples(content, args.out)
    if args.xlsx:
        write_xlsx(content, args.out / "000_seed.xlsx")
    if args.pdf:
        import subprocess
        import tempfile

        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(args.out), str(args.out / "000_seed.docx")],
                check=True, capture_output=True, timeout=300,
            )


if __name__ == "__main__":
    main()
