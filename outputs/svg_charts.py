"""Bar charts as inline SVG: drawn here, so the report needs no network, no script library and
no plotting dependency, and the charts print and e-mail with the page."""
from __future__ import annotations

from html import escape

BAR_COLOUR = "#3b6ea8"


def _fmt(value: float, unit: str) -> str:
    if unit == "万元":
        return f"{value:,.2f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def bar_chart(title: str, items: list[tuple[str, float]], unit: str = "", top: int = 15) -> str:
    """Horizontal bars, largest first; beyond `top` bars the rest are summed as 其他."""
    items = sorted(((label or "（未填）", float(value)) for label, value in items), key=lambda kv: -kv[1])
    if len(items) > top:
        rest = sum(v for _, v in items[top - 1:])
        items = items[:top - 1] + [(f"其他（{len(items) - top + 1}项）", rest)]
    label_w, bar_w, row_h = 230, 330, 22
    height = 30 + row_h * max(1, len(items))
    biggest = max((v for _, v in items), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{label_w + bar_w + 110}" '
             f'height="{height}" aria-label="{escape(title)}">',
             f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}'
             f'{escape(f"（{unit}）") if unit else ""}</text>']
    for n, (label, value) in enumerate(items):
        y = 28 + n * row_h
        short = label if len(label) <= 16 else label[:15] + "…"
        width = max(1, round(bar_w * value / biggest)) if value > 0 else 0
        parts.append(f'<g><title>{escape(label)}: {escape(_fmt(value, unit))}</title>'
                     f'<text x="{label_w - 6}" y="{y + 14}" font-size="12" text-anchor="end">{escape(short)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{width}" height="{row_h - 7}" fill="{BAR_COLOUR}"/>'
                     f'<text x="{label_w + width + 4}" y="{y + 14}" font-size="12">{escape(_fmt(value, unit))}</text></g>')
    if not items:
        parts.append('<text x="0" y="44" font-size="12" fill="#777">（无数据）</text>')
    parts.append("</svg>")
    return "".join(parts)
