"""Keys that join a declaration to its self-evaluation a year later (department, year, names).

The same project is printed with small differences between the two documents: full-width and
half-width characters, brackets, quotes and spacing, a trailing 项目.  The keys drop exactly
those, so that analysts can join on them as they are; anything more would risk joining two
different projects.
"""
from __future__ import annotations

import unicodedata

import regex

_NOT_NAME = regex.compile(r"[\s\p{P}\p{S}]+")
_TRAILING = regex.compile(r"(?:项目)$")


def name_key(text: str | None) -> str | None:
    """`城市道路A1段改造（二期）项目` and `城市道路 A1 段改造(二期)` -> one key."""
    if not text:
        return None
    key = _NOT_NAME.sub("", unicodedata.normalize("NFKC", text)).lower()
    key = _TRAILING.sub("", key) or key
    return key or None


def numbered_keys(names: list[str | None]) -> list[str | None]:
    """Keys for the indicators of one project; a name printed twice gets `#2`, `#3` … so that
    every key is unique within its project."""
    seen: dict[str, int] = {}
    out: list[str | None] = []
    for name in names:
        key = name_key(name)
        if key is None:
            out.append(None)
            continue
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out
