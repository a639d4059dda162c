"""Whitespace rules for text fields.

Converters and PDF layout put spaces between CJK characters and Latin runs ("城市 A1 园区"),
break lines inside sentences, and pad cells.  None of that is content, so text fields keep every
character but lose layout whitespace: no whitespace next to a CJK character or CJK punctuation,
other runs collapsed to one space.
"""
from __future__ import annotations

import regex

# Label keys live with the word lists they are looked up in; re-exported for the readers.
from budget_declarations.vocabulary.keys import column_key, label_key, squash

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


_WS_NEXT_TO_SYMBOL = regex.compile(r"(?<=[^A-Za-z0-9]) | (?=[^A-Za-z0-9])")


def clean_token(text: str | None) -> str | None:
    """Short values (targets, amounts): a space survives only between two letters or digits."""
    cleaned = clean_text(text)
    return _WS_NEXT_TO_SYMBOL.sub("", cleaned) if cleaned else cleaned


__all__ = ["clean_text", "clean_token", "column_key", "label_key", "squash"]
