"""Every 指标值 format in docs/reference/value-formats.md, with the reading written down by hand."""
import datetime as dt

import pytest
import regex
from hypothesis import assume, given, settings, strategies as st

from budget_declarations.normalize.target import parse_target

N, D, Q = "numeric", "date", "qualitative"

# (cell as written, comparator, number, unit as written, kind)
CASES = [
    # Shanghai 普陀 申报表 and the seed
    ("=100.00(%)", "=", 100.0, "%", N),
    ("≥90.00(%)", ">=", 90.0, "%", N),
    ("985米", None, 985.0, "米", N),
    ("≤13.80(万)", "<=", 13.8, "万", N),
    ("=3000.00(元/人/月)", "=", 3000.0, "元/人/月", N),
    ("≥90.00 (%)", ">=", 90.0, "%", N),
    # operator + number + unit in one cell
    ("≥90%", ">=", 90.0, "%", N), ("≥95%", ">=", 95.0, "%", N), ("≥99%", ">=", 99.0, "%", N),
    ("≥85%", ">=", 85.0, "%", N), ("100%", None, 100.0, "%", N), ("0%", None, 0.0, "%", N),
    ("±3%以内", "<=", 3.0, "%", N),
    ("≥50个", ">=", 50.0, "个", N), ("=8个", "=", 8.0, "个", N), ("=42个", "=", 42.0, "个", N),
    ("≥100百分比", ">=", 100.0, "百分比", N), ("≤90万元", "<=", 90.0, "万元", N),
    ("≤202.6万元", "<=", 202.6, "万元", N), ("≤65万元", "<=", 65.0, "万元", N),
    ("≥80M", ">=", 80.0, "M", N), ("80M", None, 80.0, "M", N), ("10辆", None, 10.0, "辆", N),
    ("250万", None, 250.0, "万", N), ("1600元/亩", None, 1600.0, "元/亩", N),
    ("3500公斤", None, 3500.0, "公斤", N), ("≥100公里", ">=", 100.0, "公里", N),
    ("≥20座", ">=", 20.0, "座", N), ("≥500人", ">=", 500.0, "人", N), ("≥1000人", ">=", 1000.0, "人", N),
    ("≥500亩", ">=", 500.0, "亩", N), ("≥20年", ">=", 20.0, "年", N), ("≥100%", ">=", 100.0, "%", N),
    ("≥266米", ">=", 266.0, "米", N), ("≥50厘米", ">=", 50.0, "厘米", N), ("20万元", None, 20.0, "万元", N),
    ("1346.0088万平方米", None, 1346.0088, "万平方米", N), ("485条", None, 485.0, "条", N),
    ("283辆", None, 283.0, "辆", N), ("1次/月", None, 1.0, "次/月", N), ("≤620万/月", "<=", 620.0, "万/月", N),
    ("=100%", "=", 100.0, "%", N), ("≤10次", "<=", 10.0, "次", N), ("≤5%", "<=", 5.0, "%", N),
    ("2280次", None, 2280.0, "次", N), (">92%", ">", 92.0, "%", N), ("95%以上", ">=", 95.0, "%", N),
    # ASCII operators
    (">=101人/次", ">=", 101.0, "人/次", N), (">=100%", ">=", 100.0, "%", N), (">=95%", ">=", 95.0, "%", N),
    (">=28次", ">=", 28.0, "次", N), (">=500人", ">=", 500.0, "人", N), (">=2個", ">=", 2.0, "個", N),
    # full-width / odd operators, and split columns joined by the parser
    ("≧90%", ">=", 90.0, "%", N), ("≧85%", ">=", 85.0, "%", N), ("≧735人次", ">=", 735.0, "人次", N),
    ("═100%", "=", 100.0, "%", N), ("≥95%", ">=", 95.0, "%", N), ("=11个", "=", 11.0, "个", N),
    ("≥1人/年", ">=", 1.0, "人/年", N), ("≥1年", ">=", 1.0, "年", N), ("90%", None, 90.0, "%", N),
    ("＞＝95％", ">=", 95.0, "%", N), ("≤１０次", "<=", 10.0, "次", N),
    ("28.8萬元", None, 28.8, "万元", N), ("100", None, 100.0, None, N),
    # bare numbers
    ("3", None, 3.0, None, N), ("10", None, 10.0, None, N), ("180", None, 180.0, None, N),
    ("85%", None, 85.0, "%", N),
    # words as comparators
    ("不低于95%", ">=", 95.0, "%", N), ("不少于5次", ">=", 5.0, "次", N), ("不超过10万元", "<=", 10.0, "万元", N),
    ("30天以内", "<=", 30.0, "天", N), ("5次以下", "<=", 5.0, "次", N),
    # periods counted in working days, rates written with `*` or 每 (北京 2026 forms)
    ("≤90个工作日", "<=", 90.0, "个工作日", N), ("2个工作日内", "<=", 2.0, "个工作日", N),
    ("≤5个工作日", "<=", 5.0, "个工作日", N), ("≤15000元/人*月", "<=", 15000.0, "元/人*月", N),
    ("≤100元每千字", "<=", 100.0, "元每千字", N), ("≤110000元/人年", "<=", 110000.0, "元/人年", N),
    ("≥11个（台、套、件、辆）", ">=", 11.0, "个(台、套、件、辆)", N),
    # broken / OCR / concatenation artifacts: numbers are read only where the reading is certain
    ("292%", None, 292.0, "%", N), ("210010", None, 210010.0, None, N), ("88100", None, 88100.0, None, N),
    ("290$290%", None, None, None, Q), ("工5%工5%", None, None, None, Q), ("880%^80%", None, None, None, Q),
    ("250%5=50%", None, None, None, Q),
    # qualitative
    *[(w, None, None, None, Q) for w in (
        "及时", "可控", "减少", "提升", "健全", "合理", "提高", "降低", "优良", "有效", "合规", "效果明显",
        "显著提升", "严格执行相关制度规定", "符合相关规定", "是", "按月安排", "應(yīng)保盡保",
    )],
    # words that state a comparison give it, without a number (issue 22)
    ("在项目计划完成时间内完成", "<=", None, None, Q), ("控制在预算内", "<=", None, None, Q),
    ("不超预算", "<=", None, None, Q), ("不低于上年", ">=", None, None, Q),
    # hours a day say when a service is open: a description (the seed's 平台在线率)
    ("24小时每天", None, None, None, Q), ("24 小时每天", None, None, None, Q),
]

DATES = [
    # (cell, comparator, date)
    ("2026年12月31日", None, dt.date(2026, 12, 31)),
    ("2026 年 12 月 31 日", None, dt.date(2026, 12, 31)),
    ("26年底前", "<=", dt.date(2026, 12, 31)),
    ("2026年12月31日前", "<=", dt.date(2026, 12, 31)),
    ("2023年12月前", "<=", dt.date(2023, 12, 31)),
    ("2023.07-2024.01", None, dt.date(2024, 1, 31)),
    ("2020年1月--2020年11月", None, dt.date(2020, 11, 30)),
    ("11月底完成", None, dt.date(2026, 11, 30)),
    ("年底前", "<=", dt.date(2026, 12, 31)),
]


@pytest.mark.parametrize("cell,comparator,number,unit,kind", CASES)
def test_value_format(cell, comparator, number, unit, kind):
    t = parse_target(cell, fiscal_year=2026)
    assert (t.comparator, t.value, t.unit, t.kind) == (comparator, number, unit, kind)
    if kind == Q:
        assert t.text and t.value is None


@pytest.mark.parametrize("cell,comparator,when", DATES)
def test_date_format(cell, comparator, when):
    t = parse_target(cell, fiscal_year=2026)
    assert (t.kind, t.comparator, t.date, t.value) == (D, comparator, when, None)


def test_garbled_period_is_not_a_date():
    # `20246-202516` lost its separators: no date can be read from it with certainty.
    t = parse_target("20246-202516", fiscal_year=2026)
    assert t.kind == Q and t.date is None


@pytest.mark.parametrize("cell,indicator,value_std,unit_std", [
    ("≤13.80(万)", "经济成本指标平均每个模块金额", 138000.0, "元"),
    ("250万", "受益人数", 2_500_000.0, None),
    ("≤90万元", "", 900_000.0, "元"),
    ("1346.0088万平方米", "", 13_460_088.0, "平方米"),
    ("≤620万/月", "租金", 6_200_000.0, "元/月"),
    ("2亿元", "", 200_000_000.0, "元"),
    ("≥100百分比", "", 100.0, "%"),
    ("=3000.00(元/人/月)", "补贴标准", 3000.0, "元/人/月"),
    ("≤15000元/人*月", "劳务费用", 15000.0, "元/人/月"),
    ("≤100元每千字", "稿费", 100.0, "元/千字"),
])
def test_base_units(cell, indicator, value_std, unit_std):
    t = parse_target(cell, indicator=indicator)
    assert (t.value_std, t.unit_std) == (value_std, unit_std)


def test_empty_cell_has_no_kind():
    assert parse_target("  ").kind is None and parse_target(None).raw is None


_SYMBOL = {">=": ["≥", "≧", ">=", "＞＝"], "<=": ["≤", "≦", "<="], "=": ["=", "＝", "═"], None: [""]}


@settings(deadline=None)  # timing is not under test; a slow CI machine must not fail it
@given(
    comparator=st.sampled_from([">=", "<=", "=", None]),
    number=st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(["%", "个", "次", "元/人/月", "平方米", "万元", "人次", ""]),
    paren=st.booleans(),
    data=st.data(),
)
def test_round_trip(comparator, number, unit, paren, data):
    symbol = data.draw(st.sampled_from(_SYMBOL[comparator]))
    written = f"{symbol}{number}" + (f"({unit})" if paren and unit else unit)
    # a bare 2024.01 (no comparator, no unit) is a month by design (docs/schema.md)
    assume(not (symbol == "" and not unit and regex.match(r"^(199\d|20\d\d)\.(0?[1-9]|1[0-2])$", str(number))))
    t = parse_target(written)
    assert t.kind == N
    assert t.comparator == comparator
    assert t.value == float(number)
    assert t.unit == (unit or None)


@settings(deadline=None)
@given(st.text(max_size=40))
def test_never_raises_and_keeps_text(cell):
    t = parse_target(cell)
    assert t.kind in (None, N, D, Q, "multiple", "not_applicable")
    if t.kind == Q:
        assert t.text == t.raw
