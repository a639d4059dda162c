"""The output contract: every table, column, type and Chinese label, in one place.

docs/schema.md is the data dictionary for users; tests check that it lists every column here.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

MONEY = pa.decimal128(18, 2)
# several targets written in one 指标值 cell (`≥98%；≥95%`), each read like the row's own columns
TARGET_PARTS = pa.list_(pa.struct([
    pa.field("text", pa.string()), pa.field("comparator", pa.string()), pa.field("value", pa.float64()),
    pa.field("value_max", pa.float64()), pa.field("unit", pa.string()), pa.field("value_std", pa.float64()),
    pa.field("unit_std", pa.string()), pa.field("period", pa.string()), pa.field("date", pa.date32()),
]))
MONEY_LIMIT = 10 ** 16  # decimal(18,2) holds amounts below 10¹⁶ 元 in absolute value
PARSER_VERSION = "0.4.0"  # a new version reads every document again (new columns, new layouts); see pipeline.process.parser_version


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    label: str  # Chinese label, as a reviewer would call it


def _schema(columns: list[Column]) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.type) for c in columns])


DOCUMENT_COLUMNS = [
    Column("doc_id", pa.string(), "文件标识（文件内容SHA-256）"),
    Column("source_key", pa.string(), "源文件键（按路径，行的唯一键之一）"),
    Column("source_path", pa.string(), "源文件路径"),
    Column("source_format", pa.string(), "文件格式"),
    Column("page_count", pa.int32(), "页数"),
    Column("title", pa.string(), "文件标题"),
    Column("department", pa.string(), "部门"),
    Column("fiscal_year", pa.int32(), "预算年度"),
    Column("declared_project_count", pa.int32(), "申报项目数（绩效目标设置情况）"),
    Column("declared_total_yuan", MONEY, "申报项目预算资金（元）"),
    Column("doc_kind", pa.string(), "文件类别（项目申报/部门整体/转移支付）"),
    Column("content_key", pa.string(), "内容指纹（部门、年度、项目名称与金额）"),
    Column("duplicate_of", pa.string(), "重复：与之内容相同的第一个文件的 source_key"),
    Column("template", pa.string(), "版式（vocabulary/layouts 中的说明文件）"),
    Column("project_count", pa.int32(), "识别出的项目数"),
    Column("indicator_count", pa.int32(), "识别出的指标数"),
    Column("status", pa.string(), "处理状态"),
    Column("error", pa.string(), "原因"),
    Column("parser_version", pa.string(), "解析程序版本"),
    Column("ingested_at", pa.timestamp("us", tz="UTC"), "处理时间"),
]

PROJECT_COLUMNS = [
    Column("doc_id", pa.string(), "文件标识"),
    Column("source_key", pa.string(), "源文件键（按路径，行的唯一键之一）"),
    Column("fiscal_year", pa.int32(), "预算年度"),
    Column("project_no", pa.int32(), "项目序号"),
    Column("project_name", pa.string(), "项目名称"),
    Column("department", pa.string(), "部门（文件）"),
    Column("project_key", pa.string(), "项目名称键（申报与自评关联用）"),
    Column("narrative_title", pa.string(), "经费情况说明所载项目名称"),
    Column("form_kind", pa.string(), "表的类别（项目申报/部门整体/转移支付）"),
    Column("template", pa.string(), "版式"),
    Column("project_code", pa.string(), "项目代码"),
    Column("project_nature", pa.string(), "项目性质"),
    Column("project_category", pa.string(), "项目类别"),
    Column("competent_department", pa.string(), "主管部门"),
    Column("implementing_unit", pa.string(), "实施单位"),
    Column("plan_start", pa.date32(), "计划开始日期"),
    Column("plan_end", pa.date32(), "计划完成日期"),
    Column("total_funds", MONEY, "项目资金总额（元）"),
    Column("total_fiscal", MONEY, "其中：财政资金（元）"),
    Column("total_other", MONEY, "其他资金（元）"),
    Column("annual_request", MONEY, "年度资金申请总额（元）"),
    Column("annual_appropriation", MONEY, "其中：当年财政拨款（元）"),
    Column("annual_carryover", MONEY, "上年结转资金（元）"),
    Column("annual_other", MONEY, "其他资金（年度，元）"),
    Column("own_funds", MONEY, "自有资金（元）"),
    Column("central_funds", MONEY, "中央（上级）补助（元）"),
    Column("local_funds", MONEY, "地方资金（元）"),
    Column("basic_expenditure", MONEY, "基本支出（元）"),
    Column("project_expenditure", MONEY, "项目支出（元）"),
    Column("funds_unit_source", pa.string(), "表上资金单位（元/万元）"),
    Column("staff_authorized", pa.int32(), "编制人数"),
    Column("staff_actual", pa.int32(), "实有人数"),
    Column("long_term_goal", pa.string(), "长期（中期）目标"),
    Column("overall_goal", pa.string(), "项目总目标"),
    Column("annual_goal", pa.string(), "年度总体目标"),
    Column("overview", pa.string(), "一、项目概述"),
    Column("basis", pa.string(), "二、立项依据"),
    Column("implementer", pa.string(), "三、实施主体"),
    Column("implementation_plan", pa.string(), "四、实施方案"),
    Column("implementation_period", pa.string(), "五、实施周期"),
    Column("budget_arrangement", pa.string(), "六、年度预算安排"),
    Column("performance_goal_note", pa.string(), "七、绩效目标"),
    Column("plan_text", pa.string(), "项目实施进度计划"),
    Column("key_tasks", pa.string(), "年度主要任务（每行一项）"),
    Column("funds_sources", pa.string(), "资金来源明细（每行一项）"),
    Column("spending_detail", pa.string(), "支出明细（每行一项）"),
    Column("weight_total_stated", pa.float64(), "表上权重合计"),
    Column("annual_budget_initial", MONEY, "年初预算数（元，自评）"),
    Column("annual_budget_full", MONEY, "全年预算数（元，自评）"),
    Column("executed", MONEY, "全年执行数（元，自评）"),
    Column("execution_rate", pa.float64(), "执行率（%，自评）"),
    Column("funds_score_max", pa.float64(), "资金执行分值（自评）"),
    Column("funds_score", pa.float64(), "资金执行得分（自评）"),
    Column("goal_expected", pa.string(), "预期目标（自评）"),
    Column("goal_achieved", pa.string(), "实际完成情况（自评）"),
    Column("total_score", pa.float64(), "总分（自评）"),
    Column("contact_person", pa.string(), "项目负责人/联系人（仅 --keep-personal）"),
    Column("contact_phone", pa.string(), "联系电话（仅 --keep-personal）"),
    Column("ocr_confidence", pa.float64(), "OCR识别置信度（最低值）"),
]

INDICATOR_COLUMNS = [
    Column("doc_id", pa.string(), "文件标识"),
    Column("source_key", pa.string(), "源文件键（按路径，行的唯一键之一）"),
    Column("fiscal_year", pa.int32(), "预算年度"),
    Column("project_no", pa.int32(), "项目序号"),
    Column("seq", pa.int32(), "指标序号（项目内）"),
    Column("department", pa.string(), "部门（文件）"),
    Column("form_kind", pa.string(), "表的类别"),
    Column("project_key", pa.string(), "项目名称键"),
    Column("indicator_key", pa.string(), "三级指标键（项目内唯一）"),
    Column("level1", pa.string(), "一级指标"),
    Column("level2", pa.string(), "二级指标"),
    Column("level3", pa.string(), "三级指标"),
    Column("target_raw", pa.string(), "指标值（原文）"),
    Column("comparator", pa.string(), "比较符"),
    Column("value", pa.float64(), "数值"),
    Column("unit", pa.string(), "单位（原文）"),
    Column("value_std", pa.float64(), "数值（基本单位）"),
    Column("unit_std", pa.string(), "基本单位"),
    Column("target_kind", pa.string(), "指标值类型"),
    Column("target_text", pa.string(), "定性指标值"),
    Column("target_date", pa.date32(), "时限"),
    Column("value_max", pa.float64(), "数值上限（区间）"),
    Column("target_period", pa.string(), "周期（每…）"),
    Column("target_parts", TARGET_PARTS, "多个指标值（逐个）"),
    Column("indicator_nature", pa.string(), "指标性质（定量/定性）"),
    Column("weight", pa.float64(), "权重（分值）"),
    Column("direction", pa.string(), "指标方向性（正向/反向）"),
    Column("long_term_target_raw", pa.string(), "长期指标值（原文）"),
    Column("long_term_comparator", pa.string(), "长期指标值比较符"),
    Column("long_term_value", pa.float64(), "长期指标值数值"),
    Column("long_term_unit", pa.string(), "长期指标值单位"),
    Column("actual_raw", pa.string(), "实际完成值（原文，自评）"),
    Column("actual_value", pa.float64(), "实际完成值数值"),
    Column("actual_unit", pa.string(), "实际完成值单位"),
    Column("actual_kind", pa.string(), "实际完成值类型"),
    Column("actual_date", pa.date32(), "实际完成日期"),
    Column("actual_text", pa.string(), "定性实际完成值"),
    Column("score_max", pa.float64(), "分值（自评）"),
    Column("score", pa.float64(), "得分（自评）"),
    Column("deviation_reason", pa.string(), "偏差原因分析及改进措施"),
    Column("target_met", pa.bool_(), "是否达到指标值"),
    Column("page", pa.int32(), "所在页码"),
    Column("ocr_confidence", pa.float64(), "OCR识别置信度（最低值）"),
]

CHECK_COLUMNS = [
    Column("doc_id", pa.string(), "文件标识"),
    Column("source_key", pa.string(), "源文件键（按路径，行的唯一键之一）"),
    Column("fiscal_year", pa.int32(), "预算年度"),
    Column("project_no", pa.int32(), "项目序号（文件层面的问题为空）"),
    Column("check", pa.string(), "检查项代码"),
    Column("severity", pa.string(), "严重程度"),
    Column("message", pa.string(), "问题说明"),
    Column("expected", pa.string(), "应为"),
    Column("actual", pa.string(), "实为"),
]

TABLES: dict[str, list[Column]] = {
    "documents": DOCUMENT_COLUMNS,
    "projects": PROJECT_COLUMNS,
    "indicators": INDICATOR_COLUMNS,
    "checks": CHECK_COLUMNS,
}
SCHEMAS: dict[str, pa.Schema] = {name: _schema(cols) for name, cols in TABLES.items()}



def project_fields() -> frozenset[str]:
    """The projects table's columns: the names the vocabulary's labels may fill
    (`vocabulary.load(folder, fields=project_fields())` refuses any other)."""
    return frozenset(c.name for c in PROJECT_COLUMNS)
