"""Amounts as printed on forms ("1,234,500.00", "0", "", "12万元") into exact decimals in 元."""
from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

import regex

from budget_declarations.normalize.text import squash

_EMPTY = {"", "-", "--", "—", "——", "/", "／", "无", "空", "null", "None", "nan"}
_AMOUNT = regex.compile(r"^(?P<num>[-+]?\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d{1,6})?)(?P<unit>万元|亿元|元|万|亿)?$")
_BAD_GROUPING = regex.compile(r"^[-+]?\d[\d,]*,[\d,]*(?:\.\d+)?(?:万元|亿元|元|万|亿)?$")
_NOT_FINITE = regex.compile(r"^[-+]?(?:nan|inf|infinity|∞)$", regex.IGNORECASE)
# an amount that cannot be one (more digits than any budget, not a number at all): the money
# columns leave it null and the checks say so (AMOUNT_OUT_OF_RANGE)
OUT_OF_RANGE = Decimal("Infinity")
_MOST_DIGITS = 30
_SCALE = {None: 1, "元": 1, "万": 10_000, "万元": 10_000, "亿": 100_000_000, "亿元": 100_000_000}
CENT = Decimal("0.01")
# `264 640000`: a gap where the text layer lost the decimal point (a run of four or more digits
# after it is no thousands group); joined it would read a million times too much
_LOST_POINT = regex.compile(r"(?<![.\d])\d+\s+\d{4,}(?![\d,])")


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (NFKC), minus whitespace."""
    return squash(unicodedata.normalize("NFKC", text or ""))


def parse_amount(text: str | None, default_scale: int = 1) -> Decimal | None:
    """An amount in 元 rounded to cents; None for an empty cell or one that is not an amount.

    Form cells are in 元; a cell that names 万元 or 亿元 is scaled.  `default_scale` applies when
    no unit is written (10000 for narrative amounts given in 万元).
    """
    if text is None or _LOST_POINT.search(text):
        return None
    s = fold(text).replace("￥", "").replace("¥", "")
    if s in _EMPTY:
        return None
    if _NOT_FINITE.match(s):
        return OUT_OF_RANGE  # `NaN`, `∞`: a number no amount can be (the caller says so)
    m = _AMOUNT.match(s)
    if not m:
        # `1,23,456`: digits whose separators stand where no grouping puts them; not read, said
        return OUT_OF_RANGE if _BAD_GROUPING.match(s) else None
    digits = m.group("num").replace(",", "")
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None
    if not number.is_finite() or number.adjusted() > _MOST_DIGITS:
        return OUT_OF_RANGE  # 40 digits, `1e400`: more than any budget holds
    scale = _SCALE[m.group("unit")] if m.group("unit") else default_scale
    with localcontext() as ctx:  # exact, whatever the number of digits
        ctx.prec = len(digits) + 40
        return (number * scale).quantize(CENT)
