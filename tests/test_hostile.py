"""Hostile files, faults and concurrency (issue 12): nothing lost, nothing leaked, nothing doubled.

Each test is one class of trouble, with small generated files; heavier cases live in
benchmarks/hostile_bench.py.
"""
from __future__ import annotations

import errno
import os
import shutil
import struct
import time
import zlib
from pathlib import Path

import pandas as pd
import pytest

import run_pipeline
from conftest import FIXTURES, SEED_TXT
from budget_declarations.extract.text import parse_text
from budget_declarations.outputs.integrity import dataset_lock
from budget_declarations.parse.declarations import parse_declaration
from budget_declarations.pipeline.batch import BatchOptions, run_batch
from budget_declarations.pipeline.process import process_file

SMALL = FIXTURES / "layouts" / "transfer.txt"


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = run_pipeline.main(argv + ["--quiet", "--workers", "0"])
    out, err = capsys.readouterr()
    return code, out, err


def _documents(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "documents")


# -- names and paths --------------------------------------------------------------------------
def test_a_gbk_named_file_is_read_and_named(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    name = "转移支付绩效目标.txt".encode("gbk")
    with open(os.path.join(os.fsencode(inputs), name), "wb") as fh:
        fh.write(SMALL.read_bytes())
    code, out, err = _run([str(inputs), "--out", str(tmp_path / "out")], capsys)
    assert code == 0 and "Traceback" not in out + err
    (path,) = _documents(tmp_path / "out").source_path
    assert path.endswith("转移支付绩效目标.txt")


def test_a_path_too_long_is_reported_and_the_rest_read(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SMALL, inputs / "good.txt")
    fd = os.open(inputs, os.O_RDONLY)
    for _ in range(25):  # each step is allowed; the whole path (over 5,000 bytes) is not
        os.mkdir("d" * 200, dir_fd=fd)
        deeper = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = deeper
    with os.fdopen(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "wb") as fh:
        fh.write(SMALL.read_bytes())
    os.close(fd)
    code, out, err = _run([str(inputs), "--out", str(tmp_path / "out")], capsys)
    docs = _documents(tmp_path / "out")
    assert code == 1 and "Traceback" not in out + err
    assert (docs.status == "ok").sum() == 1
    assert docs.error.str.contains("File name too long").any()


def test_a_symlink_out_of_the_input_folder_is_refused(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SMALL, inputs / "good.txt")
    (inputs / "link.txt").symlink_to(secret)
    code, out, err = _run([str(inputs), "--out", str(tmp_path / "out")], capsys)
    docs = _documents(tmp_path / "out")
    assert code == 1 and "root:x" not in docs.to_string()
    refused = docs[docs.source_path.str.endswith("link.txt")].iloc[0]
    assert refused.status == "failed" and "symbolic link" in refused.error and pd.isna(refused.title)
    code, _, _ = _run([str(inputs), "--out", str(tmp_path / "out2"), "--follow-symlinks"], capsys)
    assert "link.txt" in " ".join(_documents(tmp_path / "out2").source_path)


def test_the_same_file_in_two_folders_has_unique_row_keys(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SMALL, tmp_path / folder / "same.txt")
    files = [tmp_path / "a" / "same.txt", tmp_path / "b" / "same.txt"]
    run_batch(files, BatchOptions(out=tmp_path / "out", progress=False, workers=0))
    docs = _documents(tmp_path / "out")
    projects = pd.read_parquet(tmp_path / "out" / "projects")
    assert docs.doc_id.nunique() == 1 and docs.source_key.nunique() == 2
    assert not projects.duplicated(["source_key", "project_no"]).any()


# -- text -------------------------------------------------------------------------------------
def test_stray_bytes_and_utf16(tmp_path):
    data = SMALL.read_bytes()
    stray = tmp_path / "stray.txt"
    stray.write_bytes(data[:300] + b"\xff" + data[300:])
    doc = process_file(stray).document
    assert doc["status"] == "partial" and "replaced" in doc["error"] and doc["project_count"] == 2
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(SMALL.read_text(encoding="utf-8").encode("utf-16"))
    assert process_file(utf16).document["project_count"] == 2


@pytest.mark.parametrize("line", [
    "# 项目经费情况说明" + " " * 100_000 + "x",
    "一、项目概述" + "." * 100_000 + "3",
    "目录" + "…" * 100_000 + "12",
    "**" + "*" * 100_000,
    "项目名称" + "\t" * 100_000 + "x",
    "|" + " |" * 50_000,
    "≥" + "1" * 100_000 + "%",
    "<td>" + "<p>" * 30_000,
    "$" + "\\geq" * 20_000,
])
def test_pathological_lines_take_linear_time(line):
    # CPU time, not the wall clock, which a loaded machine stretches (issue 25); a quadratic pass
    # over 100 000 characters would take minutes of it
    start = time.process_time()
    parse_declaration(parse_text(line + "\n" + SMALL.read_text(encoding="utf-8")))
    assert time.process_time() - start < 2.0


def test_controls_bidi_and_escaped_markup_do_not_reach_the_tables():
    text = SMALL.read_text(encoding="utf-8").replace(
        "耕地地力保护补贴", "耕地\x1b[31m地力\u202e保护\x07补贴&lt;script&gt;alert(1)&lt;/script&gt;", 1)
    rows = repr(process_file_text(text))
    for bad in ("\x1b", "\u202e", "\x07", "<script>", "&lt;"):
        assert bad not in rows
    assert "耕地[31m地力保护补贴alert(1)" in rows


def process_file_text(text: str) -> dict:
    from budget_declarations.outputs.records import project_row

    declaration = parse_declaration(parse_text(text))
    return [project_row("x", declaration.fiscal_year, p) for p in declaration.projects]


# -- values -----------------------------------------------------------------------------------
def test_an_amount_too_large_is_null_with_a_finding_and_the_document_kept(tmp_path, capsys):
    text = SMALL.read_text(encoding="utf-8").replace("\t56800\t", "\t56800000000000000000\t", 1)
    path = tmp_path / "in" / "big.txt"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    code, out, err = _run([str(path.parent), "--out", str(tmp_path / "out")], capsys)
    assert code == 0, err
    projects = pd.read_parquet(tmp_path / "out" / "projects")
    assert len(projects) == 2 and projects.annual_request.isna().sum() == 1
    checks = pd.read_parquet(tmp_path / "out" / "checks")
    assert (checks.check == "AMOUNT_OUT_OF_RANGE").sum() == 1


def test_a_styled_cell_at_the_far_corner_costs_nothing(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from budget_declarations.extract.xlsx import read_xlsx

    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "测试项目"])
    ws.cell(row=1_048_576, column=16_384).font = Font(bold=True)
    wb.save(tmp_path / "corner.xlsx")
    start = time.process_time()  # CPU time: 17 billion empty cells walked would take hours of it
    (table,) = read_xlsx(tmp_path / "corner.xlsx").blocks
    assert table.grid() == [["项目名称", "测试项目"]] and time.process_time() - start < 5


def test_an_image_bomb_says_so(tmp_path):
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60_000, 60_000, 8, 0, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b"")
    path = tmp_path / "bomb.png"
    path.write_bytes(png)
    doc = process_file(path).document
    assert doc["status"] == "failed" and "megapixels" in doc["error"]


# -- the dataset ------------------------------------------------------------------------------
def test_failures_are_retried_unless_asked_not_to(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    bad = inputs / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    out = str(tmp_path / "out")
    assert _run([str(inputs), "--out", out], capsys)[0] == 1
    code, summary, _ = _run([str(inputs), "--out", out], capsys)
    assert code == 1 and "documents read: 1" in summary  # read again, not skipped
    code, summary, _ = _run([str(inputs), "--out", out, "--no-retry"], capsys)
    assert code == 1 and "failures: 1 (1 from earlier runs)" in summary and "bad.pdf" in summary


def test_a_second_writer_is_told_and_stopped(tmp_path, capsys):
    out = tmp_path / "out"
    with dataset_lock(out):
        code, _, err = _run([str(SMALL), "--out", str(out)], capsys)
    assert code == 2 and "another run is writing" in err and "Traceback" not in err
    assert _run([str(SMALL), "--out", str(out)], capsys)[0] == 0


def test_out_that_is_a_file_or_unwritable(tmp_path, capsys):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    code, _, err = _run([str(SMALL), "--out", str(a_file)], capsys)
    assert code == 2 and "is a file" in err and "Traceback" not in err
    code, _, err = _run([str(SMALL), "--out", str(a_file / "below")], capsys)
    assert code == 2 and "cannot write to the output folder" in err and "Traceback" not in err


def test_a_full_disk_is_one_line_and_nothing_half_written(tmp_path, capsys, monkeypatch):
    import budget_declarations.outputs.writer as writer

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer.pq, "write_table", full)
    out = tmp_path / "out"
    code, _, err = _run([str(SMALL), "--out", str(out)], capsys)
    assert code == 2 and "No space left on device" in err and "Traceback" not in err
    assert not list(out.glob("*/*.parquet")) and not list(out.glob("*/.*.tmp"))


def test_damaged_dataset_files_are_quarantined_and_read_again(tmp_path, capsys):
    out = tmp_path / "out"
    assert _run([str(SMALL), str(SEED_TXT), "--out", str(out)], capsys)[0] == 0
    victim = sorted((out / "indicators").glob("*.parquet"))[0]
    victim.write_bytes(b"PAR1 damaged")
    code, summary, err = _run([str(SMALL), str(SEED_TXT), "--out", str(out)], capsys)
    assert code == 0 and "_quarantine" in summary and "Traceback" not in err
    assert len(pd.read_parquet(out / "indicators")) == 15 + 84  # readable, nothing lost
    (out / "_compacted.json").write_text("{not json", encoding="utf-8")
    code, summary, err = _run([str(SMALL), str(SEED_TXT), "--out", str(out)], capsys)
    assert code == 0 and "_compacted.json" in summary
    assert len(_documents(out)) == 2


def test_a_compaction_killed_before_it_removed_the_small_files_leaves_no_duplicates(tmp_path, capsys):
    out = tmp_path / "out"
    assert _run([str(SMALL), str(SEED_TXT), "--out", str(out)], capsys)[0] == 0
    saved = {p: p.read_bytes() for p in out.glob("*/*.parquet")}
    assert run_pipeline.main(["compact", "--out", str(out)]) == 0
    for path, data in saved.items():  # as if killed after committing the parts, before deleting these
        path.write_bytes(data)
    capsys.readouterr()
    assert _run([str(SMALL), str(SEED_TXT), "--out", str(out)], capsys)[0] == 0
    docs = _documents(out)
    assert len(docs) == 2 and len(pd.read_parquet(out / "indicators")) == 15 + 84


@pytest.mark.slow
def test_workers_end_with_a_killed_main_process(tmp_path):
    """kill -9 of the main process takes its workers with it (they no longer run on unlimited)."""
    import signal
    import subprocess
    import sys

    script = tmp_path / "slow_batch.py"
    script.write_text(f"""
import sys, time
sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
import budget_declarations.pipeline.batch as batch
def slow(*args, **kwargs):
    time.sleep(60)
batch.ingest_one = slow
paths = [batch.Path({str(SMALL)!r}), batch.Path({str(SEED_TXT)!r})]
batch.run_batch(paths, batch.BatchOptions(out=batch.Path({str(tmp_path / 'out')!r}), workers=2, progress=False))
""", encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)])

    def children() -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent.pid:
                found.append(int(stat.parent.name))
        return found

    deadline = time.time() + 30
    workers: list[int] = []
    while time.time() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = children()
    assert workers, "the batch started no workers"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    time.sleep(2)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
             and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]]
    assert alive == []


def test_a_page_tree_loop_gets_a_message_a_user_can_act_on(tmp_path):
    from hostile_files import pdf_bytes

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    path = tmp_path / "loop.pdf"
    path.write_bytes(pdf_bytes(objects))
    doc = process_file(path).document
    assert doc["status"] == "failed" and "malformed" in doc["error"] and "internal error" not in doc["error"]


# -- issue 23: work outside the limits, files that are not files, numbers without bounds ---------
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures memory from /proc")
@pytest.mark.slow
def test_a_fan_out_pdf_is_stopped_in_its_worker_and_the_main_process_stays_small(tmp_path):
    """10⁹ draws in 3 kB: the main process never opens it (its peak measured from /proc), the
    worker that does is stopped at its memory allowance, and the row names the limit."""
    import sys

    from hostile_files import fan_out_pdf, main_process_peak

    inputs = tmp_path / "in"
    inputs.mkdir()
    fan_out_pdf(inputs / "fan.pdf")
    shutil.copy(SMALL, inputs / "good.txt")
    cmd = [sys.executable, str(Path(run_pipeline.__file__)), str(inputs), "--out", str(tmp_path / "out"),
           "--workers", "1", "--max-memory", "512", "--timeout", "60", "--quiet"]
    peak_mb, _, code, err = main_process_peak(cmd, limit=600)  # 600 s: only a give-up, never asserted
    assert code == 1, err  # ended by itself (killed at the give-up limit would be -9), one file failed
    assert "Traceback" not in err
    assert peak_mb < 1024, f"the main process reached {peak_mb} MB"
    docs = _documents(tmp_path / "out")
    docs.index = [Path(p).name for p in docs.source_path]
    assert docs.loc["good.txt", "status"] == "ok"
    fan = docs.loc["fan.pdf"]
    assert fan["status"] == "failed" and ("--max-memory 512 MB" in fan["error"] or "--timeout 60" in fan["error"])


def test_files_that_are_not_files_get_a_row_at_once(tmp_path, capsys):
    import socket

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SMALL, inputs / "good.txt")
    os.mkfifo(inputs / "pipe.pdf")  # in a folder, named like a document
    os.mkfifo(tmp_path / "named.txt")  # named on the command line
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inputs / "socket.txt"))
    try:
        # a fifo that were opened would block this call for good: returning at all is the proof
        code, out, err = _run([str(inputs), str(tmp_path / "named.txt"), "/dev/null", "--out", str(tmp_path / "out")],
                              capsys)
        assert "Traceback" not in out + err
    finally:
        server.close()
    docs = _documents(tmp_path / "out")
    errors = {Path(p).name: (s, e) for p, s, e in zip(docs.source_path, docs.status, docs.error)}
    assert errors["good.txt"][0] == "ok"
    assert "a named pipe (FIFO)" in errors["pipe.pdf"][1] and "a named pipe (FIFO)" in errors["named.txt"][1]
    assert "a socket" in errors["socket.txt"][1] and "a character device" in errors["null"][1]
    assert code == 1  # refused inputs count as failures in the summary


@pytest.mark.parametrize("workers", ["0", "1"])
def test_numbers_of_any_length_or_form_never_lose_the_document(tmp_path, capsys, workers):
    text = SMALL.read_text(encoding="utf-8")
    cells = {"digits40": "1" * 40, "exponent": "1e400", "nan": "NaN", "infinity": "∞", "grouping": "5,68,00",
             "fullwidth": "５６８００", "digits5000": "9" * 5000}
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, cell in cells.items():
        (inputs / f"{name}.txt").write_text(text.replace("\t56800\t", f"\t{cell}\t", 1)
                                            .replace("≥520万户", "≥" + "5" * 400 + "万户"), encoding="utf-8")
    code = run_pipeline.main([str(inputs), "--out", str(tmp_path / "out"), "--quiet", "--workers", workers])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in out + err
    docs = _documents(tmp_path / "out")
    assert set(docs.status) == {"ok"} and set(docs.project_count) == {2}
    projects = pd.read_parquet(tmp_path / "out" / "projects").merge(docs[["source_key", "source_path"]], on="source_key")
    requests = {Path(p).stem: v for p, v, n in zip(projects.source_path, projects.annual_request, projects.project_no)
                if n == 1}
    assert requests["fullwidth"] == 568_000_000  # 56800 万元, read
    assert all(requests[name] is None for name in cells if name != "fullwidth")
    checks = pd.read_parquet(tmp_path / "out" / "checks").merge(docs[["source_key", "source_path"]], on="source_key")
    for name in cells:
        found = set(checks[checks.source_path.str.endswith(f"{name}.txt")].check)
        assert ("AMOUNT_OUT_OF_RANGE" in found) == (name != "fullwidth"), name
        assert "TARGET_UNPARSED" in found, name  # the 400-digit target
    indicators = pd.read_parquet(tmp_path / "out" / "indicators")
    assert indicators.value.dropna().map(lambda v: v < 1e300).all()


def test_blank_frames_never_reach_an_ocr_model(tmp_path, monkeypatch):
    from hostile_files import blank_tiff

    from budget_declarations.extract import ocr

    def no_model(*args, **kwargs):
        raise AssertionError("a blank page was given to the OCR model")

    monkeypatch.setattr(ocr, "read_lines", no_model)
    doc = process_file(blank_tiff(tmp_path / "blank.tiff", frames=40)).document
    assert doc["page_count"] == 40 and doc["status"] == "no_declaration"


@pytest.mark.slow
def test_a_second_run_waits_for_the_first_and_both_are_written_once(tmp_path):
    """--wait, with two real processes on one --out: the second waits (and says so), then runs."""
    import subprocess
    import sys

    first, second = tmp_path / "first", tmp_path / "second"
    for folder, count in ((first, 30), (second, 3)):
        folder.mkdir()
        for n in range(count):
            shutil.copy(SMALL if folder is second else SEED_TXT, folder / f"{folder.name}_{n:02d}.txt")
    out = tmp_path / "out"
    script = str(Path(run_pipeline.__file__))
    a = subprocess.Popen([sys.executable, script, str(first), "--out", str(out), "--workers", "1", "--quiet"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = out / ".run.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (lock.exists() and f"pid {a.pid}" in lock.read_text()):
        time.sleep(0.05)
    b = subprocess.Popen([sys.executable, script, str(second), "--out", str(out), "--workers", "1", "--quiet",
                          "--wait", "300"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, err_a = a.communicate(timeout=600)
    _, err_b = b.communicate(timeout=600)
    assert a.returncode == 0 and b.returncode == 0, err_a + err_b
    assert "waiting for up to 300 s for another run" in err_b
    names = sorted(Path(p).name for p in _documents(out).source_path)
    assert names == sorted([f"first_{n:02d}.txt" for n in range(30)] + [f"second_{n:02d}.txt" for n in range(3)])


def test_a_wait_that_runs_out_stops_with_status_2(tmp_path, capsys):
    out = tmp_path / "out"
    with dataset_lock(out):
        code, _, err = _run([str(SMALL), "--out", str(out), "--wait", "1"], capsys)
    assert code == 2 and "waited 1 s" in err  # a wait that did not run out would never return


def test_xml_nested_100000_deep_and_a_sheet_of_17_billion_cells_end_with_a_row(tmp_path):
    from hostile_files import billion_cell_xlsx, deep_docx

    deep = process_file(deep_docx(tmp_path / "deep.docx")).document
    assert deep["status"] == "failed" and "nested deeper" in deep["error"] and "internal error" not in deep["error"]
    started = time.process_time()  # CPU time, which a loaded machine does not stretch
    cells = process_file(billion_cell_xlsx(tmp_path / "cells.xlsx")).document
    assert cells["status"] == "no_declaration" and time.process_time() - started < 30  # two rows walked, not 10⁶
