"""Layout descriptions: one TOML file per layout of the forms, read by one generic form reader.

Provinces print the same forms with different labels, units and columns.  Rather than a parser
branch per province, each layout is described as data (docs/templates.md): which labels name
which fields, which column headers name which indicator fields, the unit its amounts are printed
in, and the labels that tell it apart.  The reader (parse/form.py) recognises labels with the
vocabulary of every layout, and reads a form with the vocabulary of the layout it matches best, so
that a label two layouts use differently (`资金总额`: a project's total here, a year's there) means
what the matched layout says.

Adding a layout is adding a file here, a fixture and a test; no code changes.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from budget_declarations.normalize.text import column_key, label_key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FOLDER = Path(__file__).parent
DOC_KINDS = ("project_declaration", "department_overall", "transfer", "self_evaluation")
# Indicator-table column roles a description may use ("project.<field>" puts a project field in the table).
COLUMN_ROLES = (
    "level1", "level2", "level3", "type", "nature", "comparator", "target", "unit", "weight",
    "direction", "long_term_target", "actual", "score_max", "score", "deviation", "ignore",
)


_TITLE_TAIL = regex.compile(r"[:：]?\s*[（(]?\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})?\s*[)）]?\s*$")
# `详见…绩效目标表`, `七、绩效目标详见…表`: a sentence or a section that refers to a form
_REFERENCE = regex.compile(r"^(?:见|附|[一二三四五六七八九十]+[、.．])|详见|参见|具体见|另见|见附")


class TemplateError(ValueError):
    """A description file that does not say what the reader needs (a developer's mistake)."""


@dataclass(frozen=True)
class Template:
    name: str
    doc_kind: str
    description: str
    priority: int
    titles: tuple[regex.Pattern, ...]
    signature: frozenset[str]  # label keys that identify the layout in the header
    signature_columns: frozenset[str]  # column keys that identify it in the indicator header
    required: tuple[str, ...]  # fields every form of the layout fills
    money_unit: str
    fields: dict[str, str] = field(default_factory=dict)  # label key -> field
    goals: dict[str, str] = field(default_factory=dict)  # label key -> goal field
    blocks: dict[str, str] = field(default_factory=dict)  # label key -> block field (rows kept as text)
    columns: dict[str, str] = field(default_factory=dict)  # column key -> role
    table_holds_projects: bool = False  # one indicator table lists many projects (project columns)
    requires_roles: tuple[str, ...] = ()  # the indicator table must have one of these (an evaluation's 实际完成值)
    matrix_rows: dict[str, str] = field(default_factory=dict)  # label key -> row name of a funds matrix
    matrix_columns: dict[str, str] = field(default_factory=dict)  # column key -> column name

    def matches_title(self, text: str) -> bool:
        """A title ends with the form's name (a number may follow); `详见…绩效目标表` refers to one."""
        text = _TITLE_TAIL.sub("", text)
        if not text or _REFERENCE.search(text):
            return False
        return any(m.end() == len(text) for p in self.titles for m in [p.search(text)] if m)


def _keyed(section: dict, path: Path, what: str, key=label_key) -> dict[str, str]:
    out: dict[str, str] = {}
    for target, labels in section.items():
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise TemplateError(f"{path.name}: [{what}] {target} must be a list of labels")
        for label in labels:
            out.setdefault(key(label), target)
    return out


def load_template(path: Path) -> Template:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    try:
        name, doc_kind = data["name"], data["doc_kind"]
    except KeyError as exc:
        raise TemplateError(f"{path.name}: missing {exc.args[0]}") from None
    if doc_kind not in DOC_KINDS:
        raise TemplateError(f"{path.name}: doc_kind {doc_kind!r} is not one of {DOC_KINDS}")
    columns = _keyed(data.get("columns", {}), path, "columns", column_key)
    for role in set(columns.values()):
        if role not in COLUMN_ROLES and not role.startswith("project."):
            raise TemplateError(f"{path.name}: unknown column role {role!r}")
    return Template(
        name=name,
        doc_kind=doc_kind,
        description=data.get("description", ""),
        priority=int(data.get("priority", 100)),
        titles=tuple(regex.compile(t) for t in data.get("titles", [])),
        signature=frozenset(label_key(s) for s in data.get("signature", [])),
        signature_columns=frozenset(column_key(s) for s in data.get("signature_columns", [])),
        required=tuple(data.get("required", [])),
        money_unit=data.get("money_unit", "元"),
        fields=_keyed(data.get("fields", {}), path, "fields"),
        goals=_keyed(data.get("goals", {}), path, "goals"),
        blocks=_keyed(data.get("blocks", {}), path, "blocks"),
        columns=columns,
        table_holds_projects=bool(data.get("table_holds_projects", False)),
        requires_roles=tuple(data.get("requires_roles", [])),
        matrix_rows=_keyed(data.get("matrix", {}).get("rows", {}), path, "matrix.rows"),
        matrix_columns=_keyed(data.get("matrix", {}).get("columns", {}), path, "matrix.columns", column_key),
    )


@lru_cache(maxsize=None)
def load_templates(folder: Path = FOLDER) -> tuple[Template, ...]:
    templates = [load_template(p) for p in sorted(Path(folder).glob("*.toml"))]
    return tuple(sorted(templates, key=lambda t: (t.priority, t.name)))


def _union(attr: str) -> dict[str, str]:
    """Every layout's labels for one section; where layouts disagree, the first by priority wins."""
    out: dict[str, str] = {}
    for template in load_templates():
        for key, value in getattr(template, attr).items():
            out.setdefault(key, value)
    return out


TEMPLATES = load_templates()
DEFAULT = TEMPLATES[0]
ALL_FIELDS = _union("fields")
ALL_GOALS = _union("goals")
ALL_BLOCKS = _union("blocks")
ALL_COLUMNS = _union("columns")
ALL_MATRIX_ROWS = _union("matrix_rows")
ALL_MATRIX_COLUMNS = _union("matrix_columns")


def by_name(name: str) -> Template:
    for template in TEMPLATES:
        if template.name == name:
            return template
    raise KeyError(name)


def matching_title(text: str) -> Template | None:
    """The layout whose title a standalone line is (the first by priority)."""
    for template in TEMPLATES:
        if template.matches_title(text):
            return template
    return None


def roles_of(cells: list[str]) -> set[str]:
    """Every role some layout gives these column headers (what a table could hold, whichever
    layout it turns out to be)."""
    keys = {column_key(c) for c in cells if c}
    return {t.columns[k] for t in TEMPLATES for k in keys if k in t.columns}


def choose(title: str | None, labels: set[str], columns: set[str], roles: set[str]) -> Template:
    """The layout a form belongs to: the one whose signature labels it shows most.

    What the indicator table holds is structure, not vocabulary: only list layouts are eligible
    for a table with project columns (`roles` has `project.*`), and only the others for a table
    without; a layout that requires roles (an evaluation's 实际完成值 or 得分) only for a table that
    has one.  A title counts for one label (titles are shared by several layouts); a required
    label the form never prints costs five; ties go to the lower priority, which keeps the
    long-standing Shanghai reading for forms that show nothing else.
    """
    holds_projects = any(r.startswith("project.") for r in roles)
    eligible = [t for t in TEMPLATES if t.table_holds_projects == holds_projects
                and (not t.requires_roles or set(t.requires_roles) & roles)] or list(TEMPLATES)

    def score(t: Template) -> tuple[int, int]:
        hits = len(t.signature & labels) + len(t.signature_columns & columns)
        if title and t.matches_title(title):
            hits += 1
        # a layout whose required labels the form never prints is a poor match, however many
        # of its other words it shares (a department's evaluation has no 项目名称)
        missing = sum(1 for field in t.required if not any(k in labels for k, f in t.fields.items() if f == field))
        return hits - 5 * missing, -t.priority

    return max(eligible, key=score)
