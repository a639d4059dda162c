"""What a form's title says about its project: the name, and the unit when the title carries one.

Shanghai numbers its forms under one title (`…项目支出绩效目标申报表（3）`); other systems print one
title per project (`某某补助资金项目绩效目标表`, `301007_某某分局_某某改造项目绩效目标表`) and print no
项目名称 cell, or one title for all (`政策和项目预算绩效目标表`), which names no project.
"""
from __future__ import annotations

import regex

from budget_declarations.normalize.text import squash

# what a title says before 绩效目标表 when it names no project: a year, a table number, the kind of
# table (政策和项目预算, 部门专项业务经费, 2026年项目支出, 市级重点专项资金 …)
_GENERIC_TITLE = regex.compile(
    r"^(?:20\d{2}年度?|预算\d*表\d*(?:-\d+)?|表[一二三四五六七八九十\d]+(?:-\d+)?|[（(][^（）()]*[)）]|政策和项目|政策及项目"
    r"|项目|支出|预算|部门|单位|专项|业务|经费|资金|整体|总体|市级|区级|县级|省级|重点|一般性|本级|区域|转移支付|申报|批复"
    r"|情况|绩效|目标|其他|的|和|及|财政|[:：\s])*$"
)
_TITLE_FORM = regex.compile(r"^(?P<what>.*?)(?:项目)?(?:支出)?绩效目标(?:申报|批复|申请)?(?:表|情况表)(?:[（(].*[)）])?$")
_CODED_TITLE = regex.compile(r"^(?:\d{3,12}[_\-－])?(?P<unit>[^_]{2,40}?)_(?P<name>[^_]{2,60})$")


def title_parts(title: str | None) -> tuple[str | None, str | None]:
    """(project name, unit) a form's title names: `…医疗服务补助资金项目绩效目标表` names its project,
    `301007_某某分局_某某改造项目绩效目标表` its unit and its project; `政策和项目预算绩效目标表` neither."""
    m = _TITLE_FORM.match(squash(title))
    if not m or not m.group("what") or _GENERIC_TITLE.match(m.group("what")):
        return None, None
    what = m.group("what")
    year = regex.search(r"20\d{2}年度?", what)
    if year and _GENERIC_TITLE.match(what[year.end():]):
        return None, None  # `某县教育局2024年部门预算…`: the document's table, no project
    coded = _CODED_TITLE.match(what)
    if coded:
        return coded.group("name"), coded.group("unit")
    return what, None
