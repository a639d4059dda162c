"""An indicator table's rows into indicator rows (and, in a table that lists projects, projects).

The table is read whole, after its header: the header's head words and the cells under each column
decide the columns (parse/columns.py), then each row is read one of three ways:

- a plain 一级/二级/三级/指标值 table by content: labels by the taxonomy, then the 三级 text and the
  target, whatever columns a page break or a converter left (`_content_row`);
- any other table by column: comparator, value and unit cells joined (`≥` | `95` | `%` → `≥95%`),
  一级/二级 carried down merged rows, a row a page break split joined to the row above, project
  columns starting the next project (`_positional_row`);
- a column of indicators packed into one cell as numbered text split into rows (parse/packed.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from budget_declarations.normalize import taxonomy
from budget_declarations.normalize.numbers import parse_amount
from budget_declarations.normalize.ocr_repair import repair_target
from budget_declarations.normalize.text import clean_text, squash
from budget_declarations.parse.columns import Columns, build_columns, cell_kind, header_roles, is_upper_header, names_columns
from budget_declarations.parse.header_block import is_frame_fragment
from budget_declarations.parse.model import IndicatorRow, Line, lowest
from budget_declarations.parse.packed import split_packed
from budget_declarations.vocabulary import Vocabulary

_HEAD_AND_NUMBER = regex.compile(r"^(?P<head>.*?\D)(?P<number>[+-]?\d[\d,]*(?:\.\d+)?)$")
_STATED_TOTAL = regex.compile(r"[(（](?P<total>\d+(?:\.\d+)?)分?[)）]")
_AMOUNT_ROLES = ("project.annual_request", "project.total_funds")
_LEADING_CODE = regex.compile(r"^(?P<code>[0-9A-Z]{12,})\s*[-－—_]\s*(?P<name>\S.*)$")


@dataclass
class Segment:
    """One project's part of the table: all of it, or one project of a table that lists several."""

    fields: dict[str, str] = field(default_factory=dict)
    indicators: list[IndicatorRow] = field(default_factory=list)
    goal_parts: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    totals: dict[str, str] = field(default_factory=dict)  # a 合计 row's weight and score totals
    page: int | None = None
    confidence: float | None = None
    awaits_name: bool = False  # a budget line under a name merged over it that is printed further down


@dataclass
class _State:
    l1: str | None = None
    l2: str | None = None
    pending: dict[int, str] = field(default_factory=dict)
    last_cols: tuple[int | None, int | None] = (None, None)
    carried_unit: str | None = None  # a list table's 单位名称 merged over several projects
    unit_row: str | None = None  # a list's row that names only a unit (资金使用单位) above its projects
    notes: bool = False  # the table's notes began
    name_merged: bool = False  # the project-name cells are merged over their rows
    name_span: int = 0  # the previous row's span at the project-name column (-1: no cell there)
    name_page: int | None = None  # the page of that row
    unit_changed: bool = False  # a unit row came since the current project began
    page: int | None = None  # the page of the row being read
    prev_page: int | None = None  # the page of the row read before it
    amounts_uncelled: bool = False  # the last row had no cell in the amount columns
    amount_span: int | None = None  # the last row's span at the (first) amount column


class IndicatorTable:
    """Collects the rows from the table's header on, then reads them (`segments()`)."""

    def __init__(self, vocab: Vocabulary, upper_header: list[Line] | None = None) -> None:
        self.vocab = vocab
        self.lines: list[Line] = list(upper_header or [])
        self._upper = len(self.lines)
        self._rows_read = 0

    def add(self, line: Line) -> None:
        self.lines.append(line)

    def has_rows(self) -> bool:
        return bool(self.lines)

    # -- reading -----------------------------------------------------------------------------
    def segments(self) -> tuple[list[Segment], list[str]]:
        """The segments read, and the headers no rule recognised (over cells that hold something)."""
        rows = [r for r in (self._as_row(line) for line in self.lines) if r is not None]
        out: list[Segment] = [Segment()]
        state = _State()
        unread: list[str] = []
        for header, spans, body in _tables(rows, self.vocab, self._upper):
            cols = build_columns(header, spans, [r.texts for r in body], self.vocab)
            if cols.positional or cols.packed:  # (a table read by content reads every cell)
                unread.extend(h for h in cols.unread if h not in unread)
            state.notes = False
            reader = _Reader(self.vocab, cols, state, out)
            for row in body:
                reader.row(row)
        for segment in out:
            for indicator in segment.indicators:
                if indicator.confidence is not None and indicator.target_raw:
                    # a target a page break split was mended cell by cell, as fragments: `2025年` on
                    # one page and `15月` (a speck read as 1) on the next mend only once joined
                    indicator.target_raw = repair_target(indicator.target_raw)
        return [s for s in out if s.fields or s.indicators or s.goal_parts], unread

    def _as_row(self, line: Line) -> _Row | None:
        if line.kind == "row":
            texts = [clean_text(c) or "" for c in (line.cells or [])]
        else:  # a text line with gaps between its cells (a form printed without ruling lines)
            pieces = [p for p in regex.split(r"\s+", (line.text or "").strip()) if p]
            known = any(taxonomy.canonical(p) for p in pieces)
            valued = self._rows_read > 1 and cell_kind(pieces[-1], self.vocab) in ("target", "number", "comparator")
            if len(pieces) < 2 or not (known or valued):
                return None
            texts = pieces
            line = Line("row", line.text, cells=pieces, page=line.page, confidences=[line.confidence] * len(pieces))
        if not any(texts):
            return None
        self._rows_read += 1
        confidences = list(line.confidences or [None] * len(texts))
        return _Row(texts, confidences + [None] * (len(texts) - len(confidences)), line.page, line.spans)


@dataclass
class _Row:
    texts: list[str]
    confidences: list[float | None]
    page: int | None
    spans: list[int] | None = None


def _tables(rows: list[_Row], vocab: Vocabulary, upper: int) -> list[tuple[list[list[str]], list[list[int] | None], list[_Row]]]:
    """The rows cut at every header row: (header rows, their spans, the rows under them).

    The first `upper` rows are the first header's upper rows.  A header printed again (the table's
    next page) starts a new part, with the header rows just above it (is_upper_header); rows of
    column names right after a header name what an upper cell spans (`其中：` over 财政资金 |
    其他资金).  Rows before any header (a table whose header the converter lost) are read under an
    empty header."""
    out: list[tuple[list[list[str]], list[list[int] | None], list[_Row]]] = []
    header: list[list[str]] = [r.texts for r in rows[:upper]]
    spans: list[list[int] | None] = [r.spans for r in rows[:upper]]
    body: list[_Row] = []
    seen = {_signature(texts) for texts in header}
    carry: dict[int, str] = {}  # values a header cell took from the row below it (no rule between them)
    repeated: list[_Row] = []  # the header rows just seen again (a page's repeated header, above its column row)
    for row in rows[upper:]:
        if carry and not (header and not body and _header_part(row, vocab)):
            row = _with_carried(row, carry)
            carry = {}
        if header and body and _signature(row.texts) in seen and not header_roles(row.texts, vocab):
            repeated.append(row)  # a header row printed again on the next page (the rest of it dropped as repeated)
            continue
        split = _header_part(row, vocab)
        if split is not None:
            row, more = split
            carry.update(more)
        if not header_roles(row.texts, vocab):
            repeated = []
        else:
            if body:
                above: list[_Row] = list(repeated)  # the upper rows printed again above it
                below = [row.texts]
                while body and not repeated and len(above) < 3 and is_upper_header(body[-1].texts, body[-1].spans, below, vocab):
                    above.insert(0, body.pop())
                    below.insert(0, above[0].texts)
                out.append((header, spans, body))
                header, spans, body = [r.texts for r in above], [r.spans for r in above], []
            header.append(row.texts)
            spans.append(row.spans)
            seen.add(_signature(row.texts))
            continue
        if header and not body and names_columns(row.texts, vocab):
            seen.add(_signature(row.texts))
            header.append(row.texts)
            spans.append(row.spans)
            continue
        body.append(row)
    if header or body:
        out.append((header, spans, body))
    return out


def _header_part(row: _Row, vocab: Vocabulary) -> tuple[_Row, dict[int, str]] | None:
    """A header row whose cells ran into the row below it (the table printed no rule between them:
    `项目总额10`, `财政资金10.000000`): the header words, and the values to give back to the row
    below; None when the row is no header even so."""
    if header_roles(row.texts, vocab) or names_columns(row.texts, vocab):
        if not any(_value_after_head(t, vocab) for t in row.texts if t):
            return None
    texts, rests = [], {}
    for i, text in enumerate(row.texts):
        split = _value_after_head(text, vocab) if text else None
        if split:
            texts.append(split[0])
            rests[i] = split[1]
        else:
            texts.append(text)
    if not rests or not (header_roles(texts, vocab) or names_columns(texts, vocab)):
        return None
    return _Row(texts, row.confidences, row.page, row.spans), rests


def _value_after_head(text: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """`财政资金10.000000` -> (`财政资金`, `10.000000`): a column name with a number after it."""
    t = squash(text)
    m = _HEAD_AND_NUMBER.match(t) if len(t) <= 40 else None
    if m is None or vocab.column_role(t) or not vocab.column_role(m.group("head")):
        return None
    return m.group("head"), m.group("number")


def _with_carried(row: _Row, carry: dict[int, str]) -> _Row:
    texts = list(row.texts) + [""] * max(0, max(carry) + 1 - len(row.texts))
    for i, value in carry.items():
        texts[i] = value + texts[i] if texts[i] else value
    confidences = list(row.confidences) + [None] * (len(texts) - len(row.confidences))
    return _Row(texts, confidences, row.page, row.spans)


def _signature(texts: list[str]) -> tuple[str, ...]:
    return tuple(squash(t) for t in texts if t)


class _Reader:
    def __init__(self, vocab: Vocabulary, cols: Columns, state: _State, out: list[Segment]) -> None:
        self.vocab, self.cols, self.st, self.out = vocab, cols, state, out

    @property
    def seg(self) -> Segment:
        return self.out[-1]

    def row(self, row: _Row) -> None:
        if self.st.notes:
            return
        self.st.prev_page, self.st.page = self.st.page, row.page
        first = next((t for t in row.texts if t), "")
        if self.vocab.note_row.match(squash(first)) and not taxonomy.canonical(first):
            self.st.notes = True  # the table's notes (备注 …): nothing after them is a row of it
            return
        if self.cols.packed:
            self._packed_row(row)
        elif self.cols.positional:
            self._positional_row(row)
        else:
            self._content_row(row)

    # -- a plain table, by content ----------------------------------------------------------------
    def _content_row(self, row: _Row) -> None:
        """A row of a plain 一级/二级/三级/指标值 table, read by content: labels by the taxonomy,
        then the 三级 text and the target, whatever columns a page break or converter left."""
        st, cells = self.st, row.texts
        items: list[tuple[int, str]] = []
        pending, st.pending = st.pending, {}
        for i, text in enumerate(cells):
            if not text:
                continue
            if pending.get(i) == squash(text) or (i == 0 and is_frame_fragment(text, self.vocab)):
                continue
            if is_frame_fragment(text, self.vocab) and len(squash(text)) <= 2:
                continue
            items.append((i, text))
        cols = self.cols
        if cols.skip and len(cells) >= cols.width - 1:
            items = [(i, t) for i, t in items if i not in cols.skip]
        if not items or (len(items) == 1 and self.vocab.summary_row.match(squash(items[0][1]))):
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
            if name is None and self._custom_level(i, len(items) - n - 1, len(cells), l1, l2):
                if i in cols.cols_of("level1"):
                    l1 = clean_text(text)
                else:
                    l2 = clean_text(text)
                continue
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
            if not labelled and self._continue_previous(rest[0], row):
                return
            level3, target = rest[0][1], None
            l3_col, value_col = rest[0][0], None
        else:
            level3 = rest[0][1] if len(rest) == 2 else clean_text(" ".join(t for _, t in rest[:-1]))
            target = rest[-1][1]
            l3_col, value_col = rest[0][0], rest[-1][0]
        st.last_cols = (l3_col, value_col)
        confidence = lowest(*(row.confidences[i] for i, _ in items if i < len(row.confidences)))
        self._append(IndicatorRow(l1, l2, level3, target, row.page, confidence), row.page)

    def _custom_level(self, col: int, following: int, width: int, l1: str | None, l2: str | None) -> bool:
        """A label outside the taxonomy (部门整体's `一般性支出情况`) printed in the 一级 or 二级
        column of a row as wide as the header, with a 三级 and a target after it, is that level."""
        if width != self.cols.width or following < 2 or l2 is not None:
            return False
        if col in self.cols.cols_of("level1"):
            return l1 is None
        return col in self.cols.cols_of("level2")

    def _resolve_levels(self, l1: str | None, l2: str | None) -> tuple[str | None, str | None]:
        """Carry merged 一级/二级 cells down; let a 二级 name restore a lost or wrong 一级."""
        st = self.st
        if l2 and not l1:
            l1 = taxonomy.parent_of(l2, st.l1) or st.l1
        elif l1 and not l2:
            l2 = st.l2 if l1 == st.l1 else None
        elif not l1 and not l2:
            l1, l2 = st.l1, st.l2
        st.l1, st.l2 = l1, l2
        return l1, l2

    def _continue_previous(self, item: tuple[int, str], row: _Row) -> bool:
        """A lone cell in a row with no labels of its own: the previous row's missing target, or
        the rest of a cell a page break split (same column)."""
        if not self.seg.indicators:
            return False
        prev = self.seg.indicators[-1]
        col, text = item
        l3_col, value_col = self.st.last_cols
        if prev.target_raw is None:
            prev.target_raw = text
            self.st.last_cols = (l3_col, col)
        elif value_col is not None and col == value_col:
            prev.target_raw = clean_text(prev.target_raw + text)
        elif l3_col is not None and col == l3_col:
            prev.level3 = clean_text((prev.level3 or "") + text)
        else:
            return False
        prev.confidence = lowest(prev.confidence, row.confidences[col] if col < len(row.confidences) else None)
        return True

    def _append(self, indicator: IndicatorRow, page: int | None) -> None:
        seg = self.seg
        if seg.page is None:
            seg.page = page
        col = self.cols.first("weight")
        if indicator.weight and col is not None and "weight_total" not in seg.totals:
            stated = _STATED_TOTAL.search(squash(self.cols.headers.get(col) or ""))
            if stated:  # `分值权重（90分）`: the weights of this table add up to what its header says
                seg.totals["weight_total"] = stated["total"]
        seg.indicators.append(indicator)

    # -- any other table, by column ---------------------------------------------------------------
    def _aligned(self, row: _Row) -> _Row:
        """A row shorter than the header lost its leading or its trailing empty cells; the
        alignment whose cells fit their columns' roles better wins (ties: as printed).  The
        cells' OCR confidences and spans move with them (no cell where none was printed)."""
        cells, confidences, spans, cols = row.texts, row.confidences, row.spans, self.cols
        if len(cells) >= cols.width:
            return row
        pad = cols.width - len(cells)
        left, right = cells + [""] * pad, [""] * pad + cells
        if self._fit(right) > self._fit(left):
            return _Row(right, [None] * pad + confidences, row.page, [-1] * pad + spans if spans else spans)
        return _Row(left, confidences + [None] * pad, row.page, spans + [-1] * pad if spans else spans)

    def _fit(self, cells: list[str]) -> int:
        score = 0
        for i, role in self.cols.roles.items():
            text = squash(cells[i]) if i < len(cells) else ""
            if not text:
                continue
            name = taxonomy.canonical(text)
            if role in ("level1", "type") and name and (taxonomy.is_level1(name) or role == "type"):
                score += 2
            elif role == "level2" and name in taxonomy.LEVEL2_PARENT:
                score += 2
            elif role in ("comparator", "nature") and (self.vocab.comparator_only.match(text) or text in ("定量", "定性", "无")):
                score += 1
            elif role == "weight" and regex.fullmatch(r"\d+(?:\.\d+)?%?", text):
                score += 1
            elif role == "direction" and regex.search(r"正向|反向", text):
                score += 1
            elif name and role not in ("level1", "level2", "type"):
                score -= 2
        return score

    def _own_empty_cell(self, row: _Row, role: str) -> bool:
        """The row has a cell of its own, left empty, in the role's column (not one merged from above)."""
        col = self.cols.first(role)
        if col is None or not row.spans or len(row.spans) != self.cols.width or col >= len(row.spans):
            return False
        return row.spans[col] >= 1 and not row.texts[col]

    def _get(self, cells: list[str], role: str) -> str | None:
        for i in self.cols.cols_of(role):
            if i < len(cells) and cells[i] and not (role == "level1" and is_frame_fragment(cells[i], self.vocab)):
                return cells[i]
        return None

    def _positional_row(self, row: _Row) -> None:
        st, cols = self.st, self.cols
        row = self._aligned(row)
        cells, confidences = row.texts, row.confidences
        get = lambda role: self._get(cells, role)  # noqa: E731
        filled = [c for i, c in enumerate(cells) if c and i not in cols.skip]
        if not filled:
            return
        if self.vocab.summary_row.match(squash(filled[0])):
            self._summary(cells)
            return
        if cols.holds_projects and self._project_cells(cells, row):
            return

        l1, l2 = get("level1"), get("level2")
        kind = get("type")
        if kind:
            name = taxonomy.canonical(kind)
            if name in taxonomy.LEVEL2_PARENT and not l2:
                l2 = kind
                l1 = l1 or taxonomy.parent_of(name)
            elif not l1:
                l1 = kind
        l1 = taxonomy.canonical_in_column(l1) or clean_text(l1)
        l2 = taxonomy.canonical_in_column(l2) or clean_text(l2)
        labelled = bool(l1 or l2)
        if l1:
            if not l2:
                l2 = st.l2 if l1 == st.l1 and not kind else None
        else:
            l1 = st.l1 if st.l1 else taxonomy.parent_of(l2)
            if l2 and self._own_empty_cell(row, "level1") and taxonomy.parent_of(l2, st.l1):
                l1 = taxonomy.parent_of(l2, st.l1)  # an empty cell of its own carries no 一级 from above
            l2 = l2 or st.l2
        st.l1, st.l2 = l1, l2

        level3 = get("level3")
        if level3 and not (cols.cols_of("level1") or cols.cols_of("level2") or cols.cols_of("type")):
            l1_glued, l2_glued, level3 = taxonomy.split_leading_levels(level3)
            if l1_glued or l2_glued:  # `产出指标数量指标“京通”APP功能建设数量`: the levels printed before the name
                l1 = l1 or l1_glued
                l2 = l2 or l2_glued
                if l2 and not l1:
                    l1 = taxonomy.parent_of(l2)
                st.l1, st.l2 = l1, l2
        cmp_ = get("comparator")
        nature = get("nature")
        if nature and self.vocab.comparator_only.match(squash(nature)):
            cmp_, nature = cmp_ or nature, None
        if cmp_ and squash(cmp_) in ("定性", "定量") and not nature:
            cmp_, nature = None, cmp_  # a comparator column that says the indicator is qualitative
        unit = get("unit")
        target = self._compose(cmp_, get("target"), unit)
        long_term = self._compose(cmp_ if not get("target") else None, get("long_term_target"), unit)
        weight, direction = get("weight"), get("direction")
        actual = self._compose(None, get("actual"), unit)
        score_max, score, deviation = get("score_max"), get("score"), get("deviation")
        indicators = self.seg.indicators
        if not labelled and indicators and not any((weight, direction, nature, long_term, score_max, score)):
            prev = indicators[-1]
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
        self._append(IndicatorRow(
            l1, l2, level3, target, row.page, confidence,
            nature=clean_text(nature), weight=clean_text(weight), direction=clean_text(direction),
            long_term_target_raw=long_term, actual_raw=actual, score_max=clean_text(score_max),
            score=clean_text(score), deviation=clean_text(deviation),
        ), row.page)

    def _summary(self, cells: list[str]) -> None:
        """A 合计 row: the totals it states (a list's 合计 of the money columns is no project)."""
        for role, key in (("weight", "weight_total"), ("score_max", "score_max_total"), ("score", "total_score")):
            value = self._get(cells, role)
            if value:
                self.seg.totals[key] = value

    def _compose(self, cmp_: str | None, value: str | None, unit: str | None) -> str | None:
        """`≥` | `95` | `%` -> `≥95%`; `无` means none; a value that already carries its comparator or a
        unit of its own keeps them (the unit column is not written twice)."""
        if cmp_ and not self.vocab.comparator_only.match(squash(cmp_)):
            cmp_ = None  # 无, 定性, a dash
        if unit and squash(unit) in ("无", "/", "-"):
            unit = None
        if not value:
            return None
        v = squash(value)
        if cmp_ and (regex.match(r"^(?:[≥≧≤≦><=＝═≠＞＜]|不低于|不少于|不高于|不超过)", v)):
            cmp_ = None
        if unit and not regex.search(r"\d$", v):
            unit = None
        return "".join(p for p in (cmp_, value, unit) if p) or None

    # -- project columns ----------------------------------------------------------------------------
    def _project_cells(self, cells: list[str], row: _Row) -> bool:
        """A list table's project columns: a new 项目名称 starts the next project.  True when the row
        names only a unit (资金使用单位 with its subtotal, no goal and no indicator): it heads the
        projects below it and is none itself."""
        values = {role[len("project."):]: (i, cells[i]) for i, role in self.cols.roles.items()
                  if role.startswith("project.") and i < len(cells) and cells[i]}
        st = self.st
        name = values.get("project_name")
        amount_opens = self._amount_cell_opens(row)
        uncelled_above, st.amounts_uncelled = st.amounts_uncelled, self._amounts_uncelled(row)
        if not name and self._empty_origin(row, cells) and self.seg.indicators:
            # a cell merged over the next project's rows that prints its name further down (a merged
            # cell split by the page break): its rows here are that project's
            self.out.append(Segment(page=row.page))
            st.l1 = st.l2 = None
        elif not name and amount_opens and self.seg.indicators:
            # the amount's cell above closed and one the page cannot close begins: a budget line
            # whose amount the next page prints, under the same name (or the one still awaited)
            current = self.seg.fields.get("project_name")
            carried = {k: v for k, v in self.seg.fields.items() if k in ("project_name", "project_code", "implementing_unit")}
            self.out.append(Segment(fields=carried, page=row.page, awaits_name=not current))
            st.l1 = st.l2 = None
        if not values:
            return False
        indicator_cells = [i for i, r in self.cols.roles.items() if not r.startswith("project.") and r != "ignore"
                           and i < len(cells) and cells[i]]
        if name and not indicator_cells and "annual_goal" not in values and self._names_a_unit(name[1]):
            st.unit_row = name[1]
            st.unit_changed = True
            return True
        seg = self.seg
        current = seg.fields.get("project_name")
        if name and current and self._name_runs_on(row, values, uncelled_above):
            # `…违规经营性投` | `资责任追究…`; `11000022T00000048` | `7475-产业发展…`
            if seg.fields.get("project_code"):
                seg.fields["project_name"] = current + squash(name[1])
            else:
                seg.fields.update(_name_fields(current + squash(name[1])))
            del values["project_name"]
            name = None
        if name and current and (squash(name[1]) != squash(current) or st.unit_changed):
            self.out.append(Segment(page=row.page))
            st.l1 = st.l2 = None
            seg = self.seg
        elif name and not current and seg.indicators and self._another_amount(seg, values):
            # the name of a cell merged over the break arrives beside the next budget line's amount:
            # the name is both lines' (the line above printed none of its own)
            seg.fields.update(_name_fields(name[1]))
            self.out.append(Segment(page=row.page))
            st.l1 = st.l2 = None
            seg = self.seg
        elif not name and seg.indicators and self._new_budget_line(row, cells, values, uncelled_above):
            # one name merged over several budget lines (项目总额, 绩效目标 each a cell of its own):
            # each line is a project of that name, with its own amount, goal and indicators (a name
            # printed further down, on the next page, is given to the lines above that awaited it)
            carried = {k: v for k, v in seg.fields.items() if k in ("project_name", "project_code", "implementing_unit")}
            self.out.append(Segment(fields=dict(carried), page=row.page, awaits_name=not current))
            st.l1 = st.l2 = None
            seg = self.seg
        if name and not current:
            n = len(self.out) - 1
            while n > 0 and self.out[n].awaits_name and not self.out[n - 1].fields.get("project_name") \
                    and self.out[n - 1].indicators:
                n -= 1
                self.out[n].fields.update(_name_fields(name[1]))
        if name:
            st.unit_changed = False  # a project under another unit is another project, whatever its name
        unit = values.get("implementing_unit")
        if unit:
            st.carried_unit = unit[1]
        elif st.carried_unit and name:
            values["implementing_unit"] = (-1, st.carried_unit)
        elif st.unit_row and name:
            values["implementing_unit"] = (-1, st.unit_row)
        if name and "project_code" not in values:
            values.update({k: (name[0], v) for k, v in _name_fields(name[1]).items()})
        for key, (i, text) in values.items():
            if key == "funds_source":
                header = clean_text(self.cols.headers.get(i)) or ""
                line = f"{header}：{text}" if header else text
                parts = seg.goal_parts.setdefault("funds_sources", [])
                if line not in parts:
                    parts.append(line)
                continue
            first = seg.fields.get(key)
            if first and not _same_value(first, text) and (key, first, text) not in seg.conflicts:
                seg.conflicts.append((key, first, text))
            if key in ("annual_goal", "long_term_goal"):
                parts = seg.goal_parts.setdefault(key, [])
                if text not in parts:
                    parts.append(text)
            elif not first:
                seg.fields[key] = text
        if seg.page is None:
            seg.page = row.page
        return False

    def _amount_cell_opens(self, row: _Row) -> bool:
        """On one page, the amount column goes from a cell (its own or merged from above) to no
        cell at all: a new merged cell starts that runs past the page's end."""
        spans = row.spans
        col = next((i for i, r in self.cols.roles.items() if r in _AMOUNT_ROLES), None)
        before, self.st.amount_span = self.st.amount_span, (spans[col] if col is not None and spans
                                                            and len(spans) == self.cols.width else None)
        if row.page != self.st.prev_page or before is None or self.st.amount_span is None:
            return False
        return before >= 0 > self.st.amount_span

    def _amounts_uncelled(self, row: _Row) -> bool:
        """No cell at all in the row's amount columns: merged cells no rule closes on this page."""
        spans = row.spans
        amounts = [i for i, r in self.cols.roles.items() if r in _AMOUNT_ROLES]
        if not amounts or not spans or len(spans) != self.cols.width:
            return False
        return all(spans[i] < 0 for i in amounts)

    def _name_runs_on(self, row: _Row, values: dict[str, tuple[int, str]], uncelled_above: bool) -> bool:
        """The first row of a page holds the rest of the name of the project above, cut by the page
        break, not the next project's name: either it prints no amount (the merged cells above run
        on past the page's top), or the project above has no amount yet and its last row had no
        cell there (its amount is printed on this page)."""
        if row.page == self.st.prev_page or not any(r in self.cols.roles.values() for r in _AMOUNT_ROLES):
            return False
        amount = any(r[len("project."):] in values for r in _AMOUNT_ROLES)
        amount_above = any(self.seg.fields.get(r[len("project."):]) for r in _AMOUNT_ROLES)
        if not amount:
            # merged cells print their text in the middle, name and amount on one row: a name with
            # its amount column empty is the part of a cell whose amount the page above printed
            return amount_above or self._amounts_uncelled(row)
        return uncelled_above and not amount_above

    @staticmethod
    def _another_amount(seg: Segment, values: dict[str, tuple[int, str]]) -> bool:
        for key in ("annual_request", "total_funds"):
            if key in values and seg.fields.get(key) and not _same_value(seg.fields[key], values[key][1]):
                return True
        return False

    def _new_budget_line(self, row: _Row, cells: list[str], values: dict[str, tuple[int, str]],
                         uncelled_above: bool) -> bool:
        """A row that starts a new cell of amount under a project name merged over it (the name's
        column covered from above): the merged cells say where one budget line ends.  Not the
        first row of a page when the line above awaits its amount (its cell ran past the page's
        end): the amount printed here is that line's."""
        spans = row.spans
        col = self.cols.first("project.project_name")
        if col is None or not spans or len(spans) != len(cells) or cells[col]:
            return False
        if row.page != self.st.prev_page and uncelled_above \
                and not any(self.seg.fields.get(r[len("project."):]) for r in _AMOUNT_ROLES):
            return False
        if spans[col] >= 1 and row.page == self.seg.page:
            return False  # a cell of its own (a new page's empty cell is the name merged over the break;
            # no cell at all is one the table could not close at the page's end)
        amount = values.get("annual_request") or values.get("total_funds")
        return amount is not None and spans[amount[0]] >= 1

    def _empty_origin(self, row: _Row, cells: list[str]) -> bool:
        """The row starts an empty cell in the project-name column of a table that merges a
        project's cells over its rows (the rows before were covered by the cell above), or no
        cell covers it there (the next project's merged cell, unclosed at the page's end)."""
        col = self.cols.first("project.project_name")
        spans = row.spans
        if col is None or not spans or len(spans) != len(cells) or col >= len(spans):
            return False
        if row.page != self.st.name_page:  # a new page's table: its first rows continue the page above
            self.st.name_page, self.st.name_span = row.page, spans[col]
            self.st.name_merged = spans[col] == 0
            return False
        merged_before, self.st.name_merged = self.st.name_merged, spans[col] == 0 or self.st.name_merged
        before, self.st.name_span = self.st.name_span, spans[col]
        return merged_before and ((spans[col] >= 1 and not cells[col]) or (spans[col] < 0 and before >= 0))

    def _names_a_unit(self, name: str) -> bool:
        """A unit's name (ends as organisations do, before any name it adds in brackets:
        `…环境技术中心（…美丽城市建设中心）`), not a project's."""
        name = regex.sub(r"[（(][^（）()]*[)）]$", "", squash(name))
        return bool(regex.search(r"(?:局|委员会|委|办公室|办|厅|院|中心|站|所|队|馆|处|部|会|校|园|社|公司|集团|政府)$", name))

    # -- packed indicators ----------------------------------------------------------------------------
    def _packed_row(self, row: _Row) -> None:
        cols = self.cols
        cells = row.texts
        filled = [c for c in cells if c]
        if not filled:
            return
        if self.vocab.summary_row.match(squash(filled[0]).rstrip("：:")):
            return
        if cols.holds_projects and self._project_cells(cells, row):
            return
        for i in cols.cols_of("packed"):
            if i >= len(cells) or not cells[i]:
                continue
            for item in split_packed(cells[i]):
                l1 = taxonomy.canonical_in_column(item.level1) or item.level1
                l2 = taxonomy.canonical_in_column(item.level2) or item.level2
                if l2 and not l1:
                    l1 = taxonomy.parent_of(l2)
                confidence = row.confidences[i] if i < len(row.confidences) else None
                self._append(IndicatorRow(l1, l2, item.level3, item.target, row.page, confidence,
                                          long_term_target_raw=item.long_term_target), row.page)


def _name_fields(text: str) -> dict[str, str]:
    """A project-name cell's name, and the code printed before it (`11000022T000000454178-…`)."""
    m = _LEADING_CODE.match(squash(text))
    return {"project_name": m.group("name"), "project_code": m.group("code")} if m else {"project_name": text}


def _same_value(a: str, b: str) -> bool:
    """Two printings of one cell: equal as text, or as amounts (`236.50` and `236.5`)."""
    if squash(a) == squash(b):
        return True
    x, y = parse_amount(a), parse_amount(b)
    return x is not None and x.is_finite() and x == y
