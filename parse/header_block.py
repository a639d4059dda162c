"""A form's header block: label/value cells, goals, sub-tables kept as text, a funds matrix.

A label is known by its words (vocabulary: the shared labels, the layout's own reading, then the
head word: `实施期资金总额：` is a 资金总额), and its value is the filled cell(s) after it up to the
next label.  Positions matter only where words cannot decide: which goal a text belongs to (the
label whose column it stands in), which side of the funds block a `其他资金` sits on, which cell a
split fragment continues, which labels a row of values below a row of labels belongs to.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from budget_declarations.normalize import taxonomy
from budget_declarations.normalize.text import clean_text, column_key, label_key, squash
from budget_declarations.parse.model import Form, Line, lowest
from budget_declarations.vocabulary import Layout, Vocabulary

_INLINE_LABEL = regex.compile(r"^(?P<label>[^:：]{2,12})[:：](?P<value>.+)$")
# `标签：值` pairs in a caption, each value up to the whitespace before the next label
_PAIR = regex.compile(r"(?P<label>[^\s:：]{2,12})\s*[:：]\s*(?P<value>.*?)(?=\s+[^\s:：]{2,12}\s*[:：]|$)")


def inline_pairs(text: str | None) -> list[tuple[str, str]]:
    """`单位名称：某某局  单位：万元` -> [(单位名称, 某某局), (单位, 万元)]."""
    out = []
    for m in _PAIR.finditer((text or "").strip()):
        value = clean_text(m.group("value"))
        if value:
            out.append((m.group("label"), value))
    return out
_TOTAL_SIDE = {"total_funds"}
_AMOUNT = regex.compile(r"^[+-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^[+-]?\d+(?:\.\d+)?$")
_TOTAL_WORD = regex.compile(r"^(?:合计|小计|总计|总额|金额合计|金额总计|资金合计)[:：]?$")
_ANNUAL_SIDE = {"annual_request"}
# an amount as forms print it (thousands grouped or two decimals), not a year or a count
_FUSED_AMOUNT = regex.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+\.\d{2}(?![\d.])")


def is_frame_fragment(text: str, vocab: Vocabulary) -> bool:
    """A row-group label or a piece of one (`项目 绩效 目`, `标`, `绩效指`)."""
    key = squash(text)
    if not key or taxonomy.canonical(key):
        return False
    return any(key in label for label in vocab.frame_labels) or label_key(key) in vocab.frame_labels


@dataclass
class _Cells:
    """One row's cells with what each names (a field, a goal, a sub-table), looked up once."""

    texts: list[str]
    fields: list[str | None]
    goals: list[str | None]
    blocks: list[str | None]

    def labels(self) -> list[int]:
        return [i for i in range(len(self.texts)) if self.fields[i] or self.goals[i]]


@dataclass
class HeaderBlock:
    """Reads the rows before the indicator table into `form`, with the chosen layout's vocabulary."""

    form: Form
    vocab: Vocabulary
    layout: Layout
    printed_unit: str | None = None
    goal_parts: dict[str, list[str]] = field(default_factory=dict)
    block_parts: dict[str, list[str]] = field(default_factory=dict)
    mode: str = "header"  # header | goals
    annual_col: int | None = None
    total_col: int | None = None
    goal_cols: dict[int, str] = field(default_factory=dict)
    other_seen: dict[str, int] = field(default_factory=dict)
    value_cols: dict[int, str] = field(default_factory=dict)
    pending_labels: dict[int, str] = field(default_factory=dict)  # labels whose values sit below them
    block: str | None = None
    matrix_cols: dict[int, str] = field(default_factory=dict)  # a funds matrix's columns (自评表)
    matrix_width: int = 0
    _matrix_above: dict[int, str] = field(default_factory=dict)  # matrix columns the previous row named
    _grid: list = field(default_factory=list)  # the last rows of labels (texts, spans) over a funds grid
    _confidences: list[float | None] = field(default_factory=list)

    # -- lookups -------------------------------------------------------------------------------
    def field_of(self, text: str) -> str | None:
        return self.vocab.field_of(text, self.layout) if text else None

    def goal_of(self, text: str) -> str | None:
        if not text:
            return None
        return self.vocab.goal_of(text, self.layout) or self.vocab.goal_of(column_key(text), self.layout)

    def block_of(self, text: str) -> str | None:
        if not text:
            return None
        return self.vocab.blocks.get(label_key(text)) or self.vocab.blocks.get(column_key(text))

    def _cells(self, texts: list[str]) -> _Cells:
        fields = []
        for t in texts:
            f = self.field_of(t)
            if f is None and t and column_key(t) != label_key(t):
                f = self.field_of(column_key(t))  # a label with a note in brackets
            fields.append(f)
        return _Cells(texts, fields, [self.goal_of(t) for t in texts], [self.block_of(t) for t in texts])

    def is_label(self, text: str) -> bool:
        return bool(self.field_of(text) or self.goal_of(text))

    # -- rows ----------------------------------------------------------------------------------
    def read(self, line: Line) -> None:
        if line.kind != "row":
            as_row = self.text_as_row(line)
            if as_row is None:
                self._feed_text(line)
                return
            line = as_row
        texts = [clean_text(c) or "" for c in (line.cells or [])]
        if not any(texts):
            return
        self._confidences = list(line.confidences or [None] * len(texts))
        self.note_unit(texts)
        cells = self._split_inline(self._cells(self._unfuse(texts)))
        if self._matrix_row(cells):
            return
        if self._grid_row(cells, line.spans):
            return
        if any(cells.blocks):
            self._block_label_row(cells)
        elif any(cells.goals):
            self.block = None
            self._goal_label_row(cells)
        elif self.block is not None:
            # a sub-table's own column names (总额, 财政拨款) are not the form's fields
            self.block_parts.setdefault(self.block, []).append(" ".join(c for c in cells.texts if c))
        elif any(cells.fields):
            self._field_row(cells)
        elif self.mode == "goals":
            self._goal_text_row(cells.texts)
        else:
            self._continuation_row(cells.texts)

    def text_as_row(self, line: Line) -> Line | None:
        """A form printed without ruling lines reaches us as text lines with gaps between cells:
        read such a line as a row when its pieces include a form label or a taxonomy name."""
        pieces = [p for p in regex.split(r"\s+", (line.text or "").strip()) if p]
        if len(pieces) < 2:
            return None
        if not any(self.is_label(p) or taxonomy.canonical(label_key(p)) for p in pieces):
            return None
        return Line("row", line.text, cells=pieces, page=line.page, confidences=[line.confidence] * len(pieces))

    def note_unit(self, texts: list[str]) -> None:
        for c in texts:
            key = squash(c)
            if self.vocab.money_in_wan.search(key):
                self.printed_unit = "万元"
            elif self.vocab.money_in_yuan.search(key) and self.printed_unit is None:
                self.printed_unit = "元"

    def _feed_text(self, line: Line) -> None:
        """Paragraphs inside a form: only `标签：值` lines carry fields (and the money unit); a
        caption may hold several (`单位名称：某某局    单位：万元`)."""
        self.note_unit([line.text or ""])
        if self.mode != "header":
            return
        for label, value in inline_pairs(line.text):
            key = self.field_of(label)
            if key:
                self._set_field(key, value, None)

    def _unfuse(self, texts: list[str]) -> list[str]:
        """A label cell that took in its value (a scan lost the rule between them: `年度资金申
        80,000.00 请总额`) next to an empty cell: the amount moves into the empty cell, so that
        the columns stay where the form has them."""
        out = list(texts)
        for i in range(len(out) - 1):
            if out[i + 1] or not out[i]:
                continue
            amounts = _FUSED_AMOUNT.findall(out[i])
            if len(amounts) != 1 or self.field_of(out[i]):  # the cheap test first: most cells hold none
                continue
            rest = squash(_FUSED_AMOUNT.sub("", out[i]))
            if rest and self.field_of(rest):
                out[i], out[i + 1] = rest, amounts[0]
        return out

    def _split_inline(self, cells: _Cells) -> _Cells:
        """`年度资金总额：100` in one cell: the label and its value as two cells."""
        if not any(":" in t or "：" in t for t in cells.texts):
            return cells
        out: list[str] = []
        for c in cells.texts:
            m = _INLINE_LABEL.match(squash(c))
            if m and self.is_label(m.group("label")):
                out.extend([m.group("label"), clean_text(c.split("：", 1)[-1] if "：" in c else c.split(":", 1)[-1]) or ""])
            else:
                out.append(c)
        if len(out) == len(cells.texts):
            return cells
        self._confidences = (self._confidences + [None] * len(out))[: len(out)]
        return self._cells(out)

    # -- header fields -------------------------------------------------------------------------
    def _field_row(self, cells: _Cells) -> None:
        texts = cells.texts
        label_cols = cells.labels()
        for i, key in enumerate(cells.fields):
            if key in _ANNUAL_SIDE:
                self.annual_col = i
            elif key in _TOTAL_SIDE:
                self.total_col = i
        self.value_cols = {}
        self.pending_labels = {}
        empty_labels: dict[int, str] = {}
        for n, i in enumerate(label_cols):
            key = cells.fields[i]
            if key is None:
                continue
            stop = label_cols[n + 1] if n + 1 < len(label_cols) else len(texts)
            values = [(j, texts[j]) for j in range(i + 1, stop) if texts[j] and not is_frame_fragment(texts[j], self.vocab)]
            if key in self.vocab.sided:
                same = [c for c in label_cols if cells.fields[c] == key]
                key = self._side(key, i, same)
            value = values[0][1] if values else None
            col = values[0][0] if values else None
            if label_key(texts[i]) in self.vocab.line_labels:
                if value is not None:  # a breakdown kept as a line of a text column
                    self.block_parts.setdefault(key, []).append(f"{clean_text(texts[i])}：{value}")
                continue
            if value is None:
                empty_labels[i] = key
            self._set_field(key, value, col)
        if len(empty_labels) >= 2 and len(empty_labels) == len([i for i in label_cols if cells.fields[i]]):
            self.pending_labels = empty_labels  # a row of labels: their values are in the next row

    def _side(self, key: str, col: int, in_row: list[int]) -> str:
        """其他资金 (and 财政拨款) appear twice: under the total (left) and under the year's request
        (right).

        Two in one row: left then right.  One alone: right of the 年度资金申请总额 column is the
        annual side; a converter that dropped a row's leading empty cells moves it left, so once the
        total side has been seen, a later one is the annual side.  A form with only a year's
        request (湖南: 年度资金总额 / 财政拨款 / 其他资金) puts it on the annual side, one with only a
        total on the total side.
        """
        total_key, annual_key = self.vocab.sided[key]
        seen = self.other_seen.get(key, 0) + 1
        self.other_seen[key] = seen
        if len(in_row) == 2:
            return total_key if col == in_row[0] else annual_key
        if total_key in self.form.fields:
            return annual_key
        if self.annual_col is not None and (self.total_col is not None or "total_funds" in self.form.fields):
            return annual_key if col >= self.annual_col else total_key
        if self.annual_col is not None:
            return annual_key
        if self.total_col is not None:
            return total_key
        return total_key if seen == 1 else annual_key

    def note_confidence(self, col: int | None) -> None:
        if col is not None and col < len(self._confidences):
            self.form.confidence = lowest(self.form.confidence, self._confidences[col])

    def _set_field(self, key: str, value: str | None, col: int | None) -> None:
        self.note_confidence(col)
        if value is None:
            self.form.fields.setdefault(key, None)  # type: ignore[arg-type]
            return
        if not self.form.fields.get(key):
            self.form.fields[key] = value
            if col is not None:
                self.value_cols[col] = key

    def _continuation_row(self, texts: list[str]) -> None:
        """A row with no label: values of a row of labels above it, or the rest of cells a page
        break or wrap split (`其他经常性项` | `目`)."""
        pending, self.pending_labels = self.pending_labels, {}
        if pending:
            for i, key in pending.items():
                if i < len(texts) and texts[i]:
                    self._set_field(key, texts[i], i)
            return
        filled = [i for i, text in enumerate(texts) if text]
        if any(i not in self.value_cols for i in filled):
            return  # a row of its own (a sub-table's header), not the rest of the values above
        for i in filled:
            key = self.value_cols[i]
            if self.form.fields.get(key):
                self.form.fields[key] = clean_text(self.form.fields[key] + texts[i]) or texts[i]
                self.note_confidence(i)

    def _matrix_row(self, cells: _Cells) -> bool:
        """A funds matrix (自评表: 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 across,
        年度资金总额 / 财政拨款 / 上年结转 / 其他资金 down): its header row, or one of its rows,
        whose cells become fields `matrix.<row>.<column>`."""
        rows = {**self.vocab.matrix_rows, **self.layout.matrix_rows}
        texts = cells.texts
        named = {i: col for i, c in enumerate(texts) if c for col in [self.vocab.matrix_column(c, self.layout)] if col}
        above, self._matrix_above = self._matrix_above, named
        if len(named) >= 3:
            # a header of two rows: columns the row above names where this one is empty (分值 | 得分
            # printed beside the group labels 预算安排 | 拨付情况 over the amounts' columns)
            for i, col in above.items():
                if not (i < len(texts) and texts[i]) and col not in named.values():
                    named[i] = col
            self.matrix_cols, self.matrix_width = dict(sorted(named.items())), max(len(texts), max(named) + 1)
            return True
        if not self.matrix_cols:
            return False
        first = min(self.matrix_cols)
        keys = [label_key(t) for t in texts]
        labels = [(i, rows[k]) for i, k in enumerate(keys) if k in rows and i < first]
        if not labels:
            if any(cells.goals) or any(cells.fields) or any(cells.blocks):
                self.matrix_cols = {}
                return False
            # values under the headers with no row label: the matrix has only its total row
            if "matrix.total." + next(iter(self.matrix_cols.values())) in self.form.fields:
                return False
            labels = [(-1, "total")]
        if len(texts) < self.matrix_width:  # a row that lost its leading empty cells
            pad = self.matrix_width - len(texts)
            texts = [""] * pad + texts
            self._confidences = [None] * pad + self._confidences
        row = labels[-1][1]
        for i, column in self.matrix_cols.items():
            if i < len(texts) and texts[i]:
                self._set_field(f"matrix.{row}.{column}", texts[i], i)
        return True

    # -- a funds grid: label rows over one row of amounts --------------------------------------
    def _grid_row(self, cells: _Cells, spans: list[int] | None) -> bool:
        """Amounts under one or two rows of labels (部门整体 forms: 预算支出总额 | 财政拨款 (合计 | 基本支出
        | 项目支出) | 其他资金 (…) over a row of numbers; a 年度主要任务 table's 金额合计 row under 预算金额
        (总额 | 财政拨款 | 其他资金)): each amount is the field its column's labels name.  Label rows
        are remembered; a row of amounts reads them.  A total (合计, 总额) is its group's; a split of a
        source by kind (财政拨款 · 基本支出) has no column of its own and is left out."""
        texts = cells.texts
        numbers = [i for i, t in enumerate(texts) if t and _AMOUNT.match(squash(t))]
        words = [i for i, t in enumerate(texts) if t and i not in numbers]
        if len(numbers) < 2 or not self._grid:
            if not numbers and len(words) >= 2 and (any(cells.fields) or any(_TOTAL_WORD.match(squash(texts[i])) for i in words)):
                second = bool(self._grid) and all(self.is_label(texts[i]) or _TOTAL_WORD.match(squash(texts[i])) for i in words)
                self._grid = (self._grid + [(texts, spans)])[-2:]
                return second  # a second row of labels under the first (合计 | 基本支出 | 项目支出): no values of its own
            if numbers:
                self._grid = []
            return False
        if any(not _TOTAL_WORD.match(squash(texts[i])) for i in words):
            return False  # words beside the amounts (a task's name, a label): no row of the grid
        taken = False
        for j in numbers:
            last = len(self._grid) - 1
            path = [h for h in (_header_at(row, row_spans, j, spread=n < last) for n, (row, row_spans)
                                in enumerate(self._grid)) if h]
            field = self._grid_field(path)
            if field and not self.form.fields.get(field):
                self._set_field(field, texts[j], j)
                taken = True
        if taken:
            self._grid = []
        return taken

    def _grid_field(self, path: list[str]) -> str | None:
        if not path:
            return None
        leaf, parent = squash(path[-1]), squash(path[-2]) if len(path) >= 2 else None
        name = leaf
        if _TOTAL_WORD.match(leaf):
            if parent is None:
                return None
            name = parent
        elif parent is not None and self.field_of(parent) in self.vocab.sided:
            return None  # 财政拨款 · 基本支出: a source split by kind
        field = self.field_of(name) or self.field_of(column_key(name))
        if field in self.vocab.sided:
            total, annual = self.vocab.sided[field]
            yearly = self.layout.doc_kind == "department_overall" or "annual_request" in self.form.fields
            field = annual if yearly else total
        return field

    def _block_label_row(self, cells: _Cells) -> None:
        """年度主要任务, 资金来源, 支出明细: a sub-table kept as text lines until the next label."""
        i = next(i for i, b in enumerate(cells.blocks) if b)
        self.block = cells.blocks[i]
        self.mode = "header"
        rest = [c for c in cells.texts[i + 1:] if c and not is_frame_fragment(c, self.vocab)]
        if rest:
            self.block_parts.setdefault(self.block, []).append(" ".join(rest))

    # -- goals ---------------------------------------------------------------------------------
    def _goal_label_row(self, cells: _Cells) -> None:
        self.mode = "goals"
        self.matrix_cols = {}
        self.value_cols = {}
        texts = cells.texts
        label_cols = [i for i, g in enumerate(cells.goals) if g]
        self.goal_cols = {}
        for n, i in enumerate(label_cols):
            key = cells.goals[i]
            assert key is not None
            self.goal_cols[i] = key
            stop = label_cols[n + 1] if n + 1 < len(label_cols) else len(texts)
            inline = [texts[j] for j in range(i + 1, stop) if texts[j] and not is_frame_fragment(texts[j], self.vocab)]
            for j in range(i, stop):
                self.note_confidence(j)
            if inline:
                self.goal_parts.setdefault(key, []).extend(inline)

    def _goal_text_row(self, texts: list[str]) -> None:
        """Goal texts go under the label whose column they sit in (the nearest label at or left
        of them).  A row whose texts sit left of every label lost its leading empty cells: then
        texts are the goals in their printed order, and a lone one is the last (the 年度目标 every
        form fills)."""
        goal_cols = sorted(self.goal_cols.items())
        cells = [(i, t) for i, t in enumerate(texts) if t and not is_frame_fragment(t, self.vocab)]
        if not goal_cols:
            return
        shifted = len(goal_cols) > 1 and bool(cells) and cells[0][0] < goal_cols[0][0]
        for n, (i, text) in enumerate(cells):
            self.note_confidence(i)
            if shifted:
                offset = len(goal_cols) - len(cells)
                key = goal_cols[max(0, min(len(goal_cols) - 1, n + offset))][1]
            else:
                left = [k for c, k in goal_cols if c <= i]
                key = left[-1] if left else goal_cols[0][1]
            self.goal_parts.setdefault(key, []).append(text)


def _header_at(row: list[str], spans: list[int] | None, col: int, spread: bool = False) -> str | None:
    """The label over a column in one header row: the cell there, or one to its left spanning it.
    An upper row's label also stands over the empty cells to its right (`财政拨款` over 合计 | 基本支出 |
    项目支出 where the form drew each its own cell)."""
    if col < len(row) and row[col]:
        return row[col]
    for i in range(min(col, len(row) - 1), -1, -1):
        if row[i]:
            spanned = spans is not None and i < len(spans) and i + spans[i] > col
            return row[i] if spanned or spread else None
    return None


def join_split_labels(lines: list[Line], is_label) -> list[Line]:
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
            if x and y and not is_label(x) and not is_label(y) and is_label(x + y):
                upper[i], lower[i] = squash(upper[i]) + squash(lower[i]), ""
                changed = True
        if changed:
            out[n] = Line(a.kind, a.text, cells=upper, page=a.page, confidence=a.confidence, confidences=a.confidences,
                          spans=a.spans)
            out[n + 1] = Line(b.kind, b.text, cells=lower, page=b.page, confidence=b.confidence,
                              confidences=b.confidences, spans=b.spans)
    return out
