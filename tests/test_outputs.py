"""The written dataset: every table readable by pandas, DuckDB, pyarrow and Polars alike."""
import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pytest

from conftest import SEED_TXT
from budget_declarations.outputs.schema import SCHEMAS
from budget_declarations.pipeline.batch import BatchOptions, run_batch


def sql(query: str) -> list[tuple]:
    """DuckDB rows; execute() on a connection works across DuckDB versions."""
    return duckdb.connect().execute(query).fetchall()


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    run_batch([SEED_TXT], BatchOptions(out=out, progress=False))
    return out


@pytest.mark.parametrize("table,rows", [("documents", 1), ("projects", 11), ("indicators", 84)])
def test_same_row_counts_everywhere(out, table, rows):
    assert len(pd.read_parquet(out / table)) == rows
    assert sql(f"select count(*) from read_parquet('{out}/{table}/*.parquet')")[0][0] == rows
    assert ds.dataset(out / table, format="parquet").count_rows() == rows
    assert pl.read_parquet(f"{out}/{table}/*.parquet").height == rows


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_columns_and_types_are_the_schema(out, table):
    assert ds.dataset(out / table, format="parquet").schema.remove_metadata() == SCHEMAS[table]


def test_money_is_exact_decimal_and_dates_are_dates(out):
    projects = sql(
        f"select project_no, total_funds, plan_end from read_parquet('{out}/projects/*.parquet') order by project_no"
    )
    assert str(projects[4][1]) == "1130000.00"
    assert projects[4][2].isoformat() == "2026-12-31"
    total = sql(f"select sum(annual_request) from read_parquet('{out}/projects/*.parquet')")[0][0]
    assert str(total) == "8476800.00"  # the declared 847.68万元, to the cent


def test_schema_doc_lists_every_column():
    from conftest import ROOT

    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    for table, schema in SCHEMAS.items():
        assert f"## {table}" in doc
        for field in schema:
            assert f"`{field.name}`" in doc, f"{table}.{field.name} missing from docs/schema.md"
