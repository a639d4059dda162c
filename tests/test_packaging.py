"""The installed distribution: one import name (issue 15: beside PyPI's `parse`, both import), and a
command that behaves like a tool (issue 25: output under the working directory, never inside the
installed package; no INPUT is a one-line usage error).

Building the wheel fetches setuptools into pip's isolated build environment: `network`."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEED_TXT

pytestmark = pytest.mark.network


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=600)
    (path,) = out.glob("budget_declarations-*.whl")
    return path


def test_the_wheel_holds_one_top_level_package(wheel):
    with zipfile.ZipFile(wheel) as zf:
        tops = {name.split("/")[0] for name in zf.namelist()}
        names = zf.namelist()
    assert {t for t in tops if not t.endswith(".dist-info")} == {"budget_declarations"}
    assert "budget_declarations/vocabulary/layouts/shanghai.toml" in names
    assert "budget_declarations/vocabulary/words.toml" in names


def test_installed_beside_pypi_parse_both_import(wheel, tmp_path):
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # the dependencies (pandas, pyarrow …) from this environment, without downloading them again
    with open(f"{site}/zz_deps.pth", "w") as fh:
        fh.write(sysconfig.get_paths()["purelib"] + "\n")
    got = subprocess.run([str(python), "-m", "pip", "install", "-q", "parse"], capture_output=True, text=True, timeout=300)
    if got.returncode != 0:
        pytest.skip(f"PyPI not reachable: {got.stderr.strip()[:200]}")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True,
                   capture_output=True, timeout=300)
    check = ("import parse, budget_declarations as bd; "
             "from budget_declarations.parse.declarations import parse_declaration; "
             "from budget_declarations.extract.text import parse_text; "
             "assert parse.parse('{}年', '2026年')[0] == '2026'; "
             "from budget_declarations.vocabulary import default; assert len(default().layouts) >= 8; "
             "d = parse_declaration(parse_text('项目名称\\t甲\\t项目类别\\t其他\\n一级指标\\t二级指标\\t三级指标\\t指标值\\n"
             "产出指标\\t数量指标\\t件数\\t≥3个\\n')); "
             "assert d.projects[0].form.fields['project_name'] == '甲'; print('ok', parse.__file__)")
    result = subprocess.run([str(python), "-c", check], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "site-packages/parse" in result.stdout


def _venv_with_the_wheel(wheel: Path, env: Path) -> tuple[Path, Path]:
    """A fresh venv holding the wheel (no pip of its own: this environment's pip installs into it)
    whose dependencies come from this environment through a .pth; its bin/ and site-packages."""
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    return env / "bin", site


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_the_installed_command_writes_under_the_working_directory(wheel, tmp_path):
    bin_dir, site = _venv_with_the_wheel(wheel, tmp_path / "venv")
    assert (site / "budget_declarations" / "extract" / "pdf.py").is_file()
    work = tmp_path / "work"
    work.mkdir()
    before = _files(site)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    run = subprocess.run([str(bin_dir / "budget-declarations"), str(SEED_TXT), "--workers", "1", "--quiet"],
                         cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "projects: 11" in run.stdout
    tables = work / "outputs" / "data"
    for name in ("documents", "projects", "indicators", "checks"):
        assert list((tables / name).glob("*.parquet")), name
    assert _files(site) == before  # nothing written inside the installed package (nor beside it)

    usage = subprocess.run([str(bin_dir / "budget-declarations")], cwd=work, env=env, capture_output=True,
                           text=True, timeout=300)
    assert usage.returncode == 2
    assert usage.stdout == ""
    lines = usage.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("budget-declarations: error: no INPUT"), usage.stderr
