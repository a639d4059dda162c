"""Whitespace rules for text fields.

Converters and PDF layout put spaces between CJK characters and Latin runs ("城市 A1 园区"),
break lines inside sentences, and pad cells.  None of that is content, so text fields keep every
character but lose layout whitespace: no whitespace next to a CJK character or CJK punctuation,
other runs collapsed to one space.
"""
from __future__ import annotations

from functools import lru_cache

import regex

# Han characters, CJK symbols and punctuation, full-width forms, and the quotes and dashes that
# Chinese text uses from the general punctuation block.
_CJK = r"[\p{Han}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014\u00b7\u2460-\u24ff]"
_WS = regex.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_WS_NEXT_TO_CJK = regex.compile(rf"(?<={_CJK}) | (?={_CJK})")


# Control characters (ESC, BEL, backspace, DEL, C1) and bidi overrides (U+202E …) are never
# content of a form; they could reorder or hide text where the tables are displayed.
_CONTROLS = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def clean_text(text: str | None) -> str | None:
    """Drop layout whitespace and control characters; None for None and for text that is only whitespace."""
    if text is None:
        return None
    collapsed = _WS.sub(" ", _CONTROLS.sub("", text)).strip()
    if not collapsed:
        return None
    return _WS_NEXT_TO_CJK.sub("", collapsed)


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


_WS_NEXT_TO_SYMBOL = regex.compile(r"(?<=[^A-Za-z0-9]) | (?=[^A-Za-z0-9])")


def clean_token(text: str | None) -> str | None:
    """Short values (targets, amounts): a space survives only between two letters or digits."""
    cleaned = clean_text(text)
    return _WS_NEXT_TO_SYMBOL.sub("", cleaned) if cleaned else cleaned


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
