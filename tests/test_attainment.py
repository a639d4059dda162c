"""target_met on hand-checked pairs: less is better, dates, percentages, units, words (issue 11)."""
import pytest

from budget_declarations.normalize.attainment import target_met
from budget_declarations.normalize.target import parse_target


@pytest.mark.parametrize("target,actual,level1,direction,met", [
    ("≥90%", "93%", None, None, True),
    ("≥90%", "88%", None, None, False),
    ("≥95%", "98", None, None, True),  # an actual without a unit is in the target's unit
    ("≤73.9元/亩", "71.2元/亩", None, None, True),  # less is better
    ("≤5人", "6人", None, None, False),
    ("=100%", "100%", None, None, True),
    ("＝12个", "11个", None, None, False),
    ("≥3.2万亩", "32500亩", None, None, True),  # compared in base units
    ("≥3.2万亩", "3.3", None, None, True),
    ("100%", "98%", None, None, False),  # no comparator: to be reached
    ("49万元", "46.8万元", "成本指标", None, True),  # a cost not to be exceeded
    ("0起", "1起", None, "反向", False),
    ("±3%以内", "2%", None, None, True),
    ("≤2025年11月", "2025年10月", None, None, True),
    ("2025年6月30日前", "2025年7月15日", None, None, False),
    ("及时", "及时", None, None, True),
    ("明显改善", "已完成", None, None, True),
    ("≥85%", "未开展调查", None, None, False),
    ("明显改善", "有所改善", None, None, None),  # a description: not guessed
    ("≥90%", "95人", None, None, None),  # different units
    ("≥90%", None, None, None, None),
    # ranges hold both ends, in base units (issue 22)
    ("90%-95%", "93%", None, None, True),
    ("90%-95%", "97%", None, None, False),
    ("800-1000元", "0.09万元", None, None, True),
    ("800-1000元", "0.12万元", None, None, False),
    ("30分钟内", "0.4小时", None, None, True),  # durations in one base unit
])
def test_target_met(target, actual, level1, direction, met):
    assert target_met(parse_target(target, fiscal_year=2025), parse_target(actual, fiscal_year=2025), level1, direction) is met
