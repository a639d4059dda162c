"""Many files into one dataset: discovery, skipping what is done, progress, and the summary."""
from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from outputs.schema import PARSER_VERSION
from outputs.writer import document_key, read_document_row, write_document
from pipeline.process import Result, file_digest, process_file

SUFFIXES = {".txt", ".md", ".markdown", ".pdf", ".docx", ".doc", ".wps", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def discover(inputs: list[Path]) -> list[Path]:
    """Named files as given; folders searched recursively for the formats we read."""
    found: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        candidates = [item] if item.is_file() else sorted(
            p for p in item.rglob("*")
            if p.is_file() and p.suffix.lower() in SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(item).parts)
        )
        for path in candidates:
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.append(path)
    return found


@dataclass
class BatchOptions:
    out: Path
    force: bool = False
    progress: bool = True


@dataclass
class Summary:
    documents: int = 0
    skipped: int = 0
    projects: int = 0
    indicators: int = 0
    statuses: Counter = field(default_factory=Counter)
    severities: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    out: Path | None = None

    @property
    def failed(self) -> int:
        return self.statuses.get("failed", 0)

    def add(self, row: dict, checks: list[dict] | None = None) -> None:
        for finding in checks or []:
            self.severities[finding["severity"]] += 1
        self.documents += 1
        self.projects += row.get("project_count") or 0
        self.indicators += row.get("indicator_count") or 0
        self.statuses[row["status"]] += 1
        if row["status"] == "failed":
            self.failures.append((row["source_path"], row.get("error") or "unknown error"))

    def render(self) -> str:
        parts = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        lines = [
            f"documents read: {self.documents} ({parts or 'none'})"
            + (f"; {self.skipped} already done, skipped" if self.skipped else ""),
            f"projects: {self.projects}",
            f"indicators: {self.indicators}",
            f"failures: {self.failed}",
            f"findings: {sum(self.severities.values())} ("
            + ", ".join(f"{self.severities.get(s, 0)} {s}" for s in ("error", "warning", "info"))
            + ") — see the checks table",
        ]
        lines += [f"  {path}: {reason}" for path, reason in self.failures[:20]]
        if len(self.failures) > 20:
            lines.append(f"  … and {len(self.failures) - 20} more (see the documents table)")
        lines.append(f"output: {self.out} ({self.seconds:.1f}s)")
        return "\n".join(lines)


def _log_detail(out: Path, path: Path, result: Result) -> None:
    if result.detail:
        out.mkdir(parents=True, exist_ok=True)
        with (out / "errors.log").open("a", encoding="utf-8") as fh:
            fh.write(f"== {path}\n{result.detail}\n")


def run_batch(files: list[Path], options: BatchOptions) -> Summary:
    """Process files one by one, writing each document's rows as soon as they are ready."""
    start = time.perf_counter()
    summary = Summary(out=options.out)
    total = len(files)
    for n, path in enumerate(files, start=1):
        key = document_key(path)
        if not options.force:
            done = read_document_row(options.out, key)
            if done and done.get("parser_version") == PARSER_VERSION:
                try:
                    unchanged = done.get("doc_id") == file_digest(path)
                except OSError:
                    unchanged = False
                if unchanged:
                    summary.skipped += 1
                    continue
        result = process_file(path)
        write_document(options.out, key, result.tables)
        _log_detail(options.out, path, result)
        summary.add(result.document, result.tables.get("checks"))
        if options.progress:
            print(f"[{n}/{total}] {result.document['status']:<14} {path}", file=sys.stderr)
    summary.seconds = time.perf_counter() - start
    return summary
