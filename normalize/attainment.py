"""Whether an indicator's actual (实际完成值) meets its target (指标值): true, false, or null.

Decisions (docs/schema.md repeats them):
- Numbers: compared in base units when both name one (`≥3.2万亩` against `32500亩`); an actual
  written without a unit is taken in the target's unit as written (`≥95%` against `98`). Units that
  differ otherwise (`%` against `人`) give null.
- The comparator is the target's; a target without one (`100%`, `3个`) is to be reached (`>=`),
  or not exceeded (`<=`) for a 成本指标 or an indicator marked 反向.  `=` allows a difference of a
  millionth; a tolerance (`±3%以内`) bounds the actual's absolute value; a range (`90%-95%`) holds
  both its ends.  A cell of several targets (kind `multiple`) is not compared as one number.
- Deadlines: an actual date on or before the target's last allowed day meets it.
- Words: an actual equal to the target's word meets it (`及时` / `及时`); an actual stating that the
  target was reached (`达到`, `已完成`, `按时完成`, `是`) meets it, one stating it was not (`未完成`,
  `未达到`, `滞后`) misses it; anything else is null — nothing is guessed.
"""
from __future__ import annotations

import regex

from budget_declarations.normalize.target import Target
from budget_declarations.normalize.text import squash

_MISSED = regex.compile(r"未|没有|不达标|不合格|滞后|延迟|延期|^否$|不及时|不到位")
_REACHED = regex.compile(r"^(?:已|均|全部|基本)?(?:达到|达成|完成|实现|达标|按时完成|按期完成|如期完成|及时完成)|^(?:是|及时|合格|符合|满足)$")
_OPS = {
    ">=": lambda a, t: a >= t - 1e-9, "<=": lambda a, t: a <= t + 1e-9, ">": lambda a, t: a > t,
    "<": lambda a, t: a < t, "=": lambda a, t: abs(a - t) <= 1e-6 * max(1.0, abs(t)), "!=": lambda a, t: a != t,
}


def _stated(actual: Target) -> bool | None:
    text = squash(actual.raw)
    if _MISSED.search(text):
        return False
    if _REACHED.search(text):
        return True
    return None


def _numbers(target: Target, actual: Target) -> tuple[float, float] | None:
    if actual.unit is None:
        return actual.value, target.value  # type: ignore[return-value]
    if target.unit is None or target.unit_std == actual.unit_std:
        return actual.value_std, target.value_std  # type: ignore[return-value]
    return None


def target_met(target: Target, actual: Target, level1: str | None = None, direction: str | None = None) -> bool | None:
    """True / False / None (cannot tell) for one indicator row."""
    if not target.raw or not actual.raw:
        return None
    if target.kind == "numeric" and actual.kind == "numeric":
        pair = _numbers(target, actual)
        if pair is None or pair[0] is None or pair[1] is None:
            return None
        got, want = pair
        if target.tolerance:
            return abs(got) <= want + 1e-9
        if target.comparator == "between" and target.value_max is not None:  # `90%-95%`: both ends in
            scale = want / target.value if target.value else 1.0  # the same base unit as the low end
            return want - 1e-9 <= got <= target.value_max * scale + 1e-9
        comparator = target.comparator or ("<=" if level1 == "成本指标" or direction == "反向" else ">=")
        return _OPS[comparator](got, want)
    if target.kind == "date" and actual.kind == "date" and target.date and actual.date:
        return actual.date <= target.date
    if target.kind == "qualitative" and actual.kind == "qualitative" and squash(target.text) == squash(actual.text):
        return True
    return _stated(actual)
