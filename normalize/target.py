"""指标值 cells into comparator / number / unit, a range, a date, several targets, or a word.

A cell is read in this order, each step only when the one before found nothing:
1. a placeholder (`不适用`, `无`, `—`, `/`): kind `not_applicable`;
2. the whole cell as a deadline or period (`2026年9月30日前`, `12月底前`, `3-10月`): kind `date`;
3. the whole cell as comparator + number + unit (`≥13.80(万)`, `不少于5次`, `800-1000元`, `两台`,
   `半小时内`): kind `numeric`;
4. the cell as a sentence: every quantity in it (a number with a unit, or after a comparator) and
   every date, leaving out years, titles (《…》, “…”), notes in parentheses, list numbers and codes
   (`PM2.5`, `7*24`).  One found: kind `numeric` (or `date`) with the sentence in `target_text`;
   several: kind `multiple`, each one in `parts`, in order;
5. anything else: kind `qualitative`, the cell in `target_text`, a comparator only where words
   state one (`不低于上年`).

Nothing is invented: a value is always a number the cell prints (or its Chinese numeral in a cell
that is nothing else), and a cell that cannot be read keeps its raw text, no value, and a note
(`notes`) the checks turn into a finding.  docs/schema.md repeats these decisions for users.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import regex

from budget_declarations.normalize import comparators as cmp
from budget_declarations.normalize.cn_numerals import NUMERAL, cn_number
from budget_declarations.normalize.dates import make_date
from budget_declarations.normalize.text import clean_token
from budget_declarations.normalize.units import (
    MEASURE_CHARS, SENTENCE_UNIT, TIME_WORDS, is_unit, joined_unit, name_unit, period_of, standardize,
)

# kept by name for callers that ask whether a word is a unit
__all__ = ["Target", "TargetPart", "is_value", "parse_target", "is_unit", "standardize"]

NOT_APPLICABLE = frozenset({
    "-", "--", "—", "——", "/", "//", "无", "不适用", "无此项", "N/A", "n/a", "NA", "暂无", "不涉及", "空", "×", "\\",
})
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NOT_A_NUMBER = regex.compile(r"^[-+<>=≥≤]*(?:nan|inf|infinity|∞|\d+(?:\.\d+)?e[-+]?\d+)%?$", regex.IGNORECASE)
_RANGE_SEP = r"(?:-+|~|～|至|到|—+)"
_TIME = "|".join(sorted(TIME_WORDS, key=len, reverse=True))

# -- whole cells ----------------------------------------------------------------------------------
_NUMERIC = regex.compile(
    rf"^(?P<pre>{cmp.PREFIX})?(?P<pm>±|\+/-)?(?P<num>{NUMBER})"
    r"(?:\((?P<punit>[^()]*)\)|(?P<unit>[^()\d]*?(?:\([^()\d]{1,12}\))?))"
    rf"(?P<suf>{cmp.SUFFIX})?$"
)
_RANGE = regex.compile(
    rf"^(?P<pre>{cmp.PREFIX})?(?P<num>{NUMBER})(?P<u1>[^\d()\-~～至到—]*){_RANGE_SEP}(?P<hi>{NUMBER})"
    rf"(?:\((?P<punit>[^()]+)\)|(?P<unit>[^()\d]+?))(?P<suf>{cmp.SUFFIX})?$"
)
_CN = regex.compile(
    rf"^(?:每(?P<each>{_TIME}))?(?P<pre>{cmp.PREFIX})?(?P<num>{NUMERAL})(?P<unit>{SENTENCE_UNIT})(?P<suf>{cmp.SUFFIX})?$"
)
_PER_WORDS = regex.compile(
    rf"^(?P<pre>{cmp.PREFIX})?(?P<base>百|千|万)分之(?P<num>{NUMBER}|{NUMERAL}|百)(?P<suf>{cmp.SUFFIX})?$"
)
_PER_UNITS = {"百": "%", "千": "‰", "万": "‱"}
_SCALED_PAREN = regex.compile(r"^(?P<s>万|亿)\((?P<u>[^()]+)\)$")  # `100万（条）`: 万条

# -- dates ----------------------------------------------------------------------------------------
_BEFORE = r"(?P<before>前|之前|以前|前完成|底前|末前|内)?(?:完成|止|截止)?"
_DATE_FULL = regex.compile(rf"^(?P<y>\d{{2,4}})[年.\-/](?P<m>\d{{1,2}})[月.\-/](?P<d>\d{{1,2}})[日号]?{_BEFORE}$")
# A bare `2024.01` is read as a month; the year must be a plausible budget year (1990-2099).
_DATE_MONTH = regex.compile(rf"^(?P<y>199\d|20\d\d)[年.\-/](?P<m>\d{{1,2}})月?(?:底|末)?{_BEFORE}$")
_DATE_YEAR_END = regex.compile(rf"^(?P<y>\d{{2,4}})年(?:年)?(?:底|末|年底|年末|内|度内){_BEFORE}$")
_DATE_MONTH_DAY = regex.compile(rf"^(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})[日号]{_BEFORE}$")
_DATE_MONTH_ONLY = regex.compile(rf"^(?P<m>\d{{1,2}})月(?:底|末|份)?{_BEFORE}$")
_DATE_YEAR_END_ONLY = regex.compile(rf"^(?:年底|年末|年内|本年度内|年度内|本年内|本年底){_BEFORE}$")
_MONTH_SPAN = regex.compile(
    rf"^(?:(?P<y>\d{{4}})年)?(?P<m1>\d{{1,2}})月?{_RANGE_SEP}(?P<m2>\d{{1,2}})月(?:底|末|份)?{_BEFORE}$"
)
_PERIOD = regex.compile(
    r"^(?P<y1>\d{4})[年.\-/](?P<m1>\d{1,2})月?(?:(?P<d1>\d{1,2})日)?(?:-+|~|～|至|到|—+)"
    r"(?P<y2>\d{4})[年.\-/](?P<m2>\d{1,2})月?(?:(?P<d2>\d{1,2})日)?$"
)

# -- sentences ------------------------------------------------------------------------------------
_ASIDE = regex.compile(r"\([^()]*\)|《[^《》]*》|“[^“”]*”|\"[^\"]*\"|【[^【】]*】|「[^「」]*」|‘[^‘’]*’")
_CLAUSE_SEP = regex.compile(r"[；;，,。：:、\n]")
_DATE_IN = regex.compile(
    r"(?<![\d.])(?:(?P<y>(?:19|20)\d\d)年(?:度)?)?"
    r"(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?(?:底|末|份)?|(?<=年(?:度)?)(?:年底|年末|底|末))"
    r"(?P<before>之前|以前|前|内)?"
)
_YEAR_IN = regex.compile(r"(?<![\d.])(?:19|20)\d\d年(?:度)?")
_QUANTITY = regex.compile(
    # a sign glued to a number before it (`250%5=50%`) and a number glued to letters, products or
    # other numbers (`PM2.5`, `7*24`, `LPR+50`) start no quantity
    rf"(?<![\d%])(?P<sign>[≥≧⩾≤≦⩽<>=═》《]+)?(?P<pm>±)?"
    rf"(?<![\d.A-Za-z*×+/^$#_-])(?<![\d%][≥≧⩾≤≦⩽<>=═》《]{{1,2}})(?P<num>{NUMBER})"
    rf"(?:(?P<u1>{SENTENCE_UNIT})?{_RANGE_SEP}(?P<hi>{NUMBER}))?"
    rf"(?P<unit>{SENTENCE_UNIT})?(?P<suf>{cmp.SUFFIX})?(?![\d*×+^])"
)
_ALTERNATIVES = regex.compile(rf"^[{MEASURE_CHARS}](?:、[{MEASURE_CHARS}])*$")
# `24小时每天` (平台在线率): hours a day say when a service is open, a description rather than a
# quantity to reach (docs/schema.md; the seed's hand-checked reading)
_SERVICE_HOURS = regex.compile(r"^\D*\d+(?:个)?小时每(?:天|日)\D*$")
_EACH = regex.compile(rf"每(?P<t>{_TIME})")
# `1年1次`, `一年一次`: once a year is a rate
_ONCE_PER = regex.compile(rf"(?<![\d.])[1一](?P<t>{_TIME})(?=[\d一二两三四五六七八九十])")
# PM₂.₅ printed with subscripts: the `2.5` lands elsewhere in the line (`≤35微克/立方2.5米`), in a
# cell that names PM or gives its unit (微克 per 立方米)
_PM_CUT = regex.compile(r"PM(?![\d.])")
_PM_CELL = regex.compile(r"PM(?![\d.])|微克")
_PM_STRAY = regex.compile(r"(?<=[\p{Han}/])(?:2\.5|10)(?=[\p{Han}/:])")


@dataclass(frozen=True)
class TargetPart:
    """One of several targets written in one cell (`≥98%；≥95%`)."""

    text: str | None = None
    comparator: str | None = None
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    value_std: float | None = None
    unit_std: str | None = None
    period: str | None = None
    date: date | None = None


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
    value_max: float | None = None
    period: str | None = None
    parts: tuple[TargetPart, ...] = ()
    notes: tuple[str, ...] = field(default=())


# characters NFKC would take apart (`㎡` → `m2`) but a unit keeps as printed
_KEEP = {"㎡": "\ue000", "㎞": "\ue001", "℃": "\ue002", "²": "\ue003", "³": "\ue004"}
_KEEP_BACK = {v: k for k, v in _KEEP.items()}


def _fold_target(text: str) -> str:
    for ch, mark in _KEEP.items():
        text = text.replace(ch, mark)
    s = unicodedata.normalize("NFKC", text)
    s = regex.sub(r"\s+", "", s)
    for mark, ch in _KEEP_BACK.items():
        s = s.replace(mark, ch)
    s = s.replace("萬", "万").replace("億", "亿").replace("（", "(").replace("）", ")")
    s = regex.sub(r"%{2,}", "%", s)
    return _repair_pm(s)


def _repair_pm(s: str) -> str:
    """`PM年均浓度≤35微克每立2.5方米` → `PM2.5年均浓度≤35微克每立方米`: a subscript put back."""
    if not _PM_CELL.search(s):
        return s
    stray = list(_PM_STRAY.finditer(s))
    if len(stray) != 1:
        return s
    m = stray[0]
    s = s[:m.start()] + s[m.end():]
    return _PM_CUT.sub(lambda _: "PM" + m.group(), s, count=1)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _unit_as_written(unit: str | None) -> str | None:
    if not unit:
        return None
    m = _SCALED_PAREN.match(unit)
    return m.group("s") + m.group("u") if m else unit


def _numeric(raw: str, comparator: str | None, value: float, unit: str | None, indicator: str | None,
             value_max: float | None = None, text: str | None = None, tolerance: bool = False,
             period: str | None = None) -> Target:
    value_std, unit_std = standardize(value, joined_unit(unit), indicator)
    return Target(
        raw=raw, comparator=comparator, value=value, unit=unit, value_std=value_std, unit_std=unit_std,
        kind="numeric", tolerance=tolerance, value_max=value_max, text=text, period=period or period_of(unit),
    )


def _word_comparator(*words: str | None) -> str | None:
    for word in words:
        if word:
            implied = cmp.PREFIX_WORDS.get(word) or cmp.SUFFIX_WORDS.get(word)
            if implied:
                return implied
    return None


def _whole_numeric(raw: str, s: str, indicator: str | None) -> Target | None:
    """The cell as nothing but comparator, number (or range, or Chinese numeral) and unit."""
    sign, rest = cmp.split_sign(s)
    m = _NUMERIC.match(rest)
    if m:
        unit = m.group("punit") if m.group("punit") is not None else m.group("unit")
        unit = _unit_as_written(unit) or name_unit(indicator)
        if unit is None or is_unit(joined_unit(unit) or unit):
            comparator = sign or _word_comparator(m.group("pre"), m.group("suf"))
            tolerance = bool(m.group("pm"))
            if tolerance and comparator is None:
                comparator = "<="
            return _numeric(raw, comparator, _number(m.group("num")), unit, indicator, tolerance=tolerance)
    m = _RANGE.match(rest)
    if m:
        unit = _unit_as_written(m.group("punit") or m.group("unit"))
        low, high = _number(m.group("num")), _number(m.group("hi"))
        if unit and is_unit(joined_unit(unit) or unit) and m.group("u1") in ("", unit) and low < high:
            return _numeric(raw, sign or "between", low, unit, indicator, value_max=high)
    m = _CN.match(rest)
    if m and cn_number(m.group("num")) is not None:
        comparator = sign or _word_comparator(m.group("pre"), m.group("suf"))
        return _numeric(raw, comparator, cn_number(m.group("num")), m.group("unit"), indicator,
                        period=m.group("each"))
    m = _PER_WORDS.match(rest)
    if m:  # 百分之九十, 万分之三
        num = m.group("num")
        value = 100.0 if num == "百" else (_number(num) if num[0].isdigit() else cn_number(num))
        if value is not None:
            return _numeric(raw, sign or _word_comparator(m.group("pre"), m.group("suf")), value,
                            _PER_UNITS[m.group("base")], indicator)
    return None


def _day(year: int, month: int, day: int | None) -> tuple[date | None, tuple[str, ...]]:
    """The date and its notes; `9月31日`, a day the month does not have, is read as the month's end
    (noted `impossible_date`)."""
    d = make_date(year, month, day)
    if d is None and day and 28 < day <= 31:
        d = make_date(year, month)
        return d, ("impossible_date",) if d else ()
    return d, ()


def _parse_date(s: str, fiscal_year: int | None, at_least: bool = False
                ) -> tuple[date, str | None, tuple[str, ...]] | None:
    """(last allowed day, comparator, notes) when the whole cell is a deadline or a period.  A bare
    month is a month of the year (`≤11月` beside 完成时间: 513 archive rows), but after `≥`/`>` it
    is a number of months (`≥3月` 质保期): nothing is due no earlier than a month."""
    notes: tuple[str, ...] = ()
    patterns = (_DATE_FULL, _DATE_MONTH, _DATE_YEAR_END, _MONTH_SPAN, _DATE_MONTH_DAY, _DATE_MONTH_ONLY,
                _DATE_YEAR_END_ONLY)
    for pattern in patterns:
        if at_least and pattern is _DATE_MONTH_ONLY:
            continue
        m = pattern.match(s)
        if not m:
            continue
        groups = m.groupdict()
        year = int(groups["y"]) if groups.get("y") else fiscal_year
        if year is None:
            continue
        if year < 100:
            year += 2000
        if pattern in (_DATE_YEAR_END, _DATE_YEAR_END_ONLY):
            d = make_date(year, 12)
        elif pattern is _MONTH_SPAN:
            d = make_date(year, int(groups["m2"])) if int(groups["m1"]) < int(groups["m2"]) else None
        elif groups.get("d"):
            d, notes = _day(year, int(groups["m"]), int(groups["d"]))
        else:
            d = make_date(year, int(groups["m"]))
        if d:  # 前, and 内 (年内: within the year), bound the date
            return d, "<=" if groups.get("before") or "内" in m.group() else None, notes
    m = _PERIOD.match(s)
    if m:
        d2 = m.group("d2")
        d = make_date(int(m.group("y2")), int(m.group("m2")), int(d2) if d2 else None)
        if d:
            return d, None, ()
    return None


# -- sentences ------------------------------------------------------------------------------------
def _mask(s: str) -> str:
    """Asides (parentheses, titles, quotes) blanked out, keeping every other character's position."""
    for _ in range(4):  # nested parentheses, innermost first
        masked = _ASIDE.sub(lambda m: "□" * len(m.group()), s)
        if masked == s:
            break
        s = masked
    return s


def _clauses(masked: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _CLAUSE_SEP.finditer(masked):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(masked)))
    return bounds


def _clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    return next((c for c in clauses if c[0] <= pos <= c[1]), (0, pos))


def _prefix_word(text: str) -> str | None:
    """The comparator of the last comparison word in a clause's text before its number."""
    found = None
    for m in regex.finditer(cmp.PREFIX, text):
        found = m
    if found is None or regex.search(r"\d", text[found.end():]):
        return None
    return cmp.PREFIX_WORDS[found.group()]


def _scan(s: str, fiscal_year: int | None, indicator: str | None) -> list[tuple[int, TargetPart, tuple[str, ...]]]:
    """Every quantity and date of a sentence, with its position and notes."""
    masked = _mask(_ONCE_PER.sub(lambda m: "每" + m.group("t"), s))  # 1 → 每: positions unchanged
    clauses = _clauses(masked)
    found: list[tuple[int, TargetPart, tuple[str, ...]]] = []
    for m in _DATE_IN.finditer(masked):
        if not (m.group("m") or m.group("y")):
            continue
        year = int(m.group("y")) if m.group("y") else fiscal_year
        if year is None:
            continue
        if m.group("m"):
            d, notes = _day(year, int(m.group("m")), int(m.group("d")) if m.group("d") else None)
        else:
            d, notes = make_date(year, 12), ()
        if d is None:
            continue
        start, end = _clause_of(clauses, m.start())
        found.append((m.start(), TargetPart(text=s[start:end], comparator="<=" if m.group("before") else None,
                                            date=d), notes))
        masked = masked[:m.start()] + "□" * (m.end() - m.start()) + masked[m.end():]
    masked = _YEAR_IN.sub(lambda m: "□" * len(m.group()), masked)
    previous_end = -1
    for m in _QUANTITY.finditer(masked):
        unit = m.group("unit")
        after = masked[m.end():m.end() + 1]
        gap = masked[previous_end:m.start()] if previous_end >= 0 else None
        if gap is not None and len(gap) <= 1 and not _CLAUSE_SEP.match(gap) and not m.group("sign"):
            return []  # `工5%工5%`: quantities glued together are a conversion artifact, not targets
        aside = regex.match(r"\(([^()]{1,8})\)", s[m.end():]) if after == "□" else None
        if aside and (not unit or unit in ("万", "亿")) and is_unit(aside.group(1)):
            unit = (unit or "") + aside.group(1)  # `100万（条）`, `≤1500（毫秒）`
        elif aside and unit and _ALTERNATIVES.match(aside.group(1)):
            unit = f"{unit}({aside.group(1)})"  # `台（套）`: the unit's alternatives
        if m.group("hi") and not unit:
            continue  # `20246-202516`: a range has a unit
        start, end = _clause_of(clauses, m.start())
        if not unit and not m.group("sign") and not m.group("hi"):
            if _prefix_word(masked[start:m.start("num")]) is None or after in ("、", ".", "-"):
                continue  # a bare number in words: a list number, a code, a count without a unit
        if m.group("u1") and m.group("u1") != unit:
            continue
        sign = cmp.split_sign(m.group("sign"))[0] if m.group("sign") else None
        comparator = sign or _word_comparator(m.group("suf")) or _prefix_word(masked[start:m.start("num")])
        value, high = _number(m.group("num")), m.group("hi")
        value_max = _number(high) if high else None
        if value_max is not None:
            if value_max <= value:
                continue
            comparator = comparator or "between"
        if m.group("pm") and comparator is None:
            comparator = "<="
        each = _EACH.search(masked[max(0, previous_end):end])
        previous_end = m.end()
        period = each.group("t") if each else period_of(unit)
        value_std, unit_std = standardize(value, joined_unit(unit), indicator)
        found.append((m.start(), TargetPart(
            text=s[start:end], comparator=comparator, value=value, value_max=value_max, unit=unit,
            value_std=value_std, unit_std=unit_std, period=period,
        ), ()))
    return sorted(found, key=lambda f: f[0])


def _from_sentence(raw: str, s: str, fiscal_year: int | None, indicator: str | None) -> Target | None:
    found = _scan(s, fiscal_year, indicator)
    if not found:
        return None
    if len(found) > 1:
        return Target(raw=raw, kind="multiple", text=raw, parts=tuple(p for _, p, _ in found),
                      notes=tuple(n for _, _, notes in found for n in notes))
    _, part, notes = found[0]
    if part.date is not None:
        return Target(raw=raw, comparator=part.comparator, kind="date", date=part.date, text=raw, notes=notes)
    comparator = part.comparator
    if comparator is None:  # `=按计划开展100%`: a sign at the cell's start is the only quantity's
        comparator = cmp.split_sign(s)[0]
    return Target(
        raw=raw, comparator=comparator, value=part.value, value_max=part.value_max, unit=part.unit,
        value_std=part.value_std, unit_std=part.unit_std, kind="numeric", text=raw, period=part.period,
        tolerance="±" in s and comparator == "<=",
    )


def _finite(target: Target) -> bool:
    numbers = [target.value, target.value_max, target.value_std]
    numbers += [n for p in target.parts for n in (p.value, p.value_max, p.value_std)]
    return all(n is None or math.isfinite(n) for n in numbers)


def parse_target(raw: str | None, indicator: str | None = None, fiscal_year: int | None = None) -> Target:
    """Parse one 指标值 cell.  Never raises: what cannot be read stays qualitative text."""
    cleaned = clean_token(raw)
    if cleaned is None:
        return Target(raw=None)
    s = _fold_target(cleaned)
    if s in NOT_APPLICABLE or cleaned in NOT_APPLICABLE:
        return Target(raw=cleaned, kind="not_applicable")
    if _NOT_A_NUMBER.match(s):  # `NaN`, `∞`, `1e400`: a spreadsheet's number, not a target's
        return Target(raw=cleaned, kind="qualitative", text=cleaned, notes=("unread_number", "out_of_range"))

    dated = _parse_date(s, fiscal_year)
    if dated:
        return Target(raw=cleaned, comparator=dated[1], kind="date", date=dated[0], notes=dated[2])
    sign, rest = cmp.split_sign(s)
    dated = _parse_date(rest, fiscal_year, at_least=sign in (">=", ">")) if sign else None
    if dated:  # `≤2025年11月`: a comparator column joined to a deadline
        return Target(raw=cleaned, comparator=sign, kind="date", date=dated[0], notes=dated[2])

    target = _whole_numeric(cleaned, s, indicator)
    if target is None and _SERVICE_HOURS.match(s):
        return Target(raw=cleaned, kind="qualitative", text=cleaned)
    target = target or _from_sentence(cleaned, s, fiscal_year, indicator)
    if target is not None and not _finite(target):  # 400 digits: no float holds it, nothing is read
        return Target(raw=cleaned, kind="qualitative", text=cleaned, notes=("unread_number", "out_of_range"))
    if target is not None:
        return target
    comparator = cmp.qualitative_comparator(s)
    if comparator is None and sign not in (None, "=") and not regex.search(r"\d", rest) and rest:
        comparator = sign  # `≦核定人数`: a sign before a reference, not a number
    notes = ("unread_number",) if regex.search(r"\d", s) else ()
    return Target(raw=cleaned, kind="qualitative", text=cleaned, comparator=comparator, notes=notes)


def is_value(text: str | None) -> bool:
    """Whether a cell is wholly a number or deadline (`≥95%`, `12月底前`), not a sentence that holds
    one: the readers use it to tell a value cell from a line of text."""
    t = parse_target(text)
    return t.kind in ("numeric", "date") and t.text is None
