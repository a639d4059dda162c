"""Header values as printed on other provinces' forms: ticked boxes, codes beside names, periods.

Pure functions over one cell's text; the parser keeps the printed text and the output rows get
these cleaned values.
"""
from __future__ import annotations

import regex

from budget_declarations.normalize.numbers import fold
from budget_declarations.normalize.text import clean_text

_TICKED = "√✓✔☑■▣☒●"
_UNTICKED = "□☐○"
_OPTION = regex.compile(rf"[{_TICKED}{_UNTICKED}]\s*([^{_TICKED}{_UNTICKED}\s]+)")
_CODE = regex.compile(r"^[\[【(（]?\s*\d{3,12}\s*[\]】)）]?\s*[_\-－—]?\s*(?=\p{Han})|[\[【(（]\s*\d{3,12}\s*[\]】)）]$|(?<=\p{Han})\s*\d{3,12}$")
_NEXT = r"(?=$|\D|(?:19|20)\d{2})"  # a part ends where a non-digit or the next year begins
_DATE_TOKEN = regex.compile(
    rf"(?P<y>(?:19|20)\d{{2}})(?:\s*[年./\-]?\s*(?P<m>1[0-2]|0?[1-9]){_NEXT}"
    rf"(?:\s*[月./\-]?\s*(?P<d>3[01]|[12]\d|0?[1-9]){_NEXT}\s*日?|\s*月)?|\s*年)?"
)
_BARE_END_MONTH = regex.compile(r"^\s*(?:-|—|－|~|～|至|到)+\s*(?P<m>1[0-2]|0?[1-9])\s*月")


def ticked(text: str | None) -> str | None:
    """`□常年性 √一次性` -> `一次性`: the option whose box is ticked; the text itself when it has no boxes."""
    if text is None:
        return None
    if not regex.search(rf"[{_TICKED}{_UNTICKED}]", text):
        return clean_text(text)
    chosen = [m.group(1) for m in _OPTION.finditer(text) if text[m.start()] in _TICKED]
    return clean_text("、".join(chosen)) if chosen else None


def strip_code(text: str | None) -> str | None:
    """`[301]某某厅`, `某某厅（301001）`, `301001某某厅`, `228_某某厅` -> `某某厅` (主管部门及代码)."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    return clean_text(_CODE.sub("", cleaned)) or cleaned


def split_period(text: str | None) -> tuple[str | None, str | None]:
    """A 项目起止时间 cell into its start and end as printed: `2024.6-2025.6`, `2024年1月至2024年12月`,
    `202401-202412`, or with the separator lost (`2024.62025.6`, `20246-202516`)."""
    if not text:
        return None, None
    s = fold(text)
    tokens = list(_DATE_TOKEN.finditer(s))
    if len(tokens) >= 2:
        return _token(tokens[0]), _token(tokens[-1])
    if len(tokens) == 1:
        first = tokens[0]
        bare = _BARE_END_MONTH.match(s[first.end():])
        end = f"{first.group('y')}年{bare.group('m')}月" if bare else None
        return _token(first), end
    return None, None


def _token(m: regex.Match) -> str:
    """A date token in one spelling parse_date reads (`2024年6月`, `2024年6月1日`, `2024年`)."""
    text = f"{m.group('y')}年"
    if m.group("m"):
        text += f"{int(m.group('m'))}月"
        if m.group("d"):
            text += f"{int(m.group('d'))}日"
    return text
