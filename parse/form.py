"""One form (or one table listing several projects' forms): its rows into `Form`s, in passes.

Rows arrive as the printed grid with merged cells blank below or beside their first position, and
with the damage that page breaks and converters do.  The reader works in passes:

1. the rows are split into regions: the header block (labels and values, goals, sub-tables, a
   funds matrix) and the indicator table, which starts at its header row (or at a first row of
   taxonomy names when a converter lost the header);
2. the layout is chosen on everything the header block printed and the table's header;
3. each region is read by its own reader: `HeaderBlock` (parse/header_block.py) and
   `IndicatorTable` (parse/indicator_table.py), which splits a table that lists projects into one
   segment per project;
4. the segments become forms.

The layout (vocabulary/layouts) only says what is a layout's own: its title, its money unit, the
labels it reads differently; columns and labels are known by their words everywhere.
"""
from __future__ import annotations

import regex

from budget_declarations.normalize import taxonomy
from budget_declarations.normalize.numbers import parse_amount
from budget_declarations.normalize.text import clean_text, column_key, label_key, squash
from budget_declarations.parse.columns import header_roles, is_upper_header
from budget_declarations.parse.header_block import HeaderBlock, join_split_labels
from budget_declarations.parse.indicator_table import IndicatorTable, Segment
from budget_declarations.parse.model import Form, Line
from budget_declarations.parse.titles import title_parts
from budget_declarations.vocabulary import Layout, Vocabulary, default

_INLINE_LABEL = regex.compile(r"^(?P<label>[^:：]{2,12})[:：](?P<value>.+)$")
_BUFFER_LIMIT = 400  # rows held before the table's header shows; a form's header block is far shorter


def is_table_start(cells: list[str], vocab: Vocabulary) -> bool:
    """The row an indicator table starts at: its header, or a first row of taxonomy names (a
    converter lost the header)."""
    if not cells:
        return False
    if header_roles(cells, vocab):
        return True
    names = [taxonomy.canonical(c) for c in cells if c]
    return any(names) and len([c for c in cells if c]) >= 3


class FormParser:
    """Reads the rows of one form (or of one list table of forms) in order; `finish()` returns the
    forms found."""

    def __init__(self, no: int | None, title_name: str | None, page: int | None, order: int,
                 title: str | None = None, printed_unit: str | None = None,
                 vocabulary: Vocabulary | None = None) -> None:
        self.vocab = vocabulary or default()
        self.no, self.title_name, self.page, self.order = no, clean_text(title_name), page, order
        self.title = title
        self.title_unit = _title_unit(title)  # `301007_某某分局_某某项目绩效目标表` names the unit
        self.printed_unit = printed_unit  # a `单位：万元` line printed above the form
        self.layout: Layout | None = None
        self.header_lines: list[Line] = []
        self.table: IndicatorTable | None = None
        self.block: HeaderBlock | None = None
        self._holds_projects = False

    # -- entry -------------------------------------------------------------------------------
    def feed(self, line: Line) -> None:
        if self.table is not None:
            self.table.add(line)
            return
        if line.kind == "row":
            cells = [clean_text(c) or "" for c in (line.cells or [])]
        else:  # a form printed without ruling lines: a text line with gaps between its cells
            cells = [p for p in regex.split(r"\s+", (line.text or "").strip()) if p]
            if len(cells) >= 3 and is_table_start(cells, self.vocab):
                line = Line("row", line.text, cells=cells, page=line.page, confidences=[line.confidence] * len(cells))
        if line.kind == "row" and is_table_start(cells, self.vocab):
            self._start_table(line, cells)
            return
        self.header_lines.append(line)
        if self.layout is None and len(self.header_lines) > _BUFFER_LIMIT:
            self._decide()

    def finish(self) -> list[Form]:
        if self.layout is None:
            self._decide()
        block = self._header_block()
        segments, unread = self.table.segments() if self.table is not None else ([], [])
        return self._forms(block, segments, unread)

    @property
    def in_table(self) -> bool:
        """The indicator table's header has been read: lines now go to the table."""
        return self.table is not None

    def has_content(self) -> bool:
        return bool(self.header_lines or (self.table is not None and self.table.has_rows()))

    def starts_new_form(self, line: Line) -> bool:
        """A 项目名称 row after indicators means the next form began without a title line."""
        if line.kind != "row" or self.table is None or self._holds_projects:
            return False
        return any(self.vocab.field_of(c, self.layout) == "project_name" for c in (line.cells or []) if c)

    def continues_under(self, title: str) -> bool:
        """Forms print their title again at the top of each page (a spreadsheet's print titles): the
        same title over the rest of this form's indicator table continues it; a form that begins
        under it starts with its 项目名称 row (`starts_new_form`)."""
        return self.table is not None and self.title is not None and squash(title) == squash(self.title)

    # -- regions ---------------------------------------------------------------------------------
    def _start_table(self, line: Line, cells: list[str]) -> None:
        """The table's header: header rows just above it (column names, group labels over the
        columns it names) are its upper rows."""
        upper: list[Line] = []
        below = [cells]
        while self.header_lines and len(upper) < 3:
            prev = self.header_lines[-1]
            prev_cells = [clean_text(c) or "" for c in (prev.cells or [])] if prev.kind == "row" else []
            if not (prev_cells and is_upper_header(prev_cells, prev.spans, below, self.vocab)):
                break
            upper.insert(0, self.header_lines.pop())
            below.insert(0, prev_cells)
        roles = set(header_roles(cells, self.vocab).values())
        for row in below[:-1]:
            roles |= {r for c in row if c for r in [self.vocab.column_role(c)] if r}
        self._holds_projects = any(r.startswith("project.") for r in roles)
        if self.layout is None:
            self._decide(roles, [*upper, line])
        self.table = IndicatorTable(self.vocab, upper)
        self.table.add(line)

    def _decide(self, roles: set[str] | None = None, header: list[Line] | None = None) -> None:
        """The layout: the one whose signature labels the header block and the table's header show
        most (layout_choice below)."""
        labels: set[str] = set()
        columns: set[str] = set()
        for line in self.header_lines + (header or []):
            cells = line.cells if line.kind == "row" else regex.split(r"\s+", line.text or "")
            for c in cells or []:
                key = label_key(c)
                labels.add(key)
                m = _INLINE_LABEL.match(key)
                if m:
                    labels.add(label_key(m.group("label")))
                columns.add(column_key(c))
        self.layout = choose_layout(self.vocab, squash(self.title) if self.title else None, labels, columns, roles or set())

    def _header_block(self) -> HeaderBlock:
        assert self.layout is not None
        form = Form(no=self.no, title_name=self.title_name, page=self.page, order=self.order)
        block = HeaderBlock(form, self.vocab, self.layout, printed_unit=self.printed_unit)
        lines = join_split_labels(self.header_lines, block.is_label)
        for line in lines:
            block.read(line)
        return block

    # -- forms -----------------------------------------------------------------------------------
    def _row_fields(self, form: Form) -> set[str]:
        """Fields the first project took from its own row of the table (not from a caption)."""
        return set(self._first_segment_fields)

    def _forms(self, block: HeaderBlock, segments: list[Segment], unread: list[str]) -> list[Form]:
        assert self.layout is not None
        forms: list[Form] = []
        first = block.form
        _put_parts(first, block.goal_parts, block.block_parts)
        self._first_segment_fields = set(segments[0].fields) if segments else set()
        for n, seg in enumerate(segments or [Segment()]):
            form = first if n == 0 else Form(no=None, title_name=None, page=seg.page, order=self.order)
            for key, value in seg.fields.items():
                if not form.fields.get(key):
                    form.fields[key] = value
            _put_parts(form, seg.goal_parts, {})
            form.indicators.extend(seg.indicators)
            form.conflicts.extend(seg.conflicts)
            form.weight_total = seg.totals.get("weight_total") or form.weight_total
            for key in ("score_max_total", "total_score"):
                if seg.totals.get(key):
                    form.fields[key] = seg.totals[key]
            if form.page is None:
                form.page = seg.page
            forms.append(form)
        out = []
        for n, form in enumerate(forms):
            if not (form.indicators or (any(form.fields.values()) and _names_or_amounts(form))):
                continue  # a title alone, or a form printed with its labels only (an empty template)
            if n == 0 and self.title_unit and not form.fields.get("implementing_unit"):
                form.fields["implementing_unit"] = self.title_unit
            form.kind = self._kind()
            if ("competent_department" in self.layout.required or form.kind == "department_overall") \
                    and not form.fields.get("competent_department") and form.fields.get("implementing_unit"):
                # a department's own form: the unit column names the department, no project's unit
                form.fields["competent_department"] = form.fields.pop("implementing_unit")
            form.template = self.layout.name
            form.money_unit = block.printed_unit or self.layout.money_unit
            form.unit_printed = block.printed_unit is not None
            if n > 0:  # a caption over a table of projects (资金主管部门：…) speaks for each of them
                for key in ("competent_department", "implementing_unit"):
                    if not form.fields.get(key) and first.fields.get(key) and key not in self._row_fields(forms[0]):
                        form.fields[key] = first.fields[key]
            named = {"project_name": form.title_name}  # a title that names the project names it
            form.missing = [f for f in self.layout.required if not (form.fields.get(f) or named.get(f))]
            form.unread_columns = list(unread)
            out.append(form)
        return out


    def _kind(self) -> str:
        """The layout's kind, unless the title names another: a table of departments read as a list
        (长沙's 部门整体支出绩效目标表, one row per unit) is a department's form, not a project's."""
        if self.title and self.layout.doc_kind == "project_declaration":
            for layout in self.vocab.layouts:
                if layout.doc_kind != self.layout.doc_kind and layout.matches_title(self.title):
                    return layout.doc_kind
        return self.layout.doc_kind


def _names_or_amounts(form: Form) -> bool:
    """The form says what it is about: a project's or a department's name, or an amount."""
    fields = form.fields
    if fields.get("project_name") or fields.get("competent_department") or form.title_name:
        return True
    return any(parse_amount(v) is not None for k, v in fields.items() if v and ("funds" in k or "request" in k
                                                                                  or "appropriation" in k))


def _title_unit(title: str | None) -> str | None:
    return title_parts(title)[1] if title else None


def _put_parts(form: Form, goals: dict[str, list[str]], blocks: dict[str, list[str]]) -> None:
    for key, parts in goals.items():
        if key == "funds_sources":
            text = "\n".join(p for p in (clean_text(x) for x in parts) if p)
        else:
            text = clean_text("\n".join(parts))
        if text and not form.fields.get(key):
            form.fields[key] = text
    for key, parts in blocks.items():
        text = "\n".join(p for p in (clean_text(x) for x in parts) if p)
        if text:
            form.fields[key] = text


def choose_layout(vocab: Vocabulary, title: str | None, labels: set[str], columns: set[str],
                  roles: set[str]) -> Layout:
    """The layout a form belongs to: the one whose signature labels it shows most.

    What the indicator table holds is structure, not vocabulary: only list layouts are eligible
    for a table with project columns (`roles` has `project.*`), and only the others for a table
    without; a layout that requires roles (an evaluation's 实际完成值 or 得分) only for a table that
    has one.  A title counts for one label (titles are shared by several layouts); a required
    label the form never prints costs five; ties go to the lower priority, which keeps the
    long-standing Shanghai reading for forms that show nothing else.
    """
    holds_projects = any(r.startswith("project.") for r in roles)
    eligible = [t for t in vocab.layouts if t.table_holds_projects == holds_projects
                and (not t.requires_roles or set(t.requires_roles) & roles)] or list(vocab.layouts)

    def score(t: Layout) -> tuple[int, int]:
        hits = len(t.signature & labels) + len(t.signature_columns & columns)
        if title and t.matches_title(title):
            hits += 1
        printed = {vocab.field_of(k, t) for k in labels}
        missing = sum(1 for f in t.required if f not in printed)
        return hits - 5 * missing, -t.priority

    return max(eligible, key=score)
