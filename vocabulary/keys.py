"""How printed labels and column headers are compared: the key every word list is looked up by.

A label is the same label whatever whitespace a converter or a narrow cell put into it
(`项目 名称`, `绩效指` / `标性质`), with or without `其中：` in front, `（元）` behind or a final
colon; a column header is also the same without a trailing note in brackets (`权重（%）`).
"""
from __future__ import annotations

from functools import lru_cache

import regex

_WS = regex.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")

# The parser compares the same labels and cells again and again; these pure functions remember
# their last few thousand short answers (long text, such as a page, is not kept).
_REMEMBERED = 4096
_SHORT = 120


def squash(text: str | None) -> str:
    """All whitespace removed: the form used to compare labels and names."""
    if text is not None and len(text) <= _SHORT:
        return _squash_short(text)
    return _WS.sub("", text or "")


@lru_cache(maxsize=_REMEMBERED)
def _squash_short(text: str) -> str:
    return _WS.sub("", text)


_LABEL_NOISE = regex.compile(r"^其中[:：]?|[(（](?:元|万元)[)）]|[:：]$")
_TRAILING_NOTE = regex.compile(r"[(（][^()（）]{0,16}[)）]$")


@lru_cache(maxsize=_REMEMBERED)
def label_key(text: str | None) -> str:
    """A printed label as compared: no whitespace, no `其中：`, no `(元)`/`(万元)`, no end colon."""
    return _LABEL_NOISE.sub("", squash(text))


@lru_cache(maxsize=_REMEMBERED)
def column_key(text: str | None) -> str:
    """A column header as compared: a label key without a trailing note (`权重（%）`, `中期目标（2024-2026年）`)."""
    key = label_key(text)
    stripped = _TRAILING_NOTE.sub("", key)
    return stripped or key
