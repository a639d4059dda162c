"""Shared fixtures: the seed, its hand-checked expected values, and one pipeline run over it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TXT = SAMPLES / "000_3be96d4e675c0c12.txt"
EXPECTED_JSON = FIXTURES / "000_3be96d4e675c0c12.expected.json"


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads(EXPECTED_JSON.read_text(encoding="utf-8"))
