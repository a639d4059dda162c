"""Comparison signs read from their shape: ≤ ≥ = < > standing alone in a scanned cell.

List-style forms print the comparator of a target in a column of its own, so a cell holds one
small sign.  The recognition model is trained on lines of text and reads a lone sign poorly: a
`≤` comes out as `N` or `#`, a `＝` as `三`, at confidences that are rightly discarded, and the
target loses its comparator.  The shapes themselves are simple and the same in every font: `=`
is two horizontal bars of one length, `≤` and `≥` a chevron over a bar, `<` and `>` a chevron.
Which way a chevron points is told by where its ink sits row by row: a `<` reaches furthest left
in its middle rows and furthest right in its top and bottom rows.  Nothing here depends on a
font, a document or a scan condition beyond the ink being darker than the paper.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


SIGNS = ("≤", "≥", "=", "<", ">")  # what read_sign returns


@dataclass
class _Part:
    x: int
    y: int
    w: int
    h: int
    mask: np.ndarray  # the part's own pixels inside its box

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def right(self) -> int:
        return self.x + self.w

    def is_bar(self) -> bool:
        """A horizontal stroke (straight or slightly slanted, as in ⩽): thin in every column."""
        thickness = self.mask.sum(axis=0)
        return self.w >= 4 and float(np.median(thickness[thickness > 0])) <= 0.3 * self.w and self.h <= 0.45 * self.w

    def pointing(self) -> str | None:
        """'<' or '>' when the part is a chevron, else None.

        A chevron is one stroke per row outside its tip (an X, a V, the two sides of a loop have
        more), no wider than half the glyph except at its tip, as tall as about its width (a
        bracket is much taller), whose ink reaches furthest to one side in its middle rows and
        to the other in its top and bottom rows, along two straight arms."""
        if self.h < 5 or self.w < 4 or not 0.5 <= self.h / self.w <= 1.8:
            return None
        rows = [r for r in range(self.h) if self.mask[r].any()]
        quarter = len(rows) / 4
        if len(rows) < 5 or any(_runs(self.mask[r]) > (2 if quarter <= n < 3 * quarter else 1) for n, r in enumerate(rows)):
            return None  # (a tip drawn with a notch or a speck may show two runs; a flat one spans half the rows)
        left = np.array([np.flatnonzero(self.mask[r])[0] for r in rows], dtype=float)
        right = np.array([np.flatnonzero(self.mask[r])[-1] for r in rows], dtype=float)
        k = max(1, len(rows) // 5)
        tip = len(rows) // 2
        middle = slice(tip - k // 2, tip - k // 2 + k)
        ends_left = (left[:k].mean() + left[-k:].mean()) / 2
        ends_right = (right[:k].mean() + right[-k:].mean()) / 2
        opens_right = ends_left - left[middle].mean()  # '<': middle far left, ends to the right
        opens_left = right[middle].mean() - ends_right  # '>': middle far right, ends to the left
        if opens_right >= 0.45 * self.w and opens_left <= 0.15 * self.w:
            edge = left  # the outer edge of '<' is its left edge
        elif opens_left >= 0.45 * self.w and opens_right <= 0.15 * self.w:
            edge = right
        else:
            return None
        if np.median(right - left) > 0.5 * self.w:
            return None  # strokes as wide as the glyph: a blot or a filled shape
        # a flat arm's rows are long, and where its end is cut square the edge bends by up to
        # about a row's length: allow half of it (a bracket's or a round letter's rows are short)
        play = 0.5 * float(np.median(right - left + 1))
        if not (_straight_arm(edge[: tip + 1], play) and _straight_arm(edge[tip:][::-1], play)):
            return None  # curved arms: a bracket or a round letter
        return "<" if edge is left else ">"


def _runs(row: np.ndarray) -> int:
    """Runs of ink in one row, a one-pixel gap not counting (scan speckle inside a stroke), nor a
    one-pixel run beside a longer one (a dithered stroke's loose pixel at its edge)."""
    ink = np.flatnonzero(row)
    if not len(ink):
        return 0
    breaks = np.flatnonzero(np.diff(ink) > 2)
    lengths = np.diff(np.concatenate(([0], breaks + 1, [len(ink)])))
    return int(np.count_nonzero(lengths > 1)) or len(lengths)


def _loose_pixels(row: np.ndarray) -> int:
    """Pixels of ink in a row with paper on both sides."""
    padded = np.concatenate(([False], row.astype(bool), [False]))
    return int(np.count_nonzero(padded[1:-1] & ~padded[:-2] & ~padded[2:]))


def _straight_arm(edge: np.ndarray, play: float = 0.0) -> bool:
    """Whether one arm's outer edge, from the arm's end towards the tip, runs straight: it strays
    little from the chord between its end and where it first reaches the tip (the tip itself is
    as flat as the stroke is thick)."""
    tip_value = edge[-1] if abs(edge[-1] - edge[0]) >= abs(edge.min() - edge[0]) else edge.min()
    reach = np.flatnonzero(np.abs(edge - tip_value) <= 1.0)
    edge = edge[: int(reach[0]) + 1] if len(reach) else edge
    if len(edge) < 3:
        return True
    chord = np.linspace(edge[0], edge[-1], len(edge))
    spread = max(2.0, abs(edge[-1] - edge[0]))
    return float(np.abs(edge - chord).max()) <= max(1.5, 0.2 * spread, play)


def _parts(gray: np.ndarray, darker: bool = False) -> list[_Part] | None:
    """The glyph's pieces of ink (Otsu's threshold; `darker`: a quarter darker than it), specks
    and cell borders left out."""
    import cv2

    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 60:
        return None  # no clear ink on paper
    level, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if darker:
        _, binary = cv2.threshold(gray, 0.75 * level, 255, cv2.THRESH_BINARY_INV)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    total = int(stats[1:, cv2.CC_STAT_AREA].sum()) if n > 1 else 0
    parts = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < max(4, 0.04 * total):
            continue  # a speck of noise
        part = _Part(x, y, w, h, labels[y:y + h, x:x + w] == i)
        if _ruling_line(part, gray.shape):
            continue
        parts.append(part)
    return sorted(parts, key=lambda p: p.y)


def _ruling_line(part: _Part, shape: tuple[int, ...]) -> bool:
    """A piece of the cell's border caught at the crop's edge (a detected box reaches over it)."""
    height, width = shape[:2]
    edges = (part.x == 0) + (part.y == 0) + (part.right == width) + (part.bottom == height)
    if edges >= 2:
        return True  # a corner of the cell's border (rules meeting), which no glyph reaches
    near_top_or_bottom = part.y <= 0.15 * height or part.bottom >= 0.85 * height
    if near_top_or_bottom and part.is_bar() and part.w >= 0.9 * width:
        return True  # a sign's own bar leaves the crop's margin on both sides
    near_side = part.x <= 0.15 * width or part.right >= 0.85 * width
    return near_side and part.h >= 0.9 * height and part.w <= max(3, 0.2 * part.h)


def read_sign(crop: np.ndarray) -> str | None:
    """The sign a crop of one glyph shows ('≤', '≥', '=', '<', '>'), or None when it is not
    clearly one of them (a digit, a character, a smudge: left to the recogniser)."""
    gray = crop if crop.ndim == 2 else crop[..., :3].mean(axis=2).astype(np.uint8)
    parts = _parts(gray)
    sign = _sign_of(parts)
    if sign is None and parts is not None and len(parts) == 1:
        # one piece: a dithered ≥ whose grey between chevron and bar Otsu took for ink.  Only a
        # chevron over a bar is taken so (a darker threshold loses the thin slash of ≠ and #)
        sign = _sign_of(_parts(gray, darker=True))
        if sign not in ("≤", "≥"):
            sign = None
    if sign is None and _speckled(gray):
        import cv2

        # specks stuck to an arm bend it; a lone chevron found only so is not trusted (x, 4, v
        # filtered lose their own corners to one), a chevron over its bar is
        filtered = cv2.medianBlur(gray, 3)
        across = np.ones((1, 3), np.uint8)  # a bar the filter broke where a speck sat is closed
        sign = _sign_of(_parts(cv2.dilate(cv2.erode(filtered, across), across)))
        if sign in ("<", ">"):
            sign = None
    return sign


def _speckled(gray: np.ndarray) -> bool:
    """Whether the crop has lone dark pixels on its paper (impulse noise): then, and only then,
    is a median filter worth its cost to thin strokes (it turns look-alikes into signs on clean
    print)."""
    import cv2

    if int(gray.max()) - int(gray.min()) < 60:
        return False
    _, binary = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    return bool(n > 1 and (stats[1:, cv2.CC_STAT_AREA] == 1).any())


def leading_sign(crop: np.ndarray) -> str | None:
    """The comparison sign that begins a line's crop (`=9.00(元/平)`), read from its shape.

    At low resolution the two bars of a ＝ run close together and the recogniser reads them as
    one, a minus: `-9.00`.  The first glyph is the first run of ink columns across the text's
    middle rows (a cell border at the crop's edge, as tall as the crop, is passed over)."""
    gray = crop if crop.ndim == 2 else crop[..., :3].mean(axis=2).astype(np.uint8)
    height = gray.shape[0]
    if height < 8 or int(gray.max()) - int(gray.min()) < 60:
        return None
    import cv2

    _, binary = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    band = binary[int(0.15 * height):int(0.85 * height)]
    columns: list[bool] = np.asarray(band.any(axis=0)).astype(bool).tolist()
    x = 0
    while x < len(columns):
        if not columns[x]:
            x += 1
            continue
        end = x
        while end + 1 < len(columns) and columns[end + 1]:
            end += 1
        if band[:, x:end + 1].any(axis=1).mean() < 0.9:  # not a border running through the band
            return read_sign(gray[:, max(0, x - 2):end + 3])
        x = end + 1
    return None


def _sign_of(parts: list[_Part] | None) -> str | None:
    if not parts or len(parts) > 2:
        return None
    if len(parts) == 1:
        single = parts[0]
        return single.pointing() or _chevron_on_bar(single)
    top, low = parts
    overlap = min(top.right, low.right) - max(top.x, low.x)
    if top.bottom > low.y or overlap < 0.6 * max(top.w, low.w):
        return None  # side by side or overlapping: not a sign over a bar
    if top.is_bar() and low.is_bar():
        # ＝'s bars are one length, one right above the other; 二's top bar is short and the
        # two stand about a character's width apart
        width = max(top.w, low.w)
        same = max(1.5, 0.08 * width)
        if abs(top.x - low.x) <= same and abs(top.right - low.right) <= same and low.y - top.bottom <= 0.6 * width:
            return "="
        return None
    if low.is_bar() and low.w >= 0.6 * top.w:
        chevron = top.pointing()
        return {"<": "≤", ">": "≥"}.get(chevron or "")
    return None


def _chevron_on_bar(part: _Part) -> str | None:
    """≤ or ≥ printed as one piece (a Latin font's chevron resting on its bar, or ink run
    together in small or bold print): the bar is the run of nearly full rows at the bottom."""
    widths = part.mask.sum(axis=1)
    bar = 0
    while bar < part.h and widths[part.h - 1 - bar] >= 0.75 * part.w:
        bar += 1
    if not 0 < bar <= 0.3 * part.h:
        return None
    while bar < part.h and 0 < part.mask[part.h - 1 - bar].sum() == _loose_pixels(part.mask[part.h - 1 - bar]):
        bar += 1  # the bar's ragged edge in a dithered scan: loose pixels, no stroke
    rows = part.mask[: part.h - bar]
    filled = np.flatnonzero(rows.any(axis=1))
    cols = np.flatnonzero(rows.any(axis=0))
    if not len(filled) or not len(cols):
        return None
    mask = rows[filled[0]:filled[-1] + 1, cols[0]:cols[-1] + 1]
    chevron = _Part(part.x + int(cols[0]), part.y + int(filled[0]), mask.shape[1], mask.shape[0], mask)
    return {"<": "≤", ">": "≥"}.get(chevron.pointing() or "")
