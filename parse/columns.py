"""Which column of an indicator table holds what: the head word of its header, confirmed by its cells.

Real headers vary without end — prefixes (本年, 绩效, 年度), notes ((%), （90分）), line breaks inside a
word, one header cell merged over several grid columns, two header rows — so a header's role comes
from its head word (vocabulary: `column_heads`), and the cells under it confirm or correct it: a
column of ≥ ≤ ＝ is a comparator column whatever its header says (指标性质, 指标值类型), a 备注 column of
small numbers holds the weights, a 绩效指标 column holds names or whole indicators packed into one
cell as numbered text, a frame label over empty cells (绩效指标 printed down the left) holds nothing.
A header nobody recognises over cells that hold something is reported, never dropped in silence.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex

from budget_declarations.normalize import taxonomy
from budget_declarations.normalize.target import is_unit
from budget_declarations.normalize.text import squash
from budget_declarations.parse.packed import is_packed
from budget_declarations.vocabulary import Vocabulary

# Roles a plain table has: read by content (labels by the taxonomy, the 三级 text and the target,
# whatever columns a page break or converter left); any other column makes the table positional.
PLAIN_ROLES = frozenset({"level1", "level2", "level3", "target", "ignore"})
_VALUE_ROLES = frozenset({"target", "comparator", "long_term_target", "actual"})
_NUMBER = regex.compile(r"^[+-]?\d+(?:\.\d+)?$")
_TARGETISH = regex.compile(
    r"^(?:[≥≧≤≦><=＝＞＜]|不低于|不少于|不高于|不超过|大于|小于)?\s*[+-]?\d+(?:[.,]\d+)*\s*(?:%|％|‰)?\S{0,6}$"
    r"|^\d{4}[年.\-/]\d{1,2}|^\d{1,2}月(?:\d{1,2}日)?(?:底)?前"
)
_FLAGS = frozenset({"是", "否", "√", "×"})
_NATURE = frozenset({"定量", "定性", "定量指标", "定性指标"})


def cell_kind(text: str | None, vocab: Vocabulary) -> str | None:
    """What one cell of a column holds, as far as the column's role is concerned."""
    t = squash(text)
    if not t:
        return None
    if vocab.comparator_only.match(t):
        return "comparator"
    if t in _NATURE:
        return "nature"
    if regex.fullmatch(r"(?:正向|反向|中性)(?:指标)?", t):
        return "direction"
    if t in _FLAGS:
        return "flag"
    name = taxonomy.canonical(t)
    if name:
        return "level1" if taxonomy.is_level1(name) and name != "成本指标" else "level2" if name in taxonomy.LEVEL2_PARENT else "level"
    if vocab.is_frame_label(t) or t in ("绩效指标", "指标"):
        return "frame"
    if len(t) > 20 and ("指标值" in t or "目标值" in t) and is_packed(t):
        return "packed"
    if _NUMBER.match(t):
        return "number" if float(t) <= 100 else "amount"  # a weight is at most 100; codes and amounts are not
    if _TARGETISH.match(t):
        return "target"
    if len(t) <= 6 and not regex.search(r"\d", t) and is_unit(t):
        return "unit"
    return "text"


def header_roles(cells: list[str], vocab: Vocabulary) -> dict[int, str]:
    """Column position -> role for a row of column headers (empty when the row is not the header
    of an indicator table)."""
    roles = {i: role for i, c in enumerate(cells) if c for role in [vocab.column_role(c)] if role}
    return roles if is_indicator_header(set(roles.values())) else {}


def is_indicator_header(present: set[str]) -> bool:
    """Roles that make a header row an indicator table's: levels with names (一级 … 三级), names with
    values (指标名称 | 指标值, no levels; 绩效指标 | 指标值), or a column of indicators beside a list of
    projects."""
    if {"level1", "type"} & present and {"level2", "level3"} & present:
        return True
    if {"level3", "indicators"} & present and _VALUE_ROLES & present:
        return True
    return "indicators" in present and any(r.startswith("project.") for r in present)


def names_columns(cells: list[str], vocab: Vocabulary) -> bool:
    """A row of column names only (two or more), such as the upper row of a two-row header."""
    filled = [c for c in cells if c]
    named = [c for c in filled if vocab.column_role(c)]
    return len(named) >= 2 and all(vocab.column_role(c) or vocab.is_frame_label(c) for c in filled)


def is_upper_header(cells: list[str], spans: list[int] | None, below: list[list[str]], vocab: Vocabulary) -> bool:
    """A header row above the one that names the indicator columns: column names, and group labels
    spread over the columns the rows below name (`年度预算申请` over 资金总额 | 按收入性质分 …, `其中：`
    over 财政资金 | 其他资金), or names of columns the rows below leave empty.  Never values: no
    number, no target, no text longer than a header."""
    filled = [(i, c) for i, c in enumerate(cells) if c]
    if len(filled) < 2:
        return False
    if len(filled) == 2 and (vocab.field_of(filled[0][1]) or vocab.goal_of(filled[0][1])) \
            and not vocab.column_role(filled[1][1]):
        return False  # a label and its value (年度目标 | its text)
    named = 0
    for i, text in filled:
        t = squash(text)
        if len(t) > 16 or cell_kind(t, vocab) in ("number", "target", "comparator", "packed"):
            return False
        span = spans[i] if spans and i < len(spans) else 1
        if vocab.column_role(t) or vocab.is_frame_label(t):
            named += 1
            continue
        empty_below = all(i >= len(row) or not row[i] for row in below)
        group = span > 1 and not regex.search(r"\d", t)
        if not (empty_below or group):
            return False
        named += group
    return named >= 1


@dataclass
class Columns:
    """Where the indicator header put its columns, as the cells under them confirmed."""

    roles: dict[int, str] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)  # grid column -> header text as printed
    width: int = 0
    unread: list[str] = field(default_factory=list)  # headers over content that no rule knows

    def cols_of(self, role: str) -> list[int]:
        return [i for i, r in self.roles.items() if r == role]

    def first(self, role: str) -> int | None:
        cols = self.cols_of(role)
        return cols[0] if cols else None

    @property
    def holds_projects(self) -> bool:
        return any(r.startswith("project.") for r in self.roles.values())

    @property
    def packed(self) -> bool:
        return "packed" in self.roles.values()

    @property
    def positional(self) -> bool:
        """Read every cell by its column (weights, units, project columns …), not by content."""
        return any(r not in PLAIN_ROLES for r in self.roles.values())

    @property
    def skip(self) -> set[int]:
        return {i for i, r in self.roles.items() if r == "ignore"}


def build_columns(header_rows: list[list[str]], spans: list[list[int] | None], data: list[list[str]],
                  vocab: Vocabulary) -> Columns:
    """The columns of an indicator table from its header row(s) and the rows under it.

    Header rows are read top to bottom; a lower row names the columns an upper cell spans
    (`其中：` over 财政资金 | 其他资金) and wins where both name one.  A header cell spread over
    several grid columns (a span, or empty header cells to its right) owns them; the cells under
    an owned column then say what it holds (a 三级指标 spread over the name and the target)."""
    width = max([len(r) for r in header_rows + data] or [0])
    roles: dict[int, str] = {}
    headers: dict[int, str] = {}
    owner: dict[int, int] = {}  # grid column -> the column whose header spreads over it
    for row, row_spans in zip(header_rows, spans):
        for i, text in enumerate(row):
            if not text:
                continue
            role = vocab.column_role(text) or _role_before_overprint(text, vocab)
            span = row_spans[i] if row_spans and i < len(row_spans) and row_spans[i] > 1 else 1
            for j in range(i, min(width, i + span)):
                headers[j] = text
                owner[j] = i
                if role:
                    roles[j] = role
                else:
                    roles.pop(j, None)
    # empty header positions: spread from the nearest named header to the left
    for j in range(width):
        if j not in headers and j - 1 in headers:
            headers[j], owner[j] = headers[j - 1], owner[j - 1]
            if j - 1 in roles:
                roles[j] = roles[j - 1]
    profiles = {j: Counter(k for r in data if j < len(r) for k in [cell_kind(r[j], vocab)] if k) for j in range(width)}
    cols = Columns(headers=headers, width=width)
    cols.roles = _confirm(roles, headers, owner, profiles, cols)
    return cols


def _role_before_overprint(text: str, vocab: Vocabulary) -> str | None:
    """A header cell a merged cell's text from the page above runs into (`绩效目标、总结前期模…`: the
    text printed again under the header, hidden by it on paper): the role of the header word it
    starts with, when what follows is clearly not part of a header (prose, or long)."""
    t = squash(text)
    for end in range(min(len(t) - 2, 10), 1, -1):
        rest = t[end:]
        if (len(rest) >= 6 or regex.search(r"[、，。；：]", rest)) and vocab.column_role(t[:end]):
            return vocab.column_role(t[:end])
    return None


def _dominant(profile: Counter, *kinds: str, share: float = 0.6) -> bool:
    total = sum(profile.values())
    return total > 0 and sum(profile[k] for k in kinds) >= share * total


def _confirm(roles: dict[int, str], headers: dict[int, str], owner: dict[int, int],
             profiles: dict[int, Counter], cols: Columns) -> dict[int, str]:
    """The header's roles corrected by what the cells hold; each role kept once per owner."""
    out: dict[int, str] = {}
    present = set(roles.values())
    for j in sorted(set(headers) | set(roles)):
        profile = profiles.get(j, Counter())
        role = roles.get(j)
        spread = owner.get(j, j) != j  # a column the header of another spreads over
        if not profile:
            if role and not spread and role != "indicators":
                out[j] = role  # an empty column keeps its header's role (a form with no data yet)
            continue
        if spread:
            # a second grid column under one header: its cells say what it is
            if role and _dominant(profile, *_kinds_of(role)) and role not in ("level3", "indicators"):
                out[j] = role
            elif _dominant(profile, "comparator") and "comparator" not in present:
                out[j] = "comparator"
            elif _dominant(profile, "target", "number", "amount") and "target" not in present:
                out[j] = "target"
            elif _dominant(profile, "unit") and "unit" not in present:
                out[j] = "unit"
            elif role:
                out[j] = role
            continue
        if role in ("nature", "type", "target", "ignore") and _dominant(profile, "comparator") and "comparator" not in out.values():
            role = "comparator"  # 指标性质 / 指标值类型 holding ≥ ≤ ＝
        elif role == "comparator" and _dominant(profile, "nature"):
            role = "nature"
        elif role == "ignore" and _dominant(profile, "number", share=0.9) and "weight" not in present:
            role = "weight"  # weights printed under 备注
        elif role == "indicators":
            if _dominant(profile, "packed", share=0.3):
                role = "packed"
            elif _dominant(profile, "frame", share=0.9):
                continue
            elif "level3" in present:
                continue
            else:
                role = "level3"
        elif role is None:
            if _dominant(profile, "frame", share=0.9):
                continue
            guessed = _guess(profile, set(out.values()) | present)
            if guessed:
                role = guessed
            else:
                cols.unread.append(headers.get(j, ""))
                continue
        out[j] = role
    if {"actual", "score"} & set(out.values()):
        # an evaluation's 分值 / 权重 is the indicator's full score
        out = {j: ("score_max" if r == "weight" else r) for j, r in out.items()}
    return out


def _kinds_of(role: str) -> tuple[str, ...]:
    return {
        "comparator": ("comparator",), "target": ("target", "number", "amount"), "unit": ("unit",),
        "weight": ("number",), "level1": ("level1", "level"), "level2": ("level2", "level"),
        "nature": ("nature",), "direction": ("direction",),
    }.get(role, ("text",))


def _guess(profile: Counter, present: set[str]) -> str | None:
    """A header no rule knows, over cells that say what it holds beyond doubt."""
    if _dominant(profile, "comparator", "nature", share=0.9) and _dominant(profile, "comparator", share=0.5) \
            and "comparator" not in present:
        return "comparator"  # signs, with 定性 where a target has none (list forms)
    for level in ("level1", "level2"):  # 数量指标, 质量指标 … under a header a scan garbled (`厂二级搭标1`)
        if _dominant(profile, level, share=0.9) and level not in present:
            return level
    if _dominant(profile, "flag", share=0.9):
        return "ignore"
    if _dominant(profile, "nature", share=0.9):
        return "nature"
    if _dominant(profile, "direction", share=0.9):
        return "direction"
    if _dominant(profile, "unit", share=0.9) and "unit" not in present:
        return "unit"
    return None
