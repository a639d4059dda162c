"""budget-declarations: Chinese budget performance declarations into analysis-ready tables.

The one import name the distribution installs.  Its parts are the repository's top-level folders
(`extract`, `normalize`, `parse`, `vocabulary`, `outputs`, `pipeline`, `checks`), installed as subpackages of
this package (pyproject.toml maps them), so nothing generic such as `parse` lands in
site-packages.  In a source checkout the folders stay where they are and this package finds them
beside itself.

    import budget_declarations as bd
    t = bd.load("outputs/data")    # or bd.read("archive/") — see budget_declarations.api
"""
from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if (_ROOT / "pyproject.toml").is_file() and (_ROOT / "extract" / "__init__.py").is_file():
    __path__.append(str(_ROOT))  # a source checkout: the subpackages are the top-level folders

__all__ = ["Tables", "load", "read"]


def __getattr__(name: str):
    """read / load / Tables without importing pandas until they are used."""
    if name in __all__:
        from budget_declarations import api

        return getattr(api, name)
    raise AttributeError(name)
