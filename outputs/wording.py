"""What a budget reviewer reads, in Chinese, in one place: statuses, severities, kinds, formats,
the meaning of every finding code, and the reasons a file was not read (or read only in part).

The pipeline keeps `documents.error` in English for scripts (and its wording is tested where it
arises); the report renders it here.  `reasons(error)` finds every message the pipeline writes
(tests/test_wording.py reads the pipeline's source and checks that each message it can write has
a rendering below) and gives each as (group, Chinese sentence): the group is what the report
lists files under, the sentence says what is wrong with this file in the form's own words.
"""
from __future__ import annotations

import re
from functools import lru_cache

STATUS = {
    "ok": "已读取",
    "partial": "部分读取",
    "failed": "未能读取",
    "no_declaration": "无申报内容",
}
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
KIND = {  # documents.doc_kind, projects.form_kind
    "project_declaration": "项目申报",
    "department_overall": "部门整体",
    "transfer": "转移支付",
    "self_evaluation": "绩效自评",
}
TARGET_KIND = {  # indicators.target_kind
    "numeric": "数值",
    "date": "日期",
    "qualitative": "定性",
    "multiple": "多个指标值",
    "not_applicable": "不适用",
}
COMPARATOR = {">=": "≥", "<=": "≤", "=": "＝", ">": "＞", "<": "＜", "!=": "≠", "between": "区间"}
FORMAT = {  # documents.source_format: format names stay as users know them
    "pdf": "PDF", "docx": "Word", "doc": "Word", "wps": "WPS", "xlsx": "Excel", "xls": "Excel",
    "et": "WPS 表格", "image": "扫描图片", "text": "文本", "markdown": "文本", "zip": "压缩包", "empty": "空文件",
}

# Every finding code of checks/rules.py: a short name and what it means to a reviewer
# (docs/checks.md says the same for analysts; tests/test_wording.py checks both list every code).
RULES: dict[str, tuple[str, str]] = {
    "FUNDS_TOTAL_SPLIT": ("项目资金总额不等于各来源之和",
                          "项目资金总额应等于其中财政资金、自有资金与其他资金之和（空格按0计）。"),
    "FUNDS_TRANSFER_SPLIT": ("转移支付年度金额不等于各来源之和",
                             "转移支付的年度金额应等于中央补助、地方资金与其他资金之和。"),
    "FUNDS_EXPENDITURE_SPLIT": ("预算总额不等于基本支出与项目支出之和",
                                "部门整体支出的预算总额应等于基本支出与项目支出之和。"),
    "WEIGHTS_TOTAL": ("指标权重合计不符", "各指标的权重（分值）合计应为100，或等于表上合计行、表头所写的总分。"),
    "LIST_VALUES_DIFFER": ("清单中同一项目的数值前后不一",
                           "清单式表格逐行重复项目的栏目，重复的预算数、年度目标或单位名称不一致。"),
    "FUNDS_ANNUAL_SPLIT": ("年度资金申请总额不等于各来源之和",
                           "年度资金申请总额应等于当年财政拨款、上年结转资金与其他资金之和（空格按0计）。"),
    "FUNDS_ANNUAL_EXCEEDS_TOTAL": ("年度资金申请超过项目资金总额", "当年申请的资金不应超过项目资金总额。"),
    "BUDGET_TEXT_MISMATCH": ("年度预算安排所写金额与申报表不符",
                             "经费情况说明“六、年度预算安排”写明的金额（合计或各项之和）与申报表的年度资金申请总额不一致。"),
    "BUDGET_TEXT_NO_AMOUNT": ("年度预算安排未写金额", "经费情况说明“六、年度预算安排”没有写明金额，无法与申报表核对。"),
    "DECLARED_COUNT": ("项目数与绩效目标设置情况不符",
                       "识别出的项目数与“绩效目标设置情况”所述“编报绩效目标的项目×个”不一致（部门预算只公开部分项目，少于所述为提示）。"),
    "DECLARED_TOTAL": ("项目资金合计与绩效目标设置情况不符",
                       "各项目年度资金申请总额之和与“绩效目标设置情况”所述“涉及项目预算资金”相差100元以上。"),
    "DECLARED_UNREAD": ("绩效目标设置情况的项目数或金额未能识别",
                        "“绩效目标设置情况”提到申报的项目，但项目数或金额未能识别（如以文字书写），无法核对。"),
    "PLAN_DATES_ORDER": ("计划开始日期晚于完成日期", "计划开始日期应早于计划完成日期。"),
    "PLAN_OUTSIDE_YEAR": ("计划期间不在预算年度内", "计划开始至完成的期间与预算年度没有交集。"),
    "PERIOD_OUTSIDE_YEAR": ("实施周期不在预算年度内", "经费情况说明“五、实施周期”所写日期与预算年度没有交集。"),
    "AMOUNT_OUT_OF_RANGE": ("金额超出可能范围", "金额大得不可能或无法读作金额（疑似录入错误），已置空。"),
    "LEVEL1_UNKNOWN": ("一级指标不规范", "一级指标不是成本指标、产出指标、效益指标、满意度指标之一。"),
    "LEVEL1_MISSING": ("缺少一级指标", "指标行没有一级指标，也无法从二级指标推知。"),
    "LEVEL2_WRONG_PARENT": ("二级指标与一级指标不对应", "二级指标不属于其所在的一级指标。"),
    "LEVEL3_IS_LABEL": ("三级指标只是分类名称", "三级指标只写了分类名称（如“数量指标”），不是具体指标。"),
    "INDICATORS_INCOMPLETE": ("指标类别不全", "项目缺少产出、效益或满意度指标（按2021年起的指标体系还应有成本指标）。"),
    "FORM_WITHOUT_INDICATORS": ("申报表没有绩效指标", "项目有申报表（表头或资金栏目），但没有指标行：表格可能缺页或未能识别。"),
    "SECTIONS_MISSING": ("经费情况说明缺少章节", "项目经费情况说明缺少“一、项目概述”至“七、绩效目标”中的部分章节。"),
    "TARGET_EMPTY": ("指标值为空", "表格各栏都已读出，但该指标没有填写指标值。"),
    "TARGET_NOT_READ": ("指标值未读到", "表中有一栏未能识别，指标值可能在其中：这是读取的缺口，不是申报单位的错误。"),
    "TARGET_UNPARSED": ("指标值无法识别", "指标值含数字和符号，却读不出确定的数值，疑似录入或转换错误。"),
    "TARGET_UNREAD": ("指标值未读出数值", "指标值含数字，但读不出确定的数值，保留原文，请人工查看。"),
    "TARGET_DATE_IMPOSSIBLE": ("指标值日期不存在", "时限写的是该月没有的日期（如9月31日），按该月最后一天读取。"),
    "SCORES_TOTAL": ("得分合计与总分不符", "自评表中各指标得分与资金执行得分之和不等于总分。"),
    "SCORE_OVER_MAX": ("得分超过分值", "指标或资金执行的得分高于其分值。"),
    "EXECUTION_RATE": ("执行率计算不符", "表上执行率与全年执行数÷全年预算数相差超过0.1个百分点。"),
    "FULL_SCORE_MISSED": ("未达标却得满分", "实际完成值未达到指标值，却给了满分。"),
    "ACTUAL_WITHOUT_TARGET": ("有实际完成值而无指标值", "指标填写了实际完成值，但没有指标值。"),
    "TARGET_MULTIPLE_VALUES": ("一个指标含多个指标值", "一个指标值栏写了多个指标值，已逐个读出；一个指标应只有一个指标值。"),
    "TARGET_NO_UNIT": ("指标值没有计量单位", "数值型指标值没有写计量单位。"),
    "TARGET_PERCENT_OVER_100": ("百分比超过100%", "百分比指标值大于100。"),
    "SATISFACTION_BELOW_80": ("满意度指标值低于80%", "满意度指标值低于80%。"),
}


def rule_name(code: str | None) -> str:
    return RULES.get(code or "", ("其他审核发现", ""))[0]


def rule_meaning(code: str | None) -> str:
    return RULES.get(code or "", ("", "（此规则暂无说明）"))[1]


def label(mapping: dict[str, str], value, empty: str = "（未填）") -> str:
    """The Chinese label of a code (the code itself if it has none, never silently dropped)."""
    if value is None or value == "":
        return empty
    return mapping.get(str(value), str(value))


# -- reasons ---------------------------------------------------------------------------------
GROUP_NO_DECLARATION = "未找到项目经费情况说明或绩效目标申报表"
UNCLASSIFIED = "其他原因"

_ZIP_KIND = {"Word": "Word", "Excel": "Excel"}
_THING = {"a folder": "文件夹", "a named pipe (FIFO)": "命名管道", "a character device": "字符设备",
          "a block device": "块设备", "a socket": "套接字", "not a regular file": "特殊文件"}


@lru_cache(maxsize=None)
def _field_labels() -> dict[str, str]:
    """A field of our tables → the label the form prints: the data dictionary's label without its
    notes in brackets (project_name → 项目名称), else the vocabulary's first printed label."""
    from budget_declarations.outputs.schema import TABLES

    labels: dict[str, str] = {}
    for columns in TABLES.values():
        for c in columns:
            labels.setdefault(c.name, re.split(r"[（(]", c.label)[0])
    try:
        from budget_declarations.vocabulary import default

        for printed, field in default().fields.items():
            if not re.search(r"[A-Za-z]", printed):
                labels.setdefault(field, printed)
    except Exception:  # noqa: BLE001 - wording never stops a report
        pass
    return labels


def _field(name: str) -> str:
    name = name.strip()
    if re.fullmatch(r"[a-z_0-9]+", name):
        return _field_labels().get(name, "某一栏")
    return name


@lru_cache(maxsize=None)
def layout_name(name: str) -> str:
    """A layout (vocabulary/layouts/NAME.toml) as a reviewer calls it: its description's title."""
    try:
        from budget_declarations.vocabulary import default

        description = default().layout(name).description or ""
        title = re.split(r"[：:]", description)[0].strip()
        if title and not re.search(r"[A-Za-z]", title):
            return title
    except Exception:  # noqa: BLE001
        pass
    return "已知版式"


def _pages(text: str) -> str:
    return "、".join(p.strip() for p in text.split(",") if p.strip())


def _format(text: str) -> str:
    text = text.strip()
    for key in ("Word", "Excel", "PDF", "WPS"):
        if text.startswith(key):
            return key
    return {"PNG image": "PNG 图片", "JPEG image": "JPEG 图片", "TIFF image": "TIFF 图片"}.get(text, "所标明格式的")


def _labels(text: str) -> str:
    return "”“".join(_field(x) for x in text.split("、"))


def _form_where(m: dict) -> str:
    return f"第{m['page']}页的申报表" if m.get("page") else f"第{m['form']}张申报表"


# (pattern, group, rendering): each pattern is one whole message as the pipeline writes it
_REASONS: list[tuple[str, str, object]] = [
    (r"no 项目经费情况说明 or 绩效目标申报表 found", GROUP_NO_DECLARATION, GROUP_NO_DECLARATION),
    (r"a form \((?:page (?P<page>\d+)|form (?P<form>\S+)), (?P<n>\d+) indicators\) lacks the labels (?P<labels>.+?) of the "
     r"layout closest to it \((?P<layout>[^)]*)\); docs/templates\.md says how to describe a new layout",
     "申报表栏目不全，未能读全",
     lambda m: f"{_form_where(m)}（{m['n']}项指标）缺少“{_labels(m['labels'])}”栏目，"
               f"按最接近的版式（{layout_name(m['layout'])}）未能读全"),
    (r"an indicator table \(page (?P<page>\d+)\) has a column headed '(?P<header>.*?)' that was not read",
     "指标表有未识别的栏目",
     lambda m: f"第{m['page']}页的指标表有一栏“{m['header']}”未能识别，其中的内容没有读出"),
    (r"pages without a text layer need OCR: (?P<pages>[\d, ]+)", "扫描页需文字识别",
     lambda m: f"第{_pages(m['pages'])}页是扫描图像，没有文字层，需要文字识别"),
    (r"OCR is not available here: install rapidocr-onnxruntime.*?\(apt-get install libgl1\)", "扫描页需文字识别",
     "本机未安装文字识别组件，扫描页未能识别"),
    (r"the PDF is truncated \(no end-of-file marker\): content may be missing", "文件不完整",
     "PDF 文件不完整（缺少文件结尾），可能缺页"),
    (r"(?P<n>[\d,]+) byte\(s\) that are not (?:UTF-8|GB18030) text were replaced by �", "文字编码有误",
     lambda m: f"有{m['n']}个字节不是有效文字，已替换为“�”，相应文字可能有误"),
    (r"formula cells without a stored value that could not be evaluated: .*?(?=; |$)", "表格公式未能计算",
     "Excel 表中有公式单元格没有保存计算结果，且未能计算，其数值缺失"),
    # files not read at all
    (r"encrypted: the PDF needs a password to open", "文件加密", "PDF 文件已加密，需要密码才能打开"),
    (r"empty file \(0 bytes\)", "空文件或已损坏", "空文件（0字节）"),
    (r"damaged PDF: it cannot be opened \(.*?\)(?=; |$)", "空文件或已损坏", "PDF 文件已损坏，无法打开；请从原程序重新保存"),
    (r"damaged PDF \(.*?\)(?=; |$)", "空文件或已损坏", "PDF 文件已损坏；请从原程序重新保存"),
    (r"the PDF is malformed and cannot be opened \(.*?\); re-save it from the original program", "空文件或已损坏",
     "PDF 文件结构有误，无法打开；请从原程序重新保存"),
    (r"the PDF is damaged \(.*?\); re-save it from the original program", "空文件或已损坏",
     "PDF 文件已损坏；请从原程序重新保存"),
    (r"named (?P<suffix>\.\S+) but the content is not a (?P<fmt>.+?) file: damaged or mislabelled", "空文件或已损坏",
     lambda m: f"按扩展名应是{_format(m['fmt'])}文件，内容却不是：已损坏或扩展名有误"),
    (r"not a valid (?P<kind>Word|Excel) file: the zip container is damaged or truncated \(.*?\)(?=; |$)", "空文件或已损坏",
     lambda m: f"{m['kind']} 文件已损坏或不完整"),
    (r"not a valid (?P<kind>Word|Excel) file \(.*?\)(?=; |$)", "空文件或已损坏", lambda m: f"{m['kind']} 文件已损坏，无法打开"),
    (r"not a normal (?P<kind>Word|Excel) file: (?P<n>[\d,]+) parts in the zip container", "空文件或已损坏",
     lambda m: f"{m['kind']} 文件结构异常（含{m['n']}个部件），不是正常文件"),
    (r"a zip archive, but not a (?P<kind>Word|Excel) document \(no .*?\)(?=; |$)", "格式不支持",
     lambda m: f"压缩包，但不是 {m['kind']} 文件"),
    (r"a zip archive that is not a Word document; unpack it and run on its files", "格式不支持",
     "压缩包：请解压后再处理其中的文件"),
    (r"not a readable image \(.*?\)(?=; |$)", "空文件或已损坏", "图片已损坏，无法读取"),
    (r"damaged (?P<enc>[\w-]+) text", "空文件或已损坏", "文本文件编码已损坏"),
    (r"binary data, not text \((?:NUL bytes|control characters)\)", "格式不支持", "不是文本文件，也不是可识别的其他格式"),
    (r"not UTF-8 or GB18030 text", "格式不支持", "文本编码无法识别"),
    (r"unsupported file type \(.*?\)(?=; |$)", "格式不支持", "不支持的文件格式"),
    (r"legacy Office/WPS file: reading it needs LibreOffice.*?run again", "缺少转换程序",
     "旧版 Word、Excel 或 WPS 文件：本机需安装转换程序后才能读取"),
    (r"LibreOffice did not convert the file within (?P<s>\d+) s", "处理超时",
     lambda m: f"旧版文件转换超过{m['s']}秒仍未完成"),
    (r"LibreOffice could not convert this file to \.\w+ \(.*?\)(?=; |$)", "空文件或已损坏",
     "旧版文件未能转换：已损坏，或不是 Word、Excel、WPS 文件"),
    (r"refused: (?P<name>.+?) declares a DOCTYPE \(possible XML bomb\)", "文件异常，已拒绝",
     "文件内部结构异常（可能是恶意构造的文件），已拒绝读取"),
    (r"refused: the (?P<kind>Word|Excel) file would inflate to .*?it looks like a zip bomb", "文件异常，已拒绝",
     lambda m: f"{m['kind']} 文件解压后过大（可能是恶意构造的文件），已拒绝读取"),
    (r"refused: zip64 container too large for a (?P<kind>Word|Excel) document", "文件异常，已拒绝",
     lambda m: f"{m['kind']} 文件过大，已拒绝读取"),
    (r"refused: sheet “(?P<sheet>.*?)” holds values across (?P<rows>[\d,]+) rows and (?P<cols>[\d,]+) columns "
     r"\(more than [\d,]+ cells to walk; no form is that large\)",
     "文件异常，已拒绝",
     lambda m: f"工作表“{m['sheet']}”的数据跨{m['rows']}行、{m['cols']}列，远超任何申报表，已拒绝读取"),
    (r"refused: merged cell ranges cover over (?P<n>[\d,]+) cells \(no form does; the file is broken or hostile\)",
     "文件异常，已拒绝", lambda m: f"合并单元格覆盖超过{m['n']}个单元格，文件已损坏或异常，已拒绝读取"),
    (r"refused: the file's structure is nested too deeply or loops \(a malformed page tree or object graph\)",
     "文件异常，已拒绝", "文件内部结构嵌套过深或循环，已拒绝读取"),
    (r"refused: an image larger than (?P<n>\d+) megapixels \(a decompression bomb or a broken scan\)", "文件异常，已拒绝",
     lambda m: f"图片超过{m['n']}百万像素，已拒绝读取（扫描件已损坏或异常）"),
    (r"refused: the document's XML cannot be parsed \(.*?\): it is damaged, or nested deeper than any real document; "
     r"re-save it from the original program", "文件异常，已拒绝", "文件内容无法解析（已损坏或结构异常）；请从原程序重新保存"),
    (r"refused: (?P<thing>.+?), "
     r"not a file \(only regular files are read\)", "不是普通文件",
     lambda m: f"这是{_THING.get(m['thing'], '特殊文件')}，不是普通文件，未读取"),
    (r"cannot open (?:file|this path): .*?(?=; |$)", "无法打开", "无法打开此文件（权限不足或路径有误）"),
    (r"cannot read this folder entry: .*?(?=; |$)", "无法打开", "无法读取文件夹中的这一项（权限不足或路径过长）"),
    (r"refused: a symbolic link to a (?P<what>file|folder) outside the input folder \(--follow-symlinks reads it\)",
     "不是普通文件", lambda m: f"指向输入文件夹以外的{'文件' if m['what'] == 'file' else '文件夹'}的链接，按设置未读取"),
    (r"ran out of memory \((?:--max-memory (?P<mb>\d+) MB|the machine's memory)\): the file needs more than that to read",
     "超出内存限制", lambda m: f"读取所需内存超过{m['mb'] + ' MB' if m.get('mb') else '本机可用内存'}，已停止"),
    (r"ran out of memory while reading this file", "超出内存限制", "读取时内存不足，已停止"),
    (r"stopped after (?P<s>[\d.]+) s .*?the file took too long to read", "处理超时",
     lambda m: f"读取超过{m['s']}秒仍未完成，已停止"),
    (r"the reader crashed on this file \(exit code (?P<code>-?\d+)\)", "读取程序出错", "读取此文件时程序异常退出"),
    (r"the worker failed on this file \(\w+\)", "读取程序出错", "读取此文件时程序出错"),
    (r"internal error while reading this file; the details are in errors\.log in the output folder", "读取程序出错",
     "读取时程序出错，详情记录在输出文件夹的错误日志中"),
]
_COMPILED = [(re.compile(p, re.S), g, r) for p, g, r in _REASONS]


def reasons(error: str | None) -> list[tuple[str, str]]:
    """Every message in a documents.error as (group, Chinese sentence), in the order written;
    a part no pattern knows becomes (其他原因, a plain sentence), never English."""
    if not error:
        return []
    found: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, group, render in _COMPILED:
        for m in pattern.finditer(error):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            text = str(render(m.groupdict()) if callable(render) else render)
            found.append((m.start(), m.end(), group, text))
            taken.append((m.start(), m.end()))
    found.sort()
    rest = error
    for start, end, _, _ in sorted(found, reverse=True):
        rest = rest[:start] + rest[end:]
    result = [(g, t) for _, _, g, t in found]
    if rest.strip(" ;；"):
        result.append((UNCLASSIFIED, "另有未能归类的原因（原文见数据表中该文件的原因一栏）"))
    return result


def reason_text(error: str | None) -> str:
    """The reasons of one file as one Chinese sentence."""
    return "；".join(dict.fromkeys(t for _, t in reasons(error)))


def reason_group(status: str | None, error: str | None) -> str:
    """The heading a file is listed under: its first reason's group."""
    found = reasons(error)
    if found:
        return found[0][0]
    return {"partial": "部分内容未能读取", "no_declaration": GROUP_NO_DECLARATION}.get(status or "", UNCLASSIFIED)
