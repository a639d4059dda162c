"""Layouts seen in other provinces' and years' forms (docs/reference/value-formats.md), hand-checked."""
import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest

from expected_compare import rows_for

from budget_declarations.extract.text import parse_text
from budget_declarations.outputs.records import indicator_rows, project_row
from budget_declarations.parse.declarations import parse_declaration


def _rows(text):
    declaration = parse_declaration(parse_text(text))
    projects = [project_row("x", declaration.fiscal_year, p) for p in declaration.projects]
    indicators = [r for p in declaration.projects for r in indicator_rows("x", declaration.fiscal_year, p)]
    return declaration, projects, indicators


SICHUAN_STYLE = """某县某局2024年项目支出绩效目标表

| 项目名称 | 农村道路养护 | 主管部门 | 某县交通运输局 |
|---|---|---|---|
| 实施单位 | 某县公路养护站 | 项目类别 | 其他运转类 |
| 项目资金（万元） | 年度资金总额 | 120.5 | |
| | 其中：财政资金 | 120.5 | |
| 年度目标 | 完成农村道路养护300公里。 | | |

| 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 权重 |
|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 养护里程 | ≥ | 300 | 公里 | 20 |
| | 质量指标 | 养护合格率 | ≥ | 95 | % | 20 |
| | 时效指标 | 完成时间 | | 2024年12月 | | 10 |
| 效益指标 | 社会效益指标 | 群众出行条件 | | 改善 | | 20 |
| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≧ | 90 | % | 10 |
"""


def test_separate_comparator_value_unit_columns_and_wan_yuan_funds():
    declaration, projects, indicators = _rows(SICHUAN_STYLE)
    assert declaration.fiscal_year == 2024
    (p,) = projects
    assert p["project_name"] == "农村道路养护" and p["implementing_unit"] == "某县公路养护站"
    # the funds block says 万元: 120.5 is 1,205,000 元
    assert p["annual_request"] == Decimal("1205000.00") and p["total_fiscal"] == Decimal("1205000.00")
    assert p["annual_goal"] == "完成农村道路养护300公里。"
    got = [(i["level1"], i["level2"], i["level3"], i["target_raw"], i["comparator"], i["value"], i["unit"])
           for i in indicators]
    assert got == [
        ("产出指标", "数量指标", "养护里程", "≥300公里", ">=", 300.0, "公里"),
        ("产出指标", "质量指标", "养护合格率", "≥95%", ">=", 95.0, "%"),
        ("产出指标", "时效指标", "完成时间", "2024年12月", None, None, None),
        ("效益指标", "社会效益指标", "群众出行条件", "改善", None, None, None),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≧90%", ">=", 90.0, "%"),
    ]
    assert indicators[2]["target_kind"] == "date" and indicators[2]["target_date"] == dt.date(2024, 12, 31)


REPEATED_MERGES = """某区某局2025年财政项目支出绩效目标申报表

财政项目支出绩效目标申报表
项目名称\t社区养老服务\t项目性质\t经常性项目\t项目类别\t其他运转类
主管部门\t某区某局\t实施单位\t某区某局\t\t
计划开始日期\t2025年1月\t计划完成日期\t2025年12月\t\t
项目资金(元)\t项目资金总额\t300,000.00\t年度资金申请总额\t300,000.00\t
项目资金(元)\t其中：财政资金\t300,000.00\t其中：当年财政拨款\t300,000.00\t
项目资金(元)\t\t\t上年结转资金\t\t
项目资金(元)\t其他资金\t\t其他资金\t\t
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t
绩效指标\t产出指标\t数量指标\t服务人次\t≥5000人次\t
绩效指标\t产出指标\t数量指标\t服务站点\t=3个\t
绩效指标\t效益指标\t社会效益指标\t老人生活质量\t提高\t
绩效指标\t满意度指标\t服务对象满意度指标\t老人满意度\t≥90%\t

部门整体支出绩效目标申报表
部门名称\t某区某局\t\t\t\t
一级指标\t二级指标\t三级指标\t指标值\t\t
产出指标\t数量指标\t完成重点任务数\t≥10项\t\t
"""


def test_merged_cells_repeated_on_every_row_and_month_dates_and_department_form_as_its_own_kind():
    declaration, projects, indicators = _rows(REPEATED_MERGES)
    p, dept = projects  # the 部门整体支出 form is read too, as its own kind (issue 10)
    assert (p["form_kind"], dept["form_kind"]) == ("project_declaration", "department_overall")
    assert dept["project_name"] is None and dept["competent_department"] == "某区某局"
    assert declaration.doc_kind == "project_declaration"
    indicators = [i for i in indicators if i["project_no"] == p["project_no"]]
    assert (p["plan_start"], p["plan_end"]) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert p["annual_request"] == Decimal("300000.00") and p["annual_carryover"] is None
    got = [(i["level1"], i["level2"], i["level3"], i["target_raw"]) for i in indicators]
    assert got == [
        ("产出指标", "数量指标", "服务人次", "≥5000人次"),
        ("产出指标", "数量指标", "服务站点", "=3个"),
        ("效益指标", "社会效益指标", "老人生活质量", "提高"),
        ("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%"),
    ]


INLINE_LABELS = """某市某委员会2026年项目经费情况说明

1.城市更新规划编制项目经费情况说明
一、项目概述：编制城市更新专项规划。
二、立项依据：《某市城市更新条例》。
三、实施主体：某市规划院。
四、实施方案：公开招标确定编制单位。
五、实施周期：2026年3月1日至2026年11月30日。
六、年度预算安排：规划编制费80万元。
七、绩效目标：年内完成规划编制并报批。
"""


def test_numbered_heading_and_sections_with_text_on_the_same_line():
    _, projects, _ = _rows(INLINE_LABELS)
    (p,) = projects
    assert p["narrative_title"] == "城市更新规划编制"
    assert p["overview"] == "编制城市更新专项规划。"
    assert p["implementation_period"] == "2026年3月1日至2026年11月30日。"
    assert p["budget_arrangement"] == "规划编制费80万元。"
    assert p["performance_goal_note"] == "年内完成规划编制并报批。"


UNRULED_FORM = """某镇2026年项目经费情况说明

农村人居环境整治项目经费情况说明（一）
项目概况
开展农村人居环境整治。
立项依据及必要性
《某省农村人居环境整治提升行动方案》。
实施单位
某镇人民政府。
实施计划
分季度推进。
实施期限
2026年全年。
资金安排
整治经费50万元。
预期绩效目标
完成12个村的整治。

财政项目支出绩效目标申报表（一）
项目名称 农村人居环境整治 项目性质 经常性项目 项目类别 特定目标类
主管部门 某镇人民政府 实施单位 某镇人民政府
项目资金总额 500,000.00 年度资金申请总额 500,000.00
一级指标 二级指标 三级指标 指标值
产出指标 数量指标 整治村数 =12个
质量指标 验收合格率 ≥95%
满意度指标 服务对象满意度指标 村民满意度 ≥90%
"""


def test_form_without_ruling_lines_and_other_section_names():
    """Text lines with gaps between cells (a form exported without table lines), and section and
    heading names used elsewhere (实施单位, 实施期限, 资金安排, 预期绩效目标, （一）)."""
    declaration, projects, indicators = _rows(UNRULED_FORM)
    (p,) = projects
    assert (p["project_no"], p["narrative_title"], p["project_name"]) == (1, "农村人居环境整治", "农村人居环境整治")
    assert p["implementer"] == "某镇人民政府。" and p["implementation_period"] == "2026年全年。"
    assert p["budget_arrangement"] == "整治经费50万元。" and p["performance_goal_note"] == "完成12个村的整治。"
    assert p["annual_request"] == Decimal("500000.00") and p["competent_department"] == "某镇人民政府"
    got = [(i["level1"], i["level2"], i["level3"], i["target_raw"]) for i in indicators]
    assert got == [
        ("产出指标", "数量指标", "整治村数", "=12个"),
        ("产出指标", "质量指标", "验收合格率", "≥95%"),
        ("满意度指标", "服务对象满意度指标", "村民满意度", "≥90%"),
    ]


WRAPPED_AND_TABLED = """某区某局2026年部门预算

某区城市精细化管理综合提升专项工作经费项目经费情况
说明
项目概述\t提升城市精细化管理水平。
立项依据\t《某区城市管理精细化三年行动计划》。
实施主体\t某区城市管理事务中心。
实施方案\t分片区推进。
实施周期\t2026年1月1日至2026年12月31日
年度预算安排\t全年经费120万元。
绩效目标\t完成10个片区的综合提升。
"""


def test_heading_wrapped_by_a_pdf_and_narrative_laid_out_as_a_table():
    _, projects, _ = _rows(WRAPPED_AND_TABLED)
    (p,) = projects
    assert p["narrative_title"] == "某区城市精细化管理综合提升专项工作经费"
    assert p["overview"] == "提升城市精细化管理水平。"
    assert p["budget_arrangement"] == "全年经费120万元。"
    assert p["performance_goal_note"] == "完成10个片区的综合提升。"


def _narrative(name, amount):
    return (f"{name}项目经费情况说明\n一、项目概述\n{name}的概述。\n二、立项依据\n依据。\n三、实施主体\n某局。\n"
            f"四、实施方案\n方案。\n五、实施周期\n2026年全年。\n六、年度预算安排\n{amount}万元。\n七、绩效目标\n目标。\n")


def _form(name, yuan):
    return (f"财政项目支出绩效目标申报表\n项目名称\t{name}\t项目性质\t经常性项目\n"
            f"项目资金总额\t{yuan:,.2f}\t年度资金申请总额\t{yuan:,.2f}\n"
            "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t完成数\t≥1个\n")


def test_all_narratives_then_all_forms_pair_by_name():
    names = [("道路保洁", 10), ("绿化养护", 20), ("河道整治", 30)]
    text = "某区2026年项目经费情况说明及申报表\n\n" + "\n".join(_narrative(n, a) for n, a in names) + "\n"
    text += "\n".join(_form(n, a * 10000) for n, a in reversed(names))
    _, projects, _ = _rows(text)
    assert [(p["narrative_title"], p["project_name"], str(p["annual_request"])) for p in projects] == [
        ("道路保洁", "道路保洁", "100000.00"), ("绿化养护", "绿化养护", "200000.00"), ("河道整治", "河道整治", "300000.00"),
    ]


def test_a_narrative_ends_where_the_budget_document_goes_on():
    text = "某局2026年部门预算\n\n" + _narrative("道路保洁", 10) + "\n名词解释\n（一）财政拨款收入：……\n\n2026年部门财务收支预算总表\n项目\t预算数\n"
    _, projects, _ = _rows(text)
    (p,) = projects
    assert p["performance_goal_note"] == "目标。"


SICHUAN_HTML = """<html><head><meta charset="utf-8"></head><body>
<table border="1" cellspacing="0">
<tr><td>项目名称</td><td>农村道路养护</td><td>主管部门</td><td>某县交通运输局</td></tr>
<tr><td>实施单位</td><td>某县公路养护站</td><td>项目类别</td><td>其他运转类</td></tr>
<tr><td rowspan="2">项目资金（万元）</td><td>年度资金总额</td><td colspan="2">120.5</td></tr>
<tr><td>其中：财政资金</td><td colspan="2">120.5</td></tr>
<tr><td>年度目标</td><td colspan="3">完成农村道路养护300公里。</td></tr>
</table>
<table border="1" cellspacing="0">
<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标性质</td><td>指标值</td><td>度量单位</td><td>权重</td></tr>
<tr><td rowspan="3">产出指标</td><td>数量指标</td><td>养护里程</td><td>≥</td><td>300</td><td>公里</td><td>20</td></tr>
<tr><td>质量指标</td><td>养护合格率</td><td>≥</td><td>95</td><td>%</td><td>20</td></tr>
<tr><td>时效指标</td><td>完成时间</td><td></td><td>2024年12月</td><td></td><td>10</td></tr>
<tr><td>效益指标</td><td>社会效益指标</td><td>群众出行条件</td><td></td><td>改善</td><td></td><td>20</td></tr>
<tr><td>满意度指标</td><td>服务对象满意度指标</td><td>群众满意度</td><td>≧</td><td>90</td><td>%</td><td>10</td></tr>
</table></body></html>"""


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_untitled_form_with_separate_columns_as_pdf(tmp_path):
    """The Sichuan layout printed to PDF, without a title: the same rows as from its text."""
    html = tmp_path / "form.html"
    html.write_text(SICHUAN_HTML, encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf:writer_web_pdf_Export", "--outdir", str(tmp_path), str(html)],
                   check=True, capture_output=True, timeout=180)
    tables = rows_for(tmp_path / "form.pdf")
    (p,) = tables["projects"]
    assert p["project_name"] == "农村道路养护" and p["annual_request"] == Decimal("1205000.00")
    got = [(i["level1"], i["level2"], i["level3"], i["target_raw"]) for i in tables["indicators"]]
    assert got == [
        ("产出指标", "数量指标", "养护里程", "≥300公里"),
        ("产出指标", "质量指标", "养护合格率", "≥95%"),
        ("产出指标", "时效指标", "完成时间", "2024年12月"),
        ("效益指标", "社会效益指标", "群众出行条件", "改善"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≧90%"),
    ]


def test_a_title_that_reads_like_a_narrative_heading_is_not_a_project():
    text = ("某局2026年项目经费情况说明\n\n绩效目标设置情况\n\n编报绩效目标的项目1个，涉及项目预算资金10万元。\n\n"
            + _narrative("道路保洁", 10))
    declaration, projects, _ = _rows(text)
    assert [(p["project_no"], p["narrative_title"]) for p in projects] == [(1, "道路保洁")]
    assert declaration.declared_project_count == 1


def test_project_name_line_under_a_plain_heading():
    text = "项目经费情况说明\n项目名称：社区微更新\n一、项目概述\n改造3处公共空间。\n六、年度预算安排\n经费30万元。\n"
    _, projects, _ = _rows(text)
    (p,) = projects
    assert p["narrative_title"] == "社区微更新" and p["overview"] == "改造3处公共空间。"
