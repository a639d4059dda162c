"""指标值 cells into comparator / number / unit, a value in base units, a date, or a word.

Decisions (docs/schema.md repeats them for users):
- The comparator is what the cell writes, as a symbol (`≥ ≧ >= ＞＝` → `>=`) or a word
  (`以上 不低于 不少于` → `>=`, `以下 以内 不超过 不高于` → `<=`); null when none is written, so
  `100%` keeps comparator null rather than a guessed `=`.
- `±3%以内` is a tolerance: comparator `<=`, value 3, unit `%`, and `tolerance` set.
- The unit is kept as written (`万`, `元/人/月`); `value_std`/`unit_std` convert 万 (×10⁴) and 亿
  (×10⁸) into the base unit: 万元 → 元, 万平方米 → 平方米.  A bare `万` becomes 元 only where the
  indicator is about money (its name or the unit says so); otherwise it stays a plain count.
  Percentages stay in percent (90% → 90, `%`).
- A number counts as numeric only when what follows it is a unit: a known unit word or a single
  measure character, joined by `/`.  `24小时每天` is not a numeric target but a description, so it
  stays qualitative rather than being forced into a wrong number.
- Deadlines (`2026年12月31日`, `26年底前`, `12月底前`, `2023.07-2024.01`) are kind `date` with the
  last day they allow; a written `前` makes the comparator `<=`.
- Anything else is qualitative: the cleaned cell text is the word (`及时`, `有效`).  Nothing is
  invented: a cell that cannot be read keeps its raw text and no number.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import regex

from budget_declarations.normalize.dates import make_date
from budget_declarations.normalize.numbers import fold
from budget_declarations.normalize.text import clean_token

# Multi-character unit words; single CJK measure characters (个 次 台 间 场 …) are accepted as is.
UNIT_WORDS = (
    "平方公里", "平方千米", "平方米", "立方米", "平米", "公里", "千米", "厘米", "毫米", "公斤", "千克",
    "公顷", "小时", "分钟", "人次", "户次", "件次", "台次", "车次", "场次", "批次", "架次", "个月",
    "工作日", "百分比", "百分点", "个百分点", "课时", "学时", "人天", "人日", "人月", "千瓦时", "千瓦",
    "吨公里", "平方", "万元", "亿元", "周岁", "立方", "个数", "次数", "天数", "人数", "件数", "户数", "家数",
    "个工作日", "自然日", "个自然日", "个小时", "个季度", "千字", "人年",
)
_LATIN_UNIT = r"[A-Za-z]{1,4}\d?"
_CJK_CHAR = r"[\p{Han}]"
_ATOM = "(?:万|亿)?(?:" + "|".join(sorted(UNIT_WORDS, key=len, reverse=True)) + rf"|{_CJK_CHAR}|{_LATIN_UNIT}|%|‰|℃|°)"
# an atom may name alternatives in parentheses: `头(只)`, `个(台、套、件、辆)`
_ATOM_ALT = rf"(?:{_ATOM})(?:\(\p{{Han}}{{1,3}}(?:、\p{{Han}}{{1,3}})*\))?"
_UNIT = regex.compile(rf"^(?:{_ATOM_ALT})(?:/(?:{_ATOM_ALT}))*$|^/(?:{_ATOM_ALT})(?:/(?:{_ATOM_ALT}))*$")

_SYMBOLS = [
    ("≥", ">="), ("≧", ">="), ("⩾", ">="), (">=", ">="), ("=>", ">="),
    ("≤", "<="), ("≦", "<="), ("⩽", "<="), ("<=", "<="), ("=<", "<="),
    ("≠", "!="), ("==", "="), ("═", "="), ("=", "="), (">", ">"), ("<", "<"),
]
_PREFIX_WORDS = {
    "不低于": ">=", "不少于": ">=", "大于等于": ">=", "大于或等于": ">=", "至少": ">=", "达到": ">=",
    "不高于": "<=", "不超过": "<=", "不多于": "<=", "小于等于": "<=", "小于或等于": "<=", "最多": "<=",
    "控制在": "<=", "大于": ">", "高于": ">", "超过": ">", "多于": ">", "小于": "<", "低于": "<",
    "少于": "<", "等于": "=",
    # `约5.5万人`: an approximate number, no comparator
    "约": None, "大约": None, "约为": None,
}
_SUFFIX_WORDS = {
    "及以上": ">=", "以上": ">=", "或以上": ">=", "及以下": "<=", "以下": "<=", "或以下": "<=",
    "以内": "<=", "之内": "<=", "内": "<=",
}
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUMERIC = regex.compile(
    r"^(?P<sym>>=|<=|!=|>|<|=)?"
    rf"(?P<pre>{'|'.join(sorted(_PREFIX_WORDS, key=len, reverse=True))})?"
    r"(?P<pm>±|\+/-)?"
    rf"(?P<num>{_NUMBER})"
    r"(?:\((?P<punit>[^()]*)\)|(?P<unit>[^()\d]*?(?:\([^()\d]{1,12}\))?))"
    rf"(?P<suf>{'|'.join(sorted(_SUFFIX_WORDS, key=len, reverse=True))})?$"
)
_MONEY_HINT = regex.compile(r"金额|资金|经费|费|成本|价|预算|补贴|补助|投资|工资|薪|租金|收入|支出|款|元")
_SCALES = {"万": 10_000, "亿": 100_000_000}
_UNIT_STD = {"百分比": "%", "平米": "平方米", "平方": "平方米"}

# Deadlines and periods.
_BEFORE = r"(?P<before>前|之前|以前|前完成|底前|末前)?(?:完成|止|截止)?"
_DATE_FULL = regex.compile(rf"^(?P<y>\d{{2,4}})[年.\-/](?P<m>\d{{1,2}})[月.\-/](?P<d>\d{{1,2}})日?{_BEFORE}$")
# A bare `2024.01` is read as a month; the year must be a plausible budget year (1990-2099).
_DATE_MONTH = regex.compile(rf"^(?P<y>199\d|20\d\d)[年.\-/](?P<m>\d{{1,2}})月?(?:底|末)?{_BEFORE}$")
_DATE_YEAR_END = regex.compile(rf"^(?P<y>\d{{2,4}})年(?:年)?(?:底|末|年底|年末|内|度内){_BEFORE}$")
_DATE_MONTH_ONLY = regex.compile(rf"^(?P<m>\d{{1,2}})月(?:底|末|份)?{_BEFORE}$")
_DATE_YEAR_END_ONLY = regex.compile(rf"^(?:年底|年末|年内|本年度内|年度内){_BEFORE}$")
_PERIOD = regex.compile(
    r"^(?P<y1>\d{4})[年.\-/](?P<m1>\d{1,2})月?(?:(?P<d1>\d{1,2})日)?(?:-+|~|～|至|到|—+)"
    r"(?P<y2>\d{4})[年.\-/](?P<m2>\d{1,2})月?(?:(?P<d2>\d{1,2})日)?$"
)


@dataclass(frozen=True)
class Target:
    """A parsed 指标值; see the module docstring for what each field means."""

    raw: str | None
    comparator: str | None = None
    value: float | None = None
    unit: str | None = None
    value_std: float | None = None
    unit_std: str | None = None
    kind: str | None = None
    text: str | None = None
    date: date | None = None
    tolerance: bool = False


def _fold_target(text: str) -> str:
    s = fold(text).replace("萬", "万").replace("億", "亿")
    return s.replace("（", "(").replace("）", ")").replace("％", "%")


def _split_symbol(s: str) -> tuple[str | None, str]:
    for symbol, comparator in _SYMBOLS:
        if s.startswith(symbol):
            return comparator, s[len(symbol):]
    return None, s


def is_unit(unit: str) -> bool:
    """Whether text after a number reads as a unit (`个`, `元/人/月`, `万平方米`), not a phrase."""
    return bool(_UNIT.match(unit))


def standardize(value: float, unit: str | None, indicator: str | None) -> tuple[float, str | None]:
    """value and unit in base units: 万/亿 scaled away, money in 元 where the context is money."""
    if not unit:
        return value, None
    unit = _UNIT_STD.get(unit, unit)
    if unit[0] in _SCALES:
        scale, rest = _SCALES[unit[0]], unit[1:]
        value = value * scale
        money = "元" in rest or bool(_MONEY_HINT.search(indicator or ""))
        if not rest or rest.startswith("/"):
            rest = ("元" + rest) if money else (rest or None)
        unit = _UNIT_STD.get(rest, rest) if rest else None
        return round(value, 6), unit
    return value, unit


_JOINER = regex.compile(r"(?<=\S)[.·•*×](?=\S)")
# `元每人每月` is a rate; `24小时每天` stays a description (round the clock), so 每 joins only after money
_RATE_EACH = regex.compile(r"^(?:万|亿)?元(?:每\p{Han}{1,2})+$")
_NAME_UNIT = regex.compile(r"[（(](?P<u>[^（）()]{1,6})[)）]$")


def _joined_unit(unit: str | None) -> str | None:
    """`元每人每月` and `户/人.月` read as `元/人/月` and `户/人/月` (the written unit is kept;
    `value_std`/`unit_std` use the joined one)."""
    if not unit or is_unit(unit):
        return unit
    joined = _JOINER.sub("/", unit)
    if _RATE_EACH.match(joined):
        joined = joined.replace("每", "/")
    return joined if is_unit(joined) else unit


def _name_unit(indicator: str | None) -> str | None:
    """The unit a 三级 name gives in parentheses (`培训人数（人）`) for a bare number."""
    m = _NAME_UNIT.search(fold(indicator or "").replace("（", "(").replace("）", ")"))
    return m.group("u") if m and is_unit(m.group("u")) else None


def _parse_date(s: str, fiscal_year: int | None) -> tuple[date | None, str | None] | None:
    """(last allowed day, comparator) when the whole cell is a deadline or a period."""
    for pattern in (_DATE_FULL, _DATE_MONTH, _DATE_YEAR_END):
        m = pattern.match(s)
        if m:
            groups = m.groupdict()
            year = int(groups["y"])
            if pattern is _DATE_YEAR_END:
                d = make_date(year, 12)
            elif pattern is _DATE_MONTH:
                d = make_date(year, int(groups["m"]))
            else:
                d = make_date(year, int(groups["m"]), int(groups["d"]))
            if d:
                return d, "<=" if groups.get("before") else None
    m = _PERIOD.match(s)
    if m:
        d2 = m.group("d2")
        d = make_date(int(m.group("y2")), int(m.group("m2")), int(d2) if d2 else None)
        if d:
            return d, None
    if fiscal_year:
        m = _DATE_MONTH_ONLY.match(s)
        if m:
            d = make_date(fiscal_year, int(m.group("m")))
            if d:
                return d, "<=" if m.group("before") else None
        m = _DATE_YEAR_END_ONLY.match(s)
        if m:
            return make_date(fiscal_year, 12), "<=" if m.group("before") else None
    return None


def parse_target(raw: str | None, indicator: str | None = None, fiscal_year: int | None = None) -> Target:
    """Parse one 指标值 cell.  Never raises: what cannot be read stays qualitative text."""
    cleaned = clean_token(raw)
    if cleaned is None:
        return Target(raw=None)
    s = _fold_target(cleaned)

    dated = _parse_date(s, fiscal_year)
    if dated:
        return Target(raw=cleaned, comparator=dated[1], kind="date", date=dated[0])

    comparator, rest = _split_symbol(s)
    dated = _parse_date(rest, fiscal_year) if comparator else None
    if dated:  # `≤2025年11月`: a comparator column joined to a deadline
        return Target(raw=cleaned, comparator=comparator, kind="date", date=dated[0])
    m = _NUMERIC.match(rest)
    if m and not m.group("sym"):
        unit = m.group("punit") if m.group("punit") is not None else m.group("unit")
        unit = unit or _name_unit(indicator)
        joined = _joined_unit(unit)
        if unit is None or is_unit(joined):
            words = [w for w in (m.group("pre"), m.group("suf")) if w]
            for word in words:
                implied = _PREFIX_WORDS.get(word) or _SUFFIX_WORDS.get(word)
                comparator = comparator or implied
            tolerance = bool(m.group("pm"))
            if tolerance and comparator is None:
                comparator = "<="
            value = float(m.group("num").replace(",", ""))
            value_std, unit_std = standardize(value, joined, indicator)
            return Target(
                raw=cleaned, comparator=comparator, value=value, unit=unit, value_std=value_std,
                unit_std=unit_std, kind="numeric", tolerance=tolerance,
            )
    return Target(raw=cleaned, kind="qualitative", text=cleaned)
