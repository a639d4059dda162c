"""The printed labels of the forms, and the key they are compared by.

Domain vocabulary shared by the parser and by readers that repair tables (a PDF reader must know
that `其中：财政资金` is a whole label and not half of one; OCR repair snaps a misread label to
the nearest one).  The labels are those of every layout description in parse/templates, so a
layout added there is known to the readers too.
"""
from __future__ import annotations

from budget_declarations.normalize.text import column_key, label_key
from budget_declarations.parse.templates import ALL_COLUMNS, ALL_FIELDS, ALL_GOALS

# Printed labels (whitespace, "其中：", "(元)" and colons removed) -> field.
FIELD_LABELS: dict[str, str] = dict(ALL_FIELDS)
GOAL_LABELS: dict[str, str] = dict(ALL_GOALS)
# Column headers of indicator tables (compared by column_key: no trailing note) -> role.
COLUMN_LABELS: dict[str, str] = dict(ALL_COLUMNS)

__all__ = ["COLUMN_LABELS", "FIELD_LABELS", "GOAL_LABELS", "column_key", "label_key"]
