"""Chinese numerals of a target (`两台`, `十二个月`, `半小时内`, `三千人`) into numbers.

Only whole cells use them (`target.py`): inside a sentence 一 and 两 are words as often as numbers
(`一件事`, `两级`, `统一`), and a value must be a number the cell prints.
"""
from __future__ import annotations

import regex

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = r"(?:[零〇一二两三四五六七八九十百千]+|半)"
_SHAPE = regex.compile(r"^(?:[一二两三四五六七八九]?千)?(?:[零〇]?[一二两三四五六七八九]?百)?"
                       r"(?:[零〇]?[一二两三四五六七八九]?十)?[零〇]?[一二两三四五六七八九]?$")


def cn_number(text: str) -> float | None:
    """The value of a Chinese numeral below 10000 (`十二` 12, `两百` 200, `半` 0.5); None if it is not one."""
    if text == "半":
        return 0.5
    if not text or not _SHAPE.match(text) or text in ("零", "〇"):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            total += (digit if digit is not None else 1) * _UNITS[ch]
            digit = None
    return float(total + (digit or 0))
