"""Amount cells as real forms print them (元 unless a unit is written), read by hand."""
from decimal import Decimal as D

import pytest

from budget_declarations.normalize.numbers import parse_amount


@pytest.mark.parametrize("cell,yuan", [
    ("264.640000", D("264.64")),
    ("4,902.34", D("4902.34")),
    ("1 234 567.00", D("1234567.00")),  # thousands groups set off by spaces
    ("26 4.64", D("264.64")),  # a gap OCR put inside a number
    ("81562.56万元", D("815625600.00")),
    ("—", None),
    # the text layer lost the decimal point (北京 2026, a merged cell cut by the page's end): joined,
    # `264 640000` would read a million times too much; no reading beats a wrong one
    ("264 640000", None),
    ("1 500000.00", None),
])
def test_amount_cells(cell, yuan):
    assert parse_amount(cell) == yuan
