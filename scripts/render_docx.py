"""Word samples: the seed's content as a real 申报表 layout, and a 2026 普陀-style declaration.

Called by `scripts/render_samples.py --docx`.  Both documents are committed in samples/.

- `000_seed.docx`: one narrative per project with its section headings styled as headings and
  written without their numbers (as Word's automatic numbering leaves them in the text), and one
  Word table per form with the row labels merged (项目资金(元) over four rows, 项目绩效目标 over two,
  绩效指标 over all indicator rows; 一级/二级指标 merged down their runs; 实施单位 and the funds
  values merged across columns).
- `putuo_style_2026.docx`: the layout of a 2026 普陀区 form: `<项目名>项目经费情况说明` headings,
  unnumbered form titles, `项目总体目标`, dates written `2026/1/1`, a `阶段性项目` whose 项目资金总额
  exceeds its 年度资金申请总额, funds carried over from last year.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

from render_samples import SECTIONS, form_grid, place, preamble, title  # type: ignore[import-not-found]

PUTUO_STYLE = {
    "title": "上海市普陀区示例街道办事处2026年项目经费情况说明及绩效目标申报表",
    "department": "上海市普陀区示例街道办事处",
    "projects": [
        {
            "project_name": "社区综合服务中心改建工程",
            "project_nature": "阶段性项目",
            "project_category": "特定目标类",
            "competent_department": "上海市普陀区示例街道办事处",
            "implementing_unit": "上海市普陀区示例街道社区服务中心",
            "plan_start": "2026/1/1",
            "plan_end": "2027/12/31",
            "total_funds": 12_500_000.00,
            "total_fiscal": 12_000_000.00,
            "total_other": 500_000.00,
            "annual_request": 4_800_000.00,
            "annual_appropriation": 3_600_000.00,
            "annual_carryover": 1_200_000.00,
            "annual_other": 0.00,
            "overall_goal": "两年内完成社区综合服务中心改建，新增服务面积3200平方米。",
            "annual_goal": "2026年完成主体结构改建和消防改造。",
            "sections": {
                "一、项目概况": "社区综合服务中心建于1998年，设施老化，需整体改建。",
                "二、立项依据": "《示例区社区服务设施建设三年行动计划》。",
                "三、实施主体": "示例街道社区服务中心。",
                "四、实施方案": "按政府采购程序确定施工单位，分两期实施。",
                "五、实施周期": "2026年1月1日至2027年12月31日",
                "六、年度预算安排": "2026年安排工程款360万元，使用上年结转资金120万元。",
                "七、绩效目标": "完成主体结构改建，通过阶段验收。",
            },
            "indicators": [
                ("成本指标", "经济成本指标", "单位面积改建成本", "≤3900元/平方米"),
                ("产出指标", "数量指标", "改建面积", "≥3200平方米"),
                ("产出指标", "质量指标", "阶段验收合格率", "=100%"),
                ("产出指标", "时效指标", "主体结构完成时间", "2026年12月31日前"),
                ("效益指标", "社会效益指标", "社区服务能力", "明显提升"),
                ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"),
            ],
        },
        {
            "project_name": "老年助餐服务",
            "project_nature": "经常性项目",
            "project_category": "其他运转类",
            "competent_department": "上海市普陀区示例街道办事处",
            "implementing_unit": "上海市普陀区示例街道办事处",
            "plan_start": "2026/1/1",
            "plan_end": "2026/12/31",
            "total_funds": 860_000.00,
            "total_fiscal": 860_000.00,
            "total_other": None,
            "annual_request": 860_000.00,
            "annual_appropriation": 860_000.00,
            "annual_carryover": 0.00,
            "annual_other": None,
            "overall_goal": "为辖区老年人提供助餐服务。",
            "annual_goal": "全年提供助餐服务不少于6万人次。",
            "sections": {
                "一、项目概况": "在辖区3个助餐点为老年人提供午餐。",
                "二、立项依据": "《示例区老年助餐服务管理办法》。",
                "三、实施主体": "示例街道办事处。",
                "四、实施方案": "委托第三方餐饮企业供餐，按月结算。",
                "五、实施周期": "2026年1月1日至2026年12月31日",
                "六、年度预算安排": "助餐补贴86万元。",
                "七、绩效目标": "全年助餐服务不少于6万人次。",
            },
            "indicators": [
                ("成本指标", "经济成本指标", "每餐补贴标准", "=4元/人次"),
                ("产出指标", "数量指标", "助餐服务人次", "≥60000人次"),
                ("产出指标", "质量指标", "食品安全事故", "=0次"),
                ("效益指标", "社会效益指标", "老年人就餐便利度", "提高"),
                ("效益指标", "可持续影响指标", "助餐点持续运营", "长期"),
                ("满意度指标", "服务对象满意度指标", "老年人满意度", "≥95%"),
            ],
        },
    ],
}


def _merged_table(document, grid: list[list[tuple[str, int, int]]], width: int = 6):
    table = document.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    for r, c, text, rs, cs in place(grid):
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        cell.text = text or ""
    document.add_paragraph()  # Word always keeps a paragraph after a table; LibreOffice needs it
    return table


def _base_document():
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    return document


def seed_docx(content: dict) -> Document:
    document = _base_document()
    document.add_heading(title(content), level=0)
    document.add_heading("绩效目标设置情况", level=1)
    document.add_paragraph(preamble(content))
    year = content["document"]["fiscal_year"]
    for p in content["projects"]:
        no = p["project_no"]
        document.add_heading(f"项目经费情况说明 {no}", level=1)
        for label, key in SECTIONS:
            document.add_heading(label.split("、", 1)[1], level=2)  # number left to Word's numbering
            document.add_paragraph(p[key] or "")
        document.add_heading(f"财政项目支出绩效目标申报表 {no}", level=1)
        document.add_paragraph(f"({year}年度)")
        _merged_table(document, form_grid(p))
    return document


def putuo_docx(content: dict = PUTUO_STYLE) -> Document:
    document = _base_document()
    document.add_heading(content["title"], level=0)
    for p in content["projects"]:
        document.add_heading(f"{p['project_name']}项目经费情况说明", level=1)
        for label, text in p["sections"].items():
            run = document.add_paragraph().add_run(label)
            run.bold = True
            document.add_paragraph(text)
        document.add_paragraph("财政项目支出绩效目标申报表")
        form = dict(p, indicators=[
            {"level1": a, "level2": b, "level3": c, "target_raw": d} for a, b, c, d in p["indicators"]
        ])
        grid = form_grid(form)
        # this layout heads the goal row 项目总体目标
        grid[7] = [("项目绩效目标", 2, 1), ("项目总体目标", 1, 2), ("年度总体目标", 1, 3)]
        _merged_table(document, grid)
    return document


def write_samples(content: dict, out: Path) -> None:
    seed_docx(content).save(out / "000_seed.docx")
    putuo_docx().save(out / "putuo_style_2026.docx")


__all__ = ["PUTUO_STYLE", "putuo_docx", "seed_docx", "write_samples"]
