"""项目经费情况说明: heading forms, the seven section headings, and the project name they quote."""
from __future__ import annotations

import regex

from budget_declarations.normalize.text import clean_text, squash
from budget_declarations.parse.model import Line, Narrative, lowest
from budget_declarations.vocabulary import default

_ORDINAL = r"(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）]?[、.．]?)"
NARRATIVE_HEADING = regex.compile(
    rf"^(?:{_ORDINAL}\s*)?(?P<name>.*?)(?:项目)?经费(?:使用)?情况说明[:：]?"
    r"(?:[（(]?(?P<no>\d{1,3}|[一二三四五六七八九十]{1,3})[)）]?)?[:：]?$"
)
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def chinese_number(text: str) -> int | None:
    """`3` or `三`, `十二`, `二十一` as an int (the numbers that headings carry)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
        return value or None
    return _CN_DIGITS.get(text) if len(text) == 1 else None

# Section names (and the variants seen in published files) -> output field: vocabulary/words.toml.
# The numbering's 、 may come out of a scan as 。 · or not at all (`四实施方案`): the name follows it.
SECTION_NAMES = default().sections
CHAPTER_NAMES = default().chapter_names
_SECTION = regex.compile(
    r"^(?:(?P<num>[一二三四五六七])\s*[、丶.．,，。·~～]?|[（(](?P<pnum>[一二三四五六七])[)）]"
    r"|(?P<arabic>[1-7])\s*[、.．](?!\d))?\s*"
    rf"(?P<name>{'|'.join(sorted(SECTION_NAMES, key=len, reverse=True))})"
    r"\s*(?P<sep>[:：])?\s*(?P<rest>.*)$",
    regex.S,
)
_PROJECT_NAME_LINE = regex.compile(r"^项目名称[:：](?P<name>.{2,60})$")
_QUOTED = regex.compile(r"^[“\"「『](?P<name>[^”\"」』]{2,80})[”\"」』]")


def match_heading(line: Line) -> tuple[int | None, str | None] | None:
    """(number, project name) when the line opens a 项目经费情况说明."""
    text = squash(line.text)
    if line.kind == "row":
        filled = [c for c in (line.cells or []) if c and c.strip()]
        if len(filled) != 1:
            return None
        text = squash(filled[0])  # a heading a table rebuilt from alignment took in as a row of its own
    if len(text) > 80 or "…" in text or "..." in text:
        return None
    m = NARRATIVE_HEADING.match(text)
    if not m:
        return None
    name = (m.group("name") or "").strip(":：、")
    if len(name) > 2 and name[0] in "“\"《「『" and name[-1] in "”\"》」』":
        name = name[1:-1]  # “名称”项目经费情况说明
    name = name or None
    if name and (len(name) < 2 or name.endswith(("的", "和", "及"))):
        return None
    if name and regex.sub(r"[“”\"《》「」『』]", "", name) in CHAPTER_NAMES:
        return None  # a budget's own chapter (`“三公”经费情况说明`), no project's
    return (chinese_number(m.group("no")) if m.group("no") else None), name


def match_section(line: Line) -> tuple[str, str] | None:
    """(field, text after the heading) when the line is one of the seven section headings.

    Word's automatic numbering is not in the text python-docx returns, so an unnumbered name
    still opens its section, but only when it stands alone (or is styled as a heading): a
    sentence that starts with 实施方案 is not a heading.
    """
    if line.kind == "row":
        return None
    text = (line.text or "").strip()
    m = _SECTION.match(text)
    if not m:
        return None
    numbered = m.group("num") or m.group("pnum") or m.group("arabic")
    rest = (m.group("rest") or "").strip()
    if m.group("arabic") and rest and not m.group("sep"):
        return None  # "1.实施方案…" is a list item in body text, not a heading
    if numbered or line.kind == "heading" or m.group("sep") or not rest:
        return SECTION_NAMES[m.group("name")], rest
    return None


def _row_as_labelled_text(line: Line) -> Line:
    """A narrative laid out as a table (`项目概述 | text`, `一、项目概述 | text`) reads like
    `项目概述：text`: the first cell is the section's heading, numbered or not, and nothing else."""
    if line.kind != "row":
        return line
    filled = [c.strip() for c in (line.cells or []) if c and c.strip()]
    if not filled:
        return line
    m = _SECTION.match(squash(filled[0]))
    if m and not (m.group("rest") or "").strip():
        return Line("paragraph", m.group("name") + "：" + " ".join(filled[1:]), page=line.page,
                    confidence=line.confidence)
    return line


def quoted_name(sections: dict[str, str]) -> str | None:
    """The project name a narrative quotes at the start of a section: “名称”项目：…"""
    for key in ("overview", "basis", "implementer"):
        text = sections.get(key)
        if text:
            m = _QUOTED.match(text.strip())
            if m:
                return clean_text(m.group("name"))
    return None


def build_narrative(no: int | None, name: str | None, lines: list[Line], order: int) -> Narrative:
    """Collect section texts; text before the first heading is the overview when none is headed."""
    narrative = Narrative(no=no, heading_name=clean_text(name), page=lines[0].page if lines else None, order=order)
    parts: dict[str, list[str]] = {}
    current: str | None = None
    narrative.confidence = lowest(*(line.confidence for line in lines),
                                  *(c for line in lines for c in (line.confidences or [])))
    for line in lines:
        named = _PROJECT_NAME_LINE.match(squash(line.text)) if current is None else None
        if named and not narrative.heading_name:
            narrative.heading_name = clean_text(named.group("name"))  # 项目名称：… under the heading
            continue
        section = match_section(_row_as_labelled_text(line))
        if section and section[0] not in parts:
            narrative.headed = True
            current = section[0]
            parts.setdefault(current, [])
            if section[1]:
                parts[current].append(section[1])
            continue
        target = current or "_preamble"
        text = line.text if line.kind != "row" else " ".join(c for c in (line.cells or []) if c)
        parts.setdefault(target, []).append(text)
    preamble = parts.pop("_preamble", None)
    if preamble and "overview" not in parts:
        parts["overview"] = preamble
    for key, chunks in parts.items():
        joined = clean_text("\n".join(chunks))
        if joined:
            narrative.sections[key] = joined
    narrative.quoted_name = quoted_name(narrative.sections)
    return narrative
