"""budget-declarations: Chinese budget performance declarations into analysis-ready tables.

The one import name the distribution installs.  Its parts are the repository's top-level folders
(`extract`, `normalize`, `parse`, `vocabulary`, `outputs`, `pipeline`, `checks`), installed as subpackages of
this package (`[tool.setuptools.package-dir]` in pyproject.toml maps them), so nothing generic
such as `parse` lands in site-packages.  In a source checkout `pip install -e .` serves the same
mapping at run time, and `scripts/link_package.py` lays it out as links for type checkers
(README, "How the folders become one package").  Nothing here extends `__path__`: only the mapped
folders are part of the package, never the rest of the repository.

    import budget_declarations as bd
    t = bd.load("outputs/data")    # or bd.read("archive/") — see budget_declarations.api
"""
from __future__ import annotations

from typing import Any

__all__ = ["Tables", "load", "read"]


def __getattr__(name: str) -> Any:
    """read / load / Tables without importing pandas until they are used."""
    if name in __all__:
        from budget_declarations import api

        return getattr(api, name)
    raise AttributeError(name)
