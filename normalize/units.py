"""Units of 指标值: what reads as a unit, and the base unit a value converts to.

Why a module of its own: the cell reader (`target.py`) decides *where* a unit is; this module
decides *what* it is.  Two grades of unit exist because two kinds of text carry them:
- a whole cell (`≥600罐车次`, `1600元/亩`): any measure character is taken, the cell is nothing
  but comparator, number and unit;
- a sentence (`覆盖38个社区`, `完成报告1份`): only known unit words and measure words (量词), so
  that `2025年`, `值`, `方米` of a garbled name are never made units.

Base units (`value_std`/`unit_std`): 万/亿 scaled away (万元 → 元, 万人次 → 人次); area to 平方米
(㎡ m² 平米 平方公里 公顷), length to 米 (公里 km 厘米 毫米), durations to 小时 (分钟 秒 毫秒 天 日 周);
counts written as nouns (个数 次数 人数) to their measure word; 百分比 to %.  Working days and
months are not fixed lengths of time and stay as they are (工作日, 月).  A rate (`元/㎡/月`) gets
its parts named the same way but is never scaled by its denominator.
"""
from __future__ import annotations

import regex

from budget_declarations.normalize.numbers import fold

# Multi-character unit words; single measure characters are handled below.
UNIT_WORDS = (
    "平方公里", "平方千米", "平方米", "立方米", "平米", "公里", "千米", "厘米", "毫米", "公斤", "千克",
    "公顷", "小时", "分钟", "人次", "户次", "件次", "台次", "车次", "场次", "批次", "架次", "家次", "站次",
    "辆次", "个次", "所次", "个月", "工作日", "百分比", "百分点", "个百分点", "课时", "学时", "人天", "人日",
    "人月", "千瓦时", "千瓦", "吨公里", "平方", "万元", "亿元", "周岁", "立方", "个数", "次数", "天数", "人数",
    "件数", "户数", "家数", "个工作日", "自然日", "个自然日", "个小时", "个季度", "季度", "千字", "人年",
    "微克", "毫克", "毫秒", "美元", "半天", "半年", "半日", "点位", "台套", "台件", "比值", "分贝", "兆瓦",
    "立方米每秒", "学期", "篇次", "期次", "人时", "床位", "个点位", "延米", "微克每立方米", "毫克每立方米",
)
# Measure words (量词) a sentence may count in; a whole cell takes any single character.
MEASURE_CHARS = (
    "个次人件家项份台套辆场期篇本所户条处座张批名只头株棵亩米吨元天日月年周部艘册门类种块间栋幢盏根把"
    "支架位起宗单课节轮届村片幅卷盒箱袋斤层匹趟遍例组队团款首笔页字分秒倍度季辆井站校园床车船对"
)
TIME_WORDS = ("半年", "季度", "学期", "半天", "小时", "年", "季", "月", "周", "天", "日")
_SYMBOL_UNITS = ("%", "‰", "℃", "°", "㎡", "㎞", "m²", "km²")
_LATIN_UNIT = r"[A-Za-z]{1,4}\d?"


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_WORDS = _alternation(UNIT_WORDS + _SYMBOL_UNITS)
# an atom may name alternatives in parentheses: `头(只)`, `个(台、套、件、辆)`
_ALT = r"(?:\(\p{Han}{1,3}(?:、\p{Han}{1,3})*\))?"
_CELL_ATOM = rf"(?:万|亿)?(?:{_WORDS}|\p{{Han}}{{1,2}}次|\p{{Han}}|{_LATIN_UNIT})"
SENTENCE_ATOM = rf"(?:万|亿)?(?:{_WORDS}|[{MEASURE_CHARS}]次|[{MEASURE_CHARS}]|{_LATIN_UNIT}(?![A-Za-z\d]))"
_CELL_UNIT = regex.compile(rf"^/?{_CELL_ATOM}{_ALT}(?:/{_CELL_ATOM}{_ALT})*$")
# a sentence's unit: an atom, a rate of atoms (`元/人/月`, `元/生.年`)
# (a bare 万 or 亿 is a unit too: `不少于50万`; a denominator may be any noun: `元/生.年`, `元/月/根`)
SENTENCE_UNIT = rf"(?:{SENTENCE_ATOM}|万(?!\p{{Han}})|亿(?!\p{{Han}}))(?:[/.·*](?:{SENTENCE_ATOM}|\p{{Han}}))*"

_JOINER = regex.compile(r"(?<=\S)[.·•*×](?=\S)")
# `元每人每月` is a rate; `24小时每天` stays a description (round the clock), so 每 joins only after money
_RATE_EACH = regex.compile(r"^(?:万|亿)?元(?:每\p{Han}{1,2})+$")
_NAME_UNIT = regex.compile(r"[（(](?P<u>[^（）()]{1,6})[)）]$")


def is_unit(unit: str) -> bool:
    """Whether text after a number in a whole cell reads as a unit (`个`, `元/人/月`, `万平方米`)."""
    return bool(_CELL_UNIT.match(unit))


def joined_unit(unit: str | None) -> str | None:
    """`元每人每月`, `户/人.月` and `元/生.年` read as `元/人/月`, `户/人/月`, `元/生/年` (the written unit
    is kept in `unit`; the standard one uses the joined form)."""
    if not unit or "/" in unit and is_unit(unit) and not _JOINER.search(unit):
        return unit
    joined = _JOINER.sub("/", unit)
    if _RATE_EACH.match(joined):
        joined = joined.replace("每", "/")
    return joined if is_unit(joined) else unit


def name_unit(indicator: str | None) -> str | None:
    """The unit a 三级 name gives in parentheses (`培训人数（人）`) for a bare number."""
    m = _NAME_UNIT.search(fold(indicator or "").replace("（", "(").replace("）", ")"))
    return m.group("u") if m and is_unit(m.group("u")) else None


def period_of(unit: str | None) -> str | None:
    """The time a rate is per: the last time word after a `/` (`次/季度` → 季度, `元/人/月` → 月)."""
    if not unit:
        return None
    joined = joined_unit(unit) or unit
    for part in reversed(joined.split("/")[1:]):
        if part in TIME_WORDS:
            return part
        if len(part) == 2 and part[0] == "人" and part[1] in TIME_WORDS:  # 元/人月: per person and month
            return part[1]
    return None


# -- base units ---------------------------------------------------------------------------------
_SCALES = {"万": 10_000, "亿": 100_000_000}
# unit as written → (base unit, factor)
_BASE: dict[str, tuple[str, float]] = {
    "百分比": ("%", 1), "个百分点": ("百分点", 1),
    "平方米": ("平方米", 1), "平米": ("平方米", 1), "平方": ("平方米", 1), "㎡": ("平方米", 1),
    "m²": ("平方米", 1), "m2": ("平方米", 1), "平方公里": ("平方米", 1e6), "平方千米": ("平方米", 1e6),
    "km²": ("平方米", 1e6), "km2": ("平方米", 1e6), "公顷": ("平方米", 1e4),
    "米": ("米", 1), "m": ("米", 1), "公里": ("米", 1000), "千米": ("米", 1000), "km": ("米", 1000),
    "KM": ("米", 1000), "Km": ("米", 1000), "㎞": ("米", 1000), "厘米": ("米", 0.01), "cm": ("米", 0.01),
    "毫米": ("米", 0.001), "mm": ("米", 0.001),
    "小时": ("小时", 1), "个小时": ("小时", 1), "h": ("小时", 1), "分钟": ("小时", 1 / 60),
    "秒": ("小时", 1 / 3600), "毫秒": ("小时", 1 / 3_600_000), "天": ("小时", 24), "日": ("小时", 24),
    "自然日": ("小时", 24), "个自然日": ("小时", 24), "天数": ("小时", 24), "周": ("小时", 168),
    "半天": ("小时", 12),
    "个工作日": ("工作日", 1), "个月": ("月", 1), "个季度": ("季度", 1),
    "个数": ("个", 1), "次数": ("次", 1), "人数": ("人", 1), "件数": ("件", 1), "户数": ("户", 1),
    "家数": ("家", 1), "公斤": ("千克", 1), "kg": ("千克", 1), "吨": ("千克", 1000),
}
_MONEY_HINT = regex.compile(r"金额|资金|经费|费|成本|价|预算|补贴|补助|投资|工资|薪|租金|收入|支出|款|元")


def _atom_name(atom: str) -> str:
    base = _BASE.get(atom)
    return base[0] if base and base[1] == 1 else atom


def standardize(value: float, unit: str | None, indicator: str | None) -> tuple[float, str | None]:
    """value and unit in base units (see the module docstring); money in 元 where the context is money."""
    if not unit:
        return value, None
    unit = joined_unit(unit) or unit
    if "/" in unit.lstrip("/"):  # a rate: its parts named, its numerator scaled, its denominator left
        head, *rest = unit.split("/")
        scaled, head_std = standardize(value, head, indicator) if head else (value, "")
        return scaled, "/".join([head_std or "", *(_atom_name(p) for p in rest)])
    if unit[0] in _SCALES:
        scale, rest_unit = _SCALES[unit[0]], unit[1:]
        value = value * scale
        money = "元" in rest_unit or bool(_MONEY_HINT.search(indicator or ""))
        if not rest_unit:
            return round(value, 6), ("元" if money else None)
        return standardize(round(value, 6), rest_unit, indicator)
    base, factor = _BASE.get(unit, (unit, 1))
    return (round(value * factor, 9) if factor != 1 else value), base
