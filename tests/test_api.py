"""The notebook API (issue 15): read() in memory and load() from a dataset give the Parquet's rows."""
from __future__ import annotations

import pandas as pd

import budget_declarations as bd
from conftest import FIXTURES, SEED_TXT
from budget_declarations.pipeline.batch import BatchOptions, run_batch

FILES = [SEED_TXT, FIXTURES / "layouts" / "transfer.txt", FIXTURES / "layouts" / "self_evaluation.txt"]


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    drop = [c for c in ("ingested_at",) if c in frame]
    return frame.drop(columns=drop).sort_values([c for c in ("source_key", "project_no", "seq", "check", "message")
                                                 if c in frame]).reset_index(drop=True)


def test_read_and_load_give_the_parquet_rows_with_proper_types(tmp_path):
    out = tmp_path / "out"
    run_batch(FILES, BatchOptions(out=out, progress=False, workers=0))
    loaded, in_memory = bd.load(out), bd.read(FILES)
    for name in ("documents", "projects", "indicators", "checks"):
        parquet = pd.read_parquet(out / name)
        got_load, got_read = getattr(loaded, name), getattr(in_memory, name)
        assert len(got_load) == len(got_read) == len(parquet), name
        if name != "documents":  # documents differ by design only in duplicate_of, set after a batch
            pd.testing.assert_frame_equal(_comparable(got_load), _comparable(got_read), check_dtype=True)
    assert str(loaded.projects.project_no.dtype) == "Int32" and str(loaded.checks.project_no.dtype) == "Int32"
    assert str(loaded.indicators.target_met.dtype) == "boolean"
    assert type(loaded.projects.annual_request.dropna().iloc[0]).__name__ == "Decimal"
    assert loaded.indicators.seq.iloc[0] == 1


def test_load_says_when_there_is_no_dataset(tmp_path):
    try:
        bd.load(tmp_path)
    except FileNotFoundError as exc:
        assert "run_pipeline.py" in str(exc)
    else:
        raise AssertionError("no error")


def test_samples_count_each_seed_rendering_after_the_first_as_a_duplicate(tmp_path):
    from conftest import SAMPLES

    seeds = sorted(p for p in SAMPLES.iterdir() if p.name.startswith("000_"))
    summary = run_batch(seeds, BatchOptions(out=tmp_path / "out", progress=False, workers=0))
    docs = bd.load(tmp_path / "out").documents
    assert len(seeds) == 6 and summary.duplicates == 5
    assert docs.duplicate_of.isna().sum() == 1 and docs.content_key.nunique() == 1
    # the seed's three findings, counted once
    assert sum(summary.severities.values()) == 3 and "duplicates: 5" in summary.render()
