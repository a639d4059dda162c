"""Reader for text a converter produced (.txt, .md): tab tables, pipe tables, HTML tables, headings.

Converters disagree on everything: tables come as tab-separated lines, Markdown pipe rows or HTML
`<table>` markup; headings carry any number of `#`, `**bold**` or nothing.  This reader only turns
those conventions into blocks; deciding what a block means is the parser's job.
"""
from __future__ import annotations

from pathlib import Path

import regex

from extract.errors import UnreadableFile
from extract.html_table import parse_html_table
from extract.markup import strip_inline_markup
from extract.model import Document, Table, TextBlock

_HEADING = regex.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_BOLD_LINE = regex.compile(r"^\s*(\*\*|__)(?P<t>[^*_].*?)\1\s*$")
_DASHES = regex.compile(r"^[\s:|+\-–—=]*$")
_TABLE_OPEN = regex.compile(r"<table\b", regex.I)
_TABLE_CLOSE = regex.compile(r"</table\s*>", regex.I)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, which covers GBK/GB2312 exports."""
    if b"\x00" in data[:4096]:
        raise UnreadableFile("binary data, not text (NUL bytes)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls > max(10, len(text[:20000]) // 100):
            raise UnreadableFile("binary data, not text (control characters)")
        return text
    raise UnreadableFile("not UTF-8 or GB18030 text")


def _split_pipe_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.replace("\\|", "|") for c in regex.split(r"(?<!\\)\|", body)]


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def parse_text(text: str) -> Document:
    """Split converter output into headings, paragraphs and tables, in order."""
    blocks: list = []
    rows: list[list[str]] = []
    para: list[str] = []

    def flush_rows() -> None:
        if rows:
            blocks.append(Table.from_rows([[strip_inline_markup(c) for c in r] for r in rows]))
            rows.clear()

    def flush_para() -> None:
        if para:
            joined = strip_inline_markup("\n".join(para)).strip()
            if joined:
                blocks.append(TextBlock(joined))
            para.clear()

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if _TABLE_OPEN.search(line):
            flush_para()
            flush_rows()
            chunk = [line]
            while not _TABLE_CLOSE.search(chunk[-1]) and i + 1 < len(lines):
                i += 1
                chunk.append(lines[i])
            markup = "\n".join(chunk)
            start = _TABLE_OPEN.search(markup).start()
            close = _TABLE_CLOSE.search(markup)
            end = close.end() if close else len(markup)
            before, after = markup[:start].strip(), markup[end:].strip()
            if before:
                blocks.append(TextBlock(strip_inline_markup(before)))
            blocks.append(parse_html_table(markup[start:end]))
            if after:
                blocks.append(TextBlock(strip_inline_markup(after)))
            i += 1
            continue
        if "\t" in line or _is_pipe_row(line):
            flush_para()
            cells = line.split("\t") if "\t" in line else _split_pipe_row(line)
            if not all(_DASHES.match(c) for c in cells):
                rows.append(cells)
            i += 1
            continue
        if not line.strip():
            flush_para()
            flush_rows()
            i += 1
            continue
        if _DASHES.match(line) and len(line.strip()) >= 3:
            i += 1  # horizontal rules and stray table separators
            continue
        heading = _HEADING.match(line)
        bold = _BOLD_LINE.match(line)
        if heading or bold:
            flush_para()
            flush_rows()
            level = len(heading.group(1)) if heading else None
            body = heading.group(2) if heading else bold.group("t")
            body = strip_inline_markup(body).strip()
            if body:
                blocks.append(TextBlock(body, kind="heading", level=level))
            i += 1
            continue
        flush_rows()
        para.append(line)
        i += 1
    flush_para()
    flush_rows()
    return Document(blocks=blocks, source_format="text")


def read(path: Path) -> Document:
    """Read a .txt or .md file into blocks."""
    return parse_text(decode(Path(path).read_bytes()))
