"""The seed's content rendered as HTML-table and pipe-table Markdown gives the seed's rows."""
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLES, SEED_TXT
from expected_compare import comparable, mismatches, rows_for

RENDERINGS = ["000_seed_html.md", "000_seed_pipe.md"]


@pytest.mark.parametrize("name", RENDERINGS)
def test_rendering_matches_seed_rows(name):
    seed = rows_for(SEED_TXT)
    rendered = rows_for(SAMPLES / name)
    assert comparable(rendered, "projects") == comparable(seed, "projects")
    assert comparable(rendered, "indicators") == comparable(seed, "indicators")


@pytest.mark.parametrize("name", RENDERINGS)
def test_rendering_matches_expected(name, expected):
    assert mismatches(rows_for(SAMPLES / name), expected) == []


def test_committed_renderings_are_what_the_script_makes(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "render_samples.py"), "--out", str(tmp_path)], check=True)
    for name in RENDERINGS:
        assert (tmp_path / name).read_text(encoding="utf-8") == (SAMPLES / name).read_text(encoding="utf-8")
