"""The declaration–evaluation join analysts run (docs/joins.md), on our fixtures (issue 11)."""
from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from conftest import FIXTURES
from layout_documents import LAYOUTS
from budget_declarations.pipeline.batch import BatchOptions, run_batch

LAYOUT_FILES = FIXTURES / "layouts"
PAIRS = [(layout["declaration"], layout["name"]) for layout in LAYOUTS if layout.get("declaration")]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("joins")
    inputs = root / "in"
    inputs.mkdir()
    for declaration, evaluation in PAIRS:
        for name in (declaration, evaluation):
            shutil.copy(LAYOUT_FILES / f"{name}.txt", inputs / f"{name}.txt")
    out = root / "out"
    summary = run_batch(sorted(inputs.iterdir()), BatchOptions(out=out, progress=False, workers=0))
    assert summary.failed == 0
    return out


def test_every_evaluated_indicator_joins_exactly_once(dataset):
    sql = f"""
    select e.doc_id, e.project_no, e.seq, count(*) as n
    from read_parquet('{dataset}/indicators/*.parquet') t
    join read_parquet('{dataset}/indicators/*.parquet') e
      using (department, fiscal_year, project_key, indicator_key)
    where t.form_kind <> 'self_evaluation' and e.form_kind = 'self_evaluation'
    group by all
    """
    rows = duckdb.sql(sql).fetchall()
    evaluated = duckdb.sql(f"select count(*) from read_parquet('{dataset}/indicators/*.parquet') "
                           "where form_kind = 'self_evaluation'").fetchall()[0][0]
    expected = sum(len(layout["indicators"]) for layout in LAYOUTS if layout.get("declaration"))
    assert evaluated == expected == 19 + 19
    assert len(rows) == evaluated and {n for *_, n in rows} == {1}


def test_join_brings_declared_target_beside_actual(dataset):
    ind = pd.read_parquet(dataset / "indicators")
    keys = ["department", "fiscal_year", "project_key", "indicator_key"]
    declared = ind[ind.form_kind != "self_evaluation"]
    evaluated = ind[ind.form_kind == "self_evaluation"]
    joined = declared[keys + ["level3", "target_raw"]].merge(evaluated[keys + ["actual_raw", "target_met"]], on=keys,
                                                              how="inner")
    row = joined[joined.level3 == "改造户厕数"].iloc[0]
    assert (row.target_raw, row.actual_raw, bool(row.target_met)) == ("≥600户", "580户", False)
    missed = sorted(joined[joined.target_met == False].level3)  # noqa: E712 - pandas needs ==
    assert missed == sorted(["维修灌溉渠道", "改造户厕数", "改厕验收合格率", "群众满意度", "春防完成时间", "养殖户满意度",
                             "新建护岸长度", "工程完工时间", "水质检测合格率"])


def test_projects_join_on_money(dataset):
    rows = duckdb.sql(f"""
        select d.project_name, d.annual_request, e.executed, e.execution_rate
        from read_parquet('{dataset}/projects/*.parquet') d
        join read_parquet('{dataset}/projects/*.parquet') e using (department, fiscal_year, project_key)
        where d.form_kind <> 'self_evaluation' and e.form_kind = 'self_evaluation'
        order by d.project_name""").fetchall()
    assert len(rows) == 5
    assert ("动物疫病防控", 458000, 482600, 95.0) in [(a, b and float(b), float(c), d) for a, b, c, d in rows]


def test_readme_missed_targets_query(dataset):
    """The README's three-line query: which targets were missed, by department."""
    sql = f"""select department, count(*) as missed, list(level3 order by level3) as indicators
from read_parquet('{dataset}/indicators/*.parquet')
where form_kind = 'self_evaluation' and target_met = false group by department order by department"""
    got = duckdb.sql(sql).fetchall()
    assert {(d, n) for d, n, _ in got} == {("某某市水利局", 3), ("某某县农业农村局", 6)}
