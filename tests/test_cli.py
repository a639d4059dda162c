"""The command line: exit codes, summary, usage errors, re-runs."""
import re

import pandas as pd

import run_pipeline
from conftest import SEED_TXT


def test_run_on_a_file_prints_summary_and_exits_0(tmp_path, capsys):
    code = run_pipeline.main([str(SEED_TXT), "--out", str(tmp_path), "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert "documents read: 1 (1 ok)" in out
    assert "projects: 11" in out and "indicators: 84" in out and "failures: 0" in out


def test_some_failed_exits_1_and_says_why(tmp_path, capsys):
    bad = tmp_path / "in" / "empty.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"")
    code = run_pipeline.main([str(SEED_TXT), str(bad), "--out", str(tmp_path / "out"), "--quiet"])
    out = capsys.readouterr().out
    assert code == 1
    assert "empty.pdf: empty file" in out
    docs = pd.read_parquet(tmp_path / "out" / "documents")
    assert sorted(docs["status"]) == ["failed", "ok"]


def test_missing_input_is_a_usage_error(tmp_path, capsys):
    assert run_pipeline.main([str(tmp_path / "nope.txt"), "--out", str(tmp_path)]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys):
    try:
        run_pipeline.main(["--bogus"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_help_describes_every_option(capsys):
    try:
        run_pipeline.main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    text = capsys.readouterr().out
    for action in run_pipeline.build_parser()._actions:
        if action.option_strings:
            assert action.help, action.option_strings
            assert action.option_strings[-1] in text


def test_rerun_adds_no_duplicates(tmp_path, capsys):
    for _ in range(2):
        assert run_pipeline.main([str(SEED_TXT), "--out", str(tmp_path), "--quiet"]) == 0
    assert "unchanged since an earlier run, skipped" in capsys.readouterr().out
    assert len(pd.read_parquet(tmp_path / "indicators")) == 84
    assert len(pd.read_parquet(tmp_path / "documents")) == 1


def test_plain_progress_lines_when_not_a_terminal(tmp_path, capsys):
    assert run_pipeline.main([str(SEED_TXT), "--out", str(tmp_path), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "[1/1] 100%" in err and "docs/s" in err and "0 failed" in err


def test_readme_opens_with_the_two_commands_ci_runs():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```bash")[1:3]]
    assert blocks[0].endswith("pip install -e . && python run_pipeline.py")
    assert blocks[1].endswith("pip install -e '.[test]' && python -m pytest")
    fast = readme.split("```bash")[3].split("```", 1)[0].strip()  # the third: the developer's fast loop
    assert fast.startswith("python -m pytest -n auto -m ") and '"not (' in fast
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    markers = re.findall(r'^\s*"(\w+): ', pyproject.split("markers = [", 1)[1].split("]", 1)[0], re.M)
    assert len(markers) >= 6
    assert all(f" {m} " in fast.replace("(", " ").replace(")", " ") for m in markers)  # every one left out
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[test]'" in ci and "python -m pytest" in ci


