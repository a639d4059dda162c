"""Indicators packed into one cell as numbered text, split into rows.

Some systems print a project's whole indicator table into one cell:
`1、1－产出指标，11－数量指标，项目资金支付及时率；实施周期指标值：100%，年度指标值：100%;2、2－效益指标，…`.
Each numbered item is one indicator: its 一级 and 二级 (codes such as `1－`, `11－` dropped), its name,
then its values by label.  The annual value (年度指标值, or a plain 指标值) is the target; a value for
the whole period (实施周期指标值, 长期指标值) is kept as the long-term target.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from budget_declarations.normalize import taxonomy
from budget_declarations.normalize.text import clean_text, squash

# a value's label, then its colon, or straight its comparison (`实施周期指标值》90%`)
_VALUE_LABEL = regex.compile(
    r"(?P<label>(?:实施周期|实施期|项目期|中长期|长期|中期|年度|本年|当年)?(?:绩效)?(?:指标值|目标值))"
    r"\s*(?:[:：]|(?=[》《≥≤≧≦><=＝＞＜]))"
)
_PERIOD = regex.compile(r"^(?:实施周期|实施期|项目期|中长期|长期|中期)")
# an item starts at the cell's start or after a separator: `2、`, `3.`, `(4)` before a coded level
_ITEM_START = regex.compile(
    r"(?:^|(?<=[;；。,，]))\s*(?:[（(]?\d{1,3}[)）]|\d{1,3}\s*[、.．])\s*(?=(?:\d{1,3}\s*[－\-—–]\s*)?\S{1,12}?指标)"
)
_CODE = regex.compile(r"^\d{1,4}\s*[－\-—–]\s*")
_TRAILING = regex.compile(r"[\s;；，,、]+$")  # a full stop ends a value's sentence: kept


@dataclass(frozen=True)
class PackedIndicator:
    level1: str | None
    level2: str | None
    level3: str | None
    target: str | None
    long_term_target: str | None


def is_packed(text: str | None) -> bool:
    """Text that holds indicators as numbered items with labelled values."""
    t = squash(text)
    if len(_VALUE_LABEL.findall(t)) < 1 or not regex.search(r"指标", t):
        return False
    return len(_ITEM_START.findall(t)) >= 1 and any(taxonomy.canonical(_CODE.sub("", p)) for p in regex.split(r"[，,；;]", t))


def _items(text: str) -> list[str]:
    starts = [m.end() for m in _ITEM_START.finditer(text)]
    if not starts:
        return [text]
    bounds = [m.start() for m in _ITEM_START.finditer(text)][1:] + [len(text)]
    return [text[s:e] for s, e in zip(starts, bounds)]


def split_packed(text: str | None) -> list[PackedIndicator]:
    """The indicators a packed cell holds, in printed order (an item it cannot read is skipped)."""
    t = squash(text)
    out = []
    for item in _items(t):
        labels = list(_VALUE_LABEL.finditer(item))
        head = item[: labels[0].start()] if labels else item
        values: dict[str, str] = {}
        for n, m in enumerate(labels):
            end = labels[n + 1].start() if n + 1 < len(labels) else len(item)
            value = _TRAILING.sub("", item[m.end():end])
            kind = "long" if _PERIOD.match(m.group("label")) else "annual"
            values.setdefault(kind, value)
        level1 = level2 = None
        names: list[str] = []
        for part in (p for p in regex.split(r"[，,；;]", _TRAILING.sub("", head)) if p):
            bare = _CODE.sub("", part)
            name = taxonomy.canonical_in_column(bare) if not names else None
            if not names and name and taxonomy.is_level1(name) and level1 is None and level2 is None:
                level1 = bare
            elif not names and name and name in taxonomy.LEVEL2 and level2 is None:
                level2 = bare
            else:
                names.append(part)
        level3 = clean_text("，".join(names))
        if level3 is None and not values:
            continue
        out.append(PackedIndicator(level1, level2, level3, values.get("annual") or None, values.get("long") or None))
    return out
