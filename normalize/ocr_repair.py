"""Domain-aware repair of OCR text: labels snapped to the form's vocabulary, targets mended.

Only repairs whose outcome is certain are made: a cell is snapped to a label only when it is one
or two characters away from exactly one label of similar length, and a target is mended only when
the form's own pattern (`≥90.00(%)`) leaves one reading.  Everything else is left as read, with
its confidence, for a person to check.
"""
from __future__ import annotations

from difflib import SequenceMatcher

import regex

from budget_declarations.normalize import taxonomy
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
_COMMA_IN_NUMBER = regex.compile(r"(?<=\d)[，,](?=\d{3}\b)")


# characters a recogniser takes for one another (a speck on 目 reads 自): a label that differs from
# the cell only by such a pair is the likelier one when two labels are as near
_CONFUSABLE = [set(group) for group in ("目自日曰白", "己已巳", "未末", "土士", "人入八", "大太犬", "千干于",
                                         "戊戌成", "间问", "拨拔", "资姿", "额颔", "称秤")]


def _confusable(a: str, b: str) -> bool:
    return len(a) == len(b) and all(x == y or any(x in g and y in g for g in _CONFUSABLE) for x, y in zip(a, b))


def snap_label(text: str, vocabulary: tuple[str, ...] = VOCABULARY) -> str:
    """The vocabulary word a short OCR'd cell most likely is, when that is beyond doubt."""
    key = squash(text)
    if len(key) < 4 or key in vocabulary:
        return text
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
    return text


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
    m = _GE_AS_2.match(s.replace("（", "(").replace("）", ")"))
    if m and float(m.group("num")) <= 100 and float("2" + m.group("num")) > 100:
        return f"≥{m.group('num')}({m.group('unit')})"
    return s if s != squash(text) else text


_HAN = r"\p{Han}"
_MIDDOT_AS_PERIOD = regex.compile(rf"(?<={_HAN}|[)）”])[·•°](?={_HAN}|[“(（]|$)")
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


def repair_text(text: str) -> str:
    """Punctuation OCR misreads in running Chinese text: 丶 for 、, a middle dot or degree sign for
    。 between Chinese characters, a lone ’ between them for ，, straight quotes for “ ”; specks of
    noise read as marks at a line's end dropped."""
    text = _TRAILING_SPECKS.sub("", text)
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
