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

from normalize import taxonomy
from normalize.labels import FIELD_LABELS, GOAL_LABELS, label_key
from normalize.text import clean_text, squash
from parse.model import Form, IndicatorRow, Line, lowest

# Row-group labels printed in the leftmost column; page breaks cut them into fragments.
FRAME_LABELS = ("项目资金", "项目绩效目标", "绩效指标", "项目绩效指标", "年度绩效指标")

_HEADER_L1 = {"一级指标"}
_HEADER_L2 = {"二级指标"}
_HEADER_L3 = {"三级指标", "指标内容", "绩效标准", "指标名称"}
_HEADER_VALUE = regex.compile(r"指标值|预期实现值|目标值|绩效目标值|预期目标")
_HEADER_UNIT = {"计量单位", "度量单位", "单位"}
_HEADER_CMP = {"指标性质", "符号", "运算符", "比较符"}
_HEADER_SKIP = regex.compile(r"分值|权重|指标方向|方向|备注|评分|说明")

_INLINE_LABEL = regex.compile(r"^(?P<label>[^:：]{2,10})[:：](?P<value>.+)$")
# "项目资金（万元）", "单位：万元", "金额单位:万元": the funds cells are in 万元, not 元.
_MONEY_IN_WAN = regex.compile(r"(?:资金|金额|单位)[(（:：]?\s*万元")


def is_frame_fragment(text: str) -> bool:
    """A row-group label or a piece of one (`项目 绩效 目`, `标`, `绩效指`)."""
    key = squash(text)
    if not key or taxonomy.canonical(key):
        return False
    return any(key in label for label in FRAME_LABELS) or label_key(key) in FRAME_LABELS


def _is_indicator_header(keys: list[str]) -> bool:
    present = set(keys)
    return bool(present & _HEADER_L1) and bool(present & (_HEADER_L3 | _HEADER_L2))


@dataclass
class _Columns:
    """Where the indicator header put its columns (used only for unit/comparator/extra columns)."""

    l3: int | None = None
    value: int | None = None
    unit: int | None = None
    cmp: int | None = None
    skip: set[int] = field(default_factory=set)
    width: int = 0


@dataclass
class _State:
    mode: str = "header"
    annual_col: int | None = None
    goal_overall_col: int | None = None
    goal_annual_col: int | None = None
    other_seen: int = 0
    value_cols: dict[int, str] = field(default_factory=dict)
    cols: _Columns | None = None
    l1: str | None = None
    l2: str | None = None
    pending: dict[int, str] = field(default_factory=dict)
    last_cols: tuple[int | None, int | None] = (None, None)


class FormParser:
    """Reads the rows of one form in order; `form` holds what was found so far."""

    def __init__(self, no: int | None, title_name: str | None, page: int | None, order: int) -> None:
        self.form = Form(no=no, title_name=clean_text(title_name), page=page, order=order)
        self.state = _State()
        self.goal_parts: dict[str, list[str]] = {}
        self._confidences: list[float | None] = []

    # -- entry -------------------------------------------------------------------------------
    def feed(self, line: Line) -> None:
        if line.kind != "row":
            as_row = self._text_as_row(line)
            if as_row is None:
                self._feed_text(line)
                return
            line = as_row
        cells = [clean_text(c) or "" for c in (line.cells or [])]
        if not any(cells):
            return
        self._confidences = list(line.confidences or [None] * len(cells))
        keys = [label_key(c) for c in cells]
        if self.state.mode != "indicators" and any(_MONEY_IN_WAN.search(squash(c)) for c in cells):
            self.form.money_unit = "万元"
        if _is_indicator_header(keys):
            self._set_header(keys)
            return
        if self.state.mode != "indicators" and self._has_taxonomy_start(cells):
            self.state.mode = "indicators"
        if self.state.mode == "indicators":
            self._indicator_row(cells, line.page)
            return
        if any(k in GOAL_LABELS for k in keys):
            self._goal_label_row(cells, keys)
        elif any(k in FIELD_LABELS for k in keys):
            self._field_row(cells, keys)
        elif self.state.mode == "goals":
            self._goal_text_row(cells)
        else:
            self._continuation_row(cells)

    def finish(self) -> Form:
        for key, parts in self.goal_parts.items():
            text = clean_text("\n".join(parts))
            if text:
                self.form.fields[key] = text
        return self.form

    def has_content(self) -> bool:
        return bool(self.form.fields or self.form.indicators or self.goal_parts)

    def starts_new_form(self, line: Line) -> bool:
        """A 项目名称 row after indicators means the next form began without a title line."""
        if line.kind != "row" or self.state.mode != "indicators":
            return False
        return any(label_key(c) == "项目名称" for c in (line.cells or []))

    # -- header fields -----------------------------------------------------------------------
    def _text_as_row(self, line: Line) -> Line | None:
        """A form printed without ruling lines reaches us as text lines with gaps between cells:
        read such a line as a row when its pieces include a form label or a taxonomy name."""
        pieces = [p for p in regex.split(r"\s+", (line.text or "").strip()) if p]
        if len(pieces) < 2:
            return None
        keys = [label_key(p) for p in pieces]
        known = any(k in FIELD_LABELS or k in GOAL_LABELS or taxonomy.canonical(k) for k in keys)
        if not known and not (self.state.mode == "indicators" and len(pieces) >= 2 and self.form.indicators):
            return None
        confidence = [line.confidence] * len(pieces)
        return Line("row", line.text, cells=pieces, page=line.page, confidences=confidence)

    def _feed_text(self, line: Line) -> None:
        """Paragraphs inside a form: only `标签：值` lines carry fields (and the money unit)."""
        if self.state.mode != "indicators" and _MONEY_IN_WAN.search(squash(line.text)):
            self.form.money_unit = "万元"
        m = _INLINE_LABEL.match(squash(line.text))
        if m and label_key(m.group("label")) in FIELD_LABELS and self.state.mode == "header":
            self._set_field(FIELD_LABELS[label_key(m.group("label"))], clean_text(m.group("value")), None)

    def _field_row(self, cells: list[str], keys: list[str]) -> None:
        label_cols = [i for i, k in enumerate(keys) if k in FIELD_LABELS or k in GOAL_LABELS]
        for i, k in enumerate(keys):
            if k == "年度资金申请总额" or FIELD_LABELS.get(k) == "annual_request":
                self.state.annual_col = i
        self.state.value_cols = {}
        for n, i in enumerate(label_cols):
            key = FIELD_LABELS.get(keys[i])
            if key is None:
                continue
            stop = label_cols[n + 1] if n + 1 < len(label_cols) else len(cells)
            values = [(j, cells[j]) for j in range(i + 1, stop) if cells[j] and not is_frame_fragment(cells[j])]
            if key == "other_funds":
                others = [c for c in label_cols if FIELD_LABELS.get(keys[c]) == "other_funds"]
                key = self._other_side(i, others)
            value = values[0][1] if values else None
            col = values[0][0] if values else None
            self._set_field(key, value, col)

    def _other_side(self, col: int, in_row: list[int]) -> str:
        """其他资金 appears twice: under 项目资金总额 (left) and under 年度资金申请总额 (right).

        Two in one row: left then right.  One alone: right of the 年度资金申请总额 column is the
        annual side; a converter that dropped a row's leading empty cells moves it left, so once the
        total side has been seen, a later one is the annual side.
        """
        self.state.other_seen += 1
        if len(in_row) == 2:
            return "total_other" if col == in_row[0] else "annual_other"
        if "total_other" in self.form.fields:
            return "annual_other"
        if self.state.annual_col is not None:
            return "annual_other" if col >= self.state.annual_col else "total_other"
        return "total_other" if self.state.other_seen == 1 else "annual_other"

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
        """A row with no label: the rest of cells a page break or wrap split (`其他经常性项` | `目`)."""
        for i, text in enumerate(cells):
            key = self.state.value_cols.get(i)
            if text and key and self.form.fields.get(key):
                self.form.fields[key] = clean_text(self.form.fields[key] + text) or text
                self._note_confidence(i)

    # -- goals -------------------------------------------------------------------------------
    def _goal_label_row(self, cells: list[str], keys: list[str]) -> None:
        self.state.mode = "goals"
        self.state.value_cols = {}
        label_cols = [i for i, k in enumerate(keys) if k in GOAL_LABELS]
        for n, i in enumerate(label_cols):
            key = GOAL_LABELS[keys[i]]
            if key == "overall_goal":
                self.state.goal_overall_col = i
            else:
                self.state.goal_annual_col = i
            stop = label_cols[n + 1] if n + 1 < len(label_cols) else len(cells)
            inline = [cells[j] for j in range(i + 1, stop) if cells[j] and not is_frame_fragment(cells[j])]
            for j in range(i, stop):
                self._note_confidence(j)
            if inline:
                self.goal_parts.setdefault(key, []).extend(inline)

    def _goal_text_row(self, cells: list[str]) -> None:
        """Goal texts go under the label whose column they sit in.  A row whose texts sit left of
        the 项目总目标 column lost its leading empty cells: then two texts are overall and annual in
        that order, and a lone one is the annual goal (the one every form fills)."""
        annual_col, overall_col = self.state.goal_annual_col, self.state.goal_overall_col
        texts = [(i, t) for i, t in enumerate(cells) if t and not is_frame_fragment(t)]
        shifted = overall_col is not None and texts and texts[0][0] < overall_col
        for n, (i, text) in enumerate(texts):
            self._note_confidence(i)
            if annual_col is None:
                key = "overall_goal"
            elif overall_col is None:
                key = "annual_goal"
            elif shifted:
                key = "overall_goal" if len(texts) == 2 and n == 0 else "annual_goal"
            else:
                key = "annual_goal" if i >= annual_col else "overall_goal"
            self.goal_parts.setdefault(key, []).append(text)

    # -- indicators --------------------------------------------------------------------------
    def _has_taxonomy_start(self, cells: list[str]) -> bool:
        names = [taxonomy.canonical(c) for c in cells if c]
        return any(n for n in names) and len([c for c in cells if c]) >= 3

    def _set_header(self, keys: list[str]) -> None:
        self.state.mode = "indicators"
        cols = _Columns(width=len(keys))
        for i, k in enumerate(keys):
            if k in _HEADER_L3:
                cols.l3 = i
            elif _HEADER_VALUE.search(k) and cols.value is None:
                cols.value = i
            elif k in _HEADER_UNIT:
                cols.unit = i
            elif k in _HEADER_CMP:
                cols.cmp = i
            elif _HEADER_SKIP.search(k) and k not in _HEADER_L1 | _HEADER_L2:
                cols.skip.add(i)
        self.state.cols = cols

    def _indicator_row(self, cells: list[str], page: int | None) -> None:
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
        if cols and (cols.unit is not None or cols.cmp is not None):
            level3, target, l3_col, value_col = self._by_columns(rest, cols)
        elif len(rest) == 1:
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

    def _by_columns(self, rest: list[tuple[int, str]], cols: _Columns) -> tuple[str | None, str | None, int | None, int | None]:
        """Forms with separate comparator / value / unit columns (`| ≥ | 95 | % |`)."""
        by_col = dict(rest)
        level3 = by_col.get(cols.l3) if cols.l3 is not None else rest[0][1]
        if level3 is None:
            level3 = rest[0][1]
        value = by_col.get(cols.value) if cols.value is not None else None
        unit = by_col.get(cols.unit) if cols.unit is not None else None
        cmp_ = by_col.get(cols.cmp) if cols.cmp is not None else None
        if value and unit and squash(value).endswith(squash(unit)):
            unit = None  # the unit is already written inside the value (`%` and `≥95%`)
        target = "".join(p for p in (cmp_, value, unit) if p) or None
        return level3, target, cols.l3, cols.value

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
