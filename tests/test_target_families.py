"""Property tests per family of 指标值 (issue 22): what is generated reads back; no value is ever
read that the cell does not print; layout whitespace and full-width forms change nothing."""
import datetime as dt

import pytest
import regex
from hypothesis import given, settings, strategies as st

from budget_declarations.normalize.target import parse_target

SETTINGS = settings(deadline=None, max_examples=150)
numbers = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False).map(
    lambda d: format(d.normalize(), "f"))
units = st.sampled_from(["%", "个", "次", "人次", "家次", "万元", "元/人/月", "平方米", "㎡", "公里", "km", "小时",
                         "分钟", "个工作日", "天", "台(套)", "万人次", "微克/立方米", "次/季度", "元/生.年"])
PREFIX = {">=": ["不低于", "不少于", "至少", "大于等于"], "<=": ["不超过", "不高于", "不多于", "控制在"],
          ">": ["大于", "超过", "高于"], "<": ["小于", "低于", "少于"]}
SUFFIX = {">=": ["以上", "及以上"], "<=": ["以内", "以下", "之内", "内"]}
SIGNS = {">=": ["≥", "≧", ">=", "＞＝", "≥=", "=>", "≥≥", "》="], "<=": ["≤", "≦", "<=", "≤=", "《="],
         ">": [">", "＞", "》"], "<": ["<", "＜", "《"], "=": ["=", "＝", "═"]}
WORDS = st.sampled_from(["全年完成", "覆盖", "共计服务", "开展培训", "新增", "完成巡查", "累计发放", ""])


def _reads(t, comparator, value, unit):
    assert (t.kind, t.comparator, t.value, t.unit) == ("numeric", comparator, float(value), unit), t


@SETTINGS
@given(comparator=st.sampled_from(sorted(PREFIX)), number=numbers, unit=units, data=st.data())
def test_comparator_words_before(comparator, number, unit, data):
    word = data.draw(st.sampled_from(PREFIX[comparator]))
    _reads(parse_target(f"{word}{number}{unit}"), comparator, number, unit)


@SETTINGS
@given(comparator=st.sampled_from(sorted(SUFFIX)), number=numbers, data=st.data())
def test_comparator_words_after(comparator, number, data):
    word = data.draw(st.sampled_from(SUFFIX[comparator]))
    unit = data.draw(st.sampled_from(["%", "个", "次", "万元", "人次", "个工作日", "分钟"]))
    _reads(parse_target(f"{number}{unit}{word}"), comparator, number, unit)


@SETTINGS
@given(comparator=st.sampled_from(sorted(SIGNS)), number=numbers, unit=units, data=st.data())
def test_look_alike_and_doubled_signs(comparator, number, unit, data):
    sign = data.draw(st.sampled_from(SIGNS[comparator]))
    _reads(parse_target(f"{sign}{number}{unit}"), comparator, number, unit)


@SETTINGS
@given(number=numbers)
def test_doubled_percent(number):
    _reads(parse_target(f"≥{number}%%"), ">=", number, "%")


@SETTINGS
@given(words=WORDS, comparator=st.sampled_from([None, *sorted(PREFIX)]), number=numbers,
       unit=st.sampled_from(["公里", "个", "人次", "万元", "场", "份", "家"]), tail=st.sampled_from(["", "社区", "报告"]),
       data=st.data())
def test_a_number_inside_a_sentence(words, comparator, number, unit, tail, data):
    word = data.draw(st.sampled_from(PREFIX[comparator])) if comparator else ""
    cell = f"{words}{word}{number}{unit}{tail}"
    t = parse_target(cell)
    _reads(t, comparator, number, unit)
    if cell != f"{number}{unit}":
        assert t.text == cell or t.text is None


CN = [("两", 2), ("一", 1), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("一百", 100),
      ("三千", 3000), ("半", 0.5)]


@pytest.mark.parametrize("numeral,value", CN)
@pytest.mark.parametrize("unit", ["台", "个", "小时", "个月", "个工作日", "次"])
def test_chinese_numerals_in_a_whole_cell(numeral, value, unit):
    t = parse_target(f"{numeral}{unit}")
    assert (t.kind, t.value, t.unit) == ("numeric", value, unit)
    assert parse_target(f"{numeral}{unit}内").comparator == "<="


def test_chinese_numerals_in_words_are_not_numbers():
    for cell in ("一流", "统一", "一件事一次办", "两级公开", "一致", "万无一失"):
        assert parse_target(cell).value is None, cell


@pytest.mark.parametrize("cell,comparator,when,notes", [
    ("年底前完成", "<=", dt.date(2026, 12, 31), ()),
    ("11月底前", "<=", dt.date(2026, 11, 30), ()),
    ("2026年9月30日前", "<=", dt.date(2026, 9, 30), ()),
    ("12月20日前", "<=", dt.date(2026, 12, 20), ()),
    ("2026年9月31日前", "<=", dt.date(2026, 9, 30), ("impossible_date",)),
    ("9月31日", None, dt.date(2026, 9, 30), ("impossible_date",)),
    ("2月30日前", "<=", dt.date(2026, 2, 28), ("impossible_date",)),
    ("3-10月", None, dt.date(2026, 10, 31), ()),
    ("2026年9至10月", None, dt.date(2026, 10, 31), ()),
    ("年内完成", "<=", dt.date(2026, 12, 31), ()),
    ("≤11月", "<=", dt.date(2026, 11, 30), ()),
])
def test_deadlines(cell, comparator, when, notes):
    t = parse_target(cell, fiscal_year=2026)
    assert (t.kind, t.comparator, t.date, t.notes) == ("date", comparator, when, notes)


@SETTINGS
@given(number=st.integers(1, 500), unit=st.sampled_from(["分钟", "小时", "个工作日", "天", "日", "个月", "自然日"]))
def test_durations_within(number, unit):
    _reads(parse_target(f"{number}{unit}内"), "<=", number, unit)


@pytest.mark.parametrize("cell,value,unit,value_std,unit_std", [
    ("≥1700㎡", 1700.0, "㎡", 1700.0, "平方米"),
    ("≥1700m²", 1700.0, "m²", 1700.0, "平方米"),
    ("1700平米", 1700.0, "平米", 1700.0, "平方米"),
    ("2.5平方公里", 2.5, "平方公里", 2_500_000.0, "平方米"),
    ("3公顷", 3.0, "公顷", 30_000.0, "平方米"),
    ("≥100公里", 100.0, "公里", 100_000.0, "米"),
    ("≥100km", 100.0, "km", 100_000.0, "米"),
    ("50厘米", 50.0, "厘米", 0.5, "米"),
    ("30分钟内", 30.0, "分钟", 0.5, "小时"),
    ("≤2天", 2.0, "天", 48.0, "小时"),
    ("≤1500(毫秒)", 1500.0, "毫秒", 0.000416667, "小时"),
    ("≤4小时", 4.0, "小时", 4.0, "小时"),
    ("≥400万人次", 400.0, "万人次", 4_000_000.0, "人次"),
    ("≥86个数", 86.0, "个数", 86.0, "个"),
    ("≥100百分比", 100.0, "百分比", 100.0, "%"),
    ("≤66.72元/㎡/月", 66.72, "元/㎡/月", 66.72, "元/平方米/月"),
    ("≥22.6亿美元", 22.6, "亿美元", 2_260_000_000.0, "美元"),
    ("2个工作日内", 2.0, "个工作日", 2.0, "工作日"),
    ("≤万分之三", 3.0, "‱", 3.0, "‱"),
])
def test_base_units_of_new_units(cell, value, unit, value_std, unit_std):
    t = parse_target(cell)
    assert (t.value, t.unit, t.value_std, t.unit_std) == (value, unit, value_std, unit_std)


def test_units_from_the_indicator_name():
    t = parse_target("300", indicator="调解补贴（元/件）")
    assert (t.value, t.unit) == (300.0, "元/件")


@pytest.mark.parametrize("cell,period,unit", [
    ("1次/季度", "季度", "次/季度"), ("≤620万/月", "月", "万/月"), ("每季度不少于1次", "季度", "次"),
    ("国发平台单位每天网巡4次", "天", "次"), ("≥1人/年", "年", "人/年"), ("小学不低于1650元/生.年", "年", "元/生.年"),
    ("1年1次", "年", "次"), ("=710元/人月", "月", "元/人月"), ("≥50个", None, "个"),
])
def test_period_of_a_rate(cell, period, unit):
    t = parse_target(cell)
    assert (t.period, t.unit) == (period, unit)


@SETTINGS
@given(low=st.integers(0, 10_000), width=st.integers(1, 10_000),
       unit=st.sampled_from(["%", "元", "个", "人", "万元", "天"]), sep=st.sampled_from(["-", "~", "～", "至", "—"]),
       unit_twice=st.booleans())
def test_ranges(low, width, unit, sep, unit_twice):
    high = low + width
    t = parse_target(f"{low}{unit if unit_twice else ''}{sep}{high}{unit}")
    assert (t.kind, t.comparator, t.value, t.value_max, t.unit) == ("numeric", "between", low, high, unit)


@SETTINGS
@given(items=st.lists(st.tuples(st.sampled_from(["", "≥", "≤", "不低于"]), numbers, units), min_size=2, max_size=5),
       sep=st.sampled_from(["；", ";", "，", "、"]), labels=st.booleans())
def test_several_targets_in_one_cell(items, sep, labels):
    names = ["小学", "初中", "特教学生", "空气站点", "水站点"]
    cell = sep.join(f"{names[i] if labels else ''}{s}{n}{u}" for i, (s, n, u) in enumerate(items))
    t = parse_target(cell)
    assert t.kind == "multiple" and t.value is None
    want = [({"≥": ">=", "≤": "<=", "不低于": ">="}.get(s), float(n), u) for s, n, u in items]
    assert [(p.comparator, p.value, p.unit) for p in t.parts] == want


@pytest.mark.parametrize("cell", ["不适用", "无", "—", "/", "——", "-", "无此项", "N/A", "／", "－"])
def test_placeholders(cell):
    t = parse_target(cell)
    assert (t.kind, t.value, t.notes) == ("not_applicable", None, ())


@pytest.mark.parametrize("cell,comparator", [
    ("得到提升", None), ("有效", None), ("是", None), ("不低于上年", ">="), ("高于全国平均水平", ">"),
    ("控制在预算内", "<="), ("实际支出不超预算", "<="), ("达到预期目标", None), ("比2025年提升", None),
])
def test_qualitative_words(cell, comparator):
    t = parse_target(cell)
    assert (t.kind, t.comparator, t.value, t.text) == ("qualitative", comparator, None, cell)


@pytest.mark.parametrize("cell", ["7*24小时", "上限LPR+50BPs", "1.", "不低于1*1km", "在2026年测评报告有效期内",
                                  "290$290%", "工5%工5%", "250%5=50%"])
def test_unreadable_digits_keep_their_text_and_say_so(cell):
    t = parse_target(cell)
    assert t.kind == "qualitative" and t.value is None and not t.parts and t.text == cell
    assert "unread_number" in t.notes


def _numbers_printed(text: str) -> set[float]:
    import unicodedata
    folded = unicodedata.normalize("NFKC", text)
    return {float(n.replace(",", "")) for n in regex.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", folded)}


_CN_CHARS = regex.compile(r"[零〇一二两三四五六七八九十百千半]")


@settings(deadline=None, max_examples=400)
@given(st.text(alphabet=st.sampled_from(list("0123456789.%≥≤<>=＝个次元万年月日前内以上下不低于超过每季度/（）()、；，两半一十")),
               max_size=30))
def test_no_value_that_the_cell_does_not_print(cell):
    t = parse_target(cell, fiscal_year=2026)
    values = [t.value, t.value_max] + [v for p in t.parts for v in (p.value, p.value_max)]
    printed = _numbers_printed(cell)
    for v in values:
        if v is not None:
            assert v in printed or _CN_CHARS.search(cell), (cell, v, printed)


_FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789%()=<>"}


@SETTINGS
@given(comparator=st.sampled_from(sorted(SIGNS)), number=numbers, unit=units, words=WORDS, data=st.data())
def test_whitespace_full_width_and_line_breaks_change_nothing(comparator, number, unit, words, data):
    cell = f"{words}{data.draw(st.sampled_from(SIGNS[comparator]))}{number}{unit}"
    plain = parse_target(cell)
    wide = "".join(_FULL_WIDTH.get(c, c) for c in cell)
    breaks = data.draw(st.lists(st.sampled_from([" ", "\n", "\t", "\u3000", " \n "]), min_size=len(cell),
                                max_size=len(cell)))
    spaced = "".join(c + b for c, b in zip(cell, breaks))
    for variant in (wide, spaced):
        t = parse_target(variant)
        assert (t.kind, t.comparator, t.value, t.unit, t.period) == (
            plain.kind, plain.comparator, plain.value, plain.unit, plain.period), variant
