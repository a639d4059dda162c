"""What a reviewer reads is Chinese (issue 26): every finding code has a meaning, and every reason
the pipeline can write into documents.error has a Chinese rendering (found by reading the
pipeline's source, so a new message without one fails here, not silently in a report)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from budget_declarations.outputs import wording

ROOT = Path(__file__).resolve().parent.parent
# format names and units a reviewer reads as they are
ALLOWED_LATIN = {"PDF", "Word", "Excel", "WPS", "MB", "PNG", "JPEG", "TIFF"}


def _latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text)) - ALLOWED_LATIN


def _codes_in_rules() -> set[str]:
    tree = ast.parse((ROOT / "checks" / "rules.py").read_text("utf-8"))
    codes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and re.fullmatch(r"[A-Z][A-Z0-9_]{3,}", arg.value):
                    codes.add(arg.value)
    return codes


def test_every_finding_code_has_a_chinese_name_and_meaning():
    codes = _codes_in_rules()
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", (ROOT / "docs" / "checks.md").read_text("utf-8"), re.M))
    assert len(codes) >= 30 and {"FUNDS_TOTAL_SPLIT", "TARGET_EMPTY", "BUDGET_TEXT_MISMATCH"} <= codes
    assert not (codes | documented) - set(wording.RULES), (codes | documented) - set(wording.RULES)
    for code, (name, meaning) in wording.RULES.items():
        assert name and meaning and not _latin_words(name + meaning), code


def test_labels_are_chinese():
    for mapping in (wording.STATUS, wording.SEVERITY, wording.KIND, wording.TARGET_KIND):
        for value in mapping.values():
            assert not _latin_words(value), value
    assert wording.label(wording.STATUS, "no_declaration") == "无申报内容"
    assert wording.label(wording.SEVERITY, None) == "（未填）"


# -- the reasons the pipeline writes -------------------------------------------------------------
# what a formatted value stands for in a sample of its message (the default is "1")
SAMPLE_VALUES = {
    "where": "page 35", "labels": "project_name、实施单位", "memory": "--max-memory 2048 MB", "stage": "",
    "kind": "Word", "promised": "Word (.docx)", "path.suffix": ".docx", "encoding.upper()": "UTF-16",
    "template.name": "list_table", "pages": "3, 4", "header": "预计达到",
    "info.filename": "word/document.xml", "sheet.title": "收支总表", "type(exc).__name__": "ValueError", "exc.strerror or exc": "Permission denied",
}
MESSAGE_FUNCTIONS = {"explain", "exit_reason", "not_a_regular_file", "_too_large", "_failure"}


def _sample(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            else:
                source = ast.unparse(v.value)
                value = SAMPLE_VALUES.get(source, "1")
                parts.append(repr(value) if v.conversion == ord("r") else value)
        return "".join(parts)
    if isinstance(node, ast.BoolOp):  # "; ".join(problems) or "the default message"
        samples = [_sample(v) for v in node.values]
        return next((s for s in samples if s), None)
    return None


def _messages() -> dict[str, str]:
    """Every message written as a reason, by where it is written."""
    found: dict[str, str] = {}
    for folder in ("extract", "parse", "pipeline"):
        for path in sorted((ROOT / folder).glob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Module))]:
                for node in ast.walk(func):
                    candidates = []
                    if isinstance(node, ast.Call):
                        name = ast.unparse(node.func)
                        if name in ("UnreadableFile", "NeedsTool") and node.args:
                            candidates.append(node.args[0])
                        elif name.endswith("warnings.append") and node.args:
                            candidates.append(node.args[0])
                        elif name in ("failed_row", "_write_failure") and len(node.args) >= 3:
                            candidates.append(node.args[2])
                        elif name.endswith("problems.insert") and len(node.args) == 2:
                            candidates.append(node.args[1])
                        elif name.endswith("refused.append") and node.args and isinstance(node.args[0], ast.Tuple):
                            candidates.append(node.args[0].elts[1])
                    elif isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) in ('row["error"]', "row['error']"):
                        candidates.append(node.value)
                    elif isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) in ("UNAVAILABLE", "warning"):
                        candidates.append(node.value)
                    elif (isinstance(node, ast.Return) and isinstance(func, ast.FunctionDef) and func.name == "decode_text"
                          and isinstance(node.value, ast.Tuple)):
                        candidates.append(node.value.elts[1])
                    elif (isinstance(node, ast.Return) and isinstance(func, ast.FunctionDef)
                          and func.name in MESSAGE_FUNCTIONS and node.value is not None):
                        candidates.append(node.value)
                    for c in candidates:
                        sample = _sample(c)
                        if sample and re.search(r"[A-Za-z]{3}", sample):
                            found[f"{path.relative_to(ROOT)}:{c.lineno}"] = sample
    return found


def test_the_scan_finds_the_messages_it_must():
    samples = " | ".join(_messages().values())
    for needle in ("no 项目经费情况说明", "lacks the labels", "encrypted", "empty file", "ran out of memory",
                   "stopped after", "need OCR", "internal error", "zip bomb", "a column headed"):
        assert needle in samples, needle


@pytest.mark.parametrize("where, message", sorted(_messages().items()))
def test_every_reason_the_pipeline_writes_reads_in_chinese(where, message):
    rendered = wording.reasons(message)
    assert rendered and all(group != wording.UNCLASSIFIED for group, _ in rendered), (where, message, rendered)
    for group, text in rendered:
        assert not _latin_words(group + text), (where, message, text)


def test_several_reasons_in_one_error_each_rendered():
    error = ("pages without a text layer need OCR: 3, 4; the PDF is truncated (no end-of-file marker): "
             "content may be missing; a form (page 35, 4 indicators) lacks the labels project_name of the layout "
             "closest to it (list_table); docs/templates.md says how to describe a new layout")
    text = wording.reason_text(error)
    assert text.startswith("第3、4页是扫描图像")
    assert "第35页的申报表（4项指标）缺少“项目名称”栏目" in text and "清单式" in text
    assert wording.reason_group("partial", error) == "扫描页需文字识别"
    assert wording.reasons("something new") == [(wording.UNCLASSIFIED, wording.reasons("x")[0][1])]
