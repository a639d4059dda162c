#!/usr/bin/env python3
"""Lay the checkout out as the installed package, for type checkers, import-linter and IDEs.

    python scripts/link_package.py          # makes build/package/budget_declarations/

The wheel installs the top-level folders (extract/, parse/, …) as subpackages of
`budget_declarations`, following `[tool.setuptools.package-dir]` in pyproject.toml; an editable
install (`pip install -e .`) does the same at run time through an import hook that setuptools
writes.  Static tools cannot run an import hook, so this script reads that same mapping and makes
a tree of symbolic links with the installed layout: `build/package/budget_declarations/extract ->
../../../extract` and so on.  The links point at the folders, so a module added to `extract/` is
seen at once; only a new mapped folder or a new file directly in budget_declarations/ needs the
script again.
`[tool.mypy] mypy_path` and `[tool.pyright] extraPaths` name the tree; `.ci/run` remakes it.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "budget_declarations"
TREE = ROOT / "build" / "package"


def mapping(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, Path]:
    """Each subpackage's folder in the checkout, as pyproject.toml maps it (the package itself is
    the folder of its own name)."""
    with pyproject.open("rb") as fh:
        package_dir = tomllib.load(fh)["tool"]["setuptools"]["package-dir"]
    return {name: ROOT / folder for name, folder in package_dir.items()}


def link_tree(tree: Path = TREE) -> Path:
    """(Re)make `tree/budget_declarations` and return it: links to the package's own files and
    to every mapped folder, all relative, so the checkout can move."""
    target = tree / PACKAGE
    if target.exists() or target.is_symlink():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for item in sorted((ROOT / PACKAGE).iterdir()):
        if item.name != "__pycache__":
            os.symlink(os.path.relpath(item, target), target / item.name)
    for name, folder in sorted(mapping().items()):
        parent, _, child = name.rpartition(".")
        if parent != PACKAGE:
            raise SystemExit(f"{name}: only direct subpackages of {PACKAGE} are mapped")
        os.symlink(os.path.relpath(folder, target), target / child, target_is_directory=True)
    return target


if __name__ == "__main__":
    print(link_tree().relative_to(ROOT))
