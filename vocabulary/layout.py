"""One layout of the forms, as its description file says it: what is truly its own.

Provinces print the same forms with different titles, money units and a few labels that mean
something else there (`资金总额`: a project's total in most forms, the year's amount in a transfer
table).  Everything the layouts share (labels, column head words) is in words.toml; a description
keeps its title, the labels that tell it apart, the fields every form of it fills, its money unit,
the labels it reads differently, and the blocks only it prints (a self-evaluation's funds matrix).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import regex

DOC_KINDS = ("project_declaration", "department_overall", "transfer", "self_evaluation")



def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


# what may follow a form's name: its number (（3）), a note in brackets (（一级项目）, （含转移支付项目）)
_TITLE_TAIL = regex.compile(
    r"[:：]?\s*(?:[（(]\s*[^（）()]{1,12}\s*[)）]|[（(]?\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})?\s*[)）]?)\s*$"
)
# `详见…绩效目标表`, `七、绩效目标详见…表`: a sentence or a section that refers to a form
_REFERENCE = regex.compile(r"^(?:见|附|[一二三四五六七八九十]+[、.．])|详见|参见|具体见|另见|见附")


@dataclass(frozen=True)
class Layout:
    name: str
    doc_kind: str
    description: str
    priority: int
    titles: tuple[regex.Pattern, ...]
    signature: frozenset[str]  # label keys that identify the layout in the header
    signature_columns: frozenset[str]  # column keys that identify it in the indicator header
    required: tuple[str, ...]  # fields every form of the layout fills
    money_unit: str
    fields: Mapping[str, str] = field(default_factory=_empty)  # label key -> field, where the layout reads a label its own way
    goals: Mapping[str, str] = field(default_factory=_empty)  # label key -> goal field, likewise
    table_holds_projects: bool = False  # one indicator table lists many projects (project columns)
    requires_roles: tuple[str, ...] = ()  # the indicator table must have one of these (an evaluation's 实际完成值)
    matrix_rows: Mapping[str, str] = field(default_factory=_empty)  # label key -> row name of a funds matrix
    matrix_columns: Mapping[str, str] = field(default_factory=_empty)  # column key -> column name
    department_field: str = "competent_department"  # the form field that names the document's department

    def matches_title(self, text: str) -> bool:
        """A title ends with the form's name (a number may follow); `详见…绩效目标表` refers to one."""
        text = _TITLE_TAIL.sub("", text)
        if not text or _REFERENCE.search(text):
            return False
        return any(m.end() == len(text) for p in self.titles for m in [p.search(text)] if m)
