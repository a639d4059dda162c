"""Inline markup that converters leave in text: HTML tags in cells, Markdown emphasis, LaTeX math.

A PDF-to-Markdown converter writes `<p>…</p>` inside table cells, `**一是…**` for bold runs and
`$\\geq 85.00\\%$` for a target it took for a formula.  The text reader turns all of it back into
the plain characters a reader of the printed form sees.
"""
from __future__ import annotations

import html

import regex

_LATEX_SYMBOLS = {
    r"\geqslant": "≥", r"\leqslant": "≤", r"\geq": "≥", r"\leq": "≤", r"\ge": "≥", r"\le": "≤",
    r"\neq": "≠", r"\pm": "±", r"\times": "×", r"\div": "÷", r"\sim": "～", r"\cdot": "·",
    r"\%": "%", r"\$": "$", r"\,": "", r"\;": "", r"\!": "", r"\ ": " ", r"\quad": " ",
    r"\gt": ">", r"\lt": "<", r"\approx": "≈",
}
_LATEX_WRAPPERS = regex.compile(r"\\(?:mathrm|text|textrm|mathbf|operatorname|rm)\s*\{([^{}]*)\}")
_LATEX_MATH = regex.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", regex.S)
_LATEX_SYMBOL = regex.compile(
    "|".join(regex.escape(k) for k in sorted(_LATEX_SYMBOLS, key=len, reverse=True))
    + r"(?![A-Za-z])"
)
_BREAK_TAGS = regex.compile(r"<\s*(?:br|/p|p|/div|div|/li|li|/tr)\b[^>]*>", regex.I)
_ANY_TAG = regex.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS = regex.compile(r"(\*\*|__)(.+?)\1", regex.S)


def latex_to_text(math: str) -> str:
    """Turn the small LaTeX converters emit for targets (`\\geq 85.00\\%`) into plain symbols."""
    text = _LATEX_WRAPPERS.sub(r"\1", math)
    text = _LATEX_SYMBOL.sub(lambda m: _LATEX_SYMBOLS[m.group(0)], text)
    text = text.replace("{", "").replace("}", "")
    # Spacing inside math is typesetting, not content.
    return regex.sub(r"\s+", "", text)


def strip_inline_markup(text: str) -> str:
    """Plain text of a line or cell: block tags become line breaks, other tags and emphasis go.

    Entities are decoded first, so that an escaped tag (`&lt;script&gt;`) is removed like any
    other tag instead of becoming markup in the output; `&lt;5%` stays `<5%` (not a tag).
    """
    text = html.unescape(text)
    text = _BREAK_TAGS.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = _LATEX_MATH.sub(lambda m: latex_to_text(m.group(1) or m.group(2)), text)
    return _EMPHASIS.sub(r"\2", text)
