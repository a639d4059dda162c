"""One file through the whole pipeline, never raising: a file that cannot be read becomes a row."""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from budget_declarations.checks import check_rows
from budget_declarations.extract import UnreadableFile, read_document
from budget_declarations.extract.detect import detect_format
from budget_declarations.outputs.records import declared_total_yuan, indicator_rows, project_row
from budget_declarations.outputs.schema import PARSER_VERSION, project_fields
from budget_declarations.vocabulary import FOLDER as VOCABULARY_FOLDER
from budget_declarations.vocabulary import Vocabulary
from budget_declarations.vocabulary import load as load_vocabulary
from budget_declarations.outputs.writer import display_path
from budget_declarations.parse.declarations import parse_declaration


@dataclass
class Result:
    """The rows one document contributes, by table, plus a traceback kept for the log only."""

    tables: dict[str, list[dict]] = field(default_factory=dict)
    detail: str | None = None

    @property
    def document(self) -> dict:
        return self.tables["documents"][0]


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def not_a_regular_file(path: Path) -> str | None:
    """Why a path is refused without being opened: only regular files are read (after following a
    link); a pipe would block the run and a device never end.  None for a regular file, and for a
    path that cannot be looked at (opening it will say why)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"refused: {kind}, not a file (only regular files are read)"


def file_digest(path: Path) -> str:
    """SHA-256 of a regular file's bytes; OSError for anything else (opened without blocking, so a
    pipe put in a file's place is refused, not waited on)."""
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _document_row(path: Path, doc_id: str) -> dict:
    return {
        "doc_id": doc_id,
        "source_path": display_path(path),
        "source_format": None,
        "page_count": None,
        "title": None,
        "department": None,
        "fiscal_year": None,
        "declared_project_count": None,
        "declared_total_yuan": None,
        "doc_kind": None,
        "template": None,
        "content_key": None,
        "duplicate_of": None,
        "project_count": 0,
        "indicator_count": 0,
        "status": "failed",
        "error": None,
        "parser_version": parser_version(),
        "ingested_at": datetime.now(timezone.utc),
    }


@lru_cache(maxsize=1)
def checked_vocabulary() -> Vocabulary:
    """The shipped vocabulary, also checked against the projects table's columns (a misspelt field
    fails here rather than dropping its values): the output contract sits above the vocabulary,
    so this layer, which sees both, asks for the check.  Its digest is vocabulary.default()'s."""
    return load_vocabulary(VOCABULARY_FOLDER, fields=project_fields())


def parser_version() -> str:
    """The code's version and the vocabulary's: editing a word list or a layout reads again the
    documents it may touch, as a new code version does."""
    return f"{PARSER_VERSION}+{checked_vocabulary().digest[:12]}"


def failed_row(path: Path, doc_id: str, reason: str) -> dict:
    """A documents row for a file that could not be processed at all."""
    row = _document_row(path, doc_id)
    row["error"] = reason
    return row


def content_key(doc: dict, projects: list[dict]) -> str | None:
    """The same declaration saved as .doc, .pdf and a scan has one fingerprint: department, year,
    kind, and the sorted project names with their amounts (not the bytes)."""
    if not projects:
        return None
    items = sorted(
        f"{p.get('project_key') or ''}={p.get('annual_request') or p.get('total_funds') or p.get('annual_budget_full') or ''}"
        for p in projects
    )
    text = "|".join([doc.get("department") or "", str(doc.get("fiscal_year") or ""), doc.get("doc_kind") or "", *items])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def explain(exc: BaseException) -> str:
    """What a user can do with an error a library raised on a hostile or broken file."""
    name = type(exc).__name__
    if isinstance(exc, RecursionError):
        return "refused: the file's structure is nested too deeply or loops (a malformed page tree or object graph)"
    if name == "PdfiumError":
        return f"the PDF is malformed and cannot be opened ({exc}); re-save it from the original program"
    if name == "DecompressionBombError":
        from PIL import Image

        limit = (Image.MAX_IMAGE_PIXELS or 0) * 2 // 1_000_000
        return f"refused: an image larger than {limit} megapixels (a decompression bomb or a broken scan)"
    if name == "XMLSyntaxError":
        return (f"refused: the document's XML cannot be parsed ({str(exc).split(',')[0]}): it is damaged, or nested "
                "deeper than any real document; re-save it from the original program")
    if name in ("PDFSyntaxError", "PSEOF", "PdfReadError"):
        return f"the PDF is damaged ({exc}); re-save it from the original program"
    return "internal error while reading this file; the details are in errors.log in the output folder"


def process_file(path: Path, doc_id: str | None = None, keep_personal: bool = False) -> Result:
    """Read, parse and turn one file into rows.  Errors end in the documents row, not a raise."""
    path = Path(path)
    problem = not_a_regular_file(path)
    if problem:
        return Result({"documents": [failed_row(path, doc_id or "", problem)]})
    try:
        doc_id = doc_id or file_digest(path)
    except OSError as exc:
        row = _document_row(path, doc_id or "")
        row["error"] = f"cannot open file: {exc.strerror or exc}"
        return Result({"documents": [row]})
    row = _document_row(path, doc_id)
    result = Result({"documents": [row], "projects": [], "indicators": [], "checks": []})
    try:
        row["source_format"] = detect_format(path)
        document = read_document(path, row["source_format"])
        row["source_format"] = document.source_format
        row["page_count"] = document.page_count
        declaration = parse_declaration(document)
    except UnreadableFile as exc:
        row["error"] = str(exc)
        return result
    except MemoryError:
        row["error"] = "ran out of memory while reading this file"
        return result
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop a batch
        row["error"] = explain(exc)
        result.detail = traceback.format_exc()
        return result

    fy = declaration.fiscal_year
    dept = declaration.department
    projects = [project_row(doc_id, fy, p, keep_personal, dept) for p in declaration.projects]
    indicators = [r for p, row in zip(declaration.projects, projects)
                  for r in indicator_rows(doc_id, fy, p, dept, row["project_name"])]
    result.tables["projects"] = projects
    result.tables["indicators"] = indicators
    row.update(
        title=declaration.title,
        department=declaration.department,
        fiscal_year=fy,
        declared_project_count=declaration.declared_project_count,
        declared_total_yuan=declared_total_yuan(declaration),
        doc_kind=declaration.doc_kind,
        _declared_unread=declaration.declared_unread,
        template=declaration.template,
        project_count=len(projects),
        indicator_count=len(indicators),
    )
    problems = list(document.warnings) + list(declaration.warnings)
    if document.pages_without_text:
        pages = ", ".join(str(p) for p in document.pages_without_text[:20])
        problems.insert(0, f"pages without a text layer need OCR: {pages}")
    if not projects:
        row["status"] = "failed" if document.pages_without_text and not document.blocks else "no_declaration"
        row["error"] = "; ".join(problems) or "no 项目经费情况说明 or 绩效目标申报表 found"
    else:
        row["status"] = "partial" if problems else "ok"
        row["error"] = "; ".join(problems) or None
    row["content_key"] = content_key(row, projects)
    conflicts = {d.project_no: d.form.conflicts for d in declaration.projects if d.form and d.form.conflicts}
    result.tables["checks"] = check_rows(row, projects, indicators, conflicts)
    return result


def preload() -> None:
    """Import what reading a PDF imports lazily and load the layout descriptions, once, in the
    process that forks the workers: each worker then starts warm instead of spending about
    0.3 s of its first file on imports (as much as reading five form pages).  OCR models are
    not loaded: most batches never need them and they are large."""
    import pdfplumber.table  # noqa: F401
    import pdfplumber.utils  # noqa: F401
    import pypdfium2  # noqa: F401
    import pypdfium2.raw  # noqa: F401

    from budget_declarations import vocabulary
    from budget_declarations.extract import pdf  # noqa: F401

    checked_vocabulary()
    vocabulary.default()
