"""Batch runs: interruption, re-runs, changed files, hostile inputs, hangs and crashes, Dask."""
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from budget_declarations import extract
from conftest import ROOT, SAMPLES, SEED_TXT
from budget_declarations.pipeline.batch import BatchOptions, run_batch
from test_word import make_zip_bomb

SEED_PDF = SAMPLES / "000_seed.pdf"
SEED_DOCX = SAMPLES / "000_seed.docx"
TABLES = ["documents", "projects", "indicators", "checks"]


def load(out):
    """Every table, sorted, without the columns that differ between runs by design."""
    frames = {}
    for name in TABLES:
        df = pd.read_parquet(out / name)
        df = df.drop(columns=[c for c in ("ingested_at",) if c in df.columns])
        frames[name] = df.sort_values(list(df.columns)).reset_index(drop=True).astype(str)
    return frames


def assert_same(out_a, out_b):
    a, b = load(out_a), load(out_b)
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], check_like=True)


def cli(*args, **kw):
    return subprocess.run([sys.executable, str(ROOT / "run_pipeline.py"), *map(str, args)],
                          capture_output=True, text=True, **kw)


@pytest.mark.slow
def test_interrupted_run_then_rerun_equals_uninterrupted(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(8):
        shutil.copyfile(SEED_PDF, inputs / f"seed_{n}.pdf")
    shutil.copyfile(SEED_TXT, inputs / "seed.txt")
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, str(ROOT / "run_pipeline.py"), str(inputs), "--out", str(killed),
                             "--workers", "1", "--quiet"], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = list((killed / "documents").glob("*.parquet")) if (killed / "documents").exists() else []
        if len(done) >= 2:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 2 <= len(list((killed / "documents").glob("*.parquet"))) < 9, "the run was stopped midway"
    assert cli(inputs, "--out", killed, "--quiet").returncode == 0
    whole = tmp_path / "whole"
    assert cli(inputs, "--out", whole, "--quiet").returncode == 0
    assert_same(killed, whole)
    assert not list(killed.glob("*/.*.tmp"))


def test_rerun_with_workers_adds_no_duplicates(tmp_path):
    files = [SEED_TXT, SAMPLES / "000_seed_pipe.md", SEED_DOCX]
    first = run_batch(files, BatchOptions(out=tmp_path, workers=2, progress=False))
    again = run_batch(files, BatchOptions(out=tmp_path, workers=2, progress=False))
    assert (first.documents, again.documents, again.skipped) == (3, 0, 3)
    assert len(pd.read_parquet(tmp_path / "indicators")) == 3 * 84
    forced = run_batch(files, BatchOptions(out=tmp_path, workers=2, force=True, progress=False))
    assert forced.documents == 3 and len(pd.read_parquet(tmp_path / "indicators")) == 3 * 84


def test_changed_file_replaces_its_rows_and_new_file_adds(tmp_path):
    doc = tmp_path / "in" / "decl.txt"
    doc.parent.mkdir()
    shutil.copyfile(SEED_TXT, doc)
    out = tmp_path / "out"
    run_batch([doc], BatchOptions(out=out, workers=1, progress=False))
    before = pd.read_parquet(out / "documents")["doc_id"].tolist()
    text = doc.read_text(encoding="utf-8").replace("平均每个模块金额", "平均每个模块费用")
    doc.write_text(text, encoding="utf-8")
    other = doc.parent / "other.md"
    shutil.copyfile(SAMPLES / "000_seed_pipe.md", other)
    untouched = (out / "projects").stat().st_mtime_ns
    summary = run_batch([doc, other], BatchOptions(out=out, workers=1, progress=False))
    assert summary.documents == 2
    docs = pd.read_parquet(out / "documents")
    assert len(docs) == 2 and before[0] not in docs["doc_id"].tolist()
    ind = pd.read_parquet(out / "indicators")
    assert len(ind) == 2 * 84
    mine = ind[ind["doc_id"] == docs.set_index("source_path").loc[str(doc), "doc_id"]]
    assert (mine["level3"] == "平均每个模块费用").sum() == 2 and (mine["level3"] == "平均每个模块金额").sum() == 0
    del untouched


# -- hostile inputs --------------------------------------------------------------------------
@pytest.fixture
def bad_batch(tmp_path):
    from pypdf import PdfReader, PdfWriter

    d = tmp_path / "bad"
    d.mkdir()
    (d / "truncated.pdf").write_bytes(SEED_PDF.read_bytes()[:40000])
    writer = PdfWriter(clone_from=PdfReader(SEED_PDF))
    writer.encrypt(user_password="secret", owner_password="o", algorithm="RC4-128")
    with open(d / "encrypted.pdf", "wb") as fh:
        writer.write(fh)
    (d / "empty.txt").write_bytes(b"")
    (d / "notzip.docx").write_bytes(b"hello, not a zip\n" * 20)
    make_zip_bomb(d / "bomb.docx")
    (d / "random.txt").write_bytes(os.urandom(64 * 1024))
    budget = PdfReader(SAMPLES / "shanghai_putuo_zhengfuban_2025_dept_budget.pdf")
    no_decl = PdfWriter()
    for page in budget.pages[:5]:
        no_decl.add_page(page)
    with open(d / "no_declaration.pdf", "wb") as fh:
        no_decl.write(fh)
    shutil.copyfile(SEED_DOCX, d / "word_named.pdf")
    shutil.copyfile(SEED_TXT, d / "good.txt")
    shutil.copyfile(SAMPLES / "shanghai_putuo_wanli_jiedao_2025_dept_budget.pdf", d / "good_budget.pdf")
    return d


def test_bad_input_batch(bad_batch, tmp_path):
    out = tmp_path / "out"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    run = cli(bad_batch, "--out", out, "--workers", "2", timeout=300)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert run.returncode == 1  # some failed; the run ended by itself
    assert "Traceback" not in run.stdout + run.stderr
    docs = pd.read_parquet(out / "documents").set_index("source_path")
    row = lambda name: docs.loc[str(bad_batch / name)]  # noqa: E731
    expectations = {
        "truncated.pdf": ("failed", "damaged PDF"),
        "encrypted.pdf": ("failed", "encrypted"),
        "empty.txt": ("failed", "empty file"),
        "notzip.docx": ("failed", "not a Word (.docx) file"),
        "bomb.docx": ("failed", "zip bomb"),
        "random.txt": ("failed", "binary data, not text"),
        "no_declaration.pdf": ("no_declaration", "no 项目经费情况说明"),
    }
    for name, (status, reason) in expectations.items():
        assert row(name)["status"] == status, name
        assert reason in row(name)["error"], (name, row(name)["error"])
        assert reason in run.stdout or status != "failed"
    assert row("word_named.pdf")["status"] == "ok" and row("word_named.pdf")["source_format"] == "docx"
    assert row("good.txt")["project_count"] == 11 and row("good.txt")["indicator_count"] == 84
    assert row("good_budget.pdf")["status"] == "ok" and row("good_budget.pdf")["project_count"] == 1
    assert len(docs) == 10
    assert max(before / 1024, peak_mb) < 1500


def _hang_or_crash(real_reader):
    def reader(path):
        if "hang" in path.name:
            time.sleep(60)
        if "crash" in path.name:
            import faulthandler

            faulthandler.disable()  # keep pytest's crash dump of the child off the screen
            os.kill(os.getpid(), signal.SIGSEGV)
        if "hog" in path.name:
            blocks = []
            while True:
                blocks.append(bytearray(50 * 1024 * 1024))
        return real_reader(path)
    return reader


@pytest.mark.slow
def test_hanging_crashing_and_memory_hungry_files_do_not_stop_the_batch(tmp_path, monkeypatch):
    # Workers are forked from this process, so they see the patched reader.
    monkeypatch.setitem(extract.READERS, "text", _hang_or_crash(extract.READERS["text"]))
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("hang.txt", "crash.txt", "hog.txt", "good.txt"):
        shutil.copyfile(SEED_TXT, inputs / name)
    out = tmp_path / "out"
    # no clock here (issue 25): the hang's row saying it was stopped after 3 s is the proof that
    # the batch did not wait for it
    summary = run_batch(sorted(inputs.iterdir()), BatchOptions(out=out, workers=2, timeout=3, max_memory_mb=400,
                                                                  progress=False))
    docs = pd.read_parquet(out / "documents").set_index("source_path")
    assert "stopped after 3 s" in docs.loc[str(inputs / "hang.txt"), "error"]
    assert "crashed" in docs.loc[str(inputs / "crash.txt"), "error"]
    assert "memory" in docs.loc[str(inputs / "hog.txt"), "error"]
    assert docs.loc[str(inputs / "good.txt"), "indicator_count"] == 84
    assert summary.failed == 3


@pytest.mark.dask
def test_dask_local_cluster_equals_local_run(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    files = [SEED_TXT, SAMPLES / "000_seed_html.md", SEED_DOCX, SAMPLES / "shanghai_putuo_zhengfuban_2025_dept_budget.pdf"]
    local = tmp_path / "local"
    run_batch(files, BatchOptions(out=local, workers=2, progress=False))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dask_out = tmp_path / "dask"
        code = cli(*files, "--out", dask_out, "--engine", "dask", "--scheduler", cluster.scheduler_address, "--quiet",
                   timeout=300)
        assert code.returncode == 0, code.stderr
    assert_same(local, dask_out)


def test_dask_needs_scheduler(capsys):
    import run_pipeline

    with pytest.raises(SystemExit) as exc:
        run_pipeline.main(["--engine", "dask"])
    assert exc.value.code == 2 and "--scheduler" in capsys.readouterr().err


def test_the_time_limit_grows_with_the_pages_to_ocr(tmp_path):
    """--timeout is per unit of work: a scan of N pages gets N + 1 times the limit (issue 13)."""
    import pypdfium2 as pdfium
    from PIL import Image

    from budget_declarations.pipeline.batch import time_limit

    page = Image.new("L", (600, 800), 230)  # pages that are images without a text layer: scans
    page.save(tmp_path / "scan.pdf", save_all=True, append_images=[page, page])
    assert time_limit(tmp_path / "scan.pdf", 120) == 4 * 120
    empty = pdfium.PdfDocument.new()
    for _ in range(3):
        empty.new_page(595, 842)  # no text and no image: nothing to OCR, as the reader decides
    empty.save(tmp_path / "empty.pdf")
    assert time_limit(tmp_path / "empty.pdf", 120) == 120
    assert time_limit(SEED_TXT, 120) == 120 and time_limit(SEED_TXT, None) is None
