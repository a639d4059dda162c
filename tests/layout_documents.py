"""Our own documents in five provinces' layouts (issue 10), and what reading them must give.

Departments, projects and numbers are invented; the layouts follow forms published by finance
bureaus (四川 list tables, 湖南/湖北/安徽 label/value forms in 万元, transfer-payment 区域绩效目标表,
部门整体支出绩效目标申报表, 湖北 项目申报表).  `scripts/render_layouts.py` prints each as converter
text, .docx, .xlsx and (through LibreOffice) PDF into tests/fixtures/layouts/; the expected values
below were written by hand from the printed forms (amounts converted to 元 by hand).

A document is a list of blocks: ("title", text), ("para", text) or ("table", rows, width), where a
row is a list of (text, rowspan, colspan) as in scripts/render_samples.place.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal


def c(text: str, rs: int = 1, cs: int = 1) -> tuple[str, int, int]:
    return (text, rs, cs)


# -- 2. list layout (四川 部门预算项目绩效目标表) ------------------------------------------------
_LIST_PROJECTS = [
    ("高标准农田建设管护", "236.50", "完成3.2万亩高标准农田管护，灌溉设施完好率达到95%以上。", [
        ("产出指标", "数量指标", "管护面积", "≥", "3.2", "万亩", "15", "正向指标"),
        ("产出指标", "数量指标", "维修灌溉渠道", "≥", "18", "公里", "10", "正向指标"),
        ("产出指标", "质量指标", "灌溉设施完好率", "≥", "95", "%", "10", "正向指标"),
        ("产出指标", "时效指标", "管护任务完成时间", "≤", "2025年11月", "", "10", "反向指标"),
        ("成本指标", "经济成本指标", "亩均管护成本", "≤", "73.9", "元/亩", "10", "反向指标"),
        ("效益指标", "经济效益指标", "粮食亩均增产", "≥", "50", "公斤", "15", "正向指标"),
        ("效益指标", "可持续影响指标", "农田设施使用年限", "定性", "长期", "", "10", "正向指标"),
        ("满意度指标", "服务对象满意度指标", "农户满意度", "≥", "90", "%", "20", "正向指标"),
    ]),
    ("农村人居环境整治", "88", "完成12个行政村生活垃圾收运体系建设，农户厕所改造600户。", [
        ("产出指标", "数量指标", "覆盖行政村数", "＝", "12", "个", "20", "正向指标"),
        ("产出指标", "数量指标", "改造户厕数", "≥", "600", "户", "20", "正向指标"),
        ("产出指标", "质量指标", "改厕验收合格率", "＝", "100", "%", "10", "正向指标"),
        ("效益指标", "社会效益指标", "村容村貌", "定性", "明显改善", "", "20", "正向指标"),
        ("效益指标", "生态效益指标", "生活垃圾无害化处理率", "≥", "90", "%", "10", "正向指标"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "20", "正向指标"),
    ]),
    ("动物疫病防控", "45.8", "完成春秋两季重大动物疫病强制免疫，免疫密度保持在90%以上。", [
        ("产出指标", "数量指标", "免疫畜禽数量", "≥", "52", "万头（只）", "20", "正向指标"),
        ("产出指标", "质量指标", "免疫抗体合格率", "≥", "70", "%", "20", "正向指标"),
        ("产出指标", "时效指标", "春防完成时间", "≤", "2025年5月", "", "10", "反向指标"),
        ("效益指标", "社会效益指标", "重大动物疫情发生数", "＝", "0", "起", "30", "反向指标"),
        ("满意度指标", "服务对象满意度指标", "养殖户满意度", "≥", "85", "%", "20", "正向指标"),
    ]),
]
_LIST_UNIT = "某某县农业农村局"


def _list_rows(merged: bool) -> list[list[tuple[str, int, int]]]:
    header = [c(x) for x in ("单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标",
                              "指标性质", "指标值", "度量单位", "权重（%）", "指标方向性")]
    rows = [header]
    total = sum(len(p[3]) for p in _LIST_PROJECTS)
    first_of_all = True
    for name, amount, goal, indicators in _LIST_PROJECTS:
        n = len(indicators)
        previous_l1 = None
        for k, (l1, l2, l3, nature, value, unit, weight, direction) in enumerate(indicators):
            row = []
            if merged:
                if first_of_all:
                    row.append(c(_LIST_UNIT, total))
                if k == 0:
                    row += [c(name, n), c(amount, n), c(goal, n)]
                if l1 != previous_l1:
                    row.append(c(l1, _run_length(indicators, k)))
            else:
                row += [c(_LIST_UNIT if first_of_all else ""), c(name if k == 0 else ""),
                        c(amount if k == 0 else ""), c(goal if k == 0 else ""), c(l1 if l1 != previous_l1 else "")]
            row += [c(l2), c(l3), c(nature), c(value), c(unit), c(weight), c(direction)]
            previous_l1 = l1
            first_of_all = False
            rows.append(row)
    return rows


def _run_length(indicators: list[tuple], k: int) -> int:
    n = 0
    for x in indicators[k:]:
        if x[0] != indicators[k][0]:
            break
        n += 1
    return n


LIST_TABLE = {
    "name": "list_table",
    "blocks": lambda merged: [
        ("title", "某某县农业农村局2025年部门预算项目绩效目标表"),
        ("para", "金额单位：万元"),
        ("table", _list_rows(merged), 12),
    ],
    "document": {"department": "某某县农业农村局", "fiscal_year": 2025, "doc_kind": "project_declaration",
                 "template": "list_table"},
    "projects": [
        {"project_name": "高标准农田建设管护", "implementing_unit": _LIST_UNIT, "annual_request": Decimal("2365000.00"),
         "annual_goal": "完成3.2万亩高标准农田管护，灌溉设施完好率达到95%以上。", "funds_unit_source": "万元"},
        {"project_name": "农村人居环境整治", "implementing_unit": _LIST_UNIT, "annual_request": Decimal("880000.00"),
         "annual_goal": "完成12个行政村生活垃圾收运体系建设，农户厕所改造600户。", "funds_unit_source": "万元"},
        {"project_name": "动物疫病防控", "implementing_unit": _LIST_UNIT, "annual_request": Decimal("458000.00"),
         "annual_goal": "完成春秋两季重大动物疫病强制免疫，免疫密度保持在90%以上。", "funds_unit_source": "万元"},
    ],
    # (project, level1, level2, level3, target_raw, comparator, value, unit, weight, direction)
    "indicators": [
        (1, "产出指标", "数量指标", "管护面积", "≥3.2万亩", ">=", 3.2, "万亩", 15.0, "正向"),
        (1, "产出指标", "数量指标", "维修灌溉渠道", "≥18公里", ">=", 18.0, "公里", 10.0, "正向"),
        (1, "产出指标", "质量指标", "灌溉设施完好率", "≥95%", ">=", 95.0, "%", 10.0, "正向"),
        (1, "产出指标", "时效指标", "管护任务完成时间", "≤2025年11月", "<=", None, None, 10.0, "反向"),
        (1, "成本指标", "经济成本指标", "亩均管护成本", "≤73.9元/亩", "<=", 73.9, "元/亩", 10.0, "反向"),
        (1, "效益指标", "经济效益指标", "粮食亩均增产", "≥50公斤", ">=", 50.0, "公斤", 15.0, "正向"),
        (1, "效益指标", "可持续影响指标", "农田设施使用年限", "长期", None, None, None, 10.0, "正向"),
        (1, "满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", ">=", 90.0, "%", 20.0, "正向"),
        (2, "产出指标", "数量指标", "覆盖行政村数", "＝12个", "=", 12.0, "个", 20.0, "正向"),
        (2, "产出指标", "数量指标", "改造户厕数", "≥600户", ">=", 600.0, "户", 20.0, "正向"),
        (2, "产出指标", "质量指标", "改厕验收合格率", "＝100%", "=", 100.0, "%", 10.0, "正向"),
        (2, "效益指标", "社会效益指标", "村容村貌", "明显改善", None, None, None, 20.0, "正向"),
        (2, "效益指标", "生态效益指标", "生活垃圾无害化处理率", "≥90%", ">=", 90.0, "%", 10.0, "正向"),
        (2, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", ">=", 90.0, "%", 20.0, "正向"),
        (3, "产出指标", "数量指标", "免疫畜禽数量", "≥52万头（只）", ">=", 52.0, "万头(只)", 20.0, "正向"),
        (3, "产出指标", "质量指标", "免疫抗体合格率", "≥70%", ">=", 70.0, "%", 20.0, "正向"),
        (3, "产出指标", "时效指标", "春防完成时间", "≤2025年5月", "<=", None, None, 10.0, "反向"),
        (3, "效益指标", "社会效益指标", "重大动物疫情发生数", "＝0起", "=", 0.0, "起", 30.0, "反向"),
        (3, "满意度指标", "服务对象满意度指标", "养殖户满意度", "≥85%", ">=", 85.0, "%", 20.0, "正向"),
    ],
}


# -- 3. label/value in 万元 (湖南/湖北/安徽 项目支出绩效目标表) -------------------------------------
def _wan_form(p: dict) -> list[list[tuple[str, int, int]]]:
    n = len(p["indicators"])
    rows = [
        [c("项目名称"), c(p["name"], 1, 5)],
        [c("主管部门及代码"), c(p["dept"], 1, 2), c("项目实施单位"), c(p["unit"], 1, 2)],
        [c("项目负责人"), c(p["person"], 1, 2), c("联系电话"), c(p["phone"], 1, 2)],
        [c("项目属性"), c(p["nature"], 1, 2), c("项目起止时间"), c(p["period"], 1, 2)],
        [c("项目资金申请（万元）", 4), c("资金总额"), c(p["funds"][0], 1, 4)],
        [c("其中：财政拨款"), c(p["funds"][1], 1, 4)],
        [c("自有资金"), c(p["funds"][2], 1, 4)],
        [c("其他资金"), c(p["funds"][3], 1, 4)],
        [c("项目概况"), c(p["overview"], 1, 5)],
        [c("项目实施进度计划"), c(p["plan"], 1, 5)],
        [c("总体目标", 2), c("长期目标", 1, 3), c("年度目标", 1, 2)],
        [c(p["long_goal"], 1, 3), c(p["annual_goal"], 1, 2)],
        [c("绩效指标", n + 1), c("一级指标"), c("二级指标"), c("三级指标"), c("长期指标值"), c("年度指标值")],
    ]
    rows += _merged_levels(p["indicators"])
    return rows


def _run2(indicators: list[tuple], k: int) -> int:
    n = 0
    for x in indicators[k:]:
        if x[:2] != indicators[k][:2]:
            break
        n += 1
    return n

def _merged_levels(indicators: list[tuple]) -> list[list[tuple[str, int, int]]]:
    """Indicator rows (一级, 二级, then the row's other cells) with 一级 and 二级 merged down their
    runs, as printed."""
    rows, previous = [], (None, None)
    for k, ind in enumerate(indicators):
        l1, l2 = ind[0], ind[1]
        row = []
        if l1 != previous[0]:
            row.append(c(l1, sum(1 for x in indicators[k:] if x[0] == l1)))
        if (l1, l2) != previous:
            row.append(c(l2, _run2(indicators, k)))
        row += [c(x) for x in ind[2:]]
        previous = (l1, l2)
        rows.append(row)
    return rows



_WAN_PROJECTS = [
    {
        "name": "中小河流治理工程", "dept": "[126]某某市水利局", "unit": "某某市河道管理中心", "person": "王某某",
        "phone": "0731-84561234", "nature": "□常年性 √延续性", "period": "2025.1-2026.12",
        "funds": ("1280.5", "1150", "80.5", "50"),
        "overview": "某某河是本市主要行洪河道，干流长42公里，现状防洪标准不足10年一遇，2020年以来三次发生漫堤。项目治理干流及两条支流共26公里，新建护岸14公里、清淤疏浚26公里、新建排涝涵闸6座，工程完成后沿河两岸防洪标准提高到20年一遇，保护农田3.6万亩、人口5.5万人。",
        "plan": "2025年3月开工，2025年汛前完成清淤，2026年10月完工验收。",
        "long_goal": "用两年时间治理河道26公里，防洪标准提高到20年一遇。",
        "annual_goal": "2025年完成清淤疏浚15公里、新建护岸8公里。",
        "indicators": [
            ("产出指标", "数量指标", "清淤疏浚长度", "≥26公里", "≥15公里"),
            ("产出指标", "数量指标", "新建护岸长度", "≥14公里", "≥8公里"),
            ("产出指标", "数量指标", "新建排涝涵闸", "≥6座", "≥4座"),
            ("产出指标", "质量指标", "工程验收合格率", "100%", "100%"),
            ("产出指标", "质量指标", "护岸砌石质量优良率", "≥90%", "≥90%"),
            ("产出指标", "时效指标", "汛前清淤完成时间", "2026年5月", "2025年5月"),
            ("产出指标", "时效指标", "工程完工时间", "2026年10月", "2025年12月"),
            ("成本指标", "经济成本指标", "每公里治理成本", "≤49万元", "≤49万元"),
            ("效益指标", "经济效益指标", "减少洪涝损失", "≥800万元", "≥500万元"),
            ("效益指标", "社会效益指标", "受益人口", "约5.5万人", "约3万人"),
            ("效益指标", "社会效益指标", "保护农田面积", "≥3.6万亩", "≥2万亩"),
            ("效益指标", "生态效益指标", "河道水质", "达到Ⅲ类", "稳定改善"),
            ("效益指标", "可持续影响指标", "工程设计使用年限", "≥30年", "≥30年"),
            ("满意度指标", "服务对象满意度指标", "沿河群众满意度", "≥90%", "≥90%"),
        ],
    },
    {
        "name": "农村饮水安全巩固提升", "dept": "某某市水利局（126001）", "unit": "某某市农村供水总站", "person": "赵某",
        "phone": "13900001111", "nature": "√常年性 □延续性", "period": "2025年1月至2025年12月",
        "funds": ("300", "300", "0", ""),
        "overview": "对12处农村集中供水工程进行净化消毒设施改造。",
        "plan": "上半年完成设计招标，下半年完成改造并通水。",
        "long_goal": "农村自来水普及率稳定在95%以上。",
        "annual_goal": "完成12处供水工程改造，新增受益人口1.2万人。",
        "indicators": [
            ("产出指标", "数量指标", "改造供水工程", "≥30处", "=12处"),
            ("产出指标", "质量指标", "水质检测合格率", "≥95%", "≥92%"),
            ("效益指标", "社会效益指标", "新增受益人口", "≥3万人", "≥1.2万人"),
            ("效益指标", "可持续影响指标", "工程运行年限", "≥15年", "≥15年"),
            ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "≥85%"),
        ],
    },
]

LABEL_VALUE_WAN = {
    "name": "label_value_wan",
    "blocks": lambda merged: [b for p in _WAN_PROJECTS for b in (
        ("title", "项目支出绩效目标表"),
        ("para", "（2025年度）"),
        ("table", _wan_form(p), 6),
    )],
    "document": {"department": "某某市水利局", "fiscal_year": 2025, "doc_kind": "project_declaration",
                 "template": "label_value_wan"},
    "projects": [
        {"project_name": "中小河流治理工程", "competent_department": "某某市水利局", "implementing_unit": "某某市河道管理中心",
         "project_nature": "延续性", "plan_start": dt.date(2025, 1, 1), "plan_end": dt.date(2026, 12, 31),
         "total_funds": Decimal("12805000.00"), "total_fiscal": Decimal("11500000.00"), "own_funds": Decimal("805000.00"),
         "total_other": Decimal("500000.00"), "funds_unit_source": "万元",
         "overview": "某某河是本市主要行洪河道，干流长42公里，现状防洪标准不足10年一遇，2020年以来三次发生漫堤。项目治理干流及两条支流共26公里，新建护岸14公里、清淤疏浚26公里、新建排涝涵闸6座，工程完成后沿河两岸防洪标准提高到20年一遇，保护农田3.6万亩、人口5.5万人。",
         "plan_text": "2025年3月开工，2025年汛前完成清淤，2026年10月完工验收。",
         "long_term_goal": "用两年时间治理河道26公里，防洪标准提高到20年一遇。",
         "annual_goal": "2025年完成清淤疏浚15公里、新建护岸8公里。",
         "contact_person": None, "contact_phone": None},
        {"project_name": "农村饮水安全巩固提升", "competent_department": "某某市水利局", "implementing_unit": "某某市农村供水总站",
         "project_nature": "常年性", "plan_start": dt.date(2025, 1, 1), "plan_end": dt.date(2025, 12, 31),
         "total_funds": Decimal("3000000.00"), "total_fiscal": Decimal("3000000.00"), "own_funds": Decimal("0.00"),
         "total_other": None, "funds_unit_source": "万元",
         "overview": "对12处农村集中供水工程进行净化消毒设施改造。",
         "plan_text": "上半年完成设计招标，下半年完成改造并通水。",
         "long_term_goal": "农村自来水普及率稳定在95%以上。",
         "annual_goal": "完成12处供水工程改造，新增受益人口1.2万人。",
         "contact_person": None, "contact_phone": None},
    ],
    # (project, level1, level2, level3, target_raw, comparator, value, unit, long_term_raw, long_term_value)
    "indicators": [
        (1, "产出指标", "数量指标", "清淤疏浚长度", "≥15公里", ">=", 15.0, "公里", "≥26公里", 26.0),
        (1, "产出指标", "数量指标", "新建护岸长度", "≥8公里", ">=", 8.0, "公里", "≥14公里", 14.0),
        (1, "产出指标", "数量指标", "新建排涝涵闸", "≥4座", ">=", 4.0, "座", "≥6座", 6.0),
        (1, "产出指标", "质量指标", "工程验收合格率", "100%", None, 100.0, "%", "100%", 100.0),
        (1, "产出指标", "质量指标", "护岸砌石质量优良率", "≥90%", ">=", 90.0, "%", "≥90%", 90.0),
        (1, "产出指标", "时效指标", "汛前清淤完成时间", "2025年5月", None, None, None, "2026年5月", None),
        (1, "产出指标", "时效指标", "工程完工时间", "2025年12月", None, None, None, "2026年10月", None),
        (1, "成本指标", "经济成本指标", "每公里治理成本", "≤49万元", "<=", 49.0, "万元", "≤49万元", 49.0),
        (1, "效益指标", "经济效益指标", "减少洪涝损失", "≥500万元", ">=", 500.0, "万元", "≥800万元", 800.0),
        (1, "效益指标", "社会效益指标", "受益人口", "约3万人", None, 3.0, "万人", "约5.5万人", 5.5),
        (1, "效益指标", "社会效益指标", "保护农田面积", "≥2万亩", ">=", 2.0, "万亩", "≥3.6万亩", 3.6),
        (1, "效益指标", "生态效益指标", "河道水质", "稳定改善", None, None, None, "达到Ⅲ类", None),
        (1, "效益指标", "可持续影响指标", "工程设计使用年限", "≥30年", ">=", 30.0, "年", "≥30年", 30.0),
        (1, "满意度指标", "服务对象满意度指标", "沿河群众满意度", "≥90%", ">=", 90.0, "%", "≥90%", 90.0),
        (2, "产出指标", "数量指标", "改造供水工程", "=12处", "=", 12.0, "处", "≥30处", 30.0),
        (2, "产出指标", "质量指标", "水质检测合格率", "≥92%", ">=", 92.0, "%", "≥95%", 95.0),
        (2, "效益指标", "社会效益指标", "新增受益人口", "≥1.2万人", ">=", 1.2, "万人", "≥3万人", 3.0),
        (2, "效益指标", "可持续影响指标", "工程运行年限", "≥15年", ">=", 15.0, "年", "≥15年", 15.0),
        (2, "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥85%", ">=", 85.0, "%", "≥90%", 90.0),
    ],
}


# -- 4. transfer payments (区域绩效目标表) ----------------------------------------------------------
def _transfer_form(p: dict) -> list[list[tuple[str, int, int]]]:
    n = len(p["indicators"])
    rows = [
        [c("转移支付（项目）名称"), c(p["name"], 1, 4)],
        [c("中央主管部门"), c(p["central_dept"], 1, 4)],
        [c("地方主管部门"), c(p["local_dept"], 1, 4)],
        [c("资金情况（万元）", 3), c("年度金额："), c(p["funds"][0], 1, 3)],
        [c("其中：中央补助"), c(p["funds"][1], 1, 3)],
        [c("地方资金"), c(p["funds"][2], 1, 3)],
        [c("年度总体目标"), c(p["goal"], 1, 4)],
        [c("绩效指标", n + 1), c("一级指标"), c("二级指标"), c("三级指标"), c("指标值")],
    ]
    rows += _merged_levels(p["indicators"])
    return rows


_TRANSFERS = [
    {"name": "耕地地力保护补贴", "central_dept": "农业农村部", "local_dept": "某某省农业农村厅",
     "funds": ("56800", "52000", "4800"),
     "goal": "按时足额发放耕地地力保护补贴，补贴面积稳定在3900万亩以上。",
     "indicators": [
         ("产出指标", "数量指标", "补贴面积", "≥3900万亩"),
         ("产出指标", "数量指标", "补贴农户数", "≥520万户"),
         ("产出指标", "质量指标", "补贴资金足额发放率", "=100%"),
         ("产出指标", "质量指标", "补贴面积核实准确率", "≥98%"),
         ("产出指标", "时效指标", "补贴发放完成时间", "2025年6月30日前"),
         ("效益指标", "经济效益指标", "亩均补贴标准", "≥130元/亩"),
         ("效益指标", "经济效益指标", "农民种粮收益", "稳定增加"),
         ("效益指标", "社会效益指标", "粮食播种面积", "≥4500万亩"),
         ("效益指标", "生态效益指标", "秸秆综合利用率", "≥86%"),
         ("效益指标", "可持续影响指标", "耕地地力", "稳定提升"),
         ("满意度指标", "服务对象满意度指标", "种粮农民满意度", "≥90%"),
     ]},
    {"name": "农业防灾减灾和水利救灾资金", "central_dept": "水利部", "local_dept": "某某省水利厅",
     "funds": ("9600", "9600", "0"),
     "goal": "完成山洪灾害监测预警设施运行维护，及时发布预警信息。",
     "indicators": [
         ("产出指标", "数量指标", "维护监测站点", "≥1200个"),
         ("产出指标", "质量指标", "设备完好率", "≥95%"),
         ("效益指标", "社会效益指标", "因山洪灾害死亡人数", "≤5人"),
         ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥85%"),
     ]},
]

_TRANSFER_NOTE = (
    "根据《财政部关于下达2025年农业相关转移支付资金预算的通知》，现将我省2025年中央对地方转移支付"
    "区域绩效目标报送如下。各项目绩效目标按照资金管理办法确定的支出方向和任务清单设置，数量指标"
    "依据年度任务分解确定，质量和时效指标依据有关技术规范和资金拨付进度要求确定，效益指标结合近三年"
    "实际完成情况和2025年度工作重点测算，满意度指标通过第三方抽样调查方式获取。省级主管部门负责组织"
    "市县开展绩效运行监控，对偏离绩效目标的及时采取措施予以纠正，年度终了后组织开展绩效自评，"
    "自评结果作为以后年度资金分配的重要因素。各市县财政部门要会同主管部门加强资金监管，确保资金"
    "按规定用途使用，严禁截留、挤占、挪用。" * 3
)

TRANSFER = {
    "name": "transfer",
    "blocks": lambda merged: [("title", "某某省2025年中央对地方转移支付资金绩效目标"), ("para", _TRANSFER_NOTE)] + [
        b for p in _TRANSFERS for b in (
        ("title", "2025年中央对地方转移支付区域绩效目标表"),
        ("table", _transfer_form(p), 5),
    )],
    "document": {"department": "某某省农业农村厅", "fiscal_year": 2025, "doc_kind": "transfer", "template": "transfer"},
    "projects": [
        {"project_name": "耕地地力保护补贴", "competent_department": "农业农村部", "implementing_unit": "某某省农业农村厅",
         "annual_request": Decimal("568000000.00"), "central_funds": Decimal("520000000.00"),
         "local_funds": Decimal("48000000.00"), "funds_unit_source": "万元", "form_kind": "transfer",
         "annual_goal": "按时足额发放耕地地力保护补贴，补贴面积稳定在3900万亩以上。"},
        {"project_name": "农业防灾减灾和水利救灾资金", "competent_department": "水利部", "implementing_unit": "某某省水利厅",
         "annual_request": Decimal("96000000.00"), "central_funds": Decimal("96000000.00"),
         "local_funds": Decimal("0.00"), "funds_unit_source": "万元", "form_kind": "transfer",
         "annual_goal": "完成山洪灾害监测预警设施运行维护，及时发布预警信息。"},
    ],
    "indicators": [
        (1, "产出指标", "数量指标", "补贴面积", "≥3900万亩", ">=", 3900.0, "万亩"),
        (1, "产出指标", "数量指标", "补贴农户数", "≥520万户", ">=", 520.0, "万户"),
        (1, "产出指标", "质量指标", "补贴资金足额发放率", "=100%", "=", 100.0, "%"),
        (1, "产出指标", "质量指标", "补贴面积核实准确率", "≥98%", ">=", 98.0, "%"),
        (1, "产出指标", "时效指标", "补贴发放完成时间", "2025年6月30日前", "<=", None, None),
        (1, "效益指标", "经济效益指标", "亩均补贴标准", "≥130元/亩", ">=", 130.0, "元/亩"),
        (1, "效益指标", "经济效益指标", "农民种粮收益", "稳定增加", None, None, None),
        (1, "效益指标", "社会效益指标", "粮食播种面积", "≥4500万亩", ">=", 4500.0, "万亩"),
        (1, "效益指标", "生态效益指标", "秸秆综合利用率", "≥86%", ">=", 86.0, "%"),
        (1, "效益指标", "可持续影响指标", "耕地地力", "稳定提升", None, None, None),
        (1, "满意度指标", "服务对象满意度指标", "种粮农民满意度", "≥90%", ">=", 90.0, "%"),
        (2, "产出指标", "数量指标", "维护监测站点", "≥1200个", ">=", 1200.0, "个"),
        (2, "产出指标", "质量指标", "设备完好率", "≥95%", ">=", 95.0, "%"),
        (2, "效益指标", "社会效益指标", "因山洪灾害死亡人数", "≤5人", "<=", 5.0, "人"),
        (2, "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥85%", ">=", 85.0, "%"),
    ],
}


# -- 5. department-level (部门整体支出绩效目标申报表) ---------------------------------------------
_DEPT_INDICATORS = [
    ("产出指标", "数量指标", "义务教育在校生人数", "≥4.2万人"),
    ("产出指标", "数量指标", "教师培训人次", "≥3000人次"),
    ("产出指标", "数量指标", "校舍维修面积", "≥2.5万平方米"),
    ("产出指标", "数量指标", "资助学生人数", "≥5600人次"),
    ("产出指标", "数量指标", "新增普惠性学位", "≥1200个"),
    ("产出指标", "质量指标", "义务教育巩固率", "≥99%"),
    ("产出指标", "质量指标", "校舍维修验收合格率", "=100%"),
    ("产出指标", "质量指标", "教师培训合格率", "≥95%"),
    ("产出指标", "时效指标", "学生资助发放及时率", "=100%"),
    ("产出指标", "时效指标", "校舍维修完成时间", "2025年8月31日前"),
    ("成本指标", "经济成本指标", "生均公用经费标准", "≥850元/人/年"),
    ("成本指标", "经济成本指标", "校舍维修单位面积成本", "≤240元/平方米"),
    ("效益指标", "社会效益指标", "适龄儿童入学率", "=100%"),
    ("效益指标", "社会效益指标", "家庭经济困难学生资助覆盖率", "=100%"),
    ("效益指标", "社会效益指标", "学前教育普惠率", "≥90%"),
    ("效益指标", "可持续影响指标", "教育均衡发展水平", "持续提升"),
    ("效益指标", "可持续影响指标", "校园安全责任事故", "=0起"),
    ("满意度指标", "服务对象满意度指标", "学生家长满意度", "≥90%"),
    ("满意度指标", "服务对象满意度指标", "教职工满意度", "≥88%"),
    ("满意度指标", "服务对象满意度指标", "社会公众满意度", "≥85%"),
]


_DEPT_DUTIES = (
    "贯彻执行国家、省、市有关教育工作的方针、政策和法律法规，拟订全区教育事业发展规划并组织实施；"
    "统筹管理全区学前教育、义务教育、普通高中教育和职业教育；负责全区教育经费的统筹管理，"
    "参与拟订教育经费筹措、教育拨款和教育基建投资的政策；负责全区中小学校舍建设和安全管理；"
    "负责全区教师队伍建设和教师培训工作；负责家庭经济困难学生资助工作；指导全区学校德育、体育、"
    "卫生与艺术教育和国防教育工作；负责全区教育督导评估工作；承办区委、区政府交办的其他事项。"
)


def _dept_form() -> list[list[tuple[str, int, int]]]:
    n = len(_DEPT_INDICATORS)
    rows = [
        [c("部门（单位）名称"), c("某某区教育局", 1, 4)],
        [c("编制人数"), c("126"), c("实有人数"), c("118", 1, 2)],
        [c("部门职能"), c(_DEPT_DUTIES, 1, 4)],
        [c("部门预算总额（万元）"), c("8650.4"), c("其中：财政拨款"), c("8200.4", 1, 2)],
        [c("其他资金"), c("450"), c("基本支出"), c("5210.4", 1, 2)],
        [c("项目支出"), c("3440", 1, 4)],
        [c("年度主要任务", 6), c("任务名称"), c("主要内容", 1, 2), c("预算金额（万元）")],
        [c("义务教育运转保障"), c("保障全区58所中小学公用经费", 1, 2), c("2150")],
        [c("学生资助"), c("落实家庭经济困难学生资助政策", 1, 2), c("690")],
        [c("校舍维修改造"), c("完成12所学校校舍维修", 1, 2), c("600")],
        [c("教师队伍建设"), c("组织全员培训和骨干教师研修", 1, 2), c("0")],
        [c("学前教育普惠"), c("新增普惠性学位1200个，落实公办园生均补助", 1, 2), c("0")],
        [c("年度总体目标"), c("1.保障义务教育学校正常运转；2.落实学生资助政策，不让一个学生因贫失学；3.完成校舍维修改造，消除安全隐患。", 1, 4)],
        [c("年度绩效指标", n + 1), c("一级指标"), c("二级指标"), c("三级指标"), c("指标值")],
    ]
    rows += _merged_levels(_DEPT_INDICATORS)
    return rows


DEPARTMENT_OVERALL = {
    "name": "department_overall",
    "blocks": lambda merged: [
        ("title", "某某区教育局2025年部门整体支出绩效目标申报表"),
        ("table", _dept_form(), 5),
    ],
    "document": {"department": "某某区教育局", "fiscal_year": 2025, "doc_kind": "department_overall",
                 "template": "department_overall"},
    "projects": [
        {"project_name": None, "form_kind": "department_overall", "competent_department": "某某区教育局",
         "staff_authorized": 126, "staff_actual": 118, "annual_request": Decimal("86504000.00"),
         "annual_appropriation": Decimal("82004000.00"), "annual_other": Decimal("4500000.00"),
         "basic_expenditure": Decimal("52104000.00"), "project_expenditure": Decimal("34400000.00"),
         "funds_unit_source": "万元",
         "key_tasks": "任务名称 主要内容 预算金额（万元）\n义务教育运转保障 保障全区58所中小学公用经费 2150\n"
                      "学生资助 落实家庭经济困难学生资助政策 690\n校舍维修改造 完成12所学校校舍维修 600\n"
                      "教师队伍建设 组织全员培训和骨干教师研修 0\n学前教育普惠 新增普惠性学位1200个，落实公办园生均补助 0",
         "overview": _DEPT_DUTIES,
         "annual_goal": "1.保障义务教育学校正常运转；2.落实学生资助政策，不让一个学生因贫失学；3.完成校舍维修改造，消除安全隐患。"},
    ],
    "indicators": [(1, l1, l2, l3, v) for l1, l2, l3, v in _DEPT_INDICATORS],
}


# -- 6. project applications (项目申报表, 湖北/武汉 style) -----------------------------------------
def _application_form(p: dict) -> list[list[tuple[str, int, int]]]:
    n = len(p["indicators"])
    rows = [
        [c("项目代码"), c(p["code"]), c("项目名称"), c(p["name"], 1, 2)],
        [c("申报单位"), c(p["unit"]), c("主管部门"), c("某某市财政局", 1, 2)],
        [c("项目类型"), c(p["type"]), c("项目期限"), c(p["period"], 1, 2)],
        [c("联系人"), c("李某"), c("联系电话"), c("027-85551234", 1, 2)],
        [c("申请金额（万元）"), c(p["amount"], 1, 4)],
        [c("申请理由"), c(p["reason"], 1, 4)],
        [c("主要内容"), c(p["content"], 1, 4)],
        [c("资金来源", len(p["sources"]) + 1), c("来源"), c("金额（万元）", 1, 3)],
        *[[c(a), c(b, 1, 3)] for a, b in p["sources"]],
        [c("支出明细", len(p["spending"]) + 1), c("支出内容"), c("金额（万元）", 1, 3)],
        *[[c(a), c(b, 1, 3)] for a, b in p["spending"]],
        [c("年度绩效目标"), c(p["goal"], 1, 4)],
        [c("绩效指标", n + 1), c("一级指标"), c("二级指标"), c("指标内容"), c("指标值")],
    ]
    rows += _merged_levels(p["indicators"])
    return rows


_APPLICATION_REASON = (
    "财政业务一体化系统于2023年上线，覆盖预算编制、指标管理、国库支付、会计核算、决算报表等业务，"
    "全市320余家预算单位、5000余名财务人员日常使用。系统由6个子系统组成，涉及服务器48台、数据库"
    "12套，需要专业团队7×24小时运行维护。按照网络安全等级保护有关规定，核心业务系统每年须开展等级"
    "保护测评。为保障预算编制和资金支付业务连续稳定运行，防范网络安全风险，特申请本项目经费。"
)

_APPLICATION_CONTENT = (
    "一是系统运行维护：对预算编制、指标管理、国库支付、会计核算、决算报表、数据中心6个子系统提供"
    "7×24小时运维，包括日常巡检、故障处理、版本升级和性能优化；二是网络安全等级保护测评：委托具备"
    "资质的测评机构对2个三级系统开展等级保护测评并完成问题整改；三是数据备份：每日增量备份、每周全量"
    "备份，扩容备份存储200TB，每季度开展一次恢复演练；四是用户服务：设立服务热线，为预算单位提供"
    "操作培训和咨询服务。"
)

_APPLICATIONS = [
    {"code": "420100-25-0031", "name": "智慧财政平台运维", "unit": "某某市财政信息中心", "type": "□常年性 √一次性",
     "period": "2025年1月-12月", "amount": "186.4",
     "reason": _APPLICATION_REASON,
     "content": _APPLICATION_CONTENT,
     "sources": [("财政拨款", "176.4"), ("单位自有资金", "10")],
     "spending": [("运维服务费", "150"), ("等保测评费", "24.4"), ("备份存储扩容", "12")],
     "goal": "全年系统可用率不低于99.5%，完成三级等保测评。",
     "indicators": [
         ("产出指标", "数量指标", "运维服务系统数", "=6个"),
         ("产出指标", "数量指标", "数据备份次数", "≥365次"),
         ("产出指标", "数量指标", "等保测评系统数", "=2个"),
         ("产出指标", "质量指标", "系统可用率", "≥99.5%"),
         ("产出指标", "质量指标", "重大网络安全事件", "=0起"),
         ("产出指标", "质量指标", "数据备份恢复成功率", "=100%"),
         ("产出指标", "时效指标", "故障响应时间", "≤2小时"),
         ("产出指标", "时效指标", "等保测评完成时间", "2025年10月31日前"),
         ("成本指标", "经济成本指标", "运维服务费", "≤150万元"),
         ("效益指标", "社会效益指标", "财政业务办理效率", "明显提高"),
         ("效益指标", "社会效益指标", "预算单位网上办理率", "=100%"),
         ("效益指标", "可持续影响指标", "系统持续稳定运行", "长期"),
         ("满意度指标", "服务对象满意度指标", "预算单位满意度", "≥90%"),
         ("满意度指标", "服务对象满意度指标", "财务人员满意度", "≥85%"),
     ]},
    {"code": "420100-25-0045", "name": "政府采购评审专家培训", "unit": "某某市政府采购中心", "type": "√常年性 □一次性",
     "period": "2025年3月-11月", "amount": "32",
     "reason": "评审专家库扩容，新入库专家须经培训考核。",
     "content": "组织专家培训4期，开展线上考核。",
     "sources": [("财政拨款", "32")],
     "spending": [("培训费", "26"), ("考核系统服务费", "6")],
     "goal": "培训评审专家800人次，考核通过率90%以上。",
     "indicators": [
         ("产出指标", "数量指标", "培训人次", "≥800人次"),
         ("产出指标", "质量指标", "考核通过率", "≥90%"),
         ("效益指标", "社会效益指标", "评审质量", "有效提升"),
         ("满意度指标", "服务对象满意度指标", "参训专家满意度", "≥85%"),
     ]},
]

APPLICATION = {
    "name": "application",
    "blocks": lambda merged: [b for p in _APPLICATIONS for b in (
        ("title", "某某市财政局2025年度项目申报表"),
        ("table", _application_form(p), 5),
    )],
    "document": {"department": "某某市财政局", "fiscal_year": 2025, "doc_kind": "project_declaration",
                 "template": "application"},
    "projects": [
        {"project_name": "智慧财政平台运维", "project_code": "420100-25-0031", "implementing_unit": "某某市财政信息中心",
         "competent_department": "某某市财政局", "project_category": "一次性",
         "plan_start": dt.date(2025, 1, 1), "plan_end": dt.date(2025, 12, 31),
         "total_funds": Decimal("1864000.00"), "funds_unit_source": "万元",
         "basis": _APPLICATION_REASON,
         "implementation_plan": _APPLICATION_CONTENT,
         "funds_sources": "来源 金额（万元）\n财政拨款 176.4\n单位自有资金 10",
         "spending_detail": "支出内容 金额（万元）\n运维服务费 150\n等保测评费 24.4\n备份存储扩容 12",
         "annual_goal": "全年系统可用率不低于99.5%，完成三级等保测评。", "contact_person": None},
        {"project_name": "政府采购评审专家培训", "project_code": "420100-25-0045", "implementing_unit": "某某市政府采购中心",
         "competent_department": "某某市财政局", "project_category": "常年性",
         "plan_start": dt.date(2025, 3, 1), "plan_end": dt.date(2025, 11, 30),
         "total_funds": Decimal("320000.00"), "funds_unit_source": "万元",
         "basis": "评审专家库扩容，新入库专家须经培训考核。",
         "implementation_plan": "组织专家培训4期，开展线上考核。",
         "funds_sources": "来源 金额（万元）\n财政拨款 32",
         "spending_detail": "支出内容 金额（万元）\n培训费 26\n考核系统服务费 6",
         "annual_goal": "培训评审专家800人次，考核通过率90%以上。", "contact_person": None},
    ],
    "indicators": [(k + 1, l1, l2, l3, v) for k, p in enumerate(_APPLICATIONS) for l1, l2, l3, v in p["indicators"]],
}

LAYOUTS = [LIST_TABLE, LABEL_VALUE_WAN, TRANSFER, DEPARTMENT_OVERALL, APPLICATION]
RENDERINGS = ("txt", "docx", "xlsx", "pdf")


# -- 7. self-evaluation, standard (项目支出绩效自评表) of the list-table projects ------------------------
_EVAL_PROJECTS = [
    {"name": "高标准农田建设管护", "funds": ("236.50", "236.50", "224.68", "10", "95.00%", "9.5"),
     "expected": "完成3.2万亩高标准农田管护，灌溉设施完好率达到95%以上。",
     "achieved": ("全年完成3.3万亩高标准农田管护任务，覆盖全县9个乡镇68个行政村；维修灌溉渠道16.5公里，"
                  "清理沟渠淤积1.2万立方米，修复机耕道8.6公里、泵站12座；灌溉设施完好率达到96%，亩均管护成本"
                  "71.2元；粮食亩均增产52公斤。部分渠段因汛期推迟施工，维修任务未全部完成，已列入下年计划。"
                  "项目资金执行率95%，结余资金按规定收回统筹使用。"),
     "indicators": [
         ("产出指标", "数量指标", "管护面积", "≥3.2万亩", "3.3万亩", "15", "15", ""),
         ("产出指标", "数量指标", "维修灌溉渠道", "≥18公里", "16.5公里", "10", "8", "部分渠段因汛期推迟施工，已列入下年计划"),
         ("产出指标", "质量指标", "灌溉设施完好率", "≥95%", "96%", "10", "10", ""),
         ("产出指标", "时效指标", "管护任务完成时间", "≤2025年11月", "2025年10月", "10", "10", ""),
         ("成本指标", "经济成本指标", "亩均管护成本", "≤73.9元/亩", "71.2元/亩", "10", "10", ""),
         ("效益指标", "经济效益指标", "粮食亩均增产", "≥50公斤", "52公斤", "10", "10", ""),
         ("效益指标", "可持续影响指标", "农田设施使用年限", "长期", "长期", "10", "10", ""),
         ("满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "93%", "15", "15", ""),
     ], "total": ("100", "97.5")},
    {"name": "农村人居环境整治", "funds": ("88", "88", "85.36", "10", "97.00%", "9.7"),
     "expected": "完成12个行政村生活垃圾收运体系建设，农户厕所改造600户。",
     "achieved": "12个行政村生活垃圾收运体系建成运行，完成户厕改造580户。",
     "indicators": [
         ("产出指标", "数量指标", "覆盖行政村数", "＝12个", "12个", "15", "15", ""),
         ("产出指标", "数量指标", "改造户厕数", "≥600户", "580户", "15", "12", "部分农户外出务工未能改造"),
         ("产出指标", "质量指标", "改厕验收合格率", "＝100%", "98%", "15", "13", "2户返工整改"),
         ("效益指标", "社会效益指标", "村容村貌", "明显改善", "明显改善", "15", "15", ""),
         ("效益指标", "生态效益指标", "生活垃圾无害化处理率", "≥90%", "92%", "15", "15", ""),
         ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "88%", "15", "15", ""),
     ], "total": ("100", "94.7")},
    {"name": "动物疫病防控", "funds": ("45.8", "50.8", "48.26", "10", "95.00%", "9.5"),
     "expected": "完成春秋两季重大动物疫病强制免疫，免疫密度保持在90%以上。",
     "achieved": "完成春秋两季强制免疫，春防因疫苗到货延迟于6月完成。",
     "indicators": [
         ("产出指标", "数量指标", "免疫畜禽数量", "≥52万头（只）", "53.6万头（只）", "20", "20", ""),
         ("产出指标", "质量指标", "免疫抗体合格率", "≥70%", "85%", "20", "20", ""),
         ("产出指标", "时效指标", "春防完成时间", "≤2025年5月", "2025年6月", "10", "6", "疫苗到货延迟"),
         ("效益指标", "社会效益指标", "重大动物疫情发生数", "＝0起", "0起", "20", "20", ""),
         ("满意度指标", "服务对象满意度指标", "养殖户满意度", "≥85%", "未开展调查", "20", "0", "年内未开展满意度调查"),
     ], "total": ("100", "75.5")},
]


def _evaluation_form(p: dict) -> list[list[tuple[str, int, int]]]:
    n = len(p["indicators"])
    a, b, e, smax, rate, score = p["funds"]
    rows = [
        [c("项目名称"), c(p["name"], 1, 8)],
        [c("主管部门"), c(_LIST_UNIT, 1, 3), c("实施单位"), c(_LIST_UNIT, 1, 4)],
        [c("项目资金（万元）", 5), c("", 1, 2), c("年初预算数"), c("全年预算数"), c("全年执行数"), c("分值"), c("执行率"),
         c("得分")],
        [c("年度资金总额", 1, 2), c(a), c(b), c(e), c(smax), c(rate), c(score)],
        [c("其中：当年财政拨款", 1, 2), c(a), c(b), c(e), c("—"), c("—"), c("—")],
        [c("上年结转资金", 1, 2), c(""), c(""), c(""), c("—"), c("—"), c("—")],
        [c("其他资金", 1, 2), c(""), c(""), c(""), c("—"), c("—"), c("—")],
        [c("年度总体目标", 2), c("预期目标", 1, 4), c("实际完成情况", 1, 4)],
        [c(p["expected"], 1, 4), c(p["achieved"], 1, 4)],
        [c("绩效指标", n + 1), c("一级指标"), c("二级指标"), c("三级指标"), c("年度指标值"), c("实际完成值"), c("分值"),
         c("得分"), c("偏差原因分析及改进措施")],
    ]
    rows += _merged_levels(p["indicators"])
    rows.append([c("总分", 1, 6), c(p["total"][0]), c(p["total"][1]), c("")])
    return rows


# (project, level1, level2, level3, target_raw, actual_raw, score_max, score, target_met)
_EVAL_EXPECTED_INDICATORS = [
    (k + 1, l1, l2, l3, target, actual, float(smax), float(score), met)
    for k, p in enumerate(_EVAL_PROJECTS)
    for (l1, l2, l3, target, actual, smax, score, _), met in zip(p["indicators"], {
        0: [True, False, True, True, True, True, True, True],
        1: [True, False, False, True, True, False],
        2: [True, True, False, True, False],
    }[k])
]

SELF_EVALUATION = {
    "name": "self_evaluation",
    "blocks": lambda merged: [("title", "某某县农业农村局2025年度项目支出绩效自评表")] + [
        b for p in _EVAL_PROJECTS for b in (("title", "项目支出绩效自评表"), ("table", _evaluation_form(p), 9))],
    "document": {"department": "某某县农业农村局", "fiscal_year": 2025, "doc_kind": "self_evaluation",
                 "template": "self_evaluation"},
    "projects": [
        {"project_name": "高标准农田建设管护", "form_kind": "self_evaluation", "competent_department": _LIST_UNIT,
         "annual_budget_initial": Decimal("2365000.00"), "annual_budget_full": Decimal("2365000.00"),
         "executed": Decimal("2246800.00"), "execution_rate": 95.0, "funds_score_max": 10.0, "funds_score": 9.5,
         "goal_expected": _EVAL_PROJECTS[0]["expected"], "goal_achieved": _EVAL_PROJECTS[0]["achieved"],
         "total_score": 97.5},
        {"project_name": "农村人居环境整治", "form_kind": "self_evaluation",
         "annual_budget_initial": Decimal("880000.00"), "annual_budget_full": Decimal("880000.00"),
         "executed": Decimal("853600.00"), "execution_rate": 97.0, "funds_score_max": 10.0, "funds_score": 9.7,
         "goal_expected": _EVAL_PROJECTS[1]["expected"], "goal_achieved": _EVAL_PROJECTS[1]["achieved"],
         "total_score": 94.7},
        {"project_name": "动物疫病防控", "form_kind": "self_evaluation",
         "annual_budget_initial": Decimal("458000.00"), "annual_budget_full": Decimal("508000.00"),
         "executed": Decimal("482600.00"), "execution_rate": 95.0, "funds_score_max": 10.0, "funds_score": 9.5,
         "goal_expected": _EVAL_PROJECTS[2]["expected"], "goal_achieved": _EVAL_PROJECTS[2]["achieved"],
         "total_score": 75.5},
    ],
    "indicators": _EVAL_EXPECTED_INDICATORS,
    "declaration": "list_table",
}


# -- 8. self-evaluation with weights, a 指标类型 column and three-cell targets, of the 万元 projects ----------
_WEIGHTED = [
    {"name": "中小河流治理工程", "unit": "某某市河道管理中心", "funds": ("1280.5", "1152.45", "90.00%"),
     "expected": "2025年完成清淤疏浚15公里、新建护岸8公里。",
     "achieved": "完成清淤疏浚15.6公里、新建护岸7.2公里，工程完工推迟至2026年3月。",
     "indicators": [
         ("产出指标", "清淤疏浚长度", "≥", "15", "公里", "15.6", "10", True),
         ("产出指标", "新建护岸长度", "≥", "8", "公里", "7.2", "10", False),
         ("产出指标", "新建排涝涵闸", "≥", "4", "座", "4", "5", True),
         ("产出指标", "工程验收合格率", "＝", "100", "%", "100", "5", True),
         ("产出指标", "护岸砌石质量优良率", "≥", "90", "%", "92", "5", True),
         ("产出指标", "汛前清淤完成时间", "无", "2025年5月", "无", "2025年5月", "5", True),
         ("产出指标", "工程完工时间", "无", "2025年12月", "无", "2026年3月", "5", False),
         ("成本指标", "每公里治理成本", "≤", "49", "万元", "46.8", "10", True),
         ("效益指标", "减少洪涝损失", "≥", "500", "万元", "620", "10", True),
         ("效益指标", "受益人口", "无", "3", "万人", "3.1", "10", True),
         ("效益指标", "保护农田面积", "≥", "2", "万亩", "2.1", "5", True),
         ("效益指标", "河道水质", "无", "稳定改善", "无", "稳定改善", "5", True),
         ("效益指标", "工程设计使用年限", "≥", "30", "年", "30", "5", True),
         ("满意度指标", "沿河群众满意度", "≥", "90", "%", "91", "10", True),
     ]},
    {"name": "农村饮水安全巩固提升", "unit": "某某市农村供水总站", "funds": ("300", "296.4", "98.80%"),
     "expected": "完成12处供水工程改造，新增受益人口1.2万人。",
     "achieved": "完成12处供水工程改造，新增受益人口1.35万人，水质检测合格率90.5%。",
     "indicators": [
         ("产出指标", "改造供水工程", "＝", "12", "处", "12", "20", True),
         ("产出指标", "水质检测合格率", "≥", "92", "%", "90.5", "20", False),
         ("效益指标", "新增受益人口", "≥", "1.2", "万人", "1.35", "20", True),
         ("效益指标", "工程运行年限", "≥", "15", "年", "15", "20", True),
         ("满意度指标", "受益群众满意度", "≥", "85", "%", "87", "20", True),
     ]},
]


def _weighted_form(p: dict) -> list[list[tuple[str, int, int]]]:
    a, b, rate = p["funds"]
    rows = [
        [c("项目名称"), c(p["name"], 1, 7)],
        [c("主管部门"), c("某某市水利局", 1, 3), c("实施单位"), c(p["unit"], 1, 3)],
        [c("联系人"), c("王某某", 1, 3), c("联系电话"), c("0731-84561234", 1, 3)],
        [c("资金情况（万元）", 2), c("全年预算数（A）", 1, 2), c("全年执行数（B）", 1, 2), c("执行率（B/A）", 1, 3)],
        [c(a, 1, 2), c(b, 1, 2), c(rate, 1, 3)],
        [c("年度目标"), c(p["expected"], 1, 7)],
        [c("实际完成情况"), c(p["achieved"], 1, 7)],
        [c("指标类型"), c("指标名称"), c("符号"), c("指标值"), c("计量单位"), c("实际完成值"), c("指标权重"), c("评价标准")],
    ]
    for kind, name, cmp_, value, unit, actual, weight, _ in p["indicators"]:
        rows.append([c(kind), c(name), c(cmp_), c(value), c(unit), c(actual), c(weight), c("完成得满分，未完成按比例扣分")])
    return rows


def _composed(cmp_: str, value: str, unit: str) -> str:
    return (cmp_ if cmp_ != "无" else "") + value + (unit if unit != "无" and value[-1].isdigit() else "")


SELF_EVALUATION_WEIGHTED = {
    "name": "self_evaluation_weighted",
    "blocks": lambda merged: [("title", "某某市水利局2025年度项目绩效自评表")] + [
        b for p in _WEIGHTED for b in (("title", "项目绩效自评表"), ("table", _weighted_form(p), 8))],
    "document": {"department": "某某市水利局", "fiscal_year": 2025, "doc_kind": "self_evaluation",
                 "template": "self_evaluation_weighted"},
    "projects": [
        {"project_name": "中小河流治理工程", "implementing_unit": "某某市河道管理中心", "annual_budget_full": Decimal("12805000.00"),
         "executed": Decimal("11524500.00"), "execution_rate": 90.0, "goal_expected": _WEIGHTED[0]["expected"],
         "goal_achieved": _WEIGHTED[0]["achieved"], "contact_person": None, "contact_phone": None},
        {"project_name": "农村饮水安全巩固提升", "implementing_unit": "某某市农村供水总站", "annual_budget_full": Decimal("3000000.00"),
         "executed": Decimal("2964000.00"), "execution_rate": 98.8, "goal_expected": _WEIGHTED[1]["expected"],
         "goal_achieved": _WEIGHTED[1]["achieved"], "contact_person": None, "contact_phone": None},
    ],
    # (project, level1, level2, level3, target_raw, actual_raw, score_max, score, target_met)
    "indicators": [
        (k + 1, kind, None, name, _composed(cmp_, value, unit), _composed("无", actual, unit), float(weight), None, met)
        for k, p in enumerate(_WEIGHTED) for kind, name, cmp_, value, unit, actual, weight, met in p["indicators"]
    ],
    "declaration": "label_value_wan",
}

LAYOUTS += [SELF_EVALUATION, SELF_EVALUATION_WEIGHTED]
