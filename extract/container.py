"""Office files from untrusted archives: zip containers checked before parsing, and legacy
formats converted by LibreOffice.

A .docx or .xlsx is a zip of XML.  Before any XML is parsed, the declared sizes of all members are
added up (zipfile never inflates a member past its declared size, so this bounds memory) and any
XML part that carries a DOCTYPE is refused: Office never writes one, and entity expansion (the
"billion laughs" XML bomb) needs one.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, TypeVar

from budget_declarations.extract.errors import NeedsTool, UnreadableFile

T = TypeVar("T")

MAX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5000
CONVERT_TIMEOUT_S = 120


def check_office_zip(path: Path, required_member: str, kind: str) -> None:
    """Refuse damaged zips, zip bombs and XML with a DOCTYPE; `kind` names the format in messages."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise UnreadableFile(f"not a normal {kind} file: {len(infos)} parts in the zip container")
            inflated = sum(i.file_size for i in infos)
            if inflated > MAX_INFLATED_BYTES:
                raise UnreadableFile(
                    f"refused: the {kind} file would inflate to {inflated / 2**20:,.0f} MB "
                    f"(limit {MAX_INFLATED_BYTES // 2**20} MB); it looks like a zip bomb"
                )
            if required_member not in {i.filename for i in infos}:
                raise UnreadableFile(f"a zip archive, but not a {kind} document (no {required_member})")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as fh:
                        head = fh.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise UnreadableFile(f"refused: {info.filename} declares a DOCTYPE (possible XML bomb)")
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(f"not a valid {kind} file: the zip container is damaged or truncated ({exc})") from None
    except zipfile.LargeZipFile:
        raise UnreadableFile(f"refused: zip64 container too large for a {kind} document") from None


def libreoffice_convert(path: Path, workdir: Path, to: str) -> Path:
    """A legacy file (.doc .wps .rtf .xls .et) converted to `to` (docx, xlsx) with LibreOffice, in a
    private profile and a time limit; NeedsTool when LibreOffice is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise NeedsTool(
            "legacy Office/WPS file: reading it needs LibreOffice (soffice), which is not installed; "
            "install it (e.g. apt-get install libreoffice-writer libreoffice-calc) and run again"
        )
    suffix = path.suffix.lower() if path.suffix.lower() in (".doc", ".wps", ".rtf", ".xls", ".et") else ".doc"
    source = workdir / ("input" + suffix)
    shutil.copyfile(path, source)
    profile = workdir / "profile"
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", to, "--outdir", str(workdir), str(source)]
    try:
        subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise UnreadableFile(f"LibreOffice did not convert the file within {CONVERT_TIMEOUT_S} s") from None
    converted = workdir / f"input.{to}"
    if not converted.exists():
        hint = "; is LibreOffice Calc installed?" if to == "xlsx" else ""
        raise UnreadableFile(
            f"LibreOffice could not convert this file to .{to} (damaged, or not an Office/WPS document{hint})"
        )
    return converted


def read_converted(path: Path, to: str, reader: Callable[[Path], T], source_format: str) -> T:
    """Convert a legacy file with LibreOffice in a temporary folder and read the result."""
    with tempfile.TemporaryDirectory(prefix="decl-convert-") as tmp:
        document = reader(libreoffice_convert(Path(path), Path(tmp), to))
    document.source_format = source_format  # type: ignore[attr-defined]
    return document
