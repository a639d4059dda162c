"""Format-specific readers, each turning one file into the shared block model (extract.model)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from budget_declarations.extract.detect import detect_format
from budget_declarations.extract.errors import NeedsTool, UnreadableFile
from budget_declarations.extract.model import Document

Reader = Callable[[Path], Document]

# What a name promises; a file whose content has no such signature is damaged or mislabelled.
_BINARY_SUFFIXES = {
    ".pdf": "PDF", ".docx": "Word (.docx)", ".docm": "Word (.docx)", ".doc": "Word (.doc)",
    ".wps": "WPS", ".xlsx": "Excel", ".xls": "Excel", ".et": "WPS spreadsheet", ".png": "PNG image", ".jpg": "JPEG image",
    ".jpeg": "JPEG image", ".tif": "TIFF image", ".tiff": "TIFF image",
}


def _text(path: Path) -> Document:
    from budget_declarations.extract import text

    return text.read(path)


def _docx(path: Path) -> Document:
    from budget_declarations.extract import docx

    return docx.read_docx(path)


_LEGACY_EXCEL = (".xls", ".et")


def _legacy(path: Path) -> Document:
    """OLE files are Word, WPS or Excel alike; the name says which converter to ask."""
    if path.suffix.lower() in _LEGACY_EXCEL:
        from budget_declarations.extract import xlsx

        return xlsx.read_legacy_excel(path)
    from budget_declarations.extract import docx

    return docx.read_legacy(path)


def _pdf(path: Path) -> Document:
    from budget_declarations.extract import pdf

    return pdf.read_pdf(path)


def _image(path: Path) -> Document:
    from budget_declarations.extract import ocr

    return ocr.read_image(path)


def _xlsx(path: Path) -> Document:
    from budget_declarations.extract import xlsx

    return xlsx.read_xlsx(path)


def _zip(path: Path) -> Document:
    raise UnreadableFile("a zip archive that is not a Word document; unpack it and run on its files")


READERS: dict[str, Reader] = {"text": _text, "docx": _docx, "doc": _legacy, "pdf": _pdf, "image": _image, "xlsx": _xlsx, "zip": _zip}


def ocr_page_count(path: Path) -> int:
    """Pages that reading the file will OCR (a PDF's pages as `pdf.needs_ocr` decides, an image's
    frames), counted before it is read, for the batch's time limit; 0 when none or unknown (the
    reader will then say what is wrong with the file)."""
    try:
        fmt = detect_format(Path(path))
        if fmt == "pdf":
            from budget_declarations.extract import pdf

            return len(pdf.pages_to_ocr(Path(path)))
        if fmt == "image":
            from PIL import Image

            with Image.open(path) as image:
                return int(getattr(image, "n_frames", 1))
    except Exception:  # noqa: BLE001 - the reader will say what is wrong with the file
        return 0
    return 0


def read_document(path: Path, fmt: str | None = None) -> Document:
    """Run the reader for the format found by content (`fmt`, when the caller already detected
    it); UnreadableFile says why a file cannot be read."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt == "empty":
        raise UnreadableFile("empty file (0 bytes)")
    promised = _BINARY_SUFFIXES.get(path.suffix.lower())
    if fmt == "text" and promised:
        raise UnreadableFile(f"named {path.suffix} but the content is not a {promised} file: damaged or mislabelled")
    reader = READERS.get(fmt)
    if reader is None:
        raise UnreadableFile(f"unsupported file type ({fmt})")
    document = reader(path)
    document.source_format = document.source_format or fmt
    return document


__all__ = ["Document", "NeedsTool", "UnreadableFile", "detect_format", "ocr_page_count", "read_document", "READERS"]
