"""Reader for text a converter produced (.txt, .md): tab tables, pipe tables, HTML tables, headings.

Converters disagree on everything: tables come as tab-separated lines, Markdown pipe rows or HTML
`<table>` markup; headings carry any number of `#`, `**bold**` or nothing.  This reader only turns
those conventions into blocks; deciding what a block means is the parser's job.
"""
from __future__ import annotations

import codecs
from pathlib import Path

import regex

from budget_declarations.extract.errors import UnreadableFile
from budget_declarations.extract.html_table import parse_html_table
from budget_declarations.extract.markup import strip_inline_markup
from budget_declarations.extract.model import Document, Table, TextBlock

# Linear-time patterns only: a line is matched once and its ends trimmed in Python, because a lazy
# group before `\s*#*\s*$` backtracks quadratically on a heading followed by a run of spaces.
_HEADING = regex.compile(r"^\s{0,3}(#{1,6})(.*)$")
_BOLD_LINE = regex.compile(r"^(\*\*|__)(?P<t>[^*_].*)\1$")
_DASHES = regex.compile(r"^[\s:|+\-–—=]*$")
_TABLE_OPEN = regex.compile(r"<table\b", regex.I)
_TABLE_CLOSE = regex.compile(r"</table\s*>", regex.I)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bad_bytes(data: bytes, encoding: str) -> int:
    """How many bytes `encoding` cannot decode (each replaced by U+FFFD in a tolerant read)."""
    count = 0

    def handler(err: UnicodeDecodeError) -> tuple[str, int]:
        nonlocal count
        count += err.end - err.start
        return "\ufffd", err.end

    codecs.register_error("_count_bad_bytes", handler)
    data.decode(encoding, errors="_count_bad_bytes")
    return count


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Text and, when a few bytes were not text, a note saying how many were replaced.

    UTF-16 and UTF-32 are read by their byte-order mark; otherwise UTF-8 (with or without BOM),
    else GB18030 (which covers GBK/GB2312 exports).  A file with a few stray bytes (at most one
    in a thousand) keeps its text, each bad byte replaced by U+FFFD, rather than being refused.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding)), None
            except UnicodeDecodeError:
                raise UnreadableFile(f"damaged {encoding.upper()} text") from None
    if b"\x00" in data[:4096]:
        raise UnreadableFile("binary data, not text (NUL bytes)")
    try:
        return _checked(data.decode("utf-8-sig")), None
    except UnicodeDecodeError:
        pass
    # A GBK file fails UTF-8 on nearly every non-ASCII byte, a UTF-8 file with stray bytes on a
    # few: the share decides (GB18030 would also "decode" UTF-8 Chinese, as mojibake).
    bad = _bad_bytes(data, "utf-8-sig")
    non_ascii = sum(1 for b in data if b >= 0x80)
    if bad <= max(1, non_ascii // 100):
        text = _checked(data.decode("utf-8-sig", errors="replace"))
        return text, f"{bad} byte(s) that are not UTF-8 text were replaced by �"
    try:
        return _checked(data.decode("gb18030")), None
    except UnicodeDecodeError:
        pass
    bad = _bad_bytes(data, "gb18030")
    if bad <= max(1, non_ascii // 100):
        text = _checked(data.decode("gb18030", errors="replace"))
        return text, f"{bad} byte(s) that are not GB18030 text were replaced by �"
    raise UnreadableFile("not UTF-8 or GB18030 text")


def _checked(text: str) -> str:
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(10, len(text[:20000]) // 100):
        raise UnreadableFile("binary data, not text (control characters)")
    return text


def decode(data: bytes) -> str:
    return decode_text(data)[0]


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
        bold = None if heading else _BOLD_LINE.match(line.strip())
        if heading or bold:
            flush_para()
            flush_rows()
            level = len(heading.group(1)) if heading else None
            body = heading.group(2).strip().rstrip("#").strip() if heading else bold.group("t")
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
    text, note = decode_text(Path(path).read_bytes())
    document = parse_text(text)
    if note:
        document.warnings.append(note)
    return document
