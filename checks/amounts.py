"""Money amounts in narrative text (六、年度预算安排), with the precision they were written to.

Only money counts: `16元/平/月` is a unit price and `1469平方米` an area.  A figure with decimals
(`44.07万元`) is a rounded one, good to half its last digit; a whole figure (`180万元`) is taken
as written.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from budget_declarations.normalize.numbers import fold

_AMOUNT = regex.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.(?P<dec>\d+))?)\s*(?P<unit>亿元|万元|元|万(?!平方|人|次|个|台|件|亩|米|公里|户|吨|册|份|名|套))"
    r"(?!\s*/)"
)
_TOTAL_WORD = regex.compile(r"(?:合计|共计|总计|总额|总共|共)\s*(?:约|为|:|：)?\s*$")
_ITEM_MARK = regex.compile(r"[(（]\s*\d{1,2}\s*[)）]|(?<![\d.])\d{1,2}\s*[、.．](?!\d)|[①-⑳]")
_SCALE = {"元": Decimal(1), "万元": Decimal(10_000), "万": Decimal(10_000), "亿元": Decimal(100_000_000)}


@dataclass(frozen=True)
class Amount:
    yuan: Decimal
    tolerance: Decimal  # half of the last written digit, in 元 (0 for a whole figure)
    start: int
    is_total: bool


def find_amounts(text: str) -> list[Amount]:
    """Every money amount, flagged as a stated total where 合计/共计… precedes it."""
    s = fold(text)
    items = [m.start() for m in _ITEM_MARK.finditer(s)]
    found: list[Amount] = []
    for m in _AMOUNT.finditer(s):
        scale = _SCALE[m.group("unit")]
        number = Decimal(m.group("num").replace(",", ""))
        if number.adjusted() > 20:  # more digits than any amount: a code or a typo, not money
            continue
        decimals = len(m.group("dec") or "")
        tolerance = (Decimal(5) / Decimal(10) ** (decimals + 1)) * scale if decimals else Decimal(0)
        before = s[max(0, m.start() - 6): m.start()]
        inside_item = bool(items) and items[0] < m.start()
        found.append(Amount(number * scale, tolerance, m.start(), bool(_TOTAL_WORD.search(before)) and not inside_item))
    return found


def stated_amount(text: str | None) -> tuple[Decimal, Decimal, str] | None:
    """(amount in 元, tolerance, how it was read): the stated total, else the sum of the items."""
    if not text:
        return None
    amounts = find_amounts(text)
    if not amounts:
        return None
    totals = [a for a in amounts if a.is_total]
    if totals:
        return totals[-1].yuan, totals[-1].tolerance, "total"
    return sum((a.yuan for a in amounts), Decimal(0)), sum((a.tolerance for a in amounts), Decimal(0)), "sum"
