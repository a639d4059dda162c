"""Domain-aware repair of OCR text: labels snapped to the form's vocabulary, targets mended.

Only repairs whose outcome is certain are made: a cell is snapped to a label only when it is one
or two characters away from exactly one label of similar length, and a target is mended only when
the form's own pattern (`≥90.00(%)`) leaves one reading.  Everything else is left as read, with
its confidence, for a person to check.
"""
from __future__ import annotations

from difflib import SequenceMatcher

import regex

from budget_declarations.normalize import taxonomy, units
from budget_declarations.normalize.text import squash
from budget_declarations.vocabulary import default as vocabulary

VOCABULARY = tuple(dict.fromkeys(
    taxonomy.LEVEL1 + tuple(taxonomy.LEVEL2_PARENT) + tuple(vocabulary().fields) + tuple(vocabulary().goals)
    + vocabulary().snap_words
))

# Characters OCR confuses inside numbers, and punctuation it misreads in Chinese text.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1", "|": "1", "S": "5"})
_PUNCT = str.maketrans({"丶": "、", "（": "(", "）": ")", "：": "：", "，": "，"})
_NUMBERISH = regex.compile(r"(?<=\d)[OoIl|〇S]|[OoIl|〇S](?=[\d.,])")
_GE_AS_2 = regex.compile(r"^2(?P<num>\d{1,3}\.\d{2})\((?P<unit>%|％)\)$")
_SPECK_BEFORE_POINT = regex.compile(r"(?<=\d)[\-—~·.。](?=\.\d{1,2}$)")  # `12,000,000-.00`: a speck, then the point
_POINT_AFTER_LAST_DIGIT = regex.compile(r"(?<=\d)[.·。\-—~]$")  # a speck after a number read as a mark: `18.`
# an amount's point lost (wrapped in a narrow cell: `3,200,000` over `00`) or read as a colon or
# semicolon (`36,500:00`); a time (`9:30`) has no thousands group
_POINT_OF_AMOUNT = regex.compile(r"^(?P<int>\d{1,3}(?:,\d{3})+)[:：;；]?(?P<dec>\d{2})$")
_COMMA_IN_NUMBER = regex.compile(r"(?<=\d)[，,](?=\d{3}\b)")


# characters a recogniser takes for one another (a speck on 目 reads 自): a label that differs from
# the cell only by such a pair is the likelier one when two labels are as near
_CONFUSABLE = [set(group) for group in ("目自日曰白", "己已巳", "未末", "土士", "人入八", "大太犬", "千干于",
                                         "戊戌成", "间问", "拨拔", "资姿", "额颔", "称秤",
                                         "户卢尸声", "一—－―", "里重", "斤厅芹", "起趣")]


def _confusable(a: str, b: str) -> bool:
    return len(a) == len(b) and all(x == y or any(x in g and y in g for g in _CONFUSABLE) for x, y in zip(a, b))


# specks read at a label's end (`项目名称1`, `度量单位:`) and a 一 read as a run of dashes (`——级指标`)
_SPECK_AFTER_LABEL = regex.compile(r"(?<=\p{Han})[0-9.,:;'`|]$")
_DASHES_FOR_ONE = regex.compile(r"[—－―-]+(?=\p{Han})")


def snap_label(text: str, vocabulary: tuple[str, ...] = VOCABULARY) -> str:
    """The vocabulary word a short OCR'd cell most likely is, when that is beyond doubt."""
    key = squash(text)
    if len(key) < 4 or key in vocabulary:
        return text
    for candidate in dict.fromkeys((key, _SPECK_AFTER_LABEL.sub("", key), _DASHES_FOR_ONE.sub("一", key))):
        if candidate in vocabulary:
            return candidate
        near = _nearest_label(candidate, vocabulary) or _component_label_cut_short(candidate, vocabulary)
        if near:
            return near
    return text


def _component_label_cut_short(key: str, vocabulary: tuple[str, ...]) -> str | None:
    """`其中：当年` for `其中：当年财政拨款`: a part-of-a-total label wraps in its narrow cell, and
    under noise its last line can be lost.  Only labels that open with 其中 are completed (a cell
    that opens so names a component, never content), when one word alone begins so and at least
    half of it is left."""
    if not regex.match(r"其中[:：]\p{Han}{2}", key):
        return None
    key = key.replace(":", "：")
    words = [w for w in vocabulary if w.startswith(key) and w != key]
    if len(words) == 1 and len(key) >= len(words[0]) / 2:
        return words[0]
    return None


def _nearest_label(key: str, vocabulary: tuple[str, ...]) -> str | None:
    if len(key) < 4:
        return None
    best, best_ratio, runner_up = None, 0.0, 0.0
    for word in vocabulary:
        if abs(len(word) - len(key)) > 1:
            continue
        ratio = SequenceMatcher(None, key, word).ratio() + (0.06 if _confusable(key, word) else 0.0)
        if ratio > best_ratio:
            best, best_ratio, runner_up = word, ratio, best_ratio
        elif ratio > runner_up:
            runner_up = ratio
    distance_ok = best is not None and round((1 - best_ratio) * (len(key) + len(best)) / 2) <= (2 if len(key) >= 6 else 1)
    if best and best_ratio >= 0.75 and distance_ok and best_ratio - runner_up > 0.05:
        return best
    return None


_NUMERALS = set("零〇一二三四五六七八九十百千万亿两")
_UNIT_CHARS = set(units.MEASURE_CHARS) | set("".join(units.UNIT_WORDS))
# the unit after a number: `600卢`, `3000.00(元/入/月)`
_UNIT_AFTER_NUMBER = regex.compile(r"(?<=\d\s*[(（]?)\p{Han}+(?:/\p{Han}+)*(?=[)）]?$)")


# 万 read as 方 before the unit it multiplies (`52方头`, `单位：方元`); 方 alone after a number is a
# cubic metre and stays
_WAN_AS_FANG = regex.compile(r"(?:(?<=\d)|(?<=单位[:：]\s*))方(?=[元人头亩户个只件次台套吨千平])")


_GE_AS_ARROW = regex.compile(r"(?<=\d)↑$")  # 个 after a number, read as an arrow (`12↑`)
# a month of the year past 12 whose first digit is a speck before the real one: `2025年15月`
_SPECK_BEFORE_MONTH = regex.compile(r"(?<=\d{4}年)1(?=[3-9]月)")
# a speck beside a comparison sign read as a mark: `≤:` alone in a list form's sign column, `≥、90`
# (a point is left alone: `≥.5` may be `≥0.5` with its 0 lost)
_SPECK_AFTER_SIGN = regex.compile(r"^(?P<sign>[≥≤＝=<>])\s*(?:[:：,，、;；'`·]+\s*(?=\d|$)|[.。]+$)")


def _unit_character(ch: str) -> str:
    """A character of a unit that no unit has, as the one unit character it is confusable with
    (`入` → `人`, `卢` → `户`); any other character (a numeral such as 八) as it is."""
    if ch in _UNIT_CHARS or ch in _NUMERALS:
        return ch
    partners = {p for group in _CONFUSABLE if ch in group for p in group if p in _UNIT_CHARS and p not in _NUMERALS}
    return partners.pop() if len(partners) == 1 else ch


_UNIT_WORDS = set(units.UNIT_WORDS)


def _unit_part(part: str) -> str:
    """One part of a unit: a character mended as `_unit_character`; a word that is no unit word
    but one look-alike character away from exactly one (`公重` → `公里`, `公厅` → `公斤`)."""
    if len(part) == 1:
        return _unit_character(part)
    if part in _UNIT_WORDS:
        return part
    near = {part[:i] + p + part[i + 1:] for i, ch in enumerate(part) for group in _CONFUSABLE if ch in group
            for p in group if p != ch and part[:i] + p + part[i + 1:] in _UNIT_WORDS}
    return near.pop() if len(near) == 1 else part


def _mend_unit(match: regex.Match) -> str:
    return "/".join(_unit_part(part) for part in match.group(0).split("/"))


def repair_target(text: str) -> str:
    """Mend a target OCR garbled in a way the form's pattern makes certain.

    `290.00(%)` is `≥90.00(%)` read with ≥ as 2: a percentage above 100 written to two decimals
    in the Shanghai pattern has no other reading.  Letters inside numbers become digits.  A 、
    just before a bracket (not after a numeral) is the top of that bracket, read alone.
    """
    s = squash(text)
    # a unit's opening bracket whose top alone was read: `万头、(只)` (a numbering `一、（一）` stays)
    s = regex.sub(r"(?<![一二三四五六七八九十\d])、(?=[(（])", "", s)
    s = _NUMBERISH.sub(lambda m: m.group(0).translate(_DIGIT_LOOKALIKES), s)
    s = _COMMA_IN_NUMBER.sub(",", s)
    s = _POINT_AFTER_LAST_DIGIT.sub("", s)
    s = _SPECK_BEFORE_POINT.sub("", s)
    s = _POINT_OF_AMOUNT.sub(r"\g<int>.\g<dec>", s)
    s = _WAN_AS_FANG.sub("万", s)
    s = _GE_AS_ARROW.sub("个", s)
    s = _SPECK_BEFORE_MONTH.sub("", s)
    s = _SPECK_AFTER_SIGN.sub(r"\g<sign>", s)
    s = _UNIT_AFTER_NUMBER.sub(_mend_unit, s)
    if regex.fullmatch(r"\p{Han}{1,3}", s):  # a unit in a column of its own (list forms): `卢`, `公重`
        s = _unit_part(s)
    m = _GE_AS_2.match(s.replace("（", "(").replace("）", ")"))
    if m and float(m.group("num")) <= 100 and float("2" + m.group("num")) > 100:
        return f"≥{m.group('num')}({m.group('unit')})"
    return s if s != squash(text) else text


_HAN = r"\p{Han}"
_MIDDOT_AS_PERIOD = regex.compile(rf"(?<={_HAN}|[)）”》])(?:[·•°](?={_HAN}|[“(（]|$)|α$)")  # α: a speckled 。
# a lone right quote between two Chinese characters, with no opening quote before it: a comma
# whose tail the scan lost (bilevel scans read ， as ’)
_QUOTE_AS_COMMA = regex.compile(rf"(?<={_HAN})[’'](?={_HAN})")


def _curly_quotes(text: str) -> str:
    """ASCII double quotes in Chinese text back to “ and ”, alternating from an opening one."""
    if '"' not in text or not regex.search(_HAN, text):
        return text
    out, opening = [], True
    for ch in text:
        if ch == '"':
            ch = "“" if opening else "”"
            opening = not opening
        elif ch == "“":
            opening = False
        elif ch == "”":
            opening = True
        out.append(ch)
    return "".join(out)


# specks of scanner noise the detector took in at a line's end: `说明1+`, `立项依据-00`, `等。9..`
_TRAILING_SPECKS = regex.compile(r"(?:(?<=[\p{Han}\d])\s*[+＋]|(?<=\p{Han})\s*[-~_=·•'`]+[0oO.]{0,2}"
                                 r"|(?<=[。；！？])\s*\d?[.·…]{1,3})$")


# 目 with a speck on its top stroke reads 自: `绩效自标` is no word (各自标准 is), and `项自` is one
# only before a verb (各项自查, 各项自主); before a noun, a bracket or a mark, or at the end, it is 项目
_ZI_FOR_MU = regex.compile(r"(?<=绩效|年度|总体|发展|远景|阶段|预期|项目|任务|产出|效益|中期|长期|规划|工作)自(?=标)"
                           r"|(?<=项)自(?=$|[名资绩类支经预概其总实等的及和与（(“”\"：:，,。、；;）)])")


def repair_text(text: str) -> str:
    """Punctuation OCR misreads in running Chinese text: 丶 for 、, a middle dot or degree sign for
    。 between Chinese characters, a lone ’ between them for ，, straight quotes for “ ”; specks of
    noise read as marks at a line's end dropped."""
    text = _TRAILING_SPECKS.sub("", text)
    text = _WAN_AS_FANG.sub("万", text)
    text = _ZI_FOR_MU.sub("目", text)
    text = text.translate(_PUNCT)
    text = _MIDDOT_AS_PERIOD.sub("。", text)
    if "‘" not in text:
        text = _QUOTE_AS_COMMA.sub("，", text)
    return _curly_quotes(text)


def repair_cell(text: str) -> str:
    """One OCR'd table cell: punctuation, then a label snap or a target repair."""
    if not text:
        return text
    text = repair_text(text)
    snapped = snap_label(text)
    if snapped != text:
        return snapped
    return repair_target(text)
