"""The declared-totals sentence in its phrasings, and one rule for names from headings (issue 14)."""
from decimal import Decimal

import pytest

from budget_declarations.extract.model import Document, TextBlock
from budget_declarations.outputs.records import declared_total_yuan
from budget_declarations.parse.declarations import parse_declaration
from budget_declarations.parse.model import Line
from budget_declarations.parse.narrative import match_heading
from budget_declarations.pipeline.process import process_file


@pytest.mark.parametrize("sentence,count,yuan", [
    ("按照要求，本部门编报绩效目标的项目11个，涉及项目预算资金847.68万元。", 11, "8476800.00"),
    ("本部门编报绩效目标的项目共25个，涉及项目预算资金11381.60万元。", 25, "113816000.00"),
    ("本单位共有8个项目编报绩效目标，涉及预算资金1,234,567.89元。", 8, "1234567.89"),
    ("编报绩效目标项目12项，涉及资金1.2亿元。", 12, "120000000.00"),
    ("本部门所有项目均编报了绩效目标，项目25项，预算金额3,456.7万元。", 25, "34567000.00"),
    ("2025年本部门共设置项目绩效目标30个项目，涉及项目预算资金合计2,000万元。", 30, "20000000.00"),
])
def test_declared_totals_in_every_phrasing(sentence, count, yuan):
    d = parse_declaration(Document(blocks=[TextBlock("绩效目标设置情况", kind="heading"), TextBlock(sentence)]))
    assert d.declared_project_count == count and declared_total_yuan(d) == Decimal(yuan)
    assert d.declared_unread is None


def test_a_total_that_cannot_be_read_is_an_info_finding(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("某区某局2025年部门预算\n绩效目标设置情况\n本部门编报绩效目标的项目若干个，涉及项目预算资金壹仟万元。\n"
                    "甲项目经费情况说明\n一、项目概述\n概述。\n", encoding="utf-8")
    checks = process_file(path).tables["checks"]
    assert [(c["check"], c["severity"]) for c in checks if c["check"].startswith("DECLARED")] == [("DECLARED_UNREAD", "info")]


@pytest.mark.parametrize("title", [
    "某街道2026年项目经费情况说明及绩效目标申报表",
    "详见单位的项目绩效目标表",
    "财政项目支出绩效目标申报表1",
])
def test_a_form_title_is_not_an_unread_total(title):
    """`绩效目标申报表` names a form, not the declared-totals sentence: no finding."""
    d = parse_declaration(Document(blocks=[TextBlock(title), TextBlock("年度预算安排"), TextBlock("软件开发费44.72万元")]))
    assert d.declared_unread is None and d.declared_project_count is None


@pytest.mark.parametrize("heading,name", [
    ("XX专项（政策资金）经费情况说明", "XX专项（政策资金）"),
    ("YY专项经费情况说明", "YY专项"),
    ("ZZ项目经费情况说明", "ZZ"),
    ("1.城市更新规划编制项目经费情况说明", "城市更新规划编制"),
    ("（三）社区服务经费使用情况说明", "社区服务"),
    ("AA经费情况说明（2）", "AA"),
])
def test_one_rule_for_names_from_headings(heading, name):
    no, got = match_heading(Line("heading", heading))
    assert got == name
