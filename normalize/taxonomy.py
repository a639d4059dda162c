"""The 一级 / 二级 indicator taxonomy (docs/reference/taxonomy.md) and its label variants.

Two official generations are in use.  财预〔2021〕101号 makes 成本指标 a 一级指标; the older
财预〔2015〕88号 / 〔2020〕10号 put 成本指标 under 产出指标.  A 二级 name identifies its 一级,
which lets the parser restore a 一级 cell that a page break or a merged cell lost.
"""
from __future__ import annotations

from budget_declarations.normalize.text import squash

LEVEL1 = ("成本指标", "产出指标", "效益指标", "满意度指标")

# 二级 -> 一级 under the 2021 generation (the one Shanghai forms follow).
LEVEL2_PARENT: dict[str, str] = {
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}
# Under the older generation 成本指标 is a 二级指标 of 产出指标.
OLD_GENERATION_LEVEL2_PARENT = {"成本指标": "产出指标"}

LEVEL2 = tuple(LEVEL2_PARENT) + tuple(OLD_GENERATION_LEVEL2_PARENT)

VARIANTS: dict[str, str] = {
    "环境效益指标": "生态效益指标",
    "生态文明效益指标": "生态效益指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "社会公众满意度指标": "服务对象满意度指标",
    "产出(工作量)指标": "产出指标",
    "产出（工作量）指标": "产出指标",
    "经济成本": "经济成本指标",
    "社会成本": "社会成本指标",
    "生态环境成本": "生态环境成本指标",
    "数量": "数量指标",
    "质量": "质量指标",
    "时效": "时效指标",
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "可持续影响": "可持续影响指标",
    # one 指标类型 column instead of 一级 + 二级 (产出类 / 效益类 / 满意度类 / 成本类)
    "产出类指标": "产出指标",
    "效益类指标": "效益指标",
    "满意度类指标": "满意度指标",
    "成本类指标": "成本指标",
    "产出类": "产出指标",
    "效益类": "效益指标",
    "满意度类": "满意度指标",
    "成本类": "成本指标",
}

ALL_NAMES = tuple(dict.fromkeys(LEVEL1 + LEVEL2 + tuple(VARIANTS)))


def canonical(label: str | None) -> str | None:
    """The standard name for a taxonomy label or variant, else None (whitespace ignored)."""
    key = squash(label)
    if not key:
        return None
    if key in LEVEL1 or key in LEVEL2_PARENT or key in OLD_GENERATION_LEVEL2_PARENT:
        return key
    return VARIANTS.get(key)


def canonical_in_column(label: str | None) -> str | None:
    """The standard name for a cell of a 一级 / 二级 column: a variant, a name printed without
    its `指标` (`服务对象满意度`), or one its cell's border cut short (`服务对象满意度指`).  Only for
    cells the column says are levels: as a 三级 text the same words name an indicator."""
    key = squash(label)
    if not key:
        return None
    found = canonical(key) or canonical(key + "指标")
    if found is None and len(key) >= 4:
        completed = complete_fragment(key)
        found = completed[0] if completed and len(completed[1]) <= 2 else None
    return found


def split_leading_levels(text: str) -> tuple[str | None, str | None, str]:
    """`产出指标数量指标京通APP功能建设数量` -> (产出指标, 数量指标, 京通APP功能建设数量): 一级 and 二级 names
    printed at the start of the 三级 text (a table with one 绩效指标 column).  Only full names count
    (with their 指标), so that a name that merely begins with such a word stays whole."""
    rest = squash(text)
    found: list[str] = []
    for _ in range(2):
        name = next((n for n in sorted(LEVEL1 + LEVEL2, key=len, reverse=True) if rest.startswith(n) and len(rest) > len(n)),
                    None)
        if name is None:
            break
        found.append(name)
        rest = rest[len(name):]
    if not found:
        return None, None, text
    l1 = next((n for n in found if is_level1(n) and n != "成本指标"), None) or (found[0] if len(found) == 2 else None)
    l2 = next((n for n in found if n in LEVEL2_PARENT), None)
    if l1 is None and l2 is None:
        l1 = found[0]
    return l1, l2, rest


def is_level1(name: str | None) -> bool:
    return name in LEVEL1


def parent_of(level2: str | None, level1_hint: str | None = None) -> str | None:
    """The 一级 a 二级 name implies; 成本指标 as a 二级 belongs to 产出指标 (older generation)."""
    if level2 in LEVEL2_PARENT:
        return LEVEL2_PARENT[level2]
    if level2 in OLD_GENERATION_LEVEL2_PARENT and level1_hint == "产出指标":
        return "产出指标"
    return None


def complete_fragment(text: str) -> tuple[str, str] | None:
    """A taxonomy name a page break cut short (`产出指` of `产出指标`): (full name, missing tail).

    Only a cut of at most three characters counts, so that an ordinary 三级 text that happens to
    start like a taxonomy name is not swallowed.
    """
    key = squash(text)
    if len(key) < 2:
        return None
    hits = {n for n in LEVEL1 + LEVEL2 if n.startswith(key) and 0 < len(n) - len(key) <= 3}
    if len(hits) == 1:
        name = hits.pop()
        return name, name[len(key):]
    return None
