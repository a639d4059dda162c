"""The domain's vocabulary, loaded once into one immutable object that readers receive.

Two kinds of knowledge live here and nowhere else: the words every form shares (words.toml: labels,
column head words, frame labels, summary rows, comparators, money-unit phrases, narrative sections)
and the layout descriptions (layouts/*.toml: what is truly one layout's own).  Readers get a
`Vocabulary` as a parameter (`default()` when the caller has no other), so a test or a user can read
with another one, and no module hides a word list of its own.

Loading validates: every field and role a file names must exist (fields against outputs/schema.py's
project columns and the few the reader turns into them), every pattern must compile; a typo fails
loudly at load instead of dropping data.  `digest` hashes every file, so that editing a word list or a
layout reads again the documents it may touch (pipeline: parser version).
"""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

import regex

from budget_declarations.vocabulary.keys import column_key, label_key, squash
from budget_declarations.vocabulary.layout import DOC_KINDS, Layout

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FOLDER = Path(__file__).parent

# Indicator-table column roles ("project.<field>" puts a project field in a table that lists projects).
COLUMN_ROLES = (
    "level1", "level2", "level3", "type", "nature", "comparator", "target", "unit", "weight", "direction",
    "long_term_target", "actual", "score_max", "score", "deviation", "indicators", "ignore",
)
# Fields the form reader turns into project columns (a period into start and end, a side-decided amount,
# a funds matrix's cells), beside the project columns themselves.
MATRIX_COLUMNS = ("initial", "full", "executed", "score_max", "rate", "score")
READER_FIELDS = frozenset({"plan_period", "fiscal_funds", "other_funds", "funds_source"})


_WORD_KEYS = frozenset({
    "form_hints", "snap_words", "chapter_names", "frame_labels", "summary_rows", "note_rows", "note_rows_run_on",
    "comparators", "money_in_wan", "money_in_yuan", "labels", "line_labels", "label_heads", "goals", "blocks",
    "column_heads", "matrix_column_heads", "sections", "sided",
})


class VocabularyError(ValueError):
    """A word list or layout file that does not say what the readers need (a developer's mistake)."""


@dataclass(frozen=True, eq=False)  # compared and hashed as itself: readers remember answers per vocabulary
class Vocabulary:
    layouts: tuple[Layout, ...]  # by priority: ties go to the first
    fields: Mapping[str, str]  # label key -> field (the shared meaning)
    label_heads: tuple[tuple[regex.Pattern, str], ...]  # a label known by its head word -> field
    goals: Mapping[str, str]
    blocks: Mapping[str, str]
    line_labels: Mapping[str, str]  # label key -> text field its `标签：值` line is added to
    column_heads: tuple[tuple[regex.Pattern, str], ...]  # a column header's head word -> role
    sided: Mapping[str, tuple[str, str]]  # field -> (under the total, under the year)
    matrix_rows: Mapping[str, str]  # every layout's funds-matrix labels (the first by priority)
    matrix_columns: Mapping[str, str]
    matrix_column_heads: tuple[tuple[regex.Pattern, str], ...]  # a matrix column by its head word
    frame_labels: tuple[str, ...]
    summary_row: regex.Pattern
    note_row: regex.Pattern  # a table's notes begin (备注 …): no row of the table after it
    comparator_only: regex.Pattern
    money_in_wan: regex.Pattern
    money_in_yuan: regex.Pattern
    form_hint: regex.Pattern
    sections: Mapping[str, str]  # narrative section name -> field
    snap_words: tuple[str, ...]  # printed words OCR text is snapped to
    chapter_names: frozenset[str]  # a budget chapter's name before 经费情况说明: no narrative
    digest: str  # sha256 of every file read, for the parser version
    _answers: dict = field(default_factory=dict, compare=False, repr=False)  # head-word answers remembered

    def _head(self, rules: tuple[tuple[regex.Pattern, str], ...], key: str) -> str | None:
        """The first rule whose pattern the key matches (the parser asks for the same keys many times)."""
        memo = (id(rules), key)
        if memo not in self._answers:
            if len(self._answers) > 20000:
                self._answers.clear()
            self._answers[memo] = _first(rules, key)
        return self._answers[memo]

    # -- lookups ---------------------------------------------------------------------------------
    def field_of(self, text: str | None, layout: Layout | None = None) -> str | None:
        """The field a printed label names: the layout's own reading, the shared list, then the head
        word (`实施期资金总额：` is a 资金总额, `专项资金名称` a 名称 of the project)."""
        key = label_key(text)
        if not key:
            return None
        if layout is not None and key in layout.fields:
            return layout.fields[key]
        found = self.fields.get(key) or self.line_labels.get(key)
        if found is None:
            found = self._head(self.label_heads, key)
        return found

    def goal_of(self, text: str | None, layout: Layout | None = None) -> str | None:
        key = label_key(text)
        if layout is not None and key in layout.goals:
            return layout.goals[key]
        return self.goals.get(key)

    def column_role(self, text: str | None) -> str | None:
        """The role a column header names, by its head word (`本年绩效指标值` is a 指标值, `分值权重
        （90分）` a 权重); None when no rule knows it."""
        key = column_key(text)
        if not key:
            return None
        role = self._head(self.column_heads, key)
        if role is None and key != label_key(text):
            role = self._head(self.column_heads, label_key(text))  # the note was the header (`(%)` alone is not)
        return role

    def matrix_column(self, text: str | None, layout: Layout | None = None) -> str | None:
        """A funds matrix's column a header names: the layout's list, the shared list, the head word."""
        key = column_key(text)
        if not key:
            return None
        if layout is not None and key in layout.matrix_columns:
            return layout.matrix_columns[key]
        return self.matrix_columns.get(key) or self._head(self.matrix_column_heads, squash(text))

    def is_frame_label(self, text: str | None) -> bool:
        key = label_key(text)
        return bool(key) and key in self.frame_labels

    def layout(self, name: str) -> Layout:
        for layout in self.layouts:
            if layout.name == name:
                return layout
        raise KeyError(name)

    @property
    def default_layout(self) -> Layout:
        return self.layouts[0]

    def matching_title(self, text: str) -> Layout | None:
        """The layout whose title a standalone line is (the first by priority)."""
        for layout in self.layouts:
            if layout.matches_title(text):
                return layout
        return None


def _first(rules: tuple[tuple[regex.Pattern, str], ...], key: str) -> str | None:
    for pattern, value in rules:
        if pattern.search(key):
            return value
    return None


# -- loading -------------------------------------------------------------------------------------
def _known_fields(fields: Iterable[str] | None) -> frozenset[str] | None:
    """The names labels may fill: the projects table's columns (which the caller names, the output
    contract being a layer above) and the reader's own; None when the caller names none."""
    return None if fields is None else frozenset(fields) | READER_FIELDS


def _is_field(name: object, known: frozenset[str] | None) -> bool:
    return known is None or name in known


def _labels(section: Any, where: str, known: frozenset[str] | None,
            key: Callable[[str], str] = label_key) -> dict[str, str]:
    if not isinstance(section, dict):
        raise VocabularyError(f"{where} must be a table of field = [labels]")
    out: dict[str, str] = {}
    for target, labels in section.items():
        if not _is_field(target, known):
            raise VocabularyError(f"{where}: {target!r} is no field of the projects table (outputs/schema.py)")
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise VocabularyError(f"{where}: {target} must be a list of labels")
        for label in labels:
            out.setdefault(key(label), target)
    return out


def _pattern(text: Any, where: str) -> regex.Pattern:
    if not isinstance(text, str):
        raise VocabularyError(f"{where}: a pattern must be a string")
    try:
        return regex.compile(text)
    except regex.error as exc:
        raise VocabularyError(f"{where}: {text!r} is not a valid pattern ({exc})") from None


def _heads(entries: Any, where: str, what: str, allowed) -> tuple[tuple[regex.Pattern, str], ...]:
    out = []
    for n, entry in enumerate(entries or []):
        value = entry.get(what) if isinstance(entry, dict) else None
        extra = set(entry) - {what, "head"} if isinstance(entry, dict) else set()
        if extra:
            raise VocabularyError(f"{where}[{n}]: unknown keys {sorted(extra)} (a key meant for the top of the file?)")
        if not allowed(value):
            raise VocabularyError(f"{where}[{n}]: {what} {value!r} is not known")
        out.append((_pattern(entry.get("head"), f"{where}[{n}]"), value))
    return tuple(out)


def _words_pattern(words: Any, where: str) -> regex.Pattern:
    if not isinstance(words, list) or not words:
        raise VocabularyError(f"{where} must be a list of words")
    return regex.compile("|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)))


def _load_layout(path: Path, known: frozenset[str] | None) -> Layout:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    where = f"layouts/{path.name}"
    try:
        name, doc_kind = data["name"], data["doc_kind"]
    except KeyError as exc:
        raise VocabularyError(f"{where}: missing {exc.args[0]}") from None
    if doc_kind not in DOC_KINDS:
        raise VocabularyError(f"{where}: doc_kind {doc_kind!r} is not one of {DOC_KINDS}")
    for required in data.get("required", []):
        if not _is_field(required, known):
            raise VocabularyError(f"{where}: required field {required!r} is no field of the projects table")
    department_field = data.get("department_field", "competent_department")
    if not _is_field(department_field, known):
        raise VocabularyError(f"{where}: department_field {department_field!r} is no field of the projects table")
    matrix = data.get("matrix", {})
    return Layout(
        name=name,
        doc_kind=doc_kind,
        description=data.get("description", ""),
        priority=int(data.get("priority", 100)),
        titles=tuple(_pattern(t, f"{where} titles") for t in data.get("titles", [])),
        signature=frozenset(label_key(s) for s in data.get("signature", [])),
        signature_columns=frozenset(column_key(s) for s in data.get("signature_columns", [])),
        required=tuple(data.get("required", [])),
        money_unit=data.get("money_unit", "元"),
        fields=MappingProxyType(_labels(data.get("fields", {}), f"{where} [fields]", known)),
        goals=MappingProxyType(_labels(data.get("goals", {}), f"{where} [goals]", known)),
        table_holds_projects=bool(data.get("table_holds_projects", False)),
        requires_roles=tuple(data.get("requires_roles", [])),
        matrix_rows=MappingProxyType(_labels(matrix.get("rows", {}), f"{where} [matrix.rows]", None)),
        matrix_columns=MappingProxyType(_labels(matrix.get("columns", {}), f"{where} [matrix.columns]",
                                                None, column_key)),
        department_field=department_field,
    )


def _union(layouts: tuple[Layout, ...], attr: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for layout in layouts:
        for key, value in getattr(layout, attr).items():
            out.setdefault(key, value)
    return out


def load(folder: Path = FOLDER, fields: Iterable[str] | None = None) -> Vocabulary:
    """Read and validate words.toml and layouts/*.toml in `folder`; with `fields` (the projects
    table's columns, `outputs.schema.project_fields()`), also that every field a label, head word or
    layout names is one of them, so that a misspelt field fails here instead of silently dropping
    every value its labels name.  The pipeline loads the shipped folder that way once per process
    (pipeline.process); `default()` is the same vocabulary, for the layers below the outputs."""
    folder = Path(folder)
    known = _known_fields(fields)
    digest = hashlib.sha256()
    paths = [folder / "words.toml", *sorted((folder / "layouts").glob("*.toml"))]
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    with paths[0].open("rb") as fh:
        words = tomllib.load(fh)
    unknown = set(words) - _WORD_KEYS
    if unknown:
        raise VocabularyError(f"words.toml: unknown keys {sorted(unknown)}")
    layouts = tuple(sorted((_load_layout(p, known) for p in paths[1:]), key=lambda t: (t.priority, t.name)))
    if not layouts:
        raise VocabularyError(f"no layout description in {folder / 'layouts'}")
    fields = _labels(words.get("labels", {}), "words.toml [labels]", known)
    goals = _labels(words.get("goals", {}), "words.toml [goals]", known)
    blocks = _labels(words.get("blocks", {}), "words.toml [blocks]", known)
    line_labels = _labels(words.get("line_labels", {}), "words.toml [line_labels]", known)
    sections = _labels(words.get("sections", {}), "words.toml [sections]", known, squash)
    sided = {}
    for key, pair in words.get("sided", {}).items():
        if not (_is_field(key, known) and isinstance(pair, list) and len(pair) == 2
                and all(_is_field(f, known) for f in pair)):
            raise VocabularyError(f"words.toml [sided]: {key} must be a field with [total field, annual field]")
        sided[key] = (pair[0], pair[1])
    column_heads = _heads(words.get("column_heads"), "words.toml column_heads", "role",
                          lambda r: r in COLUMN_ROLES or (isinstance(r, str) and r.startswith("project.")
                                                          and _is_field(r[len("project."):], known)))
    label_heads = _heads(words.get("label_heads"), "words.toml label_heads", "field", lambda f: _is_field(f, known))
    return Vocabulary(
        layouts=layouts,
        fields=MappingProxyType(fields),
        label_heads=label_heads,
        goals=MappingProxyType(goals),
        blocks=MappingProxyType(blocks),
        line_labels=MappingProxyType(line_labels),
        column_heads=column_heads,
        sided=MappingProxyType(sided),
        matrix_rows=MappingProxyType(_union(layouts, "matrix_rows")),
        matrix_columns=MappingProxyType(_union(layouts, "matrix_columns")),
        matrix_column_heads=_heads(words.get("matrix_column_heads"), "words.toml matrix_column_heads", "column",
                                   lambda c: c in MATRIX_COLUMNS),
        frame_labels=tuple(label_key(w) for w in words.get("frame_labels", [])),
        summary_row=regex.compile("^(?:" + "|".join(map(regex.escape, words.get("summary_rows", []))) + ")$"),
        note_row=regex.compile(
            "^(?:" + "|".join(map(regex.escape, words.get("note_rows", []))) + ")(?:[:：]|$)"
            "|^(?:" + "|".join(map(regex.escape, words.get("note_rows_run_on", []))) + ")"
        ),
        comparator_only=regex.compile("^(?:" + _words_pattern(words.get("comparators"), "comparators").pattern + ")$"),
        money_in_wan=_pattern(words.get("money_in_wan", "(?!)"), "words.toml money_in_wan"),
        money_in_yuan=_pattern(words.get("money_in_yuan", "(?!)"), "words.toml money_in_yuan"),
        form_hint=_words_pattern(words.get("form_hints"), "form_hints"),
        sections=MappingProxyType(sections),
        snap_words=tuple(words.get("snap_words", [])),
        chapter_names=frozenset(words.get("chapter_names", [])),
        digest=digest.hexdigest(),
    )


@lru_cache(maxsize=1)
def default() -> Vocabulary:
    """The vocabulary shipped with the code (loaded once per process)."""
    return load(FOLDER)


__all__ = ["COLUMN_ROLES", "Layout", "Vocabulary", "VocabularyError", "default", "load"]
