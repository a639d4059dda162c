"""Narrative text from a PDF exactly as printed: quotes, titles, brackets and ≥/≤ in place (issue 14).

LibreOffice draws full-width punctuation from a fallback font after the rest of the line, so in
pdfium's order `做到“及时制止”` came out `做到及时制止“”`.  We print our own quote-heavy narrative
and compare every character of every section with the source.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest
from docx import Document

from budget_declarations.normalize.text import squash
from budget_declarations.pipeline.process import process_file

SECTIONS = {
    "overview": ("一、项目概述", "做到“及时制止”，必须“整治”到位；依据《某市城市管理条例》（2024年修订）开展“门前三包”"
                 "检查，全年检查≥1200次，投诉率≤5%，“回头看”覆盖率100%。"),
    "basis": ("二、立项依据", "《关于加强“城市更新”工作的意见》（某办〔2025〕12号）要求“应改尽改”；《某区“十四五”规划》"
              "（第三章）提出“一网统管”。"),
    "implementer": ("三、实施主体", "某区城市管理和综合执法局（“执法局”）及各街道“城管中队”。"),
    "implementation_plan": ("四、实施方案", "分“排查—整治—巩固”三步：（1）排查；（2）整治；（3）巩固，每月通报“红黑榜”。"),
    "implementation_period": ("五、实施周期", "2026年1月1日至2026年12月31日（“全年”）。"),
    "budget_arrangement": ("六、年度预算安排", "“门前三包”督查费30万元，“红黑榜”宣传费8.5万元（合计38.5万元）。"),
    "performance_goal_note": ("七、绩效目标", "市容达标率≥95%，“12345”投诉量≤上年，群众满意度≥90%。"),
}


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_every_character_of_a_quote_heavy_narrative(tmp_path):
    document = Document()
    document.add_heading("某区城市管理局2026年项目经费情况说明", level=1)
    document.add_heading("“市容整治”项目经费情况说明", level=2)
    for heading, text in SECTIONS.values():
        document.add_paragraph(heading)
        document.add_paragraph(text)
    source = tmp_path / "quotes.docx"
    document.save(source)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=300)
    (project,) = process_file(tmp_path / "quotes.pdf").tables["projects"]
    for field, (_, text) in SECTIONS.items():
        assert squash(project[field]) == squash(text), field
    assert project["narrative_title"] == "市容整治"


@pytest.mark.parametrize("printed", [False, pytest.param(True, marks=pytest.mark.libreoffice)],
                         ids=["word", "word-printed-pdf"])
def test_numbered_section_headings_in_a_table_are_not_glued_to_their_text(tmp_path, printed):
    """A narrative laid out as a table whose first column holds the numbered headings
    (`一、项目概述` | text), printed without borders beside a form on the same page (the PDF reader
    rebuilds the table from alignment, taking the heading line in as a row of its own): each section
    is its text alone, never `一、项目概述为深入落实…` (the heading glued into the first section and
    every other section empty)."""
    if printed and shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    document = Document()
    document.add_paragraph("“社区服务中心改建”项目经费情况说明")
    table = document.add_table(rows=len(SECTIONS), cols=2)  # no borders: a PDF reader rebuilds it from alignment
    for row, (heading, text) in zip(table.rows, SECTIONS.values()):
        row.cells[0].text = heading
        row.cells[1].text = "为深入落实" + text
    document.add_paragraph("社区服务中心改建项目支出绩效目标申报表")  # the form on the same page
    form = document.add_table(rows=3, cols=4)
    form.style = "Table Grid"
    for row, cells in zip(form.rows, [["项目名称", "社区服务中心改建", "项目类别", "其他"],
                                      ["一级指标", "二级指标", "三级指标", "指标值"],
                                      ["产出指标", "数量指标", "改建面积", "≥1000平方米"]]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    source = tmp_path / "table.docx"
    document.save(source)
    if printed:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                        "pdf", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=300)
        source = tmp_path / "table.pdf"
    (project,) = process_file(source).tables["projects"]
    assert project["narrative_title"] == "社区服务中心改建" and project["project_name"] == "社区服务中心改建"
    for field, (_, text) in SECTIONS.items():
        assert squash(project[field]) == squash("为深入落实" + text), field
