"""`compact`: fewer files, the same rows, and re-runs that still skip and replace one by one."""
import json
import shutil

import pandas as pd

import run_pipeline
from conftest import SAMPLES, SEED_TXT
from budget_declarations.outputs.compaction import STATE, compact, load_state, reconcile, save_state
from budget_declarations.pipeline.batch import BatchOptions, run_batch
from test_batch import assert_same, load


def _inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for src in (SEED_TXT, SAMPLES / "000_seed_pipe.md", SAMPLES / "putuo_style_2026.docx",
                SAMPLES / "shanghai_putuo_zhengfuban_2025_dept_budget.pdf"):
        shutil.copyfile(src, folder / src.name)
    return folder


def _run(folder, out, **kw):
    return run_batch(sorted(folder.iterdir()), BatchOptions(out=out, workers=1, progress=False, **kw))


def test_compact_keeps_rows_and_reruns_skip_and_replace(tmp_path, capsys):
    folder, out, reference = _inputs(tmp_path), tmp_path / "out", tmp_path / "reference"
    _run(folder, out)
    _run(folder, reference)
    assert run_pipeline.main(["compact", "--out", str(out)]) == 0
    assert "compacted 4 documents into 1 part file(s) per table" in capsys.readouterr().out
    assert [p.name[:5] for p in (out / "indicators").glob("*.parquet")] == ["part-"]
    assert_same(out, reference)

    again = _run(folder, out)
    assert again.skipped == 4 and again.documents == 0

    changed = folder / SEED_TXT.name
    changed.write_text(changed.read_text(encoding="utf-8").replace("平均每个模块金额", "平均每个模块费用"),
                       encoding="utf-8")
    shutil.copyfile(SAMPLES / "000_seed_html.md", folder / "new.md")
    summary = _run(folder, out)
    assert (summary.documents, summary.skipped) == (2, 3)
    docs = pd.read_parquet(out / "documents")
    assert len(docs) == 5 and docs["source_path"].is_unique
    ind = pd.read_parquet(out / "indicators")
    assert len(ind) == 3 * 84 + 12  # seed txt, pipe md, new html md; the docx sample has 12
    assert (ind["level3"] == "平均每个模块费用").sum() == 2
    assert all(info["source_path"] != str(changed) for info in load_state(out)["keys"].values())


def test_identical_files_at_two_paths_stay_single(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED_TXT, folder / "a.txt")
    shutil.copyfile(SEED_TXT, folder / "b.txt")
    out = tmp_path / "out"
    _run(folder, out)
    report = compact(out)
    assert (report.merged_documents, report.kept_apart) == (0, 2)
    assert len(pd.read_parquet(out / "indicators")) == 2 * 84


def test_a_compaction_killed_midway_is_rolled_back(tmp_path):
    folder, out = _inputs(tmp_path), tmp_path / "out"
    _run(folder, out)
    before = load(out)
    # as if killed after announcing and writing a part, before committing it
    state = load_state(out)
    state["pending"]["part-deadbeef0000"] = ["x"]
    save_state(out, state)
    shutil.copyfile(next((out / "indicators").glob("*.parquet")), out / "indicators" / "part-deadbeef0000.parquet")
    reconcile(out, load_state(out))
    assert not (out / "indicators" / "part-deadbeef0000.parquet").exists()
    assert json.loads((out / STATE).read_text())["pending"] == {}
    for name, frame in load(out).items():
        pd.testing.assert_frame_equal(frame, before[name])
