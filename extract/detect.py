"""Recognise a file's format by its content, not its name: a Word file named .pdf is Word."""
from __future__ import annotations

import zipfile
from pathlib import Path

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# a JPEG 2000 file (jp2 box) or bare codestream: an image like any other, with the same size checks
_JPEG2000 = (b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")


def detect_format(path: Path) -> str:
    """One of pdf, docx, doc (legacy Word/WPS), xlsx, image, text, empty, zip."""
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(2048)
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "docx" if path.suffix.lower() in (".docx", ".docm") else "zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if head.startswith(_OLE):
        return "doc"
    if (head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head[:4] in (b"II*\x00", b"MM\x00*")
            or head.startswith(_JPEG2000)):
        return "image"
    if head.lstrip().startswith(b"{\\rtf"):
        return "doc"
    return "text"
