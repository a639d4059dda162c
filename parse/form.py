"""财政项目支出绩效目标申报表: rebuild header fields, goals and indicator rows from table rows.

Rows arrive as the printed grid with merged cells blank below or beside their first position, and
with the damage that page breaks and converters do: labels split over rows (`绩效指` / `标`),
continuation rows that lost their leading columns, a 三级指标 in the 一级 column, a cell split in
two (`其他经常性项` / `目`).  Column positions are therefore unreliable, and the parser reads the
cells' content first: labels are recognised by their words, indicator levels by the taxonomy,
and positions are used only where content cannot decide (which goal a text belongs to, which
side of the funds block a `其他资金` sits on, which cell a split fragment continues).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from budget_declarations.normalize import taxonomy
from budget_declarations.normalize.numbers import parse_amount
from budget_declarations.normalize.text import clean_text, column_key, label_key, squash
from budget_declarations.parse import templates
from budget_declarations.parse.model import Form, IndicatorRow, Line, lowest
from budget_declarations.parse.templates import Template

# Row-group labels printed in the leftmost column; page breaks cut them into fragments.
FRAME_LABELS = (
    "项目资金", "项目绩效目标", "绩效指标", "项目绩效指标", "年度绩效指标", "资金情况", "项目资金申请",
    "项目资金情况", "绩效目标", "年度绩效目标指标",
)

# Roles the content-first reading of a plain 一级/二级/三级/指标值 table covers; any other column
# (weights, units, directions, project columns, a 指标类型 column) is read by position.
_PLAIN_ROLES = {"level1", "level2", "level3", "target", "ignore"}
_SUMMARY_ROW = regex.compile(r"^(?:合计|总计|小计|总分|权重合计|分值合计)$")
_COMPARATOR_ONLY = regex.compile(r"^(?:[≥≧≤≦><=＝═≠]|>=|<=|＞＝|＜＝|＞|＜|大于等于|小于等于|等于|大于|小于)$")

_INLINE_LABEL = regex.compile(r"^(?P<label>[^:：]{2,12})[:：](?P<value>.+)$")
# "项目资金（万元）", "单位：万元", "金额单位:万元", "预算数（万元）": amounts printed in 万元 ...
_MONEY_IN_WAN = regex.compile(r"(?:资金|金额|单位|预算数|总额|投资|预算)[(（:：]?\s*万元|^[(（]?万元[)）]?$")
# ... or said to be in 元 (a 万元 layout's default does not apply then).
_MONEY_IN_YUAN = regex.compile(r"(?:资金|金额|单位|预算数|总额)[(（:：]\s*元(?:[)）]|$)")
# Labels a side decides: under the total (left) or the year's request (right).
_SIDED = {"other_funds": ("total_other", "annual_other"), "fiscal_funds": ("total_fiscal", "annual_appropriation")}
_TOTAL_SIDE = {"total_funds"}


def is_frame_fragment(text: str) -> bool:
    """A row-group label or a piece of one (`项目 绩效 目`, `标`, `绩效指`)."""
    key = squash(text)
    if not key or taxonomy.canonical(key):
        return False
    return any(key in label for label in FRAME_LABELS) or label_key(key) in FRAME_LABELS


def header_roles(cells: list[str], vocabulary: dict[str, str] | None = None) -> dict[int, str]:
    """Column position -> role for a row of column headers (empty when the row is not one)."""
    vocabulary = vocabulary or templates.ALL_COLUMNS
    roles = {}
    for i, c in enumerate(cells):
        role = vocabulary.get(column_key(c)) if c else None
        if role:
            roles[i] = role
    present = set(roles.values())
    if ({"level1", "type"} & present) and ({"level2", "level3"} & present):
        return roles
    return {}


@dataclass
class _Columns:
    """Where the indicator header put its columns."""

    roles: dict[int, str] = field(default_factory=dict)
    l3: int | None = None
    value: int | None = None
    skip: set[int] = field(default_factory=set)
    width: int = 0
    positional: bool = False  # read every cell by its column (weights, units, project columns …)

    def cols_of(self, role: str) -> list[int]:
        return [i for i, r in self.roles.items() if r == role]

    @property
    def holds_projects(self) -> bool:
        return any(r.startswith("project.") for r in self.roles.values())


@dataclass
class _State:
    mode: str = "header"
    annual_col: int | None = None
    total_col: int | None = None
    goal_cols: dict[int, str] = field(default_factory=dict)
    other_seen: dict[str, int] = field(default_factory=dict)
    value_cols: dict[int, str] = field(default_factory=dict)
    pending_labels: dict[int, str] = field(default_factory=dict)  # labels whose values sit below them
    block: str | None = None
    cols: _Columns | None = None
    l1: str | None = None
    l2: str | None = None
    pending: dict[int, str] = field(default_factory=dict)
    last_cols: tuple[int | None, int | None] = (None, None)
    held_row: Line | None = None  # a row of column names that may be the first of a two-row header
    matrix_cols: dict[int, str] = field(default_factory=dict)  # a funds matrix's columns (自评表)
    matrix_width: int = 0
    carried_unit: str | None = None  # a list table's 单位名称 merged over several projects


class FormParser:
    """Reads the rows of one form (or of one list table of forms) in order.

    The rows before the indicator table are held until the table's header shows, so that the
    layout is chosen on everything the header part printed; then they are read with that layout's
    vocabulary.  `finish()` returns the forms found (a list table holds several).
    """

    def __init__(self, no: int | None, title_name: str | None, page: int | None, order: int,
                 title: str | None = None, printed_unit: str | None = None) -> None:
        self.form = self._new_form(no, title_name, page, order)
        self.forms: list[Form] = []
        self.title = title
        self.printed_unit = printed_unit  # a `单位：万元` line printed above the form
        self.template: Template | None = None
        self.buffer: list[Line] = []
        self.state = _State()
        self.goal_parts: dict[str, list[str]] = {}
        self.block_parts: dict[str, list[str]] = {}
        self._confidences: list[float | None] = []
        self.fields_vocab: dict[str, str] = templates.ALL_FIELDS
        self.goals_vocab: dict[str, str] = templates.ALL_GOALS
        self.blocks_vocab: dict[str, str] = templates.ALL_BLOCKS
        self.columns_vocab: dict[str, str] = templates.ALL_COLUMNS
        self.matrix_rows_vocab: dict[str, str] = templates.ALL_MATRIX_ROWS
        self.matrix_cols_vocab: dict[str, str] = templates.ALL_MATRIX_COLUMNS

    @staticmethod
    def _new_form(no: int | None, title_name: str | None, page: int | None, order: int) -> Form:
        return Form(no=no, title_name=clean_text(title_name), page=page, order=order)

    # -- entry -------------------------------------------------------------------------------
    def feed(self, line: Line) -> None:
        if self.template is None:
            self.buffer.append(line)
            if self._decisive(line) or len(self.buffer) > 400:
                self._decide()
            return
        self._read(line)

    def finish(self) -> list[Form]:
        if self.template is None:
            self._decide()
        self._release_held()
        self._close_form()
        return self.forms

    def has_content(self) -> bool:
        return bool(self.buffer or self.forms or self.form.fields or self.form.indicators or self.goal_parts)

    def starts_new_form(self, line: Line) -> bool:
        """A 项目名称 row after indicators means the next form began without a title line."""
        if line.kind != "row" or self.state.mode != "indicators" or self.template is None:
            return False
        if self.state.cols is not None and self.state.cols.holds_projects:
            return False
        return any(self.fields_vocab.get(label_key(c)) == "project_name" for c in (line.cells or []))

    # -- choosing the layout -----------------------------------------------------------------
    def _decisive(self, line: Line) -> bool:
        cells = [clean_text(c) or "" for c in (line.cells or [])] if line.kind == "row" else []
        return bool(cells) and (bool(header_roles(cells)) or self._has_taxonomy_start(cells))

    def _decide(self) -> None:
        labels: set[str] = set()
        columns: set[str] = set()
        roles: set[str] = set()
        previous: list[str] | None = None
        for line in self.buffer:
            cells = line.cells if line.kind == "row" else regex.split(r"\s+", line.text or "")
            for c in cells or []:
                key = label_key(c)
                labels.add(key)
                m = _INLINE_LABEL.match(key)
                if m:
                    labels.add(label_key(m.group("label")))
                columns.add(column_key(c))
            cleaned = [clean_text(c) or "" for c in line.cells or []] if line.kind == "row" else []
            if cleaned and header_roles(cleaned):
                roles |= templates.roles_of(cleaned)
                if previous is not None and self._names_columns(previous):  # the upper row of a two-row header
                    roles |= templates.roles_of(previous)
            previous = cleaned or None
        self.template = templates.choose(squash(self.title) if self.title else None, labels, columns, roles)
        t = self.template
        self.fields_vocab = {**templates.ALL_FIELDS, **t.fields}
        self.goals_vocab = {**templates.ALL_GOALS, **t.goals}
        self.blocks_vocab = {**templates.ALL_BLOCKS, **t.blocks}
        self.columns_vocab = {**templates.ALL_COLUMNS, **t.columns}
        self.matrix_rows_vocab = {**templates.ALL_MATRIX_ROWS, **t.matrix_rows}
        self.matrix_cols_vocab = {**templates.ALL_MATRIX_COLUMNS, **t.matrix_columns}
        buffered, self.buffer = self.buffer, []
        known = set(self.fields_vocab) | set(self.goals_vocab) | set(self.blocks_vocab)
        for line in _join_split_labels(buffered, known):
            self._read(line)

    # -- reading -----------------------------------------------------------------------------
    def _read(self, line: Line, hold: bool = True) -> None:
        if line.kind != "row":
            as_row = self._text_as_row(line)
            if as_row is None:
                self._feed_text(line)
                return
            line = as_row
        cells = [clean_text(c) or "" for c in (line.cells or [])]
        if not any(cells):
            return
        roles = header_roles(cells, self.columns_vocab)
        if hold and not roles and self.state.mode != "indicators" and self._names_columns(cells):
            self._release_held()
            self.state.held_row = line  # wait: the next row may be the rest of a two-row header
            return
        held = self.state.held_row
        if held is not None and not roles:
            self._release_held()
        self._confidences = list(line.confidences or [None] * len(cells))
        keys = self._keys(cells)
        if self.state.mode != "indicators" or roles:
            self._note_unit(cells)
        if roles:
            self.state.held_row = None
            self._set_header(cells, roles, held)
            return
        if self.state.mode != "indicators" and self._has_taxonomy_start(cells):
            self.state.mode = "indicators"
        if self.state.mode == "indicators":
            if self.state.cols is not None and self.state.cols.positional:
                self._positional_row(cells, line.page)
            else:
                self._indicator_row(cells, line.page)
            return
        cells, keys = self._split_inline(cells, keys)
        if self._matrix_row(cells, keys):
            return
        if any(k in self.blocks_vocab for k in keys):
            self._block_label_row(cells, keys)
        elif any(k in self.goals_vocab for k in keys):
            self.state.block = None
            self._goal_label_row(cells, keys)
        elif self.state.block is not None:
            # a sub-table's own column names (总额, 财政拨款) are not the form's fields
            self.block_parts.setdefault(self.state.block, []).append(" ".join(c for c in cells if c))
        elif any(k in self.fields_vocab for k in keys):
            self._field_row(cells, keys)
        elif self.state.mode == "goals":
            self._goal_text_row(cells)
        else:
            self._continuation_row(cells)

    def _release_held(self) -> None:
        """A held row that no indicator header followed is read as the ordinary row it is."""
        held, self.state.held_row = self.state.held_row, None
        if held is not None:
            self._read(held, hold=False)

    def _names_columns(self, cells: list[str]) -> bool:
        """A row of column names only (two or more), such as the upper row of a two-row header."""
        filled = [c for c in cells if c]
        named = [c for c in filled if column_key(c) in self.columns_vocab]
        return len(named) >= 2 and all(column_key(c) in self.columns_vocab or is_frame_fragment(c) for c in filled)

    def _note_unit(self, cells: list[str]) -> None:
        for c in cells:
            key = squash(c)
            if _MONEY_IN_WAN.search(key):
                self.printed_unit = "万元"
            elif _MONEY_IN_YUAN.search(key) and self.printed_unit is None:
                self.printed_unit = "元"

    def _split_inline(self, cells: list[str], keys: list[str]) -> tuple[list[str], list[str]]:
        """`年度资金总额：100` in one cell: the label and its value as two cells."""
        if not any(":" in k or "：" in k for k in keys):
            return cells, keys
        out_cells: list[str] = []
        for c in cells:
            m = _INLINE_LABEL.match(squash(c))
            label = label_key(m.group("label")) if m else ""
            if m and (label in self.fields_vocab or label in self.goals_vocab):
                out_cells.extend([m.group("label"), clean_text(c.split("：", 1)[-1] if "：" in c else c.split(":", 1)[-1]) or ""])
            else:
                out_cells.append(c)
        if len(out_cells) == len(cells):
            return cells, keys
        self._confidences = (self._confidences + [None] * len(out_cells))[: len(out_cells)]
        return out_cells, self._keys(out_cells)

    def _keys(self, cells: list[str]) -> list[str]:
        """Label keys; a label with a note in brackets (`中期目标（2024年—2026年）`) without it."""
        keys = []
        for c in cells:
            key = label_key(c)
            if key not in self.fields_vocab and key not in self.goals_vocab and key not in self.blocks_vocab:
                bare = column_key(c)
                if bare in self.fields_vocab or bare in self.goals_vocab or bare in self.blocks_vocab:
                    key = bare
            keys.append(key)
        return keys

    # -- header fields -----------------------------------------------------------------------
    def _text_as_row(self, line: Line) -> Line | None:
        """A form printed without ruling lines reaches us as text lines with gaps between cells:
        read such a line as a row when its pieces include a form label or a taxonomy name."""
        pieces = [p for p in regex.split(r"\s+", (line.text or "").strip()) if p]
        if len(pieces) < 2:
            return None
        keys = [label_key(p) for p in pieces]
        known = any(k in self.fields_vocab or k in self.goals_vocab or taxonomy.canonical(k) for k in keys)
        if not known and not (self.state.mode == "indicators" and len(pieces) >= 2 and self.form.indicators):
            return None
        confidence = [line.confidence] * len(pieces)
        return Line("row", line.text, cells=pieces, page=line.page, confidences=confidence)

    def _feed_text(self, line: Line) -> None:
        """Paragraphs inside a form: only `标签：值` lines carry fields (and the money unit)."""
        if self.state.mode != "indicators":
            self._note_unit([line.text or ""])
        m = _INLINE_LABEL.match(squash(line.text))
        if m and label_key(m.group("label")) in self.fields_vocab and self.state.mode == "header":
            self._set_field(self.fields_vocab[label_key(m.group("label"))], clean_text(m.group("value")), None)

    def _field_row(self, cells: list[str], keys: list[str]) -> None:
        vocab = self.fields_vocab
        label_cols = [i for i, k in enumerate(keys) if k in vocab or k in self.goals_vocab]
        for i, k in enumerate(keys):
            if vocab.get(k) == "annual_request":
                self.state.annual_col = i
            elif vocab.get(k) in _TOTAL_SIDE:
                self.state.total_col = i
        self.state.value_cols = {}
        self.state.pending_labels = {}
        empty_labels: dict[int, str] = {}
        for n, i in enumerate(label_cols):
            key = vocab.get(keys[i])
            if key is None:
                continue
            stop = label_cols[n + 1] if n + 1 < len(label_cols) else len(cells)
            values = [(j, cells[j]) for j in range(i + 1, stop) if cells[j] and not is_frame_fragment(cells[j])]
            if key in _SIDED:
                same = [c for c in label_cols if vocab.get(keys[c]) == key]
                key = self._side(key, i, same)
            value = values[0][1] if values else None
            col = values[0][0] if values else None
            if value is None:
                empty_labels[i] = key
            self._set_field(key, value, col)
        if len(empty_labels) >= 2 and len(empty_labels) == len([i for i in label_cols if vocab.get(keys[i])]):
            self.state.pending_labels = empty_labels  # a row of labels: their values are in the next row

    def _side(self, key: str, col: int, in_row: list[int]) -> str:
        """其他资金 (and 财政拨款) appear twice: under the total (left) and under the year's request
        (right).

        Two in one row: left then right.  One alone: right of the 年度资金申请总额 column is the
        annual side; a converter that dropped a row's leading empty cells moves it left, so once the
        total side has been seen, a later one is the annual side.  A form with only a year's
        request (湖南: 年度资金总额 / 财政拨款 / 其他资金) puts it on the annual side, one with only a
        total on the total side.
        """
        total_key, annual_key = _SIDED[key]
        seen = self.state.other_seen.get(key, 0) + 1
        self.state.other_seen[key] = seen
        if len(in_row) == 2:
            return total_key if col == in_row[0] else annual_key
        if total_key in self.form.fields:
            return annual_key
        if self.state.annual_col is not None and (self.state.total_col is not None or "total_funds" in self.form.fields):
            return annual_key if col >= self.state.annual_col else total_key
        if self.state.annual_col is not None:
            return annual_key
        if self.state.total_col is not None:
            return total_key
        return total_key if seen == 1 else annual_key

    def _note_confidence(self, col: int | None) -> None:
        if col is not None and col < len(self._confidences):
            self.form.confidence = lowest(self.form.confidence, self._confidences[col])

    def _set_field(self, key: str, value: str | None, col: int | None) -> None:
        self._note_confidence(col)
        if value is None:
            self.form.fields.setdefault(key, None)  # type: ignore[arg-type]
            return
        if not self.form.fields.get(key):
            self.form.fields[key] = value
            if col is not None:
                self.state.value_cols[col] = key

    def _continuation_row(self, cells: list[str]) -> None:
        """A row with no label: values of a row of labels above it, or the rest of cells a page
        break or wrap split (`其他经常性项` | `目`)."""
        pending, self.state.pending_labels = self.state.pending_labels, {}
        if pending:
            for i, key in pending.items():
                if i < len(cells) and cells[i]:
                    self._set_field(key, cells[i], i)
            return
        for i, text in enumerate(cells):
            key = self.state.value_cols.get(i)
            if text and key and self.form.fields.get(key):
                self.form.fields[key] = clean_text(self.form.fields[key] + text) or text
                self._note_confidence(i)

    def _matrix_row(self, cells: list[str], keys: list[str]) -> bool:
        """A funds matrix (自评表: 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 across,
        年度资金总额 / 财政拨款 / 上年结转 / 其他资金 down): its header row, or one of its rows,
        whose cells become fields `matrix.<row>.<column>`."""
        named = {i: self.matrix_cols_vocab[column_key(c)] for i, c in enumerate(cells)
                 if c and column_key(c) in self.matrix_cols_vocab}
        if len(named) >= 3:
            self.state.matrix_cols, self.state.matrix_width = named, len(cells)
            return True
        if not self.state.matrix_cols:
            return False
        first = min(self.state.matrix_cols)
        labels = [(i, self.matrix_rows_vocab[k]) for i, k in enumerate(keys) if k in self.matrix_rows_vocab and i < first]
        if not labels:
            if any(k in self.goals_vocab or k in self.fields_vocab or k in self.blocks_vocab for k in keys):
                self.state.matrix_cols = {}
                return False
            # values under the headers with no row label: the matrix has only its total row
            if "matrix.total." + next(iter(self.state.matrix_cols.values())) in self.form.fields:
                return False
            labels = [(-1, "total")]
        if len(cells) < self.state.matrix_width:  # a row that lost its leading empty cells
            pad = self.state.matrix_width - len(cells)
            cells = [""] * pad + cells
            self._confidences = [None] * pad + self._confidences
        row = labels[-1][1]
        for i, column in self.state.matrix_cols.items():
            if i < len(cells) and cells[i]:
                self._set_field(f"matrix.{row}.{column}", cells[i], i)
        return True

    def _block_label_row(self, cells: list[str], keys: list[str]) -> None:
        """年度主要任务, 资金来源, 支出明细: a sub-table kept as text lines until the next label."""
        i = next(i for i, k in enumerate(keys) if k in self.blocks_vocab)
        self.state.block = self.blocks_vocab[keys[i]]
        self.state.mode = "header"
        rest = [c for c in cells[i + 1:] if c and not is_frame_fragment(c)]
        if rest:
            self.block_parts.setdefault(self.state.block, []).append(" ".join(rest))

    # -- goals -------------------------------------------------------------------------------
    def _goal_label_row(self, cells: list[str], keys: list[str]) -> None:
        self.state.mode = "goals"
        self.state.matrix_cols = {}
        self.state.value_cols = {}
        label_cols = [i for i, k in enumerate(keys) if k in self.goals_vocab]
        self.state.goal_cols = {}
        for n, i in enumerate(label_cols):
            key = self.goals_vocab[keys[i]]
            self.state.goal_cols[i] = key
            stop = label_cols[n + 1] if n + 1 < len(label_cols) else len(cells)
            inline = [cells[j] for j in range(i + 1, stop) if cells[j] and not is_frame_fragment(cells[j])]
            for j in range(i, stop):
                self._note_confidence(j)
            if inline:
                self.goal_parts.setdefault(key, []).extend(inline)

    def _goal_text_row(self, cells: list[str]) -> None:
        """Goal texts go under the label whose column they sit in (the nearest label at or left
        of them).  A row whose texts sit left of every label lost its leading empty cells: then
        texts are the goals in their printed order, and a lone one is the last (the 年度目标 every
        form fills)."""
        goal_cols = sorted(self.state.goal_cols.items())
        texts = [(i, t) for i, t in enumerate(cells) if t and not is_frame_fragment(t)]
        if not goal_cols:
            return
        shifted = len(goal_cols) > 1 and bool(texts) and texts[0][0] < goal_cols[0][0]
        for n, (i, text) in enumerate(texts):
            self._note_confidence(i)
            if shifted:
                offset = len(goal_cols) - len(texts)
                key = goal_cols[max(0, min(len(goal_cols) - 1, n + offset))][1]
            else:
                left = [k for c, k in goal_cols if c <= i]
                key = left[-1] if left else goal_cols[0][1]
            self.goal_parts.setdefault(key, []).append(text)

    # -- indicators --------------------------------------------------------------------------
    def _has_taxonomy_start(self, cells: list[str]) -> bool:
        names = [taxonomy.canonical(c) for c in cells if c]
        return any(n for n in names) and len([c for c in cells if c]) >= 3

    def _set_header(self, cells: list[str], roles: dict[int, str], held: Line | None) -> None:
        """The indicator table's column names; an upper header row held back adds the columns
        it names that this row leaves empty (单位名称 and 项目名称 merged down two rows)."""
        self.state.mode = "indicators"
        self.state.block = None
        if held is not None:
            for i, c in enumerate(held.cells or []):
                role = self.columns_vocab.get(column_key(clean_text(c) or ""))
                if role and i not in roles and not (i < len(cells) and cells[i]):
                    roles[i] = role
        cols = _Columns(roles=dict(sorted(roles.items())), width=max(len(cells), max(roles) + 1))
        for i, role in roles.items():
            if role == "level3" and cols.l3 is None:
                cols.l3 = i
            elif role == "target" and cols.value is None:
                cols.value = i
            elif role == "ignore":
                cols.skip.add(i)
        cols.positional = any(r not in _PLAIN_ROLES for r in roles.values())
        self.state.cols = cols

    def _indicator_row(self, cells: list[str], page: int | None) -> None:
        """A row of a plain 一级/二级/三级/指标值 table, read by content: labels by the taxonomy,
        then the 三级 text and the target, whatever columns a page break or converter left."""
        st = self.state
        items: list[tuple[int, str]] = []
        pending, st.pending = st.pending, {}
        for i, text in enumerate(cells):
            if not text:
                continue
            if pending.get(i) == squash(text) or (i == 0 and is_frame_fragment(text)):
                continue
            if is_frame_fragment(text) and len(squash(text)) <= 2:
                continue
            items.append((i, text))
        cols = st.cols
        if cols and cols.skip and len(cells) >= cols.width - 1:
            items = [(i, t) for i, t in items if i not in cols.skip]
        if not items:
            return

        l1 = l2 = None
        rest: list[tuple[int, str]] = []
        for n, (i, text) in enumerate(items):
            if rest:
                rest.append((i, text))
                continue
            name = taxonomy.canonical(text)
            if name is None:
                completed = taxonomy.complete_fragment(text)
                if completed:
                    name = completed[0]
                    st.pending[i] = completed[1]
            if name is None:
                rest.append((i, text))
                continue
            if name == "成本指标":
                following = taxonomy.canonical(items[n + 1][1]) if n + 1 < len(items) else None
                as_level2 = (l1 == "产出指标") or (
                    l1 is None and following not in taxonomy.LEVEL2_PARENT and st.l1 == "产出指标"
                )
                if as_level2 and l2 is None:
                    l2 = name
                elif l1 is None and l2 is None:
                    l1 = name
                else:
                    rest.append((i, text))
                continue
            if taxonomy.is_level1(name) and l1 is None and l2 is None:
                l1 = name
            elif name in taxonomy.LEVEL2_PARENT and l2 is None:
                l2 = name
            else:
                rest.append((i, text))

        labelled = bool(l1 or l2)  # the row printed its own 一级/二级 (not carried from above)
        l1, l2 = self._resolve_levels(l1, l2)
        if not rest:
            return
        if len(rest) == 1:
            if not labelled and self._continue_previous(rest[0]):
                return
            level3, target = rest[0][1], None
            l3_col, value_col = rest[0][0], None
        else:
            level3 = rest[0][1] if len(rest) == 2 else clean_text(" ".join(t for _, t in rest[:-1]))
            target = rest[-1][1]
            l3_col, value_col = rest[0][0], rest[-1][0]
        st.last_cols = (l3_col, value_col)
        confidence = lowest(*(self._confidences[i] for i, _ in items if i < len(self._confidences)))
        self.form.indicators.append(IndicatorRow(l1, l2, level3, target, page, confidence))

    def _resolve_levels(self, l1: str | None, l2: str | None) -> tuple[str | None, str | None]:
        """Carry merged 一级/二级 cells down; let a 二级 name restore a lost or wrong 一级."""
        st = self.state
        if l2 and not l1:
            l1 = taxonomy.parent_of(l2, st.l1) or st.l1
        elif l1 and not l2:
            l2 = st.l2 if l1 == st.l1 else None
        elif not l1 and not l2:
            l1, l2 = st.l1, st.l2
        st.l1, st.l2 = l1, l2
        return l1, l2

    def _continue_previous(self, item: tuple[int, str]) -> bool:
        """A lone cell in a row with no labels of its own: the previous row's missing target, or
        the rest of a cell a page break split (same column)."""
        if not self.form.indicators:
            return False
        prev = self.form.indicators[-1]
        col, text = item
        l3_col, value_col = self.state.last_cols
        if prev.target_raw is None:
            prev.target_raw = text
            self.state.last_cols = (l3_col, col)
        elif value_col is not None and col == value_col:
            prev.target_raw = clean_text(prev.target_raw + text)
        elif l3_col is not None and col == l3_col:
            prev.level3 = clean_text((prev.level3 or "") + text)
        else:
            return False
        prev.confidence = lowest(prev.confidence, self._confidences[col] if col < len(self._confidences) else None)
        return True

    # -- indicators read by column -----------------------------------------------------------
    def _aligned(self, cells: list[str], confidences: list[float | None],
                 cols: _Columns) -> tuple[list[str], list[float | None]]:
        """A row shorter than the header lost its leading or its trailing empty cells; the
        alignment whose cells fit their columns' roles better wins (ties: as printed).  The
        cells' OCR confidences move with them."""
        if len(cells) >= cols.width:
            return cells, confidences
        pad = cols.width - len(cells)
        left, right = cells + [""] * pad, [""] * pad + cells
        if self._fit(right, cols) > self._fit(left, cols):
            return right, [None] * pad + confidences
        return left, confidences

    @staticmethod
    def _fit(cells: list[str], cols: _Columns) -> int:
        score = 0
        for i, role in cols.roles.items():
            text = squash(cells[i]) if i < len(cells) else ""
            if not text:
                continue
            name = taxonomy.canonical(text)
            if role in ("level1", "type") and name and (taxonomy.is_level1(name) or role == "type"):
                score += 2
            elif role == "level2" and name in taxonomy.LEVEL2_PARENT:
                score += 2
            elif role in ("comparator", "nature") and (_COMPARATOR_ONLY.match(text) or text in ("定量", "定性", "无")):
                score += 1
            elif role == "weight" and regex.fullmatch(r"\d+(?:\.\d+)?%?", text):
                score += 1
            elif role == "direction" and regex.search(r"正向|反向", text):
                score += 1
            elif name and role not in ("level1", "level2", "type"):
                score -= 2
        return score

    def _positional_row(self, cells: list[str], page: int | None) -> None:
        st = self.state
        cols = st.cols
        assert cols is not None
        cells, confidences = self._aligned(cells, self._confidences, cols)

        def get(role: str) -> str | None:
            for i in cols.cols_of(role):
                if i < len(cells) and cells[i] and not (role == "level1" and is_frame_fragment(cells[i])):
                    return cells[i]
            return None

        filled = [c for i, c in enumerate(cells) if c and i not in cols.skip]
        if not filled:
            return
        if _SUMMARY_ROW.match(squash(filled[0])):
            self.form.weight_total = get("weight") or self.form.weight_total
            for role, key in (("score_max", "score_max_total"), ("score", "total_score")):
                if get(role):
                    self.form.fields[key] = get(role)
            return
        self._project_cells(cells, cols, page)

        l1, l2 = get("level1"), get("level2")
        kind = get("type")
        if kind:
            name = taxonomy.canonical(kind)
            if name in taxonomy.LEVEL2_PARENT and not l2:
                l2 = kind
                l1 = l1 or taxonomy.parent_of(name)
            elif not l1:
                l1 = kind
        l1 = taxonomy.canonical(l1) or clean_text(l1)
        l2 = taxonomy.canonical(l2) or clean_text(l2)
        labelled = bool(l1 or l2)
        if l1:
            if not l2:
                l2 = st.l2 if l1 == st.l1 and not kind else None
        else:
            l1 = st.l1 if st.l1 else taxonomy.parent_of(l2)
            l2 = l2 or st.l2
        st.l1, st.l2 = l1, l2

        level3 = get("level3")
        cmp_ = get("comparator")
        nature = get("nature")
        if nature and _COMPARATOR_ONLY.match(squash(nature)):
            cmp_, nature = cmp_ or nature, None
        unit = get("unit")
        target = _compose(cmp_, get("target"), unit)
        long_term = _compose(cmp_ if not get("target") else None, get("long_term_target"), unit)
        weight, direction = get("weight"), get("direction")
        actual = _compose(None, get("actual"), unit)
        score_max, score, deviation = get("score_max"), get("score"), get("deviation")
        if not labelled and self.form.indicators and not any((weight, direction, nature, long_term, score_max, score)):
            prev = self.form.indicators[-1]
            companions = not (cmp_ or unit) and bool(prev.weight or prev.direction or prev.nature or prev.score_max)
            if level3 and (companions or (not target and prev.target_raw)):
                # the rest of a row a page break split: the columns every row fills are empty
                prev.level3 = clean_text((prev.level3 or "") + level3)
                for attr, more in (("target_raw", target), ("actual_raw", actual), ("deviation", deviation)):
                    if more:
                        setattr(prev, attr, clean_text((getattr(prev, attr) or "") + more))
                return
            if target and not level3:
                prev.target_raw = clean_text((prev.target_raw or "") + target)
                return
        if not (level3 or target):
            return
        idx = [i for i, c in enumerate(cells) if c]
        confidence = lowest(*(confidences[i] for i in idx if i < len(confidences)))
        self.form.indicators.append(IndicatorRow(
            l1, l2, level3, target, page, confidence,
            nature=clean_text(nature), weight=clean_text(weight), direction=clean_text(direction),
            long_term_target_raw=long_term, actual_raw=actual, score_max=clean_text(score_max),
            score=clean_text(score), deviation=clean_text(deviation),
        ))

    def _project_cells(self, cells: list[str], cols: _Columns, page: int | None) -> None:
        """A list table's project columns: a new 项目名称 starts the next project's form."""
        values = {role[len("project."):]: (i, cells[i]) for i, role in cols.roles.items()
                  if role.startswith("project.") and i < len(cells) and cells[i]}
        if not values:
            return
        name = values.get("project_name")
        current = self.form.fields.get("project_name")
        if name and current and squash(name[1]) != squash(current):
            self._close_form()
            self.form = self._new_form(None, None, page, self.form.order)
            self.state.l1 = self.state.l2 = None
        unit = values.get("implementing_unit")
        if unit:
            self.state.carried_unit = unit[1]
        elif self.state.carried_unit and name:
            values["implementing_unit"] = (-1, self.state.carried_unit)
        for key, (i, text) in values.items():
            first = self.form.fields.get(key)
            if first and not _same_value(first, text) and (key, first, text) not in self.form.conflicts:
                self.form.conflicts.append((key, first, text))
            if key in self.goals_vocab.values():
                self.goal_parts.setdefault(key, [])
                if text not in self.goal_parts[key]:
                    self.goal_parts[key].append(text)
            else:
                self._set_field(key, text, i if i >= 0 else None)

    # -- closing -----------------------------------------------------------------------------
    def _close_form(self) -> None:
        form = self.form
        for key, parts in self.goal_parts.items():
            text = clean_text("\n".join(parts))
            if text:
                form.fields[key] = text
        for key, parts in self.block_parts.items():
            text = "\n".join(p for p in (clean_text(x) for x in parts) if p)
            if text:
                form.fields[key] = text
        self.goal_parts, self.block_parts = {}, {}
        if not (form.fields or form.indicators):
            return
        template = self.template or templates.DEFAULT
        form.template = template.name
        form.kind = template.doc_kind
        form.money_unit = self.printed_unit or template.money_unit
        form.missing = [f for f in template.required if not form.fields.get(f)]
        self.forms.append(form)


def _join_split_labels(lines: list[Line], known: set[str]) -> list[Line]:
    """A label a narrow column wrapped over two rows (`项目起` above `止时间`) joined back; the
    value below it then continues the value beside it."""
    out = list(lines)
    for n in range(len(out) - 1):
        a, b = out[n], out[n + 1]
        if a.kind != "row" or b.kind != "row":
            continue
        upper, lower = list(a.cells or []), list(b.cells or [])
        changed = False
        for i in range(min(len(upper), len(lower))):
            x, y = label_key(upper[i]), label_key(lower[i])
            if x and y and x not in known and y not in known and label_key(x + y) in known:
                upper[i], lower[i] = squash(upper[i]) + squash(lower[i]), ""
                changed = True
        if changed:
            out[n] = Line(a.kind, a.text, cells=upper, page=a.page, confidence=a.confidence, confidences=a.confidences)
            out[n + 1] = Line(b.kind, b.text, cells=lower, page=b.page, confidence=b.confidence, confidences=b.confidences)
    return out


def _same_value(a: str, b: str) -> bool:
    """Two printings of one cell: equal as text, or as amounts (`236.50` and `236.5`)."""
    if squash(a) == squash(b):
        return True
    x, y = parse_amount(a), parse_amount(b)
    return x is not None and x == y


def _compose(cmp_: str | None, value: str | None, unit: str | None) -> str | None:
    """`≥` | `95` | `%` -> `≥95%`; `无` means none; a value that already carries its comparator or a
    unit of its own keeps them (the unit column is not written twice)."""
    if cmp_ and not _COMPARATOR_ONLY.match(squash(cmp_)):
        cmp_ = None  # 无, 定性, a dash
    if unit and squash(unit) in ("无", "/", "-"):
        unit = None
    if not value:
        return None
    v = squash(value)
    if cmp_ and regex.match(r"^(?:[≥≧≤≦><=＝═≠]|不低于|不少于|不高于|不超过)", v):
        cmp_ = None
    if unit and not regex.search(r"\d$", v):
        unit = None
    return "".join(p for p in (cmp_, value, unit) if p) or None
