"""Comparators of 指标值: the signs and words people write for ≥ ≤ > < =.

Signs come in look-alikes (`≧` `≦`, `》` `《` typed with a Chinese input method, `＞＝` folded to
`>=`, `≥=`, `=>`) and doubled (`≥≥`); words stand before the number (`不低于95%`, also a few
characters before it: `不超过预算305万元`) or after its unit (`80%以上`, `20日内`).  A comparator is
only what the text writes: none written is None, never a guess.
"""
from __future__ import annotations

import regex

_SIGN_CHARS = "≥≧⩾≤≦⩽<>=═》《≠"
_SIGN_VALUES = {
    "≥": ">=", "≧": ">=", "⩾": ">=", "≤": "<=", "≦": "<=", "⩽": "<=", ">": ">", "<": "<", "》": ">",
    "《": "<", "=": "=", "═": "=", "≠": "!=",
}
_SIGN_RUN = regex.compile(rf"^[{_SIGN_CHARS}]+")

PREFIX_WORDS = {
    "不低于": ">=", "不少于": ">=", "大于等于": ">=", "大于或等于": ">=", "至少": ">=", "达到": ">=",
    "不小于": ">=", "不高于": "<=", "不超过": "<=", "不超出": "<=", "不超": "<=", "不多于": "<=",
    "不大于": "<=", "小于等于": "<=", "小于或等于": "<=", "最多": "<=", "控制在": "<=", "大于": ">",
    "高于": ">", "超过": ">", "多于": ">", "小于": "<", "低于": "<", "少于": "<", "等于": "=",
    # `约5.5万人`: an approximate number, no comparator
    "约": None, "大约": None, "约为": None,
}
SUFFIX_WORDS = {
    "及以上": ">=", "以上": ">=", "或以上": ">=", "及以下": "<=", "以下": "<=", "或以下": "<=",
    "以内": "<=", "之内": "<=", "内": "<=",
}
PREFIX = "|".join(sorted(PREFIX_WORDS, key=len, reverse=True))
SUFFIX = "|".join(sorted(SUFFIX_WORDS, key=len, reverse=True))
# words that state a comparison without a number (`不低于上年`, `实际支出不超预算`, `在计划时间内完成`);
# 达到 (达到预期) and 约 do not
_QUALITATIVE = regex.compile(
    r"^(?:控制)?在.+(?:内|之内|以内)(?:完成)?$"
    r"|(?P<w>不低于|不少于|不小于|至少|不高于|不超过|不超出|不超|不多于|不大于|最多|高于|低于|超过|大于|小于)"
    r"|(?P<s>及以上|以上|以内|之内|以下)$"
    r"|(?<=\p{Han})(?P<sign>[≥≧⩾≤≦⩽])(?=\p{Han})"
)


def split_sign(s: str) -> tuple[str | None, str]:
    """The comparator a run of signs at the start writes, and the rest: `≥=90` → ('>=', '90')."""
    m = _SIGN_RUN.match(s)
    if not m:
        return None, s
    run, rest = m.group(), s[m.end():]
    kinds = {_SIGN_VALUES[c] for c in run}
    if "!=" in kinds:
        return ("!=", rest) if kinds == {"!="} else (None, s)
    if kinds <= {"="}:
        return "=", rest
    strict = kinds - {"="}
    if len(strict) != 1:  # `><`, `≥≤`: no reading
        return None, s
    (sign,) = strict
    if "=" in kinds or sign in (">=", "<="):
        return (">=" if sign.startswith(">") else "<="), rest
    return sign, rest


def qualitative_comparator(text: str) -> str | None:
    """The comparison words of a target without a number state (`不低于上年` → `>=`)."""
    m = _QUALITATIVE.search(text)
    if not m:
        return None
    if m.group("w"):
        return PREFIX_WORDS[m.group("w")]
    if m.group("s"):
        return SUFFIX_WORDS[m.group("s")]
    if m.group("sign"):
        return split_sign(m.group("sign"))[0]
    return "<="
