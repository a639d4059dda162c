"""Format-specific readers, each turning one file into the shared block model (extract.model)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from extract.detect import detect_format
from extract.errors import NeedsTool, UnreadableFile
from extract.model import Document

Reader = Callable[[Path], Document]


def _text(path: Path) -> Document:
    from extract import text

    return text.read(path)


READERS: dict[str, Reader] = {"text": _text}


def read_document(path: Path) -> Document:
    """Detect the format by content and run its reader; UnreadableFile says why it cannot."""
    fmt = detect_format(path)
    if fmt == "empty":
        raise UnreadableFile("empty file (0 bytes)")
    reader = READERS.get(fmt)
    if reader is None:
        raise UnreadableFile(f"unsupported file type ({fmt})")
    document = reader(Path(path))
    document.source_format = document.source_format or fmt
    return document


__all__ = ["Document", "NeedsTool", "UnreadableFile", "detect_format", "read_document", "READERS"]
